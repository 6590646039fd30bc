"""Where sources disagree: the ``disagreements`` of a record, held to the field they name, and
carried into the tables, the SQLite file and ``show``. The messages of each refusal are pinned in
``tests/invalid/`` (the ``rule-kept-*``, ``rule-reading-*`` and ``rule-disagreement-*`` cases)."""
from __future__ import annotations

import sqlite3
from datetime import date

import pytest

import gulfvisits
from gulfvisits.days import parse_period
from gulfvisits.disagreements import resolve, spans_overlap
from gulfvisits.show import card
from gulfvisits.validate import validate_tree

from conftest import BAHRAIN, KUWAIT, meeting_path

KUNA = "https://menafn.com/1109493030/Kuwait-FM-Values-Ties-With-Azerbaijan-Keen-On-Further-Development"


def disputed(tree, meeting_id: str, field: str, kept: str, other: str) -> list[str]:
    """Give the seed meeting a disagreement over ``field`` (first, before any it has), keeping
    ``kept`` against ``other``; the rules' codes and messages for the meeting."""
    path = meeting_path(tree, meeting_id)
    text = path.read_text(encoding="utf-8")
    url = next(line.split("url: ")[1] for line in text.splitlines() if "- url: " in line)
    entry = (f"  - field: {field}\n    readings:\n      - value: '{kept}'\n        sources:\n"
             f"          - {url}\n      - value: '{other}'\n        reported_by: a test\n    kept: '{kept}'\n"
             "    why: A test.\n")
    if "\ndisagreements:\n" in text:
        path.write_text(text.replace("\ndisagreements:\n", f"\ndisagreements:\n{entry}", 1), encoding="utf-8")
    else:
        path.write_text(text.replace("\ncuration:\n", f"\ndisagreements:\n{entry}curation:\n", 1), encoding="utf-8")
    return [f"{e.code}: {e.message}" for e in validate_tree(tree).errors]


@pytest.mark.parametrize("meeting_id, field, kept, other", [
    (KUWAIT, "date.value", "2025-04-30", "2025-04-29"),
    (KUWAIT, "date.value", "2025-04", "2025-05"),  # a month holding the day
    (KUWAIT, "date.value", "2025", "2024"),
    (BAHRAIN, "date.value", "2025-05-10", "2025-05-13"),  # a page's date bounds the meeting from above only
    (KUWAIT, "participants[1].person", "Abdullah Al-Yahya", "Abdullah Al-Yahia"),  # a name variant
    (KUWAIT, "participants[1].person", "Abdullah Ali Al-Yahya", "Abdullah Al-Yahia"),  # the name
    (KUWAIT, "participants[1].office", "Minister of Foreign Affairs", "Foreign Minister"),
    (KUWAIT, "related_events[0].ordinal", "3", "4"),
    (KUWAIT, "countries[1]", "KWT", "QAT"),
    (KUWAIT, "organizations[1]", "GCC", "OIC"),  # an organization by its acronym
    (KUWAIT, "organizations[1]", "Gulf Cooperation Council", "OIC"),  # by its name
    (KUWAIT, "related_events[1].organization", "cop29", "COP28"),  # by its id
    (KUWAIT, "sources[1].cites", "Kuwait News Agency", "KUNA in Arabic"),
    (KUWAIT, "topics[1]", "Trade", "Investment"),  # a topic by its label
])
def test_a_kept_reading_agrees_with_its_field_in_the_fields_own_terms(seeds, meeting_id, field, kept, other):
    assert disputed(seeds, meeting_id, field, kept, other) == []


@pytest.mark.parametrize("meeting_id, field, kept, other, held", [
    (KUWAIT, "date.value", "2025-04-29", "2025-04-30", "2025-04-30"),
    (KUWAIT, "date.value", "2025-05", "2025-04", "2025-04-30"),
    (KUWAIT, "date.value", "Wednesday", "Tuesday", "2025-04-30"),  # a weekday is worked into a date first
    (BAHRAIN, "date.value", "2025-05-13", "2025-05-12", "2025-05-12"),
    (KUWAIT, "related_events[0].ordinal", "03", "4", "3"),
    (KUWAIT, "location.city", "Kuwait City", "Bayan", "null"),
    (KUWAIT, "participants[1].office", "Foreign Minister", "Minister of Foreign Affairs",
     "'Minister of Foreign Affairs'"),
])
def test_a_kept_reading_the_field_does_not_hold_is_refused(seeds, meeting_id, field, kept, other, held):
    assert disputed(seeds, meeting_id, field, kept, other) == [
        f"rule.kept-held: kept '{kept}', but {field} holds {held}"]


@pytest.mark.parametrize("field, kept, message, hint", [
    ("participants[1].person", "Abdullah Al-Yahia", "participants[1].person is abdullah-ali-al-yahya, spelt "
     "'Abdullah Ali Al-Yahya', 'Abdullah Al-Yahya' in the people registry", "to the person's name_variants"),
    ("organizations[1]", "Gulf Co-operation Council", "organizations[1] is gcc, spelt 'Gulf Cooperation Council', "
     "'GCC' in the organizations registry", "its id, name or acronym"),
    ("related_events[1].organization", "COP 29", "related_events[1].organization is cop29, spelt 'UN Climate "
     "Change Conference 2024 (COP29)', 'COP29' in the organizations registry", "its id, name or acronym"),
    ("topics[1]", "Commerce", "topics[1] is trade, spelt 'Trade' in the topics registry", "its id or label"),
])
def test_a_kept_reading_of_a_registry_id_is_one_of_the_entrys_spellings(seeds, field, kept, message, hint):
    """A reading of a person, an organization or a topic is what a source writes; it agrees with
    the id the field holds when the registry spells the entry so, and the message lists how it does."""
    path = meeting_path(seeds, KUWAIT)
    disputed(seeds, KUWAIT, field, kept, "another")
    errors = [e for e in validate_tree(seeds).errors if e.code == "rule.kept-held"]
    assert [e.message for e in errors] == [f"kept '{kept}', but {message}"]
    assert hint in errors[0].hint and errors[0].location.path.endswith(path.name)


def test_a_reading_of_an_id_the_registry_lacks_is_left_to_the_reference_rule(seeds):
    """One mistake, one message: the dangling id is the error, not the reading that cannot match it."""
    path = meeting_path(seeds, KUWAIT)
    path.write_text(path.read_text(encoding="utf-8").replace("- person: abdullah-ali-al-yahya",
                                                             "- person: abdullah-al-yahia", 1), encoding="utf-8")
    assert [e.split(":")[0] for e in disputed(seeds, KUWAIT, "participants[1].person", "Abdullah Al-Yahya", "X")] == [
        "rule.reference"]


def test_a_reading_of_a_whole_list_or_mapping_is_not_compared_with_it(seeds):
    """``topics`` or ``date`` hold more than one value: the reading says which in words."""
    assert disputed(seeds, KUWAIT, "topics", "18 topics", "17 topics") == []
    assert disputed(seeds, BAHRAIN, "date", "12 May", "13 May") == []


@pytest.mark.parametrize("engine", ["pydantic", "jsonschema"])
@pytest.mark.parametrize("written, found", [("2025-04-30", "the date 2025-04-30"), ("2024", "2024 (int)"),
                                            ("30.4", "30.4 (float)")])
def test_a_date_or_a_number_written_as_a_reading_is_told_to_be_quoted(seeds, engine, written, found):
    path = meeting_path(seeds, KUWAIT)
    path.write_text(path.read_text(encoding="utf-8").replace("\ncuration:\n", (
        "\ndisagreements:\n  - field: date.value\n    readings:\n      - value: '2025-04-30'\n        sources:\n"
        f"          - {KUNA}\n      - value: {written}\n        reported_by: a test\n    kept: null\n    why: A test.\n"
        "curation:\n"), 1), encoding="utf-8")
    errors = validate_tree(seeds, engine=engine).errors
    assert [(e.field, e.message, e.hint) for e in errors] == [
        ("disagreements[0].readings[1].value", f"expected text; found {found}",
         f"put it in quotes to keep it text: '{written}'")]


@pytest.fixture(scope="module")
def packaged():
    return gulfvisits.load()


def test_a_field_path_resolves_through_mappings_and_lists_only(packaged):
    m = packaged.get("2025-02-11-aze-are-political-consultations-third-round")
    assert resolve(m, "participants[1].office") == (True, "Assistant Minister of Foreign Affairs for Political Affairs")
    assert resolve(m, "date.value") == (True, date(2025, 2, 11))
    assert resolve(m, "visit") == (True, None)
    for missing in ("participants[2].office", "participants.office", "date[0]", "date.value.year", "edtf",
                    "gulf_country", "sources[0].url.host"):
        assert resolve(m, missing) == (False, None), missing


def test_a_written_date_stands_for_its_day_month_or_year():
    """A kept date is read as a filter's bound is (``days.parse_period``), and text that is no
    date overlaps nothing."""
    assert parse_period("2024-02-29") == (date(2024, 2, 29), date(2024, 2, 29))
    assert parse_period("2024-02") == (date(2024, 2, 1), date(2024, 2, 29))
    assert parse_period("2023-02") == (date(2023, 2, 1), date(2023, 2, 28))
    assert parse_period("2019") == (date(2019, 1, 1), date(2019, 12, 31))
    for text in ("2023-02-29", "2023-13", "0000", "19", "2019-3", "March 2019", "2019-03-01T10:00", "20190301"):
        with pytest.raises(ValueError):
            parse_period(text)
        assert not spans_overlap(text, None, date(2100, 1, 1)), text
    assert spans_overlap("2019", date(2019, 3, 1), date(2019, 3, 31))
    assert spans_overlap("2019-03-31", date(2019, 3, 1), date(2019, 3, 31))
    assert spans_overlap("2019-03-01", None, date(2019, 3, 1))
    assert not spans_overlap("2019-04-01", date(2019, 3, 1), date(2019, 3, 31))
    assert not spans_overlap("2019-02-28", date(2019, 3, 1), date(2019, 3, 31))


def test_every_packaged_disagreement_reaches_the_sqlite_file(packaged, tmp_path):
    """A researcher's question, in SQL: which records keep a date that another source gives
    otherwise, and on whose word."""
    path = packaged.to_sqlite(tmp_path / "gulfvisits.sqlite")
    with sqlite3.connect(path) as db:
        assert db.execute("PRAGMA foreign_key_check").fetchall() == []
        rows = db.execute("""
            SELECT d.meeting_id, r.value, r.sources, r.reported_by FROM disagreements d
            JOIN disagreement_readings r ON r.meeting_id = d.meeting_id AND r.disagreement = d.position
            WHERE d.field = 'date.value' AND r.value = d.kept ORDER BY d.meeting_id""").fetchall()
    expected = [(m.id, r.value, " ".join(r.sources) or None, r.reported_by) for m in packaged
                for d in m.disagreements if d.field == "date.value" for r in d.readings if r.value == d.kept]
    assert rows == sorted(expected) and len(rows) >= 5


def test_show_prints_each_reading_with_the_numbers_of_its_sources(packaged):
    text = card(packaged.get("2025-02-11-aze-are-political-consultations-third-round"), packaged)
    disputed_part = text[text.index("\ndisputed "):text.index("\ncurated ")]
    assert "disputed   date.value: keeps 2025-02-11\n           2025-02-11: [1], [2]\n" in disputed_part
    assert "           2025-02-12: [3]; News.Az gives the weekday only" in disputed_part
    assert "participants[1].office: keeps Assistant Minister of Foreign Affairs for Political Affairs" in disputed_part
    assert text.index("[5] https://mtm.az/") < text.index("\ndisputed ")
    kept_none = card(packaged.get("2017-04-01-aze-are-joint-commission-sixth-session"), packaged)
    assert "location.city: keeps none\n" in kept_none and "Dubai: [3]; A report of 2019" in kept_none
    assert "reported_by" not in kept_none
    reported = card(packaged.get("2017-09-25-aze-sau-foreign-ministers-new-york"), packaged)
    assert "2017-09-24: Trend's copy of the ministry's statement, served over http only;" in reported


def test_a_loaded_records_disagreements_cannot_be_changed(packaged):
    m = next(m for m in packaged if m.disagreements)
    with pytest.raises(TypeError):
        m.disagreements.append(m.disagreements[0])
