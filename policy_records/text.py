"""Split a span of a document into units: headings, list items and sentences.

Line structure decides first: a list item (bullet or number) is a unit of its
own, a short line without closing punctuation is a heading, and lines broken
in the middle of a sentence (next line starts in lower case) are joined.
Sentences inside a logical line come from blingfire's sentence splitter (a line
with none of the characters it breaks at before its last one is one sentence,
and blingfire is not asked).
Offsets are always into the full document text, and every unit is trimmed of
surrounding white space (including non-breaking spaces), so
`text[unit.start:unit.end]` is the exact quote.

`lowered_text` is the one place that lower-cases text for faster matching
(patterns without IGNORECASE on lower-cased text), shared by the extractors.
"""

from __future__ import annotations

import operator
import re
import threading
from bisect import bisect_left, bisect_right
from ctypes import Array, c_char, c_int32, create_string_buffer
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import NamedTuple

from blingfire import blingfire as _blingfire_lib

# A line's text without the white space around it (a blank line has none); re's \s is str.isspace.
LINE_RE = re.compile(r"\S(?:[^\n]*\S)?")
ITEM_MARKER_RE = re.compile(r"(?:[-*\u2022\u00b7\u25aa\u2013\u2014]|\d{1,3}[.)]|\(?[a-zA-Z]\))[ \t\u00a0]+")
MARKER_FIRST_CHARS = "-*\u2022\u00b7\u25aa\u2013\u2014("  # ITEM_MARKER_RE's bullets; else a digit or "x)"
TERMINAL_CHARS = ".!?:;\"\u201d\u2019')]"  # a logical line ending in one of these is never a heading
MD_HEADING_RE = re.compile(r"#{1,6}[ \t]+")
HEADING_MAX_WORDS = 14
# A full stop between a word of three or more lower-case letters and a capitalised word, with no space:
# two sentences glued together ("shames us all.The Party"), not an abbreviation ("St.Mungo") or a web address.
GLUED_RE = re.compile(r"(?<=[a-z]{3}[.!?])(?=[A-Z][a-z])")
# Each in every GLUED_RE match, found fast (one literal character first).
GLUE_GATE_RES = tuple(re.compile(re.escape(stop) + "[A-Z][a-z]") for stop in ".!?")
# The characters blingfire's sentence splitter breaks at (tried one by one over every code point): a logical
# line with none of them before its last character, starting with a letter, digit or opening quote, is one
# sentence, so blingfire is not asked.
ASCII_STOPS = ".!?"
OTHER_STOPS = (
    "\u01c3\u061f\u06d4\u2024\u2026\u2028\u2029\u203c\u203d\u2048\u2049\u2404\u3002\ufe52\uff01\uff0e\uff1f\uff61"
)
SENTENCE_STOP_RE = re.compile(f"[{re.escape(ASCII_STOPS + OTHER_STOPS)}]")
PLAIN_START_CHARS = "\"'(\u201c\u2018[\u00a3$"  # besides letters and digits, a one-sentence line may start with these
CONTINUATION_BYTES = bytes(1 if 0x80 <= b < 0xC0 else 0 for b in range(256))  # UTF-8 bytes that end a character


@dataclass(frozen=True)
class Unit:
    start: int
    end: int
    kind: str  # "heading", "lead_in" (a line ending in ":"), "item" or "sentence"


_new_object = object.__new__


def _unit(start: int, end: int, kind: str) -> Unit:
    """`Unit(start, end, kind)` without the frozen dataclass's __init__ (three object.__setattr__ calls)."""
    unit = _new_object(Unit)
    fields = unit.__dict__
    fields["start"], fields["end"], fields["kind"] = start, end, kind
    return unit


class _DocumentUnits(NamedTuple):
    units: tuple[Unit, ...]
    starts: list[int]
    ends: list[int]
    ordered: bool  # units do not overlap, so starts and ends are sorted
    lines: list[tuple[int, int]]  # (start, end) of the text of each line, white space around it left out


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


_BUFFERS = threading.local()  # blingfire's output buffers, reused by each thread


def _buffers(size: int) -> tuple[Array[c_char], Array[c_int32], Array[c_int32]]:
    bufs = getattr(_BUFFERS, "bufs", None)
    if bufs is None or len(bufs[1]) < size:
        n = max(size, 1 << 14)
        bufs = _BUFFERS.bufs = (create_string_buffer(n), (c_int32 * n)(), (c_int32 * n)())
    return bufs


def sentence_offsets(chunk: str) -> list[tuple[int, int]]:
    """(start, end) character offsets of blingfire's sentences in `chunk`.

    Calls blingfire's C function directly: its Python wrapper maps byte offsets
    to characters in a per-byte Python loop that costs more than the splitting.
    """
    data = chunk.encode("utf-8")
    size = len(data)
    if not size:
        return []
    out, starts, ends = _buffers(size * 2)
    n_out = _blingfire_lib.TextToSentencesWithOffsets(data, size, out, starts, ends, size * 2)
    if n_out < 0 or n_out > size * 2:
        return [(0, len(chunk))]
    count = out[:n_out].count(b"\n") + 1  # n_out: the output's length with its closing NUL
    if len(chunk) == size:  # ASCII: bytes are characters
        return list(zip(starts[:count], [e + 1 for e in ends[:count]], strict=True))  # blingfire's ends are inclusive
    return _char_offsets(data, len(chunk), starts[:count], [min(e + 1, size) for e in ends[:count]])


def _char_offsets(data: bytes, length: int, starts: list[int], ends: list[int]) -> list[tuple[int, int]]:
    """Byte offsets into `data` as character offsets: the index of the character holding the byte (one pass
    over the sorted offsets, so a long line with many sentences stays linear)."""
    continuation = data.translate(CONTINUATION_BYTES)
    size, seen, done = len(data), 0, 0
    index = {size: length}
    for b in sorted({*starts, *ends} - {size}):
        seen += continuation.count(1, done, b + 1)
        done = b + 1
        index[b] = b - seen
    return [(index[s], index[e]) for s, e in zip(starts, ends, strict=True)]


def _unglued(text: str, start: int, end: int, offsets: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Sentences the splitter left glued ("shames us all.The Party"), cut after the stop."""
    out = []
    for s, e in offsets:
        for glue in GLUED_RE.finditer(text, start + s, start + e):
            out.append((s, glue.start() - start))
            s = glue.start() - start
        out.append((s, e))
    return out


def _one_sentence(text: str, start: int, end: int, ascii_stops: bool) -> bool:
    """Whether blingfire keeps text[start:end] whole: a plain first character and no stop before the last one
    (`ascii_stops`: the text holds no OTHER_STOPS, so str.find, faster than a regex, settles it)."""
    if not (text[start].isalnum() or text[start] in PLAIN_START_CHARS):
        return False
    last = end - 1
    if ascii_stops:
        return text.find(".", start, last) < 0 and text.find("!", start, last) < 0 and text.find("?", start, last) < 0
    return SENTENCE_STOP_RE.search(text, start, last) is None


def _sentences(text: str, start: int, end: int, ascii_stops: bool = False, may_glue: bool = True) -> list[Unit]:
    """The sentences of text[start:end] (trimmed: neither end is white space); `may_glue` False: no GLUE_GATE_RES
    match is in the text around it, so no sentence is glued."""
    if _one_sentence(text, start, end, ascii_stops):
        return [_unit(start, end, "sentence")]
    units = []
    offsets = sentence_offsets(text[start:end])
    if may_glue and any(gate.search(text, start, end) for gate in GLUE_GATE_RES) and GLUED_RE.search(text, start, end):
        offsets = _unglued(text, start, end, offsets)
    for s, e in offsets:
        a, b = start + s, start + e
        if a < b and not text[a].isspace() and not text[b - 1].isspace():
            units.append(_unit(a, b, "sentence"))
            continue
        a, b = _trim(text, a, b)
        if a < b:
            units.append(_unit(a, b, "sentence"))
    return units or [_unit(start, end, "sentence")]


def split_units(text: str, start: int = 0, end: int | None = None) -> list[Unit]:
    """Units of text[start:end] in document order.

    Every extractor asks for the units of the same segments, so the units of a
    whole text are computed once and cached; a range that cuts through a unit
    is split on its own (a range from the start of the text only from the last
    blank line before its end).
    """
    end = len(text) if end is None else end
    doc = _document_units(text)
    if not doc.ordered:
        return _split_unordered(text, doc.units, start, end)
    units, starts, ends = doc.units, doc.starts, doc.ends
    first, last = bisect_left(starts, start), bisect_right(ends, end)
    before, cut = first - 1, bisect_left(starts, end) - 1
    if (before >= 0 and ends[before] > start) or (cut >= 0 and ends[cut] > end):
        if start:
            return _split(text, start, end)
        restart = _last_blank_line(text, end)
        return list(units[:bisect_right(ends, restart)]) + _split(text, restart, end)
    return list(units[first:last])


def first_units(text: str, end: int, count: int) -> list[Unit]:
    """`split_units(text, 0, end)[:count]`: the cut at `end` only matters after the last blank line before it."""
    doc = _document_units(text)
    if doc.ordered and bisect_right(doc.ends, _last_blank_line(text, end)) >= count:
        return list(doc.units[:count])
    return split_units(text, 0, end)[:count]


def _split_unordered(text: str, units: tuple[Unit, ...], start: int, end: int) -> list[Unit]:
    if any(u.start < start < u.end or u.start < end < u.end for u in units):
        return _split(text, start, end)
    return [u for u in units if start <= u.start and u.end <= end]


def _last_blank_line(text: str, end: int) -> int:
    """Start of the last blank line that ends before `end` (0 if none): no logical line crosses it."""
    pos = text.rfind("\n", 0, end)
    while pos > 0:
        prev = text.rfind("\n", 0, pos)
        if not text[prev + 1:pos].strip():
            return prev + 1
        pos = prev
    return 0


@lru_cache(maxsize=16)
def _document_units(text: str) -> _DocumentUnits:
    lines: list[tuple[int, int]] = []
    units = tuple(_split(text, 0, len(text), lines))
    starts, ends = [u.start for u in units], [u.end for u in units]
    ordered = all(map(operator.lt, starts, ends)) and all(map(operator.le, ends, starts[1:]))
    return _DocumentUnits(units, starts, ends, ordered, lines)


def line_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of the text of each line of `text` (white space around it left out), in order."""
    return _document_units(text).lines


def line_edges(text: str) -> tuple[set[int], set[int]]:
    """Where the text of each line of `text` starts, and where it ends (white space around it left out)."""
    lines = _document_units(text).lines
    return set(map(operator.itemgetter(0), lines)), set(map(operator.itemgetter(1), lines))


def _split(text: str, start: int, end: int, lines: list[tuple[int, int]] | None = None) -> list[Unit]:
    """Units of text[start:end]; the span of each line's text is added to `lines` when given."""
    units: list[Unit] = []
    bs = be = -1  # the logical line being accumulated, text[bs:be] (bs < 0: none)
    ascii_stops = all(text.find(stop, start, end) < 0 for stop in OTHER_STOPS)
    may_glue = any(gate.search(text, start, end) for gate in GLUE_GATE_RES)  # once here, not in every sentence
    spans = [line.span() for line in LINE_RE.finditer(text, start, end)]
    if lines is not None:
        lines += spans
    for s, e in spans:
        c = text[s]
        may_be_marker = c in MARKER_FIRST_CHARS or c.isdecimal() or text[s + 1:s + 2] == ")"  # most start a word
        marker = ITEM_MARKER_RE.match(text, s, e) if may_be_marker else None
        if marker:
            if bs >= 0:
                _flush(text, bs, be, units, ascii_stops, may_glue)
                bs = -1
            a, b = _trim(text, marker.end(), e)
            if a < b:
                units.append(_unit(a, b, "item"))
            continue
        if bs >= 0:
            if c.islower() and text[be - 1] not in TERMINAL_CHARS and text.count("\n", be, s) < 2:
                be = e  # a hard-wrapped sentence continues (no blank line in between)
                continue
            _flush(text, bs, be, units, ascii_stops, may_glue)
        bs, be = s, e
    if bs >= 0:
        _flush(text, bs, be, units, ascii_stops, may_glue)
    return units


def _flush(text: str, s: int, e: int, units: list[Unit], ascii_stops: bool, may_glue: bool) -> None:
    """The units of the logical line text[s:e] (trimmed): a heading, a lead-in or its sentences."""
    last = text[e - 1]
    md = MD_HEADING_RE.match(text, s, e) if text[s] == "#" else None
    if md:
        units.append(_unit(md.end(), e, "lead_in" if last == ":" else "heading"))
    elif last in TERMINAL_CHARS:
        sentences = _sentences(text, s, e, ascii_stops, may_glue)
        if last == ":" and len(sentences) == 1:
            units.append(_unit(s, e, "lead_in"))
        else:
            units.extend(sentences)
    elif len(text[s:e].split(None, HEADING_MAX_WORDS)) <= HEADING_MAX_WORDS:  # words counted up to one too many
        units.append(_unit(s, e, "heading"))
    else:
        units.extend(_sentences(text, s, e, ascii_stops, may_glue))


BMP_END = 0x10000
SURROGATES = range(0xD800, 0xE000)
CASE_LETTER_RE = re.compile(r"[a-z]", re.I)


@cache
def ascii_folds() -> frozenset[str]:
    """The characters beyond ASCII that IGNORECASE matching takes for an ASCII letter (long s, Kelvin sign,
    dotted and dotless i)."""
    rest = "".join(chr(c) for c in range(128, BMP_END) if c not in SURROGATES)
    return frozenset(CASE_LETTER_RE.findall(rest))


def lowered_text(text: str, start: int = 0, end: int | None = None) -> str | None:
    """text[start:end] lower-cased when lower-casing is plain, else None: one character for one, and none of
    the `ascii_folds`. Patterns that need no IGNORECASE then find in it what IGNORECASE finds in the text,
    at the same offsets (extractors fall back to the original text on None)."""
    end = len(text) if end is None else end
    low = text[start:end].lower()
    if len(low) != end - start or any(text.find(c, start, end) >= 0 for c in ascii_folds()):
        return None  # four substring searches: ~20x faster than one character-class regex scan
    return low
