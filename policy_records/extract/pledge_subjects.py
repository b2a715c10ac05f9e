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

CLAUSE_MARKS = r"[,;:()\[\]\"“”]|\s[–—-]\s"  # each reads the same backwards
CLAUSE_WORDS = (
    "that|but|and|or|so|because|while|whereas|although|though|when|where|who|whom|whose|which|if|unless|since"
    "|until|whether|once|after|before|why|how|saying|adding"
)
CLAUSE_BOUNDARY_RE = re.compile(rf"{CLAUSE_MARKS}|\b(?:{CLAUSE_WORDS})\b", re.I)
# The same boundaries in reversed text: its first matches are the last ones of CLAUSE_BOUNDARY_RE, unless
# spaced dashes overlap (" - - "), which only a forward search reads right.
REVERSED_BOUNDARY_RE = re.compile(rf"{CLAUSE_MARKS}|\b(?:{CLAUSE_WORDS[::-1]})\b", re.I)
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
UNIT_RES: tuple[re.Pattern[str], ...] = (CLAUSE_BOUNDARY_RE, RELATIVE_RE, TRAILING_ADVERB_RE, REVERSED_BOUNDARY_RE)
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


def last_boundaries(
    head: str, boundary_re: re.Pattern[str], reversed_re: re.Pattern[str]
) -> tuple[tuple[int, int], tuple[int, int]]:
    """Spans of the last two clause boundaries in `head` ((0, 0) for a missing one), found from its end."""
    n, spans = len(head), [(0, 0), (0, 0)]
    for m in reversed_re.finditer(head[::-1]):
        if head[n - m.start() - 1].isspace():  # a spaced dash: may overlap another
            break
        spans.append((n - m.end(), n - m.start()))
        if len(spans) == 4:
            return spans[3], spans[2]
    else:
        return spans[-2], spans[-1]
    before, last = (0, 0), (0, 0)
    for m in boundary_re.finditer(head):
        before, last = last, m.span()
    return before, last


def without_trailing(trailing_re: re.Pattern[str], phrase: str) -> str:
    """`phrase` without its trailing adverbs and auxiliaries. The last of them is its last word, so the
    search for them only runs when that word is one (tried at the white space before it)."""
    words = phrase.rsplit(None, 1)
    cut = len(phrase) - len(words[-1]) - 1 if words else -1
    if cut < 0 or trailing_re.match(phrase, cut) is None:
        return phrase
    return trailing_re.sub("", phrase)


def subject_span(s: str, cue_start: int, low: str | None = None) -> tuple[int, int]:
    """(start, end) in `s` of the clause subject standing before a cue (an acronym in brackets is kept);
    `low`: `s` in lower case, searched instead when the document is searched in lower case."""
    head = s[:cue_start]
    kept = kept_together(head)
    text, res = s, UNIT_RES
    if low is not None:
        text, head, res = low, low[:cue_start], LOWER_CASE_RES
    boundary_re, relative_re, trailing_re, reversed_re = res
    before, last = last_boundaries(blank(head, kept) if kept else head, boundary_re, reversed_re)
    b, stop = last[1], cue_start
    if last[1] and relative_re.fullmatch(text, *last) and text[b:cue_start].strip():
        # "Women who have left ... should": the cue belongs to the main clause
        b, stop = before[1], last[0]
    phrase = without_trailing(trailing_re, text[b:stop].rstrip())
    lead = len(phrase) - len(phrase.lstrip())
    return b + lead, b + len(phrase)
