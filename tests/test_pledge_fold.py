"""Pledge search shortcuts find what the plain searches find: unanchored and split patterns, the match over a
trigger word, clause boundaries found from the end, trailing adverbs, the party gate."""

from __future__ import annotations

import re

import pytest

from policy_records.extract.pledge_fold import alternatives, match_over, search, unanchored
from policy_records.extract.pledge_subjects import (
    CLAUSE_BOUNDARY_RE,
    REVERSED_BOUNDARY_RE,
    TRAILING_ADVERB_RE,
    last_boundaries,
    without_trailing,
)

TEXTS = [
    "we will act",
    "their will be done; we'll see. there will always be a way",
    "xwill willing will, won't we’ll",
    "our organisations and the undersigned signatories co-signed",
    "signed by: us, and xsigned by : them",
    "",
]
PATTERNS = [
    r"\b(?:\bwill\b|\bshall\b|['’]ll\b|\bwon['’]t\b)",
    r"\b(?:(?:\bthere\s+will\s+(?:always\s+)?be\b)|(?:\b(?:their|his)\s+will\b))",
    r"\b(?:(?:our\s+organi[sz]ations\b|the\s+undersigned\b|signatories\b|signed\s+by\s*:|co-signed\b))",
]


@pytest.mark.parametrize("pattern", PATTERNS)
@pytest.mark.parametrize("text", TEXTS)
def test_unanchored_search(pattern, text):
    compiled = re.compile(pattern)
    assert unanchored(compiled) is not None
    for start in range(len(text) + 1):
        found, expected = search(compiled, text, start, len(text)), compiled.search(text, start, len(text))
        assert (found and found.span()) == (expected and expected.span())


@pytest.mark.parametrize("pattern", PATTERNS + [r"(?<!x)will\b", r"(?>will)\b"])
@pytest.mark.parametrize("text", TEXTS)
def test_match_over(pattern, text):
    compiled = re.compile(pattern)
    for at in range(len(text)):
        lo, hi = max(0, at - 12), at + 20
        expected = None
        for m in compiled.finditer(text, lo, hi):
            if m.start() > at:
                break
            if at < m.end():
                expected = m
                break
        found = match_over(compiled, unanchored(compiled), text, lo, hi, at)
        assert (found and found.span()) == (expected and expected.span())


def test_unanchored_keeps_atomic_and_empty_patterns():
    assert unanchored(re.compile(r"\b(?>will)")) is None
    assert unanchored(re.compile(r"\b(?:will)?")) is None
    assert unanchored(re.compile(r"will\b")) is None


@pytest.mark.parametrize("pattern, parts", [
    (PATTERNS[2], [r"\b(?:our\s+organi[sz]ations\b)", r"\b(?:the\s+undersigned\b)", r"\b(?:signatories\b)",
                   r"\b(?:signed\s+by\s*:)", r"\b(?:co-signed\b)"]),
    (r"\b(?:(?:a|b)|(?:c[|)]d))", [r"\b(?:(?:a|b))", r"\b(?:(?:c[|)]d))"]),
    (r"x(?:a|b)", [r"(?:x(?:a|b))"]),
    (r"\b(?:a\|b|c)", [r"\b(?:a\|b)", r"\b(?:c)"]),
])
def test_alternatives(pattern, parts):
    compiled = re.compile(pattern)
    split = alternatives(compiled)
    assert [p.pattern for p in split] == parts
    for text in TEXTS + ["a|b", "c|d", "xa", "c)d"]:
        assert bool(compiled.search(text)) == any(p.search(text) for p in split)


@pytest.mark.parametrize("head", [
    "", "we", "the Government, which said that", "a - b - c", "x - - y", "one, two; three: four",
    "Ministers (who) and officials", "the minister – and her deputy —", "so that whether or not",
])
@pytest.mark.parametrize("boundary_re, reversed_re", [
    (CLAUSE_BOUNDARY_RE, REVERSED_BOUNDARY_RE),
])
def test_last_boundaries(head, boundary_re, reversed_re):
    before, last = (0, 0), (0, 0)
    for m in boundary_re.finditer(head):
        before, last = last, m.span()
    assert last_boundaries(head, boundary_re, reversed_re) == (before, last)


@pytest.mark.parametrize("phrase", [
    "", "we", "we also", " also", "also", "the Government has also", "the Government\nhas", "this",
    "the council is", "the councils", "they themselves really", "nothing has\tnot",
])
def test_without_trailing(phrase):
    assert without_trailing(TRAILING_ADVERB_RE, phrase) == TRAILING_ADVERB_RE.sub("", phrase)


@pytest.mark.parametrize("heading", [
    "Liberal Democrats: our plan", "LIBERAL DEMOCRATS WOULD", "Labour and the Liberal Democrats",
    "Our policy on modern slavery", "Sinn Féin on trafficking", "Liberal Democrat\u212a policy",
])
def test_parties_named_as_with_every_party(heading):
    from policy_records.extract.pledge_voice import _parties_named, parties, party_re
    ids = [p.organisation_id for p in parties()]
    expected = {ids[int((m.lastgroup or "p0")[1:])] for m in party_re().finditer(heading)}
    assert _parties_named(heading, 0, len(heading), ids) == expected
