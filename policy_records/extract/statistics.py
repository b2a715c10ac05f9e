"""Statistics: numbers an on-topic text states as facts about the world.

Counts ("forty people", "over two thousand potential victims"), money
("£500,000", "£33.5m", "$2bn", "€5 million"), shares ("less than 1%",
"24 per cent", "a quarter of", "one in four"), durations ("14 years",
"between three and eight months") and ranks ("the third biggest"). Each
record carries the qualifier written before or after it ("over", "up to",
"or more"), a range maximum where there is one, and its subject, period and
attribution (see `statistics_context`). A duration that is the period of a
change ("fell by a third in two years") is a time reference, not a figure
(see `statistics_changes`).

Not statistics: list numbering; years and dates used as time references (a
year becomes the `period`); day-of-month dates; clause/section/article
numbers; numbers inside names ("Status Now 4 All", "A21", "Covid-19");
addresses, postcodes, phone numbers, e-mails and URLs; ordinals that are not
ranks ("21st century", "second reading"); a bare "one" ("one of the most");
ages and story time references ("aged 14", "the 18-year-old", "four years
after"); page furniture. Nothing is taken from off-topic segments. The
patterns that rule these out are data in `reference/stat_exclusions.csv`;
units, scales and qualifiers are in `units.csv`, `stat_scales.csv` and
`qualifiers.csv`.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import partial
from operator import attrgetter, itemgetter, le

from policy_records.extract.numbers import Number
from policy_records.extract.statistics_changes import split_change_periods
from policy_records.extract.statistics_context import (
    attributed_organisation,
    find_periods,
    nearest_period,
    share_linked_subjects,
    subject_of,
)
from policy_records.extract.statistics_figures import Figure, dress_numbers, find_figures
from policy_records.extract.statistics_gates import Lowering
from policy_records.extract.statistics_spots import Spots, clean, find_spots, holds_number, spot_numbers
from policy_records.model import Document, Record, Segment
from policy_records.text import Unit, lowered_text, split_units

PARAGRAPH_RE = re.compile(r"(?:[^\S\n]*\S[^\n]*(?:\n|$))+")  # lines that are not blank (no backtracking)
SPAN = itemgetter("start", "end")
START_KEY = itemgetter("start")
START = attrgetter("start")


def parse_statistic(doc: Document, seg: Segment, unit: Unit, f: Figure, context: dict) -> Record:
    text = doc.text
    return {
        "document_id": doc.document_id,
        "segment_id": seg.segment_id,
        "value": float(f.value),
        "value_max": None if f.value_max is None else float(f.value_max),
        "unit": f.unit,
        "qualifier": f.qualifier,
        "subject": subject_of(text, unit.start, unit.end, f.start, f.end),
        "period": nearest_period(context["periods"], f.start, f.end),
        "text": text[f.start : f.end],
        "start": f.start,
        "end": f.end,
        "sentence": text[unit.start : unit.end],
        "attributed_to_organisation_id": context["attribution"],
    }


@dataclass(frozen=True)
class Named:
    """The mentions of a segment: their spans in order of start, the longest span's length, the organisations
    and, when these come in order of start, where each starts."""

    spans: list[tuple[int, int]]
    longest: int
    orgs: list[Record]
    org_starts: list[int] | None

    @classmethod
    def of(cls, mentions: list[Record], start: int, end: int) -> Named:
        """The mentions inside text[start:end], in their order."""
        inside = [m for m in mentions if start <= m["start"] and m["end"] <= end]
        spans = sorted(map(SPAN, inside))
        orgs = [m for m in inside if m.get("entity_type") == "organisation"]
        starts = list(map(START_KEY, orgs))
        in_order = all(map(le, starts, starts[1:]))
        return cls(spans, max([e - s for s, e in spans], default=0), orgs, starts if in_order else None)

    def orgs_inside(self, start: int, end: int) -> list[Record]:
        """The organisations inside text[start:end], in their order."""
        if self.org_starts is None:
            return [m for m in self.orgs if start <= m["start"] and m["end"] <= end]
        i, j = bisect_left(self.org_starts, start), bisect_right(self.org_starts, end)
        return [m for m in self.orgs[i:j] if m["end"] <= end]

    def within(self, start: int, end: int) -> list[tuple[int, int]]:
        """The spans that overlap text[start:end]."""
        i = bisect_left(self.spans, (start - self.longest,))
        out = []
        for span in self.spans[i:]:
            if span[0] >= end:
                break
            if span[1] > start:
                out.append(span)
        return out


def _unit_statistics(
    doc: Document,
    seg: Segment,
    unit: Unit,
    numbers: list[Number],
    before: Callable[[], list[Unit]],
    named: Named,
    lowered: Lowering,
) -> list[Record]:
    """Statistics of one sentence holding `numbers`; `before()` gives the sentence before it, read only
    when needed. Names and time references hold no figure."""
    text = doc.text
    dressed = dress_numbers(text, unit, numbers)
    if not any(dressed):
        return []  # only years, names, codes: no need to look for time references and exclusions
    periods = find_periods(text, unit.start, unit.end, lowered)
    blocked = named.within(unit.start, unit.end) + [(p[0], p[1]) for p in periods]
    figures = find_figures(text, unit, numbers, blocked, lowered, dressed)
    figures, changes = split_change_periods(text, figures)
    if not figures:
        return []
    if changes:
        periods = sorted(periods + changes)
    sentences = [(u.start, u.end) for u in (before() if named.orgs else [])] + [(unit.start, unit.end)]
    orgs = named.orgs_inside(sentences[0][0], unit.end)  # no other can be in the sentences
    attribution = attributed_organisation(text, orgs, sentences, lowered) if orgs else None
    context = {"periods": periods, "attribution": attribution}
    found = [parse_statistic(doc, seg, unit, f, context) for f in figures]
    spans = [(r["start"], r["end"]) for r in found]
    subjects = share_linked_subjects(text, spans, [r["subject"] for r in found])
    for record, subject in zip(found, subjects, strict=True):
        record["subject"] = subject
    return found


def _unit_before(units: list[Unit], j: int) -> list[Unit]:
    """The sentence before units[j] in the same paragraph: an attribution does not reach across paragraphs."""
    return units[j - 1 : j]


def _paragraph_units(text: str, doc_units: list[Unit], starts: list[int], start: int, end: int) -> list[Unit]:
    """split_units(text, start, end), read off the document's units when none crosses the paragraph edges."""
    i, j = bisect_left(starts, start), bisect_left(starts, end)
    if (i and doc_units[i - 1].end > start) or (j and doc_units[j - 1].end > end):
        return split_units(text, start, end)
    return doc_units[i:j]


def _number_paragraphs(text: str, seg: Segment, spots: Spots | None) -> Iterator[tuple[int, int]]:
    """The paragraphs of the segment that may hold a number (see `holds_number`), in order."""
    marks, k = (spots.marks if spots is not None else []), 0
    for m in PARAGRAPH_RE.finditer(text, seg.start, seg.end):
        start, end = m.span()
        if spots is not None:
            k = bisect_left(marks, start, k)
            if k < len(marks) and marks[k] < end:
                yield start, end
                continue
            if start != seg.start and end != seg.end:
                continue  # no number starts in it, and a paragraph inside the segment cuts no word
        if holds_number(text, spots, start, end):
            yield start, end


def _segment_statistics(doc: Document, seg: Segment, named: Named) -> list[Record]:
    """Statistics of one segment; only paragraphs that hold a number are split into sentences."""
    text, records = doc.text, []
    doc_units: list[Unit] | None = None
    spots = find_spots(text, seg.start, seg.end)
    lowered = lowered_text if spots is None else spots.lowered
    marks = spots.marks if spots is not None else []
    for start, end in _number_paragraphs(text, seg, spots):
        if doc_units is None:
            doc_units = split_units(text)
            starts = list(map(START, doc_units))
            if not all(map(le, starts, starts[1:])):
                doc_units, starts = [], []  # not in order: split each paragraph on its own
        units = _paragraph_units(text, doc_units, starts, start, end) if starts else split_units(text, start, end)
        for j, unit in enumerate(units):
            if unit.kind == "heading":
                continue  # titles and section headings repeat or number the body, they state no figure
            if spots is not None:
                k = bisect_left(marks, unit.start)
                if (k == len(marks) or marks[k] >= unit.end) and clean(text, unit.start, unit.end):
                    continue  # most sentences: no number starts in them
            numbers = spot_numbers(text, spots, unit.start, unit.end)
            if numbers:
                before = partial(_unit_before, units, j)
                records.extend(_unit_statistics(doc, seg, unit, numbers, before, named, lowered))
    return records


def extract_statistics(doc: Document, segments: list[Segment], mentions: list[Record]) -> list[Record]:
    """Statistic records of every on-topic segment of `doc`, in document order."""
    records: list[Record] = []
    for seg in segments:
        if seg.on_topic:
            records.extend(_segment_statistics(doc, seg, Named.of(mentions, seg.start, seg.end)))
    return records
