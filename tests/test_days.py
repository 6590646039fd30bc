"""How a typed day or period is read: the bounds of every filter, and the words of a refusal."""
from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given, strategies as st

from gulfvisits.days import got, parse_day, parse_period


@given(st.dates(), st.sampled_from([4, 7, 10]))
def test_a_period_runs_from_the_first_to_the_last_day_written_so(day, length):
    """The period of 2025, 2025-02 or 2025-02-14 is exactly the days whose ISO form begins so:
    each end holds the text, and the day beyond each end does not (28 or 29 February, 31 December)."""
    text = day.isoformat()[:length]
    first, last = parse_period(text)
    assert first <= day <= last
    assert first.isoformat().startswith(text) and last.isoformat().startswith(text)
    if first > date.min:
        assert not (first - timedelta(days=1)).isoformat().startswith(text)
    if last < date.max:
        assert not (last + timedelta(days=1)).isoformat().startswith(text)


@pytest.mark.parametrize("text", ["25", "2025-5", "2025-05-1", "20250514", "2025-W01-1", "2025/05", " 2025",
                                  "٢٠٢٥", "2025-13", "2025-00", "0000", "2025-02-29", ""])
def test_anything_but_a_year_a_month_or_a_day_is_no_period(text):
    with pytest.raises(ValueError):
        parse_period(text)


@pytest.mark.parametrize("text, expected", [
    ("2025-02-29", "got '2025-02-29', a day the calendar does not have"),
    ("2025-13", "got '2025-13', a month the calendar does not have"),
    ("0000", "got '0000', a year the calendar does not have"),
    # a month or a year where a day is wanted (`new --date 2025-05`) is in the calendar: not said to be missing
    ("2025-05", "got '2025-05'"),
    ("2025", "got '2025'"),
    ("30/04/2025", "got '30/04/2025'"),
    (2025, "got 2025"),
])
def test_a_refusal_says_when_the_calendar_lacks_what_was_written_in_its_form(text, expected):
    assert got(text) == expected


def test_a_day_is_read_only_when_written_yyyy_mm_dd():
    assert parse_day("2025-05-12") == date(2025, 5, 12)
    for text in ("2025-05", "2025", "20250512"):
        with pytest.raises(ValueError):
            parse_day(text)
