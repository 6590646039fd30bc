"""Pydantic models and controlled vocabularies of the dataset.

The models are the single source of truth: the JSON Schema in ``schema/`` is generated from
them, so they only hold *structural* rules (types, vocabularies, patterns, required fields)
that JSON Schema can express too. Rules that need more than one value or more than one file
(an id matching its date, a reference resolving, an office held on the day) live in
``validate.py``; that split is what lets the model and the schema agree on every input.

Models are strict (no silent coercion: ``"3"`` is not ``3``), frozen, and forbid unknown
fields, because a typo in a hand-written YAML key must be an error, not a dropped fact.
"""
from __future__ import annotations

import calendar
import functools
from datetime import date as Date
from typing import Annotated, Any, Literal, NoReturn, get_args, get_origin

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, StringConstraints

from .isocodes import COUNTRIES, LANGUAGES

# --- vocabularies ---------------------------------------------------------------------------

GulfCountry = Literal["ARE", "BHR", "KWT", "OMN", "QAT", "SAU"]
PartyCountry = Literal["AZE", GulfCountry]  # typing flattens a nested Literal: one list of codes
GULF_COUNTRIES: tuple[str, ...] = get_args(GulfCountry)
"""The six Gulf states in code order: the columns of every count by state, the choices of ``new``."""
COUNTRY_NAMES: dict[str, str] = {code: COUNTRIES[code][0] for code in get_args(PartyCountry)}
"""Azerbaijan and the six, by ISO 3166-1's names."""

MeetingKind = Literal[
    "official_visit",
    "working_visit",
    "state_visit",
    "visit_unspecified",
    "meeting_unspecified",
    "multilateral_sidelines",
    "phone_call",
    "video_conference",
    "political_consultations",
    "joint_commission_session",
]
VISIT_KINDS: tuple[str, ...] = ("official_visit", "working_visit", "state_visit", "visit_unspecified")
"""Kinds in which one side travelled to the other: the record names its visiting side."""
DISTANT_KINDS: tuple[str, ...] = ("phone_call", "video_conference")
"""Kinds held at a distance: no visiting side, no host, no place."""
SESSION_KINDS: tuple[str, ...] = ("political_consultations", "joint_commission_session")
"""Kinds that are one of a numbered series (a round of consultations, a session of a commission):
the record may hold the number its sources give."""
MeetingFormat = Literal["one_on_one", "expanded_with_delegations", "restricted", "plenary"]
Side = Literal["visiting", "hosting", "neither"]
DateBasis = Literal["stated", "publication_date", "derived"]
DatePrecision = Literal["day", "month", "year"]
FactBasis = Literal["stated", "derived"]
RelatedEventType = Literal[
    "anniversary",
    "upcoming_session",
    "upcoming_event",
    "chairmanship",
    "past_event",
    "occasion",
]
Status = Literal["active", "withdrawn"]
TopicCategory = Literal["sector", "issue", "relations", "multilateral"]
OrganizationKind = Literal[
    "intergovernmental_organization",
    "intergovernmental_body",
    "bilateral_commission",
    "conference",
    "government_ministry",
    "news_agency",
]

VOCABULARIES: dict[str, tuple[str, ...]] = {
    "country": get_args(PartyCountry),
    "kind": get_args(MeetingKind),
    "format": get_args(MeetingFormat),
    "side": get_args(Side),
    "date_basis": get_args(DateBasis),
    "date_precision": get_args(DatePrecision),
    "fact_basis": get_args(FactBasis),
    "related_event_type": get_args(RelatedEventType),
    "status": get_args(Status),
    "topic_category": get_args(TopicCategory),
    "organization_kind": get_args(OrganizationKind),
}

# --- identifiers and constrained strings ----------------------------------------------------
# Patterns are written in the subset shared by Rust (pydantic-core) and Python (jsonschema)
# regular expressions, so both validators read them alike.

SLUG = r"[a-z0-9]+(-[a-z0-9]+)*"
LETTER_SLUG = r"[a-z][a-z0-9]*(-[a-z0-9]+)*"
MeetingId = Annotated[str, StringConstraints(pattern=rf"^[0-9]{{4}}-[0-9]{{2}}-[0-9]{{2}}-{SLUG}$", max_length=120)]
# A visit whose month no source fixes is named by its year alone; its slug then starts with a
# letter, so that "2010-06-..." can only be read as a year and a month.
VisitId = Annotated[str, StringConstraints(pattern=rf"^[0-9]{{4}}-([0-9]{{2}}-{SLUG}|{LETTER_SLUG})$",
                                           max_length=120)]
ENTITY_SLUG = rf"^{LETTER_SLUG}$"
PersonId = Annotated[str, StringConstraints(pattern=ENTITY_SLUG, max_length=80)]
OrganizationId = Annotated[str, StringConstraints(pattern=ENTITY_SLUG, max_length=80)]
TopicId = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9]*(_[a-z0-9]+)*$", max_length=60)]
Handle = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9][A-Za-z0-9-]*$", max_length=40)]
CountryCode = Literal[tuple(COUNTRIES)]  # type: ignore[valid-type]
"""Any country of ISO 3166-1 (a third country: where a meeting took place, where an office was held)."""
LanguageCode = Literal[tuple(LANGUAGES)]  # type: ignore[valid-type]
WikidataId = Annotated[str, StringConstraints(pattern=r"^Q[1-9][0-9]*$")]
FieldPath = Annotated[str, StringConstraints(pattern=r"^[a-z_]+(\[[0-9]+\])?(\.[a-z_]+(\[[0-9]+\])?)*$",
                                             max_length=120)]
"""Where in a record a fact sits, as error messages name it: ``date.value``, ``participants[1].office``."""
# Explicit character classes instead of \s: Rust and Python disagree on what is whitespace.
_CONTROL = r"\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029"
"""Control characters (all but tab and line feed) and the Unicode line and paragraph separators:
a YAML file may hold them as escapes ("\u2028"), but in an export they break CSV readers,
terminals and line-based tools, and no source text needs them."""
_INVISIBLE = r"\xad\u061c\u180e\u200b\u200e\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff"
"""Characters that are not seen but change how text is matched or shown: the soft hyphen, zero-width
space and word joiners, and the bidirectional marks, embeddings, overrides and isolates. Pasted
from a web page, they make two spellings of one name differ where a reader sees none, a web
address another page, and a title display in another order than it is stored ("Trojan Source").
The zero-width joiner and non-joiner are kept: Persian and other scripts need them."""
_SPACES = r"\xa0\u1680\u2000-\u200a\u202f\u205f\u3000"
"""The spaces other than the ordinary one (no-break, thin, ideographic, ...): at either end of a
name they are as stray as an ordinary space, and harder to see."""
REFUSED_CHARACTERS = _CONTROL + _INVISIBLE
"""What no text may hold, as the inside of a regular expression's character class."""
EDGE_SPACES = rf" \t\n{_SPACES}"
"""What text may not start with (nor a one-line text end with), likewise."""
_EDGE = EDGE_SPACES + REFUSED_CHARACTERS
_ONE_LINE = rf"^[^{_EDGE}]([^\n{REFUSED_CHARACTERS}]*[^{_EDGE}])?$"
Name = Annotated[str, StringConstraints(pattern=_ONE_LINE, max_length=200)]
Title = Annotated[str, StringConstraints(pattern=_ONE_LINE, max_length=160)]
Text = Annotated[str, StringConstraints(pattern=rf"^[^{_EDGE}][^{REFUSED_CHARACTERS}]*$", max_length=2000)]
_NOT_IN_URL = rf"\r{_EDGE}"
HttpsUrl = Annotated[str, StringConstraints(pattern=rf"^https://[^{_NOT_IN_URL}/]+\.[^{_NOT_IN_URL}/]+(/[^{_NOT_IN_URL}]*)?$",
                                            max_length=2000)]


PATTERN_MEANINGS: dict[str, str] = {
    MeetingId.__metadata__[0].pattern: "an id: the date YYYY-MM-DD, then lower-case words joined by hyphens",
    VisitId.__metadata__[0].pattern: ("a visit id: YYYY-MM (or YYYY alone when no source fixes the month), "
                                       "then lower-case words joined by hyphens"),
    ENTITY_SLUG: "an id of lower-case words joined by hyphens, e.g. jeyhun-bayramov or aze-mfa",
    TopicId.__metadata__[0].pattern: "a topic id of lower-case words joined by underscores, e.g. high_technology",
    Handle.__metadata__[0].pattern: "a handle of letters, digits and hyphens",
    WikidataId.__metadata__[0].pattern: "a Wikidata item id, e.g. Q42",
    FieldPath.__metadata__[0].pattern: "a field of the record as messages name it, e.g. date.value or participants[1].office",
    HttpsUrl.__metadata__[0].pattern: "an https:// web address without spaces or invisible characters",
    _ONE_LINE: "text on one line, without leading or trailing spaces, control characters or invisible characters",
    Text.__metadata__[0].pattern: ("text that does not start with a space or a line break, without control "
                                   "characters or invisible characters"),
}
"""What each pattern means, for error messages that a contributor can act on."""


def _integral_float_to_int(value: object) -> object:
    """JSON has one number type, so JSON Schema calls 3.0 an integer; agree with it."""
    return int(value) if isinstance(value, float) and value.is_integer() else value


# The bounds come before the validator: written after it, pydantic emits them into the JSON Schema
# as "ge"/"le", which are not JSON Schema keywords, so the schema silently accepted 0 (found by
# the model/schema agreement property).
Year = Annotated[int, Field(ge=1900, le=2100), BeforeValidator(_integral_float_to_int)]
Ordinal = Annotated[int, Field(ge=1, le=1000), BeforeValidator(_integral_float_to_int)]


def _empty_list() -> Any:
    """A list field's default: made by ``list`` for each record that leaves the field out, where a
    literal ``[]`` is deep-copied for each. A compiled bundle leaves out what equals its default,
    so ``load()`` built 15,000 empty lists from 10,000 synthetic meetings through ``copy.deepcopy``
    (measured: 27 ms of a 550 ms load). The schema still states the default."""
    return Field(default_factory=list, json_schema_extra={"default": []})


class _Model(BaseModel):
    # Fields are documented by the docstring under each one. Those reach the JSON Schema through
    # ``schema.py``, which reads them when it generates; pydantic's own reading of them
    # (``use_attribute_docstrings``) parses this file's source at every import (~15 ms measured).
    model_config = ConfigDict(strict=True, frozen=True, extra="forbid")


# --- registries -----------------------------------------------------------------------------


class Office(_Model):
    """An office a person held; dates only where a cited source gives them."""

    title: Name
    """The office as sources name it, e.g. "Minister of Foreign Affairs"."""
    country: CountryCode
    start: Date | None = None
    end: Date | None = None


class Person(_Model):
    """An official who appears in at least one meeting."""

    id: PersonId
    name: Name
    """The spelling most English-language sources use."""
    name_variants: list[Name] = _empty_list()
    """Other spellings and transliterations seen in sources."""
    offices: list[Office] = Field(min_length=1)
    wikidata: WikidataId | None = None
    """A Wikidata item, only once verified by a curator."""


class Organization(_Model):
    """An organization, body or conference a meeting refers to."""

    id: OrganizationId
    name: Name
    acronym: Name | None = None
    kind: OrganizationKind
    parent: OrganizationId | None = None
    """The organization this body belongs to, e.g. a network of the Non-Aligned Movement."""


class Topic(_Model):
    """A subject of discussion, from the controlled topic registry."""

    id: TopicId
    label: Name
    category: TopicCategory
    definition: Text


# --- meetings -------------------------------------------------------------------------------


def period_end(first: Date, precision: str) -> Date:
    """The last day of the day, month or year that ``first`` (its first day) stands for at
    ``precision``: where a coarse date's window ends when no ``latest`` narrows it. The chart
    places a meeting in that window, and the rules compare it with a visit's month."""
    if precision == "day":
        return first
    if precision == "month":
        return first.replace(day=calendar.monthrange(first.year, first.month)[1])
    return first.replace(month=12, day=31)


class MeetingDate(_Model):
    """When the meeting happened and how we know it.

    ``value`` is the best-supported day (or first day of the month/year for coarser
    precision); ``earliest``/``latest`` bound it when sources leave room for doubt.
    ``Meeting.edtf`` renders the same facts as an EDTF string.
    """

    value: Date
    precision: DatePrecision
    basis: DateBasis
    """stated: a source gives the date; publication_date: only a page's date is known;
    derived: worked out, e.g. from "on Wednesday" and corroborating reports (explain in note)."""
    earliest: Date | None = None
    latest: Date | None = None
    note: Text | None = None

    @property
    def iso(self) -> str:
        """``value`` at its precision, as ISO 8601 writes a day, a month or a year: what a reader
        that takes one date (schema.org's ``startDate``) can be given without claiming a day."""
        text = self.value.isoformat()
        return {"day": text, "month": text[:7], "year": text[:4]}[self.precision]


class Place(_Model):
    """Where the meeting took place; ``city`` stays null unless a cited source names it."""

    country: CountryCode | None
    city: Name | None
    city_basis: FactBasis | None = None
    note: Text | None = None


class Participant(_Model):
    """A person at the meeting, with the office held that day."""

    person: PersonId
    office: Name
    country: PartyCountry
    side: Side
    on_behalf_of: PersonId | None = None
    """Set only where a source says the person acted for someone else (e.g. a head of state)."""

    @property
    def person_record(self) -> Person:
        """The resolved ``Person``; set when the participant comes from ``gulfvisits.load()``."""
        person = attached_person(self)
        if person is None:
            raise LookupError(f"participant {self.person!r} was not loaded through a Dataset")
        return person


def attach_person(participant: Participant, person: Person | None) -> None:
    """Resolve ``participant.person_record``. The Person sits in pydantic's slot for private
    values without a declared private attribute: declaring one makes pydantic call Python code
    for every participant it builds, measured at a fifth of ``load()``."""
    object.__setattr__(participant, "__pydantic_private__", {"person": person})


def attached_person(participant: Participant, default: Any = None) -> Any:
    """The Person ``attach_person`` gave ``participant`` (None if it found none), or ``default``
    when nothing was ever attached."""
    return (participant.__pydantic_private__ or {}).get("person", default)


class FrozenList(list):  # type: ignore[type-arg]
    """What a record's list fields hold once it is in a Dataset: a list to every reader (JSON,
    pandas, ``isinstance``) that refuses changes. The models were frozen but their lists were
    not, so ``meeting.participants.sort(...)`` or ``meeting.topics.append(...)`` changed the
    records that every later ``load()`` in the process returns."""

    __slots__ = ()

    def _refuse(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise TypeError("a loaded record cannot be changed, and load() hands the same records to every "
                        "caller; change a copy instead, e.g. list(meeting.topics)")

    append = extend = insert = remove = pop = clear = sort = reverse = _refuse
    __setitem__ = __delitem__ = __iadd__ = __imul__ = _refuse

    def __reduce__(self) -> tuple[Any, tuple[list[Any]]]:
        """Pickle and copy by value: the default rebuilds a list subclass by appending to it."""
        return FrozenList, (list(self),)


def freeze_lists(record: BaseModel) -> None:
    """Turn ``record``'s list fields into FrozenLists, and those of the records its lists hold
    (a disagreement's readings, a reading's sources); the models are frozen, so the lists are
    swapped in beneath pydantic. By field name, not by looking at every value: 10^4 meetings
    took 65 ms, now 27 ms (medians)."""
    values = record.__dict__
    lists, nested = _list_fields(type(record))
    for name in lists:
        if type(values[name]) is list:
            values[name] = FrozenList(values[name])
    for name in nested:
        for item in values[name]:
            freeze_lists(item)


@functools.cache
def _list_fields(model: type[BaseModel]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The model's list fields, and those of them whose items are models with list fields of their own."""
    lists, nested = [], []
    for name, field in model.model_fields.items():
        item = next(filter(None, map(_list_item, (field.annotation, *get_args(field.annotation)))), None)
        if item is not None:
            lists.append(name)
            if isinstance(item, type) and issubclass(item, BaseModel) and any(_list_fields(item)):
                nested.append(name)
    return tuple(lists), tuple(nested)


def _list_item(annotation: Any) -> Any:
    """The item type of a list type, bare or with constraints (``format``'s, within ``| None``,
    keeps its Annotated); None for any other type."""
    if get_origin(annotation) is Annotated:
        annotation = get_args(annotation)[0]
    return get_args(annotation)[0] if get_origin(annotation) is list else None


class RelatedEvent(_Model):
    """An event the meeting refers to: an anniversary, an upcoming session, a chairmanship; or
    its ``occasion``, the summit, conference, exhibition or ceremony it was held at or for, which
    is how a researcher groups the meetings of one event."""

    type: RelatedEventType
    name: Title
    """Our short name for the event."""
    ordinal: Ordinal | None = None
    """30 for a 30th anniversary, 3 for a third session."""
    year: Year | None = None
    year_basis: FactBasis | None = None
    """derived when the source says "next year" or "this year" rather than the year."""
    date: Date | None = None
    organization: OrganizationId | None = None
    place: Name | None = None
    note: Text | None = None


class Reading(_Model):
    """What some sources say of a fact on which sources disagree."""

    value: Name
    """The fact as these sources give it, in the record's own form where it has one (a date as
    YYYY-MM-DD, an office as the record writes offices)."""
    sources: list[HttpsUrl] = _empty_list()
    """Addresses of the record's sources that give this reading."""
    reported_by: Name | None = None
    """Who gives it where the page is not among the record's sources (a copy at an http:// address,
    a report of a later year), in words: "Trend's copy of the ministry's statement"."""
    note: Text | None = None
    """How the sources put it, where the value is the record's form of their words: "on
    Wednesday" for a date, "the first session of the joint cooperation committee" for a kind."""


class Disagreement(_Model):
    """A fact on which the sources differ: what each says, which reading the record keeps, and why.
    The record's fields hold the kept reading; this keeps the others, so that a reader who trusts
    another source can tell which records it would change."""

    field: FieldPath
    """The record's field the sources disagree on, e.g. ``date.value`` or ``participants[1].office``."""
    readings: list[Reading] = Field(min_length=2)
    kept: Name | None
    """The value of the reading the record keeps; null when it keeps none and leaves the field open."""
    why: Text


class Source(_Model):
    """A public report the record rests on."""

    url: HttpsUrl
    publisher: Name
    published: Date | None
    """The page's own date; null when the page shows none."""
    language: LanguageCode
    cites: OrganizationId | None = None
    """The body the report says it relies on, e.g. a foreign ministry."""
    archived_url: HttpsUrl | None = None
    note: Text | None = None
    """What this source supports, where that is not everything."""


class Curation(_Model):
    """Who added and who last reviewed the record."""

    added_by: Handle
    added_on: Date
    reviewed_by: Handle | None = None
    reviewed_on: Date | None = None


class Withdrawal(_Model):
    """Why a record no longer counts. Its id stays reserved forever."""

    reason: Text
    withdrawn_on: Date
    replaced_by: MeetingId | None = None


class Meeting(_Model):
    """One meeting (or call) between Azerbaijani and Gulf officials."""

    id: MeetingId
    """``YYYY-MM-DD-slug``, equal to the file name; never changed, never reused."""
    status: Status
    title: Title
    summary: Text
    date: MeetingDate
    visit: VisitId | None = None
    """Groups the meetings of one trip (``YYYY-MM-slug``, or ``YYYY-slug`` when no source fixes the month)."""
    kind: MeetingKind
    session_number: Ordinal | None = None
    """7 for the seventh session of a commission or round of consultations, as the sources number
    it; null when they give no number. Only for the kinds in ``SESSION_KINDS``: where sources give
    different numbers, ``disagreements`` keeps the others."""
    countries: list[PartyCountry] = Field(min_length=2, max_length=2)
    """The dyad: Azerbaijan and one Gulf state."""
    visiting_country: PartyCountry | None
    host_country: CountryCode | None
    location: Place
    format: Annotated[list[MeetingFormat], Field(min_length=1)] | None
    """Formats in the order they happened; null when no source states the format. Not an empty
    list, which would say nothing that null does not, and which the tables cannot tell from null
    (found by the tables' round-trip property)."""
    participants: list[Participant] = Field(min_length=1)
    topics: list[TopicId] = _empty_list()
    organizations: list[OrganizationId] = _empty_list()
    related_events: list[RelatedEvent] = _empty_list()
    sources: list[Source] = Field(min_length=1)
    disagreements: list[Disagreement] = _empty_list()
    """Facts on which the cited sources (or others the curators read) give different readings."""
    curation: Curation
    withdrawal: Withdrawal | None = None

    @property
    def gulf_country(self) -> str:
        """The Gulf side of the dyad."""
        return next(c for c in self.countries if c != "AZE")

    @property
    def occasion(self) -> RelatedEvent | None:
        """The event the meeting was held at or for; every sidelines meeting has one."""
        return next((e for e in self.related_events if e.type == "occasion"), None)

    @property
    def edtf(self) -> str:
        """The date as Extended Date/Time Format (ISO 8601-2) text: ``?`` marks a date that
        is not stated by a source, an interval the window the sources leave open."""
        d = self.date
        if d.earliest and d.latest and d.earliest != d.latest:
            return f"{d.earliest.isoformat()}/{d.latest.isoformat()}"
        return d.iso if d.basis == "stated" else f"{d.iso}?"


REGISTRY_MODELS: dict[str, type[_Model]] = {
    "people": Person,
    "organizations": Organization,
    "topics": Topic,
}
