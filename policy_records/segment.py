"""Split a document into segments (articles or posts) and mark each on- or off-topic.

A new segment starts where a page holds a second article:
- a title followed by a short byline that repeats in the document (a blog page
  with several posts, each "Title / Labour Party / body"), or by a byline line
  (`reference/bylines.csv`: "Posted by X | date", "By Jane Smith, ...");
- a heading that follows page furniture ("Show Hide image", "Most read", see
  `reference/page_furniture.csv`, lists of links may come in between) and is
  itself followed by running text (a news page with an unrelated article
  appended);
- the first unit after a thematic break line ("---", "***", "* * *").
A stretch with no running text (a site header, a menu) joins the segment that
follows it, or the one before it at the end of a page.
A segment is on-topic when the topic patterns of `reference/topic_terms.csv`
(trafficking, slavery, exploitation, ...) match at least twice in it, or once
in its title, or once in a short segment (a one-paragraph note). Nothing is
extracted from off-topic segments.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from itertools import compress

from policy_records.model import Document, Segment
from policy_records.text import Unit, line_edges, line_spans, split_units
from policy_records.vocab import compiled

BYLINE_MAX_WORDS = 5
TITLE_MAX_WORDS = 14
# Lines that are never titles: breadcrumbs and menus ("Home > News", "News | Blog"), postcodes, web addresses.
NOT_TITLE_RE = re.compile(r"\s[>|]\s|\b[A-Z]{1,2}\d[A-Z\d]?\s*\d[A-Z]{2}\b|^\S+\.(?:uk|com|org|scot|gov)\b|https?://")
FURNITURE_MAX_CHARS = 160  # furniture and byline lines are short; longer units are never checked
MIN_BODY_CHARS = 200  # running text needed after a heading for it to open an article
BREAK_RE = re.compile(r"^[ \t]*(?:(?:-[ \t]*){3,}|(?:\*[ \t]*){3,}|(?:_[ \t]*){3,})$", re.MULTILINE)
BREAK_CHARS = "-*_"  # the text of every break line starts with one of these
MIN_TOPIC_HITS = 2
SHORT_SEGMENT_WORDS = 150  # one topic word is enough in a segment this short


@cache
def _line_pattern(name: str) -> re.Pattern[str]:
    """Full-line patterns of a reference CSV, case-insensitive."""
    return re.compile(compiled(name).pattern, re.IGNORECASE)


def _is_furniture(line: str) -> bool:
    line = line.strip()
    return len(line) <= FURNITURE_MAX_CHARS and _line_pattern("page_furniture.csv").fullmatch(line) is not None


def _is_break(line: str) -> bool:
    first = line[:1]
    if first not in BREAK_CHARS and not first.isspace():  # then line.strip() starts with neither
        return False
    return BREAK_RE.fullmatch(line.strip()) is not None


def _short_line(line: str) -> bool:
    """Short enough to be a title ("Roof appeal: nearly there!")."""
    return line == line.strip() and len(line.split(None, TITLE_MAX_WORDS)) <= TITLE_MAX_WORDS  # up to one too many


@cache
def _byline_pattern() -> re.Pattern[str]:
    return compiled("bylines.csv", flags=0)


def _is_byline(line: str) -> bool:
    if len(line) > FURNITURE_MAX_CHARS:
        return False
    return _byline_pattern().fullmatch(line.strip()) is not None


@dataclass
class _Page:
    """A document's units with what every rule asks of them, worked out once."""

    units: list[Unit]
    lines: list[str]  # the text of each unit
    furniture: list[bool]
    titles: list[bool]

    @classmethod
    def of(cls, text: str, units: list[Unit]) -> _Page:
        lines = [text[u.start:u.end] for u in units]
        furniture_line = _line_pattern("page_furniture.csv").fullmatch  # as _is_furniture, without the calls
        furniture = [len(s := line.strip()) <= FURNITURE_MAX_CHARS and furniture_line(s) is not None for line in lines]
        line_starts, line_ends = line_edges(text)  # a sentence (trimmed) from one to the other has lines of its own
        titles = [  # a heading (or a short line of its own) that could open an article: not furniture, not a break
            (u.kind == "heading" or (u.kind == "sentence" and u.start in line_starts and u.end in line_ends
                                     and _short_line(line)))
            and not furn and not _is_break(line)
            for u, line, furn in zip(units, lines, furniture, strict=True)
        ]
        return cls(units, lines, furniture, titles)

    def running(self, i: int) -> bool:
        return self.units[i].kind in ("sentence", "item") and not self.furniture[i]


def _byline_starts(page: _Page) -> set[int]:
    """Indexes of title units followed by a byline heading repeated in the document."""
    counts: dict[str, int] = {}
    for line, title in zip(page.lines, page.titles, strict=True):
        if title and len(line.split(None, BYLINE_MAX_WORDS)) <= BYLINE_MAX_WORDS and not any(map(str.isdigit, line)):
            counts[line] = counts.get(line, 0) + 1
    starts = set()
    for i in compress(range(1, len(page.units)), page.titles):  # the units after a title
        line = page.lines[i]
        if (page.units[i].kind == "heading" and counts.get(line, 0) >= 2) or _is_byline(line):
            starts.add(i - 1)
    return starts


def _body_chars_after(page: _Page, i: int) -> int:
    n = 0
    for j in range(i + 1, len(page.units)):
        u = page.units[j]
        if u.kind == "heading" and page.furniture[j]:
            break
        if u.kind == "sentence":
            n += u.end - u.start
    return n


def _furniture_starts(page: _Page) -> set[int]:
    """Headings that open running text after page furniture (links and short headings may come between)."""
    starts, after_furniture = set(), False
    for i, u in enumerate(page.units):
        if page.furniture[i]:
            after_furniture = True
        elif after_furniture and page.titles[i] and _body_chars_after(page, i) >= MIN_BODY_CHARS:
            starts.add(i)
            after_furniture = False
        elif u.kind == "sentence":
            after_furniture = False
    return starts


def _break_starts(text: str, units: list[Unit]) -> set[int]:
    """Index of the first unit after each thematic break line (found from the first line that may be one)."""
    first = next((s for s, _ in line_spans(text) if text[s] in BREAK_CHARS), None)
    if first is None:
        return set()
    starts = set()
    for m in BREAK_RE.finditer(text, text.rfind("\n", 0, first) + 1):  # "^" holds after a newline
        after = next((i for i, u in enumerate(units) if u.start >= m.end()), None)
        if after is not None:
            starts.add(after)
    return starts


def _merge_empty(page: _Page, starts: list[int]) -> list[int]:
    """First unit of each segment, after joining stretches without running text.

    A stretch without running text (a site header, a menu, a footer) joins the
    segment after it, or the one before it when it ends the page.
    """
    kept = list(starts)
    n = 0
    while n < len(kept) and len(kept) > 1:
        last = kept[n + 1] if n + 1 < len(kept) else len(page.units)
        if any(page.running(i) for i in range(kept[n], last)):
            n += 1
        else:
            kept.pop(n + 1 if n + 1 < len(kept) else n)
    return kept


def _title(page: _Page, first: int, last: int) -> str | None:
    """The longest heading before the segment's running text (not a menu, breadcrumb or address)."""
    candidates = []
    for i in range(first, last):
        line, title = page.lines[i], page.titles[i]
        if not title and page.running(i):
            break
        if title and not _is_byline(line) and not NOT_TITLE_RE.search(line):
            candidates.append((page.units[i].kind == "heading", len(line), line))  # a heading beats a short line
    return max(candidates, default=(False, 0, None))[2]
def is_on_topic(text: str, title: str | None) -> bool:
    pattern = compiled("topic_terms.csv")
    if title and pattern.search(title):
        return True
    hits = 0
    for _ in pattern.finditer(text):
        hits += 1
        if hits >= MIN_TOPIC_HITS:
            return True
    return hits >= 1 and len(text.split(None, SHORT_SEGMENT_WORDS)) < SHORT_SEGMENT_WORDS  # counted up to one over


def segment_document(doc: Document) -> list[Segment]:
    """Segments of `doc` in order; a document with no text structure is one segment."""
    text = doc.text
    units = split_units(text)
    if not units:
        return [Segment(f"{doc.document_id}-s1", doc.document_id, 1, None, 0, len(text), False)]
    page = _Page.of(text, units)
    found = {0} | _byline_starts(page) | _furniture_starts(page) | _break_starts(text, units)
    starts = _merge_empty(page, sorted(found))
    segments = []
    for n, first in enumerate(starts):
        last = (starts[n + 1] if n + 1 < len(starts) else len(units)) - 1
        start, end = units[first].start, units[last].end
        title = _title(page, first, last + 1)
        segments.append(
            Segment(
                segment_id=f"{doc.document_id}-s{n + 1}",
                document_id=doc.document_id,
                position=n + 1,
                title=title,
                start=start,
                end=end,
                on_topic=is_on_topic(text[start:end], title),
            )
        )
    return segments
