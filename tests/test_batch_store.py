"""The on-disk cache of per-batch extraction results, on real extraction output of the fixture corpus."""

from __future__ import annotations

from pathlib import Path

import pytest

from policy_records import pipeline
from policy_records.batch_store import BatchStore
from policy_records.extract import extract_batch
from policy_records.ingest import read_raw
from tests.conftest import CORPUS, count_extractions

CODE_A, CODE_B = "a" * 64, "b" * 64


@pytest.fixture(scope="module")
def tables():
    docs, _ = read_raw(CORPUS)
    return extract_batch(docs)


def test_a_stored_batch_reads_back_equal(tmp_path: Path, tables):
    store = BatchStore(tmp_path, CODE_A)
    store.put("k1", tables)
    back = store.load(["k1", "missing"])
    assert list(back) == ["k1"]
    assert back["k1"].entities == tables.entities
    for name, frame in tables.frames.items():
        assert back["k1"].frames[name].equals(frame), name
    assert [p.name for p in store.folder.iterdir()] == ["k1.pickle"], "no temporary file is left behind"


@pytest.mark.parametrize("damage", [b"", b"not a pickle", b"\x80\x05K\x01."])  # empty, garbage, an int
def test_a_damaged_file_is_a_miss_not_a_failure(tmp_path: Path, tables, damage: bytes):
    store = BatchStore(tmp_path, CODE_A)
    store.put("k1", tables)
    store.path("k1").write_bytes(damage)
    assert store.load(["k1"]) == {}


def test_a_new_code_fingerprint_removes_older_results_but_nothing_else(tmp_path: Path, tables):
    BatchStore(tmp_path, CODE_A).put("k1", tables)
    unrelated = tmp_path / "notes"
    unrelated.mkdir()
    (unrelated / "keep.txt").write_text("mine")
    lookalike = tmp_path / ("c" * 16)  # a fingerprint-like name holding someone else's file
    lookalike.mkdir()
    (lookalike / "data.csv").write_text("x")
    new = BatchStore(tmp_path, CODE_B)
    assert new.load(["k1"]) == {}, "results of other code are never used"
    new.put("k2", tables)
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(["notes", "c" * 16, CODE_B[:16]])
    assert (unrelated / "keep.txt").read_text() == "mine"


def test_the_plain_pipeline_extracts_only_what_the_cache_lacks(tmp_path: Path, monkeypatch):
    calls = count_extractions(monkeypatch, pipeline)
    quiet = {"expectations": None, "cache": tmp_path / "cache", "log": lambda _m: None}
    first = pipeline.run_release(CORPUS, tmp_path / "a" / "dist", **quiet)
    assert len(calls) == 4
    calls.clear()
    again = pipeline.run_release(CORPUS, tmp_path / "b" / "dist", **quiet)
    assert calls == []
    for name in ("documents.csv", "mentions.csv", "pledges.parquet"):
        assert (again.published.path / name).read_bytes() == (first.published.path / name).read_bytes()
