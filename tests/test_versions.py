"""Citation, versions and the record diff that drives release notes."""
from __future__ import annotations

import datetime
import json
import re
import shutil

import pytest
import yaml
from hypothesis import given, strategies as st

import gulfvisits
from gulfvisits import cite
from gulfvisits.cli import main
from gulfvisits.diff import changed_fields, diff_trees, release_notes
from gulfvisits.yamlio import dump, read_file

from conftest import BAHRAIN, KUWAIT, RECORDS, REPO, committed, meeting_path, needs_git_checkout, seed_tree, withdraw


def test_citation_file_agrees_with_the_package():
    """What the file says, and that a person can read it too: GitHub shows it as it is, so its
    lines (the folded abstract among them) fit in 100 characters."""
    text = (REPO / "CITATION.cff").read_text(encoding="utf-8")
    assert max(map(len, text.splitlines())) <= 100
    cff = yaml.safe_load(text)
    assert cff["cff-version"] == "1.2.0" and cff["type"] == "dataset"
    assert (cff["version"], str(cff["date-released"]), cff["title"], cff["license"]) == (
        gulfvisits.__version__, cite.RELEASED, cite.TITLE, cite.LICENSE)
    assert all("name" in author or "family-names" in author for author in cff["authors"])
    assert yaml.safe_load(cite.cite("cff")) | {"abstract": cff.get("abstract"), "keywords": cff.get("keywords")} == cff
    assert (cff["abstract"], cff["keywords"]) == (cite.ABSTRACT, list(cite.KEYWORDS))


def test_zenodo_metadata_agrees_with_the_package():
    zenodo = json.loads((REPO / ".zenodo.json").read_text(encoding="utf-8"))
    assert (zenodo["version"], zenodo["publication_date"], zenodo["title"], zenodo["license"]) == (
        gulfvisits.__version__, cite.RELEASED, cite.TITLE, cite.LICENSE)
    assert zenodo["upload_type"] == "dataset"
    assert (zenodo["creators"], zenodo["description"], zenodo["keywords"]) == (
        [{"name": cite.AUTHOR}], cite.ABSTRACT, list(cite.KEYWORDS))


def test_stale_citation_files_are_caught_and_regenerated(tmp_path, cli):
    """A release changes ``__version__`` and ``cite.RELEASED`` only; ``docs --write`` carries them
    into CITATION.cff and .zenodo.json, naming each file it rewrote, and ``docs --check`` (run by
    CI) fails until it has."""
    shutil.copytree(REPO / "records", tmp_path / "records")
    citation = cite.citation_cff().replace(f"version: {gulfvisits.__version__}", "version: 0.0.1")
    (tmp_path / "CITATION.cff").write_text(citation, encoding="utf-8")
    (tmp_path / ".zenodo.json").write_text(cite.zenodo_json().replace(cite.RELEASED, "2000-01-01"), encoding="utf-8")
    result = cli("docs", "--check", "--dir", str(tmp_path))
    assert result.code == 1
    assert result.stderr.splitlines() == [f"{name}: generated text is stale; run `gulfvisits docs --write`"
                                          for name in ("CITATION.cff", ".zenodo.json")]
    result = cli("docs", "--write", "--dir", str(tmp_path))
    assert (result.code, result.stdout) == (0, "rewrote CITATION.cff\nrewrote .zenodo.json\n")
    assert yaml.safe_load((tmp_path / "CITATION.cff").read_text(encoding="utf-8"))["version"] == gulfvisits.__version__
    assert json.loads((tmp_path / ".zenodo.json").read_text(encoding="utf-8"))["publication_date"] == cite.RELEASED
    assert cli("docs", "--check", "--dir", str(tmp_path)).code == 0
    assert cli("docs", "--write", "--dir", str(tmp_path)).stdout == ""  # nothing left to rewrite, and none named


def _line(text: str, marker: str, nth: int = 0) -> int:
    return [i for i, line in enumerate(text.splitlines(), 1) if line == marker][nth]


@pytest.mark.parametrize("damage", ["end marker deleted", "last end marker deleted", "start marker deleted",
                                    "name misspelt", "block deleted", "block repeated"])
def test_docs_refuse_a_document_whose_markers_are_damaged_and_write_nothing(tmp_path, cli, damage):
    """With the counts block's end marker deleted by hand, the block ran on to the next block's
    end, and ``docs --write`` replaced the 65 lines between them (two sections of the README)
    with the counts; a start marker deleted or misspelt, or a block deleted, left ``--check``
    saying OK while the README no longer carried its counts."""
    shutil.copytree(REPO / "records", tmp_path / "records")
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    start, end = _line(readme, "<!-- generated: counts -->"), _line(readme, "<!-- /generated -->")
    lines = readme.splitlines(keepends=True)
    if damage == "end marker deleted":
        del lines[end - 1]
        expected = (f"README.md:{start}: the generated block 'counts' has no <!-- /generated --> before the next one "
                    f"begins, at line {_line(readme, '<!-- generated: event-codes -->') - 1}")
    elif damage == "last end marker deleted":
        codes = _line(readme, "<!-- generated: event-codes -->")
        del lines[_line(readme, "<!-- /generated -->", 1) - 1]
        expected = f"README.md:{codes}: the generated block 'event-codes' has no <!-- /generated --> after it"
    elif damage == "block repeated":
        lines += lines[start - 1:end]
        expected = ("README.md: holds the generated blocks 'counts', 'event-codes', 'counts', where it needs 'counts', "
                    "'event-codes', in that order")
    elif damage == "start marker deleted":
        del lines[start - 1]
        expected = f"README.md:{end - 1}: <!-- /generated --> ends no block"
    elif damage == "name misspelt":
        lines[start - 1] = "<!-- generated: count -->\n"
        expected = (f"README.md:{start}: no generated block is called 'count' (there are 'counts', 'provenance', "
                    "'event-codes', 'modules')")
    else:
        del lines[start - 1:end]
        expected = "README.md: holds the generated blocks 'event-codes', where it needs 'counts', 'event-codes', in that order"
    damaged = "".join(lines)
    (tmp_path / "README.md").write_text(damaged, encoding="utf-8")
    for mode in ("--check", "--write"):
        result = cli("docs", mode, "--dir", str(tmp_path))
        assert (result.code, result.stdout, result.stderr) == (2, "", f"Error: {expected}; nothing was written\n")
    assert (tmp_path / "README.md").read_text(encoding="utf-8") == damaged
    assert sorted(p.name for p in tmp_path.iterdir()) == ["README.md", "records"]


def test_docs_read_blocks_one_way_so_a_marker_with_a_trailing_space_is_still_checked(tmp_path, cli):
    """A second parser (a regex wanting the start marker right before a line break) decided what
    a block was: with a space after ``<!-- generated: counts -->`` the block passed the marker
    check, was never generated, and ``docs --check`` said OK of a README claiming 999 meetings."""
    shutil.copytree(REPO / "records", tmp_path / "records")
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    start = _line(readme, "<!-- generated: counts -->")
    lines = readme.splitlines(keepends=True)
    lines[start - 1] = "<!-- generated: counts --> \n"
    lines[start] = "999" + lines[start][lines[start].index(" "):]
    (tmp_path / "README.md").write_text("".join(lines), encoding="utf-8")
    result = cli("docs", "--check", "--dir", str(tmp_path))
    assert (result.code, result.stderr) == (1, "README.md: generated text is stale; run `gulfvisits docs --write`\n")
    assert cli("docs", "--write", "--dir", str(tmp_path)).code == 0
    lines[start] = readme.splitlines(keepends=True)[start]
    assert (tmp_path / "README.md").read_text(encoding="utf-8") == "".join(lines)  # the block generated; the marker kept
    (tmp_path / "README.md").write_text(readme.replace("<!-- /generated -->\n", "see <!-- /generated -->\n", 1),
                                        encoding="utf-8")
    result = cli("docs", "--check", "--dir", str(tmp_path))
    assert (result.code, result.stderr) == (2, f"Error: README.md:{_line(readme, '<!-- /generated -->')}: a generated "
                                               "block's marker stands alone on its line; nothing was written\n")


APA = f"Gulfvisits contributors. (2026). {cite.TITLE} (Version {gulfvisits.__version__}) [Data set].\n"


@pytest.mark.parametrize("fmt, expected", [("apa", APA), (None, APA), ("ris", None), ("bibtex", None), ("cff", None)])
def test_cite_formats(cli, fmt, expected):
    """The command prints the format asked for (each format's text is checked elsewhere): a
    command that printed the APA text whatever ``--format`` said passed, as that text holds the
    version too. ``--format`` is optional (the README's table of commands): without it, APA."""
    result = cli("cite", *(("--format", fmt) if fmt else ()))
    assert (result.code, result.stdout) == (0, expected or cite.cite(fmt))
    assert gulfvisits.__version__ in result.stdout


def test_ris_and_bibtex_shapes():
    assert cite.cite("ris").startswith("TY  - DATA\n") and cite.cite("ris").endswith("ER  - \n")
    # the RIS format writes a date as YYYY/MM/DD, not in ISO form
    assert re.search(r"^DA  - \d{4}/\d{2}/\d{2}$", cite.cite("ris"), re.M)
    assert re.match(r"@misc\{gulfvisits_\d+_\d+_\d+,\n", cite.cite("bibtex"))


def test_the_library_names_the_formats_there_are_when_asked_for_another(tmp_path):
    """The CLI's choices never let an unknown format through; a caller of the library can pass any."""
    from gulfvisits.errors import UsageError
    from gulfvisits.export import export

    with pytest.raises(UsageError, match=r"^unknown citation format 'mla'; choose from apa, bibtex, cff, ris$"):
        cite.cite("mla")
    with pytest.raises(UsageError, match=r"^unknown format 'xlsx'; choose from csv, "):
        export(gulfvisits.load(), "xlsx", tmp_path / "out")
    assert list(tmp_path.iterdir()) == []


ADDED = "2025-04-30-aze-kwt-fm-crown-prince"  # a packaged record of the seed Kuwait visit


def test_diff_lists_added_changed_and_withdrawn(seeds, tmp_path, cli):
    new = tmp_path / "new"
    shutil.copytree(seeds, new)
    path = withdraw(new, BAHRAIN)
    path.write_text(path.read_text(encoding="utf-8").replace("  - demining\n", ""), encoding="utf-8")
    kuwait = meeting_path(new, KUWAIT)
    kuwait.write_text(kuwait.read_text(encoding="utf-8").replace("do not name the city.", "do not name a city."),
                      encoding="utf-8")
    shutil.copy(RECORDS / "meetings" / "2025" / f"{ADDED}.yaml", new / "meetings" / "2025")
    result = diff_trees(seeds, new)
    assert (result.added, result.withdrawn) == ([ADDED], [BAHRAIN])
    assert result.changed == {KUWAIT: ["location.note"]}
    notes = release_notes(result, "0.2.0")
    assert notes.startswith("## 0.2.0\n\n### Data\n")
    assert f"- Added {ADDED}\n- Changed {KUWAIT}: location.note\n- Withdrawn {BAHRAIN}\n" in notes
    shown = cli("diff", str(seeds), str(new))
    assert (shown.code, shown.stdout) == (0, f"added      {ADDED}\nchanged    {KUWAIT}: location.note\n"
                                             f"withdrawn  {BAHRAIN}\n")


def test_diff_flags_removed_records_and_cli_fails(seeds, tmp_path, cli):
    new = tmp_path / "new"
    shutil.copytree(seeds, new)
    meeting_path(new, KUWAIT).unlink()
    result = cli("diff", str(seeds), str(new))
    assert result.code == 1 and "REMOVED" in result.stderr and KUWAIT in result.stderr
    assert result.stdout == ""  # a removal is a change: not "no record changes" as well
    as_json = cli("diff", str(seeds), str(new), "--format", "json")
    assert as_json.code == 1
    assert json.loads(as_json.stdout) == {"added": [], "changed": {}, "withdrawn": [], "removed": [KUWAIT]}
    # release-notes drafted the section and exited 0, so a release script went on
    notes = cli("release-notes", str(seeds), str(new), "--version", "9.0.0")
    assert notes.code == 1 and notes.stdout.startswith("## 9.0.0")
    assert notes.stdout.splitlines()[1:] == ["", "### Data", f"- REMOVED {KUWAIT} (not allowed: withdraw instead)"]
    assert notes.stderr == "1 record(s) deleted; ids are never deleted: withdraw them instead\n"


def test_diff_holds_the_earlier_side_only_to_the_model(seeds, tmp_path, cli):
    """A release valid under the rules of its day stays comparable after a rule is added; the
    later side must still pass every rule."""
    old = tmp_path / "old"
    shutil.copytree(seeds, old)
    path = meeting_path(old, KUWAIT)
    path.write_text(path.read_text(encoding="utf-8").replace("kind: official_visit", "kind: multilateral_sidelines"),
                    encoding="utf-8")
    assert diff_trees(old, seeds).changed == {KUWAIT: ["kind"]}
    result = cli("diff", str(seeds), str(old))
    assert result.code == 1 and "rule.occasion" not in result.stderr and "sidelines meeting needs" in result.stderr


@needs_git_checkout
def test_diff_against_a_git_revision(cli):
    result = cli("diff", "HEAD", "records", "--format", "json")
    assert result.code == 0, result.stderr
    assert set(json.loads(result.stdout)) == {"added", "changed", "withdrawn", "removed"}


def _release(repo, git, version: str, message: str) -> None:
    (repo / "gulfvisits").mkdir(exist_ok=True)
    (repo / "gulfvisits" / "__init__.py").write_text(f'"""x"""\n__version__ = "{version}"\n', encoding="utf-8")
    git("add", "-A")
    git("-c", "user.name=t", "-c", "user.email=t@example.org", "commit", "-qm", message)


def test_without_new_the_folder_records_where_the_command_runs_is_compared(seeds, tmp_path, cli):
    """NEW defaults to ``records``, the folder a repository's root holds, so that ``diff 0.1.0``
    at the root compares that release with the records as they are now."""
    root = tmp_path / "root"
    shutil.copytree(seeds, root / "records")
    withdraw(root / "records", BAHRAIN)
    assert cli("diff", str(seeds), cwd=root).stdout == f"withdrawn  {BAHRAIN}\n"


def test_a_release_number_names_the_last_commit_of_that_release(seeds, tmp_path, cli):
    """A paper cites 0.1.0; a clone need not carry tags. The records of 0.1.0 are those of the
    last commit that still said 0.1.0 (a review mend after the release commit belongs to it)."""
    repo, git = committed(seeds, tmp_path)
    _release(repo, git, "0.1.0", "release 0.1.0")
    withdraw(repo / "records", BAHRAIN)
    _release(repo, git, "0.1.0", "a mend within 0.1.0")
    kuwait = meeting_path(repo / "records", KUWAIT)
    kuwait.write_text(kuwait.read_text(encoding="utf-8").replace("do not name the city.", "do not name a city."),
                      encoding="utf-8")
    _release(repo, git, "0.2.0", "release 0.2.0")
    assert cli("diff", "0.1.0", "0.2.0", cwd=repo / "records").stdout == f"changed    {KUWAIT}: location.note\n"
    assert cli("diff", "HEAD~3", "v0.1.0", cwd=repo / "records").stdout == f"withdrawn  {BAHRAIN}\n"
    assert cli("diff", "0.2.0", ".", cwd=repo / "records").stdout == "no record changes\n"
    notes = cli("release-notes", "0.1.0", ".", "--version", "0.2.0", "--date", "2026-12-01",
                cwd=repo / "records").stdout
    assert notes.startswith("## 0.2.0 - 2026-12-01\n\n### Data\n- Changed ")
    for since, earlier in (("v0.1.0", "0.1.0"), ("0.1.0", "0.0.9")):
        back = cli("release-notes", since, ".", "--version", earlier, cwd=repo / "records")
        assert (back.code, back.stdout) == (2, "")
        assert back.stderr == (f"Error: --version {earlier} is not later than {since}, the version compared with; "
                               "a release moves the version on\n")
    later = cli("release-notes", "0.9.0", ".", "--version", "0.10.0", cwd=repo / "records")  # numbers, not text
    assert later.stderr.startswith("Error: '0.9.0' is neither a folder")
    changed = cli("validate", ".", "--changed-since", "0.1.0", "--format", "json", cwd=repo / "records")
    assert json.loads(changed.stdout)["files"] == 3 + 1  # the registries and the one meeting changed since
    missing = cli("diff", "0.3.0", cwd=repo / "records")
    assert (missing.code, missing.stderr) == (2, "Error: '0.3.0' is neither a folder, nor a revision or a released "
                                                 "version of the git repository here\n")


def test_a_revision_that_looks_like_an_option_is_refused_before_git_sees_it(seeds, tmp_path, cli):
    """``git archive --output=F`` and ``git diff --output=F`` write F: a revision is made a
    commit hash first, so a typed option never reaches them."""
    repo, _ = committed(seeds, tmp_path)
    for args in (("diff", "--", f"--output={tmp_path / 'a'}"), ("diff", "--", "--list"),
                 ("validate", "records", f"--changed-since=--output={tmp_path / 'b'}")):
        result = cli(*args, cwd=repo)
        assert result.code == 2 and result.stderr.startswith("Error: ") and "Traceback" not in result.stderr, args
    assert not (tmp_path / "a").exists() and not (tmp_path / "b").exists()


def test_git_revisions_without_git_or_outside_a_repository_are_usage_errors(seeds, tmp_path, cli, monkeypatch):
    outside = cli("diff", "HEAD", str(seeds), cwd=tmp_path)
    assert (outside.code, outside.stderr) == (2, f"Error: 'HEAD' is neither a folder, nor a revision or a released "
                                                 f"version of a git repository ({tmp_path} is not in one)\n")
    repo, _ = committed(seeds, tmp_path)
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    for args in (("diff", "HEAD"), ("validate", "records", "--changed-since", "HEAD")):
        result = cli(*args, cwd=repo)
        assert (result.code, result.stderr) == (2, "Error: this needs git, which is not installed (or not on PATH)\n")


def _tar(*members: tuple[str, str, str]) -> bytes:
    """A tar archive of (name, kind, content or link target) members, kind "dir", "file" or "link"."""
    import io
    import tarfile

    out = io.BytesIO()
    with tarfile.open(fileobj=out, mode="w") as archive:
        for name, kind, payload in members:
            info = tarfile.TarInfo(name)
            info.type = {"dir": tarfile.DIRTYPE, "file": tarfile.REGTYPE, "link": tarfile.SYMTYPE}[kind]
            data = payload.encode() if kind == "file" else b""
            if kind == "link":
                info.linkname = payload
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))
    return out.getvalue()


def test_an_archived_link_becomes_a_copy_of_the_file_it_names_within_the_archive(tmp_path):
    # as validation reads a link in the working tree; written by hand, not by tarfile's
    # extraction filter, which Python 3.11 gained only in 3.11.4 (diff crashed on 3.11.2)
    from gulfvisits._git import write_archive

    write_archive(_tar(("records", "dir", ""), ("records/a", "dir", ""), ("records/a/one.yaml", "file", "id: one\n"),
                       ("records/b/two.yaml", "link", "../a/one.yaml"), ("records/three.yaml", "link", "b/two.yaml")),
                  tmp_path, "a test")
    assert {str(p.relative_to(tmp_path)): p.read_text(encoding="utf-8") for p in tmp_path.rglob("*.yaml")} == {
        "records/a/one.yaml": "id: one\n", "records/b/two.yaml": "id: one\n", "records/three.yaml": "id: one\n"}
    assert not any(p.is_symlink() for p in tmp_path.rglob("*"))


@pytest.mark.parametrize("member, complaint", [
    (("records/x.yaml", "link", "/etc/hostname"), "a test holds records/x.yaml, a link to /etc/hostname, which is not"),
    (("records/x.yaml", "link", "../../outside.yaml"), "a link to ../../outside.yaml, which is not a file of the same"),
    (("records/x.yaml", "link", "missing.yaml"), "a test holds records/x.yaml, a link to missing.yaml, which is not"),
    (("records/x.yaml", "link", "x.yaml"), "a test holds records/x.yaml, a link to x.yaml, which is not"),
    (("records/x.yaml", "link", "."), "a test holds records/x.yaml, a link to ., which is not a file"),
    (("../outside.yaml", "file", "id: x\n"), "a test holds ../outside.yaml, a path outside its folder"),
    (("/tmp/outside.yaml", "file", "id: x\n"), "a test holds /tmp/outside.yaml, a path outside its folder"),
])
def test_an_archive_that_names_anything_outside_itself_is_refused_in_words(tmp_path, member, complaint):
    from gulfvisits._git import write_archive
    from gulfvisits.errors import UsageError

    target = tmp_path / "target"
    with pytest.raises(UsageError, match=re.escape(complaint)):
        write_archive(_tar(("records", "dir", ""), member), target, "a test")
    assert not (tmp_path / "outside.yaml").exists()


def test_diff_of_a_commit_holding_a_link_out_of_its_records_says_so(seeds, tmp_path, cli):
    repo, git = committed(seeds, tmp_path)
    (repo / "records" / "meetings" / "2025" / "elsewhere.yaml").symlink_to("/etc/hostname")
    git("add", "-A")
    git("-c", "user.name=t", "-c", "user.email=t@example.org", "commit", "-qm", "a link")
    commit = git("rev-parse", "HEAD").stdout.decode().strip()
    result = cli("diff", "HEAD~1", "HEAD", cwd=repo)
    assert (result.code, result.stderr) == (2, f"Error: commit {commit[:12]} holds records/meetings/2025/elsewhere.yaml, "
                                               "a link to /etc/hostname, which is not a file of the same records\n")


@pytest.mark.parametrize("option, value, complaint", [
    ("--version", "1.0", "'1.0' is not a version number X.Y.Z"), ("--version", "x y", "'x y' is not a version number"),
    ("--version", "00.33.0", "'00.33.0' is not a version number X.Y.Z"),  # a second heading for 0.33.0
    ("--version", "0.33.01", "'0.33.01' is not a version number X.Y.Z"),
    ("--date", "2026-13-01", "argument --date: must be YYYY-MM-DD; got '2026-13-01', a day the calendar does not have"),
    ("--date", "2026-W01-1", "argument --date: must be YYYY-MM-DD; got '2026-W01-1'\n"),  # a day of 2025 to fromisoformat
])
def test_release_notes_refuse_a_heading_the_changelog_could_not_hold(seeds, cli, option, value, complaint):
    result = cli("release-notes", str(seeds), str(seeds), option, value)
    assert result.code == 2 and complaint in result.stderr


def test_release_notes_refuse_a_date_without_the_version_it_would_date(seeds, cli):
    """The section was headed "## Unreleased" and the date was dropped without a word."""
    result = cli("release-notes", str(seeds), str(seeds), "--date", "2026-12-01")
    assert (result.code, result.stdout, result.stderr) == (
        2, "", "Error: --date dates the section that --version names; give the version too\n")


def test_release_notes_for_the_package_version_carry_its_release_date(seeds, capsys, monkeypatch):
    """In process, with a release date that is not today, so the two defaults cannot be confused."""
    monkeypatch.setattr(cite, "RELEASED", "2000-01-02")
    for version, dated in ((gulfvisits.__version__, "2000-01-02"), ("99.0.0", datetime.date.today().isoformat())):
        assert main(["release-notes", str(seeds), str(seeds), "--version", version]) == 0
        assert capsys.readouterr().out == f"## {version} - {dated}\n\n### Data\n- No record changes.\n"


EDITABLE = {
    ("title",): st.sampled_from(["A different title", "Another title"]),
    ("kind",): st.sampled_from(["working_visit", "state_visit"]),  # visits: the record names who visited
    ("date", "note"): st.sampled_from(["A new note.", "Changed note."]),
    ("location", "city"): st.sampled_from(["Manama", "Kuwait City"]),
    ("participants", 0, "office"): st.sampled_from(["Minister", "Envoy"]),
    ("sources", 0, "publisher"): st.sampled_from(["Another publisher"]),
    ("topics",): st.just(["trade"]),
}


@given(st.sets(st.sampled_from(sorted(EDITABLE, key=str)), min_size=1, max_size=4), st.data())
def test_diff_reports_exactly_the_edited_fields(paths, draw):
    import tempfile
    from pathlib import Path

    with tempfile.TemporaryDirectory() as workdir:
        old, new = seed_tree(Path(workdir) / "old"), seed_tree(Path(workdir) / "new")
        record = read_file(meeting_path(new, KUWAIT)).data
        expected = set()
        for path in paths:
            target = record
            for part in path[:-1]:
                target = target[part]
            value = draw.draw(EDITABLE[path])
            if target.get(path[-1]) != value:
                target[path[-1]] = value
                expected.add(".".join(str(p) for p in path).replace(".0.", "[0]."))
        meeting_path(new, KUWAIT).write_text(dump(record), encoding="utf-8")
        people = new / "people.yaml"  # keep edited offices valid
        people.write_text(people.read_text(encoding="utf-8") + "- id: extra-office-holder\n  name: Unused\n  offices:\n"
                          "    - title: Unused\n      country: AZE\n", encoding="utf-8")
        if any(p[0] == "participants" for p in paths):
            text = people.read_text(encoding="utf-8").replace(
                "    - title: Minister of Foreign Affairs\n      country: AZE\n",
                "    - title: Minister of Foreign Affairs\n      country: AZE\n    - title: Minister\n      country: AZE\n"
                "    - title: Envoy\n      country: AZE\n", 1)
            people.write_text(text, encoding="utf-8")
        result = diff_trees(old, new)
        assert set(result.changed.get(KUWAIT, [])) == expected
        assert set(result.changed) <= {KUWAIT}


def test_changed_fields_of_nested_values():
    assert changed_fields({"a": 1, "b": {"c": [1, 2]}}, {"a": 1, "b": {"c": [1, 3]}}) == ["b.c"]
    assert changed_fields({"p": [{"x": 1}, {"x": 2}]}, {"p": [{"x": 1}, {"x": 5}]}) == ["p[1].x"]
    assert changed_fields({"p": [{"x": 1}]}, {"p": [{"x": 1}, {"x": 2}]}) == ["p"]
    # a key on one side only is a change, whichever side has it, unless it is null: read as absent
    assert changed_fields({"a": 1}, {"a": 1, "b": None}) == changed_fields({"a": 1, "b": None}, {"a": 1}) == []
    assert changed_fields({"a": 1}, {"a": 1, "b": 2}) == changed_fields({"a": 1, "b": 2}, {"a": 1}) == ["b"]


def test_citation_file_is_valid_against_the_cff_schema():
    """The schema that cffconvert validates with (installed without its dependencies by .ci/run;
    only its schema file is read, the package is not imported)."""
    import importlib.util
    from pathlib import Path

    from jsonschema import Draft7Validator

    spec = importlib.util.find_spec("cffconvert")
    if spec is None or spec.origin is None:
        pytest.skip("cffconvert is not installed")
    schema = json.loads((Path(spec.origin).parent / "schemas" / "1.2.0" / "schema.json").read_text(encoding="utf-8"))
    document = json.loads(json.dumps(yaml.safe_load((REPO / "CITATION.cff").read_text(encoding="utf-8")), default=str))
    assert [e.message for e in Draft7Validator(schema).iter_errors(document)] == []


def test_a_record_withdrawn_in_both_releases_is_not_withdrawn_again(seeds, tmp_path):
    old, new = tmp_path / "old", tmp_path / "new"
    for root, reason in ((old, "Test."), (new, "Test, reworded.")):
        shutil.copytree(seeds, root)
        withdraw(root, BAHRAIN, reason)
    result = diff_trees(old, new)
    assert (result.withdrawn, result.changed) == ([], {BAHRAIN: ["withdrawal.reason"]})
