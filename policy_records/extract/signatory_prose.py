"""Signatory lists written in running text: "The letter was signed by A, B and C."

What counts: after a "signed by" cue (`reference/entity_signatory_cues.csv`,
kind `prose`), optionally "more than 40 groups including", the names up to
the end of the sentence (hard-wrapped lines run on; a blank line ends it),
split on commas and on "and" (a known name such as "Justice and Care" is not
split). At least MIN_ITEMS items, each starting with
a capital, and most of them organisation-like (known to the reference data or
ending in an organisation head word); items that are not are skipped.
What does not: a single signer ("signed by the Home Secretary"), "supported
by ..." in running text (partners of an operation are not signatories).
"""

from __future__ import annotations

import os
import re
from functools import cache

from policy_records.extract.signatory_lines import org_like
from policy_records.extract.unparsed import note
from policy_records.model import Segment
from policy_records.reference import lookup
from policy_records.vocab import read_table

ITEM_SPLIT_RE = re.compile(r",\s+(?:and\s+)?|\s+and\s+")
AND_RE = re.compile(r"\s+and\s+")
LEADING_THE_RE = re.compile(r"(?:the|The)\s+")
MIN_ITEMS = 2
MIN_ORG_SHARE = 0.6
UNKNOWN_ITEM = "an item of a 'signed by' list that is neither known nor ends in an organisation word"


@cache
def prose_re() -> re.Pattern[str]:
    rows = read_table("entity_signatory_cues.csv")
    alts = "|".join(re.escape(r["pattern"]) for r in rows if r["kind"] == "prose")
    intro = r"(?:[^,.;:\n]{0,60}?\b(?:including|such as|among them)\s+)?"
    return re.compile(rf"(?:{alts})\s+{intro}([^.;:]+)")  # runs on lowercased text: no (?i), no leading \b


@cache
def _common_tail() -> str:
    """The ending all prose cues share ("signed by"): a cheap test before the regex runs."""
    rows = read_table("entity_signatory_cues.csv")
    return os.path.commonprefix([r["pattern"][::-1] for r in rows if r["kind"] == "prose"])[::-1]


def _split(text: str, s: int, e: int) -> list[tuple[int, int]]:
    """Item spans of text[s:e]; "and" splits only where the whole is not a known name."""
    pieces, pos = [], s
    for m in ITEM_SPLIT_RE.finditer(text, s, e):
        if m.group().lstrip(",").strip() == "and" and "," not in m.group():
            whole_end = text.find(",", m.end(), e)
            whole = text[pos : whole_end if whole_end >= 0 else e]
            if lookup(whole) is not None:
                continue
        pieces.append((pos, m.start()))
        pos = m.end()
    pieces.append((pos, e))
    out = []
    for a, b in pieces:
        the = LEADING_THE_RE.match(text, a, b)
        a = the.end() if the else a
        out.append((a, _trimmed_end(text, a, b) if b > a else b))
    return out


def _trimmed_end(text: str, a: int, b: int) -> int:
    """End of text[:b] without trailing white space, without copying the text before `a` (unless the item
    is all white space)."""
    end = a + len(text[a:b].rstrip())
    return end if end > a else len(text[:b].rstrip())


def prose_items(text: str, low: str, seg: Segment) -> list[tuple[int, int]]:
    """Spans of the organisations listed after "signed by" in the segment's running text
    (`low`: the text lowercased, same length)."""
    out: list[tuple[int, int]] = []
    if low.find(_common_tail(), seg.start, seg.end) < 0:
        return out
    for m in prose_re().finditer(low, seg.start, seg.end):
        if m.start() > 0 and low[m.start() - 1].isalnum():
            continue
        line_end = text.find("\n\n", m.start(1), m.end(1))  # hard-wrapped prose runs on; a blank line ends it
        end = m.end(1) if line_end < 0 else line_end
        items = [(a, b) for a, b in _split(text, m.start(1), end) if b > a and text[a].isupper()]
        orgs = [(a, b) for a, b in items if org_like(text[a:b])]
        if len(items) >= MIN_ITEMS and len(orgs) >= MIN_ORG_SHARE * len(items):
            out.extend(orgs)
            for a, b in items:
                if (a, b) not in orgs:
                    note(a, b, "signatories", "signatory_without_organisation", UNKNOWN_ITEM)
    return out
