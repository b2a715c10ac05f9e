"""Figures: a number with its currency, scale, unit, range partner and qualifier.

Turns the numbers of one unit (see `numbers`) into figures as they are written:
"£33.5m" (value 33500000, gbp), "between three and eight months" (3 to 8,
months), "one in four" (25 percent), "over two thousand" (more_than), and
drops what is not a statistic: numbers inside the spans of
`reference/stat_exclusions.csv` (addresses, dates, references, ages, ...;
`{n}` there stands for any written number), years, numbers inside names
("Status Now 4 All", "Channel 4 News"), numbers glued to letters ("21st",
"18-year-old") and a bare "one". "86p of every pound" is a share (86
percent), "30-plus" a number with its qualifier. Unit, scale and qualifier
words are data in `units.csv`, `stat_scales.csv` and `qualifiers.csv`.
"""

from __future__ import annotations

import re
from functools import cache
from typing import NamedTuple

from policy_records.extract.numbers import Number
from policy_records.extract.statistics_context import function_words
from policy_records.extract.statistics_exclusions import exclusion_zones
from policy_records.extract.statistics_gates import Lowering, WordGate, word_gate
from policy_records.text import Unit, lowered_text
from policy_records.vocab import read_table

BETWEEN_RE = re.compile(r"\bbetween\s+$", re.IGNORECASE)
FROM_RE = re.compile(r"\bfrom\s+$", re.IGNORECASE)
RANGE_GAP_RE = re.compile(r"\s*[-–—]\s*|\s+to\s+", re.IGNORECASE)
BETWEEN_GAP_RE = re.compile(r"\s+(?:and|to)\s+|\s*[-–—]\s*", re.IGNORECASE)
RATIO_GAP_RE = re.compile(r"\s+(?:in|out\s+of)\s+", re.IGNORECASE)
END_RE = re.compile(r"(?![\w@/]|-[^\W\d_]|[.,]\d)")
PREV_WORD_RE = re.compile(r"([^\W\d_][\w'’.&-]*)\s$")  # what `_prev_word` finds, without trying every start
WORD_TAIL_RE = re.compile(r"[\w'’.&-]*")  # the characters of the word of PREV_WORD_RE
LETTER_RE = re.compile(r"[^\W\d_]")
NEXT_WORD_RE = re.compile(r"\s+([^\W\d_])|\s*(?:[^\w\s]|$)")
POSSESSIVE_RE = re.compile(r"['’]s$")
WORD_CHAR_RE = re.compile(r"\w")
LEADING_ZERO_RE = re.compile(r"0\d")
YEAR_MIN, YEAR_MAX = 1800, 2099
WINDOW = 40  # characters looked at before a number for a currency sign or qualifier

Span = tuple[int, int]


class Figure(NamedTuple):
    """One statistic as written: text[start:end] with its parsed value (a tuple: cheap to make)."""

    start: int
    end: int
    value: float
    value_max: float | None
    unit: str
    qualifier: str
    kind: str  # digits, words, fraction, rank, range, ratio
    scale: float = 1.0
    marked: bool = False  # a currency sign, scale or unit word was written with it


def _grouped(rows: list[dict[str, str]], anchor: str) -> re.Pattern[str]:
    parts = [f"(?P<g{i}>{r['pattern']})" for i, r in enumerate(rows)]
    body = "|".join(parts)
    return re.compile(f"(?:{body})$" if anchor == "end" else f"(?:{body})", re.IGNORECASE)


@cache
def _units(position: str) -> tuple[list[dict[str, str]], re.Pattern[str]]:
    rows = [r for r in read_table("units.csv") if r["position"] == position]
    return rows, _grouped(rows, "end" if position == "prefix" else "start")


@cache
def _qualifiers(position: str) -> tuple[list[dict[str, str]], re.Pattern[str]]:
    rows = [r for r in read_table("qualifiers.csv") if r["position"] == position]
    if position == "before":
        rows = [{**r, "pattern": rf"\b(?:{r['pattern']})\s+"} for r in rows]
    return rows, _grouped(rows, "end" if position == "before" else "start")


@cache
def _scales() -> tuple[list[dict[str, str]], re.Pattern[str]]:
    rows = list(read_table("stat_scales.csv"))
    return rows, _grouped(rows, "start")


@cache
def _before_gate() -> WordGate:
    """The word gate of the qualifiers written before a number (a pattern hashes slowly: look it up once)."""
    return word_gate(_qualifiers("before")[1])


def _row(m: re.Match[str], rows: list[dict[str, str]]) -> dict[str, str]:
    return rows[int(str(m.lastgroup)[1:])]


def _overlaps(start: int, end: int, zones: list[tuple[int, int]]) -> bool:
    for s, e in zones:
        if s < end and start < e:
            return True
    return False


def _dress(text: str, unit: Unit, n: Number) -> Figure | None:
    """Attach currency sign, scale word and unit word to a plain number; None if it ends inside a word."""
    if n.kind == "rank":
        return Figure(n.start, n.end, n.value, None, "rank", "exact", n.kind, marked=True)
    if n.kind == "fraction":
        return Figure(n.start, n.end, n.value, None, "percent", "exact", n.kind, marked=True)
    start, end, unit_name, factor, scale = n.start, n.end, "count", 1.0, 1.0
    rows, prefix_re = _units("prefix")
    prefix = prefix_re.search(text, max(unit.start, start - 6), start)
    if prefix:
        start, unit_name = prefix.start(), _row(prefix, rows)["unit"]
    if n.kind == "digits":
        rows_s, scale_re = _scales()
        m = scale_re.match(text, end, unit.end)
        if m:
            end, scale = m.end(), float(_row(m, rows_s)["factor"])
    rows, suffix_re = _units("suffix")
    m = None if prefix else suffix_re.match(text, end, unit.end)
    if m and _row(m, rows)["factor"] != "1" and n.kind != "digits":
        m = None  # pence are written in digits ("50p")
    if m:
        end, unit_name, factor = m.end(), _row(m, rows)["unit"], float(_row(m, rows)["factor"])
    if not END_RE.match(text, end) and not _qualifiers("after")[1].match(text, end, unit.end):
        return None  # ends inside a word, unless a qualifier is glued on ("30-plus")
    marked = bool(prefix or m or scale != 1.0)
    return Figure(start, end, n.value * scale * factor, None, unit_name, "exact", n.kind, scale, marked)


def _is_year(text: str, f: Figure) -> bool:
    written = text[f.start : f.end]
    return f.kind == "digits" and not f.marked and written.isdigit() and YEAR_MIN <= f.value <= YEAR_MAX


def _prev_word(text: str, start: int, end: int) -> Span | None:
    """The span of group 1 of PREV_WORD_RE.search(text, start, end): the word before the one white space
    that ends text[start:end] (or before one and a closing line break, where `$` also matches)."""
    gap = end - 1
    if gap < start or not text[gap].isspace():
        return None
    if text[gap] == "\n" and gap > start and text[gap - 1].isspace():
        gap -= 1
    if gap == start:
        return None
    backwards = text[gap - 1 : start - 1 if start else None : -1]
    tail = WORD_TAIL_RE.match(backwards)  # the word, read backwards from the gap
    letter = LETTER_RE.search(text, gap - (tail.end() if tail else 0), gap)
    return (letter.start(), gap) if letter else None


def _is_function_word(text: str, start: int, end: int) -> bool:
    """text[start:end], a word before a white space, is a preposition, determiner or qualifier, which
    never belongs to a name."""
    if text[start:end].lower() in function_words():
        return True
    return bool(_qualifiers("before")[1].search(text, start, end + 1))


def _in_name(text: str, unit: Unit, f: Figure) -> bool:
    """A number between capitalised words is part of a name ("Status Now 4 All", "Channel Four")."""
    if f.marked or f.kind not in ("digits", "words"):
        return False
    prev = _prev_word(text, max(unit.start, f.start - WINDOW), f.start)
    if not prev or not text[prev[0]].isupper() or POSSESSIVE_RE.search(text, *prev):
        return False
    if not WORD_CHAR_RE.search(text, unit.start, prev[0]) and _is_function_word(text, *prev):
        return False  # "Of 197 Nigerian women", "Over 2,000 Victims"
    if f.kind == "words":
        return text[f.start].isupper()
    nxt = NEXT_WORD_RE.match(text, f.end, unit.end)
    return nxt is not None and (nxt[1] is None or nxt[1].isupper())


def _keep(text: str, unit: Unit, f: Figure) -> bool:
    if _is_year(text, f) or _in_name(text, unit, f):
        return False
    if f.kind == "digits" and LEADING_ZERO_RE.match(text, f.start, f.end):
        return False  # phone numbers, codes
    return True


def _merge(text: str, a: Figure, b: Figure) -> Figure | None:
    """One figure from two: a range ("between three and eight months", "10,000-13,000") or a ratio
    ("one in four")."""
    gap_start, gap_end = a.end, b.start
    if a.kind not in ("digits", "words") or b.kind not in ("digits", "words"):
        return None
    between = BETWEEN_RE.search(text, max(0, a.start - 10), a.start)
    a_value = a.value * (b.scale if a.scale == 1.0 else 1.0)
    same_unit = a.unit == b.unit or "count" in (a.unit, b.unit)
    unit = b.unit if b.unit != "count" else a.unit
    gap_re = BETWEEN_GAP_RE if between else RANGE_GAP_RE
    from_to = FROM_RE.search(text, max(0, a.start - 10), a.start)
    if same_unit and b.value > a_value and gap_re.fullmatch(text, gap_start, gap_end) and not from_to:
        start = between.start() if between else a.start
        return Figure(start, b.end, a_value, b.value, unit, "exact", "range", b.scale, True)
    plain_counts = a.unit == b.unit == "count" and a.scale == b.scale == 1.0
    if plain_counts and RATIO_GAP_RE.fullmatch(text, gap_start, gap_end) and 0 < a.value < b.value:
        share = 100 * a.value / b.value  # full precision: one in three is 33.333...
        return Figure(a.start, b.end, share, None, "percent", "exact", "ratio", marked=True)
    return None


def _merge_all(text: str, figures: list[Figure]) -> list[Figure]:
    out: list[Figure] = []
    for f in figures:
        merged = _merge(text, out[-1], f) if out else None
        if merged:
            out[-1] = merged
        else:
            out.append(f)
    return out


def _qualify(text: str, unit: Unit, f: Figure, lowered: Lowering) -> Figure:
    rows, before_re = _qualifiers("before")
    start = max(unit.start, f.start - WINDOW)
    m = None
    if _before_gate().may_match(lowered(text, start, f.start)):
        m = before_re.search(text, start, f.start)
    if m:
        f = f._replace(start=m.start(), qualifier=_row(m, rows)["qualifier"])
    rows, after_re = _qualifiers("after")
    m = after_re.match(text, f.end, unit.end)
    if m and f.kind != "range":
        f = f._replace(end=m.end(), qualifier=_row(m, rows)["qualifier"])
    return f


def _is_bare_one(f: Figure) -> bool:
    return f.kind == "words" and f.value == 1 and f.unit not in ("percent", "gbp", "usd", "eur")


def dress_numbers(text: str, unit: Unit, numbers: list[Number]) -> list[Figure | None]:
    """Each number as a figure with its currency, scale and unit words, None when it is no statistic
    wherever it stands (a year, a number inside a name or a word, a code)."""
    out: list[Figure | None] = []
    for n in numbers:
        f = _dress(text, unit, n)
        out.append(f if f and _keep(text, unit, f) else None)
    return out


def find_figures(
    text: str,
    unit: Unit,
    numbers: list[Number],
    blocked: list[Span],
    lowered: Lowering = lowered_text,
    dressed: list[Figure | None] | None = None,
) -> list[Figure]:
    """Statistics among the `numbers` of one sentence, list item or heading, in order; `blocked`
    spans (names, time references) hold none. `dressed`: the numbers' `dress_numbers`, when known."""
    zones = blocked + exclusion_zones(text, unit, numbers, lowered)
    kept: list[Figure] = []
    for n, f in zip(numbers, dressed or dress_numbers(text, unit, numbers), strict=True):
        if _overlaps(n.start, n.end, zones) or (kept and n.start < kept[-1].end):
            continue  # inside a zone, or inside the unit words of the figure before ("90p in every £1")
        if f:
            kept.append(f)
    merged = _merge_all(text, kept)
    return [_qualify(text, unit, f, lowered) for f in merged if not _is_bare_one(f)]
