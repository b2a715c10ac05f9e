"""Per-document state of pledge extraction: the voice, organisation mentions, the segment's trigger words,
the last reporter seen and whether a unit lies inside a quotation.

Trigger words are found once per segment (`pledge_triggers`) and handed out per unit: a unit without
a cue or reporting word is never classified. Quotation state is tracked unit by unit, but only worked out when reported
speech asks for it: a paragraph break closes a quotation, a leading quote mark opens one.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field

from policy_records.extract.pledge_triggers import find_triggers, gate_words
from policy_records.extract.pledge_voice import Voice
from policy_records.model import Record
from policy_records.text import Unit

QUOTE_RE = re.compile(r"[\"“”]")
QUOTE_OPENERS = ('"', "“")
PARAGRAPH_BREAK = "\n\n"
Triggers = list[tuple[int, str]]  # (offset from the unit start, lower-case trigger word)


@dataclass
class Context:
    """Per-document state: its text, voice, organisation mentions and the last reporter seen."""

    text: str
    voice: Voice
    mentions: list[Record]
    lowered: str | None = None  # the lower case of `text` when units are searched in lower case (`pledge_fold`)
    reporter: tuple[str, str | None] | None = None
    unit_reporter: tuple[str, str | None] | None = None  # whose reported speech the last classified unit is
    mention_starts: list[int] = field(default_factory=list)
    units: list[Unit] = field(default_factory=list)  # the current segment's units
    starts: list[int] = field(default_factory=list)  # their start offsets
    unit_index: int = 0  # the unit being classified
    tracked: int = -1  # the last unit whose quotation state is known
    quoted: bool = False  # that unit opens or continues a quotation
    quote_open: bool = False  # a quotation is open after it
    last_end: int = 0  # its end

    def __post_init__(self) -> None:
        self.mentions = sorted(self.mentions, key=lambda m: m["start"])
        self.mention_starts = [m["start"] for m in self.mentions]

    def start_segment(self, start: int, end: int, units: list[Unit]) -> list[tuple[int, Triggers]]:
        """Forget the last reporter; (unit index, trigger words) of the units of text[start:end] with a cue or
        reporting word (`gate_words`)."""
        self.reporter, self.units, self.tracked = None, units, -1
        self.quote_open, self.last_end = False, start
        starts = self.starts = [u.start for u in units]
        ends = [u.end for u in units]
        out: list[tuple[int, Triggers]] = []
        gate, current, gated = gate_words(), -1, False
        found: Triggers = []
        for pos, word in find_triggers(self.text, start, end, self.lowered):  # in text order, as the units
            k = bisect_right(starts, pos) - 1
            if k < 0 or pos >= ends[k]:
                continue
            if k != current:
                if gated:
                    out.append((current, found))
                current, found, gated = k, [], False
            found.append((pos - starts[k], word))
            gated = gated or word in gate
        if gated:
            out.append((current, found))
        return out

    def in_quote(self) -> bool:
        """True when the current unit opens or continues a quotation."""
        if self.tracked < self.unit_index:
            self._skip_paragraphs()
        while self.tracked < self.unit_index:
            self._track(self.units[self.tracked + 1])
        return self.quoted

    def _skip_paragraphs(self) -> None:
        """Skip the units before the last paragraph break ahead: it closes any quotation they open."""
        units, first = self.units, self.tracked + 1
        p = self.text.rfind(PARAGRAPH_BREAK, self.last_end, units[self.unit_index].start)
        if p < 0:
            return
        j = bisect_left(self.starts, p + len(PARAGRAPH_BREAK), first, self.unit_index + 1)
        if j > first and self.text.find(PARAGRAPH_BREAK, units[j - 1].end, units[j].start) >= 0:
            self.tracked, self.last_end = j - 1, units[j - 1].end

    def _track(self, unit: Unit) -> None:
        text = self.text
        if text.find(PARAGRAPH_BREAK, self.last_end, unit.start) >= 0:
            self.quote_open = False
        opens = text.startswith(QUOTE_OPENERS, unit.start, unit.end)
        self.quoted = self.quote_open or opens
        state = False if opens else self.quote_open
        for mark in QUOTE_RE.findall(text, unit.start, unit.end):
            state = mark == "“" or (mark == '"' and not state)
        self.quote_open, self.last_end, self.tracked = state, unit.end, self.tracked + 1
