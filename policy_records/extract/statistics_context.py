"""What a statistic is about, when, and whose figure it is, read from its sentence.

- subject: the noun phrase after the figure ("forty people who ..." -> "people";
  "24% of all referrals" -> "all referrals"), else the noun it is "of"
  ("an injection of £500,000" -> "injection"), else the word before a bracket
  holding it ("Albanian (24%; 4,052)" -> "Albanian"). Figures linked by
  "; " / ", totalling" share a subject. None when nothing fits.
- period: the time reference nearest to the figure in the same sentence
  ("in 2011" -> "2011", "since 2003", "last year", "between 2015 and 2018").
- attribution: the organisation mention followed by a reporting verb ("the Home
  Office said", "X, which ..., had told them") or preceded by "according to",
  in the same sentence or the one before.
Cue words are data: `reference/stat_periods.csv`, `stat_subject_stops.csv`,
`stat_attribution.csv`, `stat_links.csv`.
"""

from __future__ import annotations

import re
from functools import cache

from policy_records.extract.statistics_gates import GateSet, Lowering, WordGate, word_gate
from policy_records.model import Record
from policy_records.text import lowered_text
from policy_records.vocab import compiled, read_table

YEAR = r"(?:18|19|20)\d{2}(?:/\d{2,4})?"
MONTH = (
    r"(?-i:January|February|March|April|May|June|July|August|September|October|November|December"
    r"|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)"
)
MONTH_RE = re.compile(MONTH)
SUBJECT_WORDS_RE = re.compile(r"[^\W\d_][\w'’-]*|\d[\d,.]*")
SUBJECT_MAX_WORDS = 8
OF_AFTER_RE = re.compile(r"\s+of\s+(?:(?:the|those|these)\s+)?", re.IGNORECASE)  # matched where a figure ends
OF_BEFORE_RE = re.compile(r"([^\W\d_][\w'’-]*)\s+of\s+$")
BRACKET_BEFORE_RE = re.compile(r"([^\W\d_][\w'’-]*(?:\s+[^\W\d_][\w'’-]*)?)\s*\([^()]*$")


YEAR_HINT_RE = re.compile(YEAR)  # every pattern written with {year} needs one: skip them all without


@cache
def period_patterns() -> tuple[tuple[re.Pattern[str], bool], ...]:
    """(pattern, needs a year) per row of stat_periods.csv."""
    return tuple(
        (
            re.compile(row["pattern"].replace("{year}", YEAR).replace("{month}", MONTH), re.IGNORECASE),
            "{year}" in row["pattern"],
        )
        for row in read_table("stat_periods.csv")
    )


@cache
def _period_gates() -> GateSet:
    return GateSet([pattern for pattern, _ in period_patterns()], shortest=3)  # "in", "of" are everywhere


@cache
def _yearless_gates() -> tuple[GateSet, list[int]]:
    """The gates of the rows that need no year, and those rows: a text with no year is tried for them only."""
    rows = [i for i, (_, needs_year) in enumerate(period_patterns()) if not needs_year]
    return GateSet([period_patterns()[i][0] for i in rows], shortest=3), rows


def _period_text(written: str) -> str:
    """The period as written, white space collapsed, a capitalised cue word lowered ("Last year")."""
    period = re.sub(r"\s+", " ", written)
    if MONTH_RE.match(period):
        return period
    return period[:1].lower() + period[1:]


def find_periods(text: str, start: int, end: int, lowered: Lowering = lowered_text) -> list[tuple[int, int, str]]:
    """Time references in text[start:end]: (start, end, period as written)."""
    out = []
    low = lowered(text, start, end)
    if YEAR_HINT_RE.search(text, start, end):
        tried = _period_gates().tried(low)
    else:
        gates, yearless = _yearless_gates()
        tried = [yearless[i] for i in gates.tried(low)]
    rows = period_patterns()
    for i in tried:
        for m in rows[i][0].finditer(text, start, end):
            out.append((m.start(), m.end(), _period_text(m["p"])))
    return sorted(out)


def nearest_period(periods: list[tuple[int, int, str]], start: int, end: int) -> str | None:
    if not periods:
        return None
    best = min(periods, key=lambda p: max(p[0] - end, start - p[1], 0))
    return best[2]


@cache
def _subject_words(*roles: str) -> frozenset[str]:
    rows = read_table("stat_subject_stops.csv")
    return frozenset(w for row in rows if row["role"] in roles for w in row["word"].split("|"))


def function_words() -> frozenset[str]:
    """Stop words, determiners and joiners ("of"): words that are never part of a name."""
    return _subject_words("stop", "determiner", "joiner")


def _noun_phrase(text: str, pos: int, limit: int) -> str | None:
    """Words from `pos` up to a stop word or punctuation, at most SUBJECT_MAX_WORDS."""
    stops, determiners = _subject_words("stop", "determiner"), _subject_words("determiner")
    words: list[re.Match[str]] = []
    cursor = pos
    for m in SUBJECT_WORDS_RE.finditer(text, pos, limit):
        if text[cursor : m.start()].strip() or len(words) == SUBJECT_MAX_WORDS:
            break  # punctuation between words ends the phrase
        word = m[0].lower()
        cursor = m.end()
        if not words and word in determiners:
            continue
        if word in stops:
            break
        words.append(m)
    if not words:
        return None
    return text[words[0].start() : words[-1].end()]


def subject_of(text: str, sent_start: int, sent_end: int, start: int, end: int) -> str | None:
    """The counted thing for a figure at text[start:end] inside the sentence."""
    after = OF_AFTER_RE.match(text, end, sent_end)
    phrase = _noun_phrase(text, after.end() if after else end, sent_end)
    if phrase:
        return phrase
    before = text[sent_start:start]
    opening = before.rfind("(")  # the bracket holding the figure: the last one, not closed
    bracket = BRACKET_BEFORE_RE.search(before) if opening >= 0 and ")" not in before[opening:] else None
    if bracket:
        return bracket[1]
    of = OF_BEFORE_RE.search(before) if before.rstrip().endswith("of") else None
    return of[1] if of and of[1].lower() not in function_words() else None


def share_linked_subjects(text: str, spans: list[tuple[int, int]], subjects: list[str | None]) -> list[str | None]:
    """Figures of one sentence joined by a linking gap share a subject: "24% of all referrals,
    totalling 4,088" (the gap after the first subject is ", totalling "), "(24%; 4,052)"."""
    link, out = compiled("stat_links.csv"), list(subjects)
    for i in range(len(spans) - 1):
        if bool(out[i]) == bool(out[i + 1]):
            continue
        gap_start, gap_end = spans[i][1], spans[i + 1][0]
        first = out[i]
        if first:
            found = text.find(first, gap_start, gap_end)
            gap_start = found + len(first) if found >= 0 else gap_start
        if link.match(text, gap_start, gap_end):
            out[i] = out[i + 1] = out[i] or out[i + 1]
    return out


@cache
def _attribution_patterns() -> dict[str, re.Pattern[str]]:
    rows = read_table("stat_attribution.csv")
    return {
        pos: re.compile("|".join(f"(?:{r['pattern']})" for r in rows if r["position"] == pos), re.IGNORECASE)
        for pos in ("before", "after")
    }


@cache
def _attribution_gate() -> WordGate:
    """The word gate of the cues before an organisation (a pattern hashes slowly: look it up once)."""
    return word_gate(_attribution_patterns()["before"])


def attributed_organisation(
    text: str, orgs: list[Record], sentences: list[tuple[int, int]], lowered: Lowering = lowered_text
) -> str | None:
    """entity_id of the organisation the sentences (nearest last) say the figure comes from."""
    pats = _attribution_patterns()
    before = _attribution_gate()
    for s_start, s_end in reversed(sentences):
        inside = [m for m in orgs if s_start <= m["start"] and m["end"] <= s_end]
        reach = _reach(before, lowered(text, s_start, s_end), s_start, s_end) if inside else s_end
        for m in inside:
            if pats["after"].match(text, m["end"], s_end):
                return m["entity_id"]
            if reach <= m["start"] and pats["before"].search(text, s_start, m["start"]):
                return m["entity_id"]
    return None


def _reach(gate: WordGate, low: str | None, start: int, end: int) -> int:
    """Where the first of the gate's words in text[start:end], lower-cased to `low`, ends: no match of its
    pattern ends before."""
    if low is None or gate.words is None:
        return start
    first = next(gate.automaton.iter(low), None)  # matches come in the order of their ends
    return start + first[0] + 1 if first else end + 1
