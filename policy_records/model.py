"""The in-memory shapes passed between stages.

Documents and segments are small frozen dataclasses; extracted records are
plain dicts whose keys are the column names of `schemas/<resource>.schema.json`,
so that the tables stage can build DataFrames from them without a mapping.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

Record = dict[str, Any]


@dataclass(frozen=True)
class Document:
    """One raw file that was read and decoded."""

    document_id: str
    source_file: str
    sha256: str
    encoding: str
    text: str
    byte_count: int
    meta: dict[str, str] = field(default_factory=dict)  # from a `<name>.meta.json` sidecar, already checked


@dataclass(frozen=True)
class Source:
    """A raw file that was read, checked and hashed, without its text: what ingest keeps for each document.

    The text is read again, batch by batch, by `ingest.load_document`, so that a release holds the texts
    of the batches being extracted, not of the whole corpus.
    """

    document_id: str
    source_file: str
    path: str  # the file's absolute path, where `load_document` reads it
    sha256: str
    encoding: str
    byte_count: int
    meta: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Segment:
    """One article or post inside a document: text[start:end]."""

    segment_id: str
    document_id: str
    position: int
    title: str | None
    start: int
    end: int
    on_topic: bool


@dataclass(frozen=True)
class InputIssue:
    """A raw file that could not be used as it is, and why."""

    source_file: str
    problem: str
    detail: str
    action: str  # "excluded", "decoded" (handled, kept in the release) or "ignored" (a bad sidecar)


@dataclass
class BatchResult:
    """Everything extracted from one batch of documents, before resolution.

    `entities` holds one candidate row per (entity_type, entity_id) seen in the
    batch: name, acronym, aliases, type, origin ("reference" or "pattern") and,
    for programmes, operator_organisation_id.
    """

    documents: list[Record] = field(default_factory=list)
    segments: list[Record] = field(default_factory=list)
    mentions: list[Record] = field(default_factory=list)
    signatories: list[Record] = field(default_factory=list)
    pledges: list[Record] = field(default_factory=list)
    statistics: list[Record] = field(default_factory=list)
    entities: list[Record] = field(default_factory=list)
    unparsed_spans: list[Record] = field(default_factory=list)
