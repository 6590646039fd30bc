"""The one way a day typed by a user is read: YYYY-MM-DD, nothing looser; and a period, for
a filter's bounds: YYYY, YYYY-MM or YYYY-MM-DD.

Python's ``date.fromisoformat`` also reads ISO's basic and week forms: "20250101", and
"2025-W01-1", which is 30 December 2024. Every message of this package promises YYYY-MM-DD, and a
week date read as a day of the year before is a filter that quietly answers another question; so
``new --date`` and ``release-notes --date`` read a day through here, and ``filter`` (with
``list --start`` and ``--end``) a period.
"""
from __future__ import annotations

import calendar
import re
from datetime import date

_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")  # not \d, which takes other scripts' digits too
_MONTH = re.compile(r"[0-9]{4}-[0-9]{2}")
_YEAR = re.compile(r"[0-9]{4}")


def parse_day(text: str) -> date:
    """The calendar day ``text`` names; ``ValueError`` for any other form, or a day no calendar has."""
    if not _DAY.fullmatch(text):
        raise ValueError(f"{text!r} is not written YYYY-MM-DD")
    return date.fromisoformat(text)


def parse_period(text: str) -> tuple[date, date]:
    """The first and last days of the year, month or day that ``text`` names (``2025``,
    ``2025-05``, ``2025-05-12``), so that a filter from ``2023`` to ``2025-05`` runs from 1 January
    2023 to 31 May 2025: a bound written as a year or a month takes all of it, as a reader means
    "meetings in 2025" to include December's. ``ValueError`` for any other form, or a period no
    calendar has."""
    if _DAY.fullmatch(text):
        day = date.fromisoformat(text)
        return day, day
    if _MONTH.fullmatch(text):
        year, month = int(text[:4]), int(text[5:])  # month 00 or 13: ValueError, as date() raises
        return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])
    if _YEAR.fullmatch(text):
        return date(int(text), 1, 1), date(int(text), 12, 31)  # year 0000: ValueError, as date() raises
    raise ValueError(f"{text!r} is not written YYYY, YYYY-MM or YYYY-MM-DD")


def got(text: object) -> str:
    """``got '30/04/2025'``: how each reader of a typed day or period ends its refusal. A day
    written YYYY-MM-DD that the calendar lacks (``2025-02-29``, ``2026-13-01``) was told to be
    written YYYY-MM-DD, which it was; the message now says what is wrong with it, and so for a
    month or a year (``2026-13``, ``0000``) written in its form."""
    if isinstance(text, str):
        unit = next((unit for unit, form in (("day", _DAY), ("month", _MONTH), ("year", _YEAR))
                     if form.fullmatch(text)), None)
        try:
            if unit is not None:
                parse_period(text)
        except ValueError:
            return f"got {text!r}, a {unit} the calendar does not have"
    return f"got {text!r}"
