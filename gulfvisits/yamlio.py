"""Strict YAML reading with positions, and the one deterministic YAML writer.

Records are written by hand, so the reader refuses every YAML feature that can change a
value behind the author's back (YAML 1.1 booleans such as ``no``, octal-looking numbers,
sexagesimals, duplicate keys where the last one silently wins) or hurt whoever reads the
data next (aliases, which turn a small file into a huge tree; custom tags, which construct
arbitrary objects). Each refusal is a ``RecordError`` with the line and column.

It also remembers where every value sits, so an error on ``participants[1].office`` found
later by the model can still point at its line.

This module holds the rules and the text checks; the parts that need PyYAML (the composer and
the dumper) are in ``_pyyaml``, imported on first use.
"""
from __future__ import annotations

import errno
import os
import re
import stat
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from .errors import Location, RecordError, UsageError

MAX_FILE_BYTES = 1_000_000
"""A meeting record is a few kilobytes; anything near a megabyte is a mistake or an attack."""
MAX_DEPTH = 32
TOO_DEEP = f"nesting deeper than {MAX_DEPTH} levels"
"""The one message for a refused nesting, whichever check meets it first."""

Loc = tuple[str | int, ...]

_TAG = "tag:yaml.org,2002:"
_ALLOWED_TAGS = {_TAG + t for t in ("str", "int", "float", "bool", "null", "map", "seq", "timestamp", "value")}
"""The tags PyYAML's resolver gives plain scalars and collections; ``resolve_plain`` then judges
the text itself (it refuses the plain ``=`` that YAML 1.1 tags ``value``, with a hint)."""
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
        raw = read_bytes(path)
        if len(raw) > MAX_FILE_BYTES:
            size = os.stat(path).st_size
            raise _error(shown, 1, 1, "yaml.too-large", f"file is {size:,} bytes; the limit is {MAX_FILE_BYTES:,}")
    except OSError as exc:
        reason = exc.strerror or str(exc)
        if exc.errno == errno.ENOENT and os.path.islink(path):  # "no such file" about a file that is listed
            reason = f"it is a symbolic link to {os.readlink(path)}, which does not exist"
        raise _error(shown, 1, 1, "io.unreadable", f"cannot read file: {reason}") from None
    return decode(raw, shown)


def read_bytes(path: str | os.PathLike[str], limit: int = MAX_FILE_BYTES) -> bytes:
    """The file's bytes, or its first ``limit`` + 1 when it is larger (which tells the caller it
    is too large without reading the rest). Read through the file descriptor, not ``open()``:
    the buffered file object and a separate stat took 26 us a record, this takes 7 (measured
    over 10^4 files). A named pipe would block the read until something writes to it, so it
    is opened without waiting and refused, like any file that is not a regular one."""
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_BINARY", 0) | getattr(os, "O_NONBLOCK", 0))
    try:
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):
            raise OSError(errno.EINVAL, f"not a regular file but {_kind_of_file(mode)}", str(path))
        raw = os.read(fd, limit + 1)
        while 0 < len(raw) <= limit:  # a read may return less than asked; stop at end of file
            more = os.read(fd, limit + 1 - len(raw))
            if not more:
                break
            raw += more
        return raw
    finally:
        os.close(fd)


def _kind_of_file(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a named pipe"
    return "a socket" if stat.S_ISSOCK(mode) else "a device"


def parse_bytes(raw: bytes, path: str) -> Document:
    """Decode (UTF-8, no BOM) and parse; see ``parse_text``."""
    return parse_text(decode(raw, path), path)


_OTHER_ENCODINGS = ((b"\xff\xfe\x00\x00", "UTF-32"), (b"\x00\x00\xfe\xff", "UTF-32"),
                    (b"\xff\xfe", "UTF-16"), (b"\xfe\xff", "UTF-16"))
"""Byte-order marks of encodings that are not UTF-8, longest first (UTF-32's little-endian mark
begins with UTF-16's)."""


def decode(raw: bytes, path: str) -> str:
    if len(raw) > MAX_FILE_BYTES:
        raise _error(path, 1, 1, "yaml.too-large", f"file is over {MAX_FILE_BYTES:,} bytes")
    if raw.startswith(b"\xef\xbb\xbf"):
        raise _error(path, 1, 1, "yaml.bom", "file starts with a byte-order mark; save it as UTF-8 without BOM")
    for mark, encoding in _OTHER_ENCODINGS:
        if raw.startswith(mark):  # Windows Notepad's "Unicode" is UTF-16: "byte 0xff is not valid UTF-8" hid it
            raise _error(path, 1, 1, "yaml.encoding", f"file is {encoding} (it starts with the {encoding} "
                         "byte-order mark); save it as UTF-8 without BOM")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        column = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        raise _error(path, line, column, "yaml.encoding", f"byte 0x{raw[exc.start]:02x} is not valid UTF-8") from None
    _check_layout(text, path)
    return text


_LINE_BREAK = re.compile(r"\r\n?|\n")
"""A line break as YAML counts one, and so the parser's positions: LF, CRLF, or a CR alone."""


def line_and_column(text: str, index: int) -> tuple[int, int]:
    """The 1-based line and column of ``text[index]``, as every error reports them. A file
    with a carriage return alone (an old Mac's line ending) has its lines counted as the
    parser counts them, else its first line ran on to the end of the file."""
    if "\r" not in text:
        return text.count("\n", 0, index) + 1, index - (text.rfind("\n", 0, index) + 1) + 1
    breaks = [found.end() for found in _LINE_BREAK.finditer(text, 0, index)]
    return len(breaks) + 1, index - (breaks[-1] if breaks else 0) + 1


_REFUSED_CHARACTER = re.compile(
    "[^\t\n\r -~\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd\U00010000-\U0010ffff]")
"""Characters a record may not hold as they are: the control characters and non-characters
that YAML itself forbids; the three line breaks of YAML 1.1 that are text in YAML 1.2 (NEL
U+0085, LS U+2028, PS U+2029), which the strict reader would break a line at and the fast
parser would keep; and U+FEFF, invisible, which the strict reader takes for a byte-order mark
at the start of a line (dropping it from a key, or failing) and the fast parser keeps."""
_ASCII_ALLOWED = bytes([9, 10, 13, *range(32, 127)])
_LINE_BREAKS_OF_YAML_11 = {"\x85": "next line", "\u2028": "line separator", "\u2029": "paragraph separator"}


def _plain_characters(text: str) -> bool:
    """Whether ``text`` holds none of ``_REFUSED_CHARACTER``. An ASCII text (most records) is
    tested by deleting its allowed bytes and looking at what is left: 0.8 us a record, where
    the regular expression takes 5 (measured over 10^4 records)."""
    if text.isascii():
        return not text.encode("ascii").translate(None, _ASCII_ALLOWED)
    return _REFUSED_CHARACTER.search(text) is None


def _check_characters(text: str, path: str) -> None:
    """Refuse, at its position, a character that YAML forbids or that YAML 1.1 and 1.2 read
    differently. The parsers would report the first without a line, and read the second
    silently (``a: x<U+2028>`` is ``x`` and a new line to one, one text to the other)."""
    if _plain_characters(text):
        return
    found = _REFUSED_CHARACTER.search(text)
    assert found is not None
    character = found.group()
    line, column = line_and_column(text, found.start())
    if character == "\ufeff":
        raise _error(path, line, column, "yaml.bom", "character U+FEFF (a byte-order mark, which is invisible) is read "
                     "differently by YAML parsers inside a file; delete it")
    if character in _LINE_BREAKS_OF_YAML_11:
        raise _error(path, line, column, "yaml.line-separator",
                     f"character U+{ord(character):04X} ({_LINE_BREAKS_OF_YAML_11[character]}) is a line break in "
                     f"YAML 1.1 but not in YAML 1.2; replace it with a space or an ordinary line break")
    raise _error(path, line, column, "yaml.control-character",
                 f"character U+{ord(character):04X} is a control character or non-character, which YAML does "
                 f"not allow in a file; delete it")


_TAB_INDENT = re.compile(r"(?:^|(?<=\r)) *\t", re.M)


def _check_layout(text: str, path: str) -> None:
    """Tabs in indentation: legal-looking, but they read differently in different editors."""
    if "\t" in text:
        found = _TAB_INDENT.search(text)
        if found:
            line, _ = line_and_column(text, found.start())
            raise _error(path, line, found.end() - found.start(), "yaml.tab-indent",
                         "tab character in indentation; indent with spaces")


def parse_text(text: str, path: str) -> Document:
    """Parse one YAML document strictly into plain data with positions."""
    from ._pyyaml import compose

    _check_layout(text, path)
    _check_characters(text, path)
    return compose(text, path)


_DEPTH_SCAN_ABOVE = 5000
"""A nesting depth that no parser's recursion is near (PyYAML's composer crashes the process
somewhere past 20,000 levels); text that cannot nest this deep is parsed without a scan."""


def may_be_deep(text: str) -> bool:
    """Whether ``text`` could nest ``_DEPTH_SCAN_ABOVE`` levels, from two cheap upper bounds:
    each level needs one of ``[{-:?``; and in block style each level needs one more column
    (two with an indentless sequence) while each flow level needs a bracket. The second keeps
    a long but flat registry (90 KB of people at 10^4 meetings) off the slow event scan."""
    return (len(text) > _DEPTH_SCAN_ABOVE  # cheap, and settles every record of a few kilobytes
            and sum(map(text.count, "[{-:?")) > _DEPTH_SCAN_ABOVE
            and 2 * max(map(len, text.split("\n"))) + text.count("[") + text.count("{") > _DEPTH_SCAN_ABOVE)


class _Refused(Exception):
    def __init__(self, code: str, message: str) -> None:
        self.code, self.message = code, message


_NOT_TEXT_START = frozenset("0123456789+-.~")
_SPECIAL_WORDS = frozenset(_NULL | _TRUE | _FALSE | {"="} | {
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
    if value == "=":
        raise _Refused("yaml.value-key", "unquoted '=' is the default-value key in YAML 1.1 but a string in "
                       "YAML 1.2; quote it")
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

_STRICT_ONLY_TEXT = ("\t", "\r", "<<", "\n---", "\n...", "\n%")
_NODE_STARTS = (
    # 010, 0x1F, .inf, .5: a 0 or a dot after a space or a line break and an optional sign
    re.compile(r"0(?:(?<=[ \n]0)|(?<=[ \n][-+]0))[0-9_xXoObB]"),
    re.compile(r"\.(?:(?<=[ \n]\.)|(?<=[ \n][-+]\.))"),
    # an anchor, an alias, a tag, a flow collection other than an empty one: the two parsers
    # differ on aliases (expanded or refused), tags and flow grammars ([a:], [:x], [?x]); records
    # are written in block style, and inside a longer text (a URL's "&id=", a field path's
    # "participants[1]") these characters are text to both
    re.compile("&"), re.compile(r"\*"), re.compile("!"), re.compile(r"\[(?!\])"), re.compile(r"\{(?!\})"),
)
_STRICT_ONLY_PATTERNS = (
    # 2_024, 0._5, -_1, 1e_3, _0: the fast parser drops underscores from numbers, so it reads each of
    # these as a number; one pattern, as every record has a dozen underscores to look behind
    re.compile(r"_(?:(?<=[0-9.+\-]_)|(?<=[0-9.][eE]_)|(?<=[ \[,{\n]_))"),
)
"""Text in which the fast parser could differ from the strict reader: merge keys, document
markers, directives, underscored numbers anywhere; and where a node can begin (``_NODE_STARTS``,
``_begins_node``): anchors, aliases, tags, non-empty flow collections, octal, hex and dotted
numbers. Quoted text that opens with a digit (a quoted date or year) is not among them: it is
marked so that the fast parser keeps it text (``_mark_quoted_digits``).
Each pattern starts with one literal character and looks around from there, because the regex
engine jumps between occurrences of a leading literal but tries every position for a leading
character class: measured 8x faster on the 10k corpus than the same screens written with a
leading class (kept in the tests as the reference they must agree with), and 4x faster than
one alternation. A start only counts where a node can begin, so that a name such as
"Official 00001", "1,000 MW", or an address with "&page=", does not send a whole file to the
strict reader."""


def _begins_node(text: str, at: int) -> bool:
    """Whether the character at ``at`` (found by ``_NODE_STARTS``) can begin a node in block
    style: only spaces, after a sign, stand between it and the start of its line or an indicator
    (``: - ?``). Elsewhere it is inside a longer text. Flow style needs no more: a flow collection
    opens at a block node's start, where its bracket sends the file to the strict reader, so
    outside one a comma or a bracket is text. Wider than YAML (``-&x`` is text), which only sends
    a few more files to the strict reader."""
    before = at - 1
    if before >= 0 and text[before] in "+-":
        before -= 1
    while before >= 0 and text[before] == " ":
        before -= 1
    return before < 0 or text[before] in ":-?\n"


def _needs_strict_reader(text: str) -> bool:
    return (not _plain_characters(text) or text.startswith(("---", "...", "%"))
            or any(map(text.__contains__, _STRICT_ONLY_TEXT))
            or any(pattern.search(text) for pattern in _STRICT_ONLY_PATTERNS)
            or any(pattern.search(text) and any(_begins_node(text, found.start()) for found in pattern.finditer(text))
                   for pattern in _NODE_STARTS))


_CHECK_START = _NOT_TEXT_START | {"\n"}
"""First characters of a string that the walk checks further (``_vouched_text``)."""


def _vouched_text(value: str) -> bool:
    """Whether the strict reader would give this text too. Beyond ``_reads_back_as_text``: text
    that opens with a line break (the fast parser reads an empty block scalar that ends the
    file, ``a: |``, as a line break; the strict reader as '')."""
    return value[:1] != "\n" and _reads_back_as_text(value)


_MARK = "\ue000"
_QUOTE_BEFORE_DIGIT = (re.compile("'(?=[0-9])"), re.compile('"(?=[0-9])'))


def _mark_quoted_digits(text: str) -> tuple[str, int]:
    """``text`` with ``_MARK`` after each quote that a digit follows, and how many were put.

    The fast parser reads a quoted '2025-05-12' as a date, and its result cannot tell a quoted
    '2019' from a plain 2019 written as text; records quote both (a disagreement's readings).
    A quote before a digit opens a quoted scalar, or is text (inside a longer scalar, a
    comment, a block scalar, or an escaped quote); never a closing quote, which a digit cannot
    follow in valid YAML. So a marked string that starts with the mark was quoted: text to
    both readers, whatever it looks like. Elsewhere the mark is only removed again. A private
    use character the file does not hold, and no backslash (a double-quoted escape could write
    the mark), keep every mark ours."""
    if not ("'" in text or '"' in text):
        return text, 0
    marks = 0
    for pattern in _QUOTE_BEFORE_DIGIT:
        text, count = pattern.subn(lambda found: found.group() + _MARK, text)
        marks += count
    return text, marks


def fast_path_available() -> bool:
    return _yaml_rs is not None


def fast_load(text: str) -> Any | None:
    """The data of ``text`` if the fast parser can vouch for it, else None (never raises)."""
    if _yaml_rs is None or _needs_strict_reader(text) or may_be_deep(text):
        return None
    marked, marks = _mark_quoted_digits(text)
    if marks and (_MARK in text or "\\" in text):
        return None
    try:
        data = _yaml_rs.loads(marked)
    except Exception:  # any parser complaint: let the strict reader explain it
        return None
    if type(data) not in (dict, list) or not _vouch(data):
        return None
    return _without_marks(data) if marks else data


def _without_marks(value: Any) -> Any:
    """``value`` with the marks ``_mark_quoted_digits`` put taken out again. No two keys can
    become one: a key holds a mark only where its text has a quote before a digit."""
    kind = type(value)
    if kind is str:
        return value.replace(_MARK, "")
    if kind is list:
        return [_without_marks(item) for item in value]
    if kind is dict:
        return {_without_marks(key): _without_marks(child) for key, child in value.items()}
    return value


def _vouch(value: dict | list) -> bool:
    """True when the strict reader would have produced exactly this mapping or list. Leaves are
    checked inline in the loop over a container (a call per leaf measured 25% slower over 10^4
    files). Text that opens with ``_MARK`` passes, as it should: it was quoted. A mark further in
    changes no verdict, since it follows a quote, which no number, date or special word holds."""
    if type(value) is dict:
        for key in value:
            if type(key) is not str or (
                    (key[:1] in _CHECK_START or key in _SPECIAL_WORDS) and not _vouched_text(key)):
                return False
        children: Any = value.values()
    else:
        children = value
    for child in children:
        kind = type(child)
        if kind is str:
            if (child[:1] in _CHECK_START or child in _SPECIAL_WORDS) and not _vouched_text(child):
                return False
        elif kind is dict or kind is list:
            if not _vouch(child):
                return False
        elif not _vouch_other_leaf(child):
            return False
    return True


def _vouch_other_leaf(value: Any) -> bool:
    """A leaf that is not text (``_vouch`` checks text inline): a number the strict reader can
    write back, a boolean, a date (not a date and time), or null."""
    kind = type(value)
    if kind is float:
        return value == value and value not in (float("inf"), float("-inf"))
    return kind in (int, bool, date) or value is None


# --- writing ----------------------------------------------------------------------------


LINE_WIDTH = 96


def dump(data: Any) -> str:
    """Serialise plain data as canonical YAML: the same input always gives the same bytes."""
    from ._pyyaml import dump

    return dump(data, LINE_WIDTH)


def write_atomic(path: str | os.PathLike[str], content: str | bytes, *, durable: bool = True,
                 new: bool = False) -> None:
    """Write a whole file or nothing (see ``replacing``). Text is written as UTF-8 with ``\n``
    line ends; bytes (a chart, an already encoded bundle) as they are. ``durable=False`` skips
    the fsync, for caches: after a power cut they may be lost or damaged, never half-trusted
    (a damaged cache is simply rebuilt). ``new=True`` is for a file that must not exist yet (see
    ``replacing``)."""
    with replacing(path, new=new) as temporary:
        with (open(temporary, "wb") if isinstance(content, bytes)
              else open(temporary, "w", encoding="utf-8", newline="\n")) as handle:
            handle.write(content)
            if durable:
                handle.flush()
                os.fsync(handle.fileno())


@contextmanager
def replacing(path: str | os.PathLike[str], *, new: bool = False) -> Iterator[Path]:
    """Give the caller a new, empty file beside ``path``'s target to fill, and rename it into
    place only when the block ends cleanly (else remove it), so a crash or a full disk never
    leaves a half-written record, schema or SQLite file behind. ``write_atomic`` fills it with
    text or bytes; ``to_sqlite`` lets SQLite build a database in it.

    A failure names the file the caller asked for: the temporary file's random name (or no
    name at all, for a full disk) would send the user looking for a file that never stays.
    A folder that cannot be made keeps its own name, since that is the thing to fix.

    A symbolic link is written through, as an editor writes it: the rename replaced the link
    with a file and left its target as it was (``fmt`` on a linked record "reformatted" it and
    changed nothing the link pointed to).

    With ``new=True`` the finished file is hard-linked into place, which fails with
    FileExistsError if the name was taken meanwhile: a rename replaces silently, so a second
    ``gulfvisits new`` of the same id, between the first one's check and its rename, overwrote
    it. A file system without hard links gets the rename."""
    target = Path(os.path.realpath(path))
    make_folders(target.parent)
    try:
        fd, temporary = temporary_beside(target)
        os.close(fd)
        try:
            yield Path(temporary)
            if not new:
                os.replace(temporary, target)
            else:
                try:
                    os.link(temporary, target)
                except FileExistsError:
                    raise
                except OSError:
                    os.replace(temporary, target)
                else:
                    os.unlink(temporary)
        except BaseException:
            try:
                os.unlink(temporary)
            except FileNotFoundError:
                pass
            raise
    except OSError as error:
        if error.errno is None:
            raise
        raise OSError(error.errno, error.strerror, str(path)) from error


def make_folders(folder: Path) -> None:
    """``folder`` and the folders above it, as ``mkdir -p``. Where a file (or a link to nowhere)
    holds one of their names, the bare "File exists" or "Not a directory", of that name or of
    one below it, did not say which name is in the way."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except (FileExistsError, NotADirectoryError):
        held = next((f for f in [folder, *folder.parents] if os.path.lexists(f) and not f.is_dir()), folder)
        raise OSError(errno.ENOTDIR, "not a folder, where one is needed", str(held)) from None


def folder_to_write(target: Path, takes: str) -> Path:
    """``target``, unless its name holds something other than a folder: ``mkdir`` said only
    "File exists", of a file and of a link to nowhere alike (a name the user sees is not there).
    ``takes`` says what the option takes ("--dir takes a folder")."""
    if target.is_symlink() and not target.exists():
        raise UsageError(f"{target} is a symbolic link to {os.readlink(target)}, which does not exist; {takes}")
    if target.exists() and not target.is_dir():
        raise UsageError(f"{target} is a file, and {takes}")
    return target


def temporary_beside(target: Path) -> tuple[int, str]:
    """A new file in ``target``'s folder (so that renaming it onto ``target`` is atomic), open
    for writing, with the permissions ``target`` already has, or else those the umask gives a new
    file. ``tempfile.mkstemp`` makes every file 0600, and the rename kept that: a record that
    ``fmt`` rewrote, a schema, the SQLite export all became unreadable to the other users of a
    shared checkout or server. ``O_EXCL`` keeps the guarantee ``mkstemp`` gave: the name is new."""
    import secrets  # here, not at the top: most runs write nothing

    try:
        mode: int | None = stat.S_IMODE(os.stat(target).st_mode)
    except OSError:
        mode = None
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
    for _ in range(100):
        name = os.path.join(target.parent, f".{target.name}.{secrets.token_hex(4)}.tmp")
        try:
            fd = os.open(name, flags, 0o666)  # the umask applies, as it does for open()
        except FileExistsError:
            continue
        if mode is not None:
            try:
                os.chmod(name, mode)
            except OSError:
                os.close(fd)
                os.unlink(name)
                raise
        return fd, name
    raise FileExistsError(errno.EEXIST, "no free name for a temporary file", str(target))
