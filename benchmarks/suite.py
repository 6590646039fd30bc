"""How long the test suite takes one test at a time, and spread over the cores with pytest-xdist.

    python benchmarks/suite.py [--workers auto] [--repeat 1] [-- PYTEST ARGS...]

Runs `python -m pytest -q -p no:cacheprovider` in this checkout once with `-n 0` (one process,
as before 0.79.39) and once with each `-n W`, alternated when repeated, under the hypothesis
profile `.ci/run` sets (`ci`, unless HYPOTHESIS_PROFILE says otherwise), and prints the wall time
of each, the tests that passed, and each time's ratio to the serial run. Anything after `--` goes
to pytest (a test file, `-k`), to measure part of the suite. A run that fails, or that passes a
different number of tests than the serial run, stops the script: a faster run of fewer tests is
no measurement. The gain depends on the cores and on what else the machine runs: compare runs
made on an idle machine.
"""
from __future__ import annotations

import argparse
import os
import re
import statistics
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
PROFILE = os.environ.get("HYPOTHESIS_PROFILE", "ci")
_OUTCOME = re.compile(r"^=*\s*(\d+) passed\b[^\n]* in [\d.]+s", re.MULTILINE)


def passed(stdout: str) -> int:
    """The tests pytest's closing line counts as passed; a run without one (an error, or a
    failure, which the closing line names first) is refused, since its time measures nothing."""
    found = _OUTCOME.search(stdout)
    if found is None:
        raise SystemExit(f"pytest gave no closing line of passed tests:\n{stdout[-2000:]}")
    return int(found.group(1))


def timed(workers: str, pytest_args: list[str]) -> tuple[float, int]:
    """Wall seconds and tests passed for one run of the suite with ``-n workers``."""
    argv = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-n", workers, *pytest_args]
    env = {**os.environ, "HYPOTHESIS_PROFILE": PROFILE}
    start = time.perf_counter()
    done = subprocess.run(argv, cwd=REPO, capture_output=True, text=True, env=env)
    wall = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(argv[1:])}: exit {done.returncode}\n{done.stdout[-2000:]}{done.stderr[-2000:]}")
    return wall, passed(done.stdout)


def main(argv: list[str]) -> int:
    ours, pytest_args = (argv[:argv.index("--")], argv[argv.index("--") + 1:]) if "--" in argv else (argv, [])
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--workers", nargs="+", default=["auto"], help="values of -n to compare with -n 0")
    parser.add_argument("--repeat", type=int, default=1)
    args = parser.parse_args(ours)
    settings = ["0", *args.workers]
    walls: dict[str, list[float]] = {setting: [] for setting in settings}
    tests = None
    for _ in range(args.repeat):
        for setting in settings:
            wall, count = timed(setting, pytest_args)
            print(f"  -n {setting}: {count} passed in {wall:.1f} s", flush=True)
            if tests is not None and count != tests:
                raise SystemExit(f"-n {setting} passed {count} tests where the first run passed {tests}")
            tests = count
            walls[setting].append(wall)
    serial = statistics.median(walls["0"])
    print(f"\n{tests} tests, {os.cpu_count()} CPUs, HYPOTHESIS_PROFILE={PROFILE}, median of {args.repeat}")
    print("| pytest | wall | ratio to -n 0 |\n|---|---|---|")
    for setting in settings:
        wall = statistics.median(walls[setting])
        print(f"| -n {setting} | {wall:.1f} s | {wall / serial:.2f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
