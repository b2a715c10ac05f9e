"""Spans of the text that may be mentions (hits), how overlaps between them are settled, and
later bare repeats of names found by shape.

Where hits overlap, the higher priority wins (a signatory line, then a shape
name that extends a reference name, then the reference match, then other shape
names), then the longer, then the earlier. A repeat ("FLEX" after "Focus on
Labour Exploitation (FLEX)") is the longest form standing on word boundaries at
each position, scanning left to right, where nothing chosen already stands.
"""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass
from operator import attrgetter

import ahocorasick

from policy_records.model import Record, Segment
from policy_records.reference import Known, normalise_text

MIN_REPEAT_CHARS = 2
MAX_FIND_FORMS = 8  # more forms than this: one automaton scan instead of str.find per form

Key = tuple[str, str]
NO_KEY: Key = ("", "")


@dataclass(slots=True)
class Hit:
    start: int
    end: int
    key: Key
    priority: int  # 4 signatory line, 3 extends a reference name, 2 reference, 1 pattern
    record: Record
    source: Known | list | None = None  # what `record` is made of while PENDING (see `made`)


PENDING: Record = {}  # a hit's record before it is chosen: most overlapping hits never are


def outside(hits: list[Hit], zones: list[tuple[int, int]]) -> list[Hit]:
    if not zones:
        return hits
    return [h for h in hits if not any(s <= h.start < e for s, e in zones)]


def hit(start: int, end: int, record: Record, priority: int) -> Hit:
    return Hit(start, end, (record["entity_type"], record["entity_id"]), priority, record)


def select(hits: list[Hit], taken: list[Hit] | None = None) -> list[Hit]:
    """Non-overlapping hits by priority, then length, then position."""
    chosen = list(taken or [])
    occupied = bytearray(max((h.end for h in [*hits, *chosen]), default=0))
    for c in chosen:
        occupied[c.start : c.end] = b"\x01" * (c.end - c.start)
    # priority, then length, then position as one integer (offsets < 2**32): cheaper than a tuple
    for h in sorted(hits, key=lambda h: ((h.start - h.end - (h.priority << 32)) << 32) + h.start):
        if occupied.find(1, h.start, h.end) < 0:
            chosen.append(h)
            occupied[h.start : h.end] = b"\x01" * (h.end - h.start)
    chosen.sort(key=attrgetter("start"))
    return chosen


def repeat_hits(norm: str, chosen: list[Hit], segments: list[Segment]) -> list[Hit]:
    """Later bare uses of names and acronyms found by shape or in a signatory list: at each
    position the longest form standing on word boundaries, scanning left to right; only those
    clear of every hit of `chosen` (non-overlapping, in text order): the others would lose to it."""
    forms: dict[str, Record] = {}
    for h in chosen:
        rec = h.record
        if rec["origin"] == "pattern":
            for form in (rec["name"], rec["acronym"], norm[h.start : h.end]):
                if form and len(form) >= MIN_REPEAT_CHARS:
                    forms.setdefault(form if form.isascii() and form.isprintable() else normalise_text(form), rec)
    if not forms:
        return []
    automaton = _automaton(forms) if len(forms) > MAX_FIND_FORMS else None
    out: list[Hit] = []
    starts, ends = [h.start for h in chosen], [h.end for h in chosen]
    for seg in segments:
        found = []
        for s, length in _occurrences(norm, forms, seg, automaton):
            e = s + length
            if not (s > 0 and _joins(norm[s - 1], "&-")) and not (e < seg.end and _joins(norm[e], "&")):
                found.append((s, -length))
        pos = seg.start
        for s, neg in sorted(found):
            if s >= pos:
                pos = s - neg
                i = bisect_left(starts, pos) - 1  # the last chosen hit starting before the end
                if i < 0 or ends[i] <= s:
                    out.append(hit(s, pos, forms[norm[s:pos]], 0))
    return out


def _occurrences(
    norm: str, forms: dict[str, Record], seg: Segment, automaton: ahocorasick.Automaton | None
) -> list[tuple[int, int]]:
    """(start, length) of every occurrence of every form in the segment, overlaps included:
    str.find per form when there are few (it skips ahead fast), else the forms' automaton."""
    if automaton is not None:
        return [(last + 1 - length, length) for last, length in automaton.iter(norm, seg.start, seg.end)]
    out = []
    for form in forms:
        p = norm.find(form, seg.start, seg.end)
        while p >= 0:
            out.append((p, len(form)))
            p = norm.find(form, p + 1, seg.end)
    return out


def _automaton(forms: dict[str, Record]) -> ahocorasick.Automaton:
    automaton = ahocorasick.Automaton()
    for form in forms:
        automaton.add_word(form, len(form))
    automaton.make_automaton()
    return automaton


def _joins(c: str, extra: str) -> bool:
    """Would `c` continue a word next to a match (regex `[\\w<extra>]`)?"""
    return c.isalnum() or c == "_" or c in extra
