"""Names without a head word, found by the description that follows them: "Fenland Migrant
Support, a small volunteer group based in ...", "Kalayaan is a registered charity in ...".

What counts: a run of capitalised words directly followed by ", a/an" or "is a/an",
at most MAX_DESCRIBING_WORDS lower-case words, and a noun of
`reference/entity_described_cues.csv` (role `noun`, which also gives the type)
that ends the description: punctuation or a `follower` word ("based", "that",
"in") comes next. Such a name is an organisation.
What does not: capitalisation alone ("Comic Relief" with no description is only
found through the reference data); a run ending in a head word (a head name,
see `entity_heads`); one capitalised word opening a sentence ("It is a
charity"); generic phrases and places; people described by a role ("Jane
Smith, a charity trustee": the noun does not end the description; "a volunteer
with the group": a `blocker` word stands between "a" and the noun; "an
organised crime group").
"""

from __future__ import annotations

import re
from functools import cache

from policy_records.extract.entity_stretches import Stretches
from policy_records.extract.entity_tokens import (
    Candidate,
    all_caps_heading,
    head_of,
    is_generic,
    split_names,
    strip_left,
)
from policy_records.vocab import read_table

MAX_DESCRIBING_WORDS = 3
SENTENCE_MARKS = ".!?:;\"'()\n"  # before a word that opens a sentence or a quote


@cache
def described_cues(role: str) -> dict[str, str]:
    """Words of one role -> their type ("" for followers and blockers)."""
    return {r["word"]: r["type"] for r in read_table("entity_described_cues.csv") if r["role"] == role}


@cache
def described_res() -> tuple[re.Pattern[str], ...]:
    """', a small charity based' and ' is a registered charity in': the noun is group 1. Two regexes,
    each starting with a literal (", a" / " is a") so that the engine skips ahead on it."""
    nouns = "|".join(re.escape(w) for w in sorted(described_cues("noun"), key=len, reverse=True))
    followers = "|".join(re.escape(w) for w in sorted(described_cues("follower"), key=len, reverse=True))
    blockers = "|".join(re.escape(w) for w in sorted(described_cues("blocker"), key=len, reverse=True))
    words = rf"(?:(?!(?:{blockers})\b)[a-z][a-z-]* ){{0,{MAX_DESCRIBING_WORDS}}}"
    tail = rf"{words}({nouns})(?=\s*[,.;:)]|\s+(?:{followers})\b)"
    return (re.compile(rf", an? {tail}"), re.compile(rf" is an? {tail}"))


def described_names(text: str, start: int, end: int, st: Stretches | None = None) -> list[Candidate]:
    """The described names in text[start:end]; `st` are its stretches, if already read (else they
    are read only when a description is found)."""
    out = []
    for rx in described_res():
        for m in rx.finditer(text, start, end):
            st = st or Stretches(text, start, end)
            cand = _described(text, st, m.start(), described_cues("noun")[m.group(1)])
            if cand:
                out.append(cand)
    return out


def _described(text: str, st: Stretches, pos: int, etype: str) -> Candidate | None:
    """The name of the run ending at `pos`, if it may be one."""
    run = st.run_ending(pos)
    if not run:
        return None
    name = split_names(strip_left(run, text), text)[-1]
    if not name or head_of(name[-1]) or all_caps_heading(name):
        return None
    s, e = name[0].start, name[-1].end
    if len(name) == 1 and _opens_sentence(text, s):
        return None
    if is_generic(text[s:e]):
        return None
    return Candidate(s, e, text[s:e], "organisation", etype)


def _opens_sentence(text: str, s: int) -> bool:
    k = s - 1
    while k >= 0 and text[k] == " ":
        k -= 1
    return k < 0 or text[k] in SENTENCE_MARKS
