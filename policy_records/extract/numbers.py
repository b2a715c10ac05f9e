"""Numbers as written: the lexical layer under `statistics`.

Finds every place a number is written in a span and gives its value:
- digits with thousands separators and decimals ("4,088", "33.5");
- numbers in words ("forty", "two thousand", "one hundred and twenty",
  "twenty-four", "a million", "half a million"), parsed with text2num;
- fractions used as shares ("a quarter of", "two thirds of", "half of") or as
  the size of a change ("fell by a third", "cut by two-thirds", "rose by
  half"), valued as percentages;
- ordinals used as ranks ("the third biggest", "2nd largest", "ranked fifth").
Not here: deciding whether a number is a statistic (see `statistics`).
A run of number words with no single value ("nineteen ninety-nine", "seven
eight hundred") is no number; it is noted as unparsed (`extract.unparsed`).
Ordinals that are not ranks ("21st century", "the first time") are never
numbers; digits glued to letters ("A21", "SCD9", "Covid-19") are not either.
Number words, scales, superlatives and change words are data in `reference/`
(`stat_number_words.csv`, `stat_ranks.csv`, `stat_changes.csv`).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from functools import cache, lru_cache
from operator import itemgetter
from typing import NamedTuple

from text_to_num import text2num

from policy_records.extract.unparsed import note
from policy_records.vocab import compiled, read_table

# The right-hand boundary is checked by `statistics` after unit letters ("£33.5m", "2bn").
DIGITS_RE = re.compile(r"(?<![\w.,/@#])(?<![A-Za-z]-)(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?(?![\d,]\d|\.\d)")
ORDINAL_DIGITS = r"\d+(?:st|nd|rd|th)"
DIGIT_RE = re.compile(r"\d")
AND_A_HALF_RE = re.compile(r"\s+and\s+a\s+half\b", re.IGNORECASE)
HALF_BEFORE_RE = re.compile(r"(?<![\w-])half\s+$", re.IGNORECASE)
LOWER_WORD_RE = re.compile(r"[a-z]+")
SPACES_RE = re.compile(r"\s+")
UNREAD_WORDS = "number words with no single value (a year or a time in words, or two numbers run together)"
ARTICLE_RE = re.compile(r"^an? ")
NOT_A_SHARE_RE = re.compile(r"\b(?:the|other|first|second|last)\s+$", re.IGNORECASE)
BY_START = itemgetter(0)  # a Number's start
CHANGE_REACH = 60  # characters looked at before a fraction for the change it measures ("fell by")


class Number(NamedTuple):
    """A number written in text[start:end]; `kind` is digits, words, fraction or rank (a tuple: cheap to make)."""

    start: int
    end: int
    value: float
    kind: str


# The matches of one of the number patterns (see `number_pattern`) in a span, in order.
Scan = Callable[[str], Iterator[re.Match[str]]]


@cache
def _words(kind: str) -> dict[str, float]:
    return {r["word"]: float(r["value"]) for r in read_table("stat_number_words.csv") if r["kind"] == kind}


def number_words(kind: str) -> dict[str, float]:
    """The number words of a kind (cardinal, scale, ordinal, fraction) with their values."""
    return _words(kind)


def _alternation(words) -> str:
    return "|".join(sorted(words, key=len, reverse=True))


@cache
def _word_number_re() -> re.Pattern[str]:
    card, scale = _alternation(_words("cardinal")), _alternation(_words("scale"))
    after_scale = "|".join(rf"(?<={s})\s+and\s+(?:{card})\b" for s in _words("scale"))
    token = rf"(?:{card}|{scale})\b"
    return re.compile(
        rf"(?<![\w-])(?:a\s+(?:{scale})\b|(?:{card})\b)(?:(?:\s+|-){token}|{after_scale})*(?![\w])",
        re.IGNORECASE,
    )


@cache
def number_fragment() -> str:
    """Regex fragment for a number in digits or words, for patterns written with `{n}` in reference CSVs."""
    words = _alternation({**_words("cardinal"), **_words("scale")})
    return rf"(?:\d[\d,.]*\d|\d|(?:{words})(?:[\s-]+(?:{words}))*)\b"


@cache
def _fraction_re() -> re.Pattern[str]:
    """A fraction followed by "of" (group `of` set) or standing alone, not before a scale word ("half a
    million" is a count); `find_fractions` keeps one standing alone only after a change ("fell by")."""
    card, frac = _alternation(_words("cardinal")), _alternation(_words("fraction"))
    scale = _alternation(_words("scale"))
    return re.compile(
        rf"(?<![\w-])(?:(?P<num>a|an|{card}|\d+)[\s-]+(?P<den>{frac})|(?P<half>half))"
        rf"(?:(?=\s+of\b)(?P<of>)|(?![\w-]|\s+(?:an?\s+)?(?:{scale})\b))",
        re.IGNORECASE,
    )


@cache
def _change_by_re() -> re.Pattern[str]:
    """A change and its "by", then maybe a qualifier, ending where a fraction starts: "fell by (almost) "."""
    change = "|".join(f"(?:{r['pattern']})" for r in read_table("stat_changes.csv") if r["role"] == "by")
    qualifier = "|".join(f"(?:{r['pattern']})" for r in read_table("qualifiers.csv") if r["position"] == "before")
    return re.compile(rf"\b(?:{change})\s+by\s+(?:(?:{qualifier})\s+)?$", re.IGNORECASE)


def after_change(text: str, start: int) -> bool:
    """A change with "by" ends at `start`: "fell by " (a third), "rose by almost " (half)."""
    return _change_by_re().search(text, max(0, start - CHANGE_REACH), start) is not None


@cache
def _rank_re() -> re.Pattern[str]:
    ordinal = _alternation(_words("ordinal"))
    sup = compiled("stat_ranks.csv").pattern
    return re.compile(
        rf"(?<![\w-])(?P<ord>{ordinal}|{ORDINAL_DIGITS})(?:\s+|-)(?:{sup})\b"
        rf"|\b(?:ranked|ranks|ranking|placed)\s+(?P<ord2>{ordinal}|{ORDINAL_DIGITS})\b",
        re.IGNORECASE,
    )


def ordinal_value(word: str) -> float:
    word = word.lower()
    return float(word[:-2]) if word[:-2].isdigit() else _words("ordinal")[word]


@lru_cache(maxsize=4096)
def word_value(phrase: str) -> float | None:
    """Value of a run of number words ("two thousand" -> 2000); None when text2num refuses it (real texts
    repeat a few number phrases: each is parsed once)."""
    words = SPACES_RE.sub(" ", phrase.lower()).strip()
    words = ARTICLE_RE.sub("one ", words)
    try:
        return float(text2num(words, "en"))
    except ValueError:
        return None


def digits_value(written: str) -> float:
    return float(written.replace(",", ""))


def number_pattern(kind: str) -> re.Pattern[str]:
    """The pattern of a kind of number: digits, words, fractions or ranks."""
    if kind == "digits":
        return DIGITS_RE
    return {"words": _word_number_re, "fractions": _fraction_re, "ranks": _rank_re}[kind]()


def full_scan(text: str, start: int, end: int) -> Scan:
    """Each number pattern tried at every position of text[start:end]."""
    return lambda kind: number_pattern(kind).finditer(text, start, end)


def find_fractions(text: str, start: int, end: int, scan: Scan | None = None) -> list[Number]:
    """Shares written as fractions: "a quarter of", "fell by a quarter" -> 25 (percent)."""
    out = []
    for m in (scan or full_scan(text, start, end))("fractions"):
        if m["of"] is None and not after_change(text, m.start()):
            continue  # "a third party", "the second half": not a share
        den = _words("fraction")[(m["den"] or m["half"]).lower()]
        num_text = m["num"] or "a"
        if m["half"] and NOT_A_SHARE_RE.search(text, max(0, m.start() - 12), m.start()):
            continue  # "the other half of" is not a share
        num_words = re.sub(r"^an?$", "one", num_text, flags=re.IGNORECASE)
        num = digits_value(num_text) if num_text.isdigit() else word_value(num_words)
        if num is not None and 0 < num < den:
            out.append(Number(m.start(), m.end(), 100 * num / den, "fraction"))
    return out


def find_ranks(text: str, start: int, end: int, scan: Scan | None = None) -> list[Number]:
    """Ordinals used as ranks: "the third biggest" -> 3."""
    return [
        Number(m.start(), m.end(), ordinal_value(m["ord"] or m["ord2"]), "rank")
        for m in (scan or full_scan(text, start, end))("ranks")
    ]


def _with_half(text: str, n: Number, start: int, end: int) -> Number:
    """ "six and a half (years)" is 6.5; "half a million" is 500,000."""
    m = AND_A_HALF_RE.match(text, n.end, end)
    if m:
        return Number(n.start, m.end(), n.value + 0.5, n.kind)
    if n.kind == "words" and text[n.start : n.start + 2].lower() == "a ":
        before = HALF_BEFORE_RE.search(text, max(start, n.start - 6), n.start)
        if before:
            return Number(before.start(), n.end, n.value / 2, n.kind)
    return n


def find_plain(text: str, start: int, end: int, scan: Scan | None = None) -> list[Number]:
    """Cardinal numbers in digits or words, in order."""
    scan = scan or full_scan(text, start, end)
    out = [Number(m.start(), m.end(), digits_value(m[0]), "digits") for m in scan("digits")]
    digits = len(out)
    for m in scan("words"):
        value = word_value(m[0].replace("-", " "))
        if value is not None:
            out.append(Number(m.start(), m.end(), value, "words"))
        else:
            note(m.start(), m.end(), "statistics", "number_words", UNREAD_WORDS)
    if len(out) == digits:  # digits only: already in order
        return [_with_half(text, n, start, end) for n in out]
    return sorted((_with_half(text, n, start, end) for n in out), key=BY_START)


def find_digits(text: str, start: int, end: int, places: list[int]) -> list[Number]:
    """find_numbers(text, start, end) of a span where no number word is written and no digits have an
    ordinal suffix: numbers in digits, tried at `places` (in order) only."""
    out, pos = [], start
    for p in places:
        if p >= pos:
            m = DIGITS_RE.match(text, p, end)
            if m:
                pos = m.end()
                out.append(_with_half(text, Number(p, pos, digits_value(m[0]), "digits"), start, end))
    return out


@cache
def _number_words() -> frozenset[str]:
    return frozenset(w for kind in ("cardinal", "scale", "ordinal", "fraction") for w in _words(kind))


def might_hold_numbers(chunk: str) -> bool:
    """Cheap gate: a digit or a number word somewhere in the chunk."""
    if DIGIT_RE.search(chunk):
        return True
    return not _number_words().isdisjoint(LOWER_WORD_RE.findall(chunk.lower()))


def find_numbers(text: str, start: int, end: int, scan: Scan | None = None) -> list[Number]:
    """Every number in text[start:end]; ranks and fractions win over the plain numbers inside them.
    `scan` gives the matches of the number patterns when the caller knows where they can start;
    without it the span is gated by `might_hold_numbers` and scanned in full."""
    if scan is None:
        if not might_hold_numbers(text[start:end]):
            return []
        scan = full_scan(text, start, end)
    special = find_ranks(text, start, end, scan) + find_fractions(text, start, end, scan)
    if not special:
        return find_plain(text, start, end, scan)
    taken = [(s.start, s.end) for s in special]
    plain = [n for n in find_plain(text, start, end, scan) if not any(a < n.end and n.start < b for a, b in taken)]
    return sorted(special + plain, key=BY_START)
