"""Scaffolding for a new meeting file: the right id, path and layout, unknowns left null.

Every field the contributor still has to fill is written as ``null`` (or an empty list), so
``gulfvisits validate`` lists exactly what is missing, each at its line.
"""
from __future__ import annotations

import os
import re
from datetime import date
from pathlib import Path
from typing import Any

from pydantic import TypeAdapter, ValidationError

from .errors import UsageError
from .models import GULF_COUNTRIES, PATTERN_MEANINGS, SESSION_KINDS, VOCABULARIES, Handle, MeetingId
from .rules import FIRST_YEAR
from .validate import MEETINGS_DIR
from .yamlio import dump, folder_to_write, write_atomic

_SLUG = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*")  # fullmatch: "$" would let a final newline in


def meeting_id(on: date, country: str, slug: str) -> str:
    return f"{on.isoformat()}-aze-{country.lower()}-{slug}"


def scaffold(on: date, country: str, kind: str, *, slug: str | None = None, added_by: str | None = None,
             today: date | None = None) -> tuple[str, dict[str, Any]]:
    """The id and the skeleton record. Raises UsageError for an unknown country or kind, and
    for what ``validate`` would refuse in the file it wrote: a date after ``today``, an id too
    long, a malformed handle."""
    if country not in GULF_COUNTRIES:
        raise UsageError(f"country must be one of {', '.join(GULF_COUNTRIES)}; got {country!r}")
    if kind not in VOCABULARIES["kind"]:
        raise UsageError(f"kind must be one of {', '.join(VOCABULARIES['kind'])}; got {kind!r}")
    today = today or date.today()
    if on > today:  # rule.future-date would refuse the written file
        raise UsageError(f"--date {on.isoformat()} is in the future; a record is of a meeting that has taken place")
    if on.year < FIRST_YEAR:  # and rule.date-before-scope
        raise UsageError(f"--date {on.isoformat()} is before {FIRST_YEAR}, when Azerbaijan restored its independence; "
                         "check the year")
    slug = kind.replace("_", "-") if slug is None else slug  # an empty --slug "$UNSET" is refused, not defaulted
    if not _SLUG.fullmatch(slug):
        raise UsageError(f"slug must be lower-case words joined by hyphens; got {slug!r}")
    ident = meeting_id(on, country, slug)
    _refuse_unless(MeetingId, ident, f"the id {ident!r} would be {len(ident)} characters; the limit is "
                   f"{MeetingId.__metadata__[0].max_length}, so choose a shorter --slug")
    if added_by is not None:
        constraints = Handle.__metadata__[0]
        _refuse_unless(Handle, added_by, f"--by must be {PATTERN_MEANINGS[constraints.pattern]}, at most "
                       f"{constraints.max_length} characters; got {added_by!r}")

    def person(country_code: str) -> dict[str, Any]:
        return {"person": None, "office": None, "country": country_code, "side": None}

    record = {
        "id": ident,
        "status": "active",
        "title": None,
        "summary": None,
        "date": {"value": on, "precision": "day", "basis": "stated"},
        "kind": kind,
        **({"session_number": None} if kind in SESSION_KINDS else {}),  # a field to fill, which fmt drops if left null
        "countries": ["AZE", country],
        "visiting_country": None,
        "host_country": None,
        "location": {"country": None, "city": None},
        "format": None,
        "participants": [person("AZE"), person(country)],
        "topics": [],
        "organizations": [],
        "related_events": [],
        "sources": [{"url": None, "publisher": None, "published": None, "language": "en"}],
        "curation": {"added_by": added_by, "added_on": today},
    }
    return ident, record


def _refuse_unless(kind: Any, value: str, message: str) -> None:
    """Refuse now what ``validate`` would refuse in the written file: the model's own type is
    the test, so the two never disagree."""
    try:
        TypeAdapter(kind).validate_python(value)
    except ValidationError:
        raise UsageError(message) from None


def create(root: Path, on: date, country: str, kind: str, **options: Any) -> Path:
    """Write the scaffold into ``root/meetings/<year>/``; never overwrites an existing file."""
    ident, record = scaffold(on, country, kind, **options)
    path = root / MEETINGS_DIR / str(on.year) / f"{ident}.yaml"
    # A year that was a link to nowhere was written through: the scaffold made a folder wherever it led.
    folder_to_write(path.parent, f"the folder of {on.year}'s meetings belongs there")
    taken = UsageError(f"{path} already exists; choose another --slug")
    if os.path.lexists(path):  # a link to nowhere too: the scaffold went wherever it led
        raise taken
    try:
        write_atomic(path, dump(record), new=True)
    except FileExistsError:  # made since the check, by another `new` of the same id
        raise taken from None
    return path
