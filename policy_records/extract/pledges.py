"""Pledges: commitments and demands stated in on-topic segments.

What counts: a sentence or list item in which an actor commits itself to a
future action or outcome (commitment: "We will ...", "Liberal Democrats are
committed to ...", "the government announced that this training will be
rolled out ...") or calls on another actor to act (demand: "we ask any
future government to ...", "The Police must work with ...", "it is essential
that the Government adopt ..."). Items under a pledge lead-in ("LIBERAL
DEMOCRATS WOULD:", "The recommendations are:") take the lead-in's kind and
actor. "must not" / "should not" are still pledges.

What does not count: past facts, general opinions, support for something
already done, questions, headings, predictions ("there will always be",
"we will see more cases"), conditional or past-habitual "would" ("their
traffickers would have access to them"), a third party's "will" that nobody
reported as a plan, and anything in an off-topic segment.

Cues, subjects and themes are data: `reference/pledge_cues.csv`,
`reference/pledge_actors.csv`, `reference/themes.csv` (see `pledge_cues`).
Each record quotes the unit exactly: `doc.text[start:end] == text`.
"""

from __future__ import annotations

import re
from functools import cache

import ahocorasick

from policy_records.extract.pledge_context import Context
from policy_records.extract.pledge_cues import Decision, classify, fold_ready, role_re
from policy_records.extract.pledge_fold import lowered_text
from policy_records.extract.pledge_voice import document_voice
from policy_records.model import Document, Record, Segment
from policy_records.text import Unit, split_units
from policy_records.vocab import read_table

THEMES_TABLE = "themes.csv"
DEFAULT_THEME = "other"
PLEDGE_UNIT_KINDS = ("sentence", "item")
FOLD_RE = re.compile(r"[^\S ]")  # any other white space (line breaks, no-break spaces) reads as a space


@cache
def theme_automaton() -> tuple[ahocorasick.Automaton, int]:
    """Keywords of `reference/themes.csv` -> (row, length, is_stem), and the number of rows.

    A keyword is a whole word or phrase; one ending in `*` is a stem (`fund*`: funding, funds).
    """
    automaton = ahocorasick.Automaton()
    rows = read_table(THEMES_TABLE)
    for i, row in enumerate(rows):
        for keyword in row["keywords"].lower().split("|"):
            word = keyword.rstrip("*")
            if word and word not in automaton:
                automaton.add_word(word, (i, len(word), keyword.endswith("*")))
    automaton.make_automaton()
    return automaton, len(rows)


def theme_of(text: str) -> str:
    """The theme whose keywords occur most often; ties go to the earlier row of themes.csv."""
    automaton, n = theme_automaton()
    lowered = FOLD_RE.sub(" ", text.lower()).replace("\u2019", "'")
    counts, last = [0] * n, len(lowered) - 1
    for end, (row, length, is_stem) in automaton.iter(lowered):
        start = end - length + 1
        if (start == 0 or not lowered[start - 1].isalnum()) and (
            is_stem or end == last or not lowered[end + 1].isalnum()
        ):
            counts[row] += 1
    best = max(counts, default=0)
    return read_table(THEMES_TABLE)[counts.index(best)]["theme"] if best else DEFAULT_THEME


def parse_pledge(doc: Document, seg: Segment, unit: Unit, decision: Decision) -> Record:
    text = doc.text[unit.start : unit.end]
    return {
        "document_id": doc.document_id,
        "segment_id": seg.segment_id,
        "kind": decision.kind,
        "text": text,
        "start": unit.start,
        "end": unit.end,
        "actor": decision.actor,
        "actor_organisation_id": decision.actor_organisation_id,
        "addressee": decision.addressee,
        "theme": theme_of(text),
    }


def is_lead_in(doc: Document, units: list[Unit], i: int) -> bool:
    """A lead-in line; or, right before a list item, a sentence ending in ":" ("... so we will:") or a
    heading without one ("#### Next year we will")."""
    unit = units[i]
    if unit.kind == "lead_in":
        return True
    follows = i + 1 < len(units) and units[i + 1].kind == "item"
    if not follows:
        return False
    return unit.kind == "heading" or (unit.kind == "sentence" and doc.text[unit.end - 1] == ":")


def segment_pledges(ctx: Context, doc: Document, seg: Segment, units: list[Unit]) -> list[Record]:
    """Pledges of one on-topic segment, in order; list items inherit a pledge lead-in.

    Only a unit with a trigger word can be a pledge or a pledge lead-in, so the others are skipped.
    """
    out: list[Record] = []
    after_lead = 0  # units before this index were list items taken by a lead-in
    for i, triggers in ctx.start_segment(seg.start, seg.end, units):
        if i < after_lead:
            continue
        unit, ctx.unit_index = units[i], i
        if is_lead_in(doc, units, i):
            lead = classify(ctx, unit.start, unit.end, triggers, lead_in=True)
            after_lead = i + 1
            while lead is not None and after_lead < len(units) and units[after_lead].kind == "item":
                out.append(parse_pledge(doc, seg, units[after_lead], lead))
                after_lead += 1
        elif unit.kind in PLEDGE_UNIT_KINDS:
            decision = classify(ctx, unit.start, unit.end, triggers)
            if decision:
                out.append(parse_pledge(doc, seg, unit, decision))
    return out


def extract_pledges(doc: Document, segments: list[Segment], mentions: list[Record]) -> list[Record]:
    """Commitments and demands of every on-topic segment of `doc`."""
    on_topic = [s for s in segments if s.on_topic]
    units = [split_units(doc.text, s.start, s.end) for s in on_topic]
    orgs = [m for m in mentions if m.get("entity_type") == "organisation" and m.get("document_id") == doc.document_id]
    lowered = lowered_text(doc.text)
    voice = document_voice(doc.text, units, orgs, role_re("joint_voice"), lowered)
    ctx = Context(doc.text, voice, orgs, lowered if fold_ready() else None)
    out: list[Record] = []
    for seg, seg_units in zip(on_topic, units, strict=True):
        out.extend(segment_pledges(ctx, doc, seg, seg_units))
    return out
