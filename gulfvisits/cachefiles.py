"""The files the caches write: where they live, and the checksum that keeps a damaged one
from being believed.

Two caches share this: the compiled bundle (``bundle.py``) and what validation learnt about
each file (``_cache.py``). Either may be deleted at any time; it is rebuilt.
"""
from __future__ import annotations

import functools
import hashlib
import os
from pathlib import Path

VALIDATING_CODE = ("models.py", "isocodes.py", "yamlio.py", "_pyyaml.py", "validate.py", "rules.py",
                   "disagreements.py", "days.py")
"""The package's modules whose code or data decides whether a file is valid: a change to any of
them (an upgrade, an edited rule, a country code added by hand) makes every cached verdict and
compiled bundle stale. Wording (explain.py) is left out: it changes what an error says, never
whether there is one."""


def cache_dir() -> Path:
    """``GULFVISITS_CACHE_DIR`` when set (a CI job's cache, a test's own folder), else the
    user's cache folder as XDG names it, where other tools keep theirs."""
    configured = os.environ.get("GULFVISITS_CACHE_DIR")
    if configured:
        return Path(configured)
    base = os.environ.get("XDG_CACHE_HOME")
    if not base:
        home = os.path.expanduser("~")
        if home == "~":  # no HOME and no account (a container's numeric user): not "./~/.cache"
            return Path(os.devnull) / "gulfvisits"  # here, but a folder that cannot be made: no cache
        base = os.path.join(home, ".cache")
    return Path(base) / "gulfvisits"


@functools.cache
def code_fingerprint() -> str:
    """A hash of ``VALIDATING_CODE``, read once per process: a cache that other code wrote (a
    checkout with a rule edited, and no new version number) is not believed."""
    digest = hashlib.blake2b(digest_size=16)
    here = Path(__file__).parent
    for name in VALIDATING_CODE:
        try:
            digest.update((here / name).read_bytes())
        except OSError:
            digest.update(b"missing")
        digest.update(b"\0")
    return digest.hexdigest()


def signed(body: bytes) -> bytes:
    """A cache file's bytes: a checksum of ``body``, a line break, then ``body``."""
    return checksum(body).encode() + b"\n" + body


def verified(raw: bytes) -> bytes:
    """The body of a file that ``signed`` wrote, if it is still the one written. A cache
    damaged afterwards (a power cut before the data reached the disk, a hand edit) may be valid
    JSON of the right shape and say something else: a bundle with a meeting dropped loaded one
    meeting short, and a summary cache with one dropped counted one short. As git's index
    does, the file carries a checksum of its contents, and a file that fails it is rebuilt,
    never half-trusted."""
    stored, _, body = raw.partition(b"\n")
    if stored != checksum(body).encode():
        raise ValueError("a damaged cache file: its contents do not match its checksum")
    return body


def checksum(body: bytes) -> str:
    """The one hash the caches use, for their own files and for the files whose verdicts they
    keep: a 128-bit BLAKE2b is fast and far beyond a chance collision among a dataset's files."""
    return hashlib.blake2b(body, digest_size=16).hexdigest()
