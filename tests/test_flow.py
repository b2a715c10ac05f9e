"""End to end: the Prefect flow on the fixture corpus, on Prefect's test harness."""

from __future__ import annotations

import hashlib
from pathlib import Path

import polars as pl

from policy_records.pipeline import run_release
from tests.conftest import CORPUS


def hashes(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in folder.iterdir()
            if p.suffix in (".csv", ".parquet")}


def test_flow_publishes_a_valid_release_identical_to_the_plain_pipeline(prefect_harness, tmp_path: Path):
    from flows.release import release

    published, report = release(raw=CORPUS, dist=tmp_path / "flow" / "dist", expectations=None)
    assert report.valid and published.created
    plain, _ = run_release(CORPUS, tmp_path / "plain" / "dist", expectations=None, log=lambda _m: None)
    assert hashes(published.path) == hashes(plain.path)

    docs = pl.read_csv(published.path / "documents.csv")
    assert sorted(docs["document_id"]) == ["blog_page", "cp1252_article", "joint_letter", "news_with_appendix"]
    segs = pl.read_csv(published.path / "segments.csv")
    assert segs.group_by("document_id").len().sort("document_id").rows() == [
        ("blog_page", 2), ("cp1252_article", 1), ("joint_letter", 1), ("news_with_appendix", 2)]
    assert sorted(segs.filter(~pl.col("on_topic"))["title"]) == ["Local team wins cup final",
                                                                 "Our new allotment scheme"]
