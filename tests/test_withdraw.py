"""`gulfvisits withdraw`: the maintainer's way to retire a record without deleting or renaming
it. Run as users run it, in a subprocess on a copied tree; every refusal leaves the files as
they were, byte for byte."""
from __future__ import annotations

import os
import shlex
import shutil
from datetime import date, timedelta
from pathlib import Path

import pytest
import yaml

import gulfvisits
from gulfvisits.diff import diff_trees
from gulfvisits.validate import validate_tree

from conftest import BAHRAIN, KUWAIT, edit, meeting_path

TWIN = f"{KUWAIT}-copy"


def snapshot(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


@pytest.fixture
def twinned(seeds: Path) -> Path:
    """The seeds with the Kuwait talks recorded twice, the second time under another id."""
    original = meeting_path(seeds, KUWAIT)
    twin = original.read_text(encoding="utf-8").replace(f"id: {KUWAIT}", f"id: {TWIN}")
    original.with_name(f"{TWIN}.yaml").write_text(twin, encoding="utf-8")
    return seeds


def test_a_file_beside_the_working_folder_is_printed_as_typed(seeds, cli):
    """Outside the working folder, the file is printed by the path given to --records (``..``
    and all), not made absolute: the path the user typed is the one they can reuse."""
    work = seeds.parent / "work"
    work.mkdir()
    done = cli("withdraw", BAHRAIN, "--reason", "Test.", "--records", os.path.join("..", "seeds"), cwd=work)
    assert (done.code, done.stdout) == (0, os.path.join("..", "seeds", "meetings", "2025", f"{BAHRAIN}.yaml") + "\n")


def test_the_duplicate_rule_names_the_command_that_mends_it(twinned, cli):
    [error] = validate_tree(twinned).errors
    assert error.code == "rule.duplicate-meeting"
    command = shlex.split(error.hint.split(": ", 1)[1].replace("'...'", "'Records the same talks as another.'"))
    assert command[:3] == ["gulfvisits", "withdraw", TWIN] and command[command.index("--replaced-by") + 1] == KUWAIT
    old, day = snapshot(twinned), date.today()
    done = cli(*command[1:], "--records", "seeds", cwd=twinned.parent)
    assert (done.code, done.stderr) == (0, "")
    assert done.stdout == f"seeds/meetings/2025/{TWIN}.yaml\n"
    assert validate_tree(twinned).errors == []
    assert cli("fmt", "--check", "seeds", cwd=twinned.parent).code == 0  # written in the canonical layout
    changed = {name for name, data in snapshot(twinned).items() if old[name] != data}
    assert changed == {f"meetings/2025/{TWIN}.yaml"}
    record = yaml.safe_load(meeting_path(twinned, TWIN).read_text(encoding="utf-8"))
    assert record["status"] == "withdrawn"
    assert record["withdrawal"]["withdrawn_on"] in (day, date.today())  # today, whichever side of midnight
    assert record["withdrawal"] == {"reason": "Records the same talks as another.",
                                    "withdrawn_on": record["withdrawal"]["withdrawn_on"], "replaced_by": KUWAIT}
    data = gulfvisits.load(twinned)
    assert TWIN not in data and data.lookup(TWIN).withdrawal.replaced_by == KUWAIT
    assert sorted(m.id for m in data.meetings) == sorted([KUWAIT, BAHRAIN])


def test_a_withdrawal_shows_in_the_diff_as_withdrawn_and_nothing_else(seeds, tmp_path, cli):
    old = tmp_path / "old"
    shutil.copytree(seeds, old)
    assert cli("withdraw", BAHRAIN, "--reason", "Test.", "--records", "seeds", cwd=seeds.parent).code == 0
    result = diff_trees(old, seeds)
    assert (result.withdrawn, result.changed, result.added) == ([BAHRAIN], {}, [])


def test_a_header_comment_is_kept(seeds, cli):
    path = meeting_path(seeds, BAHRAIN)
    path.write_text("# Curated from the seed report.\n\n" + path.read_text(encoding="utf-8"), encoding="utf-8")
    assert cli("withdraw", BAHRAIN, "--reason", "Test.", "--records", "seeds", cwd=seeds.parent).code == 0
    assert path.read_text(encoding="utf-8").startswith("# Curated from the seed report.\nid: ")
    assert validate_tree(seeds).errors == []


AHEAD = (date.today() + timedelta(days=30)).isoformat()  # still ahead if the run crosses midnight


@pytest.mark.parametrize("args, message", [
    ([f"{KUWAIT[:-1]}", "--reason", "Test."],
     f"no meeting file has the id '{KUWAIT[:-1]}' (the record to withdraw); did you mean '{KUWAIT}'?"),
    ([KUWAIT, "--reason", "Test.", "--replaced-by", KUWAIT],
     "--replaced-by names the record being withdrawn; name the record that replaces it"),
    ([KUWAIT, "--reason", "Test.", "--replaced-by", "2025-05-12-aze-bhr-foreign-minister"],
     "no meeting file has the id '2025-05-12-aze-bhr-foreign-minister' (the record that replaces it); "
     f"did you mean '{BAHRAIN}'?"),
    ([KUWAIT, "--reason", "Test.", "--replaced-by", "Bahrain talks"],
     "--replaced-by: expected an id: the date YYYY-MM-DD, then lower-case words joined by hyphens; "
     "found 'Bahrain talks' (text)"),
    ([KUWAIT, "--reason", " Test."],
     "--reason: expected text that does not start with a space or a line break, without control characters or "
     "invisible characters; found ' Test.' (text)"),
    ([KUWAIT, "--reason", "x" * 2001], "--reason: must be at most 2000 characters; found 2001 characters"),
    ([KUWAIT, "--reason", "Test.", "--on", AHEAD], f"--on: withdrawn on {AHEAD}, which is in the future"),
    ([KUWAIT, "--reason", "Test.", "--on", "2025-05-01"],
     "--on: withdrawn on 2025-05-01, before the record was added (2026-11-23)"),
])
def test_a_request_that_cannot_be_met_changes_nothing(seeds, cli, args, message):
    before = snapshot(seeds)
    done = cli("withdraw", *args, "--records", "seeds", cwd=seeds.parent)
    assert (done.code, done.stdout, done.stderr) == (2, "", f"Error: {message}\n")
    assert snapshot(seeds) == before


def test_only_a_yaml_file_is_taken_for_the_record_its_name_gives(seeds, cli):
    """A file beside the record with another five-letter suffix (an export, ``.json``) sorts
    before it; withdraw must still rewrite the record, and leave the other file alone."""
    stray = meeting_path(seeds, KUWAIT).with_suffix(".json")
    stray.write_text("{}\n", encoding="utf-8")
    assert cli("withdraw", KUWAIT, "--reason", "Test.", "--records", "seeds", cwd=seeds.parent).code == 0
    assert "withdrawal" in yaml.safe_load(meeting_path(seeds, KUWAIT).read_text(encoding="utf-8"))
    assert stray.read_text(encoding="utf-8") == "{}\n"


def test_a_file_among_the_year_folders_is_passed_over(seeds, cli):
    """A file beside the year folders (a ``.DS_Store`` that Finder leaves, a README) is no year:
    listing it as a folder refused every withdrawal with "Not a directory"."""
    (seeds / "meetings" / ".DS_Store").write_bytes(b"\x00\x00\x00\x01Bud1")
    assert cli("withdraw", KUWAIT, "--reason", "Test.", "--records", "seeds", cwd=seeds.parent).code == 0
    assert "withdrawal" in yaml.safe_load(meeting_path(seeds, KUWAIT).read_text(encoding="utf-8"))


@pytest.mark.parametrize("args, what", [([KUWAIT], "the record to withdraw"),
                                        ([BAHRAIN, "--replaced-by", KUWAIT], "the record that replaces it")],
                         ids=["withdrawn", "replacement"])
def test_an_id_with_two_files_is_refused_naming_both(seeds, cli, args, what):
    """A record copied into another year's folder, not moved: withdrawing whichever copy came
    first left the other one active under the same id."""
    original = meeting_path(seeds, KUWAIT)
    copy = seeds / "meetings" / "2024" / original.name
    copy.parent.mkdir()
    shutil.copy(original, copy)
    before = snapshot(seeds)
    done = cli("withdraw", *args, "--reason", "Test.", "--records", "seeds", cwd=seeds.parent)
    assert (done.code, done.stdout, done.stderr) == (2, "", (
        f"Error: 2 meeting files have the id '{KUWAIT}' ({what}): seeds/meetings/2024/{original.name}, "
        f"seeds/meetings/2025/{original.name}; keep one and delete the others\n"))
    assert snapshot(seeds) == before


def test_a_record_withdrawn_once_is_not_withdrawn_again(seeds, cli):
    args = ("withdraw", KUWAIT, "--reason", "Test.", "--records", "seeds")
    assert cli(*args, cwd=seeds.parent).code == 0
    before = snapshot(seeds)
    on = yaml.safe_load(meeting_path(seeds, KUWAIT).read_text(encoding="utf-8"))["withdrawal"]["withdrawn_on"]
    again = cli(*args, cwd=seeds.parent)
    assert (again.code, again.stderr) == (2, f"Error: {KUWAIT} was already withdrawn on {on.isoformat()}; "
                                             "edit its withdrawal to change the reason or date\n")
    assert snapshot(seeds) == before


@pytest.mark.parametrize("comment", [False, True])
def test_a_replacement_that_leads_back_is_refused(seeds, cli, comment):
    assert cli("withdraw", BAHRAIN, "--reason", "Test.", "--replaced-by", KUWAIT, "--records", "seeds",
               cwd=seeds.parent).code == 0
    if comment:  # a comment that fmt would refuse, in a file the chain only reads: no reason to stop there
        path = meeting_path(seeds, BAHRAIN)
        path.write_text(path.read_text(encoding="utf-8").replace("kind: official_visit\n",
                                                                 "kind: official_visit  # per News.Az\n"), encoding="utf-8")
    before = snapshot(seeds)
    done = cli("withdraw", KUWAIT, "--reason", "Test.", "--replaced-by", BAHRAIN, "--records", "seeds",
               cwd=seeds.parent)
    assert (done.code, done.stderr) == (2, f"Error: {KUWAIT} -> {BAHRAIN} -> {KUWAIT} goes round in a circle: "
                                           "a record cannot be replaced, even through others, by itself\n")
    assert snapshot(seeds) == before


def test_a_chain_into_a_circle_elsewhere_is_left_to_validate(twinned, cli):
    """The circle check follows replacements only to refuse one that comes back to the record
    being withdrawn. A circle among other records is validate's to report, at those records;
    the withdrawal itself goes ahead."""
    seeds = twinned
    assert cli("withdraw", BAHRAIN, "--reason", "Test.", "--replaced-by", TWIN, "--records", "seeds",
               cwd=seeds.parent).code == 0
    twin = meeting_path(seeds, TWIN)
    withdrawn = twin.read_text(encoding="utf-8").replace("status: active", "status: withdrawn", 1)
    twin.write_text(withdrawn + "withdrawal:\n  reason: "
                    f"Test.\n  withdrawn_on: {date.today().isoformat()}\n  replaced_by: {BAHRAIN}\n", encoding="utf-8")
    assert cli("withdraw", KUWAIT, "--reason", "Test.", "--replaced-by", BAHRAIN, "--records", "seeds",
               cwd=seeds.parent).code == 0
    [error] = validate_tree(seeds).errors
    assert error.code == "rule.cycle" and set(error.message.split(": ", 1)[1].split(" > ")) == {BAHRAIN, TWIN}


@pytest.mark.parametrize("old, new, code", [
    ("\nsources:", "\nbroken: [\nsources:", "yaml.syntax"),
    ("status: active", "status: draft", "schema.vocabulary"),  # YAML that its model refuses
], ids=["broken YAML", "refused by the model"])
def test_a_replacement_that_cannot_be_read_is_left_to_validate(seeds, cli, old, new, code):
    edit(seeds, BAHRAIN, old, new)
    done = cli("withdraw", KUWAIT, "--reason", "Test.", "--replaced-by", BAHRAIN, "--records", "seeds",
               cwd=seeds.parent)
    assert (done.code, done.stderr) == (0, "")
    assert yaml.safe_load(meeting_path(seeds, KUWAIT).read_text(encoding="utf-8"))["withdrawal"]["replaced_by"] == BAHRAIN
    assert [(e.code, Path(e.path).stem) for e in validate_tree(seeds).errors] == [(code, BAHRAIN)]


def test_a_file_the_rewrite_would_spoil_is_reported_at_its_line_not_rewritten(seeds, cli):
    path = meeting_path(seeds, KUWAIT)
    path.write_text(path.read_text(encoding="utf-8").replace("kind: official_visit\n",
                                                             "kind: official_visit  # as AZERTAC says\n"), encoding="utf-8")
    before = snapshot(seeds)
    done = cli("withdraw", KUWAIT, "--reason", "Test.", "--records", "seeds", cwd=seeds.parent)
    assert done.code == 1 and done.stderr.startswith(f"seeds/meetings/2025/{KUWAIT}.yaml:")
    assert "comment would be lost by fmt" in done.stderr and "Traceback" not in done.stderr
    assert snapshot(seeds) == before


def test_a_malformed_date_is_refused_by_the_option(seeds, cli):
    done = cli("withdraw", KUWAIT, "--reason", "Test.", "--on", "2026-02-30", "--records", "seeds", cwd=seeds.parent)
    assert done.code == 2 and "argument --on: must be YYYY-MM-DD; got '2026-02-30', a day the calendar does not have" \
        in done.stderr


def test_no_records_tree_is_a_usage_error(tmp_path, cli):
    done = cli("withdraw", KUWAIT, "--reason", "Test.", cwd=tmp_path)
    assert (done.code, done.stderr) == (2, "Error: records/meetings does not exist; run this in a clone of the "
                                           "dataset or pass --records DIR\n")
