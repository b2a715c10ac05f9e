"""Case-insensitive patterns run on lower-cased text, which Python's regex engine does about 2.5x faster.

With IGNORECASE the engine cannot reject an alternative on its first letter. The same pattern without
the flag, run on the lower case of a text, finds the same matches at the same offsets when

- the text lowers character by character (same length) and holds none of the few characters that
  IGNORECASE takes for an ASCII letter (`ascii_folds`: long s, Kelvin sign, dotted and dotless i), and
- the pattern is plain (`foldable`): no upper-case letter outside an escape such as `\\S`, no cased
  character beyond ASCII, no class range over upper-case letters, no backreference, no character
  given by its code or name and no inline flag.

Callers fall back to the IGNORECASE pattern on the original text otherwise.

Searches for patterns whose matches open with `\\b` are sped up the same way (same matches): `unanchored`
drops that `\\b` so the engine can skip ahead to a literal prefix, and each place it finds is checked with
the whole pattern (`search`, `match_over`); `alternatives` splits an alternation so that each part is only
searched where a word it needs occurs.
"""

from __future__ import annotations

import re
import re._compiler as sre_compile  # type: ignore[import-not-found]
import re._constants as sre  # type: ignore[import-not-found]
import re._parser as sre_parse  # type: ignore[import-not-found]
from functools import lru_cache
from typing import Any

NEUTRAL_ESCAPES = set("bBsSwWdDAZ\\ntrfv")  # escapes that match the same in either case
PLAIN_GROUPS = ("(?:", "(?=", "(?!", "(?<=", "(?<!")  # groups without names or flags
ATOMIC_RE = re.compile(r"\(\?>|[*+?}]\+")  # an atomic group or a possessive repeat


def _plain(c: str) -> bool:
    """A character that matches only itself, with or without IGNORECASE."""
    if c.isascii():
        return not c.isupper()
    return c.lower() == c.upper() == c.casefold() == c


def _plain_escape(c: str) -> bool:
    """`\\c` matches the same in either case: a class like `\\s`, or an escaped symbol (not a digit or letter)."""
    return c in NEUTRAL_ESCAPES or not c.isalnum() and _plain(c)


def _class_ok(body: str) -> bool:
    """A class body whose ranges stay clear of the upper-case letters, with plain characters only."""
    i = 0
    while i < len(body):
        c = body[i]
        if c == "\\" and (i + 1 >= len(body) or not _plain_escape(body[i + 1])):
            return False
        if c == "-" and 0 < i < len(body) - 1 and body[i - 1] <= "Z" and body[i + 1] >= "A" or not _plain(c):
            return False
        i += 2 if c == "\\" else 1
    return True


def foldable(pattern: str) -> bool:
    """True when `pattern` with IGNORECASE matches like `pattern` without it on lower-cased text."""
    i, n = 0, len(pattern)
    while i < n:
        c = pattern[i]
        if c == "\\":
            if i + 1 >= n or not _plain_escape(pattern[i + 1]):
                return False
            i += 2
        elif c == "(" and pattern.startswith("(?", i) and not pattern.startswith(PLAIN_GROUPS, i):
            return False
        elif c == "[":
            end = _class_end(pattern, i)
            if end < 0 or not _class_ok(pattern[i + 1 : end]):
                return False
            i = end + 1
        elif not _plain(c):
            return False
        else:
            i += 1
    return True


def _class_end(pattern: str, start: int) -> int:
    """Index of the `]` closing the character class opened at `start` (-1 if none)."""
    i = start + 1
    if pattern.startswith("^", i):
        i += 1
    if pattern.startswith("]", i):
        i += 1
    while i < len(pattern):
        if pattern[i] == "\\":
            i += 2
            continue
        if pattern[i] == "]":
            return i
        i += 1
    return -1


@lru_cache(maxsize=64)
def folded(pattern: re.Pattern[str]) -> re.Pattern[str] | None:
    """The pattern without IGNORECASE, for lower-cased text; None when it is not `foldable`."""
    if pattern.flags & (re.LOCALE | re.ASCII) or not foldable(pattern.pattern):
        return None
    return re.compile(pattern.pattern, pattern.flags & ~re.IGNORECASE)


def _drop_boundaries(sub: Any) -> bool:
    """Remove from a parsed pattern the `\\b` its matches open with, also inside a leading group and in
    every alternative of a leading alternation; True when one was removed."""
    data, dropped = sub.data, False
    while data and data[0] == (sre.AT, sre.AT_BOUNDARY):
        del data[0]
        dropped = True
    if data and data[0][0] is sre.SUBPATTERN:
        dropped = _drop_boundaries(data[0][1][3]) or dropped
    elif data and data[0][0] is sre.BRANCH:
        dropped = any([_drop_boundaries(alt) for alt in data[0][1][1]]) or dropped
    return dropped


@lru_cache(maxsize=256)
def unanchored(pattern: re.Pattern[str]) -> re.Pattern[str] | None:
    """`pattern` without the `\\b` its matches open with (None if none, or if it may match the empty string
    or has an atomic group): the engine can then skip ahead to a possible first character or a literal
    prefix instead of trying every position. Where `pattern` matches, this matches too."""
    if ATOMIC_RE.search(pattern.pattern):
        return None
    parsed = sre_parse.parse(pattern.pattern, pattern.flags)
    if parsed.getwidth()[0] == 0 or not _drop_boundaries(parsed):
        return None
    return sre_compile.compile(parsed, pattern.flags)  # type: ignore[no-any-return]


def _group_end(pattern: str, start: int) -> int:
    """Index of the `)` closing the group opened at `start` (-1 if none)."""
    depth, i = 0, start
    while 0 <= i < len(pattern):
        c = pattern[i]
        if c == "[":
            i = _class_end(pattern, i)
            if i < 0:
                return -1
        elif c == "(" or c == ")":
            depth += 1 if c == "(" else -1
            if depth == 0:
                return i
        i += 2 if c == "\\" else 1
    return -1


def _top_level_split(body: str) -> list[str]:
    """`body` split at the `|` outside any group or class."""
    parts, depth, i, last = [], 0, 0, 0
    while i < len(body):
        c = body[i]
        if c == "[":
            i = _class_end(body, i)
            if i < 0:
                return [body]
        elif c == "(" or c == ")":
            depth += 1 if c == "(" else -1
        elif c == "|" and depth == 0:
            parts.append(body[last:i])
            last = i + 1
        i += 2 if c == "\\" else 1
    return parts + [body[last:]]


@lru_cache(maxsize=16)
def alternatives(pattern: re.Pattern[str]) -> tuple[re.Pattern[str], ...]:
    """`pattern` = `\\b(?:A|B|...)` (in any number of groups) as the patterns `\\b(?:A)`, `\\b(?:B)`, ...: it
    matches where one of them does. Each can be searched for apart, and only where the words it needs occur.
    A pattern that is not plain (`foldable`: it may have a backreference or an inline flag) stays whole."""
    if not foldable(pattern.pattern):
        return (pattern,)
    lead, body = ("\\b", pattern.pattern[2:]) if pattern.pattern.startswith("\\b") else ("", pattern.pattern)
    while body.startswith("(?:") and _group_end(body, 0) == len(body) - 1:
        body = body[3:-1]
    return tuple(re.compile(f"{lead}(?:{part})", pattern.flags) for part in _top_level_split(body))


def search(pattern: re.Pattern[str], text: str, pos: int, end: int) -> re.Match[str] | None:
    """`pattern.search(text, pos, end)`, faster for a pattern whose matches open with `\\b`: where `pattern`
    matches, its `unanchored` form matches too, so only the places that one finds are tried."""
    loose = unanchored(pattern)
    if loose is None:
        return pattern.search(text, pos, end)
    while (m := loose.search(text, pos, end)) is not None:
        found = pattern.match(text, m.start(), end)
        if found is not None:
            return found
        pos = m.start() + 1
    return None


def match_over(
    pattern: re.Pattern[str], loose: re.Pattern[str] | None, text: str, pos: int, end: int, at: int
) -> re.Match[str] | None:
    """The match of `pattern.finditer(text, pos, end)` that holds position `at`, if any; `loose` is
    `unanchored(pattern)`, whose matches are tried first (as in `search`)."""
    if loose is None:
        for m in pattern.finditer(text, pos, end):
            if m.start() > at:
                return None
            if at < m.end():
                return m
        return None
    while (c := loose.search(text, pos, end)) is not None and c.start() <= at:
        found = pattern.match(text, c.start(), end)
        if found is None:
            pos = c.start() + 1
        elif at < found.end():
            return found
        else:
            pos = found.end()
    return None
