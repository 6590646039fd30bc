"""The mutation script: the faults it picks for a change (``tests/mutation.py --since REV``), that
every fault on its list still fits the code it breaks, and that its record of random samples is
the draws it claims to be."""
from __future__ import annotations

import re
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

import mutation
import pytest
from conftest import needs_git_checkout
from mutation import FIT_CHECK, MUTANTS, REPO, changed_lines, problem, pytest_command, touching, unusable
from mutation_samples import (
    ADDED, DROPPED, EXCLUDED, SAMPLES, Sample, draw, drawn_from, next_sample, spliced, table, undrawn, unrun,
)

IDS = [mutant[0] for mutant in MUTANTS]

DIFF = """diff --git a/gulfvisits/x.py b/gulfvisits/x.py
--- a/gulfvisits/x.py
+++ b/gulfvisits/x.py
@@ -3 +3 @@
-old
+new
@@ -10,2 +9,0 @@
-gone
-gone
diff --git a/README.md b/README.md
--- a/README.md
+++ b/README.md
@@ -1 +1 @@
-a
+b
"""


def test_a_change_selects_the_faults_on_the_lines_it_touched():
    # numbered as in the new file; a removal marks the lines on either side of its gap
    assert changed_lines(DIFF) == {"x.py": {3, 9, 10}}
    source = {"x.py": "a\nb\nnew\nd\ne\nf\ng\nh\ni\nj\n"}
    mutants = [("on", "x.py", "new\n", ""), ("spans", "x.py", "b\nnew", "b"), ("off", "x.py", "e\n", ""),
               ("by the gap", "x.py", "i\n", ""), ("elsewhere", "y.py", "a\n", ""), ("stale", "x.py", "zz", "")]
    assert [m[0] for m in touching(mutants, changed_lines(DIFF), source)] == ["on", "spans", "by the gap"]


def test_no_change_selects_no_fault():
    assert touching(MUTANTS, changed_lines(""), {}) == []


@needs_git_checkout
def test_an_unknown_revision_is_refused_without_a_traceback():
    script = Path(__file__).with_name("mutation.py")
    done = subprocess.run([sys.executable, str(script), "--since", "no-such-revision"], capture_output=True, text=True)
    assert done.returncode == 1 and done.stdout == ""
    assert done.stderr.startswith("--since no-such-revision: fatal: ") and "Traceback" not in done.stderr


def test_contributing_counts_the_faults_the_list_holds():
    """CONTRIBUTING.md says how long the list is, in prose that no command regenerates; a session
    that adds faults and forgets the sentence leaves contributors a wrong size for a whole pass."""
    guide = (REPO / "CONTRIBUTING.md").read_text(encoding="utf-8")
    said = re.search(r"the list has ([\d,]+) since", guide)
    assert said and int(said[1].replace(",", "")) == len(MUTANTS)


def test_every_fault_has_an_id_and_a_change_of_its_own():
    """Samples and runs name faults by id, so two faults under one id are drawn as one: at 0.82.38
    a new fault took the id of one already on the list, and the draw found one fault fewer to
    draw than had been added. The same change under two ids would be run twice, proving nothing
    more (that new fault was the same change as the old one too)."""
    assert len(set(IDS)) == len(IDS)
    changes = [(module, old, new) for _, module, old, new in MUTANTS]
    assert len(set(changes)) == len(changes)


def test_every_fault_still_fits_the_code_it_breaks():
    """A fault whose snippet the code no longer holds stops a whole pass when its turn comes. Five
    had gone stale (the folding of names moved to folding.py at 0.59.2, a filter changed at 0.64.0)
    before a sample reached one at 0.79.15; the suite now checks the whole list on every run."""
    assert unusable(MUTANTS, REPO) == []


def test_a_fault_that_no_longer_fits_is_named_with_the_reason():
    source = "def f():\n    return 1\n"
    assert problem(("moved", "m.py", "return 2", "return 3"), source) == (
        "moved: the snippet occurs 0 times in m.py; update the mutant")
    assert problem(("twice", "m.py", "", ""), source + source) is None  # the unchanged run
    assert problem(("broken", "m.py", "return 1", "return (1"), source).startswith(
        "broken: the fault does not compile (")
    assert problem(("fits", "m.py", "return 1", "return 0"), source) is None


def test_a_mutant_run_leaves_out_the_fit_check_which_every_fault_fails(tmp_path):
    """In a copy that holds a fault, the fit check above fails whatever the fault, so a run that
    kept it reported as killed every fault the test files before it let through: at 0.79.19 it
    "killed" s-show-withdrawal-first, which only test_show.py, run after it, can catch. The runs
    leave it out by name, and pytest ignores a name that matches nothing, so the name is checked."""
    ident, module, old, new = next(m for m in MUTANTS if m[0] == "s-show-withdrawal-first")
    copy = tmp_path / "checkout"
    (copy / "gulfvisits").mkdir(parents=True)
    for name in {m[1] for m in MUTANTS}:
        text = (REPO / "gulfvisits" / name).read_text(encoding="utf-8")
        (copy / "gulfvisits" / name).write_text(text.replace(old, new) if name == module else text, encoding="utf-8")
    assert f"{ident}: the snippet occurs 0 times in {module}; update the mutant" in unusable(MUTANTS, copy)
    command = pytest_command(copy)
    assert command[command.index("--deselect") + 1] == FIT_CHECK
    path, _, test = FIT_CHECK.partition("::")
    assert Path(path).name == Path(__file__).name and callable(globals().get(test))


@pytest.mark.parametrize("fault, generated, shows", [
    (("any-digit", "models.py", 'r"^Q[1-9][0-9]*$"', 'r"^Q[0-9]+$"'), "schema/people.schema.json", '"^Q[0-9]+$"'),
    (("gulf-country", "docs.py", '"| Gulf state | "', '"| Gulf country | "'), "README.md", "| Gulf country |"),
    (("no-keywords", "cite.py", '"keywords": list(KEYWORDS)', '"keywords": []'), ".zenodo.json", '"keywords": []'),
    (("file-title", "schema.py", '"title": f"gulfvisits {name}"', '"title": f"gulfvisits {name} file"'),
     "schema/meeting.schema.json", '"title": "gulfvisits meeting file"'),
], ids=["models", "docs", "cite", "schema"])
def test_a_fault_in_a_module_files_are_generated_from_is_tested_against_what_it_generates(
        tmp_path, monkeypatch, fault, generated, shows):
    """The files the faulty module generates are in place while the tests run, and the committed
    ones are back afterwards; a fault in any other module is tested against the committed files.
    The test run here only copies out the generated file it is given."""
    copy = tmp_path / "checkout"
    for folder in ("gulfvisits", "schema", "records"):
        shutil.copytree(REPO / folder, copy / folder, ignore=shutil.ignore_patterns("__pycache__"))
    for name in ("README.md", "DATASHEET.md", "CONTRIBUTING.md", "CITATION.cff", ".zenodo.json"):
        shutil.copy(REPO / name, copy / name)
    files = [*(copy / "schema").glob("*.json"), *(file for file in copy.iterdir() if file.is_file())]
    committed = {file: file.read_bytes() for file in files}
    seen = tmp_path / "seen"
    copy_out = f"import shutil; shutil.copy({str(copy / generated)!r}, {str(seen)!r})"
    monkeypatch.setattr(mutation, "pytest_command", lambda *args, **kwargs: [sys.executable, "-c", copy_out])

    assert mutation.run(fault, copy) == (False, "")
    assert shows in seen.read_text(encoding="utf-8")
    assert {file: file.read_bytes() for file in files} == committed
    assert fault[2] in (copy / "gulfvisits" / fault[1]).read_text(encoding="utf-8")

    assert mutation.run(next(m for m in MUTANTS if m[1] == "rules.py"), copy) == (False, "")
    assert seen.read_bytes() == committed[copy / generated]


@pytest.fixture
def empty_copies(monkeypatch):
    """``_run_all`` with empty folders for copies of the checkout, and every fault taken to fit,
    for tests that put a stand-in for ``run`` in its place."""
    monkeypatch.setattr(mutation, "unusable", lambda mutants, copy: [])
    monkeypatch.setattr(mutation.shutil, "copytree", lambda source, target, ignore=None: target.mkdir())


def test_faults_run_two_at_a_time_each_in_its_own_copy_and_each_is_reported(monkeypatch, capsys, empty_copies):
    """``--jobs 2``: the first two faults must be in their runs at the same moment (a barrier that
    both must reach, or the test fails after ten seconds), in different copies; each fault is
    reported once, as its run ends; the unchanged runs use every core, before in one copy and
    after in each."""
    chosen = MUTANTS[:4]
    both = threading.Barrier(2, timeout=10)
    runs: list[tuple[str, Path, bool]] = []

    def fake_run(mutant, copy, first=None, *, every_core=False):
        runs.append((mutant[0], copy, every_core))
        if mutant in chosen[:2]:
            both.wait()
        killed = not mutant[0].startswith("baseline") and mutant != chosen[2]  # the third survives
        return killed, "FAILED tests/test_x.py::test_y" if killed else ""

    monkeypatch.setattr(mutation, "run", fake_run)
    assert mutation._run_all(chosen, jobs=2) == 1
    printed = capsys.readouterr().out.splitlines()
    report = [line for line in printed if not line.startswith("(unchanged")]
    assert [line.split()[:1] for line in printed if line.startswith("(unchanged")] == [["(unchanged,"]] * 3
    assert sorted(line.split()[:2] for line in report[:4]) == sorted([m[0], "SURVIVED" if m is chosen[2] else "killed"]
                                                                     for m in chosen)
    assert report[4].startswith("4 mutants: 3 killed or equivalent, 1 survived")
    by_fault = {ident: copy for ident, copy, _ in runs if not ident.startswith("baseline")}
    assert by_fault[chosen[0][0]] != by_fault[chosen[1][0]]
    baselines = [(ident, copy, every_core) for ident, copy, every_core in runs if ident.startswith("baseline")]
    assert [b[0] for b in baselines] == ["baseline-before", "baseline-after", "baseline-after"]
    assert all(every_core for *_, every_core in baselines) and {b[1] for b in baselines[1:]} == set(by_fault.values())


def test_a_fault_starts_with_the_file_that_killed_its_module_s_last_or_with_its_module_s_start_file(
        monkeypatch, empty_copies):
    """Until 0.82.22 a copy was freed before its fault's killer was recorded, by the thread that
    reports: in the seed-92 run `d-counts-withdrawn-as-active` started in that gap, without the
    file that had just killed a fault of `docs.py`, and ran most of the suite (454 s). A slow
    ``_killer`` widens the gap here; the second fault, of the same module, must still start with
    the file, and then its module's own test file (test_withdraw.py, which is not in ORDER). A
    fault of a module with start files starts there whatever killed the one before."""
    record = mutation._killer
    monkeypatch.setattr(mutation, "_killer", lambda failed: (time.sleep(0.3), record(failed))[1])
    withdraws = [m for m in MUTANTS if m[1] == "withdraw.py"][:2]
    generators = [fault for module in mutation.START_FILES for fault in [m for m in MUTANTS if m[1] == module][:2]]
    chosen = [*withdraws, *generators]
    firsts: dict[str, tuple[str, ...]] = {}

    def fake_run(mutant, copy, first=(), *, every_core=False):
        firsts[mutant[0]] = tuple(first)
        return not mutant[0].startswith("baseline"), "FAILED tests/test_new.py::test_y"

    monkeypatch.setattr(mutation, "run", fake_run)
    assert mutation._run_all(chosen, jobs=1) == 0
    own = "tests/test_withdraw.py"
    assert [firsts[m[0]] for m in chosen] == [(own,), ("tests/test_new.py", own),
                                              *(mutation.START_FILES[m[1]] for m in generators)]
    assert mutation.ordered_test_files(REPO, firsts[withdraws[1][0]])[:2] == ["tests/test_new.py", own]
    assert "withdraw" not in mutation.ORDER
    assert mutation.first_files("diff.py", None) == ("tests/test_versions.py",)  # its tests' file is named otherwise
    assert mutation.first_files("explain.py", own) == (own, "tests/test_validate.py", "tests/test_hostile.py")
    assert all((REPO / file).is_file() for files in mutation.TESTED_IN.values() for file in files)
    # A module's faults start in a file that exists: the default for rules.py, test_rules.py, does
    # not, and its 135 faults went through the suite in ORDER. These few have tests everywhere.
    spread = {"__init__.py", "_resources.py", "errors.py", "folding.py", "isocodes.py"}
    for module in {m[1] for m in MUTANTS} - set(mutation.START_FILES) - spread:
        assert any((REPO / file).is_file() for file in mutation.first_files(module, None)), module
    assert set(mutation.START_FILES) == set(mutation.GENERATED_FROM)
    every_file = mutation.ordered_test_files(REPO)
    for starts in set(mutation.START_FILES.values()):
        ordered = mutation.ordered_test_files(REPO, starts)
        assert ordered[:len(starts)] == list(starts) and sorted(ordered) == sorted(every_file)


@pytest.mark.parametrize("words", [["--jobs"], ["--jobs", "0"], ["--jobs", "two", "r-id-date"]])
def test_a_bad_jobs_count_is_refused(words):
    with pytest.raises(SystemExit, match="--jobs takes a number"):
        mutation.main(words)


def test_every_sample_is_the_draw_it_claims_to_be():
    """The samples were drawn by hand, session by session, with a script kept outside the project;
    drawn again here from the list, each must come out fault for fault, in the same order."""
    for index, sample in enumerate(SAMPLES):
        assert draw(IDS, sample.seed, len(sample.ids), SAMPLES[:index]) == list(sample.ids), sample.seed


def test_a_sample_drawn_from_another_pool_is_not_the_same_draw():
    """The check above can fail: the second sample, drawn without leaving out what the first took,
    or the first, drawn from the list in another order, comes out different. The list is reversed
    up to its first later addition: reversed whole, it put the additions first, and ``pool()``,
    which cuts the list there for earlier seeds, left the first draw too few faults."""
    second, first = SAMPLES[1], SAMPLES[0]
    assert draw(IDS, second.seed, len(second.ids), ()) != list(second.ids)
    original = IDS[:min(IDS.index(fault) for fault in ADDED)]
    assert draw([*original[::-1], *IDS[len(original):]], first.seed, len(first.ids), ()) != list(first.ids)


def test_the_samples_and_their_runs_add_up():
    drawn = [fault for sample in SAMPLES for fault in sample.ids]
    assert len(drawn) == len(set(drawn)) and set(drawn) <= set(drawn_from(IDS))
    assert set(DROPPED) <= set(drawn) and not set(DROPPED) & set(IDS)
    assert [sample.seed for sample in SAMPLES] == sorted({sample.seed for sample in SAMPLES})
    for sample in SAMPLES:
        assert sum(run.faults for run in sample.runs) <= len(sample.ids), sample.seed
        assert all(0 <= run.killed <= run.faults and run.mutant_minutes > 0 for run in sample.runs), sample.seed
        assert all(run.note for run in sample.runs if run.killed < run.faults), sample.seed
    for first, since in ADDED.items():  # appended: no sample before its seed drew from it
        added = set(IDS[IDS.index(first):])
        assert all(not added & set(sample.ids) for sample in SAMPLES if sample.seed < since), first
    excluded = set().union(*(ids for _, ids in EXCLUDED))
    assert len(undrawn(IDS)) == len(IDS) - len(set(drawn) & set(IDS)) - len(excluded - set(drawn))
    assert set(unrun()) <= set(drawn) and not set(unrun()) & set(undrawn(IDS))


def test_contributing_shows_the_samples_as_recorded():
    """The table of samples in CONTRIBUTING.md is printed by ``mutation.py --table``; a run added to
    the record and not to the guide, or the other way round, fails here."""
    assert table(IDS) in (REPO / "CONTRIBUTING.md").read_text(encoding="utf-8")


def test_the_sample_commands_answer_without_a_traceback():
    script = Path(__file__).with_name("mutation.py")

    def command(*words: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, str(script), *words], capture_output=True, text=True)

    listed = command("--undrawn")
    assert listed.returncode == 0 and listed.stdout.split() == undrawn(IDS)
    nxt = SAMPLES[-1].seed + 1
    for words in (["--draw", str(SAMPLES[-1].seed), "3"], ["--draw", str(nxt), str(len(IDS))],
                  ["--draw", str(nxt), "0"], ["--draw", "x"]):
        refused = command(*words)
        assert refused.returncode == 1 and refused.stdout == "" and "Traceback" not in refused.stderr, words


def test_a_draw_takes_the_next_sample_until_every_fault_is_drawn():
    """Run against the samples before the last, a draw is the last sample drawn again, and out of
    bounds it is refused; once every fault is drawn it says so rather than offer a size of none.
    The last sample is drawn again by ``draw``, which puts back a fault dropped since (seed 95's
    ``r-error-key-ignored``); ``next_sample`` offers only the faults still on the list."""
    before, last = SAMPLES[:-1], SAMPLES[-1]
    left = undrawn(IDS, before)
    assert draw(IDS, last.seed, len(last.ids), before) == list(last.ids)
    assert next_sample(IDS, last.seed, len(left), before) == draw(IDS, last.seed, len(left), before)
    for seed, size in ((before[-1].seed, 1), (last.seed, 0), (last.seed, len(left) + 1)):
        with pytest.raises(ValueError, match=f"seed above {before[-1].seed} and 1 to {len(left)} faults"):
            next_sample(IDS, seed, size, before)
    exhausted = (*SAMPLES, Sample(last.seed + 1, "-", tuple(undrawn(IDS)), ()))
    with pytest.raises(ValueError, match="every fault on the list has been drawn"):
        next_sample(IDS, last.seed + 2, 1, exhausted)


def test_the_table_is_written_into_the_guide_in_place_of_a_stale_one(tmp_path):
    """``--write-table`` replaces the table and only the table: the prose round it stays as it was,
    a current guide is left untouched, and a guide with no table is refused rather than appended to."""
    guide = tmp_path / "CONTRIBUTING.md"
    current = table(IDS)
    stale = current.replace(current.splitlines()[2] + "\n", "")  # one run row gone
    guide.write_text(f"before\n\n{stale}\nafter\n", encoding="utf-8")
    assert mutation.write_table(guide, IDS) is True
    assert guide.read_text(encoding="utf-8") == f"before\n\n{current}\nafter\n"
    assert mutation.write_table(guide, IDS) is False and list(tmp_path.iterdir()) == [guide]  # no temporary left
    assert spliced(f"text\n{current}", IDS) == f"text\n{current}"  # a table that ends the file
    with pytest.raises(ValueError, match="no table"):
        spliced("no table here\n", IDS)


def test_a_run_will_not_start_while_the_guide_s_table_is_stale(monkeypatch, tmp_path):
    """The unchanged run would fail on the stale table only after minutes; the script refuses first,
    before it copies anything, and names the command that mends it."""
    current = table(IDS)
    (tmp_path / "CONTRIBUTING.md").write_text(current.replace(current.splitlines()[-1] + "\n", ""), encoding="utf-8")
    monkeypatch.setattr(mutation, "REPO", tmp_path)
    monkeypatch.setattr(mutation.shutil, "copytree", lambda *args, **kwargs: pytest.fail("copied"))
    with pytest.raises(SystemExit, match="--write-table"):
        mutation._run_all(MUTANTS[:1])
