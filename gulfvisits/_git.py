"""What git knows about the records: the files a change touches (``validate --changed-since``),
and the records of an earlier commit or release (``diff``, ``release-notes``).

A revision the user typed is turned into a commit hash before git sees it anywhere else: a
"revision" such as ``--output=f`` would otherwise be taken by ``git diff`` or ``git archive`` as
an option, and write a file.
"""
from __future__ import annotations

import io
import posixpath
import re
import subprocess
import tarfile
from pathlib import Path, PurePosixPath

from .errors import UsageError

VERSION_NUMBER = re.compile(r"v?(\d+)\.(\d+)\.(\d+)")
"""A released version as a user names one, ``0.27.3`` or ``v0.27.3``: the groups are its numbers."""
_VERSION_FILE = "gulfvisits/__init__.py"


def _git(args: list[str], cwd: Path, *, check: bool = True) -> subprocess.CompletedProcess[str]:
    try:
        done = subprocess.run(["git", *args], cwd=cwd, capture_output=True, check=False,
                              encoding="utf-8", errors="replace")
    except FileNotFoundError:
        raise UsageError("this needs git, which is not installed (or not on PATH)") from None
    if check and done.returncode != 0:
        raise UsageError(f"git {' '.join(args)}: {done.stderr.strip() or 'failed'}")
    return done


def toplevel(cwd: Path) -> Path | None:
    """The root of the repository around ``cwd``, where its paths (``records``) are relative to."""
    done = _git(["rev-parse", "--show-toplevel"], cwd, check=False)
    return Path(done.stdout.strip()) if done.returncode == 0 else None


def commit_of(revision: str, cwd: Path) -> str | None:
    """The commit ``revision`` names in the repository around ``cwd``, or None (not a revision,
    or not a repository)."""
    done = _git(["rev-parse", "--verify", "--quiet", "--end-of-options", f"{revision}^{{commit}}"], cwd, check=False)
    return done.stdout.strip() if done.returncode == 0 else None


def release_commit(version: str, top: Path) -> str | None:
    """The last commit at which the package said it was ``version`` (``0.27.3`` or ``v0.27.3``):
    what that release shipped, found without tags, which a clone may not carry. ``top`` is the
    repository's root."""
    match = VERSION_NUMBER.fullmatch(version)
    if match is None or commit_of("HEAD", top) is None:
        return None
    line = re.escape(f'__version__ = "{".".join(match.groups())}"')
    # -G lists the commits whose diff adds or removes the line: the newest either moved the
    # version on (the release is its parent) or set it and nothing has moved it since (HEAD).
    log = _git(["log", "--format=%H", f"-G^{line}$", "HEAD", "--", _VERSION_FILE], top).stdout.split()
    if not log:
        return None
    shown = _git(["show", f"{log[0]}:{_VERSION_FILE}"], top, check=False).stdout
    return commit_of("HEAD", top) if re.search(f"^{line}$", shown, re.M) else commit_of(f"{log[0]}^", top)


def resolve_commit(spec: str, top: Path) -> str | None:
    """The commit that ``spec`` names, as every command reads one: a git revision, or else a
    released version (``release_commit``)."""
    return commit_of(spec, top) or release_commit(spec, top)


def extract_records(commit: str, target: Path, top: Path) -> Path | None:
    """The ``records/`` folder of ``commit``, written under ``target``; None if it had none.
    ``top`` is the repository's root (git reads the path relative to the folder it runs in)."""
    done = subprocess.run(["git", "archive", "--format=tar", commit, "records"], cwd=top, capture_output=True)
    if done.returncode != 0:
        return None
    write_archive(done.stdout, target, f"commit {commit[:12]}")
    return target / "records"


def write_archive(tar: bytes, target: Path, origin: str) -> None:
    """Write the folders and files of a tar archive under ``target``, each file's bytes and
    nothing else. A link becomes a copy of the file it names, as validation reads a link in the
    working tree; a link to anything the archive does not hold is refused. ``extractall``'s
    ``filter`` would do part of this, but Python 3.11 gained it only in 3.11.4 (diff crashed on
    3.11.2), and it raised a traceback on a link to an absolute path."""
    with tarfile.open(fileobj=io.BytesIO(tar)) as archive:
        members = {member.name: member for member in archive.getmembers()}
        for member in members.values():
            destination = target.joinpath(*_parts_inside(member.name, origin))
            if member.isdir():
                destination.mkdir(parents=True, exist_ok=True)
            elif member.isfile() or member.issym():
                source = _followed(member, members, origin)
                destination.parent.mkdir(parents=True, exist_ok=True)
                destination.write_bytes(archive.extractfile(source).read())  # type: ignore[union-attr]


def _parts_inside(name: str, origin: str) -> tuple[str, ...]:
    path = PurePosixPath(name)
    if path.is_absolute() or ".." in path.parts:
        raise UsageError(f"{origin} holds {name}, a path outside its folder")
    return path.parts


def _followed(member: tarfile.TarInfo, members: dict[str, tarfile.TarInfo], origin: str) -> tarfile.TarInfo:
    """The file that ``member`` is or, through links, names."""
    seen = {member.name}
    while member.issym():
        # relative to the link's folder; an absolute target stays absolute, which no member is
        found = members.get(posixpath.normpath(posixpath.join(posixpath.dirname(member.name), member.linkname)))
        if found is None or found.name in seen or not (found.isfile() or found.issym()):
            raise UsageError(f"{origin} holds {member.name}, a link to {member.linkname}, "
                             "which is not a file of the same records")
        seen.add(found.name)
        member = found
    return member


def changed_files(root: Path, revision: str) -> set[Path]:
    """YAML files under ``root`` that differ from ``revision`` (a commit, or a release number as
    ``diff`` takes it), committed, staged, unstaged or untracked. Deleted files are left out:
    there is nothing to read, and the cross-record checks see the tree without them anyway."""
    from .validate import YAML_SUFFIXES, file_in_tree

    root = root.resolve()
    top = toplevel(root)
    if top is None:
        raise UsageError(f"--changed-since: {root} is not in a git repository")
    commit = resolve_commit(revision, top)
    if commit is None:
        raise UsageError(f"--changed-since {revision}: neither a git revision nor a released version of {top}")
    # -z: raw names, NUL-separated; without it git quotes a name with a space or a non-ASCII letter
    names = _git(["diff", "--name-only", "-z", "--diff-filter=d", commit, "--", str(root)], top).stdout.split("\0")
    names += _git(["ls-files", "-z", "--others", "--exclude-standard", "--", str(root)], top).stdout.split("\0")
    return {file_in_tree(top / name) for name in names if name.endswith(YAML_SUFFIXES)}
