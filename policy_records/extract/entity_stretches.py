"""The stretches of capitalised words in one segment, split into runs only where a name may be.

One regex pass (`entity_tokens.run_re`) finds every stretch; its look-ahead
groups flag a stretch followed by an acronym in parentheses or by a kind noun
("the X website"). A stretch is split into words and runs (the Python work)
only when asked: when something flagged follows it, or when a kind noun comes
right before it ("the charity X"); head names are read per distinct wording of
a stretch (`entity_heads`). What counts as a run is `entity_tokens.runs`; this
module only decides which stretches to read.
"""

from __future__ import annotations

import re
from bisect import bisect_right

from policy_records.extract.entity_tokens import Token, stretch_runs, stretches

ACRONYM_GROUP = 4  # run_re's look-ahead group: "(" and a capital follow the stretch
NOUN_GROUP = 5  # run_re's look-ahead group: a kind noun written after a name follows the stretch
FOLLOW_CHARS = 24  # a stretch ending this close to the segment end is checked without the flags


class Stretches:
    """The stretches of text[start:end], each split into runs once, when first asked."""

    def __init__(self, text: str, start: int, end: int) -> None:
        self.text, self.start, self.end = text, start, end
        self.matches = stretches(text, start, end)
        self._runs: dict[int, list[list[Token]]] = {}
        self._starts: list[int] | None = None

    def runs(self, k: int) -> list[list[Token]]:
        found = self._runs.get(k)
        if found is None:
            found = self._runs[k] = stretch_runs(self.text, self.matches[k])
        return found

    def multi_word(self) -> list[tuple[int, re.Match[str]]]:
        """(index, match) of the stretches of more than one word."""
        return [(k, m) for k, m in enumerate(self.matches) if m.end(3) > m.start(3)]

    def followed_by(self, group: int) -> list[int]:
        """Indices of the stretches flagged by a look-ahead group (`m.lastindex` is the last group
        that matched), or too close to the segment end for the flags to see."""
        near = self.end - FOLLOW_CHARS
        return [k for k, m in enumerate(self.matches) if m.lastindex == group or m.end() > near or (
            (m.lastindex or 0) > group and m.start(group) >= 0)]

    def run_at(self, pos: int) -> list[Token] | None:
        """The run starting at `pos`, if any."""
        if self._starts is None:
            self._starts = [m.start() for m in self.matches]
        k = bisect_right(self._starts, pos) - 1
        if k < 0 or pos >= self.matches[k].end():
            return None
        return next((r for r in self.runs(k) if r[0].start == pos), None)

    def run_ending(self, pos: int) -> list[Token] | None:
        """The run ending at `pos`, if any."""
        if self._starts is None:
            self._starts = [m.start() for m in self.matches]
        k = bisect_right(self._starts, pos - 1) - 1
        if k < 0 or self.matches[k].end() < pos:
            return None
        return next((r for r in self.runs(k) if r[-1].end == pos), None)

    def first_run_start(self) -> int | None:
        """Start of the first run, None when there is none."""
        return next((rs[0][0].start for rs in (self.runs(k) for k in range(len(self.matches))) if rs), None)

    def one_word(self, k: int) -> str | None:
        """The word of a stretch of one word, else None."""
        m = self.matches[k]
        if m.end(3) > m.start(3):
            return None
        return m.group(1) if m.start(1) >= 0 else self.text[m.start() : m.end(2)]
