"""What changed between two versions of the records: added, changed (which fields), withdrawn.

The comparison is of validated records, so a reformatted file is not a change. Either side can
be a records folder, a git revision of this repository or a release number (its ``records/``
folder then).
"""
from __future__ import annotations

import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ._git import extract_records, resolve_commit, toplevel
from .errors import InvalidDataError, UsageError, nonempty_path
from .models import Meeting
from .validate import validate_tree


@dataclass
class RecordsDiff:
    added: list[str] = field(default_factory=list)
    changed: dict[str, list[str]] = field(default_factory=dict)
    withdrawn: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    """Ids whose files disappeared: never allowed (ids stay reserved); reported so CI can fail."""

    @property
    def empty(self) -> bool:
        return not (self.added or self.changed or self.withdrawn or self.removed)

    def to_dict(self) -> dict[str, Any]:
        return {"added": self.added, "changed": self.changed, "withdrawn": self.withdrawn, "removed": self.removed}


def changed_fields(old: Any, new: Any, path: str = "") -> list[str]:
    """Field paths whose values differ, e.g. ``date.value`` or ``participants[1].office``.
    Lists of plain values (topics, countries) are reported as one field."""
    if isinstance(old, dict) and isinstance(new, dict):
        out = []
        for key in list(old) + [k for k in new if k not in old]:
            out += changed_fields(old.get(key), new.get(key), f"{path}.{key}" if path else key)
        return out
    if (isinstance(old, list) and isinstance(new, list) and len(old) == len(new)
            and all(isinstance(v, dict) for v in old + new)):
        return [f for i, (a, b) in enumerate(zip(old, new, strict=True)) for f in changed_fields(a, b, f"{path}[{i}]")]
    return [] if old == new else [path]


def _meetings(root: Path, *, earlier: bool = False) -> dict[str, Meeting]:
    """The records of ``root``, which must validate. The ``earlier`` side is held only to the
    model: a release was valid under the rules of its day, and a rule added since (as
    ``rule.occasion`` was in 0.26.0) must not stop a comparison with it."""
    report = validate_tree(root)
    blocking = [e for e in report.sorted_errors()
                if e.severity == "error" and not (earlier and e.code.startswith("rule."))]
    if blocking:
        raise InvalidDataError(blocking)
    return {m.id: m for m in report.meetings}


def diff_trees(old_root: Path, new_root: Path) -> RecordsDiff:
    old, new = _meetings(old_root, earlier=True), _meetings(new_root)
    result = RecordsDiff()
    for ident in sorted(new):
        if ident not in old:
            result.added.append(ident)
            continue
        before, after = old[ident], new[ident]
        if before.status == "active" and after.status == "withdrawn":
            result.withdrawn.append(ident)
        fields = changed_fields(before.model_dump(mode="json"), after.model_dump(mode="json"))
        if fields and ident not in result.withdrawn:
            result.changed[ident] = fields
    result.removed = sorted(set(old) - set(new))
    return result


def resolve(spec: str, workdir: Path) -> Path:
    """A records folder for ``spec``: the folder itself; or ``records/`` at git revision ``spec``;
    or at the last commit of release ``spec`` (``0.27.3``), so that a version cited in a paper
    can be compared with no tags in the clone."""
    path = nonempty_path(spec, "the version to compare")
    if path.is_dir():
        return path
    here = Path.cwd()
    top = toplevel(here)
    commit = top and resolve_commit(spec, top)
    if not commit:
        where = "the git repository here" if top else f"a git repository ({here} is not in one)"
        raise UsageError(f"{spec!r} is neither a folder, nor a revision or a released version of {where}")
    records = extract_records(commit, workdir / commit, top)
    if records is None:
        raise UsageError(f"{spec!r} (commit {commit[:12]}) has no records/ folder")
    return records


def diff(old: str, new: str) -> RecordsDiff:
    with tempfile.TemporaryDirectory() as workdir:
        return diff_trees(resolve(old, Path(workdir)), resolve(new, Path(workdir)))


def release_notes(result: RecordsDiff, version: str | None = None, released: str | None = None) -> str:
    """A draft CHANGELOG section (data part) for the differences, headed as the CHANGELOG heads
    its sections (``## 0.27.7 - 2026-12-01``), so that it can be pasted in as it is."""
    heading = f"{version} - {released}" if version and released else version or "Unreleased"
    lines = [f"## {heading}", "", "### Data"]
    lines += [f"- Added {ident}" for ident in result.added]
    lines += [f"- Changed {ident}: {', '.join(fields)}" for ident, fields in result.changed.items()]
    lines += [f"- Withdrawn {ident}" for ident in result.withdrawn]
    lines += [f"- REMOVED {ident} (not allowed: withdraw instead)" for ident in result.removed]
    if result.empty:
        lines.append("- No record changes.")
    return "\n".join(lines) + "\n"
