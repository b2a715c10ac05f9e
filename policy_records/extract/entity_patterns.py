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
- a name led by a lead word: "Operation Pheasant", a named police operation,
  is a programme of type `other` (`entity_leads`);
- a name without a head word followed by a description of what it is:
  "Fenland Migrant Support, a small volunteer group based in ...", "X is a
  registered charity" (`entity_described`); never from capitals alone.
Names are split at a connector or a possessive between two names ("Snowdrop
Project and Leeds City Council", "University of Nottingham's Rights Lab").
A project the writer owns ("our Next Steps Befriending Project") is a
programme (`owned` column of the head words), and so is a fund the text
presents as one ("a new X Fund", "the £5 million X Fund"); other "... Fund"
names are funders and grant-makers, organisations ("Big Lottery Fund").
What does not: a head word alone ("the Police", "The Consultation"), generic
phrases and places (`reference/entity_generic_phrases.csv`), people (a title
word such as "Minister", "MP", "Sir" breaks a name, see
`reference/entity_name_words.csv`), an office's portfolio or seat ("Secretary
of State for the Home Department", "Member of Parliament for Northampton
North"), all-caps headings, title-case
headlines where the capitals run on past the head word, and the building of
an address after another name ("ECPAT UK, The Grayston Centre, 28 Charles
Square").
"""

from __future__ import annotations

import re
from bisect import bisect_left
from functools import cache, lru_cache

from policy_records.extract.entity_cues import parse_cue_names
from policy_records.extract.entity_described import described_names
from policy_records.extract.entity_heads import may_hold_head, stretch_head_names
from policy_records.extract.entity_leads import lead_names
from policy_records.extract.entity_stretches import ACRONYM_GROUP, FOLLOW_CHARS, Stretches
from policy_records.extract.entity_titles import parse_titles
from policy_records.extract.entity_tokens import (
    Candidate,
    Token,
    all_caps_heading,
    head_of,
    head_words,
    is_generic,
    name_words,
    run_re,
    runs,
    stretch_runs,
)
from policy_records.reference import Known

ACRONYM_DEF_RE = re.compile(r"\s?\(([A-Z][A-Za-z0-9&]{1,9})\)")
FOR_RE = re.compile(r"for\s+(?:the\s+)?[A-Z]")
OFFICE_SEATS = ("State", "Parliament")  # office_re's "of State", "of Parliament"
OFFICE_TAIL_RE = re.compile(r"[A-Z][\w'&-]*(?: (?:(?:and|of|&) )?[A-Z][\w'&-]*)*")
EXTENSION_RE = re.compile(r"\s+(?:for|against)\s+(?=[A-Z])")
DATELINE_RE = re.compile(r"([A-Z][A-Z&']+(?: [A-Z][A-Z&']+){1,5})\s+(?:--|\u2014|-)\s")
DATELINE_LINE_RE = re.compile(r"\n(?=[A-Z][A-Z&'])")  # a line that may open a dateline
STREET_AFTER_RE = re.compile(r",[^\S\n]*\d{1,4}[A-Za-z]?[^\S\n]+[A-Z]")  # ", 28 Charles Square"
LIST_BEFORE_RE = re.compile(r"\w,[^\S\n]*(?:[Tt]he[^\S\n]+)?$")  # "ECPAT UK, The " before a name


@cache
def office_re() -> re.Pattern[str]:
    """A title word and its office ("Secretary of State for the", "Member of Parliament for");
    no leading \\b so that the regex engine can skip ahead on the first letter."""
    words = "|".join(sorted(name_words("title") | name_words("office")))
    return re.compile(rf"(?:{words})(?:\s+of\s+(?:State|Parliament))?\s+for\s+(?:the\s+)?(?=[A-Z])")


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


def parse_extension(text: str, start: int, end: int, known: Known) -> Candidate | None:
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


@cache
def office_words() -> dict[str, tuple[str, ...]]:
    """Title and office words by their last two letters, longest first (an earlier start wins)."""
    out: dict[str, tuple[str, ...]] = {}
    for w in sorted(name_words("title") | name_words("office"), key=len, reverse=True):
        out[w[-2:]] = (*out.get(w[-2:], ()), w)
    return out


def _offices(text: str, start: int, end: int) -> list[re.Match[str]]:
    """office_re's matches in text[start:end]. Each ends in "for" (+ "the") before a capital: the
    engine skips ahead to those (FOR_RE), and the title word is looked for right before."""
    if not all(len(w) >= 2 and w.isalpha() for ws in office_words().values() for w in ws):
        return list(office_re().finditer(text, start, end))
    out: list[re.Match[str]] = []
    for f in FOR_RE.finditer(text, start, end):
        k = _before_space(text, start, f.start())
        if k == f.start():
            continue
        ends = [k]  # where the title word may end: before "for", or before "of State"
        for seat in OFFICE_SEATS:
            j = _before_space(text, start, k - len(seat)) if text.startswith(seat, k - len(seat)) else k
            if j < k - len(seat) and text.startswith("of", j - 2) and _before_space(text, start, j - 2) < j - 2:
                ends.append(_before_space(text, start, j - 2))
        starts = sorted(
            e - len(w) for e in ends for w in office_words().get(text[e - 2 : e], ()) if text.startswith(w, e - len(w))
        )
        for s in starts:
            m = office_re().match(text, s, end) if s >= start and (not out or s >= out[-1].end()) else None
            if m:
                out.append(m)
                break
    return out


def _before_space(text: str, start: int, k: int) -> int:
    """`k` moved back over white space (not before `start`)."""
    while k > start and text[k - 1].isspace():
        k -= 1
    return k


def _outside_offices(text: str, start: int, end: int, cands: list[Candidate]) -> list[Candidate]:
    """Candidates not inside an office title and the name of its portfolio or seat."""
    spans = []
    for m in _offices(text, start, end):
        if m.start() > 0 and text[m.start() - 1].isalnum():
            continue
        tail = OFFICE_TAIL_RE.match(text, m.end(), end)
        spans.append((m.start(), tail.end() if tail else m.end()))
    if not spans:
        return cands
    return [c for c in cands if not any(s < c.end and c.start < e for s, e in spans)]


def _shape_names(text: str, st: Stretches, taken: set[tuple[int, int]]) -> list[Candidate]:
    """Head names and acronym definitions, from the stretches of more than one word (one word is
    neither a head name nor an acronym's expansion); no head name spanning one of `taken`."""
    out: list[Candidate] = []
    near_end = st.end - FOLLOW_CHARS
    for k, m in st.multi_word():
        if may_hold_head(text[m.start(1) if m.start(1) >= 0 else m.start() : m.end(3)]):
            out.extend(stretch_head_names(text, m, taken))
        if (m.lastindex or 0) >= ACRONYM_GROUP and m.start(ACRONYM_GROUP) >= 0 or m.end() > near_end:
            cand = _acronym_definition(text, st, k)
            if cand:
                out.append(cand)
    return out


def _acronym_definition(text: str, st: Stretches, k: int) -> Candidate | None:
    """The acronym definition of stretch `k` ("Focus on Labour Exploitation (FLEX)"), if any. On one
    line it depends only on its own words: it is read once per wording (`_definition_of`)."""
    m = st.matches[k]
    d = ACRONYM_DEF_RE.match(text, m.end())
    if not d:
        return None
    a = m.start()
    words = text[a : d.end()]
    if "\n" in words:
        runs = st.runs(k)
        return parse_acronym_definition(runs[-1], text) if runs and len(runs[-1]) > 1 else None
    found = _definition_of(words)
    if found is None:
        return None
    s, e, name, entity_type, etype, acronym, (acr_s, acr_e) = found
    return Candidate(s + a, e + a, name, entity_type, etype, acronym, (acr_s + a, acr_e + a))


@lru_cache(maxsize=8192)
def _definition_of(words: str) -> tuple[int, int, str, str, str, str, tuple[int, int]] | None:
    """The acronym definition of a stretch read on its own (`words`: the stretch and its "(ACR)"),
    as the fields of its candidate."""
    m = run_re(True).match(words)
    runs = stretch_runs(words, m) if m else []
    cand = parse_acronym_definition(runs[-1], words) if runs and len(runs[-1]) > 1 else None
    if cand is None or cand.acronym is None or cand.acronym_span is None:
        return None
    return cand.start, cand.end, cand.name, cand.entity_type, cand.type, cand.acronym, cand.acronym_span


def find_pattern_names(text: str, start: int, end: int, ref_hits: list[tuple[int, int, Known]]) -> list[Candidate]:
    """Every pattern candidate in text[start:end] (overlaps are settled by the caller), but for head
    names spanning a reference match exactly: they never win over it."""
    st = Stretches(text, start, end)
    taken = {(s, e) for s, e, _ in ref_hits}  # a reference match wins over a shape name of its span
    out = [c for c in _shape_names(text, st, taken) if not _building(text, c)]
    out.extend(parse_cue_names(text, st))
    out.extend(described_names(text, start, end, st))
    out.extend(lead_names(text, start, end))
    out.extend(c for c in parse_titles(text, start, end) if (c.start, c.end) not in taken)
    for line in _line_starts(text, start, end):
        cand = parse_dateline(text, line, end)
        if cand:
            out.append(cand)
    for s, e, known in ref_hits:
        cand = parse_extension(text, s, e, known)
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


def _building(text: str, cand: Candidate) -> bool:
    """A name between another name and a street number is the building of an address
    ("ECPAT UK, The Grayston Centre, 28 Charles Square"), not an organisation."""
    return bool(STREET_AFTER_RE.match(text, cand.end)) and bool(
        LIST_BEFORE_RE.search(text, max(0, cand.start - 8), cand.start)
    )


def _line_starts(text: str, start: int, end: int) -> list[int]:
    """Starts of the lines in text[start:end] that may open a dateline (a capital first)."""
    first = [start] if start == 0 or text[start - 1] == "\n" else []
    return first + [m.end() for m in DATELINE_LINE_RE.finditer(text, start, end)]
