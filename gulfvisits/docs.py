"""Generated text in the repository's documents, rewritten by ``gulfvisits docs --write`` and
compared by ``--check`` in CI, so the counts in the prose and the version in the citation files
never go stale.

README.md, DATASHEET.md and CONTRIBUTING.md carry blocks between ``<!-- generated: NAME -->`` and
``<!-- /generated -->``; CITATION.cff and .zenodo.json are generated whole from ``cite.py``.
"""
from __future__ import annotations

import re
import unicodedata
from collections import Counter
from pathlib import Path
from typing import Callable

from .cite import citation_cff, zenodo_json
from .dataset import Dataset
from .errors import UsageError
from .models import COUNTRY_NAMES, GULF_COUNTRIES
from .tables import EVENT_CODES

_MARKER = re.compile(r"<!-- (?:generated: (?P<name>.*?)|(?P<end>/generated)) -->")
BLOCKS = {"README.md": ("counts", "event-codes"), "DATASHEET.md": ("counts", "provenance"),
          "CONTRIBUTING.md": ("modules",)}
"""The generated blocks each document holds, in order."""
DOCUMENTS = tuple(BLOCKS)
WHOLE_FILES: dict[str, Callable[[], str]] = {"CITATION.cff": citation_cff, ".zenodo.json": zenodo_json}
GENERATED = DOCUMENTS + tuple(WHOLE_FILES)


def _counts(ds: Dataset) -> str:
    summary = ds.summary()
    table = summary["by_year_and_country"]  # the same counts as `gulfvisits stats`, transposed
    years = list(table)
    lines = [f"{summary['meetings']} active meetings ({summary['withdrawn']} withdrawn), {summary['people']} people, "
             f"{summary['organizations']} organizations, {summary['topics']} topics in version {ds.version}.", "",
             "| Gulf state | " + " | ".join(str(y) for y in years) + " | total |",
             "|---|" + "---|" * (len(years) + 1)]
    for code in GULF_COUNTRIES:
        lines.append(f"| {COUNTRY_NAMES[code]} | " + " | ".join(str(table[year][code]) for year in years)
                     + f" | {summary['by_country'].get(code, 0)} |")
    lines.append("")
    lines.append("| kind of contact | meetings |")
    lines.append("|---|---|")
    lines += [f"| {kind.replace('_', ' ')} | {n} |" for kind, n in summary["by_kind"].items()]
    return "\n".join(lines) + "\n"


def _provenance(ds: Dataset) -> str:
    """How well the facts are known, in numbers: what a reader weighing the dataset asks first,
    and what no count by country shows (a date known only from a report's dateline, a meeting
    that rests on one page)."""
    meetings = ds.meetings
    pages = {source.url for m in meetings for source in m.sources}
    single = sum(1 for m in meetings if len(m.sources) == 1)
    basis = Counter(m.date.basis for m in meetings)
    precision = Counter(m.date.precision for m in meetings)
    cities = Counter(m.location.city_basis for m in meetings if m.location.city)
    reviewed = sum(1 for m in meetings if m.curation.reviewed_on)
    languages = Counter(source.language for m in meetings for source in m.sources).most_common()
    lines = [
        f"- Sources: {len(pages)} distinct pages cited; {single} of the {len(meetings)} meetings rest on one page.",
        f"- Dates: {basis['stated']} stated by a source, {basis['derived']} derived (the record's date note says "
        f"how), {basis['publication_date']} known only from a report's publication date; {precision['day']} to the "
        f"day, {precision['month']} to the month, {precision['year']} to the year.",
        f"- Cities: {cities['stated']} named by a source, {cities['derived']} derived, "
        f"{len(meetings) - sum(cities.values())} left open.",
        _disagreements_line(ds),
        f"- Review: {reviewed} of the {len(meetings)} meetings re-read against their sources after they were "
        "written (`curation.reviewed_on`).",
        "- Sources by language: " + ", ".join(f"{language} {n}" for language, n in languages) + ".",
        _spellings_line(ds),
    ]
    return "\n".join(lines) + "\n"


def _disagreements_line(ds: Dataset) -> str:
    """How often the sources differ, and on what: a fact a reader may want to take from another
    source is one of these, and the count says how much of the dataset rests on a choice."""
    counts = ds.summary()["disagreements"]
    if not counts["meetings"]:
        return "- Disagreements: none recorded (`disagreements`)."
    kinds = ", ".join(f"{field} {n}" for field, n in counts["by_field"].items())
    total, meetings = counts["facts"], counts["meetings"]
    return (f"- Disagreements: the sources differ on {total} fact{'s' * (total != 1)} of {meetings} "
            f"meeting{'s' * (meetings != 1)} ({kinds}); each record keeps one reading, says why, and lists the "
            "others (`disagreements`).")


_SCRIPTS = {"ar": "Arabic", "fa": "Arabic", "ur": "Arabic", "ru": "Cyrillic", "uk": "Cyrillic", "bg": "Cyrillic",
            "kk": "Cyrillic", "ky": "Cyrillic", "hy": "Armenian", "ka": "Georgian", "he": "Hebrew", "el": "Greek"}
"""Languages of the sources that are written in a script other than Latin, by the script's name as
Unicode names its letters (ARABIC LETTER ALEF, CYRILLIC SMALL LETTER A)."""


def _written_in(name: str, script: str) -> bool:
    return any(ch.isalpha() and unicodedata.name(ch, "").startswith(script.upper() + " ") for ch in name)


def _spellings_line(ds: Dataset) -> str:
    """How many people a reader of a cited Arabic or Russian page cannot look up by the name as it
    is written there: ``find`` knows a name only in its recorded spellings, and the curators add
    a script's spelling only where a cited page gives it in a form they can take."""
    named: dict[str, set[str]] = {}
    for m in ds.meetings:
        for script in {_SCRIPTS[s.language] for s in m.sources if s.language in _SCRIPTS}:
            named.setdefault(script, set()).update(p.person for p in m.participants)
    if not named:
        return "- Name spellings: no meeting cites a page in a script other than Latin."
    counts = []
    for script, people in sorted(named.items()):
        unspelt = sum(1 for ident in people
                      if not any(_written_in(name, script) for name in (ds.people[ident].name,
                                                                          *ds.people[ident].name_variants)))
        counts.append(f"{script} {unspelt} of {len(people)}")
    return ("- Name spellings: of the people in meetings that cite a page in a script other than Latin, those with "
            f"no spelling in that script: {', '.join(counts)} (`gulfvisits find` knows a name only as recorded).")


def _event_codes(ds: Dataset) -> str:
    lines = ["| situation | CAMEO | CAMEO label | PLOVER | mode |", "|---|---|---|---|---|"]
    lines += [f"| {name} | {code} | {label} | {event} | {mode} |" for name, (code, label, event, mode) in EVENT_CODES.items()]
    return "\n".join(lines) + "\n"


def module_jobs() -> dict[str, str]:
    """Each module of the package with the first sentence of its docstring: the code map in
    CONTRIBUTING.md, taken from the modules themselves so that it cannot drift from them (read
    with ``ast``, not imported, so that no optional extra is needed)."""
    import ast

    package = Path(__file__).parent
    jobs = {}
    for path in sorted(package.glob("*.py")):
        doc = ast.get_docstring(ast.parse(path.read_text(encoding="utf-8"))) or ""
        jobs[path.name] = re.split(r"(?<=\.)\s", " ".join(doc.split("\n\n")[0].split()))[0]
    return jobs


def _modules(ds: Dataset) -> str:
    lines = ["| module | its job |", "|---|---|"]
    lines += [f"| `{name}` | {job} |" for name, job in module_jobs().items()]
    return "\n".join(lines) + "\n"


GENERATORS: dict[str, Callable[[Dataset], str]] = {"counts": _counts, "provenance": _provenance,
                                                   "event-codes": _event_codes, "modules": _modules}


def render(text: str, ds: Dataset, document: str) -> str:
    """``text`` with each generated block's lines (between its markers) generated again."""
    lines = text.splitlines(keepends=True)
    for name, start, end in reversed(blocks(text, document)):
        lines[start + 1:end] = [GENERATORS[name](ds)]
    return "".join(lines)


def blocks(text: str, document: str) -> list[tuple[str, int, int]]:
    """The generated blocks of ``document``: name, and the indexes of the lines of its start and
    end markers. Raises UsageError unless it holds its blocks (``BLOCKS``), each opened and
    closed once, each marker alone on its line. With one end marker deleted by hand, a block
    ran on to the next block's end: ``--write`` replaced the prose between them (two sections
    of the README) with the counts; and a start marker deleted, misspelt or followed by a space
    left its block unchecked while ``--check`` said OK (a second parser, a regex, decided what
    a block was)."""
    found: list[tuple[str, int, int]] = []
    opened: tuple[str, int] | None = None
    for index, line in enumerate(text.splitlines()):
        marker = _MARKER.search(line)
        if marker is None:
            continue
        number, name = index + 1, marker.group("name")
        if line.strip() != marker.group(0):
            raise UsageError(f"{document}:{number}: a generated block's marker stands alone on its line; "
                             "nothing was written")
        if marker.group("end") and opened is None:
            raise UsageError(f"{document}:{number}: <!-- /generated --> ends no block; nothing was written")
        if name is not None and opened is not None:
            raise UsageError(f"{document}:{opened[1] + 1}: the generated block {opened[0]!r} has no "
                             f"<!-- /generated --> before the next one begins, at line {number}; nothing was written")
        if name is not None and name not in GENERATORS:
            raise UsageError(f"{document}:{number}: no generated block is called {name!r} (there are "
                             f"{', '.join(map(repr, GENERATORS))}); nothing was written")
        if name is None and opened is not None:
            found.append((opened[0], opened[1], index))
        opened = (name, index) if name is not None else None
    if opened is not None:
        raise UsageError(f"{document}:{opened[1] + 1}: the generated block {opened[0]!r} has no <!-- /generated --> "
                         "after it; nothing was written")
    names = [name for name, _, _ in found]
    if tuple(names) != BLOCKS[document]:
        raise UsageError(f"{document}: holds the generated blocks {', '.join(map(repr, names)) or 'none'}, where it "
                         f"needs {', '.join(map(repr, BLOCKS[document]))}, in that order; nothing was written")
    return found


def _updates(root: Path, ds: Dataset) -> dict[str, str]:
    """The new text of each generated file under ``root`` that differs from what it holds, each file
    read and generated once so that ``--write`` does not repeat the work ``--check`` does."""
    updates = {}
    for name in GENERATED:
        path = root / name
        if not path.is_file():
            continue
        current = path.read_text(encoding="utf-8")
        generated = WHOLE_FILES[name]() if name in WHOLE_FILES else render(current, ds, name)
        if generated != current:
            updates[name] = generated
    return updates


def stale(root: Path, ds: Dataset) -> list[str]:
    """Files under ``root`` whose generated text differs from what the data and metadata generate."""
    return list(_updates(root, ds))


def write(root: Path, ds: Dataset) -> list[str]:
    from .yamlio import write_atomic

    updates = _updates(root, ds)
    for name, text in updates.items():
        write_atomic(root / name, text)
    return list(updates)
