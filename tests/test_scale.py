"""The paths that only large trees take: the benchmark corpus, the process pool, bulk loading.
Nothing here measures time; benchmarks/run.py does."""
from __future__ import annotations

import importlib.util
import sys

import pytest

from gulfvisits import validate
from gulfvisits.validate import validate_tree

from conftest import REPO

spec = importlib.util.spec_from_file_location("generate", REPO / "benchmarks" / "generate.py")
generate = importlib.util.module_from_spec(spec)
sys.modules["generate"] = generate
spec.loader.exec_module(generate)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    return generate.generate(120, tmp_path_factory.mktemp("corpus") / "records", seed=7)


def test_generated_corpus_is_valid_under_every_rule(corpus):
    report = validate_tree(corpus)
    assert [str(e) for e in report.errors] == []
    assert len(report.meetings) == 120


def test_generator_is_deterministic(tmp_path, corpus):
    again = generate.generate(120, tmp_path / "again", seed=7)
    files = sorted(p.relative_to(corpus) for p in corpus.rglob("*.yaml"))
    assert files == sorted(p.relative_to(again) for p in again.rglob("*.yaml"))
    assert all((corpus / f).read_bytes() == (again / f).read_bytes() for f in files)


def test_process_pool_finds_exactly_what_one_process_finds(corpus, tmp_path, monkeypatch):
    import shutil

    tree = tmp_path / "records"
    shutil.copytree(corpus, tree)
    files = sorted((tree / "meetings").rglob("*.yaml"))
    files[3].write_text(files[3].read_text().replace("status: active", "status: live"))
    files[50].write_text(files[50].read_text().replace("  - person: synthetic-official-", "  - person: nobody-", 1))
    files[99].write_text(files[99].read_text() + "kind: again\n")
    sequential = validate_tree(tree)
    monkeypatch.setattr(validate, "PARALLEL_FROM", 10)
    pooled = validate_tree(tree)
    assert [str(e) for e in pooled.sorted_errors()] == [str(e) for e in sequential.sorted_errors()]
    assert len(pooled.errors) == 3
    assert pooled.meetings == sequential.meetings
