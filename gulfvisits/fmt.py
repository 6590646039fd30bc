"""Canonical layout for record files, so that diffs show changed facts, not changed style.

The canonical form is what the one YAML writer produces from the validated model: keys in
model order, defaults left out, required nulls kept, literal blocks for multi-line text. A
leading block of ``#`` comments (the registries' headers) is kept. Any other comment would be
lost, so ``fmt`` refuses the file and says where the comment is: facts belong in ``note``
fields, where readers of the exports see them too.
"""
from __future__ import annotations

import re
from pathlib import Path

import yaml
from pydantic import ValidationError

from .errors import Location, RecordError
from .explain import model_errors
from .models import REGISTRY_MODELS, Meeting
from .validate import REGISTRY_FILES
from .yamlio import dump, line_and_column, parse_text, read_text, write_atomic

_REGISTRY_BY_FILE = {file: name for name, file in REGISTRY_FILES.items()}
_COMMENT = re.compile(r"(?:^|(?<=[ \t]))#", re.MULTILINE)  # a line's first column too, not the file's only


def header(text: str) -> str:
    """The leading comment lines (and blank lines among them), kept verbatim."""
    lines = []
    for line in text.splitlines(keepends=True):
        if line.startswith("#") or (lines and not line.strip()):
            lines.append(line)
        else:
            break
    while lines and not lines[-1].strip():
        lines.pop()
    return "".join(lines)


def comments_outside_header(text: str, path: str) -> list[RecordError]:
    """Comments that ``fmt`` would drop: every ``#`` that starts a comment, found with the
    YAML scanner so that a ``#`` inside a quoted string or URL is not mistaken for one."""
    spans = [(t.start_mark.index, t.end_mark.index) for t in yaml.scan(text, Loader=yaml.SafeLoader)
             if isinstance(t, yaml.ScalarToken)]
    header_end = len(header(text))
    found = []
    for match in _COMMENT.finditer(text):
        at = match.start()
        if at < header_end or any(start <= at < end for start, end in spans):
            continue
        line, column = line_and_column(text, at)
        found.append(RecordError("comment would be lost by fmt; move its content into a note field, or into "
                                 "the comment block at the top of the file",
                                 location=Location(path, line, column), code="fmt.comment"))
    return found


def canonical(text: str, path: str) -> str:
    """The canonical text of a record or registry file. Raises RecordError if it does not
    parse, does not match its model, or holds comments that formatting would drop."""
    document = parse_text(text, path)
    problems = comments_outside_header(text, path)
    if problems:
        raise problems[0]
    registry = _REGISTRY_BY_FILE.get(Path(path).name)
    model = REGISTRY_MODELS[registry] if registry else Meeting
    try:
        if registry:
            if not isinstance(document.data, list):
                raise RecordError("expected a list of registry entries", location=document.locate(()), code="schema.type")
            data = [model.model_validate(item).model_dump(exclude_defaults=True) for item in document.data]
        else:
            data = Meeting.model_validate(document.data).model_dump(exclude_defaults=True)
    except ValidationError as exc:
        raise model_errors(exc, document, model=model)[0] from None
    return header(text) + dump(data)


def format_file(path: Path, *, shown: str | None = None, check: bool = False) -> bool:
    """Bring one file into canonical form; returns whether it was (or, with ``check``, would
    be) changed. The write is atomic: the original survives any failure."""
    shown = shown or str(path)
    text = read_text(path, shown)  # size, BOM, encoding and tab checks; canonical() parses it
    formatted = canonical(text, shown)
    if formatted == text:
        return False
    if not check:
        write_atomic(path, formatted)
    return True
