"""Shared fixtures: the repository, a scratch copy of the records, and a CLI runner that runs
the real ``gulfvisits`` command in a subprocess, as users and CI do."""
from __future__ import annotations

import atexit
import io
import os
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

# Tests (and the CLI subprocesses they start) never touch the user's cache. The folder goes when
# the run ends: a run's bundles fill up to 13 MB, and a mutation sample starts a run per fault, so
# left behind they piled up in the temporary directory (185 in one day of sessions).
PRIVATE_CACHE = tempfile.mkdtemp(prefix="gulfvisits-test-cache-")
os.environ["GULFVISITS_CACHE_DIR"] = PRIVATE_CACHE
atexit.register(shutil.rmtree, PRIVATE_CACHE, ignore_errors=True)

REPO = Path(__file__).resolve().parent.parent
RECORDS = REPO / "records"


def readme_blocks(language: str) -> list[str]:
    """The README's fenced blocks in ``language``, in order: the commands and the example that the
    packaging tests run or compare with CI."""
    import re

    return re.findall(rf"```{language}\n(.*?)```", (REPO / "README.md").read_text(encoding="utf-8"), re.S)


def readme_test_command() -> str:
    """The README's second command, the one that runs the tests (``.venv/bin/python -m pytest -n
    auto``). ``.ci/run`` and the pull-request workflow must run the same, so their tests read it
    here rather than repeat it: when the README's command changes, they name each place that
    still runs the old one."""
    return readme_blocks("sh")[1].strip()


_TOP = subprocess.run(["git", "rev-parse", "--show-toplevel"], cwd=REPO, capture_output=True, text=True)
GIT_CHECKOUT = _TOP.returncode == 0 and Path(_TOP.stdout.strip()).resolve() == REPO
"""Whether the tests run in a git checkout of the project, as in CI, rather than in an unpacked
source distribution, where a packager runs them and there is no history to ask."""
needs_git_checkout = pytest.mark.skipif(not GIT_CHECKOUT, reason="asks the project's git history; not a git checkout")

settings.register_profile("ci", max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("dev", max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("thorough", max_examples=3000, deadline=None,
                          suppress_health_check=[HealthCheck.too_slow])
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "dev"))


def a_share_of_the_examples(share: int):
    """Settings for a property parametrized over many cases, each checking one fixed edit, where
    the drawn meeting only varies what surrounds it: a share of the profile's examples per case.
    The cases together then cost a few full properties instead of dozens (in CI they were a
    quarter of the suite), and the thorough profile still scales them up."""
    return settings(max_examples=max(10, settings().max_examples // share))


class Terminal(io.StringIO):
    """Standard error as a terminal shows it: where the progress counter is drawn."""

    def isatty(self) -> bool:
        return True


@dataclass
class Result:
    code: int
    stdout: str
    stderr: str


def run_cli(*args: str, cwd: Path | None = None, input: str | None = None) -> Result:
    """Run ``python -m gulfvisits ARGS`` in a subprocess and capture everything. Its streams are
    UTF-8 whatever the machine's locale: data output (``list --format csv``, ``export --output -``)
    is UTF-8 bytes by design, and read with a cp1252 or ASCII locale it failed to decode. The tests
    of other encodings run the command themselves."""
    done = subprocess.run([sys.executable, "-m", "gulfvisits", *args], cwd=cwd or REPO, capture_output=True,
                          text=True, encoding="utf-8", input=input, timeout=120,
                          env={**os.environ, "PYTHONIOENCODING": "utf-8"})
    return Result(done.returncode, done.stdout, done.stderr)


ASCII_LOCALE = {"LC_ALL": "C", "PYTHONUTF8": "0", "PYTHONCOERCECLOCALE": "0"}
"""The environment, over ``os.environ``, of a system whose encoding is ASCII: the C locale, with
Python neither coercing it to UTF-8 nor switching to UTF-8 mode on its own."""


def skip_unless_names_can_hold(*texts: str) -> None:
    """Skip a test whose arguments or file names hold ``texts`` where the system's encoding of
    them cannot (ASCII, under ``LC_ALL=C`` with the locale not coerced): Python could not pass
    them to the command or name the files, so the test would fail before reaching the package."""
    try:
        for text in texts:
            text.encode(sys.getfilesystemencoding())
    except UnicodeEncodeError:
        pytest.skip(f"this system's encoding of names and arguments ({sys.getfilesystemencoding()}) "
                    f"cannot hold {texts!r}")


@pytest.fixture
def cli():
    return run_cli


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    """A writable copy of the repository's records tree."""
    target = tmp_path / "records"
    shutil.copytree(RECORDS, target)
    return target


@pytest.fixture
def seeds(tmp_path: Path) -> Path:
    """A records tree holding only the two seed meetings, so behaviour tests do not shift as
    the dataset grows (the real counts are pinned in test_records.py)."""
    return seed_tree(tmp_path / "seeds")


def seed_tree(target: Path) -> Path:
    """The seeds fixture's tree, for a property test that needs a fresh one per example (a
    fixture is made once per test, not per example)."""
    def other_meetings(folder: str, names: list[str]) -> list[str]:
        if Path(folder) == RECORDS / "meetings":
            return [name for name in names if name not in (BAHRAIN[:4], KUWAIT[:4])]
        if Path(folder).parent == RECORDS / "meetings":
            return [name for name in names if name not in (f"{BAHRAIN}.yaml", f"{KUWAIT}.yaml")]
        return []

    return Path(shutil.copytree(RECORDS, target, ignore=other_meetings))


BAHRAIN = "2025-05-12-aze-bhr-foreign-ministers"
KUWAIT = "2025-04-30-aze-kwt-foreign-ministers"


def meeting_path(root: Path, meeting_id: str) -> Path:
    return root / "meetings" / meeting_id[:4] / f"{meeting_id}.yaml"


def edit(root: Path, meeting_id: str, old: str, new: str) -> Path:
    """Replace the first ``old`` in a copied meeting's file with ``new``; ``old`` must be there,
    so that a test never passes on an edit that did nothing."""
    path = meeting_path(root, meeting_id)
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


def withdraw(root: Path, meeting_id: str, reason: str = "Test.") -> Path:
    """Mark a copied meeting withdrawn today, as ``gulfvisits withdraw`` does."""
    from gulfvisits.withdraw import withdraw as withdrawing

    return withdrawing(root, meeting_id, reason)


def committed(seeds: Path, tmp_path: Path):
    """The seed records in a fresh git repository, committed; returns the repository and a git runner."""
    repo = tmp_path / "data"
    shutil.copytree(seeds, repo / "records")
    git = lambda *args: subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True)  # noqa: E731
    git("init", "-q")
    git("-c", "user.name=t", "-c", "user.email=t@example.org", "commit", "-qm", "base", "--allow-empty")
    git("add", "-A")
    git("-c", "user.name=t", "-c", "user.email=t@example.org", "commit", "-qm", "records")
    return repo, git


def line_in(path: Path, text: str) -> int:
    """The 1-based line that is exactly ``text`` in a copied records file, so that expected
    positions follow the records when curators edit them, instead of pinned numbers that go stale."""
    return path.read_text(encoding="utf-8").splitlines().index(text) + 1


def line_of(root: Path, meeting_id: str, text: str) -> int:
    """``line_in`` for a meeting record, found by its id."""
    return line_in(meeting_path(root, meeting_id), text)
