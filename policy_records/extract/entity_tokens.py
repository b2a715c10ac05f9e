"""Words of a capitalised name: tokens, runs, name splits and the name vocabularies.

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
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import NamedTuple

from policy_records.reference import lookup, norm_name
from policy_records.vocab import read_table

WORD = r"St\.|[\w&](?:[\w'&-]*[\w'])?"
WORD_RE = re.compile(WORD, re.UNICODE)
YEAR_RE = re.compile(r"(?:19|20)\d\d")
TRAILING_YEAR_RE = re.compile(r" (?:19|20)\d\d(?: \d{2,4})?$")  # on a norm_name: "annual review 2015 16"
HARD_WRAP_MIN_CHARS = 60  # a line this long that breaks mid-name is wrapped prose


class Token(NamedTuple):
    start: int
    end: int
    word: str
    kind: str  # "cap", "connector", "year"


@dataclass(slots=True)
class Candidate:
    start: int
    end: int
    name: str
    entity_type: str
    type: str
    acronym: str | None = None
    acronym_span: tuple[int, int] | None = None
    extends: bool = False  # wins over a reference match it contains


@cache
def head_words() -> dict[str, tuple[str, str]]:
    return {r["word"]: (r["entity_type"], r["type"]) for r in read_table("entity_head_words.csv")}


@cache
def owned_heads() -> dict[str, str]:
    """Head words whose name, after "our/their/its", is a programme: word -> "table:type"."""
    return {r["word"]: r["owned"] for r in read_table("entity_head_words.csv") if r["owned"]}


@cache
def name_words(role: str) -> frozenset[str]:
    return frozenset(r["word"] for r in read_table("entity_name_words.csv") if r["role"] == role)


@cache
def generic_phrases() -> frozenset[str]:
    return frozenset(norm_name(r["phrase"]) for r in read_table("entity_generic_phrases.csv"))


@cache
def cue_nouns() -> dict[str, dict[str, str]]:
    return {r["word"]: r for r in read_table("entity_cue_nouns.csv")}


@lru_cache(maxsize=16384)
def is_generic(name: str) -> bool:
    """A generic phrase or place, with or without a year after it ("Annual Review 2015/16")."""
    key = norm_name(name)
    if key in generic_phrases():
        return True
    m = TRAILING_YEAR_RE.search(key)
    return m is not None and key[: m.start()] in generic_phrases()


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


# a character that may start a stretch (a superset: the regex checks the rest), first in the regex
# so that the engine skips ahead on it
STRETCH_FIRST = "['\\-0-9A-Z\\u0080-\\U0010ffff]"
WORD_TAIL = r"(?:(?<=S)t\.|(?:[\w'&-]*[\w'])?)"  # WORD after its first character


@cache
def run_re(at_start: bool) -> re.Pattern[str]:
    """A stretch of words that may hold a run: a word starting with a capital or digit, then
    capitalised words and connectors separated by whitespace. It starts where a word does (not
    after a letter, apostrophe, "&" or hyphen, unless `at_start`), so its words are WORD_RE's.
    The match starts at leading quotes or at the first word: its first word is group 1 (after
    quotes) or the first character and group 2; group 3 holds the other words. Groups 4 and 5
    (in look-aheads) flag what may follow a name: an acronym in parentheses or a kind noun."""
    connectors = "|".join(re.escape(w) for w in sorted(name_words("connector"), key=len, reverse=True))
    nouns = "|".join(re.escape(w) for w in sorted(after_nouns(), key=len, reverse=True))
    first = rf"(?=[^\W_a-z])(?:{WORD})"
    word = rf"(?:(?=[^\W_a-z])|(?=(?:{connectors})(?!\w)))(?:{WORD})"
    lead = "" if at_start else r"(?<![\w'&-][\s\S])"  # the character before the first one
    noun = rf"(?=( (?:{nouns})(?!\w)))?" if nouns else r"((?!))?"  # (?!) never matches
    follows = rf"(?=(\s?\([A-Z]))?{noun}"
    return re.compile(
        rf"{STRETCH_FIRST}{lead}(?:(?<=['-])['-]*({first})|(?<=[^\W_a-z])({WORD_TAIL}))((?:\s*{word})*){follows}"
    )


@cache
def after_nouns() -> frozenset[str]:
    """Kind nouns written after a name ("the X website")."""
    return frozenset(w for w, c in cue_nouns().items() if c["position"] == "after")


def stretches(text: str, start: int, end: int) -> list[re.Match[str]]:
    """Stretches in text[start:end]. WORD_RE.finditer starts a word at `start` whatever precedes
    it, but a look-behind sees the text before `start`: so the first stretch is tried without one."""
    m = run_re(True).match(text, start, end)
    found = [m] if m else []
    found.extend(run_re(False).finditer(text, m.end() if m else start, end))
    return found


def stretch_runs(text: str, m: re.Match[str]) -> list[list[Token]]:
    """The runs of one stretch: maximal sequences of capitalised words and connectors, trimmed to
    start and end on a capital."""
    a = m.start(1)
    rest_start, rest_end = m.span(3)
    if rest_start == rest_end:  # one word
        a, b = (a, m.end(1)) if a >= 0 else (m.start(), m.end(2))
        word = text[a:b]
        return [[Token(a, b, word, "cap")]] if _kind(word) == "cap" else []
    out: list[list[Token]] = []
    current: list[Token] = []
    for w in WORD_RE.finditer(text, a if a >= 0 else m.start(), rest_end):
        word, (s, e) = w.group(), w.span()
        kind = _kind(word)
        if current and (kind is None or (text[current[-1].end : s] != " " and not _joined(text, current[-1].end, s))):
            out.append(current)
            current = []
        if kind == "cap" or (current and kind is not None):
            current.append(Token(s, e, word, kind))
    out.append(current)
    return [r for r in (trim_connectors(r) for r in out) if r]


def runs(text: str, start: int, end: int) -> list[list[Token]]:
    """Maximal sequences of capitalised words and connectors, trimmed to start and end on a capital."""
    return [r for m in stretches(text, start, end) for r in stretch_runs(text, m)]


def trim_connectors(run: list[Token]) -> list[Token]:
    while run and run[-1].kind == "connector":
        run = run[:-1]
    return run


@cache
def determiner_before_re() -> re.Pattern[str]:
    words = "|".join(sorted(w.lower() for w in name_words("determiner")))
    return re.compile(rf"\b(?:{words})\s+$")


def strip_left(run: list[Token], text: str | None = None) -> list[Token]:
    """Drop leading connectors, stop words and determiners; after a determiner only further
    determiners go ("Our Next Steps Project", "our Next Steps Project" with `text` given ->
    "Next Steps Project")."""
    stops, dets = name_words("stop"), name_words("determiner")
    if text is not None and run and run[0].word in stops:
        if determiner_before_re().search(text, max(0, run[0].start - 8), run[0].start):
            return run
    while run and (run[0].kind != "cap" or run[0].word in stops or run[0].word in dets):
        if run[0].word in dets:
            while run and (run[0].kind != "cap" or run[0].word in dets):
                run = run[1:]
            return run
        run = run[1:]
    return run


def head_of(tok: Token) -> tuple[str, str] | None:
    return head_words().get(tok.word) if tok.kind == "cap" else None


def all_caps_heading(run: list[Token]) -> bool:
    caps = [t for t in run if t.kind == "cap"]
    return len(caps) >= 2 and all(t.word.isupper() for t in caps if any(c.isalpha() for c in t.word))


def possessive(tok: Token) -> int:
    """Characters of a possessive ending: 2 for "Council's", 1 for "Workers'", else 0."""
    return 2 if tok.word.endswith("'s") else 1 if tok.word.endswith("'") else 0


def without_possessive(tok: Token) -> Token:
    n = possessive(tok)
    return Token(tok.start, tok.end - n, tok.word[: len(tok.word) - n], tok.kind) if n else tok


def _entity_like(run: list[Token], text: str) -> bool:
    run = strip_left(run)
    if not run:
        return False
    hw = head_words()
    heads = [t.kind == "cap" and (t.word in hw or ("'" in t.word and without_possessive(t).word in hw)) for t in run]
    named = any(heads) and any(t.kind == "cap" and not h for t, h in zip(run, heads, strict=True))
    return named or lookup(text[run[0].start : run[-1].end]) is not None


def split_names(run: list[Token], text: str) -> list[list[Token]]:
    """'Home Office and Border Force', 'Poppy Project to the Salvation Army', 'University of
    Nottingham's Rights Lab' -> two names each; 'Justice and Care', 'Association of Labour
    Providers', 'Derby Women's Centre' stay one."""
    for i, tok in enumerate(run):
        if tok.kind == "connector" and _entity_like(run[:i], text) and _entity_like(run[i + 1 :], text):
            return split_names(trim_connectors(run[:i]), text) + split_names(strip_left(run[i + 1 :]), text)
        if "'" in tok.word and i + 1 < len(run) and possessive(tok):
            owner = [*run[:i], without_possessive(tok)]
            if _entity_like(owner, text) and _entity_like(run[i + 1 :], text):
                return split_names(owner, text) + split_names(strip_left(run[i + 1 :]), text)
    return [run]
