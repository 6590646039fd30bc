"""The paths that only large trees take: the benchmark corpus, the process pool, bulk loading.
Nothing here measures time; benchmarks/run.py does."""
from __future__ import annotations

import importlib.util
import json
import os
import re
import sys
import time
from pathlib import Path

import pytest

from gulfvisits import _cache, cachefiles, progress, validate
from gulfvisits.validate import validate_tree

from conftest import KUWAIT, REPO, Terminal, meeting_path

FORK_BESIDE_THREADS = pytest.mark.filterwarnings(
    "ignore:This process .* is multi-threaded, use of fork:DeprecationWarning")
"""Python 3.12 and later warn at each fork in a process that runs other threads; the tests
that force worker processes fork there on purpose."""


def _benchmark(name: str):
    """A script of ``benchmarks/``, which is no package, loaded by its path."""
    spec = importlib.util.spec_from_file_location(name, REPO / "benchmarks" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


generate = _benchmark("generate")


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    return generate.generate(120, tmp_path_factory.mktemp("corpus") / "records", seed=7)


def test_generated_corpus_is_valid_under_every_rule(corpus):
    report = validate_tree(corpus)
    assert [str(e) for e in report.errors] == []
    assert len(report.meetings) == 120


def test_generator_steps_around_a_meeting_it_already_made():
    # Seed 7 draws such a repeat at its 110th meeting (the corpus fixture above); here the repeat
    # is forced: the same draws, with their meeting already taken, must land on the next day.
    import random
    from datetime import timedelta

    people = {c: [{"id": f"p-{c}", "offices": [{"title": "Minister", "country": c}]}]
              for c in ["AZE", *generate.GULF]}
    first = generate._meeting(random.Random(11), 0, people, ["energy"] * 12, ["oic"] * 4, taken := set())
    again = generate._meeting(random.Random(11), 1, people, ["energy"] * 12, ["oic"] * 4, taken)
    assert again["date"]["value"] == first["date"]["value"] + timedelta(days=1)
    assert again["id"].startswith(again["date"]["value"].isoformat())
    assert len(taken) == 2


def test_a_process_running_other_threads_validates_in_itself_and_finds_the_same(editable, monkeypatch):
    # fork copies only the calling thread: a lock another one holds stays held in the child
    import threading

    broken = _files(editable)[7]
    broken.write_text(broken.read_text(encoding="utf-8").replace("status: active", "status: live"), encoding="utf-8")
    monkeypatch.setattr(validate, "PARALLEL_FROM", 10)
    monkeypatch.setattr(os, "cpu_count", lambda: 2)  # else, on one core, no pool would be tried anyway

    def refused(*args):
        raise AssertionError("forked while another thread ran")

    alone = validate_tree(editable, keep_models=False)
    monkeypatch.setattr(validate, "_check_in_pool", refused)
    release = threading.Event()
    other = threading.Thread(target=release.wait)
    other.start()
    try:
        beside_a_thread = validate_tree(editable, keep_models=False)
    finally:
        release.set()
        other.join()
    assert beside_a_thread.meeting_files == alone.meeting_files and len(alone.meeting_files) == 119
    assert [str(e) for e in beside_a_thread.sorted_errors()] == [str(e) for e in alone.sorted_errors()]
    assert [e.path for e in alone.errors] == [str(broken)]


def test_threads_counts_those_a_library_starts_in_c_too():
    # pyarrow and duckdb start theirs in C, where threading.active_count() does not see them; a
    # thread started with _thread is as unseen, on any number of cores. A fresh process, since
    # this one may run some already.
    import subprocess

    code = ("import threading\nfrom gulfvisits.validate import _start_method, _threads\n"
            "print(_threads(), _start_method())\nrelease = threading.Event()\n"
            "other = threading.Thread(target=release.wait)\nother.start()\n"
            "print(_threads(), _start_method())\nrelease.set()\nother.join()\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert done.stdout.splitlines() == ["1 fork", "2 None"], done.stderr
    if os.path.isdir("/proc/self/task"):
        unseen = ("import _thread, threading, time\nfrom gulfvisits.validate import _start_method, _threads\n"
                  "started = threading.Event()\n_thread.start_new_thread(lambda: (started.set(), time.sleep(30)), ())\n"
                  "started.wait()\nprint(threading.active_count(), _threads(), _start_method())\n")
        native = subprocess.run([sys.executable, "-c", unseen], capture_output=True, text=True, timeout=60)
        assert native.stdout.split() == ["1", "2", "None"], native.stderr


def test_generator_is_deterministic(tmp_path, corpus):
    again = generate.generate(120, tmp_path / "again", seed=7)
    files = sorted(p.relative_to(corpus) for p in corpus.rglob("*.yaml"))
    assert files == sorted(p.relative_to(again) for p in again.rglob("*.yaml"))
    assert all((corpus / f).read_bytes() == (again / f).read_bytes() for f in files)


@pytest.fixture
def pooled(monkeypatch):
    """Validation pooled from 10 files on, whatever threads this test process runs (pyarrow's
    and duckdb's, once the export tests have run), with the start methods the pool was given:
    a pooled test that silently ran in one process would compare that process with itself."""
    used = []
    run = validate._check_in_pool

    def recorded(*args):
        used.append(args[-1])
        return run(*args)

    monkeypatch.setattr(validate, "PARALLEL_FROM", 10)
    monkeypatch.setattr(validate, "_threads", lambda: 1)
    monkeypatch.setattr(os, "cpu_count", lambda: 2)  # a one-core machine would never start a pool
    monkeypatch.setattr(validate, "_check_in_pool", recorded)
    return used


@FORK_BESIDE_THREADS
def test_process_pool_finds_exactly_what_one_process_finds(corpus, tmp_path, pooled):
    import shutil

    tree = tmp_path / "records"
    shutil.copytree(corpus, tree)
    files = sorted((tree / "meetings").rglob("*.yaml"))
    files[3].write_text(files[3].read_text(encoding="utf-8").replace("status: active", "status: live")  # refused, and ...
                        .replace("  - person: synthetic-official-", "  - person: nobody-",
                                 1), encoding="utf-8")  # ... dangling
    files[50].write_text(files[50].read_text(encoding="utf-8").replace("  - person: synthetic-official-",
                                                                       "  - person: nobody-", 1), encoding="utf-8")
    files[99].write_text(files[99].read_text(encoding="utf-8") + "kind: again\n", encoding="utf-8")
    files[60].write_text(re.sub(r"  - person: synthetic-official-(\d+)", r"  - person: Synthetic Official \1",
                                files[60].read_text(encoding="utf-8"), count=1),
                         encoding="utf-8")  # a name for an id: the hint reads the registry
    files[70].write_text(re.sub(r"  - person: synthetic-official-\d+", "  - person: Synthetic Official 00001",
                                files[70].read_text(encoding="utf-8"), count=1),
                         encoding="utf-8")  # ... and the refused entries' stand-ins
    # rules of each file's own half (checked in the workers) ...
    moved = files[10].parent.parent / "1999" / files[10].name
    moved.parent.mkdir()
    files[10].rename(moved)
    files[20].write_text(files[20].read_text(encoding="utf-8").replace("precision: day", "precision: month", 1),
                         encoding="utf-8")
    # ... and of the half across files (checked once, over the workers' summaries)
    files[30].write_text(files[30].read_text(encoding="utf-8").replace("status: active", "status: withdrawn", 1)
                         + "withdrawal:\n  reason: test\n  withdrawn_on: 2026-01-01\n  replaced_by: 2020-01-01-no-such-meeting\n",
                         encoding="utf-8")
    copy = files[40].parent / "copy.yaml"  # the same id twice: duplicate-id and id-filename, not -meeting
    copy.write_text(files[40].read_text(encoding="utf-8"), encoding="utf-8")
    twin_id = files[41].stem + "-twin"  # another id for the same meeting
    twin = files[41].read_text(encoding="utf-8").replace(files[41].stem, twin_id, 1)
    (files[41].parent / f"{twin_id}.yaml").write_text(twin, encoding="utf-8")
    files[31].write_text(files[31].read_text(encoding="utf-8").replace("status: active", "status: withdrawn", 1)
                         + f"withdrawal:\n  reason: test\n  withdrawn_on: 2026-01-01\n  replaced_by: {files[3].stem}\n",
                         encoding="utf-8")
    # ... and a refused registry entry, which no worker may report as a dangling reference
    people = tree / "people.yaml"
    people.write_text(people.read_text(encoding="utf-8").replace("  name: Synthetic Official 00001\n",
                                                 "  name: Synthetic Official 00001\n  nmae: x\n", 1), encoding="utf-8")
    with pytest.MonkeyPatch.context() as one_process:
        one_process.setattr(validate, "PARALLEL_FROM", 10**9)
        sequential = validate_tree(tree)
    assert pooled == []
    pooled_report = validate_tree(tree)
    assert pooled == ["fork"]
    pooled = pooled_report
    assert [str(e) for e in pooled.sorted_errors()] == [str(e) for e in sequential.sorted_errors()]
    codes = sorted(e.code for e in pooled.errors)
    assert {"rule.year-folder", "rule.date-precision", "rule.reference", "rule.duplicate-id",
            "rule.duplicate-meeting", "rule.id-filename"} <= set(codes), codes
    assert sorted(e.code for e in pooled.errors if e.path == str(files[3])) == ["rule.reference", "schema.vocabulary"]
    assert not [e for e in pooled.errors if "'synthetic-official-00001'" in e.message]
    assert not [e for e in pooled.errors if e.path == str(files[31])]  # its replacement, files[3], is refused
    assert [(e.path, e.code) for e in pooled.errors if e.code == "rule.duplicate-meeting"] == [
        (str(files[41].parent / f"{twin_id}.yaml"), "rule.duplicate-meeting")]
    [dangling] = [e for e in pooled.errors if e.path == str(files[30])]  # its replacement is no file's
    assert (dangling.code, dangling.field) == ("rule.reference", "withdrawal.replaced_by")
    assert [e.code for e in pooled.errors if e.path == str(people)] == ["schema.extra"]
    [named] = [e for e in pooled.errors if "found 'Synthetic Official" in e.message and e.path == str(files[60])]
    assert named.hint.startswith("did you mean 'synthetic-official-")
    [withheld] = [e for e in pooled.errors if e.path == str(files[70])]
    assert withheld.hint == "did you mean 'synthetic-official-00001' (Synthetic Official 00001)?"
    assert pooled.meetings == sequential.meetings
    assert pooled.meeting_files == sequential.meeting_files
    verdict_only = validate_tree(tree, keep_models=False)
    assert [str(e) for e in verdict_only.sorted_errors()] == [str(e) for e in sequential.sorted_errors()]
    assert verdict_only.meeting_files == sequential.meeting_files and verdict_only.meetings == []


@FORK_BESIDE_THREADS
def test_the_progress_counter_counts_every_file_the_workers_check(editable, pooled, monkeypatch):
    """A worker's chunk of files comes back as one result; the counter adds its files, not one."""
    screen = Terminal()
    monkeypatch.setattr(progress, "SHOW_FROM", 1)
    monkeypatch.setattr(sys, "stderr", screen)
    validate_tree(editable, keep_models=False)
    assert pooled == ["fork"]
    count = len(_files(editable))
    assert f"{count}/{count} files (100%)" in screen.getvalue()


@pytest.fixture
def editable(corpus, tmp_path):
    import shutil

    tree = tmp_path / "records"
    shutil.copytree(corpus, tree)
    return tree


def _files(tree):
    return sorted((tree / "meetings").rglob("*.yaml"))


def test_incremental_reports_the_changed_file_in_full(editable):
    from gulfvisits.validate import validate_changed

    target = _files(editable)[5]
    target.write_text(target.read_text(encoding="utf-8").replace("status: active", "status: live"), encoding="utf-8")
    other = _files(editable)[9]
    other.write_text(other.read_text(encoding="utf-8").replace("status: active", "status: live"),
                     encoding="utf-8")  # not in the change set
    errors = validate_changed(editable, {target}).errors
    assert [(e.code, e.path) for e in errors] == [("schema.vocabulary", str(target))]


def test_incremental_sees_duplicates_and_dangling_replacements_among_unchanged_files(editable):
    from gulfvisits.validate import validate_changed
    from gulfvisits.yamlio import dump, read_file

    files = _files(editable)
    assert validate_changed(editable, {files[0]}).errors == []  # warms the summary cache
    original = read_file(files[3]).data
    twin = dict(original, id=original["id"] + "-twin")
    twin_path = files[3].with_name(twin["id"] + ".yaml")
    twin_path.write_text(dump(twin), encoding="utf-8")
    [error] = validate_changed(editable, {twin_path}).errors
    assert error.code == "rule.duplicate-meeting" and error.record_id == twin["id"]
    # An unchanged record withdrawn in favour of the twin; then the twin goes away.
    withdrawn = read_file(files[7]).data
    withdrawn.update(status="withdrawn", withdrawal={"reason": "Test.", "withdrawn_on": original["curation"]["added_on"],
                                                     "replaced_by": twin["id"]})
    files[7].write_text(dump(withdrawn), encoding="utf-8")
    twin_path.unlink()
    errors = validate_changed(editable, {files[0]}).errors
    assert [(e.code, e.record_id, e.field) for e in errors] == [
        ("rule.reference", withdrawn["id"], "withdrawal.replaced_by")]
    assert errors[0].line > 1  # located by reading that one file again


def test_incremental_notices_an_unchanged_file_edited_since_the_cache(editable):
    import os

    from gulfvisits.validate import validate_changed
    from gulfvisits.yamlio import dump, read_file

    files = _files(editable)
    validate_changed(editable, {files[0]})
    data = read_file(files[1]).data
    data["id"] = read_file(files[0]).data["id"]  # now claims the id of the changed file
    files[1].write_text(dump(data), encoding="utf-8")
    os.utime(files[1], ns=(1, 1))  # a different mtime even on coarse clocks
    codes = {e.code for e in validate_changed(editable, {files[0]}).errors}
    assert "rule.duplicate-id" in codes


def test_incremental_falls_back_to_full_validation_when_a_registry_changes(editable):
    from gulfvisits.validate import validate_changed

    topics = editable / "topics.yaml"
    topics.write_text(topics.read_text(encoding="utf-8").replace("- id: trade\n", "- id: trade_in_goods\n"),
                      encoding="utf-8")
    errors = validate_changed(editable, {topics}).errors
    assert errors and all(e.code == "rule.reference" for e in errors)
    assert len({e.path for e in errors}) > 1  # unchanged meetings that use the topic are reported


@pytest.fixture
def age(monkeypatch):
    """Make every file of a tree look last written ``seconds`` ago. A file written within the
    cache's "racily clean" window is never trusted (its size and times could repeat after another
    edit within the same tick), and the window is judged by the later of the mtime and the change
    time. The mtime is set back; the change time cannot be, so the runs that follow are moved on
    instead, as if they came ``seconds`` later."""
    def age(tree, seconds=3600):
        past = time.time_ns() - seconds * 1_000_000_000
        for path in tree.rglob("*.yaml"):
            os.utime(path, ns=(past, past))
        monkeypatch.setattr(_cache, "_trust_before",
                            lambda: time.time_ns() + seconds * 1_000_000_000 - _cache.RACY_WINDOW_NS)
    return age


def _wait_out_the_window(tree):
    """For runs in other processes, which the ``age`` fixture cannot move on: wait until the
    last write to any file of the tree is out of the cache's racily clean window (2 s at most)."""
    last = max(_cache._last_write(path.stat()) for path in tree.rglob("*.yaml"))
    delay = (last + _cache.RACY_WINDOW_NS - time.time_ns()) / 1e9 + 0.05
    if delay > 0:
        time.sleep(delay)


def _codes(report):
    return [(e.code, e.path, e.line, e.column) for e in report.sorted_errors()]


def test_cached_full_validation_reads_only_what_changed_and_reports_like_a_full_run(editable, age):
    from gulfvisits.validate import validate_cached

    age(editable)
    first = validate_cached(editable)
    assert first.errors == [] and first.files_unchanged == 0
    second = validate_cached(editable)
    assert second.errors == [] and second.files_unchanged == 120 and second.files_checked == 3  # the registries
    files = _files(editable)
    files[4].write_text(files[4].read_text(encoding="utf-8").replace("status: active", "status: live"), encoding="utf-8")
    files[8].write_text(files[8].read_text(encoding="utf-8").replace("  - person: synthetic-official-",
                                                                     "  - person: nobody-", 1), encoding="utf-8")
    third = validate_cached(editable)
    assert third.files_unchanged == 118
    assert _codes(third) == _codes(validate_tree(editable))
    assert {e.code for e in third.errors} == {"schema.vocabulary", "rule.reference"}
    age(editable)  # the faulty files are now old enough to be trusted, if they were clean
    for _ in range(2):  # faulty files are never marked clean: a run that did would show in the next
        assert _codes(validate_cached(editable)) == _codes(third)


def test_a_warm_run_stats_each_meeting_file_once(editable, age, monkeypatch):
    """Whether a file is clean, and then its summary, are both read from its cache entry, which
    the file's size and times vouch for: one stat a file and run serves both, where a stat each
    time would double the system calls of every warm run."""
    from collections import Counter

    from gulfvisits.validate import validate_cached

    age(editable)
    validate_cached(editable)
    stats, stat = Counter(), os.stat

    def counted(path, *args, **kwargs):
        stats[os.fspath(path)] += 1
        return stat(path, *args, **kwargs)

    monkeypatch.setattr(os, "stat", counted)
    warm = validate_cached(editable)
    meetings = [n for path, n in stats.items() if "meetings" in Path(path).parts and path.endswith(".yaml")]
    assert warm.files_unchanged > 0 and len(meetings) == warm.files_unchanged and set(meetings) == {1}


@FORK_BESIDE_THREADS
def test_a_mostly_cold_cache_runs_the_full_validation_and_keeps_its_verdicts(editable, pooled, age):
    """From ``PARALLEL_FROM`` stale files on (a fresh clone of a large tree), the cached run is the
    ordinary full validation, pooled, over the listing it already made; what it found clean is then
    trusted, and what it found wrong is not."""
    files = _files(editable)
    files[4].write_text(files[4].read_text(encoding="utf-8").replace("status: active", "status: live"), encoding="utf-8")
    age(editable)
    first = validate.validate_cached(editable)
    assert first.files_unchanged == 0 and _codes(first) == _codes(validate.validate_tree(editable))
    assert pooled == ["fork", "fork"]
    assert {e.code for e in first.errors} == {"schema.vocabulary"}
    second = validate.validate_cached(editable)
    assert second.files_unchanged == 119 and _codes(second) == _codes(first)


def test_cached_validation_never_keeps_registries_that_had_errors(editable, age):
    from gulfvisits.validate import validate_cached

    topics = editable / "topics.yaml"
    topics.write_text(topics.read_text(encoding="utf-8")
                      + "- id: extra\n  label: Extra\n  category: sector\n  definition: X.\n  colour: red\n",
                      encoding="utf-8")
    age(editable)
    first = validate_cached(editable)
    assert [(e.code, e.path) for e in first.errors] == [("schema.extra", str(topics))]
    assert _codes(validate_cached(editable)) == _codes(first)


def test_a_refused_person_spares_the_meetings_naming_them_until_the_registry_changes(editable, age):
    # Forty-odd meetings name synthetic-official-00001. While the entry is refused, the entry's
    # error is the only one; the meetings are checked clean under that registry, and once the
    # registry changes (here the entry is deleted, not mended) the cache must not vouch for them.
    from gulfvisits.validate import validate_cached

    people = editable / "people.yaml"
    text = people.read_text(encoding="utf-8")
    entry = "- id: synthetic-official-00001\n  name: Synthetic Official 00001\n"
    people.write_text(text.replace(entry, entry + "  nmae: x\n", 1), encoding="utf-8")
    age(editable)
    for _ in range(2):
        assert [(e.code, e.path) for e in validate_cached(editable).errors] == [("schema.extra", str(people))]
    start = text.index(entry)
    people.write_text(text[:start] + text[text.index("- id: ", start + 1):], encoding="utf-8")
    age(editable)
    deleted = validate_cached(editable)
    assert _codes(deleted) == _codes(validate_tree(editable))
    assert len([e for e in deleted.errors if "'synthetic-official-00001' is not" in e.message]) > 20


def test_cached_validation_notices_an_edit_that_kept_the_modification_time(editable, age):
    """Copies that preserve times (``cp -p``, ``rsync -t``, archives) can change a file and keep
    its mtime; the size still tells, without reading the file."""
    from gulfvisits.validate import validate_cached

    age(editable)
    validate_cached(editable)
    target = _files(editable)[3]
    kept = target.stat().st_mtime_ns
    target.write_text(target.read_text(encoding="utf-8").replace("status: active", "status: withdrawn-by-mistake"),
                      encoding="utf-8")
    os.utime(target, ns=(kept, kept))
    assert [(e.code, e.path) for e in validate_cached(editable).errors] == [("schema.vocabulary", str(target))]


def test_cached_validation_notices_an_edit_of_another_size_where_both_times_stay_put(editable, age, monkeypatch):
    """On Windows, Python reports the file's creation time as ``st_ctime``, and an overwrite does
    not move it; a copy that then puts the mtime back (``robocopy``, archives) leaves both times as
    the cache stored them, and only the size tells. Here ``os.stat`` reports the change time as
    Windows would, fixed at its first value, so the guard Linux never needs is tested on Linux."""
    from gulfvisits.validate import validate_cached

    age(editable)
    validate_cached(editable)
    target = _files(editable)[3]
    before = target.stat()
    target.write_text(target.read_text(encoding="utf-8").replace("status: active", "status: withdrawn-by-mistake"),
                      encoding="utf-8")
    os.utime(target, ns=(before.st_atime_ns, before.st_mtime_ns))
    real_stat = os.stat

    def stat_with_a_creation_time(path, *args, **kwargs):
        found = real_stat(path, *args, **kwargs)
        if os.fspath(path) != str(target):
            return found
        # the first ten fields are positional (the last three the whole-second times); the rest,
        # the float and nanosecond times among them, go by name
        named = {name: getattr(found, name) for name in dir(found)
                 if name.startswith("st_") and name not in
                 {"st_mode", "st_ino", "st_dev", "st_nlink", "st_uid", "st_gid", "st_size"}}
        named.update(st_ctime=before.st_ctime, st_ctime_ns=before.st_ctime_ns)
        return os.stat_result([*found[:9], before[9]], named)

    monkeypatch.setattr(os, "stat", stat_with_a_creation_time)
    after = os.stat(target)
    assert (after.st_mtime_ns, after.st_ctime_ns) == (before.st_mtime_ns, before.st_ctime_ns)
    assert after.st_size != before.st_size
    assert [(e.code, e.path) for e in validate_cached(editable).errors] == [("schema.vocabulary", str(target))]


def test_cached_validation_notices_an_edit_that_kept_both_the_size_and_the_modification_time(editable, age):
    """The same copies can bring bytes of the same length and put the mtime back; size and mtime
    then both match, and only the change time, which no tool can set, says the file was written."""
    from gulfvisits.validate import validate_cached

    age(editable, seconds=7200)
    validate_cached(editable)
    target = _files(editable)[3]
    before = target.stat()
    time.sleep(0.02)  # a coarse clock would give the write below the same change time
    text = target.read_text(encoding="utf-8")
    target.write_text(text.replace("status: active", "status: activ_"), encoding="utf-8")  # same size
    os.utime(target, ns=(before.st_atime_ns, before.st_mtime_ns))
    after = target.stat()
    assert (after.st_size, after.st_mtime_ns) == (before.st_size, before.st_mtime_ns)
    if after.st_ctime_ns == before.st_ctime_ns:
        pytest.skip("this file system's change time did not move within 20 ms")
    assert [(e.code, e.path) for e in validate_cached(editable).errors] == [("schema.vocabulary", str(target))]


@pytest.mark.parametrize("mtime_age_s", [0, 3600], ids=["mtime-now", "mtime-set-back"])
def test_cached_validation_does_not_trust_files_written_just_now(editable, mtime_age_s):
    """A file written this instant is not trusted, whether its mtime then shows now or, as
    ``cp -p`` and ``rsync -t`` leave it, an hour ago: the change time moved either way, and done
    during a run such a write would make the bytes hashed for the cache other than the bytes
    validated. (copytree keeps the corpus's mtimes, which may be old by now, hence the utime.)"""
    from gulfvisits.validate import validate_cached

    mtime = time.time_ns() - mtime_age_s * 1_000_000_000
    for path in _files(editable):
        os.utime(path, ns=(mtime, mtime))
    validate_cached(editable)
    assert validate_cached(editable).files_unchanged == 0


def test_a_clean_file_whose_times_changed_just_now_is_read_again_not_vouched_for_by_its_hash(
        editable, age, monkeypatch):
    """Taking the new times after an equal hash is only safe for a file not written within the
    window: one written again in the same tick would then match the entry's times."""
    from gulfvisits.validate import validate_cached

    in_real_time = _cache._trust_before
    age(editable)
    validate_cached(editable)
    monkeypatch.setattr(_cache, "_trust_before", in_real_time)
    target = _files(editable)[7]
    earlier = time.time_ns() - 7200 * 1_000_000_000
    os.utime(target, ns=(earlier, earlier))  # the same bytes; only the times change
    assert validate_cached(editable).files_unchanged == 119


def test_a_file_that_cannot_be_hashed_is_read_again_not_a_failed_run(editable, age, monkeypatch):
    """A file whose times changed is vouched for by its hash; between the stat and that read it
    may vanish or be swapped (an editor saving by rename). The cache then knows nothing of it, and
    the file is validated like a changed one, instead of the run ending in an OSError."""
    from gulfvisits.validate import validate_cached

    age(editable)
    validate_cached(editable)
    target = _files(editable)[7]
    earlier = time.time_ns() - 7200 * 1_000_000_000
    os.utime(target, ns=(earlier, earlier))  # the same bytes; only the times change

    def vanished(path, *args):
        raise FileNotFoundError(2, "No such file or directory", str(path))

    monkeypatch.setattr(_cache, "read_bytes", vanished)
    report = validate_cached(editable)
    assert (report.files_unchanged, report.errors) == (119, [])


def test_cached_validation_rechecks_every_meeting_when_a_registry_changes(editable, age):
    from gulfvisits.validate import validate_cached

    age(editable)
    validate_cached(editable)
    assert validate_cached(editable).files_unchanged == 120
    topics = editable / "topics.yaml"
    topics.write_text(topics.read_text(encoding="utf-8").replace("- id: trade\n", "- id: trade_in_goods\n"),
                      encoding="utf-8")
    report = validate_cached(editable)
    assert report.files_unchanged == 0
    assert _codes(report) == _codes(validate_tree(editable))
    assert len({e.path for e in report.errors}) > 1


def test_a_listed_file_that_cannot_be_opened_is_a_problem_of_that_file_on_every_path(editable, age):
    """A link to a missing file is listed like a meeting; the cache's stat of it raised
    FileNotFoundError, so the default ``validate`` ended in "Error:" and checked nothing else."""
    from gulfvisits.validate import validate_cached, validate_changed

    files = _files(editable)
    link = files[0].with_name("linked.yaml")
    age(editable)
    link.symlink_to(editable / "gone.yaml")
    for _ in range(2):  # a cold cache, then a warm one
        report = validate_cached(editable)
        assert _codes(report) == _codes(validate_tree(editable))
        [error] = report.errors
        assert (error.code, error.path, error.line) == ("io.unreadable", str(link), 1)
        assert error.message == f"cannot read file: it is a symbolic link to {editable / 'gone.yaml'}, which does not exist"
    assert validate_changed(editable, {files[3]}).errors == []  # reported in full only when it is the change
    assert [e.code for e in validate_changed(editable, {link}).errors] == ["io.unreadable"]
    link.unlink()
    link.symlink_to(files[5])  # a link to a meeting: a second file with the same id, named as the change
    errors = {(e.code, e.path) for e in validate_changed(editable, {link}).errors}
    # The link is listed after the file it names, so it is the second use of the id, as a full run says.
    assert {("rule.id-filename", str(link)), ("rule.duplicate-id", str(link))} <= errors
    assert errors == {(e.code, e.path) for e in validate_tree(editable).errors}


def test_cached_validation_rechecks_every_meeting_when_the_validating_code_changes(editable, monkeypatch, age):
    # a rule edited in a checkout, or a country code added to isocodes.py, without a new version
    from gulfvisits.validate import validate_cached

    age(editable)
    validate_cached(editable)
    assert validate_cached(editable).files_unchanged == 120
    monkeypatch.setattr(_cache, "code_fingerprint", lambda: "0" * 32)
    assert validate_cached(editable).files_unchanged == 0
    assert validate_cached(editable).files_unchanged == 120


def test_cache_fingerprint_covers_every_module_that_decides_validity():
    """A clean mark is trusted while the fingerprinted code is unchanged; a rule or reader moved
    into a module left out of VALIDATING_CODE would let an edited check trust an old verdict."""
    import inspect

    from gulfvisits import _pyyaml, models, rules, yamlio

    deciders = [models.Meeting, yamlio.read_file, yamlio.fast_load, _pyyaml.compose, validate.read_meeting,
                rules.Rules, rules.summary_of]
    assert {Path(inspect.getfile(obj)).name for obj in deciders} <= set(cachefiles.VALIDATING_CODE)
    package = Path(validate.__file__).parent
    assert all((package / name).is_file() for name in cachefiles.VALIDATING_CODE)


def test_an_edit_to_any_fingerprinted_module_changes_the_fingerprint(tmp_path, monkeypatch):
    """The list above is half of it: ``code_fingerprint`` must read every module on the list. Each
    is edited in turn in a copy of them, and each edit gives a fingerprint not seen before."""
    package = Path(validate.__file__).parent
    for name in cachefiles.VALIDATING_CODE:
        (tmp_path / name).write_bytes((package / name).read_bytes())
    of_the_package = cachefiles.code_fingerprint()  # read (and kept) before the module is pointed at the copy
    monkeypatch.setattr(cachefiles, "__file__", str(tmp_path / "cachefiles.py"))  # where it reads them from
    seen = [cachefiles.code_fingerprint.__wrapped__()]
    assert seen == [of_the_package]
    for name in cachefiles.VALIDATING_CODE:
        with open(tmp_path / name, "a", encoding="utf-8") as module:
            module.write("\n# edited\n")
        seen.append(cachefiles.code_fingerprint.__wrapped__())
    assert len(set(seen)) == len(cachefiles.VALIDATING_CODE) + 1


def test_every_module_the_validating_code_imports_is_fingerprinted_or_only_words_messages():
    """The hand-made list above missed the data a check reads: the ISO code lists that
    ``models`` takes its country and language terms from (0.32.21) were not fingerprinted, so a
    code added or dropped by hand left old verdicts trusted. Every module the validating code
    imports, at any level, is fingerprinted, or is named here with why it cannot change a verdict."""
    import ast

    not_deciding = {
        "errors.py": "the error classes: what a refusal carries",
        "explain.py": "the wording of a refusal, and its hint",
        "names.py": "finding an entry by name: the hint of a dangling reference",
        "progress.py": "the progress line of a long run",
        "schema.py": "the JSON Schema engine, which never reads the cache",
        "_cache.py": "the cache itself",
    }
    package = Path(validate.__file__).parent
    imported = set()
    for name in cachefiles.VALIDATING_CODE:
        for node in ast.walk(ast.parse((package / name).read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.level == 1:
                imported |= {f"{node.module}.py"} if node.module else {f"{a.name}.py" for a in node.names}
    assert imported - set(cachefiles.VALIDATING_CODE) - set(not_deciding) == set()
    assert set(not_deciding).isdisjoint(cachefiles.VALIDATING_CODE)


def test_cached_validation_survives_a_damaged_cache(editable, age):
    from gulfvisits._cache import SummaryCache, _decode, _encode
    from gulfvisits.validate import validate_cached

    age(editable)
    validate_cached(editable)
    path = SummaryCache(editable).path
    good = path.read_bytes()
    for damaged in ('{"entries": [1, 2', '{"fingerprint": 1, "entries": {"x": 3}, "registries": 4}'):
        path.write_text(damaged, encoding="utf-8")
        assert validate_cached(editable).errors == []
    stored = _decode(good)
    stored["registries"]["people"] = '[{"id": 7}]'
    path.write_bytes(_encode(stored))  # written by this code, and still not read as people
    assert validate_cached(editable).errors == []
    stored["entries"] = {name: [0, 0, {"id": "wrong"}, True, None] for name in stored["entries"]}
    path.write_bytes(_encode(stored))
    assert validate_cached(editable).errors == []  # sizes differ: every file is read again
    validate_cached(editable)
    stored = _decode(path.read_bytes())
    stored["format"] = 2  # same entries, marked as another layout
    path.write_bytes(_encode(stored))
    assert validate_cached(editable).files_unchanged == 0
    assert validate_cached(editable).files_unchanged == 120


@pytest.mark.parametrize("damage", ["summary dropped", "summary of another shape", "entries not a mapping",
                                    "one byte flipped", "no checksum"])
def test_a_cache_damaged_after_it_was_written_is_rebuilt_not_believed(editable, damage, age):
    """Valid JSON of the right outline is not enough: a dropped summary made a meeting vanish
    from the counts (190 meetings of 191, on the shipped records) and a summary of another
    shape crashed a rule with a traceback. The checksum turns every such file into a cold cache."""
    from gulfvisits._cache import SummaryCache, _decode
    from gulfvisits.validate import validate_cached

    age(editable)
    expected = validate_cached(editable)
    path = SummaryCache(editable).path
    good = path.read_bytes()
    stored = _decode(good)
    entry = next(iter(stored["entries"].values()))
    checksum, body = good.split(b"\n", 1)
    if damage == "summary dropped":
        entry[2] = None
    elif damage == "summary of another shape":
        entry[2][6] = {"a": 1}
    elif damage == "entries not a mapping":
        stored["entries"] = []
    if damage == "one byte flipped":
        damaged = checksum + b"\n" + body.replace(b'"active"', b'"activf"', 1)
    elif damage == "no checksum":
        damaged = body
    else:  # the outline a checksum-less reader checked, with the old checksum kept
        damaged = checksum + b"\n" + json.dumps(stored).encode()
    path.write_bytes(damaged)
    report = validate_cached(editable)
    assert report.errors == [] and report.files_unchanged == 0
    assert len(report.meeting_files) == len(expected.meeting_files) == 120


def test_an_incremental_run_on_a_warm_cache_never_needs_pyyaml(editable, tmp_path, age):
    """The strict reader and the writer are the only users of PyYAML, and a clean file through
    a warm cache needs neither: importing it would cost every incremental run ~12 ms."""
    import subprocess

    age(editable)
    env = {**os.environ, "GULFVISITS_CACHE_DIR": str(tmp_path / "cache")}
    one = str(_files(editable)[3])
    code = ("import sys\nfrom gulfvisits.cli import main\ncode = main(['validate', sys.argv[1]])\n"
            "print('yaml' in sys.modules)\nsys.exit(code)")
    first = subprocess.run([sys.executable, "-c", code, str(editable)], env=env, capture_output=True, text=True)
    assert first.returncode == 0, first.stderr
    again = subprocess.run([sys.executable, "-c", code, one], env=env, capture_output=True, text=True)
    assert again.returncode == 0, again.stderr
    assert again.stdout.splitlines() == ["OK: 4 file(s) valid, 1 meeting(s)", "False"]


def test_validate_command_uses_the_cache_unless_told_not_to(editable, age):
    import subprocess

    age(editable)
    _wait_out_the_window(editable)
    command = [sys.executable, "-m", "gulfvisits", "validate", str(editable)]
    subprocess.run(command, check=True, capture_output=True)
    warm = subprocess.run(command, check=True, capture_output=True, text=True).stdout
    assert warm.startswith("OK: 123 file(s) valid, 120 meeting(s) (120 unchanged")
    cold = subprocess.run([*command, "--no-cache"], check=True, capture_output=True, text=True).stdout
    assert cold.strip() == "OK: 123 file(s) valid, 120 meeting(s)"


def test_a_cache_folder_that_cannot_be_made_costs_speed_not_the_verdict(editable, tmp_path, monkeypatch, age):
    # a read-only home, a full disk, or (as here, since root may write anywhere) a file where
    # the folder should be: validation runs cold each time and says the same, without a word
    # about the cache
    import subprocess

    age(editable)
    _wait_out_the_window(editable)
    blocked = tmp_path / "blocked"
    blocked.write_text("a file where the cache folder should be", encoding="utf-8")
    monkeypatch.setenv("GULFVISITS_CACHE_DIR", str(blocked))
    command = [sys.executable, "-m", "gulfvisits", "validate", str(editable)]
    for _ in range(2):
        done = subprocess.run(command, capture_output=True, text=True)
        assert (done.returncode, done.stdout.strip(), done.stderr) == (0, "OK: 123 file(s) valid, 120 meeting(s)", "")
    broken = _files(editable)[2]
    broken.write_text(broken.read_text(encoding="utf-8").replace("status: active", "status: activ_"), encoding="utf-8")
    done = subprocess.run(command, capture_output=True, text=True)
    assert done.returncode == 1 and f"{broken}:" in done.stderr and "Traceback" not in done.stderr


@pytest.mark.parametrize("old, new, codes", [
    ("status: active", "status: activ_", ["schema.vocabulary"]),
    ("id: ", "Id: ", ["schema.missing", "schema.extra"]),  # the first byte: the hash must cover it too
], ids=["a byte within", "the first byte"])
def test_cached_validation_survives_a_fresh_checkout_but_not_an_edit(editable, age, old, new, codes):
    """A checkout gives every file a new mtime; the content hash lets the cache still vouch for
    unchanged files (so CI can restore it), and an edit of the same size is still caught."""
    from gulfvisits.validate import validate_cached

    age(editable, seconds=7200)
    validate_cached(editable)
    age(editable, seconds=3600)  # every mtime changes, no content does
    assert validate_cached(editable).files_unchanged == 120
    target = _files(editable)[6]
    text = target.read_text(encoding="utf-8")
    target.write_text(text.replace(old, new, 1), encoding="utf-8")  # same size
    age(editable, seconds=1800)
    report = validate_cached(editable)
    assert report.files_unchanged == 119
    assert [(e.code, e.path) for e in report.errors] == [(code, str(target)) for code in codes]


def test_summary_cache_is_plain_json_whichever_codec_wrote_it(editable, monkeypatch):
    """orjson (the [fast] extra) and the standard library read each other's cache: JSON after
    a line with its checksum."""
    from gulfvisits.cachefiles import verified

    cache = _cache.SummaryCache(editable)
    validate.validate_cached(editable)
    written_fast = json.loads(verified(cache.path.read_bytes()))
    assert written_fast["entries"]
    monkeypatch.setattr(_cache, "_orjson", None)
    again = _cache.SummaryCache(editable)
    assert again.entries == written_fast["entries"]
    again.dirty = True
    again.save()
    assert json.loads(verified(again.path.read_bytes())) == written_fast


def test_paused_collector_is_restored_and_cycles_built_meanwhile_are_still_collected():
    """gc_paused hands what it built to the oldest generation (freeze + unfreeze) instead of
    letting the next collection walk it; garbage among it must still be collectable."""
    import gc
    import weakref

    class Node:
        pass

    assert gc.isenabled()
    with validate.gc_paused():
        assert not gc.isenabled()
        node = Node()
        node.self = node
        ref = weakref.ref(node)
        del node
    assert gc.isenabled() and gc.get_freeze_count() == 0
    gc.collect()
    assert ref() is None


@FORK_BESIDE_THREADS
def test_meetings_checked_by_workers_are_built_once(corpus, pooled):
    """Workers send their meetings back as JSON, built into models on first use; every later
    use must get those same models, not a rebuild of 120 of them."""
    report = validate_tree(corpus)
    assert pooled
    assert len(report.meetings) == 120 and report.meetings is report.meetings


def test_a_collector_the_caller_turned_off_stays_off(corpus):
    """A caller may run with the collector off (a benchmark, a bulk build of its own): a
    validation turns back on only what it turned off."""
    import gc

    gc.disable()
    try:
        assert validate_tree(corpus).ok
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_rechecking_an_unchanged_file_leaves_the_cache_file_alone(editable):
    import os

    target = _files(editable)[5]
    an_hour_ago = target.stat().st_mtime - 3600
    os.utime(target, (an_hour_ago, an_hour_ago))
    validate.validate_changed(editable, {target})
    cache = _cache.SummaryCache(editable).path
    written = cache.stat().st_ino
    validate.validate_changed(editable, {target})
    assert cache.stat().st_ino == written  # write_atomic would have replaced the file
    target.write_text(target.read_text(encoding="utf-8").replace("status: active", "status: withdrawn", 1), encoding="utf-8")
    report = validate.validate_changed(editable, {target})
    assert any(e.code == "rule.withdrawal" for e in report.errors)
    assert cache.stat().st_ino != written


def test_a_registry_from_the_cache_is_reported_under_the_name_shown(seeds):
    """A rule error in a registry is reported under the path the user gave, whether the registry
    was read from its file or, unchanged since, from the cache."""
    from gulfvisits.validate import validate_cached

    topics = seeds / "topics.yaml"
    topics.write_text(topics.read_text(encoding="utf-8") + "- id: trade\n  label: Trade again\n  category: sector\n"
                      "  definition: X.\n", encoding="utf-8")
    runs = [validate_cached(seeds, display="records") for _ in range(2)]
    assert _cache.SummaryCache(seeds).stored_registries is not None  # the second run read them from it
    assert [[(e.code, e.path) for e in run.errors] for run in runs] == [[("rule.duplicate-id", "records/topics.yaml")]] * 2


def test_a_meeting_from_the_cache_is_named_as_shown_where_another_file_s_error_points_at_it(seeds, age):
    """A meeting unchanged since the last run comes from the cache, not from its file. When an
    error in another file points at it (the first use of a repeated id), it is named by the path
    the user gave, as a meeting read afresh is."""
    from gulfvisits.validate import validate_cached

    original = meeting_path(seeds, KUWAIT)
    original.with_name("copy.yaml").write_text(original.read_text(encoding="utf-8"), encoding="utf-8")
    age(seeds)
    runs = [validate_cached(seeds, display="records") for _ in range(2)]
    assert runs[1].files_unchanged == 2  # both seeds; the copy, which fails its own checks, is read again
    [first, again] = [[e.message for e in run.errors if e.code == "rule.duplicate-id"] for run in runs]
    assert first == again == [f"id '{KUWAIT}' is already used at records/meetings/2025/{KUWAIT}.yaml:1:5"]


def test_benchmark_corpus_is_regenerated_when_the_generator_changes(tmp_path):
    """A corpus left from an older generate.py once made a benchmark measure records that no
    longer exercised every rule; run.py keys each corpus to the generator it came from."""
    run = _benchmark("run")
    tree = run.corpus(5, tmp_path)
    first = tree / "people.yaml"
    first.write_text(first.read_text(encoding="utf-8") + "# marker\n", encoding="utf-8")
    assert run.corpus(5, tmp_path) == tree and first.read_text(encoding="utf-8").endswith("# marker\n")  # reused
    (tmp_path / "corpus-5.stamp").write_text("an older generator", encoding="utf-8")
    run.corpus(5, tmp_path)
    assert not first.read_text(encoding="utf-8").endswith("# marker\n")  # regenerated
    assert len(list((tree / "meetings").rglob("*.yaml"))) == 5


def test_the_benchmark_runs_through_on_a_small_corpus(tmp_path):
    """Since 0.32.10 a cache file starts with a checksum line, and run.py, which pointed its
    "wheel" rows at a cache file, failed at them; no test ran it, so no one knew until 0.32.19.
    It is run here through, at 20 records and once each: numbers come out, whatever they are."""
    run = _benchmark("run")
    row = run.measure(20, tmp_path, 1, pure_yaml=False)
    assert all(value > 0 for key, value in row.items() if key not in ("n", "check_jsonschema"))
    assert run.table([row], run.import_cost(1)).splitlines()[2].startswith("| 20 | ")


def test_spawn_reruns_main_as_multiprocessing_does(monkeypatch):
    """Spawn starts each worker by importing the main module again: a script's code (``python
    script.py``) or a module's run with ``-m`` runs again there, while a package's ``__main__``
    (``python -m gulfvisits``, the zip behind a Windows console script) and a main without a file
    (a REPL, a notebook, ``-c``) do not."""
    import importlib.machinery
    import types

    def main(spec_name: str | None, file: str | None) -> types.ModuleType:
        module = types.ModuleType("__main__")
        module.__spec__ = importlib.machinery.ModuleSpec(spec_name, None) if spec_name else None
        if file:
            module.__file__ = file
        return module

    for spec_name, file, reruns in [(None, "analysis.py", True), ("analysis", "analysis.py", True),
                                    ("gulfvisits.__main__", "gulfvisits/__main__.py", False),
                                    ("__main__", "gulfvisits.exe/__main__.py", False), (None, None, False)]:
        monkeypatch.setitem(sys.modules, "__main__", main(spec_name, file))
        assert validate._spawn_reruns_main() is reruns, (spec_name, file)
        monkeypatch.setattr("multiprocessing.get_all_start_methods", lambda: ["spawn"])
        assert validate._start_method() == (None if reruns else "spawn"), (spec_name, file)
        monkeypatch.undo()


_NO_FORK = ("import multiprocessing, os, sys\n"
            "import gulfvisits.validate as validate\n"
            "multiprocessing.get_all_start_methods = lambda: ['spawn']  # as on Windows\n"
            "validate.PARALLEL_FROM, validate._threads, os.cpu_count = 10, lambda: 1, lambda: 2\n"
            "pooled = []\n"
            "run = validate._check_in_pool\n"
            "validate._check_in_pool = lambda *args: pooled.append(args[-1]) or run(*args)\n"
            "report = validate.validate_tree(sys.argv[1])\n"
            "print(pooled, len(report.meetings), sorted(str(e) for e in report.errors))\n")


def _validate_without_fork(*launch: str, tree: Path) -> list[str]:
    """What ``_NO_FORK`` prints when Python is started as ``python *launch TREE``: a script, ``-c``
    with the code, or an archive; it must exit cleanly."""
    import subprocess

    done = subprocess.run([sys.executable, *launch, str(tree)], capture_output=True, text=True,
                          encoding="utf-8", timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout.splitlines()


def test_without_fork_a_script_that_validates_runs_once_and_in_its_own_process(editable, tmp_path):
    """On Windows a worker starts by running the main module again: a script without an ``if
    __name__ == "__main__"`` guard ran again in each worker, where its own validation tried to
    start workers and Python refused ("before the current process has finished its bootstrapping
    phase"): a BrokenProcessPool traceback. Such a script now validates in its own process."""
    script = tmp_path / "analysis.py"
    script.write_text(_NO_FORK, encoding="utf-8")
    assert _validate_without_fork(str(script), tree=editable) == ["[] 120 []"]


def test_without_fork_spawned_workers_find_exactly_what_one_process_finds(editable):
    """The spawn path, which Windows takes, run here where the main module does not run again
    (``-c``): the registries' rules are pickled to each worker, and a broken file is reported as
    one process reports it."""
    broken = _files(editable)[7]
    broken.write_text(broken.read_text(encoding="utf-8").replace("status: active", "status: live"), encoding="utf-8")
    sequential = validate_tree(editable)
    expected = f"['spawn'] 119 {sorted(str(e) for e in sequential.errors)}"
    assert _validate_without_fork("-c", _NO_FORK, tree=editable) == [expected]


def test_without_fork_a_console_script_shaped_like_a_windows_launcher_uses_spawned_workers(editable, tmp_path):
    """On Windows, ``gulfvisits.exe`` is a launcher with a zip archive appended, and Python runs
    that archive's ``__main__.py``; spawned workers do not run it again, so validation may start
    them. Built here the same way (stub bytes, then the archive) and run as the launcher runs it:
    the pool is started with spawn and finds what one process finds."""
    import zipfile

    launcher = tmp_path / "gulfvisits.exe"
    launcher.write_bytes(b"MZ" + bytes(510))  # the launcher's own code comes first
    with zipfile.ZipFile(launcher, "a") as archive:
        archive.writestr("__main__.py", _NO_FORK)
    sequential = validate_tree(editable)
    expected = f"['spawn'] 120 {sorted(str(e) for e in sequential.errors)}"
    assert _validate_without_fork(str(launcher), tree=editable) == [expected]


def test_the_suite_benchmark_counts_only_runs_that_passed():
    """A parallel run that skipped or lost tests would look faster; the benchmark reads how many
    passed from pytest's closing line and refuses a run whose line names a failure first."""
    passed = _benchmark("suite").passed
    assert passed("....\n1888 passed in 260.28s (0:04:20)\n") == 1888
    assert passed("..s\n10 passed, 2 skipped in 1.05s\n") == 10
    assert passed("= 3 passed, 36 deselected in 0.22s =\n") == 3
    for closing in ("1 failed, 3 passed in 0.10s\n", "no tests ran in 0.01s\n", "ERROR: not found\n"):
        with pytest.raises(SystemExit, match="no closing line"):
            passed(closing)


def test_the_suite_benchmark_runs_through_on_one_test_file(capsys):
    """Run through on a few tests, serially and on two workers: numbers come out, whatever they are."""
    assert _benchmark("suite").main(["--workers", "2", "--", "tests/test_days.py", "-k", "yyyy_mm_dd"]) == 0
    out = capsys.readouterr().out
    assert re.search(r"^\| -n 0 \| [\d.]+ s \| 1\.00 \|$", out, re.MULTILINE)
    assert re.search(r"^\| -n 2 \| [\d.]+ s \| [\d.]+ \|$", out, re.MULTILINE)
