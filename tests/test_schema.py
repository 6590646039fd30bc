"""The JSON Schema is generated, current, and agrees with the models on every input."""
from __future__ import annotations

import json
import re
from datetime import date
from typing import Any

import pytest
from hypothesis import given, note, strategies as st
from pydantic import BaseModel, ValidationError

import gulfvisits
from gulfvisits import schema
from gulfvisits.models import Meeting, VOCABULARIES
from strategies import meetings

from conftest import REPO, a_share_of_the_examples

MEETING_VALIDATOR = schema.validator("meeting")


def as_json(data: Any) -> Any:
    """What a JSON-Schema-only contributor validates: dates become ISO strings."""
    return json.loads(json.dumps(data, default=lambda v: v.isoformat() if isinstance(v, date) else str(v)))


def model_accepts(document: Any, model: type[BaseModel] = Meeting) -> bool:
    try:
        model.model_validate_json(json.dumps(document))
        return True
    except ValidationError:
        return False


def schema_accepts(document: Any) -> bool:
    return MEETING_VALIDATOR.is_valid(document)


def test_committed_schema_matches_models():
    assert schema.drift(REPO / "schema") == []


def test_schema_header_is_versioned_draft_2020_12():
    # the files each schema is for, so that an editor's user can tell which one to map where
    applies_to = {"meeting": "meetings/<year>/<id>.yaml", "people": "people.yaml",
                  "organizations": "organizations.yaml", "topics": "topics.yaml"}
    for name in schema.SCHEMAS:
        document = json.loads((REPO / "schema" / schema.file_name(name)).read_text(encoding="utf-8"))
        assert document["$schema"] == "https://json-schema.org/draft/2020-12/schema"
        assert document["$id"] == f"urn:gulfvisits:schema:{name}:{gulfvisits.__version__}"
        assert "gulfvisits schema --write" in document["$comment"]
        assert document["$comment"].endswith(f" Applies to {applies_to[name]}.")
        # the file type's own title and description, not those pydantic gives the model or list
        assert (document["title"], document["description"]) == (f"gulfvisits {name}", schema.SCHEMAS[name][1])
        # read top down: what the file is first, then its rules
        assert list(document)[:5] == ["$schema", "$id", "$comment", "title", "description"]
        if name == "meeting":  # its fields in the order of the model, which is the order of a record file
            assert list(document["properties"]) == list(Meeting.model_fields)


def test_vocabularies_are_enums_in_the_schema():
    properties = schema.generate("meeting")["properties"]
    assert properties["kind"]["enum"] == list(VOCABULARIES["kind"])
    assert properties["status"]["enum"] == list(VOCABULARIES["status"])
    text = json.dumps(schema.generate("meeting"))
    for term in VOCABULARIES["format"] + VOCABULARIES["side"] + VOCABULARIES["date_basis"]:
        assert f'"{term}"' in text


@given(meetings())
def test_valid_meetings_accepted_by_both(data):
    document = as_json(data)
    assert model_accepts(document)
    assert schema_accepts(document), list(MEETING_VALIDATOR.iter_errors(document))


def _paths(value: Any, prefix: tuple = ()) -> list[tuple]:
    found = [prefix]
    if isinstance(value, dict):
        for key, child in value.items():
            found += _paths(child, (*prefix, key))
    elif isinstance(value, list):
        for index, child in enumerate(value):
            found += _paths(child, (*prefix, index))
    return found


def _replace(document: Any, path: tuple, new: Any) -> Any:
    if not path:
        return new
    copy = json.loads(json.dumps(document))
    target = copy
    for part in path[:-1]:
        target = target[part]
    target[path[-1]] = new
    return copy


def _delete(document: Any, path: tuple) -> Any:
    copy = json.loads(json.dumps(document))
    target = copy
    for part in path[:-1]:
        target = target[part]
    del target[path[-1]]
    return copy


odd_values = st.one_of(
    st.none(), st.booleans(), st.integers(-5, 3000), st.floats(allow_nan=False, allow_infinity=False),
    st.just(3.0), st.text(max_size=12), st.just(""), st.just(" padded "), st.just("Title\n"), st.just("x\x1c"),
    st.just("A\u2028B"), st.just("x\x85"), st.just("\tx"), st.just("x\ty"),
    st.just("x\u200b"), st.just("a\u202eb"), st.just("\xa0x"), st.just("x\u3000"), st.just("x\xa0y"),
    st.just("https://a.b/\u2066c"),
    st.just("2025-02-30"), st.just("20250512"), st.just("2025-05-12T00:00:00"), st.just("https://a.b/c d"),
    st.sampled_from([t for terms in VOCABULARIES.values() for t in terms]),
    st.lists(st.integers(), max_size=2), st.just({}), st.just({"unexpected": 1}))


@given(meetings(), st.data())
def test_model_and_schema_agree_on_arbitrary_edits(data, draw):
    document = as_json(data)
    for _ in range(draw.draw(st.integers(1, 3))):
        path = draw.draw(st.sampled_from(_paths(document)))
        if path and draw.draw(st.booleans()) and isinstance(path[-1], str):
            document = _delete(document, path)
        else:
            document = _replace(document, path, draw.draw(odd_values))
    note(json.dumps(document, ensure_ascii=False)[:2000])
    assert model_accepts(document) == schema_accepts(document)


REQUIRED = ["id", "status", "title", "summary", "date", "kind", "countries", "visiting_country", "host_country",
            "location", "format", "participants", "sources", "curation"]

MUTATIONS = {
    "unknown top-level field": lambda d: {**d, "notes": "x"},
    "unknown nested field": lambda d: _replace(d, ("location", "region"), "Gulf"),
    "kind outside the vocabulary": lambda d: {**d, "kind": "official visit"},
    "participant side outside the vocabulary": lambda d: _replace(d, ("participants", 0, "side"), "host"),
    "title is a number": lambda d: {**d, "title": 12},
    "no sources": lambda d: {**d, "sources": []},
    "no participants": lambda d: {**d, "participants": []},
    "http source": lambda d: _replace(d, ("sources", 0, "url"), "http://example.org/x"),
    "id with upper case": lambda d: {**d, "id": d["id"] + "-X"},
    "three countries": lambda d: {**d, "countries": ["AZE", "BHR", "KWT"]},
    "lower-case country": lambda d: {**d, "countries": ["aze", "bhr"]},
    "impossible date": lambda d: _replace(d, ("date", "value"), "2025-02-30"),
    "year as text": lambda d: {**d, "related_events": [{"type": "anniversary", "name": "x", "year": "2026"}]},
    "title with trailing newline": lambda d: {**d, "title": "A title\n"},
    "visit without a slug": lambda d: {**d, "visit": "2010-06"},
    "year-only visit whose slug starts with a digit": lambda d: {**d, "visit": "2010-6-baku"},
}


@pytest.mark.parametrize("field", REQUIRED)
@a_share_of_the_examples(6)
@given(data=meetings())
def test_missing_required_field_rejected_by_both(field, data):
    document = as_json(data)
    del document[field]
    assert not model_accepts(document)
    assert not schema_accepts(document)


@pytest.mark.parametrize("name", MUTATIONS)
@a_share_of_the_examples(6)
@given(data=meetings())
def test_mutations_rejected_by_both(name, data):
    document = MUTATIONS[name](as_json(data))
    assert not model_accepts(document), name
    assert not schema_accepts(document), name


@pytest.mark.parametrize("name", ["people", "organizations", "topics"])
def test_registries_validate_against_their_schema(name):
    from gulfvisits.yamlio import read_file

    document = as_json(read_file(REPO / "records" / f"{name}.yaml").data)
    assert list(schema.validator(name).iter_errors(document)) == []


def test_cli_schema_check_detects_drift(tmp_path, cli):
    written = cli("schema", "--write", "--dir", str(tmp_path))
    assert (written.code, written.stdout.splitlines()) == (
        0, [f"wrote {tmp_path / schema.file_name(name)}" for name in schema.SCHEMAS])  # each file it wrote
    assert cli("schema", "--check", "--dir", str(tmp_path)).code == 0
    path = tmp_path / "meeting.schema.json"
    path.write_text(path.read_text(encoding="utf-8").replace('"official_visit"', '"official-visit"'), encoding="utf-8")
    result = cli("schema", "--check", "--dir", str(tmp_path))
    assert result.code == 1
    assert result.stderr == "meeting.schema.json: differs from the models; run `gulfvisits schema --write`\n"
    (tmp_path / "topics.schema.json").unlink()  # said "differs from the models" too
    assert cli("schema", "--check", "--dir", str(tmp_path)).stderr.splitlines()[1] == (
        "topics.schema.json: is missing; run `gulfvisits schema --write`")
    nowhere = cli("schema", "--check", "--dir", str(tmp_path / "nowhere"))
    assert (nowhere.code, nowhere.stderr) == (2, f"Error: {tmp_path / 'nowhere'} is not a directory\n")


@pytest.mark.parametrize(("args", "expected"), [
    (("--check", "{tmp}"), "--check covers every schema, so it takes no name ('{tmp}'); a folder is given with --dir"),
    (("--write", "meeting"), "--write covers every schema, so it takes no name ('meeting'); a folder is given with --dir"),
    (("--dir", "{tmp}", "meeting"), "--dir is the folder that --write and --check use; printing a schema reads no folder"),
])
def test_schema_refuses_an_argument_it_would_ignore(tmp_path, cli, args, expected):
    """``schema --check other/folder`` said "OK" about the project's own schema/, and ``--write
    meeting`` rewrote all four files: the argument was dropped without a word."""
    before = {path.name: path.read_bytes() for path in (REPO / "schema").iterdir()}
    result = cli("schema", *(arg.format(tmp=tmp_path) for arg in args))
    assert (result.code, result.stdout, result.stderr) == (2, "", f"Error: {expected.format(tmp=tmp_path)}\n")
    assert {path.name: path.read_bytes() for path in (REPO / "schema").iterdir()} == before
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("name", [None, "meeting", "people", "organizations", "topics"])
def test_schema_prints_the_committed_file_of_the_schema_named(cli, name):
    """``gulfvisits schema people`` is how a user feeds a schema to another tool (an editor's YAML
    plugin, check-jsonschema); it prints exactly the committed file, the meeting schema by default."""
    result = cli("schema", *([name] if name else []))
    assert (result.code, result.stderr) == (0, "")
    assert result.stdout == (REPO / "schema" / f"{name or 'meeting'}.schema.json").read_text(encoding="utf-8")


def test_schema_names_the_schemas_there_are_when_asked_for_another(cli):
    result = cli("schema", "person")
    assert (result.code, result.stdout) == (2, "")
    assert result.stderr == "Error: unknown schema 'person'; choose from meeting, people, organizations, topics\n"


@pytest.mark.parametrize("holder", ["file", "link to nowhere"])
def test_schema_write_into_what_is_not_a_folder_says_what_it_is_and_writes_nothing(tmp_path, holder):
    """A file said only "File exists"; a link to nowhere was written through, making a folder
    where it led."""
    from gulfvisits.errors import UsageError

    given, gone = tmp_path / "schema", tmp_path / "gone"
    if holder == "file":
        given.write_text("", encoding="utf-8")
        expected = f"{given} is a file, and --dir takes a folder"
    else:
        given.symlink_to(gone)
        expected = f"{given} is a symbolic link to {gone}, which does not exist; --dir takes a folder"
    with pytest.raises(UsageError) as refused:
        schema.write(given)
    assert str(refused.value) == expected
    assert [p.name for p in tmp_path.iterdir()] == ["schema"]


def _keys(node: Any) -> set[str]:
    if isinstance(node, dict):
        return set(node) | {k for value in node.values() for k in _keys(value)}
    if isinstance(node, list):
        return {k for value in node for k in _keys(value)}
    return set()


def test_generated_schemas_use_only_json_schema_bound_keywords():
    """pydantic writes bounds placed after a BeforeValidator as "ge"/"le", which JSON Schema
    ignores; the schema then accepted an ordinal of 0 (found by the agreement property above)."""
    for path in (REPO / "schema").glob("*.schema.json"):
        assert not _keys(json.loads(path.read_text(encoding="utf-8"))) & {"ge", "le", "gt", "lt"}, path.name


def _smallest_meeting() -> dict[str, Any]:
    return {"id": "2000-01-01-0", "status": "active", "title": "0", "summary": "0",
            "date": {"value": "2000-01-01", "precision": "day", "basis": "stated"}, "kind": "official_visit",
            "countries": ["AZE", "ARE"], "visiting_country": None, "host_country": None,
            "location": {"country": None, "city": None}, "format": None,
            "participants": [{"person": "a0", "office": "0", "country": "AZE", "side": "visiting"}],
            "sources": [{"url": "https://0.example/0", "publisher": "0", "published": None, "language": "aa"}],
            "curation": {"added_by": "a", "added_on": "2000-01-01"}}


@pytest.mark.parametrize("field, value", [("ordinal", 0), ("ordinal", 1001), ("year", 1899), ("year", 2101)])
def test_out_of_range_numbers_are_refused_by_model_and_schema_alike(field, value):
    document = {**_smallest_meeting(), "related_events": [{"type": "anniversary", "name": "0", field: value}]}
    assert (model_accepts(document), schema_accepts(document)) == (False, False)
    document["related_events"][0][field] = 2000 if field == "year" else 3
    assert (model_accepts(document), schema_accepts(document)) == (True, True)
    document["related_events"][0][field] = 2000.0 if field == "year" else 3.0  # an integer to JSON Schema
    assert (model_accepts(document), schema_accepts(document)) == (True, True)


def _fuller_meeting() -> dict[str, Any]:
    """The smallest meeting with a visit, a topic and a disagreement, so every kind of id has a place."""
    reading = {"value": "2000-01-01", "sources": ["https://0.example/0"]}
    return {**_smallest_meeting(), "visit": "2000-01-a", "topics": ["a"],
            "disagreements": [{"field": "date.value", "readings": [reading, {"value": "1999-12-31"}],
                               "kept": "2000-01-01", "why": "0"}]}


def _with(document: Any, path: tuple, value: Any) -> Any:
    """``document`` with ``value`` at ``path``; ``...`` leaves the key out."""
    return _delete(document, path) if value is ... else _replace(document, path, value)


_URL = "https://0.example/"
# Where each rule of the meeting schema stops: a value just inside it, and one just outside (the
# rules MUTATIONS above breaks whole are not repeated). The limits are written out here, not read
# from the models, so that a rule loosened in the models (and in the schema generated from them)
# fails this test, not only the check that the schema is current.
_EDGES = [
    (("id",), "2000-01-01-" + "a" * 109, "2000-01-01-" + "a" * 110),  # 120 characters at most
    (("visit",), "2000-01-" + "a" * 112, "2000-01-" + "a" * 113),
    (("title",), "a" * 160, "a" * 161),
    (("title",), "a b", "a\nb"),  # one line
    (("summary",), "a" * 2000, "a" * 2001),
    (("sources", 0, "publisher"), "a" * 200, "a" * 201),
    (("sources", 0, "url"), _URL + "a" * (2000 - len(_URL)), _URL + "a" * (2001 - len(_URL))),
    (("sources", 0, "url"), "https://0.example/0", "https://localhost/0"),  # a host with a dot
    (("sources", 0, "published"), None, ...),  # null when the page shows no date, but written
    (("participants", 0, "person"), "a" * 80, "a" * 81),
    (("participants", 0, "person"), "a0", "0a"),  # starts with a letter
    (("participants", 0, "country"), "ARE", "FRA"),  # Azerbaijan or a Gulf state, not any country
    (("visiting_country",), "AZE", "FRA"),
    (("topics", 0), "a" * 60, "a" * 61),
    (("topics", 0), "high_technology", "high-technology"),
    (("curation", "added_by"), "a" * 40, "a" * 41),
    (("curation", "added_by"), "a-0", "-a0"),  # a handle starts with a letter or a digit
    (("disagreements", 0, "field"), "participants[1].office", "participants..office"),
    (("disagreements", 0, "field"), "date.value", "date.value[x]"),
    (("disagreements", 0, "kept"), None, ...),  # null when no reading is kept, but written
    (("disagreements", 0, "readings"), [{"value": "a"}, {"value": "b"}], [{"value": "a"}]),
    (("format",), ["one_on_one"], []),
    (("status",), "withdrawn", "draft"),
]


def _edge_ids(edges: list[tuple[tuple[Any, ...], Any, Any]]) -> list[str]:
    """Test ids that name the field, not the values (some are 2,000 characters long)."""
    return [f"{'.'.join(map(str, path))}-{n}" for n, (path, _, _) in enumerate(edges)]


@pytest.mark.parametrize("path, inside, outside", _EDGES, ids=_edge_ids(_EDGES))
def test_each_rule_of_the_meeting_schema_stops_where_it_says(path, inside, outside):
    base = _fuller_meeting()
    assert (model_accepts(base), schema_accepts(base)) == (True, True)
    accepted = _with(base, path, inside)
    assert (model_accepts(accepted), schema_accepts(accepted)) == (True, True)
    refused = _with(base, path, outside)
    assert (model_accepts(refused), schema_accepts(refused)) == (False, False)


_PERSON_EDGES = [
    (("wikidata",), "Q10", "Q01"), (("wikidata",), "Q1", "Q0"), (("offices",), [{"title": "a", "country": "FRA"}], []),
    (("id",), "a" * 80, "a" * 81), (("name",), "a" * 200, "a" * 201)]


@pytest.mark.parametrize("path, inside, outside", _PERSON_EDGES, ids=_edge_ids(_PERSON_EDGES))
def test_each_rule_of_the_people_schema_stops_where_it_says(path, inside, outside):
    from gulfvisits.models import Person

    def accepted(person: dict[str, Any]) -> tuple[bool, bool]:
        return model_accepts(person, Person), schema.validator("people").is_valid([person])

    base = {"id": "a", "name": "a", "offices": [{"title": "a", "country": "AZE"}], "wikidata": "Q1"}
    assert accepted(_with(base, path, inside)) == (True, True)
    assert accepted(_with(base, path, outside)) == (False, False)


def _model_definitions():
    """(model name, its definition) for every model in the generated schemas: the meeting
    schema's top level is Meeting's, and the others are under ``$defs``."""
    for name in schema.SCHEMAS:
        generated = schema.generate(name)
        if name == "meeting":
            yield "Meeting", generated
        yield from generated.get("$defs", {}).items()


def test_every_field_docstring_reaches_the_json_schema():
    """Field docstrings are read by schema.py, not by pydantic at import: none may be lost."""
    from gulfvisits import models
    from gulfvisits.schema import attribute_docstrings

    documented = attribute_docstrings()
    assert documented["Meeting"]["visit"].startswith("Groups the meetings of one trip")
    found = set()
    for name, definition in _model_definitions():
        for field, doc in documented.get(name, {}).items():
            if field in definition.get("properties", {}):
                assert definition["properties"][field]["description"] == doc
                found.add((name, field))
    assert found == {(name, field) for name, fields in documented.items() for field in fields}
    assert models.Meeting.model_fields["visit"].description is None  # not parsed at import
    # as a reader sees them: without the indentation the lines after the first have in the source
    long = [doc for fields in documented.values() for doc in fields.values() if "\n" in doc]
    assert long and not any(re.search(r"\n[ \t]", doc) for doc in long)


def test_every_list_field_that_may_be_left_out_states_its_empty_default_in_the_json_schema():
    """Such a field's default is made by ``list`` for each record (``models._empty_list``), and
    pydantic writes no default into a schema for a factory: the model states [] itself, for the
    readers of the schema that fill in what a file leaves out."""
    from gulfvisits import models

    classes = {c.__name__: c for c in vars(models).values() if isinstance(c, type) and issubclass(c, BaseModel)}
    expected = {(name, field) for name, model in classes.items() for field, info in model.model_fields.items()
                if info.default_factory is list}
    found = set()
    for name, definition in _model_definitions():
        for field, schema_of_field in definition.get("properties", {}).items():
            if (name, field) in expected:
                assert schema_of_field["default"] == [] and field not in definition.get("required", []), field
                found.add((name, field))
    assert found == expected and ("Meeting", "topics") in found and ("Reading", "sources") in found


_INVISIBLE = ["\xad", "\u061c", "\u180e", "\u200b", "\u200e", "\u200f", "\u202a", "\u202c", "\u202e", "\u2060",
              "\u2064", "\u2066", "\u2069", "\ufeff"]
_OTHER_SPACES = ["\xa0", "\u1680", "\u2000", "\u200a", "\u202f", "\u205f", "\u3000"]


@pytest.mark.parametrize("character", _INVISIBLE + _OTHER_SPACES + ["\u200c", "\u200d"])
@pytest.mark.parametrize("field", ["title", "summary", "publisher", "url"])
def test_invisible_characters_and_stray_spaces_are_refused_by_model_and_schema_alike(character, field):
    """Invisible characters anywhere, other spaces at a text's start or a name's ends, and any
    space in a web address are refused; the joiners that Persian and other scripts need pass,
    and so do other spaces inside a text (French puts one before a colon)."""
    def document(value: str) -> dict[str, Any]:
        meeting = _smallest_meeting()
        if field in ("publisher", "url"):
            meeting["sources"][0][field] = value
        else:
            meeting[field] = value
        return meeting

    base = "https://0.example/0" if field == "url" else "Bayramov in Kuwait"
    joiner, space = character in "\u200c\u200d", character in _OTHER_SPACES
    placements = {"inside": base[:10] + character + base[10:], "start": character + base, "end": base + character}
    for where, value in placements.items():
        if field == "url":
            accepted = joiner and where != "start"  # the joiners of a word in an address's path
        else:
            accepted = joiner or (space and (where == "inside" or (where == "end" and field == "summary")))
        assert (model_accepts(document(value)), schema_accepts(document(value))) == (accepted, accepted), where
