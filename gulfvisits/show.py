"""One meeting as a reader wants it: every fact of the record, with names for the registry ids.

A record's YAML says ``person: jeyhun-bayramov`` and ``topics: [trade]``, and for an installed
package it lies somewhere under site-packages; a journalist checking one meeting before citing
it wants the names, the offices, the places and the sources' addresses on one screen, and
whether the date is a source's or the curators' reasoning. ``card`` writes that text; nothing in
it is added to the record, and every value it names comes from the record or the registries.
"""
from __future__ import annotations

import textwrap
from typing import TYPE_CHECKING

from .isocodes import COUNTRIES
from .models import DISTANT_KINDS, Meeting

if TYPE_CHECKING:
    from .dataset import Dataset

_LABEL = 10
_WIDTH = 100
_BASIS = {"stated": "stated by a source", "publication_date": "only the report's publication date is known",
          "derived": "derived by the curators, see the note"}


def _country(code: str | None) -> str:
    return COUNTRIES[code][0] if code in COUNTRIES else str(code)


def _words(term: str) -> str:
    return term.replace("_", " ")


class _Card:
    def __init__(self) -> None:
        self.lines: list[str] = []

    def field(self, label: str, *values: str, whole: bool = False) -> None:
        """The first value beside the label, each further one on its own line below it; a long
        value wraps under its own start, unless ``whole`` (an address is copied, not read)."""
        for index, value in enumerate(values):
            lead = f"{label:<{_LABEL}} " if index == 0 else " " * (_LABEL + 1)
            if whole and index == 0:
                self.lines.append(lead + value)
                continue
            self.lines.extend(textwrap.wrap(value, _WIDTH, initial_indent=lead, subsequent_indent=" " * (_LABEL + 3),
                                            break_on_hyphens=False, break_long_words=False) or [lead.rstrip()])


def card(meeting: Meeting, data: "Dataset") -> str:
    """The text ``gulfvisits show`` prints for one meeting, active or withdrawn."""
    m, out = meeting, _Card()
    out.lines += [m.id, m.title, ""]
    if m.withdrawal is not None:
        w = m.withdrawal
        out.field("WITHDRAWN", f"on {w.withdrawn_on.isoformat()}: {w.reason}",
                  *([f"replaced by {w.replaced_by}"] if w.replaced_by else []))
    d = m.date
    out.field("date", f"{d.iso} ({d.precision}; {_BASIS[d.basis]}); EDTF {m.edtf}",
              *([f"between {d.earliest.isoformat()} and {d.latest.isoformat()}"]
                if d.earliest and d.latest and d.earliest != d.latest else []),
              *([f"note: {d.note}"] if d.note else []))
    number = f" ({_ordinal(m.session_number)})" if m.session_number is not None else ""
    out.field("kind", _words(m.kind) + number)
    if m.visiting_country is not None:
        out.field("between", f"{_country(m.visiting_country)} (visiting) and {_country(m.host_country)} (host)")
    else:
        out.field("between", " and ".join(_country(c) for c in m.countries))
    if m.kind not in DISTANT_KINDS:
        place = m.location
        where = (f"{place.city}, {_country(place.country)}" if place.city else
                 f"{_country(place.country)} (no city named)" if place.country else "not recorded")
        out.field("place", where + (f" (city {place.city_basis})" if place.city_basis else ""),
                  *([f"note: {place.note}"] if place.note else []))
    if m.visit is not None:
        others = [o.id for o in data.meetings if o.visit == m.visit and o.id != m.id]
        out.field("visit", m.visit, *([f"with {', '.join(others)}"] if others else []))
    out.field("format", ", then ".join(_words(f) for f in m.format) if m.format else "not stated")
    out.field("people", *(_participant(p, data) for p in m.participants))
    if m.topics:
        out.field("topics", ", ".join(data.topics[t].label if t in data.topics else t for t in m.topics))
    if m.organizations:
        out.field("bodies", *(_organization(o, data) for o in m.organizations))
    if m.related_events:
        out.field("events", *(_event(e) for e in m.related_events))
    out.lines.append("")
    out.field("summary", m.summary)
    out.lines.append("")
    for index, s in enumerate(m.sources, 1):
        about = ", ".join(part for part in (s.publisher, s.published.isoformat() if s.published else "undated",
                                            s.language, f"citing {_organization(s.cites, data)}" if s.cites else None)
                          if part)
        out.field("source" if index == 1 else "", f"[{index}] {s.url}", about,
                  *([f"archived: {s.archived_url}"] if s.archived_url else []), *([f"note: {s.note}"] if s.note else []),
                  whole=True)
    numbers = {s.url: index for index, s in enumerate(m.sources, 1)}
    for index, d in enumerate(m.disagreements):
        out.field("disputed" if index == 0 else "", f"{d.field}: keeps {'none' if d.kept is None else d.kept}",
                  *(_reading(r, numbers) for r in d.readings), f"why: {d.why}")
    c = m.curation
    out.field("curated", f"added by {c.added_by} on {c.added_on.isoformat()}"
              + (f"; reviewed by {c.reviewed_by} on {c.reviewed_on.isoformat()}" if c.reviewed_by and c.reviewed_on
                 else "; not reviewed"))
    return "\n".join(out.lines) + "\n"


def _participant(p, data: "Dataset") -> str:
    person = data.people.get(p.person)
    name = person.name if person else p.person
    acting = ""
    if p.on_behalf_of:
        principal = data.people.get(p.on_behalf_of)
        acting = f", on behalf of {principal.name if principal else p.on_behalf_of}"
    side = "" if p.side == "neither" else f", {p.side}"  # a call's or a third country's: no side travelled
    return f"{name}, {p.office} ({p.country}{side}){acting}"


def _organization(ident: str, data: "Dataset") -> str:
    o = data.organizations.get(ident)
    if o is None:
        return ident
    return o.name + (f" ({o.acronym})" if o.acronym and o.acronym not in o.name else "")


def _ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def _event(e) -> str:
    derived = e.year_basis == "derived" and "year derived, see the note"
    details = [str(part) for part in (e.ordinal and _ordinal(e.ordinal), e.year, derived, e.date and e.date.isoformat(),
                                      e.place) if part]
    return f"{_words(e.type)}: {e.name}" + (f" ({', '.join(details)})" if details else "") + (
        f"; note: {e.note}" if e.note else "")


def _reading(r, numbers: dict[str, int]) -> str:
    """A reading with the numbers its sources have in the card's list, then who else gives it,
    e.g. "2025-02-12: [3]": the card lists each address once, above."""
    who = [f"[{numbers[url]}]" for url in r.sources if url in numbers]
    if r.reported_by:
        who.append(r.reported_by)
    return f"{r.value}: {', '.join(who)}" + (f"; {r.note}" if r.note else "")
