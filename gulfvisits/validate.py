"""Validation of a records tree: every file against its model, then the rules across files.

A records tree is the folder layout of ``records/``::

    people.yaml  organizations.yaml  topics.yaml  meetings/<year>/<id>.yaml

Validation never stops at the first problem: it returns a ``Report`` listing all of them,
each a ``RecordError`` with file, line and column, so one run shows a contributor everything
to fix. This module reads a tree and runs the checks, in worker processes for large trees;
what the checks are lives beside it:

- ``models``: the structure of each record (and so the generated JSON Schema);
- ``rules``: what needs two values, two files or today's date;
- ``explain``: how a refused value is worded for a contributor;
- ``_cache``: what earlier runs found, so an unchanged file is not read again.
"""
from __future__ import annotations

import gc
import os
import re
import sys
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable

from pydantic import BaseModel, TypeAdapter, ValidationError

from . import models
from .errors import Location, RecordError, UsageError, record_id_of
from .explain import describe, model_errors
from .models import Meeting, Organization, Person, Topic
from .progress import Progress
from .rules import Rules, Summary, Withheld, summary_of
from .yamlio import Document, Loc, fast_load, fast_path_available, read_file, read_text

if TYPE_CHECKING:
    from ._cache import SummaryCache

ENGINES = ("pydantic", "jsonschema")
REGISTRY_FILES = {"people": "people.yaml", "organizations": "organizations.yaml", "topics": "topics.yaml"}
MEETINGS_DIR = "meetings"
YAML_SUFFIXES = (".yaml", ".yml")
_YAML_EXTENSION = re.compile(r"\.ya?ml(?=$|\.)", re.IGNORECASE)
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
class Parsed:
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


# --- one record against its model -----------------------------------------------------------


def _validate_model(model: type[BaseModel], document: Document, data: Any, prefix: Loc, report: Report,
                    engine: str = "pydantic") -> Any | None:
    """Validate one record with the model, or first with the generated JSON Schema when
    ``engine="jsonschema"`` (so a schema-only contributor's view can be checked too)."""
    record_id = record_id_of(data)
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


def read_registry(root: Path, name: str, report: Report, display: Path, withheld: Withheld,
                  engine: str = "pydantic") -> list[Parsed]:
    """The valid entries of a registry; its errors go to ``report``, and what they keep from the
    rules (refused entries, or the whole registry) to ``withheld``."""
    path = root / REGISTRY_FILES[name]
    shown = str(display / REGISTRY_FILES[name])
    # Anything else there is read, and refused if it is not a file; a link to nowhere too ("is
    # missing" did not say that a link stands there, nor where it leads).
    if not os.path.lexists(path):
        report.errors.append(RecordError(f"registry file {REGISTRY_FILES[name]} is missing",
                                         location=Location(shown), code="tree.missing-registry"))
        withheld.registries.add(name)
        return []
    if engine == "pydantic" and fast_path_available():
        entries = _fast_registry(path, shown, name)
        if entries is not None:
            report.files_checked += 1
            return entries
    model = models.REGISTRY_MODELS[name]
    document = _read(path, shown, report)
    if document is None:
        withheld.registries.add(name)
        return []
    if not isinstance(document.data, list):
        report.errors.append(RecordError(f"expected a list of {name} entries; found {describe(document.data)}",
                                         location=document.locate(()), code="schema.type"))
        withheld.registries.add(name)
        return []
    parsed = []
    for index, item in enumerate(document.data):
        reported = len(report.errors)
        entry = _validate_model(model, document, item, (index,), report, engine)
        if entry is not None:
            parsed.append(Parsed(entry, document, (index,)))
        else:
            withheld.entries.append((name, document, (index,), report.errors[reported:]))
    return parsed


def _fast_registry(path: Path, shown: str, name: str) -> list[Parsed] | None:
    """A registry read by the fast parser, when it can vouch for the file and every entry is
    valid; None sends the file to the strict reader, which reports what is wrong where. (The
    strict reader took ~50 ms of every cold run on a 10^4-meeting tree's people registry.)"""
    try:
        data = fast_load(read_text(path, shown))
        if not isinstance(data, list):
            return None
        entries = REGISTRY_ADAPTERS[name].validate_python(data)
    except (RecordError, ValidationError):
        return None
    return [Parsed(entry, None, (index,), source=path, shown=shown) for index, entry in enumerate(entries)]


def meeting_files(root: Path) -> list[Path]:
    """Every meeting file of a tree, in a stable order."""
    return [root / relative for relative in tree_listing(root)[0]]


Listing = tuple[list[str], list[str]]  # the meeting files and the stray names, as tree_listing gives them


def tree_listing(root: Path) -> Listing:
    """The tree's meeting files and its stray names, relative to ``root``, in one pass: a walk
    of ``meetings/`` (entered even when it is a link), then of the rest. Strings, not Paths:
    os.walk is several times faster than Path.rglob, which matters when 10^4 files are listed
    for a one-file check.

    Stray names are what nothing reads: a YAML file outside ``meetings/`` that is not a
    registry (a record dropped at the top of ``records/``, or in a ``Meetings/`` folder, was
    passed over and the run said "OK" without it), a file anywhere whose name ``misnamed_yaml``
    reads as a YAML file's (``x.YAML``, ``x.yaml.txt``), and a folder that is a symbolic link,
    which the walk does not enter, at any depth (``meetings/`` itself excepted: it is read),
    listed with a trailing separator. Hidden files and folders are left alone, in ``meetings/``
    too (an editor's swap or lock file: Emacs locks ``x.yaml`` with a link ``.#x.yaml`` to
    nowhere; the ``._x.yaml`` that macOS writes beside a file on a foreign disk; a tool's own
    folder). Read as meetings, they were reported as broken records while being edited."""
    meetings, linked, misnamed, undecodable = [], [], [], []
    for folder, folders, files in os.walk(os.path.join(root, MEETINGS_DIR)):
        base = os.path.relpath(folder, root)
        folders[:] = [f for f in folders if not f.startswith(".")]
        for name in files:
            relative = base + os.sep + name
            if is_meeting_file_name(name):
                (meetings if is_text_name(relative) else undecodable).append(relative)
            elif misnamed_yaml(name):  # never a meeting file's name: one pass over the folder serves both
                misnamed.append(relative)
        linked += [os.path.join(base, f) + os.sep for f in folders if os.path.islink(os.path.join(folder, f))]
    expected = set(REGISTRY_FILES.values())
    strays = []
    for folder, folders, files in os.walk(root):
        here = os.path.relpath(folder, root)
        base = "" if here == "." else here
        folders[:] = sorted(f for f in folders if not f.startswith(".") and (base or f != MEETINGS_DIR))
        strays += [os.path.join(base, f) + os.sep for f in folders if os.path.islink(os.path.join(folder, f))]
        for name in sorted(files):
            relative = os.path.join(base, name)
            if name.endswith(YAML_SUFFIXES) and not name.startswith(".") and relative not in expected:
                strays.append(relative)
            elif misnamed_yaml(name):
                strays.append(relative)
    if not os.path.isdir(os.path.join(root, MEETINGS_DIR)) and os.path.lexists(os.path.join(root, MEETINGS_DIR)):
        strays.append(MEETINGS_DIR)  # a file, or a link to nowhere: the walk found no meeting, and "OK" said 0
    return sorted(meetings), strays + sorted(misnamed) + sorted(linked) + sorted(undecodable)


def is_text_name(name: str) -> bool:
    """Whether a file's name (or path) is text: bytes that the system's encoding of file names
    cannot decode (not UTF-8; or not ASCII, where that encoding is ASCII) come from the OS as
    lone surrogates, which no id holds and no cache or hash could encode (a file named so crashed
    ``validate`` and ``load()`` with a traceback); the listing reports it instead of reading it."""
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def is_meeting_file_name(name: str) -> bool:
    """Whether the listing reads a file of this name below ``meetings/`` as a meeting: a YAML
    file's name, not hidden. ``validate`` given a folder picks its files by the same test."""
    return name.endswith(YAML_SUFFIXES) and not name.startswith(".")


def misnamed_yaml(name: str) -> str | None:
    """The name a YAML file was meant to have, when the listing would pass ``name`` over: an
    extension in capitals (``x.YAML``, as some editors and case-insensitive disks leave it) or
    followed by another (``x.yaml.txt``, as Notepad saves it; ``x.yaml.orig``, which
    ``stray_files`` calls a copy when ``x.yaml`` is beside it). None for any other name: the
    notes and tools' files that share a records tree are left alone, and so is ``x.yaml~``, the
    backup an editor rewrites at every save, as its swap file is."""
    if name.endswith(YAML_SUFFIXES) or name.startswith("."):
        return None
    found = _YAML_EXTENSION.search(name)
    return None if found is None else name[:found.start()] + found.group().lower()


def _copy_beside(root: Path, relative: str, meant: str) -> bool:
    """Whether the file that a misnamed one was meant to be is already beside it, as another file:
    ``x.yaml.orig`` after a merge, ``x.yaml.bak`` from an editor. "Rename it to x.yaml" would then
    overwrite the record. On a disk that ignores case, ``x.YAML`` and ``x.yaml`` are one file,
    which is no copy."""
    path = os.path.join(root, relative)
    other = os.path.join(os.path.dirname(path), meant)
    try:
        return os.path.isfile(other) and not os.path.samefile(other, path)
    except OSError:  # gone since the listing: no copy to warn of
        return False


def stray_files(strays: list[str], root: Path, shown_root: Path) -> list[RecordError]:
    errors = []
    for relative in strays:
        meant = misnamed_yaml(os.path.basename(relative))
        if relative.endswith(os.sep):
            message, hint = "not read: a folder that is a symbolic link", "put the folder itself in the records tree"
        elif relative == MEETINGS_DIR:
            message = f"not read: {MEETINGS_DIR} is not a folder, so no meeting was read"
            hint = f"make {MEETINGS_DIR}/ the folder of the meeting files"
        elif relative.startswith(MEETINGS_DIR + os.sep) and not is_text_name(relative):
            # Named by the encoding, not "UTF-8": under LC_ALL=C with the locale not coerced, a
            # UTF-8 name (é) arrives as surrogates too, and the file's bytes are not at fault.
            message = (f"not read: the file name is not text in this system's encoding of file names "
                       f"({sys.getfilesystemencoding()}), and a meeting's file is named by its id")
            hint = "rename it to the record's id: <YYYY-MM-DD>-<slug>.yaml"
        elif meant is not None and _copy_beside(root, relative, meant):
            message = f"not read: a copy of {meant}, which is beside it (an editor's backup or a merge's leftover)"
            hint = f"move what {meant} still needs into it, then delete this copy or move it out of the records tree"
        elif meant is not None:
            message = "not read: a record's file name ends in .yaml (or .yml), in lower case and with nothing after it"
            hint = f"rename it to {meant}, or move it out of the records tree"
        else:
            message = (f"not read: a meeting goes in {MEETINGS_DIR}/<year>/<id>.yaml, and the only other YAML files "
                       f"are {', '.join(REGISTRY_FILES.values())}")
            hint = f"move it to {MEETINGS_DIR}/<year>/, or out of the records tree"
        shown = str(shown_root / relative) + (os.sep if relative.endswith(os.sep) else "")  # Path drops it
        errors.append(RecordError(message, location=Location(shown, 1, 1), code="rule.stray-file", hint=hint))
    return errors


def read_meeting(path: str | Path, shown: str, report: Report, engine: str = "pydantic",
                 rules: Rules | None = None) -> Parsed | None:
    """Parse and model-check one meeting file. The fast parser is tried first when installed;
    anything it cannot vouch for, and every invalid file, goes through the strict reader so
    that errors carry their line and column. ``rules``, when given, check the references of a
    file the model refused (``Rules.refused``)."""
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
                return Parsed(model, None, source=path, shown=shown)
    document = _read(path, shown, report)
    if document is None:
        return None
    reported = len(report.errors)
    model = _validate_model(Meeting, document, document.data, (), report, engine)  # a list or text is refused there
    if model is None:
        if rules is not None:
            report.errors += rules.refused(report.errors[reported:], document)
        return None
    return Parsed(model, document, source=path, shown=shown)


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
                  engine: str = "pydantic", changed: set[Path] | None = None, keep_models: bool = True,
                  listing: Listing | None = None) -> Report:
    """Validate a whole records tree. Never raises for bad data; raises UsageError when
    ``root`` is not a records tree at all, or ``engine`` is not one of ``ENGINES``.

    With ``changed`` (absolute paths), only those files are reported in full; the rules across
    files still run over the whole tree and are always reported, because an edit to one file
    (a registry entry removed, an id reused) can break another.

    ``keep_models=False`` is for callers that only need the verdict (the CLI): worker processes
    then send back no models, and ``report.meetings`` may be empty while ``meeting_files`` still
    lists every valid meeting.

    ``listing`` is ``tree_listing(root)`` for a caller that made it already (``load()`` hashes
    the tree before validating it), so that the tree is not walked twice.
    """
    if engine not in ENGINES:
        raise UsageError(f"unknown engine {engine!r}; choose from {', '.join(ENGINES)}")
    root = records_tree(root)
    with gc_paused():
        return _validate_tree(root, Path(display) if display is not None else root, today, engine, changed,
                              keep_models, listing)


def _validate_tree(root: Path, shown_root: Path, today: date | None, engine: str, changed: set[Path] | None,
                   keep_models: bool, listing: Listing | None = None) -> Report:
    report = Report()
    withheld = Withheld()
    registries = {name: read_registry(root, name, report, shown_root, withheld, engine) for name in REGISTRY_FILES}
    rules = Rules.over_registries(report.errors, registries, today or date.today(), withheld)
    root_prefix, shown_prefix = f"{root}{os.sep}", f"{shown_root}{os.sep}"
    names, strays = tree_listing(root) if listing is None else listing
    files = [(root_prefix + relative, shown_prefix + relative, relative) for relative in names]
    workers = min(os.cpu_count() or 1, MAX_WORKERS)
    method = _start_method() if len(files) >= PARALLEL_FROM and workers > 1 else None
    with Progress(len(files), "validating") as progress:
        if method is not None:
            checked = _check_in_pool(files, engine, rules, workers, progress, keep_models, method)
        else:
            checked = _check_meetings(files, engine, rules, progress=progress)
    report.files_checked += len(checked)  # each file given, read or not (see ``_check_meetings``)
    meetings = []
    for relative, payload, summary, errors in checked:
        report.errors.extend(errors)
        if summary is not None:
            report.summaries[relative] = summary
            meetings.append((relative, payload))
    read = {relative: payload for relative, payload in meetings if isinstance(payload, Parsed)}
    rules.across(report.summaries.items(), _locator(read, report.summaries, root_prefix, shown_prefix), names,
                 _raw_id_reader(root_prefix))
    report.errors += stray_files(strays, root, shown_root)
    _keep_models(report, registries, meetings)
    if changed is not None:
        _report_only(report, changed, root, shown_root, [relative for _, _, relative in files])
    return report


def _report_only(report: Report, changed: set[Path], root: Path, shown_root: Path, names: list[str]) -> None:
    """Narrow a whole-tree report to the ``changed`` files, as ``_validate_with_summaries``
    reports them: their own problems, the registries' (always read in full) and every rule
    across files. The counts narrow too, so that "N file(s) valid" never counts a file whose
    problems were left out (a registry given alone used to report the whole tree as valid)."""
    base = root.resolve()
    given = [file_in_tree(path) for path in changed]
    shown = {str(shown_root / path.relative_to(base)) for path in given if path.is_relative_to(base)}
    shown |= {str(shown_root / name) for name in REGISTRY_FILES.values()}
    report.errors = [e for e in report.errors if e.path in shown or e.code.startswith("rule.")]
    given_meetings = {relative for relative in names if str(shown_root / relative) in shown}
    report.files_checked = len(REGISTRY_FILES) + len(given_meetings)
    report.meeting_files = [relative for relative in report.meeting_files if relative in given_meetings]


def validate_changed(root: str | Path, changed: set[Path], *, display: str | Path | None = None,
                     today: date | None = None, listing: Listing | None = None) -> Report:
    """Validate the ``changed`` files in full and the whole tree's cross-record rules, without
    parsing the unchanged meetings: each contributes a cached summary (``SummaryCache``) that
    holds all the rules across records need. A change to a registry can break any meeting, so
    it falls back to ``validate_tree``. ``listing`` is ``tree_listing(root)`` when the caller
    has it already.
    """
    root = records_tree(root)
    changed = {file_in_tree(p) for p in changed}
    if any(file_in_tree(root / name) in changed for name in REGISTRY_FILES.values()):
        return validate_tree(root, display=display, today=today, changed=changed, listing=listing)
    wanted = {os.path.relpath(p, root.resolve()) for p in changed}
    return _validate_with_summaries(root, Path(display) if display is not None else root, today, wanted,
                                    listing=listing)


def not_read(root: Path, files: set[Path], listing: Listing) -> list[Path]:
    """Those of ``files`` (as ``file_in_tree`` gives them) that validating ``root`` neither reads
    nor reports as stray: hidden files and files of other kinds. Named to ``validate``, they were
    answered "OK" without being read."""
    names, strays = listing
    known = {*names, *strays, *REGISTRY_FILES.values()}
    base = root.resolve()
    return sorted(path for path in files if os.path.relpath(path, base) not in known)


def validate_cached(root: str | Path, *, display: str | Path | None = None, today: date | None = None) -> Report:
    """Everything ``validate_tree`` reports, re-reading only the meetings that changed since a
    run found them clean (as ruff and mypy keep their caches). A clean mark is only trusted
    while the registries and the validating code are byte-for-byte the same, because every
    per-record rule depends on nothing else but the file itself (and today's date, which only
    moves forward, so a date that was not in the future still is not). A cold cache costs one
    ordinary full validation plus writing the cache.
    """
    from ._cache import SummaryCache  # it reads files through this module

    root = records_tree(root)
    shown_root = Path(display) if display is not None else root
    cache = SummaryCache(root)
    names, _ = listing = tree_listing(root)
    stale = {name for name in names if not cache.clean(name)}
    if len(stale) >= PARALLEL_FROM:  # mostly cold: the full validation, over the listing already made
        report = validate_tree(root, display=shown_root, today=today, keep_models=False, listing=listing)
        cache.remember(shown_root, report, names)
        return report
    return _validate_with_summaries(root, shown_root, today, stale, cache, listing)


def _validate_with_summaries(root: Path, shown_root: Path, today: date | None, wanted: set[str],
                             cache: "SummaryCache | None" = None,
                             listing: Listing | None = None) -> Report:
    """Full checks for the ``wanted`` meetings, summaries for the rest; every cross-record rule
    runs over both."""
    from ._cache import SummaryCache

    cache = cache or SummaryCache(root)
    names, strays = tree_listing(root) if listing is None else listing
    wanted = wanted.intersection(names)  # a stray named to validate is reported, not read (nor remembered)
    with gc_paused():
        report = Report()
        withheld = Withheld()
        registries = cache.registries(root, shown_root, report, withheld)
        rules = Rules.over_registries(report.errors, registries, today or date.today(), withheld)
        meetings, others = [], {}
        root_prefix, shown_prefix = f"{root}{os.sep}", f"{shown_root}{os.sep}"
        for relative in names:
            if relative in wanted:
                parsed = read_meeting(root_prefix + relative, shown_prefix + relative, report, rules=rules)
                if parsed is not None:
                    rules.meeting(relative, parsed)
                    report.summaries[relative] = summary_of(parsed.model)
                    meetings.append((relative, parsed))
            else:
                summary = cache.summary(relative)
                if summary is not None:
                    others[relative] = summary
        report.files_unchanged = len(others)
        # In the listing's order, read and cached alike, as a full run takes them: the first file
        # to use an id keeps it. Putting the files read first blamed a meeting for its copy's id.
        known = {**report.summaries, **others}
        rules.across([(relative, known[relative]) for relative in names if relative in known],
                     _locator(dict(meetings), others, root_prefix, shown_prefix), names, _raw_id_reader(root_prefix))
        report.errors += stray_files(strays, root, shown_root)
        _keep_models(report, registries, meetings)
        cache.remember(shown_root, report, sorted(wanted))
    return report


def is_records_tree(folder: Path) -> bool:
    return any((folder / f).exists() for f in [*REGISTRY_FILES.values(), MEETINGS_DIR])


def file_in_tree(path: str | Path) -> Path:
    """``path`` made absolute with the links in its folders resolved, but not a link that is
    the file itself: a meeting file that is a symbolic link is a file of the tree it is listed
    in, wherever it points. Resolved in full, it named its target, outside the tree, and the
    file given to ``validate`` was then refused as outside any tree or not checked at all."""
    path = Path(path)
    return path.parent.resolve() / path.name


def records_tree(root: str | Path) -> Path:
    """``root`` as a Path, or UsageError when it is not a records tree at all."""
    root = Path(root)
    if not root.is_dir():
        raise UsageError(f"{root} is not a directory")
    if not is_records_tree(root):
        # records/meetings, or a year in it, given where the tree is wanted (load, stats, export)
        tree = next((f.parent for f in [root, *root.parents] if f.name == MEETINGS_DIR and is_records_tree(f.parent)),
                    None)
        inside = f"; give the records tree that holds it: {tree}" if tree is not None else ""
        if tree is None and is_records_tree(root / "records"):  # the repository's root, given for its records
            inside = f"; the records tree here is {root / 'records'}"
        raise UsageError(f"{root} is not a records tree (no meetings/ folder and no registry files){inside}")
    return root


def _keep_models(report: Report, registries: dict[str, list[Parsed]], meetings: list[tuple[str, Any]]) -> None:
    """``meetings`` pairs each file with its Parsed model, or with its JSON from a worker."""
    report.people = [p.model for p in registries["people"]]
    report.organizations = [p.model for p in registries["organizations"]]
    report.topics = [p.model for p in registries["topics"]]
    report.meeting_files = [relative for relative, _ in meetings]
    if meetings and isinstance(meetings[0][1], bytes):
        report._meetings_json = b"[" + b",".join(payload for _, payload in meetings) + b"]"
    elif meetings and isinstance(meetings[0][1], Parsed):
        report._meetings = [p.model for _, p in meetings]


def _locator(read: dict[str, Parsed], summaries: dict[str, Summary], root_prefix: str, shown_prefix: str
             ) -> Callable[[str], Parsed]:
    """For a rule error in a file: its Parsed if it was read in this process, else a stand-in
    built from its summary, with the record id now and the document (for the line and column)
    read when asked."""
    from types import SimpleNamespace

    def locate(relative: str) -> Parsed:
        return read.get(relative) or Parsed(SimpleNamespace(id=summaries[relative][0]), None,
                                             source=root_prefix + relative, shown=shown_prefix + relative)
    return locate


def _raw_id_reader(root_prefix: str) -> Callable[[str], str | None]:
    """For a meeting file with errors of its own: the id written in it, when its YAML reads
    (``rules.refused_ids``); None when it does not, whose error is reported already."""
    def raw_id(relative: str) -> str | None:
        try:
            return record_id_of(read_file(root_prefix + relative).data)
        except RecordError:
            return None
    return raw_id


PARALLEL_FROM = 1500
"""Below this many files, starting worker processes costs more than it saves (measured)."""
MAX_WORKERS = 8


def _check_meetings(files: list[tuple[str, str, str]], engine: str, rules: Rules | None = None,
                    payload: str = "parsed", progress: Progress | None = None) -> list[tuple]:
    """Each file's own half of validation: parse, model, and the rules that need only the file,
    the registries and today's date. Returns (file, payload, summary, errors) per file. The
    payload is the Parsed model with its document ("parsed", in-process), or from a worker the
    model's JSON ("json"; pickling pydantic models measured 5x slower) or nothing ("none", when
    the caller only wants the verdict). Every file counts as checked, read or not, so no count
    is sent back."""
    rules = rules if rules is not None else _WORKER_RULES
    out = []
    with gc_paused():
        for path, shown, relative in files:
            local = Report()
            parsed = read_meeting(path, shown, local, engine, rules)
            sent = summary = None
            if parsed is not None:
                rules.check_meeting(local.errors, relative, parsed)
                summary = summary_of(parsed.model)
                if payload == "parsed":
                    sent = parsed
                elif payload == "json":
                    sent = parsed.model.__pydantic_serializer__.to_json(parsed.model)
            out.append((relative, sent, summary, local.errors))
            if progress is not None and len(out) % 100 == 0:
                progress.advance(100)
    if progress is not None:
        progress.advance(len(out) % 100)
    return out


_WORKER_RULES: Rules | None = None


def _start_worker(rules: Rules) -> None:
    global _WORKER_RULES
    _WORKER_RULES = rules


def _start_method() -> str | None:
    """How to start worker processes, or None to check every file in this one. Fork where there
    is fork: a script that calls ``load()`` then needs no ``if __name__ == "__main__"`` guard,
    which spawn requires. But fork copies only the calling thread, so a lock that another thread
    holds stays held in the child: with a library's threads running (pyarrow starts 2, duckdb 11,
    a Jupyter kernel has its own), Python 3.12 warns that the child may deadlock. Such a process
    does the work itself, slower but sure. Without fork (Windows), spawn, unless it would run the
    main module's code again in each worker: whether a script has the guard cannot be known, and
    one without it crashed."""
    import multiprocessing

    if "fork" not in multiprocessing.get_all_start_methods():
        return None if _spawn_reruns_main() else "spawn"
    return "fork" if _threads() == 1 else None


def _spawn_reruns_main() -> bool:
    """Whether a spawned worker would run the main module again, as multiprocessing's spawn does
    for a script and for a module run with ``-m``, but not for a package's ``__main__`` (``python
    -m gulfvisits``, the archive behind a Windows console script) nor where the main module has
    no file (a REPL, a notebook, ``-c``). Run again without an ``if __name__ == "__main__"``
    guard, a script's ``load()`` starts workers of its own, which Python refuses while the worker
    is still starting: the parent got a BrokenProcessPool traceback."""
    main = sys.modules.get("__main__")
    name = getattr(getattr(main, "__spec__", None), "name", None)
    if name is not None:
        return not (name == "__main__" or name.endswith(".__main__"))
    return getattr(main, "__file__", None) is not None


def _threads() -> int:
    """The process's threads, the ones a library started in C included, where Linux lists them."""
    try:
        return len(os.listdir("/proc/self/task"))
    except OSError:  # no /proc (macOS): the threads Python knows of
        import threading

        return threading.active_count()


def _check_in_pool(files: list[tuple[str, str, str]], engine: str, rules: Rules, workers: int,
                   progress: Progress, as_json: bool, method: str) -> list[tuple]:
    """``_check_meetings`` over chunks in worker processes started by ``method``; the
    registries' rules travel to each worker once (fork shares them; spawn pickles them)."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

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
REGISTRY_ADAPTERS = {name: TypeAdapter(list[model]) for name, model in models.REGISTRY_MODELS.items()}
"""One adapter per registry, so that a whole registry is checked (and, in ``_cache``, read back
from JSON) in one call instead of one per entry."""
