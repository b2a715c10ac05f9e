"""The subject of a cue: the clause before it, up to the nearest clause boundary.

A clause boundary is a punctuation mark, a spaced dash or a conjunction or relative word ("that", "and",
"who", "why", "saying"); brackets around an acronym ("the National Crime Agency (NCA)") and "and"/"or" between
capitalised words of one name ("the Minister for Migration and Citizenship") are none. After a relative
word the subject is the main clause's ("Women who have left ... should"), and trailing adverbs and
auxiliaries ("also", "has") are not part of it. The search may run on the lower case of the unit
(`pledge_fold`): the offsets are the same.
"""

from __future__ import annotations

import re

from policy_records.extract.pledge_fold import folded

CLAUSE_BOUNDARY_RE = re.compile(
    r"[,;:()\[\]\"“”]|\s[–—-]\s|\b(?:that|but|and|or|so|because|while|whereas|although|though|when|where|who|whom"
    r"|whose|which|if|unless|since|until|whether|once|after|before|why|how|saying|adding)\b",
    re.I,
)
RELATIVE_RE = re.compile(r"who|whom|whose|which", re.I)
TRAILING_ADVERB_RE = re.compile(
    r"(?:\s+(?:also|therefore|now|still|really|urgently|clearly|then|too|certainly|simply|further|thus|hence"
    r"|instead|finally|not|always|never|rather|collectively|themselves|itself|has|have|had|is|are))+$",
    re.I,
)
# Not clause boundaries inside a subject: an acronym in brackets ("the National Crime Agency (NCA)") and
# "and"/"or" between capitalised words of one name ("the Minister for Migration and Citizenship").
ACRONYM_PAREN_RE = re.compile(r"\s*\([A-Z][A-Za-z0-9&.-]{1,12}\)")
NAME_JOIN_RE = re.compile(r"\b[A-Z][\w'’-]*( (?:and|or) )(?=[A-Z])")
UNIT_RES = (CLAUSE_BOUNDARY_RE, RELATIVE_RE, TRAILING_ADVERB_RE)
LOWER_CASE_RES = tuple(folded(p) or p for p in UNIT_RES)  # for lower-cased text (`pledge_cues.fold_ready`)


def blank(text: str, spans: list[tuple[int, int]]) -> str:
    """`text` with the (start, end) spans replaced by spaces."""
    parts: list[str] = []
    last = 0
    for a, b in spans:
        parts += (text[last:a], " " * (b - a))
        last = b
    parts.append(text[last:])
    return "".join(parts)


def kept_together(s: str) -> list[tuple[int, int]]:
    """Spans of `s` that are no clause boundary: brackets around an acronym, "and"/"or" inside a name."""
    spans = [m.span() for m in ACRONYM_PAREN_RE.finditer(s)] if "(" in s else []
    if " and " in s or " or " in s:
        joins = [m.span(1) for m in NAME_JOIN_RE.finditer(blank(s, spans) if spans else s)]
        spans = sorted(spans + joins)
    return spans


def subject_span(s: str, cue_start: int, low: str | None = None) -> tuple[int, int]:
    """(start, end) in `s` of the clause subject standing before a cue (an acronym in brackets is kept);
    `low`: `s` in lower case, searched instead when the document is searched in lower case."""
    head = s[:cue_start]
    kept = kept_together(head)
    text, boundary_re, relative_re, trailing_re = s, CLAUSE_BOUNDARY_RE, RELATIVE_RE, TRAILING_ADVERB_RE
    if low is not None:
        text, head = low, low[:cue_start]
        boundary_re, relative_re, trailing_re = LOWER_CASE_RES
    before, last = (0, 0), (0, 0)
    for m in boundary_re.finditer(blank(head, kept) if kept else head):
        before, last = last, m.span()
    b, stop = last[1], cue_start
    if last[1] and relative_re.fullmatch(text, *last) and text[b:cue_start].strip():
        # "Women who have left ... should": the cue belongs to the main clause
        b, stop = before[1], last[0]
    phrase = trailing_re.sub("", text[b:stop].rstrip())
    lead = len(phrase) - len(phrase.lstrip())
    return b + lead, b + len(phrase)
