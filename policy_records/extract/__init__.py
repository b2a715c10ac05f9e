"""Extraction over a batch of documents: segments, entities, signatories, statistics, pledges, and the spans
that looked like records but could not be parsed.

`extract_batch` is the unit of work the flow maps over; it takes decoded
documents and returns their typed tables (see `tables.BatchTables`). Entity
IDs in the result are provisional: `resolve` merges them across batches.
"""

from __future__ import annotations

from policy_records.extract.documents import describe_document
from policy_records.extract.entities import extract_entities
from policy_records.extract.pledges import extract_pledges
from policy_records.extract.statistics import extract_statistics
from policy_records.extract.unparsed import collecting, placed
from policy_records.model import BatchResult, Document, Segment
from policy_records.segment import segment_document
from policy_records.tables import BatchTables, batch_tables, cyclic_gc_paused


def segment_record(seg: Segment) -> dict:
    return {
        "segment_id": seg.segment_id,
        "document_id": seg.document_id,
        "position": seg.position,
        "title": seg.title,
        "start": seg.start,
        "end": seg.end,
        "on_topic": seg.on_topic,
    }


def extract_document(doc: Document, out: BatchResult) -> None:
    with collecting(doc) as unparsed:
        segments = segment_document(doc)
        mentions, entities, signatories = extract_entities(doc, segments)
        out.statistics.extend(extract_statistics(doc, segments, mentions))
        out.pledges.extend(extract_pledges(doc, segments, mentions))
        record = describe_document(doc, segments, mentions)
    out.segments.extend(segment_record(s) for s in segments)
    out.mentions.extend(mentions)
    out.entities.extend(entities)
    out.signatories.extend(signatories)
    out.unparsed_spans.extend(placed(unparsed, segments))
    record["byte_count"] = doc.byte_count
    record.update(doc.meta)  # a sidecar's title, published_date and document_type win over the text's
    out.documents.append(record)


def extract_records(docs: list[Document]) -> BatchResult:
    """Records of a batch of documents, as plain dicts."""
    out = BatchResult()
    for doc in docs:
        extract_document(doc, out)
    return out


def extract_batch(docs: list[Document]) -> BatchTables:
    """The unit of work the flow maps over: a batch's records as typed frames with their IDs."""
    with cyclic_gc_paused():  # a batch allocates millions of small acyclic objects
        return batch_tables(extract_records(docs))
