"""Page-level rules for names: sharing furniture, and a report's own title.

Social sharing links ("Share on Facebook", a "Share this page" line and the
short lines right under it, cues in `reference/entity_furniture_cues.csv`) are
page furniture: nothing named there is a mention.
A document that reads as a report (`documents.document_type`) and opens with a
title-case title ("Unfinished Business: Ten Years of the Modern Slavery Act")
names that report: the title is a programme of type `report`. Not a title that
is a known organisation, a generic phrase, or in sentence case (a headline).
In a title-case heading line longer than the name, capitals say nothing: a reference name that is
also an ordinary phrase (`reference/entity_phrase_names.csv`: "Victim Support"
in "Human Trafficking: Victim Support") is no mention there.
"""

from __future__ import annotations

import re
from functools import cache

from policy_records.extract.documents import document_type
from policy_records.extract.entity_tokens import is_generic, name_words
from policy_records.model import Segment
from policy_records.reference import Known, lookup
from policy_records.vocab import read_table

FURNITURE_LINE_CHARS = 80
TITLE_WORD_RE = re.compile(r"[^\W\d_][\w'-]*")
MIN_TITLE_CAPS = 2
MAX_TITLE_CHARS = 120
HEADING_MARKS = "#*_ \t"  # markdown around a heading line


@cache
def furniture_re() -> re.Pattern[str]:
    """A line starting with a sharing cue (either case of its first letter), then the short lines
    right under it. The regex starts with the line break so that the engine skips ahead on it."""
    cues = [r["pattern"] for r in read_table("entity_furniture_cues.csv")]
    alts = "|".join(f"[{c[0].upper()}{c[0]}]{re.escape(c[1:])}" for c in cues)
    line = rf"[^\n]{{0,{FURNITURE_LINE_CHARS}}}$"
    return re.compile(rf"\n[ \t]*(?:{alts})\b{line}(?:\n[ \t]*\S{line})*", re.MULTILINE)


def furniture_zones(lined: str) -> list[tuple[int, int]]:
    """Spans of social sharing blocks in the text (line breaks kept)."""
    return [m.span() for m in furniture_re().finditer(lined)]


def _title_case(title: str) -> bool:
    """Every word but connectors ("of", "the") capitalised, and at least MIN_TITLE_CAPS of them."""
    words = TITLE_WORD_RE.findall(title)
    content = [w for w in words if w not in name_words("connector")]
    return len(content) >= MIN_TITLE_CAPS and all(w[0].isupper() for w in content)


def report_title(text: str, segments: list[Segment]) -> tuple[int, int, str] | None:
    """(start, end, title) of a report's own title, else None."""
    if not segments or not segments[0].title:
        return None
    seg = segments[0]
    title = (seg.title or "").strip()
    if not title or len(title) > MAX_TITLE_CHARS or title.isupper() or not _title_case(title):
        return None
    known = lookup(title)
    if (known and known.entity_type == "organisation") or is_generic(title):
        return None
    start = text.find(title, seg.start, seg.end)
    if start < 0 or document_type(text) != "report":
        return None
    return start, start + len(title), title


@cache
def phrase_names() -> frozenset[str]:
    """IDs of the reference rows whose name is also an ordinary phrase."""
    rows = (lookup(r["name"]) for r in read_table("entity_phrase_names.csv"))
    return frozenset(k.entity_id for k in rows if k is not None)


def in_title_heading(lined: str, start: int, end: int) -> bool:
    """Is text[start:end] inside a longer short title-case line that does not end a sentence
    (a heading)? A heading that is the name alone ("## Unseen") names its section's subject."""
    a = lined.rfind("\n", 0, start) + 1
    b = lined.find("\n", end)
    line = lined[a : b if b >= 0 else len(lined)].strip(HEADING_MARKS)
    rest = lined[a:start] + " " + lined[end : b if b >= 0 else len(lined)]
    return (
        len(line) <= MAX_TITLE_CHARS
        and not line.endswith(".")
        and _title_case(line)
        and any(w not in name_words("connector") for w in TITLE_WORD_RE.findall(rest))
    )


def heading_phrases(lined: str, hits: list[tuple[int, int, Known]]) -> list[tuple[int, int, Known]]:
    """`hits` without ordinary-phrase names standing in a title-case heading."""
    names = phrase_names()
    return [h for h in hits if h[2].entity_id not in names or not in_title_heading(lined, h[0], h[1])]
