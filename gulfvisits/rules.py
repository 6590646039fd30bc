"""The checks that need two values, two files or today's date, which JSON Schema cannot express.

Structural rules live in the models (and so in the generated JSON Schema); everything here runs
after a record has passed its model, except the reference check of a record it refused
(``Rules.refused``). To add a rule: add a check to ``Rules.meeting`` (one file, the
registries and today) or ``Rules.across`` (every meeting's ``Summary``), give it a ``rule.*`` code,
and pin its message with a file in ``tests/invalid/``.
"""
from __future__ import annotations

import calendar
import os
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any, Callable, Iterable
from urllib.parse import urlsplit, urlunsplit

from . import disagreements, models
from .errors import RecordError, field_path, record_id_of
from .explain import closest, quoted
from .models import Meeting
from .names import spellings, suggest
from .yamlio import Document, Loc

if TYPE_CHECKING:
    from .validate import Parsed

Summary = list
"""What the rules across files read of a meeting: [id, status, kind, countries, date, persons,
replaced_by], plain JSON data. An array, not an object: the cache holds 10^4 of them, and an
array of seven values loads about twice as fast as an object with seven keys (measured). A
list rather than a tuple, so that a summary equals itself after a trip through the cache."""


def summary_of(m: Meeting) -> Summary:
    return [m.id, m.status, m.kind, m.countries, m.date.value.isoformat(), [p.person for p in m.participants],
            m.withdrawal.replaced_by if m.withdrawal else None]


def _first_possible_day(d: models.MeetingDate) -> date | None:
    """The earliest day the meeting can have happened: ``earliest`` when given, else ``value``
    (the first day of its month or year), except that a date known only from a page's
    publication bounds the meeting from above, not from below."""
    if d.earliest is not None:
        return d.earliest
    return None if d.basis == "publication_date" else d.value


def _last_possible_day(d: models.MeetingDate) -> date:
    """The latest day the meeting can have happened: ``latest`` when given, else the last day
    of the day, month or year that ``value`` names (a page's date is the last day, too)."""
    return d.latest if d.latest is not None else models.period_end(d.value, d.precision)


VISIT_SLACK = timedelta(days=31)
"""How far a meeting may lie outside the month its visit's id names (``2025-04-...``): a visit
that began on the 30th goes on into the next month, and a curator may have named it by the
month of its main meeting. A record copied as a template keeps another visit's id, months or
years off, and is caught."""


def _visit_began(visit: str) -> tuple[date, date, str] | None:
    """The first and last day of the month (or year) that a visit id starts with, and its name;
    None for a month or year the calendar lacks (``2025-13-...``, ``0000-...``), which the id's
    pattern lets through."""
    year, rest = int(visit[:4]), visit[5:7]
    try:
        if rest.isdigit():
            began = date(year, int(rest), 1)
            return began, models.period_end(began, "month"), f"{calendar.month_name[began.month]} {year}"
        began = date(year, 1, 1)
    except ValueError:  # a month or year the calendar lacks
        return None
    return began, models.period_end(began, "year"), str(year)


def _truncate(value: date, precision: str) -> date:
    if precision == "day":
        return value
    return value.replace(day=1) if precision == "month" else value.replace(month=1, day=1)


REFERENCES = {
    "meetings": ((("participants", "*", "person"), "people"), (("participants", "*", "on_behalf_of"), "people"),
                 (("topics", "*"), "topics"), (("organizations", "*"), "organizations"),
                 (("related_events", "*", "organization"), "organizations"), (("sources", "*", "cites"), "organizations")),
    "organizations": ((("parent",), "organizations"),),
}
"""Where a record names a registry entry: (path, registry), where ``*`` is every item of a list.
``Rules.meeting`` and ``registry_references`` look these up on the models, inline for speed;
``Rules.refused`` reads them from here, in the raw data of a record its model refused."""

_REGISTRY_OF_FIELD = {".".join(part for part in path if part != "*"): registry
                      for path, registry in REFERENCES["meetings"]}
"""``participants.person``: ``people``, ``organizations``: ``organizations``, ...: the registry
whose id a meeting's field holds, for a disagreement's reading of it (``Rules.kept_is_held``)."""
_SPELLING_HINT = {
    "people": "add the spelling the record keeps to the person's name_variants",
    "organizations": "write the reading as the organizations registry spells it: its id, name or acronym",
    "topics": "write the reading as the topics registry spells it: its id or label",
}


def _texts_at(data: Any, path: tuple, loc: Loc = ()) -> Iterable[tuple[Loc, str]]:
    """(position, value) of each text at ``path`` in raw data of any shape."""
    if not path:
        if isinstance(data, str):
            yield loc, data
    elif path[0] == "*":
        for index, item in enumerate(data if isinstance(data, list) else ()):
            yield from _texts_at(item, path[1:], (*loc, index))
    elif isinstance(data, dict) and path[0] in data:
        yield from _texts_at(data[path[0]], path[1:], (*loc, path[0]))


@dataclass
class Withheld:
    """What a registry's own errors keep from the rules: the entries their model refused, and
    the registries that could not be read at all (missing, unparsable, not a list).

    A reference to a withheld entry is not dangling: the registry's error is the one to fix. One
    duplicate key in people.yaml used to add a false dangling reference to every participant of
    the packaged tree, 390 errors around the one that mattered.
    """

    entries: list[tuple[str, Document, Loc, list[RecordError]]] = field(default_factory=list)
    """(registry, document, the entry's position in it, the model's errors about the entry)"""
    registries: set[str] = field(default_factory=set)


def stand_in(registry: str, ident: str, data: dict) -> models.Person | models.Organization | models.Topic:
    """A refused registry entry as a hint sees it: its id, and those of its spellings that are
    text. Only an entry whose id its model accepted gets one (``Rules.over_registries``), so a
    hint never offers an id written wrong.

    A reference to a refused entry is withheld, but a name written where its id belongs
    (``person: Jeyhun Bayramov`` while his entry is refused) had no hint, since hints looked only
    at the entries that passed; the contributor learnt the id once the entry was fixed, one run
    later. Built without validation (``model_construct``): the model refused this entry."""
    model = models.REGISTRY_MODELS[registry]

    def text(key: str) -> str | None:
        return data[key] if isinstance(data.get(key), str) else None

    if model is models.Topic:
        return model.model_construct(id=ident, label=text("label") or ident)
    if model is models.Organization:
        return model.model_construct(id=ident, name=text("name") or ident, acronym=text("acronym"))
    variants = data.get("name_variants")
    variants = [v for v in variants if isinstance(v, str)] if isinstance(variants, list) else []
    return model.model_construct(id=ident, name=text("name") or ident, name_variants=variants)


def refused_ids(listed: Iterable[str], summarised: set[str], raw_id: Callable[[str], str | None]) -> set[str]:
    """The ids meant by the meeting files that have no summary, their model having refused them
    or their YAML being unreadable: a file's name is its record's id (``rule.id-filename``), and
    so is the id written inside it, where ``raw_id`` can read one; until that rule can run on the
    file, either may be the one meant. A ``replaced_by`` naming one of them waits for that file's
    own error to be fixed, as a reference to a refused registry entry does (``Withheld``).
    Worked out only when some ``replaced_by`` dangles, so a valid tree never pays for it."""
    ids = set()
    for relative in listed:
        if relative not in summarised:
            ids.add(os.path.splitext(os.path.basename(relative))[0])
            written = raw_id(relative)
            if written is not None:
                ids.add(written)
    return ids


FIRST_YEAR = 1991
"""No meeting of the dataset is earlier: the Republic of Azerbaijan restored its independence
in 1991. A year before it is a slip of the finger that the other checks let through (the id,
the folder and the file name all follow the date), so it is refused."""


class Rules:
    """The rules over one tree, knowing its registries. Each check adds errors; none raises.

    Two halves: ``meeting`` needs one file, the registries and today's date, so it runs wherever
    the file is read (in a worker process for large trees); ``across`` needs what every meeting
    says about its identity, so it runs once, over models or over their cached summaries.
    """

    def __init__(self, errors: list[RecordError], registries: dict[str, list[Parsed]], today: date) -> None:
        self.errors = errors
        """Where errors go: a validation report's list, or one file's in a worker."""
        self.registries = registries
        self.today = today
        self.ids: dict[str, dict[str, Any]] = {}
        self.terms: dict[tuple[str, str, str], list[tuple[date | None, date | None]]] = {}
        """(person, office, country) -> the spans the people registry gives for it: the office
        rule's lookup, built once instead of a scan of the person's offices per participant."""
        self.withheld: dict[str, set[str] | None] = {}
        """Registry -> ids of its entries that their model refused, or None when the registry
        could not be read: references to these are not reported (``Withheld``)."""
        self.stand_ins: dict[str, dict[str, Any]] = {}
        """Registry -> id -> a refused entry's ``stand_in``: hints offer these besides the ids."""

    @classmethod
    def over_registries(cls, errors: list[RecordError], registries: dict[str, list[Parsed]], today: date,
                        withheld: Withheld) -> "Rules":
        """Rules that know the registries' ids, after checking the registries themselves."""
        rules = cls(errors, registries, today)
        for name in registries:
            rules.withheld[name] = None if name in withheld.registries else set()
        for name, document, prefix, refused in withheld.entries:
            data = document.data[prefix[0]]
            ident, ids = record_id_of(data), rules.withheld[name]
            if ident is not None and ids is not None:
                ids.add(ident)
            if ident is not None and field_path((*prefix, "id")) not in {error.field for error in refused}:
                rules.stand_ins.setdefault(name, {}).setdefault(ident, stand_in(name, ident, data))
        for name, entries in registries.items():
            first = rules.unique_ids(((parsed.model.id, parsed) for parsed in entries), lambda parsed: parsed)
            rules.ids[name] = {ident: parsed.model for ident, parsed in first.items()}
        for person in rules.ids["people"].values():
            for office in person.offices:
                rules.terms.setdefault((person.id, office.title, office.country), []).append((office.start, office.end))
        rules.registry_references()
        for name, document, prefix, refused in withheld.entries:
            rules.errors += rules.refused(refused, document, prefix, name)
        return rules

    def detached(self) -> "Rules":
        """A copy for a worker process: the ids and today's date, not the parent's errors or the
        registries' parsed documents."""
        copy = Rules([], {}, self.today)
        copy.ids, copy.terms, copy.withheld, copy.stand_ins = dict(self.ids), self.terms, self.withheld, self.stand_ins
        return copy

    def error(self, parsed: Parsed, loc: Loc, code: str, message: str, hint: str | None = None) -> None:
        full = (*parsed.prefix, *loc)
        self.errors.append(RecordError(
            message, location=parsed.document.locate(full), code=code, field=field_path(full) or None,
            record_id=getattr(parsed.model, "id", None), hint=hint))

    def check_meeting(self, errors: list[RecordError], relative: str, parsed: Parsed) -> None:
        """``meeting``, reporting into ``errors`` (each file's own, in a worker)."""
        outer, self.errors = self.errors, errors
        try:
            self.meeting(relative, parsed)
        finally:
            self.errors = outer

    def across(self, summaries: Iterable[tuple[str, Summary]], locate: Callable[[str], Parsed],
               listed: Iterable[str], raw_id: Callable[[str], str | None]) -> None:
        """The rules between meetings. They read only each meeting's summary (``summary_of``),
        whether it was just checked, here or in a worker, or comes from the cache; ``locate``
        gives the meeting of a file for an error message, only when there is one. ``listed``
        is every meeting file of the tree: one without a summary has errors of its own, and
        ``raw_id`` reads the id written in it (``refused_ids``)."""
        summaries = list(summaries)
        first = self.ids["meetings"] = self.unique_ids(((s[0], relative) for relative, s in summaries), locate)
        for relative, (ident, *_, replaced_by) in summaries:
            if replaced_by is None:
                continue
            if replaced_by == ident:
                self.error(locate(relative), ("withdrawal", "replaced_by"), "rule.reference",
                           "a record cannot replace itself")
            elif replaced_by not in first:
                if "meetings" not in self.withheld:
                    self.withheld["meetings"] = refused_ids(listed, {relative for relative, _ in summaries}, raw_id)
                self.reference(locate(relative), ("withdrawal", "replaced_by"), replaced_by, "meetings")
        replacements = {s[0]: s[6] for _, s in summaries if s[6] is not None and s[6] != s[0]}
        for relative, cycle in cycles([(relative, s[0]) for relative, s in summaries if s[0] in replacements],
                                      replacements):
            self.error(locate(relative), ("withdrawal", "replaced_by"), "rule.cycle",
                       f"the records replace each other in a circle: {' > '.join(cycle)}",
                       "a withdrawn record is replaced by the record that describes the meeting now")
        self.duplicate_meetings(summaries, locate)

    def unique_ids(self, entries: Iterable[tuple[str, Any]], locate: Callable[[Any], Parsed]) -> dict[str, Any]:
        """The first entry of each id, for registry entries and meetings alike; every later one is
        a ``rule.duplicate-id`` error that points back at the first. ``locate`` turns an entry
        into its Parsed, only when an error needs the position."""
        first: dict[str, Any] = {}
        for ident, entry in entries:
            if ident in first:
                earlier = locate(first[ident])
                where = earlier.document.locate((*earlier.prefix, "id"))
                self.error(locate(entry), ("id",), "rule.duplicate-id", f"id '{ident}' is already used at {where}")
            else:
                first[ident] = entry
        return first

    def dangling(self, value: str, registry: str) -> bool:
        """Named, but neither in the registry nor withheld from it by the registry's own error."""
        if value in self.ids[registry]:
            return False
        withheld = self.withheld.get(registry, ())
        return withheld is not None and value not in withheld

    def reference(self, parsed: Parsed, loc: Loc, value: str | None, registry: str) -> None:
        if value is not None and self.dangling(value, registry):
            self.error(parsed, loc, "rule.reference", f"'{value}' is not in the {registry} registry",
                       self.suggest(value, registry))

    def suggest(self, value: str, registry: str) -> str | None:
        """``names.suggest`` over a registry and its refused entries' stand-ins (an entry that
        passed keeps its id); meetings, which have no names, get the closest id."""
        known = self.ids[registry]
        if registry == "meetings":
            return closest(value, known)
        stand_ins = self.stand_ins.get(registry)
        return suggest(value, {**stand_ins, **known} if stand_ins else known)

    def refused(self, errors: list[RecordError], document: Document, prefix: Loc = (),
                record: str = "meetings") -> list[RecordError]:
        """The references of a record that its model refused (a meeting file, or a registry
        entry at ``prefix``), read from the raw data.

        No rule runs on a refused record, so a contributor used to fix its model errors first
        and learn of a misspelt topic only on the next run; its references are checked here,
        the one rule that needs no model. A name where an id belongs (``person: Jeyhun
        Bayramov``, ``parent: Non-Aligned Movement``) fails the id's pattern (or first its
        length, when written with a title), and that error gets the hint a dangling id would.
        Both engines' errors come here alike, so they still give the same report. Returns the
        dangling references; the hints go onto ``errors``, the model's."""
        data = document.data
        for part in prefix:
            data = data[part]
        dangling: list[RecordError] = []
        if not isinstance(data, dict):
            return dangling
        refused = {error.field: error for error in errors}
        record_id = record_id_of(data)
        for path, registry in REFERENCES.get(record, ()):
            for loc, value in _texts_at(data, path, prefix):
                error = refused.get(field_path(loc))
                if error is None and self.dangling(value, registry):
                    dangling.append(RecordError(f"'{value}' is not in the {registry} registry",
                                                location=document.locate(loc), code="rule.reference",
                                                field=field_path(loc), record_id=record_id,
                                                hint=self.suggest(value, registry)))
                elif error is not None and error.hint is None:
                    error.hint = self.suggest(value, registry)
        return dangling

    def registry_references(self) -> None:
        for parsed in self.registries["organizations"]:
            self.reference(parsed, ("parent",), parsed.model.parent, "organizations")
        parents = {parsed.model.id: parsed.model.parent for parsed in self.registries["organizations"]}
        for parsed, cycle in cycles([(parsed, parsed.model.id) for parsed in self.registries["organizations"]],
                                    parents):
            self.error(parsed, ("parent",), "rule.cycle", f"organization '{cycle[0]}' is its own ancestor: "
                       f"{' > '.join(cycle)}", "one of them names the wrong parent")
        for parsed in self.registries["people"]:
            for index, office in enumerate(parsed.model.offices):
                if office.start and office.end and office.start > office.end:
                    self.error(parsed, ("offices", index, "end"), "rule.date-order", "office ends before it starts")
            self.variants_differ(parsed, parsed.model)

    def variants_differ(self, parsed: Parsed, person: models.Person) -> None:
        """A name variant is a spelling a source uses that the name is not; one that repeats the
        name or another variant is a slip (often the spelling meant was never written down). A
        difference of case alone stays a variant: it is how a source writes the name ("Adel
        Al-Jubeir" beside "Adel al-Jubeir"), though ``find`` reads names without regard to it."""
        seen = {person.name: "the name"}
        for index, variant in enumerate(person.name_variants):
            earlier = seen.setdefault(variant, f"name_variants[{index}]")
            if earlier != f"name_variants[{index}]":
                self.error(parsed, ("name_variants", index), "rule.duplicate-item",
                           f"name variant {quoted(variant)} repeats {earlier}")

    def meeting(self, relative: str, parsed: Parsed) -> None:
        m: Meeting = parsed.model
        parts = relative.split(os.sep)  # str operations: pathlib measured a tenth of these rules
        stem = os.path.splitext(parts[-1])[0]
        if stem != m.id:
            self.error(parsed, ("id",), "rule.id-filename", f"id '{m.id}' differs from the file name '{stem}'",
                       f"rename the file to {m.id}.yaml")
        if len(parts) != 3 or parts[1] != str(m.date.value.year):
            self.error(parsed, ("date", "value"), "rule.year-folder",
                       f"a meeting dated {m.date.value.year} belongs in meetings/{m.date.value.year}/",
                       f"move it to meetings/{m.date.value.year}/{m.id}.yaml")
        if not m.id.startswith(m.date.value.isoformat()):
            self.error(parsed, ("id",), "rule.id-date", f"id must start with the date {m.date.value.isoformat()}")
        self.dates(parsed, m)
        self.dyad(parsed, m)
        self.status(parsed, m)
        if m.session_number is not None and m.kind not in models.SESSION_KINDS:
            # A minister's talks at a commission's session are a record of their own; the number
            # on both would count the session twice in any tally of sessions by number.
            self.error(parsed, ("session_number",), "rule.session-number",
                       f"only a numbered series (kind {' or '.join(models.SESSION_KINDS)}) has a session "
                       f"number; this record's kind is {m.kind}",
                       "give the number on the session's own record, or remove session_number")
        if m.disagreements:
            self.disagreements(parsed, m)
        # References are looked up inline and ``reference`` called only for a missing one: ~18
        # lookups a file, where a call each measured a fifth of these rules.
        people, topics, organizations = self.ids["people"], self.ids["topics"], self.ids["organizations"]
        for index, participant in enumerate(m.participants):
            if participant.person not in people:
                self.reference(parsed, ("participants", index, "person"), participant.person, "people")
            if participant.on_behalf_of is not None and participant.on_behalf_of not in people:
                self.reference(parsed, ("participants", index, "on_behalf_of"), participant.on_behalf_of, "people")
            self.office(parsed, index, participant, m.date.value)
        for index, topic in enumerate(m.topics):
            if topic not in topics:
                self.reference(parsed, ("topics", index), topic, "topics")
        for index, org in enumerate(m.organizations):
            if org not in organizations:
                self.reference(parsed, ("organizations", index), org, "organizations")
        occasion = None
        for index, event in enumerate(m.related_events):
            if event.type == "occasion":
                if occasion is not None:
                    self.error(parsed, ("related_events", index, "type"), "rule.occasion",
                               f"a meeting has one occasion; related_events[{occasion}] is already it",
                               "give the other event another type, e.g. past_event")
                else:
                    occasion = index
            org = event.organization
            if org is not None:
                if org not in organizations:
                    self.reference(parsed, ("related_events", index, "organization"), org, "organizations")
                elif org not in m.organizations:
                    # Filtering by organization reads only `organizations`; a body named only inside
                    # an event would hide the meeting from that filter and from the export's link table.
                    self.error(parsed, ("related_events", index, "organization"), "rule.event-organization",
                               f"'{org}' is named by this event but not listed in organizations",
                               f"add {org} to organizations")
            if event.year_basis is not None and event.year is None:
                self.error(parsed, ("related_events", index, "year_basis"), "rule.basis-without-value",
                           "year_basis is set but year is not")
        if occasion is None and m.kind == "multilateral_sidelines":
            # Grouping meetings by summit or forum reads the occasion; without one a sidelines
            # meeting silently drops out of every such grouping.
            self.error(parsed, ("kind",), "rule.occasion",
                       "a sidelines meeting needs a related event of type occasion: the summit, forum or "
                       "exhibition it was held at", "add one, named as the sources name it")
        first_day = _first_possible_day(m.date)
        for index, source in enumerate(m.sources):
            if source.cites is not None and source.cites not in organizations:
                self.reference(parsed, ("sources", index, "cites"), source.cites, "organizations")
            if first_day is not None and source.published is not None and source.published < first_day \
                    and source.note is None:
                # A page dated before the meeting can back a date, a place or an office, never the
                # meeting itself; left unexplained it is usually a typo in one of the two dates.
                self.error(parsed, ("sources", index, "published"), "rule.source-before-meeting",
                           f"published {source.published.isoformat()}, before the meeting "
                           f"({first_day.isoformat()} at the earliest), so it cannot report it",
                           "correct the date, or say in the source's note what it supports")
        for list_name in ("topics", "organizations", "format"):
            self.no_repeats(parsed, list_name, getattr(m, list_name) or [])
        self.no_repeats(parsed, "sources", [s.url for s in m.sources], suffix="url", what="source URL", same=same_page)
        self.no_repeats(parsed, "participants", [p.person for p in m.participants], suffix="person", what="participant")
        if m.location.city is None and m.location.city_basis is not None:
            self.error(parsed, ("location", "city_basis"), "rule.basis-without-value", "city_basis is set but city is not")
        # A derived fact is the curator's reasoning, not a source's word: the record must say how.
        if m.date.basis == "derived" and not m.date.note:
            self.error(parsed, ("date", "basis"), "rule.derived-note", "a derived date needs a note saying how it was "
                       "worked out", "add date.note (from a weekday, from the session's date, ...)")
        if m.location.city_basis == "derived" and not m.location.note:
            self.error(parsed, ("location", "city_basis"), "rule.derived-note", "a derived city needs a note saying how "
                       "it was worked out", "add location.note")
        for index, event in enumerate(m.related_events):
            if event.year_basis == "derived" and not event.note:
                self.error(parsed, ("related_events", index, "year_basis"), "rule.derived-note",
                           "a derived year needs a note saying how it was worked out", "add the event's note")

    def dates(self, parsed: Parsed, m: Meeting) -> None:
        d = m.date
        if d.value != _truncate(d.value, d.precision):
            self.error(parsed, ("date", "value"), "rule.date-precision",
                       f"with precision '{d.precision}' the value is the first day of the {d.precision}",
                       f"write {_truncate(d.value, d.precision).isoformat()} and keep the window in earliest/latest")
        # Compared at the record's precision: a month-precise date contains every day of its month.
        if d.earliest and _truncate(d.earliest, d.precision) > d.value:
            self.error(parsed, ("date", "earliest"), "rule.date-window", "earliest is after the date value")
        if d.latest and _truncate(d.latest, d.precision) < d.value:
            self.error(parsed, ("date", "latest"), "rule.date-window", "latest is before the date value")
        if d.earliest and d.latest and d.earliest > d.latest:
            self.error(parsed, ("date", "latest"), "rule.date-window", "latest is before earliest")
        if d.value > self.today:
            self.error(parsed, ("date", "value"), "rule.future-date", f"{d.value.isoformat()} is in the future")
        elif d.value.year < FIRST_YEAR:
            self.error(parsed, ("date", "value"), "rule.date-before-scope",
                       f"{d.value.isoformat()} is before {FIRST_YEAR}, when Azerbaijan restored its independence",
                       "check the year (a slip such as 1025 for 2025 passed every other check)")
        began = _visit_began(m.visit) if m.visit is not None else None
        if m.visit is not None and began is None:
            self.error(parsed, ("visit",), "rule.visit-date", f"visit '{m.visit}' does not start with a year and month "
                       "that the calendar has", "a visit's id starts with the month it began in: YYYY-MM, or YYYY")
        elif began is not None:
            began, month_end, named = began
            first = _first_possible_day(d)
            if _last_possible_day(d) < began - VISIT_SLACK or (first is not None and first > month_end + VISIT_SLACK):
                self.error(parsed, ("visit",), "rule.visit-date",
                           f"visit '{m.visit}' began in {named} by its id, but this meeting is of {m.edtf}",
                           "a visit's id starts with the month it began in: is this another visit's id, "
                           "copied with the record?")
        c = m.curation
        for name in ("added_on", "reviewed_on"):
            value = getattr(c, name)
            if value is not None and value > self.today:
                self.error(parsed, ("curation", name), "rule.future-date", f"{value.isoformat()} is in the future")
        if (c.reviewed_by is None) != (c.reviewed_on is None):
            self.error(parsed, ("curation",), "rule.curation-pair", "reviewed_by and reviewed_on go together")

    def dyad(self, parsed: Parsed, m: Meeting) -> None:
        if "AZE" not in m.countries or len(set(m.countries)) != 2:
            self.error(parsed, ("countries",), "rule.dyad", "countries must be AZE and one Gulf state")
        if m.visiting_country is not None and m.visiting_country not in m.countries:
            self.error(parsed, ("visiting_country",), "rule.dyad", "visiting_country must be one of countries")
        for index, participant in enumerate(m.participants):
            if participant.country not in m.countries:
                self.error(parsed, ("participants", index, "country"), "rule.dyad",
                           f"participant country {participant.country} is not one of {', '.join(m.countries)}")
        if "AZE" in m.countries and len(set(m.countries)) == 2 and m.visiting_country in (None, *m.countries):
            self.direction(parsed, m)

    def direction(self, parsed: Parsed, m: Meeting) -> None:
        """Who travelled to whom: a visit names its visiting side, a call has none (nor a host or
        a place), the visiting side is one of the two, the other hosts, and every participant
        stands on their country's side. The CAMEO and PLOVER rows (make a visit, host a visit,
        discuss by telephone) are drawn from these fields, so a record that contradicts itself
        gives a wrong event."""
        visitor = m.visiting_country
        if m.kind in models.DISTANT_KINDS:
            for loc, value in ((("visiting_country",), visitor), (("host_country",), m.host_country),
                               (("location", "country"), m.location.country)):
                if value is not None:
                    self.error(parsed, loc, "rule.direction",
                               f"a meeting of kind {m.kind} has no visiting side, host or place; found {value}",
                               f"{field_path(loc)}: null")
        elif visitor is None and m.kind in models.VISIT_KINDS:
            self.error(parsed, ("visiting_country",), "rule.direction",
                       f"a meeting of kind {m.kind} names the side that visited; found null",
                       f"visiting_country: {' or '.join(m.countries)}")
        if visitor is not None:
            host = next(c for c in m.countries if c != visitor)
            if m.host_country != host:
                self.error(parsed, ("host_country",), "rule.direction",
                           f"{visitor} is the visiting side, so the host is {host}; found {m.host_country or 'null'}",
                           f"host_country: {host}" if m.host_country in (None, *m.countries) else
                           "a meeting in a third country has no visiting side: visiting_country: null")
        if m.kind not in models.DISTANT_KINDS:
            self.place(parsed, m)
        for index, participant in enumerate(m.participants):
            side = "neither" if visitor is None else "visiting" if participant.country == visitor else "hosting"
            if participant.side != side and participant.country in m.countries:
                because = ("the record names no visiting side" if visitor is None else
                           f"{participant.country} is the {side} side (visiting_country: {visitor})")
                self.error(parsed, ("participants", index, "side"), "rule.direction",
                           f"a participant of {participant.country} on the {participant.side} side, but {because}",
                           f"side: {side}")

    def place(self, parsed: Parsed, m: Meeting) -> None:
        """A meeting is held in its host's country, so ``host_country`` and ``location.country``
        are one fact written twice: the events table reads the host to code a visit and the place
        to code a meeting in a third country, the JSON-LD ``Place`` reads the place. A record
        copied and edited in one of them only would be coded as one kind of event and mapped as
        another. A meeting held in one of the two countries was a visit by the other."""
        host, country, visitor = m.host_country, m.location.country, m.visiting_country
        if visitor is not None and host != next(c for c in m.countries if c != visitor):
            return  # direction() has already named the host this record needs
        if host != country:
            if host is None:
                self.error(parsed, ("host_country",), "rule.place",
                           f"the meeting took place in {country}, so {country} hosted it; found null",
                           f"host_country: {country}")
            else:
                self.error(parsed, ("location", "country"), "rule.place",
                           f"{host} hosted the meeting, so it took place there; found {country or 'null'}",
                           f"location.country: {host}")
        elif visitor is None and host in m.countries and m.kind not in models.VISIT_KINDS:  # else direction() said so
            other = next(c for c in m.countries if c != host)
            self.error(parsed, ("visiting_country",), "rule.place",
                       f"the meeting took place in {host}, one of the two countries, so {other} is the "
                       "visiting side; found null", f"visiting_country: {other}")

    def disagreements(self, parsed: Parsed, m: Meeting) -> None:
        """Each disagreement names a field of this record, each reading says who gives it (a source
        this record cites, or ``reported_by``), no reading is given twice, and ``kept`` is one of
        the readings and what the named field holds (``disagreements`` reads the two)."""
        cited = [s.url for s in m.sources]
        for index, disagreement in enumerate(m.disagreements):
            at = ("disagreements", index)
            values = [reading.value for reading in disagreement.readings]
            self.no_repeats(parsed, (*at, "readings"), values, suffix="value", what="reading")
            for number, reading in enumerate(disagreement.readings):
                if not reading.sources and reading.reported_by is None:
                    self.error(parsed, (*at, "readings", number), "rule.reading-source",
                               "a reading says who gives it, and this one names no one",
                               "list the record's sources that give it under sources, or say who does under "
                               "reported_by")
                for place, url in enumerate(reading.sources):
                    if url not in cited:
                        self.error(parsed, (*at, "readings", number, "sources", place), "rule.reading-source",
                                   f"'{url}' is not one of this record's sources",
                                   closest(url, cited) or "cite the page under sources, or name it under reported_by")
            found, value = disagreements.resolve(m, disagreement.field)
            if not found:
                self.error(parsed, (*at, "field"), "rule.disagreement-field",
                           f"'{disagreement.field}' names no field of this record",
                           "name the field as validate's messages do, e.g. date.value or participants[1].office")
                continue
            kept = disagreement.kept
            if kept is None:
                continue
            if kept not in values:
                self.error(parsed, (*at, "kept"), "rule.kept-reading", f"kept {quoted(kept)} is none of the readings",
                           closest(kept, values) or "copy the value of the reading the record keeps, or write null")
            else:
                self.kept_is_held(parsed, m, (*at, "kept"), disagreement.field, value, kept)

    def kept_is_held(self, parsed: Parsed, m: Meeting, loc: Loc, path: str, value: Any, kept: str) -> None:
        """``rule.kept-held``: the field holds the kept reading. A date agrees when it falls in
        the record's window (the meeting's date, at its precision) or is the day the field holds;
        a registry entry's id (a person, an organization, a topic) when the reading is one of its
        spellings (``names.spellings``: the id, the name, a name variant or acronym). Lists and
        objects (``topics``, ``date``) are not compared: a reading of them is of more than one value."""
        if value is None:
            held = "null"
        elif isinstance(value, date):
            window = path == "date.value"
            first, last = (_first_possible_day(m.date), _last_possible_day(m.date)) if window else (value, value)
            if disagreements.spans_overlap(kept, first, last):
                return
            held = m.edtf.rstrip("?").replace("/", " to ") if window else value.isoformat()
        elif isinstance(value, int) and not isinstance(value, bool):
            if kept == str(value):
                return
            held = str(value)
        elif isinstance(value, str):
            registry = _REGISTRY_OF_FIELD.get(disagreements.field_of_any_item(path))
            if registry is not None:
                entry = self.ids[registry].get(value)
                if entry is None:
                    return  # a dangling id: its own error says so
                known = spellings(entry)
                if kept in known:
                    return
                self.error(parsed, loc, "rule.kept-held", f"kept {quoted(kept)}, but {path} is {value}, spelt "
                           f"{', '.join(map(quoted, known[1:]))} in the {registry} registry", _SPELLING_HINT[registry])
                return
            if kept == value:
                return
            held = quoted(value)
        else:
            return
        self.error(parsed, loc, "rule.kept-held", f"kept {quoted(kept)}, but {path} holds {held}",
                   "the field holds the reading the record keeps: correct the one that is wrong")

    def status(self, parsed: Parsed, m: Meeting) -> None:
        if m.status == "withdrawn" and m.withdrawal is None:
            self.error(parsed, ("status",), "rule.withdrawal", "a withdrawn record needs a withdrawal (reason, date)")
        if m.withdrawal is not None:
            problem = withdrawal_date_problem(m.withdrawal.withdrawn_on, m.curation.added_on, self.today)
            if problem:
                self.error(parsed, ("withdrawal", "withdrawn_on"), "rule.withdrawal", problem)
        if m.status == "active" and m.withdrawal is not None:
            self.error(parsed, ("withdrawal",), "rule.withdrawal", "an active record cannot have a withdrawal",
                       "set status: withdrawn")

    def office(self, parsed: Parsed, index: int, participant: models.Participant, on: date) -> None:
        spans = self.terms.get((participant.person, participant.office, participant.country))
        if spans is not None:
            if not any((start is None or start <= on) and (end is None or on <= end) for start, end in spans):
                self.error(parsed, ("participants", index, "office"), "rule.office-dates",
                           f"{self.ids['people'][participant.person].name} did not hold '{participant.office}' "
                           f"on {on.isoformat()} per the people registry")
            return
        person = self.ids["people"].get(participant.person)
        if person is None:
            return  # reported as a reference, or withheld by its registry entry's own error
        same_title = sorted({o.country for o in person.offices if o.title == participant.office})
        if same_title:
            message = (f"{person.name} held '{participant.office}' for {', '.join(same_title)}, "
                       f"not {participant.country}, per the people registry")
            hint = None
        else:
            message = f"{person.name} has no office '{participant.office}' in the people registry"
            hint = closest(participant.office, [o.title for o in person.offices])
        self.error(parsed, ("participants", index, "office"), "rule.office-unknown", message, hint)

    def no_repeats(self, parsed: Parsed, list_at: str | Loc, values: list[Any], suffix: str | None = None,
                   what: str = "item", same: Callable[[Any], Any] | None = None) -> None:
        """Each value after the first that is equal to an earlier one, or that ``same`` makes
        equal (two spellings of one web page). ``list_at`` is a field of the record's top level,
        or the position of a list deeper in it."""
        keys = [same(v) for v in values] if same and len(values) > 1 else values
        if len(set(keys)) == len(keys):
            return
        first: dict[Any, Any] = {}
        for index, (value, key) in enumerate(zip(values, keys)):
            if key not in first:
                first[key] = value
                continue
            earlier = first[key]
            at = (list_at,) if isinstance(list_at, str) else list_at
            loc = (*at, index, suffix) if suffix else (*at, index)
            if earlier == value:
                self.error(parsed, loc, "rule.duplicate-item", f"{what} '{value}' is listed twice")
            else:
                self.error(parsed, loc, "rule.duplicate-item", f"{what} '{value}' is the same as '{earlier}', "
                           "listed before it", "a host is read without regard to case, and :443 or a #fragment "
                           "names no other page; cite each page once")

    def duplicate_meetings(self, summaries: list[tuple[str, Summary]], locate: Callable[[str], Parsed]) -> None:
        # kind is part of the identity: the same two ministers may hold talks and then co-chair a
        # commission session on the same day, and those are two meetings. Counted by day and kind
        # first, because few meetings share both, and only those need their sets of countries
        # and participants built (the rule took twice as long without, measured at 10^4).
        active = [(relative, s) for relative, s in summaries if s[1] == "active"]
        shared = {key for key, count in Counter([(s[4], s[2]) for _, s in active]).items() if count > 1}
        groups: dict[tuple, list[tuple[str, str]]] = defaultdict(list)
        for relative, (ident, _, kind, countries, day, persons, _) in active:
            if (day, kind) in shared:
                groups[day, kind, frozenset(countries), frozenset(persons)].append((ident, relative))
        for group in groups.values():
            group.sort()
            for ident, relative in group[1:]:
                if ident == group[0][0]:
                    continue  # a copied file: the duplicate-id rule reports it, and no withdrawal would mend it
                self.error(locate(relative), ("id",), "rule.duplicate-meeting",
                           f"describes the same meeting as '{group[0][0]}' (same date, kind, countries and participants)",
                           f"merge them, or withdraw one: gulfvisits withdraw {ident} --replaced-by {group[0][0]} "
                           "--reason '...'")


def withdrawal_date_problem(on: date, added_on: date, today: date) -> str | None:
    """What is wrong with the day a record was withdrawn, if anything: the changelog lists a
    withdrawal under the version it came in, which a day ahead of today or before the record
    existed would misplace. ``gulfvisits withdraw`` refuses the same before it writes."""
    if on > today:
        return f"withdrawn on {on.isoformat()}, which is in the future"
    if on < added_on:
        return f"withdrawn on {on.isoformat()}, before the record was added ({added_on.isoformat()})"
    return None


def same_page(url: str) -> str:
    """The page a source's web address names, to tell two sources apart: the host's case, the
    default port and the fragment (a place within the page) name no other page. A path's
    trailing slash may, so it is kept. Parsing costs 3 us an address, and most need none (no
    capital in the host, no port, no fragment): those are returned as they are."""
    slash = url.find("/", 8)
    host = url[8:] if slash < 0 else url[8:slash]
    if url.startswith("https://") and "#" not in url and ":" not in host and host == host.lower():
        return url
    return parsed_page(url)


def parsed_page(url: str) -> str:
    """``same_page`` without its shortcut, which the tests hold it to."""
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:  # a stray bracket, a port that is no number: compared as written, not a traceback
        return url
    if "[" in parts.netloc:  # an IPv6 literal, which hostname would unbracket
        return url
    host = parts.hostname or ""
    where = host if port in (None, 443) else f"{host}:{port}"
    return urlunsplit((parts.scheme.lower(), where, parts.path, parts.query, ""))


def cycles(entries: list[tuple[Any, str]], next_of: dict[str, str | None]) -> list[tuple[Any, list[str]]]:
    """The circles that following ``next_of`` from an id leads back to it (an organization that
    is its own ancestor; withdrawn records that replace each other), each once, at the first
    of its members in ``entries`` and written from it: a reader following the chain never ends
    it, and an export's foreign keys cannot be satisfied by any order of rows."""
    found: list[tuple[Any, list[str]]] = []
    placed: set[str] = set()
    for entry, start in entries:
        chain, node = [start], next_of.get(start)
        while node in next_of and node not in chain:  # None, or an unknown id, ends the chain
            chain.append(node)
            node = next_of[node]
        if node == start and start not in placed:
            placed.update(chain)
            found.append((entry, [*chain, start]))
    return found
