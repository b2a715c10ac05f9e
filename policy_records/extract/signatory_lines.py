"""One line of a signatory list -> the organisation it names (offsets into the text).

Which lines are signatory lines is `extract.signatories`' business. A line is
parsed as:
- "Name (ACR)": name and acronym; "ACR (Expansion)": acronym and name;
  "Name (Expansion)": name with the expansion as an alias;
- "ACR - Expansion": acronym and name, the whole line an alias;
- "Name, the description ...": the name (a lowercase tail is a description);
- "Name, Parent Organisation": the name; the tail becomes a separate mention
  of the parent (it is not a signatory);
- "Person Name, Organisation" (the head looks like a person, the tail like an
  organisation): the organisation.
A line naming only a person names no organisation (`parse_signatory` returns
None): under a letter's close, any line that does not look like an
organisation; anywhere, a name with a title or an honour ("Dr Marion Hayes",
"Andrew Wallis OBE") or a person with roles only ("Kate Roberts, Head of
Policy"); the words are in `reference/signatory_person_words.csv`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache, lru_cache

from policy_records.reference import lookup
from policy_records.vocab import read_table

PAREN_TAIL_RE = re.compile(r"\s*\(([^()]+)\)$")
DESCRIPTION_TAIL_RE = re.compile(r",\s+(?:part|a member|a project|a programme|a service|a division|an arm) of\b[^,]*$")
DASH_RE = re.compile(r"([A-Z][A-Z0-9&]{1,9})\s+[-\u2013\u2014]\s+(\S.*)$")
ACRONYM_RE = re.compile(r"[A-Z][A-Za-z0-9&]*[A-Z0-9][A-Za-z0-9&]*")
TRAILING_PUNCT_RE = re.compile(r"[\s.;,]+$")
PERSON_WORD_RE = re.compile(r"(?:[A-Z][\w'.-]*|[A-Z]{2,4})")
MAX_PERSON_WORDS = 6


@dataclass
class SignatoryLine:
    position: int
    start: int  # span of the organisation's name in the document text
    end: int
    name: str
    acronym: str | None = None
    acronym_span: tuple[int, int] | None = None
    aliases: list[str] = field(default_factory=list)
    parent: tuple[int, int, str] | None = None
    line: tuple[int, int] = (0, 0)


@cache
def _org_heads() -> frozenset[str]:
    return frozenset(r["word"] for r in read_table("entity_head_words.csv") if r["entity_type"] == "organisation")


def org_like(name: str) -> bool:
    words = name.split()
    return bool(words) and (lookup(name) is not None or words[-1] in _org_heads())


def person_like(name: str) -> bool:
    """'Dr Marion Hayes', 'Andrew Wallis OBE': a few capitalised words, none a head word, not known."""
    words = name.split()
    return (
        2 <= len(words) <= MAX_PERSON_WORDS
        and all(PERSON_WORD_RE.fullmatch(w) for w in words)
        and not any(w in _org_heads() for w in words)
        and lookup(name) is None
    )


@cache
def _person_words(kind: str) -> frozenset[str]:
    return frozenset(r["word"] for r in read_table("signatory_person_words.csv") if r["kind"] == kind)


def _titled(name: str) -> bool:
    """'Dr Marion Hayes', 'Andrew Wallis OBE': a title first or an honour last, and no organisation."""
    words = name.replace(".", " ").split()
    return (len(words) >= 2 and (words[0] in _person_words("title") or words[-1] in _person_words("honour"))
            and not org_like(name))


def _role(part: str) -> bool:
    """'Head of Policy', 'Chief Executive': a role, unless it is a known organisation or ends in an
    organisation word that is no role word ('Chief Fire Officers Association')."""
    words, roles = part.split(), _person_words("role")
    return (bool(words) and words[0] in roles and lookup(part) is None
            and (words[-1] in roles or words[-1] not in _org_heads()))


def names_only_a_person(line: str) -> bool:
    """'Dr Marion Hayes', 'Kate Roberts, Head of Policy': a person, with roles, and no organisation."""
    head, *rest = [TRAILING_PUNCT_RE.sub("", part).strip() for part in line.split(",")]
    if not rest:
        return _titled(head)
    return (_titled(head) or person_like(head)) and all(_role(part) for part in rest)


def _signing_for(text: str, s: int, e: int, person_first: bool) -> int:
    """Start of the organisation in "Person, [Role,] Organisation", else `s`."""
    first = text.find(", ", s, e)
    if first < 0:
        return s
    paren = text.find("(", s, e)
    last = text.rfind(", ", s, paren if paren > first else e)
    tail = TRAILING_PUNCT_RE.sub("", PAREN_TAIL_RE.sub("", text[last + 2 : e]))
    if person_first or (person_like(text[s:first]) and org_like(tail)):
        return last + 2
    return s


def parse_signatory(text: str, start: int, end: int, position: int, person_first: bool = False) -> SignatoryLine | None:
    """One list line -> the organisation it names (offsets into `text`). `person_first`: the line
    is under a letter's close, where a line without a comma names an organisation only if it
    looks like one. A line's reading depends on its own words only: it is remembered per wording."""
    found = _parse_line(text[start:end], person_first)
    return _shifted(found, start, position) if found else None


def _shifted(line: SignatoryLine, by: int, position: int) -> SignatoryLine:
    def span(sp: tuple[int, int] | None) -> tuple[int, int] | None:
        return (sp[0] + by, sp[1] + by) if sp else None

    parent = (line.parent[0] + by, line.parent[1] + by, line.parent[2]) if line.parent else None
    return SignatoryLine(position, line.start + by, line.end + by, line.name, line.acronym, span(line.acronym_span),
                         list(line.aliases), parent, (line.line[0] + by, line.line[1] + by))


@lru_cache(maxsize=8192)
def _parse_line(text: str, person_first: bool) -> SignatoryLine | None:
    start, end, position = 0, len(text), 0
    end = start + len(TRAILING_PUNCT_RE.sub("", text[start:end]))
    described = DESCRIPTION_TAIL_RE.search(text, start, end)
    if described:  # "X (ACR), part of the Y": the description is not the signatory
        end = described.start()
    if names_only_a_person(text[start:end]):
        return None
    s, e = _signing_for(text, start, end, person_first), end
    if person_first and s == start and not (org_like(text[s:e]) or PAREN_TAIL_RE.search(text, s, e)):
        return None
    line = SignatoryLine(position, s, e, text[s:e], line=(start, end))
    m = PAREN_TAIL_RE.search(text, s, e)
    if m and m.end() == e:
        inner, (i_s, i_e) = m.group(1).strip(), (m.start(1), m.end(1))
        e = m.start()
        if " " not in inner and ACRONYM_RE.fullmatch(inner):
            line.acronym, line.acronym_span = inner, (i_s, i_e)
        elif " " not in text[s:e] and ACRONYM_RE.fullmatch(text[s:e]):
            line.acronym, line.acronym_span = text[s:e], (s, e)
            line.name, line.start, line.end = inner, i_s, i_e
            return line
        else:
            line.aliases.append(inner)
    dash = DASH_RE.fullmatch(text, s, e)
    if dash:
        line.aliases.append(text[s:e])
        line.acronym, line.acronym_span = dash.group(1), (dash.start(1), dash.end(1))
        s = dash.start(2)
    comma = text.rfind(", ", s, e)
    if comma > s:
        tail = text[comma + 2 : e]
        if tail[:1].islower():
            e = comma
        elif org_like(tail):
            line.parent = (comma + 2, e, tail)
            e = comma
    line.start, line.end, line.name = s, e, " ".join(text[s:e].split())
    return line if line.name.strip() else None
