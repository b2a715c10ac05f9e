"""Names ending in (or led by) a head word, inside one run: "Derby Women's Centre",
"Association of Labour Providers", "Personal Safety Bill 2024".

What counts and what does not is described in `entity_patterns`. The names a
stretch of capitalised words holds depend only on its words (and on whether a
determiner comes right before it: "our Next Steps Project"), so they are
remembered per stretch, like a name; "our/their/its", "new" or an amount before
a name that makes a programme of it ("our X Project", "a new X Fund") is checked
on the text each time.
"""

from __future__ import annotations

import re
from functools import cache, lru_cache

from policy_records.extract.entity_tokens import (
    Candidate,
    Token,
    _joined,
    all_caps_heading,
    determiner_before_re,
    head_of,
    head_words,
    is_generic,
    name_words,
    owned_heads,
    run_re,
    split_names,
    stretch_runs,
    strip_left,
)

# "our X Project", "a new X Fund", "the £5 million X Fund": a service or fund the text presents as a programme
OWNED_RE = re.compile(r"(?:\b(?i:our|their|its|new)|£[\d.,]+\s*(?i:m|bn|million|billion)?)\s+$")
OWNED_WINDOW = 24  # characters before a name searched for OWNED_RE
HEAD_FIRST_CONNECTORS = frozenset({"of", "for", "to", "on", "against"})
MAX_NAME_WORDS = 10
MAX_TRAILING_CAPS = 1  # capitals after the head word: more means a title-case headline
DETERMINER_PREFIX = "the "  # stands for a determiner before a stretch read on its own

HeadName = tuple[int, int, str, str, str]  # start, end, entity_type, type, owned ("" or "table:type")
Spans = set[tuple[int, int]] | frozenset[tuple[int, int]]


def _after_possessive(run: list[Token], h: int) -> list[Token]:
    """'Britain's Border Force' -> 'Border Force'; 'Derby Women's Centre' is kept whole."""
    for p in range(h - 1, -1, -1):
        if run[p].word.endswith("'s") or run[p].word.endswith("'"):
            return strip_left(run[p + 1 :]) if h - p >= 2 else run
    return run


def _after_weak_connector(name: list[Token]) -> list[Token]:
    """'Staff at the Northbridge Centre' -> 'Northbridge Centre'."""
    for j in range(len(name) - 1, -1, -1):
        if name[j].kind == "connector" and name[j].word in name_words("weak"):
            rest = strip_left(name[j + 1 :])
            return rest if any(t.kind == "cap" and not head_of(t) for t in rest) else name
    return name


def head_name(run: list[Token], text: str) -> HeadName | None:
    """A name ending in (or led by) a head word, inside one run (before the "our X" check)."""
    run = strip_left(run, text)
    if len(run) < 2 or not any(head_of(t) for t in run) or all_caps_heading(run):
        return None
    for i in range(1, len(run) - 2):
        if head_of(run[i]) and run[i - 1].kind == "connector" and run[i + 1].word in HEAD_FIRST_CONNECTORS:
            run = run[i:]  # "Members of the Association of X" -> "Association of X"
            break
    if head_of(run[0]) and len(run) >= 3 and run[1].word in HEAD_FIRST_CONNECTORS:
        name = run  # "Association of Labour Providers": the head leads
        entity_type, etype = head_of(run[-1]) or head_of(run[0]) or ("organisation", "other")
    else:
        heads = [i for i, t in enumerate(run) if head_of(t)]
        if not heads or len([t for t in run[heads[-1] + 1 :] if t.kind == "cap"]) > MAX_TRAILING_CAPS:
            return None
        h = heads[-1]
        name = _after_weak_connector(_after_possessive(run[: h + 1], h))
        if not any(t.kind == "cap" and not head_of(t) for t in name):
            return None
        entity_type, etype = head_words()[run[h].word]
        if entity_type == "programme" and h + 1 < len(run) and run[h + 1].kind == "year":
            name = [*name, run[h + 1]]
    if len([t for t in name if t.kind == "cap"]) > MAX_NAME_WORDS:
        return None
    s, e = name[0].start, name[-1].end
    if is_generic(text[s:e]):
        return None
    owned = owned_heads().get(name[-1].word, "") if entity_type == "organisation" else ""
    return s, e, entity_type, etype, owned


def candidate(found: HeadName, text: str, shift: int = 0) -> Candidate:
    """The candidate of a head name found at `shift` characters before its place in `text`."""
    s, e, entity_type, etype, owned = found
    s, e = s + shift, e + shift
    if owned and OWNED_RE.search(text, max(0, s - OWNED_WINDOW), s):
        entity_type, etype = owned.split(":")
    return Candidate(s, e, text[s:e], entity_type, etype)


def run_head_names(runs: list[list[Token]], text: str) -> list[HeadName]:
    """The head names of runs, split at connectors and possessives between two names."""
    out = []
    for run in runs:
        if len(run) > 1:
            for piece in split_names(run, text):
                found = head_name(piece, text) if piece else None
                if found:
                    out.append(found)
    return out


@cache
def head_forms() -> frozenset[str]:
    """Head words as written in a stretch: bare or possessive ("Council's", "Regulations'")."""
    return frozenset(f for w in head_words() for f in (w, w + "'s", w + "'"))


def may_hold_head(words: str) -> bool:
    """Might a word of these (a stretch from its first word) be a head word? "St." glues to the
    next word ("St.Mungo's"): yes."""
    return not head_forms().isdisjoint(words.split()) or "St." in words


def stretch_head_names(text: str, m: re.Match[str], taken: Spans = frozenset()) -> list[Candidate]:
    """The head names of one stretch (a run_re match), read on its own once per distinct wording,
    but for those spanning exactly one of `taken` (a reference match: a name found by shape never
    wins over the reference match of the same span, see `entity_hits.select`).
    A line break that ends a run (see `entity_tokens._joined`) splits the stretch into parts."""
    a = m.start(1)
    if a < 0:
        a = m.start()
    b = m.end(3)
    words = text[a:b]
    if "\n" not in words:
        return _part_head_names(text, a, words, taken)
    breaks = _run_breaks(text, a, b)
    if not breaks:
        return _part_head_names(text, a, words.replace("\n", " "), taken)
    out = _part_head_names(text, a, text[a : breaks[0][0]].replace("\n", " "), taken)
    for (_, part_start), (part_end, _) in zip(breaks, [*breaks[1:], (b, b)], strict=True):
        out.extend(_after_connectors(text, part_start, part_end, taken))
    return out


def _run_breaks(text: str, a: int, b: int) -> list[tuple[int, int]]:
    """The gaps between words in text[a:b] whose line breaks end a run (`_joined`)."""
    out = []
    nl = text.find("\n", a, b)
    while nl >= 0:
        gap_start, gap_end = nl, nl + 1
        while text[gap_start - 1].isspace():
            gap_start -= 1
        while text[gap_end].isspace():
            gap_end += 1
        if not _joined(text, gap_start, gap_end):
            out.append((gap_start, gap_end))
        nl = text.find("\n", gap_end, b)
    return out


def _after_connectors(text: str, a: int, b: int, taken: Spans) -> list[Candidate]:
    """Head names of text[a:b] from its first word that is not a connector."""
    m = run_re(True).search(text, a, b)
    if not m:
        return []
    a = m.start(1) if m.start(1) >= 0 else m.start()
    return _part_head_names(text, a, text[a:b].replace("\n", " "), taken)


def _part_head_names(text: str, a: int, words: str, taken: Spans) -> list[Candidate]:
    """Head names of `words` (at `a` in `text`, starting with a word that is not a connector,
    without line breaks that end a run), but for those spanning exactly one of `taken`."""
    found, stop_first = words_head_names(words, False)
    shift = a
    if stop_first and determiner_before_re().search(text, max(0, a - 8), a):
        found, shift = words_head_names(words, True)[0], a - len(DETERMINER_PREFIX)
    if taken:
        return [candidate(f, text, shift) for f in found if (f[0] + shift, f[1] + shift) not in taken]
    return [candidate(f, text, shift) for f in found]


@lru_cache(maxsize=16384)
def words_head_names(words: str, det: bool) -> tuple[tuple[HeadName, ...], bool]:
    """(head names, whether the first word is a stop word) of `words` read on their own, after a
    determiner if `det` ("our Next Steps Project")."""
    text = DETERMINER_PREFIX + words if det else words
    m = run_re(True).match(text, len(text) - len(words))
    if not m:
        return (), False
    first = m.group(1) if m.start(1) >= 0 else text[m.start() : m.end(2)]
    return tuple(run_head_names(stretch_runs(text, m), text)), first in name_words("stop")
