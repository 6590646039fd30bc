"""What a "did you mean" costs: one hint, and a validation full of them.

    python benchmarks/hints.py [--count 10000] [--broken 500] [--workdir /tmp/gulfvisits-bench]

A hint is worked out only for a value that failed, so it is off the path of a valid tree; but a
tree can fail everywhere at once (a registry id renamed, a batch of files written with names
where ids belong), and then every hint is paid for. The first table times one lookup in the
packaged registries and in a generated corpus's people registry, against ``near`` as 0.29.0
computed it (every word pair's full ratio) and ``closest`` (the id-only hint 0.29.0 gave a
dangling reference). The second times ``validate_tree`` over the generated corpus with
``--broken`` files given a name, or an id that is no one's, in place of a participant's id; and
with the people registry broken instead: its most-named entry refused, or the file gone. Since
0.31.0 those are one error each, where every meeting naming the withheld people was also
reported as dangling, with a hint each (run it against an older checkout with ``PYTHONPATH``).
One more row gives names for ids and refuses the entries so named: since 0.32.0 each of those
hints also searches the refused entries, and names the one meant.

    python benchmarks/hints.py --recall

measures what the hints answer rather than what they cost, with the bound on the letters that
words written together may leave unmatched (``names._UNMATCHED``) and without it, as in 0.37.0:
how often the person meant is among ``near``'s answer for each packaged person's Latin-script
spellings with one or two letters dropped, added or swapped, two words run together half the
time, and "President " or "Sheikh " in front; and how often a name that is no one's (each
person's spelling a letter off, with that person taken out of the registries) gets a hint at
all, which names someone else. Seeded, so that both rules read the same queries.
"""
from __future__ import annotations

import argparse
import re
import shutil
import statistics
import sys
import tempfile
import time
from collections import Counter
from difflib import SequenceMatcher
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from run import corpus  # noqa: E402


def near_by_every_pair(query, entries, cutoff=0.8):
    """``names.near`` as 0.29.0 computed it: the full ratio of every pair of words. The answer
    the faster ``near`` must keep (``tests/test_dataset.py`` checks that it does)."""
    from gulfvisits.names import name_of, spellings, words

    wanted = words(query)
    ranked = []
    for entry in entries:
        closeness = max(min(max((SequenceMatcher(None, w, f).ratio() for f in words(s)), default=0.0)
                            for w in wanted) for s in spellings(entry))
        if closeness >= cutoff:
            ranked.append((-closeness, name_of(entry), entry.id, entry))
    return [entry for *_, entry in sorted(ranked, key=lambda r: r[:3])]


def near_spaced_by_every_run(query, entries, cutoff=0.8):
    """The reading ``names.near`` falls back on since 0.34.1, computed the long way: the full
    ratio of the query's words written together to every run of a spelling's consecutive words
    written together. When that finds nothing, since 0.35.1: the query with one word dropped, then
    two, then three (a title), while two are left, the words dropped in front first, then some
    behind, never a word of a person's name behind; each of those against the people only, and
    only against the first two or more words of a spelling. The first reading to find anything
    answers; since 0.37.1, a run counts only when it and the query leave no more than
    ``names._UNMATCHED`` letters unmatched. The reference for the faster reading (checked in
    ``tests/test_dataset.py``)."""
    from gulfvisits import names
    from gulfvisits.models import Person
    from gulfvisits.names import name_of, spellings, words

    wanted = words(query)
    people = [entry for entry in entries if isinstance(entry, Person)]
    names_words = {word for entry in people for s in spellings(entry) for word in words(s)}
    readings = [(entries, "".join(wanted), lambda form: [form[i:j] for i in range(len(form))
                                                         for j in range(i + 1, len(form) + 1)])]
    for dropped in (1, 2, 3):
        for start in range(dropped, -1, -1):
            end = start + len(wanted) - dropped
            if end - start >= 2 and not names_words & set(wanted[end:]):
                readings.append((people, "".join(wanted[start:end]),
                                 lambda form: [form[:j] for j in range(2, len(form) + 1)]))
    for among, together, runs in readings:
        ranked = []
        for entry in among:
            closeness = 0.0
            for s in spellings(entry):
                for run in runs(words(s)):
                    joined = "".join(run)
                    matcher = SequenceMatcher(None, together, joined)
                    unmatched = len(together) + len(joined) - 2 * sum(b.size for b in matcher.get_matching_blocks())
                    if unmatched <= names._UNMATCHED:
                        closeness = max(closeness, matcher.ratio())
            if closeness >= cutoff:
                ranked.append((-closeness, name_of(entry), entry.id, entry))
        if ranked:
            return [entry for *_, entry in sorted(ranked, key=lambda r: r[:3])]
    return []


def median_ms(call, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        call()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def one_hint(label: str, people: list, queries: list[str], repeat: int) -> None:
    from gulfvisits.explain import closest
    from gulfvisits.names import find, named

    ids = [p.id for p in people]
    for query in queries:
        now = median_ms(lambda: named(query, people), repeat)
        before = median_ms(lambda: find(query, people) or near_by_every_pair(query, people), repeat)
        by_id = median_ms(lambda: closest(query, ids), repeat)
        same = named(query, people) == (find(query, people) or near_by_every_pair(query, people))
        print(f"| {label} ({len(people)}) | {query!r} | {now:.2f} ms | {before:.2f} ms | {before / now:.1f}x "
              f"| {by_id:.2f} ms | {'yes' if same else 'NO'} |")


def misspelt(rng, spelt: tuple[str, ...], letters: int) -> list[str]:
    """``spelt`` with ``letters`` letters dropped, added or swapped with the next, and, half the
    time, two neighbouring words run together."""
    typed = list(spelt)
    for _ in range(letters):
        i = rng.randrange(len(typed))
        word, at = typed[i], rng.randrange(len(typed[i]) + 1)
        how = rng.choice(["drop", "add", "swap"])
        if how == "drop" and len(word) > 1:
            word = word[:at] + word[at + 1:]
        elif how == "add":
            word = word[:at] + rng.choice("aeiyqh") + word[at:]
        elif at < len(word) - 1:
            word = word[:at] + word[at + 1] + word[at] + word[at + 2:]
        typed[i] = word
    if len(typed) > 1 and rng.random() < 0.5:
        i = rng.randrange(len(typed) - 1)
        typed[i:i + 2] = [typed[i] + typed[i + 1]]
    return typed


def recall_table() -> None:
    import random

    import gulfvisits
    from gulfvisits import names

    packaged = gulfvisits.load()
    people = list(packaged.people.values())
    everyone = [*people, *packaged.organizations.values(), *packaged.topics.values()]
    spelt = [(person, names.words(s)) for person in people for s in names.spellings(person)[1:]
             if s.isascii() and names.words(s)]
    now = names._UNMATCHED
    print(f"{len(spelt)} Latin-script spellings of {len(people)} people, each misspelt three ways and read with "
          "three fronts; and each a letter off with its person taken out\n")
    print("| words written together may leave unmatched | 1 letter off: found | 2 letters off: found "
          "| no one's: hinted | time |")
    print("|---|---|---|---|---|")
    for label, bound in (("any number of letters (0.37.0)", 10**6), (f"{now} letters (0.37.1)", now)):
        names._UNMATCHED = bound
        started = time.perf_counter()
        found = {}
        for letters in (1, 2):
            rng, hits, total = random.Random(letters), 0, 0
            for person, words in spelt:
                for _ in range(3):
                    typed = " ".join(misspelt(rng, words, letters))
                    for front in ("", "President ", "Sheikh "):
                        hits += person in names.near(front + typed, everyone)
                        total += 1
            found[letters] = f"{hits}/{total} ({hits / total:.1%})"
        rng, hinted = random.Random(3), 0
        for person, words in spelt:
            others = [entry for entry in everyone if entry is not person]
            hinted += bool(names.near(" ".join(misspelt(rng, words, 1)), others))
        took = time.perf_counter() - started
        print(f"| {label} | {found[1]} | {found[2]} | {hinted}/{len(spelt)} ({hinted / len(spelt):.1%}) | {took:.1f} s |")
    names._UNMATCHED = now


def fresh_copy(source: Path, out: Path) -> Path:
    shutil.rmtree(out, ignore_errors=True)
    shutil.copytree(source, out)
    return out


def broken_tree(source: Path, out: Path, broken: int, replace) -> Path:
    """A copy of ``source`` with the first participant of ``broken`` files rewritten by ``replace``."""
    fresh_copy(source, out)
    files = sorted((out / "meetings").rglob("*.yaml"))
    for path in files[::max(1, len(files) // broken)][:broken]:
        path.write_text(re.sub(r"  - person: synthetic-official-(\d+)", replace, path.read_text(encoding="utf-8"), count=1),
                        encoding="utf-8")
    return out


def broken_registry(source: Path, out: Path, how: str) -> Path:
    """A copy of ``source`` whose people registry has its most-named entry refused (an unknown
    field), or is gone."""
    people = fresh_copy(source, out) / "people.yaml"
    if how == "missing":
        people.unlink()
        return out
    named = Counter(re.findall(r"  - person: (synthetic-official-\d+)",
                               "".join(p.read_text(encoding="utf-8") for p in (out / "meetings").rglob("*.yaml"))))
    refuse_people(people, [named.most_common(1)[0][0]])
    return out


def refuse_people(people: Path, idents) -> None:
    """Give each of these people's entries an unknown field, so that their model refuses them."""
    text = people.read_text(encoding="utf-8")
    for ident in idents:
        entry = f"- id: {ident}\n"
        text = text.replace(entry, f"{entry}  colour: red\n", 1)
    people.write_text(text, encoding="utf-8")


def names_for_refused(source: Path, out: Path, broken: int) -> Path:
    """``broken_tree`` with names for ids, and the entries of the people so named refused: each
    hint then also searches the refused entries (``rules.stand_in``, since 0.32.0)."""
    broken_tree(source, out, broken, r"  - person: Synthetic Official \1")
    named = set(re.findall(r"  - person: Synthetic Official (\d+)",
                           "".join(p.read_text(encoding="utf-8") for p in (out / "meetings").rglob("*.yaml"))))
    refuse_people(out / "people.yaml", [f"synthetic-official-{number}" for number in named])
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=10000)
    parser.add_argument("--broken", type=int, default=500)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--workdir", type=Path, default=Path(tempfile.gettempdir()) / "gulfvisits-bench")
    parser.add_argument("--recall", action="store_true", help="measure what the hints answer, not what they cost")
    args = parser.parse_args()
    if args.recall:
        recall_table()
        return
    generated = corpus(args.count, args.workdir)
    import gulfvisits
    from gulfvisits.validate import validate_tree

    packaged = gulfvisits.load()
    synthetic = validate_tree(generated).people
    print("| registry | value | named (this code) | find, then every pair (0.29.0) | ratio | closest id | same answer |")
    print("|---|---|---|---|---|---|---|")
    one_hint("packaged people", list(packaged.people.values()),
             ["Abdullah Al-Yahya", "Ilham Aliev", "abdullah-al-yahyaa", "Nobody Known Here"], args.repeat)
    one_hint("synthetic people", synthetic,
             ["Synthetic Official 00008", "synthetic-oficial-00008", "Nobody Known Here"], args.repeat)

    print(f"\n| tree ({args.count:,} meetings) | validate_tree | errors | per error |\n|---|---|---|---|")
    clean = median_ms(lambda: validate_tree(generated, keep_models=False), args.repeat)
    print(f"| valid | {clean:.0f} ms | 0 | |")
    for label, replace in (("names for ids", r"  - person: Synthetic Official \1"),
                           ("ids that are no one's", r"  - person: nobody-known-\1")):
        tree = broken_tree(generated, args.workdir / "hints-broken", args.broken, replace)
        errors = len(validate_tree(tree, keep_models=False).errors)
        took = median_ms(lambda: validate_tree(tree, keep_models=False), args.repeat)
        print(f"| {label} | {took:.0f} ms | {errors} | {(took - clean) / max(errors, 1):.2f} ms |")
    tree = names_for_refused(generated, args.workdir / "hints-broken", args.broken)
    report = validate_tree(tree, keep_models=False)
    meant = 0
    for error in report.errors:
        number = re.search(r"found 'Synthetic Official (\d+)'", error.message)
        meant += bool(number) and error.hint == f"did you mean 'synthetic-official-{number[1]}' (Synthetic Official {number[1]})?"
    took = median_ms(lambda: validate_tree(tree, keep_models=False), args.repeat)
    print(f"| names for ids, their entries refused | {took:.0f} ms | {len(report.errors)} ({meant} hint the one meant) "
          f"| {(took - clean) / max(len(report.errors), 1):.2f} ms |")
    for label, how in (("the most-named person's entry refused", "refused"), ("people.yaml missing", "missing")):
        tree = broken_registry(generated, args.workdir / "hints-broken", how)
        errors = len(validate_tree(tree, keep_models=False).errors)
        took = median_ms(lambda: validate_tree(tree, keep_models=False), args.repeat)
        print(f"| {label} | {took:.0f} ms | {errors} | |")


if __name__ == "__main__":
    main()
