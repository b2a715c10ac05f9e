"""Words of a capitalised name: tokens, runs and the name vocabularies.

A run is a maximal sequence of capitalised words ("cap"), connectors ("of",
"for", "and", ... see `reference/entity_name_words.csv`) and years, on one line
or across a single line break in hard-wrapped prose. One regex (`run_re`) finds
the stretches of capitalised and connector words at C speed; only the words
inside a stretch are classified one by one. Title words ("Minister",
"MP", "Sir") break a run: people are not organisations. Head words
(`reference/entity_head_words.csv`) give a name its table and type; generic
phrases and places (`reference/entity_generic_phrases.csv`) are never names.
"""

from __future__ import annotations

import re
from functools import cache, lru_cache
from typing import NamedTuple

from policy_records.reference import norm_name
from policy_records.vocab import read_table

WORD = r"St\.|[\w&](?:[\w'&-]*[\w'])?"
WORD_RE = re.compile(WORD, re.UNICODE)
YEAR_RE = re.compile(r"(?:19|20)\d\d")
HARD_WRAP_MIN_CHARS = 60  # a line this long that breaks mid-name is wrapped prose


class Token(NamedTuple):
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
    if gap == " ":
        return True
    if gap.strip() or gap.count("\n") > 1:
        return False
    if "\n" in gap:
        line_start = text.rfind("\n", 0, a) + 1
        return a - line_start > HARD_WRAP_MIN_CHARS  # hard-wrapped prose, not a list or heading
    return True


@cache
def run_re(at_start: bool) -> re.Pattern[str]:
    """A stretch of words that may hold a run: a word starting with a capital or digit, then
    capitalised words and connectors separated by whitespace. It starts where a word does (not
    after a letter, apostrophe, "&" or hyphen, unless `at_start`), so its words are WORD_RE's."""
    connectors = "|".join(re.escape(w) for w in sorted(name_words("connector"), key=len, reverse=True))
    first = rf"(?=[^\W_a-z])(?:{WORD})"
    word = rf"(?:(?=[^\W_a-z])|(?=(?:{connectors})(?!\w)))(?:{WORD})"
    lead = "" if at_start else r"(?<![\w'&-])"
    return re.compile(rf"{lead}['-]*({first})((?:\s*{word})*)")


def _stretches(text: str, start: int, end: int) -> list[re.Match[str]]:
    """Stretches in text[start:end]. WORD_RE.finditer starts a word at `start` whatever precedes
    it, but a lookbehind sees the text before `start`: so the first stretch is tried without one."""
    m = run_re(True).match(text, start, end)
    found = [m] if m else []
    found.extend(run_re(False).finditer(text, m.end() if m else start, end))
    return found


def runs(text: str, start: int, end: int) -> list[list[Token]]:
    """Maximal sequences of capitalised words and connectors, trimmed to start and end on a capital."""
    out: list[list[Token]] = []
    for stretch in _stretches(text, start, end):
        first, rest = stretch.group(1, 2)
        if not rest:  # one word
            if _kind(first) == "cap":
                s = stretch.start(1)
                out.append([Token(s, s + len(first), first, "cap")])
            continue
        current: list[Token] = []
        for m in WORD_RE.finditer(text, stretch.start(1), stretch.end(2)):
            word, (a, b) = m.group(), m.span()
            kind = _kind(word)
            if current and (kind is None or not _joined(text, current[-1].end, a)):
                out.append(current)
                current = []
            if kind == "cap" or (current and kind in ("connector", "year")):
                current.append(Token(a, b, word, kind))
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
