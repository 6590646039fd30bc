"""The real ``gulfvisits`` command in a subprocess: exact messages, streams and exit codes."""
from __future__ import annotations

import json
import os
import re
import subprocess
import sys

import pytest

from gulfvisits.cli import _COMMANDS, build_parser

from conftest import (ASCII_LOCALE, BAHRAIN, GIT_CHECKOUT, KUWAIT, REPO, line_of, meeting_path,
                      skip_unless_names_can_hold, withdraw)


def test_validate_default_records(cli):
    result = cli("validate")
    assert result.code == 0, result.stderr
    assert result.stdout.startswith("OK: ") and "meeting(s)" in result.stdout
    assert result.stderr == ""


def test_validate_reports_path_line_column_and_exits_1(cli, tree):
    path = meeting_path(tree, KUWAIT)
    path.write_text(path.read_text(encoding="utf-8").replace("kind: official_visit", "kind: oficial_visit"),
                    encoding="utf-8")
    line = line_of(tree, KUWAIT, "kind: oficial_visit")
    result = cli("validate", str(tree), cwd=tree.parent)
    assert result.code == 1
    assert result.stdout == ""
    assert result.stderr == (
        f"records/meetings/2025/{KUWAIT}.yaml:{line}:7: kind: expected one of: official_visit, working_visit, "
        "state_visit, visit_unspecified, meeting_unspecified, multilateral_sidelines, phone_call, video_conference, "
        "political_consultations, joint_commission_session; found 'oficial_visit' (text) "
        "(did you mean 'official_visit'?)\n"
        f"1 problem(s) in {3 + len(list(tree.rglob('meetings/*/*.yaml')))} file(s)\n")
    assert "Traceback" not in result.stderr


def test_validate_reports_a_broken_link_among_the_records_and_checks_the_rest(cli, tree):
    link = meeting_path(tree, KUWAIT).with_name("linked.yaml")
    link.symlink_to(tree / "gone.yaml")
    path = meeting_path(tree, BAHRAIN)
    path.write_text(path.read_text(encoding="utf-8").replace("status: active", "status: draft"), encoding="utf-8")
    result = cli("validate", str(tree), cwd=tree.parent)
    assert result.code == 1 and "Traceback" not in result.stderr
    assert f"records/meetings/2025/linked.yaml:1:1: cannot read file: it is a symbolic link to {tree / 'gone.yaml'}" \
        in result.stderr
    assert f"records/meetings/2025/{BAHRAIN}.yaml:" in result.stderr
    # The link is one of the files checked, though it could not be read.
    assert result.stderr.endswith(f"2 problem(s) in {3 + len(list(tree.rglob('meetings/*/*.yaml')))} file(s)\n")


def test_a_meeting_file_that_links_outside_the_tree_is_validated_as_a_file_of_the_tree(cli, tree, tmp_path):
    """Named alone or in its folder, the link was resolved to its target: "not a records tree",
    or, named with its tree, not checked in full at all."""
    outside = tmp_path / "elsewhere" / "meeting.yaml"
    outside.parent.mkdir()
    outside.write_text(meeting_path(tree, KUWAIT).read_text(encoding="utf-8").replace("status: active", "status: draft"),
                       encoding="utf-8")
    link = meeting_path(tree, KUWAIT)
    link.unlink()
    link.symlink_to(outside)
    line = line_of(tree, KUWAIT, "status: draft")
    for target, engine in ((link, "pydantic"), (link.parent, "pydantic"), (link, "jsonschema")):
        result = cli("validate", "--engine", engine, str(target.relative_to(tree.parent)), cwd=tree.parent)
        assert result.code == 1, result.stderr
        assert result.stderr.startswith(f"records/meetings/2025/{KUWAIT}.yaml:{line}:9: status: expected one of")


def test_validate_refuses_a_named_file_that_validation_does_not_read(cli, tree):
    """A hidden file, or one that is not YAML, named on the command line was answered "OK" unread."""
    kuwait = meeting_path(tree, KUWAIT)
    hidden = kuwait.with_name(f".{kuwait.name}")
    notes = kuwait.with_name("notes.txt")
    in_hidden_folder = tree / "meetings" / ".old" / kuwait.name
    in_hidden_folder.parent.mkdir()
    for path in (hidden, notes, in_hidden_folder):
        path.write_text(kuwait.read_text(encoding="utf-8").replace("status: active", "status: draft"), encoding="utf-8")
        typed = str(path.relative_to(tree.parent))
        result = cli("validate", str(kuwait.relative_to(tree.parent)), typed, cwd=tree.parent)
        assert (result.code, result.stdout) == (2, "")
        assert result.stderr == (f"Error: {typed}: not a file that validation reads (a meeting is "
                                 "meetings/<year>/<id>.yaml; hidden files and folders, and files that are not YAML, "
                                 "are left alone)\n")
    result = cli("validate", "records/meetings", cwd=tree.parent)  # the three, each invalid if read: left alone
    assert result.code == 0 and result.stdout.startswith("OK: "), result.stderr
    result = cli("validate", "records/meetings/.old", cwd=tree.parent)  # named itself: refused, not answered OK
    assert result.code == 2 and result.stderr.startswith(f"Error: records/meetings/.old/{kuwait.name}: not a file")
    assert cli("validate", "records/people.yaml", cwd=tree.parent).code == 0  # a registry is read


def test_validate_single_file_reports_only_that_file(cli, tree):
    for meeting_id in (KUWAIT, BAHRAIN):
        path = meeting_path(tree, meeting_id)
        path.write_text(path.read_text(encoding="utf-8").replace("status: active", "status: draft"), encoding="utf-8")
    result = cli("validate", f"records/meetings/2025/{BAHRAIN}.yaml", cwd=tree.parent)
    assert result.code == 1
    assert result.stderr.count("status:") == 1 and BAHRAIN in result.stderr


def test_validate_json_and_github_formats(cli, tree):
    path = meeting_path(tree, KUWAIT)
    path.write_text(path.read_text(encoding="utf-8").replace("side: hosting", "side: host"), encoding="utf-8")
    line = line_of(tree, KUWAIT, "    side: host")
    result = cli("validate", "records", "--format", "json", cwd=tree.parent)
    assert result.code == 1
    report = json.loads(result.stdout)
    assert report["ok"] is False
    assert report["errors"][0] | {"message": None} == {
        "severity": "error", "code": "schema.vocabulary", "path": f"records/meetings/2025/{KUWAIT}.yaml",
        "line": line, "column": 11, "field": "participants[1].side", "record_id": KUWAIT, "message": None,
        "hint": "did you mean 'hosting'?"}
    result = cli("validate", "records", "--format", "github", cwd=tree.parent)
    assert result.stderr.startswith(
        f"::error file=records/meetings/2025/{KUWAIT}.yaml,line={line},col=11,title=participants[1].side::expected one of")


def test_an_error_names_a_record_only_by_an_id_written_as_text(cli, tree):
    """An id the model refuses for its type (a year, unquoted) is no record's id: the JSON report
    gives ``record_id`` null, not the number, for a reader to join on."""
    path = meeting_path(tree, KUWAIT)
    path.write_text(path.read_text(encoding="utf-8").replace(f"id: {KUWAIT}\n", "id: 2025\n", 1), encoding="utf-8")
    result = cli("validate", "records", "--format", "json", cwd=tree.parent)
    [error] = [e for e in json.loads(result.stdout)["errors"] if e["field"] == "id"]
    assert (result.code, error["code"], error["record_id"]) == (1, "schema.type", None)


def test_an_error_of_the_whole_file_names_no_field(cli, tree):
    """Broken YAML concerns no field: the JSON report gives ``field`` null, as it gives
    ``record_id``, not an empty text that a reader would take for a field's name."""
    meeting_path(tree, KUWAIT).write_text("id: [\n", encoding="utf-8")
    result = cli("validate", "records", "--format", "json", cwd=tree.parent)
    [error] = [e for e in json.loads(result.stdout)["errors"] if e["path"].endswith(f"{KUWAIT}.yaml")]
    assert (result.code, error["code"], error["field"], error["record_id"]) == (1, "yaml.syntax", None, None)


def test_github_annotations_escape_what_the_runner_would_cut_or_misread(capsys):
    # GitHub reads %0A as a line break inside one annotation; a raw newline would end it.
    from gulfvisits.cli import _print_errors
    from gulfvisits.errors import Location, RecordError

    error = RecordError("50% sure\r\nsecond: line, too", location=Location("f.yaml", 3, 5), code="rule.x", hint="a hint")
    _print_errors([error], "github")
    assert capsys.readouterr().err == ("::error file=f.yaml,line=3,col=5,title=rule.x::"
                                       "50%25 sure%0D%0Asecond: line, too (a hint)\n")


def test_github_annotation_properties_escape_colons_and_commas(cli, tree, tmp_path):
    # A property ends at a comma and the properties at a colon: a folder name or the record's own
    # key (an unknown field) holding either would cut the file or the title short.
    folder = tmp_path / "drafts, v2: Baku"
    tree.rename(folder)
    path = meeting_path(folder, KUWAIT)
    path.write_text(path.read_text(encoding="utf-8") + '"x:y,z": 1\n', encoding="utf-8")
    result = cli("validate", folder.name, "--format", "github", cwd=tmp_path)
    assert result.code == 1
    assert result.stderr.splitlines()[0] == (
        f"::error file=drafts%2C v2%3A Baku/meetings/2025/{KUWAIT}.yaml,"
        f"line={len(path.read_text(encoding='utf-8').splitlines())},"
        "col=1,title=x%3Ay%2Cz::unknown field 'x:y,z'")


def test_usage_errors_exit_2_without_traceback(cli, tmp_path):
    for command in ("validate", "fmt"):
        result = cli(command, str(tmp_path / "missing"))
        assert (result.code, result.stderr) == (2, f"Error: {tmp_path / 'missing'}: no such file or directory\n")
    result = cli("validate", str(tmp_path))
    assert result.code == 2 and result.stderr.startswith("Error: ") and "not a records tree" in result.stderr
    result = cli("frobnicate")
    assert result.code == 2 and "invalid choice" in result.stderr
    result = cli("stats", "--records", str(tmp_path))
    assert result.code == 2


def test_stats_text_and_json(cli):
    result = cli("stats")
    assert result.code == 0
    assert "KWT Kuwait" in result.stdout and "BHR Bahrain" in result.stdout
    summary = json.loads(cli("stats", "--format", "json").stdout)
    assert summary["by_country"]["KWT"] >= 1


def test_stats_counts_meetings_by_year_and_gulf_country(cli):
    """Issue 6 asks for the count by country and year in `gulfvisits stats`: one row per year, one
    column per Gulf state, zeros shown, counted here again straight from the records."""
    from collections import Counter

    import gulfvisits

    data = gulfvisits.load()
    expected = Counter((m.date.value.year, m.gulf_country) for m in data.meetings)
    codes = ["ARE", "BHR", "KWT", "OMN", "QAT", "SAU"]
    table = json.loads(cli("stats", "--format", "json").stdout)["by_year_and_country"]
    assert {(int(year), code): n for year, row in table.items() for code, n in row.items() if n} == dict(expected)
    assert all(list(row) == codes for row in table.values())
    lines = cli("stats").stdout.splitlines()
    header = lines.index("Year by Gulf country") + 1
    assert lines[header].split() == ["year", *codes, "total"]
    for year in sorted({y for y, _ in expected}):
        row = next(line.split() for line in lines[header + 1:] if line.split()[:1] == [str(year)])
        assert row == [str(year), *(str(expected[year, code]) for code in codes),
                       str(sum(expected[year, code] for code in codes))]
    total = next(line.split() for line in lines[header + 1:] if line.split()[:1] == ["total"])
    assert total == ["total", *(str(sum(n for (_, c), n in expected.items() if c == code)) for code in codes),
                     str(len(data.meetings))]


def test_stats_on_invalid_records_is_a_clean_error(cli, tree):
    path = meeting_path(tree, KUWAIT)
    path.write_text("id: [\n", encoding="utf-8")
    result = cli("stats", "--records", str(tree))
    assert result.code == 1
    assert result.stderr.startswith("Error: 1 problem(s) in the records\n")
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize("name", sorted(_COMMANDS))
def test_every_command_is_documented_with_an_example(name):
    function = _COMMANDS[name]
    assert function.help_text and function.example.startswith(f"gulfvisits {name}")
    parser = build_parser()
    subparsers = next(a for a in parser._actions if a.dest == "command")
    assert f"Example: {function.example}" in subparsers.choices[name].format_help()


def test_version_flag(cli):
    import gulfvisits

    assert cli("--version").stdout == f"gulfvisits {gulfvisits.__version__}\n"


def test_no_command_is_a_usage_error_that_lists_the_commands(cli):
    """The first thing a newcomer may type; without a command there is nothing to run."""
    result = cli()
    assert (result.code, result.stdout) == (2, "")
    assert result.stderr.startswith("usage: gulfvisits [-h] [--version] COMMAND ...\n")
    assert result.stderr.endswith("gulfvisits: error: the following arguments are required: COMMAND\n")


@pytest.mark.parametrize("command, error", [
    (("docs",), "one of the arguments --write --check is required"),
    (("docs", "--write", "--check"), "argument --check: not allowed with argument --write"),
    (("schema", "--write", "--check"), "argument --check: not allowed with argument --write"),
])
def test_write_and_check_are_one_or_the_other(cli, tmp_path, command, error):
    """One writes the generated files, the other only reads them: given neither, or both, the
    command would have to guess whether to write, and a wrong guess overwrites files."""
    result = cli(*command, "--dir", str(tmp_path))
    assert (result.code, result.stdout) == (2, "")
    assert result.stderr.endswith(f"error: {error}\n")
    assert list(tmp_path.iterdir()) == []


def test_a_file_outside_any_records_tree_is_a_usage_error(cli, tmp_path):
    stray = tmp_path / "stray.yaml"
    stray.write_text("id: x\n", encoding="utf-8")
    result = cli("validate", str(stray))
    assert result.code == 2
    assert result.stderr == f"Error: {tmp_path} is not a records tree (no meetings/ folder and no registry files)\n"


def test_a_folder_of_meetings_is_validated_as_its_files_with_the_rules_across_the_tree(tree, cli):
    # `validate records/meetings/2025` said "not a records tree"; a contributor checks a year at a time
    older = sorted((tree / "meetings" / "2024").glob("*.yaml"))[0]
    older.write_text(older.read_text(encoding="utf-8").replace("status: active", "status: live"), encoding="utf-8")
    kuwait = meeting_path(tree, KUWAIT)
    kuwait.write_text(kuwait.read_text(encoding="utf-8").replace("kind: official_visit", "kind: visit"), encoding="utf-8")
    in_2025 = len(list((tree / "meetings" / "2025").glob("*.yaml")))
    result = cli("validate", "records/meetings/2025", cwd=tree.parent)
    assert result.code == 1
    assert [line.split(":")[0] for line in result.stderr.splitlines()] == [
        f"records/meetings/2025/{KUWAIT}.yaml", f"1 problem(s) in {in_2025 + 3} file(s)"]
    result = cli("validate", "records/meetings", cwd=tree.parent)
    assert sorted(line.split(":")[0] for line in result.stderr.splitlines()[:-1]) == [
        f"records/meetings/2024/{older.name}", f"records/meetings/2025/{KUWAIT}.yaml"]
    (tree / "meetings" / "2031").mkdir()
    result = cli("validate", "records/meetings/2031", cwd=tree.parent)
    assert (result.code, result.stderr) == (2, "Error: records/meetings/2031 holds no meeting file\n")


def test_fmt_formats_a_folder_of_meetings_and_refuses_a_folder_that_holds_no_records(seeds, cli, tmp_path):
    # it said "OK: 0 file(s) already canonical" for both, and formatted nothing
    bahrain = meeting_path(seeds, BAHRAIN)
    bahrain.write_text(bahrain.read_text(encoding="utf-8").replace("status: active\n", "status:   active\n"),
                       encoding="utf-8")
    result = cli("fmt", "--check", "seeds/meetings/2025", cwd=seeds.parent)
    assert (result.code, result.stderr) == (1, f"would reformat seeds/meetings/2025/{BAHRAIN}.yaml\n")
    assert cli("fmt", "seeds/meetings", cwd=seeds.parent).stdout == f"reformatted seeds/meetings/2025/{BAHRAIN}.yaml\n"
    assert cli("fmt", "--check", "seeds/meetings/2025", cwd=seeds.parent).stdout == "OK: 2 file(s) already canonical\n"
    elsewhere = tmp_path / "notes"
    elsewhere.mkdir()
    (elsewhere / "workflow.yaml").write_text("on:   push\n", encoding="utf-8")  # not a record: left as it is
    result = cli("fmt", str(elsewhere))
    assert (result.code, result.stderr) == (2, f"Error: {elsewhere} is not a records tree (no meetings/ folder and "
                                               "no registry files)\n")
    assert (elsewhere / "workflow.yaml").read_text(encoding="utf-8") == "on:   push\n"


def test_find_lists_the_entries_a_name_matches_in_any_spelling_with_their_meetings(cli):
    import gulfvisits

    skip_unless_names_can_hold("Джейхун Байрамов")
    data = gulfvisits.load()
    result = cli("find", "Джейхун Байрамов")  # a journalist's Russian source
    assert result.code == 0, result.stderr
    lines = result.stdout.splitlines()
    variants = ", ".join(data.people["jeyhun-bayramov"].name_variants)  # the curators add spellings
    assert "Джейхун Байрамов" in variants
    assert lines[0] == f"person jeyhun-bayramov: Jeyhun Bayramov (also {variants})"
    assert [line.split()[1] for line in lines[1:]] == [m.id for m in data.filter(person="jeyhun-bayramov")]
    assert f"  {data.lookup(BAHRAIN).edtf:<21} {BAHRAIN}  (Minister of Foreign Affairs)" in lines
    found = json.loads(cli("find", "Organization of Islamic Cooperation", "--format", "json").stdout)
    assert found == [{"registry": "organization", "id": "oic", "name": "Organization of Islamic Cooperation",
                      "meetings": [m.id for m in data.filter(organization="oic")]}]
    nothing = cli("find", "Zzyzx")
    assert (nothing.code, nothing.stdout) == (1, "")
    assert nothing.stderr == "no person, organization, topic or office has a name with every word of 'Zzyzx'\n"
    misspelt = cli("find", "Ilham Aliev")  # a report's transliteration, a letter off every recorded one
    assert (misspelt.code, misspelt.stdout) == (1, "")
    assert misspelt.stderr == ("no person, organization, topic or office has a name with every word of 'Ilham Aliev'; "
                               "did you mean 'ilham-aliyev' (Ilham Aliyev)?\n")
    titled = cli("find", "President Ilham Aliyev")  # an office no recorded spelling holds
    assert (titled.code, titled.stdout) == (1, "")
    assert titled.stderr.endswith("; did you mean 'ilham-aliyev' (Ilham Aliyev)?\n")
    assert cli("find", "- ").stderr == "Error: '- ' has no letter or digit to look up\n"
    pasted = cli("find", "Zzyzx " * 2000)  # a page pasted by mistake is not echoed whole
    assert pasted.stderr == ("no person, organization, topic or office has a name with every word of "
                             f"{('Zzyzx ' * 10)[:57] + '...'!r}\n")
    assert cli("find", "--", "- " * 2000).stderr == f"Error: {('- ' * 30)[:57] + '...'!r} has no letter or digit to look up\n"


def test_find_says_so_when_an_entry_or_office_is_only_in_withdrawn_meetings(seeds, cli):
    """The registries keep who took part in a withdrawn meeting; ``find`` still answers the name,
    and says that no meeting that counts has it, rather than printing a heading over nothing."""
    withdraw(seeds, BAHRAIN)
    person = cli("find", "Alzayani", "--records", str(seeds))
    heading, *meetings = person.stdout.splitlines()
    assert person.code == 0 and heading.startswith("person abdullatif-bin-rashid-alzayani: Abdullatif bin Rashid ")
    assert meetings == ["  no active meeting"]
    office = cli("find", "Bahraini foreign minister", "--records", str(seeds))
    lines = office.stdout.splitlines()
    assert office.code == 0 and lines[0].startswith("office ") and lines[1::2] == ["  no active meeting"] * (len(lines) // 2)
    assert any("(abdullatif-bin-rashid-alzayani)" in line for line in lines[::2])


def test_find_names_the_offices_a_reader_knows_before_the_names(cli):
    import gulfvisits

    data = gulfvisits.load()
    result = cli("find", "Kuwaiti foreign minister")
    assert (result.code, result.stderr) == (0, "")
    offices = data.find_offices("Kuwaiti foreign minister")
    heads = [line for line in result.stdout.splitlines() if not line.startswith("  ")]
    assert heads == [f"office {o.title} (KWT): " + ", ".join(f"{data.people[i].name} ({i})" for i in o.people)
                     for o in offices]
    assert "office Minister of Foreign Affairs (KWT): Abdullah Ali Al-Yahya (abdullah-ali-al-yahya), " in result.stdout
    assert f"  {data.lookup(KUWAIT).edtf:<21} {KUWAIT}  (Abdullah Ali Al-Yahya)" in result.stdout.splitlines()
    as_json = json.loads(cli("find", "Kuwaiti foreign minister", "--format", "json").stdout)
    minister = next(o for o in as_json if o["name"] == "Minister of Foreign Affairs")
    assert minister == {"registry": "office", "name": "Minister of Foreign Affairs", "country": "KWT",
                        "people": ["abdullah-ali-al-yahya", "jarrah-jaber-al-ahmad-al-sabah"],
                        "meetings": [m.id for m in data.meetings for p in m.participants
                                     if (p.office, p.country) == ("Minister of Foreign Affairs", "KWT")]}
    assert KUWAIT in minister["meetings"]


def test_find_gives_a_topics_id_for_the_words_a_report_uses(cli):
    import gulfvisits

    data = gulfvisits.load()
    found = json.loads(cli("find", "health care", "--format", "json").stdout)
    assert found == [{"registry": "topic", "id": "health", "name": "Health care",
                      "meetings": [m.id for m in data.filter(topic="health")]}]
    lines = cli("find", "Health care").stdout.splitlines()
    assert lines[0] == "topic health: Health care"
    assert [line.split()[1] for line in lines[1:]] == found[0]["meetings"]
    misspelt = cli("find", "helth care")
    assert (misspelt.code, misspelt.stdout) == (1, "")
    assert misspelt.stderr.endswith("; did you mean 'health' (Health care)?\n")


def test_list_prints_the_meetings_every_filter_selects_as_dataset_filter_does(cli):
    import gulfvisits

    data = gulfvisits.load()
    chosen = data.filter(country="KWT", start="2025-01-01", end="2025-12-31")
    assert len(chosen) >= 2  # the Kuwait seed and the meetings of its visit, at least
    result = cli("list", "--country", "kwt", "--start", "2025-01-01", "--end", "2025-12-31")  # any case, as typed
    assert (result.code, result.stderr) == (0, "")
    assert result.stdout.splitlines() == [f"{m.edtf:<21} {m.id}  {m.title}" for m in chosen]
    assert f"{KUWAIT}  {data.lookup(KUWAIT).title}" in result.stdout
    assert cli("list", "--country", "KWT", "--start", "2025", "--end", "2025").stdout == result.stdout  # all of 2025
    month = cli("list", "--start", "2025-04", "--end", "2025-04").stdout.splitlines()
    assert month == [f"{m.edtf:<21} {m.id}  {m.title}" for m in data.filter(start="2025-04-01", end="2025-04-30")]
    visit = data.lookup(BAHRAIN).visit
    as_json = cli("list", "--visit", visit, "--person", "jeyhun-bayramov", "--format", "json")
    assert as_json.code == 0 and as_json.stdout.isascii()
    records = json.loads(as_json.stdout)
    assert [r["id"] for r in records] == [m.id for m in data.filter(visit=visit, person="jeyhun-bayramov")]
    assert records[[r["id"] for r in records].index(BAHRAIN)] == data.lookup(BAHRAIN).model_dump(
        mode="json", exclude_defaults=True)
    calls = cli("list", "--kind", "phone_call", "--topic", "energy", "--organization", "cop29")
    assert [line.split()[1] for line in calls.stdout.splitlines()] == [
        m.id for m in data.filter(kind="phone_call", topic="energy", organization="cop29")]
    ministers = cli("list", "--office", "Energy minister", "--country", "SAU")
    assert [line.split()[1] for line in ministers.stdout.splitlines()] == [
        m.id for m in data.filter(office="energy minister", country="SAU")]
    assert len(ministers.stdout.splitlines()) >= 5
    typo = cli("list", "--office", "foriegn")
    assert (typo.code, typo.stdout, typo.stderr) == (2, "", "Error: office: no office in the people registry has the "
                                                            "word 'foriegn' (did you mean 'foreign'?)\n")


@pytest.mark.parametrize("command", ["list", "stats", "export"])
def test_every_criterion_of_dataset_filter_is_an_option_passed_on(command):
    """A criterion added to ``Dataset.filter`` without an option, or an option that never
    reached it, would answer about more meetings than the command line asked for."""
    import inspect

    from gulfvisits.cli import _filters_given, build_parser
    from gulfvisits.dataset import FILTER_SWITCHES, Dataset

    keywords = [name for name, parameter in inspect.signature(Dataset.filter).parameters.items()
                if parameter.kind is parameter.KEYWORD_ONLY]
    criteria = [name for name in keywords if name not in FILTER_SWITCHES]
    assert len(criteria) == 11 and set(keywords) - set(criteria) == FILTER_SWITCHES
    extra = ["--format", "csv", "--output", "out"] if command == "export" else []
    for name in criteria:
        value = {"country": "KWT", "start": "2025", "end": "2025", "kind": "phone_call", "host": "USA",
                 "session": "8"}.get(name, "x")
        args = build_parser().parse_args([command, f"--{name}", value, *extra])
        assert _filters_given(args) == {name: 8 if name == "session" else value}, name


def test_a_repeated_filter_matches_any_of_its_values_in_list_stats_and_export(cli, tmp_path):
    import sqlite3

    import gulfvisits

    data = gulfvisits.load()
    chosen = data.filter(country=["KWT", "QAT"], kind=["phone_call", "video_conference"], start="2020")
    assert {m.gulf_country for m in chosen} == {"KWT", "QAT"}  # both, so neither value was dropped
    listed = cli("list", "--country", "KWT", "--country", "qat", "--kind", "phone_call", "--kind", "video_conference",
                 "--start", "2020")
    assert (listed.code, listed.stderr) == (0, "")
    assert [line.split()[1] for line in listed.stdout.splitlines()] == [m.id for m in chosen]
    stats = cli("stats", "--country", "KWT", "--country", "QAT", "--office", "foreign minister", "--office", "emir")
    assert stats.stdout.splitlines()[0].startswith(
        f"gulfvisits {data.version}: {len(data.filter(country=['KWT', 'QAT'], office=['foreign minister', 'emir']))} "
        f"meetings of {len(data)} match --country KWT --country QAT --office 'foreign minister' --office emir (")
    as_json = json.loads(cli("stats", "--topic", "energy", "--topic", "trade", "--format", "json").stdout)
    assert as_json["filters"] == {"topic": ["energy", "trade"]}
    assert as_json["meetings"] == len(data.filter(topic=["energy", "trade"])) > len(data.filter(topic="energy"))
    out = tmp_path / "calls"
    exported = cli("export", "--format", "sqlite", "--output", str(out), "--country", "KWT", "--country", "QAT",
                   "--kind", "phone_call")
    assert exported.code == 0, exported.stderr
    with sqlite3.connect(out / "gulfvisits.sqlite") as db:
        ids = [row[0] for row in db.execute("SELECT id FROM meetings ORDER BY date, id")]
    assert sorted(ids) == sorted(m.id for m in data.filter(country=["KWT", "QAT"], kind="phone_call"))
    in_baku = cli("list", "--host", "aze", "--host", "ARE", "--country", "SAU")  # any case, as --country
    assert [line.split()[1] for line in in_baku.stdout.splitlines()] == [
        m.id for m in data.filter(host=["AZE", "ARE"], country="SAU")]
    eighth = cli("stats", "--organization", "aze-sau-joint-commission", "--session", "8", "--session", "7")
    assert eighth.stdout.startswith(f"gulfvisits {data.version}: 2 meetings of {len(data)} match "
                                    "--organization aze-sau-joint-commission --session 8 --session 7 (")
    for number in ("0", "eighth", "-1"):
        refused = cli("list", "--session", number)
        assert (refused.code, refused.stdout) == (2, "") and refused.stderr.endswith(
            f"argument --session: must be the number of a session or a round, a whole number from 1; got '{number}'\n")
    refused = cli("list", "--country", "KWT", "--topic", "energy", "--topic", "enrgy")
    assert (refused.code, refused.stdout) == (2, "") and refused.stderr.endswith("(did you mean 'energy' (Energy)?)\n")


def test_list_as_csv_is_one_row_a_meeting_with_names_for_a_spreadsheet(cli, seeds):
    import csv

    import gulfvisits
    from gulfvisits.sheet import COLUMNS

    data = gulfvisits.load()
    result = cli("list", "--country", "KWT", "--country", "BHR", "--start", "2025", "--format", "csv")
    assert (result.code, result.stderr) == (0, "")
    [header, *rows] = list(csv.reader(result.stdout.splitlines()))
    assert tuple(header) == COLUMNS and len(header) == 17
    assert [row[0] for row in rows] == [m.id for m in data.filter(country=["KWT", "BHR"], start="2025")]
    bahrain = dict(zip(header, rows[[row[0] for row in rows].index(BAHRAIN)]))
    meeting = data.lookup(BAHRAIN)
    assert bahrain["participants"] == ("Jeyhun Bayramov, Minister of Foreign Affairs (AZE); "
                                       "Abdullatif bin Rashid Alzayani, Minister of Foreign Affairs (BHR)")
    assert (bahrain["date"], bahrain["edtf"], bahrain["city"]) == ("2025-05-12", "2025-05-12?", "")  # no city named
    assert bahrain["occasion"] == "" and meeting.occasion is None  # a visit of its own, at no event
    assert bahrain["topics"].split("; ") == [data.topics[t].label for t in meeting.topics]
    assert bahrain["sources"].split() == [s.url for s in meeting.sources]
    assert (bahrain["visiting_country"], bahrain["host_country"], bahrain["visit"]) == ("AZE", "BHR", meeting.visit)
    assert bahrain["disputed"] == "related_events[0].year: 2026 kept over 2025"
    numbers = {row[0]: row[COLUMNS.index("session_number")] for row in rows}
    assert numbers["2025-04-30-aze-kwt-joint-commission-third-session"] == "3" and numbers[BAHRAIN] == ""
    assert all(row[COLUMNS.index("disputed")] == "" for row in rows if not data.lookup(row[0]).disagreements)
    # a cell a spreadsheet would run is neutralised, as export's CSV is; names keep their script
    path = meeting_path(seeds, KUWAIT)
    path.write_text(path.read_text(encoding="utf-8").replace("\ntitle: ", "\ntitle: =1+1 ", 1), encoding="utf-8")
    people = seeds / "people.yaml"
    people.write_text(people.read_text(encoding="utf-8").replace("name: Abdullah Ali Al-Yahya",
                                                                 "name: Abdullah Ali Al-Yahya Ҳ", 1), encoding="utf-8")
    sheet = cli("list", "--records", str(seeds), "--format", "csv")
    [_, *seeded] = list(csv.reader(sheet.stdout.splitlines()))
    kuwait = dict(zip(COLUMNS, next(row for row in seeded if row[0] == KUWAIT)))
    assert kuwait["title"].startswith("'=1+1 ") and "Abdullah Ali Al-Yahya Ҳ, " in kuwait["participants"]


def test_list_says_when_nothing_matches_and_refuses_what_no_filter_can_match(cli, seeds):
    nothing = cli("list", "--records", str(seeds), "--country", "QAT")  # valid, and no Qatari meeting among the seeds
    assert (nothing.code, nothing.stdout) == (1, "")
    assert nothing.stderr == "no active meeting matches every filter given\n"
    assert cli("list", "--records", str(seeds), "--country", "QAT", "--format", "json").stdout == "[]\n"
    both = cli("list", "--records", str(seeds))
    assert [line.split()[1] for line in both.stdout.splitlines()] == [KUWAIT, BAHRAIN]  # by date
    named = cli("list", "--person", "Jeyhun Bayramov")  # a name where the id goes: the hint names the id
    assert (named.code, named.stdout) == (2, "")
    assert named.stderr.startswith("Error: person: expected one of: ")
    assert named.stderr.endswith("found 'Jeyhun Bayramov' (text) (did you mean 'jeyhun-bayramov' (Jeyhun Bayramov)?)\n")
    backwards = cli("list", "--start", "2025-06-01", "--end", "2025-01-01")
    assert (backwards.code, backwards.stderr) == (2, "Error: start 2025-06-01 is after end 2025-01-01\n")
    for option, value, expected in (("--country", "UAE", "did you mean 'ARE' (United Arab Emirates)?"),
                                    ("--kind", "phone", "did you mean 'phone_call'?"),
                                    ("--start", "2025-02-30", "a day the calendar does not have"),
                                    ("--end", "2025-13", "must be written YYYY, YYYY-MM or YYYY-MM-DD; got '2025-13', "
                                                         "a month the calendar does not have")):
        refused = cli("list", option, value)
        assert (refused.code, refused.stdout) == (2, "") and expected in refused.stderr, refused.stderr


def test_stats_counts_the_meetings_the_filters_select_and_says_of_how_many(cli):
    import gulfvisits

    data = gulfvisits.load()
    whole = json.loads(cli("stats", "--format", "json").stdout)
    as_json = lambda summary: json.loads(json.dumps(summary))  # noqa: E731 (years as text keys)
    assert whole == as_json(data.summary()) and "filters" not in whole  # no filter: as before
    since = json.loads(cli("stats", "--start", "2023", "--country", "kwt", "--format", "json").stdout)
    chosen = as_json(data.filter(start="2023", country="KWT").summary())
    kuwait = data.filter(start="2023", country="KWT").meetings
    acting_for = {p.on_behalf_of for m in kuwait for p in m.participants} - {None}
    assert acting_for  # the Crown Prince at COP29 for the Emir: the Emir is named too
    named = {"people": len({p.person for m in kuwait for p in m.participants} | acting_for),
             "organizations": len(set().union(*(m.organizations for m in kuwait))),
             "topics": len(set().union(*(m.topics for m in kuwait)))}
    assert since == {**chosen, "filters": {"country": "KWT", "start": "2023"}, "all_meetings": len(data),
                     "named": named}
    assert 0 < named["people"] < len(data.people) and 0 < named["topics"] < len(data.topics)
    assert min(map(int, since["by_year"])) >= 2023 and set(since["by_country"]) == {"KWT"}
    assert 0 < since["meetings"] < whole["by_country"]["KWT"]  # Kuwait's meetings of 1994 and 1995 left out
    text = cli("stats", "--start", "2023")
    assert (text.code, text.stderr) == (0, "")
    since_2023 = data.filter(start="2023", include_withdrawn=True)
    assert since_2023.withdrawn  # the Saudi sports ministers' record of 2025, redated in 0.64.0
    assert text.stdout.startswith(f"gulfvisits {data.version}: {len(since_2023)} meetings of {len(data)} match "
                                  f"--start 2023 ({len(since_2023.withdrawn)} withdrawn); they name ")
    # A selection counts the withdrawn records it selects, not the whole dataset's (until 0.64.0 it
    # said "(1 withdrawn)" beside Kuwait's meetings for a Saudi record).
    for country in ("SAU", "OMN", "KWT"):
        first = cli("stats", "--country", country).stdout.splitlines()[0]
        held = sum(m.gulf_country == country for m in data.withdrawn)
        assert f"match --country {country} ({held} withdrawn);" in first, first
    assert sorted(m.gulf_country for m in data.withdrawn) == ["ARE", "BHR", "OMN", "QAT", "SAU", "SAU", "SAU"]  # none for Kuwait
    quoted = cli("stats", "--office", "foreign minister").stdout.splitlines()[0]
    held = len(data.filter(office="foreign minister", include_withdrawn=True).withdrawn)
    assert held == 1  # the foreign ministers' talks in Muscat, redated in 0.66.0
    assert f"match --office 'foreign minister' ({held} withdrawn)" in quoted  # as it would be typed again
    header = cli("stats", "--start", "2023", "--country", "KWT").stdout.splitlines()[0]
    assert header.endswith(f"; they name {named['people']} of {len(data.people)} people, {named['organizations']} of "
                           f"{len(data.organizations)} organizations, {named['topics']} of {len(data.topics)} topics")
    refused = cli("stats", "--topic", "enrgy")
    assert (refused.code, refused.stdout) == (2, "") and refused.stderr.endswith("(did you mean 'energy' (Energy)?)\n")
    oman = cli("stats", "--country", "OMN").stdout.split("\nParticipant (top 10)\n")[1].splitlines()
    expected = list(data.filter(country="OMN").summary()["by_person"].items())[:10]
    assert [(line.rsplit(None, 1)[0].strip(), int(line.rsplit(None, 1)[1])) for line in oman] == [
        (f"{data.people[ident].name} ({ident})", count) for ident, count in expected]
    assert oman[0].split() == ["Jeyhun", "Bayramov", "(jeyhun-bayramov)", str(expected[0][1])]


def test_stats_counts_the_facts_the_sources_give_differently_by_field(cli, seeds):
    none = cli("stats", "--records", str(seeds), "--country", "KWT").stdout  # the seed disagreement is Bahrain's
    assert "\nFacts the sources give differently: none recorded\n" in none
    path = meeting_path(seeds, KUWAIT)  # two more in a second meeting, over one field of two items
    disputed_office = ("  - field: participants[{}].office\n    readings:\n      - value: Minister of Foreign Affairs\n"
                       "        reported_by: a test\n      - value: Foreign Minister\n        reported_by: another test\n"
                       "    kept: Minister of Foreign Affairs\n    why: A test.\n")
    disputes = "\ndisagreements:\n" + disputed_office.format(0) + disputed_office.format(1) + "curation:\n"
    path.write_text(path.read_text(encoding="utf-8").replace("\ncuration:\n", disputes, 1), encoding="utf-8")
    lines = cli("stats", "--records", str(seeds)).stdout.split("\nFacts the sources give differently ")[1].splitlines()
    assert lines[:3] == ["(3, in 2 meetings), by field", f"  {'participants.office':<40} {2:>5}",
                         f"  {'related_events.year':<40} {1:>5}"]
    one = cli("stats", "--records", str(seeds), "--country", "BHR").stdout
    assert "\nFacts the sources give differently (1, in 1 meeting), by field\n" in one
    as_json = json.loads(cli("stats", "--records", str(seeds), "--format", "json").stdout)
    assert as_json["disagreements"] == {"meetings": 2, "facts": 3, "by_field": {"participants.office": 2, "related_events.year": 1}}


def test_every_command_is_in_the_readmes_table_of_commands():
    # a command the README does not list is one that a newcomer reading it never finds
    table = REPO.joinpath("README.md").read_text(encoding="utf-8").split("## Command line", 1)[1].split("\n## ", 1)[0]
    first_cells = [line.split(" | ", 1)[0] for line in table.splitlines() if line.startswith("| `gulfvisits ")]
    # each command as its row's first cell writes it: `gulfvisits diff OLD [NEW]` / `release-notes OLD`
    listed = {name for cell in first_cells for name in re.findall(r"`(?:gulfvisits )?([a-z][a-z-]*)", cell)}
    assert listed == set(_COMMANDS)


def test_find_as_json_stays_valid_json_on_a_standard_output_that_is_not_utf8(seeds):
    # printed as text, a name outside ASCII became a backslash escape such as \xef, which no
    # JSON reader accepts; JSON's own escapes read back the same on any console
    import subprocess
    import sys

    people = seeds / "people.yaml"
    people.write_text(people.read_text(encoding="utf-8").replace("name: Jeyhun Bayramov", "name: Jeyhun Baïramov",
                                                                 1), encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "gulfvisits", "find", "Bayramov", "--records", str(seeds),
                           "--format", "json"], capture_output=True, env={**os.environ, "PYTHONIOENCODING": "ascii"})
    assert done.returncode == 0, done.stderr
    assert [entry["name"] for entry in json.loads(done.stdout)] == ["Jeyhun Baïramov"]


def test_every_file_the_commands_read_or_write_names_its_encoding(tree, tmp_path):
    # Without an explicit encoding, open() and Path.write_text use the locale's: cp1252 on many Windows
    # machines, which cannot hold the Arabic and Cyrillic name variants. -X warn_default_encoding with
    # the warning as an error turns every such call into a failure, on any machine.
    import subprocess
    import sys

    exported = tmp_path / "exports"
    runs = [("validate", str(tree)), *([("validate", "records", "--changed-since", "HEAD")] if GIT_CHECKOUT else []),
            ("stats", "--records", str(tree)), ("fmt", "--check", str(tree)),
            ("schema", "--check"), ("docs", "--check"), ("cite", "--format", "cff"),
            *(("export", "--format", fmt, "--records", str(tree), "--output", str(exported / fmt))
              for fmt in ("csv", "jsonl", "json", "sqlite", "datapackage", "jsonld")),
            ("new", "--date", "2025-06-03", "--country", "QAT", "--kind", "phone_call", "--records", str(tree))]
    for args in runs:
        done = subprocess.run([sys.executable, "-X", "warn_default_encoding", "-W", "error::EncodingWarning",
                               "-m", "gulfvisits", *args], cwd=REPO, capture_output=True, text=True,
                              encoding="utf-8", env={**os.environ, "GULFVISITS_CACHE_DIR": str(tmp_path / "cache")})
        assert done.returncode == 0 and "EncodingWarning" not in done.stderr, (args, done.stderr[-600:])
    assert sorted(p.name for p in exported.iterdir()) == ["csv", "datapackage", "json", "jsonl", "jsonld", "sqlite"]


def test_a_path_the_output_encoding_cannot_hold_is_escaped_not_a_traceback(tree, tmp_path):
    # A Cyrillic user folder, with the output piped on a machine whose locale is not UTF-8.
    import shutil
    import subprocess
    import sys

    skip_unless_names_can_hold("Иван")
    home = tmp_path / "Иван"
    shutil.copytree(tree, home / "records")
    runs = [("export", "--format", "json", "--output", str(home / "out")),
            ("new", "--date", "2025-06-03", "--country", "QAT", "--kind", "phone_call",
             "--records", str(home / "records"))]
    for args in runs:
        done = subprocess.run([sys.executable, "-m", "gulfvisits", *args], cwd=tmp_path, capture_output=True,
                              env={**os.environ, "PYTHONIOENCODING": "ascii"})
        assert done.returncode == 0 and b"Traceback" not in done.stderr, (args, done.stderr[-400:])
        assert done.stdout.isascii() and done.stdout.strip()
    assert (home / "out" / "gulfvisits.json").is_file()
    assert (home / "records" / "meetings" / "2025" / "2025-06-03-aze-qat-phone-call.yaml").is_file()


def _buffered_or_not(buffered: bool) -> dict[str, str]:
    """This environment, with Python's output buffered (its default when the output is not a
    terminal) or not. ``PYTHONUNBUFFERED``, which some machines set, hides what a write that
    fails only when the buffer is written out does."""
    env = {key: value for key, value in os.environ.items() if key != "PYTHONUNBUFFERED"}
    return env if buffered else {**env, "PYTHONUNBUFFERED": "1"}


def _into_a_reader_that_has_gone(args, buffered: bool, errors_too: bool = False,
                                 errors_closed: bool = False) -> subprocess.CompletedProcess:
    """Run the command with its standard output (and, given ``errors_too``, its standard error:
    ``2>&1 | head -c0``) a pipe whose read end is closed before the command starts, so that
    its first write fails, however short the output. ``errors_closed``: standard error closed
    from the start, by the shell (``2>&-``)."""
    read_end, write_end = os.pipe()
    os.close(read_end)
    command = [sys.executable, "-m", "gulfvisits", *args]
    if errors_closed:
        command = ["sh", "-c", 'exec "$@" 2>&-', "sh", *command]
    try:
        return subprocess.run(command, cwd=REPO, stdout=write_end,
                              stderr=write_end if errors_too else subprocess.PIPE, text=True,
                              env=_buffered_or_not(buffered), timeout=120)
    finally:
        os.close(write_end)


@pytest.mark.parametrize("args", [("validate",), ("stats",), ("list",), ("find", "Bayramov"), ("show", BAHRAIN),
                                  ("cite",), ("schema", "meeting"), ("export", "--format", "json", "--output", "-")])
@pytest.mark.parametrize("buffered", [True, False], ids=["buffered", "unbuffered"])
def test_output_into_a_pipe_whose_reader_has_gone_ends_quietly(args, buffered):
    """``gulfvisits stats | head -c0``: a reader that stops early is not an error, as for any
    Unix filter, and the command stops without a word. Buffered, a short output was written only
    as the interpreter exited, outside the command's handler: exit 120 and an "Exception
    ignored ... BrokenPipeError" message."""
    done = _into_a_reader_that_has_gone(args, buffered)
    assert (done.returncode, done.stderr) == (0, "")


@pytest.mark.parametrize("buffered", [True, False], ids=["buffered", "unbuffered"])
def test_errors_into_a_pipe_whose_reader_has_gone_end_quietly(cli, tree, buffered):
    # ``validate 2>&1 | head -1`` over many errors: the error lines meet the broken pipe, and
    # what was left in standard error's buffer failed again at exit (status 120)
    for path in sorted((tree / "meetings").rglob("*.yaml"))[:30]:
        path.write_text(path.read_text(encoding="utf-8").replace("\nkind: ", "\nkind: x", 1), encoding="utf-8")
    assert cli("validate", str(tree), "--no-cache").stderr.count(": kind: expected one of") == 30  # read whole, it fails
    assert _into_a_reader_that_has_gone(("validate", str(tree), "--no-cache"), buffered, errors_too=True).returncode == 0


@pytest.mark.skipif(os.name != "posix", reason="closes standard error with the shell's 2>&-")
def test_a_reader_gone_with_standard_error_closed_from_the_start_ends_quietly():
    """``gulfvisits stats 2>&- | head -c0``: Python then has no ``sys.stderr`` at all, and the
    quiet stop must not reach for it."""
    done = _into_a_reader_that_has_gone(("stats",), buffered=True, errors_closed=True)
    assert (done.returncode, done.stderr) == (0, "")


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full, a device every write to fails as a full disk")
@pytest.mark.parametrize("args", [("stats",), ("cite",), ("list",), ("export", "--format", "json", "--output", "-")])
@pytest.mark.parametrize("buffered", [True, False], ids=["buffered", "unbuffered"])
def test_output_to_a_full_disk_is_one_error_line_and_exit_2(args, buffered):
    # buffered, the output that failed to be written was still held, and the interpreter's own
    # flush at exit failed again: our message, then "Exception ignored ... OSError", status 120
    with open("/dev/full", "wb") as full:
        done = subprocess.run([sys.executable, "-m", "gulfvisits", *args], cwd=REPO, stdout=full,
                              stderr=subprocess.PIPE, text=True, env=_buffered_or_not(buffered), timeout=120)
    assert done.returncode == 2
    assert re.fullmatch(r"Error: (standard output: )?No space left on device\n", done.stderr), done.stderr


def test_an_interrupted_command_exits_130_without_a_traceback(monkeypatch, capsys):
    # Ctrl-C: the shell's code for a process ended by SIGINT (128 + 2), so that a script calling
    # the command sees it was stopped, not that it failed on the data
    import functools

    from gulfvisits import cli as module

    @functools.wraps(module._COMMANDS["stats"])  # its help text and example, which the parser reads
    def interrupted(args):
        raise KeyboardInterrupt

    monkeypatch.setitem(module._COMMANDS, "stats", interrupted)
    assert module.main(["stats"]) == 130
    assert capsys.readouterr() == ("", "")


EMPTY_PATH_COMMANDS = [
    ("validate", ""),
    ("fmt", "--check", ""),
    ("stats", "--records", ""),
    ("find", "Bayramov", "--records", ""),
    ("list", "--records", ""),
    ("new", "--date", "2025-06-03", "--country", "QAT", "--kind", "phone_call", "--records", ""),
    ("export", "--format", "csv", "--output", ""),
    ("export", "--format", "csv", "--output", "out", "--records", ""),
    ("plot", "timeline", "-o", ""),
    ("plot", "timeline", "-o", "t.png", "--records", ""),
    ("docs", "--check", "--dir", ""),
    ("schema", "--write", "--dir", ""),
    ("diff", ""),
    ("diff", "records", ""),
    ("release-notes", ""),
]


@pytest.mark.parametrize("command", EMPTY_PATH_COMMANDS, ids=" ".join)
def test_an_empty_path_is_refused_rather_than_read_as_the_current_folder(tmp_path, monkeypatch, capsys, command):
    """``Path("")`` is ``.``: an unset variable in ``export --output "$OUT"`` wrote thirteen CSV
    files into wherever the command ran, and ``schema --dir ""`` checked the project's schema."""
    from gulfvisits.cli import main

    monkeypatch.chdir(tmp_path)
    with pytest.raises(SystemExit) as stop:
        main(list(command))
    assert stop.value.code == 2
    flag = next((part for part in reversed(command[:command.index("")]) if part.startswith("-")), None)
    shown = {"validate": "PATH", "fmt": "PATH", "diff": "old", "release-notes": "old"}.get(command[0], flag)
    if command[:2] == ("diff", "records"):
        shown = "new"
    elif flag == "-o":
        shown = "-o/--output"
    assert capsys.readouterr().err.endswith(
        f"error: argument {shown}: the argument is empty; \"\" is not taken for the current folder, "
        "which is written .\n")
    assert list(tmp_path.iterdir()) == []


def test_an_empty_changed_since_is_refused_rather_than_validating_everything(cli):
    result = cli("validate", "--changed-since", "")
    assert (result.code, result.stdout) == (2, "")
    assert result.stderr.endswith("error: argument --changed-since: the revision is empty; give a git revision or "
                                  "a released version\n")


@pytest.mark.parametrize("command", [("validate",), ("fmt",), ("fmt", "--check")])
@pytest.mark.parametrize("kind", ["pipe", "link to nowhere"])
def test_a_pipe_or_a_link_to_nowhere_named_alone_gets_its_located_reason(tree, monkeypatch, capsys, command, kind):
    """Named, a link to nowhere was "no such file or directory" and a pipe "holds no meeting
    file" (validate) or "no such file" (fmt), where in its tree each is reported with its reason."""
    from gulfvisits.cli import main

    path = tree / "meetings" / "2025" / "2025-06-03-aze-qat-phone-call.yaml"
    if kind == "pipe":
        os.mkfifo(path)
        reason = "not a regular file but a named pipe"
    else:
        path.symlink_to(tree / "gone.yaml")
        reason = f"it is a symbolic link to {tree / 'gone.yaml'}, which does not exist"
    monkeypatch.chdir(tree.parent)
    assert main([*command, "records/meetings/2025/2025-06-03-aze-qat-phone-call.yaml"]) == 1
    assert capsys.readouterr().err.startswith(
        f"records/meetings/2025/2025-06-03-aze-qat-phone-call.yaml:1:1: cannot read file: {reason}\n")


def test_a_tree_named_twice_or_with_one_of_its_files_is_validated_once(tree, monkeypatch, capsys):
    """``validate records records/meetings/2025/x.yaml`` validated the tree twice (its key was the
    path as typed for the tree, and the resolved path for the file's tree): the file's problem
    was printed twice, and the files counted twice (198 of 194); ``records`` and its absolute
    path counted 388 files."""
    from gulfvisits.cli import main

    path = meeting_path(tree, KUWAIT)
    path.write_text(path.read_text(encoding="utf-8").replace("kind: official_visit", "kind: oficial_visit"),
                    encoding="utf-8")
    total = 3 + len(list(tree.rglob("meetings/*/*.yaml")))
    monkeypatch.chdir(tree.parent)
    relative = f"records/meetings/2025/{KUWAIT}.yaml"
    for given in (["records", relative], [relative, "records"], ["records", str(tree)],
                  ["records", "records/meetings/2025", str(tree / "meetings")]):
        assert main(["validate", *given]) == 1
        err = capsys.readouterr().err
        assert err.count(f"{relative}:") == 1, (given, err)
        assert err.endswith(f"1 problem(s) in {total} file(s)\n"), (given, err)
    path.write_text(path.read_text(encoding="utf-8").replace("kind: oficial_visit", "kind: official_visit"),
                    encoding="utf-8")
    assert main(["validate", "records", str(tree)]) == 0
    assert capsys.readouterr().out.startswith(f"OK: {total} file(s) valid, {total - 3} meeting(s)")


@pytest.mark.parametrize("command", [["cite"], ["stats"], ["schema", "meeting"], ["export", "--format", "json", "--output", "-"]])
def test_output_to_a_closed_stream_is_an_error_without_a_traceback(command):
    """Started with standard output closed (``>&-``), Python gives ``sys.stdout = None``, and
    ``cite`` and ``schema NAME`` ended in an AttributeError traceback; the others said nothing
    and exited 0 as if they had written. (A reader that stops early is no error: tested apart.)"""
    closed = subprocess.run([sys.executable, "-m", "gulfvisits", *command], cwd=REPO, capture_output=True,
                            text=True, timeout=120, preexec_fn=lambda: os.close(1))
    assert (closed.returncode, closed.stderr) == (
        2, "Error: standard output is closed, so there is nowhere to write the output\n")


@pytest.mark.skipif(os.name == "nt", reason="Windows passes the command line as UTF-16, not bytes")
def test_words_typed_in_utf8_are_read_as_typed_where_python_reads_the_command_line_as_ascii(seeds):
    """Under ``LC_ALL=C`` with UTF-8 mode off, Python turns each byte of a UTF-8 argument into a
    lone surrogate: "Джейхун" had "no letter or digit to look up", and a Cyrillic reason was
    refused as "not a valid string". The bytes are passed as bytes here, so the test runs under
    any locale of its own."""
    ascii_locale = {**os.environ, **ASCII_LOCALE}

    def run(*args: str | bytes) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "gulfvisits", *args], capture_output=True, text=True,
                              encoding="utf-8", env=ascii_locale, timeout=120)

    found = run("find", "Джейхун".encode(), "--records", str(seeds), "--format", "json")
    assert found.returncode == 0, found.stderr
    assert [entry["id"] for entry in json.loads(found.stdout)] == ["jeyhun-bayramov"]
    withdrawn = run("withdraw", KUWAIT, "--reason", "дубликат".encode(), "--records", str(seeds))
    assert withdrawn.returncode == 0, withdrawn.stderr
    assert "  reason: дубликат\n" in meeting_path(seeds, KUWAIT).read_text(encoding="utf-8")
    # bytes that are not UTF-8 are not guessed at: the message names the encoding Python used
    latin1 = run("find", "été".encode("latin-1"), "--records", str(seeds))
    assert latin1.returncode == 2
    assert latin1.stderr.splitlines()[-1] == (
        "gulfvisits find: error: argument name: '\\udce9t\\udce9' is not UTF-8 text, and this system reads "
        "the command line as ascii; type it in UTF-8")
    # a path keeps its bytes: the seeds tree under a folder named in UTF-8 still opens
    moved = os.path.join(os.fsencode(seeds.parent), "dossiers-été".encode())
    try:
        os.rename(os.fsencode(seeds), moved)
    except OSError:
        pytest.skip("this file system refuses the name")
    listed = run("list", "--records", moved)
    assert listed.returncode == 0 and BAHRAIN in listed.stdout, listed.stderr
