"""What a record's ``disagreements`` point at, and whether the reading a record says it keeps is
the one its field holds.

A disagreement names a field (``participants[1].office``) and the reading kept; the field holds
the kept reading. The two are written in two places of one file, so a curator who corrects the
field and not the disagreement (or copies a record with its disagreements) leaves a record that
says one thing and claims another: ``rules.Rules.disagreements`` reads them against each other
with the helpers here.
"""
from __future__ import annotations

import re
from datetime import date
from typing import Any

from pydantic import BaseModel

from .days import parse_period

_SEGMENT = re.compile(r"([a-z_]+)(?:\[([0-9]+)\])?")

_INDEX = re.compile(r"\[[0-9]+\]")


def field_of_any_item(path: str) -> str:
    """``participants[1].office`` as ``participants.office``: the field, whichever item holds it."""
    return _INDEX.sub("", path)


def resolve(record: BaseModel, path: str) -> tuple[bool, Any]:
    """(True, value) of the field ``path`` names in ``record``, (False, None) if it names none.
    ``path`` has passed ``models.FieldPath``, so each segment is a name with perhaps an index."""
    value: Any = record
    for segment in path.split("."):
        name, index = _SEGMENT.fullmatch(segment).groups()  # type: ignore[union-attr]
        if not isinstance(value, BaseModel) or name not in type(value).model_fields:
            return False, None
        value = getattr(value, name)
        if index is not None:
            if not isinstance(value, list) or int(index) >= len(value):
                return False, None
            value = value[int(index)]
    return True, value


def spans_overlap(kept: str, first: date | None, last: date) -> bool:
    """Whether the written date ``kept`` (YYYY-MM-DD, YYYY-MM or YYYY, read as a filter reads its
    bounds) can be a day from ``first`` (None: no bound) to ``last``; False for text that is no date."""
    try:
        start, end = parse_period(kept)
    except ValueError:
        return False
    return start <= last and (first is None or end >= first)
