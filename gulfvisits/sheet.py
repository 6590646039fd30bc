"""One row per meeting, with names where the tables have ids: the sheet a reader opens in a
spreadsheet (``gulfvisits list --format csv``) or in pandas (``pd.DataFrame(data.sheet())``).

The tables of ``export`` join on ids, which keeps them exact and small but asks a reader to join
``participants`` to ``people`` to learn who met. This sheet flattens each meeting instead, lists
in one cell each, so it cannot be turned back into the records; ``export`` stays the way to do
that.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pragma: no cover
    from .dataset import Dataset

COLUMNS = ("id", "date", "edtf", "kind", "session_number", "gulf_country", "visiting_country", "host_country", "city",
           "occasion", "title", "participants", "topics", "organizations", "visit", "sources", "disputed")
"""The sheet's header. ``date`` is ``date.value``, which sorts (the first day of a month or a year
known only to that); ``edtf`` says how precise and how certain it is (``2025-05-12?``: no source
states the day). ``session_number`` is the number of a commission's session or a round of
consultations. ``occasion`` names the event the meeting was held at or for (a summit, a
forum, COP29), which a reader of a sidelines meeting asks first. ``participants`` reads "Name,
office (country)"; list cells are joined by "; ", the sources' addresses by spaces. ``disputed``
names each fact the sources give differently, with the reading kept and the others
("date.value: 2025-02-11 kept over 2025-02-12"), so a reader of one row knows which of its cells
rests on a choice."""

SEPARATOR = "; "


def rows(data: "Dataset") -> list[tuple[Any, ...]]:
    """The sheet's rows, one per active meeting of ``data`` (a filtered Dataset keeps the
    registries whole), in its order: names from its registries, countries by code, as the
    filters take them. Every cell is text but ``date``, a ``datetime.date``, ``session_number``, an
    integer, and what the record leaves unknown or out (``session_number``, ``visiting_country``,
    ``host_country``, ``city``, ``occasion``, ``visit``), None: a DataFrame then holds a missing
    value, not an empty name, and the CSV an empty cell. A list the record keeps empty is ""."""
    return [(m.id, m.date.value, m.edtf, m.kind, m.session_number, m.gulf_country, m.visiting_country,
             m.host_country, m.location.city, m.occasion.name if m.occasion else None, m.title,
             SEPARATOR.join(f"{data.people[p.person].name}, {p.office} ({p.country})" for p in m.participants),
             SEPARATOR.join(data.topics[t].label for t in m.topics),
             SEPARATOR.join(data.organizations[o].name for o in m.organizations),
             m.visit, " ".join(s.url for s in m.sources), SEPARATOR.join(map(_disputed, m.disagreements)))
            for m in data.meetings]


def _disputed(d: Any) -> str:
    others = " / ".join(r.value for r in d.readings if r.value != d.kept)
    return f"{d.field}: " + (f"{d.kept} kept over {others}" if d.kept is not None else f"none kept of {others}")


def records(data: "Dataset") -> list[dict[str, Any]]:
    """The rows as mappings from ``COLUMNS``, which pandas and the csv module's DictWriter take
    as they are."""
    return [dict(zip(COLUMNS, row)) for row in rows(data)]


def csv_text(data: "Dataset") -> str:
    """The sheet as CSV with a header, written as ``export`` writes its tables' CSV, formula-like
    text neutralised."""
    from .export import csv_text as written

    return written(COLUMNS, rows(data), safe=True)

