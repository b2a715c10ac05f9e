"""Spans that look like a record but cannot be parsed are listed with their offsets, not dropped."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest

from policy_records.extract import extract_records
from policy_records.extract.unparsed import collecting, note, placed
from policy_records.model import Segment
from policy_records.pipeline import run_release
from tests.conftest import FIXTURES, make_document

TOPIC = "The partnership supports victims of modern slavery and human trafficking across the region."


def unparsed(text: str) -> list[tuple[str, str, str]]:
    rows = extract_records([make_document(text)]).unparsed_spans
    for r in rows:
        assert text[r["start"]:r["end"]] == r["text"]
    return [(r["record_type"], r["problem"], r["text"]) for r in rows]


@pytest.mark.parametrize(
    "text, expected",
    [
        # a dateline that names a month but is no date
        (f"Humber Anti-Slavery Partnership\n30 February 2025\n\n{TOPIC}\n",
         [("documents", "date", "30 February 2025")]),
        (f"Posted on 31 April 2024 by the partnership\n\n{TOPIC}\n", [("documents", "date", "31 April 2024")]),
        (f"Humber Anti-Slavery Partnership\n2024-02-30\n\n{TOPIC}\n", [("documents", "date", "2024-02-30")]),
        (f"Published: 12 Febuary 2024\n\n{TOPIC}\n", [("documents", "date", "12 Febuary 2024")]),
        (f"Last updated: 10/18/2016\n\n{TOPIC}\n", [("documents", "date", "10/18/2016")]),
        # real dates, and "Word number, year" lines that are no dates at all
        (f"Posted 5 Sept 2023\n\n{TOPIC}\n", []),
        (f"Humber Anti-Slavery Partnership\nNumber 3, 2019\n\n{TOPIC}\n", []),
        (f"Humber Anti-Slavery Partnership\n28 February 2025\n\n{TOPIC}\n", []),
        (f"Humber Anti-Slavery Partnership\nChapter 3, 2019\n\n{TOPIC}\n", []),
        # number words with no single value
        (f"{TOPIC} The partnership was founded in nineteen ninety-nine by the police and councils.\n",
         [("statistics", "number_words", "nineteen ninety-nine")]),
        (f"{TOPIC} Between seven eight hundred people were referred to the council.\n",
         [("statistics", "number_words", "seven eight hundred")]),
        # number words that are a number
        (f"{TOPIC} The partnership referred two hundred and twelve people to the council.\n", []),
    ],
)
def test_unparsed_spans(text: str, expected: list[tuple[str, str, str]]):
    assert unparsed(text) == expected


def test_an_unparsed_span_is_still_no_record():
    text = f"{TOPIC} The partnership was founded in nineteen ninety-nine by the police and councils.\n"
    result = extract_records([make_document(text)])
    assert not [s for s in result.statistics if "ninety" in s["text"]]
    assert [r["segment_id"] for r in result.unparsed_spans] == ["doc-s1"]


def test_nothing_is_collected_outside_a_document(caplog):
    with caplog.at_level("DEBUG", logger="policy_records.extract.unparsed"):
        note(3, 9, "statistics", "number_words", "why")
    assert "unparsed statistics (number_words) at [3:9]: why" in caplog.text


def test_notes_are_placed_in_their_segment_once():
    doc = make_document("First part text.\nSecond part text.\n")
    segments = [Segment("doc-s1", "doc", 1, None, 0, 17, True), Segment("doc-s2", "doc", 2, None, 17, 35, True)]
    with collecting(doc) as rows:
        note(0, 5, "statistics", "number_words", "why")
        note(17, 23, "documents", "date", "why")
        note(17, 23, "documents", "date", "why")  # the same span read twice
    assert [(r["segment_id"], r["text"]) for r in placed(rows, segments)] == [("doc-s1", "First"), ("doc-s2", "Second")]


def test_a_release_lists_unparsed_spans_and_checks_their_offsets(tmp_path: Path):
    raw = FIXTURES / "unparsed"
    published = run_release(raw, tmp_path / "dist", expectations=None, log=lambda _m: None).published
    rows = pl.read_csv(published.path / "unparsed_spans.csv").to_dicts()
    assert [(r["document_id"], r["segment_id"], r["record_type"], r["problem"], r["text"]) for r in rows] == [
        ("partnership_release", "partnership_release-s1", "documents", "date", "30 February 2025"),
        ("partnership_release", "partnership_release-s1", "statistics", "number_words", "nineteen ninety-nine"),
    ]
    text = (raw / "partnership_release.txt").read_text(encoding="utf-8")
    assert all(text[r["start"]:r["end"]] == r["text"] for r in rows)
    documents = pl.read_csv(published.path / "documents.csv")
    assert documents["published_date"].to_list() == [None]
    assert "provenance: every quote is the text at its offsets" in (published.path / "validation.txt").read_text()
