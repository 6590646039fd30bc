"""Every export opens in its real consumer: sqlite3 joins, DuckDB over Parquet, pyarrow,
frictionless, pandas round trip; and without the extras, a clear message instead of a crash."""
from __future__ import annotations

import csv
import importlib.util
import io
import json
import os
import re
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, strategies as st

import gulfvisits
from gulfvisits.errors import UsageError
from gulfvisits.export import export, spreadsheet_safe
from gulfvisits.isocodes import COUNTRIES, LANGUAGES
from gulfvisits.models import COUNTRY_NAMES, GULF_COUNTRIES, VOCABULARIES, Place
from gulfvisits.tables import TABLE_BY_NAME, TABLES, event_rows, records_from_tables

from conftest import BAHRAIN, KUWAIT, RECORDS, REPO, withdraw
from strategies import meetings, text


@pytest.fixture(scope="module")
def data():
    return gulfvisits.load(RECORDS, use_cache=False)


def test_sqlite_has_keys_and_answers_real_joins(data, tmp_path):
    path = data.to_sqlite(tmp_path / "g.sqlite")
    db = sqlite3.connect(path)
    db.execute("PRAGMA foreign_keys = ON")
    assert db.execute("PRAGMA foreign_key_check").fetchall() == []
    rows = db.execute("""
        SELECT m.id, p.name, pa.office FROM meetings m
        JOIN participants pa ON pa.meeting_id = m.id
        JOIN people p ON p.id = pa.person_id
        WHERE m.gulf_country = 'BHR' AND m.id = ? ORDER BY pa.position""", (BAHRAIN,)).fetchall()
    assert rows == [(BAHRAIN, "Jeyhun Bayramov", "Minister of Foreign Affairs"),
                    (BAHRAIN, "Abdullatif bin Rashid Alzayani", "Minister of Foreign Affairs")]
    by_country = dict(db.execute("SELECT gulf_country, count(*) FROM meetings WHERE status = 'active' "
                                 "GROUP BY gulf_country").fetchall())
    assert by_country == dict(data.summary()["by_country"])  # the tables hold withdrawn records too
    topics = db.execute("""
        SELECT t.category, count(*) FROM meeting_topics mt JOIN topics t ON t.id = mt.topic_id
        WHERE mt.meeting_id = ? GROUP BY t.category ORDER BY t.category""", (KUWAIT,)).fetchall()
    assert dict(topics)["sector"] == 9
    foreign = db.execute("PRAGMA foreign_key_list(participants)").fetchall()
    assert {row[2] for row in foreign} == {"meetings", "people", "countries"}
    # every country code joins to its name, a third country's too
    held_in = db.execute("""
        SELECT c.name, c.alpha_2, count(*) FROM meetings m JOIN countries c ON c.code = m.location_country
        WHERE m.location_country = 'USA' GROUP BY c.code""").fetchall()
    assert held_in == [("United States", "US", sum(m.location.country == "USA" for m in data.meetings))]
    named = {row[0] for row in db.execute("SELECT code FROM countries")}
    assert named >= {"AZE", *GULF_COUNTRIES, "USA", "DEU"} and len(named) == len(data.tables()["countries"])
    coded = {row[3] for row in db.execute("PRAGMA foreign_key_list(meetings)").fetchall() if row[2] == "countries"}
    assert coded == {"gulf_country", "visiting_country", "host_country", "location_country"}
    assert db.execute("SELECT count(*) FROM sqlite_master WHERE type = 'index' AND name LIKE 'ix_%'").fetchone()[0] > 10
    for table in TABLES:  # a required column refuses a row without it, as the Data Package's constraints say
        declared = {row[1]: bool(row[3]) for row in db.execute(f'PRAGMA table_info("{table.name}")')}
        assert declared == {c.name: c.required for c in table.columns}, table.name
    with pytest.raises(sqlite3.IntegrityError):
        db.execute("INSERT INTO participants VALUES ('nope', 0, 'nobody', 'x', 'AZE', 'visiting', NULL)")


def test_the_countries_table_holds_every_country_a_row_names(data, tmp_path):
    # an office abroad names a country no meeting does; a withdrawn meeting is a row of meetings
    from gulfvisits.dataset import Dataset
    from gulfvisits.models import Office

    people = [p.model_copy(update={"offices": [*p.offices, Office(title="Ambassador", country="FRA")]})
              if p.id == "jeyhun-bayramov" else p for p in data.people.values()]
    moved = data.meetings[0].model_copy(update={"status": "withdrawn", "host_country": "JPN"})
    built = Dataset([moved, *data.meetings[1:]], people, data.organizations.values(), data.topics.values(),
                    data.version)
    assert moved in built.withdrawn
    database = sqlite3.connect(built.to_sqlite(tmp_path / "g.sqlite"))
    database.execute("PRAGMA foreign_keys = ON")
    assert database.execute("PRAGMA foreign_key_check").fetchall() == []
    assert {"FRA", "JPN"} <= {row[0] for row in database.execute("SELECT code FROM countries")}


def test_the_sqlite_file_is_readable_by_whom_the_umask_allows(data, tmp_path):
    # it was built in a mkstemp file (0600) and renamed, so a server could not serve it
    old = os.umask(0o022)
    try:
        path = data.to_sqlite(tmp_path / "g.sqlite")
    finally:
        os.umask(old)
    assert path.stat().st_mode & 0o777 == 0o644


def test_a_failed_sqlite_export_leaves_the_earlier_file_and_no_temporary_one(data, tmp_path):
    # A Dataset built by hand is not validated: a participant missing from the people registry
    # breaks a foreign key halfway through the export, which must not cost the earlier file.
    partial = gulfvisits.Dataset(data.meetings, [p for p in data.people.values() if p.id != "jeyhun-bayramov"],
                                 data.organizations.values(), data.topics.values(), data.version)
    target = data.to_sqlite(tmp_path / "g.sqlite")  # the export of an earlier run
    earlier = target.read_bytes()
    with pytest.raises(UsageError, match="table participants: FOREIGN KEY constraint failed"):
        partial.to_sqlite(target)
    assert [p.name for p in tmp_path.iterdir()] == ["g.sqlite"]
    assert target.read_bytes() == earlier


def test_every_position_counts_from_0_within_the_list_it_orders(data):
    """The data dictionary says "from 0": a reader who takes position 0 for the first item (a
    join on it, a DataFrame's first row) must find it there. The rebuild only sorts by position,
    so an offset or a gap would pass every round trip."""
    for table in TABLES:
        if "position" not in table.column_names:
            continue
        at = table.column_names.index("position")  # the columns before it name the list
        lists: dict[tuple, list[int]] = {}
        for row in table.rows(data):
            lists.setdefault(row[:at], []).append(row[at])
        assert lists, table.name
        for parent, positions in lists.items():
            assert sorted(positions) == list(range(len(positions))), (table.name, parent)


def test_sqlite_accepts_bodies_listed_before_their_parent(data, tmp_path):
    reversed_bodies = list(data.organizations.values())[::-1]
    assert any(o.parent for o in reversed_bodies)
    shuffled = gulfvisits.Dataset(data.meetings, data.people.values(), reversed_bodies, data.topics.values(),
                                  data.version)
    db = sqlite3.connect(shuffled.to_sqlite(tmp_path / "g.sqlite"))
    assert db.execute("SELECT count(*) FROM organizations WHERE parent IS NOT NULL").fetchone()[0] == sum(
        1 for o in reversed_bodies if o.parent)


def test_parquet_partitioned_by_year_reads_in_duckdb_and_pyarrow(data, tmp_path):
    duckdb = pytest.importorskip("duckdb")
    pq = pytest.importorskip("pyarrow.parquet")
    gulfvisits.export.export(data, "parquet", tmp_path)
    root = tmp_path / "parquet"
    assert (root / "meetings" / "year=2025").is_dir()
    result = duckdb.sql(f"""
        SELECT m.gulf_country, count(DISTINCT m.id) AS meetings, count(*) AS topic_rows
        FROM read_parquet('{root}/meetings/*/*.parquet', hive_partitioning = true) m
        LEFT JOIN read_parquet('{root}/meeting_topics/*.parquet') t ON t.meeting_id = m.id
        WHERE m.status = 'active'
        GROUP BY 1 ORDER BY 1""").fetchall()
    expected = sorted((c, n) for c, n in data.summary()["by_country"].items())
    assert [row[:2] for row in result] == expected
    schema = pq.read_schema(root / "participants" / "part-0.parquet")
    assert str(schema.field("position").type) == "int64"
    assert schema.field("person_id").metadata[b"description"] == b"The person (people.id)."
    for name in ("participants", "meetings"):  # a table's key, as the Data Package and SQLite give it
        part = next((root / name).rglob("*.parquet"))
        assert pq.read_schema(part).metadata[b"primary_key"] == ",".join(TABLE_BY_NAME[name].primary_key).encode()


def test_pandas_round_trip_rebuilds_identical_records(data):
    pytest.importorskip("pandas")
    frames = data.to_pandas()
    assert str(frames["meetings"]["date"].dtype).startswith("datetime64")
    # integers stay integers, with <NA> where a meeting has none (no session number), not floats
    assert (str(frames["meetings"]["session_number"].dtype), str(frames["participants"]["position"].dtype)) == (
        "Int64", "Int64")
    tables = {name: frame.astype(object).where(frame.notna(), None).to_dict("records") for name, frame in frames.items()}
    rebuilt = records_from_tables(tables)
    assert [m.model_dump() for m in rebuilt] == [m.model_dump() for m in [*data.meetings, *data.withdrawn]]


def test_arrow_tables_are_typed(data):
    pytest.importorskip("pyarrow")
    arrow = data.to_arrow()
    assert set(arrow) == {t.name for t in TABLES}
    assert str(arrow["meetings"].schema.field("date").type) == "date32[day]"
    assert [arrow["meetings"].schema.field(name).nullable for name in ("id", "date", "visit")] == [False, False, True]
    assert arrow["meetings"].num_rows == len(data.meetings) + len(data.withdrawn)


def test_datapackage_passes_frictionless(data, tmp_path):
    pytest.importorskip("frictionless")
    gulfvisits.export.export(data, "datapackage", tmp_path)
    descriptor = json.loads((tmp_path / "datapackage.json").read_text(encoding="utf-8"))
    assert descriptor["version"] == gulfvisits.__version__
    done = subprocess.run([sys.executable, "-m", "frictionless", "validate", str(tmp_path / "datapackage.json")],
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stdout[-3000:]
    assert "INVALID" not in done.stdout


def test_the_data_package_declares_each_table_s_keys(data, tmp_path):
    """A row is named by its meeting and position, and a reference to the same table (the record
    that replaces a withdrawn one) names no resource, as the Table Schema specification has it."""
    gulfvisits.export.export(data, "datapackage", tmp_path)
    schemas = {r["name"]: r["schema"]
               for r in json.loads((tmp_path / "datapackage.json").read_text(encoding="utf-8"))["resources"]}
    meetings, participants = schemas["meetings"], schemas["participants"]
    assert (meetings["primaryKey"], participants["primaryKey"]) == (["id"], ["meeting_id", "position"])
    assert {"fields": ["replaced_by"], "reference": {"resource": "", "fields": ["id"]}} in meetings["foreignKeys"]
    assert {"fields": ["meeting_id"], "reference": {"resource": "meetings", "fields": ["id"]}} in participants["foreignKeys"]


def test_vocabulary_columns_carry_their_terms_so_a_hand_edited_row_is_refused(data, tmp_path):
    # the Data Package's enum and SQLite's CHECK hold a row added or edited by hand to the
    # model's vocabulary, as validate holds a record
    gulfvisits.export.export(data, "datapackage", tmp_path)
    fields = {(r["name"], f["name"]): f.get("constraints", {}).get("enum")
              for r in json.loads((tmp_path / "datapackage.json").read_text(encoding="utf-8"))["resources"]
              for f in r["schema"]["fields"]}
    assert fields["meetings", "kind"] == list(VOCABULARIES["kind"])
    assert fields["meetings", "gulf_country"] == list(GULF_COUNTRIES)
    assert fields["meetings", "host_country"] == fields["person_offices", "country"] == list(COUNTRIES)
    assert fields["sources", "language"] == list(LANGUAGES)
    assert fields["events", "cameo_code"] == ["042", "043", "041", "044", "040"]
    assert fields["meetings", "title"] is None
    if importlib.util.find_spec("frictionless"):
        with open(tmp_path / "meetings.csv", encoding="utf-8", newline="") as table:
            rows = list(csv.DictReader(table))
        rows[0]["kind"] = "telepathy"
        with open(tmp_path / "meetings.csv", "w", encoding="utf-8", newline="") as table:
            writer = csv.DictWriter(table, rows[0].keys(), lineterminator="\n")
            writer.writeheader()
            writer.writerows(rows)
        done = subprocess.run([sys.executable, "-m", "frictionless", "validate", str(tmp_path / "datapackage.json")],
                              capture_output=True, text=True)
        assert done.returncode != 0 and "constraint-error" in done.stdout and "telepathy" in done.stdout
    database = sqlite3.connect(data.to_sqlite(tmp_path / "gulfvisits.sqlite"))
    with pytest.raises(sqlite3.IntegrityError, match="CHECK constraint failed: kind"):
        database.execute("UPDATE meetings SET kind = 'telepathy' WHERE rowid = 1")
    with pytest.raises(sqlite3.IntegrityError, match="CHECK constraint failed: host_country"):
        database.execute("UPDATE meetings SET host_country = 'UAE' WHERE rowid = 1")
    database.execute("UPDATE meetings SET host_country = 'DEU', location_city_basis = NULL WHERE rowid = 1")
    database.execute("UPDATE events SET cameo_label = 'Meet at a ''third'' location' WHERE rowid = 1")


def test_a_hand_built_dataset_that_sqlite_refuses_is_told_why(data, tmp_path):
    from gulfvisits.dataset import Dataset

    odd = data.meetings[0].model_copy(update={"kind": "telepathy"})  # model_copy does not validate
    built = Dataset([odd, *data.meetings[1:]], data.people.values(), data.organizations.values(),
                    data.topics.values(), data.version)
    with pytest.raises(UsageError, match="table meetings: CHECK constraint failed: kind; a value is not a term"):
        built.to_sqlite(tmp_path / "a.sqlite")
    people = [p for p in data.people.values() if p.id != "jeyhun-bayramov"]
    built = Dataset(data.meetings, people, data.organizations.values(), data.topics.values(), data.version)
    with pytest.raises(UsageError, match="table participants: FOREIGN KEY constraint failed; a row refers to an id"):
        built.to_sqlite(tmp_path / "b.sqlite")


def test_the_data_package_and_json_ld_describe_the_dataset_as_the_citation_does(data, tmp_path):
    # Zenodo, a Data Package catalogue and a schema.org crawler each show one of these files;
    # all three should name, describe and license the dataset in the same words.
    for fmt in ("datapackage", "jsonld"):
        gulfvisits.export.export(data, fmt, tmp_path)
    package = json.loads((tmp_path / "datapackage.json").read_text(encoding="utf-8"))
    node = json.loads((tmp_path / "gulfvisits.jsonld").read_text(encoding="utf-8"))["@graph"][0]
    zenodo = json.loads((REPO / ".zenodo.json").read_text(encoding="utf-8"))
    assert package["title"] == zenodo["title"]
    assert package["description"] == node["description"] == zenodo["description"]
    assert package["keywords"] == node["keywords"] == zenodo["keywords"]
    [licence] = package["licenses"]
    assert licence["name"] == zenodo["license"] == "CC-BY-4.0"
    assert licence["path"] == node["license"] == "https://creativecommons.org/licenses/by/4.0/"


def test_csv_is_utf8_with_header_and_spreadsheet_safe(data, tmp_path):
    gulfvisits.export.export(data, "csv", tmp_path)
    with open(tmp_path / "people.csv", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert rows[0].keys() == {"id", "name", "wikidata"}
    assert "Jeyhun Bayramov" in {r["name"] for r in rows}
    for value in ("=HYPERLINK(\"x\")", "+1", "-2", "@SUM(A1)", "\t=1", "\r=1"):
        assert spreadsheet_safe(value) == "'" + value
    assert spreadsheet_safe("Plain text") == "Plain text" and spreadsheet_safe(3) == 3


def test_csv_guards_formulas_but_the_data_package_keeps_exact_values(data, tmp_path):
    # A spreadsheet opens the plain CSV export; the data package's CSV is read by tools that
    # check it against its schema, so it keeps every value as it is.
    people = [p.model_copy(update={"name": "=" + p.name}) for p in data.people.values()]
    risky = gulfvisits.Dataset(data.meetings, people, data.organizations.values(), data.topics.values(), data.version)
    names = {}
    for fmt in ("csv", "datapackage"):
        written = gulfvisits.export.export(risky, fmt, tmp_path / fmt)
        [people_csv] = [p for p in written if p.name == "people.csv"]
        with open(people_csv, encoding="utf-8") as handle:
            names[fmt] = {row["name"] for row in csv.DictReader(handle)}
    assert "'=Jeyhun Bayramov" in names["csv"] and "=Jeyhun Bayramov" in names["datapackage"]


def test_json_lines_keep_every_letter_as_written(data, tmp_path):
    """JSON allows "\\u0414" for "Д", and every parser reads both alike; but a reader greps the
    files or opens them in an editor, and a name in Cyrillic or Arabic must be there to find."""
    gulfvisits.export.export(data, "jsonl", tmp_path)
    written = (tmp_path / "person_name_variants.jsonl").read_text(encoding="utf-8")
    variants = [v for p in data.people.values() for v in p.name_variants if not v.isascii()]
    assert variants and all(f'"name": "{v}"' in written for v in variants) and "\\u" not in written


def test_jsonl_json_and_jsonld(data, tmp_path):
    for fmt in ("jsonl", "json", "jsonld"):
        gulfvisits.export.export(data, fmt, tmp_path)
    first = json.loads((tmp_path / "meetings.jsonl").read_text(encoding="utf-8").splitlines()[0])
    assert first["id"] == data.meetings[0].id and first["date"] == data.meetings[0].date.value.isoformat()
    assert json.loads((tmp_path / "gulfvisits.json").read_text(encoding="utf-8"))["tables"]["people"][0]["id"]
    linked = json.loads((tmp_path / "gulfvisits.jsonld").read_text(encoding="utf-8"))
    assert linked["@context"] == "https://schema.org"  # without it no reader knows what the terms mean
    graph = linked["@graph"]
    assert graph[0]["@type"] == "Dataset" and graph[0]["version"] == gulfvisits.__version__
    first_day, last_day = data.meetings[0].date.value, data.meetings[-1].date.value  # in date order
    assert first_day < last_day and graph[0]["temporalCoverage"] == f"{first_day.isoformat()}/{last_day.isoformat()}"
    event = next(e for e in graph if e.get("identifier") == BAHRAIN)
    assert event["@type"] == "Event" and event["startDate"] == "2025-05-12"
    # every record is of a meeting that took place as reported, none cancelled or moved
    assert {e["eventStatus"] for e in graph[1:]} == {"https://schema.org/EventScheduled"}
    # A coarser date goes out at its precision, never as the EDTF window (not a schema.org Date).
    starts = {e["identifier"]: e["startDate"] for e in graph[1:]}
    assert data.lookup("1994-07-01-aze-sau-president-king-official-visit").edtf == "1994-07-09/1994-07-11"
    assert starts["1994-07-01-aze-sau-president-king-official-visit"] == "1994-07"
    assert starts["2010-01-01-aze-sau-fm-shura-council-chairman"] == "2010"
    assert not [start for start in starts.values() if "/" in start or "?" in start]
    assert graph[0]["spatialCoverage"] == ["Azerbaijan", "United Arab Emirates", "Bahrain", "Kuwait", "Oman",
                                           "Qatar", "Saudi Arabia"]
    assert graph[0]["keywords"] == ["diplomacy", "event data", "Azerbaijan", "Gulf Cooperation Council"]
    assert event["location"]["address"] == {"@type": "PostalAddress", "addressCountry": "BH"}
    # a city and a source's day of publication go out wherever the record has them
    cities = {e["identifier"]: e["location"]["address"].get("addressLocality") for e in graph[1:] if "location" in e}
    assert cities == {i: data.lookup(i).location.city for i in cities} and any(cities.values())
    articles = [(article, source) for e in graph[1:]
                for article, source in zip(e["subjectOf"], data.lookup(e["identifier"]).sources, strict=True)]
    assert all(article.get("datePublished") == (source.published.isoformat() if source.published else None)
               for article, source in articles)
    assert any(source.published for _, source in articles)
    # each report in its own language, so a reader can pick the ones they can read
    assert all(article["inLanguage"] == source.language for article, source in articles)
    assert {"en", "ar", "ru", "az"} <= {article["inLanguage"] for article, _ in articles}
    # every country as schema.org has it, a third one too: this gave "Bahrain" but "USA"
    in_usa = next(e for e in graph[1:] if e.get("location", {}).get("address", {}).get("addressCountry") == "US")
    assert data.lookup(in_usa["identifier"]).location.country == "USA"
    assert {a["nationality"] for e in graph[1:] for a in e["attendee"]} == set(COUNTRY_NAMES.values())
    assert [(a["name"], a["jobTitle"]) for a in event["attendee"]] == [
        ("Jeyhun Bayramov", "Minister of Foreign Affairs"),
        ("Abdullatif bin Rashid Alzayani", "Minister of Foreign Affairs")]
    assert "superEvent" not in event
    held_at = {e["identifier"]: e["superEvent"] for e in graph if "superEvent" in e}
    assert len(held_at) == sum(m.occasion is not None for m in data.meetings) >= 53
    assert held_at["2022-10-05-aze-sau-energy-ministers-vienna"] == {
        "@type": "Event", "name": "33rd OPEC and non-OPEC Ministerial Meeting", "startDate": "2022-10-05"}


def test_event_rows_map_visits_to_cameo_and_plover(data):
    events = [dict(zip(TABLE_BY_NAME["events"].column_names, row)) for row in data.tables()["events"]]
    bahrain = [e for e in events if e["meeting_id"] == BAHRAIN]
    assert [(e["source_country"], e["target_country"], e["cameo_code"], e["plover_event"], e["plover_mode"])
            for e in bahrain] == [("AZE", "BHR", "042", "CONSULT", "visit"), ("BHR", "AZE", "043", "CONSULT", "host")]
    assert len(events) == 2 * len(data.meetings)


def test_a_withdrawn_record_gives_no_event_rows_and_survives_the_tables(seeds):
    withdraw(seeds, BAHRAIN, "Describes the same talks as another record.")
    data = gulfvisits.load(seeds)
    tables = data.tables()
    assert {row[0] for row in tables["events"]} == {KUWAIT}
    # rows in reverse, as a database may return them: the rebuild orders by position
    rows = {name: [dict(zip(TABLE_BY_NAME[name].column_names, row, strict=True)) for row in reversed(table)]
            for name, table in tables.items()}
    rebuilt = {m.id: m.model_dump() for m in records_from_tables(rows)}
    assert rebuilt == {m.id: m.model_dump() for m in [*data.meetings, *data.withdrawn]}
    assert rebuilt[BAHRAIN]["withdrawal"]["reason"] == "Describes the same talks as another record."


def test_the_rebuild_takes_cells_as_dataframes_hand_them_back(seeds):
    # What to_dict("records") of typed frames holds: timestamps and NaT for dates, numpy integers,
    # NaN for a missing number or text. The strict models accept none of them as they are.
    pandas = pytest.importorskip("pandas")
    numpy = pytest.importorskip("numpy")
    data = gulfvisits.load(seeds)

    def cell(column, value):
        if column.type == "date":
            return pandas.NaT if value is None else pandas.Timestamp(value)
        if value is None:
            return numpy.nan
        return numpy.int64(value) if column.type == "integer" else value

    rows = {name: [{c.name: cell(c, v) for c, v in zip(TABLE_BY_NAME[name].columns, row, strict=True)}
                   for row in table] for name, table in data.tables().items()}
    assert any(type(row["ordinal"]) is numpy.int64 for row in rows["related_events"])
    assert any(row["date_earliest"] is pandas.NaT for row in rows["meetings"])
    rebuilt = [m.model_dump() for m in records_from_tables(rows)]
    assert rebuilt == [m.model_dump() for m in data.meetings]


ABROAD = Place(country="DEU", city=None)
NOWHERE = Place(country=None, city=None)


@pytest.mark.parametrize(("changes", "expected"), [
    ({}, [("AZE", "BHR", "visit"), ("BHR", "AZE", "host")]),
    ({"kind": "phone_call"}, [("AZE", "BHR", "phone"), ("BHR", "AZE", "phone")]),
    # a video conference is a consultation, not a telephone call, whoever "hosts" it
    ({"kind": "video_conference"}, [("AZE", "BHR", "consult"), ("BHR", "AZE", "consult")]),
    ({"visiting_country": None, "host_country": None, "location": ABROAD},
     [("AZE", "BHR", "third"), ("BHR", "AZE", "third")]),
    ({"visiting_country": None, "host_country": None, "location": NOWHERE},
     [("AZE", "BHR", "consult"), ("BHR", "AZE", "consult")]),
    # a host in the pair without a visitor: where it was is all that is known
    ({"visiting_country": None, "location": Place(country="BHR", city=None)},
     [("AZE", "BHR", "consult"), ("BHR", "AZE", "consult")]),
])
def test_each_situation_gives_its_directed_event_rows(data, changes, expected):
    assert event_rows(data.lookup(BAHRAIN).model_copy(update=changes)) == expected


def test_missing_extra_is_a_clean_usage_error(tmp_path):
    code = ("import sys; sys.modules['pyarrow'] = None\n"
            "from gulfvisits.cli import main; sys.exit(main(['export', '--format', 'parquet', '--output', "
            f"{str(tmp_path)!r}]))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 2
    assert done.stderr == "Error: this needs pyarrow; install it with: pip install 'gulfvisits[parquet]'\n"
    assert list(tmp_path.iterdir()) == []


def test_core_imports_without_heavy_extras():
    code = ("import sys\nfor m in ('pandas', 'pyarrow', 'duckdb', 'matplotlib'): sys.modules[m] = None\n"
            "import gulfvisits; d = gulfvisits.load(); print(len(d.tables()['meetings']) > 0)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.stdout == "True\n", done.stderr


def test_plot_timeline_writes_a_png_and_names_it_from_the_working_folder(tmp_path, cli):
    """As every command names the files it wrote: relative to where it runs, when inside it."""
    pytest.importorskip("matplotlib")
    (tmp_path / "charts").mkdir()
    result = cli("plot", "timeline", "-o", str(tmp_path / "charts" / "t.png"), "--records", str(RECORDS), cwd=tmp_path)
    assert (result.code, result.stdout) == (0, os.path.join("charts", "t.png") + "\n"), result.stderr
    assert (tmp_path / "charts" / "t.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_plot_refuses_a_chart_it_does_not_draw(tmp_path, cli):
    """A misspelt chart name must not get the timeline drawn in its place."""
    result = cli("plot", "timelines", "-o", str(tmp_path / "t.png"))
    assert (result.code, result.stdout) == (2, "")
    assert "error: argument chart: invalid choice: 'timelines'" in result.stderr
    assert list(tmp_path.iterdir()) == []


def test_the_chart_names_the_version_and_count_and_gives_each_kind_its_own_mark(tmp_path):
    """Read from the SVG, which keeps each text in a comment and each mark's shape once in <defs>:
    the title says which release and how many meetings, and no two kinds share a shape (three
    did, told apart only by colour, which a page printed in grey loses)."""
    pytest.importorskip("matplotlib")
    from gulfvisits.plot import MARKERS, timeline

    data = gulfvisits.load()
    svg = timeline(data, tmp_path / "t.svg").read_text(encoding="utf-8")
    assert f"<!-- Azerbaijan-Gulf meetings in gulfvisits {data.version} (n={len(data.meetings)}) -->" in svg
    kinds = {m.kind for m in data.meetings}
    assert all(f"<!-- {kind.replace('_', ' ')} -->" in svg for kind in kinds)  # the legend
    shapes = set(re.findall(r'<path id="\w+" d="([^"]*)"', svg))  # the kinds' marks and the two tick marks
    assert len(shapes) >= len(kinds) > 1
    assert sorted(MARKERS) == sorted(VOCABULARIES["kind"]) and len(set(MARKERS.values())) == len(MARKERS)


@pytest.mark.parametrize("name, magic", [("t.svg", b"<?xml"), ("t.pdf", b"%PDF-"), ("T.PNG", b"\x89PNG")])
def test_the_chart_format_follows_the_extension_and_the_same_data_draws_the_same_bytes(tmp_path, name, magic):
    pytest.importorskip("matplotlib")
    from gulfvisits.plot import timeline

    data = gulfvisits.load()
    first = timeline(data, tmp_path / name).read_bytes()
    assert first.startswith(magic)
    assert timeline(data, tmp_path / name).read_bytes() == first  # no date, no random ids


def test_the_chart_leaves_no_figure_open(tmp_path):
    """pyplot holds every figure it makes until it is closed: a notebook or a script that drew the
    timeline in a loop would keep each one (and matplotlib warns past twenty)."""
    pytest.importorskip("matplotlib")
    import matplotlib.pyplot as plt

    from gulfvisits.plot import timeline

    before = plt.get_fignums()
    timeline(gulfvisits.load(), tmp_path / "t.svg")
    assert plt.get_fignums() == before


@pytest.mark.parametrize("name", ["t.jpg", "t", "-"])
def test_a_chart_name_without_a_known_extension_is_refused_before_drawing(tmp_path, cli, name):
    """It was written as PNG under that name: a "t.jpg" that was a PNG, a file called "-"."""
    result = cli("plot", "timeline", "-o", name, cwd=tmp_path)
    assert (result.code, result.stdout) == (2, "")
    assert result.stderr == (f"Error: {name}: the chart is written as .png, .svg, .pdf, chosen by the file's "
                             "extension; give a name that ends in one of them\n")
    assert list(tmp_path.iterdir()) == []


def test_a_chart_named_as_a_folder_is_refused_before_drawing(tmp_path, cli):
    (tmp_path / "charts.png").mkdir()
    result = cli("plot", "timeline", "-o", "charts.png", cwd=tmp_path)
    assert (result.code, result.stdout) == (2, "")
    assert result.stderr == ("Error: charts.png is a folder, where the chart is written as a file; give the "
                             f"file's name, such as {os.path.join('charts.png', 'timeline.png')}\n")
    assert list((tmp_path / "charts.png").iterdir()) == []


def test_a_chart_of_no_meetings_is_drawn_without_warnings(tmp_path, cli):
    pytest.importorskip("matplotlib")
    empty = tmp_path / "records"
    (empty / "meetings").mkdir(parents=True)
    for name in ("people.yaml", "organizations.yaml", "topics.yaml"):
        shutil.copy(RECORDS / name, empty / name)
    result = cli("plot", "timeline", "-o", str(tmp_path / "t.png"), "--records", str(empty))
    assert (result.code, result.stderr) == (0, "")  # matplotlib warned that the legend was empty


@pytest.mark.parametrize("command", [
    ("export", "--format", "csv", "--output", "{blocked}"),
    ("export", "--format", "sqlite", "--output", "{blocked}/out"),
    ("export", "--format", "csv", "--output", "{blocked}/out/deeper"),
    ("schema", "--write", "--dir", "{blocked}/schema"),
    ("plot", "timeline", "-o", "{blocked}/t.png"),
    ("plot", "timeline", "-o", "{blocked}/charts/t.png"),
])
def test_an_output_path_that_cannot_be_written_is_a_clean_usage_error(tmp_path, cli, command):
    if command[0] == "plot":
        pytest.importorskip("matplotlib")
    blocked = tmp_path / "a-file"
    blocked.write_text("not a folder\n", encoding="utf-8")
    result = cli(*(part.format(blocked=blocked) for part in command), cwd=tmp_path)
    assert result.code == 2 and "Traceback" not in result.stderr
    assert result.stderr.startswith(f"Error: {blocked}")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a-file"]
    assert blocked.read_text(encoding="utf-8") == "not a folder\n"
    if command[-1] == "{blocked}":  # the file itself given as the folder
        assert result.stderr == f"Error: {blocked} is a file, and --output takes a folder (or - for json or jsonld)\n"
    else:  # "File exists", or "Not a directory" of a name below the file, said neither what nor where
        assert result.stderr == f"Error: {blocked}: not a folder, where one is needed\n"


def test_an_export_never_deletes_a_folder_it_did_not_write(data, tmp_path):
    """A folder named as an output file (meetings.csv/), or a parquet/ holding other files, was
    removed with everything in it to make room. Now the export refuses before moving anything;
    the parquet/ folder of an earlier export is still replaced."""
    (tmp_path / "meetings.csv").mkdir()
    (tmp_path / "meetings.csv" / "mine.txt").write_text("kept", encoding="utf-8")
    with pytest.raises(UsageError, match=r"meetings.csv is a folder, where the export writes a file; move it away"):
        export(data, "csv", tmp_path)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["meetings.csv"]
    assert (tmp_path / "meetings.csv" / "mine.txt").read_text(encoding="utf-8") == "kept"
    if importlib.util.find_spec("pyarrow") is None:
        return
    first = {p.name for p in export(data, "parquet", tmp_path / "p")[0].iterdir()}
    export(data, "parquet", tmp_path / "p")  # an earlier export's folder is replaced
    (tmp_path / "p" / "parquet" / "notes.txt").write_text("kept", encoding="utf-8")
    with pytest.raises(UsageError, match=r"holds files that this export did not write \(notes.txt\)"):
        export(data, "parquet", tmp_path / "p")
    assert {p.name for p in (tmp_path / "p" / "parquet").iterdir()} == first | {"notes.txt"}


def test_to_sqlite_given_a_folder_says_so_and_a_link_is_written_through(data, tmp_path):
    # it built its temporary file beside the folder, then failed to rename it onto the folder
    with pytest.raises(UsageError, match=f"^{tmp_path} is a folder; to_sqlite writes one file"):
        data.to_sqlite(tmp_path)
    assert list(tmp_path.iterdir()) == [] and not list(tmp_path.parent.glob(".*.tmp"))
    real, link = tmp_path / "real.sqlite", tmp_path / "link.sqlite"
    real.write_bytes(b"")  # an empty file, as tempfile.mkstemp makes one
    link.symlink_to(real)
    assert data.to_sqlite(link) == link and link.is_symlink()  # written through the link
    assert sqlite3.connect(real).execute("SELECT count(*) FROM meetings").fetchone()[0] == len(data) + len(
        data.withdrawn)


def test_sqlite_replaces_its_own_database_and_nothing_else(data, tmp_path, cli):
    """to_sqlite("analysis.db") replaced a researcher's database, every table of their own
    with it, and to_sqlite("notes.csv") a file that was no database at all."""
    own = data.to_sqlite(tmp_path / "g.sqlite")
    db = sqlite3.connect(own)
    with db:
        db.execute("DELETE FROM meeting_topics")
        db.execute("ANALYZE")  # which adds sqlite_stat1, a table of SQLite's own
    db.close()
    assert data.to_sqlite(own) == own  # an earlier export, edited or analysed, is replaced
    mine = tmp_path / "analysis.db"
    db = sqlite3.connect(mine)
    with db:
        db.execute("CREATE TABLE my_notes (note TEXT)")
        db.execute("CREATE TABLE meetings (id TEXT)")
    db.close()
    notes = tmp_path / "notes.csv"
    notes.write_text("id,note\n", encoding="utf-8")
    damaged = tmp_path / "damaged.sqlite"
    damaged.write_bytes(b"SQLite format 3\x00" + b"\xff" * 200)
    refusals = {mine: f"{mine} holds tables that this export did not write (my_notes); give a new file name, or "
                      "move the file away first, as the export replaces the whole file",
                notes: f"{notes} is not a SQLite database; to_sqlite replaces only a database of its own tables, so "
                       "give a new file name, or move this file away first",
                damaged: f"{damaged} cannot be read as a SQLite database"}
    for path, message in refusals.items():
        before = path.read_bytes()
        with pytest.raises(UsageError, match=f"^{re.escape(message)}"):
            data.to_sqlite(path)
        assert path.read_bytes() == before
    exported = tmp_path / "exports"
    exported.mkdir()
    (exported / "gulfvisits.sqlite").write_bytes(mine.read_bytes())
    result = cli("export", "--format", "sqlite", "--output", str(exported))
    assert (result.code, result.stderr) == (2, f"Error: {exported / 'gulfvisits.sqlite'} holds tables that this export "
                                               "did not write (my_notes); give a new file name, or move the file away "
                                               "first, as the export replaces the whole file\n")
    assert (exported / "gulfvisits.sqlite").read_bytes() == mine.read_bytes()
    assert sorted(p.name for p in exported.iterdir()) == ["gulfvisits.sqlite"]  # no staging folder left


@pytest.mark.skipif(not Path("/proc/self").is_dir(), reason="needs a folder that takes no new file, even for root")
def test_a_sqlite_file_that_cannot_be_made_is_reported_by_the_name_asked_for(data):
    # its temporary file's random name, which the error used to carry, is never seen again
    with pytest.raises(OSError) as caught:
        data.to_sqlite("/proc/g.sqlite")
    assert caught.value.filename == "/proc/g.sqlite"


@pytest.mark.parametrize("fmt", ["json", "jsonld"])
def test_a_one_file_format_can_go_to_standard_output_byte_for_byte(tmp_path, fmt):
    # bytes, not text: the pipe must carry UTF-8 whatever the locale says
    printed = subprocess.run([sys.executable, "-m", "gulfvisits", "export", "--format", fmt, "--output", "-"],
                             cwd=tmp_path, capture_output=True, env={**os.environ, "PYTHONIOENCODING": "ascii"})
    assert printed.returncode == 0, printed.stderr
    assert printed.stdout == export(gulfvisits.load(), fmt, tmp_path / "out")[0].read_bytes()
    assert "ي".encode() in printed.stdout  # an Arabic name variant, untouched by the ascii locale
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]


@pytest.mark.parametrize("fmt, written_as", [("csv", "several files"), ("sqlite", "one binary file")])
def test_a_several_file_format_refuses_standard_output_without_making_a_folder(tmp_path, cli, fmt, written_as):
    result = cli("export", "--format", fmt, "--output", "-", cwd=tmp_path)
    assert (result.code, result.stdout) == (2, "")
    assert result.stderr == (f"Error: {fmt} is written as {written_as}, so it needs a folder: --output DIR "
                             "(only json and jsonld can go to standard output)\n")
    assert list(tmp_path.iterdir()) == []


@pytest.mark.skipif(not Path("/proc/self").is_dir(), reason="needs a folder that takes no new file, even for root")
def test_a_folder_that_takes_no_file_is_reported_by_the_file_asked_for(tmp_path, cli):
    result = cli("schema", "--write", "--dir", "/proc", cwd=tmp_path)
    assert result.code == 2 and "Traceback" not in result.stderr
    assert result.stderr.startswith("Error: /proc/meeting.schema.json: "), result.stderr


def test_a_database_of_many_tables_of_ones_own_is_refused_naming_the_first_three(data, tmp_path):
    mine = tmp_path / "analysis.db"
    db = sqlite3.connect(mine)
    with db:
        for name in ("votes", "notes", "tags", "drafts"):
            db.execute(f"CREATE TABLE {name} (x TEXT)")
    db.close()
    with pytest.raises(UsageError, match=re.escape("did not write (drafts, notes, tags, ...); give a new file name")):
        data.to_sqlite(mine)


def test_a_chart_that_fails_half_way_leaves_the_old_one_and_no_temporary_file(tmp_path, monkeypatch):
    pytest.importorskip("matplotlib")
    from gulfvisits.plot import timeline

    def disk_full(fd):  # a full disk often shows only when the written bytes are flushed
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", disk_full)
    chart = tmp_path / "timeline.png"
    chart.write_bytes(b"the chart before")
    with pytest.raises(OSError) as caught:
        timeline(gulfvisits.load(RECORDS), chart)
    assert (caught.value.filename, caught.value.strerror) == (str(chart), "No space left on device")
    assert [p.name for p in tmp_path.iterdir()] == ["timeline.png"] and chart.read_bytes() == b"the chart before"


def test_timeline_places_coarse_dates_in_the_middle_of_their_window():
    from datetime import date

    from gulfvisits.models import MeetingDate
    from gulfvisits.plot import position

    def when(**fields):
        return MeetingDate.model_validate({"basis": "derived", **fields})

    assert position(when(value=date(2025, 5, 12), precision="day", basis="stated")) == date(2025, 5, 12)
    assert position(when(value=date(2018, 7, 23), precision="day",
                         earliest=date(2018, 7, 23), latest=date(2018, 7, 25))) == date(2018, 7, 23)
    assert position(when(value=date(2010, 1, 1), precision="year",
                         earliest=date(2010, 6, 7), latest=date(2010, 11, 22))) == date(2010, 8, 30)
    assert position(when(value=date(2019, 3, 1), precision="month")) == date(2019, 3, 16)
    assert position(when(value=date(2024, 1, 1), precision="year")) == date(2024, 7, 1)
    assert position(when(value=date(2025, 1, 1), precision="year",
                         earliest=date(2025, 8, 8))) == date(2025, 10, 19)
    assert position(when(value=date(2015, 4, 1), precision="month", basis="publication_date",
                         latest=date(2015, 4, 7))) == date(2015, 4, 4)


def test_the_library_refuses_an_empty_path_where_it_would_mean_the_current_folder(tmp_path, monkeypatch):
    from gulfvisits.diff import diff
    from gulfvisits.plot import timeline

    monkeypatch.chdir(tmp_path)
    shutil.copytree(RECORDS, tmp_path / "meetings-and-registries")
    data = gulfvisits.load()
    calls = {"path": lambda: gulfvisits.load(""), "output": lambda: export(data, "csv", ""),
             "the version to compare": lambda: diff("", "meetings-and-registries")}
    calls["output "] = lambda: timeline(data, "")
    calls["path "] = lambda: data.to_sqlite("")
    for name, call in calls.items():
        with pytest.raises(UsageError) as refused:
            call()
        assert str(refused.value) == (f"{name.strip()} is empty; \"\" is not taken for the current folder, "
                                      "which is written .")
    assert [p.name for p in tmp_path.iterdir()] == ["meetings-and-registries"]


@pytest.mark.parametrize("value", [5, b"out", ["out"]])
def test_the_library_refuses_a_path_that_is_neither_text_nor_a_path(tmp_path, monkeypatch, value):
    """A bare TypeError, from deep inside pathlib, was all that ``load(5)`` or
    ``to_sqlite(b"x.db")`` said."""
    from gulfvisits.diff import diff
    from gulfvisits.plot import timeline

    monkeypatch.chdir(tmp_path)
    data = gulfvisits.load()
    calls = {"path": lambda: gulfvisits.load(value), "output": lambda: export(data, "csv", value),
             "the version to compare": lambda: diff(value, RECORDS)}
    calls["output "] = lambda: timeline(data, value)
    calls["path "] = lambda: data.to_sqlite(value)
    for name, call in calls.items():
        with pytest.raises(UsageError) as refused:
            call()
        assert str(refused.value) == f"{name.strip()} must be text or a path such as pathlib.Path; got {value!r}"
    assert list(tmp_path.iterdir()) == []


def test_export_into_a_link_to_nowhere_says_so_and_writes_nothing(data, tmp_path):
    """``mkdir`` said only "File exists", of a name the user can see is not there."""
    link = tmp_path / "out"
    link.symlink_to(tmp_path / "gone")
    with pytest.raises(UsageError) as refused:
        export(data, "csv", link)
    assert str(refused.value) == f"{link} is a symbolic link to {tmp_path / 'gone'}, which does not exist; " \
                                 "--output takes a folder (or - for json or jsonld)"
    assert [p.name for p in tmp_path.iterdir()] == ["out"]


def test_export_takes_lists_filters_and_writes_the_selection_with_whole_registries(tmp_path, cli):
    data = gulfvisits.load()
    chosen = data.filter(country="KWT", start="2025")
    done = cli("export", "--format", "sqlite", "--output", str(tmp_path), "--country", "kwt", "--start", "2025")
    assert (done.code, done.stderr) == (0, "")
    with sqlite3.connect(tmp_path / "gulfvisits.sqlite") as db:
        assert [r[0] for r in db.execute("SELECT id FROM meetings ORDER BY rowid")] == [m.id for m in chosen]
        for table in ("participants", "sources", "meeting_topics", "events"):
            assert {r[0] for r in db.execute(f"SELECT meeting_id FROM {table}")} <= {m.id for m in chosen}
        assert db.execute("SELECT count(*) FROM people").fetchone()[0] == len(data.people)  # registries whole
        assert db.execute("PRAGMA foreign_key_check").fetchall() == []
    printed = cli("export", "--format", "json", "--output", "-", "--office", "Saudi energy minister")
    tables = json.loads(printed.stdout)["tables"]
    assert [row["id"] for row in tables["meetings"]] == [m.id for m in data.filter(office="Saudi energy minister")]
    refused = cli("export", "--format", "csv", "--output", str(tmp_path / "csv"), "--topic", "enrgy")
    assert (refused.code, refused.stdout) == (2, "") and refused.stderr.endswith("(did you mean 'energy' (Energy)?)\n")
    assert not (tmp_path / "csv").exists()  # refused before anything was written


@given(st.lists(meetings(), min_size=1, max_size=3), st.data())
def test_the_sheet_reads_back_cell_for_cell_from_its_csv(drawn, draw):
    """Whatever a record's text holds (commas, quotes, line breaks, a leading "="), its sheet row
    reads back from the CSV as one row with the cells that ``rows`` gave: days in ISO form, a
    session's number in digits, an empty cell for what is unknown, formula-like text behind an
    apostrophe."""
    from datetime import date
    from types import SimpleNamespace

    from gulfvisits.models import Meeting
    from gulfvisits.sheet import COLUMNS, csv_text, rows

    chosen = [Meeting.model_validate(m) for m in drawn]
    entry = lambda: SimpleNamespace(name=draw.draw(text), label=draw.draw(text))  # noqa: E731
    data = SimpleNamespace(meetings=chosen, people={p.person: entry() for m in chosen for p in m.participants},
                           topics={t: entry() for m in chosen for t in m.topics},
                           organizations={o: entry() for m in chosen for o in m.organizations})
    expected = [["" if v is None else spreadsheet_safe(v.isoformat() if isinstance(v, date) else str(v)) for v in row]
                for row in rows(data)]
    assert list(csv.reader(io.StringIO(csv_text(data), newline=""))) == [list(COLUMNS), *expected]
    assert [row[0] for row in expected] == [m.id for m in chosen]


@given(st.lists(meetings(), min_size=1, max_size=3, unique_by=lambda m: m["id"]))
def test_any_records_rebuild_from_their_tables_whatever_order_the_rows_come_in(drawn):
    """The tables lose nothing of any record the model accepts, its disagreements' readings and
    their source addresses (one cell) too, whichever order a database returns the rows in."""
    from types import SimpleNamespace

    from gulfvisits.models import Meeting
    from gulfvisits.tables import table_rows

    chosen = [Meeting.model_validate(m) for m in drawn]
    data = SimpleNamespace(meetings=chosen, withdrawn=[], people={}, organizations={}, topics={})
    rows = {name: [dict(zip(TABLE_BY_NAME[name].column_names, row, strict=True)) for row in reversed(table)]
            for name, table in table_rows(data).items()}
    assert [m.model_dump() for m in records_from_tables(rows)] == [m.model_dump() for m in reversed(chosen)]
