"""The loaded dataset: an immutable, indexed collection of meetings and registries.

``load()`` validates once and keeps the result (behind a lock, like pycountry), so every later
call is free. Participants come back resolved: ``participant.person_record`` is the ``Person``.
"""
from __future__ import annotations

import functools
import json
import threading
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping
from datetime import date, datetime
from pathlib import Path
from types import MappingProxyType
from typing import Any, NamedTuple

from . import _resources
from .days import got, parse_period
from .disagreements import field_of_any_item
from .errors import InvalidDataError, NotFoundError, UsageError, nonempty_path
from .isocodes import COUNTRIES
from .models import (GULF_COUNTRIES, VOCABULARIES, Meeting, Organization, Participant, Person, Topic,
                     attach_person, attached_person, freeze_lists)
from .validate import gc_paused, tree_listing, validate_tree

_MISSING = object()


@functools.cache
def country_words() -> Mapping[str, frozenset[str]]:
    """Words by which a reader names the country of an office ("the Saudi energy minister"): office
    titles name none, so ``find_offices`` reads these as the office's country, not its title.
    Each country's ISO name and ``isocodes.COUNTRY_SPELLINGS`` that are one word ("Saudi" is,
    "Saudi Arabia" and "The Emirates" are not), as ``names.words`` gives them; built at the first
    office query, as ``names`` is not imported with the package."""
    from .isocodes import COUNTRY_SPELLINGS
    from .names import words

    spelled = {code: [words(spelling) for spelling in (COUNTRIES[code][0], *more)]
               for code, more in COUNTRY_SPELLINGS.items()}
    return MappingProxyType({code: frozenset(one[0] for one in ways if len(one) == 1)
                             for code, ways in spelled.items()})


Criterion = str | Iterable[str] | None
"""What a criterion of ``Dataset.filter`` takes: one value, or several (a list, a set, a pandas
Series, any iterable but text and mappings) of which a meeting matches one."""

FILTER_SWITCHES = frozenset({"include_withdrawn"})
"""The keywords of ``Dataset.filter`` that are not criteria: the command line, which passes on
every other keyword as an option, leaves these to the command."""


class OfficeHeld(NamedTuple):
    """An office title of one country, as the people registry records it, and the ids of the
    people who held it, in the registry's order."""

    title: str
    country: str
    people: tuple[str, ...]


class Dataset:
    """Meetings plus the people, organizations and topics they refer to.

    ``meetings`` holds the active records, oldest first; withdrawn ones stay reachable through
    ``withdrawn`` and ``get`` so that a cited id never becomes a dead end.

    Nothing in it can be changed: ``load()`` hands the same Dataset to every caller. The models
    are frozen, their list fields become ``FrozenList`` in place (the records given are the
    ones kept, not copies), and the Dataset's own attributes refuse to be set.
    """

    def __init__(self, meetings: Iterable[Meeting], people: Iterable[Person], organizations: Iterable[Organization],
                 topics: Iterable[Topic], version: str, *, visits: Iterable[str] | None = None) -> None:
        self.people: Mapping[str, Person] = MappingProxyType({p.id: p for p in people})
        ordered = sorted((self._attach(m) for m in meetings), key=lambda m: (m.date.value, m.id))
        for record in (*ordered, *self.people.values()):
            freeze_lists(record)
        self.version = version
        self.meetings: tuple[Meeting, ...] = tuple(m for m in ordered if m.status == "active")
        self.withdrawn: tuple[Meeting, ...] = tuple(m for m in ordered if m.status == "withdrawn")
        self.organizations: Mapping[str, Organization] = MappingProxyType({o.id: o for o in organizations})
        self.topics: Mapping[str, Topic] = MappingProxyType({t.id: t for t in topics})
        self._by_id = {m.id: m for m in ordered}
        # The visits ``filter`` knows: a subset's meetings name fewer, so a filtered Dataset
        # keeps its parent's (a visit of another country is empty there, not unknown).
        self._visits = frozenset(visits if visits is not None else (m.visit for m in ordered if m.visit))
        self._sealed = True

    def __setattr__(self, name: str, value: Any) -> None:
        self._refuse_once_built(name)
        object.__setattr__(self, name, value)

    def __delattr__(self, name: str) -> None:
        self._refuse_once_built(name)
        object.__delattr__(self, name)

    def _refuse_once_built(self, name: str) -> None:
        """``data.meetings = [...]``, a filter done by hand, replaced the meetings of the Dataset
        that every later ``load()`` in the process returns."""
        if getattr(self, "_sealed", False):
            raise AttributeError(f"a Dataset cannot be changed, and load() hands the same one to every caller; "
                                 f"use filter(), or build a new Dataset, instead of changing {name!r}")

    def _attach(self, meeting: Meeting) -> Meeting:
        """``meeting`` with this Dataset's people attached to its participants; a copy of it when
        it already belongs to a Dataset with other people, whose participants would otherwise
        resolve to ours. ``load()`` and ``filter`` never copy (fresh models; the same registry).
        Re-attaching the Person a participant already has changes nothing another Dataset sees,
        so the check and the attaching share one pass: for 10,000 meetings with 30,000 participants
        it adds 3 ms to attaching alone, a separate checking pass 5 ms (medians of 41)."""
        for participant in meeting.participants:
            mine = self.people.get(participant.person)
            if attached_person(participant, mine) is not mine:
                meeting = meeting.model_copy(deep=True)
                for copied in meeting.participants:
                    attach_person(copied, self.people.get(copied.person))
                return meeting
            attach_person(participant, mine)
        return meeting

    def __len__(self) -> int:
        return len(self.meetings)

    def __iter__(self) -> Iterator[Meeting]:
        return iter(self.meetings)

    def __reduce__(self) -> tuple[Any, tuple[Any, ...]]:
        """Pickle (and ``copy.deepcopy``) by the records: the read-only mappings cannot be
        pickled, so a Dataset could not be handed to a ``multiprocessing`` or joblib worker."""
        return (_rebuild, ([*self.meetings, *self.withdrawn], list(self.people.values()),
                           list(self.organizations.values()), list(self.topics.values()), self.version,
                           sorted(self._visits)))

    def __contains__(self, item: object) -> bool:
        """``meeting_id in data`` as well as ``meeting in data``, for the active meetings that
        iteration yields (a withdrawn one is reached through ``get``). Without this, ``in`` fell
        back to iteration and answered False for every id."""
        if isinstance(item, str):
            found = self._by_id.get(item)
            return found is not None and found.status == "active"
        return item in self.meetings

    def __repr__(self) -> str:
        return f"<Dataset gulfvisits {self.version}: {len(self.meetings)} meetings, {len(self.people)} people>"

    def get(self, meeting_id: str, default: Any = None) -> Meeting | Any:
        """The meeting with this id (active or withdrawn), or ``default``, also for what is not
        text (a list raised TypeError, where ``in`` answers False)."""
        return self._by_id.get(meeting_id, default) if isinstance(meeting_id, str) else default

    def lookup(self, meeting_id: str) -> Meeting:
        """Like ``get`` but raises ``NotFoundError`` for an unknown id, naming the id it is
        nearest to, as ``filter`` and ``validate`` do for a misspelt one; and ``UsageError`` for
        what is not text, as ``filter`` does (a list raised a bare TypeError)."""
        if not isinstance(meeting_id, str):
            raise UsageError(f"lookup takes one meeting id as text; got {meeting_id!r}")
        found = self._by_id.get(meeting_id, _MISSING)
        if found is _MISSING:
            from .explain import closest

            hint = closest(meeting_id, self._by_id)
            raise NotFoundError(f"no meeting with id {meeting_id!r}" + (f" ({hint})" if hint else ""))
        return found  # type: ignore[return-value]

    def find_people(self, name: str) -> list[Person]:
        """The people with a name or recorded variant holding every word of ``name``, ignoring
        case, accents and punctuation: ``find_people("Mohammed bin Zayed")`` finds the UAE
        President, whose registry name is spelled Mohamed. An exact spelling comes first. Use
        the ``id`` of the one you mean with ``filter(person=...)``."""
        from .names import find

        return find(name, self.people.values())

    def find_organizations(self, name: str) -> list[Organization]:
        """As ``find_people``, over the organizations' names and acronyms ("OIC")."""
        from .names import find

        return find(name, self.organizations.values())

    def find_offices(self, name: str) -> list[OfficeHeld]:
        """The offices of the people registry whose title holds every word of ``name``, by
        country, each with the people who held it: a reader knows "the Saudi energy minister"
        before a name. A country's name or demonym among the words ("Saudi", "Emirati", "UAE")
        names the office's country (``country_words``). Words as ``find_people`` reads them;
        none, or a word no title holds, finds nothing (``filter(office=...)`` refuses it instead,
        with a hint)."""
        wanted, countries = _office_query(name)
        if not wanted:  # "Saudi" alone is a country, not an office
            return []
        titles = {title for title, title_words in self._office_words.items() if wanted <= title_words}
        held: dict[tuple[str, str], list[str]] = {}
        for person in self.people.values():
            for office in person.offices:
                if office.title in titles and (not countries or office.country in countries) \
                        and person.id not in held.setdefault((office.country, office.title), []):
                    held[office.country, office.title].append(person.id)
        return [OfficeHeld(title, country, tuple(people)) for (country, title), people in sorted(held.items())]

    def office_meetings(self, title: str, country: str) -> list[tuple[Meeting, Participant]]:
        """The active meetings in which a participant held this office (the exact title, for
        ``country``), each with that participant, oldest first: what ``gulfvisits find`` lists
        under an office that ``find_offices`` found. ``filter(office=...)`` matches words
        instead, so "foreign minister" there includes the deputies."""
        return list(self._by_office.get((title, country), ()))

    @functools.cached_property
    def _by_office(self) -> dict[tuple[str, str], tuple[tuple[Meeting, Participant], ...]]:
        """(title, country) -> the meetings and participants holding it, built at the first
        question: scanning the meetings once per office found made ``find`` grow with both."""
        held: dict[tuple[str, str], list[tuple[Meeting, Participant]]] = {}
        for meeting in self.meetings:
            for participant in meeting.participants:
                held.setdefault((participant.office, participant.country), []).append((meeting, participant))
        return {key: tuple(pairs) for key, pairs in held.items()}

    @functools.cached_property
    def _office_words(self) -> dict[str, frozenset[str]]:
        """Every office title of the registry with its comparable words (``names.words``), kept:
        ``filter(office=...)`` and ``find_offices`` built it afresh at every call."""
        from .names import words

        return {title: frozenset(words(title)) for title in {o.title for p in self.people.values() for o in p.offices}}

    def find_topics(self, name: str) -> list[Topic]:
        """As ``find_people``, over the topics' ids and labels: a report says "climate change"
        or "health care", and the registry's id for it is what ``filter(topic=...)`` takes."""
        from .names import find

        return find(name, self.topics.values())

    def filter(self, *, country: Criterion = None, start: date | str | None = None, end: date | str | None = None,
               person: Criterion = None, organization: Criterion = None, topic: Criterion = None,
               kind: Criterion = None, visit: Criterion = None, office: Criterion = None,
               host: Criterion = None, session: int | Iterable[int] | None = None,
               include_withdrawn: bool = False) -> "Dataset":
        """A new Dataset holding the meetings that match every given criterion.

        Each criterion but ``start`` and ``end`` takes one value or several (a list, a set, a
        pandas Series: any iterable but text and mappings), of which a meeting must match one:
        ``filter(country=["KWT", "QAT"], kind="phone_call")`` is the phone calls with Kuwait or
        Qatar. An empty one is refused: it would select nothing.

        ``country`` is an ISO alpha-3 code of either side; ``host`` the country that hosted the
        meeting, any of ISO 3166-1 (a third country's for a summit's sidelines; a phone call has
        none, so ``host`` leaves calls out); ``start``/``end`` bound the date
        inclusively (a ``date``, or text naming a day, a month or a year: ``end="2025"`` is 31
        December 2025, ``start="2025-05"`` 1 May), compared with ``date.value``,
        so a meeting known only to its month or year counts as on its first day (``date.earliest``
        and ``date.latest`` hold a narrower window where one is known); ``visit`` is a visit id that
        some meeting names; ``office`` is words that a participant's office holds, in any order
        and case ("energy" is every Minister of Energy and the Minister of State for Energy
        Affairs, on either side; "Saudi energy minister" a Saudi participant's, as
        ``find_offices`` reads a country's name or demonym); ``session`` is the number that a
        commission's session or a consultation round carries (``session_number``), a whole number
        from 1: ``filter(organization="aze-sau-joint-commission", session=8)`` is that commission's
        eighth session, and a number that no record carries selects none, as a ``host`` that hosted
        none does; the others are registry ids or vocabulary terms. An id or term
        that none of these holds, words that no office in the people registry holds together, or
        a start after the end, raise ``UsageError`` with a "did you mean" hint: a typo would
        otherwise give an empty result that looks like an answer ("no meetings with Kuwait" for
        ``country="kwt"``).

        ``meetings`` holds the active records that match; ``include_withdrawn=True`` keeps the
        withdrawn ones that match too, in ``withdrawn``, so that a count of a selection can say
        how many of its records no longer count (``stats`` does) without counting another
        country's.
        """
        start, end = _bound(start, "start", last=False), _bound(end, "end", last=True)
        if start is not None and end is not None and start > end:  # an empty answer that is no answer
            raise UsageError(f"start {start.isoformat()} is after end {end.isoformat()}")
        chosen: dict[str, frozenset[str]] = {}
        for name, value, known in (("country", country, VOCABULARIES["country"]), ("kind", kind, VOCABULARIES["kind"]),
                                   ("person", person, self.people), ("organization", organization, self.organizations),
                                   ("topic", topic, self.topics), ("visit", visit, self._visits),
                                   ("host", host, COUNTRIES.keys())):
            values = _values(name, value)
            for one in values:
                # Only text is an id or a term; a list looked up in a registry raised TypeError.
                if type(one) is not str or one not in known:
                    raise UsageError(_unknown(name, one, known))
            if values:
                chosen[name] = frozenset(values)
        countries, kinds, persons = chosen.get("country"), chosen.get("kind"), chosen.get("person")
        organizations, topics, visits = chosen.get("organization"), chosen.get("topic"), chosen.get("visit")
        hosts = chosen.get("host")
        sessions = _session_numbers(session)
        matchers = [_office_matcher(words, self._office_words) for words in _values("office", office)]

        def keep(m: Meeting) -> bool:
            return ((countries is None or not countries.isdisjoint(m.countries))
                    and (start is None or m.date.value >= start)
                    and (end is None or m.date.value <= end)
                    and (persons is None or any(p.person in persons for p in m.participants))
                    and (organizations is None or not organizations.isdisjoint(m.organizations))
                    and (topics is None or not topics.isdisjoint(m.topics))
                    and (kinds is None or m.kind in kinds)
                    and (visits is None or m.visit in visits)
                    and (hosts is None or m.host_country in hosts)
                    and (sessions is None or m.session_number in sessions)
                    and (not matchers or any(held(p.office, p.country) for held in matchers for p in m.participants)))
        pool = (*self.meetings, *self.withdrawn) if include_withdrawn else self.meetings
        return Dataset([m for m in pool if keep(m)], self.people.values(), self.organizations.values(),
                       self.topics.values(), self.version, visits=self._visits)

    def summary(self) -> dict[str, Any]:
        """Counts by Gulf country, year, kind, topic and participant, and how many of the registries'
        entries the meetings name (of a filtered Dataset, fewer), for ``gulfvisits stats``; the table of
        years by Gulf country lists all six states in every year, zeros included, so that it
        reads as a table (and the README's table is drawn from it)."""
        by_year_and_country = {year: dict.fromkeys(GULF_COUNTRIES, 0)
                               for year in sorted({m.date.value.year for m in self.meetings})}
        for m in self.meetings:
            by_year_and_country[m.date.value.year][m.gulf_country] += 1
        return {
            "version": self.version,
            "meetings": len(self.meetings),
            "withdrawn": len(self.withdrawn),
            "people": len(self.people),
            "organizations": len(self.organizations),
            "topics": len(self.topics),
            "by_country": dict(sorted(Counter(m.gulf_country for m in self.meetings).items())),
            "by_year": dict(sorted(Counter(m.date.value.year for m in self.meetings).items())),
            "by_year_and_country": by_year_and_country,
            "by_kind": dict(sorted(Counter(m.kind for m in self.meetings).items())),
            "by_topic": dict(Counter(t for m in self.meetings for t in m.topics).most_common()),
            # what the meetings name, of the registries' totals above; a participant or the one they
            # acted for, a body in ``organizations`` (not the ministry a source cites: that is about
            # the report, not the meeting)
            "named": {"people": len({ident for m in self.meetings for p in m.participants
                                     for ident in (p.person, p.on_behalf_of) if ident}),
                      "organizations": len({o for m in self.meetings for o in m.organizations}),
                      "topics": len({t for m in self.meetings for t in m.topics})},
            # who took part, most first, ties by id (rule.duplicate-item lists a person once a meeting)
            "by_person": _most_first(Counter(p.person for m in self.meetings for p in m.participants)),
            # facts the sources give differently, by field (``participants[1].office`` counted as
            # ``participants.office``), most first: how much of a selection rests on a curator's choice
            "disagreements": {
                "meetings": sum(1 for m in self.meetings if m.disagreements),
                "facts": sum(len(m.disagreements) for m in self.meetings),
                "by_field": _most_first(Counter(field_of_any_item(d.field) for m in self.meetings
                                                for d in m.disagreements)),
            },
        }

    def to_dict(self, *, include_withdrawn: bool = False) -> dict[str, Any]:
        """Plain JSON-ready data: the same shape as the YAML records."""
        meetings = [*self.meetings, *(self.withdrawn if include_withdrawn else ())]
        return {
            "version": self.version,
            "meetings": [m.model_dump(mode="json", exclude_defaults=True) for m in meetings],
            "people": [p.model_dump(mode="json", exclude_defaults=True) for p in self.people.values()],
            "organizations": [o.model_dump(mode="json", exclude_defaults=True) for o in self.organizations.values()],
            "topics": [t.model_dump(mode="json", exclude_defaults=True) for t in self.topics.values()],
        }

    def to_json(self, *, indent: int | None = 2, include_withdrawn: bool = False) -> str:
        return json.dumps(self.to_dict(include_withdrawn=include_withdrawn), ensure_ascii=False, indent=indent)

    def tables(self) -> dict[str, list[tuple]]:
        """The relational tables (``gulfvisits.tables.TABLES``) as lists of row tuples."""
        from .tables import table_rows

        return table_rows(self)

    def sheet(self) -> list[dict[str, Any]]:
        """One mapping per active meeting, columns ``gulfvisits.sheet.COLUMNS``: who met by name
        and office, the topics' labels, the bodies' names, the sources' addresses, with lists
        joined into one cell (``pd.DataFrame(data.filter(country="KWT").sheet())``). It is what
        ``gulfvisits list --format csv`` writes; ``tables()`` keeps the ids for joins. A selection
        of no meeting gives ``[]``, from which pandas makes a frame with no columns: pass
        ``columns=COLUMNS`` (``from gulfvisits.sheet import COLUMNS``) for code that reads a
        column whatever the filters."""
        from .sheet import records

        return records(self)

    def to_pandas(self) -> dict[str, Any]:
        """A pandas DataFrame per table; needs ``pip install 'gulfvisits[pandas]'``."""
        from .export import to_pandas

        return to_pandas(self)

    def to_arrow(self) -> dict[str, Any]:
        """A pyarrow Table per table; needs ``pip install 'gulfvisits[parquet]'``."""
        from .export import to_arrow

        return to_arrow(self)

    def to_sqlite(self, path: str | Path) -> Path:
        """Write every table into one SQLite file with primary and foreign keys."""
        from .export import to_sqlite

        return to_sqlite(self, path)


_cache: dict[Path, tuple[str | None, Dataset]] = {}  # folder -> (its records' content hash, its Dataset)
_lock = threading.Lock()


def load(path: str | Path | None = None, *, use_cache: bool = True) -> Dataset:
    """Load and validate a records tree (default: the records shipped with this version).

    An installed wheel reads its compiled bundle, once per process. A records folder is hashed
    at every call, as ``validate`` reads it: while its files are unchanged every call returns
    the same Dataset; once one is edited, the next call validates the tree again (and compiles
    it into a cache on disk keyed by that hash). ``use_cache=False`` validates the YAML afresh
    and keeps nothing. Raises ``InvalidDataError`` (with every located problem) when the
    records do not validate, and ``UsageError`` when ``path`` is not a records tree.
    """
    from . import __version__
    from .bundle import cached_bundle, content_hash, read_bundle

    packaged = _resources.packaged_bundle() if path is None else None
    if packaged is not None:  # a wheel's records do not change under a running process
        with _lock:
            key = packaged.resolve()
            if key not in _cache:
                bundle = read_bundle(packaged.read_bytes())
                _cache[key] = (None, _dataset(bundle))
            return _cache[key][1]
    root = nonempty_path(path, "path") if path is not None else _resources.records_dir()
    if not use_cache:
        report = validate_tree(root)
        if not report.ok:
            raise InvalidDataError(report.sorted_errors())
        return _dataset(report)
    with _lock:
        # Kept by folder alone, a Dataset outlived edits to its records: a notebook that loaded
        # a tree, then fixed a record, got the old records back, even with use_cache=False.
        listing = tree_listing(root)
        digest = content_hash(root, listing)
        key = root.resolve()
        held = _cache.get(key)
        if held is None or held[0] != digest:
            bundle = cached_bundle(root, __version__, listing, digest)
            _cache[key] = (digest, _dataset(bundle))
        return _cache[key][1]


def _dataset(records: Any) -> Dataset:
    """The Dataset of a compiled bundle or of a validation report: each holds the four lists."""
    from . import __version__

    with gc_paused():
        return Dataset(records.meetings, records.people, records.organizations, records.topics, version=__version__)


def _bound(value: Any, name: str, *, last: bool) -> date | None:
    """A filter's start (``last`` false) or end as a day: a date as it is, text as the first or
    the last day of the period it names (``parse_period``)."""
    if value is None or type(value) is date:
        return value
    if isinstance(value, datetime):  # a date too, but not comparable with one
        return value.date()
    if isinstance(value, str):
        try:
            return parse_period(value)[last]
        except ValueError:
            pass
    raise UsageError(f"{name} must be a date, or text written YYYY, YYYY-MM or YYYY-MM-DD; {got(value)}")


def _office_query(text: Any) -> tuple[set[str], set[str]]:
    """The words an office's title must hold, and the countries that the other words name
    ("Saudi energy minister": energy and minister, of SAU); both empty for what is not text."""
    from .names import words

    given = set(words(text)) if isinstance(text, str) else set()
    named = country_words()
    countries = {code for code, said in named.items() if given & said}
    return given - set().union(*named.values()), countries


def _office_matcher(office: Any, known: Mapping[str, frozenset[str]]) -> Callable[[str, str], bool]:
    """Whether an office, held for a country, holds every word of ``office`` (and is of the
    country its words name, if any); refused, as an unknown id is, when no office in the registry
    does. An office is free text ("Minister of Energy, Industry and Mineral Resources"), so it is
    matched by its words, as ``find`` matches names; the registry knows every office a
    participant held (``rule.office-not-held``), so a filtered Dataset, whose meetings name
    fewer, refuses nothing its parent accepts. ``known`` is ``Dataset._office_words``."""
    from .explain import closest
    from .names import words

    wanted, countries = _office_query(office)
    if not wanted:
        codes = sorted(countries)  # "Saudi Kuwaiti" names two, and the hint named one of them
        if len(codes) > 1:
            hint = f"countries: country={codes}"
        else:
            hint = f"a country: country={codes[0]}" if codes else None
        raise UsageError(f"office: expected words of an office, such as 'foreign minister'; {got(office)}"
                         + (f" ({hint})" if hint else ""))
    if not any(wanted <= title_words for title_words in known.values()):
        every = set().union(*known.values())
        missing = sorted(wanted - every)
        if missing:
            hint = closest(missing[0], every)
            raise UsageError(f"office: no office in the people registry has the word {missing[0]!r}"
                             + (f" ({hint})" if hint else ""))
        raise UsageError(f"office: no office in the people registry has all the words of {office!r}")
    matching = {title for title, title_words in known.items() if wanted <= title_words}

    def held(title: str, country: str) -> bool:
        # A Dataset built by hand may name an office that its registry lacks: read it by its words.
        worded = title in matching or (title not in known and wanted <= set(words(title)))
        return worded and (not countries or country in countries)
    return held


def _rebuild(meetings: list[Meeting], people: list[Person], organizations: list[Organization], topics: list[Topic],
             version: str, visits: list[str]) -> Dataset:
    return Dataset(meetings, people, organizations, topics, version, visits=visits)


def _values(name: str, value: Any) -> tuple[Any, ...]:
    """A criterion's values: none for None, the items of a list, a set or any other iterable
    but text and mappings (a generator, ``dict.keys()``, a pandas Series of ids: a researcher's
    selection is often a column), of which a meeting matches one; else the one value. Read once,
    so an iterator is not consumed twice. An empty one is refused rather than read as "any" or as
    "none": either would answer a question that was not asked."""
    if value is None:
        return ()
    if isinstance(value, (str, bytes, Mapping)) or not isinstance(value, Iterable):
        return (str(value) if isinstance(value, str) else value,)
    values = tuple(str(one) if isinstance(one, str) else one for one in value)  # numpy's str_ is text too
    if not values:
        raise UsageError(f"{name}: expected a value, or a list of values of which a meeting matches one; "
                         f"got an empty {type(value).__name__}")
    return values


def _session_numbers(value: Any) -> frozenset[int] | None:
    """The numbers ``filter(session=...)`` takes, or None for no such criterion. Text is refused,
    not read: "8" from a command line is the command's to turn into 8, and "eighth" no filter
    reads; a bool is refused though Python counts it a number, and any other whole number (a
    numpy integer from a column) is taken as the int it equals."""
    import numbers

    numbers_given = _values("session", value)
    for one in numbers_given:
        if isinstance(one, bool) or not isinstance(one, numbers.Integral) or one < 1:
            raise UsageError(f"session: expected the number of a session or a round, a whole number from 1, "
                             f"such as 8; got {one!r}")
    return frozenset(int(one) for one in numbers_given) if numbers_given else None


def _unknown(name: str, value: Any, known: Iterable[str] | Mapping[str, Person | Organization | Topic]) -> str:
    """The message ``validate`` gives for the same mistake in a file, under the filter's name;
    ``known`` is a registry (a mapping of ids to entries) or a list of terms. A registry's hint
    is ``validate``'s, which names the entries a name given instead of an id stands for."""
    from .explain import term_hint, vocabulary_message
    from .names import suggest

    if isinstance(known, (set, frozenset)):  # the visits: listed, and hinted, in one order every run
        known = sorted(known)
    hint = suggest(value, known) if isinstance(known, Mapping) else term_hint(value, known)
    known = list(known)
    return f"{name}: {vocabulary_message(known, value)}" + (f" ({hint})" if hint else "")


def _most_first(counts: Counter) -> dict[str, int]:
    """Counts from the largest, ties by name: the order ``stats`` prints them in."""
    return dict(sorted(counts.items(), key=lambda item: (-item[1], item[0])))
