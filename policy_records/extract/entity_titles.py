"""Titles a capitalised run cannot hold: laws and bills with a parenthesised part ("Social Services and
Well-being (Wales) Act 2014", "Modern Slavery (Victim Support) Bill"), and the offices of Police and Crime
Commissioners ("Humberside Police and Crime Commissioner", "Essex Police, Fire and Crime Commissioner"),
where the head word "Police" would end a force's name halfway.

A capitalised run stops at a parenthesis, so these titles are found here: capitalised words and
connectors (`reference/entity_name_words.csv`, but not "the"), one or more parenthesised groups of
words, then "Act" or "Bill", and perhaps "(Northern Ireland)" and a year. Leading determiners and stop
words ("The", "In") are not part of the title. Not titles: a parenthesis holding only capitals
("Modern Slavery Act (MSA)", an acronym definition, found elsewhere); "the Police and Crime
Commissioner" with no area before it.
"""

from __future__ import annotations

import re
from functools import cache

from policy_records.extract.entity_tokens import Candidate, name_words

CAP = r"[A-Z][\w'’-]*"
TITLE_ENDS = (") Act", ") Bill")  # every title has one of these: texts without them are skipped
HEAD_TYPES = {"Act": "legislation", "Bill": "bill"}
PCC_RE = re.compile(rf"(?<![\w'’-])(?:{CAP} (?:and |& )?)*?{CAP} Police(?:, Fire)? (?:and|&) Crime Commissioner"
                    r"(?![\w'’-])")


@cache
def title_re() -> re.Pattern[str]:
    connectors = "|".join(re.escape(w) for w in sorted(name_words("connector") - {"the"}, key=len, reverse=True))
    word = rf"(?:{CAP}|(?:{connectors})(?![\w'’-]))"
    group = rf"\((?=[^()\n]*[a-z]){CAP}(?: {word})*\)"  # a lower-case letter inside: not an acronym
    return re.compile(rf"(?<![\w'’(-]){CAP}(?: {word})*(?: {group})+(?: {word})* (Act|Bill)"
                      r"(?: \(Northern Ireland\))?(?: (?:19|20)\d\d)?(?![\w'’-])")


def parse_titles(text: str, start: int, end: int) -> list[Candidate]:
    out = []
    if any(text.find(t, start, end) >= 0 for t in TITLE_ENDS):
        for m in title_re().finditer(text, start, end):
            s = _title_start(text, m.start(), m.end())
            if text[s] != "(":
                out.append(Candidate(s, m.end(), text[s:m.end()], "programme", HEAD_TYPES[m.group(1)]))
    if text.find("Crime Commissioner", start, end) >= 0:
        for m in PCC_RE.finditer(text, start, end):
            s = _title_start(text, m.start(), m.end())
            if not text.startswith("Police", s):
                out.append(Candidate(s, m.end(), text[s:m.end()], "organisation", "government"))
    return out


@cache
def _leading_words() -> frozenset[str]:
    return name_words("determiner") | name_words("stop")


def _title_start(text: str, start: int, end: int) -> int:
    """Where a title found at text[start:end] starts, past leading determiners and stop words."""
    skip = _leading_words()
    while (gap := text.find(" ", start, end)) > 0 and text[start:gap] in skip:
        start = gap + 1
    return start
