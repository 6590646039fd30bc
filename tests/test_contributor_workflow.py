"""The contributor's path: pre-commit hooks, the pull-request workflow, incremental validation."""
from __future__ import annotations

import re
import shlex
import shutil
import subprocess
import sys

import pytest
import yaml

from conftest import (BAHRAIN, KUWAIT, REPO, committed, meeting_path, needs_git_checkout, readme_test_command,
                      skip_unless_names_can_hold)

HOOKS = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))


def _run_hook(hook: dict, files: list[str], cwd) -> subprocess.CompletedProcess:
    """Run a hook's entry as pre-commit would: the entry words, then the matching file names."""
    words = shlex.split(hook["entry"])
    assert words[0] == "gulfvisits"
    matching = [f for f in files if re.search(hook["files"], f)]
    return subprocess.run([sys.executable, "-m", "gulfvisits", *words[1:], *matching], cwd=cwd,
                          capture_output=True, text=True)


def _console_blocks(text: str) -> list[tuple[list[str], list[str]]]:
    """Each ```console block of a document as (command words, output lines)."""
    blocks = []
    for body in re.findall(r"```console\n(.*?)```", text, re.S):
        command, _, output = body.replace("\\\n", " ").partition("\n")
        assert command.startswith("$ "), command
        blocks.append((shlex.split(command[2:]), output.splitlines()))
    return blocks


def test_the_contributing_walkthrough_prints_what_it_shows(tmp_path):
    """Steps 1 to 3 of CONTRIBUTING.md, replayed in a copy of the records without the record
    they build: every output line shown must come out, in order ("..." stands for lines left
    out). Its counts had gone stale ("in 6 file(s)" and "in 7 file(s)", from an older tree)."""
    scaffold, to_fill, mistake = _console_blocks((REPO / "CONTRIBUTING.md").read_text(encoding="utf-8"))[:3]
    shutil.copytree(REPO / "records", tmp_path / "records")
    built = tmp_path / scaffold[1][0]
    finished = built.read_text(encoding="utf-8")
    built.unlink()
    mistaken = finished.replace("  - health\n", "  - healthcare\n", 1)
    for (words, shown), before in ((scaffold, None), (to_fill, None), (mistake, mistaken)):
        if before is not None:
            built.write_text(before, encoding="utf-8")
        assert words[0] == "gulfvisits"
        done = subprocess.run([sys.executable, "-m", "gulfvisits", *words[1:]], cwd=tmp_path, capture_output=True,
                              text=True)
        printed = iter((done.stdout + done.stderr).splitlines())
        for line in shown:
            if line != "...":
                assert line in printed, (words, line)  # consumes the iterator: order counts
    assert built.read_text(encoding="utf-8") == mistaken


def test_hooks_are_declared_for_validate_and_fmt():
    assert {h["id"]: h["entry"] for h in HOOKS} == {"gulfvisits-validate": "gulfvisits validate",
                                                   "gulfvisits-fmt": "gulfvisits fmt --check"}
    assert all(h["language"] == "python" and h["pass_filenames"] for h in HOOKS)


def test_hooks_pass_a_good_file_and_fail_a_bad_one(tree):
    good = f"records/meetings/2025/{BAHRAIN}.yaml"
    bad = f"records/meetings/2025/{KUWAIT}.yaml"
    path = meeting_path(tree, KUWAIT)
    path.write_text(path.read_text(encoding="utf-8").replace("side: hosting", "side: host").replace(
        "countries:\n  - AZE\n  - KWT\n", "countries: [AZE, KWT]\n"), encoding="utf-8")
    for hook in HOOKS:
        passed = _run_hook(hook, [good, "README.md"], tree.parent)
        assert passed.returncode == 0, (hook["id"], passed.stderr)
        failed = _run_hook(hook, [bad], tree.parent)
        assert failed.returncode == 1, hook["id"]
        assert bad in failed.stderr and "Traceback" not in failed.stderr


def test_pull_request_workflow_runs_the_same_checks():
    workflow = yaml.safe_load((REPO / ".github" / "workflows" / "pull-request.yml").read_text(encoding="utf-8"))
    commands = [step.get("run", "") for step in workflow["jobs"]["check"]["steps"]]
    assert "gulfvisits validate --format github" in commands
    assert "gulfvisits fmt --check" in commands and "gulfvisits schema --check" in commands
    assert readme_test_command().removeprefix(".venv/bin/") in commands  # the README's, on the runner's Python
    assert "pull_request" in workflow[True]  # PyYAML reads the key `on` as a boolean
    # the versions the package says it supports are the ones each pull request is tested on
    import tomllib

    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    named = [c.rsplit(" :: ", 1)[1] for c in project["classifiers"]
             if re.fullmatch(r"Programming Language :: Python :: 3\.\d+", c)]
    matrix = workflow["jobs"]["check"]["strategy"]["matrix"]["python"]
    assert matrix == named == ["3.11", "3.12", "3.13", "3.14", "3.15"]
    assert project["requires-python"] == f">={named[0]}"
    said = (f"Python {named[0]} or later is needed; every pull request is tested on {', '.join(named[:-1])} and "
            f"{named[-1]}, and on {named[0]} with every dependency at the lowest version `pyproject.toml` allows.")
    assert said in " ".join((REPO / "README.md").read_text(encoding="utf-8").split())  # however the lines wrap
    # and .ci/run, which has only the machine's Python, unpacks the newest of them to run the suite again
    run = (REPO / ".ci" / "run").read_text(encoding="utf-8")
    unpack = (REPO / ".ci" / "debian_python.sh").read_text(encoding="utf-8")
    assert f'step "the test suite again on Python {named[-1]}, the newest the classifiers name"' in run
    assert f'if [ "$this_python" = "{named[-1]}" ]; then' in run and "$(.ci/debian_python.sh " in run
    assert '"$outside/newest/venv/bin/python" -m pytest -q -n auto\n' in run  # the whole suite, on every core
    assert re.search(rf"^version={re.escape(named[-1])}\s", unpack, re.MULTILINE)
    assert '"python$version" "python$version-minimal" "python$version-venv"' in unpack
    assert 'echo "$root/usr/bin/python$version"' in unpack


def test_changed_since_reads_a_new_file_git_does_not_track_yet(seeds, tmp_path, cli):
    # A contributor's new record is untracked until its first commit, and is what most needs checking.
    repo, _ = committed(seeds, tmp_path)
    draft = repo / "records" / "meetings" / "2025" / "2025-05-01-aze-kwt-draft.yaml"
    draft.write_text("id: [\n", encoding="utf-8")
    # A tracked file changed too: with no change at all, every file would be read anyway.
    bahrain = meeting_path(repo / "records", BAHRAIN)
    bahrain.write_text(bahrain.read_text(encoding="utf-8") + "# checked again\n", encoding="utf-8")
    result = cli("validate", "records", "--changed-since", "HEAD", cwd=repo)
    assert result.code == 1
    assert result.stderr.startswith("records/meetings/2025/2025-05-01-aze-kwt-draft.yaml:2:1: ")


def test_changed_since_reads_a_new_meeting_file_that_is_a_link_out_of_the_tree(seeds, tmp_path, cli):
    # git lists the link by its own name; resolved, it named its target, outside the tree, and went unread.
    repo, _ = committed(seeds, tmp_path)
    outside = tmp_path / "drafts" / "draft.yaml"
    outside.parent.mkdir()
    outside.write_text("id: [\n", encoding="utf-8")
    (repo / "records" / "meetings" / "2025" / "2025-05-01-aze-kwt-draft.yaml").symlink_to(outside)
    result = cli("validate", "records", "--changed-since", "HEAD", cwd=repo)
    assert result.code == 1, result.stderr
    assert result.stderr.startswith("records/meetings/2025/2025-05-01-aze-kwt-draft.yaml:2:1: ")


def test_changed_since_reads_a_file_whose_name_git_would_quote(seeds, tmp_path, cli):
    # git quotes a non-ASCII or space-holding name ("...caf\\303\\251.yaml") unless asked for raw names;
    # a quoted name no longer ends in .yaml, and the file would go unread.
    skip_unless_names_can_hold("café", "ü")
    repo, git = committed(seeds, tmp_path)
    for name in ("2025-05-01-aze-kwt-café.yaml", "2025-05-02-aze-kwt-draft copy.yaml"):
        (repo / "records" / "meetings" / "2025" / name).write_text("id: [\n", encoding="utf-8")
    tracked = meeting_path(repo / "records", BAHRAIN).with_name("2025-05-12-aze-bhr-ü.yaml")
    git("mv", str(meeting_path(repo / "records", BAHRAIN)), str(tracked))
    result = cli("validate", "records", "--changed-since", "HEAD", cwd=repo)
    assert result.code == 1
    named = {line.split(":")[0] for line in result.stderr.splitlines()}
    assert {f"records/meetings/2025/{name}" for name in ("2025-05-01-aze-kwt-café.yaml",
            "2025-05-02-aze-kwt-draft copy.yaml", "2025-05-12-aze-bhr-ü.yaml")} <= named, result.stderr


def test_changed_since_reports_changed_files_and_every_cross_record_rule(seeds, tmp_path, cli):
    repo, git = committed(seeds, tmp_path)
    # An old problem in an untouched file is not re-reported ...
    bahrain = meeting_path(repo / "records", BAHRAIN)
    bahrain.write_text(bahrain.read_text(encoding="utf-8").replace("kind: official_visit", "kind: visit"), encoding="utf-8")
    git("-c", "user.name=t", "-c", "user.email=t@example.org", "commit", "-qam", "old problem")
    # ... but a change that breaks another file through a reference is.
    topics = repo / "records" / "topics.yaml"
    topics.write_text(topics.read_text(encoding="utf-8").replace("- id: energy\n", "- id: energy_sector\n"),
                      encoding="utf-8")
    result = cli("validate", "records", "--changed-since", "HEAD", cwd=repo)
    assert result.code == 1
    lines = result.stderr.splitlines()
    assert lines[0].startswith(f"records/meetings/2025/{KUWAIT}.yaml:") and "'energy' is not in the topics" in lines[0]
    assert not any(BAHRAIN in line for line in lines)
    assert cli("validate", "records", "--changed-since", "no-such-rev", cwd=repo).code == 2


@pytest.mark.parametrize("revision", ["HEAD^{tree}", "HEAD:records/topics.yaml"])
def test_a_revision_is_taken_only_where_it_names_a_commit(seeds, tmp_path, cli, revision):
    """A tree or a file that git can name is no commit to compare with. Taken as one, a tree was
    compared as if it were a commit, and a file ended in git's own error ("not a regular file");
    ``diff`` took either for a commit."""
    repo, _ = committed(seeds, tmp_path)
    result = cli("validate", "records", "--changed-since", revision, cwd=repo)
    assert result.code == 2 and result.stderr.startswith(f"Error: --changed-since {revision}: neither a git revision "
                                                         "nor a released version of "), result.stderr
    result = cli("diff", revision, "records", cwd=repo)
    assert (result.code, result.stderr) == (2, f"Error: {revision!r} is neither a folder, nor a revision or a released "
                                               "version of the git repository here\n")


@pytest.mark.parametrize("engine", ["pydantic", "jsonschema"])
def test_a_file_given_alone_is_counted_alone(seeds, cli, engine):
    """A problem in a file not given is not reported, so that file is not counted as valid
    either: a registry given alone reported the whole tree, broken files included, as valid."""
    bahrain = meeting_path(seeds, BAHRAIN)
    bahrain.write_text(bahrain.read_text(encoding="utf-8").replace("kind: official_visit", "kind: visit"), encoding="utf-8")
    kuwait = meeting_path(seeds, KUWAIT)
    for given, counted in ((seeds / "people.yaml", "OK: 3 file(s) valid, 0 meeting(s)"),
                           (kuwait, "OK: 4 file(s) valid, 1 meeting(s)")):
        result = cli("validate", "--engine", engine, "--no-cache", str(given))
        assert (result.code, result.stdout, result.stderr) == (0, counted + "\n", "")
    assert cli("validate", "--engine", engine, str(seeds)).code == 1


@needs_git_checkout
def test_a_windows_checkout_passes_the_byte_for_byte_checks(tmp_path, cli):
    # core.autocrlf=true (Git for Windows' default) turns LF into CRLF on checkout, unless
    # .gitattributes says otherwise; then `fmt --check` (the pre-commit hook) fails on all 194
    # records, measured. This clones the committed HEAD: what a contributor gets, not the working tree.
    # The checks run the clone's own package (`python -m` puts the clone first on sys.path): run by
    # the working tree's, a release's uncommitted version and counts failed them until the commit.
    clone = tmp_path / "windows"
    subprocess.run(["git", "clone", "-q", "-c", "core.autocrlf=true", str(REPO), str(clone)], check=True,
                   capture_output=True)
    assert b"\r\n" not in (clone / "README.md").read_bytes()
    for args in (("fmt", "--check", str(clone / "records")), ("schema", "--check", "--dir", str(clone / "schema")),
                 ("docs", "--check", "--dir", str(clone))):
        result = cli(*args, cwd=clone)
        assert result.code == 0, (args, result.stderr[-400:])


def test_changed_since_with_the_tree_given_still_reads_a_file_named_beside_it(seeds, tmp_path, cli):
    """A named file joins the changed files; the tree given too must not swallow it (as it may
    without --changed-since, where the whole tree is read anyway)."""
    repo, git = committed(seeds, tmp_path)
    bahrain = meeting_path(repo / "records", BAHRAIN)
    bahrain.write_text(bahrain.read_text(encoding="utf-8").replace("kind: official_visit", "kind: visit"), encoding="utf-8")
    git("-c", "user.name=t", "-c", "user.email=t@example.org", "commit", "-qam", "old problem")
    kuwait = meeting_path(repo / "records", KUWAIT)  # a change: with none, every file would be read anyway
    kuwait.write_text(kuwait.read_text(encoding="utf-8") + "# checked again\n", encoding="utf-8")
    named = f"records/meetings/2025/{BAHRAIN}.yaml"
    assert cli("validate", "records", "--changed-since", "HEAD", cwd=repo).code == 0  # unchanged: not re-read
    for given in (("records", named), (named, "records")):
        result = cli("validate", *given, "--changed-since", "HEAD", cwd=repo)
        assert result.code == 1 and result.stderr.startswith(f"{named}:"), (given, result.stderr)


def test_git_questions_outside_a_repository_or_before_the_records_say_so(seeds, tmp_path, cli):
    """``--changed-since`` needs git history, and ``diff`` an earlier commit's records: a folder
    outside any repository, or a commit from before records/ existed, is answered in words."""
    outside = cli("validate", str(seeds), "--changed-since", "HEAD", cwd=tmp_path)
    assert (outside.code, outside.stderr) == (2, f"Error: --changed-since: {seeds.resolve()} is not in a git "
                                                 "repository\n")
    repo, git = committed(seeds, tmp_path)
    base = git("rev-parse", "HEAD~1").stdout.decode().strip()
    before = cli("diff", "HEAD~1", "records", cwd=repo)
    assert (before.code, before.stdout) == (2, "")
    assert before.stderr == f"Error: 'HEAD~1' (commit {base[:12]}) has no records/ folder\n"


def test_contributing_states_the_hypothesis_profiles_that_conftest_registers():
    """CONTRIBUTING.md tells a contributor how many examples each profile draws and which one CI
    sets; a profile retuned in conftest.py without the text would send them to the wrong run."""
    from hypothesis import settings

    text = " ".join((REPO / "CONTRIBUTING.md").read_text(encoding="utf-8").split())
    for name, words in [("dev", "`dev`, the default, {}"), ("ci", "`ci`, which `.ci/run` sets, {}"),
                        ("thorough", "`thorough`, {}")]:
        assert words.format(f"{settings.get_profile(name).max_examples:,}") in text, name
    assert 'HYPOTHESIS_PROFILE="${HYPOTHESIS_PROFILE:-ci}"' in (REPO / ".ci" / "run").read_text(encoding="utf-8")
