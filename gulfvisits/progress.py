"""A one-line progress counter on stderr for long validations.

Only drawn when stderr is a terminal and the run is long enough to wonder about: CI logs, pipes
and the tests see nothing (a counter redrawn with carriage returns turns a log into noise).
"""
from __future__ import annotations

import sys
import time
from typing import TextIO

SHOW_FROM = 2000
"""Fewer files than this validate in well under a second: no counter."""


class Progress:
    def __init__(self, total: int, label: str, stream: TextIO | None = None, every: float = 0.1) -> None:
        self.stream = stream if stream is not None else sys.stderr
        self.total = total
        self.label = label
        self.done = 0
        self.every = every
        self.last = 0.0
        isatty = getattr(self.stream, "isatty", None)
        self.enabled = total >= SHOW_FROM and callable(isatty) and isatty()

    def advance(self, count: int) -> None:
        self.done += count
        now = time.monotonic()
        if self.enabled and (now - self.last >= self.every or self.done >= self.total):
            self.last = now
            self.stream.write(f"\r{self.label}: {self.done:,}/{self.total:,} files ({self.done * 100 // self.total}%)")
            self.stream.flush()

    def close(self) -> None:
        """Erase the line, so what follows (errors, the summary) starts clean."""
        if self.enabled:
            self.stream.write("\r\x1b[K")
            self.stream.flush()

    def __enter__(self) -> "Progress":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
