"""Change periods: a duration that says over what time a figure came about, not how long something lasts.

"fell by a third in two years", "£1.4 million committed over three years",
"212 survivors within 12 months", "referrals doubled in five years": the
duration after "in", "within", "over" or "across" that follows another figure
(at most two words between them, one before "over", which may also mean "more
than") or a change with no figure ("doubled"; `reference/stat_changes.csv`,
role `period`) is a time reference, unless a verb of lasting (role `lasting`:
"40 victims waited over two years") comes between. It becomes the
`period` of the figures of its sentence ("in two years", written as in the text)
and is no statistic itself. A duration that is the figure stays one: "victims
wait two years for a decision", "sentences of up to 14 years", "decisions
within 45 days" (no figure or change before it).
"""

from __future__ import annotations

import re
from functools import cache

from policy_records.extract.statistics_figures import Figure
from policy_records.vocab import read_table

DURATIONS = frozenset({"years", "months", "weeks", "days"})
PREPOSITION = r"(?P<word>in|within|over|across)\s+(?:(?:just|only|the\s+space\s+of)\s+)?"
PREPOSITION_RE = re.compile(rf"\b{PREPOSITION}$", re.IGNORECASE)
OVER_RE = re.compile(rf"{PREPOSITION}(?=\S)", re.IGNORECASE)  # "over" read as a qualifier starts the figure
GAP_WORD_RE = re.compile(r"[^\W\d_][\w'’-]*")
GAP_RE = re.compile(r"\s+(?:[^\W\d_][\w'’-]*\s+)*")  # words only, no punctuation
GAP_WORDS = {"in": 2, "within": 2, "across": 2, "over": 1}  # most words between a figure and its change period
REACH = 40  # characters looked at before a duration for its preposition and change word

Period = tuple[int, int, str]


def _role(role: str) -> str:
    return "|".join(f"(?:{r['pattern']})" for r in read_table("stat_changes.csv") if r["role"] == role)


@cache
def _change_re() -> re.Pattern[str]:
    return re.compile(rf"\b(?:{_role('period')})\s+$", re.IGNORECASE)


@cache
def _lasting_re() -> re.Pattern[str]:
    return re.compile(rf"(?:{_role('lasting')})", re.IGNORECASE)


def _preposition(text: str, f: Figure) -> re.Match[str] | None:
    """The "in"/"within"/"over" before a duration figure, or None when there is none."""
    if f.qualifier == "more_than":
        return OVER_RE.match(text, f.start)  # "over three years": the qualifier word is the preposition
    return PREPOSITION_RE.search(text, max(0, f.start - REACH), f.start)


def _follows_figure(text: str, preposition: re.Match[str], before: Figure) -> bool:
    """`before` ends a few words (no verb of lasting) before the `preposition`."""
    start = preposition.start()
    if before.end > start or not GAP_RE.fullmatch(text, before.end, start):
        return False
    words = GAP_WORD_RE.findall(text, before.end, start)
    most = GAP_WORDS[preposition["word"].lower()]
    return len(words) <= most and not any(_lasting_re().fullmatch(w) for w in words)


def _follows_change(text: str, preposition: re.Match[str], before: Figure | None) -> bool:
    """A figure or a change word ends before the `preposition`."""
    if before is not None and _follows_figure(text, preposition, before):
        return True
    start = preposition.start()
    return _change_re().search(text, max(0, start - REACH), start) is not None


def split_change_periods(text: str, figures: list[Figure]) -> tuple[list[Figure], list[Period]]:
    """The figures that are statistics, and the change periods among `figures` as time references."""
    kept: list[Figure] = []
    periods: list[Period] = []
    for f in figures:
        if f.unit in DURATIONS and f.kind in ("digits", "words", "range"):
            m = _preposition(text, f)
            if m is not None and _follows_change(text, m, kept[-1] if kept else None):
                written = re.sub(r"\s+", " ", text[m.start() : f.end])
                periods.append((m.start(), f.end, written[:1].lower() + written[1:]))
                continue
        kept.append(f)
    return kept, periods
