"""Names the reference data does not know, found by their shape.

What counts (all on the normalised text of one on-topic segment):
- a capitalised name ending in a head word ("Derby Women's Centre",
  "Personal Safety Bill"; head words and their types in
  `reference/entity_head_words.csv`), or starting with one followed by
  "of/for/to/on/against" ("Association of Labour Providers");
- an acronym defined in parentheses after its expansion ("Focus on Labour
  Exploitation (FLEX)"), checked letter by letter against the expansion;
- a name introduced by a kind noun: "a report, Silence on Violence," or
  "the Everywoman Safe Everywhere website" (`reference/entity_cue_nouns.csv`);
- a unit written with a lowercase head: "the specialist SCD9 unit";
- a known organisation extended by "for/against ...": "Liberal Democrats for
  Seekers of Sanctuary" (a body of that organisation, same type).
What does not: a head word alone ("the Police", "The Consultation"), generic
phrases and places (`reference/entity_generic_phrases.csv`), people (a title
word such as "Minister", "MP", "Sir" breaks a name, see
`reference/entity_name_words.csv`), all-caps headings, and title-case
headlines where the capitals run on past the head word.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass

from policy_records.extract.entity_tokens import (
    Token,
    all_caps_heading,
    cue_nouns,
    head_of,
    head_words,
    is_generic,
    name_words,
    runs,
    strip_left,
    trim_connectors,
)
from policy_records.reference import Known, lookup

ACRONYM_DEF_RE = re.compile(r"\s?\(([A-Z][A-Za-z0-9&]{1,9})\)")
APPOSITIVE_RE = re.compile(r"\b(?:a|an|the|its|their|his|her|our|new)\s+(?:new\s+)?(\w+),\s+")
EXTENSION_RE = re.compile(r"\s+(?:for|against)\s+(?=[A-Z])")
DATELINE_RE = re.compile(r"([A-Z][A-Z&']+(?: [A-Z][A-Z&']+){1,5})\s+(?:--|\u2014|-)\s")
LINE_START_RE = re.compile(r"^", re.MULTILINE)
NEXT_WORD_RE = re.compile(r" (\w+)\b")
CLOSES_RE = re.compile(r"\s*[,)]")
HEAD_FIRST_CONNECTORS = frozenset({"of", "for", "to", "on", "against"})
MAX_NAME_WORDS = 10
MAX_TRAILING_CAPS = 1  # capitals after the head word: more means a title-case headline


@dataclass
class Candidate:
    start: int
    end: int
    name: str
    entity_type: str
    type: str
    acronym: str | None = None
    acronym_span: tuple[int, int] | None = None
    extends: bool = False  # wins over a reference match it contains


def _entity_like(run: list[Token], text: str) -> bool:
    run = strip_left(run)
    if not run:
        return False
    named = any(head_of(t) for t in run) and any(t.kind == "cap" and not head_of(t) for t in run)
    return named or lookup(text[run[0].start : run[-1].end]) is not None


def split_names(run: list[Token], text: str) -> list[list[Token]]:
    """'Home Office and Border Force', 'Poppy Project to the Salvation Army' -> two names each;
    'Justice and Care', 'Association of Labour Providers' stay one."""
    for i, tok in enumerate(run):
        if tok.kind == "connector" and _entity_like(run[:i], text) and _entity_like(run[i + 1 :], text):
            return split_names(trim_connectors(run[:i]), text) + split_names(strip_left(run[i + 1 :]), text)
    return [run]


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


def parse_head_name(run: list[Token], text: str) -> Candidate | None:
    """A name ending in (or led by) a head word, inside one run."""
    run = strip_left(run)
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
    return Candidate(s, e, text[s:e], entity_type, etype)


def _initials_match(acronym: str, words: list[Token]) -> bool:
    letters = [c.upper() for c in acronym if c.isalnum()]
    caps = [t for t in words if t.kind == "cap"]
    if not caps or caps[0].word[0].upper() != letters[0] or len(caps) > len(letters) + 1 or len(caps) < 2:
        return False
    pool = "".join(t.word for t in words).upper()
    pos = 0
    for c in letters:
        pos = pool.find(c, pos) + 1
        if pos == 0:
            return False
    return True


def parse_acronym_definition(run: list[Token], text: str) -> Candidate | None:
    """'Focus on Labour Exploitation (FLEX)': the longest expansion whose letters spell the acronym."""
    m = ACRONYM_DEF_RE.match(text, run[-1].end)
    if not m or (m.group(1)[-1] == "s" and m.group(1)[:-1].isupper()):
        return None
    acronym = m.group(1)
    for i in range(len(run)):
        words = run[i:]
        if words[0].kind == "cap" and _initials_match(acronym, words):
            s, e = words[0].start, words[-1].end
            name = text[s:e]
            if is_generic(name) or is_generic(acronym) or all_caps_heading(words):
                return None
            head = next(
                (head_words()[t.word] for t in reversed(words) if head_of(t)), ("organisation", "other")
            )
            return Candidate(s, e, name, head[0], head[1], acronym, (m.start(1), m.end(1)))
    return None


def parse_cue_names(text: str, all_runs: list[list[Token]]) -> list[Candidate]:
    """'a report, Silence on Violence,' / 'the X website' / 'the SCD9 unit'."""
    by_start: dict[int, list[Token]] = {}
    out = []
    for m in APPOSITIVE_RE.finditer(
        text, all_runs[0][0].start if all_runs else 0, all_runs[-1][-1].end if all_runs else 0
    ):
        cue = cue_nouns().get(m.group(1).lower())
        by_start = by_start or {r[0].start: r for r in all_runs}
        run = by_start.get(m.end())
        if cue and cue["entity_type"] == "programme" and run and CLOSES_RE.match(text, run[-1].end):
            out.append(_cue_candidate(run, text, cue, with_noun=False))
    for run in all_runs:
        code = len(run) == 1 and run[0].word.upper() == run[0].word and any(c.isdigit() for c in run[0].word)
        if len(run) == 1 and not code:  # one word that is not a code: never a name before a kind noun
            continue
        nxt = NEXT_WORD_RE.match(text, run[-1].end, run[-1].end + 20)
        cue = cue_nouns().get(nxt.group(1)) if nxt else None
        if not cue or head_of(run[-1]):
            continue
        if code or len([t for t in strip_left(run) if t.kind == "cap"]) >= 2:
            out.append(
                _cue_candidate(
                    strip_left(run), text, cue, with_noun=not code and cue["entity_type"] == "organisation"
                )
            )
    return [c for c in out if c and not is_generic(c.name)]


def _cue_candidate(run: list[Token], text: str, cue: dict[str, str], with_noun: bool) -> Candidate | None:
    if not run or all_caps_heading(run):
        return None
    s, e = run[0].start, run[-1].end
    if with_noun:
        e += 1 + len(cue["word"])
    etype = cue["type"] if not cue["weak"] else "weak:" + cue["type"]
    return Candidate(s, e, text[s:e], cue["entity_type"], etype)


def parse_extension(
    text: str, start: int, end: int, known: Known, all_runs: list[list[Token]]
) -> Candidate | None:
    """'Liberal Democrats for Seekers of Sanctuary': a known organisation's own body."""
    m = EXTENSION_RE.match(text, end)
    if not m or known.entity_type != "organisation":
        return None
    line_end = text.find("\n", m.end())
    tail = runs(text, m.end(), line_end if line_end >= 0 else len(text))
    run = tail[0] if tail and tail[0][0].start == m.end() else None
    if not run or all_caps_heading(run) or head_of(run[-1]):
        return None
    e = run[-1].end
    return Candidate(start, e, text[start:e], "organisation", known.type, extends=True)


def parse_dateline(text: str, start: int, end: int) -> Candidate | None:
    """'PRESS ASSOCIATION -- Police will ...': an all-caps agency credit ending in a head word."""
    m = DATELINE_RE.match(text, start, end)
    if not m:
        return None
    name = " ".join(w.capitalize() for w in m.group(1).split())
    if name.split()[-1] not in head_words() or is_generic(name):
        return None
    return Candidate(m.start(1), m.end(1), name, "organisation", "media")


def find_pattern_names(
    text: str, start: int, end: int, ref_hits: list[tuple[int, int, Known]]
) -> list[Candidate]:
    """Every pattern candidate in text[start:end] (overlaps are settled by the caller)."""
    all_runs = runs(text, start, end)
    out: list[Candidate] = []
    for run in all_runs:
        if len(run) == 1:  # one word: neither a head name nor an acronym's expansion
            continue
        for piece in split_names(run, text):
            cand = parse_head_name(piece, text) if piece else None
            if cand:
                out.append(cand)
        cand = parse_acronym_definition(run, text)
        if cand:
            out.append(cand)
    out.extend(parse_cue_names(text, all_runs))
    for line in LINE_START_RE.finditer(text, start, end):
        cand = parse_dateline(text, line.start(), end)
        if cand:
            out.append(cand)
    for s, e, known in ref_hits:
        cand = parse_extension(text, s, e, known, all_runs)
        if cand:
            out.append(cand)
    starts = [s for s, _, _ in ref_hits]  # ref_hits are in text order
    for cand in out:
        i = bisect_left(starts, cand.start)
        while not cand.extends and i < len(ref_hits) and ref_hits[i][0] < cand.end:
            cand.extends = ref_hits[i][1] < cand.end
            i += 1
    return out
