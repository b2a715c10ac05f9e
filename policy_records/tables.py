"""Build the release tables.

Per batch (`batch_tables`, inside the extraction task): records get their
stable IDs and become typed DataFrames at once, so a batch's memory is freed
as soon as it is extracted. Across batches (`build_tables`): entity
candidates are resolved into one row per real organisation/programme, every
entity reference is rewritten through the resolver's remap, mentions are
counted, and each resource is concatenated and sorted by its primary key.
"""

from __future__ import annotations

import gc
import logging
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field

import polars as pl

from policy_records.ids import assign_text_ids
from policy_records.model import BatchResult, InputIssue, Record
from policy_records.resolve import resolve_entities
from policy_records.schemas import RESOURCES, frame, polars_schema, primary_key

# Row order of text-derived resources: document order, which is how a reader meets them.
READING_ORDER = {
    "segments": ["document_id", "position"],
    "mentions": ["document_id", "start", "end", "mention_id"],
    "pledges": ["document_id", "start", "end", "pledge_id"],
    "statistics": ["document_id", "start", "end", "statistic_id"],
}
LOG = logging.getLogger(__name__)
BATCH_RESOURCES = ("documents", "segments", "mentions", "signatories", "pledges", "statistics", "unparsed_spans")

# (resource, column) of every column that refers to an organisation
ORGANISATION_REFERENCES = (
    ("documents", "publisher_organisation_id"),
    ("programmes", "operator_organisation_id"),
    ("signatories", "organisation_id"),
    ("pledges", "actor_organisation_id"),
    ("statistics", "attributed_to_organisation_id"),
    ("mentions", "organisation_id"),
)


@dataclass
class BatchTables:
    """One batch's typed tables plus its entity candidates (resolved later, across batches)."""

    frames: dict[str, pl.DataFrame]
    entities: list[Record] = field(default_factory=list)


def _mention_ids(mentions: list[Record]) -> None:
    for m in mentions:
        m["_quote"] = f"{m['entity_type']}:{m['entity_id']}:{m['text']}"
        m["organisation_id"] = m["entity_id"] if m["entity_type"] == "organisation" else None
        m["programme_id"] = m["entity_id"] if m["entity_type"] == "programme" else None
    assign_text_ids(mentions, "mn", "mention_id", "_quote")


def batch_tables(result: BatchResult) -> BatchTables:
    """IDs and typed frames for one batch (IDs depend only on each record's own document)."""
    _mention_ids(result.mentions)
    assign_text_ids(result.pledges, "pl", "pledge_id")
    assign_text_ids(result.statistics, "st", "statistic_id")
    frames = {name: frame(name, getattr(result, name)) for name in BATCH_RESOURCES}
    return BatchTables(frames, result.entities)


def _split_remap(remap: dict[tuple[str, str], str]) -> dict[str, dict[str, str]]:
    out: dict[str, dict[str, str]] = {"organisation": {}, "programme": {}}
    for (entity_type, old), new in remap.items():
        if old != new:
            out[entity_type][old] = new
    return out


def _apply_remap(tables: dict[str, pl.DataFrame], remap: dict[tuple[str, str], str]) -> None:
    maps = _split_remap(remap)
    for resource, column in ORGANISATION_REFERENCES:
        if maps["organisation"]:
            tables[resource] = tables[resource].with_columns(pl.col(column).replace(maps["organisation"]))
    if maps["programme"]:
        tables["mentions"] = tables["mentions"].with_columns(pl.col("programme_id").replace(maps["programme"]))
    tables["mentions"] = tables["mentions"].with_columns(
        pl.coalesce("organisation_id", "programme_id").alias("entity_id"))


def _with_counts(entities: pl.DataFrame, id_column: str, entity_type: str, mentions: pl.DataFrame) -> pl.DataFrame:
    counts = (
        mentions.filter(pl.col("entity_type") == entity_type)
        .group_by("entity_id")
        .agg(pl.len().cast(pl.Int64).alias("mention_count"),
             pl.col("document_id").n_unique().cast(pl.Int64).alias("document_count"))
        .rename({"entity_id": id_column})
    )
    joined = entities.drop("mention_count", "document_count").join(counts, on=id_column, how="left")
    return joined.with_columns(pl.col("mention_count", "document_count").fill_null(0)).select(entities.columns)


def enforce_references(tables: dict[str, pl.DataFrame]) -> list[str]:
    """Last line of defence before the validation gate: a reference to an organisation or programme that
    resolution did not produce is dropped (signatory, mention rows) or nulled (optional links), and said.

    Extractors are built never to do this; if one does, the release still describes what is known
    instead of failing on every run of that text, and the warning names what was removed.
    """
    known = {"organisation": set(tables["organisations"]["organisation_id"]),
             "programme": set(tables["programmes"]["programme_id"])}
    notes = []
    for resource, column in ORGANISATION_REFERENCES:
        df = tables[resource]
        bad = df.filter(pl.col(column).is_not_null() & ~pl.col(column).is_in(list(known["organisation"])))
        if bad.height == 0:
            continue
        notes.append(f"{resource}.{column}: {bad.height} references to unknown organisations "
                     f"{sorted(set(bad[column]))[:5]} removed")
        if resource in ("signatories", "mentions"):
            tables[resource] = df.filter(pl.col(column).is_null() | pl.col(column).is_in(list(known["organisation"])))
        else:
            tables[resource] = df.with_columns(
                pl.when(pl.col(column).is_in(list(known["organisation"]))).then(pl.col(column)).alias(column))
    mentions = tables["mentions"]
    programmes = list(known["programme"])
    bad = mentions.filter(pl.col("programme_id").is_not_null() & ~pl.col("programme_id").is_in(programmes))
    if bad.height:
        notes.append(f"mentions.programme_id: {bad.height} references to unknown programmes removed")
        tables["mentions"] = mentions.filter(pl.col("programme_id").is_null()
                                             | pl.col("programme_id").is_in(list(known["programme"])))
    for note in notes:
        LOG.warning("inconsistent extraction repaired: %s", note)
    return notes


@contextmanager
def cyclic_gc_paused() -> Iterator[None]:
    """Python's cyclic collector paused: building many small dicts and lists (entity candidates, resolver
    rows) triggers it over and over, and these structures hold no cycles to collect (freed by refcount)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def build_tables(batches: Iterable[BatchTables], issues: list[InputIssue]) -> dict[str, pl.DataFrame]:
    """One DataFrame per resource, typed and ordered by the schemas."""
    with cyclic_gc_paused():
        return _build_tables(batches, issues)


def _build_tables(batches: Iterable[BatchTables], issues: list[InputIssue]) -> dict[str, pl.DataFrame]:
    parts: dict[str, list[pl.DataFrame]] = {name: [] for name in BATCH_RESOURCES}
    candidates: list[Record] = []
    for batch in batches:
        for name in BATCH_RESOURCES:
            parts[name].append(batch.frames[name])
        candidates.extend(batch.entities)
    tables = {
        name: pl.concat(parts[name]) if parts[name] else pl.DataFrame(schema=polars_schema(name))
        for name in BATCH_RESOURCES
    }
    organisations, programmes, remap = resolve_entities(candidates)
    tables["organisations"] = frame("organisations", organisations)
    tables["programmes"] = frame("programmes", programmes)
    tables["input_issues"] = frame("input_issues", [asdict(i) for i in issues])
    _apply_remap(tables, remap)
    enforce_references(tables)
    tables["organisations"] = _with_counts(tables["organisations"], "organisation_id", "organisation",
                                           tables["mentions"])
    tables["programmes"] = _with_counts(tables["programmes"], "programme_id", "programme", tables["mentions"])
    return {name: tables[name].sort(READING_ORDER.get(name) or primary_key(name)) for name in RESOURCES}
