"""Anchors: where a match of a pattern can start, read off its parse tree.

Some exclusion gates (`reference/stat_exclusions.csv`) open with an
alternation of many words ("(?:clauses?|sections?|...)\\s+\\d", "\\s(?:road|
street|...)\\b"): `search` then tries every word at every character of the
window, which costs more than all the rest. Every match of such a gate starts
a fixed number of characters before one of a few words: its anchors
("\\s(?:road|street)": one character before "road" or "street"). One
Aho-Corasick pass over the window finds the anchors of all those gates, and a
gate is tried with `match` only at the places they give, which finds a match
exactly when `search` would. A pattern with no telling anchors (a word shorter
than two characters, or only white space) is left to `search`; so is every
pattern when the stdlib's private regex parser is missing (see
`statistics_gates`).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

import ahocorasick

from policy_records.extract import statistics_gates as gates

PREFIX_MAX = 256  # most strings kept as the starts of a pattern
LEAD_MAX = 2  # most single characters of any kind skipped before the anchors ("\\s" in "\\sroad")

Anchors = frozenset[tuple[str, int]]  # (word, characters from the match start to the word)


def _prefixes(items: Any) -> frozenset[str]:
    """Strings one of which every match of the sequence starts with ({""}: none known)."""
    run: frozenset[str] = frozenset([""])
    for op, av in items:
        exact = gates._node(op, av)[0]
        tail = exact if exact is not None else _item_prefixes(op, av)
        if tail is None or len(run) * len(tail) > PREFIX_MAX:
            break
        run = frozenset(a + b for a in run for b in tail)
        if exact is None:
            break  # only the start of this item is known
    return run


def _item_prefixes(op: Any, av: Any) -> frozenset[str] | None:
    sre = gates.sre
    if op is sre.SUBPATTERN and not av[1] & sre.SRE_FLAG_IGNORECASE:
        found = _prefixes(av[3])
    elif op is sre.BRANCH:
        found = frozenset().union(*(_prefixes(alternative) for alternative in av[1]))
    elif op in gates.REPEATS and av[0] >= 1:
        found = _prefixes(av[2])
    else:
        return None
    return None if "" in found else found


def _telling(word: str) -> bool:
    return len(word) >= 2 and not word.isspace()


def _sequence_anchors(items: Any) -> Anchors | None:
    items = list(items)
    if len(items) == 1 and items[0][0] is gates.sre.BRANCH:
        found = [_sequence_anchors(alternative) for alternative in items[0][1][1]]
        return None if any(a is None for a in found) else frozenset().union(*found)  # type: ignore[arg-type]
    one_character = (gates.sre.IN, gates.sre.ANY, gates.sre.LITERAL, gates.sre.NOT_LITERAL)
    for lead in range(min(LEAD_MAX, len(items)) + 1):
        words = _prefixes(items[lead:])
        if "" not in words and all(map(_telling, words)):
            return frozenset((word, lead) for word in words)
        if lead < len(items) and items[lead][0] not in one_character:
            return None  # not one character: the words after it are not a fixed distance from the start
    return None


def anchors(pattern: re.Pattern[str]) -> Anchors | None:
    """(word, offset) pairs: every match of `pattern` starts `offset` characters before one of the words;
    None when no such telling set is known."""
    if gates.sre_parse is None or pattern.flags & re.IGNORECASE:
        return None
    return _sequence_anchors(gates.sre_parse.parse(pattern.pattern, pattern.flags))


class AnchorSet:
    """Which of several patterns, matched against lower-cased text, match somewhere in it. One
    Aho-Corasick pass finds the anchors of the anchored patterns, which are tried there with `match`,
    and the words the others need (see `statistics_gates.needed_words`), which are searched where one
    occurs; a pattern with neither is always searched, and a None pattern always counts as matching."""

    def __init__(self, patterns: Sequence[re.Pattern[str] | None], shortest: int = 2) -> None:
        self.patterns = list(patterns)
        self.none = frozenset(i for i, pattern in enumerate(patterns) if pattern is None)
        places: dict[str, list[tuple[int, int]]] = {}  # word -> (pattern, characters back to the start; -1: search)
        unknown = set()
        for i, pattern in enumerate(patterns):
            if pattern is None:
                continue
            found = anchors(pattern)
            words = None if found else gates.needed_words(pattern.pattern, pattern.flags, shortest)
            for word, lead in found or ():
                places.setdefault(word, []).append((i, len(word) + lead - 1))
            for word in words or ():
                places.setdefault(word, []).append((i, -1))
            if not found and words is None:
                unknown.add(i)
        self.anchored = frozenset(i for rows in places.values() for i, back in rows if back >= 0)
        self.unknown = frozenset(unknown)
        self.automaton = ahocorasick.Automaton()
        for word, rows in places.items():
            self.automaton.add_word(word, tuple(rows))
        if places:
            self.automaton.make_automaton()

    def matching(self, low: str) -> set[int]:
        """Indices of the patterns that are None or have a match in `low` (`pattern.search(low)`)."""
        patterns, found, searched = self.patterns, set(self.none), set(self.unknown)
        for last, rows in self.automaton.iter(low) if len(self.automaton) else ():
            for i, back in rows:
                if i in found:
                    continue
                if back < 0:
                    searched.add(i)
                elif last >= back and patterns[i].match(low, last - back):  # type: ignore[union-attr]
                    found.add(i)
        found.update(i for i in searched if patterns[i].search(low))  # type: ignore[union-attr]
        return found
