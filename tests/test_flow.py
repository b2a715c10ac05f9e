"""End to end: the Prefect flow on the fixture corpus, on Prefect's test harness."""

from __future__ import annotations

import hashlib
from pathlib import Path

import polars as pl

from policy_records.pipeline import run_release
from tests.conftest import CORPUS, count_extractions


def hashes(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in folder.iterdir()
            if p.suffix in (".csv", ".parquet")}


def test_flow_publishes_a_valid_release_identical_to_the_plain_pipeline(prefect_harness, tmp_path: Path):
    from flows.release import release

    outcome = release(raw=CORPUS, dist=tmp_path / "flow" / "dist", expectations=None)
    published = outcome.published
    assert outcome.report.valid and published.created
    assert list(outcome.timings.seconds) == ["ingest", "segment+extract", "resolve+tables", "stage", "validate",
                                             "publish"]
    plain = run_release(CORPUS, tmp_path / "plain" / "dist", expectations=None, log=lambda _m: None).published
    assert hashes(published.path) == hashes(plain.path)

    docs = pl.read_csv(published.path / "documents.csv")
    assert sorted(docs["document_id"]) == ["blog_page", "cp1252_article", "joint_letter", "news_with_appendix"]
    segs = pl.read_csv(published.path / "segments.csv")
    assert segs.group_by("document_id").len().sort("document_id").rows() == [
        ("blog_page", 2), ("cp1252_article", 1), ("joint_letter", 1), ("news_with_appendix", 2)]
    assert sorted(segs.filter(~pl.col("on_topic"))["title"]) == ["Local team wins cup final",
                                                                 "Our new allotment scheme"]


def test_cached_rebuild_after_editing_one_document_equals_a_full_rebuild(prefect_harness, tmp_path: Path,
                                                                         monkeypatch):
    import shutil

    import flows.release as flow_module

    calls = count_extractions(monkeypatch, flow_module)  # one document per batch: one edit touches one batch
    raw, cache = tmp_path / "raw", tmp_path / "cache"
    shutil.copytree(CORPUS, raw)
    flow_module.release(raw=raw, dist=tmp_path / "a" / "dist", expectations=None, cache=cache)
    assert len(calls) == 4
    calls.clear()
    edited = raw / "joint_letter.txt"
    edited.write_text(edited.read_text() + "\nWe will publish our findings in 2026.\n")
    incremental = flow_module.release(raw=raw, dist=tmp_path / "a" / "dist", expectations=None, cache=cache)
    assert calls == [["joint_letter"]], "only the edited document's batch is extracted again"
    full = run_release(raw, tmp_path / "b" / "dist", expectations=None, log=lambda _m: None)
    assert hashes(incremental.published.path) == hashes(full.published.path)


def test_dask_two_worker_cluster_gives_the_same_release(prefect_harness, tmp_path: Path):
    from distributed import LocalCluster
    from prefect_dask import DaskTaskRunner

    from flows.release import release

    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster:
        runner = DaskTaskRunner(address=cluster.scheduler_address)
        outcome = release.with_options(task_runner=runner)(raw=CORPUS, dist=tmp_path / "dask" / "dist",
                                                           expectations=None)
        assert len(cluster.scheduler_info["workers"]) == 2
    plain = run_release(CORPUS, tmp_path / "plain" / "dist", expectations=None, log=lambda _m: None)
    assert hashes(outcome.published.path) == hashes(plain.published.path)


def test_batches_are_128_to_512_documents_and_an_edit_moves_no_boundary():
    from dataclasses import dataclass

    from policy_records.pipeline import BATCH_MAX_DOCS, BATCH_MIN_DOCS, make_batches

    @dataclass
    class Doc:
        document_id: str
        byte_count: int

    docs = [Doc(f"doc_{i:06d}", 6000) for i in range(10_000)]
    batches = make_batches(docs)
    sizes = [len(b) for b in batches]
    assert [d for b in batches for d in b] == docs
    assert all(BATCH_MIN_DOCS <= n <= BATCH_MAX_DOCS for n in sizes[:-1]) and 1 <= sizes[-1] <= BATCH_MAX_DOCS
    assert 30 <= len(batches) <= 60, "256 documents on average"
    edited = [Doc(d.document_id, 9000) if i == 5000 else d for i, d in enumerate(docs)]
    assert [[d.document_id for d in b] for b in make_batches(edited)] == [[d.document_id for d in b] for b in batches]
    removed = make_batches(docs[:5000] + docs[5001:])
    assert len({tuple(map(id, b)) for b in removed} - {tuple(map(id, b)) for b in batches}) <= 2
