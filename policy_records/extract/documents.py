"""Document-level fields: title, document_type, publisher, published date.

- title: the first segment's title, else the document's first line when it is
  a heading, else None.
- document_type: the type whose cue patterns (`reference/document_type_cues.csv`,
  each with a weight and a maximum count) score highest over the on-topic
  text; `other` when nothing scores at least MIN_TYPE_SCORE. A cue's
  `keywords` (one of which is in every match) are looked up in the lowercased
  text first: most patterns never run on a document that cannot match them,
  and a pattern of bounded width is only searched from just before the next
  keyword (no match can start earlier), so most of the text is never scanned.
- publisher_organisation_id: an organisation named in a heading among the
  first PUBLISHER_UNITS units (a site title or a byline such as "Labour Party")
  or in an all-caps dateline credit ("PRESS ASSOCIATION --"); else None.
- published_date: only a date the text states in a dateline (a short line
  holding just a date) or after "published/posted/updated/date"; else None.
  Dates are written with a month name ("12 March 2012", "Sept 5, 2023"), in
  ISO form or as day/month/year ("18/10/2016", UK order). A dateline that is
  no real date ("31 February 2024", "5 Febuary 2024", "10/18/2016") is noted
  as unparsed (`extract.unparsed`).
"""

from __future__ import annotations

import calendar
import re
from bisect import bisect_left
from datetime import datetime
from functools import cache

import ahocorasick
from rapidfuzz import fuzz, process

from policy_records.extract.unparsed import note
from policy_records.model import Document, Record, Segment
from policy_records.text import Unit, first_units, split_units
from policy_records.vocab import read_table

DATE_RE = re.compile(
    r"\b(?:(\d{1,2})(?:st|nd|rd|th)?\s+([A-Z][a-z]{2,8})\.?,?\s+(\d{4})"
    r"|([A-Z][a-z]{2,8})\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})"
    r"|(\d{4})-(\d{2})-(\d{2})"
    r"|(\d{1,2})/(\d{1,2})/(\d{4}))\b"  # day first, as UK texts write it
)
YEAR_RE = re.compile(r"\d\d\d\d")  # in every DATE_RE match; as a character class it is found fast
DATE_CUE_RE = re.compile(r"\b(?:published|posted|updated|date|dated)\b[^\n]{0,20}$", re.IGNORECASE)
DATELINE_CREDIT_RE = re.compile(r"\s*(?:--|\u2014)\s")
FOLD_PAIRS = (("\u0130", "i"), ("\u0131", "i"), ("\u017f", "s"))  # IGNORECASE equals these, lower() not
HEAD_CHARS = 1500
MONTH_NAMES = tuple(m.lower() for m in (*calendar.month_name[1:], *calendar.month_abbr[1:]))  # English, any locale
MONTH_LIKE_SCORE = 80  # rapidfuzz ratio: "febuary" 93, "jully" 89; "number" 71, "mayor" 75
PUBLISHER_UNITS = 4
DATELINE_MAX_CHARS = 40
MIN_TYPE_SCORE = 1.0


@cache
def type_cues() -> tuple[tuple[re.Pattern[str], str, float, int, tuple[str, ...]], ...]:
    return tuple(
        (
            re.compile(r["pattern"], re.IGNORECASE | re.MULTILINE),
            r["document_type"],
            float(r["weight"]),
            int(r["max_count"] or 1),
            tuple(k for k in r["keywords"].lower().split("|") if k),
        )
        for r in read_table("document_type_cues.csv")
    )


def folded(text: str) -> str:
    """Lowercased so that a keyword is in it wherever a case-insensitive pattern could match."""
    if not text.isascii():
        for old, new in FOLD_PAIRS:
            text = text.replace(old, new)
    return text.lower()


@cache
def _keyword_automaton() -> ahocorasick.Automaton:
    """Every cue keyword, found in one pass over the lowercased text."""
    automaton = ahocorasick.Automaton()
    for keyword in {k for cue in type_cues() for k in cue[4]}:
        automaton.add_word(keyword, (keyword, len(keyword)))
    if len(automaton):
        automaton.make_automaton()
    return automaton


@cache
def _cue_widths() -> tuple[int | None, ...]:
    """The longest match of each cue pattern; None when unbounded, when it can match nothing or has a lookaround."""
    try:
        from re import _parser  # type: ignore[attr-defined]  # the stdlib's own regex parser
    except ImportError:
        return tuple(None for _ in type_cues())
    widths = []
    for pattern, *_ in type_cues():
        low, high = _parser.parse(pattern.pattern, pattern.flags).getwidth()
        lookaround = any(f"(?{c}" in pattern.pattern for c in ("=", "!", "<"))
        widths.append(high if 0 < low and high < _parser.MAXREPEAT and not lookaround else None)
    return tuple(widths)


def _keyword_starts(low: str) -> dict[str, list[int]]:
    """Start offsets of every occurrence of each keyword in `low`, in order."""
    found: dict[str, list[int]] = {}
    automaton = _keyword_automaton()
    if len(automaton):
        for last, (keyword, length) in automaton.iter(low):
            found.setdefault(keyword, []).append(last - length + 1)
    return found


def _count(pattern: re.Pattern[str], text: str, max_count: int) -> int:
    n = 0
    for _ in pattern.finditer(text):
        n += 1
        if n >= max_count:
            break
    return n


def _count_near(pattern: re.Pattern[str], text: str, max_count: int, starts: list[int], width: int) -> int:
    """`_count` for a pattern of bounded width whose every match holds a keyword starting at one of `starts`.

    Such a match starts at most `width` before its keyword and ends before
    `width` after it, so each keyword is tried in a window around it; matching
    reads one character past a match ($, \\b), hence the window's margin of 2.
    """
    n = pos = i = 0
    while n < max_count and i < len(starts):
        k = starts[i]
        m = pattern.search(text, max(pos, k + 1 - width), k + width + 2)
        if m is not None and m.start() <= k:  # past k the window may cut a match short: a later keyword's turn
            n += 1
            pos = m.end()
            i = bisect_left(starts, pos, i)
        else:
            i += 1
    return n


@cache
def _type_kinds() -> tuple[str, ...]:
    return tuple(sorted({cue[1] for cue in type_cues()}))


def document_type(text: str) -> str:
    low = folded(text)
    found = _keyword_starts(low)
    aligned = len(low) == len(text)  # offsets in `low` are offsets in `text`
    scores = dict.fromkeys(_type_kinds(), 0.0)  # in sorted order: max() picks the first of equal scores
    for (pattern, kind, weight, max_count, keywords), width in zip(type_cues(), _cue_widths(), strict=True):
        if not keywords:
            n = _count(pattern, text, max_count)
        elif found.keys().isdisjoint(keywords):
            continue  # no match: it would add nothing
        else:
            starts = found[keywords[0]] if len(keywords) == 1 else sorted(s for k in keywords for s in found.get(k, ()))
            n = _count_near(pattern, text, max_count, starts, width) if aligned and width else \
                _count(pattern, text, max_count)
        scores[kind] += weight * n
    best = max(scores, key=scores.__getitem__, default="other")
    return best if scores.get(best, 0.0) >= MIN_TYPE_SCORE else "other"


def head_units(text: str, count: int | None = None) -> list[Unit]:
    """The units of the first HEAD_CHARS characters (only the first `count` when given)."""
    end = min(len(text), HEAD_CHARS)
    return split_units(text, 0, end) if count is None else first_units(text, end, count)


def title_of(text: str, segments: list[Segment], units: list[Unit] | None = None) -> str | None:
    if segments and segments[0].title:
        return segments[0].title
    units = head_units(text) if units is None else units
    return text[units[0].start : units[0].end] if units and units[0].kind == "heading" else None


def publisher_of(text: str, mentions: list[Record], units: list[Unit] | None = None) -> str | None:
    units = (head_units(text) if units is None else units)[:PUBLISHER_UNITS]
    limit = max((u.end for u in units), default=-1)  # a mention starting later is in none of them
    for m in sorted((m for m in mentions if m["start"] <= limit), key=lambda m: m["start"]):
        if m["entity_type"] != "organisation":
            continue
        for u in units:
            in_heading = u.kind == "heading" and u.start <= m["start"] and m["end"] <= u.end
            credit = m["start"] == u.start and DATELINE_CREDIT_RE.match(text, m["end"])
            if in_heading or credit:
                return m["entity_id"]
    return None


def _parts(m: re.Match[str]) -> tuple[str, str, str]:
    """(day, month, year) of a DATE_RE match, as written."""
    if m.group(7):
        return m.group(9), m.group(8), m.group(7)
    if m.group(10):
        return m.group(10), m.group(11), m.group(12)
    return (m.group(1), m.group(2), m.group(3)) if m.group(1) else (m.group(5), m.group(4), m.group(6))


def _month_like(month: str) -> bool:
    """A month in digits, or a word that is a month name or close to one ("Febuary"), not "Chapter"."""
    return month.isdigit() or process.extractOne(month.lower(), MONTH_NAMES, scorer=fuzz.ratio,
                                                 score_cutoff=MONTH_LIKE_SCORE) is not None


def _iso(m: re.Match[str]) -> str | None:
    day, month, year = _parts(m)
    if month.lower().startswith("sept"):
        month = "Sep"  # strptime knows "Sep" only
    for fmt in ("%d %B %Y", "%d %b %Y", "%d %m %Y"):
        try:
            return datetime.strptime(f"{int(day)} {month} {year}", fmt).date().isoformat()
        except ValueError:
            continue
    return None


def published_date(text: str) -> str | None:
    head = text[:HEAD_CHARS]
    if not YEAR_RE.search(head):
        return None
    for m in DATE_RE.finditer(head):
        line_start = head.rfind("\n", 0, m.start()) + 1
        line_end = head.find("\n", m.end())
        line = head[line_start : line_end if line_end >= 0 else len(head)]
        if len(line.strip()) <= DATELINE_MAX_CHARS or DATE_CUE_RE.search(head[line_start : m.start()]):
            iso = _iso(m)
            if iso:
                return iso
            if _month_like(_parts(m)[1]):  # "31 February 2024", "5 Febuary 2024"; not "Chapter 3, 2019"
                note(m.start(), m.end(), "documents", "date", "a dateline with no such date")
    return None


def describe_document(doc: Document, segments: list[Segment], mentions: list[Record]) -> Record:
    on_topic = "\n".join(doc.text[s.start : s.end] for s in segments if s.on_topic) or doc.text
    units = head_units(doc.text, PUBLISHER_UNITS)  # all that title_of and publisher_of read
    return {
        "document_id": doc.document_id,
        "source_file": doc.source_file,
        "sha256": doc.sha256,
        "title": title_of(doc.text, segments, units),
        "document_type": document_type(on_topic),
        "publisher_organisation_id": publisher_of(doc.text, mentions, units),
        "published_date": published_date(doc.text),
        "encoding": doc.encoding,
        "char_count": len(doc.text),
        "word_count": len(doc.text.split()),
    }
