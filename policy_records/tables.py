"""Build the release tables from the batches' records.

Order: resolve entity candidates across batches, rewrite every entity
reference through the resolver's remap, count mentions, give text-derived
records their stable IDs, then build one typed, sorted DataFrame per
resource from the schemas.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict

import polars as pl

from policy_records.ids import assign_text_ids
from policy_records.model import BatchResult, InputIssue, Record
from policy_records.resolve import resolve_entities
from policy_records.schemas import RESOURCES, frame

# (resource, column, entity_type) for every column that refers to an organisation or programme
ENTITY_REFERENCES = (
    ("documents", "publisher_organisation_id", "organisation"),
    ("programmes", "operator_organisation_id", "organisation"),
    ("signatories", "organisation_id", "organisation"),
    ("pledges", "actor_organisation_id", "organisation"),
    ("statistics", "attributed_to_organisation_id", "organisation"),
)


def merge_batches(batches: Iterable[BatchResult]) -> BatchResult:
    out = BatchResult()
    for b in batches:
        for name in ("documents", "segments", "mentions", "signatories", "pledges", "statistics", "entities", "notes"):
            getattr(out, name).extend(getattr(b, name))
    return out


def _remap(rows: list[Record], column: str, entity_type: str, remap: dict[tuple[str, str], str]) -> None:
    for row in rows:
        value = row.get(column)
        if value is not None:
            row[column] = remap.get((entity_type, value), value)


def _count(entities: list[Record], id_column: str, entity_type: str, mentions: list[Record]) -> None:
    counts: dict[str, int] = {}
    docs: dict[str, set[str]] = {}
    for m in mentions:
        if m["entity_type"] == entity_type:
            counts[m["entity_id"]] = counts.get(m["entity_id"], 0) + 1
            docs.setdefault(m["entity_id"], set()).add(m["document_id"])
    for e in entities:
        e["mention_count"] = counts.get(e[id_column], 0)
        e["document_count"] = len(docs.get(e[id_column], ()))


def _mention_ids(mentions: list[Record]) -> None:
    for m in mentions:
        m["_quote"] = f"{m['entity_type']}:{m['entity_id']}:{m['text']}"
        m["organisation_id"] = m["entity_id"] if m["entity_type"] == "organisation" else None
        m["programme_id"] = m["entity_id"] if m["entity_type"] == "programme" else None
    assign_text_ids(mentions, "mn", "mention_id", "_quote")


def build_tables(batches: Iterable[BatchResult], issues: list[InputIssue]) -> dict[str, pl.DataFrame]:
    """One DataFrame per resource, typed and ordered by the schemas."""
    merged = merge_batches(batches)
    organisations, programmes, remap = resolve_entities(merged.entities)
    rows: dict[str, list[Record]] = {
        "documents": merged.documents,
        "segments": merged.segments,
        "organisations": organisations,
        "programmes": programmes,
        "mentions": merged.mentions,
        "signatories": merged.signatories,
        "pledges": merged.pledges,
        "statistics": merged.statistics,
        "input_issues": [asdict(i) for i in issues],
    }
    for m in merged.mentions:
        m["entity_id"] = remap.get((m["entity_type"], m["entity_id"]), m["entity_id"])
    for resource, column, entity_type in ENTITY_REFERENCES:
        _remap(rows[resource], column, entity_type, remap)
    _count(organisations, "organisation_id", "organisation", merged.mentions)
    _count(programmes, "programme_id", "programme", merged.mentions)
    _mention_ids(merged.mentions)
    assign_text_ids(merged.pledges, "pl", "pledge_id")
    assign_text_ids(merged.statistics, "st", "statistic_id")
    return {name: frame(name, rows[name]) for name in RESOURCES}
