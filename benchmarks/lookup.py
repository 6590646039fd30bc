"""What reading words spaced otherwise costs a name lookup (``names.find``, since 0.33.9).

    python benchmarks/lookup.py [--repeat 200]

``find`` first looks for spellings that hold every word of the query, as it always did; only
when none does does it read the words as spaced otherwise (``Abdul Aziz`` for ``Abdulaziz``),
which reads the registry a second time. This times a hit, a miss and a query that only the
second reading answers, in the packaged people registry, against the whole-words rule alone
(the lookup before 0.33.9, written out here), and says whether the two found the same entries.
"""
from __future__ import annotations

import argparse
import time

import gulfvisits
from gulfvisits.names import find, spellings, words


def whole_words_only(query: str, entries: list) -> list:
    """``find`` before 0.33.9: the entries with a spelling holding every word of ``query``,
    an exact spelling first, then by name."""
    wanted = words(query)
    ranked = []
    for entry in entries:
        forms = [words(s) for s in spellings(entry)]
        if any(set(wanted) <= set(form) for form in forms):
            exact = any(sorted(form) == sorted(wanted) for form in forms)
            ranked.append((not exact, entry.name, entry.id, entry))
    return [entry for *_, entry in sorted(ranked, key=lambda r: r[:3])]


def best_ms(call, repeat: int) -> float:
    """The best of five batches of ``repeat`` calls, per call: the least disturbed estimate."""
    batches = []
    for _ in range(5):
        start = time.perf_counter()
        for _ in range(repeat):
            call()
        batches.append((time.perf_counter() - start) / repeat)
    return min(batches) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=200)
    args = parser.parse_args()
    people = list(gulfvisits.load().people.values())
    print(f"| query ({len(people)} people) | find | whole words only | ratio | found | found before |")
    print("|---|---|---|---|---|---|")
    for label, query in (("a hit", "Jeyhun Bayramov"), ("a miss", "Nobody Known Here"),
                         ("spaced otherwise", "Abdul Aziz bin Salman")):
        now = best_ms(lambda: find(query, people), args.repeat)
        before = best_ms(lambda: whole_words_only(query, people), args.repeat)
        found, found_before = len(find(query, people)), len(whole_words_only(query, people))
        print(f"| {label}: {query!r} | {now:.3f} ms | {before:.3f} ms | {now / before:.1f}x | {found} | "
              f"{found_before} |")


if __name__ == "__main__":
    main()
