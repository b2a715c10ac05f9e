"""Organisations and programmes named in on-topic segments: mentions, candidates, signatories.

What counts: every occurrence of a reference name, alias or acronym
(`policy_records.reference`), every name found by shape
(`extract.entity_patterns`: head words, acronym definitions, kind nouns), the
lines of a signatory list (`extract.signatories`), and later repeats in the
same document of a name or acronym found by shape ("FLEX" after "Focus on
Labour Exploitation (FLEX)"). Where spans overlap, a signatory line wins,
then a shape name that extends a reference name past its end ("Association
of Labour Providers" over "Labour"), then the reference match, then other
shape names; among equals the longest.
What does not: anything in an off-topic segment; generic phrases, people and
places (see `entity_patterns`); social sharing links ("Share on Facebook",
a "Share this page" line and the short lines under it: page furniture, see
`reference/entity_furniture_cues.csv`). A report's own title is a named
report (`entity_page`).

The Poppy Project and similar named services that also act like
organisations are programmes (`support_service`), the choice of
`reference/programmes.csv`; the charity running them is the
`operator_organisation_id` ("the Poppy Project Eaves charity", "X, run by Y",
else the reference operator). A pattern name equal to a reference name takes
the reference row, whatever table its head word suggested.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

import ahocorasick

from policy_records.extract.entity_cues import segment_kind
from policy_records.extract.entity_page import furniture_zones, report_title
from policy_records.extract.entity_patterns import Candidate, find_pattern_names
from policy_records.extract.entity_tokens import head_words, owned_heads
from policy_records.extract.signatories import SignatoryLine, extract_signatory_lines, signatory_rows
from policy_records.ids import slugify
from policy_records.model import Document, Record, Segment
from policy_records.reference import Known, lookup, lower_same_length, matcher, normalise_text, without_lines
from policy_records.vocab import read_table

SPACES_RE = re.compile(r"\s+")
MIN_REPEAT_CHARS = 2

Key = tuple[str, str]


@dataclass
class Hit:
    start: int
    end: int
    key: Key
    priority: int  # 4 signatory line, 3 extends a reference name, 2 reference, 1 pattern
    record: Record


def outside(hits: list[Hit], zones: list[tuple[int, int]]) -> list[Hit]:
    if not zones:
        return hits
    return [h for h in hits if not any(s <= h.start < e for s, e in zones)]


@cache
def relation_cues() -> tuple[re.Pattern[str], ...]:
    """The `operator` cue ("run by") first, then the others."""
    rows = sorted(read_table("entity_relation_cues.csv"), key=lambda r: r["relation"] != "operator")
    return tuple(re.compile(r["pattern"]) for r in rows)


def entity_record(
    entity_type: str,
    name: str,
    acronym: str | None,
    aliases: list[str],
    etype: str,
    origin: str,
    operator: str | None = None,
) -> Record:
    return {
        "entity_type": entity_type,
        "entity_id": slugify(name),
        "name": name,
        "acronym": acronym,
        "aliases": list(aliases),
        "type": etype,
        "origin": origin,
        "operator_organisation_id": operator,
    }


def known_record(known: Known) -> Record:
    return entity_record(
        known.entity_type,
        known.name,
        known.acronym,
        list(known.aliases),
        known.type,
        "reference",
        known.operator_id,
    )


def one_spaced(quote: str) -> str:
    """Runs of white space as one plain space (the regex only runs when there is something to do)."""
    return quote if quote.isprintable() and "  " not in quote else SPACES_RE.sub(" ", quote)


def _hit(start: int, end: int, record: Record, priority: int) -> Hit:
    return Hit(start, end, (record["entity_type"], record["entity_id"]), priority, record)


def candidate_record(cand: Candidate, text: str, seg: Segment, kinds: dict[str, str]) -> Record:
    known = lookup(cand.name) or (lookup(cand.acronym) if cand.acronym else None)
    if known:
        return known_record(known)
    written = one_spaced(text[cand.start : cand.end])
    name = written if normalise_text(written) == normalise_text(cand.name) else cand.name
    etype = cand.type
    if etype.startswith("weak:"):
        if seg.segment_id not in kinds:
            kinds[seg.segment_id] = segment_kind(text, seg)
        etype = kinds[seg.segment_id] or etype[5:]
    return entity_record(cand.entity_type, name, cand.acronym, [], etype, "pattern")


def signatory_record(line: SignatoryLine) -> Record:
    for form in (line.name, line.acronym, *line.aliases):
        known = lookup(form) if form else None
        if known and known.entity_type == "organisation":
            rec = known_record(known)
            rec["aliases"].append(line.name)
            return rec
    words = line.name.split()
    head = head_words().get(words[-1]) if words else None
    etype = head[1] if head and head[0] == "organisation" else "other"
    return entity_record("organisation", line.name, line.acronym, line.aliases, etype, "pattern")


def signatory_hits(lines: list[SignatoryLine], records: list[Record]) -> list[Hit]:
    hits = []
    for line, rec in zip(lines, records, strict=True):
        hits.append(_hit(line.start, line.end, rec, 4))
        if line.acronym_span and not (line.start <= line.acronym_span[0] < line.end):
            hits.append(_hit(*line.acronym_span, rec, 4))
        if line.parent:
            s, e, name = line.parent
            known = lookup(name)
            head = head_words().get(name.split()[-1], ("organisation", "other"))
            parent = known_record(known) if known else entity_record("organisation", name, None, [], head[1], "pattern")
            hits.append(_hit(s, e, parent, 4))
    return hits


def segment_hits(text: str, norm: str, low: str, lined: str, seg: Segment) -> list[Hit]:
    ref = matcher().find(norm, low, seg.start, seg.end)
    hits = [_hit(s, e, known_record(k), 2) for s, e, k in ref]
    kinds: dict[str, str] = {}
    for cand in find_pattern_names(lined, seg.start, seg.end, ref):
        rec = candidate_record(cand, text, seg, kinds)
        hits.append(_hit(cand.start, cand.end, rec, 3 if cand.extends else 1))
        if cand.acronym_span:
            hits.append(_hit(*cand.acronym_span, rec, 3))
    return hits


def select(hits: list[Hit], taken: list[Hit] | None = None) -> list[Hit]:
    """Non-overlapping hits by priority, then length, then position."""
    chosen = list(taken or [])
    occupied = bytearray(max((h.end for h in [*hits, *chosen]), default=0))
    for c in chosen:
        occupied[c.start : c.end] = b"\x01" * (c.end - c.start)
    for h in sorted(hits, key=lambda h: (-h.priority, -(h.end - h.start), h.start)):
        if occupied.find(1, h.start, h.end) < 0:
            chosen.append(h)
            occupied[h.start : h.end] = b"\x01" * (h.end - h.start)
    return sorted(chosen, key=lambda h: h.start)


def repeat_hits(norm: str, chosen: list[Hit], segments: list[Segment]) -> list[Hit]:
    """Later bare uses of names and acronyms found by shape or in a signatory list: at each
    position the longest form standing on word boundaries, scanning left to right."""
    forms: dict[str, Record] = {}
    for h in chosen:
        if h.record["origin"] == "pattern":
            for form in (h.record["name"], h.record["acronym"], norm[h.start : h.end]):
                if form and len(form) >= MIN_REPEAT_CHARS:
                    forms.setdefault(normalise_text(form), h.record)
    if not forms:
        return []
    automaton = ahocorasick.Automaton()
    for form in forms:
        automaton.add_word(form, len(form))
    automaton.make_automaton()
    out = []
    for seg in segments:
        found = []
        for last, length in automaton.iter(norm, seg.start, seg.end):
            s, e = last + 1 - length, last + 1
            if not (s > 0 and _joins(norm[s - 1], "&-")) and not (e < seg.end and _joins(norm[e], "&")):
                found.append((s, -length))
        pos = seg.start
        for s, neg in sorted(found):
            if s >= pos:
                pos = s - neg
                out.append(_hit(s, pos, forms[norm[s:pos]], 0))
    return out


def _joins(c: str, extra: str) -> bool:
    """Would `c` continue a word next to a match (regex `[\\w<extra>]`)?"""
    return c.isalnum() or c == "_" or c in extra


def text_operators(norm: str, chosen: list[Hit]) -> dict[Key, str]:
    """A programme followed by "run by X" or directly by an organisation name is operated by X.
    A name found by shape whose head makes a service of it ("Centre", `owned` in the head words)
    followed by "run by X" is a programme run by X."""
    out: dict[Key, str] = {}
    for prog, nxt in zip(chosen, chosen[1:], strict=False):
        if nxt.key[0] != "organisation":
            continue
        gap = norm[prog.end : nxt.start]
        if len(gap) >= 40:
            continue
        if prog.key[0] == "organisation" and prog.record["origin"] == "pattern":
            owned = owned_heads().get(prog.record["name"].split()[-1])
            if owned and relation_cues()[0].fullmatch(gap):
                table, kind = owned.split(":")
                prog.record = {**prog.record, "entity_type": table, "type": kind}
                prog.key = (table, prog.key[1])
        if prog.key[0] == "programme" and any(p.fullmatch(gap) for p in relation_cues()):
            out.setdefault(prog.key, nxt.key[1])
    return out


def _segment_of(segments: list[Segment], pos: int) -> Segment | None:
    return next((s for s in segments if s.start <= pos < s.end), None)


def extract_entities(doc: Document, segments: list[Segment]) -> tuple[list[Record], list[Record], list[Record]]:
    """(mentions, entity candidates, signatories) of one document."""
    text = doc.text
    lined = normalise_text(text, keep_lines=True)
    norm = without_lines(lined)
    low = lower_same_length(norm)
    on_topic = [s for s in segments if s.on_topic]
    lines = extract_signatory_lines(text, on_topic, low)
    signers = [signatory_record(line) for line in lines]
    hits = signatory_hits(lines, signers)
    for seg in on_topic:
        hits.extend(segment_hits(text, norm, low, lined, seg))
    title = report_title(text, on_topic)
    if title:
        hits.append(_hit(title[0], title[1], entity_record("programme", title[2], None, [], "report", "pattern"), 3))
    zones = furniture_zones(lined)
    chosen = select(outside(hits, zones))
    chosen = select(outside(repeat_hits(norm, chosen, on_topic), zones), chosen)
    operators = text_operators(lined, chosen)
    entities: dict[Key, Record] = {}
    mentions = []
    for h in chosen:
        home = _segment_of(on_topic, h.start)
        if home is None:
            continue
        rec = entities.setdefault(h.key, h.record)
        if h.record is not rec:
            _merge(rec, h.record)
        quote = text[h.start : h.end]
        seen = one_spaced(quote)
        if seen != rec["name"] and seen not in rec["aliases"]:
            rec["aliases"].append(seen)
        mentions.append(
            {
                "document_id": doc.document_id,
                "segment_id": home.segment_id,
                "entity_type": h.key[0],
                "entity_id": h.key[1],
                "start": h.start,
                "end": h.end,
                "text": quote,
            }
        )
    for key, org_id in operators.items():
        if key in entities:
            entities[key]["operator_organisation_id"] = org_id
    signatories = signatory_rows(doc, [r["entity_id"] for r in signers])
    return mentions, list(entities.values()), signatories


def _merge(into: Record, other: Record) -> None:
    into["acronym"] = into["acronym"] or other["acronym"]
    for a in other["aliases"]:
        if a not in into["aliases"] and a != into["name"]:
            into["aliases"].append(a)
