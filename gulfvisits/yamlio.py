"""Strict YAML reading with positions, and the one deterministic YAML writer.

Records are written by hand, so the reader refuses every YAML feature that can change a
value behind the author's back (YAML 1.1 booleans such as ``no``, octal-looking numbers,
sexagesimals, duplicate keys where the last one silently wins) or hurt whoever reads the
data next (aliases, which turn a small file into a huge tree; custom tags, which construct
arbitrary objects). Each refusal is a ``RecordError`` with the line and column.

It also remembers where every value sits, so an error on ``participants[1].office`` found
later by the model can still point at its line.
"""
from __future__ import annotations

import os
import re
import tempfile
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import yaml

from .errors import Location, RecordError, field_path

try:  # the C parser is ~10x faster; fall back so a broken libyaml build still works
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - depends on the PyYAML build
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

MAX_FILE_BYTES = 1_000_000
"""A meeting record is a few kilobytes; anything near a megabyte is a mistake or an attack."""
MAX_DEPTH = 32

Loc = tuple[str | int, ...]

_TAG = "tag:yaml.org,2002:"
_ALLOWED_TAGS = {_TAG + t for t in ("str", "int", "float", "bool", "null", "map", "seq", "timestamp")}
_NULL = {"", "~", "null", "Null", "NULL"}
_TRUE = {"true", "True", "TRUE"}
_FALSE = {"false", "False", "FALSE"}
_YAML11_BOOL = re.compile(r"^(y|Y|yes|Yes|YES|n|N|no|No|NO|on|On|ON|off|Off|OFF)$")
_INT = re.compile(r"^[-+]?(0|[1-9][0-9]*)$")
_LEADING_ZERO = re.compile(r"^[-+]?0[0-9_]+$")
_OTHER_BASE = re.compile(r"^[-+]?0[xXoObB][0-9a-fA-F_]+$")
_FLOAT = re.compile(r"^[-+]?([0-9]+\.[0-9]*|\.[0-9]+|[0-9]+)([eE][-+]?[0-9]+)?$")
_SPECIAL_FLOAT = re.compile(r"^[-+]?\.(inf|Inf|INF|nan|NaN|NAN)$")
_SEXAGESIMAL = re.compile(r"^[-+]?[0-9][0-9_]*(:[0-5]?[0-9])+(\.[0-9_]*)?$")
_DATE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")
_TIMESTAMP = re.compile(r"^[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}([Tt ]|\s+)[0-9]{1,2}:[0-9]{2}")
_NUMBER_WITH_UNDERSCORE = re.compile(r"^[-+]?[0-9][0-9_]*_[0-9_]*(\.[0-9_]*)?$")


@dataclass
class Document:
    """A parsed YAML file: plain Python data plus where each value and key came from."""

    path: str
    data: Any
    positions: dict[Loc, tuple[int, int]] = field(default_factory=dict)
    key_positions: dict[Loc, tuple[int, int]] = field(default_factory=dict)

    def locate(self, loc: Loc, *, key: bool = False) -> Location:
        """The position of ``loc`` or of its nearest ancestor that exists in the file.

        With ``key=True`` the position of the mapping key is preferred (for "unknown field").
        """
        loc = tuple(loc)
        while True:
            if key and loc in self.key_positions:
                return Location(self.path, *self.key_positions[loc])
            if loc in self.positions:
                return Location(self.path, *self.positions[loc])
            if not loc:
                return Location(self.path, 1, 1)
            loc = loc[:-1]


def read_file(path: str | os.PathLike[str], display: str | None = None) -> Document:
    """Read and strictly parse one YAML file.

    Raises RecordError for every refusal, including a file that is too large (checked before
    reading it, so a 100 MB file costs nothing) or unreadable.
    """
    shown = display or str(path)
    return parse_text(read_text(path, shown), shown)


def read_text(path: str | os.PathLike[str], shown: str) -> str:
    """The file's text, after the checks that come before parsing: size, BOM, UTF-8, tabs."""
    try:
        size = os.stat(path).st_size
        if size > MAX_FILE_BYTES:
            raise _error(shown, 1, 1, "yaml.too-large", f"file is {size:,} bytes; the limit is {MAX_FILE_BYTES:,}")
        with open(path, "rb") as handle:
            raw = handle.read(MAX_FILE_BYTES + 1)
    except OSError as exc:
        raise _error(shown, 1, 1, "io.unreadable", f"cannot read file: {exc.strerror or exc}") from None
    return decode(raw, shown)


def parse_bytes(raw: bytes, path: str) -> Document:
    """Decode (UTF-8, no BOM) and parse; see ``parse_text``."""
    return parse_text(decode(raw, path), path)


def decode(raw: bytes, path: str) -> str:
    if len(raw) > MAX_FILE_BYTES:
        raise _error(path, 1, 1, "yaml.too-large", f"file is over {MAX_FILE_BYTES:,} bytes")
    if raw.startswith(b"\xef\xbb\xbf"):
        raise _error(path, 1, 1, "yaml.bom", "file starts with a byte-order mark; save it as UTF-8 without BOM")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        column = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        raise _error(path, line, column, "yaml.encoding", f"byte 0x{raw[exc.start]:02x} is not valid UTF-8") from None
    _check_layout(text, path)
    return text


def parse_text(text: str, path: str) -> Document:
    """Parse one YAML document strictly into plain data with positions."""
    _check_layout(text, path)
    if "&" in text or "*" in text:
        _reject_anchors(text, path)
    if sum(map(text.count, "[{-:?")) > _DEPTH_SCAN_ABOVE:
        _check_depth(text, path)
    try:
        loader = _Loader(text)
        try:
            node = loader.get_node() if loader.check_node() else None
            if node is not None and loader.check_node():
                mark = loader.peek_event().start_mark
                raise _error(path, mark.line + 1, mark.column + 1, "yaml.multiple-documents",
                             "file holds more than one YAML document; keep one record per file")
        finally:
            loader.dispose()
    except yaml.MarkedYAMLError as exc:
        raise _syntax_error(exc, path) from None
    except yaml.YAMLError as exc:
        raise _error(path, 1, 1, "yaml.syntax", f"YAML error: {exc}") from None
    except RecursionError:
        raise _error(path, 1, 1, "yaml.too-deep", "nesting is too deep") from None
    if node is None:
        raise _error(path, 1, 1, "yaml.empty", "file is empty")
    document = Document(path=path, data=None)
    document.data = _Converter(document, tags_possible="!" in text).convert(node, (), 0)
    return document


def _syntax_error(exc: yaml.MarkedYAMLError, path: str) -> RecordError:
    """Point at the problem, and say where the construct it broke began when that is elsewhere
    (an unclosed quote is found at the end of the file but starts much earlier)."""
    mark = exc.problem_mark or exc.context_mark
    line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    message = f"YAML syntax error: {exc.problem or exc.context or 'invalid YAML'}"
    context = exc.context_mark
    if exc.context and context is not None and (context.line, context.column) != (line - 1, column - 1):
        message += f" ({exc.context} that starts at line {context.line + 1}, column {context.column + 1})"
    return _error(path, line, column, "yaml.syntax", message)


_TAB_INDENT = re.compile(r"^ *\t", re.M)


def _check_layout(text: str, path: str) -> None:
    """Tabs in indentation: legal-looking, but they read differently in different editors."""
    if "\t" in text:
        found = _TAB_INDENT.search(text)
        if found:
            line = text.count("\n", 0, found.start()) + 1
            raise _error(path, line, found.end() - found.start(), "yaml.tab-indent",
                         "tab character in indentation; indent with spaces")


_DEPTH_SCAN_ABOVE = 5000
"""Each level of nesting needs one of ``[{-:?``; below this many, the composer's recursion
(which crashes the process somewhere past 20,000 levels) cannot be reached."""


def _check_depth(text: str, path: str) -> None:
    """Refuse deep nesting from the event stream, before the recursive composer sees it."""
    depth = 0
    try:
        for event in yaml.parse(text, Loader=_Loader):
            if isinstance(event, yaml.CollectionStartEvent):
                depth += 1
                if depth > MAX_DEPTH:
                    mark = event.start_mark
                    raise _error(path, mark.line + 1, mark.column + 1, "yaml.too-deep",
                                 f"nesting deeper than {MAX_DEPTH} levels")
            elif isinstance(event, yaml.CollectionEndEvent):
                depth -= 1
    except yaml.YAMLError:
        return  # the composer reports the syntax error with its position


def _reject_anchors(text: str, path: str) -> None:
    """Anchors and aliases have no use in a record and are the vehicle of alias bombs; find
    the first one from the event stream (no tree is built, so a bomb costs nothing)."""
    try:
        for event in yaml.parse(text, Loader=_Loader):
            if isinstance(event, yaml.AliasEvent):
                mark = event.start_mark
                raise _error(path, mark.line + 1, mark.column + 1, "yaml.alias",
                             f"alias *{event.anchor} is not allowed; write the value out in full")
            anchor = getattr(event, "anchor", None)
            if anchor is not None:
                mark = event.start_mark
                raise _error(path, mark.line + 1, mark.column + 1, "yaml.anchor",
                             f"anchor &{anchor} is not allowed; write values out in full")
    except yaml.YAMLError:
        return  # the composer reports the syntax error with its position


class _Converter:
    """Walks the composed node tree into plain data, applying the strict scalar rules."""

    def __init__(self, document: Document, tags_possible: bool = True) -> None:
        self.document = document
        self.tags_possible = tags_possible  # without a "!" in the text, every tag is implicit
        self.path = document.path
        self.seen: set[int] = set()
        self.loc: Loc = ()

    def fail(self, node: yaml.Node, code: str, message: str) -> RecordError:
        error = _error(self.path, node.start_mark.line + 1, node.start_mark.column + 1, code, message)
        error.field = field_path(self.loc) or None
        return error

    def convert(self, node: yaml.Node, loc: Loc, depth: int) -> Any:
        self.loc = loc
        if id(node) in self.seen:  # an alias that slipped past the event scan
            raise self.fail(node, "yaml.alias", "aliases are not allowed")
        self.seen.add(id(node))
        if depth > MAX_DEPTH:
            raise self.fail(node, "yaml.too-deep", f"nesting deeper than {MAX_DEPTH} levels")
        self.document.positions[loc] = (node.start_mark.line + 1, node.start_mark.column + 1)
        if isinstance(node, yaml.MappingNode):
            self.check_tag(node, _TAG + "map")
            return self.mapping(node, loc, depth)
        if isinstance(node, yaml.SequenceNode):
            self.check_tag(node, _TAG + "seq")
            return [self.convert(item, (*loc, i), depth + 1) for i, item in enumerate(node.value)]
        return self.scalar(node)

    def mapping(self, node: yaml.MappingNode, loc: Loc, depth: int) -> dict[str, Any]:
        result: dict[str, Any] = {}
        first_line: dict[str, int] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                raise self.fail(key_node, "yaml.key-type", "mapping keys must be plain strings")
            if key_node.tag == _TAG + "merge":
                raise self.fail(key_node, "yaml.merge-key", "merge keys (<<) are not allowed")
            self.loc = (*loc, key_node.value)
            key = self.scalar(key_node)
            if not isinstance(key, str):
                raise self.fail(key_node, "yaml.key-type", f"mapping key {key_node.value!r} must be a string")
            if key in result:
                raise self.fail(key_node, "yaml.duplicate-key",
                                f"duplicate key '{key}' (first defined on line {first_line[key]})")
            first_line[key] = key_node.start_mark.line + 1
            child = (*loc, key)
            self.document.key_positions[child] = (key_node.start_mark.line + 1, key_node.start_mark.column + 1)
            result[key] = self.convert(value_node, child, depth + 1)
        return result

    def check_tag(self, node: yaml.Node, expected: str) -> None:
        if node.tag != expected:
            raise self.fail(node, "yaml.tag", f"tag {_short_tag(node.tag)} is not allowed")

    def scalar(self, node: yaml.ScalarNode) -> Any:
        value: str = node.value
        if node.tag not in _ALLOWED_TAGS:
            raise self.fail(node, "yaml.tag", f"tag {_short_tag(node.tag)} is not allowed")
        if node.style:  # quoted or block scalar: always a string, unless explicitly tagged
            if node.tag != _TAG + "str":
                raise self.fail(node, "yaml.tag", f"explicit tag {_short_tag(node.tag)} is not allowed")
            return value
        if self.tags_possible and node.tag != _Loader.resolve(_Loader, yaml.ScalarNode, value, (True, False)):
            raise self.fail(node, "yaml.tag", f"explicit tag {_short_tag(node.tag)} is not allowed")
        return self.plain(node, value)

    def plain(self, node: yaml.ScalarNode, value: str) -> Any:
        try:
            return resolve_plain(value)
        except _Refused as refusal:
            raise self.fail(node, refusal.code, refusal.message) from None


class _Refused(Exception):
    def __init__(self, code: str, message: str) -> None:
        self.code, self.message = code, message


_NOT_TEXT_START = frozenset("0123456789+-.~")
_SPECIAL_WORDS = frozenset(_NULL | _TRUE | _FALSE | {
    w for b in ("y", "yes", "n", "no", "on", "off") for w in (b, b.capitalize(), b.upper())})


def resolve_plain(value: str) -> Any:
    """The value of an unquoted scalar under this project's rules: YAML 1.2 core types plus
    dates, and a refusal for every spelling YAML 1.1 would read differently."""
    if value and value[0] not in _NOT_TEXT_START and value not in _SPECIAL_WORDS:
        return value  # numbers, dates and their look-alikes all start with a digit, sign or dot
    if value in _NULL:
        return None
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    if _YAML11_BOOL.match(value):
        raise _Refused("yaml.ambiguous-bool", f"unquoted '{value}' is a boolean in YAML 1.1 but a string in "
                       f"YAML 1.2; write true/false, or quote it")
    if _INT.match(value):
        return int(value)
    if _LEADING_ZERO.match(value) or _OTHER_BASE.match(value):
        raise _Refused("yaml.octal", f"'{value}' may be read as an octal or hexadecimal number; quote it or drop the prefix")
    if _SEXAGESIMAL.match(value):
        raise _Refused("yaml.sexagesimal", f"'{value}' is a base-60 number in YAML 1.1; quote it")
    if _NUMBER_WITH_UNDERSCORE.match(value):
        raise _Refused("yaml.number-underscore", f"'{value}' is a number with underscores in YAML 1.1; quote it or drop them")
    if _FLOAT.match(value):
        return float(value)
    if _SPECIAL_FLOAT.match(value):
        raise _Refused("yaml.special-float", f"'{value}' is not a value this dataset accepts")
    if _DATE.match(value):
        try:
            return date.fromisoformat(value)
        except ValueError:
            raise _Refused("yaml.invalid-date", f"'{value}' is not a calendar date") from None
    if _TIMESTAMP.match(value):
        raise _Refused("yaml.timestamp", f"'{value}' is a timestamp; give a date (YYYY-MM-DD) or quote it")
    return value


_TYPED = re.compile("|".join(f"(?:{p.pattern})" for p in (
    _INT, _LEADING_ZERO, _OTHER_BASE, _SEXAGESIMAL, _NUMBER_WITH_UNDERSCORE, _FLOAT, _SPECIAL_FLOAT, _DATE,
    _TIMESTAMP)))
"""Every plain-scalar spelling that ``resolve_plain`` reads as something other than text (or
refuses), in one pattern: checking an id such as 2025-05-12-aze-bhr-... against the patterns
one by one measured 3x slower."""


def _reads_back_as_text(value: str) -> bool:
    """Whether ``value``, written unquoted, reads back as this very text."""
    return value not in _SPECIAL_WORDS and not _TYPED.match(value)


def _short_tag(tag: str) -> str:
    return "!!" + tag[len(_TAG):] if tag.startswith(_TAG) else tag


def _error(path: str, line: int, column: int, code: str, message: str) -> RecordError:
    return RecordError(message, location=Location(path, line, column), code=code)


# --- the fast path ----------------------------------------------------------------------
# A Rust parser (the optional ``yaml-rs``, ``pip install gulfvisits[fast]``) reads a record ~7x
# faster than PyYAML's C loader, but it follows YAML 1.2 plus its own habits: it expands
# aliases, reads a quoted "2025-05-12" as a date, reads 010 as 10 and `no` as text. So it is
# only trusted for a file when cheap screens of the text and a walk of its result prove that
# the strict reader would return the same data; otherwise ``fast_load`` returns None and the
# caller uses the strict reader, which also gives every refusal its line and column.

try:
    import yaml_rs as _yaml_rs
except ImportError:  # the optional extra is not installed
    _yaml_rs = None

_STRICT_ONLY_TEXT = ("&", "*", "!", "\t", "\r", "<<", "\n---", "\n...", "\n%")
_STRICT_ONLY_PATTERNS = (
    # 010, 0x1F, .inf, .5 as plain values: a 0 or a dot after a separator and an optional sign
    re.compile(r"0(?:(?<=[ \[,{\n]0)|(?<=[ \[,{\n][-+]0))[0-9_xXoObB]"),
    re.compile(r"\.(?:(?<=[ \[,{\n]\.)|(?<=[ \[,{\n][-+]\.))"),
    re.compile(r"_(?<=[0-9]_)"),  # 2_024
    re.compile(r"'[0-9]{4}-[0-9]{2}-"),  # a quoted date, which the Rust parser reads as a date
    re.compile(r'"[0-9]{4}-[0-9]{2}-'),
)
"""Text in which the fast parser could differ from the strict reader: anchors, aliases, tags,
merge keys, document markers, directives, quoted dates, octal/hex/dotted/underscored numbers.
Each pattern starts with one literal character and looks behind from there, because the regex
engine jumps between occurrences of a leading literal but tries every position for a leading
character class: measured 8x faster on the 10k corpus than the same screens written with a
leading class (kept in the tests as the reference they must agree with), and 4x faster than
one alternation."""


def _needs_strict_reader(text: str) -> bool:
    return (text.startswith(("---", "...", "%")) or any(map(text.__contains__, _STRICT_ONLY_TEXT))
            or any(pattern.search(text) for pattern in _STRICT_ONLY_PATTERNS))


def fast_path_available() -> bool:
    return _yaml_rs is not None


def fast_load(text: str) -> Any | None:
    """The data of ``text`` if the fast parser can vouch for it, else None (never raises)."""
    if _yaml_rs is None or _needs_strict_reader(text) or (
            len(text) > _DEPTH_SCAN_ABOVE and sum(map(text.count, "[{-:?")) > _DEPTH_SCAN_ABOVE):
        return None
    try:
        data = _yaml_rs.loads(text)
        return data if isinstance(data, dict) and _vouch(data) else None
    except Exception:  # any parser complaint: let the strict reader explain it
        return None


def _vouch(value: Any) -> bool:
    """True when the strict reader would have produced exactly this value. Leaves are checked
    inline in the loop over a container (a call per leaf measured 25% slower over 10^4 files)."""
    kind = type(value)
    if kind is dict:
        for key in value:
            if type(key) is not str or (
                    (key[:1] in _NOT_TEXT_START or key in _SPECIAL_WORDS) and not _reads_back_as_text(key)):
                return False
        children: Any = value.values()
    elif kind is list:
        children = value
    else:
        return _vouch_leaf(value)
    for child in children:
        kind = type(child)
        if kind is str:
            if (child[:1] in _NOT_TEXT_START or child in _SPECIAL_WORDS) and not _reads_back_as_text(child):
                return False
        elif kind is dict or kind is list:
            if not _vouch(child):
                return False
        elif not _vouch_leaf(child):
            return False
    return True


def _plain_text(value: str) -> bool:
    return value[:1] not in _NOT_TEXT_START and value not in _SPECIAL_WORDS or _reads_back_as_text(value)


def _vouch_leaf(value: Any) -> bool:
    kind = type(value)
    if kind is str:
        return _plain_text(value)
    if kind is float:
        return value == value and value not in (float("inf"), float("-inf"))
    return kind in (int, bool, date) or value is None


# --- writing ----------------------------------------------------------------------------


class _Dumper(yaml.SafeDumper):
    """Block style, indented lists, literal blocks for multi-line text, no aliases."""

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        super().increase_indent(flow, False)

    def ignore_aliases(self, data: Any) -> bool:
        return True


LINE_WIDTH = 96
_FOLD_AT = 96
_NEEDS_ESCAPES = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u2028\u2029\ufeff]")


def _represent_str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    """Quote every string our strict reader would not read back as the same text."""
    if _NEEDS_ESCAPES.search(value):
        style = '"'  # YAML folds these into spaces or line breaks unless escaped
    elif "\n" in value:
        style = "|"
    elif len(value) > _FOLD_AT and " " in value.strip():
        style = ">"  # long prose: folded lines keep diffs readable
    else:
        style = None if _reads_back_as_text(value) else "'"
    return dumper.represent_scalar(_TAG + "str", value, style=style)


_Dumper.add_representer(str, _represent_str)
_Dumper.add_representer(date, lambda d, v: d.represent_scalar(_TAG + "timestamp", v.isoformat()))
_Dumper.add_representer(type(None), lambda d, v: d.represent_scalar(_TAG + "null", "null"))



def dump(data: Any) -> str:
    """Serialise plain data as canonical YAML: the same input always gives the same bytes."""
    return yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=LINE_WIDTH,
                     default_flow_style=False, explicit_start=False)


def write_atomic(path: str | os.PathLike[str], text: str, *, durable: bool = True) -> None:
    """Write through a temporary file in the same folder and rename it into place, so a
    crash or a full disk never leaves a half-written record behind. ``durable=False`` skips
    the fsync, for caches: after a power cut they may be lost or damaged, never half-trusted
    (a damaged cache is simply rebuilt)."""
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, temporary = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
            if durable:
                handle.flush()
                os.fsync(handle.fileno())
        os.replace(temporary, target)
    except BaseException:
        try:
            os.unlink(temporary)
        except FileNotFoundError:
            pass
        raise
