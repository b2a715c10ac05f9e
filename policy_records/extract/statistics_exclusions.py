"""Exclusion zones: spans near a number whose numbers are never statistics.

The patterns are the rows of `reference/stat_exclusions.csv` (addresses,
dates, references, ages, ...; `{n}` stands for any written number). They are
matched as one alternation over windows around the numbers of a unit, but
trying all of them at every character is slow, so each row also has a `gate`:
a cheap regex over the lower-cased window that every match of the row
contains. Only rows whose gate is found are tried, and the matches are merged
exactly as the one alternation would find them (leftmost first, the earlier
row at the same position, scanning on after each match). A gate is searched
only when the window holds one of the words it needs (see `statistics_gates`);
one Aho-Corasick pass over the window finds those of every gate. A gate
whose matches start just before one of a few words is tried only there (see
`statistics_anchors`).
"""

from __future__ import annotations

import re
from functools import cache

from policy_records.extract.numbers import Number, number_fragment
from policy_records.extract.statistics_anchors import AnchorSet
from policy_records.extract.statistics_gates import Lowering
from policy_records.text import Unit, lowered_text
from policy_records.vocab import read_table

EXCLUSIONS_TABLE = "stat_exclusions.csv"
EXCLUSION_REACH = 50  # characters around a number searched for addresses, dates, ages, references

Span = tuple[int, int]


@cache
def exclusion_patterns() -> tuple[tuple[re.Pattern[str], re.Pattern[str] | None], ...]:
    """(pattern, gate) per row; the gate is None when the row is always tried."""
    return tuple(
        (
            re.compile(row["pattern"].replace("{n}", number_fragment()), re.IGNORECASE),
            re.compile(row["gate"]) if row.get("gate") else None,
        )
        for row in read_table(EXCLUSIONS_TABLE)
    )


@cache
def _alternation() -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{p.pattern})" for p, _ in exclusion_patterns()), re.IGNORECASE)


def _windows(unit: Unit, numbers: list[Number]) -> list[list[int]]:
    windows: list[list[int]] = []
    for n in numbers:
        start, end = max(unit.start, n.start - EXCLUSION_REACH), min(unit.end, n.end + EXCLUSION_REACH)
        if windows and start <= windows[-1][1]:
            windows[-1][1] = end
        else:
            windows.append([start, end])
    return windows


@cache
def _distinct_gates() -> tuple[list[re.Pattern[str] | None], list[list[int]]]:
    """The distinct gates (rows may share one), and the rows of each."""
    gates: list[re.Pattern[str] | None] = []
    rows: list[list[int]] = []
    index: dict[tuple[str, int] | None, int] = {}
    for row, (_, gate) in enumerate(exclusion_patterns()):
        key = None if gate is None else (gate.pattern, gate.flags)
        if key not in index:
            index[key] = len(gates)
            gates.append(gate)
            rows.append([])
        rows[index[key]].append(row)
    return gates, rows


@cache
def _gates() -> AnchorSet:
    return AnchorSet(_distinct_gates()[0])


def _live(low: str | None) -> list[re.Pattern[str]]:
    """The patterns whose gate occurs in `low`, a span lower-cased (all of them when that is None), in row
    order; a gate shared by several rows is searched once."""
    patterns = exclusion_patterns()
    if low is None:
        return [p for p, _ in patterns]
    rows = _distinct_gates()[1]
    return [patterns[row][0] for row in sorted(row for i in _gates().matching(low) for row in rows[i])]


def _matches(text: str, a: int, b: int, live: list[re.Pattern[str]]) -> list[Span]:
    """What `finditer` of the alternation of `live` (in row order) finds in text[a:b]."""
    nxt = [p.search(text, a, b) for p in live]
    out: list[Span] = []
    while True:
        best = None
        for m in nxt:
            if m is not None and (best is None or m.start() < best.start()):
                best = m
        if best is None:
            return out
        pos = best.end()
        if pos == best.start():  # an empty match: let the one alternation decide
            return [m.span() for m in _alternation().finditer(text, a, b)]
        out.append((best.start(), pos))
        for i, m in enumerate(nxt):
            if m is not None and m.start() < pos:
                nxt[i] = live[i].search(text, pos, b)


def exclusion_zones(text: str, unit: Unit, numbers: list[Number], lowered: Lowering = lowered_text) -> list[Span]:
    """Spans near the numbers of a unit whose numbers are never statistics (stat_exclusions.csv)."""
    zones: list[Span] = []
    for a, b in _windows(unit, numbers):
        live = _live(lowered(text, a, b))
        if live:
            zones.extend(_matches(text, a, b, live))
    return zones
