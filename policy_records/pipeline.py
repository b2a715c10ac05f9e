"""The release pipeline as plain functions: what the Prefect flow orchestrates.

ingest -> segment + extract (per batch of documents) -> resolve + build tables
-> stage -> validate -> publish. `run_release` chains them without Prefect.
"""

from __future__ import annotations

import hashlib
import time
from collections import deque
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol, TypeVar

import polars as pl

from policy_records import __version__
from policy_records.batch_store import BatchStore
from policy_records.extract import extract_batch
from policy_records.ingest import SourceTexts, load_document, scan_raw
from policy_records.model import Document, InputIssue, Source
from policy_records.publish import Published, commit, discard, stage, validate_staged
from policy_records.schemas import SCHEMA_DIR
from policy_records.tables import BatchTables, build_tables
from policy_records.validate import EXPECTATIONS, Report
from policy_records.vocab import fingerprint as reference_fingerprint

REPO = Path(__file__).resolve().parent.parent
DEFAULT_RAW = REPO / "raw"
DEFAULT_DIST = REPO / "dist"
CODE_DIR = Path(__file__).resolve().parent
CACHE_DIR = REPO / ".cache" / "extract"
BATCH_MIN_DOCS = 128  # a batch holds 128-512 documents, 256 on average: each Prefect task run costs ~0.2 s on
CUT_ONE_IN = 128  # Dask, cached or not; past the minimum, one document in 128 (by ID) ends its batch
BATCH_MAX_DOCS = 512
BATCH_MAX_BYTES = 8_000_000  # a batch is cut early when its raw files reach this size


def _cut_after(document_id: str) -> bool:
    """Batch boundaries depend on document IDs only, so editing a document leaves other batches alone."""
    return int(hashlib.sha256(document_id.encode()).hexdigest()[:8], 16) % CUT_ONE_IN == 0


class Sized(Protocol):
    @property
    def document_id(self) -> str: ...

    @property
    def byte_count(self) -> int: ...


D = TypeVar("D", bound=Sized)


def make_batches(docs: list[D]) -> list[list[D]]:
    """Documents or sources (in ID order) grouped into content-defined batches.

    A re-release extracts again the batches of edited documents, so batch sizes are kept narrow
    (128-512): a document sits in a batch of about 280 documents on average, where batches of
    geometric size (no minimum) averaging the same put it in one of about 390.
    """
    batches: list[list[D]] = [[]]
    size = 0
    for doc in docs:
        batch = batches[-1]
        batch.append(doc)
        size += doc.byte_count
        if ((len(batch) >= BATCH_MIN_DOCS and _cut_after(doc.document_id)) or len(batch) >= BATCH_MAX_DOCS
                or size >= BATCH_MAX_BYTES):
            batches.append([])
            size = 0
    return [b for b in batches if b]


@dataclass
class Timings:
    """Wall seconds per stage, in the order the stages ran."""

    seconds: dict[str, float] = field(default_factory=dict)

    @contextmanager
    def stage(self, name: str):
        start = time.perf_counter()
        try:
            yield
        finally:
            self.seconds[name] = self.seconds.get(name, 0.0) + time.perf_counter() - start


@dataclass
class Outcome:
    """What a release run produced: the release (None if validation failed), the report, stage timings."""

    published: Published | None
    report: Report
    timings: Timings
    batches: int = 0
    documents: int = 0
    megabytes: float = 0.0
    extracted: int = 0  # batches extracted in this run (the others came from the cache)


def code_fingerprint() -> str:
    """sha256 over the library's source files, the Table Schemas (a batch's frames follow them) and the
    reference data."""
    h = hashlib.sha256(__version__.encode())
    for path in [*sorted(CODE_DIR.rglob("*.py")), *sorted(SCHEMA_DIR.glob("*.json"))]:
        h.update(path.name.encode() if path.suffix == ".json" else path.relative_to(CODE_DIR).as_posix().encode())
        h.update(path.read_bytes())
    h.update(reference_fingerprint().encode())
    return h.hexdigest()


def batch_key(batch: list[Source] | list[Document], code: str) -> str:
    """Cache key of one batch: its documents' ids and content hashes plus the code fingerprint."""
    h = hashlib.sha256(code.encode())
    for doc in batch:
        h.update(f"{doc.document_id}\0{doc.sha256}\0{doc.encoding}\0{sorted(doc.meta.items())}\n".encode())
    return h.hexdigest()


def load_batch(batch: list[Source]) -> list[Document]:
    """The batch's documents with their texts, read from the raw files."""
    return [load_document(s) for s in batch]


class Pending(Protocol):
    def result(self) -> BatchTables: ...


def extract_windowed(todo: list[tuple[list[Source], str]], submit: Callable[[list[Document], str], Pending],
                     in_flight: int, store: BatchStore | None = None) -> dict[str, BatchTables]:
    """Results by key of `submit(documents, key)` for each (batch, key), reading a batch's texts just before it
    is submitted and keeping at most `in_flight` batches submitted and unfinished, so that texts in memory
    are bounded by `in_flight` batches (a batch's raw files are at most `BATCH_MAX_BYTES`). Each result is
    put in `store` here, by the caller, so that workers on other machines need no access to it."""
    results: dict[str, BatchTables] = {}
    pending: deque[tuple[str, Pending]] = deque()

    def collect() -> None:
        done_key, future = pending.popleft()
        results[done_key] = future.result()
        if store is not None:
            store.put(done_key, results[done_key])

    for batch, key in todo:
        if len(pending) >= in_flight:
            collect()
        pending.append((key, submit(load_batch(batch), key)))
    while pending:
        collect()
    return results


class Finished:
    """An already computed result, for running `extract_windowed` without a task runner."""

    def __init__(self, value: BatchTables) -> None:
        self.value = value

    def result(self) -> BatchTables:
        return self.value


def extract_cached(batches: list[list[Source]], cache: Path | None, submit: Callable[[list[Document]], Pending],
                   in_flight: int, load: Callable[[BatchStore, list[str]], dict[str, BatchTables]] = BatchStore.load,
                   ) -> tuple[list[BatchTables], int]:
    """(every batch's result in batch order, how many batches were extracted): results come from the cache
    in `cache` (read with `load`) when their batch key is there, else from `submit(documents)`, and go into
    the cache. With `cache` None every batch is extracted and nothing is kept."""
    code = code_fingerprint()
    keys = [batch_key(b, code) for b in batches]
    store = BatchStore(cache, code) if cache is not None else None
    cached = load(store, keys) if store is not None else {}
    todo = [(b, k) for b, k in zip(batches, keys, strict=True) if k not in cached]
    computed = extract_windowed(todo, lambda docs, _key: submit(docs), in_flight, store)
    return [cached[k] if k in cached else computed[k] for k in keys], len(computed)


def sources_of(docs: list[Source], raw: Path) -> list[dict]:
    return [{
        "title": f"{len(docs)} UK policy texts on human trafficking and modern slavery, read from the raw folder "
                 "(each file and its sha256 in the documents resource)",
        "path": raw.name + "/",
    }]


def run_release(raw: Path = DEFAULT_RAW, dist: Path = DEFAULT_DIST, *, pointer: Path | None = None,
                expectations: Path | None = EXPECTATIONS, cache: Path | None = None,
                log: Callable[[str], None] = print) -> Outcome:
    """The whole release without Prefect (same functions, same order as the flow)."""
    timings = Timings()
    with timings.stage("ingest"):
        docs, issues = scan_raw(raw)
    log(summarise_ingest(docs, issues))
    batches = make_batches(docs)
    with timings.stage("segment+extract"):
        results, extracted = extract_cached(batches, cache, lambda batch: Finished(extract_batch(batch)), 1)
    log(summarise_batches(results, extracted))
    with timings.stage("resolve+tables"):
        tables = build_tables(results, issues)
    log(summarise_tables(tables))
    with timings.stage("stage"):
        staged = stage(tables, dist, sources=sources_of(docs, raw), pointer=pointer)
    with timings.stage("validate"):
        try:
            report = validate_staged(staged, tables, SourceTexts(docs), expectations)
        except BaseException:
            discard(staged)
            raise
    log("validate:\n" + report.render())
    with timings.stage("publish"):
        if not report.valid:
            discard(staged)
            published = None
        else:
            published = commit(staged, report)
    return Outcome(published, report, timings, len(batches), len(docs), sum(d.byte_count for d in docs) / 1e6,
                   extracted)


def summarise_ingest(docs: list[Source], issues: list[InputIssue]) -> str:
    lines = [f"ingest: {len(docs)} documents read, {sum(d.byte_count for d in docs) / 1e6:.2f} MB"]
    lines += [f"  {i.action}: {i.source_file}: {i.problem} ({i.detail})" for i in issues]
    return "\n".join(lines)


def summarise_tables(tables: dict[str, pl.DataFrame]) -> str:
    return "tables: " + ", ".join(f"{name} {df.height}" for name, df in tables.items())


def summarise_batches(results: list[BatchTables], extracted: int) -> str:
    n_docs = sum(r.frames["documents"].height for r in results)
    n_segs = sum(r.frames["segments"].height for r in results)
    off = sum(r.frames["segments"].filter(~pl.col("on_topic")).height for r in results)
    return (f"segment + extract: {n_docs} documents, {n_segs} segments ({off} off-topic) in {len(results)} batches"
            f" ({extracted} extracted, {len(results) - extracted} from the cache)")
