"""The package as users get it: a real wheel, installed into a fresh venv, used outside the
checkout; and the metadata that must agree across pyproject, CITATION.cff, CHANGELOG and schema."""
from __future__ import annotations

import ast
import functools
import json
import os
import re
import subprocess
import sys
import tomllib
import venv
import zipfile
from pathlib import Path

import pytest

import gulfvisits
from gulfvisits import cite

from conftest import BAHRAIN, KUWAIT, REPO, needs_git_checkout, readme_blocks, readme_test_command


@pytest.fixture(scope="session")
def wheel(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    subprocess.run([sys.executable, "-m", "build", "--wheel", "--outdir", str(out), str(REPO)],
                   check=True, capture_output=True, text=True)
    [built] = out.glob("gulfvisits-*.whl")
    return built


@pytest.mark.slow
def test_wheel_carries_records_schema_and_types(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    assert f"gulfvisits/_data/records/meetings/2025/{BAHRAIN}.yaml" in names
    assert f"gulfvisits/_data/records/meetings/2025/{KUWAIT}.yaml" in names
    assert {"gulfvisits/_data/records/people.yaml", "gulfvisits/_data/schema/meeting.schema.json",
            "gulfvisits/py.typed"} <= names
    metadata = zipfile.ZipFile(wheel).read(f"gulfvisits-{gulfvisits.__version__}.dist-info/METADATA").decode()
    assert "License-Expression: MIT AND CC-BY-4.0" in metadata


@pytest.mark.slow
@needs_git_checkout
def test_the_source_distribution_holds_every_tracked_file(tmp_path):
    """Distributions (Debian, conda-forge) build from the sdist and run the tests in it. One that
    lacked CONTRIBUTING.md, .zenodo.json, .ci/run and .pre-commit-hooks.yaml failed seven tests
    and could not collect an eighth file; the tests that ask git skip there."""
    import tarfile

    subprocess.run([sys.executable, "-m", "build", "--sdist", "--outdir", str(tmp_path), str(REPO)],
                   check=True, capture_output=True, text=True)
    [built] = tmp_path.glob("gulfvisits-*.tar.gz")
    with tarfile.open(built) as archive:
        held = {member.name.split("/", 1)[1] for member in archive.getmembers() if member.isfile()}
    tracked = set(subprocess.run(["git", "ls-files", "-z"], cwd=REPO, capture_output=True, text=True,
                                 check=True).stdout.split("\0")) - {""}
    assert sorted(tracked - held) == []


@pytest.mark.slow
def test_wheel_in_fresh_venv_loads_outside_the_checkout(wheel, tmp_path):
    env_dir = tmp_path / "venv"
    venv.create(env_dir, with_pip=True)
    python = env_dir / "bin" / "python"
    # As on a user's machine: nothing on PYTHONPATH may stand in for the installed package.
    isolated = {name: value for name, value in os.environ.items() if name != "PYTHONPATH"}
    subprocess.run([str(python), "-m", "pip", "install", "-q", str(wheel)], check=True, capture_output=True,
                   env=isolated)
    code = ("import gulfvisits, json; d = gulfvisits.load(); "
            "print(json.dumps({'file': gulfvisits.__file__, 'ids': [m.id for m in d.meetings], "
            "'people': [p.person_record.name for m in d.meetings for p in m.participants], "
            "'read_once': gulfvisits.load() is d}))")
    cache = tmp_path / "cache"
    done = subprocess.run([str(python), "-c", code], cwd=tmp_path, capture_output=True, text=True, check=True,
                          env={**isolated, "GULFVISITS_CACHE_DIR": str(cache)})
    result = json.loads(done.stdout)
    assert str(env_dir) in result["file"]
    assert not cache.exists(), "the wheel's own compiled bundle is read; nothing is validated and cached"
    assert result["read_once"], "a wheel's records never change under a running process: read them once"
    assert {KUWAIT, BAHRAIN} <= set(result["ids"])
    assert "Abdullah Ali Al-Yahya" in result["people"]
    cli = subprocess.run([str(env_dir / "bin" / "gulfvisits"), "validate"], cwd=tmp_path, capture_output=True, text=True,
                         env=isolated)
    assert cli.returncode == 0 and cli.stdout.startswith("OK: ")
    # a journalist's questions of the installed package: one meeting, and who held an office
    shown = subprocess.run([str(env_dir / "bin" / "gulfvisits"), "show", BAHRAIN], cwd=tmp_path, capture_output=True,
                           text=True, env=isolated)
    assert (shown.returncode, shown.stderr) == (0, "") and shown.stdout.startswith(f"{BAHRAIN}\n")
    assert "Abdullatif bin Rashid Alzayani, Minister of Foreign Affairs (BHR, hosting)" in shown.stdout
    office = subprocess.run([str(env_dir / "bin" / "gulfvisits"), "find", "Kuwaiti foreign minister"], cwd=tmp_path,
                            capture_output=True, text=True, env=isolated)
    assert office.returncode == 0 and f"{KUWAIT}  (Abdullah Ali Al-Yahya)" in office.stdout


def test_versions_agree_everywhere():
    version = gulfvisits.__version__
    pyproject = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    assert pyproject["tool"]["hatch"]["version"]["path"] == "gulfvisits/__init__.py"
    citation = (REPO / "CITATION.cff").read_text(encoding="utf-8")
    assert re.search(r"^version: (.+)$", citation, re.M).group(1) == version
    assert "type: dataset" in citation
    schema = json.loads((REPO / "schema" / "meeting.schema.json").read_text(encoding="utf-8"))
    assert schema["$id"].endswith(f":{version}")


def test_the_changelog_heads_each_release_with_its_number_and_date_newest_first():
    """The newest section is this version, dated as CITATION.cff dates it (0.27.6 was headed
    2026-12-01 while cite.RELEASED still said 2026-11-30)."""
    headings = re.findall(r"^## (.*)$", (REPO / "CHANGELOG.md").read_text(encoding="utf-8"), re.M)
    releases = [re.fullmatch(r"(\d+)\.(\d+)\.(\d+) - (\d{4}-\d{2}-\d{2})", heading) for heading in headings]
    assert all(releases), [heading for heading, release in zip(headings, releases) if not release]
    numbers = [tuple(int(part) for part in release.groups()[:3]) for release in releases]
    dates = [release.group(4) for release in releases]
    assert numbers == sorted(set(numbers), reverse=True) and dates == sorted(dates, reverse=True)
    assert headings[0] == f"{gulfvisits.__version__} - {cite.RELEASED}"


def test_licences_are_stated_separately_for_code_and_data():
    pyproject = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    assert pyproject["project"]["license"] == "MIT AND CC-BY-4.0"
    assert "license: CC-BY-4.0" in (REPO / "CITATION.cff").read_text(encoding="utf-8")
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert "Code (the `gulfvisits` package" in readme and "MIT" in readme and "CC-BY-4.0" in readme


def test_readme_opens_with_install_and_test_commands_that_ci_runs():
    install = readme_blocks("sh")[0]
    assert "pip install" in install and "gulfvisits validate" in install and "gulfvisits stats" in install
    assert readme_test_command().split()[1:] == ["-m", "pytest", "-n", "auto"]  # on every core, as CI runs it
    assert f"\n{readme_test_command()}\n" in (REPO / ".ci" / "run").read_text(encoding="utf-8")


def test_readme_python_example_runs():
    [example] = readme_blocks("python")
    done = subprocess.run([sys.executable, "-c", example], capture_output=True, text=True, cwd=REPO)
    assert done.returncode == 0, done.stderr
    assert "Jeyhun Bayramov - Minister of Foreign Affairs (visiting)" in done.stdout


@pytest.mark.slow
def test_wheel_bundle_equals_the_yaml_records(wheel):
    from gulfvisits.bundle import compile_tree

    shipped = json.loads(zipfile.ZipFile(wheel).read("gulfvisits/_data/bundle.json"))
    assert shipped == json.loads(compile_tree(REPO / "records", gulfvisits.__version__))


def test_generated_doc_blocks_are_current(cli):
    result = cli("docs", "--check")
    assert result.code == 0, result.stderr


def test_stale_doc_block_is_detected(tmp_path, cli):
    import shutil

    shutil.copytree(REPO / "records", tmp_path / "records")
    # The prose around the blocks is kept exactly as it is. (A block no generator knows was
    # once left alone too, for a README of a newer version; a misspelt name is likelier, and
    # it left the block unchecked, so it is refused now: test_versions.py.)
    kept = "\nprose between\n<!-- generated: event-codes -->\nold codes\n<!-- /generated -->\nafter\n"
    (tmp_path / "README.md").write_text("x\n<!-- generated: counts -->\nold numbers\n<!-- /generated -->" + kept,
                                        encoding="utf-8")
    result = cli("docs", "--check", "--dir", str(tmp_path))
    assert (result.code, result.stderr) == (1, "README.md: generated text is stale; run `gulfvisits docs --write`\n")
    assert cli("docs", "--write", "--dir", str(tmp_path)).code == 0
    readme = (tmp_path / "README.md").read_text(encoding="utf-8")
    assert "active meetings" in readme and "old" not in readme and readme.startswith("x\n")
    assert readme.endswith("<!-- /generated -->\nafter\n") and "\nprose between\n" in readme


def _generated_block(document: str, name: str) -> list[str]:
    """The lines of one generated block of a committed document, as a reader sees them."""
    from gulfvisits.docs import blocks

    text = (REPO / document).read_text(encoding="utf-8")
    [(start, end)] = [(start, end) for block, start, end in blocks(text, document) if block == name]
    return text.splitlines()[start + 1:end]


def _cells(lines: list[str]) -> list[list[str]]:
    """The rows of a Markdown table, each a list of its cells, without the rule under the header."""
    return [[cell.strip() for cell in line.strip("|").split("|")] for line in lines if not line.startswith("|---")]


def test_the_readme_counts_the_records_by_gulf_state_year_and_kind():
    """What the README's counts say, read from its table and counted again here from the records,
    not with the ``summary()`` they are generated from: a row for each Gulf state, a column for
    each year with a meeting, each total its row's sum, the withdrawn records apart. ``docs
    --check`` shows only that the table is what the generator writes."""
    from collections import Counter

    from gulfvisits.models import COUNTRY_NAMES, GULF_COUNTRIES

    data = gulfvisits.load(REPO / "records", use_cache=False)
    first, blank, *tables = _generated_block("README.md", "counts")
    assert (first, blank) == (f"{len(data.meetings)} active meetings ({len(data.withdrawn)} withdrawn), "
                              f"{len(data.people)} people, {len(data.organizations)} organizations, "
                              f"{len(data.topics)} topics in version {gulfvisits.__version__}.", "")
    gap = tables.index("")
    (corner, *years, total), *rows = _cells(tables[:gap])
    assert (corner, total) == ("Gulf state", "total")
    assert years == [str(year) for year in sorted({m.date.value.year for m in data.meetings})]
    counted = Counter((COUNTRY_NAMES[m.gulf_country], str(m.date.value.year)) for m in data.meetings)
    assert [row[0] for row in rows] == [COUNTRY_NAMES[code] for code in GULF_COUNTRIES]
    for state, *cells, row_total in rows:
        assert cells == [str(counted[state, year]) for year in years], state
        assert row_total == str(sum(counted[state, year] for year in years)), state
    header, *kinds = _cells(tables[gap + 1:])
    assert header == ["kind of contact", "meetings"]
    assert dict(kinds) == {kind.replace("_", " "): str(n) for kind, n in Counter(m.kind for m in data.meetings).items()}


def test_the_readme_gives_each_situation_its_event_codes():
    from gulfvisits.tables import EVENT_CODES

    header, *rows = _cells(_generated_block("README.md", "event-codes"))
    assert header == ["situation", "CAMEO", "CAMEO label", "PLOVER", "mode"]
    assert {situation: tuple(codes) for situation, *codes in rows} == EVENT_CODES


@pytest.mark.parametrize("given", ["a-file", "nowhere"])
def test_docs_dir_that_is_no_folder_is_named_as_given(tmp_path, capsys, given):
    """A file given as --dir was reported as "a-file/records is not a directory"."""
    from gulfvisits.cli import main

    (tmp_path / "a-file").write_text("", encoding="utf-8")
    assert main(["docs", "--check", "--dir", str(tmp_path / given)]) == 2
    assert capsys.readouterr().err == (f"Error: {tmp_path / given} is not a directory; --dir takes the repository's "
                                       "root folder\n")


def test_the_datasheet_says_how_well_the_facts_are_known(seeds):
    """Counted from the two seed records, one changed: a stated city, a reviewed mark removed."""
    from gulfvisits.docs import GENERATORS

    from conftest import meeting_path

    bahrain = meeting_path(seeds, BAHRAIN)
    text = bahrain.read_text(encoding="utf-8").replace(
        "  city: null\n  note: The sources place the meeting in Bahrain but do not name the city.\n",
        "  city: Manama\n  city_basis: stated\n")
    bahrain.write_text(re.sub(r"  reviewed_by: .*\n  reviewed_on: .*\n", "", text), encoding="utf-8")
    text = GENERATORS["provenance"](gulfvisits.load(seeds, use_cache=False))
    assert text.splitlines() == [
        "- Sources: 5 distinct pages cited; 0 of the 2 meetings rest on one page.",
        "- Dates: 0 stated by a source, 1 derived (the record's date note says how), 1 known only from a report's "
        "publication date; 2 to the day, 0 to the month, 0 to the year.",
        "- Cities: 1 named by a source, 0 derived, 1 left open.",
        "- Disagreements: the sources differ on 1 fact of 1 meeting (related_events.year 1); each record keeps one "
        "reading, says why, and lists the others (`disagreements`).",
        "- Review: 1 of the 2 meetings re-read against their sources after they were written (`curation.reviewed_on`).",
        "- Sources by language: en 3, fr 2.",
        "- Name spellings: no meeting cites a page in a script other than Latin."]
    bahrain.write_text(re.sub(r"disagreements:\n(?:  .*\n)+", "", bahrain.read_text(encoding="utf-8")), encoding="utf-8")
    assert "- Disagreements: none recorded (`disagreements`)." in GENERATORS["provenance"](
        gulfvisits.load(seeds, use_cache=False)).splitlines()


def test_the_datasheets_count_of_disagreements_gives_each_noun_its_own_number():
    """Two facts of one meeting: a count the records do not give, so a stand-in gives it."""
    from types import SimpleNamespace

    from gulfvisits.docs import _disagreements_line

    counts = {"meetings": 1, "facts": 2, "by_field": {"date.value": 1, "location.city": 1}}
    assert _disagreements_line(SimpleNamespace(summary=lambda: {"disagreements": counts})) == (
        "- Disagreements: the sources differ on 2 facts of 1 meeting (date.value 1, location.city 1); each record "
        "keeps one reading, says why, and lists the others (`disagreements`).")


def test_the_datasheet_counts_the_people_whom_find_cannot_answer_in_a_cited_pages_script(seeds):
    """Russian pages cited for both meetings, an Arabic one for Bahrain, and a registry whose only
    spelling outside Latin letters is Bayramov's Cyrillic one: both Bahrain participants lack an
    Arabic spelling, and of the three people of the two meetings, two lack a Cyrillic one."""
    from gulfvisits.docs import GENERATORS

    from conftest import meeting_path

    for meeting, old, new in ((KUWAIT, "fr", "ru"), (BAHRAIN, "fr", "ar"), (BAHRAIN, "en", "ru")):
        path = meeting_path(seeds, meeting)
        path.write_text(path.read_text(encoding="utf-8").replace(f"    language: {old}\n", f"    language: {new}\n", 1),
                        encoding="utf-8")
    people = seeds / "people.yaml"
    latin_only = [line for line in people.read_text(encoding="utf-8").splitlines(keepends=True)
                  if not (line.startswith("    - ") and re.search("[\u0400-\u04ff\u0600-\u06ff]", line))]
    text = re.sub(r"  name_variants:\n(?!    - )", "", "".join(latin_only))  # a list left empty goes
    people.write_text(text.replace("    - Djeyhoun Baïramov\n", "    - Djeyhoun Baïramov\n    - Джейхун Байрамов\n"),
                      encoding="utf-8")
    [line] = [line for line in GENERATORS["provenance"](gulfvisits.load(seeds, use_cache=False)).splitlines()
              if line.startswith("- Name spellings:")]
    assert line == ("- Name spellings: of the people in meetings that cite a page in a script other than Latin, those with "
                    "no spelling in that script: Arabic 2 of 2, Cyrillic 2 of 3 (`gulfvisits find` knows a name only as "
                    "recorded).")


def test_code_map_names_every_module_with_its_job(tmp_path, cli):
    """CONTRIBUTING.md's code map is generated from the modules' docstrings: a module added
    without a docstring saying its job shows up as an empty row, and a stale map fails --check."""
    import shutil

    from gulfvisits.docs import module_jobs

    jobs = module_jobs()
    package = Path(gulfvisits.__file__).parent
    assert sorted(jobs) == sorted(path.name for path in package.glob("*.py"))
    assert {"validate.py", "rules.py", "explain.py", "_cache.py"} <= set(jobs)
    assert [name for name, job in jobs.items() if not job.endswith(".") or len(job.split()) < 5] == []
    # the docstring's first sentence, not a later one of its first paragraph
    docstrings = {path.name: " ".join((ast.get_docstring(ast.parse(path.read_text(encoding="utf-8"))) or "").split())
                  for path in package.glob("*.py")}
    assert [name for name, job in jobs.items() if not docstrings[name].startswith(job)] == []
    header, *rows = _cells(_generated_block("CONTRIBUTING.md", "modules"))
    assert header == ["module", "its job"]
    assert rows == [[f"`{name}`", job] for name, job in jobs.items()]
    (tmp_path / "CONTRIBUTING.md").write_text("<!-- generated: modules -->\n| `gone.py` | x |\n<!-- /generated -->\n",
                                              encoding="utf-8")
    shutil.copytree(REPO / "records", tmp_path / "records")
    result = cli("docs", "--check", "--dir", str(tmp_path))
    assert (result.code, result.stderr) == (1, "CONTRIBUTING.md: generated text is stale; run `gulfvisits docs --write`\n")


@functools.cache
def _lowest_module():
    """.ci/lowest.py, loaded as a module (once): it is a CI script, not part of the package."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("lowest", REPO / ".ci" / "lowest.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _distribution(requirement: str) -> str:
    """The normalized name a requirement asks for, read by ``packaging``, not by lowest.py's own
    pattern, so that the tests check the script against a second reading."""
    from packaging.requirements import Requirement
    from packaging.utils import canonicalize_name

    return canonicalize_name(Requirement(requirement).name)


def test_the_lowest_constraints_pin_each_dependency_at_the_bound_pyproject_states():
    from packaging.requirements import Requirement

    lowest = _lowest_module()
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]

    def bounds(requirements):
        found = {}
        for text in requirements:
            [bound] = [s.version for s in Requirement(text).specifier if s.operator == ">="]
            found[_distribution(text)] = bound
        return found

    core = bounds(project["dependencies"])
    assert lowest.constraints(project, extras=False) == [f"{n}=={v}" for n, v in sorted(core.items())]
    assert set(core) == {"pydantic", "pyyaml", "jsonschema"}
    everything = core | bounds(r for group in project["optional-dependencies"].values() for r in group)
    pinned = lowest.constraints(project, extras=True)
    assert pinned[-1] == "numpy<2"
    assert pinned[:-1] == [f"{n}=={v}" for n, v in sorted(everything.items()) if n not in lowest.NEEDS_NEWER_CORE]
    assert lowest.NEEDS_NEWER_CORE == {"frictionless"}  # the one left out, and its test skips without it


@pytest.mark.parametrize(("requirements", "message"), [
    (["pydantic"], "'pydantic' has no '>=' lower bound"),
    (["pydantic<3"], "'pydantic<3' has no '>=' lower bound"),
    (["pydantic>=2.7", "PyYAML>=6.0", "pydantic>=2.8"], "pydantic has two lower bounds, 2.7 and 2.8"),
])
def test_the_lowest_constraints_refuse_a_dependency_they_cannot_pin(requirements, message):
    with pytest.raises(SystemExit, match=re.escape(message)):
        _lowest_module().constraints({"dependencies": requirements}, extras=False)


def test_the_lowest_versions_are_installed_in_ci_and_in_the_workflow():
    import yaml

    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    workflow = yaml.safe_load((REPO / ".github" / "workflows" / "pull-request.yml").read_text(encoding="utf-8"))
    job = workflow["jobs"]["lowest"]
    [python] = [step["with"]["python-version"] for step in job["steps"] if "setup-python" in step.get("uses", "")]
    assert project["requires-python"] == f">={python}" and _lowest_module().lowest_python(project) == python
    [install] = [step["run"] for step in job["steps"] if step.get("name") == "install the lowest versions"]
    assert ".ci/lowest.py --extras" in install
    # every extra and every test tool is installed, bar the one that needs newer core versions
    [line] = [line for line in install.splitlines() if "-e '.[" in line]
    extras = re.search(r"-e '\.\[([^\]]*)\]'", line).group(1).split(",")
    tools = line.split("'")[-1].split()
    assert sorted(extras) == sorted(set(project["optional-dependencies"]) - {"test"})
    installed = {_distribution(r) for group in extras for r in project["optional-dependencies"][group]}
    wanted = {_distribution(r) for r in project["optional-dependencies"]["test"]} - _lowest_module().NEEDS_NEWER_CORE
    assert wanted - installed == {_distribution(tool) for tool in tools}
    assert job["steps"][-1]["run"] == readme_test_command().removeprefix(".venv/bin/")
    run = (REPO / ".ci" / "run").read_text(encoding="utf-8")
    assert "python3 .ci/lowest.py >" in run and '-m pytest -q tests/test_schema.py' in run
    # only on the lowest Python: PyYAML 6.0 and pydantic-core 2.18 have no wheels for 3.13
    assert "lowest_python=$(python3 .ci/lowest.py --python)" in run


@pytest.mark.parametrize("requires", [">=3.10.2", "~=3.11", ">=3"])
def test_the_lowest_python_is_refused_unless_requires_python_names_one(requires):
    with pytest.raises(SystemExit, match="is not '>=3.N'"):
        _lowest_module().lowest_python({"requires-python": requires})


def _calls_without_encoding(source: str) -> list[int]:
    """Lines of ``read_text``, ``write_text`` and text-mode ``open`` calls that name no encoding."""
    import ast

    lines = []
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.Call) or any(k.arg in ("encoding", None) for k in node.keywords):
            continue
        function = node.func
        if isinstance(function, ast.Attribute) and function.attr in ("read_text", "write_text"):
            lines.append(node.lineno)
        elif isinstance(function, ast.Name) and function.id == "open":
            modes = [k.value for k in node.keywords if k.arg == "mode"] + node.args[1:2]
            mode = modes[0].value if modes and isinstance(modes[0], ast.Constant) else None if modes else "r"
            if mode is not None and "b" not in mode:
                lines.append(node.lineno)
    return lines


def test_every_text_read_and_write_names_its_encoding():
    # Without one, Python uses the locale's: cp1252 on most Windows machines, ASCII under LC_ALL=C
    # with PYTHONUTF8=0, where 48 tests failed on names and sources that are UTF-8.
    assert _calls_without_encoding("p.read_text()\nopen(p)\nopen(p, 'w')\np.write_text(t)\n") == [1, 2, 3, 4]
    assert _calls_without_encoding("p.read_text(encoding='utf-8')\nopen(p, 'rb')\nopen(p, mode='wb')\n"
                                   "open(p, m)\np.read_bytes()\n") == []
    found = {}
    sources = [*REPO.glob("*.py"), *(p for folder in ("gulfvisits", "tests", "benchmarks", ".ci")
                                     for p in (REPO / folder).rglob("*.py"))]
    for path in sorted(sources):
        if lines := _calls_without_encoding(path.read_text(encoding="utf-8")):
            found[str(path.relative_to(REPO))] = lines
    assert REPO / "hatch_build.py" in sources and REPO / ".ci" / "lowest.py" in sources
    assert found == {}
