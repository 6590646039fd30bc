"""Withdrawing a meeting record: the one way a record stops counting, since an id is never
deleted, renamed or reused.

By hand, a withdrawal is a status and three fields to put in the right places, a date to write
in the right form, and a replacement to spell exactly; ``withdraw`` writes them through the
model, in the canonical layout, and refuses first what ``validate`` would refuse after (an id no
file has, a replacement that is the record itself or leads back to it, a date in the future or
before the record was added). The file is either withdrawn and valid or left as it was.
"""
from __future__ import annotations

import os
from datetime import date
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from .errors import GulfVisitsError, UsageError
from .explain import closest, pattern_message, text_length_message
from .fmt import canonical, header
from .models import Meeting, Withdrawal
from .rules import withdrawal_date_problem
from .validate import MEETINGS_DIR
from .yamlio import dump, parse_text, read_text, write_atomic


def meeting_files(root: Path) -> dict[str, list[Path]]:
    """Every meeting file of the tree by the id its name gives, wherever it lies: a record
    filed in the wrong year is still the record the id names. A record copied into another
    year's folder, not moved, gives its id two files, and ``_file_of`` will not choose one."""
    folder = root / MEETINGS_DIR
    if not folder.is_dir():
        raise UsageError(f"{folder} does not exist; run this in a clone of the dataset or pass --records DIR")
    files: dict[str, list[Path]] = {}
    for year in sorted(os.listdir(folder)):
        if (folder / year).is_dir():
            for name in sorted(os.listdir(folder / year)):
                if name.endswith(".yaml"):
                    files.setdefault(name[:-len(".yaml")], []).append(folder / year / name)
    return files


def _option_message(error: Any) -> str:
    """A refused option in the words ``validate`` would use for the field it fills."""
    option = {"reason": "--reason", "replaced_by": "--replaced-by"}.get(str(error["loc"][0]), "--on")
    if error["type"] == "string_pattern_mismatch":
        return f"{option}: {pattern_message(error['ctx']['pattern'], error['input'])}"
    if error["type"] == "string_too_long":
        return f"{option}: {text_length_message(error['ctx']['max_length'], error['input'])}"
    return f"{option}: {error['msg']}; got {error['input']!r}"


def _meeting(path: Path, text: str | None = None) -> Meeting:
    text = read_text(path, str(path)) if text is None else text
    return Meeting.model_validate(parse_text(text, str(path)).data)


def _file_of(ident: str, files: dict[str, list[Path]], what: str) -> Path:
    """The one file of ``ident``. Withdrawing one of two copies left the other active, and
    which copy is the record is the user's call."""
    if ident not in files:
        hint = closest(ident, files)
        raise UsageError(f"no meeting file has the id {ident!r} ({what})" + (f"; {hint}" if hint else ""))
    paths = files[ident]
    if len(paths) > 1:
        raise UsageError(f"{len(paths)} meeting files have the id {ident!r} ({what}): "
                         f"{', '.join(map(str, paths))}; keep one and delete the others")
    return paths[0]


def _refuse_a_circle(ident: str, replaced_by: str, files: dict[str, list[Path]]) -> None:
    """A replacement that was itself withdrawn points on; the chain must end in a record that
    counts, never come back to the one being withdrawn (``rule.cycle``)."""
    chain, current = [ident], replaced_by
    while current is not None and current in files:
        chain.append(current)
        if current == ident:
            raise UsageError(f"{' -> '.join(chain)} goes round in a circle: a record cannot be replaced, "
                             "even through others, by itself")
        if current in chain[:-1]:
            return  # a circle the tree already has, elsewhere: validate reports it
        try:  # only read: a comment in another file is no reason to stop following the chain
            meeting = _meeting(files[current][0])
        except (GulfVisitsError, ValidationError):  # an unreadable link is validate's to report
            return
        current = meeting.withdrawal.replaced_by if meeting.withdrawal else None


def withdraw(root: Path, ident: str, reason: str, *, replaced_by: str | None = None, on: date | None = None,
             today: date | None = None) -> Path:
    """Mark the meeting ``ident`` withdrawn, with ``reason`` and the date, and the id of the
    record that replaces it when there is one. Returns the file rewritten. Raises UsageError
    for a request that cannot be met, and RecordError for a file that does not read as a
    meeting (it is reported, not rewritten)."""
    today = today or date.today()
    on = on or today
    files = meeting_files(root)
    path = _file_of(ident, files, "the record to withdraw")
    text = read_text(path, str(path))
    canonical(text, str(path))  # raises, with file:line:column, for what the rewrite would lose or refuse
    meeting = _meeting(path, text)
    if meeting.withdrawal is not None or meeting.status == "withdrawn":
        when = f" on {meeting.withdrawal.withdrawn_on.isoformat()}" if meeting.withdrawal else ""
        raise UsageError(f"{ident} was already withdrawn{when}; edit its withdrawal to change the reason or date")
    try:
        withdrawal = Withdrawal(reason=reason, withdrawn_on=on, replaced_by=replaced_by)
    except ValidationError as exc:
        raise UsageError(_option_message(exc.errors()[0])) from None
    problem = withdrawal_date_problem(on, meeting.curation.added_on, today)
    if problem:
        raise UsageError(f"--on: {problem}")
    if replaced_by is not None:
        if replaced_by == ident:
            raise UsageError("--replaced-by names the record being withdrawn; name the record that replaces it")
        _file_of(replaced_by, files, "the record that replaces it")
        _refuse_a_circle(ident, replaced_by, files)
    updated = meeting.model_copy(update={"status": "withdrawn", "withdrawal": withdrawal})
    write_atomic(path, header(text) + dump(updated.model_dump(exclude_defaults=True)))
    return path
