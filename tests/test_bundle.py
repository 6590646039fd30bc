"""The compiled bundle: equal to the YAML records, cached by content, rebuilt when stale."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

import gulfvisits
from gulfvisits import dataset
from gulfvisits.bundle import compile_tree, content_hash, read_bundle
from gulfvisits.cachefiles import cache_dir
from gulfvisits.errors import InvalidDataError
from gulfvisits.validate import tree_listing

from conftest import KUWAIT, RECORDS, meeting_path


@pytest.fixture(autouse=True)
def fresh_process_cache(tmp_path, monkeypatch):
    """No Dataset kept in the process, and a cache folder of the test's own: the run's folder
    holds what every test before it cached, and a bundle left there was counted as this test's
    (the same records under the last commit's version, which a release being made has moved on
    from: test_contributor_workflow.py runs ``docs --check`` in a clone of that commit)."""
    monkeypatch.setenv("GULFVISITS_CACHE_DIR", str(tmp_path / "cache"))
    dataset._cache.clear()
    yield
    dataset._cache.clear()


def test_bundle_holds_exactly_the_validated_records():
    bundle = read_bundle(compile_tree(RECORDS, gulfvisits.__version__))
    direct = gulfvisits.load(RECORDS, use_cache=False)
    every = sorted([*direct.meetings, *direct.withdrawn], key=lambda m: m.id)  # the bundle keeps id order
    assert direct.withdrawn and [m.model_dump() for m in bundle.meetings] == [m.model_dump() for m in every]
    assert {p.id: p for p in bundle.people} == dict(direct.people)
    assert bundle.content_hash == content_hash(RECORDS)


def test_cached_load_equals_fresh_load_and_notices_edits(tree):
    first = gulfvisits.load(tree)
    assert len(list(cache_dir().glob(f"bundle-*-{content_hash(tree)}-*.json"))) == 1
    dataset._cache.clear()
    assert [m.model_dump() for m in gulfvisits.load(tree).meetings] == [m.model_dump() for m in first.meetings]
    path = meeting_path(tree, KUWAIT)
    path.write_text(path.read_text(encoding="utf-8").replace("kind: official_visit", "kind: working_visit"),
                    encoding="utf-8")
    assert gulfvisits.load(tree).lookup(KUWAIT).kind == "working_visit"


def test_a_process_sees_an_edited_record_at_its_next_load(tree):
    """The Dataset was kept by folder alone, so a notebook that loaded a tree, then fixed a
    record, got the old records back from every later load(), use_cache=False included."""
    first = gulfvisits.load(tree)
    assert gulfvisits.load(tree) is first  # unchanged records: the same Dataset
    path = meeting_path(tree, KUWAIT)
    original = path.read_text(encoding="utf-8")
    path.write_text(original.replace("kind: official_visit", "kind: working_visit"), encoding="utf-8")
    assert gulfvisits.load(tree).lookup(KUWAIT).kind == "working_visit"
    path.write_text(original.replace("kind: official_visit", "kind: official_trip"), encoding="utf-8")
    for use_cache in (True, False):
        with pytest.raises(InvalidDataError, match="found 'official_trip'"):
            gulfvisits.load(tree, use_cache=use_cache)
    path.write_text(original, encoding="utf-8")
    assert gulfvisits.load(tree, use_cache=False).lookup(KUWAIT).kind == "official_visit"
    again = gulfvisits.load(tree)
    assert again.lookup(KUWAIT).kind == "official_visit" and gulfvisits.load(tree) is again


def test_two_spellings_of_one_folder_share_one_dataset(tree, monkeypatch):
    """``load()`` hands the same Dataset to every caller: one notebook cell that writes the
    folder's absolute path and another its relative one must not each hold their own."""
    monkeypatch.chdir(tree.parent)
    first = gulfvisits.load(tree)
    assert gulfvisits.load(tree.name) is first


def test_a_load_that_must_validate_walks_the_tree_once(tree, monkeypatch):
    """The content hash and the validation share one listing: two listings cost a second os.walk
    of every year (8 to 15 ms at 10^4 files), and could disagree when a file lands between them."""
    walked = []
    real_walk = os.walk

    def counting_walk(top, *args, **kwargs):
        walked.append(str(top))
        return real_walk(top, *args, **kwargs)

    # nothing cached: ``fresh_process_cache`` gives the test a folder of its own (another test's
    # bundle of the same records would be read, and this test would pass whatever the walks)
    monkeypatch.setattr(os, "walk", counting_walk)
    tree_listing(tree)
    one_listing = len(walked)
    walked.clear()
    gulfvisits.load(tree)  # nothing cached: hashed, then validated and compiled
    assert len(list(cache_dir().glob("bundle-*.json"))) == 1
    assert one_listing > 0 and len(walked) == one_listing


def test_a_moved_file_is_noticed_although_no_byte_changed(tree):
    gulfvisits.load(tree)
    path = meeting_path(tree, KUWAIT)
    # The same bytes in the same order of files, under a name its id no longer matches.
    path.rename(path.with_name(f"{KUWAIT[:-1]}.yaml"))
    with pytest.raises(InvalidDataError, match="differs from the file name"):
        gulfvisits.load(tree)


def test_a_broken_link_among_the_records_fails_the_load_as_it_fails_validate(tree, cli):
    """The hash skipped a listed file it could not find, so a valid tree with a link to a missing
    file hashed as the tree without it, and load() (so stats and export) returned that tree's
    cached bundle while validate refused the tree."""
    gulfvisits.load(tree)  # the tree's bundle is cached
    link = meeting_path(tree, KUWAIT).with_name("linked.yaml")
    link.symlink_to(tree / "gone.yaml")
    with pytest.raises(InvalidDataError, match="linked.yaml:1:1: cannot read file: it is a symbolic link"):
        gulfvisits.load(tree)
    stats = cli("stats", "--records", str(tree))
    assert stats.code == 1 and "linked.yaml:1:1: cannot read file" in stats.stderr
    assert "Traceback" not in stats.stderr


def test_damaged_cache_is_recompiled(tree):
    gulfvisits.load(tree)
    [cached] = cache_dir().glob(f"bundle-*-{content_hash(tree)}-*.json")
    cached.write_text("{not json", encoding="utf-8")
    dataset._cache.clear()
    assert gulfvisits.load(tree).lookup(KUWAIT).id == KUWAIT


@pytest.mark.parametrize("damage", ["a meeting dropped", "a participant renamed", "no checksum"])
def test_a_bundle_damaged_after_it_was_cached_is_recompiled_not_believed(tree, damage):
    """Valid JSON that the bundle's model accepts is not enough: a cached bundle with a meeting
    dropped loaded one meeting short, and one naming a person the registry lacks gave a
    traceback at ``person_record``. The cache file's checksum catches both."""
    expected = [m.id for m in gulfvisits.load(tree).meetings]
    [cached] = cache_dir().glob(f"bundle-*-{content_hash(tree)}-*.json")
    checksum, body = cached.read_bytes().split(b"\n", 1)
    stored = json.loads(body)
    if damage == "a meeting dropped":
        stored["meetings"].pop(0)
    elif damage == "a participant renamed":
        stored["meetings"][0]["participants"][0]["person"] = "nobody-at-all"
    read_bundle(json.dumps(stored).encode())  # the model alone takes it
    cached.write_bytes(json.dumps(stored).encode() if damage == "no checksum"
                       else checksum + b"\n" + json.dumps(stored).encode())
    dataset._cache.clear()
    data = gulfvisits.load(tree)
    assert [m.id for m in data.meetings] == expected
    assert all(p.person_record.id == p.person for m in data.meetings for p in m.participants)


def test_unwritable_cache_is_skipped(tree, monkeypatch, tmp_path):
    blocked = tmp_path / "blocked"
    blocked.write_text("a file where the cache folder should be", encoding="utf-8")
    monkeypatch.setenv("GULFVISITS_CACHE_DIR", str(blocked))
    assert gulfvisits.load(tree).lookup(KUWAIT).id == KUWAIT


def test_invalid_records_never_reach_the_cache(tree):
    path = meeting_path(tree, KUWAIT)
    path.write_text(path.read_text(encoding="utf-8").replace("kind: official_visit", "kind: visit"), encoding="utf-8")
    with pytest.raises(InvalidDataError):
        gulfvisits.load(tree)
    assert not list(cache_dir().glob(f"bundle-*-{content_hash(tree)}-*.json"))


def test_a_bundle_compiled_by_other_validating_code_is_not_believed(tree, monkeypatch):
    # a checkout with a rule edited and no new version number: the records it refuses now
    # were loaded from the bundle the old rule had passed
    from gulfvisits import bundle

    gulfvisits.load(tree)
    monkeypatch.setattr(bundle, "code_fingerprint", lambda: "0" * 32)
    dataset._cache.clear()
    refuse = bundle.compile_tree

    def edited_rule(*args, **kwargs):
        raise InvalidDataError([])
    monkeypatch.setattr(bundle, "compile_tree", edited_rule)
    with pytest.raises(InvalidDataError):
        gulfvisits.load(tree)
    monkeypatch.setattr(bundle, "compile_tree", refuse)
    gulfvisits.load(tree)
    assert len(list(cache_dir().glob(f"bundle-*-{content_hash(tree)}-*.json"))) == 2


def test_without_a_home_the_cache_is_nowhere_rather_than_a_folder_named_tilde(seeds, tmp_path, monkeypatch):
    # a container's numeric user with no HOME: expanduser("~") gives "~" back, and the cache was
    # made as ./~/.cache/gulfvisits in the user's folder, one `rm -rf ~` away from a disaster
    monkeypatch.delenv("GULFVISITS_CACHE_DIR")
    monkeypatch.delenv("XDG_CACHE_HOME", raising=False)
    monkeypatch.delenv("HOME", raising=False)
    monkeypatch.setattr(os.path, "expanduser", lambda path: path)
    here = tmp_path / "here"
    here.mkdir()
    monkeypatch.chdir(here)
    for _ in range(2):  # a first load writes its caches, a second reads them
        assert [m.id for m in gulfvisits.load(seeds)] == [m.id for m in gulfvisits.load(seeds, use_cache=False)]
    assert list(here.iterdir()) == []


@pytest.mark.parametrize("variable, folder", [("XDG_CACHE_HOME", "gulfvisits"), ("HOME", ".cache/gulfvisits")])
def test_without_a_folder_configured_the_cache_is_where_the_user_keeps_caches(seeds, tmp_path, monkeypatch,
                                                                             variable, folder):
    """Every other test names its cache folder; a user does not, and the bundle must land where
    the XDG convention puts caches (and where `rm -rf ~/.cache/gulfvisits` finds it)."""
    monkeypatch.delenv("GULFVISITS_CACHE_DIR")
    monkeypatch.delenv("XDG_CACHE_HOME", raising=False)
    monkeypatch.setenv(variable, str(tmp_path / "user"))
    gulfvisits.load(seeds)
    assert len(list((tmp_path / "user" / folder).glob(f"bundle-*-{content_hash(seeds)}-*.json"))) == 1


def test_the_suites_own_cache_folder_is_gone_when_its_run_ends(tmp_path):
    """conftest gives each run of the tests a cache folder of its own, so that no test touches the
    user's; until 0.79.21 the folder stayed in the temporary directory after the run, up to 13 MB
    each, and a mutation sample left one per fault. A process that imports conftest, as pytest
    does, must make the folder where temporary files go and leave nothing there when it exits."""
    probe = "import os, conftest; print(os.environ['GULFVISITS_CACHE_DIR'])"
    done = subprocess.run([sys.executable, "-c", probe], cwd=Path(__file__).parent, capture_output=True, text=True,
                          env={**os.environ, "TMPDIR": str(tmp_path)}, check=True)
    made = Path(done.stdout.strip())
    assert made.parent == tmp_path and made.name.startswith("gulfvisits-test-cache-")
    assert list(tmp_path.iterdir()) == []
