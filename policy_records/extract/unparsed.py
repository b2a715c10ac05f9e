"""Spans that look like a record but cannot be parsed: listed, never silently dropped.

What counts: a candidate an extractor has already taken for a record (a run of
number words in a figure, a dateline at the head of a document, a line of a
signatory list) and then gives up on because it cannot read it. What does not:
spans the data model says are not records (list numbers, dates used as time
references, generic references, off-topic segments); those are rules, not
failures.

An extractor calls `note(start, end, ...)` where it gives up; `collecting(doc)`
around one document's extraction gathers the notes as `unparsed_spans` rows,
with the document's own text at those offsets as their `text`. Every note is
also logged at DEBUG with its document and span. Outside `collecting` (an
extractor called on its own) notes are only logged.
"""

from __future__ import annotations

import bisect
import logging
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from policy_records.model import Document, Record, Segment

LOG = logging.getLogger(__name__)

_CURRENT: ContextVar[tuple[Document, list[Record]] | None] = ContextVar("unparsed_spans", default=None)


@contextmanager
def collecting(doc: Document) -> Iterator[list[Record]]:
    """The notes made while extracting `doc` (filled in as extraction goes)."""
    rows: list[Record] = []
    token = _CURRENT.set((doc, rows))
    try:
        yield rows
    finally:
        _CURRENT.reset(token)


def note(start: int, end: int, record_type: str, problem: str, detail: str) -> None:
    """Record that text[start:end] of the document being extracted looked like a `record_type` row but
    could not be parsed (`problem`: an enum value of `schemas/unparsed_spans.schema.json`)."""
    current = _CURRENT.get()
    if current is None:
        LOG.debug("unparsed %s (%s) at [%d:%d]: %s", record_type, problem, start, end, detail)
        return
    doc, rows = current
    text = doc.text[start:end]
    LOG.debug("unparsed %s (%s) in %s [%d:%d] %r: %s", record_type, problem, doc.document_id, start, end, text,
              detail)
    rows.append({"document_id": doc.document_id, "segment_id": None, "record_type": record_type,
                 "problem": problem, "detail": detail, "start": start, "end": end, "text": text})


def placed(rows: list[Record], segments: list[Segment]) -> list[Record]:
    """`rows` with the segment each starts in, one row per (span, problem): a span can be met twice when two
    extractors read the same text."""
    starts = [s.start for s in segments]
    out: dict[tuple[int, int, str], Record] = {}
    for row in rows:
        i = bisect.bisect_right(starts, row["start"]) - 1
        if i >= 0 and row["start"] < segments[i].end:
            row["segment_id"] = segments[i].segment_id
        out.setdefault((row["start"], row["end"], row["problem"]), row)
    return list(out.values())
