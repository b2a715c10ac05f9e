"""Names introduced by a kind noun (`reference/entity_cue_nouns.csv`).

What counts: a name in apposition to a kind noun ("a report, Silence on
Violence,", "our annual review, Still Waiting,"); a name after a noun that
comes before it ("the charity Caritas Salford", position `before`); a name
followed by its kind noun ("the Everywoman Safe Everywhere website", "the
specialist SCD9 unit", position `after`). Organisations keep the noun in their
name ("Safer Leeds team"); after a possessive the name is the owner's body and
takes the owner's type ("Leeds City Council's Safer Leeds team").
What does not: one capitalised word before a kind noun (unless a code such as
"SCD9"), a run ending in a head word (a head name, see `entity_patterns`),
generic phrases.
"""

from __future__ import annotations

import re
from functools import cache

from policy_records.extract.entity_tokens import (
    Candidate,
    Token,
    all_caps_heading,
    cue_nouns,
    head_of,
    head_words,
    is_generic,
    possessive,
    split_names,
    strip_left,
    without_possessive,
)
from policy_records.model import Segment
from policy_records.reference import lookup

DETERMINER_BEFORE_RE = re.compile(r"\b(?i:a|an|the|its|their|his|her|our|new)\s+(?:[a-z-]+\s+){0,2}$")
DETERMINER_WINDOW = 40  # characters before a kind noun searched for "the", "our annual", ...
NEXT_WORD_RE = re.compile(r" (\w+)\b")
CLOSES_RE = re.compile(r"\s*[,)]")
LOWER_WORD_RE = re.compile(r"[a-z]+")


@cache
def noun_re(position: str) -> re.Pattern[str]:
    """A kind noun of `position` followed by a comma (appositive) or a capital (before). The
    regex starts with the nouns, not a look-behind, so that the engine skips ahead on the first
    letter; the determiner before it is checked in `_after_determiner`."""
    if position == "before":
        words = [w for w, c in cue_nouns().items() if c["position"] == "before"]
        return re.compile(rf"({'|'.join(words)})\s+(?=[A-Z])")
    words = [w for w, c in cue_nouns().items() if c["position"] != "before" and c["entity_type"] == "programme"]
    return re.compile(rf"({'|'.join(words)}),\s+")


def _after_determiner(text: str, m: re.Match[str]) -> bool:
    """'the charity', 'our annual review': a determiner (and up to two words) before the noun."""
    s = m.start()
    if s > 0 and text[s - 1].isalnum():
        return False
    return DETERMINER_BEFORE_RE.search(text, max(0, s - DETERMINER_WINDOW), s) is not None


def _run_at(all_runs: list[list[Token]], by_start: dict[int, list[Token]], pos: int) -> list[Token] | None:
    if not by_start:
        by_start.update((r[0].start, r) for r in all_runs)
    return by_start.get(pos)


def parse_cue_names(text: str, all_runs: list[list[Token]]) -> list[Candidate]:
    """'a report, Silence on Violence,' / 'the X website' / 'the SCD9 unit' / 'the charity X'."""
    by_start: dict[int, list[Token]] = {}
    out = []
    lo, hi = (all_runs[0][0].start, all_runs[-1][-1].end) if all_runs else (0, 0)
    for m in noun_re("appositive").finditer(text, lo, hi):
        run = _run_at(all_runs, by_start, m.end()) if _after_determiner(text, m) else None
        if run and CLOSES_RE.match(text, run[-1].end):
            out.append(_cue_candidate(run, text, cue_nouns()[m.group(1)], with_noun=False))
    for m in noun_re("before").finditer(text, lo, hi):
        run = _run_at(all_runs, by_start, m.end()) if _after_determiner(text, m) else None
        if run:
            out.append(_cue_candidate(split_names(strip_left(run), text)[0], text, cue_nouns()[m.group(1)], False))
    nouns, next_word = cue_nouns(), NEXT_WORD_RE.match
    for run in all_runs:
        code = len(run) == 1 and run[0].word.upper() == run[0].word and any(c.isdigit() for c in run[0].word)
        if len(run) == 1 and not code:  # one word that is not a code: never a name before a kind noun
            continue
        nxt = next_word(text, run[-1].end, run[-1].end + 20)
        cue = nouns.get(nxt.group(1)) if nxt else None
        if not cue or cue["position"] != "after" or head_of(run[-1]):
            continue
        name = split_names(strip_left(run), text)[-1]
        if code or len([t for t in name if t.kind == "cap"]) >= 2:
            with_noun = not code and cue["entity_type"] == "organisation"
            out.append(_owned_cue_candidate(name, text, cue) if with_noun else _cue_candidate(name, text, cue, False))
    return [c for c in out if c and not is_generic(c.name)]


def _owned_cue_candidate(run: list[Token], text: str, cue: dict[str, str]) -> Candidate | None:
    """'Leeds City Council's Safer Leeds team': the body after the possessive, with the owner's type."""
    for p in range(len(run) - 2, -1, -1):
        if possessive(run[p]):
            owner = [*run[:p], without_possessive(run[p])]
            known = lookup(text[owner[0].start : owner[-1].end])
            head = head_words().get(owner[-1].word)
            etype = known.type if known and known.entity_type == "organisation" else head[1] if head else None
            cand = _cue_candidate(strip_left(run[p + 1 :]), text, cue, with_noun=True)
            if cand and etype:
                cand.type = etype
            return cand
    return _cue_candidate(run, text, cue, with_noun=True)


def _cue_candidate(run: list[Token], text: str, cue: dict[str, str], with_noun: bool) -> Candidate | None:
    if not run or all_caps_heading(run):
        return None
    s, e = run[0].start, run[-1].end
    if with_noun:
        e = text.index(cue["word"], e) + len(cue["word"])
    etype = cue["type"] if not cue["weak"] else "weak:" + cue["type"]
    return Candidate(s, e, text[s:e], cue["entity_type"], etype)


def segment_kind(text: str, seg: Segment) -> str:
    """The programme type the segment names most often by a kind noun ("the consultation")."""
    words = LOWER_WORD_RE.findall(text[seg.start : seg.end].lower())
    counts: dict[str, int] = {}
    for w in words:
        cue = cue_nouns().get(w)
        if cue and cue["entity_type"] == "programme" and not cue["weak"]:
            counts[cue["type"]] = counts.get(cue["type"], 0) + 1
    return max(sorted(counts), key=lambda t: counts[t]) if counts else ""
