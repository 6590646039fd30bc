"""What validation learnt about each meeting file, kept between runs.

``gulfvisits validate`` re-reads only the files that changed since a run found them clean, and
``validate_changed`` checks one file against the rules across all the others from their cached
summaries, without parsing them. See ``validate.validate_cached`` for when a verdict is trusted.
"""
from __future__ import annotations

import hashlib
import json
import os
import time
from pathlib import Path
from typing import Any

from . import __version__
from .cachefiles import cache_dir, checksum, code_fingerprint, signed, verified
from .rules import Summary, Withheld, summary_of
from .validate import REGISTRY_ADAPTERS, REGISTRY_FILES, Parsed, Report, gc_paused, read_meeting, read_registry
from .yamlio import read_bytes, write_atomic


class SummaryCache:
    """What the cross-record rules need of each meeting, kept between runs and keyed by the
    file's size, modification time and change time (as git's index does), with a content hash to
    fall back on when only the times changed, so an unchanged file is not read. The change time
    is there because tools that copy times (``cp -p``, ``rsync -t``, archives) can replace a
    file's bytes with others of the same length and put its mtime back; no tool can put back
    the change time, which every write moves. (On Windows, Python still reports the creation
    time there until its announced change lands, so the guard there is size, mtime and hash.)

    An entry also says whether its file was found clean, which is only valid under the
    ``fingerprint`` of the registries and of the validating code it was checked with.
    """

    FORMAT = 4
    """Increased whenever the layout of the file, of an entry or of a summary changes: a cache
    of another layout is then ignored, not misread."""

    def __init__(self, root: Path) -> None:
        key = hashlib.blake2b(os.fsencode(root.resolve()), digest_size=8).hexdigest()
        self.path = cache_dir() / f"summaries-{__version__}-{key}.json"
        self.prefix = f"{root}{os.sep}"
        self.fingerprint = _fingerprint(root)
        self.trust_before = _trust_before()
        try:
            with gc_paused():  # 10^5 fresh objects: a collection midway would walk them for nothing
                stored = _decode(self.path.read_bytes())
            if stored["format"] != self.FORMAT:
                raise ValueError("a cache written by another version of this code")
            self.entries: dict[str, list] = stored["entries"]
            self.stored_registries: dict[str, str] | None = stored["registries"]
            if stored["fingerprint"] != self.fingerprint:
                self.stored_registries = None
                for entry in self.entries.values():
                    entry[3] = False
        except (OSError, ValueError, KeyError, TypeError, IndexError):
            self.entries, self.stored_registries = {}, None
        self.dirty = False
        self.stats: dict[str, os.stat_result] = {}  # one stat per file and run

    def registries(self, root: Path, shown_root: Path, report: Report, withheld: Withheld) -> dict[str, list[Parsed]]:
        """The registries, from the cache when their bytes are unchanged (the fingerprint covers
        them); read and checked otherwise, and kept when they are clean. Positions for a later
        rule error are found by reading the file again (``Parsed.document``)."""
        try:
            stored = {name: REGISTRY_ADAPTERS[name].validate_json(self.stored_registries[name], strict=True)
                      for name in REGISTRY_FILES}
        except (TypeError, KeyError, ValueError):  # none stored, or a damaged cache: read the files
            pass
        else:
            report.files_checked += len(REGISTRY_FILES)
            return {name: [Parsed(entry, None, (index,), source=root / REGISTRY_FILES[name],
                                   shown=str(shown_root / REGISTRY_FILES[name])) for index, entry in enumerate(entries)]
                    for name, entries in stored.items()}
        before = len(report.errors)
        registries = {name: read_registry(root, name, report, shown_root, withheld) for name in REGISTRY_FILES}
        if len(report.errors) == before:
            self.stored_registries = {name: REGISTRY_ADAPTERS[name].dump_json([p.model for p in entries]).decode()
                                      for name, entries in registries.items()}
            self.dirty = True
        return registries

    def _current(self, relative: str) -> list | None:
        """The entry of ``relative`` if the file is unchanged since it was made: same size,
        modification time and change time, or else (a fresh checkout gives every file new
        times, so a cache restored in CI would never match; ``chmod`` moves the change time
        alone) the same content hash, after which the entry takes the new times."""
        entry = self.entries.get(relative)
        stat = self._stat(relative)
        if entry is None or stat is None or entry[0] != stat.st_size:
            return None
        if entry[1] == stat.st_mtime_ns and entry[5] == stat.st_ctime_ns:
            return entry
        if entry[4] is not None and _last_write(stat) < self.trust_before and _digest(self.prefix + relative) == entry[4]:
            entry[1], entry[5] = stat.st_mtime_ns, stat.st_ctime_ns
            self.dirty = True
            return entry
        return None

    def _stat(self, relative: str) -> os.stat_result | None:
        """The file's stat, taken once a run; None when the listed name cannot be stat'ed (a
        link to a missing file, a file deleted since the listing). No entry stands for such a
        file: it is read in full, and reading says what is wrong with it."""
        stat = self.stats.get(relative)
        if stat is None:
            try:
                stat = self.stats[relative] = os.stat(self.prefix + relative)
            except OSError:
                return None
        return stat

    def clean(self, relative: str) -> bool:
        entry = self._current(relative)
        return entry is not None and entry[3] is True

    def summary(self, relative: str) -> Summary | None:
        entry = self._current(relative)
        if entry is None:
            stat = self._stat(relative)
            if stat is None:
                return None
            parsed = read_meeting(Path(self.prefix + relative), relative, Report())
            entry = self._entry(stat, summary_of(parsed.model) if parsed is not None else None, False)
            self.entries[relative] = entry
            self.dirty = True
        return entry[2]

    @staticmethod
    def _entry(stat: os.stat_result, summary: Summary | None, clean: bool, digest: str | None = None) -> list:
        """[size, mtime_ns, summary or None, clean, content digest or None, ctime_ns]"""
        return [stat.st_size, stat.st_mtime_ns, summary, clean, digest, stat.st_ctime_ns]

    def remember(self, shown_root: Path, report: Report, checked: list[str]) -> None:
        """Record what a run found about the meetings it read in full, then save."""
        faulty = {error.path for error in report.errors}
        shown_prefix = f"{shown_root}{os.sep}"
        for relative in checked:
            try:
                stat = os.stat(self.prefix + relative)
            except OSError:
                continue
            summary = report.summaries.get(relative)
            # Only a file last written before the run began is marked clean, so the bytes hashed
            # now are the bytes that were validated.
            clean = (summary is not None and shown_prefix + relative not in faulty
                     and _last_write(stat) < self.trust_before)
            digest = _digest(self.prefix + relative) if clean else None
            entry = self._entry(stat, summary, clean, digest)
            if self.entries.get(relative) != entry:  # re-checking an unchanged file rewrites nothing
                self.entries[relative] = entry
                self.dirty = True
        self.save()

    def save(self) -> None:
        if self.dirty:
            try:
                stored = {"format": self.FORMAT, "fingerprint": self.fingerprint, "entries": self.entries,
                          "registries": self.stored_registries}
                write_atomic(self.path, _encode(stored), durable=False)
            except OSError:
                pass  # a cache that cannot be written only costs speed next time


RACY_WINDOW_NS = 2_000_000_000
"""How long after its last write a file stays untrusted: within a second or two (coarse
timestamps) it may be written again without its size or times changing, so, like git's "racily
clean" index entries, it is not marked clean and the next run reads it again."""


def _trust_before() -> int:
    """The instant before which a file's last write must lie for the run to vouch for it. A
    function, so that tests can move a run past the window instead of waiting it out."""
    return time.time_ns() - RACY_WINDOW_NS


def _last_write(stat: os.stat_result) -> int:
    """When the file's bytes may last have changed. The mtime alone is not it: a copy that keeps
    times (``cp -p``, ``rsync -t``) can write a file during a run and put back an old mtime, and
    then the bytes hashed are not the bytes validated; the change time moves on every write and
    no tool can put it back. (On Windows, where Python reports the creation time there, the larger
    of the two guards no worse than the mtime alone.)"""
    return max(stat.st_mtime_ns, stat.st_ctime_ns)


try:  # in the [fast] extra: reading and writing the 10^4-entry cache 4-8x faster
    import orjson as _orjson
except ImportError:
    _orjson = None


def _encode(stored: dict[str, Any]) -> bytes:
    return signed(_orjson.dumps(stored) if _orjson is not None else json.dumps(stored).encode())


def _decode(raw: bytes) -> Any:
    body = verified(raw)  # a summary of another shape crashed a rule; a dropped one lost a meeting
    return _orjson.loads(body) if _orjson is not None else json.loads(body)


def _digest(path: str) -> str | None:
    try:
        return checksum(read_bytes(path))
    except OSError:
        return None


def _fingerprint(root: Path) -> str:
    """A hash of what a meeting's own checks depend on besides the file: the registries and
    the code that validates (so an upgraded or edited rule never trusts an old verdict)."""
    digest = hashlib.blake2b(code_fingerprint().encode(), digest_size=16)
    for path in [root / name for name in REGISTRY_FILES.values()]:
        try:
            digest.update(path.read_bytes())
        except OSError:
            digest.update(b"missing")
        digest.update(b"\0")
    return digest.hexdigest()
