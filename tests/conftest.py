"""Shared fixtures: documents built from text, the fixture corpus, Prefect's test harness."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import pytest

from policy_records.model import Document

FIXTURES = Path(__file__).parent / "fixtures"
CORPUS = FIXTURES / "corpus"
REPO = Path(__file__).resolve().parent.parent

os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
os.environ.setdefault("PREFECT_LOGGING_LEVEL", "WARNING")


def make_document(text: str, document_id: str = "doc") -> Document:
    data = text.encode("utf-8")
    return Document(document_id, f"{document_id}.txt", hashlib.sha256(data).hexdigest(), "utf-8", text, len(data))


@pytest.fixture(scope="session")
def prefect_harness():
    """One temporary Prefect server for the whole test session."""
    from prefect.testing.utilities import prefect_test_harness

    with prefect_test_harness(server_startup_timeout=120):
        yield


def count_extractions(monkeypatch: pytest.MonkeyPatch, module) -> list[list[str]]:
    """One batch per document, and the document IDs of every batch that `module.extract_batch` extracts
    from now on (the list grows as batches are extracted)."""
    from policy_records import pipeline

    monkeypatch.setattr(pipeline, "BATCH_MAX_DOCS", 1)
    calls: list[list[str]] = []
    real = module.extract_batch

    def counting(batch):
        calls.append([d.document_id for d in batch])
        return real(batch)

    monkeypatch.setattr(module, "extract_batch", counting)
    return calls
