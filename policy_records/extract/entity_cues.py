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

from policy_records.extract.entity_stretches import NOUN_GROUP, Stretches
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
SPACE_BEFORE_CAPITAL_RE = re.compile(r"\s+(?=[A-Z])")


@cache
def noun_res(position: str) -> tuple[re.Pattern[str], ...]:
    """Kind nouns of `position` followed by a comma (appositive) or a capital (before).
    Appositive: one regex that starts at the comma (the engine skips ahead on it) and looks back
    for the noun, longest first. Before: none when `_before` can find each noun with str.find
    (plain words, none ending another, so that their matches never overlap), else one."""
    if position == "before":
        words = list(before_nouns())
        if any(a != b and a.endswith(b) for a in words for b in words) or not all(w.isalnum() for w in words):
            return (re.compile(rf"({'|'.join(words)})\s+(?=[A-Z])"),)
        return ()
    words = [w for w, c in cue_nouns().items() if c["position"] != "before" and c["entity_type"] == "programme"]
    behind = "|".join(f"(?<={re.escape(w)},)" for w in sorted(words, key=len, reverse=True))
    return (re.compile(rf",(?:{behind})\s+"),)


def _appositive(text: str, lo: int, hi: int) -> list[tuple[int, int, str]]:
    """(noun start, end of the white space after the comma, noun) of each 'report, ' in [lo, hi)."""
    out = []
    words = sorted(appositive_nouns(), key=len, reverse=True)
    for m in noun_res("appositive")[0].finditer(text, lo, hi):
        c = m.start()
        noun = next((w for w in words if c - len(w) >= lo and text.startswith(w, c - len(w))), None)
        if noun:
            out.append((c - len(noun), m.end(), noun))
    return out


@cache
def appositive_nouns() -> tuple[str, ...]:
    return tuple(w for w, c in cue_nouns().items() if c["position"] != "before" and c["entity_type"] == "programme")


def _before(text: str, lo: int, hi: int) -> list[tuple[int, int, str]]:
    """(noun start, start of the name, noun) of each 'charity X' in [lo, hi), in text order."""
    for rx in noun_res("before"):
        return [(m.start(), m.end(), m.group(1)) for m in rx.finditer(text, lo, hi)]
    found = []
    for w in before_nouns():  # str.find skips ahead faster than the regex engine
        p = text.find(w, lo, hi)
        while p >= 0:
            m = SPACE_BEFORE_CAPITAL_RE.match(text, p + len(w), hi)
            if m:
                found.append((p, m.end(), w))
            p = text.find(w, m.end() if m else p + 1, hi)
    return sorted(found)


@cache
def before_nouns() -> tuple[str, ...]:
    return tuple(w for w, c in cue_nouns().items() if c["position"] == "before")


def _after_determiner(text: str, s: int) -> bool:
    """'the charity', 'our annual review': a determiner (and up to two words) before the noun."""
    if s > 0 and text[s - 1].isalnum():
        return False
    return DETERMINER_BEFORE_RE.search(text, max(0, s - DETERMINER_WINDOW), s) is not None


def parse_cue_names(text: str, st: Stretches) -> list[Candidate]:
    """'a report, Silence on Violence,' / 'the X website' / 'the SCD9 unit' / 'the charity X'.
    A kind noun counts from the first run of the segment on (`Stretches.first_run_start`)."""
    out = []
    app = noun_res("appositive")[0].search(text, st.start, st.end)
    lo = st.first_run_start() if app else None
    for s, e, noun in _appositive(text, lo, st.end) if lo is not None else ():
        run = st.run_at(e) if _after_determiner(text, s) else None
        if run and CLOSES_RE.match(text, run[-1].end):
            out.append(_cue_candidate(run, text, cue_nouns()[noun], with_noun=False))
    before = _before(text, st.start, st.end)
    first = st.first_run_start() if before else None
    for s, e, noun in before:
        run = st.run_at(e) if first is not None and s >= first and _after_determiner(text, s) else None
        if run:
            out.append(_cue_candidate(split_names(strip_left(run), text)[0], text, cue_nouns()[noun], False))
    for k in st.followed_by(NOUN_GROUP):
        if st.one_word(k) and not _code(st.one_word(k) or ""):  # one word that is not a code: never a name
            continue
        out.extend(_after_cue(run, text) for run in st.runs(k))
    return [c for c in out if c and not is_generic(c.name)]


def _code(word: str) -> bool:
    """'SCD9': no lower case, a digit."""
    return word.upper() == word and any(c.isdigit() for c in word)


def _after_cue(run: list[Token], text: str) -> Candidate | None:
    """'the X website', 'the SCD9 unit': a name followed by its kind noun."""
    code = len(run) == 1 and _code(run[0].word)
    if len(run) == 1 and not code:  # one word that is not a code: never a name before a kind noun
        return None
    nxt = NEXT_WORD_RE.match(text, run[-1].end, run[-1].end + 20)
    cue = cue_nouns().get(nxt.group(1)) if nxt else None
    if not cue or cue["position"] != "after" or head_of(run[-1]):
        return None
    name = split_names(strip_left(run), text)[-1]
    if code or len([t for t in name if t.kind == "cap"]) >= 2:
        with_noun = not code and cue["entity_type"] == "organisation"
        return _owned_cue_candidate(name, text, cue) if with_noun else _cue_candidate(name, text, cue, False)
    return None


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
    low = text[seg.start : seg.end].lower()
    counts: dict[str, int] = {}
    for noun, kind, noun_rx in _kind_nouns():
        n = len(noun_rx.findall(low)) if noun in low else 0  # `in` first: most nouns are absent
        if n:
            counts[kind] = counts.get(kind, 0) + n
    return max(sorted(counts), key=lambda t: counts[t]) if counts else ""


@cache
def _kind_nouns() -> tuple[tuple[str, str, re.Pattern[str]], ...]:
    """(noun, type, regex of the noun as a whole lowercase word) of the programme kind nouns. The
    noun comes first and the letter before it is looked behind for after it, so that the engine
    skips ahead on the noun (a leading look-behind makes it try every position)."""
    return tuple(
        (w, cue["type"], re.compile(rf"{w}(?![a-z])(?<![a-z]{w})"))
        for w, cue in cue_nouns().items()
        if cue["entity_type"] == "programme" and not cue["weak"] and LOWER_WORD_RE.fullmatch(w)
    )
