"""The record files a change touches, as git sees them (for ``validate --changed-since``)."""
from __future__ import annotations

import subprocess
from pathlib import Path

from .errors import UsageError


def _git(args: list[str], cwd: Path) -> str:
    try:
        done = subprocess.run(["git", *args], cwd=cwd, capture_output=True, check=False,
                              encoding="utf-8", errors="replace")
    except FileNotFoundError:
        raise UsageError("--changed-since needs git, which is not installed") from None
    if done.returncode != 0:
        raise UsageError(f"git {' '.join(args)}: {done.stderr.strip() or 'failed'}")
    return done.stdout


def changed_files(root: Path, revision: str) -> set[Path]:
    """YAML files under ``root`` that differ from ``revision`` (committed, staged, unstaged or
    untracked). Deleted files are left out: there is nothing to read, and the cross-record
    checks see the tree without them anyway."""
    root = root.resolve()
    top = Path(_git(["rev-parse", "--show-toplevel"], root).strip())
    # -z: raw names, NUL-separated; without it git quotes a name with a space or a non-ASCII letter
    names = _git(["diff", "--name-only", "-z", "--diff-filter=d", revision, "--", str(root)], top).split("\0")
    names += _git(["ls-files", "-z", "--others", "--exclude-standard", "--", str(root)], top).split("\0")
    return {(top / name).resolve() for name in names if name.endswith((".yaml", ".yml"))}
