"""Whose voice a document speaks in, for resolving "we" in pledges.

- A joint letter ("our organisations ask ...", "Signed by:") speaks for the
  signatories: actor "the signatories", no single organisation.
- A party page names a political party in its headings (title, byline):
  "we" is that party, and its first-person "we need to / we must" are the
  party's commitments rather than demands on others.
- Otherwise the organisation named in the title block (the headings before
  the first sentence) is the voice, if any.

Parties are the `political_party` rows of `reference/organisations.csv`; an
alias that is also a word of another organisation's name ("Labour" in "Focus
on Labour Exploitation") is not used to recognise a party.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, lru_cache

import ahocorasick

from policy_records.extract.pledge_fold import folded, search
from policy_records.ids import slugify
from policy_records.model import Record
from policy_records.text import Unit, ascii_folds
from policy_records.vocab import read_table

PARTY_TYPE = "political_party"
ALIAS_SPLIT_RE = re.compile(r"\s*\|\s*")
WORD_RE = re.compile(r"[\w'’-]+")
ASCII_RUN_RE = re.compile(r"[\x00-\x7f]+")


@dataclass(frozen=True)
class Party:
    organisation_id: str
    name: str
    pattern: re.Pattern[str]
    forms: tuple[str, ...]


@dataclass(frozen=True)
class Voice:
    """The document's own voice: who "we" is."""

    name: str | None = None
    organisation_id: str | None = None
    is_party: bool = False
    is_joint: bool = False
    pattern: re.Pattern[str] | None = None  # surface forms of the voice organisation

    def owns(self, phrase: str) -> bool:
        """True when `phrase` names the voice organisation itself."""
        return bool(self.pattern and self.pattern.search(phrase))


@cache
def parties() -> tuple[Party, ...]:
    rows = read_table("organisations.csv")
    other_words = {
        w.casefold()
        for r in rows
        if r.get("organisation_type") != PARTY_TYPE
        for w in WORD_RE.findall(r.get("name", ""))
    }
    out = []
    for r in rows:
        if r.get("organisation_type") != PARTY_TYPE or not r.get("name"):
            continue
        forms = [r["name"]] + [a for a in ALIAS_SPLIT_RE.split(r.get("aliases", "")) if a]
        forms = [f for f in forms if len(f.split()) > 1 or f.casefold() not in other_words]
        alternation = "|".join(re.escape(f) for f in sorted(forms, key=len, reverse=True))
        pattern = re.compile(rf"\b(?:{alternation})\b", re.I)
        out.append(Party(slugify(r["name"]), r["name"], pattern, tuple(forms)))
    return tuple(out)


@cache
def party_re() -> re.Pattern[str]:
    """Any party's name or alias; group p<i> is `parties()[i]`."""
    return re.compile("|".join(f"(?P<p{i}>{p.pattern.pattern})" for i, p in enumerate(parties())), re.I)


@cache
def party_gate() -> ahocorasick.Automaton | None:
    """The longest ASCII stretch of every party form, in lower case (None when a form has none).

    A text free of `ascii_folds` whose lower case contains none of them names no party.
    """
    keys = [max(ASCII_RUN_RE.findall(f), key=len, default="").lower() for p in parties() for f in p.forms]
    if not keys or not all(keys):
        return None
    automaton = ahocorasick.Automaton()
    for key in keys:
        automaton.add_word(key, key)
    automaton.make_automaton()
    return automaton


def may_name_party(text: str) -> bool:
    """False only when `text` surely names no party (see `party_gate`)."""
    gate = party_gate()
    if gate is None or not ascii_folds().isdisjoint(text):
        return True
    return next(gate.iter(text.lower()), None) is not None


def _inside(m: Record, start: int, end: int) -> bool:
    return start <= m["start"] and m["end"] <= end


def _party_voice(text: str, headings: list[Unit], mentions: list[Record]) -> Voice | None:
    ids = [p.organisation_id for p in parties()]
    counts = dict.fromkeys(ids, 0)
    party_mentions = [m for m in mentions if m["entity_id"] in counts]
    for u in headings:
        found: set[str] = set()
        if may_name_party(text[u.start : u.end]):
            found = {ids[int((m.lastgroup or "p0")[1:])] for m in party_re().finditer(text, u.start, u.end)}
        found |= {m["entity_id"] for m in party_mentions if _inside(m, u.start, u.end)}
        for pid in found:
            counts[pid] += 1
    best = max(counts.items(), key=lambda kv: kv[1], default=(None, 0))
    if not best[1]:
        return None
    party = next(p for p in parties() if p.organisation_id == best[0])
    mentioned = any(m["entity_id"] == party.organisation_id for m in mentions)
    return Voice(party.name, party.organisation_id if mentioned else None, True, False, party.pattern)


@lru_cache(maxsize=1024)
def surface_re(name: str) -> re.Pattern[str]:
    """An organisation's name as a whole word or phrase, in any case."""
    return re.compile(rf"\b{re.escape(name)}\b", re.I)


def _title_block(units: list[Unit]) -> list[Unit]:
    block = []
    for u in units:
        if u.kind not in ("heading", "lead_in"):
            break
        block.append(u)
    return block


def document_voice(
    text: str,
    units_by_segment: list[list[Unit]],
    mentions: list[Record],
    joint_re: re.Pattern[str],
    lowered: str | None = None,
) -> Voice:
    """The voice of a document from its on-topic segments' units (see module docstring); `lowered` is
    the lower case of `text` if case-insensitive patterns may search it instead (`pledge_fold`)."""
    orgs = [m for m in mentions if m.get("entity_type") == "organisation"]
    units = [u for seg_units in units_by_segment for u in seg_units]
    spans = [(seg_units[0].start, seg_units[-1].end) for seg_units in units_by_segment if seg_units]
    folded_joint = folded(joint_re) if lowered is not None else None
    if folded_joint is not None and lowered is not None:
        joint = any(search(folded_joint, lowered, a, b) for a, b in spans)
    else:
        joint = any(joint_re.search(text, a, b) for a, b in spans)
    if joint:
        return Voice("the signatories", None, False, True)
    headings = [u for u in units if u.kind == "heading"]
    party = _party_voice(text, headings, orgs)
    if party:
        return party
    block = _title_block(units_by_segment[0]) if units_by_segment else []
    for m in orgs:
        if any(_inside(m, u.start, u.end) for u in block):
            return Voice(m["text"], m["entity_id"], False, False, surface_re(m["text"]))
    return Voice()
