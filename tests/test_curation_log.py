"""The script that logs a session's queries (``tests/curation_log.py``): it adds the rows, and the
sums the log writes in words still add up after it, on a small log and on the real one."""
from __future__ import annotations

import re
import subprocess
import sys
import textwrap
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

import curation_log
from conftest import RECORDS
from curation_log import (LANGUAGES, add_rows, cardinals, count_words, entries, last_sessions, ordinal_words,
                          ordinals, query_language, read_tally, session_count, session_rows, set_found, tally,
                          tally_words, written_tallies)

SCRIPT = Path(__file__).resolve().parent / "curation_log.py"

LOG = """# Curation log

## Queries used (2026-01-01 to 2026-01-03, three sessions)

| query | language of hits |
|---|---|
| first query | en |
| second query | en, ru (recorded: a meeting) |

## Reports turned into records

Two meetings.

The third session ran four queries, in English.

## Coverage

2 meetings (the first two, in five queries; the second none, in three; the third one, in four), so
more may exist: the last two sessions
found one meeting, one the third's, in seven queries. What is known to be missing: the rest.
"""


def assert_sessions_add_up(log: str) -> None:
    """What a session must keep true when it logs itself: the list ends with the session the
    heading counts, the sentence sums the list's last sessions and names those that found a
    meeting, and a session's paragraph gives the count the list gives and, from the first session
    that counts them, as many queries in each language as its rows hold."""
    sessions, listed, written = session_count(log), entries(log), last_sessions(log)
    window = listed[-written.span:]
    assert [e.session for e in window] == list(range(sessions - written.span + 1, sessions + 1))
    assert (written.meetings, written.queries) == (sum(e.meetings for e in window), sum(e.queries for e in window))
    assert written.named == {e.session: e.meetings for e in window if e.meetings}
    ran = {e.session: e.queries for e in listed}
    for session, count in re.findall(r"The ([a-z-]+) session ran ([a-z]+(?:[ -][a-z]+)*?) queries[.,]", log):
        if ordinals()[session] in ran:
            assert ran[ordinals()[session]] == cardinals()[count], session
    rows = session_rows(log)
    for session, counts in written_tallies(log).items():
        assert counts == tally(rows[session]), ordinal_words(session)


def test_the_log_spells_counts_and_sessions_as_it_always_has():
    assert [count_words(n) for n in (5, 160, 1005, 1234, 2000)] == [
        "five", "one hundred and sixty", "one thousand and five", "one thousand two hundred and thirty-four",
        "two thousand"]
    assert [ordinal_words(n) for n in (1, 2, 20, 43, 57)] == ["first", "second", "twentieth", "forty-third",
                                                              "fifty-seventh"]
    assert [ordinal_words(n) for n in (100, 101, 112, 121)] == [
        "one hundredth", "one hundred and first", "one hundred and twelfth", "one hundred and twenty-first"]
    assert len({count_words(n) for n in range(10000)}) == 10000  # no two counts read back alike
    assert (cardinals()["a hundred and fifty-six"], cardinals()["none"]) == (156, 0)


def test_the_small_log_reads_as_written():
    assert session_count(LOG) == 3
    assert [e[:3] for e in entries(LOG)] == [(1, 2, 5), (2, 0, 3), (3, 1, 4)]
    assert last_sessions(LOG) == (2, 1, 7, {3: 1})
    assert_sessions_add_up(LOG)


def test_the_hundredth_session_is_named_in_words_and_read_back_wrapped_or_not():
    """The log names sessions in words; the test on a copy of the real log met the hundredth,
    which has more than one word, before any session had written it. A paragraph wrapped at 100
    columns may break it across lines."""
    log = LOG.replace("three sessions", "ninety-nine sessions").replace("the first two", "the ninety-seventh two")
    log = log.replace("the second none", "the ninety-eighth none").replace("the third", "the ninety-ninth")
    log = log.replace("The third session", "The ninety-ninth session")
    log = add_rows(log, ["| a query | en |", "| another | en |"], new_session=True, day=date(2026, 1, 4))
    assert "(2026-01-01 to 2026-01-04, one hundred sessions)" in log and "the one hundredth none, in two)" in log
    log = log.replace("the one hundredth none", "the one\nhundredth none").replace(
        "\n\n## Coverage", "\n\nThe one\nhundredth session ran two queries.\n\n## Coverage")
    assert [e[:3] for e in entries(log)][-1] == (100, 0, 2)
    later = add_rows(log, ["| a third | en |"], new_session=False, day=date(2026, 1, 5))
    assert "the one hundredth none, in three)" in later
    assert "The one hundredth session ran three queries, in English." in later
    next_one = add_rows(later, ["| a fourth | en |"], new_session=True, day=date(2026, 1, 6))
    assert "one hundred and one sessions)" in next_one and "the one hundred and first none, in one)" in next_one


def test_a_new_session_is_counted_in_all_four_places():
    log = add_rows(LOG, ["| fourth query | en |", "| fifth query | ar (nothing new) |"], new_session=True,
                   day=date(2026, 1, 4))
    assert "## Queries used (2026-01-01 to 2026-01-04, four sessions)" in log
    assert "| second query | en, ru (recorded: a meeting) |\n| fourth query | en |\n| fifth query | ar (nothing new) |" \
           "\n\n## Reports turned into records" in log
    assert "the third one, in four; the fourth none, in two), so" in log
    assert "the last two sessions\nfound one meeting, one the third's, in six queries. What" in log
    assert_sessions_add_up(log)
    later = add_rows(log, ["| sixth query | en |"], new_session=False, day=date(2026, 1, 5))
    assert "(2026-01-01 to 2026-01-05, four sessions)" in later and "the fourth none, in three)" in later
    assert "found one meeting, one the third's, in seven queries." in later
    quiet = add_rows(later, ["| seventh query | en |"], new_session=True, day=date(2026, 1, 5))
    assert "found no meetings, in four queries." in quiet  # the third has left the window
    assert_sessions_add_up(quiet)


def test_more_rows_of_a_session_change_its_paragraph_too():
    log = add_rows(LOG, ["| sixth query | en |"], new_session=False, day=date(2026, 1, 3))
    assert "The third session ran five queries, in English." in log
    assert "the third one, in five)" in log and "in eight queries." in log
    assert_sessions_add_up(log)


def test_a_session_that_found_meetings_is_named_in_the_sum():
    log = set_found(add_rows(LOG, ["| fourth query | en |"], new_session=True, day=date(2026, 1, 4)), 2,
                    day=date(2026, 1, 4))
    assert "the fourth two, in one)" in log
    assert "found three meetings, one the third's and two the fourth's, in five queries." in log
    assert_sessions_add_up(log)
    assert "the fourth none, in one)" in set_found(log, 0, day=date(2026, 1, 4))


@pytest.mark.parametrize("row, language", [
    ("| Bayramov Kuwait foreign minister | en, ru |", "en"),
    ("| Байрамов Кувейт министр | ru, az |", "ru"),
    ("| بيراموف الكويت وزير | ar |", "ar"),
    ("| Bayramov Küveyt xarici işlər naziri görüş | az |", "az"),
    ("| دیدار وزیر خارجه | fa query; ar, ru |", "fa"),
    ("| Bayramov Kuveyt Dışişleri Bakanı | tr query; az, en |", "tr"),
    ("| Bayramov Kuveyt Dışişleri Bakanı görüştü | az, tr |", None),
    ("| Außenminister Bayramov Kuwait | de |", None),
])
def test_a_querys_language_comes_from_its_code_or_else_from_its_letters(row, language):
    """The second cell lists the languages of the pages that came back, not the query's: only
    a code ("tr query; ") or the query's own letters say what it was written in."""
    assert query_language(row) == language


@given(st.dictionaries(st.sampled_from(sorted(LANGUAGES)), st.integers(1, 150), min_size=1, max_size=8),
       st.integers(40, 100))
def test_a_tally_reads_back_as_written_however_the_paragraph_wraps(counts, width):
    words = tally_words(counts)
    paragraph = textwrap.fill(f"The session ran many queries, {words}, logged with the script.", width,
                              break_on_hyphens=False)
    start = paragraph.index(",") + 2
    read, end = read_tally(paragraph[start:], sum(counts.values()))
    assert read == counts
    assert " ".join(paragraph[start:start + end].split()) == words


@pytest.mark.parametrize("text, queries, counts", [
    ("forty-nine in English, two in Russian and one in\nAzerbaijani, logged", 52, {"en": 49, "ru": 2, "az": 1}),
    ("fifty-seven in English, two each in Azerbaijani, Arabic, Russian and Turkish, and one each in Persian,\n"
     "German and French, the first session", 68,
     {"en": 57, "az": 2, "ar": 2, "ru": 2, "tr": 2, "fa": 1, "de": 1, "fr": 1}),
    ("in English.", 4, {"en": 4}),
    ("all in English: on", 5, {"en": 5}),
    ("two in Russian and Arabic, logged", 4, {}),  # two in each, or in both? not a tally
    ("three in Klingon and one in English", 4, {}),
    ("twelve in English, two in Latin", 14, {"en": 12}),  # stops at the slip: the sum falls short
])
def test_a_tally_in_a_paragraphs_words_reads_as_its_counts_and_a_slip_stops_it(text, queries, counts):
    assert read_tally(text, queries)[0] == counts


TALLIED = LOG.replace("| second query | en, ru (recorded: a meeting) |\n",
                      "| second query | en, ru (recorded: a meeting) |\n| третий запрос | ru |\n| fourth query | en |\n")\
             .replace("The third session ran four queries, in English.",
                      "The third session ran four queries, three in English and one in Russian.")


def test_a_sessions_paragraph_counts_its_rows_by_language(monkeypatch):
    monkeypatch.setattr(curation_log, "FIRST_TALLIED_SESSION", 3)
    assert written_tallies(TALLIED) == {3: {"en": 3, "ru": 1}} == {3: tally(session_rows(TALLIED)[3])}
    assert_sessions_add_up(TALLIED)
    log = add_rows(TALLIED, ["| новый запрос | ru |", "| Aliyev Kuveyt görüşmesi | tr query; az |"],
                   new_session=False, day=date(2026, 1, 3))
    assert "The third session ran six queries, three in English, two in Russian and one in Turkish." in log
    assert_sessions_add_up(log)
    untold = TALLIED.replace("four queries, three in English and one in Russian.", "four queries. Then more.")
    assert "ran four queries, three in English and one in Russian. Then more." in set_found(untold, 1, day=date(2026, 1, 3))
    wrong = TALLIED.replace("three in English and one in Russian", "four in English")
    with pytest.raises(AssertionError, match="third"):
        assert_sessions_add_up(wrong)
    unknown = TALLIED.replace("| fourth query | en |", "| vierte Anfrage für Baku | de |")
    with pytest.raises(ValueError, match="the third session has rows whose query's language is not known"):
        set_found(unknown, 1, day=date(2026, 1, 3))


@pytest.mark.parametrize("rows, complaint", [
    (["| first query | en |"], "row 1: the table already holds this query"),
    (["| Aliyev Kuveyt görüşmesi | tr |"], "row 1: its letters could be several languages"),
    (["| new | xx query; en |"], "row 1: no language has the code 'xx'"),
    (["| FIRST   Query | fr |"], "row 1: the table already holds this query"),
    (["| new | en |", "| new | ar |"], "row 2: the file holds this query twice"),
    (["| a | b | c |"], "row 1: not two cells"),
    (["| a | b"], "row 1: not two cells"),
    (["a | b |"], "row 1: not two cells"),
    ([], "no row to add"),
])
def test_a_bad_row_is_refused_with_its_number(rows, complaint):
    with pytest.raises(ValueError, match=complaint):
        add_rows(LOG, rows, new_session=True, day=date(2026, 1, 4))


def test_a_log_whose_list_has_fallen_behind_its_heading_is_refused():
    behind = LOG.replace("three sessions", "four sessions")
    with pytest.raises(ValueError, match="does not end with the fourth session"):
        add_rows(behind, ["| new | en |"], new_session=True, day=date(2026, 1, 4))


def _run(*words: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, str(SCRIPT), *words], capture_output=True, text=True)


def test_the_script_logs_a_session_on_a_copy_of_the_real_log(tmp_path):
    log = tmp_path / "CURATION.md"
    real = (RECORDS / "CURATION.md").read_text(encoding="utf-8")
    log.write_text(real, encoding="utf-8")
    rows = tmp_path / "rows.md"
    rows.write_text("| a query no session has run yet, qwxz | en |\n\n| and another, qwxz | ar |\n", encoding="utf-8")
    done = _run("--start", str(rows), "--log", str(log), "--on", "2030-01-02")
    assert done.returncode == 0, done.stderr
    sessions = session_count(real) + 1
    assert done.stdout == f"the {ordinal_words(sessions)} session: 2 queries, 0 meetings\n"
    written = log.read_text(encoding="utf-8")
    assert f"to 2030-01-02, {count_words(sessions)} sessions)" in written
    assert f"the {ordinal_words(sessions)} none, in two)" in written
    assert_sessions_add_up(written)
    assert len(written) - len(real) < 400  # only the rows and the counts changed


@pytest.mark.parametrize("words, complaint", [
    (["--start", "rows.md"], "row 1: the table already holds this query"),
    (["--more", "missing.md"], "No such file or directory"),
    (["--found", "two"], "--found takes a count of meetings"),
    (["--found", "1", "--on", "yesterday"], "--on takes a date"),
    (["--start"], "--start needs a value"),
    (["--found", "1", "--more", "rows.md"], "usage: curation_log.py"),
])
def test_the_script_refuses_bad_input_without_a_traceback_and_writes_nothing(tmp_path, words, complaint):
    log = tmp_path / "CURATION.md"
    log.write_text(LOG, encoding="utf-8")
    (tmp_path / "rows.md").write_text("| second query | en |\n", encoding="utf-8")
    done = subprocess.run([sys.executable, str(SCRIPT), *words, "--log", str(log)], capture_output=True, text=True,
                          cwd=tmp_path)
    assert done.returncode == 1 and complaint in done.stderr and "Traceback" not in done.stderr
    assert log.read_text(encoding="utf-8") == LOG


@pytest.mark.parametrize("part", ["## Queries used (2026-01-01 to 2026-01-03, three sessions)",
                                  "\n\n## Reports turned into records", "## Coverage", "the last two sessions"])
def test_a_log_without_a_part_the_script_edits_is_refused(part):
    with pytest.raises(ValueError, match="the log has no|the coverage paragraph has no"):
        add_rows(LOG.replace(part, "\n\n## Something else"), ["| new | en |"], new_session=True, day=date(2026, 1, 4))
