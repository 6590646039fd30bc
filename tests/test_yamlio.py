"""The strict reader and the canonical writer: lossless round trips, positions, refusals."""
from __future__ import annotations

import os
import re
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gulfvisits.errors import RecordError
from gulfvisits.models import Meeting
from gulfvisits.yamlio import dump, parse_bytes, parse_text, read_file, write_atomic
from strategies import meetings

from conftest import RECORDS


@given(meetings())
def test_yaml_to_model_to_yaml_is_lossless(data):
    model = Meeting.model_validate(data)
    text = dump(model.model_dump(mode="python", exclude_defaults=True))
    again = Meeting.model_validate(parse_text(text, "x.yaml").data)
    assert again == model
    assert dump(again.model_dump(mode="python", exclude_defaults=True)) == text


@given(meetings())
def test_plain_data_survives_dump_and_strict_parse(data):
    assert parse_text(dump(data), "x.yaml").data == data


@pytest.mark.parametrize("path", sorted(RECORDS.rglob("*.yaml")), ids=lambda p: p.name)
def test_every_record_file_round_trips_through_its_model(path):
    document = read_file(path)
    if isinstance(document.data, list):
        return  # registries are lists; their models are checked in test_records
    model = Meeting.model_validate(document.data)
    assert Meeting.model_validate(parse_text(dump(model.model_dump(exclude_defaults=True)), "x").data) == model


def test_positions_point_at_values_and_keys():
    document = parse_text("id: a\nparticipants:\n  - person: x\n    office: Minister\n", "f.yaml")
    assert document.positions[("participants", 0, "office")] == (4, 13)
    assert document.key_positions[("participants", 0, "office")] == (4, 5)
    assert str(document.locate(("participants", 0, "missing"))) == "f.yaml:3:5"


def test_quoted_equals_sign_and_longer_texts_with_it_stay_text():
    assert parse_text("a: '='\nb: ==\nc: =x\nd: x =\n", "f").data == {"a": "=", "b": "==", "c": "=x", "d": "x ="}


def test_plain_dates_become_dates_and_quoted_dates_stay_text():
    data = parse_text("a: 2025-05-12\nb: '2025-05-12'\n", "f").data
    assert data == {"a": date(2025, 5, 12), "b": "2025-05-12"}


@pytest.mark.parametrize("text, written", [
    ("plain words", "note: plain words\n"),
    ("First line.\nSecond line.\n", "note: |\n  First line.\n  Second line.\n"),  # line for line, as typed
    (" ".join(["word"] * 30), "note: >-\n  " + " ".join(["word"] * 20) + "\n  " + " ".join(["word"] * 10) + "\n"),
    ("tab\there", 'note: "tab\\there"\n'),  # only an escape keeps a tab or a line separator
    ("2019", "note: '2019'\n"),  # quoted, or it would read back as a number
    ("yes", "note: 'yes'\n"),
])
def test_each_kind_of_text_is_written_in_the_style_a_contributor_reads_most_easily(text, written):
    """Any of YAML's styles would read back the same (PyYAML folds a multi-line text losslessly
    too, with a blank line for each break), so only the canonical form itself says which: lines
    kept as lines, long prose folded at the line width, quotes only where they change a meaning."""
    assert dump({"note": text}) == written
    assert parse_text(written, "f.yaml").data == {"note": text}


@pytest.mark.parametrize("text, code, where", [
    ("a: 1\na: 2\n", "yaml.duplicate-key", "2:1"),
    ("a: no\n", "yaml.ambiguous-bool", "1:4"),
    ("a: &x 1\nb: *x\n", "yaml.anchor", "1:4"),
    ("a: !!python/object:os.system 1\n", "yaml.tag", "1:4"),
    ("a: !!str 2025\n", "yaml.tag", "1:4"),  # an explicit tag would change what the plain value means
    ("a: =\n", "yaml.value-key", "1:4"),  # YAML 1.1's default-value key, text in YAML 1.2
    ("a: 1\nb: x\x00y\n", "yaml.control-character", "2:5"),  # PyYAML gives no line for these
    ("a: 'x\x7f'\n", "yaml.control-character", "1:6"),
    ("a: \ufffe\n", "yaml.control-character", "1:4"),
    ("a: x\x85\n", "yaml.line-separator", "1:5"),  # a line break to YAML 1.1, text to YAML 1.2
    ("a: b\n  c\u2028d\n", "yaml.line-separator", "2:4"),
    ("a: |\n  b\u2029\n", "yaml.line-separator", "2:4"),
    ("a: 1\n\ufeffb: 2\n", "yaml.bom", "2:1"),  # a byte-order mark starting a line: dropped, or an error
    ("a: x\ufeffy\n", "yaml.bom", "1:5"),
    ("a: !!value '='\n", "yaml.tag", "1:4"),
    ("a: 010\n", "yaml.octal", "1:4"),
    ("a: 1:30\n", "yaml.sexagesimal", "1:4"),
    ("a: 1\n---\nb: 2\n", "yaml.multiple-documents", "2:1"),  # at the second document's ---
    ("a: 1\n---\n", "yaml.multiple-documents", "2:1"),  # an empty one: libyaml gave the end, 3:1
    ("a: 1\n...\n---\nb: 2\n", "yaml.multiple-documents", "3:1"),
    ("--- a\n--- b\n", "yaml.multiple-documents", "2:1"),  # not the first document's own ---
    ("a: 'b", "yaml.syntax", "1:6"),  # no line break at the end: the end is on the last line
    ("a: [", "yaml.syntax", "1:5"),  # libyaml said 2:1, a line the file does not have
    ("a: 1\rb: \x01\r", "yaml.control-character", "2:4"),  # a CR alone ends a line, as to the parser
    ("a: 1\rb:\r\t- 1\r", "yaml.tab-indent", "3:1"),
    ("a: 1\r---\rb: 2\r", "yaml.multiple-documents", "2:1"),
    ("a:\n\t- 1\n", "yaml.tab-indent", "2:1"),
    ("a:\n  \t- 1\n", "yaml.tab-indent", "2:3"),  # at the tab, after the spaces before it
    ("", "yaml.empty", "1:1"),
])
def test_refusals_carry_code_and_position(text, code, where):
    with pytest.raises(RecordError) as caught:
        parse_text(text, "f.yaml")
    assert caught.value.code == code
    assert f"{caught.value.line}:{caught.value.column}" == where


@pytest.mark.parametrize("text, message", [
    ("a: [", "YAML syntax error: did not find expected node content"),
    ("]", "YAML syntax error: did not find expected node content"),
    ("[a", "YAML syntax error: did not find expected ',' or ']' (while parsing a flow sequence that starts at "
           "line 1, column 1)"),
])
def test_a_syntax_error_says_where_its_construct_began_only_when_that_is_elsewhere(text, message):
    """The parser gives the construct's start for every such error, often where the problem lies
    (an opening bracket with nothing after it); repeating that place would only be noise."""
    with pytest.raises(RecordError) as caught:
        parse_text(text, "f.yaml")
    assert caught.value.message == message


@given(st.text("-.:#'\"[]{}?!&*|> \n\r\tab1\x01", max_size=24))
def test_every_position_is_one_an_editor_can_go_to(text):
    # a line of the file, at most one column past its end; or the start of the line after a
    # final line break. libyaml put what followed "---" without a line break on a line of its own,
    # and the checks before it counted a carriage return alone as no line break, where it does
    lines = re.split(r"\r\n?|\n", text)

    def reachable(line, column):
        return 1 <= line <= len(lines) and 1 <= column <= len(lines[line - 1]) + 1

    try:
        document = parse_text(text, "f.yaml")
    except RecordError as error:
        assert reachable(error.line, error.column), (error.line, error.column, str(error))
    else:
        assert all(reachable(*place) for place in [*document.positions.values(), *document.key_positions.values()])


@pytest.mark.parametrize("text, field, where", [
    ("---", (), (1, 4)), ("# note\n---", (), (2, 4)), ("a:", ("a",), (1, 3)),
])
def test_an_empty_value_at_the_end_of_a_file_without_a_final_line_break_is_on_its_last_line(text, field, where):
    assert parse_text(text, "f.yaml").positions[field] == where


def test_a_file_of_exactly_the_size_limit_is_read_and_a_byte_more_is_refused(tmp_path):
    from gulfvisits.yamlio import MAX_FILE_BYTES

    text = b"a: " + b"x" * (MAX_FILE_BYTES - 4) + b"\n"
    path = tmp_path / "limit.yaml"
    path.write_bytes(text)
    assert len(parse_bytes(text, "limit.yaml").data["a"]) == len(read_file(path).data["a"]) == MAX_FILE_BYTES - 4
    with pytest.raises(RecordError, match="^limit.yaml:1:1: file is over 1,000,000 bytes$"):
        parse_bytes(text + b"\n", "limit.yaml")
    path.write_bytes(text + b"\n")
    with pytest.raises(RecordError, match="file is 1,000,001 bytes; the limit is 1,000,000$"):
        read_file(path)


def test_bom_and_bad_utf8_are_refused_with_positions():
    with pytest.raises(RecordError, match="byte-order mark"):
        parse_bytes(b"\xef\xbb\xbfa: 1\n", "f")
    with pytest.raises(RecordError) as caught:
        parse_bytes(b"a: 1\nb: \xff\n", "f")
    assert (caught.value.code, caught.value.line, caught.value.column) == ("yaml.encoding", 2, 4)


def test_write_atomic_leaves_original_when_writing_fails(tmp_path):
    target = tmp_path / "r.yaml"
    target.write_text("original\n", encoding="utf-8")

    with pytest.raises(TypeError):
        write_atomic(target, 123)  # type: ignore[arg-type]
    assert target.read_text(encoding="utf-8") == "original\n"
    assert [p.name for p in tmp_path.iterdir()] == ["r.yaml"]
    write_atomic(target, "new\n")
    assert target.read_text(encoding="utf-8") == "new\n"


def test_write_atomic_names_the_target_when_the_disk_is_full(tmp_path, monkeypatch):
    target = tmp_path / "r.yaml"
    target.write_text("original\n", encoding="utf-8")

    def disk_full(fd):  # a full disk shows at the flush, as an error that names no file
        raise OSError(28, "No space left on device")
    monkeypatch.setattr(os, "fsync", disk_full)
    with pytest.raises(OSError) as caught:
        write_atomic(target, "new\n")
    assert (caught.value.errno, caught.value.filename) == (28, str(target))
    assert target.read_text(encoding="utf-8") == "original\n" and [p.name for p in tmp_path.iterdir()] == ["r.yaml"]


def test_write_atomic_names_the_target_not_its_temporary_file(tmp_path, monkeypatch):
    real_open = os.open

    def refused(name, flags, mode=0o777):  # a folder that exists but takes no new file (read-only, /proc)
        if flags & os.O_CREAT:
            raise PermissionError(13, "Permission denied", name)
        return real_open(name, flags, mode)
    monkeypatch.setattr(os, "open", refused)
    with pytest.raises(PermissionError) as caught:
        write_atomic(tmp_path / "r.yaml", "new\n")
    assert caught.value.filename == str(tmp_path / "r.yaml")


def test_a_mode_that_cannot_be_kept_leaves_no_temporary_file(tmp_path, monkeypatch):
    kept = tmp_path / "kept.yaml"
    kept.write_text("a: 1\n", encoding="utf-8")

    def refused(path, mode):  # some network file systems refuse chmod
        raise PermissionError(1, "Operation not permitted", path)
    monkeypatch.setattr(os, "chmod", refused)
    with pytest.raises(PermissionError) as caught:
        write_atomic(kept, "a: 2\n")
    assert caught.value.filename == str(kept)
    assert [p.name for p in tmp_path.iterdir()] == ["kept.yaml"] and kept.read_text(encoding="utf-8") == "a: 1\n"


def test_written_files_get_the_umask_or_keep_their_mode(tmp_path):
    """``tempfile.mkstemp`` made every written file 0600, unreadable to the other users of a
    shared checkout: a new file gets what the umask gives, a rewritten one keeps its mode."""
    old = os.umask(0o022)
    try:
        write_atomic(tmp_path / "new.yaml", "a: 1\n")
        kept = tmp_path / "kept.yaml"
        kept.write_text("a: 1\n", encoding="utf-8")
        kept.chmod(0o640)
        write_atomic(kept, "a: 2\n")
        os.umask(0o077)
        write_atomic(tmp_path / "private.yaml", "a: 1\n")
    finally:
        os.umask(old)
    modes = {p.name: p.stat().st_mode & 0o777 for p in tmp_path.iterdir()}
    assert modes == {"new.yaml": 0o644, "kept.yaml": 0o640, "private.yaml": 0o600}
    assert kept.read_text(encoding="utf-8") == "a: 2\n"


def test_a_temporary_name_already_taken_is_skipped_and_left_alone(tmp_path, monkeypatch):
    """``O_EXCL`` refuses a name that exists (a temporary file another writer has open); the
    writer draws another instead of failing, and only after 100 taken names gives up, naming
    the file it was asked to write."""
    import secrets

    target = tmp_path / "r.yaml"
    taken = tmp_path / ".r.yaml.00000000.tmp"
    taken.write_text("someone else's\n", encoding="utf-8")
    names = iter(["00000000", "11111111"])
    monkeypatch.setattr(secrets, "token_hex", lambda size: next(names))
    write_atomic(target, "a: 1\n")
    assert target.read_text(encoding="utf-8") == "a: 1\n" and taken.read_text(encoding="utf-8") == "someone else's\n"

    monkeypatch.setattr(secrets, "token_hex", lambda size: "00000000")
    with pytest.raises(FileExistsError) as caught:
        write_atomic(target, "a: 2\n")
    assert caught.value.filename == str(target) and target.read_text(encoding="utf-8") == "a: 1\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == [".r.yaml.00000000.tmp", "r.yaml"]


@given(st.text(alphabet="0123456789-+._:eExXoObB ~TtyYnNaAlLsSuUrRfF\n", max_size=24)
       | st.sampled_from(["", "no", "Yes", "off", "null", "~", ".inf", "-.5", "1_000", "2025-02-30", "2025-05-12",
                          "2025-05-12 10:00", "2025-05-12-aze-bhr", "0x1F", "010", "1:30", "3.0", "1e3", "10\n"]))
def test_one_pattern_decides_text_exactly_as_resolve_plain_does(value):
    """``_reads_back_as_text`` (one combined pattern, on the fast path) against the reader itself."""
    from gulfvisits.yamlio import _reads_back_as_text, _Refused, resolve_plain

    try:
        expected = isinstance(resolve_plain(value), str) and resolve_plain(value) == value
    except _Refused:
        expected = False
    assert _reads_back_as_text(value) == expected


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs a named pipe")
def test_read_bytes_keeps_reading_after_a_short_read(tmp_path, monkeypatch):
    """A read may return less than asked for (a network file system may, at any size): the
    rest of the file must still arrive, up to the limit and one byte more."""
    from gulfvisits.yamlio import read_bytes

    path = tmp_path / "slow.yaml"
    path.write_bytes(b"id: first half\ntitle: second half\n" + b"x" * 20)
    real_read, sizes = os.read, []

    def short_read(fd: int, size: int) -> bytes:
        sizes.append(size)
        return real_read(fd, min(size, 15))
    monkeypatch.setattr(os, "read", short_read)
    assert read_bytes(path, limit=40) == b"id: first half\ntitle: second half\nxxxxxx" + b"x"
    assert sizes == [41, 26, 11]  # each read asks only for what is still missing
