"""Names led by a word that says what they are: "Operation Pheasant", "Operation Pentameter 2".

What counts: a lead word of `reference/entity_lead_words.csv` followed by one to
MAX_LEAD_WORDS capitalised words or numbers (on one line or across one line
break). Named police operations are programmes of type `other`, like the
reference's "Operation Aidant": a piece of work with a name, not a body, so
the force that runs one is its operator ("Operation X, led by West Mercia
Police", see `entities.text_operators`). A name equal to a reference name takes
the reference row.
What does not: a lead word followed by a head word ("Operation Command"), a
title, a stop word or a determiner ("Operation The ..."); a lead word inside a
word or written in lower case ("the operation", "Cooperation").
"""

from __future__ import annotations

import re
from functools import cache

from policy_records.extract.entity_tokens import Candidate, head_words, is_generic, name_words
from policy_records.vocab import read_table

MAX_LEAD_WORDS = 3
WORD_RE = re.compile(r"\S+")
GAP = r"(?:[^\S\n]+|[^\S\n]*\n[^\S\n]*)"  # spaces, or one line break


@cache
def lead_words() -> dict[str, tuple[str, str]]:
    """Lead word -> (entity_type, type)."""
    return {r["word"]: (r["entity_type"], r["type"]) for r in read_table("entity_lead_words.csv")}


@cache
def lead_re() -> re.Pattern[str] | None:
    """A lead word and the capitalised words after it (group 2); none when there are no lead words.
    The regex starts with the lead word itself so that the engine skips ahead on it."""
    if not lead_words():
        return None
    leads = "|".join(re.escape(w) for w in sorted(lead_words(), key=len, reverse=True))
    word = r"(?:[A-Z][\w'-]*|\d+[A-Za-z]?)"
    return re.compile(rf"({leads}){GAP}({word}(?:[^\S\n]+{word}){{0,{MAX_LEAD_WORDS - 1}}})\b")


def lead_names(text: str, start: int, end: int) -> list[Candidate]:
    """Every lead name in text[start:end]."""
    rx = lead_re()
    if rx is None:
        return []
    out = []
    for m in rx.finditer(text, start, end):
        if m.start() > 0 and (text[m.start() - 1].isalnum() or text[m.start() - 1] in "'&-"):
            continue
        words = list(WORD_RE.finditer(text, m.start(2), m.end(2)))
        while words and (words[-1].group() in head_words() or words[-1].group() in _breakers()):
            words.pop()  # the name ends before a head word or a title: "Operation Pheasant Team"
        if not words or words[0].group() in head_words() or words[0].group() in _breakers():
            continue
        e = words[-1].end() - (2 if words[-1].group().endswith("'s") else 0)  # "Operation X's officers"
        name = text[m.start() : e]
        if is_generic(name):
            continue
        entity_type, etype = lead_words()[m.group(1)]
        out.append(Candidate(m.start(), e, " ".join(name.split()), entity_type, etype))
    return out


@cache
def _breakers() -> frozenset[str]:
    """Words that never follow a lead word in a name: titles, stop words, determiners."""
    return name_words("title") | name_words("stop") | name_words("determiner")
