"""Print pip constraints that pin each dependency at the lowest version pyproject.toml allows.

A lower bound nobody installs is a guess: without this, every test run gets the newest releases,
and a use of a feature newer than the bound (a pydantic 2.9 argument, say) passes here and
breaks for a user whose environment holds an older one. `.ci/run` installs the core
dependencies at their bounds and runs the model, schema and YAML tests; the pull-request
workflow does the same with the extras too and runs the whole suite.

    python3 .ci/lowest.py            # the core dependencies
    python3 .ci/lowest.py --extras   # and the optional extras and test tools
    python3 .ci/lowest.py --python   # the lowest Python, the one the pins are installed with

The pins are for the lowest Python `requires-python` allows. Releases as old as the bounds have
no wheels for newer ones (PyYAML 6.0 and pydantic-core 2.18 none for 3.13, and PyYAML 6.0's
source no longer builds), so `.ci/run` skips this step, saying so, under any other Python.
"""
from __future__ import annotations

import re
import sys
import tomllib
from pathlib import Path

PYPROJECT = Path(__file__).resolve().parent.parent / "pyproject.toml"

# Wheels of pandas < 2.2.2 and pyarrow < 16 were built against numpy 1 and fail to import
# under numpy 2, which nothing in their metadata forbids.
NUMPY_FOR_OLD_WHEELS = "numpy<2"

# Test tools that cannot be installed beside the core bounds: frictionless 5.15 needs
# jsonschema 4.20. Left out, its one test skips.
NEEDS_NEWER_CORE = {"frictionless"}

_LOWER_BOUND = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)\s*(?:\[[^\]]*\])?\s*>=\s*([0-9][0-9A-Za-z.]*)\s*(?:,.*)?$")


def lower_bound(requirement: str) -> tuple[str, str]:
    """The name and the ``>=`` version of one requirement; a requirement without one is an error,
    because an unbounded dependency has no lowest version to test."""
    found = _LOWER_BOUND.match(requirement.strip())
    if found is None:
        raise SystemExit(f"{PYPROJECT.name}: {requirement!r} has no '>=' lower bound to pin")
    return found.group(1), found.group(2)


def constraints(project: dict, extras: bool) -> list[str]:
    """One ``name==bound`` line a dependency, sorted; a name bounded twice (a core dependency
    repeated in an extra) must be bounded alike, or the pin would contradict one of them."""
    requirements = list(project["dependencies"])
    if extras:
        for group in project["optional-dependencies"].values():
            requirements += group
    pins: dict[str, str] = {}
    for requirement in requirements:
        name, version = lower_bound(requirement)
        key = re.sub(r"[-_.]+", "-", name).lower()
        if key in NEEDS_NEWER_CORE:
            continue
        if pins.setdefault(key, version) != version:
            raise SystemExit(f"{PYPROJECT.name}: {name} has two lower bounds, {pins[key]} and {version}")
    lines = [f"{name}=={version}" for name, version in sorted(pins.items())]
    if extras:
        lines.append(NUMPY_FOR_OLD_WHEELS)
    return lines


def lowest_python(project: dict) -> str:
    found = re.fullmatch(r">=\s*(3\.\d+)", project["requires-python"].strip())
    if found is None:
        raise SystemExit(f"{PYPROJECT.name}: requires-python {project['requires-python']!r} is not '>=3.N'")
    return found.group(1)


def main(argv: list[str]) -> int:
    if argv not in ([], ["--extras"], ["--python"]):
        print("usage: python3 .ci/lowest.py [--extras | --python]", file=sys.stderr)
        return 2
    project = tomllib.loads(PYPROJECT.read_text(encoding="utf-8"))["project"]
    if argv == ["--python"]:
        print(lowest_python(project))
    else:
        print("\n".join(constraints(project, extras=argv == ["--extras"])))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
