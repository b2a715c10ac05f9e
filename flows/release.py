"""The `release` flow: ingest -> segment + extract (mapped over batches) -> build tables -> validate -> publish.

Each task is a call into `policy_records`. Extraction runs one task per batch
of documents (never single documents or sentences: a Prefect task run costs
milliseconds and thousands of them stall the embedded server); a batch's
texts are read when it is submitted, `in_flight` batches at a time, and each
batch's result is cached (`BatchStore`) on a string key: the batch's document
IDs and content hashes plus the fingerprint of the extractor code, schemas
and reference data.
The task runner is chosen by the caller (threads by default, Dask for
`--workers`/`--dask-address`).
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import TypeVar, cast

import polars as pl
from prefect import flow, task
from prefect.cache_policies import NONE
from prefect.utilities.annotations import quote

from policy_records import pipeline
from policy_records.batch_store import BatchStore
from policy_records.extract import extract_batch
from policy_records.ingest import SourceTexts, scan_raw
from policy_records.model import Document, InputIssue, Source
from policy_records.publish import Published, Staged, commit, discard, stage, validate_staged
from policy_records.tables import BatchTables, build_tables
from policy_records.validate import EXPECTATIONS, Report

Tables = dict[str, pl.DataFrame]
T = TypeVar("T")


def opaque(value: T) -> T:
    """`value` wrapped so that Prefect passes it to a task as it is, without walking it for futures."""
    return cast(T, quote(value))


@task(name="ingest", cache_policy=NONE)
def ingest_task(raw: Path) -> tuple[list[Source], list[InputIssue]]:
    return scan_raw(raw)


@task(name="segment-and-extract", cache_policy=NONE)
def extract_task(batch: list[Document]) -> BatchTables:
    return extract_batch(batch)


@task(name="build-tables", cache_policy=NONE)
def build_tables_task(results: list[BatchTables], issues: list[InputIssue]) -> Tables:
    return build_tables(results, issues)


@task(name="stage", cache_policy=NONE)
def stage_task(tables: Tables, dist: Path, sources: list[dict], pointer: Path | None) -> Staged:
    return stage(tables, dist, sources=sources, pointer=pointer)


@task(name="validate", cache_policy=NONE)
def validate_task(staged: Staged, tables: Tables, texts: Mapping[str, str], expectations: Path | None) -> Report:
    try:
        return validate_staged(staged, tables, texts, expectations)
    except BaseException:
        discard(staged)
        raise


@task(name="publish", cache_policy=NONE)
def publish_task(staged: Staged, report: Report) -> Published | None:
    if not report.valid:
        discard(staged)
        return None
    return commit(staged, report)


@task(name="load-cached-batches", cache_policy=NONE)
def load_cached_task(store: BatchStore, keys: list[str]) -> dict[str, BatchTables]:
    """Results of the batches already extracted with these keys, read in one task run.

    A cache hit inside a mapped task would still cost a task run on a worker (~0.2 s on Dask); reading the
    hits here first leaves only the changed batches to the task runner.
    """
    return store.load(keys)


@flow(name="release", log_prints=False, validate_parameters=False)
def release(raw: Path = pipeline.DEFAULT_RAW, dist: Path = pipeline.DEFAULT_DIST, pointer: Path | None = None,
            expectations: Path | None = EXPECTATIONS, cache: Path | None = None,
            in_flight: int = 2) -> pipeline.Outcome:
    """Build, validate and publish a release; `cache` is the folder for per-batch extraction results and
    `in_flight` the number of batches submitted to the task runner at a time (their texts are in memory)."""
    timings = pipeline.Timings()
    with timings.stage("ingest"):
        docs, issues = ingest_task(raw)
    print(pipeline.summarise_ingest(docs, issues), flush=True)
    batches = pipeline.make_batches(docs)
    with timings.stage("segment+extract"):
        results, extracted = pipeline.extract_cached(batches, cache, extract_task.submit, in_flight,
                                                     load=load_cached_task)
    print(pipeline.summarise_batches(results, extracted), flush=True)
    with timings.stage("resolve+tables"):
        # quote(): Prefect must not walk every record of every batch looking for futures (seconds per 10k documents)
        tables = build_tables_task(opaque(results), issues)
    print(pipeline.summarise_tables(tables), flush=True)
    with timings.stage("stage"):
        staged = stage_task(opaque(tables), dist, pipeline.sources_of(docs, raw), pointer)
    with timings.stage("validate"):
        report = validate_task(staged, opaque(tables), opaque(SourceTexts(docs)), expectations)
    print("validate:\n" + report.render(), flush=True)
    with timings.stage("publish"):
        published = publish_task(staged, report)
    return pipeline.Outcome(published, report, timings, len(batches), len(docs),
                            sum(d.byte_count for d in docs) / 1e6, extracted)
