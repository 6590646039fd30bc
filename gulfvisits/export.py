"""Writing the tables out: CSV, JSON Lines, JSON, SQLite, Parquet, a Frictionless Data
Package, and schema.org JSON-LD. Every format is produced from ``tables.TABLES``; pandas and
pyarrow are optional extras, imported only by the formats that need them.
"""
from __future__ import annotations

import csv
import io
import json
import os
import shutil
import sqlite3
import tempfile
from collections.abc import Iterable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .cite import ABSTRACT, KEYWORDS, LICENSE, LICENSE_TITLE, LICENSE_URL, TITLE
from .errors import UsageError, nonempty_path
from .explain import first_few
from .isocodes import COUNTRIES
from .models import GULF_COUNTRIES
from .tables import TABLES, Column, Table, country_name, table_rows
from .yamlio import folder_to_write, make_folders, replacing

if TYPE_CHECKING:  # pragma: no cover
    from .dataset import Dataset

FORMATS = ("csv", "jsonl", "json", "sqlite", "parquet", "datapackage", "jsonld")
SINGLE_DOCUMENT = ("json", "jsonld")  # one file each, so they can be printed instead
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


class MissingExtraError(UsageError):
    """A format needs an optional dependency that is not installed."""


def require(module: str, extra: str) -> Any:
    """Import an optional dependency, or say which extra installs it."""
    import importlib

    try:
        return importlib.import_module(module)
    except ImportError:
        raise MissingExtraError(f"this needs {module}; install it with: pip install 'gulfvisits[{extra}]'") from None


def _cell(value: Any) -> Any:
    return value.isoformat() if isinstance(value, date) else value


def spreadsheet_safe(value: Any) -> Any:
    """Neutralise text a spreadsheet would run as a formula by prefixing an apostrophe."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def csv_text(header: Iterable[str], rows: Iterable[Iterable[Any]], *, safe: bool) -> str:
    """CSV as the package writes it, for the export's tables and ``list``'s sheet alike: a header,
    "\n" line ends, an empty cell for None, days in ISO form, and (``safe``) text a spreadsheet
    would run as a formula neutralised."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow(["" if v is None else (spreadsheet_safe(_cell(v)) if safe else _cell(v)) for v in row])
    return buffer.getvalue()


def _write_csv(path: Path, table: Table, rows: list[tuple], safe: bool) -> None:
    path.write_text(csv_text(table.column_names, rows, safe=safe), encoding="utf-8")


def _rows_as_dicts(table: Table, rows: list[tuple]) -> list[dict]:
    return [dict(zip(table.column_names, (_cell(v) for v in row), strict=True)) for row in rows]


def datapackage_descriptor(dataset: "Dataset") -> dict:
    """The ``datapackage.json`` descriptor: a Table Schema per table, with keys."""
    resources = []
    for table in TABLES:
        schema: dict[str, Any] = {
            "fields": [{"name": c.name, "type": c.type, "description": c.description,
                        **({"constraints": constraints} if (constraints := _constraints(c)) else {})}
                       for c in table.columns],
            "primaryKey": list(table.primary_key),
        }
        if table.foreign_keys:
            schema["foreignKeys"] = [{"fields": list(cols), "reference": {
                "resource": "" if ref == table.name else ref, "fields": list(ref_cols)}}
                for cols, ref, ref_cols in table.foreign_keys]
        resources.append({"name": table.name, "path": f"{table.name}.csv", "profile": "tabular-data-resource",
                          "format": "csv", "mediatype": "text/csv", "encoding": "utf-8",
                          "description": table.description, "schema": schema})
    return {"profile": "tabular-data-package", "name": "gulfvisits", "version": dataset.version,
            "title": TITLE, "description": ABSTRACT, "keywords": list(KEYWORDS),
            "licenses": [{"name": LICENSE, "title": LICENSE_TITLE, "path": LICENSE_URL}],
            "resources": resources}


def _constraints(column: Column) -> dict[str, Any]:
    return {**({"required": True} if column.required else {}), **({"enum": list(column.values)} if column.values else {})}


def json_ld(dataset: "Dataset") -> dict:
    """schema.org JSON-LD: a ``Dataset`` describing the whole and an ``Event`` per meeting."""
    events = []
    for m in dataset.meetings:
        event: dict[str, Any] = {
            "@type": "Event", "identifier": m.id, "name": m.title, "description": m.summary,
            "startDate": m.date.iso,  # an EDTF window is not a schema.org Date
            "eventStatus": "https://schema.org/EventScheduled",
            "attendee": [{"@type": "Person", "name": p.person_record.name, "jobTitle": p.office,
                          "nationality": country_name(p.country)} for p in m.participants],
            "subjectOf": [{"@type": "NewsArticle", "url": s.url, "publisher": {"@type": "Organization",
                                                                             "name": s.publisher},
                           **({"datePublished": s.published.isoformat()} if s.published else {}),
                           "inLanguage": s.language} for s in m.sources],
        }
        if m.location.country:
            # schema.org recommends ISO's two-letter code (this gave a name for the seven, "USA" for others)
            alpha_2 = COUNTRIES[m.location.country][1]
            place: dict[str, Any] = {"@type": "Place", "address": {"@type": "PostalAddress", "addressCountry": alpha_2}}
            if m.location.city:
                place["address"]["addressLocality"] = m.location.city
            event["location"] = place
        occasion = m.occasion
        if occasion is not None:  # schema.org's own term for the event a meeting was part of
            event["superEvent"] = {"@type": "Event", "name": occasion.name,
                                   **({"startDate": occasion.date.isoformat()} if occasion.date else {})}
        events.append(event)
    dates = [m.date.value for m in dataset.meetings]
    return {
        "@context": "https://schema.org",
        "@graph": [{
            "@type": "Dataset", "name": "gulfvisits", "version": dataset.version,
            "description": ABSTRACT, "license": LICENSE_URL,
            "keywords": list(KEYWORDS),
            "temporalCoverage": f"{min(dates).isoformat()}/{max(dates).isoformat()}" if dates else None,
            "spatialCoverage": [country_name(c) for c in ("AZE", *GULF_COUNTRIES)],
            "variableMeasured": [t.name for t in TABLES],
        }, *events],
    }


def to_sqlite(dataset: "Dataset", path: str | os.PathLike[str]) -> Path:
    """Write every table into one SQLite file, with primary keys, foreign keys and indexes.
    The file is built whole beside its target and renamed into place (``replacing``)."""
    given = nonempty_path(path, "path")
    if given.is_dir():
        raise UsageError(f"{given} is a folder; to_sqlite writes one file (such as {given / 'gulfvisits.sqlite'})")
    refuse_to_replace_database(given)
    with replacing(given) as temporary:
        connection = sqlite3.connect(temporary)
        try:
            with connection:
                connection.execute("PRAGMA foreign_keys = ON")
                _create_tables(connection, table_rows(dataset))
        finally:
            connection.close()
    return given


_SQLITE_HEADER = b"SQLite format 3\x00"


def refuse_to_replace_database(path: Path) -> None:
    """Replace only a file an earlier export could have written: ``to_sqlite("analysis.db")``
    replaced a researcher's database, with every table of their own in it, and
    ``to_sqlite("notes.csv")`` a file that was no database at all. An empty file (a temporary
    file's name, made to be filled) is taken too."""
    if not path.is_file() or path.stat().st_size == 0:
        return
    with open(path, "rb") as handle:
        is_database = handle.read(len(_SQLITE_HEADER)) == _SQLITE_HEADER
    if not is_database:
        raise UsageError(f"{path} is not a SQLite database; to_sqlite replaces only a database of its own "
                         "tables, so give a new file name, or move this file away first")
    try:
        reader = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
        try:
            names = {row[0] for row in reader.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        finally:
            reader.close()
    except sqlite3.Error as exc:
        raise UsageError(f"{path} cannot be read as a SQLite database ({exc}); give a new file name, or move "
                         "this file away first") from None
    foreign = sorted(n for n in names - {t.name for t in TABLES} if not n.startswith("sqlite_"))
    if foreign:
        raise UsageError(f"{path} holds tables that this export did not write ({first_few(foreign, 3)}); give a "
                         "new file name, or move the file away first, as the export replaces the whole file")


def _create_tables(connection: sqlite3.Connection, rows: dict[str, list[tuple]]) -> None:
    for table in _in_dependency_order():
        columns = [f'"{c.name}" {"INTEGER" if c.type == "integer" else "TEXT"}{" NOT NULL" if c.required else ""}'
                   + (f' CHECK ("{c.name}" IN ({", ".join(_sql_text(v) for v in c.values)}))' if c.values else "")
                   for c in table.columns]
        keys = [f'PRIMARY KEY ({", ".join(table.primary_key)})']
        keys += [f'FOREIGN KEY ({", ".join(cols)}) REFERENCES "{ref}" ({", ".join(ref_cols)})'
                 for cols, ref, ref_cols in table.foreign_keys]
        connection.execute(f'CREATE TABLE "{table.name}" ({", ".join(columns + keys)})')
        for cols, _, _ in table.foreign_keys:
            connection.execute(f'CREATE INDEX "ix_{table.name}_{"_".join(cols)}" ON "{table.name}" '
                               f'({", ".join(cols)})')
        placeholders = ", ".join("?" * len(table.columns))
        try:
            connection.executemany(f'INSERT INTO "{table.name}" VALUES ({placeholders})',
                                   ([_cell(v) for v in row] for row in _self_references_last(table, rows)))
        except sqlite3.IntegrityError as exc:
            # Only a Dataset built by hand gets here: load() has checked every reference and term.
            reason = next((why for start, why in _INTEGRITY.items() if str(exc).startswith(start)), None)
            raise UsageError(f"table {table.name}: {exc}" + (f"; {reason}" if reason else "")) from None
    connection.execute('CREATE INDEX "ix_meetings_date" ON "meetings" (date)')


_INTEGRITY = {
    "FOREIGN KEY": "a row refers to an id that is not in the dataset (is a registry incomplete?)",
    "CHECK": "a value is not a term of its column's vocabulary",
}


def _sql_text(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"  # "Meet at a 'third' location"


def _in_dependency_order() -> list[Table]:
    order = ["countries", "people", "organizations", "topics"]
    return sorted(TABLES, key=lambda t: (0, order.index(t.name)) if t.name in order else (1, 0))


def _self_references_last(table: Table, rows: dict[str, list[tuple]]) -> list[tuple]:
    """Rows that reference their own table (a replacement, a parent body) go after the rest."""
    own = [cols for cols, ref, _ in table.foreign_keys if ref == table.name]
    if not own:
        return rows[table.name]
    indexes = [table.column_names.index(c) for cols in own for c in cols]
    return sorted(rows[table.name], key=lambda row: any(row[i] is not None for i in indexes))


def to_pandas(dataset: "Dataset") -> dict[str, Any]:
    """A DataFrame per table, with nullable dtypes (``gulfvisits[pandas]``)."""
    pd = require("pandas", "pandas")
    frames = {}
    rows = table_rows(dataset)
    for table in TABLES:
        frame = pd.DataFrame.from_records(rows[table.name], columns=table.column_names)
        for column in table.columns:
            if column.type == "integer":
                frame[column.name] = frame[column.name].astype("Int64")
            elif column.type == "date":
                frame[column.name] = pd.to_datetime(frame[column.name].map(lambda v: v.isoformat() if v else None))
            else:
                frame[column.name] = frame[column.name].astype("string")
        frames[table.name] = frame
    return frames


def to_arrow(dataset: "Dataset") -> dict[str, Any]:
    """A pyarrow Table per table, typed from the table specification (``gulfvisits[parquet]``)."""
    pa = require("pyarrow", "parquet")
    kinds = {"string": pa.string(), "integer": pa.int64(), "date": pa.date32()}
    rows = table_rows(dataset)
    out = {}
    for table in TABLES:
        schema = pa.schema([pa.field(c.name, kinds[c.type], nullable=not c.required,
                                     metadata={"description": c.description}) for c in table.columns],
                           metadata={"description": table.description, "primary_key": ",".join(table.primary_key)})
        columns = list(zip(*rows[table.name], strict=True)) if rows[table.name] else [[] for _ in table.columns]
        out[table.name] = pa.table([pa.array(list(col), type=kinds[c.type]) for col, c in zip(columns, table.columns, strict=True)],
                                   schema=schema)
    return out


def export(dataset: "Dataset", fmt: str, output: str | os.PathLike[str]) -> list[Path]:
    """Write ``dataset`` in ``fmt`` under the folder ``output``; returns the files written.

    Everything is first written to a temporary folder beside ``output`` and moved into place,
    so a failure never leaves a half-written export.
    """
    if fmt not in FORMATS:
        raise UsageError(f"unknown format {fmt!r}; choose from {', '.join(FORMATS)}")
    if fmt == "parquet":
        require("pyarrow", "parquet")
    target = folder_to_write(nonempty_path(output, "output"),
                             f"--output takes a folder (or - for {' or '.join(SINGLE_DOCUMENT)})")
    make_folders(target)
    staging = Path(tempfile.mkdtemp(prefix=".export-", dir=target))
    try:
        _write(dataset, fmt, staging)
        items = sorted(staging.iterdir())
        for item in items:
            _refuse_to_clobber(item, target / item.name)
        written = []
        for item in items:
            destination = target / item.name
            if destination.is_dir():  # an earlier export's own folder (parquet/), checked above
                shutil.rmtree(destination)
            os.replace(item, destination)
            written.append(destination)
        return written
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def _refuse_to_clobber(item: Path, destination: Path) -> None:
    """Replace a folder only with the folder an earlier export wrote there: a user's folder
    that happens to be called ``meetings.csv``, or a ``parquet/`` holding other files, was
    deleted with everything in it. Checked for every item before any is moved, so a refusal
    leaves the folder as it was. A database file is replaced only if it holds no tables but the
    export's own (``refuse_to_replace_database``)."""
    if not destination.is_dir():
        if item.name.endswith(".sqlite"):
            refuse_to_replace_database(destination)
        return
    if destination.is_symlink() or not item.is_dir():
        raise UsageError(f"{destination} is a folder, where the export writes a file; move it away first")
    foreign = sorted(p.name for p in destination.iterdir() if not (item / p.name).exists())
    if foreign:
        raise UsageError(f"{destination} holds files that this export did not write ({first_few(foreign, 3)}); "
                         "move them away first, as the export replaces the folder")


def document(dataset: "Dataset", fmt: str, rows: dict[str, list[tuple]] | None = None) -> str:
    """The whole export as one text, for the formats that are one file: what
    ``export --output -`` prints, so that it can be piped (``| jq``) without a folder."""
    if fmt == "json":
        rows = rows or table_rows(dataset)
        tables = {t.name: _rows_as_dicts(t, rows[t.name]) for t in TABLES}
        return json.dumps({"version": dataset.version, "tables": tables}, ensure_ascii=False, indent=1) + "\n"
    if fmt == "jsonld":
        return json.dumps(json_ld(dataset), ensure_ascii=False, indent=2) + "\n"
    written_as = "one binary file" if fmt == "sqlite" else "several files"  # it said "several" of sqlite too
    raise UsageError(f"{fmt} is written as {written_as}, so it needs a folder: --output DIR "
                     f"(only {' and '.join(SINGLE_DOCUMENT)} can go to standard output)")


def _write(dataset: "Dataset", fmt: str, folder: Path) -> None:
    rows = table_rows(dataset)
    if fmt in ("csv", "datapackage"):
        for table in TABLES:
            _write_csv(folder / f"{table.name}.csv", table, rows[table.name], safe=fmt == "csv")
        if fmt == "datapackage":
            (folder / "datapackage.json").write_text(json.dumps(datapackage_descriptor(dataset), indent=2) + "\n",
                                                  encoding="utf-8")
    elif fmt == "jsonl":
        for table in TABLES:
            with open(folder / f"{table.name}.jsonl", "w", encoding="utf-8") as handle:
                for row in _rows_as_dicts(table, rows[table.name]):
                    handle.write(json.dumps(row, ensure_ascii=False) + "\n")
    elif fmt in SINGLE_DOCUMENT:
        (folder / f"gulfvisits.{fmt}").write_text(document(dataset, fmt, rows), encoding="utf-8")
    elif fmt == "sqlite":
        to_sqlite(dataset, folder / "gulfvisits.sqlite")
    elif fmt == "parquet":
        import pyarrow.parquet as pq

        root = folder / "parquet"
        for name, table in to_arrow(dataset).items():
            if name == "meetings":
                pq.write_to_dataset(table, root / name, partition_cols=["year"])
            else:
                (root / name).mkdir(parents=True, exist_ok=True)
                pq.write_table(table, root / name / "part-0.parquet")
