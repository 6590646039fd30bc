"""The error types of gulfvisits.

Every problem a user can cause (a broken file, a wrong value, a dangling reference) is a
``RecordError`` that knows where it is, so the CLI only has to print it. Anything else that
escapes is a bug in gulfvisits, not in the data.
"""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path


def record_id_of(data) -> str | None:
    """The id a record's raw data gives, for errors about a record no model was made of."""
    ident = data.get("id") if isinstance(data, dict) else None
    return ident if isinstance(ident, str) else None


def field_path(loc) -> str:
    """('participants', 1, 'office') -> 'participants[1].office'."""
    text = ""
    for part in loc:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


class GulfVisitsError(Exception):
    """Base class: catch this to handle every error the library raises on purpose."""


@dataclass(frozen=True, eq=True)
class Location:
    """A place in a file, 1-based like editors count lines and columns."""

    path: str
    line: int = 1
    column: int = 1

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.column}"


class RecordError(GulfVisitsError):
    """One problem in one file, with the exact place and the field it concerns.

    Prints as ``path:line:col: field: message`` so editors and CI logs can jump to it.
    ``code`` is a stable machine name (``yaml.duplicate-key``, ``schema.extra``, ...) that
    tests and ``--format json`` consumers can rely on; the message wording may improve.
    """

    def __init__(
        self,
        message: str,
        *,
        location: Location,
        code: str,
        field: str | None = None,
        record_id: str | None = None,
        hint: str | None = None,
        severity: str = "error",
    ) -> None:
        super().__init__(message)
        self.message = message
        self.location = location
        self.code = code
        self.field = field
        self.record_id = record_id
        self.hint = hint
        self.severity = severity

    def __reduce__(self):  # keyword-only arguments: tell pickle how to rebuild (process pools)
        return (_rebuild, (self.message, self.location, self.code, self.field, self.record_id, self.hint,
                           self.severity))

    @property
    def path(self) -> str:
        return self.location.path

    @property
    def line(self) -> int:
        return self.location.line

    @property
    def column(self) -> int:
        return self.location.column

    def __str__(self) -> str:
        where = f"{self.location}: "
        what = f"{self.field}: " if self.field else ""
        hint = f" ({self.hint})" if self.hint else ""
        return f"{where}{what}{self.message}{hint}"

    def to_dict(self) -> dict:
        return {
            "severity": self.severity,
            "code": self.code,
            "path": self.path,
            "line": self.line,
            "column": self.column,
            "field": self.field,
            "record_id": self.record_id,
            "message": self.message,
            "hint": self.hint,
        }


def _rebuild(message, location, code, field, record_id, hint, severity) -> RecordError:
    return RecordError(message, location=location, code=code, field=field, record_id=record_id, hint=hint,
                       severity=severity)


@dataclass
class InvalidDataError(GulfVisitsError):
    """Raised by ``load()`` when the records do not validate; carries every problem found."""

    errors: list[RecordError] = field(default_factory=list)
    shown: int = 20
    """How many problems the message lists: enough to start fixing, short enough for a traceback."""

    def __str__(self) -> str:
        head = f"{len(self.errors)} problem(s) in the records"
        more = len(self.errors) - self.shown
        tail = [f"... and {more} more (gulfvisits validate lists them all)"] if more > 0 else []
        return "\n".join([head, *(str(e) for e in self.errors[:self.shown]), *tail])


class NotFoundError(GulfVisitsError, KeyError):
    """A lookup by id found nothing (``Dataset.lookup``); ``get`` returns a default instead."""

    def __str__(self) -> str:  # KeyError would otherwise repr() the message
        return str(self.args[0]) if self.args else "not found"


class UsageError(GulfVisitsError):
    """The caller asked for something impossible (a missing path, an unknown format): exit 2."""


def nonempty_path(value: str | os.PathLike[str], name: str) -> Path:
    """``Path(value)``, refusing the empty string: ``Path("")`` is the current folder, so an
    unset shell variable (``--output "$OUT"``) would write or read wherever the command runs.
    Anything else that is not text or a path is refused as the mistake it is (``load(5)`` and
    ``to_sqlite(b"x.db")`` gave a bare TypeError)."""
    if not isinstance(value, (str, os.PathLike)):
        raise UsageError(f"{name} must be text or a path such as pathlib.Path; got {value!r}")
    if os.fspath(value) == "":
        raise UsageError(f"{name} is empty; \"\" is not taken for the current folder, which is written .")
    return Path(value)
