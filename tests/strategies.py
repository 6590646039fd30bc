"""Hypothesis strategies for records, valid by construction against the models.

Used by the round-trip, schema-agreement and fuzz tests. Values are drawn from the real
vocabularies so that a new vocabulary term is exercised without touching this file.
"""
from __future__ import annotations

import re
from datetime import date
from typing import Any

from hypothesis import strategies as st

from gulfvisits.isocodes import COUNTRIES, LANGUAGES
from gulfvisits.models import EDGE_SPACES, REFUSED_CHARACTERS, VOCABULARIES

GULF = [c for c in VOCABULARIES["country"] if c != "AZE"]
_ALNUM = "abcdefghijklmnopqrstuvwxyz0123456789"
_part = st.text(_ALNUM, min_size=1, max_size=6)
slug = st.lists(_part, min_size=1, max_size=3).map("-".join)
entity_id = st.builds(lambda first, rest: first + rest, st.sampled_from("abcdefghijklmnopqrstuvwxyz"), slug)
topic_id = entity_id.map(lambda s: s.replace("-", "_"))
handle = st.text(_ALNUM + "-", max_size=10).map(lambda s: "a" + s)
language = st.sampled_from(sorted(LANGUAGES))
any_country = st.sampled_from(sorted(COUNTRIES))  # where a meeting took place: a third country too
dates = st.dates(min_value=date(1995, 1, 1), max_value=date(2026, 1, 1))
_PRINTABLE = ("Cs", "Cc", "Zl", "Zp")  # left out: surrogates, control characters, line and paragraph separators
_INVISIBLE = "".join(c for c in map(chr, range(0x10000)) if re.match(f"[{REFUSED_CHARACTERS}]", c))
_inner = st.characters(blacklist_categories=_PRINTABLE, blacklist_characters=_INVISIBLE)
_char = st.characters(blacklist_categories=(*_PRINTABLE, "Zs"), blacklist_characters=_INVISIBLE)  # no space of any kind
one_line = st.builds(lambda a, b, c: a + b + c if b or c else a, _char, st.text(
    _inner | st.just("\t"), max_size=40), st.one_of(st.just(""), _char)
).filter(lambda s: len(s) <= 160 and not re.match(f"[{EDGE_SPACES}]", s[-1]))
text = st.builds(lambda a, b: a + b, _char, st.text(_inner | st.sampled_from("\t\n"), max_size=120))
url = st.builds(lambda host, path: f"https://{host}.example/{path}", slug, slug)


def maybe(strategy: st.SearchStrategy) -> st.SearchStrategy:
    return st.one_of(st.none(), strategy)


def optional_fields(required: dict[str, Any], optional: dict[str, st.SearchStrategy]) -> st.SearchStrategy:
    """A mapping with every required field and any subset of the optional ones."""
    return st.fixed_dictionaries(required, optional=optional)


@st.composite
def meeting_dates(draw) -> dict[str, Any]:
    value = draw(dates)
    return draw(optional_fields(
        {"value": st.just(value), "precision": st.sampled_from(VOCABULARIES["date_precision"]),
         "basis": st.sampled_from(VOCABULARIES["date_basis"])},
        {"earliest": st.just(value), "latest": st.just(value), "note": text}))


participants = optional_fields(
    {"person": entity_id, "office": one_line, "country": st.sampled_from(VOCABULARIES["country"]),
     "side": st.sampled_from(VOCABULARIES["side"])},
    {"on_behalf_of": maybe(entity_id)})

related_events = optional_fields(
    {"type": st.sampled_from(VOCABULARIES["related_event_type"]), "name": one_line},
    {"ordinal": maybe(st.integers(1, 1000)), "year": maybe(st.integers(1900, 2100)),
     "year_basis": maybe(st.sampled_from(VOCABULARIES["fact_basis"])), "date": maybe(dates),
     "organization": maybe(entity_id), "place": maybe(one_line), "note": maybe(text)})

sources = optional_fields(
    {"url": url, "publisher": one_line, "published": maybe(dates), "language": language},
    {"cites": maybe(entity_id), "archived_url": maybe(url), "note": maybe(text)})

_segment = st.builds(lambda name, index: name if index is None else f"{name}[{index}]",
                     st.text("abcdefghijklmnopqrstuvwxyz_", min_size=1, max_size=12), maybe(st.integers(0, 20)))
field_path = st.lists(_segment, min_size=1, max_size=3).map(".".join).filter(lambda s: len(s) <= 120)
readings = optional_fields({"value": one_line}, {"sources": st.lists(url, max_size=2), "reported_by": maybe(one_line),
                                                    "note": maybe(text)})
disagreements = st.fixed_dictionaries({"field": field_path, "readings": st.lists(readings, min_size=2, max_size=3),
                                       "kept": maybe(one_line), "why": text})


@st.composite
def meetings(draw) -> dict[str, Any]:
    """A meeting mapping as the YAML reader would produce it (dates as ``date`` objects)."""
    when = draw(meeting_dates())
    gulf = draw(st.sampled_from(GULF))
    required = {
        "id": st.just(f"{when['value'].isoformat()}-{draw(slug)}"),
        "status": st.sampled_from(VOCABULARIES["status"]),
        "title": one_line,
        "summary": text,
        "date": st.just(when),
        "kind": st.sampled_from(VOCABULARIES["kind"]),
        "countries": st.just(["AZE", gulf]),
        "visiting_country": maybe(st.sampled_from(["AZE", gulf])),
        "host_country": maybe(st.sampled_from(["AZE", gulf]) | any_country),
        "location": optional_fields({"country": maybe(st.sampled_from(["AZE", gulf]) | any_country), "city": maybe(one_line)},
                                    {"city_basis": maybe(st.sampled_from(VOCABULARIES["fact_basis"])), "note": maybe(text)}),
        "format": maybe(st.lists(st.sampled_from(VOCABULARIES["format"]), min_size=1, max_size=2, unique=True)),
        "participants": st.lists(participants, min_size=1, max_size=4),
        "sources": st.lists(sources, min_size=1, max_size=3),
        "curation": optional_fields({"added_by": handle,
                                     "added_on": dates}, {}),
    }
    optional = {
        "visit": st.one_of(st.builds(lambda d, s: f"{d.isoformat()[:7]}-{s}", dates, slug),
                           st.builds(lambda d, s: f"{d.year:04d}-{s}", dates, entity_id)),
        "session_number": maybe(st.integers(1, 1000)),
        "topics": st.lists(topic_id, max_size=5, unique=True),
        "organizations": st.lists(entity_id, max_size=4, unique=True),
        "related_events": st.lists(related_events, max_size=3),
        "disagreements": st.lists(disagreements, max_size=2),
        "withdrawal": maybe(optional_fields({"reason": text, "withdrawn_on": dates}, {"replaced_by": maybe(st.just(f"{when['value'].isoformat()}-other"))})),
    }
    return draw(optional_fields(required, optional))
