"""Number spots: the places of a segment where a number can be written, found in one pass.

Every number `numbers` finds holds a spot: a run of digits or a number word of
`reference/stat_number_words.csv` standing as a whole run of letters. One
Aho-Corasick pass over the lower-cased segment finds the number words and the
digits (the ASCII ones; a segment that may hold other digits `\\d` matches,
"٣", is searched for digit runs with a regex). A paragraph or sentence where
no spot starts (most of them) is then skipped with no further work, and each
number pattern is tried only where one of its matches can start: at a spot or
at the word before it ("a million", "an eighth of", "ranked fifth"); a
fraction needs a fraction word, a rank an ordinal word or digits with an
ordinal suffix. The segment's lower-cased text is kept for the sentences
and windows cut from it (`Spots.lowered`).

The answers are exactly those of `might_hold_numbers` and `find_numbers` on
the span: a span with an edge between two letters or digits, or a segment
whose lower-casing is not plain (see `text.lowered_text`), is handed to
them as it is.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from sys import maxunicode

import ahocorasick

from policy_records.extract.numbers import (
    Number,
    Scan,
    find_digits,
    find_numbers,
    might_hold_numbers,
    number_pattern,
    number_words,
)
from policy_records.text import lowered_text

DIGIT_RUN_RE = re.compile(r"\d+")
LETTERS = frozenset("abcdefghijklmnopqrstuvwxyz")  # a number word next to one is part of a longer word
KINDS = ("cardinal", "scale", "ordinal", "fraction")
ORDINAL_NEXT = "sStTnNrR"  # first letters of an ordinal suffix (st, nd, rd, th) in either case
DIGIT: tuple[int, frozenset[str]] = (1, frozenset())  # the automaton's value for a digit


@dataclass(frozen=True)
class Spots:
    """The number words of text[base:base+len(low)], whose lower-cased text is `low`: where each starts,
    in order, and its kinds (cardinal, scale, ordinal, fraction); its digit runs (start, end), in order;
    `marks`, the starts of both, in order; and `suffixed`, the starts of the digit runs that may have an
    ordinal suffix ("21st"), in order."""

    base: int
    low: str
    starts: list[int]
    kinds: list[frozenset[str]]
    digits: list[tuple[int, int]]
    marks: list[int]
    suffixed: list[int]

    def lowered(self, text: str, start: int, end: int) -> str | None:
        """lowered_text(text, start, end), sliced from the segment's."""
        if start < self.base or end > self.base + len(self.low):
            return lowered_text(text, start, end)
        return self.low[start - self.base : end - self.base]

    def quiet(self, start: int, end: int) -> bool:
        """No number word nor digit run starts in text[start:end]."""
        return _none_in(self.marks, start, end)


def _none_in(places: list[int], start: int, end: int) -> bool:
    """None of the `places` (in order) is in [start, end)."""
    i = bisect_left(places, start)
    return i == len(places) or places[i] >= end


@cache
def _automaton() -> ahocorasick.Automaton:
    automaton = ahocorasick.Automaton()
    for word in {w for kind in KINDS for w in number_words(kind)}:
        kinds = frozenset(k for k in KINDS if word in number_words(k))
        automaton.add_word(word, (len(word), kinds))
    for digit in "0123456789":
        automaton.add_word(digit, DIGIT)
    automaton.make_automaton()
    return automaton


@cache
def _other_digit_leads() -> tuple[bytes, ...]:
    """The first UTF-8 bytes of the digits beyond ASCII (what else \\d matches): text whose UTF-8 holds
    none of them has no such digit."""
    others = filter(str.isdecimal, map(chr, range(128, maxunicode + 1)))
    return tuple(bytes([b]) for b in sorted({d.encode()[0] for d in others}))


def _ascii_digits_only(low: str) -> bool:
    data = low.encode("utf-8", "surrogatepass")
    return not any(lead in data for lead in _other_digit_leads())


def find_spots(text: str, start: int, end: int) -> Spots | None:
    """The number words and digit runs of text[start:end]; None when lower-casing does not keep letters
    in place."""
    low = lowered_text(text, start, end)
    if low is None:
        return None
    starts, kinds, digits = [], [], []
    run_start = run_end = -2
    for last, value in _automaton().iter(low):
        if value is DIGIT:
            if last != run_end:
                if run_start >= 0:
                    digits.append((start + run_start, start + run_end))
                run_start = last
            run_end = last + 1
            continue
        length, word_kinds = value
        first = last + 1 - length
        if low[first - 1 : first] in LETTERS or low[last + 1 : last + 2] in LETTERS:
            continue  # part of a longer word ("someone", "eighteen")
        starts.append(start + first)
        kinds.append(word_kinds)
    if run_start >= 0:
        digits.append((start + run_start, start + run_end))
    if not _ascii_digits_only(low):
        digits = [m.span() for m in DIGIT_RUN_RE.finditer(text, start, end)]
    suffixed = [s for s, e in digits if text[e : e + 1] in ORDINAL_NEXT]
    return Spots(start, low, starts, kinds, digits, sorted(starts + [s for s, _ in digits]), suffixed)


def clean(text: str, start: int, end: int) -> bool:
    """Neither edge of text[start:end] falls between two letters or digits: the span cuts no number
    word or digit run in two (a cheap test, stricter than needed)."""
    return not text[start - 1 : start + 1].isalnum() and not text[end - 1 : end + 1].isalnum()


def holds_number(text: str, spots: Spots | None, start: int, end: int) -> bool:
    """might_hold_numbers(text[start:end])."""
    if spots is None or not clean(text, start, end):
        return might_hold_numbers(text[start:end])
    return not spots.quiet(start, end)


def _word_before(text: str, start: int, pos: int) -> int:
    """Start of the word before the gap of white space and hyphens ending at `pos`."""
    while pos > start and (text[pos - 1].isspace() or text[pos - 1] == "-"):
        pos -= 1
    while pos > start and (text[pos - 1].isalnum() or text[pos - 1] == "_"):
        pos -= 1
    return pos


def _starts(
    text: str, start: int, words: list[tuple[int, frozenset[str]]], digits: list[tuple[int, int]]
) -> dict[str, list[int]]:
    """Where each number pattern can match in a span from `start` holding number `words` (start,
    kinds) and digit runs (see the patterns in `numbers`)."""
    runs = [s for s, _ in digits]
    ordinal = [s for s, e in digits if text[e : e + 1] in ORDINAL_NEXT]
    if not words:
        ranks = sorted({*ordinal, *(_word_before(text, start, p) for p in ordinal)}) if ordinal else []
        return {"digits": runs, "words": [], "fractions": [], "ranks": ranks}
    card = [p for p, k in words if "cardinal" in k]
    scale = [_word_before(text, start, p) for p, k in words if "scale" in k]
    fraction = [p for p, k in words if "fraction" in k]
    ordinal += [p for p, k in words if "ordinal" in k]
    return {
        "digits": runs,
        "words": sorted({*card, *scale}),
        "fractions": sorted({*card, *runs, *fraction, *(_word_before(text, start, p) for p in fraction)})
        if fraction
        else [],
        "ranks": sorted({*ordinal, *(_word_before(text, start, p) for p in ordinal)}),
    }


def _scan(text: str, end: int, starts: dict[str, list[int]]) -> Scan:
    """`finditer` of a number pattern over the span, trying only the given start positions."""

    def scan(kind: str) -> Iterator[re.Match[str]]:
        if not starts[kind]:
            return
        pattern, pos = number_pattern(kind), 0
        for p in starts[kind]:
            if p >= pos:
                m = pattern.match(text, p, end)
                if m:
                    pos = m.end()
                    yield m

    return scan


def spot_numbers(text: str, spots: Spots | None, start: int, end: int) -> list[Number]:
    """find_numbers(text, start, end)."""
    if spots is None or not clean(text, start, end):
        return find_numbers(text, start, end)
    if spots.quiet(start, end):
        return []
    i = bisect_left(spots.starts, start)
    j = bisect_left(spots.starts, end, i)
    runs = spots.digits
    a = bisect_left(runs, (start,))
    b = bisect_left(runs, (end,), a)
    if i == j and _none_in(spots.suffixed, start, end):
        return find_digits(text, start, end, [s for s, _ in runs[a:b]])  # digits only: most spans
    words = list(zip(spots.starts[i:j], spots.kinds[i:j], strict=True))
    return find_numbers(text, start, end, _scan(text, end, _starts(text, start, words, runs[a:b])))
