"""Finding a registry entry from a name as a reader has it, in whatever spelling.

A journalist starts from a report's wording ("Mohammed bin Zayed", "Джейхун Байрамов",
"Organization of Islamic Cooperation"), not from the registry's ids. The registries record the
spellings that sources use (``name_variants``, acronyms), so comparing words without case,
accents or punctuation finds the entry whichever of those spellings the report used. Whole
words, not substrings: "Ali" should find the people named Ali, not every Aliyev; but words
spaced otherwise are the same words ("Abdul Aziz" is the recorded "Abdulaziz").

A name is recorded in a spelling only when a cited source uses it, so a report's own
transliteration may be a letter away from all of them ("Ilham Aliev"). ``near`` is for that
case: the entries one or two letters off, as a "did you mean", never as an answer.

Topics take part too (their label is their name): a contributor who writes "High technology"
where the id ``high_technology`` belongs is told so.
"""
from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections import Counter
from difflib import SequenceMatcher
from functools import lru_cache, partial
from typing import Callable, Iterable, Mapping, TypeVar

from .errors import UsageError
from .explain import closest, quoted
from .folding import words
from .models import Organization, Person, Topic

Entry = TypeVar("Entry", Person, Organization, Topic)


def spellings(entry: Person | Organization | Topic) -> list[str]:
    """The id, the name, then the other spellings (name variants, or an acronym)."""
    if isinstance(entry, Person):
        return [entry.id, entry.name, *entry.name_variants]
    if isinstance(entry, Topic):
        return [entry.id, entry.label]
    return [entry.id, entry.name, *([entry.acronym] if entry.acronym else [])]


def name_of(entry: Person | Organization | Topic) -> str:
    """What a reader calls the entry: a topic has a label where the others have a name."""
    return entry.label if isinstance(entry, Topic) else entry.name


def find(query: str, entries: Iterable[Entry]) -> list[Entry]:
    """The entries with a spelling that holds every word of ``query``; those with a spelling
    made of exactly those words first, then by name. Text without a letter or digit is a
    mistake, not a question: it would match nothing, or, read loosely, everything."""
    if not isinstance(query, str):
        raise UsageError(f"a name to look up must be text; got {query!r}")
    wanted = words(query)
    if not wanted:
        raise UsageError(f"{quoted(query)} has no letter or digit to look up")
    return [entry for _, entry in _holding(wanted, entries)]


def _holding(wanted: tuple[str, ...], entries: Iterable[Entry]) -> list[tuple[bool, Entry]]:
    """``find``'s answer, each entry with whether a spelling is made of exactly ``wanted``
    (``named`` keeps only those when there are any). Only when no spelling holds every word
    are the words read as spaced otherwise (``_covers``): that costs more, and most lookups
    that find anything find it by whole words."""
    spelt = _spelt(entries)  # once for both readings
    wanted_words, in_order, together = set(wanted), sorted(wanted), "".join(wanted)
    ranked = (_ranked(spelt, lambda form: wanted_words <= set(form), lambda form: sorted(form) == in_order)
              or _ranked(spelt, lambda form: _covers(wanted, form), lambda form: _shape(form)[0] == together))
    return [(not inexact, entry) for inexact, *_, entry in sorted(ranked, key=lambda r: r[:3])]


def _spelt(entries: Iterable[Entry]) -> list[tuple[Entry, list[tuple[str, ...]]]]:
    """Each entry with its spellings as words: ``find`` and ``near`` each read the registry a
    second time when the first reading answers nothing, and read these, not the spellings, again."""
    return [(entry, [words(s) for s in spellings(entry)]) for entry in entries]


def _ranked(spelt: list[tuple[Entry, list[tuple[str, ...]]]], holds: Callable[[tuple[str, ...]], bool],
            exactly: Callable[[tuple[str, ...]], bool]) -> list[tuple[bool, str, str, Entry]]:
    """The entries with a spelling (given as its words) that ``holds`` the query, each keyed for
    sorting: not made of it ``exactly`` (so those that are come first), then name, then id."""
    return [(not any(exactly(form) for form in forms), name_of(entry), entry.id, entry)
            for entry, forms in spelt if any(holds(form) for form in forms)]


@lru_cache(maxsize=8192)
def _shape(form: tuple[str, ...]) -> tuple[str, frozenset[str]]:
    """A spelling's words written together, and every run of its consecutive words written
    together, once per spelling (a lookup looks at every spelling of every entry)."""
    runs = frozenset("".join(form[i:j]) for i in range(len(form)) for j in range(i + 1, len(form) + 1))
    return "".join(form), runs


def _covers(wanted: tuple[str, ...], form: tuple[str, ...]) -> bool:
    """Whether the query's words, in order, fall into groups that are each a whole word, or a
    run of words written together, of the spelling: reports space compound names their own
    way ("Abdul Aziz" for the recorded "Abdulaziz", "Al Zayani" for "Alzayani", عبد الله for
    عبدالله). Every word of the query still has to be accounted for, and only by whole words:
    "Ali" is not in "Aliyev"."""
    together, runs = _shape(form)
    if not all(word in together for word in wanted):  # a word in no run rules the spelling out cheaply
        return False
    reached = [True] + [False] * len(wanted)  # reached[i]: the first i words fall into groups
    for end in range(1, len(wanted) + 1):
        reached[end] = any(reached[start] and "".join(wanted[start:end]) in runs for start in range(end))
    return reached[-1]


def near(query: str, entries: Iterable[Entry], cutoff: float = 0.8) -> list[Entry]:
    """The entries with a spelling in which every word of ``query`` has a close match (a
    ``difflib`` ratio of at least ``cutoff``: "aliev" to "aliyev" is 0.91, "ali" to "aliyev"
    0.67), closest first; when none has, the entries with a run of a spelling's words, written
    together, close to the query's words written together and no more than a letter or two off
    them (``_UNMATCHED``): a report's spacing and a letter off at once ("Mohamed binZayid" is
    0.93 of "Mohamed bin Zayed"), which neither ``find`` nor the word-by-word reading answers.
    When the whole query is near nothing that way either, it is read again, written together
    too, with one word dropped, then two or three, while two are left: reports put a title that
    no recorded spelling holds in front of a name ("Sheikh", "President", "HH") and an office
    behind it ("Foreign Minister of Azerbaijan"), so "Sheikh Mohamed binZayid" is read as
    "Mohamed binZayid" and "Jeyhun Bayramof, Foreign Minister" as "Jeyhun Bayramof". Words
    dropped in front are tried first, then some behind, then all; a word of someone's
    name is never dropped from behind ("Ilham Aliyev Bayramov" is two names, not a name and an
    office). These readings look at people only, and at the first words of their spellings
    (``_start_closeness``): what a title leaves is otherwise near the generic words inside
    bodies' names ("of Azerbaijan", "foreign ministries"). Only when the longer reading finds
    nothing: "Mohamed binZayid Al Nahyan" is Mohamed bin Zayed, not every "Al Nahyan". Never
    down to one word: a lone "Ali" left over would be near every Ali; and never more than
    ``_TITLE_WORDS`` dropped. A query with no words is near nothing.

    A query near nothing, the usual case for a hint (a name that is no one's), pays for every
    reading: word by word, spaced, then once more for each way of dropping words. Each pair is
    compared once, and ``difflib``'s cheap upper bounds (the lengths, then the letters in
    common) rule out most pairs before the full ratio: a miss of three words takes about 5 ms in
    the 117 people and 11 ms in 500, against 22 and 56 ms for every pair's full ratio
    (``benchmarks/hints.py``). A pair ruled out scores 0, which changes no answer: its ratio is
    under ``cutoff`` too, and one word under ``cutoff`` leaves the entry out either way."""
    wanted = words(query) if isinstance(query, str) else ()
    if not wanted:
        return []
    scores: dict[tuple[str, str], float] = {}

    def score(w: str, f: str) -> float:
        if (w, f) not in scores:
            scores[w, f] = 0.0
            total = len(w) + len(f)  # difflib's two upper bounds, in the float arithmetic of its ratio
            if 2.0 * min(len(w), len(f)) / total >= cutoff and 2.0 * _shared_letters(w, f) / total >= cutoff:
                scores[w, f] = SequenceMatcher(None, w, f).ratio()
        return scores[w, f]

    spelt = _spelt(entries)  # once for every reading
    readings = [(spelt, lambda form: _closeness(wanted, form, score)),
                (spelt, partial(_spaced_closeness, "".join(wanted), score=score, cutoff=cutoff))]
    people = [(entry, forms) for entry, forms in spelt if isinstance(entry, Person)]
    names_words = {word for _, forms in people for form in forms for word in form}
    for dropped in range(1, min(_TITLE_WORDS, len(wanted) - 2) + 1):  # two words left at least
        for start in range(dropped, -1, -1):  # the words dropped in front, then some behind, then all
            end = start + len(wanted) - dropped
            if names_words.isdisjoint(wanted[end:]):  # behind a name, an office; not another name
                readings.append((people, partial(_start_closeness, "".join(wanted[start:end]), score=score)))
    for among, closeness in readings:
        if found := _entries_within(among, closeness, cutoff):
            return found
    return []


_TITLE_WORDS = 3
"""The most words ``near`` drops from a query, in front and behind together, as a title or an
office: "His Highness Sheikh", "Foreign Minister of". Each way of dropping them costs one more
reading of the people's spellings when nothing is near, nine for a query of five words or more,
and a query of hundreds of words would otherwise pay for tens of thousands. A longer title
("Crown Prince and Prime Minister") before a name spelt as recorded is ``named``'s to drop."""


def _shared_letters(a: str, b: str) -> int:
    """How many letters ``a`` and ``b`` have in common, counting repeats: what ``difflib``'s
    ``quick_ratio`` bounds the ratio by, without building a matcher (which costs five times as
    much, and most pairs go no further)."""
    in_a, in_b = _letter_counts(a), _letter_counts(b)
    return sum(min(in_a[letter], in_b[letter]) for letter in in_a.keys() & in_b.keys())


@lru_cache(maxsize=8192)
def _letter_counts(text: str) -> Counter[str]:
    return Counter(text)


def _entries_within(spelt: list[tuple[Entry, list[tuple[str, ...]]]], closeness: Callable[[tuple[str, ...]], float],
                    cutoff: float) -> list[Entry]:
    """The entries whose closest spelling (given as its words) is at least ``cutoff`` close,
    closest first, then by name and id."""
    ranked = []
    for entry, forms in spelt:
        nearest = max(closeness(form) for form in forms)
        if nearest >= cutoff:
            ranked.append((-nearest, name_of(entry), entry.id, entry))
    return [entry for *_, entry in sorted(ranked, key=lambda r: r[:3])]


def _closeness(wanted: tuple[str, ...], form: tuple[str, ...], score: Callable[[str, str], float]) -> float:
    """How well ``form`` matches its worst-matched wanted word; 0 once a word has no match."""
    worst = 1.0
    for w in wanted:
        worst = min(worst, max((score(w, f) for f in form), default=0.0))
        if not worst:
            break
    return worst


def _spaced_closeness(together: str, form: tuple[str, ...], score: Callable[[str, str], float],
                      cutoff: float) -> float:
    """How close the query's words, written ``together``, come to a run of ``form``'s words
    written together: spacing ignored on both sides, as ``find``'s second reading ignores it; 0
    when no run can reach ``cutoff``. The whole query against each run, only runs of a length
    that can reach ``cutoff``: grouping the query's words every way, as ``_covers`` does, made a
    miss cost ten times the word-by-word reading (``benchmarks/README.md``)."""
    lengths, runs = _runs_by_length(form)
    size = len(together)  # a run more than _UNMATCHED letters longer or shorter leaves more unmatched
    shortest = max(size * cutoff / (2 - cutoff), size - _UNMATCHED)
    longest = min(size * (2 - cutoff) / cutoff, size + _UNMATCHED)
    within = runs[bisect_left(lengths, shortest - 1):bisect_right(lengths, longest + 1)]  # ``score`` decides the edges
    if not within or 2.0 * _shared_letters(together, _shape(form)[0]) / (size + len(within[0])) < cutoff:
        return 0.0  # no run shares more letters with the query than the whole spelling does
    return _nearest_run(together, within, score)


def _start_closeness(window: str, form: tuple[str, ...], score: Callable[[str, str], float]) -> float:
    """How close ``window`` (the query's words left when a title is dropped, written together)
    comes to the first two or more of ``form``'s words written together: a report that
    shortens a name ("Mohamed bin Zayed" for "Mohamed bin Zayed Al Nahyan") keeps its first
    words. Not any run, as for the whole query: a run inside a name is another name's end
    ("Khaled bin Mohamed bin Zayed"), and a title's leftovers ("of Azerbaijan") are the end of
    every "Ministry of ... of Azerbaijan"."""
    return _nearest_run(window, _starts(form), score)


def _nearest_run(together: str, runs: Iterable[str], score: Callable[[str, str], float]) -> float:
    """The closest of ``runs`` to ``together`` that is a letter or two off it (``_UNMATCHED``),
    for both readings of words written together; 0 when none is."""
    best = 0.0
    for run in runs:
        value = score(together, run)
        if value > best and _few_unmatched(value, together, run):
            best = value
    return best


_UNMATCHED = 4
"""The most letters that two names written together may leave unmatched, on both sides
together, however long: a letter or two dropped, added, changed or swapped. A ratio alone
lets a long name differ in more: written together, "Mohammed bin Salman" is 0.85 of the
recorded "Mohammed bin Saleh" (five letters unmatched), a different father's name behind a
shared "Mohammed bin", and "Mohamed binZayid" was 0.83 of Mohamed bin Hadi Al Hussaini's
first words. A single word needs no such bound: at 0.8, a word of a name's length already
leaves no more than two or three unmatched. Measured on the packaged people with
``benchmarks/hints.py --recall``: names that are no one's get a hint a third less often, and a
misspelt name spaced otherwise is found about as often."""


def _few_unmatched(ratio: float, a: str, b: str) -> bool:
    """Whether ``a`` and ``b``, at this ``difflib`` ratio, leave no more than ``_UNMATCHED``
    letters unmatched. The ratio is 2M/T for M letters matched of T, so M is recovered exactly."""
    total = len(a) + len(b)
    return total - 2 * round(ratio * total / 2) <= _UNMATCHED


@lru_cache(maxsize=8192)
def _starts(form: tuple[str, ...]) -> tuple[str, ...]:
    return tuple("".join(form[:end]) for end in range(2, len(form) + 1))


@lru_cache(maxsize=8192)
def _runs_by_length(form: tuple[str, ...]) -> tuple[list[int], list[str]]:
    """``_shape``'s runs, shortest first, so that a lookup slices out those whose length can
    reach the cutoff."""
    runs = sorted(_shape(form)[1], key=len)
    return [len(run) for run in runs], runs


_SHOWN = 3
"""The most entries a hint names; more are shown as "..."."""


def named(value: object, entries: Iterable[Entry]) -> list[Entry]:
    """The entries a name given in place of an id stands for ("Bayramov" for a person), or,
    when none has it, those a letter or two off ("Aliev" for the Aliyevs), or, when none is,
    those its known words name (the words of people's names first, then any entry's), when
    they name no more than a hint shows: a report's "President Ilham Aliyev" carries a title
    that no recorded spelling holds. A name that is some entry's whole spelling stands for that
    entry alone ("Non-Aligned Movement" is not also its youth organization). Anything that is
    not text with a word in it stands for none: this answers a mistake, so it must not raise
    one."""
    wanted = words(value) if isinstance(value, str) else ()
    if not wanted:
        return []
    entries = list(entries)
    holding = _holding(wanted, entries)
    found = [e for whole, e in holding if whole] or [e for _, e in holding] or near(value, entries)
    if found:
        return found
    # People's words first: the office around a name holds words of bodies' names ("Jeyhun
    # Bayramov, Foreign Minister of Azerbaijan"), and no spelling holds them with the name's.
    people = [e for e in entries if isinstance(e, Person)]
    for among in [people, entries] if 0 < len(people) < len(entries) else [entries]:
        known = {w for entry in among for spelling in spellings(entry) for w in words(spelling)}
        kept = [w for w in wanted if w in known]
        if not kept or len(kept) == len(wanted):
            continue
        # Known words that more entries hold than a hint shows are a particle or a family's name,
        # not the name meant: "Haitham bin Tarik" keeps only "bin", in sixty names.
        if guess := find(" ".join(kept), among):
            return guess if len(guess) <= _SHOWN else []
    return []


def did_you_mean(entries: list[Person] | list[Organization] | list[Topic]) -> str | None:
    """The hint that names entries by id and name, the first three of them; None for none. A
    refused entry with no name of its own (``rules.stand_in``) goes by its id alone."""
    if not entries:
        return None
    shown = ", ".join(f"'{e.id}'" + (f" ({name_of(e)})" if name_of(e) != e.id else "") for e in entries[:_SHOWN])
    shown += ", ..." if len(entries) > _SHOWN else ""
    return f"did you mean {'one of ' if len(entries) > 1 else ''}{shown}?"


def suggest(value: object, entries: Mapping[str, Entry]) -> str | None:
    """The hint for a value that should have been one of the ``entries``' ids (a dangling id in
    a file, a filter's unknown term): the entries it names or nearly names, with their names,
    else the closest id. Names first: "aliyev" is closest to one id, but names three people."""
    return did_you_mean(named(value, entries.values())) or closest(value, entries)
