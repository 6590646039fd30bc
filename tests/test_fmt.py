"""``gulfvisits fmt``: canonical, idempotent, meaning-preserving, atomic, comment-safe."""
from __future__ import annotations

import os
import re

import pytest
from hypothesis import given

from gulfvisits.errors import RecordError
from gulfvisits.fmt import canonical, format_file
from gulfvisits.models import Meeting
from gulfvisits.yamlio import dump, parse_text
from strategies import meetings

from conftest import KUWAIT, RECORDS, line_of, meeting_path


@given(meetings())
def test_fmt_is_idempotent_and_keeps_meaning(data):
    # Start from a non-canonical layout: flow style, different key order.
    import yaml

    messy = yaml.safe_dump(dict(reversed(list(data.items()))), default_flow_style=True, allow_unicode=True, width=60)
    try:
        meaning = Meeting.model_validate(parse_text(messy, "m.yaml").data)
    except (RecordError, ValueError):
        messy = dump(data)  # PyYAML's own quoting may trip the strict reader; fall back to ours
        meaning = Meeting.model_validate(data)
    once = canonical(messy, "m.yaml")
    assert canonical(once, "m.yaml") == once
    assert Meeting.model_validate(parse_text(once, "m.yaml").data) == meaning


def test_repository_records_are_canonical(cli):
    result = cli("fmt", "--check")
    assert (result.code, result.stderr) == (0, "")
    assert result.stdout.startswith("OK: ")


def test_fmt_rewrites_and_check_reports(tree, cli):
    path = meeting_path(tree, KUWAIT)
    canonical_text = path.read_text(encoding="utf-8")
    path.write_text(canonical_text.replace("countries:\n  - AZE\n  - KWT\n", "countries: [AZE, KWT]\n"), encoding="utf-8")
    result = cli("fmt", "--check", "records", cwd=tree.parent)
    assert result.code == 1
    assert result.stderr == f"would reformat records/meetings/2025/{KUWAIT}.yaml\n"
    assert "countries: [AZE, KWT]\n" in path.read_text(encoding="utf-8")  # --check changes nothing
    result = cli("fmt", "records", cwd=tree.parent)
    assert (result.code, result.stdout) == (0, f"reformatted records/meetings/2025/{KUWAIT}.yaml\n")
    assert path.read_text(encoding="utf-8") == canonical_text


def test_fmt_keeps_the_header_comment_and_refuses_other_comments(tree, cli):
    people = tree / "people.yaml"
    assert canonical(people.read_text(encoding="utf-8"), "people.yaml").startswith("# Registry of people.")
    path = meeting_path(tree, KUWAIT)
    original = path.read_text(encoding="utf-8").replace("kind: official_visit\n", "kind: official_visit  # check this\n")
    path.write_text(original, encoding="utf-8")
    line = line_of(tree, KUWAIT, "kind: official_visit  # check this")
    result = cli("fmt", "records", cwd=tree.parent)
    assert result.code == 1
    assert result.stderr == (f"records/meetings/2025/{KUWAIT}.yaml:{line}:23: comment would be lost by fmt; move its "
                             "content into a note field, or into the comment block at the top of the file\n")
    assert path.read_text(encoding="utf-8") == original


def test_a_whole_line_comment_is_refused_wherever_it_stands(tree, cli):
    # 0.32.16 and before looked for a "#" at the start of the file only, not of each line, so
    # a comment on a line of its own below the header was dropped by fmt without a word.
    lines = meeting_path(tree, KUWAIT).read_text(encoding="utf-8").splitlines(keepends=True)
    starts = [i for i, line in enumerate(lines) if re.match(r"\s*(- |[a-z_]+:)", line)]
    assert len(starts) > 40  # every key and list item of the record, nested ones included
    assert canonical("# checked?\n" + "".join(lines), "m.yaml").startswith("# checked?\nid: ")  # the header, kept
    for i in starts[1:] + [len(lines)]:
        indent = re.match(r"\s*", lines[i]).group() if i < len(lines) else ""
        text = "".join(lines[:i] + [f"{indent}# checked?\n"] + lines[i:])
        with pytest.raises(RecordError) as caught:
            canonical(text, "m.yaml")
        assert (caught.value.code, caught.value.line, caught.value.column) == ("fmt.comment", i + 1, len(indent) + 1)
    registry = tree / "people.yaml"
    _, second = registry.read_text(encoding="utf-8").split("\n- id: ", 2)[:2]  # after the first entry, not the header
    entries = registry.read_text(encoding="utf-8").replace(f"{second}\n- id: ", f"{second}\n# between entries\n- id: ", 1)
    registry.write_text(entries, encoding="utf-8")
    line = entries.splitlines().index("# between entries") + 1
    result = cli("fmt", "records", cwd=tree.parent)
    assert (result.code, result.stderr) == (1, f"records/people.yaml:{line}:1: comment would be lost by fmt; move its "
                                               "content into a note field, or into the comment block at the top of "
                                               "the file\n")
    assert registry.read_text(encoding="utf-8") == entries


def test_the_header_comment_may_have_paragraphs(tree):
    people = tree / "people.yaml"
    text = people.read_text(encoding="utf-8")
    header = "# First paragraph.\n\n# Second paragraph, after a blank line.\n"
    assert canonical(header + text, "people.yaml").startswith(header + text.split("\n", 1)[0])
    entries = text.split("\n", 1)[1]  # the registry's own one-line header left out
    assert canonical(header + "\n\n" + entries, "people.yaml") == header + entries  # blank lines after it dropped


def test_a_registry_that_is_not_a_list_is_refused_at_its_top(tree):
    with pytest.raises(RecordError) as caught:
        canonical("id: jeyhun-bayramov\nname: Jeyhun Bayramov\n", "people.yaml")
    assert (caught.value.code, caught.value.message, caught.value.line) == (
        "schema.type", "expected a list of registry entries", 1)


def test_hash_inside_values_is_not_a_comment(tree):
    path = meeting_path(tree, KUWAIT)
    text = path.read_text(encoding="utf-8").replace("publisher: AZERTAC", "publisher: 'AZERTAC #1'")
    assert "AZERTAC #1" in canonical(text, "x.yaml")


def test_fmt_refuses_invalid_files_and_leaves_them_alone(tree, cli):
    path = meeting_path(tree, KUWAIT)
    broken = path.read_text(encoding="utf-8").replace("kind: official_visit", "kind: [official_visit")
    path.write_text(broken, encoding="utf-8")
    result = cli("fmt", "records", cwd=tree.parent)
    assert result.code == 1 and "YAML syntax error" in result.stderr and "Traceback" not in result.stderr
    assert result.stdout == ""  # no "OK: ... already canonical" beside the refusal
    assert path.read_text(encoding="utf-8") == broken
    # Given by its absolute path, the file is named as `validate` names it: from the working folder.
    absolute = cli("fmt", str(tree), cwd=tree.parent)
    assert absolute.stderr.startswith(f"records/meetings/2025/{KUWAIT}.yaml:"), absolute.stderr


def test_failed_write_leaves_the_original_intact(tree, monkeypatch):
    path = meeting_path(tree, KUWAIT)
    original = path.read_text(encoding="utf-8")
    path.write_text(original.replace("countries:\n  - AZE\n  - KWT\n", "countries: [AZE, KWT]\n"), encoding="utf-8")
    before = path.read_text(encoding="utf-8")

    def fail(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", fail)
    with pytest.raises(OSError):
        format_file(path)
    assert path.read_text(encoding="utf-8") == before
    assert sorted(p.name for p in path.parent.iterdir()) == sorted(
        p.name for p in RECORDS.joinpath("meetings", "2025").iterdir())


def test_fmt_writes_through_a_symbolic_link_and_names_the_link(tree, tmp_path, cli):
    """A record kept elsewhere and linked into the tree: the rename replaced the link with a
    file and left the linked file as it was, and the message named the link's target."""
    link = meeting_path(tree, KUWAIT)
    real = tmp_path / "elsewhere.yaml"
    real.write_text(link.read_text(encoding="utf-8").replace("\nstatus: active", "\nstatus:   active"), encoding="utf-8")
    link.unlink()
    link.symlink_to(real)
    result = cli("fmt", str(tree.relative_to(tmp_path)), cwd=tmp_path)
    assert (result.code, result.stdout) == (0, f"reformatted records/meetings/2025/{KUWAIT}.yaml\n")
    assert link.is_symlink() and "\nstatus: active\n" in real.read_text(encoding="utf-8")
    broken = real.read_text(encoding="utf-8").replace("kind: official_visit", "kind: visit")
    real.write_text(broken, encoding="utf-8")
    invalid = cli("validate", str(tree.relative_to(tmp_path)), cwd=tmp_path)
    assert invalid.stderr.startswith(f"records/meetings/2025/{KUWAIT}.yaml:"), invalid.stderr


def test_a_file_named_twice_or_inside_a_named_tree_is_formatted_and_counted_once(tree, monkeypatch, capsys):
    """``fmt --check records records/meetings/2025/x.yaml`` listed the file twice ("would
    reformat" twice) and counted 195 files of 194; ``records`` and its absolute path, 388."""
    from gulfvisits.cli import main

    path = meeting_path(tree, KUWAIT)
    path.write_text(path.read_text(encoding="utf-8").replace("\nkind: ", "\nkind:   ", 1), encoding="utf-8")
    total = 3 + len(list(tree.rglob("meetings/*/*.yaml")))
    relative = f"records/meetings/2025/{KUWAIT}.yaml"
    monkeypatch.chdir(tree.parent)
    assert main(["fmt", "--check", "records", relative, "records/meetings/2025", str(tree)]) == 1
    assert capsys.readouterr().err == f"would reformat {relative}\n"
    assert main(["fmt", "records", relative]) == 0
    assert capsys.readouterr().out == f"reformatted {relative}\n"
    assert main(["fmt", "--check", "records", relative, str(tree)]) == 0
    assert capsys.readouterr().out == f"OK: {total} file(s) already canonical\n"
