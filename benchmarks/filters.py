"""What each of ``Dataset.filter``'s criteria costs, ``office`` (words, since 0.40.0) beside the ids.

    python benchmarks/filters.py [--count 10000] [--repeat 20]

An id is compared as it is; an office is free text, matched by its words. ``filter`` reads the
words of every office title in the people registry once per Dataset (once per call before
0.44.0) and then compares titles by identity, so its cost should stay near an id's. Since 0.45.0
a criterion takes a list of values, of which a meeting matches one; the two-value rows show what
a second value costs. This times each criterion on the packaged
records and on a synthetic tree of ``--count`` meetings (``generate.py``), as the best of five
batches of ``--repeat`` calls, and prints each against ``country``.
"""
from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path

import gulfvisits
from lookup import best_ms  # this folder is on the path of a script run from it


def criteria(data: gulfvisits.Dataset) -> dict[str, dict]:
    """One criterion of each kind that selects something in ``data``."""
    first = data.meetings[len(data.meetings) // 2]
    other = next(m.gulf_country for m in data.meetings if m.gulf_country != first.gulf_country)
    return {"country": {"country": first.gulf_country},
            "country (two codes)": {"country": [first.gulf_country, other]},
            "person": {"person": first.participants[0].person},
            "topic": {"topic": next(t for m in data.meetings for t in m.topics)},
            "host": {"host": next(m.host_country for m in data.meetings if m.host_country)},
            "office (one word)": {"office": "energy"},
            "office (two words)": {"office": "foreign minister"},
            "office (two phrases)": {"office": ["energy", "foreign minister"]}}


def report(label: str, data: gulfvisits.Dataset, repeat: int) -> None:
    print(f"\n{label}: {len(data)} meetings, {len(data.people)} people, "
          f"{len({o.title for p in data.people.values() for o in p.offices})} office titles")
    base = None
    for name, given in criteria(data).items():
        ms = best_ms(lambda: data.filter(**given), repeat)
        base = base or ms
        print(f"  {name:<20} {ms:8.3f} ms  x{ms / base:5.2f} of country   ({len(data.filter(**given))} kept)")
    # what `gulfvisits find minister` asks: every office holding the word, with its meetings
    offices = data.find_offices("minister")
    ms = best_ms(lambda: [data.office_meetings(o.title, o.country) for o in data.find_offices("minister")], repeat)
    print(f"  find offices 'minister' and their meetings: {ms:.3f} ms ({len(offices)} offices)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()
    report("packaged records", gulfvisits.load(), args.repeat)
    with tempfile.TemporaryDirectory() as folder:
        tree = Path(folder) / "records"
        subprocess.run([sys.executable, str(Path(__file__).with_name("generate.py")), "--count", str(args.count),
                        "--output", str(tree)], check=True, capture_output=True)
        report(f"synthetic tree of {args.count}", gulfvisits.load(tree), max(1, args.repeat // 10))


if __name__ == "__main__":
    main()
