"""The release pipeline as plain functions: what the Prefect flow orchestrates.

ingest -> segment + extract (per batch of documents) -> resolve + build tables
-> stage -> validate -> publish. `run_release` chains them without Prefect.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from pathlib import Path

import polars as pl

from policy_records import __version__
from policy_records.extract import extract_batch
from policy_records.ingest import read_raw
from policy_records.model import BatchResult, Document, InputIssue
from policy_records.publish import Published, commit, discard, stage, validate_staged
from policy_records.tables import build_tables
from policy_records.validate import EXPECTATIONS, Report
from policy_records.vocab import fingerprint as reference_fingerprint

REPO = Path(__file__).resolve().parent.parent
DEFAULT_RAW = REPO / "raw"
DEFAULT_DIST = REPO / "dist"
BATCH_BYTES = 2_000_000  # documents per batch: about 2 MB of text, whatever their sizes
CODE_DIR = Path(__file__).resolve().parent


def make_batches(docs: list[Document], max_bytes: int = BATCH_BYTES) -> list[list[Document]]:
    """Consecutive documents grouped into batches of about `max_bytes` of text."""
    batches: list[list[Document]] = []
    size = 0
    for doc in docs:
        if not batches or size + doc.byte_count > max_bytes:
            batches.append([])
            size = 0
        batches[-1].append(doc)
        size += doc.byte_count
    return batches


def code_fingerprint() -> str:
    """sha256 over the library's source files and the reference data."""
    h = hashlib.sha256(__version__.encode())
    for path in sorted(CODE_DIR.rglob("*.py")):
        h.update(path.relative_to(CODE_DIR).as_posix().encode())
        h.update(path.read_bytes())
    h.update(reference_fingerprint().encode())
    return h.hexdigest()


def batch_key(batch: list[Document], code: str) -> str:
    """Cache key of one batch: its documents' ids and content hashes plus the code fingerprint."""
    h = hashlib.sha256(code.encode())
    for doc in batch:
        h.update(f"{doc.document_id}\0{doc.sha256}\0{doc.encoding}\n".encode())
    return h.hexdigest()


def sources_of(docs: list[Document], raw: Path) -> list[dict]:
    return [{
        "title": f"{len(docs)} UK policy texts on human trafficking and modern slavery, read from the raw folder "
                 "(each file and its sha256 in the documents resource)",
        "path": raw.name + "/",
    }]


def texts_of(docs: Iterable[Document]) -> dict[str, str]:
    return {d.document_id: d.text for d in docs}


def run_release(raw: Path = DEFAULT_RAW, dist: Path = DEFAULT_DIST, *, pointer: Path | None = None,
                expectations: Path | None = EXPECTATIONS,
                log: Callable[[str], None] = print) -> tuple[Published | None, Report]:
    """The whole release without Prefect (same functions, same order as the flow)."""
    docs, issues = read_raw(raw)
    log(summarise_ingest(docs, issues))
    results = [extract_batch(b) for b in make_batches(docs)]
    tables = build_tables(results, issues)
    log(summarise_tables(tables))
    staged = stage(tables, dist, sources=sources_of(docs, raw), pointer=pointer)
    try:
        report = validate_staged(staged, tables, texts_of(docs), expectations)
    except BaseException:
        discard(staged)
        raise
    log("validate:\n" + report.render())
    if not report.valid:
        discard(staged)
        return None, report
    return commit(staged, report), report


def summarise_ingest(docs: list[Document], issues: list[InputIssue]) -> str:
    lines = [f"ingest: {len(docs)} documents read, {sum(d.byte_count for d in docs) / 1e6:.2f} MB"]
    lines += [f"  {i.action}: {i.source_file}: {i.problem} ({i.detail})" for i in issues]
    return "\n".join(lines)


def summarise_tables(tables: dict[str, pl.DataFrame]) -> str:
    return "tables: " + ", ".join(f"{name} {df.height}" for name, df in tables.items())


def summarise_batches(results: list[BatchResult]) -> str:
    n_docs = sum(len(r.documents) for r in results)
    n_segs = sum(len(r.segments) for r in results)
    off = sum(1 for r in results for s in r.segments if not s["on_topic"])
    return f"segment + extract: {n_docs} documents, {n_segs} segments ({off} off-topic) in {len(results)} batches"
