"""Everything that needs PyYAML: the position-keeping strict composer behind
``yamlio.parse_text`` and the canonical writer behind ``yamlio.dump``.

Imported on first use, because a validation that the fast parser and the summary cache answer
in full never needs it (importing PyYAML and compiling its resolver's patterns measured ~12 ms
of a 0.3 s incremental run).
"""
from __future__ import annotations

import re
from datetime import date
from typing import Any

import yaml

from .errors import Location, RecordError, field_path
from .yamlio import (_ALLOWED_TAGS, _TAG, MAX_DEPTH, TOO_DEEP, Document, Loc, _error, _reads_back_as_text, _Refused,
                     _short_tag, line_and_column, may_be_deep, resolve_plain)

try:  # the C parser is ~10x faster; fall back so a broken libyaml build still works
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - depends on the PyYAML build
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]


def compose(text: str, path: str) -> Document:
    """``yamlio.parse_text`` after the checks of the text itself."""
    if text.endswith("\n"):
        return _compose(text, path)
    # libyaml places what follows a last line without a line break on a line after it ("---"
    # alone was refused at 2:1), where an editor cannot go: bring such places back to the end
    end = line_and_column(text, len(text))
    try:
        document = _compose(text, path)
    except RecordError as error:
        error.location = _within(error.location, end)
        raise
    for positions in (document.positions, document.key_positions):
        for loc, place in positions.items():
            positions[loc] = min(place, end)
    return document


def _within(location: Location, end: tuple[int, int]) -> Location:
    line, column = min((location.line, location.column), end)
    return Location(location.path, line, column)


def _second_document(text: str, first: yaml.Node, mark: yaml.Mark) -> tuple[int, int]:
    """Where the second document starts: its ``---``, which libyaml's event skips (it gave the
    next node, or the end of the file for an empty document)."""
    found = _DOCUMENT_START.search(text, first.end_mark.index)
    if found is None:
        return mark.line + 1, mark.column + 1
    return line_and_column(text, found.start())


_DOCUMENT_START = re.compile(r"(?:^|(?<=\r))---(?=[ \t\r\n]|$)", re.MULTILINE)


def _compose(text: str, path: str) -> Document:
    if "&" in text or "*" in text:
        _reject_anchors(text, path)
    if may_be_deep(text):
        _check_depth(text, path)
    try:
        loader = _Loader(text)
        try:
            node = loader.get_node() if loader.check_node() else None
            if node is not None and loader.check_node():
                line, column = _second_document(text, node, loader.peek_event().start_mark)
                raise _error(path, line, column, "yaml.multiple-documents",
                             "file holds more than one YAML document; keep one record per file")
        finally:
            loader.dispose()
    except yaml.MarkedYAMLError as exc:
        if _is_depth_limit(exc):
            _check_depth(text, path, yaml.SafeLoader)  # raises at the level that crossed ours
        raise _syntax_error(exc, path) from None
    except yaml.YAMLError as exc:
        raise _error(path, 1, 1, "yaml.syntax", f"YAML error: {exc}") from None
    except RecursionError:
        raise _error(path, 1, 1, "yaml.too-deep", TOO_DEEP) from None
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
    if _is_depth_limit(exc):
        return _error(path, line, column, "yaml.too-deep", TOO_DEEP)
    message = f"YAML syntax error: {exc.problem or exc.context or 'invalid YAML'}"
    context = exc.context_mark
    if exc.context and context is not None and (context.line, context.column) != (line - 1, column - 1):
        message += f" ({exc.context} that starts at line {context.line + 1}, column {context.column + 1})"
    return _error(path, line, column, "yaml.syntax", message)


def _check_depth(text: str, path: str, loader: type | None = None) -> None:
    """Refuse deep nesting from the event stream, before the recursive composer sees it. With
    ``yaml.SafeLoader``, after libyaml met its own limit (see ``_is_depth_limit``). By default
    with the loader that composes, looked up at each call rather than bound at import, so that a
    test can stand the pure-Python loader in for libyaml: only there does this scan place what
    libyaml's own limit would otherwise find."""
    depth = 0
    try:
        for event in yaml.parse(text, Loader=loader or _Loader):
            if isinstance(event, yaml.CollectionStartEvent):
                depth += 1
                if depth > MAX_DEPTH + 1:  # the document's own mapping is level 0, as the composer counts
                    mark = event.start_mark
                    raise _error(path, mark.line + 1, mark.column + 1, "yaml.too-deep", TOO_DEEP)
            elif isinstance(event, yaml.CollectionEndEvent):
                depth -= 1
    except yaml.YAMLError:
        return  # the composer meets the same error and reports it with its position


def _is_depth_limit(exc: yaml.MarkedYAMLError) -> bool:
    """Whether the parser stopped at its own nesting limit: the libyaml 0.2.6 in PyYAML 6.0.4's
    wheels refuses ~1,000 flow levels while scanning ahead, before this module's event scan
    reaches ``MAX_DEPTH``; the user's mistake is the same, so it gets the same code. Its position
    is libyaml's, ~1,000 levels on (column 1003 of a line of brackets), so ``compose`` scans the
    text again with the pure-Python parser, which has no such limit, to find the level that
    crossed ours; only such a file pays for the slower parser."""
    return "nesting depth" in (exc.problem or "")


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
            raise self.fail(node, "yaml.too-deep", TOO_DEEP)
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
            self.loc = loc  # not the previous value's: a bad key after `status: active` is not in status
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


# --- writing ----------------------------------------------------------------------------


class _Dumper(yaml.SafeDumper):
    """Block style, indented lists, literal blocks for multi-line text, no aliases."""

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        super().increase_indent(flow, False)

    def ignore_aliases(self, data: Any) -> bool:
        return True


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


def dump(data: Any, width: int) -> str:
    """``yamlio.dump``."""
    return yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=width,
                     default_flow_style=False, explicit_start=False)
