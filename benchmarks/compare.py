"""Time two installs of gulfvisits on the same records, alternated, and print the ratios.

    python benchmarks/compare.py --before /tmp/venv-old/bin/python --after .venv/bin/python \\
        --records /tmp/tree-a [--records /tmp/tree-b] [--repeat 5]

A release that adds a rule or a field asks what it costs where nothing uses it and where records
do. ``run.py`` measures one install against its floors; this runs two (a venv with the earlier
release installed from a worktree, and this checkout) on each tree, alternating them so that a
busy machine slows both alike, and reports medians:

  validate   ``gulfvisits validate --no-cache DIR``: every file read, parsed and checked
  load       ``gulfvisits.load(DIR, use_cache=False)`` in a fresh process, import excluded: the
             records validated and built into a Dataset, as after an edit
  bundle     ``gulfvisits.load(DIR)`` once the cache holds the tree's bundle: what every later
             load costs

An install that refuses a tree (the earlier release does not know a newer field) shows "refused".
"""
from __future__ import annotations

import argparse
import atexit
import os
import shutil
import statistics
import subprocess
import tempfile
import time
from pathlib import Path

_LOAD = """
import sys, time
import gulfvisits
start = time.perf_counter()
data = gulfvisits.load(sys.argv[1], use_cache=sys.argv[2] == "cache")
print(time.perf_counter() - start, len(data.meetings))
"""


def _validate(python: str, records: Path, env: dict[str, str]) -> float | None:
    start = time.perf_counter()
    done = subprocess.run([python, "-m", "gulfvisits", "validate", "--no-cache", str(records)],
                          capture_output=True, text=True, env=env, cwd=tempfile.gettempdir())
    elapsed = time.perf_counter() - start
    return elapsed if done.returncode == 0 else None


def _load(python: str, records: Path, env: dict[str, str], cache: bool) -> float | None:
    done = subprocess.run([python, "-c", _LOAD, str(records), "cache" if cache else "none"],
                          capture_output=True, text=True, env=env, cwd=tempfile.gettempdir())
    return float(done.stdout.split()[0]) if done.returncode == 0 else None


def _median(values: list[float | None]) -> float | None:
    return None if not values or None in values else statistics.median(values)  # type: ignore[type-var]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--before", required=True, help="the earlier install's python")
    parser.add_argument("--after", required=True, help="the later install's python")
    parser.add_argument("--records", type=Path, action="append", required=True)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    print(f"{'records':<24} {'measure':<9} {'before':>9} {'after':>9} {'after/before':>13}")
    # The installs run from a temporary folder (so that no checkout shadows them), where the
    # relative paths the usage above shows would name nothing.
    installs = {"before": os.path.abspath(args.before), "after": os.path.abspath(args.after)}
    # The caches go when the script ends: each holds a bundle of a tree (megabytes for a large
    # one), and left behind they piled up in the temporary directory at every run.
    caches = tempfile.mkdtemp(prefix="gv-compare-")
    atexit.register(shutil.rmtree, caches, ignore_errors=True)
    for records in map(Path.resolve, args.records):
        # Each install its own cache, warmed once for the bundle's measure (which also writes
        # the modules' bytecode: without PYTHONDONTWRITEBYTECODE, an editable install does not
        # compile its modules at every start, as an installed wheel never does; measured 34 ms).
        base = {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"}
        envs = {which: {**base, "GULFVISITS_CACHE_DIR": tempfile.mkdtemp(prefix=f"{which}-", dir=caches)}
                for which in installs}
        for which, python in installs.items():
            _load(python, records, envs[which], cache=True)
        times: dict[tuple[str, str], list[float | None]] = {}
        for _ in range(args.repeat):
            for which, python in installs.items():
                env = envs[which]
                times.setdefault((which, "validate"), []).append(_validate(python, records, env))
                times.setdefault((which, "load"), []).append(_load(python, records, env, cache=False))
                times.setdefault((which, "bundle"), []).append(_load(python, records, env, cache=True))
        for measure in ("validate", "load", "bundle"):
            before, after = _median(times["before", measure]), _median(times["after", measure])
            cells = [f"{value:8.3f}s" if value is not None else "  refused" for value in (before, after)]
            ratio = f"{after / before:13.3f}" if before and after else f"{'-':>13}"
            print(f"{records.name:<24} {measure:<9} {cells[0]:>9} {cells[1]:>9} {ratio}")


if __name__ == "__main__":
    main()
