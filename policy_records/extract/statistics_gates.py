"""Words a pattern needs: literal strings one of which occurs in every match of a regex.

The exclusion gates (`reference/stat_exclusions.csv`), the time references
(`stat_periods.csv`), the qualifiers and the attribution cues are searched
around every number, although most of that text holds none of the words they
are made of. The words are read off the pattern's parse tree, in the manner of
RE2's prefilter: the language of a run of the pattern is kept exactly while it
is a small finite set ("ss?\\." gives "s." and "ss."; "[ap]\\.?m" gives "am",
"a.m", "pm", "p.m"), anything else keeps the best set of strings one of which
every match contains. None means no such set is known and the pattern is
always tried; so is a pattern whose words are too common to tell anything (a
word shorter than `shortest` letters or digits, a space). One Aho-Corasick
pass over the lower-cased text then tells which patterns can match; a pattern
that cannot is not searched, so what is found does not change. Without the
stdlib's private regex parser (`re._parser`) no words are known and every
pattern is tried.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from functools import lru_cache
from typing import Any

import ahocorasick

try:
    import re._constants as sre  # type: ignore[import-not-found]
    import re._parser as sre_parse  # type: ignore[import-not-found]
except ImportError:  # a Python without them: every pattern is always tried
    sre = sre_parse = None

EXACT_MAX = 16  # largest finite language kept as it is
CLASS_MAX = 4  # largest character class kept as a set of strings
REPEATS = () if sre is None else (sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT)

# text[start:end] lower-cased, or None (see `text.lowered_text`); a segment's spans are sliced from its own
Lowering = Callable[[str, int, int], "str | None"]
Words = frozenset[str] | None  # one of these occurs in every match; None: nothing is known
Info = tuple[frozenset[str] | None, Words]  # (the exact language when small and finite, the words)

ANYTHING: Info = (None, None)


def _words_of(exact: frozenset[str]) -> Words:
    return None if "" in exact else exact


def _better(a: Words, b: Words) -> Words:
    """The more telling of two sets of words: the one whose shortest word is longer."""
    if a is None or b is None:
        return a if b is None else b
    return b if min(map(len, b)) > min(map(len, a)) else a


def _telling(word: str, shortest: int) -> bool:
    """Rare enough in running text to be worth looking for: not a short word ("on") nor a space."""
    return len(word) >= shortest or not (word.isalnum() or any(c.isspace() for c in word))


def _sequence(items: Any) -> Info:
    best: Words = None
    run: frozenset[str] = frozenset([""])  # the exact language since the last item that is not small
    exact = True
    for op, av in items:
        info = _node(op, av)
        if info[0] is not None and len(run) * len(info[0]) <= EXACT_MAX:
            run = frozenset(a + b for a in run for b in info[0])
            continue
        exact = False
        best = _better(best, _words_of(run))
        best = _better(best, info[1] if info[0] is None else _words_of(info[0]))
        run = info[0] if info[0] is not None else frozenset([""])
    return (run, None) if exact else (None, _better(best, _words_of(run)))


def _branch(alternatives: Any) -> Info:
    infos = [_sequence(a) for a in alternatives]
    exacts = [e for e, _ in infos if e is not None]
    if len(exacts) == len(infos) and sum(map(len, exacts)) <= EXACT_MAX:
        return frozenset().union(*exacts), None
    words = [_words_of(e) if e is not None else w for e, w in infos]
    return (None, None) if any(w is None for w in words) else (None, frozenset().union(*words))  # type: ignore[arg-type]


def _node(op: Any, av: Any) -> Info:
    if op is sre.LITERAL:
        return frozenset([chr(av)]), None
    if op is sre.AT:
        return frozenset([""]), None
    if op is sre.IN:
        if len(av) <= CLASS_MAX and all(o is sre.LITERAL for o, _ in av):
            return frozenset(chr(v) for _, v in av), None
        return ANYTHING
    if op is sre.SUBPATTERN:
        return ANYTHING if av[1] & sre.SRE_FLAG_IGNORECASE else _sequence(av[3])
    if op is sre.BRANCH:
        return _branch(av[1])
    if op in REPEATS:
        low, high, body = av
        info = _sequence(body)
        if low == 0:
            return (info[0] | {""}, None) if high == 1 and info[0] is not None else ANYTHING
        if low == high == 1:
            return info
        return None, info[1] if info[0] is None else _words_of(info[0])
    return ANYTHING


def needed_words(pattern: str, flags: int = 0, shortest: int = 2) -> Words:
    """Strings one of which occurs in every match of `pattern` compiled with `flags`, or None. With
    re.IGNORECASE the words are ASCII and lower-cased: look for them in lower-cased text, and only
    when lower-casing is plain (one character for one, no character that matches an ASCII letter
    without lower-casing to it)."""
    if sre_parse is None:
        return None
    parsed = sre_parse.parse(pattern, flags)
    exact, words = _sequence(parsed)
    found = _words_of(exact) if exact is not None else words
    if not found or not all(_telling(w, shortest) for w in found):
        return None
    if parsed.state.flags & re.IGNORECASE:
        if not all(w.isascii() for w in found):
            return None
        found = frozenset(w.lower() for w in found)
    return frozenset(w for w in found if not any(v != w and v in w for v in found))  # "comment" covers "comments"


def _words_in_lowered(pattern: re.Pattern[str], shortest: int = 2) -> Words:
    """needed_words of a pattern matched against text, as they occur in the text lower-cased."""
    words = needed_words(pattern.pattern, pattern.flags, shortest)
    return frozenset(w.lower() for w in words) if words and all(w.isascii() for w in words) else None


class WordGate:
    """A pattern and the words one of which each of its matches holds (see `needed_words`), lower-cased:
    a match in text means one of them is in the text lower-cased."""

    def __init__(self, pattern: re.Pattern[str]) -> None:
        self.pattern = pattern
        self.words = _words_in_lowered(pattern)
        self.automaton = ahocorasick.Automaton()
        for word in self.words or ():
            self.automaton.add_word(word, word)
        self.automaton.make_automaton()

    def may_match(self, low: str | None) -> bool:
        """False only when the pattern has no match in the text `low` was lower-cased from (see `text.lowered_text`)."""
        if low is None or self.words is None:
            return True
        return next(self.automaton.iter(low), None) is not None


@lru_cache(maxsize=256)
def word_gate(pattern: re.Pattern[str]) -> WordGate:
    return WordGate(pattern)


class GateSet:
    """Several patterns at once: one Aho-Corasick pass over lower-cased text tells which can match.
    With `on_lowered` the patterns are matched against the lower-cased text itself; a None pattern is
    always tried."""

    def __init__(self, patterns: Sequence[re.Pattern[str] | None], on_lowered: bool = False, shortest: int = 2) -> None:
        self.size = len(patterns)
        rows: dict[str, list[int]] = {}
        always = set()
        for i, pattern in enumerate(patterns):
            words = None
            if pattern is not None:
                words = (
                    needed_words(pattern.pattern, pattern.flags, shortest)
                    if on_lowered
                    else _words_in_lowered(pattern, shortest)
                )
            if words is None:
                always.add(i)
            for word in words or ():
                rows.setdefault(word, []).append(i)
        self.always = frozenset(always)
        self.automaton = ahocorasick.Automaton()
        for word, row_ids in rows.items():
            self.automaton.add_word(word, tuple(row_ids))
        self.automaton.make_automaton()

    def tried(self, low: str | None) -> list[int]:
        """Indices, in order, of the patterns that can match the text lower-cased to `low` (all when None)."""
        if low is None or len(self.always) == self.size:  # (an automaton with no words cannot be searched)
            return list(range(self.size))
        return sorted(self.always.union(*{rows for _, rows in self.automaton.iter(low)}))  # each word's rows once
