"""Time and size of every export format for a generated corpus.

    python benchmarks/exports.py --count 10000 [--workdir /tmp/gulfvisits-bench]
"""
from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from run import corpus  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=10000)
    parser.add_argument("--workdir", type=Path, default=Path(tempfile.gettempdir()) / "gulfvisits-bench")
    args = parser.parse_args()
    tree = corpus(args.count, args.workdir)
    os.environ.setdefault("GULFVISITS_CACHE_DIR", str(args.workdir / f"cache-{args.count}"))
    import gulfvisits
    from gulfvisits.export import FORMATS, export

    data = gulfvisits.load(tree)
    out = args.workdir / f"exports-{args.count}"
    shutil.rmtree(out, ignore_errors=True)
    print(f"| format ({args.count:,} meetings) | time | size |\n|---|---|---|")
    for fmt in FORMATS:
        start = time.perf_counter()
        export(data, fmt, out / fmt)
        seconds = time.perf_counter() - start
        size = sum(f.stat().st_size for f in (out / fmt).rglob("*") if f.is_file())
        print(f"| {fmt} | {seconds:.2f} s | {size / 1e6:.1f} MB |")
    from gulfvisits.sheet import csv_text

    start = time.perf_counter()
    sheet = csv_text(data)  # what `list --format csv` prints: one row a meeting, names for ids
    seconds = time.perf_counter() - start
    print(f"| sheet (list --format csv) | {seconds:.2f} s | {len(sheet.encode()) / 1e6:.1f} MB |")


if __name__ == "__main__":
    main()
