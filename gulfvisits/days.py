"""The one way a day typed by a user is read: YYYY-MM-DD, nothing looser.

Python's ``date.fromisoformat`` also reads ISO's basic and week forms: "20250101", and
"2025-W01-1", which is 30 December 2024. Every message of this package promises YYYY-MM-DD, and a
week date read as a day of the year before is a filter that quietly answers another question; so
``filter``, ``new --date`` and ``release-notes --date`` all read a day through here.
"""
from __future__ import annotations

import re
from datetime import date

_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")  # not \d, which takes other scripts' digits too


def parse_day(text: str) -> date:
    """The calendar day ``text`` names; ``ValueError`` for any other form, or a day no calendar has."""
    if not _DAY.fullmatch(text):
        raise ValueError(f"{text!r} is not written YYYY-MM-DD")
    return date.fromisoformat(text)


def got(text: object) -> str:
    """``got '30/04/2025'``: how each reader of a typed day ends its refusal. A day written
    YYYY-MM-DD that the calendar lacks (``2025-02-29``, ``2026-13-01``) was told to be written
    YYYY-MM-DD, which it was; the message now says what is wrong with it."""
    if isinstance(text, str) and _DAY.fullmatch(text):
        return f"got {text!r}, a day the calendar does not have"
    return f"got {text!r}"
