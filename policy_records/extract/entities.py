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
report (`entity_page`). A name an off-topic segment describes ("X is a
registered charity" in a page footer, `entity_described`) is no mention there,
but its repeats in on-topic segments are.

The Poppy Project and similar named services that also act like
organisations are programmes (`support_service`), the choice of
`reference/programmes.csv`; the charity running them is the
`operator_organisation_id` ("the Poppy Project Eaves charity", "X, run by Y",
else the reference operator). A pattern name equal to a reference name takes
the reference row, whatever table its head word suggested.
"""

from __future__ import annotations

import re
from functools import cache, lru_cache

from policy_records.extract.entity_cues import segment_kind
from policy_records.extract.entity_described import described_names
from policy_records.extract.entity_hits import NO_KEY, PENDING, Hit, Key, hit, outside, repeat_hits, select
from policy_records.extract.entity_page import furniture_zones, heading_phrases, report_title
from policy_records.extract.entity_patterns import Candidate, find_pattern_names
from policy_records.extract.entity_tokens import head_words, owned_heads
from policy_records.extract.signatories import extract_signatory_lines, signatory_rows
from policy_records.extract.signatory_lines import SignatoryLine
from policy_records.ids import slugify
from policy_records.model import Document, Record, Segment
from policy_records.reference import Known, lookup, lower_same_length, matcher, normalise_text, without_lines
from policy_records.vocab import read_table

SPACES_RE = re.compile(r"\s+")

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
    held = _KNOWN_TEMPLATES.get(id(known))  # by id: hashing a Known hashes all its fields
    if held is None or held[0] is not known:
        if len(_KNOWN_TEMPLATES) >= MAX_TEMPLATES:
            _KNOWN_TEMPLATES.clear()
        template = entity_record(
            known.entity_type, known.name, known.acronym, [], known.type, "reference", known.operator_id
        )
        held = _KNOWN_TEMPLATES[id(known)] = (known, template)  # holding `known` keeps its id its own
    rec = held[1].copy()
    rec["aliases"] = list(known.aliases)
    return rec


_KNOWN_TEMPLATES: dict[int, tuple[Known, Record]] = {}
MAX_TEMPLATES = 4096


def one_spaced(quote: str) -> str:
    """Runs of white space as one plain space (the regex only runs when there is something to do)."""
    return quote if quote.isprintable() and "  " not in quote else SPACES_RE.sub(" ", quote)


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
    rec = _signatory_template(line.name, line.acronym, tuple(line.aliases)).copy()
    rec["aliases"] = list(rec["aliases"])
    return rec


@lru_cache(maxsize=8192)
def _signatory_template(name: str, acronym: str | None, aliases: tuple[str, ...]) -> Record:
    """The record of a signatory line, by its name, acronym and aliases."""
    for form in (name, acronym, *aliases):
        known = lookup(form) if form else None
        if known and known.entity_type == "organisation":
            rec = known_record(known)
            rec["aliases"].append(name)
            return rec
    words = name.split()
    head = head_words().get(words[-1]) if words else None
    etype = head[1] if head and head[0] == "organisation" else "other"
    return entity_record("organisation", name, acronym, list(aliases), etype, "pattern")


def signatory_hits(lines: list[SignatoryLine], records: list[Record]) -> list[Hit]:
    hits = []
    for line, rec in zip(lines, records, strict=True):
        hits.append(hit(line.start, line.end, rec, 4))
        if line.acronym_span and not (line.start <= line.acronym_span[0] < line.end):
            hits.append(hit(*line.acronym_span, rec, 4))
        if line.parent:
            s, e, name = line.parent
            known = lookup(name)
            head = head_words().get(name.split()[-1], ("organisation", "other"))
            parent = known_record(known) if known else entity_record("organisation", name, None, [], head[1], "pattern")
            hits.append(hit(s, e, parent, 4))
    return hits


def segment_hits(norm: str, low: str, lined: str, seg: Segment) -> list[Hit]:
    """The segment's reference and pattern hits, their records PENDING (see `made`)."""
    ref = heading_phrases(lined, matcher().find(norm, low, seg.start, seg.end))
    hits = [Hit(s, e, NO_KEY, 2, PENDING, k) for s, e, k in ref]
    for cand in find_pattern_names(lined, seg.start, seg.end, ref):
        made = [cand, seg]  # one record for the name and its acronym
        hits.append(Hit(cand.start, cand.end, NO_KEY, 3 if cand.extends else 1, PENDING, made))
        if cand.acronym_span:
            hits.append(Hit(*cand.acronym_span, NO_KEY, 3, PENDING, made))
    return hits


def learned_hits(lined: str, seg: Segment) -> list[Hit]:
    """Names an off-topic segment describes ("X is a registered charity", `entity_described`):
    never mentions there, but their repeats in on-topic segments are."""
    return [Hit(c.start, c.end, NO_KEY, 1, PENDING, [c, seg]) for c in described_names(lined, seg.start, seg.end)]


def made(chosen: list[Hit], text: str, kinds: dict[str, str]) -> list[Hit]:
    """`chosen` with the records of their hits made (a reference row, or a pattern candidate).
    The reference matches of one row share one record: the document keeps its first record of
    an entity anyway, and merging an equal one into it changes nothing."""
    rows: dict[int, Record] = {}
    for h in chosen:
        if h.record is PENDING:
            src = h.source
            if isinstance(src, Known):
                rec = rows.get(id(src))
                h.record = rec if rec is not None else rows.setdefault(id(src), known_record(src))
            else:
                assert src is not None
                if len(src) == 2:
                    src.append(candidate_record(src[0], text, src[1], kinds))
                h.record = src[2]
            h.key = (h.record["entity_type"], h.record["entity_id"])
    return chosen


def text_operators(norm: str, chosen: list[Hit]) -> dict[Key, str]:
    """A programme followed by "run by X" or directly by an organisation name is operated by X.
    A name found by shape whose head makes a service of it ("Centre", `owned` in the head words)
    followed by "run by X" is a programme run by X."""
    out: dict[Key, str] = {}
    for prog, nxt in zip(chosen, chosen[1:], strict=False):
        if nxt.key[0] != "organisation" or nxt.start - prog.end >= 40:
            continue
        gap = norm[prog.end : nxt.start]
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
        hits.extend(segment_hits(norm, low, lined, seg))
    for seg in segments:
        if not seg.on_topic:
            hits.extend(learned_hits(lined, seg))
    title = report_title(text, on_topic)
    if title:
        hits.append(hit(title[0], title[1], entity_record("programme", title[2], None, [], "report", "pattern"), 3))
    zones = furniture_zones(lined)
    chosen = made(select(outside(hits, zones)), text, {})
    repeats = outside(repeat_hits(norm, chosen, on_topic), zones)
    if repeats:  # none: `select` would return `chosen` as it is
        chosen = select(repeats, chosen)
    operators = text_operators(lined, chosen)
    entities: dict[Key, Record] = {}
    mentions = []
    only = on_topic[0] if len(on_topic) == 1 else None
    for h in chosen:
        home = (only if only.start <= h.start < only.end else None) if only else _segment_of(on_topic, h.start)
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
