"""The progress counter: drawn on a terminal for long runs, silent everywhere else."""
from __future__ import annotations

import io
import subprocess
import sys

from gulfvisits import progress
from gulfvisits.validate import validate_tree

from conftest import Terminal


def test_counter_is_drawn_on_a_terminal_and_erased_at_the_end(monkeypatch):
    screen = Terminal()
    with progress.Progress(3000, "validating", screen, every=0) as bar:
        bar.advance(1000)
        bar.advance(2000)
    assert "\rvalidating: 1,000/3,000 files (33%)" in screen.getvalue()
    assert "\rvalidating: 3,000/3,000 files (100%)" in screen.getvalue()
    assert screen.getvalue().endswith("\r\x1b[K")


def test_silent_when_not_a_terminal_or_short():
    pipe = io.StringIO()
    with progress.Progress(10_000, "validating", pipe, every=0) as bar:
        bar.advance(10_000)
    assert pipe.getvalue() == ""
    screen = Terminal()
    with progress.Progress(progress.SHOW_FROM - 1, "validating", screen, every=0) as bar:
        bar.advance(10)
    assert screen.getvalue() == ""


def test_validation_counts_every_file(tree, monkeypatch):
    screen = Terminal()
    monkeypatch.setattr(progress, "SHOW_FROM", 1)
    monkeypatch.setattr(sys, "stderr", screen)
    report = validate_tree(tree)
    meetings = len(list((tree / "meetings").rglob("*.yaml")))
    assert report.ok
    assert f"{meetings}/{meetings} files (100%)" in screen.getvalue()


def test_cli_output_through_a_pipe_has_no_counter(tree):
    done = subprocess.run([sys.executable, "-m", "gulfvisits", "validate", "--no-cache", str(tree)],
                          capture_output=True, text=True)
    assert done.returncode == 0 and "\r" not in done.stderr + done.stdout
