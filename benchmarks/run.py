"""Measure gulfvisits against its floors and its peer, and print a table.

    python benchmarks/run.py [--sizes 1000 10000 100000] [--repeat 3] [--workdir /tmp/gv-bench]

For each corpus size N (synthetic records from generate.py) it measures, as medians of
repeated runs of real commands in fresh processes:
  validate (cold)     `gulfvisits validate --no-cache DIR`: every file read (wall time, peak RSS)
  validate, strict    the same without the optional fast parser
  validate (warm)     `gulfvisits validate DIR` after a clean run: unchanged files are not read
  check-jsonschema    the standard CI validator on the same files (if installed)
  incremental         `gulfvisits validate FILE` for one file inside the tree
  load                `gulfvisits.load()` reading a packaged bundle, as an installed wheel does
                      (package imported first; "first call" includes those imports)
  load (checkout)     `gulfvisits.load(DIR)` with a warm cache (hash + bundle)
  load (changed)      `gulfvisits.load(DIR)` with no bundle for these records, as after an edit
                      or a pull: hashed, validated and compiled into the cache
  floors              reading every file; orjson.loads of the bundle (collector off, as in load)
  YAML parse          PyYAML's C loader, and its pure-Python loader (yaml.safe_load's default),
                      over every file in one process (what load() avoids)
  import              `import gulfvisits` minus `import pydantic`
Timings depend on the machine; the ratios are what to compare.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from generate import generate, inputs  # noqa: E402

from gulfvisits._cache import RACY_WINDOW_NS  # noqa: E402
from gulfvisits.cachefiles import verified  # noqa: E402

PY = sys.executable


def run(argv: list[str], env: dict | None = None) -> tuple[float, float]:
    """Wall seconds and peak RSS (MB) of one subprocess."""
    start = time.perf_counter()
    done = subprocess.run(["/usr/bin/time", "-f", "%M", *argv], capture_output=True, text=True,
                          env={**os.environ, **(env or {})})
    wall = time.perf_counter() - start
    if done.returncode not in (0, 1):
        raise SystemExit(f"{argv}: exit {done.returncode}\n{done.stderr[-2000:]}")
    rss = int(done.stderr.strip().splitlines()[-1]) / 1024
    return wall, rss


def median(argv: list[str], repeat: int, env: dict | None = None) -> tuple[float, float]:
    results = [run(argv, env) for _ in range(repeat)]
    return statistics.median(r[0] for r in results), max(r[1] for r in results)


def python_timing(code: str, repeat: int, env: dict | None = None) -> float:
    """Median of the seconds that ``code`` prints (it times its own inner part)."""
    values = []
    for _ in range(repeat):
        done = subprocess.run([PY, "-c", code], capture_output=True, text=True, check=True,
                              env={**os.environ, **(env or {})})
        values.append(float(done.stdout.strip().splitlines()[-1]))
    return statistics.median(values)


def corpus(n: int, workdir: Path) -> Path:
    """The synthetic tree of ``n`` records, generated again whenever generate.py or the real
    registries it draws on have changed: a corpus left over from an older generator would
    measure records that no longer exercise every rule."""
    tree = workdir / f"corpus-{n}"
    stamp = hashlib.sha256()
    for path in inputs():
        stamp.update(path.read_bytes())
    marker = workdir / f"corpus-{n}.stamp"
    if not marker.is_file() or marker.read_text(encoding="utf-8") != stamp.hexdigest():
        generate(n, tree, seed=1)
        marker.write_text(stamp.hexdigest(), encoding="utf-8")
    return tree


def measure(n: int, workdir: Path, repeat: int, pure_yaml: bool) -> dict:
    tree = corpus(n, workdir)
    past = time.time_ns() - 3600 * 10**9  # older than the "racily clean" window of the cache
    for path in tree.rglob("*.yaml"):
        os.utime(path, ns=(past, past))
    aged = time.time_ns()  # utime moved every change time to now, and the window looks at those too
    files = sorted(str(p) for p in (tree / "meetings").rglob("*.yaml"))
    cache = workdir / f"cache-{n}"
    env = {"GULFVISITS_CACHE_DIR": str(cache)}
    out: dict = {"n": n}
    validate = [PY, "-m", "gulfvisits", "validate", str(tree)]
    out["validate"], out["validate_rss"] = median([*validate, "--no-cache"], repeat, env)
    out["validate_strict"], _ = median([PY, "-c", "import sys, gulfvisits.yamlio as y; y._yaml_rs = None; "
                                         "from gulfvisits.cli import main; sys.exit(main(sys.argv[1:]))",
                                         "validate", "--no-cache", str(tree)], repeat, env)
    time.sleep(max(0.0, (aged + RACY_WINDOW_NS - time.time_ns()) / 1e9))  # else nothing is marked clean
    shutil.rmtree(cache, ignore_errors=True)
    out["validate_cold_cache"], _ = run(validate, env)
    run(validate, env)  # the second run also stores the registries
    out["validate_warm"], _ = median(validate, repeat, env)
    out["incremental"], _ = median([PY, "-m", "gulfvisits", "validate", files[len(files) // 2]], repeat, env)
    checker = shutil.which("check-jsonschema") or str(Path(PY).parent / "check-jsonschema")
    if Path(checker).exists() and n <= 10_000:
        schema = Path(__file__).resolve().parent.parent / "schema" / "meeting.schema.json"
        out["check_jsonschema"], _ = median([checker, "--schemafile", str(schema), *files], 1)
    out["read_floor"] = python_timing(
        f"import glob, time; t = time.perf_counter(); [open(f, 'rb').read() for f in glob.glob({str(tree)!r} + '/meetings/*/*.yaml')]; "
        "print(time.perf_counter() - t)", repeat)
    # Each run deletes the bundle the last one compiled, before its clock starts; the last run's
    # bundle stays for the rows below.
    out["load_changed"] = python_timing(
        f"import glob, os, time, gulfvisits; [os.remove(f) for f in glob.glob({str(cache)!r} + '/bundle-*.json')]; "
        f"t = time.perf_counter(); gulfvisits.load({str(tree)!r}); print(time.perf_counter() - t)", repeat, env)
    [cached] = cache.glob("bundle-*.json")
    # A wheel ships the bundle's JSON alone; a cache file starts with its checksum line (0.32.10),
    # which the "wheel" rows below, pointed at the cache file, failed to parse.
    bundle = workdir / f"packaged-{n}.json"
    bundle.write_bytes(verified(cached.read_bytes()))
    out["load_checkout"] = python_timing(
        f"import time, gulfvisits; t = time.perf_counter(); d = gulfvisits.load({str(tree)!r}); "
        "print(time.perf_counter() - t)", repeat, env)
    # A second load() in the same process: the records folder is hashed again, so that an
    # edited record is seen (0.32.18); before, the Dataset was kept by folder alone.
    out["load_again"] = python_timing(
        f"import time, gulfvisits; gulfvisits.load({str(tree)!r}); t = time.perf_counter(); "
        f"gulfvisits.load({str(tree)!r}); print(time.perf_counter() - t)", repeat, env)
    _, out["load_rss"] = median([PY, "-c", f"import gulfvisits; gulfvisits.load({str(tree)!r})"], 1, env)
    # What an installed wheel does: gulfvisits.load() reading its packaged bundle. The package's
    # modules are imported before the clock starts (import has its own row); "first call"
    # includes them, as a user's first load() in a fresh interpreter does.
    wheel = ("import time; from pathlib import Path; import gulfvisits, gulfvisits._resources as r\n"
             f"r.packaged_bundle = lambda: Path({str(bundle)!r})\n")
    out["load_first_call"] = python_timing(
        wheel + "t = time.perf_counter(); gulfvisits.load(); print(time.perf_counter() - t)", repeat)
    out["load_bundle"] = python_timing(
        wheel + "import gulfvisits.dataset, gulfvisits.bundle\n"
        "t = time.perf_counter(); gulfvisits.load(); print(time.perf_counter() - t)", repeat)
    # The floor parses with the collector off, as load() builds its records: with it on, parsing
    # the 100k bundle took 3.8 s instead of 1.0 s and the "floor" came out above load() itself.
    out["orjson_floor"] = python_timing(
        f"import gc, time, orjson; raw = open({str(bundle)!r}, 'rb').read(); gc.disable(); t = time.perf_counter(); "
        "orjson.loads(raw); print(time.perf_counter() - t)", repeat)
    parse = ("import glob, time, yaml; fs = glob.glob({tree!r} + '/meetings/*/*.yaml'); t = time.perf_counter(); "
             "[yaml.load(open(f, 'rb'), Loader=yaml.{loader}) for f in fs]; print(time.perf_counter() - t)")
    out["yaml_parse"] = python_timing(parse.format(tree=str(tree), loader="CSafeLoader"), repeat)
    if pure_yaml:
        out["yaml_parse_pure"] = python_timing(parse.format(tree=str(tree), loader="SafeLoader"), 1)
    out["bundle_mb"] = bundle.stat().st_size / 1e6
    return out


def import_cost(repeat: int) -> dict:
    code = "import time; t = time.perf_counter(); import {m}; print(time.perf_counter() - t)"
    pydantic = python_timing(code.format(m="pydantic; import pydantic.main"), repeat * 3)
    both = python_timing("import time; t = time.perf_counter(); import pydantic, pydantic.main; import gulfvisits; "
                         "print(time.perf_counter() - t)", repeat * 3)
    alone = python_timing(code.format(m="gulfvisits"), repeat * 3)
    return {"import_gulfvisits": alone, "import_pydantic": pydantic, "import_extra_over_pydantic": both - pydantic}


def table(rows: list[dict], imports: dict) -> str:
    def ms(value: float) -> str:
        return f"{value * 1000:.0f} ms" if value < 1 else f"{value:.2f} s"

    def ratio(top: float | None, bottom: float) -> str:
        return f"{top / bottom:.0f}x" if top else "n/a"

    lines = ["| N | validate (cold) | strict reader only | check-jsonschema | cold vs peer | validate (warm cache) | "
             "warm vs peer | incremental (1 file) | load | orjson floor | load/orjson | load, first call | "
             "YAML C parse / load | YAML pure-Python parse / load | load (checkout, warm) | load (checkout, changed) | "
             "load again (same process) | peak RSS validate / load |",
             "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|"]
    for r in rows:
        peer = r.get("check_jsonschema")
        lines.append(
            f"| {r['n']:,} | {ms(r['validate'])} | {ms(r['validate_strict'])} | {ms(peer) if peer else 'n/a'} | "
            f"{ratio(peer, r['validate'])} | {ms(r['validate_warm'])} | {ratio(peer, r['validate_warm'])} | "
            f"{ms(r['incremental'])} | {ms(r['load_bundle'])} | {ms(r['orjson_floor'])} | "
            f"{r['load_bundle'] / r['orjson_floor']:.1f}x | {ms(r['load_first_call'])} | "
            f"{ratio(r['yaml_parse'], r['load_bundle'])} | {ratio(r.get('yaml_parse_pure'), r['load_bundle'])} | "
            f"{ms(r['load_checkout'])} | {ms(r['load_changed'])} | {ms(r['load_again'])} | "
            f"{r['validate_rss']:.0f} / {r['load_rss']:.0f} MB |")
    lines.append("")
    lines.append(f"import gulfvisits: {imports['import_gulfvisits'] * 1000:.0f} ms alone; "
                 f"{imports['import_extra_over_pydantic'] * 1000:.0f} ms more than `import pydantic` "
                 f"({imports['import_pydantic'] * 1000:.0f} ms)")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--workdir", type=Path, default=Path(tempfile.gettempdir()) / "gulfvisits-bench")
    parser.add_argument("--json", type=Path, help="also write the raw numbers here")
    parser.add_argument("--pure-yaml-up-to", type=int, default=10_000,
                        help="also time PyYAML's pure-Python loader for sizes up to this (slow: ~4 ms a file)")
    args = parser.parse_args()
    args.workdir.mkdir(parents=True, exist_ok=True)
    # Time the package as installed: pip byte-compiles a wheel's modules, while a checkout run
    # with PYTHONDONTWRITEBYTECODE set (as on this machine) recompiles them in every process
    # (~20 ms of each command, measured).
    import compileall

    import gulfvisits
    compileall.compile_dir(Path(gulfvisits.__file__).parent, quiet=1)
    rows = [measure(n, args.workdir, args.repeat, n <= args.pure_yaml_up_to) for n in args.sizes]
    imports = import_cost(args.repeat)
    print(table(rows, imports))
    if args.json:
        args.json.write_text(json.dumps({"rows": rows, "imports": imports}, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
