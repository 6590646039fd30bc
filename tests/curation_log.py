"""Log a session's queries in ``records/CURATION.md``, and keep the sums the log writes in words.

Each session adds its query rows to the log's first table, and itself in four places: the table's
heading counts the sessions up to a date, the coverage paragraph lists what each session found in
how many queries, a sentence there sums the last twenty sessions, and the session's own paragraph
says how many queries it ran and, since the eighty-fourth, in which languages (``tally_words``).
Until this script, each session edited them with a copy of a small script kept outside the
repository, and ``test_the_curation_log_adds_up_its_sessions`` caught what went wrong. That test reads the log with the functions below; this script writes it with them.

    .venv/bin/python tests/curation_log.py --start ROWS   # a new session, with its first rows
    .venv/bin/python tests/curation_log.py --more ROWS    # more rows of the current session
    .venv/bin/python tests/curation_log.py --found N      # the current session found N meetings

``ROWS`` is a file of table rows (``| query | languages (findings) |``). A query that is not in
English, Russian, Arabic or Azerbaijani, or whose letters could be several languages, begins its
second cell with its language's code (``| Azerbaycan Katar bakan | tr query; az, en |``). A row
that is not two cells, whose query the table already holds (or the file holds twice), or whose
query's language is not known, is refused with the rest: nothing is written. The log is written
whole or not at all. ``--log PATH`` and ``--on DATE`` (the heading's last day, by default today in
UTC) are for the tests.
"""
from __future__ import annotations

import re
import sys
from collections import Counter
from datetime import date, datetime, timezone
from functools import cache
from pathlib import Path
from typing import NamedTuple

LOG = Path(__file__).resolve().parent.parent / "records" / "CURATION.md"
QUERY_TABLE_END = "\n\n## Reports turned into records"

_UNITS = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven",
          "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen"]
_TENS = ["", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]
_IRREGULAR_ORDINALS = {"one": "first", "two": "second", "three": "third", "five": "fifth", "eight": "eighth",
                       "nine": "ninth", "twelve": "twelfth"}


def number_words(n: int) -> str:
    """How the log spells a count below a hundred ("twenty-two")."""
    if n < 20:
        return _UNITS[n]
    return _TENS[n // 10] + ("-" + _UNITS[n % 10] if n % 10 else "")


def count_words(n: int) -> str:
    """How the log spells any count it holds ("one hundred and sixty", "one thousand and five"):
    the sum of the last twenty sessions' queries passed a thousand in the sixty-sixth."""
    if n < 100:
        return number_words(n)
    if n < 1000:
        return f"{_UNITS[n // 100]} hundred" + (f" and {number_words(n % 100)}" if n % 100 else "")
    rest = n % 1000
    return f"{_UNITS[n // 1000]} thousand" + ("" if not rest else f" and {count_words(rest)}" if rest < 100
                                              else f" {count_words(rest)}")


def ordinal_words(n: int) -> str:
    """How the log names a session ("the forty-third", and from the hundredth on "the one hundred
    and first"): the count's last word made an ordinal."""
    head, space, word = count_words(n).rpartition(" ")
    tens, dash, last = word.rpartition("-")
    last = _IRREGULAR_ORDINALS.get(last) or (last[:-1] + "ieth" if last.endswith("y") else last + "th")
    return head + space + tens + dash + last


@cache
def cardinals() -> dict[str, int]:
    """Every count's words, to read them back; earlier sessions also wrote "none" and "a hundred"."""
    words = {count_words(n): n for n in range(10000)}
    return words | {"none": 0, "no": 0} | {"a" + spelled[3:]: n for spelled, n in words.items()
                                           if spelled.startswith(("one hun", "one thou"))}


@cache
def ordinals() -> dict[str, int]:
    return {ordinal_words(n): n for n in range(1, 1000)}


LANGUAGES = {
    "en": "English", "ru": "Russian", "ar": "Arabic", "az": "Azerbaijani",
    "sq": "Albanian", "hy": "Armenian", "be": "Belarusian", "bn": "Bengali", "bg": "Bulgarian",
    "ca": "Catalan", "zh": "Chinese", "hr": "Croatian", "cs": "Czech", "da": "Danish", "nl": "Dutch",
    "et": "Estonian", "fi": "Finnish", "fr": "French", "ka": "Georgian", "de": "German", "el": "Greek",
    "he": "Hebrew", "hi": "Hindi", "hu": "Hungarian", "id": "Indonesian", "it": "Italian",
    "ja": "Japanese", "kk": "Kazakh", "ko": "Korean", "ky": "Kyrgyz", "lv": "Latvian",
    "lt": "Lithuanian", "mk": "Macedonian", "ms": "Malay", "no": "Norwegian", "fa": "Persian",
    "pl": "Polish", "pt": "Portuguese", "ro": "Romanian", "sr": "Serbian", "sk": "Slovak",
    "sl": "Slovenian", "ckb": "Sorani", "es": "Spanish", "sw": "Swahili", "sv": "Swedish",
    "tl": "Tagalog", "tg": "Tajik", "ta": "Tamil", "th": "Thai", "tr": "Turkish", "tk": "Turkmen",
    "uk": "Ukrainian", "ur": "Urdu", "uz": "Uzbek", "vi": "Vietnamese",
}
"""The languages a query may be in, by the code a row gives them; the four the log uses most come
first, which is the order ``tally_words`` names languages that ran as many queries."""
FIRST_TALLIED_SESSION = 84
"""The first session whose paragraph counts its queries by language in the words ``tally_words``
writes. Earlier paragraphs word their languages freely ("all in English but one in Turkmen"), and
no check reads them."""
_LABEL = re.compile(r"([a-z]{2,3}) query; ")


def _cells(row: str) -> tuple[str, str]:
    query, _, rest = row[2:].partition(" | ")
    return query, rest


def query_language(row: str) -> str | None:
    """The code of the language a row's query is in: the one its second cell begins with ("tr
    query; ..."), or else what its letters show, Arabic script Arabic, Cyrillic Russian, a schwa
    Azerbaijani and plain ASCII English. Other letters could be several languages (the Turkish
    "ş" is also Azerbaijani), so a row with them and no code has no language: None."""
    query, rest = _cells(row)
    label = _LABEL.match(rest)
    if label:
        return label[1]
    if re.search("[\u0600-\u06ff]", query):
        return "ar"
    if re.search("[\u0400-\u04ff]", query):
        return "ru"
    if re.search("[əƏ]", query):
        return "az"
    return "en" if query.isascii() else None


def tally(rows: list[str]) -> Counter[str | None]:
    """How many of ``rows`` ran in each language (None: a row whose language is not known)."""
    return Counter(query_language(row) for row in rows)


def _and(words: list[str]) -> str:
    return ", ".join(words[:-1]) + " and " + words[-1] if len(words) > 1 else words[0]


def tally_words(counts: dict[str, int]) -> str:
    """A session's queries by language as its paragraph gives them: "in English" when all are in
    one, else "forty-nine in English, two in Russian and one in Azerbaijani", with the languages
    that ran as many queries together ("two each in Arabic and Turkish")."""
    if len(counts) == 1:
        return f"in {LANGUAGES[next(iter(counts))]}"
    groups: dict[int, list[str]] = {}
    for code in sorted(counts, key=lambda c: (-counts[c], list(LANGUAGES).index(c))):
        groups.setdefault(counts[code], []).append(LANGUAGES[code])
    parts = [f"{count_words(n)} {'each in' if len(names) > 1 else 'in'} {_and(names)}" for n, names in groups.items()]
    if len(parts) == 1:
        return parts[0]
    joiner = ", and " if any(len(names) > 1 for names in groups.values()) else " and "
    return ", ".join(parts[:-1]) + joiner + parts[-1]


_TALLY_GROUP = re.compile(r"(?:(all)\s+|([a-z]+(?:(?:\s+|-)[a-z]+)*?)\s+(each\s+)?)?in\s+"
                          r"([A-Z][a-z]+(?:(?:,\s+|\s+and\s+)[A-Z][a-z]+)*)")
_TALLY_JOIN = re.compile(r",?\s+and\s+|,\s+")


def read_tally(text: str, queries: int) -> tuple[dict[str, int], int]:
    """The languages at the start of ``text``, as ``tally_words`` writes them, and where they end.
    Reading stops at the first words that are not a count and languages, so a slip leaves the
    counts short of the session's queries rather than passing for a tally."""
    codes = {name: code for code, name in LANGUAGES.items()}
    counts: dict[str, int] = {}
    end = 0
    while True:
        if counts:
            join = _TALLY_JOIN.match(text, end)
            group = _TALLY_GROUP.match(text, join.end()) if join else None
        else:
            group = _TALLY_GROUP.match(text)
        if group is None:
            return counts, end
        number, each, names = group[2], group[3], re.split(r",\s+|\s+and\s+", group[4])
        whole = number is None  # "in English" or "all in English": every query, in one language
        if whole:
            count = queries if not counts and len(names) == 1 else None
        else:
            count = _words_to_count(number)
        if count is None or any(name not in codes for name in names) or (len(names) > 1) != bool(each):
            return counts, end
        counts.update({codes[name]: count for name in names})
        end = group.end()
        if whole:
            return counts, end


def _words_to_count(words: str) -> int | None:
    return cardinals().get(" ".join(words.split()))


class Entry(NamedTuple):
    """One session in the coverage paragraph's list: "the eighty-third none, in forty-three"."""

    session: int
    meetings: int
    queries: int
    start: int  # where the entry's text lies in the log
    end: int


_HEADING = re.compile(r"^## Queries used \((\d{4}-\d\d-\d\d) to (\d{4}-\d\d-\d\d), ([a-z][a-z -]*) sessions\)", re.M)
_ORDINAL = r"(?:[a-z]+\s+hundred(?:th\b|(?:\s+and)?\s+[a-z-]+)|[a-z-]+)"
"""A session's name, as ``ordinal_words`` spells it: one word below the hundredth, a few from it on."""
_ENTRY = re.compile(rf"the\s+({_ORDINAL})\s+([a-z-]+),\s+in\s+([a-z\s-]+?)(?:\s+queries)?(?=[;:)])")
_LAST_SESSIONS = re.compile(r"the last ([a-z-]+) sessions(\s+)found ([a-z-]+) meetings?,?[^.]*?in ([a-z\s-]+?) queries")


def _heading(log: str) -> re.Match[str]:
    heading = _HEADING.search(log)
    if heading is None or heading[3] not in cardinals():
        raise ValueError("the log has no heading \"## Queries used (FIRST to LAST, N sessions)\"")
    return heading


def _start_of(log: str, part: str) -> int:
    """Where a part the script edits begins; a log without it is refused, not half-edited."""
    if part not in log:
        raise ValueError(f"the log has no {part.strip()!r}")
    return log.index(part)


def session_count(log: str) -> int:
    """How many sessions the query table's heading counts."""
    return cardinals()[_heading(log)[3]]


def entries(log: str) -> list[Entry]:
    """The coverage paragraph's list, as counts; an entry written as a description ("the fourth
    nineteen meetings, the fifth ...") rather than as a count in words is not one of them."""
    found = []
    for match in _ENTRY.finditer(log, _start_of(log, "## Coverage")):
        meetings, queries = _words_to_count(match[2]), _words_to_count(match[3])
        session = ordinals().get(" ".join(match[1].split()))
        if session is not None and meetings is not None and queries is not None:
            found.append(Entry(session, meetings, queries, match.start(), match.end()))
    return found


class LastSessions(NamedTuple):
    """The coverage sentence's sum of the last sessions, as written."""

    span: int
    meetings: int
    queries: int
    named: dict[int, int]  # session: meetings, for each session the sentence names


def _last_sessions_sentence(log: str) -> re.Match[str]:
    written = _LAST_SESSIONS.search(log, _start_of(log, "## Coverage"))
    if written is None:
        raise ValueError("the coverage paragraph has no sentence \"the last N sessions found ... queries\"")
    return written


def last_sessions(log: str) -> LastSessions:
    written = _last_sessions_sentence(log)
    named = {ordinals()[" ".join(session.split())]: cardinals()[meetings]
             for meetings, session in re.findall(rf"([a-z-]+) the ({_ORDINAL})'s", written[0])}
    return LastSessions(cardinals()[written[1]], cardinals()[written[3]],
                        cardinals()[" ".join(written[4].split())], named)


def _sum_sentence(window: list[Entry]) -> str:
    """The words after "the last twenty sessions": each session that found meetings, by name."""
    meetings = sum(e.meetings for e in window)
    by_session = [f"{count_words(e.meetings)} the {ordinal_words(e.session)}'s" for e in window if e.meetings]
    named = ", ".join(by_session[:-1]) + " and " + by_session[-1] if len(by_session) > 1 else "".join(by_session)
    total = count_words(sum(e.queries for e in window))
    if not meetings:
        return f"found no meetings, in {total} queries"
    return f"found {count_words(meetings)} meeting{'s' if meetings != 1 else ''}, {named}, in {total} queries"


def query_table_rows(log: str) -> list[str]:
    table = log[_heading(log).end():_start_of(log, QUERY_TABLE_END)]
    return [line for line in table.splitlines() if line.startswith("| ") and not line.startswith("| query |")]


def session_rows(log: str) -> dict[int, list[str]]:
    """Each listed session's rows: the table holds them in the order the sessions ran, so the
    list's counts, taken from the last session back, cut the table's end into sessions."""
    rows, found = query_table_rows(log), {}
    end = len(rows)
    for entry in reversed(entries(log)):
        if entry.queries > end:
            break
        found[entry.session] = rows[end - entry.queries:end]
        end -= entry.queries
    return found


def _ran(session: int) -> re.Pattern[str]:
    name = r"\s+".join(ordinal_words(session).split())  # a wrapped paragraph may break it across lines
    return re.compile(rf"The {name}\s+session ran ([a-z]+(?:[ -][a-z]+)*?) queries")


def _tally_after(log: str, paragraph: re.Match[str]) -> tuple[dict[str, int], int]:
    """The languages written after a paragraph's "ran N queries", and how many characters they
    take with the comma before them (none when no tally follows)."""
    end = paragraph.end()
    if not log.startswith(", ", end):
        return {}, 0
    counts, length = read_tally(log[end + 2:end + 1000], _words_to_count(paragraph[1]) or 0)
    return counts, (2 + length) if length else 0


def written_tallies(log: str) -> dict[int, dict[str, int]]:
    """The languages each session's paragraph gives, from the first session that gives them in
    ``tally_words``'s words: a session whose paragraph gives none maps to no languages."""
    found = {}
    for session in range(FIRST_TALLIED_SESSION, session_count(log) + 1):
        paragraph = _ran(session).search(log)
        if paragraph is not None:
            found[session] = _tally_after(log, paragraph)[0]
    return found


def _query(row: str) -> str:
    return " ".join(_cells(row)[0].split()).casefold()


def refused_rows(log: str, rows: list[str]) -> list[str]:
    """Why each bad row would spoil the table: a "|" inside a cell splits it, a query run before
    tells nobody anything new (the table held seventeen repeats before this check), and a query
    whose language is not known cannot be counted in its session's paragraph."""
    if not rows:
        return ["no row to add"]
    earlier = {_query(row) for row in query_table_rows(log)}
    problems, seen = [], set()
    for number, row in enumerate(rows, 1):
        if not (row.startswith("| ") and row.endswith(" |")) or len(re.findall(r"(?<!\\)\|", row)) != 3:
            problems.append(f"row {number}: not two cells \"| query | languages (findings) |\": {row[:60]}")
        elif _query(row) in earlier:
            problems.append(f"row {number}: the table already holds this query: {row[:60]}")
        elif _query(row) in seen:
            problems.append(f"row {number}: the file holds this query twice: {row[:60]}")
        elif query_language(row) is None:
            problems.append(f"row {number}: its letters could be several languages; begin the second cell with the "
                            f"query's language (\"tr query; ...\"): {row[:60]}")
        elif query_language(row) not in LANGUAGES:
            problems.append(f"row {number}: no language has the code {query_language(row)!r}: {row[:60]}")
        seen.add(_query(row))
    return problems


def _replace(log: str, start: int, end: int, text: str) -> str:
    return log[:start] + text + log[end:]


def _with_entry(log: str, session: int, meetings: int, queries: int, *, new: bool) -> str:
    """The log with the list's last entry set to these counts, or a new entry added after it."""
    listed = entries(log)
    if not listed or listed[-1].session != session - new:
        raise ValueError(f"the coverage paragraph's list does not end with the {ordinal_words(session - new)} session")
    text = f"the {ordinal_words(session)} {count_words(meetings) if meetings else 'none'}, in {count_words(queries)}"
    last = listed[-1]
    if new:
        return _replace(log, last.end, last.end, "; " + text)
    return _replace(log, last.start, last.end, text)


def _with_sums(log: str, session: int, day: date) -> str:
    """The log with its heading, last-sessions sentence and session paragraph agreeing with its list."""
    heading = _heading(log)
    log = _replace(log, heading.start(), heading.end(),
                   f"## Queries used ({heading[1]} to {day.isoformat()}, {count_words(session)} sessions)")
    written = _last_sessions_sentence(log)
    span = cardinals()[written[1]]
    window = entries(log)[-span:]
    if [e.session for e in window] != list(range(session - span + 1, session + 1)):
        raise ValueError(f"the coverage paragraph's list does not hold the last {span} sessions as counts")
    log = _replace(log, written.start(), written.end(),
                   f"the last {written[1]} sessions{written[2]}{_sum_sentence(window)}")
    paragraph = _ran(session).search(log)
    if paragraph is None:
        return log
    text = f"The {ordinal_words(session)} session ran {count_words(window[-1].queries)} queries"
    end = paragraph.end()
    counts = tally(session_rows(log).get(session, [])) if session >= FIRST_TALLIED_SESSION else {}
    if None in counts:
        raise ValueError(f"the {ordinal_words(session)} session has rows whose query's language is not known")
    if counts:
        end += _tally_after(log, paragraph)[1]  # the tally written before, if any, gives way to the new one
        text += ", " + tally_words(counts)
    return _replace(log, paragraph.start(), end, text)


def add_rows(log: str, rows: list[str], *, new_session: bool, day: date) -> str:
    """The log with ``rows`` at the end of the query table, counted to the current session (or to
    a new one, which starts with no meeting found)."""
    problems = refused_rows(log, rows)
    if problems:
        raise ValueError("\n".join(problems))
    session, listed = session_count(log) + new_session, entries(log)
    meetings, before = (0, 0) if new_session or not listed else (listed[-1].meetings, listed[-1].queries)
    end = _start_of(log, QUERY_TABLE_END)
    log = log[:end] + "".join("\n" + row for row in rows) + log[end:]
    log = _with_entry(log, session, meetings, before + len(rows), new=new_session)
    return _with_sums(log, session, day)


def set_found(log: str, meetings: int, *, day: date) -> str:
    """The log with the current session credited with ``meetings`` new meetings."""
    session, listed = session_count(log), entries(log)
    queries = listed[-1].queries if listed else 0  # no list: _with_entry says so
    return _with_sums(_with_entry(log, session, meetings, queries, new=False), session, day)


def _options(argv: list[str]) -> tuple[dict[str, str], list[str]]:
    options, rest = {}, []
    words = iter(argv)
    for word in words:
        if word in ("--log", "--on", "--start", "--more", "--found"):
            value = next(words, None)
            if value is None or value.startswith("--"):
                raise SystemExit(f"{word} needs a value")
            options[word] = value
        else:
            rest.append(word)
    return options, rest


def main(argv: list[str]) -> int:
    options, rest = _options(argv)
    actions = [a for a in ("--start", "--more", "--found") if a in options]
    if rest or len(actions) != 1:
        raise SystemExit("usage: curation_log.py (--start ROWS | --more ROWS | --found N) [--log PATH] [--on DATE]")
    try:
        day = date.fromisoformat(options["--on"]) if "--on" in options else datetime.now(timezone.utc).date()
    except ValueError:
        raise SystemExit(f"--on takes a date, YYYY-MM-DD, not {options['--on']!r}") from None
    path = Path(options.get("--log", LOG))
    try:
        log = path.read_text(encoding="utf-8")
        if actions == ["--found"]:
            if not options["--found"].isdigit():
                raise SystemExit(f"--found takes a count of meetings, not {options['--found']!r}")
            updated = set_found(log, int(options["--found"]), day=day)
        else:
            source = Path(options[actions[0]])
            rows = [line.rstrip() for line in source.read_text(encoding="utf-8").splitlines() if line.strip()]
            updated = add_rows(log, rows, new_session=actions == ["--start"], day=day)
    except (OSError, ValueError) as error:
        raise SystemExit(str(error)) from None
    from gulfvisits.yamlio import write_atomic  # the package's whole-or-nothing write

    write_atomic(path, updated)
    last = entries(updated)[-1]
    print(f"the {ordinal_words(last.session)} session: {last.queries} queries, {last.meetings} meetings")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
