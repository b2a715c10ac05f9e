"""Split a span of a document into units: headings, list items and sentences.

Line structure decides first: a list item (bullet or number) is a unit of its
own, a short line without closing punctuation is a heading, and lines broken
in the middle of a sentence (next line starts in lower case) are joined.
Sentences inside a logical line come from blingfire's sentence splitter.
Offsets are always into the full document text, and every unit is trimmed of
surrounding white space (including non-breaking spaces), so
`text[unit.start:unit.end]` is the exact quote.
"""

from __future__ import annotations

import re
from ctypes import byref, c_char_p, c_int, c_int32, create_string_buffer
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
from blingfire import blingfire as _blingfire_lib

ITEM_MARKER_RE = re.compile(r"(?:[-*\u2022\u00b7\u25aa\u2013\u2014]|\d{1,3}[.)]|\(?[a-zA-Z]\))[ \t\u00a0]+")
TERMINAL_RE = re.compile(r"[.!?:;\"\u201d\u2019')\]]\s*$")
MD_HEADING_RE = re.compile(r"#{1,6}[ \t]+")
LEAD_IN_RE = re.compile(r":\s*$")
HEADING_MAX_WORDS = 14


@dataclass(frozen=True)
class Unit:
    start: int
    end: int
    kind: str  # "heading", "lead_in" (a line ending in ":"), "item" or "sentence"


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _lines(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Lines of text[start:end], trimmed, as (start, end); blank lines as (-1, -1)."""
    out = []
    pos = start
    while pos < end:
        nl = text.find("\n", pos, end)
        nl = end if nl == -1 else nl
        s, e = _trim(text, pos, nl)
        out.append((s, e) if s < e else (-1, -1))
        pos = nl + 1
    return out


def sentence_offsets(chunk: str) -> list[tuple[int, int]]:
    """(start, end) character offsets of blingfire's sentences in `chunk`.

    Calls blingfire's C function directly: its Python wrapper maps byte offsets
    to characters in a per-byte Python loop that costs more than the splitting.
    """
    data = chunk.encode("utf-8")
    size = len(data)
    if not size:
        return []
    out = create_string_buffer(size * 2)
    starts, ends = (c_int32 * (size * 2))(), (c_int32 * (size * 2))()
    n_out = _blingfire_lib.TextToSentencesWithOffsets(c_char_p(data), c_int(size), byref(out), byref(starts),
                                                      byref(ends), c_int(size * 2))
    if n_out < 0 or n_out > size * 2:
        return [(0, len(chunk))]
    count = out.value.count(b"\n") + 1
    byte_starts = np.ctypeslib.as_array(starts)[:count]
    byte_ends = np.ctypeslib.as_array(ends)[:count] + 1  # blingfire's ends are inclusive
    if len(chunk) == size:  # ASCII: bytes are characters
        return list(zip(byte_starts.tolist(), byte_ends.tolist(), strict=True))
    raw = np.frombuffer(data, dtype=np.uint8)
    char_at = np.append(np.cumsum((raw & 0xC0) != 0x80) - 1, len(chunk))  # character index of each byte offset
    return list(zip(char_at[byte_starts].tolist(), char_at[np.minimum(byte_ends, size)].tolist(), strict=True))


def _sentences(text: str, start: int, end: int) -> list[Unit]:
    units = []
    for s, e in sentence_offsets(text[start:end]):
        a, b = _trim(text, start + s, start + e)
        if a < b:
            units.append(Unit(a, b, "sentence"))
    return units or [Unit(start, end, "sentence")]


def split_units(text: str, start: int = 0, end: int | None = None) -> list[Unit]:
    """Units of text[start:end] in document order.

    Every extractor asks for the units of the same segments, so the units of a
    whole text are computed once and cached; a range that cuts through a unit
    is split on its own.
    """
    end = len(text) if end is None else end
    units = _document_units(text)
    inside = [u for u in units if start <= u.start and u.end <= end]
    if any(u.start < start < u.end or u.start < end < u.end for u in units):
        return _split(text, start, end)
    return inside


@lru_cache(maxsize=16)
def _document_units(text: str) -> tuple[Unit, ...]:
    return tuple(_split(text, 0, len(text)))


def _split(text: str, start: int, end: int) -> list[Unit]:
    lines = [ln for ln in _lines(text, start, end)]
    units: list[Unit] = []
    block: tuple[int, int] | None = None  # logical line being accumulated

    def flush() -> None:
        nonlocal block
        if block is None:
            return
        s, e = block
        md = MD_HEADING_RE.match(text, s, e)
        if md:
            units.append(Unit(md.end(), e, "lead_in" if LEAD_IN_RE.search(text[s:e]) else "heading"))
        elif LEAD_IN_RE.search(text[s:e]) and len(_sentences(text, s, e)) == 1:
            units.append(Unit(s, e, "lead_in"))
        elif not TERMINAL_RE.search(text[s:e]) and len(text[s:e].split()) <= HEADING_MAX_WORDS:
            units.append(Unit(s, e, "heading"))
        else:
            units.extend(_sentences(text, s, e))
        block = None

    for s, e in lines:
        if s < 0:
            flush()
            continue
        marker = ITEM_MARKER_RE.match(text, s, e)
        if marker:
            flush()
            a, b = _trim(text, marker.end(), e)
            if a < b:
                units.append(Unit(a, b, "item"))
            continue
        if block is not None:
            prev = text[block[0]:block[1]]
            if not TERMINAL_RE.search(prev) and text[s].islower():
                block = (block[0], e)  # a hard-wrapped sentence continues
                continue
            flush()
        block = (s, e)
    flush()
    return units
