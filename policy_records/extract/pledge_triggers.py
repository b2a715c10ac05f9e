"""Finding pledge cues fast: trigger words first, then the cue patterns around them.

Every cue row of `reference/pledge_cues.csv` lists, in column `trigger`, the
words without which its pattern cannot match (reporting, belief and announcing
verbs too). One Aho-Corasick pass over a segment finds those words; units
without a cue or reporting word are skipped, a cue pattern is only tried in a
window around its trigger, and the other roles only in units with their words.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

import ahocorasick

from policy_records.extract.pledge_fold import folded, match_over, unanchored
from policy_records.vocab import read_table

CUES_TABLE = "pledge_cues.csv"
ROLE_BITS = {"report": 1, "belief": 2, "announcer": 4}  # roles looked for in a unit only if it has their words
CUE_WINDOW = 60  # characters around a trigger word searched for its cue pattern


@dataclass(frozen=True)
class Cue:
    order: int  # row number in pledge_cues.csv: the earlier row wins at the same position
    kind: str  # commitment | demand | obligation
    subject: str  # self | named | any | none
    scope: str  # any | lead_in (only on a lead-in line) | reported (only in reported speech)
    pattern: re.Pattern[str]
    folded: re.Pattern[str] | None  # the pattern for lower-cased text (`pledge_fold`), if it has one


CuePattern = tuple[Cue, re.Pattern[str], re.Pattern[str] | None]  # a cue, the pattern to run, its unanchored form


def trigger_words() -> set[str]:
    """The lower-case trigger words of every row (cues, reporting, belief and announcing verbs)."""
    return {w for r in read_table(CUES_TABLE) for w in r["trigger"].lower().split("|") if w}


def _words(rows: list[dict[str, str]]) -> frozenset[str]:
    return frozenset(w for r in rows for w in r["trigger"].lower().split("|") if w)


@cache
def role_words(role: str) -> frozenset[str]:
    """The trigger words of one role: a unit without one has no match of the role's patterns."""
    return _words([r for r in read_table(CUES_TABLE) if r["role"] == role])


@cache
def role_bits() -> dict[str, int]:
    """Per trigger word, the `ROLE_BITS` of the roles it is a trigger of (words of other roles are absent)."""
    bits: dict[str, int] = {}
    for role, bit in ROLE_BITS.items():
        for w in role_words(role):
            bits[w] = bits.get(w, 0) | bit
    return bits


@cache
def gate_words() -> frozenset[str]:
    """Trigger words of the cues and reporting verbs: a unit without one is no pledge (a cue that only
    counts in reported speech needs the reporting verb too)."""
    cues = [r for r in read_table(CUES_TABLE) if r["role"] == "cue"]
    reported = _words([r for r in cues if r["scope"] == "reported"])
    return (role_words("cue") - reported) | _words([r for r in cues if r["scope"] != "reported"]) | role_words("report")


@cache
def role_re(role: str) -> re.Pattern[str]:
    """The patterns of one role, matched at a word start (one `\\b` before the alternation: fast)."""
    alternation = "|".join(f"(?:{r['pattern']})" for r in read_table(CUES_TABLE) if r["role"] == role)
    return re.compile(rf"\b(?:{alternation})", re.I)


@cache
def folded_role_re(role: str) -> re.Pattern[str] | None:
    """`role_re(role)` for lower-cased text (`pledge_fold`), if it has one."""
    return folded(role_re(role))


def lower_role_re(role: str) -> re.Pattern[str]:
    """`folded_role_re(role)`, which exists whenever units are searched in lower case (`fold_ready`)."""
    pattern = folded_role_re(role)
    if pattern is None:
        raise ValueError(f"no lower-case form of the {role} patterns")
    return pattern


@cache
def unit_role_re(role: str, lowered: bool) -> re.Pattern[str]:
    """The pattern of a role to run on a unit: the lower-case form when the unit is searched in lower case."""
    return lower_role_re(role) if lowered else role_re(role)


@cache
def trigger_automaton() -> ahocorasick.Automaton:
    automaton = ahocorasick.Automaton()
    for word in trigger_words():
        automaton.add_word(word, word)
    automaton.make_automaton()
    return automaton


@cache
def trigger_re() -> re.Pattern[str]:
    alternation = "|".join(sorted(trigger_words(), key=len, reverse=True))
    return re.compile(rf"\b(?:{alternation})\b", re.I)


def find_triggers(text: str, start: int, end: int, lowered_doc: str | None = None) -> list[tuple[int, str]]:
    """(position, lower-case form) of the whole-word triggers in text[start:end], in text order
    (`lowered_doc`: the lower case of `text`, when it has the same length)."""
    lowered = text[start:end].lower() if lowered_doc is None else lowered_doc[start:end]
    if len(lowered) != end - start:  # a character whose lower case is longer: use the slow regex
        found = [(m.start(), m.group().lower()) for m in trigger_re().finditer(text, start, end)]
    else:
        found, last = [], len(lowered) - 1
        for stop, word in trigger_automaton().iter(lowered):
            first = stop - len(word) + 1
            starts_word = first == 0 or not lowered[first - 1].isalnum()
            if starts_word and (stop == last or not lowered[stop + 1].isalnum()):
                found.append((start + first, word))
    found.sort()
    return found


@cache
def cue_table(lead_in: bool) -> dict[str, tuple[Cue, ...]]:
    """Per trigger word, the cues it may belong to (lead-in-only cues included for lead-ins)."""
    by_trigger: dict[str, list[Cue]] = {}
    for i, r in enumerate(read_table(CUES_TABLE)):
        if r["role"] != "cue" or (r["scope"] == "lead_in" and not lead_in):
            continue
        pattern = re.compile(rf"\b(?:{r['pattern']})", re.I)
        cue = Cue(i, r["kind"], r["subject"], r["scope"], pattern, folded(pattern))
        for word in r["trigger"].lower().split("|"):
            by_trigger.setdefault(word, []).append(cue)
    return {w: tuple(c) for w, c in by_trigger.items()}


@cache
def cue_patterns(lead_in: bool, lowered: bool) -> dict[str, tuple[CuePattern, ...]]:
    """`cue_table` with the pattern to run (the folded one on lower-cased text) and its `unanchored` form."""
    out = {}
    for w, cues in cue_table(lead_in).items():
        patterns = [(c, c.folded if lowered and c.folded else c.pattern) for c in cues]
        out[w] = tuple((c, p, unanchored(p)) for c, p in patterns)
    return out


def cue_matches(
    work: str, triggers: list[tuple[int, str]], lead_in: bool, lowered: bool = False
) -> list[tuple[re.Match[str], Cue]]:
    """Every cue match around a trigger word, in text order (earlier CSV row first at one position).

    `lowered`: `work` is in lower case and every cue has a folded pattern (see `fold_ready`).
    """
    by_trigger = cue_patterns(lead_in, lowered)
    found: dict[tuple[int, int], tuple[re.Match[str], Cue]] = {}
    for pos, word in triggers:
        cues = by_trigger.get(word)
        if cues is None:
            continue
        lo, hi = max(0, pos - CUE_WINDOW), pos + len(word) + CUE_WINDOW
        for cue, pattern, loose in cues:
            m = match_over(pattern, loose, work, lo, hi, pos)
            if m is not None:
                found.setdefault((m.start(), cue.order), (m, cue))
    return [found[k] for k in sorted(found)] if len(found) > 1 else list(found.values())
