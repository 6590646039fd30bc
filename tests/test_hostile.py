"""Hostile and broken input: the corpus in tests/invalid/, huge and malicious files, and fuzzing.

Every case must give exit 1, a located message and no traceback; nothing may crash or hang.
"""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import example, given, settings, strategies as st

from gulfvisits.errors import RecordError
from gulfvisits.validate import validate_tree
from gulfvisits.yamlio import parse_bytes
from strategies import meetings

from conftest import KUWAIT, meeting_path, seed_tree

CORPUS = Path(__file__).parent / "invalid"
REGRESSIONS = Path(__file__).parent / "regressions"


def _expected() -> dict[str, list[tuple[str, str]]]:
    cases: dict[str, list[tuple[str, str]]] = {}
    for line in (CORPUS / "EXPECTED.tsv").read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            name, code, message = line.split("\t")
            cases.setdefault(name, []).append((code, message))
    return cases


EXPECTED = _expected()
CASES = sorted(p.name for p in CORPUS.glob("*.yaml"))


def test_corpus_is_large_and_fully_specified():
    assert len(CASES) >= 50
    assert sorted(EXPECTED) == CASES


def _tree_with(case: str, tmp_path: Path) -> Path:
    """The seed tree with the Kuwait meeting replaced by the case: its problems, located, are
    the whole report, and each of the ~300 runs reads two meetings instead of every record."""
    tree = seed_tree(tmp_path / "records")
    shutil.copyfile(CORPUS / case, meeting_path(tree, KUWAIT))
    return tree


@pytest.fixture(params=["fast-parser", "strict-reader-only"])
def reader(request, monkeypatch):
    """Run a test with the optional fast parser and without it: the answers must not change."""
    from gulfvisits import yamlio

    if request.param == "fast-parser":
        assert yamlio.fast_path_available(), "the test extra installs yaml-rs"
    else:
        monkeypatch.setattr(yamlio, "_yaml_rs", None)
    return request.param


@pytest.mark.parametrize("case", CASES)
def test_corpus_case_gives_exact_located_messages(case, tmp_path, reader):
    tree = _tree_with(case, tmp_path)
    prefix = f"records/meetings/2025/{KUWAIT}.yaml:"
    found = [(e.code, str(e)) for e in validate_tree(tree, display="records").sorted_errors()]
    assert found == [(code, prefix + message) for code, message in EXPECTED[case]]


@pytest.mark.parametrize("case", CASES)
def test_corpus_case_through_the_cli_exits_1_without_traceback(case, tmp_path, cli):
    _tree_with(case, tmp_path)
    result = cli("validate", "records", cwd=tmp_path)
    assert result.code == 1
    assert "Traceback" not in result.stderr + result.stdout
    first_code, first_message = EXPECTED[case][0]
    assert result.stderr.splitlines()[0] == f"records/meetings/2025/{KUWAIT}.yaml:{first_message}"


@pytest.mark.parametrize("case", [c for c in CASES if any(code.startswith("schema.") for code, _ in EXPECTED[c])])
def test_jsonschema_engine_gives_the_same_report(case, tmp_path):
    tree = _tree_with(case, tmp_path)
    # A contributor with only a JSON Schema tool in mind reads the same report, word for word;
    # and in order, not as a set: one problem reported twice (by two keywords) is a fault. Every
    # case the model refuses, including those whose references are checked after the refusal.
    by_model = [(e.code, str(e), e.record_id) for e in validate_tree(tree).sorted_errors()]
    by_schema = [(e.code, str(e), e.record_id) for e in validate_tree(tree, engine="jsonschema").sorted_errors()]
    assert by_schema == by_model


def test_hundred_megabyte_file_is_refused_unread(tmp_path):
    tree = _tree_with("yaml-empty-file.yaml", tmp_path)
    big = meeting_path(tree, KUWAIT)
    with open(big, "wb") as handle:
        handle.truncate(100 * 1024 * 1024)
    # VmHWM is this process image's own peak (ru_maxrss would include the forking parent's).
    code = ("import re, sys\nfrom gulfvisits.cli import main\ncode = main(['validate', 'records'])\n"
            "status = open('/proc/self/status').read()\n"
            "print(int(re.search(r'VmHWM:\\s+(\\d+)', status).group(1)) // 1024)\nsys.exit(code)")
    done = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True)
    assert done.returncode == 1
    assert done.stderr.splitlines()[0] == (
        f"records/meetings/2025/{KUWAIT}.yaml:1:1: file is 104,857,600 bytes; the limit is 1,000,000")
    assert int(done.stdout.strip()) < 150  # megabytes: the file is never read


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are POSIX")
def test_a_named_pipe_among_the_records_is_refused_not_waited_on(tree, cli):
    """Reading a pipe waits until something writes to it: ``validate`` and ``load()`` hung.
    The tree is loaded once before, so that a cached bundle exists that must not stand in."""
    def load() -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, "-c", "import sys, gulfvisits; gulfvisits.load(sys.argv[1])", str(tree)],
                              capture_output=True, text=True, timeout=120)  # the timeout turns a hang into a failure
    assert load().returncode == 0
    pipe = tree / "meetings" / "2025" / "2025-01-01-aze-kwt-pipe.yaml"
    os.mkfifo(pipe)
    message = f"{pipe}:1:1: cannot read file: not a regular file but a named pipe"
    result = cli("validate", str(tree))
    assert result.code == 1 and message in result.stderr.splitlines()
    loaded = load()
    assert loaded.returncode == 1
    assert "InvalidDataError" in loaded.stderr and message in loaded.stderr.splitlines()


def test_a_folder_where_a_registry_file_belongs_is_called_a_folder_not_missing(tree, cli):
    (tree / "topics.yaml").unlink()
    (tree / "topics.yaml").mkdir()
    result = cli("validate", str(tree))
    assert result.code == 1
    assert f"{tree}/topics.yaml:1:1: cannot read file: not a regular file but a folder" in result.stderr.splitlines()


def test_alias_bomb_is_refused_without_expanding_it(tmp_path):
    levels = "".join(f"l{i}: &l{i} [" + ", ".join([f"*l{i - 1}"] * 10) + "]\n" for i in range(1, 12))
    bomb = ("l0: &l0 [x, x, x, x, x, x, x, x, x, x]\n" + levels).encode()  # 10**12 leaves if expanded
    done = subprocess.run([sys.executable, "-c", "import sys; from gulfvisits.yamlio import parse_bytes\n"
                           "try: parse_bytes(sys.stdin.buffer.read(), 'bomb.yaml')\n"
                           "except Exception as e: print(e)"], input=bomb, capture_output=True, timeout=60)
    assert done.stdout.decode().strip() == "bomb.yaml:1:5: anchor &l0 is not allowed; write values out in full"


DEEP = ["a: " + "[" * 100_000 + "]" * 100_000, "a:\n" + "- " * 100_000 + "x\n",
        "a: " + "{a: " * 50_000 + "1" + "}" * 50_000,
        # 6,000 levels in 12 KB: the fast parser reads them, and the check of its result, a call
        # a level, ended in a RecursionError when only texts over 50 KB were scanned
        "a:\n" + "- " * 6_000 + "x\n"]
# Nesting by indentation alone costs a column a level, so a file under the size limit cannot
# nest more than ~1,400 levels this way: far from the composer's limit, still refused.
INDENTED = ["".join(" " * level + f"k{level}:\n" for level in range(1_000)) + " " * 1_000 + "x\n",
            "".join(" " * level + "-\n" for level in range(1_000)) + " " * 1_000 + "x\n"]


@pytest.mark.parametrize("text", DEEP + INDENTED)
def test_deep_nesting_is_refused_before_the_recursive_composer(text):
    with pytest.raises(RecordError) as caught:
        parse_bytes(text.encode(), "deep.yaml")
    assert caught.value.code == "yaml.too-deep"


@pytest.mark.parametrize("depth", [40, 2000, 100_000])
@pytest.mark.parametrize("opening, inside, closing, column", [("[", "", "]", 36), ("{a: ", "1", "}", 132)])
def test_too_deep_is_placed_at_the_level_that_crosses_the_limit_whichever_check_finds_it(depth, opening, inside,
                                                                                        closing, column):
    """Three checks can find it: the composer (a short text), the event scan (a text that might
    nest past the composer's reach), and libyaml's own limit of ~1,000 flow levels, met while
    reading ahead. The last was placed where libyaml stopped (column 1003), and the event scan
    counted the document's mapping as a level, so it stopped one bracket early (column 35)."""
    text = "a: " + opening * depth + inside + closing * depth
    with pytest.raises(RecordError) as caught:
        parse_bytes(text.encode(), "deep.yaml")
    assert caught.value.code == "yaml.too-deep"
    assert (caught.value.location.line, caught.value.location.column) == (1, column)


@pytest.mark.parametrize("text, place", [(DEEP[0], (1, 36)), (DEEP[1], (2, 65)), (DEEP[2], (1, 132))],
                         ids=["flow-sequence", "block-sequence", "flow-mapping"])
def test_too_deep_is_placed_by_pyyaml_without_libyaml_too(text, place, monkeypatch):
    """PyYAML built without libyaml composes with its pure-Python loader (``_pyyaml`` falls back
    to it), which has no nesting limit of its own and recurses until Python stops it, an error
    placed at 1:1: there only the scan before the composer places the error. Swapping the loader
    in here stands in for such a build."""
    import yaml

    from gulfvisits import _pyyaml

    monkeypatch.setattr(_pyyaml, "_Loader", yaml.SafeLoader)
    with pytest.raises(RecordError) as caught:
        parse_bytes(text.encode(), "deep.yaml")
    assert (caught.value.code, caught.value.location.line, caught.value.location.column) == ("yaml.too-deep", *place)


@pytest.mark.parametrize("text", DEEP)
def test_deep_nesting_never_reaches_the_fast_parser(text):
    from gulfvisits.yamlio import fast_load, may_be_deep

    assert may_be_deep(text)
    assert fast_load(text) is None


@pytest.mark.parametrize("pure_python", [False, True], ids=["libyaml", "pure-python"])
def test_a_wide_shallow_text_passes_the_depth_scan(pure_python, monkeypatch):
    """Six thousand sibling lists bring enough brackets for the event scan to run, and each one
    closes before the next opens: the scan must count them as one level, not six thousand."""
    import yaml

    from gulfvisits import _pyyaml
    from gulfvisits.yamlio import may_be_deep

    if pure_python:
        monkeypatch.setattr(_pyyaml, "_Loader", yaml.SafeLoader)
    text = "a: [" + "[1], " * 6_000 + "]\n"
    assert may_be_deep(text)
    assert parse_bytes(text.encode(), "wide.yaml").data == {"a": [[1]] * 6_000}


def test_a_long_flat_registry_skips_the_depth_scan():
    from gulfvisits.yamlio import may_be_deep

    people = "".join(f"- id: person-{i}\n  name: Person {i}\n  offices:\n  - title: Minister\n    start: 2020-01-01\n"
                     for i in range(2000))
    assert sum(map(people.count, "[{-:?")) > 5000
    assert not may_be_deep(people)


def _validate_bytes(raw: bytes, tmp_path: Path) -> None:
    """Parse and model-check arbitrary bytes as a meeting: only RecordErrors may come out."""
    from gulfvisits.models import Meeting
    from gulfvisits.validate import Report, _validate_model

    try:
        document = parse_bytes(raw, "fuzz.yaml")
    except RecordError:
        return
    report = Report()
    _validate_model(Meeting, document, document.data, (), report)  # any top-level value, as read_meeting passes it
    _validate_model(Meeting, document, document.data, (), report, "jsonschema")
    for error in report.errors:
        assert error.line >= 1 and error.column >= 1 and str(error)


def _regression_examples():
    return [p.read_bytes() for p in sorted(REGRESSIONS.glob("*.bin"))] if REGRESSIONS.is_dir() else []


@given(st.binary(max_size=400))
def test_random_bytes_never_crash(raw):
    _validate_bytes(raw, Path("."))


yaml_trees = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False), st.text(max_size=20), st.dates()),
    lambda children: st.one_of(st.lists(children, max_size=4), st.dictionaries(st.text(max_size=10), children, max_size=4)),
    max_leaves=30)


@given(yaml_trees)
def test_random_yaml_trees_never_crash(tree):
    import yaml

    _validate_bytes(yaml.safe_dump(tree, allow_unicode=True).encode(), Path("."))


@given(meetings(), st.data())
def test_mutated_valid_records_never_crash(data, draw):
    from gulfvisits.yamlio import dump

    text = dump(data).encode()
    for _ in range(draw.draw(st.integers(1, 4))):
        at = draw.draw(st.integers(0, max(len(text) - 1, 0)))
        action = draw.draw(st.sampled_from(["delete", "insert", "replace"]))
        byte = draw.draw(st.sampled_from(list(b" \t\n:-[]{}#&*!|>'\"%@`,?\x00\xff")))
        if action == "delete":
            text = text[:at] + text[at + 1:]
        elif action == "insert":
            text = text[:at] + bytes([byte]) + text[at:]
        else:
            text = text[:at] + bytes([byte]) + text[at + 1:]
    _validate_bytes(text, Path("."))


@pytest.mark.parametrize("raw", _regression_examples() or [b""])
def test_saved_regressions_stay_fixed(raw):
    _validate_bytes(raw, Path("."))


def _mutated(data, draw) -> bytes:
    from gulfvisits.yamlio import dump

    text = dump(data).encode()
    for _ in range(draw.draw(st.integers(1, 4))):
        at = draw.draw(st.integers(0, max(len(text) - 1, 0)))
        action = draw.draw(st.sampled_from(["delete", "insert", "replace"]))
        piece = draw.draw(st.sampled_from([b" ", b"\t", b"\n", b":", b"-", b"[", b"]", b"{", b"}", b"#", b"&", b"*", b"!",
                                           b"'", b'"', b"0", b"010", b"no", b"yes", b"1:30", b".inf", b"2_0", b"\r",
                                           b"2025-05-12", b"'2025-05-12'", b"---\n", b"<<: ", b"~", b"%"]))
        if action == "delete":
            text = text[:at] + text[at + 1:]
        elif action == "insert":
            text = text[:at] + piece + text[at:]
        else:
            text = text[:at] + piece + text[at + len(piece):]
    return text


@given(meetings(), st.data())
def test_fast_parser_only_vouches_for_what_the_strict_reader_reads_identically(data, draw):
    from gulfvisits.yamlio import decode, fast_load, parse_text

    raw = _mutated(data, draw)
    try:
        text = decode(raw, "f.yaml")
    except RecordError:
        return
    fast = fast_load(text)
    if fast is not None:
        assert parse_text(text, "f.yaml").data == fast


@pytest.mark.parametrize("text, rust_reads", [
    ("a: '2025-05-12'\n", {"a": __import__("datetime").date(2025, 5, 12)}),
    ("a: no\n", {"a": "no"}),
    ("a: 010\n", {"a": 10}),
    ("a: &x [1]\nb: *x\n", {"a": [1], "b": [1]}),
    ("a: 1\n<<: {b: 2}\n", {"a": 1, "<<": {"b": 2}}),  # the strict reader refuses the merge key
    ("a: 1e999\n", {"a": float("inf")}),  # an infinite float: left to the strict reader
    ("a: 2025-05-12 10:00:00\n", {"a": __import__("datetime").datetime(2025, 5, 12, 10)}),  # we refuse a time
    # the fast parser drops underscores from numbers; we read these as text
    ("a: _0\n", {"a": 0}), ("a: -_1\n", {"a": -1}), ("a: 0._\n", {"a": 0.0}), ("a: 1e_1\n", {"a": 10.0}),
    ("a: =\n", {"a": "="}),  # YAML 1.1's value key, which the strict reader refuses
    ("a: |\n", {"a": "\n"}), ("- >\n", ["\n"]),  # an empty block scalar ending the file: we read ''
    ("a: [b:]\n", {"a": [{"b": None}]}), ("a: [?b]\n", {"a": ["?b"]}), ("a: [:b]\n", {"a": [":b"]}),  # flow
])
def test_pinned_fast_parser_habits_never_reach_the_data(text, rust_reads):
    """yaml-rs's own readings differ from ours; pin them, and that we never accept them: the
    fast path passes, or (a quoted date, which it marks as text first) gives the strict reading."""
    import yaml_rs

    from gulfvisits.yamlio import fast_load, parse_text

    assert yaml_rs.loads(text) == rust_reads
    fast = fast_load(text)
    assert fast is None or repr(fast) == repr(parse_text(text, "f.yaml").data) != repr(rust_reads)


@pytest.mark.parametrize("text, data", [
    ("a: '2025-05-12'\n", {"a": "2025-05-12"}), ('a: "2019"\n', {"a": "2019"}), ("'1995': x\n", {"1995": "x"}),
    ("- '010'\n- '1e3'\n- 2025-05-12\n", ["010", "1e3", __import__("datetime").date(2025, 5, 12)]),
    ("a: it''s '90s\n", {"a": "it''s '90s"}), ("a: 'it''s ''90s'\n", {"a": "it's '90s"}),
    ("a: |\n  '2019\nb: '7' # '8\n", {"a": "'2019\n", "b": "7"}),
    ("a: x [1]\nb: q?a=1&b=2\nc: x *y !z {w}\n", {"a": "x [1]", "b": "q?a=1&b=2", "c": "x *y !z {w}"}),
])
def test_quoted_digits_and_indicators_inside_text_take_the_fast_path(text, data):
    """What records hold since disagreements came (a quoted date or year as a reading, a field
    path with an index, an address with a query) is read by the fast path, as the strict reader
    reads it."""
    from gulfvisits.yamlio import fast_load, parse_text

    assert parse_text(text, "f.yaml").data == data
    assert repr(fast_load(text)) == repr(data)


@pytest.mark.parametrize("text", [
    "a: '2019'\nb: \ue000\n",  # the file holds the mark itself
    'a: "\\ue0002019"\nb: \'2019\'\n',  # an escape could write it
    "a: '2019'x\n", "a: 'x'2019\n",  # refused by both
])
def test_marking_gives_way_where_a_mark_could_be_mistaken(text):
    from gulfvisits.yamlio import fast_load

    assert fast_load(text) is None


_PLAIN_SCREENS = [re.compile(p) for p in (
    r"(?:^|(?<=[:?\n-])) *(?<=[ \n])[-+]?(?:0[0-9_xXoObB]|\.)", r"[0-9.+ \[,{\n-]_|[0-9.][eE]_",
    r"(?:^|(?<=[:?\n-])) *(?:[-+]|(?<![-+]))(?:[&*!]|\[(?!\])|{(?!}))")]
"""The screens written plainly: slow (a leading character class is tried at every position)
but easy to read: a number-like start where a plain scalar begins (at the start of a line or
after an indicator, then spaces), underscored digits, and an anchor, alias, tag or flow
collection that is not empty where a node begins (a sign just before it is passed over, as for
a number). An underscore after a space counts anywhere, not only where a scalar begins: it is
rare in text, and one pattern for every underscore costs less than two (measured). The fast ones
must flag exactly the same texts."""


@given(st.text(alphabet=" \n[]{},-+.?0123456789_xXoObBeE'\"a:&*!", max_size=60))
@example("x-&")  # a sign is passed over, but "-" is an indicator too: neither makes this a node's start
def test_fast_screens_flag_exactly_what_the_plain_patterns_flag(text):
    from gulfvisits.yamlio import _NODE_STARTS, _STRICT_ONLY_PATTERNS, _begins_node

    fast = (any(p.search(text) for p in _STRICT_ONLY_PATTERNS)
            or any(_begins_node(text, m.start()) for p in _NODE_STARTS for m in p.finditer(text)))
    assert fast == any(p.search(text) for p in _PLAIN_SCREENS)


_TRICKY = "0123456789_.+-eExXoObB:=~#&*!|>?[]{},'\" \n\tyYnNaAlLsSuUrRfF\x07\x85\u2028\ufffe\ufeff"
_TRICKY_TEXT = st.text(alphabet="01_.+-e:=|[]{} \n", max_size=3) | st.text(alphabet=_TRICKY, max_size=12)
_PLAIN_DATA = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False, allow_infinity=False) | st.dates()
    | _TRICKY_TEXT,
    lambda children: st.lists(children, max_size=4) | st.dictionaries(_TRICKY_TEXT, children, max_size=4),
    max_leaves=12)


@given(st.dictionaries(_TRICKY_TEXT, _PLAIN_DATA, min_size=1, max_size=5))
@example({":": "_0"})  # found by the thorough profile before the underscore screen: the fast path read 0
def test_what_the_writer_writes_both_readers_read_alike(data):
    """Every canonical file is written by ``dump`` and then mostly read by the fast path: for any
    plain data (keys and text made of YAML's special characters), the fast path passes or
    returns exactly what the strict reader returns, and that is the data written."""
    from gulfvisits.yamlio import dump, fast_load, parse_text

    text = dump(data)
    strict = parse_text(text, "f.yaml").data
    assert repr(strict) == repr(data)
    fast = fast_load(text)
    assert fast is None or repr(fast) == repr(strict)


def _strict_or_code(text: str):
    from gulfvisits.yamlio import parse_text

    try:
        return parse_text(text, "f.yaml").data
    except RecordError as refusal:
        return refusal.code


def test_every_character_is_refused_by_both_readers_or_by_neither():
    """Each of the 65,536 characters of the Basic Multilingual Plane (and the first beyond it)
    in a quoted value: the strict reader refuses exactly the characters YAML forbids plus the
    three line breaks YAML 1.1 has and 1.2 has not, and U+FEFF, always at the character itself;
    the fast path vouches for none of them; it reads every other one as the strict reader does,
    there and in five plain places (it took a key that is a lone U+FEFF, which the strict reader
    reads as a byte-order mark); and the ASCII shortcut of the screen agrees with its regex."""
    import yaml

    from gulfvisits.yamlio import _REFUSED_CHARACTER, _plain_characters, fast_load, parse_text

    refused, wrong = [], []
    for code in [*range(0x10000), 0x10000]:
        character = chr(code)
        if 0xD800 <= code <= 0xDFFF or character == "'":
            continue  # a lone surrogate cannot come out of UTF-8 decoding; a quote would end the value
        text = f"a: 'x{character}'\n"
        if _plain_characters(text) != (_REFUSED_CHARACTER.search(text) is None):
            wrong.append((code, "screen"))
        try:
            parse_text(text, "f.yaml")
        except RecordError as refusal:
            refused.append(code)
            if (refusal.line, refusal.column) != (1, 6) or refusal.code not in (
                    "yaml.control-character", "yaml.line-separator", "yaml.bom"):
                wrong.append((code, refusal.code, refusal.line, refusal.column))
            if fast_load(text) is not None or fast_load(f"a: x{character}\n") is not None:
                wrong.append((code, "vouched"))
            continue
        for text in (text, f"a: {character}\n", f"a: x{character}\n", f"a: {character}x\n", f"{character}: 1\n",
                     f"- x {character} y\n"):
            fast = fast_load(text)
            if fast is not None and repr(fast) != repr(_strict_or_code(text)):
                wrong.append((code, "read otherwise", text))
    yaml_forbids = [code for code in refused if code not in (0x85, 0x2028, 0x2029, 0xFEFF)]
    for code in yaml_forbids:  # what PyYAML itself refuses, so the screen adds only the four
        with pytest.raises(yaml.reader.ReaderError):
            yaml.safe_load(f"a: 'x{chr(code)}'\n")
    assert wrong == []
    assert len(refused) == 32 - 3 + 1 + 32 + 2 + 2 + 1  # C0 but tab, LF, CR; DEL; C1 with NEL; FFFE, FFFF; LS, PS; FEFF


def test_fast_parser_agrees_on_every_short_scalar_in_every_position():
    """Exhaustive where the property test samples: every scalar of up to three characters (four
    under the thorough profile) drawn from those YAML treats specially, as a value, a key, a list
    item, inside and beside flow collections. The fast path may pass (None) but never return
    other data than the strict reader."""
    import itertools

    from gulfvisits.yamlio import fast_load, parse_text

    alphabet = "0_.+-e1x:=~aN <>!?|%@`,'\"#[]{}&*\x00\x85\u2028"
    longest = 4 if settings().max_examples >= 3000 else 3
    disagreements, vouched = [], 0
    for size in range(1, longest + 1):
        for value in map("".join, itertools.product(alphabet, repeat=size)):
            for text in (f"a: {value}\n", f"a: [{value}]\n", f"{value}: 1\n", f"- {value}\n", f"a:\n  - {value}\n",
                         f"a: [] {value}\n", f"a: {value} []\n", f"a: {{}}{value}\n", f"{value}\n",
                         f"a: {value}\nb: 1\n"):
                fast = fast_load(text)
                if fast is None:
                    continue
                vouched += 1
                try:
                    strict = parse_text(text, "f.yaml").data
                except RecordError as refusal:
                    strict = refusal.code
                if repr(strict) != repr(fast):  # repr: 1 == 1.0 == True, but they are not the same data
                    disagreements.append((text, strict, fast))
    assert disagreements == []
    assert vouched > 2000  # the fast path took its share, so the check is not vacuous


def test_fast_parser_agrees_on_every_pair_of_printable_characters_in_thirteen_places():
    """Wider than the check above and shallower: every pair of printable ASCII characters (and
    tab, CR, NBSP, U+FEFF, an accented letter), plain, quoted both ways and in block scalars.
    It found that U+FEFF starting a line was a byte-order mark to the strict reader only."""
    import itertools

    from gulfvisits.yamlio import fast_load

    alphabet = [chr(code) for code in range(32, 127)] + ["\t", "\r", "\xa0", "\ufeff", "\xe9"]
    disagreements, vouched = [], 0
    for value in map("".join, itertools.product(alphabet, repeat=2)):
        for text in (f"a: {value}\n", f"a: [{value}]\n", f"{value}: 1\n", f"- {value}\n", f"a:\n  - {value}\n",
                     f"a: x{value}\n", f"a: {value}x\n", f"{value}\n", f"\n{value}: 1\n", f'a: "{value}"\n',
                     f"a: '{value}'\n", f"a: |\n  {value}\n", f"a: >-\n  x\n  {value}\n"):
            fast = fast_load(text)
            if fast is not None:
                vouched += 1
                if repr(fast) != repr(_strict_or_code(text)):
                    disagreements.append((text, fast))
    assert disagreements == []
    assert vouched > 50_000  # most of the 130,000 texts are plain enough for the fast path


@pytest.mark.parametrize("text, flagged", [
    ("name: Official 00001\n", False), ("a: 010\n", True), ("a:  -010\n", True), ("- 0x1F\n", True),
    ("a: [1, .5]\n", True), ("a: b\n  010\n", True), ("a: x -010\n", False), ("a: 'v 1.0 and 0.5'\n", False),
    ("a: _2\n", True), ("a: x _2\n", True), ("a: energy_sector\n", False), ("a: [b]\n", True), ("a: []\n", False),
    ("a: {}\n", False), ("a: x [b]\n", False), ("a: x\n  [b]\n", True), ("- - {b}\n", True), ("? [b]\n", True),
    ("a: &x 1\n", True), ("a: *x\n", True), ("- !t x\n", True), ("a:\n  &x 1\n", True), ("a: -&x\n", True),
    ("a: q?a=1&b=2\n", False), ("field: participants[1].office\n", False), ("a: Trade & Industry\n", False),
    ("a: 1,000 MW\n", False), ("a: x [0.5]\n", False), ("a: [0.5]\n", True), ("- [1, 010]\n", True),
    ("a: '2025-05-12'\n", False),  # a quoted date is marked as text instead (_mark_quoted_digits)
])
def test_screens_flag_only_where_a_node_begins(text, flagged):
    from gulfvisits.yamlio import _needs_strict_reader

    assert _needs_strict_reader(text) is flagged
