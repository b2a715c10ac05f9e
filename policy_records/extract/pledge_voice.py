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

from policy_records.extract.pledge_fold import alternatives, folded, search
from policy_records.extract.statistics_gates import needed_words
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
    """The longest ASCII stretch of every party form, in lower case, -> the indices of the parties with that
    stretch (None when a form has none).

    A text free of `ascii_folds` whose lower case contains none of a party's stretches does not name it.
    """
    keys: dict[str, set[int]] = {}
    for i, p in enumerate(parties()):
        for f in p.forms:
            keys.setdefault(max(ASCII_RUN_RE.findall(f), key=len, default="").lower(), set()).add(i)
    if not keys or "" in keys:
        return None
    automaton = ahocorasick.Automaton()
    for key, indices in keys.items():
        automaton.add_word(key, frozenset(indices))
    automaton.make_automaton()
    return automaton


def party_candidates(text: str) -> frozenset[int] | None:
    """The indices of the parties `text` may name (see `party_gate`); None when every party may."""
    gate = party_gate()
    if gate is None or not ascii_folds().isdisjoint(text):
        return None
    return frozenset().union(*(indices for _, indices in gate.iter(text.lower())))


def may_name_party(text: str) -> bool:
    """False only when `text` surely names no party (see `party_gate`)."""
    return party_candidates(text) != frozenset()


@lru_cache(maxsize=256)
def parties_re(indices: tuple[int, ...]) -> re.Pattern[str]:
    """`party_re` with only the parties of these indices, in the same order and with the same group names:
    on a text that names no other party it finds the same matches."""
    return re.compile("|".join(f"(?P<p{i}>{parties()[i].pattern.pattern})" for i in indices), re.I)


def _parties_named(text: str, start: int, end: int, ids: list[str]) -> set[str]:
    """The ids of the parties named in text[start:end] (see `party_re`)."""
    candidates = party_candidates(text[start:end])
    if candidates == frozenset():
        return set()
    pattern = party_re() if candidates is None else parties_re(tuple(sorted(candidates)))
    return {ids[int((m.lastgroup or "p0")[1:])] for m in pattern.finditer(text, start, end)}


@lru_cache(maxsize=64)
def _needed(pattern: re.Pattern[str]) -> frozenset[str] | None:
    return needed_words(pattern.pattern, pattern.flags)


def _joint_in(pattern: re.Pattern[str], lowered: str, spans: list[tuple[int, int]]) -> bool:
    """A match of the folded joint-voice `pattern` in one of the spans of `lowered`. Each of its alternatives
    (`pledge_fold.alternatives`) is only searched in the spans holding a word that all its matches hold
    (`statistics_gates.needed_words`, found with `str.find`: fast)."""
    for alternative in alternatives(pattern):
        words = _needed(alternative)
        if words is None:
            found = spans
        else:
            found = [(a, b) for a, b in spans if any(lowered.find(w, a, b) >= 0 for w in words)]
        if any(search(alternative, lowered, a, b) for a, b in found):
            return True
    return False


def _inside(m: Record, start: int, end: int) -> bool:
    return start <= m["start"] and m["end"] <= end


def _party_voice(text: str, headings: list[Unit], mentions: list[Record]) -> Voice | None:
    ids = [p.organisation_id for p in parties()]
    counts = dict.fromkeys(ids, 0)
    party_mentions = [m for m in mentions if m["entity_id"] in counts]
    for u in headings:
        found = _parties_named(text, u.start, u.end, ids)
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
        joint = _joint_in(folded_joint, lowered, spans)
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
