"""Split a document into segments (articles or posts) and mark each on- or off-topic.

A new segment starts where a page holds a second article:
- a title followed by a short byline that repeats in the document (a blog page
  with several posts, each "Title / Labour Party / body");
- a heading that follows page furniture ("Show Hide image", "Related", see
  `reference/page_furniture.csv`) and is itself followed by running text (a
  news page with an unrelated article appended).
A segment is on-topic when the topic patterns of `reference/topic_terms.csv`
(trafficking, slavery, exploitation, ...) match at least twice in it, or once
in its title, or once in a short segment (a one-paragraph note). Nothing is
extracted from off-topic segments.
"""

from __future__ import annotations

from policy_records.model import Document, Segment
from policy_records.text import Unit, split_units
from policy_records.vocab import compiled, read_table

BYLINE_MAX_WORDS = 5
MIN_BODY_CHARS = 200  # running text needed after a heading for it to open an article
MIN_TOPIC_HITS = 2
SHORT_SEGMENT_WORDS = 150  # one topic word is enough in a segment this short


def _furniture() -> frozenset[str]:
    return frozenset(row["line"].casefold() for row in read_table("page_furniture.csv"))


def _byline_starts(text: str, units: list[Unit]) -> set[int]:
    """Indexes of title units followed by a byline heading repeated in the document."""
    counts: dict[str, int] = {}
    for u in units:
        if u.kind == "heading" and len(text[u.start:u.end].split()) <= BYLINE_MAX_WORDS:
            key = text[u.start:u.end]
            counts[key] = counts.get(key, 0) + 1
    starts = set()
    for i in range(1, len(units)):
        u, prev = units[i], units[i - 1]
        if u.kind == "heading" and prev.kind == "heading" and counts.get(text[u.start:u.end], 0) >= 2:
            starts.add(i - 1)
    return starts


def _body_chars_after(text: str, units: list[Unit], i: int) -> int:
    n = 0
    for u in units[i + 1:]:
        if u.kind == "heading" and text[u.start:u.end].casefold() in _furniture():
            break
        if u.kind in ("sentence", "item"):
            n += u.end - u.start
    return n


def _furniture_starts(text: str, units: list[Unit]) -> set[int]:
    furniture = _furniture()
    starts, after_furniture = set(), False
    for i, u in enumerate(units):
        line = text[u.start:u.end].casefold()
        if u.kind == "heading" and line in furniture:
            after_furniture = True
        elif after_furniture and u.kind == "heading":
            if _body_chars_after(text, units, i) >= MIN_BODY_CHARS:
                starts.add(i)
            after_furniture = False
        elif u.kind != "heading":
            after_furniture = False
    return starts


def is_on_topic(text: str, title: str | None) -> bool:
    pattern = compiled("topic_terms.csv")
    if title and pattern.search(title):
        return True
    hits = 0
    for _ in pattern.finditer(text):
        hits += 1
        if hits >= MIN_TOPIC_HITS:
            return True
    return hits >= 1 and len(text.split()) < SHORT_SEGMENT_WORDS


def segment_document(doc: Document) -> list[Segment]:
    """Segments of `doc` in order; a document with no text structure is one segment."""
    text = doc.text
    units = split_units(text)
    if not units:
        return [Segment(f"{doc.document_id}-s1", doc.document_id, 1, None, 0, len(text), False)]
    starts = sorted({0} | _byline_starts(text, units) | _furniture_starts(text, units))
    segments = []
    for n, first in enumerate(starts):
        last = (starts[n + 1] if n + 1 < len(starts) else len(units)) - 1
        start, end = units[first].start, units[last].end
        title = text[units[first].start:units[first].end] if units[first].kind == "heading" else None
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
