"""The `release` flow: ingest -> segment + extract (mapped over batches) -> build tables -> validate -> publish.

Each task is a call into `policy_records`. Extraction is mapped over batches
of documents (never single documents or sentences: a Prefect task run costs
milliseconds and thousands of them stall the embedded server).
"""

from __future__ import annotations

from pathlib import Path

from prefect import flow, task
from prefect.cache_policies import NONE

from policy_records import pipeline
from policy_records.extract import extract_batch
from policy_records.ingest import read_raw
from policy_records.publish import Published, commit, discard, stage, validate_staged
from policy_records.tables import build_tables
from policy_records.validate import EXPECTATIONS, Report


@task(name="ingest", cache_policy=NONE)
def ingest_task(raw: Path):
    return read_raw(raw)


@task(name="segment-and-extract", cache_policy=NONE)
def extract_task(batch):
    return extract_batch(batch)


@task(name="build-tables", cache_policy=NONE)
def build_tables_task(results, issues):
    return build_tables(results, issues)


@task(name="stage", cache_policy=NONE)
def stage_task(tables, dist: Path, sources, pointer):
    return stage(tables, dist, sources=sources, pointer=pointer)


@task(name="validate", cache_policy=NONE)
def validate_task(staged, tables, texts, expectations):
    try:
        return validate_staged(staged, tables, texts, expectations)
    except BaseException:
        discard(staged)
        raise


@task(name="publish", cache_policy=NONE)
def publish_task(staged, report) -> Published:
    return commit(staged, report)


@task(name="discard", cache_policy=NONE)
def discard_task(staged) -> None:
    discard(staged)


@flow(name="release", log_prints=False)
def release(raw: Path = pipeline.DEFAULT_RAW, dist: Path = pipeline.DEFAULT_DIST, pointer: Path | None = None,
            expectations: Path | None = EXPECTATIONS) -> tuple[Published | None, Report]:
    """Returns (the release, the validation report); (None, report) when validation failed."""
    docs, issues = ingest_task(raw)
    print(pipeline.summarise_ingest(docs, issues), flush=True)
    futures = extract_task.map(pipeline.make_batches(docs))
    results = [f.result() for f in futures]
    print(pipeline.summarise_batches(results), flush=True)
    tables = build_tables_task(results, issues)
    print(pipeline.summarise_tables(tables), flush=True)
    staged = stage_task(tables, dist, pipeline.sources_of(docs, raw), pointer)
    report = validate_task(staged, tables, pipeline.texts_of(docs), expectations)
    print("validate:\n" + report.render(), flush=True)
    if not report.valid:
        discard_task(staged)
        return None, report
    return publish_task(staged, report), report
