"""Names the reference data does not know, found by their shape.

What counts (all on the normalised text of one on-topic segment):
- a capitalised name ending in a head word ("Derby Women's Centre",
  "Personal Safety Bill"; head words and their types in
  `reference/entity_head_words.csv`), or starting with one followed by
  "of/for/to/on/against" ("Association of Labour Providers");
- an acronym defined in parentheses after its expansion ("Focus on Labour
  Exploitation (FLEX)"), checked letter by letter against the expansion;
- a name introduced by a kind noun: "a report, Silence on Violence,", "our
  annual review, Still Waiting,", "the Everywoman Safe Everywhere website" or
  "the charity Caritas Salford" (`entity_cues`); after a
  possessive the name is the owner's body and takes the owner's type ("Leeds
  City Council's Safer Leeds team");
- a unit written with a lowercase head: "the specialist SCD9 unit";
- a known organisation extended by "for/against ...": "Liberal Democrats for
  Seekers of Sanctuary" (a body of that organisation, same type).
Names are split at a connector or a possessive between two names ("Snowdrop
Project and Leeds City Council", "University of Nottingham's Rights Lab").
A project the writer owns ("our Next Steps Befriending Project") is a
programme (`owned` column of the head words).
What does not: a head word alone ("the Police", "The Consultation"), generic
phrases and places (`reference/entity_generic_phrases.csv`), people (a title
word such as "Minister", "MP", "Sir" breaks a name, see
`reference/entity_name_words.csv`), an office's portfolio or seat ("Secretary
of State for the Home Department", "Member of Parliament for Northampton
North"), all-caps headings, and title-case
headlines where the capitals run on past the head word.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from functools import cache

from policy_records.extract.entity_cues import parse_cue_names
from policy_records.extract.entity_tokens import (
    Candidate,
    Token,
    all_caps_heading,
    head_of,
    head_words,
    is_generic,
    name_words,
    owned_heads,
    runs,
    split_names,
    strip_left,
)
from policy_records.reference import Known

ACRONYM_DEF_RE = re.compile(r"\s?\(([A-Z][A-Za-z0-9&]{1,9})\)")
OFFICE_TAIL_RE = re.compile(r"[A-Z][\w'&-]*(?: (?:(?:and|of|&) )?[A-Z][\w'&-]*)*")
OWNED_RE = re.compile(r"\b(?i:our|their|its)\s+$")
EXTENSION_RE = re.compile(r"\s+(?:for|against)\s+(?=[A-Z])")
DATELINE_RE = re.compile(r"([A-Z][A-Z&']+(?: [A-Z][A-Z&']+){1,5})\s+(?:--|\u2014|-)\s")
LINE_START_RE = re.compile(r"^", re.MULTILINE)
HEAD_FIRST_CONNECTORS = frozenset({"of", "for", "to", "on", "against"})
MAX_NAME_WORDS = 10
MAX_TRAILING_CAPS = 1  # capitals after the head word: more means a title-case headline


@cache
def office_re() -> re.Pattern[str]:
    """A title word and its office ("Secretary of State for the", "Member of Parliament for");
    no leading \\b so that the regex engine can skip ahead on the first letter."""
    words = "|".join(sorted(name_words("title") | name_words("office")))
    return re.compile(rf"(?:{words})(?:\s+of\s+(?:State|Parliament))?\s+for\s+(?:the\s+)?(?=[A-Z])")


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
    owned = owned_heads().get(name[-1].word) if entity_type == "organisation" else None
    if owned and OWNED_RE.search(text, max(0, s - 8), s):
        entity_type, etype = owned.split(":")
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
            head = next((head_words()[t.word] for t in reversed(words) if head_of(t)), ("organisation", "other"))
            return Candidate(s, e, name, head[0], head[1], acronym, (m.start(1), m.end(1)))
    return None


def parse_extension(text: str, start: int, end: int, known: Known, all_runs: list[list[Token]]) -> Candidate | None:
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


def _outside_offices(text: str, start: int, end: int, cands: list[Candidate]) -> list[Candidate]:
    """Candidates not inside an office title and the name of its portfolio or seat."""
    spans = []
    for m in office_re().finditer(text, start, end):
        if m.start() > 0 and text[m.start() - 1].isalnum():
            continue
        tail = OFFICE_TAIL_RE.match(text, m.end(), end)
        spans.append((m.start(), tail.end() if tail else m.end()))
    if not spans:
        return cands
    return [c for c in cands if not any(s < c.end and c.start < e for s, e in spans)]


def find_pattern_names(text: str, start: int, end: int, ref_hits: list[tuple[int, int, Known]]) -> list[Candidate]:
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
    out = _outside_offices(text, start, end, out)
    starts = [s for s, _, _ in ref_hits]  # ref_hits are in text order
    for cand in out:
        i = bisect_left(starts, cand.start)
        while not cand.extends and i < len(ref_hits) and ref_hits[i][0] < cand.end:
            cand.extends = ref_hits[i][1] < cand.end
            i += 1
    return out
