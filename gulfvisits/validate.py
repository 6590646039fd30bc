"""Validation of a records tree: every file against its model, then the rules across files.

A records tree is the folder layout of ``records/``::

    people.yaml  organizations.yaml  topics.yaml  meetings/<year>/<id>.yaml

Validation never stops at the first problem: it returns a ``Report`` listing all of them,
each a ``RecordError`` with file, line and column, so one run shows a contributor everything
to fix. Only structural rules live in the models (and so in the JSON Schema); the rules here
need two values, two files or today's date.
"""
from __future__ import annotations

import difflib
import gc
import json
import os
import time
from collections import Counter, defaultdict
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, Callable, Iterable

from pydantic import BaseModel, TypeAdapter, ValidationError

from . import models
from .errors import Location, RecordError, UsageError, field_path
from .progress import Progress
from .models import Meeting, Organization, Person, Topic
from .yamlio import Document, Loc, fast_load, fast_path_available, read_bytes, read_file, read_text

ENGINES = ("pydantic", "jsonschema")
REGISTRY_FILES = {"people": "people.yaml", "organizations": "organizations.yaml", "topics": "topics.yaml"}
MEETINGS_DIR = "meetings"
_SCHEMA_OF = {Meeting: "meeting", Person: "person", Organization: "organization", Topic: "topic"}


@dataclass
class Report:
    """The outcome of a validation run."""

    errors: list[RecordError] = field(default_factory=list)
    files_checked: int = 0
    files_unchanged: int = 0
    """Meetings taken from the summary cache instead of being read (incremental and cached runs)."""
    meeting_files: list[str] = field(default_factory=list)
    """The file of each entry of ``meetings``, relative to the tree."""
    people: list[Person] = field(default_factory=list)
    organizations: list[Organization] = field(default_factory=list)
    topics: list[Topic] = field(default_factory=list)
    summaries: dict[str, Summary] = field(default_factory=dict)
    """What the rules across files read of each valid meeting read in full, by file (for the cache)."""
    _meetings: list[Meeting] = field(default_factory=list, repr=False)
    _meetings_json: bytes | None = field(default=None, repr=False)

    @property
    def meetings(self) -> list[Meeting]:
        """The valid meetings, in file order. Meetings checked in worker processes arrive as JSON
        and become models only here, on first use: a plain ``gulfvisits validate`` never needs
        them, and rebuilding 10^4 models costs about as much as checking them in two processes."""
        if self._meetings_json is not None:
            self._meetings = _MEETINGS.validate_json(self._meetings_json, strict=True)
            self._meetings_json = None
        return self._meetings

    @property
    def ok(self) -> bool:
        return not any(e.severity == "error" for e in self.errors)

    def sorted_errors(self) -> list[RecordError]:
        return sorted(self.errors, key=lambda e: (e.path, e.line, e.column, e.code))


@dataclass
class _Parsed:
    """A validated model with the document it came from, for locating later rule errors.

    A file read by the fast parser, or a meeting known only by its summary (``_locator``), has
    no document yet: the few that a rule finds fault with are read again, by the strict reader,
    for the line and column.
    """

    model: Any
    loaded: Document | None
    prefix: Loc = ()
    source: str | Path | None = None
    shown: str | None = None

    @property
    def document(self) -> Document:
        if self.loaded is None:
            self.loaded = read_file(self.source, self.shown)  # type: ignore[arg-type]
        return self.loaded


# --- model errors -> located errors ---------------------------------------------------------

_EXPECTED = {
    "string_type": "expected text",
    "int_type": "expected a whole number",
    "bool_type": "expected true or false",
    "date_type": "expected a date written as YYYY-MM-DD without quotes",
    "list_type": "expected a list",
    "model_type": "expected a mapping of fields",
    "dict_type": "expected a mapping of fields",
    "model_attributes_type": "expected a mapping of fields",
    "none_required": "expected null",
}


def _describe(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return f"a list of {len(value)}" if value else "an empty list"
    if isinstance(value, date):
        return f"the date {value.isoformat()}"
    if isinstance(value, str):
        shown = value if len(value) <= 60 else value[:57] + "..."
        return f"{shown!r} (text)"
    return f"{value!r} ({type(value).__name__})"


def _closest(word: Any, options: Iterable[str]) -> str | None:
    if not isinstance(word, str):
        return None
    found = difflib.get_close_matches(word, list(options), n=1, cutoff=0.6)
    return f"did you mean '{found[0]}'?" if found else None


def pattern_meaning(pattern: str) -> str:
    return models.PATTERN_MEANINGS.get(pattern, f"text matching {pattern}")


def fields_at(model: type[BaseModel], loc: Loc) -> list[str]:
    """The field names allowed at ``loc`` inside ``model``, for "did you mean" hints."""
    import typing

    current: Any = model
    for part in loc:
        if isinstance(part, int):
            continue
        if not (isinstance(current, type) and issubclass(current, BaseModel)) or part not in current.model_fields:
            return []
        annotation = current.model_fields[part].annotation
        while typing.get_args(annotation) and not (isinstance(annotation, type) and issubclass(annotation, BaseModel)):
            annotation = next((a for a in typing.get_args(annotation)
                               if isinstance(a, type) and issubclass(a, BaseModel)), typing.get_args(annotation)[0])
        current = annotation
    return list(current.model_fields) if isinstance(current, type) and issubclass(current, BaseModel) else []


def model_errors(exc: ValidationError, document: Document, prefix: Loc = (), record_id: str | None = None,
                 model: type[BaseModel] | None = None) -> list[RecordError]:
    """Turn a pydantic ValidationError into located RecordErrors (``model`` sharpens hints)."""
    model = model or Meeting
    out = []
    for err in exc.errors(include_url=False):
        loc = (*prefix, *err["loc"])
        kind = err["type"]
        value = err.get("input")
        hint = None
        if kind == "extra_forbidden":
            location = document.locate(loc, key=True)
            message = f"unknown field '{loc[-1]}'"
            hint = _closest(loc[-1], fields_at(model, err["loc"][:-1]))
            code = "schema.extra"
        elif kind == "missing":
            location = document.locate(loc[:-1])
            message = f"missing required field '{loc[-1]}'"
            code = "schema.missing"
            loc = loc  # the field path names the missing field itself
        elif kind == "literal_error":
            expected = [o.strip().strip("'") for o in err["ctx"]["expected"].replace(" or ", ", ").split(", ")]
            location = document.locate(loc)
            shown = ", ".join(expected[:12]) + (", ..." if len(expected) > 12 else "")
            message = f"expected one of: {shown}; found {_describe(value)}"
            hint = _closest(value, expected)
            code = "schema.vocabulary"
        elif kind == "string_pattern_mismatch":
            location = document.locate(loc)
            message = f"expected {pattern_meaning(err['ctx']['pattern'])}; found {_describe(value)}"
            code = "schema.pattern"
        elif kind in ("too_short", "too_long"):
            location = document.locate(loc)
            bound = err["ctx"]["min_length" if kind == "too_short" else "max_length"]
            message = f"needs {'at least' if kind == 'too_short' else 'at most'} {bound} item(s); found {_describe(value)}"
            code = f"schema.{kind}"
        elif kind in ("greater_than_equal", "less_than_equal"):
            location = document.locate(loc)
            bound = err["ctx"]["ge" if kind == "greater_than_equal" else "le"]
            message = f"must be {'at least' if kind == 'greater_than_equal' else 'at most'} {bound}; found {_describe(value)}"
            code = "schema.range"
        elif kind in _EXPECTED:
            location = document.locate(loc)
            message = f"{_EXPECTED[kind]}; found {_describe(value)}"
            code = "schema.type"
        else:
            location = document.locate(loc)
            message = f"{err['msg'][0].lower()}{err['msg'][1:]}; found {_describe(value)}"
            code = f"schema.{kind}"
        out.append(RecordError(message, location=location, code=code, field=field_path(loc) or None,
                               record_id=record_id, hint=hint))
    return out


def _validate_model(model: type[BaseModel], document: Document, data: Any, prefix: Loc, report: Report,
                    engine: str = "pydantic") -> Any | None:
    """Validate one record with the model, or first with the generated JSON Schema when
    ``engine="jsonschema"`` (so a schema-only contributor's view can be checked too)."""
    record_id = data.get("id") if isinstance(data, dict) and isinstance(data.get("id"), str) else None
    if engine == "jsonschema":
        from .schema import located_errors

        errors = located_errors(document, _SCHEMA_OF[model], prefix)
        if errors:
            for error in errors:
                error.record_id = record_id
            report.errors.extend(errors)
            return None
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        report.errors.extend(model_errors(exc, document, prefix, record_id, model))
        return None


# --- reading a tree -------------------------------------------------------------------------


def _read(path: Path, shown: str, report: Report) -> Document | None:
    report.files_checked += 1
    try:
        return read_file(path, shown)
    except RecordError as exc:
        report.errors.append(exc)
        return None


def _read_registry(root: Path, name: str, report: Report, display: Path, engine: str = "pydantic") -> list[_Parsed]:
    path = root / REGISTRY_FILES[name]
    shown = str(display / REGISTRY_FILES[name])
    if not path.is_file():
        report.errors.append(RecordError(f"registry file {REGISTRY_FILES[name]} is missing",
                                         location=Location(shown), code="tree.missing-registry"))
        return []
    if engine == "pydantic" and fast_path_available():
        entries = _fast_registry(path, shown, name)
        if entries is not None:
            report.files_checked += 1
            return entries
    model = models.REGISTRY_MODELS[name]
    document = _read(path, shown, report)
    if document is None:
        return []
    if not isinstance(document.data, list):
        report.errors.append(RecordError(f"expected a list of {name} entries; found {_describe(document.data)}",
                                         location=document.locate(()), code="schema.type"))
        return []
    parsed = []
    for index, item in enumerate(document.data):
        entry = _validate_model(model, document, item, (index,), report, engine)
        if entry is not None:
            parsed.append(_Parsed(entry, document, (index,)))
    return parsed


def _fast_registry(path: Path, shown: str, name: str) -> list[_Parsed] | None:
    """A registry read by the fast parser, when it can vouch for the file and every entry is
    valid; None sends the file to the strict reader, which reports what is wrong where. (The
    strict reader took ~50 ms of every cold run on a 10^4-meeting tree's people registry.)"""
    try:
        data = fast_load(read_text(path, shown))
        if not isinstance(data, list):
            return None
        entries = _REGISTRY_LISTS[name].validate_python(data)
    except (RecordError, ValidationError):
        return None
    return [_Parsed(entry, None, (index,), source=path, shown=shown) for index, entry in enumerate(entries)]


def meeting_files(root: Path) -> list[Path]:
    """Every meeting file of a tree, in a stable order."""
    return [root / relative for relative in meeting_names(root)]


def meeting_names(root: Path) -> list[str]:
    """Meeting files as paths relative to ``root`` (strings: os.walk is several times faster
    than Path.rglob, which matters when 10^4 files are listed for a one-file check)."""
    top = os.path.join(root, MEETINGS_DIR)
    names = []
    for folder, _, files in os.walk(top):
        base = os.path.relpath(folder, root)
        names += [base + os.sep + name for name in files if name.endswith((".yaml", ".yml"))]
    return sorted(names)


def read_meeting(path: str | Path, shown: str, report: Report, engine: str = "pydantic") -> _Parsed | None:
    """Parse and model-check one meeting file. The fast parser is tried first when installed;
    anything it cannot vouch for, and every invalid file, goes through the strict reader so
    that errors carry their line and column."""
    if engine == "pydantic" and fast_path_available():
        try:
            text = read_text(path, shown)
        except RecordError as exc:
            report.files_checked += 1
            report.errors.append(exc)
            return None
        data = fast_load(text)
        if data is not None:
            try:
                model = Meeting.model_validate(data)
            except ValidationError:
                pass  # the strict reader below reports it with positions
            else:
                report.files_checked += 1
                return _Parsed(model, None, source=path, shown=shown)
    document = _read(path, shown, report)
    if document is None:
        return None
    if not isinstance(document.data, dict):
        report.errors.append(RecordError(f"expected a mapping of fields; found {_describe(document.data)}",
                                         location=document.locate(()), code="schema.type"))
        return None
    model = _validate_model(Meeting, document, document.data, (), report, engine)
    return _Parsed(model, document, source=path, shown=shown) if model is not None else None


@contextmanager
def gc_paused():
    """Bulk-building ~10^5 long-lived objects triggers full collections over a growing heap for
    nothing (nothing here is cyclic garbage); pausing the collector makes the build ~2x faster."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            # Everything allocated meanwhile is still in the youngest generation, so the first
            # collection after re-enabling would walk all of it (~0.1 s for 10^4 loaded records).
            # freeze() + unfreeze() moves it straight into the oldest generation instead, without
            # a walk; cyclic garbage among it is still collected, at the next full collection.
            gc.freeze()
            gc.unfreeze()
            gc.enable()


def validate_tree(root: str | Path, *, display: str | Path | None = None, today: date | None = None,
                  engine: str = "pydantic", changed: set[Path] | None = None, keep_models: bool = True) -> Report:
    """Validate a whole records tree. Never raises for bad data; raises UsageError when
    ``root`` is not a records tree at all, or ``engine`` is not one of ``ENGINES``.

    With ``changed`` (absolute paths), only those files are reported in full; the rules across
    files still run over the whole tree and are always reported, because an edit to one file
    (a registry entry removed, an id reused) can break another.

    ``keep_models=False`` is for callers that only need the verdict (the CLI): worker processes
    then send back no models, and ``report.meetings`` may be empty while ``meeting_files`` still
    lists every valid meeting.
    """
    if engine not in ENGINES:
        raise UsageError(f"unknown engine {engine!r}; choose from {', '.join(ENGINES)}")
    root = _records_tree(root)
    with gc_paused():
        return _validate_tree(root, Path(display) if display is not None else root, today, engine, changed,
                              keep_models)


def _validate_tree(root: Path, shown_root: Path, today: date | None, engine: str, changed: set[Path] | None,
                   keep_models: bool) -> Report:
    report = Report()
    registries = {name: _read_registry(root, name, report, shown_root, engine) for name in REGISTRY_FILES}
    rules = _Rules.over_registries(report, registries, today or date.today())
    root_prefix, shown_prefix = f"{root}{os.sep}", f"{shown_root}{os.sep}"
    files = [(root_prefix + relative, shown_prefix + relative, relative) for relative in meeting_names(root)]
    workers = min(os.cpu_count() or 1, MAX_WORKERS)
    with Progress(len(files), "validating") as progress:
        if len(files) >= PARALLEL_FROM and workers > 1:
            checked = _check_in_pool(files, engine, rules, workers, progress, keep_models)
        else:
            checked = _check_meetings(files, engine, rules, progress=progress)
    meetings = []
    for relative, payload, summary, errors, count in checked:
        report.errors.extend(errors)
        report.files_checked += count
        if summary is not None:
            report.summaries[relative] = summary
            meetings.append((relative, payload))
    read = {relative: payload for relative, payload in meetings if isinstance(payload, _Parsed)}
    rules.across(report.summaries.items(), _locator(read, report.summaries, root_prefix, shown_prefix))
    _keep_models(report, registries, meetings)
    if changed is not None:
        shown = {str(shown_root / path.resolve().relative_to(root.resolve())) for path in changed
                 if path.resolve().is_relative_to(root.resolve())}
        report.errors = [e for e in report.errors if e.path in shown or e.code.startswith("rule.")]
    return report


def validate_changed(root: str | Path, changed: set[Path], *, display: str | Path | None = None,
                     today: date | None = None) -> Report:
    """Validate the ``changed`` files in full and the whole tree's cross-record rules, without
    parsing the unchanged meetings: each contributes a cached summary (``_SummaryCache``) that
    holds all the rules across records need. A change to a registry can break any meeting, so
    it falls back to ``validate_tree``.
    """
    root = _records_tree(root)
    changed = {p.resolve() for p in changed}
    if any((root / name).resolve() in changed for name in REGISTRY_FILES.values()):
        return validate_tree(root, display=display, today=today, changed=changed)
    wanted = {os.path.relpath(p, root.resolve()) for p in changed}
    return _validate_with_summaries(root, Path(display) if display is not None else root, today, wanted)


def validate_cached(root: str | Path, *, display: str | Path | None = None, today: date | None = None) -> Report:
    """Everything ``validate_tree`` reports, re-reading only the meetings that changed since a
    run found them clean (as ruff and mypy keep their caches). A clean mark is only trusted
    while the registries and the validating code are byte-for-byte the same, because every
    per-record rule depends on nothing else but the file itself (and today's date, which only
    moves forward, so a date that was not in the future still is not). A cold cache costs one
    ordinary full validation plus writing the cache.
    """
    root = _records_tree(root)
    shown_root = Path(display) if display is not None else root
    cache = _SummaryCache(root)
    names = meeting_names(root)
    stale = {name for name in names if not cache.clean(name)}
    if len(stale) >= PARALLEL_FROM:
        report = validate_tree(root, display=shown_root, today=today, keep_models=False)
        cache.remember(shown_root, report, names)
        return report
    return _validate_with_summaries(root, shown_root, today, stale, cache, names)


def _validate_with_summaries(root: Path, shown_root: Path, today: date | None, wanted: set[str],
                             cache: "_SummaryCache | None" = None, names: list[str] | None = None) -> Report:
    """Full checks for the ``wanted`` meetings, summaries for the rest; every cross-record rule
    runs over both."""
    cache = cache or _SummaryCache(root)
    names = meeting_names(root) if names is None else names
    with gc_paused():
        report = Report()
        registries = cache.registries(root, shown_root, report)
        rules = _Rules.over_registries(report, registries, today or date.today())
        meetings, others = [], {}
        root_prefix, shown_prefix = f"{root}{os.sep}", f"{shown_root}{os.sep}"
        for relative in names:
            if relative in wanted:
                parsed = read_meeting(root_prefix + relative, shown_prefix + relative, report)
                if parsed is not None:
                    rules.meeting(relative, parsed)
                    report.summaries[relative] = _summary_of(parsed.model)
                    meetings.append((relative, parsed))
            else:
                summary = cache.summary(relative)
                if summary is not None:
                    others[relative] = summary
        report.files_unchanged = len(others)
        rules.across([*report.summaries.items(), *others.items()],
                     _locator(dict(meetings), others, root_prefix, shown_prefix))
        _keep_models(report, registries, meetings)
        cache.remember(shown_root, report, sorted(wanted))
    return report


def _records_tree(root: str | Path) -> Path:
    """``root`` as a Path, or UsageError when it is not a records tree at all."""
    root = Path(root)
    if not root.is_dir():
        raise UsageError(f"{root} is not a directory")
    if not any((root / f).exists() for f in [*REGISTRY_FILES.values(), MEETINGS_DIR]):
        raise UsageError(f"{root} is not a records tree (no meetings/ folder and no registry files)")
    return root


def _keep_models(report: Report, registries: dict[str, list[_Parsed]], meetings: list[tuple[str, Any]]) -> None:
    """``meetings`` pairs each file with its _Parsed model, or with its JSON from a worker."""
    report.people = [p.model for p in registries["people"]]
    report.organizations = [p.model for p in registries["organizations"]]
    report.topics = [p.model for p in registries["topics"]]
    report.meeting_files = [relative for relative, _ in meetings]
    if meetings and isinstance(meetings[0][1], bytes):
        report._meetings_json = b"[" + b",".join(payload for _, payload in meetings) + b"]"
    elif meetings and isinstance(meetings[0][1], _Parsed):
        report._meetings = [p.model for _, p in meetings]


class _SummaryCache:
    """What the cross-record rules need of each meeting, kept between runs and keyed by the
    file's size and modification time (as git's index does), with a content hash to fall back on
    when only the mtime changed, so an unchanged file is not read.

    An entry also says whether its file was found clean, which is only valid under the
    ``fingerprint`` of the registries and of the validating code it was checked with.
    """

    FORMAT = 2
    """Increased whenever the layout of an entry or of a summary changes: a cache of another
    layout is then ignored, not misread."""

    def __init__(self, root: Path) -> None:
        import hashlib

        from . import __version__
        from .bundle import cache_dir

        key = hashlib.blake2b(str(root.resolve()).encode(), digest_size=8).hexdigest()
        self.path = cache_dir() / f"summaries-{__version__}-{key}.json"
        self.prefix = f"{root}{os.sep}"
        self.fingerprint = _fingerprint(root)
        # A file written within a second or two of the run may change again without changing
        # its size or mtime (coarse timestamps): like git's "racily clean" entries, it is not
        # marked clean, so the next run reads it again.
        self.trust_before = time.time_ns() - 2_000_000_000
        try:
            with gc_paused():  # 10^5 fresh objects: a collection midway would walk them for nothing
                stored = _json_loads(self.path.read_bytes())
            if stored["format"] != self.FORMAT:
                raise ValueError("a cache written by another version of this code")
            self.entries: dict[str, list] = stored["entries"]
            self.stored_registries: dict[str, str] | None = stored["registries"]
            if not all(type(e) is list and len(e) == 5 and (e[2] is None or type(e[2]) is list and len(e[2]) == 7)
                       for e in self.entries.values()):
                raise ValueError("damaged cache")
            if stored["fingerprint"] != self.fingerprint:
                self.stored_registries = None
                for entry in self.entries.values():
                    entry[3] = False
        except (OSError, ValueError, KeyError, TypeError, IndexError):
            self.entries, self.stored_registries = {}, None
        self.dirty = False
        self.stats: dict[str, os.stat_result] = {}  # one stat per file and run

    def registries(self, root: Path, shown_root: Path, report: Report) -> dict[str, list[_Parsed]]:
        """The registries, from the cache when their bytes are unchanged (the fingerprint covers
        them); read and checked otherwise, and kept when they are clean. Positions for a later
        rule error are found by reading the file again (``_Parsed.document``)."""
        try:
            stored = {name: _REGISTRY_LISTS[name].validate_json(self.stored_registries[name], strict=True)
                      for name in REGISTRY_FILES}
        except (TypeError, KeyError, ValueError):  # none stored, or a damaged cache: read the files
            pass
        else:
            report.files_checked += len(REGISTRY_FILES)
            return {name: [_Parsed(entry, None, (index,), source=root / REGISTRY_FILES[name],
                                   shown=str(shown_root / REGISTRY_FILES[name])) for index, entry in enumerate(entries)]
                    for name, entries in stored.items()}
        before = len(report.errors)
        registries = {name: _read_registry(root, name, report, shown_root) for name in REGISTRY_FILES}
        if len(report.errors) == before:
            self.stored_registries = {name: _REGISTRY_LISTS[name].dump_json([p.model for p in entries]).decode()
                                      for name, entries in registries.items()}
            self.dirty = True
        return registries

    def _current(self, relative: str) -> list | None:
        """The entry of ``relative`` if the file is unchanged since it was made: same size and
        modification time, or else (a fresh checkout gives every file a new mtime, so a cache
        restored in CI would never match) the same content hash, after which the entry takes
        the new mtime."""
        entry = self.entries.get(relative)
        stat = self.stats.get(relative)
        if stat is None:
            stat = self.stats[relative] = os.stat(self.prefix + relative)
        if entry is None or entry[0] != stat.st_size:
            return None
        if entry[1] == stat.st_mtime_ns:
            return entry
        if entry[4] is not None and stat.st_mtime_ns < self.trust_before and _digest(self.prefix + relative) == entry[4]:
            entry[1] = stat.st_mtime_ns
            self.dirty = True
            return entry
        return None

    def clean(self, relative: str) -> bool:
        entry = self._current(relative)
        return entry is not None and entry[3] is True

    def summary(self, relative: str) -> Summary | None:
        entry = self._current(relative)
        if entry is None:
            stat = self.stats[relative]
            parsed = read_meeting(Path(self.prefix + relative), relative, Report())
            entry = self._entry(stat, _summary_of(parsed.model) if parsed is not None else None, False)
            self.entries[relative] = entry
            self.dirty = True
        return entry[2]

    @staticmethod
    def _entry(stat: os.stat_result, summary: Summary | None, clean: bool, digest: str | None = None) -> list:
        """[size, mtime_ns, summary or None, clean, content digest or None]"""
        return [stat.st_size, stat.st_mtime_ns, summary, clean, digest]

    def remember(self, shown_root: Path, report: Report, checked: list[str]) -> None:
        """Record what a run found about the meetings it read in full, then save."""
        faulty = {error.path for error in report.errors}
        shown_prefix = f"{shown_root}{os.sep}"
        for relative in checked:
            try:
                stat = os.stat(self.prefix + relative)
            except OSError:
                continue
            summary = report.summaries.get(relative)
            # Only a file last changed before the run began is marked clean, so the bytes hashed
            # now are the bytes that were validated.
            clean = (summary is not None and shown_prefix + relative not in faulty
                     and stat.st_mtime_ns < self.trust_before)
            digest = _digest(self.prefix + relative) if clean else None
            entry = self._entry(stat, summary, clean, digest)
            if self.entries.get(relative) != entry:  # re-checking an unchanged file rewrites nothing
                self.entries[relative] = entry
                self.dirty = True
        self.save()

    def save(self) -> None:
        if self.dirty:
            from .yamlio import write_atomic

            try:
                stored = {"format": self.FORMAT, "fingerprint": self.fingerprint, "entries": self.entries,
                          "registries": self.stored_registries}
                write_atomic(self.path, _json_dumps(stored), durable=False)
            except OSError:
                pass  # a cache that cannot be written only costs speed next time


try:  # in the [fast] extra: reading and writing the 10^4-entry cache 4-8x faster
    import orjson as _orjson
except ImportError:
    _orjson = None


def _json_loads(raw: bytes) -> Any:
    return _orjson.loads(raw) if _orjson is not None else json.loads(raw)


def _json_dumps(value: Any) -> str:
    return _orjson.dumps(value).decode() if _orjson is not None else json.dumps(value)


def _digest(path: str) -> str | None:
    import hashlib

    try:
        return hashlib.blake2b(read_bytes(path), digest_size=16).hexdigest()
    except OSError:
        return None


def _fingerprint(root: Path) -> str:
    """A hash of what a meeting's own checks depend on besides the file: the registries and
    the code that validates (so an upgraded or edited rule never trusts an old verdict)."""
    import hashlib

    digest = hashlib.blake2b(digest_size=16)
    here = Path(__file__).parent
    for path in [root / name for name in REGISTRY_FILES.values()] + [here / "models.py", here / "validate.py",
                                                                      here / "yamlio.py"]:
        try:
            digest.update(path.read_bytes())
        except OSError:
            digest.update(b"missing")
        digest.update(b"\0")
    return digest.hexdigest()


Summary = list
"""What the rules across files read of a meeting: [id, status, kind, countries, date, persons,
replaced_by], plain JSON data. An array, not an object: the cache holds 10^4 of them, and an
array of seven values loads about twice as fast as an object with seven keys (measured). A
list rather than a tuple, so that a summary equals itself after a trip through the cache."""


def _summary_of(m: Meeting) -> Summary:
    return [m.id, m.status, m.kind, m.countries, m.date.value.isoformat(), [p.person for p in m.participants],
            m.withdrawal.replaced_by if m.withdrawal else None]


def _locator(read: dict[str, _Parsed], summaries: dict[str, Summary], root_prefix: str, shown_prefix: str
             ) -> Callable[[str], _Parsed]:
    """For a rule error in a file: its _Parsed if it was read in this process, else a stand-in
    built from its summary, with the record id now and the document (for the line and column)
    read when asked."""
    from types import SimpleNamespace

    def locate(relative: str) -> _Parsed:
        return read.get(relative) or _Parsed(SimpleNamespace(id=summaries[relative][0]), None,
                                             source=root_prefix + relative, shown=shown_prefix + relative)
    return locate


PARALLEL_FROM = 1500
"""Below this many files, starting worker processes costs more than it saves (measured)."""
MAX_WORKERS = 8


def _check_meetings(files: list[tuple[str, str, str]], engine: str, rules: _Rules | None = None,
                    payload: str = "parsed", progress: Progress | None = None) -> list[tuple]:
    """Each file's own half of validation: parse, model, and the rules that need only the file,
    the registries and today's date. Returns (file, payload, summary, errors, files read) per
    file. The payload is the _Parsed model with its document ("parsed", in-process), or from a
    worker the model's JSON ("json"; pickling pydantic models measured 5x slower) or nothing
    ("none", when the caller only wants the verdict)."""
    rules = rules if rules is not None else _WORKER_RULES
    out = []
    with gc_paused():
        for path, shown, relative in files:
            local = Report()
            parsed = read_meeting(path, shown, local, engine)
            sent = summary = None
            if parsed is not None:
                rules.check_meeting(local, relative, parsed)
                summary = _summary_of(parsed.model)
                if payload == "parsed":
                    sent = parsed
                elif payload == "json":
                    sent = parsed.model.__pydantic_serializer__.to_json(parsed.model)
            out.append((relative, sent, summary, local.errors, local.files_checked))
            if progress is not None and len(out) % 100 == 0:
                progress.advance(100)
    if progress is not None:
        progress.advance(len(out) % 100)
    return out


_WORKER_RULES: _Rules | None = None


def _start_worker(rules: _Rules) -> None:
    global _WORKER_RULES
    _WORKER_RULES = rules


def _check_in_pool(files: list[tuple[str, str, str]], engine: str, rules: _Rules, workers: int,
                   progress: Progress, as_json: bool) -> list[tuple]:
    """``_check_meetings`` over chunks in worker processes; the registries' rules travel to
    each worker once (fork shares them; spawn pickles them)."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    method = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
    size = -(-len(files) // (workers * 4))
    chunks = [files[i:i + size] for i in range(0, len(files), size)]
    results = []
    with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context(method), initializer=_start_worker,
                             initargs=(rules.detached(),)) as pool:
        for chunk in pool.map(_check_meetings, chunks, [engine] * len(chunks), [None] * len(chunks),
                              ["json" if as_json else "none"] * len(chunks)):
            results += chunk
            progress.advance(len(chunk))
    return results


_MEETINGS = TypeAdapter(list[Meeting])
_REGISTRY_LISTS = {name: TypeAdapter(list[model]) for name, model in models.REGISTRY_MODELS.items()}


# --- rules across values and files ----------------------------------------------------------


def _first_possible_day(d: models.MeetingDate) -> date | None:
    """The earliest day the meeting can have happened: ``earliest`` when given, else ``value``
    (the first day of its month or year), except that a date known only from a page's
    publication bounds the meeting from above, not from below."""
    if d.earliest is not None:
        return d.earliest
    return None if d.basis == "publication_date" else d.value


def _truncate(value: date, precision: str) -> date:
    if precision == "day":
        return value
    return value.replace(day=1) if precision == "month" else value.replace(month=1, day=1)


class _Rules:
    """The checks that JSON Schema cannot express. Each adds errors; none raises.

    Two halves: ``meeting`` needs one file, the registries and today's date, so it runs wherever
    the file is read (in a worker process for large trees); ``across`` needs what every meeting
    says about its identity, so it runs once, over models or over their cached summaries.
    """

    def __init__(self, report: Report, registries: dict[str, list[_Parsed]], today: date) -> None:
        self.report = report
        self.registries = registries
        self.today = today
        self.ids: dict[str, dict[str, Any]] = {}
        self.terms: dict[tuple[str, str, str], list[tuple[date | None, date | None]]] = {}
        """(person, office, country) -> the spans the people registry gives for it: the office
        rule's lookup, built once instead of a scan of the person's offices per participant."""

    @classmethod
    def over_registries(cls, report: Report, registries: dict[str, list[_Parsed]], today: date) -> "_Rules":
        """Rules that know the registries' ids, after checking the registries themselves."""
        rules = cls(report, registries, today)
        for name, entries in registries.items():
            first = rules.unique_ids(((parsed.model.id, parsed) for parsed in entries), lambda parsed: parsed)
            rules.ids[name] = {ident: parsed.model for ident, parsed in first.items()}
        for person in rules.ids["people"].values():
            for office in person.offices:
                rules.terms.setdefault((person.id, office.title, office.country), []).append((office.start, office.end))
        rules.registry_references()
        return rules

    def detached(self) -> "_Rules":
        """A copy for a worker process: the ids and today's date, not the parent's report or the
        registries' parsed documents."""
        copy = _Rules(Report(), {}, self.today)
        copy.ids, copy.terms = dict(self.ids), self.terms
        return copy

    def error(self, parsed: _Parsed, loc: Loc, code: str, message: str, hint: str | None = None,
              key: bool = False) -> None:
        full = (*parsed.prefix, *loc)
        self.report.errors.append(RecordError(
            message, location=parsed.document.locate(full, key=key), code=code, field=field_path(full) or None,
            record_id=getattr(parsed.model, "id", None), hint=hint))

    def check_meeting(self, report: Report, relative: str, parsed: _Parsed) -> None:
        """``meeting``, reporting into ``report`` (each file's own, in a worker)."""
        outer, self.report = self.report, report
        try:
            self.meeting(relative, parsed)
        finally:
            self.report = outer

    def across(self, summaries: Iterable[tuple[str, Summary]], locate: Callable[[str], _Parsed]) -> None:
        """The rules between meetings. They read only each meeting's summary (``_summary_of``),
        whether it was just checked, here or in a worker, or comes from the cache; ``locate``
        gives the meeting of a file for an error message, only when there is one."""
        summaries = list(summaries)
        first = self.ids["meetings"] = self.unique_ids(((s[0], relative) for relative, s in summaries), locate)
        for relative, (ident, *_, replaced_by) in summaries:
            if replaced_by is None:
                continue
            if replaced_by == ident:
                self.error(locate(relative), ("withdrawal", "replaced_by"), "rule.reference",
                           "a record cannot replace itself")
            elif replaced_by not in first:
                self.reference(locate(relative), ("withdrawal", "replaced_by"), replaced_by, "meetings")
        self.duplicate_meetings(summaries, locate)

    def unique_ids(self, entries: Iterable[tuple[str, Any]], locate: Callable[[Any], _Parsed]) -> dict[str, Any]:
        """The first entry of each id, for registry entries and meetings alike; every later one is
        a ``rule.duplicate-id`` error that points back at the first. ``locate`` turns an entry
        into its _Parsed, only when an error needs the position."""
        first: dict[str, Any] = {}
        for ident, entry in entries:
            if ident in first:
                earlier = locate(first[ident])
                where = earlier.document.locate((*earlier.prefix, "id"))
                self.error(locate(entry), ("id",), "rule.duplicate-id", f"id '{ident}' is already used at {where}")
            else:
                first[ident] = entry
        return first

    def reference(self, parsed: _Parsed, loc: Loc, value: str | None, registry: str) -> None:
        if value is not None and value not in self.ids[registry]:
            self.error(parsed, loc, "rule.reference", f"'{value}' is not in the {registry} registry",
                       _closest(value, self.ids[registry]))

    def registry_references(self) -> None:
        for parsed in self.registries["organizations"]:
            self.reference(parsed, ("parent",), parsed.model.parent, "organizations")
        for parsed in self.registries["people"]:
            for index, office in enumerate(parsed.model.offices):
                if office.start and office.end and office.start > office.end:
                    self.error(parsed, ("offices", index, "end"), "rule.date-order", "office ends before it starts")

    def meeting(self, relative: str, parsed: _Parsed) -> None:
        m: Meeting = parsed.model
        parts = relative.split(os.sep)  # str operations: pathlib measured a tenth of these rules
        stem = os.path.splitext(parts[-1])[0]
        if stem != m.id:
            self.error(parsed, ("id",), "rule.id-filename", f"id '{m.id}' differs from the file name '{stem}'",
                       f"rename the file to {m.id}.yaml")
        if len(parts) != 3 or parts[1] != str(m.date.value.year):
            self.error(parsed, ("date", "value"), "rule.year-folder",
                       f"a meeting dated {m.date.value.year} belongs in meetings/{m.date.value.year}/",
                       f"move it to meetings/{m.date.value.year}/{m.id}.yaml")
        if not m.id.startswith(m.date.value.isoformat()):
            self.error(parsed, ("id",), "rule.id-date", f"id must start with the date {m.date.value.isoformat()}")
        self.dates(parsed, m)
        self.dyad(parsed, m)
        self.status(parsed, m)
        # References are looked up inline and ``reference`` called only for a missing one: ~18
        # lookups a file, where a call each measured a fifth of these rules.
        people, topics, organizations = self.ids["people"], self.ids["topics"], self.ids["organizations"]
        for index, participant in enumerate(m.participants):
            if participant.person not in people:
                self.reference(parsed, ("participants", index, "person"), participant.person, "people")
            if participant.on_behalf_of is not None and participant.on_behalf_of not in people:
                self.reference(parsed, ("participants", index, "on_behalf_of"), participant.on_behalf_of, "people")
            self.office(parsed, index, participant, m.date.value)
        for index, topic in enumerate(m.topics):
            if topic not in topics:
                self.reference(parsed, ("topics", index), topic, "topics")
        for index, org in enumerate(m.organizations):
            if org not in organizations:
                self.reference(parsed, ("organizations", index), org, "organizations")
        occasion = None
        for index, event in enumerate(m.related_events):
            if event.type == "occasion":
                if occasion is not None:
                    self.error(parsed, ("related_events", index, "type"), "rule.occasion",
                               f"a meeting has one occasion; related_events[{occasion}] is already it",
                               "give the other event another type, e.g. past_event")
                else:
                    occasion = index
            org = event.organization
            if org is not None:
                if org not in organizations:
                    self.reference(parsed, ("related_events", index, "organization"), org, "organizations")
                elif org not in m.organizations:
                    # Filtering by organization reads only `organizations`; a body named only inside
                    # an event would hide the meeting from that filter and from the export's link table.
                    self.error(parsed, ("related_events", index, "organization"), "rule.event-organization",
                               f"'{org}' is named by this event but not listed in organizations",
                               f"add {org} to organizations")
            if event.year_basis is not None and event.year is None:
                self.error(parsed, ("related_events", index, "year_basis"), "rule.basis-without-value",
                           "year_basis is set but year is not")
        if occasion is None and m.kind == "multilateral_sidelines":
            # Grouping meetings by summit or forum reads the occasion; without one a sidelines
            # meeting silently drops out of every such grouping.
            self.error(parsed, ("kind",), "rule.occasion",
                       "a sidelines meeting needs a related event of type occasion: the summit, forum or "
                       "exhibition it was held at", "add one, named as the sources name it")
        first_day = _first_possible_day(m.date)
        for index, source in enumerate(m.sources):
            if source.cites is not None and source.cites not in organizations:
                self.reference(parsed, ("sources", index, "cites"), source.cites, "organizations")
            if first_day is not None and source.published is not None and source.published < first_day \
                    and source.note is None:
                # A page dated before the meeting can back a date, a place or an office, never the
                # meeting itself; left unexplained it is usually a typo in one of the two dates.
                self.error(parsed, ("sources", index, "published"), "rule.source-before-meeting",
                           f"published {source.published.isoformat()}, before the meeting "
                           f"({first_day.isoformat()} at the earliest), so it cannot report it",
                           "correct the date, or say in the source's note what it supports")
        for list_name in ("topics", "organizations", "format"):
            self.no_repeats(parsed, list_name, getattr(m, list_name) or [])
        self.no_repeats(parsed, "sources", [s.url for s in m.sources], suffix="url", what="source URL")
        self.no_repeats(parsed, "participants", [p.person for p in m.participants], suffix="person", what="participant")
        if m.location.city is None and m.location.city_basis is not None:
            self.error(parsed, ("location", "city_basis"), "rule.basis-without-value", "city_basis is set but city is not")

    def dates(self, parsed: _Parsed, m: Meeting) -> None:
        d = m.date
        if d.value != _truncate(d.value, d.precision):
            self.error(parsed, ("date", "value"), "rule.date-precision",
                       f"with precision '{d.precision}' the value is the first day of the {d.precision}",
                       f"write {_truncate(d.value, d.precision).isoformat()} and keep the window in earliest/latest")
        # Compared at the record's precision: a month-precise date contains every day of its month.
        if d.earliest and _truncate(d.earliest, d.precision) > d.value:
            self.error(parsed, ("date", "earliest"), "rule.date-window", "earliest is after the date value")
        if d.latest and _truncate(d.latest, d.precision) < d.value:
            self.error(parsed, ("date", "latest"), "rule.date-window", "latest is before the date value")
        if d.earliest and d.latest and d.earliest > d.latest:
            self.error(parsed, ("date", "latest"), "rule.date-window", "latest is before earliest")
        if d.value > self.today:
            self.error(parsed, ("date", "value"), "rule.future-date", f"{d.value.isoformat()} is in the future")
        c = m.curation
        for name in ("added_on", "reviewed_on"):
            value = getattr(c, name)
            if value is not None and value > self.today:
                self.error(parsed, ("curation", name), "rule.future-date", f"{value.isoformat()} is in the future")
        if (c.reviewed_by is None) != (c.reviewed_on is None):
            self.error(parsed, ("curation",), "rule.curation-pair", "reviewed_by and reviewed_on go together")

    def dyad(self, parsed: _Parsed, m: Meeting) -> None:
        if "AZE" not in m.countries or len(set(m.countries)) != 2:
            self.error(parsed, ("countries",), "rule.dyad", "countries must be AZE and one Gulf state")
        if m.visiting_country is not None and m.visiting_country not in m.countries:
            self.error(parsed, ("visiting_country",), "rule.dyad", "visiting_country must be one of countries")
        for index, participant in enumerate(m.participants):
            if participant.country not in m.countries:
                self.error(parsed, ("participants", index, "country"), "rule.dyad",
                           f"participant country {participant.country} is not one of {', '.join(m.countries)}")

    def status(self, parsed: _Parsed, m: Meeting) -> None:
        if m.status == "withdrawn" and m.withdrawal is None:
            self.error(parsed, ("status",), "rule.withdrawal", "a withdrawn record needs a withdrawal (reason, date)")
        if m.status == "active" and m.withdrawal is not None:
            self.error(parsed, ("withdrawal",), "rule.withdrawal", "an active record cannot have a withdrawal",
                       "set status: withdrawn")

    def office(self, parsed: _Parsed, index: int, participant: models.Participant, on: date) -> None:
        spans = self.terms.get((participant.person, participant.office, participant.country))
        if spans is not None:
            if not any((start is None or start <= on) and (end is None or on <= end) for start, end in spans):
                self.error(parsed, ("participants", index, "office"), "rule.office-dates",
                           f"{self.ids['people'][participant.person].name} did not hold '{participant.office}' "
                           f"on {on.isoformat()} per the people registry")
            return
        person = self.ids["people"].get(participant.person)
        if person is None:
            return  # reported as a reference
        same_title = sorted({o.country for o in person.offices if o.title == participant.office})
        if same_title:
            message = (f"{person.name} held '{participant.office}' for {', '.join(same_title)}, "
                       f"not {participant.country}, per the people registry")
            hint = None
        else:
            message = f"{person.name} has no office '{participant.office}' in the people registry"
            hint = _closest(participant.office, [o.title for o in person.offices])
        self.error(parsed, ("participants", index, "office"), "rule.office-unknown", message, hint)

    def no_repeats(self, parsed: _Parsed, list_name: str, values: list[Any], suffix: str | None = None,
                   what: str = "item") -> None:
        if len(set(values)) == len(values):
            return
        counts = Counter(values)
        for index, value in enumerate(values):
            if counts[value] > 1 and values.index(value) != index:
                loc = (list_name, index, suffix) if suffix else (list_name, index)
                self.error(parsed, loc, "rule.duplicate-item", f"{what} '{value}' is listed twice")

    def duplicate_meetings(self, summaries: list[tuple[str, Summary]], locate: Callable[[str], _Parsed]) -> None:
        # kind is part of the identity: the same two ministers may hold talks and then co-chair a
        # commission session on the same day, and those are two meetings. Counted by day and kind
        # first, because few meetings share both, and only those need their sets of countries
        # and participants built (the rule took twice as long without, measured at 10^4).
        active = [(relative, s) for relative, s in summaries if s[1] == "active"]
        shared = {key for key, count in Counter([(s[4], s[2]) for _, s in active]).items() if count > 1}
        groups: dict[tuple, list[tuple[str, str]]] = defaultdict(list)
        for relative, (ident, _, kind, countries, day, persons, _) in active:
            if (day, kind) in shared:
                groups[day, kind, frozenset(countries), frozenset(persons)].append((ident, relative))
        for group in groups.values():
            group.sort()
            for _, relative in group[1:]:
                self.error(locate(relative), ("id",), "rule.duplicate-meeting",
                           f"describes the same meeting as '{group[0][0]}' (same date, kind, countries and participants)",
                           "merge them, or withdraw one with replaced_by")
