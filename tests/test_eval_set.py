"""The evaluation set (`tests/fixtures/eval/`, for `make eval`) stays well-formed: gold quotes are in the text."""

from __future__ import annotations

import json

import pytest

from tests.conftest import FIXTURES

EVAL = FIXTURES / "eval"
GOLD = json.loads((EVAL / "gold.json").read_text(encoding="utf-8"))["documents"]


@pytest.mark.parametrize("document_id", sorted(GOLD))
def test_gold_quotes_are_in_the_text(document_id):
    text = (EVAL / "raw" / f"{document_id}.txt").read_text(encoding="utf-8")
    gold = GOLD[document_id]
    for item in gold.get("statistics", []):
        assert item["context"] in text, item["context"]
    for item in gold.get("pledges", []):
        assert item["quote"] in text, item["quote"]
    for item in gold.get("entities", []):
        assert item["table"] in ("organisation", "programme", "either")
        assert any(name.lower() in text.lower() for name in item["names"]) or not item["required"], item["names"]
