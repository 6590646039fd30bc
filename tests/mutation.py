"""Mutation check of the test suite: does each deliberate fault make some test fail?

Each mutant replaces one exact snippet of a module with a faulty one (a boundary moved, a check
switched off, a cleanup skipped). The script copies the checkout to a temporary folder, applies
one mutant at a time there, and runs the tests with that copy first on ``PYTHONPATH`` (so the
CLI subprocesses see it too). A mutant that no test kills is a behaviour nothing pins: add a
test, or say why the mutant is equivalent (``EQUIVALENT`` below). Not run in CI: a survivor
costs a full test run (two to three minutes), and so does the unchanged run that comes first.

    .venv/bin/python tests/mutation.py               # every mutant
    .venv/bin/python tests/mutation.py r-dyad-set    # some, by id
"""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent

MUTANTS = [
    ('r-id-filename', 'rules.py',
     '        if stem != m.id:\n',
     '        if False:\n'),
    ('r-year-folder-len', 'rules.py',
     'if len(parts) != 3 or parts[1]',
     'if parts[1]'),
    ('r-id-date', 'rules.py',
     'if not m.id.startswith(m.date.value.isoformat()):',
     'if False:'),
    ('r-source-before-boundary', 'rules.py',
     'source.published < first_day',
     'source.published <= first_day'),
    ('r-source-before-note', 'rules.py',
     '\\\n                    and source.note is None:',
     ':'),
    ('r-first-day-basis', 'rules.py',
     'return None if d.basis == "publication_date" else d.value',
     'return d.value'),
    ('r-earliest-truncate', 'rules.py',
     '_truncate(d.earliest, d.precision) > d.value',
     'd.earliest > d.value'),
    ('r-future-boundary', 'rules.py',
     'if d.value > self.today:',
     'if d.value >= self.today:'),
    ('r-curation-pair-oneway', 'rules.py',
     '(c.reviewed_by is None) != (c.reviewed_on is None)',
     'c.reviewed_by is not None and c.reviewed_on is None'),
    ('r-dyad-set', 'rules.py',
     'len(set(m.countries)) != 2',
     'len(m.countries) != 2'),
    ('r-visiting-country', 'rules.py',
     'if m.visiting_country is not None and m.visiting_country not in m.countries:',
     'if False:'),
    ('r-office-start-boundary', 'rules.py',
     '(start is None or start <= on)',
     '(start is None or start < on)'),
    ('r-office-end-boundary', 'rules.py',
     '(end is None or on <= end)',
     '(end is None or on < end)'),
    ('r-office-other-country', 'rules.py',
     '        if same_title:\n',
     '        if False:\n'),
    ('r-no-repeats-first', 'rules.py',
     'values.index(value) != index',
     'True'),
    ('r-dup-meeting-withdrawn', 'rules.py',
     'if s[1] == "active"]',
     ']'),
    ('r-dup-meeting-persons', 'rules.py',
     'frozenset(countries), frozenset(persons)]',
     'frozenset(countries)]'),
    ('r-dup-meeting-kind', 'rules.py',
     'groups[day, kind,',
     'groups[day, None,'),
    ('r-replaced-dangling', 'rules.py',
     'elif replaced_by not in first:',
     'elif False:'),
    ('r-unique-ids', 'rules.py',
     '            if ident in first:\n',
     '            if False:\n'),
    ('r-office-order', 'rules.py',
     'office.start and office.end and office.start > office.end',
     'False'),
    ('r-on-behalf-of', 'rules.py',
     'if participant.on_behalf_of is not None and participant.on_behalf_of not in people:',
     'if False:'),
    ('r-latest-before-earliest', 'rules.py',
     'if d.earliest and d.latest and d.earliest > d.latest:',
     'if False:'),
    ('r-future-curation', 'rules.py',
     'if value is not None and value > self.today:',
     'if False:'),
    ('r-org-parent', 'rules.py',
     'self.reference(parsed, ("parent",), parsed.model.parent, "organizations")',
     'pass'),
    ('d-filter-start', 'dataset.py',
     'm.date.value >= start',
     'm.date.value > start'),
    ('d-filter-end', 'dataset.py',
     'm.date.value <= end',
     'm.date.value < end'),
    ('d-filter-visit', 'dataset.py',
     '(visit is None or m.visit == visit)',
     'True'),
    ('d-filter-person', 'dataset.py',
     '(person is None or any(p.person == person for p in m.participants))',
     'True'),
    ('d-summary-withdrawn', 'dataset.py',
     '"withdrawn": len(self.withdrawn),',
     '"withdrawn": 0,'),
    ('f-withdrawn-again', 'diff.py',
     'if before.status == "active" and after.status == "withdrawn":',
     'if after.status == "withdrawn":'),
    ('f-changed-and-withdrawn', 'diff.py',
     'if fields and ident not in result.withdrawn:',
     'if fields:'),
    ('f-earlier-rules', 'diff.py',
     'not (earlier and e.code.startswith("rule."))',
     'not e.code.startswith("rule.")'),
    ('f-removed', 'diff.py',
     'result.removed = sorted(set(old) - set(new))',
     'result.removed = []'),
    ('f-new-keys', 'diff.py',
     'list(old) + [k for k in new if k not in old]',
     'list(old)'),
    ('y-float-leaf', 'yamlio.py',
     'return value == value and value not in (float("inf"), float("-inf"))',
     'return True'),
    ('y-merge-key', 'yamlio.py',
     '"\\t", "\\r", "<<",',
     '"\\t", "\\r",'),
    ('y-begins-newline', 'yamlio.py',
     'text[before] in ":-?,[{\\n"',
     'text[before] in ":-?,[{"'),
    ('y-leading-zero', 'yamlio.py',
     'if _LEADING_ZERO.match(value) or _OTHER_BASE.match(value):',
     'if _OTHER_BASE.match(value):'),
    ('y-atomic-cleanup', 'yamlio.py',
     '            os.unlink(temporary)\n',
     '            pass\n'),
    ('y-quoted-date-single', 'yamlio.py',
     '    re.compile(r"\'[0-9]{4}-[0-9]{2}-"),',
     ''),
    ('x-sqlite-cleanup', 'export.py',
     '        Path(temporary).unlink(missing_ok=True)\n',
     '        pass\n'),
    ('x-integrity-typed', 'export.py',
     'except sqlite3.IntegrityError as exc:',
     'except sqlite3.OperationalError as exc:'),
    ('d-own-copy', 'dataset.py',
     'meeting = meeting.model_copy(deep=True)',
     'meeting = meeting'),
    ('d-attach-shared', 'dataset.py',
     '            attach_person(participant, mine)\n',
     '            pass\n'),
    ('x-csv-safe', 'export.py',
     '(spreadsheet_safe(_cell(v)) if safe else _cell(v))',
     '_cell(v)'),
    ('x-self-ref-last', 'export.py',
     '    if not own:\n',
     '    if True:\n'),
    ('c-racy-clean', '_cache.py',
     'and stat.st_mtime_ns < self.trust_before)',
     ')'),
    ('c-fingerprint-reset', '_cache.py',
     '                    entry[3] = False\n',
     '                    pass\n'),
    ('c-size', '_cache.py',
     'if entry is None or entry[0] != stat.st_size:',
     'if entry is None:'),
    ('c-digest', '_cache.py',
     'and _digest(self.prefix + relative) == entry[4]:',
     ':'),
    ('c-faulty', '_cache.py',
     'and shown_prefix + relative not in faulty\n',
     '\n'),
    ('c-format', '_cache.py',
     'if stored["format"] != self.FORMAT:',
     'if False:'),
    ('c-damaged', '_cache.py',
     '            if not all(type(e) is list',
     '            if False and all(type(e) is list'),
    ('c-registries-clean', '_cache.py',
     '        if len(report.errors) == before:\n',
     '        if True:\n'),
    ('p-depth-events', '_pyyaml.py',
     '                if depth > MAX_DEPTH:\n',
     '                if depth > MAX_DEPTH * 50:\n'),
    ('p-merge', '_pyyaml.py',
     'if key_node.tag == _TAG + "merge":',
     'if False:'),
    ('p-dup-key', '_pyyaml.py',
     '            if key in result:\n',
     '            if False:\n'),
    ('p-tags-possible', '_pyyaml.py',
     'if self.tags_possible and node.tag !=',
     'if False and node.tag !='),
    ('p-quoted-tag', '_pyyaml.py',
     '            if node.tag != _TAG + "str":\n',
     '            if False:\n'),
    ('p-key-type', '_pyyaml.py',
     '            if not isinstance(key, str):\n',
     '            if False:\n'),
    ('p-anchor', '_pyyaml.py',
     '            if anchor is not None:\n',
     '            if False:\n'),
    ('fm-header-blank', 'fmt.py',
     '        if line.startswith("#") or (lines and not line.strip()):',
     '        if line.startswith("#"):'),
    ('fm-comment-in-scalar', 'fmt.py',
     'if at < header_end or any(start <= at < end for start, end in spans):',
     'if at < header_end:'),
    ('fm-check-writes', 'fmt.py',
     '    if not check:\n',
     '    if True:\n'),
    ('fm-registry-list', 'fmt.py',
     '            if not isinstance(document.data, list):\n',
     '            if False:\n'),
    ('cli-fmt-check-exit', 'cli.py',
     'return EXIT_INVALID if errors or (args.check and changed) else EXIT_OK',
     'return EXIT_INVALID if errors else EXIT_OK'),
    ('cli-schema-exit', 'cli.py',
     'match the models")\n        return EXIT_INVALID if stale else EXIT_OK',
     'match the models")\n        return EXIT_OK'),
    ('cli-docs-exit', 'cli.py',
     'is current")\n        return EXIT_INVALID if stale else EXIT_OK',
     'is current")\n        return EXIT_OK'),
    ('cli-github-escape', 'cli.py',
     '.replace("%", "%25").replace("\\n", "%0A")',
     ''),
    ('cli-missing-target', 'cli.py',
     '        if not target.exists():\n            raise UsageError',
     '        if False:\n            raise UsageError'),
    ('v-sorted-errors', 'validate.py',
     'return sorted(self.errors, key=lambda e: (e.path, e.line, e.column, e.code))',
     'return list(self.errors)'),
    ('n-no-overwrite', 'new.py',
     '    if path.exists():\n',
     '    if False:\n'),
    ('n-slug-check', 'new.py',
     '    if not _SLUG.match(slug):\n',
     '    if False:\n'),
    ('n-gulf-only', 'new.py',
     'if country not in GULF_COUNTRIES:',
     'if country not in (*GULF_COUNTRIES, "AZE"):'),
    ('b-hash-path', 'bundle.py',
     '        digest.update(relative.encode() + b"\\0")\n',
     ''),
    ('b-damaged-cache', 'bundle.py',
     '        except ValueError:\n            pass  # a damaged cache file: compile again\n',
     '        except TypeError:\n            pass  # a damaged cache file: compile again\n'),
    ('b-unwritable-cache', 'bundle.py',
     '    except OSError:\n        pass\n    return read_bundle(raw)',
     '    except TypeError:\n        pass\n    return read_bundle(raw)'),
    ('b-invalid', 'bundle.py',
     '    if not report.ok:\n',
     '    if False:\n'),
    ('t-phone-one-way', 'tables.py',
     'return [(a, b, "phone"), (b, a, "phone")]',
     'return [(a, b, "phone")]'),
    ('t-video-as-phone', 'tables.py',
     '    if m.kind == "video_conference":\n        return [(a, b, "consult"), (b, a, "consult")]',
     '    if m.kind == "video_conference":\n        return [(a, b, "phone"), (b, a, "phone")]'),
    ('t-visit-direction', 'tables.py',
     'return [(visitor, host, "visit"), (host, visitor, "host")]',
     'return [(host, visitor, "visit"), (visitor, host, "host")]'),
    ('t-third-location', 'tables.py',
     'if m.location.country and m.location.country not in m.countries:',
     'if m.location.country and m.location.country in m.countries:'),
    ('t-events-withdrawn', 'tables.py',
     '    for m in ds.meetings:  # withdrawn records are not events',
     '    for m in _all(ds):  # withdrawn records are not events'),
    ('t-child-order', 'tables.py',
     'key=lambda r: (r["meeting_id"], _clean(r["position"]))',
     'key=lambda r: r["meeting_id"]'),
    ('t-date-nan', 'tables.py',
     'if value is None or value != value:  # None or NaN',
     'if value is None:  # None or NaN'),
    ('t-clean-int', 'tables.py',
     'return int(value) if hasattr(value, "is_integer") and not isinstance(value, (bool, str)) else value',
     'return value'),
    ('t-withdrawal-rebuild', 'tables.py',
     '"replaced_by": r["replaced_by"]} if r["withdrawal_reason"] else None,',
     '"replaced_by": r["replaced_by"]} if False else None,'),
    ('t-format-null', 'tables.py',
     'if "meeting_formats" in kids else None,',
     'if "meeting_formats" in kids else [],'),
    ('t-country-name', 'tables.py',
     'return COUNTRY_NAMES.get(code, code) if code else None',
     'return code'),
    ('m-edtf-window', 'models.py',
     'if d.earliest and d.latest and d.earliest != d.latest:',
     'if d.earliest and d.latest:'),
    ('m-edtf-stated', 'models.py',
     'return text if d.basis == "stated" else f"{text}?"',
     'return text'),
    ('m-edtf-month', 'models.py',
     '"month": text[:7]',
     '"month": text'),
    ('m-integral-float', 'models.py',
     'return int(value) if isinstance(value, float) and value.is_integer() else value',
     'return value'),
    ('ci-bibtex-key', 'cite.py',
     'key = f"gulfvisits_{version.replace(\'.\', \'_\')}"',
     'key = "gulfvisits"'),
    ('ci-ris-date', 'cite.py',
     "DA  - {RELEASED.replace('-', '/')}",
     'DA  - {RELEASED}'),
]

EQUIVALENT = {
    "p-depth-events": "the composer's own depth check reports the same code at the same position",
}
"""Mutants no test can kill, because no input tells them from the original, and why."""

# Fast files first: with -x, a killed mutant usually stops within seconds. A test file missing
# from this list still runs, after these.
ORDER = ["validate", "dataset", "export", "yamlio", "scale", "records", "cli", "fmt", "new", "bundle", "progress",
         "contributor_workflow", "hostile", "schema", "versions", "packaging"]


def ordered_test_files(copy: Path) -> list[str]:
    """Every test file of the copy, those in ORDER first."""
    rank = {f"test_{name}.py": index for index, name in enumerate(ORDER)}
    files = sorted((copy / "tests").glob("test_*.py"), key=lambda p: (rank.get(p.name, len(rank)), p.name))
    return [f"tests/{p.name}" for p in files]


def run(mutant: tuple[str, str, str, str], copy: Path) -> tuple[bool, str]:
    ident, module, old, new = mutant
    path = copy / "gulfvisits" / module
    original = path.read_text()
    if old and original.count(old) != 1:
        raise SystemExit(f"{ident}: the snippet occurs {original.count(old)} times in {module}; update the mutant")
    path.write_text(original.replace(old, new))
    try:
        done = subprocess.run([sys.executable, "-m", "pytest", "-q", "-x", "-p", "no:cacheprovider",
                               *ordered_test_files(copy)], cwd=copy, capture_output=True,
                              text=True, env={**os.environ, "HYPOTHESIS_PROFILE": "ci", "PYTHONPATH": str(copy)})
    finally:
        path.write_text(original)
    failed = next((line for line in done.stdout.splitlines() if line.startswith(("FAILED", "ERROR"))), "")
    return done.returncode != 0, failed


def main(wanted: list[str]) -> int:
    unknown = set(wanted) - {m[0] for m in MUTANTS}
    if unknown:
        raise SystemExit(f"no mutant named {', '.join(sorted(unknown))}")
    chosen = [m for m in MUTANTS if not wanted or m[0] in wanted]
    survivors = []
    with tempfile.TemporaryDirectory() as folder:
        copy = Path(folder) / "checkout"
        shutil.copytree(REPO, copy, ignore=shutil.ignore_patterns(".venv", "__pycache__"))
        killed, by = run(("baseline", "__init__.py", "", ""), copy)
        if killed:  # every mutant would look killed
            raise SystemExit(f"the unchanged checkout fails its tests: {by}")
        for mutant in chosen:
            started = time.monotonic()
            killed, by = run(mutant, copy)
            status = "killed" if killed else ("equivalent" if mutant[0] in EQUIVALENT else "SURVIVED")
            print(f"{mutant[0]:<28} {status:<10} {time.monotonic() - started:5.0f} s  {by}", flush=True)
            if status == "SURVIVED":
                survivors.append(mutant[0])
    print(f"{len(chosen)} mutants: {len(chosen) - len(survivors)} killed or equivalent, {len(survivors)} survived"
          + (f" ({', '.join(survivors)})" if survivors else ""))
    return 1 if survivors else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
