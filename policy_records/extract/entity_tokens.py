"""Words of a capitalised name: tokens, runs and the name vocabularies.

A run is a maximal sequence of capitalised words ("cap"), connectors ("of",
"for", "and", ... see `reference/entity_name_words.csv`) and years, on one line
or across a single line break in hard-wrapped prose. Title words ("Minister",
"MP", "Sir") break a run: people are not organisations. Head words
(`reference/entity_head_words.csv`) give a name its table and type; generic
phrases and places (`reference/entity_generic_phrases.csv`) are never names.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, lru_cache

from policy_records.reference import norm_name
from policy_records.vocab import read_table

WORD_RE = re.compile(r"St\.|[\w&](?:[\w'&-]*[\w'])?", re.UNICODE)
YEAR_RE = re.compile(r"(?:19|20)\d\d")
HARD_WRAP_MIN_CHARS = 60  # a line this long that breaks mid-name is wrapped prose


@dataclass(frozen=True)
class Token:
    start: int
    end: int
    word: str
    kind: str  # "cap", "connector", "year"


@cache
def head_words() -> dict[str, tuple[str, str]]:
    return {r["word"]: (r["entity_type"], r["type"]) for r in read_table("entity_head_words.csv")}


@cache
def name_words(role: str) -> frozenset[str]:
    return frozenset(r["word"] for r in read_table("entity_name_words.csv") if r["role"] == role)


@cache
def generic_phrases() -> frozenset[str]:
    return frozenset(norm_name(r["phrase"]) for r in read_table("entity_generic_phrases.csv"))


@cache
def cue_nouns() -> dict[str, dict[str, str]]:
    return {r["word"]: r for r in read_table("entity_cue_nouns.csv")}


def is_generic(name: str) -> bool:
    return norm_name(name) in generic_phrases()


@lru_cache(maxsize=65536)
def _kind(word: str) -> str | None:
    if word in name_words("connector"):
        return "connector"
    if word in name_words("title"):
        return None
    if YEAR_RE.fullmatch(word):
        return "year"
    parts = [p for p in word.split("-") if p]
    if parts and all(p[0].isupper() or p[0].isdigit() for p in parts) and any(c.isalpha() for c in word):
        return "cap"
    return None


def _joined(text: str, a: int, b: int) -> bool:
    """May a name run across text[a:b] (the gap between two words)?"""
    gap = text[a:b]
    if gap.strip() or gap.count("\n") > 1:
        return False
    if "\n" in gap:
        line_start = text.rfind("\n", 0, a) + 1
        return a - line_start > HARD_WRAP_MIN_CHARS  # hard-wrapped prose, not a list or heading
    return True


def runs(text: str, start: int, end: int) -> list[list[Token]]:
    """Maximal sequences of capitalised words and connectors, trimmed to start and end on a capital."""
    out: list[list[Token]] = []
    current: list[Token] = []
    for m in WORD_RE.finditer(text, start, end):
        kind = _kind(m.group())
        if current and (kind is None or not _joined(text, current[-1].end, m.start())):
            out.append(current)
            current = []
        if kind == "cap" or (current and kind in ("connector", "year")):
            current.append(Token(m.start(), m.end(), m.group(), kind))
    out.append(current)
    return [r for r in (trim_connectors(r) for r in out) if r]


def trim_connectors(run: list[Token]) -> list[Token]:
    while run and run[-1].kind == "connector":
        run = run[:-1]
    return run


def strip_left(run: list[Token]) -> list[Token]:
    while run and (run[0].kind != "cap" or run[0].word in name_words("stop")):
        run = run[1:]
    return run


def head_of(tok: Token) -> tuple[str, str] | None:
    return head_words().get(tok.word) if tok.kind == "cap" else None


def all_caps_heading(run: list[Token]) -> bool:
    caps = [t for t in run if t.kind == "cap"]
    return len(caps) >= 2 and all(t.word.isupper() for t in caps if any(c.isalpha() for c in t.word))
