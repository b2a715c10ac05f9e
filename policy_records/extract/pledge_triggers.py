"""Finding pledge cues fast: trigger words first, then the cue patterns around them.

Every cue row of `reference/pledge_cues.csv` lists, in column `trigger`, the
words without which its pattern cannot match (reporting verbs too). One
Aho-Corasick pass over a segment finds those words; units without one are
skipped, and a cue pattern is only tried in a window around its trigger.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

import ahocorasick

from policy_records.extract.pledge_fold import folded
from policy_records.vocab import read_table

CUES_TABLE = "pledge_cues.csv"
CUE_WINDOW = 60  # characters around a trigger word searched for its cue pattern


@dataclass(frozen=True)
class Cue:
    order: int  # row number in pledge_cues.csv: the earlier row wins at the same position
    kind: str  # commitment | demand | obligation
    subject: str  # self | named | any | none
    pattern: re.Pattern[str]
    folded: re.Pattern[str] | None  # the pattern for lower-cased text (`pledge_fold`), if it has one


def trigger_words() -> set[str]:
    """The lower-case trigger words of every cue and reporting verb: a unit without one is no pledge."""
    return {w for r in read_table(CUES_TABLE) for w in r["trigger"].lower().split("|") if w}


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


def find_triggers(text: str, start: int, end: int, lowered_doc: str | None = None) -> tuple[list[int], list[str]]:
    """Positions (in text order) and lower-case forms of the whole-word triggers in text[start:end]
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
    return [pos for pos, _ in found], [word for _, word in found]


@cache
def cue_table(lead_in: bool) -> dict[str, tuple[Cue, ...]]:
    """Per trigger word, the cues it may belong to (lead-in-only cues included for lead-ins)."""
    by_trigger: dict[str, list[Cue]] = {}
    for i, r in enumerate(read_table(CUES_TABLE)):
        if r["role"] != "cue" or (r["scope"] == "lead_in" and not lead_in):
            continue
        pattern = re.compile(rf"\b(?:{r['pattern']})", re.I)
        cue = Cue(i, r["kind"], r["subject"], pattern, folded(pattern))
        for word in r["trigger"].lower().split("|"):
            by_trigger.setdefault(word, []).append(cue)
    return {w: tuple(c) for w, c in by_trigger.items()}


@cache
def cue_patterns(lead_in: bool, lowered: bool) -> dict[str, tuple[tuple[Cue, re.Pattern[str]], ...]]:
    """`cue_table` with the pattern to run: the folded one on lower-cased text."""
    return {
        w: tuple((c, c.folded if lowered and c.folded else c.pattern) for c in cues)
        for w, cues in cue_table(lead_in).items()
    }


def cue_matches(
    work: str, triggers: list[tuple[int, str]], lead_in: bool, lowered: bool = False
) -> list[tuple[re.Match[str], Cue]]:
    """Every cue match around a trigger word, in text order (earlier CSV row first at one position).

    `lowered`: `work` is in lower case and every cue has a folded pattern (see `fold_ready`).
    """
    by_trigger = cue_patterns(lead_in, lowered)
    found: dict[tuple[int, int], tuple[re.Match[str], Cue]] = {}
    for pos, word in triggers:
        lo, hi = max(0, pos - CUE_WINDOW), pos + len(word) + CUE_WINDOW
        for cue, pattern in by_trigger.get(word, ()):
            for m in pattern.finditer(work, lo, hi):
                if m.start() > pos:
                    break  # later matches start after the trigger word too
                if pos < m.end():
                    found.setdefault((m.start(), cue.order), (m, cue))
    return [found[k] for k in sorted(found)] if len(found) > 1 else list(found.values())
