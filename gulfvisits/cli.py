"""The ``gulfvisits`` command: argument parsing and output formatting only.

Every command calls one library function and prints its result; library errors become a
one-line ``Error: ...``. Exit codes: 0 success, 1 invalid data, 2 usage error.
"""
from __future__ import annotations

import argparse
import datetime
import gc
import json
import os
import re
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Iterable, Sequence, TextIO

from . import __version__
from .days import got, parse_day, parse_period
from .errors import GulfVisitsError, RecordError, UsageError, nonempty_path

if TYPE_CHECKING:  # the models import pydantic, which `--help` and `--version` need not wait for
    from .models import Meeting

EXIT_OK, EXIT_INVALID, EXIT_USAGE = 0, 1, 2

_COMMANDS: dict[str, Callable[[argparse.Namespace], int]] = {}


def command(name: str, help_text: str, example: str):
    """Register a sub-command; the example is shown in ``--help`` and checked by a test."""
    def register(function: Callable[[argparse.Namespace], int]):
        function.help_text = help_text  # type: ignore[attr-defined]
        function.example = example  # type: ignore[attr-defined]
        _COMMANDS[name] = function
        return function
    return register


def _display(path: Path) -> str:
    """Paths as the user would type them: relative to the working directory when inside it.
    Symbolic links are not followed: a linked record (or a records folder that is a link) was
    shown by its target's path, which is not the file the user named."""
    try:
        return str(Path(os.path.abspath(path)).relative_to(os.getcwd())) or "."
    except ValueError:
        return str(path)


def _records_root(path: str | None) -> Path:
    from . import _resources

    return Path(path) if path else _resources.records_dir()


def _tree_of(path: Path) -> Path:
    """The records tree holding ``path``: a folder that is one itself; else the folder above the
    ``meetings/`` that holds it, a file or a folder of meetings (a year, or ``meetings/`` itself);
    else, so that the caller's check names it as no records tree, the folder or the file's folder."""
    from .validate import MEETINGS_DIR, file_in_tree, is_records_tree

    if path.is_dir() and is_records_tree(path):
        return path
    resolved = path.resolve() if path.is_dir() else file_in_tree(path)
    for folder in [resolved, *resolved.parents] if path.is_dir() else resolved.parents:
        if folder.name == MEETINGS_DIR:
            return folder.parent
    return path if path.is_dir() else resolved.parent


def _meetings_under(folder: Path) -> dict[Path, Path]:
    """The meeting files below a folder of ``meetings/``, as a tree's listing finds them (by
    ``file_in_tree``, with the path as typed). An empty folder is a usage error: the whole tree
    would be checked instead, and seem to answer."""
    from .validate import file_in_tree, is_meeting_file_name

    found: dict[Path, Path] = {}
    for here, folders, names in os.walk(folder):
        folders[:] = [f for f in folders if not f.startswith(".")]  # hidden: left alone, as by the tree's listing
        found |= {file_in_tree(Path(here, name)): Path(here, name) for name in names if is_meeting_file_name(name)}
    if not found:
        raise UsageError(f"{folder} holds no meeting file")
    return found


def _workflow_data(text: str) -> str:
    """GitHub's escaping for a workflow command's message: unescaped, a line break ends the
    command and a percent sign may be read as an escape."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _workflow_property(text: str) -> str:
    """... and for a property (file, title), where a colon or a comma would also end the value:
    a field named by the record's own key, or a folder name, may hold either."""
    return _workflow_data(text).replace(":", "%3A").replace(",", "%2C")


def _print_errors(errors: Sequence[RecordError], fmt: str) -> None:
    for error in errors:
        if fmt == "github":
            title = _workflow_property(error.field or error.code)
            message = _workflow_data(error.message + (f" ({error.hint})" if error.hint else ""))
            print(f"::error file={_workflow_property(error.path)},line={error.line},col={error.column},"
                  f"title={title}::{message}", file=sys.stderr)
        else:
            print(error, file=sys.stderr)


@command("validate", "Check records: every file against the model, then the rules across files.",
         "gulfvisits validate records/meetings/2025/2025-05-12-aze-bhr-foreign-ministers.yaml")
def cmd_validate(args: argparse.Namespace) -> int:
    from .validate import (MEETINGS_DIR, file_in_tree, not_read, records_tree, tree_listing, validate_cached,
                           validate_changed, validate_tree)

    targets = [Path(p) for p in args.paths] or [_records_root(None)]
    for target in targets:
        if not os.path.lexists(target):  # a link to nowhere is there, and read, it says why it fails
            raise UsageError(f"{target}: no such file or directory")
    # Per tree (by its resolved path, so that one tree however spelt is validated once), the tree
    # as first typed, and the files given by name or by folder (by file_in_tree, with the path as
    # typed). A tree given itself is validated whole, whatever else of it is named.
    trees: dict[Path, tuple[Path, dict[Path, Path]]] = {}
    whole: set[Path] = set()
    for target in targets:
        tree = _tree_of(target)
        key = tree.resolve()
        given = trees.setdefault(key, (tree, {}))[1]
        if not target.is_dir():  # a file; or a pipe or a link to nowhere, which reading reports, located
            given[file_in_tree(target)] = target
        elif tree != target:  # a folder of meetings, such as a year: its files, and the rules across the tree
            given.update(_meetings_under(target))
        else:
            whole.add(key)
    errors: list[RecordError] = []
    files = meetings = unchanged = 0
    for key, (tree, given) in trees.items():
        listing = None
        if given:
            listing = tree_listing(records_tree(tree))
            unread = not_read(tree, set(given), listing)
            if unread:
                raise UsageError(f"{given[unread[0]]}: not a file that validation reads (a meeting is "
                                 f"{MEETINGS_DIR}/<year>/<id>.yaml; hidden files and folders, and files that are "
                                 "not YAML, are left alone)")
        # Whole, unless narrowed to the changes, which the files named join.
        chosen = set() if key in whole and not args.changed_since else set(given)
        if args.changed_since:
            from ._git import changed_files

            chosen |= changed_files(tree, args.changed_since)
        if chosen and args.engine == "pydantic":
            report = validate_changed(tree, chosen, display=_display(tree), listing=listing)
        elif not chosen and args.engine == "pydantic" and not args.no_cache:
            report = validate_cached(tree, display=_display(tree))
            unchanged += report.files_unchanged
            files += report.files_unchanged
            meetings += report.files_unchanged
        else:  # the JSON Schema engine, or no cache wanted: read everything
            report = validate_tree(tree, display=_display(tree), engine=args.engine, changed=chosen or None,
                                   keep_models=False, listing=listing)
        files += report.files_checked
        meetings += len(report.meeting_files)
        errors += report.sorted_errors()
    if args.format == "json":
        print(json.dumps({"ok": not errors, "files": files, "errors": [e.to_dict() for e in errors]}, indent=2))
    else:
        _print_errors(errors, args.format)
        if errors:
            print(f"{len(errors)} problem(s) in {files} file(s)", file=sys.stderr)
        else:
            note = f" ({unchanged} unchanged since a clean run, not read again)" if unchanged else ""
            print(f"OK: {files} file(s) valid, {meetings} meeting(s){note}")
    return EXIT_INVALID if errors else EXIT_OK


@command("stats", "Count meetings by Gulf country, by year and Gulf country, by kind, by topic and by participant; "
         "all of them, or those that the filters given select.", "gulfvisits stats --start 2023")
def cmd_stats(args: argparse.Namespace) -> int:
    from .dataset import load

    data = load(args.records)
    given = _filters_given(args)
    chosen = data.filter(**given, include_withdrawn=True) if given else data
    summary = chosen.summary()  # of a selection, "withdrawn" counts the withdrawn records it selects
    if given:  # the counts of a selection, said so: "22 meetings" alone reads as the whole
        summary = {**summary, "filters": given, "all_meetings": len(data)}
    if args.format == "json":
        print(json.dumps(summary, indent=2))
        return EXIT_OK
    from .models import COUNTRY_NAMES, GULF_COUNTRIES

    registries = ("people", "organizations", "topics")
    if given:  # the registries' totals beside 12 meetings would read as what those meetings name
        held = ", ".join(f"{summary['named'][name]} of {summary[name]} {name}" for name in registries)
        print(f"gulfvisits {summary['version']}: {summary['meetings']} meetings of {summary['all_meetings']} match "
              f"{_shown_filters(given)} ({summary['withdrawn']} withdrawn); they name {held}")
    else:
        print(f"gulfvisits {summary['version']}: {summary['meetings']} meetings ({summary['withdrawn']} withdrawn), "
              + ", ".join(f"{summary[name]} {name}" for name in registries))
    print("\nGulf country")
    for code, count in summary["by_country"].items():
        print(f"  {code + ' ' + COUNTRY_NAMES[code]:<40} {count:>5}")
    print("\nYear by Gulf country")
    codes = GULF_COUNTRIES
    print("  year " + "".join(f"{code:>6}" for code in codes) + f"{'total':>7}")
    for year, counts in summary["by_year_and_country"].items():
        print(f"  {year:<5}" + "".join(f"{counts[code]:>6}" for code in codes) + f"{summary['by_year'][year]:>7}")
    print("  total" + "".join(f"{summary['by_country'].get(code, 0):>6}" for code in codes)
          + f"{summary['meetings']:>7}")
    for title, counts in [("Kind", summary["by_kind"]), ("Topic (top 10)", dict(list(summary["by_topic"].items())[:10]))]:
        print(f"\n{title}")
        for label, count in counts.items():
            print(f"  {str(label):<40} {count:>5}")
    disputed = summary["disagreements"]
    if disputed["facts"]:
        facts, meetings = disputed["facts"], disputed["meetings"]
        print(f"\nFacts the sources give differently ({facts}, in {meetings} meeting{'s' * (meetings != 1)}), by field")
        for field, count in disputed["by_field"].items():
            print(f"  {field:<40} {count:>5}")
    else:
        print("\nFacts the sources give differently: none recorded")
    print("\nParticipant (top 10)")  # the registry's name: a reader knows "Jeyhun Bayramov", not the id
    for ident, count in list(summary["by_person"].items())[:10]:
        print(f"  {chosen.people[ident].name + ' (' + ident + ')':<60} {count:>5}")
    return EXIT_OK


@command("find", "Find people, organizations and topics by a name in any recorded spelling, with their meetings.",
         'gulfvisits find "Mohammed bin Zayed"')
def cmd_find(args: argparse.Namespace) -> int:
    from .dataset import load
    from .explain import quoted
    from .names import did_you_mean, name_of, named, spellings

    data = load(args.records)
    found = [("person", entry, data.filter(person=entry.id)) for entry in data.find_people(args.name)]
    found += [("organization", entry, data.filter(organization=entry.id))
              for entry in data.find_organizations(args.name)]
    found += [("topic", entry, data.filter(topic=entry.id)) for entry in data.find_topics(args.name)]
    offices = [(office, data.office_meetings(office.title, office.country)) for office in data.find_offices(args.name)]
    if args.format == "json":  # ASCII escapes: valid JSON whatever the encoding of standard output
        print(json.dumps([{"registry": kind, "id": entry.id, "name": name_of(entry),
                           "meetings": [m.id for m in meetings]} for kind, entry, meetings in found]
                         + [{"registry": "office", "name": office.title, "country": office.country,
                             "people": list(office.people), "meetings": [m.id for m, _ in held]}
                            for office, held in offices], indent=2))
    else:
        for kind, entry, meetings in found:
            other = spellings(entry)[2:]  # after the id and the name: variants, or an acronym
            print(f"{kind} {entry.id}: {name_of(entry)}" + (f" (also {', '.join(other)})" if other else ""))
            for meeting in meetings:
                role = next((p.office for p in meeting.participants if p.person == entry.id), None)
                print(f"  {meeting.edtf:<21} {meeting.id}" + (f"  ({role})" if role else ""))
            if not meetings:
                print("  no active meeting")
        for office, held in offices:  # who held it, and in which meetings: the ids a filter takes
            print(f"office {office.title} ({office.country}): "
                  + ", ".join(f"{data.people[ident].name} ({ident})" for ident in office.people))
            for meeting, participant in held:
                print(f"  {meeting.edtf:<21} {meeting.id}  ({data.people[participant.person].name})")
            if not held:
                print("  no active meeting")
    if not found and not offices:
        hint = did_you_mean(named(args.name, [*data.people.values(), *data.organizations.values(),
                                              *data.topics.values()]))
        print(f"no person, organization, topic or office has a name with every word of {quoted(args.name)}"
              + (f"; {hint}" if hint else ""), file=sys.stderr)
    return EXIT_OK if found or offices else EXIT_INVALID


def _print_utf8(text: str) -> None:
    """Text as UTF-8 bytes on standard output, as the same text is written to a file: a Windows
    console's code page cannot hold every name (``export --output -``, ``list --format csv``)."""
    sys.stdout.flush()
    sys.stdout.buffer.write(text.encode("utf-8"))


def _print_records(meetings: Iterable[Meeting]) -> None:
    """Meetings as JSON in the YAML's shape (defaults left out, as ``fmt`` writes a file), with
    ASCII escapes, as ``find`` writes: valid JSON on any standard output."""
    print(json.dumps([m.model_dump(mode="json", exclude_defaults=True) for m in meetings], indent=2))


@command("list", "List the meetings that match every filter given, as Dataset.filter selects them.",
         "gulfvisits list --country KWT --start 2025-01-01")
def cmd_list(args: argparse.Namespace) -> int:
    from .dataset import load

    # Dataset.filter refuses an unknown id or term with a hint, so a typo is not "no meetings".
    chosen = load(args.records).filter(**_filters_given(args))
    if args.format == "json":
        _print_records(chosen)
    elif args.format == "csv":
        from .sheet import csv_text

        _print_utf8(csv_text(chosen))
    else:
        for meeting in chosen:
            print(f"{meeting.edtf:<21} {meeting.id}  {meeting.title}")
    if not len(chosen):
        print("no active meeting matches every filter given", file=sys.stderr)
    return EXIT_OK if len(chosen) else EXIT_INVALID


@command("show", "Print meetings by id, active or withdrawn: every fact, with names for the registry ids.",
         "gulfvisits show 2025-05-12-aze-bhr-foreign-ministers")
def cmd_show(args: argparse.Namespace) -> int:
    from .dataset import load
    from .show import card

    data = load(args.records)
    chosen = [data.lookup(ident) for ident in args.ids]  # an unknown id: exit 1, naming the nearest
    if args.format == "json":  # a list, however many ids: one shape for a reader to parse
        _print_records(chosen)
    else:
        print("\n".join(card(m, data) for m in chosen), end="")
    return EXIT_OK


@command("schema", "Write the JSON Schema files generated from the models, or check them for drift.",
         "gulfvisits schema --check")
def cmd_schema(args: argparse.Namespace) -> int:
    from . import schema

    # Each option silently ignored would have answered a question the user did not ask: "OK"
    # about the project's schema/ for `schema --check other/folder`, a schema printed for `--dir`.
    if (args.write or args.check) and args.name:
        raise UsageError(f"{'--write' if args.write else '--check'} covers every schema, so it takes no name "
                         f"({args.name!r}); a folder is given with --dir")
    if args.dir and not (args.write or args.check):
        raise UsageError("--dir is the folder that --write and --check use; printing a schema reads no folder")
    folder = Path(args.dir) if args.dir else None
    if args.write:
        for path in schema.write(folder):
            print(f"wrote {_display(path)}")
        return EXIT_OK
    if args.check:
        if folder is not None and not folder.is_dir():
            raise UsageError(f"{folder} is not a directory")
        stale = schema.drift(folder)
        for name, problem in stale:
            print(f"{name}: {problem}; run `gulfvisits schema --write`", file=sys.stderr)
        if not stale:
            print(f"OK: {len(schema.SCHEMAS)} schema file(s) match the models")
        return EXIT_INVALID if stale else EXIT_OK
    name = args.name or "meeting"
    if name not in schema.SCHEMAS:
        raise UsageError(f"unknown schema {name!r}; choose from {', '.join(schema.SCHEMAS)}")
    sys.stdout.write(schema.render(name))
    return EXIT_OK


@command("fmt", "Rewrite records in the canonical layout (key order, quoting, line width).",
         "gulfvisits fmt --check")
def cmd_fmt(args: argparse.Namespace) -> int:
    from .fmt import format_file
    from .validate import REGISTRY_FILES, file_in_tree, meeting_files, records_tree

    targets = [Path(p) for p in args.paths] or [_records_root(None)]
    files: list[Path] = []
    for target in targets:
        if target.is_dir() and _tree_of(target) != target:  # a folder of meetings, such as a year
            files += sorted(_meetings_under(target))
        elif target.is_dir():
            records_tree(target)  # a folder that is no records tree has nothing to format: say so
            files += [target / f for f in REGISTRY_FILES.values() if (target / f).is_file()] + meeting_files(target)
        elif os.path.lexists(target):  # a file; or a pipe or a link to nowhere, which reading reports, located
            files.append(target)
        else:
            raise UsageError(f"{target}: no such file or directory")
    once: dict[Path, Path] = {}  # a file named twice, or inside a tree also named, is formatted and counted once
    for path in files:
        once.setdefault(file_in_tree(path), path)
    files = list(once.values())
    changed: list[str] = []
    errors: list[RecordError] = []
    for path in files:
        shown = _display(path)
        try:
            if format_file(path, shown=shown, check=args.check):
                changed.append(shown)
        except RecordError as error:
            errors.append(error)
    _print_errors(errors, "text")
    for shown in changed:
        print(f"{'would reformat' if args.check else 'reformatted'} {shown}", file=sys.stderr if args.check else sys.stdout)
    if not changed and not errors:
        print(f"OK: {len(files)} file(s) already canonical")
    return EXIT_INVALID if errors or (args.check and changed) else EXIT_OK


@command("new", "Create a meeting file with the right id and path; unknown fields are left null.",
         "gulfvisits new --date 2025-06-03 --country QAT --kind phone_call")
def cmd_new(args: argparse.Namespace) -> int:
    from .new import create

    try:
        on = parse_day(args.date)
    except ValueError:
        raise UsageError(f"--date must be YYYY-MM-DD; {got(args.date)}") from None
    root = Path(args.records or "records")
    if not (root / "meetings").is_dir():
        raise UsageError(f"{root}/meetings does not exist; run this in a clone of the dataset or pass --records DIR")
    path = create(root, on, args.country, args.kind, slug=args.slug, added_by=args.by)
    print(_display(path))
    return EXIT_OK


@command("withdraw", "Mark a meeting withdrawn (its id stays reserved), with the reason and what replaces it.",
         "gulfvisits withdraw 2025-04-30-aze-kwt-talks --reason 'The same meeting as the record that replaces it.' "
         "--replaced-by 2025-04-30-aze-kwt-foreign-ministers")
def cmd_withdraw(args: argparse.Namespace) -> int:
    from .withdraw import withdraw

    on = None if args.on is None else parse_day(args.on)
    try:
        path = withdraw(Path(args.records or "records"), args.id, args.reason, replaced_by=args.replaced_by, on=on)
    except RecordError as error:  # the file is reported as validate reports it, at its line
        _print_errors([error], "text")
        return EXIT_INVALID
    print(_display(path))
    return EXIT_OK


@command("export", "Write the relational tables as csv, jsonl, json, sqlite, parquet, datapackage or jsonld.",
         "gulfvisits export --format sqlite --output exports/")
def cmd_export(args: argparse.Namespace) -> int:
    from .dataset import load
    from .export import document, export

    data = load(args.records)
    given = _filters_given(args)
    if given:  # the active meetings selected, as `list` prints them; the registries stay whole
        data = data.filter(**given)
    if args.output == "-":
        _print_utf8(document(data, args.format))
        return EXIT_OK
    for path in export(data, args.format, args.output):
        print(_display(path))
    return EXIT_OK


@command("cite", "Print how to cite this version of the dataset.", "gulfvisits cite --format bibtex")
def cmd_cite(args: argparse.Namespace) -> int:
    from .cite import cite

    sys.stdout.write(cite(args.format))
    return EXIT_OK


@command("diff", "List records added, changed (with the fields) and withdrawn between two versions.",
         "gulfvisits diff 0.27.0 records")
def cmd_diff(args: argparse.Namespace) -> int:
    from .diff import diff

    result = diff(args.old, args.new)
    if args.format == "json":
        print(json.dumps(result.to_dict(), indent=2))
    else:
        for ident in result.added:
            print(f"added      {ident}")
        for ident, fields in result.changed.items():
            print(f"changed    {ident}: {', '.join(fields)}")
        for ident in result.withdrawn:
            print(f"withdrawn  {ident}")
        for ident in result.removed:
            print(f"REMOVED    {ident} (ids are never deleted: withdraw the record instead)", file=sys.stderr)
        if result.empty:
            print("no record changes")
    return EXIT_INVALID if result.removed else EXIT_OK


@command("release-notes", "Draft the CHANGELOG's data section from the difference to an earlier version.",
         "gulfvisits release-notes 0.27.6 --version 0.27.7")
def cmd_release_notes(args: argparse.Namespace) -> int:
    from .diff import diff, release_notes

    if args.date is not None and args.version is None:  # the heading would drop it: "## Unreleased"
        raise UsageError("--date dates the section that --version names; give the version too")
    _refuse_going_back(args.old, args.version)
    released = args.date
    if released is None and args.version is not None:
        from .cite import RELEASED

        released = RELEASED if args.version == __version__ else datetime.date.today().isoformat()
    result = diff(args.old, args.new)
    sys.stdout.write(release_notes(result, args.version, released))
    if result.removed:  # as `diff` does: a release may withdraw a record, never delete one
        print(f"{len(result.removed)} record(s) deleted; ids are never deleted: withdraw them instead", file=sys.stderr)
    return EXIT_INVALID if result.removed else EXIT_OK


@command("plot", "Draw a chart of the dataset (needs gulfvisits[plot]).", "gulfvisits plot timeline -o timeline.png")
def cmd_plot(args: argparse.Namespace) -> int:
    from .dataset import load
    from .plot import timeline

    print(_display(timeline(load(args.records), args.output)))
    return EXIT_OK


@command("docs", "Regenerate the generated blocks (counts, code tables) in README.md and DATASHEET.md, "
         "and CITATION.cff and .zenodo.json from the package's citation metadata.",
         "gulfvisits docs --check")
def cmd_docs(args: argparse.Namespace) -> int:
    from . import docs
    from .dataset import load

    root = Path(args.dir)
    if not root.is_dir():  # else "FILE/records is not a directory", of a folder it never was
        raise UsageError(f"{root} is not a directory; --dir takes the repository's root folder")
    data = load(root / "records")
    if args.check:
        stale = docs.stale(root, data)
        for name in stale:
            print(f"{name}: generated text is stale; run `gulfvisits docs --write`", file=sys.stderr)
        if not stale:
            print(f"OK: generated text in {', '.join(docs.GENERATED)} is current")
        return EXIT_INVALID if stale else EXIT_OK
    for name in docs.write(root, data):
        print(f"rewrote {name}")
    return EXIT_OK


def _refuse_going_back(old: str, version: str | None) -> None:
    """A release moves the version on: notes headed 0.32.15 for the changes since 0.32.16 (a
    slip of the finger) would be pasted into the CHANGELOG under a version already taken."""
    from ._git import VERSION_NUMBER

    since = VERSION_NUMBER.fullmatch(old)
    if version is None or since is None or Path(old).is_dir():
        return  # a folder or a revision: no version to compare with
    if tuple(map(int, version.split("."))) <= tuple(map(int, since.groups())):
        raise UsageError(f"--version {version} is not later than {old}, the version compared with; "
                         "a release moves the version on")


def _release_number(text: str) -> str:
    """X.Y.Z, as the CHANGELOG, CITATION.cff and the schema ids write a version: numbers without
    leading zeros (Semantic Versioning's rule), so that 0.33.0 has one heading, not also 00.33.0."""
    if not re.fullmatch(r"(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)", text):
        raise argparse.ArgumentTypeError(f"{text!r} is not a version number X.Y.Z, such as {__version__}")
    return text


def _iso_date(text: str) -> str:
    try:
        return parse_day(text).isoformat()
    except ValueError:
        raise argparse.ArgumentTypeError(f"must be YYYY-MM-DD; {got(text)}") from None


def _filters_given(args: argparse.Namespace) -> dict[str, str | list[str]]:
    """The ``Dataset.filter`` criteria given on the command line, in its order: a value, or the
    list of a repeated option's values. Read from its signature, so that a criterion added there
    is passed on, not dropped; a test holds that ``_add_filters`` declares an option for each."""
    import inspect

    from .dataset import FILTER_SWITCHES, Dataset

    criteria = [name for name, parameter in inspect.signature(Dataset.filter).parameters.items()
                if parameter.kind is parameter.KEYWORD_ONLY and name not in FILTER_SWITCHES]
    given = {name: getattr(args, name) for name in criteria if getattr(args, name) is not None}
    # one value stays a value, as in stats' JSON before options could be repeated
    return {name: value[0] if isinstance(value, list) and len(value) == 1 else value for name, value in given.items()}


def _shown_filters(given: dict[str, str | list[str]]) -> str:
    """The filters as they would be typed again: ``--office 'foreign minister'``, quoted, and a
    repeated option repeated."""
    import shlex

    return " ".join(f"--{name} {shlex.quote(str(value))}" for name, values in given.items()
                    for value in (values if isinstance(values, list) else [values]))


def _add_filters(p: argparse.ArgumentParser) -> None:
    """``Dataset.filter``'s criteria as options, for the commands that answer about a selection."""
    from .isocodes import COUNTRIES
    from .models import VOCABULARIES

    group = p.add_argument_group("filters", "A meeting must match every filter given. A filter given twice or "
                                 "more matches any of its values: --country KWT --country QAT.")
    group.add_argument("--country", type=_one_of(VOCABULARIES["country"], any_case=True), metavar="CODE",
                       action="append", help=f"either side, by ISO code: {', '.join(VOCABULARIES['country'])}")
    group.add_argument("--start", type=_period, metavar="YYYY[-MM[-DD]]",
                       help="on or after this day, or from the first day of this month or year")
    group.add_argument("--end", type=_period, metavar="YYYY[-MM[-DD]]",
                       help="on or before this day, or to the last day of this month or year")
    for registry in ("person", "organization", "topic"):
        group.add_argument(f"--{registry}", metavar="ID", action="append", type=_words,
                           help=f"the id in the {registry} registry (`gulfvisits find NAME` gives it)")
    group.add_argument("--kind", type=_one_of(VOCABULARIES["kind"]), metavar="KIND", action="append",
                       help=f"one of {', '.join(VOCABULARIES['kind'])}")
    group.add_argument("--visit", metavar="ID", action="append", type=_words,
                       help="a visit's id, which groups the meetings of one trip")
    group.add_argument("--office", metavar="WORDS", action="append", type=_words,
                       help="words that a participant's office holds, either side: 'energy', 'foreign minister'")
    group.add_argument("--host", type=_one_of(tuple(COUNTRIES), any_case=True), metavar="CODE", action="append",
                       help="the country that hosted the meeting, any ISO 3166-1 alpha-3 code: AZE for those "
                            "held in Azerbaijan, USA for those at the UN in New York (a phone call has none)")
    group.add_argument("--session", type=_session, metavar="N", action="append",
                       help="the number of a commission's session or a consultation round: "
                            "--organization aze-sau-joint-commission --session 8")


def _period(text: str) -> str:
    """A filter's bound, refused here as `filter` would refuse it, in argparse's words."""
    try:
        parse_period(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"must be written YYYY, YYYY-MM or YYYY-MM-DD; {got(text)}") from None
    return text


def _session(text: str) -> int:
    """A session's number, in ``filter``'s words when it is not one. ``isdecimal`` admits only
    what ``int`` reads as digits, so the check needs no sentinel for text ``int`` refuses."""
    if not text.strip().isdecimal() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"must be the number of a session or a round, a whole number from 1; "
                                         f"{got(text)}")
    return int(text)


def _path(text: str) -> str:
    try:
        nonempty_path(text, "the argument")
    except UsageError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None
    return text


def _words(text: str) -> str:
    """Text typed for the command (a name, an office, a reason, an id), as the user typed it.
    Where Python reads the command line in an encoding other than UTF-8 (a C locale with UTF-8
    mode turned off), each byte of a UTF-8 argument arrives as a lone surrogate, and "Джейхун"
    would match nothing. Its bytes are recovered and read as UTF-8, as terminals send them. Paths
    keep the surrogates: the system turns them back into the same bytes when it opens the file."""
    try:
        text.encode("utf-8")
        return text
    except UnicodeEncodeError:
        pass
    try:
        return os.fsencode(text).decode("utf-8")
    except UnicodeError:
        raise argparse.ArgumentTypeError(
            f"{ascii(text)} is not UTF-8 text, and this system reads the command line as "
            f"{sys.getfilesystemencoding()}; type it in UTF-8") from None


def _one_of(terms: Sequence[str], *, any_case: bool = False) -> Callable[[str], str]:
    """An argument from a vocabulary, refused with ``validate``'s message and hint: argparse's
    own "invalid choice" names no code for 'UAE' or 'Qatar'."""
    def term(text: str) -> str:
        value = text.upper() if any_case else text
        if value in terms:
            return value
        from .explain import term_hint, vocabulary_message

        hint = term_hint(text, terms)
        raise argparse.ArgumentTypeError(vocabulary_message(list(terms), text) + (f" ({hint})" if hint else ""))
    return term


def _revision(text: str) -> str:
    """A git revision or a released version; empty (an unset ``$BASE``) is a mistake, not "all"."""
    if not text:
        raise argparse.ArgumentTypeError("the revision is empty; give a git revision or a released version")
    return text


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="gulfvisits",
        description="Diplomatic meetings between Azerbaijan and the Gulf states: validate, summarise, export.",
        epilog="Exit status: 0 success, 1 invalid data (for find and list: no match), 2 usage error.")
    parser.add_argument("--version", action="version", version=f"gulfvisits {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    sub.required = True

    def add(name: str) -> argparse.ArgumentParser:
        function = _COMMANDS[name]
        return sub.add_parser(name, help=function.help_text, description=function.help_text,  # type: ignore[attr-defined]
                              formatter_class=argparse.RawDescriptionHelpFormatter,
                              epilog=f"Example: {function.example}")  # type: ignore[attr-defined]

    p = add("validate")
    p.add_argument("paths", nargs="*", metavar="PATH", type=_path,
                   help="records trees or meeting files (default: the records of this version)")
    p.add_argument("--format", choices=["text", "json", "github"], default="text",
                   help="text (path:line:col: message), json, or GitHub Actions annotations")
    p.add_argument("--changed-since", metavar="REV", type=_revision,
                   help="report in full only the files changed since REV, a git revision or a released version "
                        "(and every cross-record rule)")
    p.add_argument("--no-cache", action="store_true",
                   help="read every file, ignoring what earlier clean runs recorded (the cache is kept per tree)")
    p.add_argument("--engine", choices=["pydantic", "jsonschema"], default="pydantic",
                   help="check structure with the models (default) or with the generated JSON Schema")

    p = add("stats")
    _add_filters(p)
    p.add_argument("--records", metavar="DIR", type=_path, help="a records tree (default: the records of this version)")
    p.add_argument("--format", choices=["text", "json"], default="text")

    p = add("find")
    p.add_argument("name", type=_words, help="a name, or some of its words, as a report spells it")
    p.add_argument("--records", metavar="DIR", type=_path, help="a records tree (default: the records of this version)")
    p.add_argument("--format", choices=["text", "json"], default="text")

    p = add("list")
    _add_filters(p)
    p.add_argument("--records", metavar="DIR", type=_path, help="a records tree (default: the records of this version)")
    p.add_argument("--format", choices=["text", "json", "csv"], default="text",
                   help="text (date, id, title), json (the records, in the YAML's shape), or csv (one row a "
                        "meeting, with names where the records have ids, for a spreadsheet)")

    p = add("show")
    p.add_argument("ids", nargs="+", metavar="ID", type=_words, help="meeting ids, as `list` prints them")
    p.add_argument("--records", metavar="DIR", type=_path, help="a records tree (default: the records of this version)")
    p.add_argument("--format", choices=["text", "json"], default="text",
                   help="text (a card with names for the ids), or json (the records, in the YAML's shape)")

    p = add("fmt")
    p.add_argument("paths", nargs="*", metavar="PATH", type=_path, help="records trees or files (default: the records)")
    p.add_argument("--check", action="store_true", help="change nothing; exit 1 if a file is not canonical")

    from .models import GULF_COUNTRIES, VOCABULARIES

    p = add("new")
    p.add_argument("--date", required=True, help="the meeting date, YYYY-MM-DD")
    p.add_argument("--country", required=True, type=_one_of(GULF_COUNTRIES, any_case=True), choices=GULF_COUNTRIES,
                   help="the Gulf state")
    p.add_argument("--kind", required=True, type=_one_of(VOCABULARIES["kind"]), choices=VOCABULARIES["kind"])
    p.add_argument("--slug", type=_words, help="the end of the id (default: from the kind)")
    p.add_argument("--by", type=_words, help="your handle, for curation.added_by")
    p.add_argument("--records", metavar="DIR", type=_path, help="the records tree to add to (default: ./records)")

    p = add("withdraw")
    p.add_argument("id", type=_words, help="the id of the meeting that no longer counts")
    p.add_argument("--reason", required=True, type=_words, help="why, for readers of the record and the changelog")
    p.add_argument("--replaced-by", metavar="ID", type=_words,
                   help="the id of the record that describes the meeting instead")
    p.add_argument("--on", type=_iso_date, help="the day of the withdrawal, YYYY-MM-DD (default: today)")
    p.add_argument("--records", metavar="DIR", type=_path, help="the records tree (default: ./records)")

    from .cite import FORMATS as CITE_FORMATS
    from .export import FORMATS as EXPORT_FORMATS

    p = add("export")
    p.add_argument("--format", required=True, choices=EXPORT_FORMATS)
    p.add_argument("--output", required=True, metavar="DIR", type=_path,
                   help="folder to write into (created if missing); - prints json or jsonld to standard output")
    p.add_argument("--records", metavar="DIR", type=_path, help="a records tree (default: the records of this version)")
    _add_filters(p)

    p = add("cite")
    p.add_argument("--format", choices=CITE_FORMATS, default="apa")

    compare = {name: add(name) for name in ("diff", "release-notes")}
    for p in compare.values():
        p.add_argument("old", type=_path, help="a records folder, a git revision or a released version (0.27.3)")
        p.add_argument("new", nargs="?", default="records", type=_path, help="the same kinds (default: the folder records)")
    compare["diff"].add_argument("--format", choices=["text", "json"], default="text")
    p = compare["release-notes"]
    p.add_argument("--version", type=_release_number, help="the version being released (X.Y.Z)")
    p.add_argument("--date", type=_iso_date, help="its release date (default: cite.RELEASED for the package's own "
                                                  "version, else today)")

    p = add("plot")
    p.add_argument("chart", choices=["timeline"])
    p.add_argument("-o", "--output", required=True, metavar="FILE", type=_path, help="a .png, .svg or .pdf file")
    p.add_argument("--records", metavar="DIR", type=_path, help="a records tree (default: the records of this version)")

    p = add("docs")
    group = p.add_mutually_exclusive_group(required=True)
    group.add_argument("--write", action="store_true")
    group.add_argument("--check", action="store_true")
    p.add_argument("--dir", default=".", type=_path, help="the repository root (default: .)")

    p = add("schema")
    group = p.add_mutually_exclusive_group()
    group.add_argument("--write", action="store_true", help="regenerate the files in schema/")
    group.add_argument("--check", action="store_true", help="exit 1 if schema/ differs from the models")
    p.add_argument("--dir", metavar="DIR", type=_path, help="schema folder (default: the project's schema/)")
    p.add_argument("name", nargs="?", help="print one schema: meeting, people, organizations, topics")
    return parser


def entry_point() -> int:
    """The installed ``gulfvisits`` command: ``main`` for a process that ends right after."""
    # A path or a name the stream's encoding cannot hold (a Cyrillic user folder, piped to a file
    # on a cp1252 Windows machine) is escaped, as Python already does on stderr, not a traceback.
    reconfigure = getattr(sys.stdout, "reconfigure", None)
    if reconfigure is not None:
        reconfigure(errors="backslashreplace")
    code = main()
    # What is left would be walked by the collector at interpreter exit for nothing (the process
    # ends and the OS frees it): ~50 ms after validating 10^4 files, measured. Not in ``main``,
    # which tests and other programs call in a process that goes on.
    gc.freeze()
    return code


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if sys.stdout is None:  # started with it closed (``>&-``): Python sets None, and a write raised
        print("Error: standard output is closed, so there is nowhere to write the output", file=sys.stderr)
        return EXIT_USAGE
    try:
        code = _COMMANDS[args.command](args)
        # Piped or redirected, the output waits in a buffer until the interpreter exits, and a
        # write that failed then (the reader gone, ``| head -c0``; a full disk) came after these
        # handlers: exit 120, with an "Exception ignored" message. Written here, it fails inside.
        sys.stdout.flush()
        return code
    except UsageError as exc:
        print(f"Error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except GulfVisitsError as exc:
        print(f"Error: {exc}", file=sys.stderr)
        return EXIT_INVALID
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # the reader has gone (``| head -1``, ``2>&1 | head -1``): stop quietly
        _drop(sys.stdout, sys.stderr)
        return EXIT_OK
    except OSError as exc:  # an output path that cannot be made or written: the user's to fix
        where = f"{exc.filename}: " if exc.filename else ""
        try:
            sys.stdout.flush()
        except OSError:  # standard output is what failed (``> /dev/full``, a full disk)
            where = "standard output: "
            _drop(sys.stdout)
        print(f"Error: {where}{exc.strerror or exc}", file=sys.stderr)
        return EXIT_USAGE


def _drop(*streams: TextIO | None) -> None:
    """Send what is still buffered for these streams, and anything written to them later, to
    the null device: the interpreter flushes them at exit, and a second failure there ends the
    process with status 120 and an "Exception ignored" message, after ours."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    for stream in streams:
        if stream is not None:  # stderr may have been closed at start (``2>&-``)
            os.dup2(devnull, stream.fileno())
    os.close(devnull)
