"""The relational view of the dataset: one specification of every table, its columns, keys and
rows, from which every export format is written and the records can be rebuilt.

Tables join on ``meeting_id``, ``person_id``, ``organization_id`` and ``topic_id``; list fields
become child tables with a ``position`` column so order survives. ``events`` is derived, not
stored: CAMEO and PLOVER rows computed from each meeting's kind and direction (see EVENT_CODES).
"""
from __future__ import annotations

import sys
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any, Callable, Iterable

from .isocodes import COUNTRIES, LANGUAGES
from .models import GULF_COUNTRIES, VOCABULARIES, Meeting

if TYPE_CHECKING:  # pragma: no cover
    from .dataset import Dataset


@dataclass(frozen=True)
class Column:
    name: str
    type: str  # Table Schema types: string, integer, date
    description: str
    required: bool = False
    values: tuple[str, ...] = ()
    """The terms a vocabulary column takes (empty: any text): a Data Package's ``enum`` and a
    SQLite ``CHECK``, so that a row added by hand is held to the model's vocabulary too."""


@dataclass(frozen=True)
class Table:
    name: str
    description: str
    columns: tuple[Column, ...]
    primary_key: tuple[str, ...]
    rows: Callable[["Dataset"], Iterable[tuple]]
    foreign_keys: tuple[tuple[tuple[str, ...], str, tuple[str, ...]], ...] = field(default=())

    @property
    def column_names(self) -> list[str]:
        return [c.name for c in self.columns]


def _s(name: str, description: str, required: bool = False, values: Iterable[str] = ()) -> Column:
    return Column(name, "string", description, required, tuple(values))


def _i(name: str, description: str, required: bool = False) -> Column:
    return Column(name, "integer", description, required)


def _d(name: str, description: str, required: bool = False) -> Column:
    return Column(name, "date", description, required)


MEETING = (("meeting_id",), "meetings", ("id",))


def _country(column: str) -> tuple[tuple[str, ...], str, tuple[str, ...]]:
    return (column,), "countries", ("code",)


POSITION = _i("position", "Order within the record's list, from 0.", True)


def _meetings(ds: "Dataset") -> Iterable[tuple]:
    for m in _all(ds):
        d, loc, w, c = m.date, m.location, m.withdrawal, m.curation
        yield (m.id, m.status, m.title, m.summary, d.value, d.value.year, d.precision, d.basis, d.earliest, d.latest,
               d.note, m.edtf, m.visit, m.kind, m.session_number, m.gulf_country, m.visiting_country, m.host_country,
               loc.country, loc.city, loc.city_basis, loc.note, w.reason if w else None,
               w.withdrawn_on if w else None, w.replaced_by if w else None, c.added_by, c.added_on, c.reviewed_by,
               c.reviewed_on)


def _countries_named(ds: "Dataset") -> list[str]:
    """Every country a meeting (withdrawn ones too, which the meetings table holds) or an office names."""
    named = {code for m in _all(ds) for code in (*m.countries, m.visiting_country, m.host_country, m.location.country,
                                                 *(p.country for p in m.participants))}
    named |= {o.country for p in ds.people.values() for o in p.offices}
    return sorted(named - {None})


def _all(ds: "Dataset") -> list[Meeting]:
    return [*ds.meetings, *ds.withdrawn]


def _children(attribute: str, fields: Callable[[Any], tuple]) -> Callable[["Dataset"], Iterable[tuple]]:
    def rows(ds: "Dataset") -> Iterable[tuple]:
        for m in _all(ds):
            for position, item in enumerate(getattr(m, attribute) or []):
                yield (m.id, position, *fields(item))
    return rows


def _readings(ds: "Dataset") -> Iterable[tuple]:
    for m in _all(ds):
        for number, disagreement in enumerate(m.disagreements):
            for position, r in enumerate(disagreement.readings):
                yield m.id, number, position, r.value, " ".join(r.sources) or None, r.reported_by, r.note


# --- event codes ----------------------------------------------------------------------------
# CAMEO 040 consult, 041 discuss by telephone, 042 make a visit, 043 host a visit, 044 meet at a
# third location. PLOVER files all of these under CONSULT; the mode names below are ours and
# say which of those situations the row describes.
EVENT_CODES = {
    "visit": ("042", "Make a visit", "CONSULT", "visit"),
    "host": ("043", "Host a visit", "CONSULT", "host"),
    "phone": ("041", "Discuss by telephone", "CONSULT", "phone"),
    "third": ("044", "Meet at a 'third' location", "CONSULT", "third-party location"),
    "consult": ("040", "Consult, not specified", "CONSULT", "unspecified"),
}


def _codes(index: int) -> list[str]:
    """One column of EVENT_CODES, each value once, in order."""
    return list(dict.fromkeys(codes[index] for codes in EVENT_CODES.values()))


def event_rows(m: Meeting) -> list[tuple[str, str, str]]:
    """(source country, target country, situation) for each directed row of one meeting."""
    a, b = m.countries
    if m.kind == "phone_call":
        return [(a, b, "phone"), (b, a, "phone")]  # who called whom is rarely reported
    if m.kind == "video_conference":
        return [(a, b, "consult"), (b, a, "consult")]
    host, visitor = m.host_country, m.visiting_country
    if host in m.countries and visitor in m.countries and host != visitor:
        return [(visitor, host, "visit"), (host, visitor, "host")]
    if m.location.country and m.location.country not in m.countries:
        return [(a, b, "third"), (b, a, "third")]
    return [(a, b, "consult"), (b, a, "consult")]


def _events(ds: "Dataset") -> Iterable[tuple]:
    for m in ds.meetings:  # withdrawn records are not events
        for position, (source, target, situation) in enumerate(event_rows(m)):
            cameo, label, plover, mode = EVENT_CODES[situation]
            yield (m.id, position, m.date.value, m.date.precision, source, target, cameo, label, plover, mode,
                   m.location.country)


TABLES: tuple[Table, ...] = (
    Table("meetings", "One row per meeting record, active or withdrawn.", (
        _s("id", "Stable record id, YYYY-MM-DD-slug; never reused.", True),
        _s("status", "active or withdrawn.", True, VOCABULARIES["status"]),
        _s("title", "Curators' title.", True),
        _s("summary", "Curators' summary in their own words.", True),
        _d("date", "Best-supported date of the meeting.", True),
        _i("year", "Year of the date (the Parquet partition).", True),
        _s("date_precision", "day, month or year.", True, VOCABULARIES["date_precision"]),
        _s("date_basis", "stated, publication_date or derived.", True, VOCABULARIES["date_basis"]),
        _d("date_earliest", "Earliest possible date when uncertain."),
        _d("date_latest", "Latest possible date when uncertain."),
        _s("date_note", "How the date was established."),
        _s("edtf", "The date as EDTF (ISO 8601-2); '?' marks an unstated date.", True),
        _s("visit", "Groups the meetings of one trip."),
        _s("kind", "Kind of contact (controlled vocabulary).", True, VOCABULARIES["kind"]),
        _i("session_number", "Number of the commission session or consultation round, as the sources give it."),
        _s("gulf_country", "ISO 3166-1 alpha-3 code of the Gulf state.", True, GULF_COUNTRIES),
        _s("visiting_country", "Alpha-3 code of the visiting side, if any.", values=VOCABULARIES["country"]),
        _s("host_country", "Alpha-3 code of the hosting country, if any.", values=COUNTRIES),
        _s("location_country", "Alpha-3 code of the country where it took place.", values=COUNTRIES),
        _s("location_city", "City, only where a cited source names it."),
        _s("location_city_basis", "stated or derived.", values=VOCABULARIES["fact_basis"]),
        _s("location_note", "Notes on the place."),
        _s("withdrawal_reason", "Why a withdrawn record no longer counts."),
        _d("withdrawn_on", "When it was withdrawn."),
        _s("replaced_by", "Id of the record that replaces it."),
        _s("added_by", "Curator handle.", True),
        _d("added_on", "Date the record was added.", True),
        _s("reviewed_by", "Last reviewer's handle."),
        _d("reviewed_on", "Date of the last review."),
    ), ("id",), _meetings, ((("replaced_by",), "meetings", ("id",)), _country("gulf_country"),
                            _country("visiting_country"), _country("host_country"), _country("location_country"))),
    Table("participants", "People at each meeting, with the office held that day.", (
        _s("meeting_id", "The meeting.", True), POSITION,
        _s("person_id", "The person (people.id).", True),
        _s("office", "Office held at the time, as sources give it.", True),
        _s("country", "Alpha-3 code of the side the person represents.", True, VOCABULARIES["country"]),
        _s("side", "visiting, hosting or neither.", True, VOCABULARIES["side"]),
        _s("on_behalf_of", "people.id of whom the person represented, where stated."),
    ), ("meeting_id", "position"), _children("participants", lambda p: (p.person, p.office, p.country, p.side,
                                                                        p.on_behalf_of)),
        (MEETING, (("person_id",), "people", ("id",)), (("on_behalf_of",), "people", ("id",)), _country("country"))),
    Table("meeting_formats", "Formats of each meeting, in the order they happened.", (
        _s("meeting_id", "The meeting.", True), POSITION, _s("format", "Format (controlled vocabulary).", True, VOCABULARIES["format"]),
    ), ("meeting_id", "position"), _children("format", lambda f: (f,)), (MEETING,)),
    Table("meeting_topics", "Topics discussed at each meeting.", (
        _s("meeting_id", "The meeting.", True), POSITION, _s("topic_id", "The topic (topics.id).", True),
    ), ("meeting_id", "position"), _children("topics", lambda t: (t,)), (MEETING, (("topic_id",), "topics", ("id",)))),
    Table("meeting_organizations", "Organizations each meeting refers to.", (
        _s("meeting_id", "The meeting.", True), POSITION,
        _s("organization_id", "The organization (organizations.id).", True),
    ), ("meeting_id", "position"), _children("organizations", lambda o: (o,)),
        (MEETING, (("organization_id",), "organizations", ("id",)))),
    Table("related_events", "Anniversaries, sessions, chairmanships, past events and the occasion a meeting refers to.", (
        _s("meeting_id", "The meeting.", True), POSITION,
        _s("type", "anniversary, upcoming_session, upcoming_event, chairmanship, past_event, or occasion "
               "(the event the meeting was held at or for).", True, VOCABULARIES["related_event_type"]),
        _s("name", "Curators' short name for the event.", True),
        _i("ordinal", "30 for a 30th anniversary, 3 for a third session."),
        _i("year", "Year of the event, where known."),
        _s("year_basis", "stated or derived.", values=VOCABULARIES["fact_basis"]),
        _d("date", "Date of the event, where known."),
        _s("organization_id", "Organization concerned (organizations.id)."),
        _s("place", "Place of the event, where stated."),
        _s("note", "Notes."),
    ), ("meeting_id", "position"), _children("related_events", lambda e: (e.type, e.name, e.ordinal, e.year,
                                                                          e.year_basis, e.date, e.organization,
                                                                          e.place, e.note)),
        (MEETING, (("organization_id",), "organizations", ("id",)))),
    Table("sources", "Public reports each record rests on.", (
        _s("meeting_id", "The meeting.", True), POSITION,
        _s("url", "Address of the report (https).", True),
        _s("publisher", "Publisher of the report.", True),
        _d("published", "The page's own date; empty when it shows none."),
        _s("language", "ISO 639-1 code of the report's language.", True, LANGUAGES),
        _s("cites", "Body the report relies on (organizations.id)."),
        _s("archived_url", "Address of an archived copy."),
        _s("note", "What this source supports."),
    ), ("meeting_id", "position"), _children("sources", lambda s: (s.url, s.publisher, s.published, s.language,
                                                                   s.cites, s.archived_url, s.note)),
        (MEETING, (("cites",), "organizations", ("id",)))),
    Table("disagreements", "Facts on which sources differ: the record's field, the reading it keeps and why.", (
        _s("meeting_id", "The meeting.", True), POSITION,
        _s("field", "The record's field the sources disagree on, e.g. date.value or participants[1].office.", True),
        _s("kept", "The reading the record keeps (its field holds it); empty when it keeps none."),
        _s("why", "Why the record keeps that reading.", True),
    ), ("meeting_id", "position"), _children("disagreements", lambda d: (d.field, d.kept, d.why)), (MEETING,)),
    Table("disagreement_readings", "What the sources say of each fact in disagreements, one row per reading.", (
        _s("meeting_id", "The meeting.", True),
        _i("disagreement", "The disagreement (disagreements.position).", True), POSITION,
        _s("value", "The fact as these sources give it.", True),
        _s("sources", "Addresses of the record's sources that give it, separated by spaces (an address holds none)."),
        _s("reported_by", "Who gives it where the page is not among the record's sources."),
        _s("note", "How the sources put it, where the value is the record's form of their words."),
    ), ("meeting_id", "disagreement", "position"), _readings,
        (MEETING, (("meeting_id", "disagreement"), "disagreements", ("meeting_id", "position")))),
    Table("people", "People registry.", (
        _s("id", "Person id.", True), _s("name", "Most common English spelling.", True),
        _s("wikidata", "Verified Wikidata item."),
    ), ("id",), lambda ds: ((p.id, p.name, p.wikidata) for p in ds.people.values())),
    Table("person_name_variants", "Other spellings of each person's name.", (
        _s("person_id", "The person.", True), POSITION, _s("name", "A spelling seen in sources.", True),
    ), ("person_id", "position"), lambda ds: ((p.id, i, n) for p in ds.people.values()
                                              for i, n in enumerate(p.name_variants)),
        ((("person_id",), "people", ("id",)),)),
    Table("person_offices", "Offices each person held, with dates where sources give them.", (
        _s("person_id", "The person.", True), POSITION, _s("title", "The office.", True),
        _s("country", "Alpha-3 code of the country.", True, COUNTRIES), _d("start", "Start, where stated."),
        _d("end", "End, where stated."),
    ), ("person_id", "position"), lambda ds: ((p.id, i, o.title, o.country, o.start, o.end) for p in ds.people.values()
                                              for i, o in enumerate(p.offices)),
        ((("person_id",), "people", ("id",)), _country("country"))),
    Table("organizations", "Organizations registry.", (
        _s("id", "Organization id.", True), _s("name", "Name.", True), _s("acronym", "Acronym."),
        _s("kind", "Kind of body.", True, VOCABULARIES["organization_kind"]), _s("parent", "Parent organization (organizations.id)."),
    ), ("id",), lambda ds: ((o.id, o.name, o.acronym, o.kind, o.parent) for o in ds.organizations.values()),
        ((("parent",), "organizations", ("id",)),)),
    Table("topics", "Topics registry.", (
        _s("id", "Topic id.", True), _s("label", "Label.", True), _s("category", "sector, issue, relations or multilateral.", True, VOCABULARIES["topic_category"]),
        _s("definition", "What the topic covers.", True),
    ), ("id",), lambda ds: ((t.id, t.label, t.category, t.definition) for t in ds.topics.values())),
    Table("events", "Derived dyadic event rows (CAMEO and PLOVER) for active meetings.", (
        _s("meeting_id", "The meeting.", True), POSITION, _d("date", "Date of the meeting.", True),
        _s("date_precision", "day, month or year.", True, VOCABULARIES["date_precision"]),
        _s("source_country", "Alpha-3 code of the acting side.", True, VOCABULARIES["country"]),
        _s("target_country", "Alpha-3 code of the other side.", True, VOCABULARIES["country"]),
        _s("cameo_code", "CAMEO event code.", True, _codes(0)), _s("cameo_label", "CAMEO event label.", True, _codes(1)),
        _s("plover_event", "PLOVER event type.", True, _codes(2)),
        _s("plover_mode", "Situation of the consultation.", True, _codes(3)),
        _s("location_country", "Alpha-3 code of where it took place.", values=COUNTRIES),
    ), ("meeting_id", "position"), _events, (MEETING, _country("source_country"), _country("target_country"),
                                             _country("location_country"))),
    Table("countries", "The countries the records name, by ISO 3166-1: a name to join to every country code.", (
        _s("code", "ISO 3166-1 alpha-3 code.", True, COUNTRIES), _s("alpha_2", "ISO 3166-1 alpha-2 code.", True),
        _s("name", "ISO 3166-1 name.", True),
    ), ("code",), lambda ds: ((code, COUNTRIES[code][1], COUNTRIES[code][0]) for code in _countries_named(ds))),
)

TABLE_BY_NAME = {t.name: t for t in TABLES}


def table_rows(dataset: "Dataset") -> dict[str, list[tuple]]:
    return {t.name: list(t.rows(dataset)) for t in TABLES}


def country_name(code: str | None) -> str | None:
    """ISO 3166-1's name of any country a record names (a third country too: "United States")."""
    return COUNTRIES[code][0] if code else None


# --- rebuilding records from the tables -----------------------------------------------------


def _date(value: Any) -> date | None:
    if value is None or value != value:  # None or NaN
        return None
    if isinstance(value, date) and not hasattr(value, "hour"):
        return value
    if hasattr(value, "date"):  # pandas Timestamp, datetime
        return value.date()
    return date.fromisoformat(str(value)[:10])


def _clean(value: Any) -> Any:
    if value is None or (isinstance(value, float) and value != value):
        return None
    pandas = sys.modules.get("pandas")  # pd.NA can only appear if the rows came from pandas
    if pandas is not None and value is pandas.NA:
        return None
    return int(value) if hasattr(value, "is_integer") and not isinstance(value, (bool, str)) else value


def records_from_tables(tables: dict[str, list[dict]]) -> list[Meeting]:
    """Rebuild the meeting records from the relational tables (rows as dicts): the proof that
    the tables lose nothing. Accepts ISO strings, dates or pandas timestamps for dates."""
    by_meeting: dict[str, dict[str, list]] = {}
    for name in ("participants", "meeting_formats", "meeting_topics", "meeting_organizations", "related_events",
                 "sources", "disagreements", "disagreement_readings"):
        for row in sorted(tables.get(name, []), key=lambda r: (r["meeting_id"], _clean(r["position"]))):
            by_meeting.setdefault(row["meeting_id"], {}).setdefault(name, []).append(
                {k: _clean(v) for k, v in row.items()})
    meetings = []
    for row in tables["meetings"]:
        r = {k: _clean(v) for k, v in row.items()}
        kids = by_meeting.get(r["id"], {})
        record: dict[str, Any] = {
            "id": r["id"], "status": r["status"], "title": r["title"], "summary": r["summary"],
            "date": {k: v for k, v in {"value": _date(r["date"]), "precision": r["date_precision"],
                                       "basis": r["date_basis"], "earliest": _date(r["date_earliest"]),
                                       "latest": _date(r["date_latest"]), "note": r["date_note"]}.items()
                     if v is not None},
            "visit": r["visit"], "kind": r["kind"], "session_number": r["session_number"],
            "countries": ["AZE", r["gulf_country"]],
            "visiting_country": r["visiting_country"], "host_country": r["host_country"],
            "location": {"country": r["location_country"], "city": r["location_city"],
                         "city_basis": r["location_city_basis"], "note": r["location_note"]},
            "format": [f["format"] for f in kids["meeting_formats"]] if "meeting_formats" in kids else None,
            "participants": [{"person": p["person_id"], "office": p["office"], "country": p["country"],
                              "side": p["side"], "on_behalf_of": p["on_behalf_of"]} for p in kids.get("participants", [])],
            "topics": [t["topic_id"] for t in kids.get("meeting_topics", [])],
            "organizations": [o["organization_id"] for o in kids.get("meeting_organizations", [])],
            "related_events": [{"type": e["type"], "name": e["name"], "ordinal": e["ordinal"], "year": e["year"],
                                "year_basis": e["year_basis"], "date": _date(e["date"]),
                                "organization": e["organization_id"], "place": e["place"], "note": e["note"]}
                               for e in kids.get("related_events", [])],
            "sources": [{"url": s["url"], "publisher": s["publisher"], "published": _date(s["published"]),
                         "language": s["language"], "cites": s["cites"], "archived_url": s["archived_url"],
                         "note": s["note"]} for s in kids.get("sources", [])],
            "disagreements": _disagreements(kids),
            "curation": {"added_by": r["added_by"], "added_on": _date(r["added_on"]),
                         "reviewed_by": r["reviewed_by"], "reviewed_on": _date(r["reviewed_on"])},
            "withdrawal": {"reason": r["withdrawal_reason"], "withdrawn_on": _date(r["withdrawn_on"]),
                           "replaced_by": r["replaced_by"]} if r["withdrawal_reason"] else None,
        }
        meetings.append(Meeting.model_validate(record))
    return meetings


def _disagreements(kids: dict[str, list[dict]]) -> list[dict]:
    readings: dict[int, list[dict]] = {}
    for r in kids.get("disagreement_readings", []):
        readings.setdefault(r["disagreement"], []).append(
            {"value": r["value"], "sources": r["sources"].split(" ") if r["sources"] else [],
             "reported_by": r["reported_by"], "note": r["note"]})
    return [{"field": d["field"], "readings": readings.get(d["position"], []), "kept": d["kept"], "why": d["why"]}
            for d in kids.get("disagreements", [])]
