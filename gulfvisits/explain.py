"""Why a value was refused, in a contributor's words.

Pydantic reports ``literal_error`` at ``('kind',)``; a contributor needs "kind: expected one of:
official_visit, ...; found 'offical_visit' (text) (did you mean 'official_visit'?)" at a line and
column. The model engine and ``fmt`` word their errors here, and the JSON Schema engine
(``schema.located_errors``) words its own with the same helpers: a contributor reads the same
message whichever engine refused a value.
"""
from __future__ import annotations

import difflib
import functools
import re
import unicodedata
from datetime import date
from typing import Any, Iterable

from pydantic import BaseModel, ValidationError

from . import models
from .errors import RecordError, field_path
from .folding import words
from .isocodes import COUNTRIES, COUNTRY_SPELLINGS, LANGUAGES
from .models import Meeting
from .yamlio import Document, Loc

_EXPECTED = {
    "string_type": "expected text",
    "int_type": "expected a whole number",
    "bool_type": "expected true or false",
    "date_type": "expected a date written as YYYY-MM-DD without quotes",
    "list_type": "expected a list",
    "model_type": "expected a mapping of fields",
    "dict_type": "expected a mapping of fields",
    "model_attributes_type": "expected a mapping of fields",
    "none_required": "expected null",
}


_JSON_TYPE_KINDS = {"string": "string_type", "integer": "int_type", "boolean": "bool_type", "array": "list_type",
                    "object": "dict_type", "null": "none_required", "date": "date_type"}
"""JSON Schema's type names (and its ``date`` format, the one type JSON lacks), as the pydantic
error kinds whose wording ``_EXPECTED`` holds."""


def expected_type(json_type: str) -> str:
    """What a JSON Schema ``type`` (or ``format``) asks for, in the words the model engine uses."""
    kind = _JSON_TYPE_KINDS.get(json_type)
    return _EXPECTED[kind] if kind else f"expected {json_type}"


def text_hint(value: Any) -> str | None:
    """Where text was expected and YAML read a date or a number: the quotes that keep it text. A
    reading of a disputed date (``value: 2025-02-11``) is text, and YAML reads it as a date."""
    if isinstance(value, date) or (isinstance(value, (int, float)) and not isinstance(value, bool)):
        written = value.isoformat() if isinstance(value, date) else repr(value)
        return f"put it in quotes to keep it text: '{written}'"
    return None


def count_message(at_least: bool, bound: int, value: Any) -> str:
    """Too few or too many items (pydantic's too_short/too_long, JSON Schema's minItems/maxItems)."""
    return f"needs {'at least' if at_least else 'at most'} {bound} item(s); found {describe(value)}"


def range_message(at_least: bool, bound: Any, value: Any) -> str:
    """A number out of range (pydantic's ge/le, JSON Schema's minimum/maximum)."""
    return f"must be {'at least' if at_least else 'at most'} {bound}; found {describe(value)}"


def text_length_message(bound: int, value: Any) -> str:
    """Text over its limit. The message gives the length found, not the text: ``describe`` cuts
    text at 60 characters, which would hide how much has to go."""
    found = f"{len(value)} characters" if isinstance(value, str) else describe(value)
    return f"must be at most {bound} characters; found {found}"


def first_few(items: list[str], limit: int) -> str:
    """``items`` joined with commas, cut after ``limit`` with ", ...": a message names a few and
    says that there are more."""
    return ", ".join(items[:limit]) + (", ..." if len(items) > limit else "")


def vocabulary_message(terms: list[str], value: Any) -> str:
    """A value outside its list of terms; a long list is cut after twelve (the hint then names
    the nearest term), and a whole ISO code list is described, not listed."""
    codes = _drawn_from(terms)
    if codes is not None and len(terms) == len(codes.names):
        return f"expected {codes.described}; found {describe(value)}"
    return f"expected one of: {first_few(terms, 12)}; found {describe(value)}"


def pattern_message(pattern: str, value: Any) -> str:
    """Text of the wrong shape, described by what the pattern means rather than by the pattern."""
    return f"expected {pattern_meaning(pattern)}; found {describe(value)}{_culprit(value)}"


@functools.cache
def _refused_characters() -> tuple[re.Pattern[str], re.Pattern[str]]:
    return (re.compile(f"[{models.REFUSED_CHARACTERS}]"),
            re.compile(f"^[{models.EDGE_SPACES}]|[{models.EDGE_SPACES}]\\Z"))


def _culprit(value: Any) -> str:
    """The character a text was refused for, by its Unicode name: an invisible one shows in the
    quoted value only as an escape ('\\u202e'), which says what to look for but not what it is."""
    if not isinstance(value, str):
        return ""
    anywhere, at_an_end = _refused_characters()
    found = anywhere.search(value) or at_an_end.search(value)
    if found is None or found.group() == " ":
        return ""
    character = found.group()
    name = unicodedata.name(character, "a control character")
    return f"; its character {found.start() + 1} is U+{ord(character):04X} ({name})"


def describe(value: Any) -> str:
    """A value as YAML read it, type included: "found 2025 (int)" against "found '2025' (text)"
    is often the whole mistake."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return f"a list of {len(value)}" if value else "an empty list"
    if isinstance(value, date):
        return f"the date {value.isoformat()}"
    if isinstance(value, str):
        return f"{quoted(value)} (text)"
    return f"{value!r} ({type(value).__name__})"


def quoted(text: str) -> str:
    """Text as a message quotes it, cut to 60 characters: a pasted page is not echoed whole."""
    return repr(text if len(text) <= 60 else text[:57] + "...")


def closest(word: Any, options: Iterable[str]) -> str | None:
    """A "did you mean" hint, or None when no option is close: no hint beats a wrong one."""
    if not isinstance(word, str):
        return None
    found = difflib.get_close_matches(word, list(options), n=1, cutoff=0.6)
    return f"did you mean '{found[0]}'?" if found else None


def _letters(text: str) -> str:
    """The words run together, as names compare them: "Turkiye" is how many keyboards write
    Türkiye, and "u.a.e." is UAE."""
    return "".join(words(text))


class _CodeList:
    """An ISO code list a field takes: too long to list in a message, and a code is found from
    how a contributor may write it ("u.a.e.", "Saudi Arabia", "eng"), never by likeness of
    letters: 'UAE' is one letter from 'AZE', and 'ARM' (Armenia) from 'ARE'."""

    def __init__(self, names: dict[str, tuple[str, ...]], described: str, more: dict[str, tuple[str, ...]]):
        self.names = names  # code: (name, other codes and names)
        self.described = described
        self.more = more  # spellings that ISO does not give

    @functools.cached_property
    def by_spelling(self) -> dict[str, str]:
        """Letters only, case folded; a test holds that no two codes share a spelling. Built at
        the first hint, not at import: 2 ms that a run without a wrong code never needs."""
        return {_letters(spelling): code for code, spellings in self.names.items()
                for spelling in (code, *spellings, *self.more.get(code, ()))}


_CODE_LISTS = (
    _CodeList(COUNTRIES, "an ISO 3166-1 alpha-3 country code in capitals, e.g. KWT", COUNTRY_SPELLINGS),
    _CodeList(LANGUAGES, "a two-letter ISO 639-1 language code, e.g. en",
              {"az": ("Azeri",), "he": ("iw",), "id": ("in",), "yi": ("ji",)}),  # "iw": withdrawn in 1989
)


def _drawn_from(terms: list[str]) -> _CodeList | None:
    """The ISO list ``terms`` come from: all of it, or some (the seven countries of a meeting)."""
    return next((codes for codes in _CODE_LISTS if set(terms) <= codes.names.keys()), None)


def term_hint(value: Any, terms: Iterable[str]) -> str | None:
    """A "did you mean" for a value outside a list of terms: a term in other letter case first,
    then an ISO code by the ways it is written, else the closest term."""
    if not isinstance(value, str):
        return None
    terms = list(terms)
    same = [term for term in terms if term.casefold() == value.strip().casefold()]
    if same:
        return f"did you mean '{same[0]}'?"
    codes = _drawn_from(terms)
    if codes is not None:
        code = codes.by_spelling.get(_letters(value))
        return f"did you mean '{code}' ({codes.names[code][0]})?" if code in terms else None
    return closest(value, terms)


def pattern_meaning(pattern: str) -> str:
    return models.PATTERN_MEANINGS.get(pattern, f"text matching {pattern}")


def fields_at(model: type[BaseModel], loc: Loc) -> list[str]:
    """The field names allowed at ``loc`` inside ``model``, for "did you mean" hints."""
    import typing

    current: Any = model
    for part in loc:
        if isinstance(part, int):
            continue
        if not (isinstance(current, type) and issubclass(current, BaseModel)) or part not in current.model_fields:
            return []
        annotation = current.model_fields[part].annotation
        while typing.get_args(annotation) and not (isinstance(annotation, type) and issubclass(annotation, BaseModel)):
            annotation = next((a for a in typing.get_args(annotation)
                               if isinstance(a, type) and issubclass(a, BaseModel)), typing.get_args(annotation)[0])
        current = annotation
    return list(current.model_fields) if isinstance(current, type) and issubclass(current, BaseModel) else []


def model_errors(exc: ValidationError, document: Document, prefix: Loc = (), record_id: str | None = None,
                 model: type[BaseModel] | None = None) -> list[RecordError]:
    """Turn a pydantic ValidationError into located RecordErrors (``model`` sharpens hints)."""
    model = model or Meeting
    out = []
    for err in exc.errors(include_url=False):
        loc = (*prefix, *err["loc"])
        kind = err["type"]
        value = err.get("input")
        hint = None
        if kind == "extra_forbidden":
            location = document.locate(loc, key=True)
            message = f"unknown field '{loc[-1]}'"
            hint = closest(loc[-1], fields_at(model, err["loc"][:-1]))
            code = "schema.extra"
        elif kind == "missing":
            location = document.locate(loc[:-1])  # where the field belongs; ``loc`` still names it
            message = f"missing required field '{loc[-1]}'"
            code = "schema.missing"
        elif kind == "literal_error":
            expected = [o.strip().strip("'") for o in err["ctx"]["expected"].replace(" or ", ", ").split(", ")]
            location = document.locate(loc)
            message = vocabulary_message(expected, value)
            hint = term_hint(value, expected)
            code = "schema.vocabulary"
        elif kind == "string_pattern_mismatch":
            location = document.locate(loc)
            message = pattern_message(err["ctx"]["pattern"], value)
            code = "schema.pattern"
        elif kind in ("too_short", "too_long"):
            location = document.locate(loc)
            at_least = kind == "too_short"
            message = count_message(at_least, err["ctx"]["min_length" if at_least else "max_length"], value)
            code = f"schema.{kind}"
        elif kind == "string_too_long":
            location = document.locate(loc)
            message = text_length_message(err["ctx"]["max_length"], value)
            code = "schema.string_too_long"
        elif kind in ("greater_than_equal", "less_than_equal"):
            location = document.locate(loc)
            at_least = kind == "greater_than_equal"
            message = range_message(at_least, err["ctx"]["ge" if at_least else "le"], value)
            code = "schema.range"
        elif kind in _EXPECTED:
            location = document.locate(loc)
            message = f"{_EXPECTED[kind]}; found {describe(value)}"
            code = "schema.type"
            hint = text_hint(value) if kind == "string_type" else None
        else:
            location = document.locate(loc)
            message = f"{err['msg'][0].lower()}{err['msg'][1:]}; found {describe(value)}"
            code = f"schema.{kind}"
        out.append(RecordError(message, location=location, code=code, field=field_path(loc) or None,
                               record_id=record_id, hint=hint))
    return out
