"""Pledges: commitments and demands stated in on-topic segments.

What counts: a sentence or list item in which an actor commits itself to a
future action or outcome (commitment: "We will ...", "Liberal Democrats are
committed to ...", "the government announced that this training will be
rolled out ...") or calls on another actor to act (demand: "we ask any
future government to ...", "The Police must work with ...", "it is essential
that the Government adopt ..."). Items under a pledge lead-in ("LIBERAL
DEMOCRATS WOULD:", "The recommendations are:") take the lead-in's kind and
actor. "must not" / "should not" are still pledges. A passive announcement
("... under measures announced today by the Home Office") is the announcer's
commitment, and one under a policy frame ("Under the new Act the authority
will be given powers") the document voice's. A sentence whose clauses, split
at a colon or semicolon, commit and demand gives one record per clause.

What does not count: past facts, general opinions, support for something
already done, questions, headings, predictions ("there will always be",
"we will see more cases"), beliefs and fears ("X believes that nobody should
be ...", "we are concerned that the Bill will ..."; but "we believe the
Government should ..." is a demand), first-person asides ("I'll be honest"),
conditional or past-habitual "would" ("their traffickers would have access to
them"), a third party's "will" that nobody reported as a plan, and anything in
an off-topic segment.

Cues, subjects and themes are data: `reference/pledge_cues.csv`,
`reference/pledge_actors.csv`, `reference/themes.csv` (see `pledge_cues`).
Each record quotes the unit exactly: `doc.text[start:end] == text`.
"""

from __future__ import annotations

import re
from functools import cache

import ahocorasick

from policy_records.extract.pledge_context import Context, Triggers
from policy_records.extract.pledge_cues import Decision, classify, fold_ready
from policy_records.extract.pledge_triggers import role_re, role_words
from policy_records.extract.pledge_voice import document_voice
from policy_records.model import Document, Record, Segment
from policy_records.text import Unit, lowered_text, split_units
from policy_records.vocab import read_table

THEMES_TABLE = "themes.csv"
DEFAULT_THEME = "other"
PLEDGE_UNIT_KINDS = ("sentence", "item")
FOLD_RE = re.compile(r"[^\S ]")  # any other white space (line breaks, no-break spaces) reads as a space
CLAUSE_SEPARATOR_RE = re.compile(r"[:;](?=\s)")  # joins clauses that may each make a pledge


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
    lowered = text.lower()
    if not lowered.isprintable():  # every white space but " " is unprintable
        lowered = FOLD_RE.sub(" ", lowered)
    lowered = lowered.replace("\u2019", "'")
    counts, last = [0] * n, len(lowered) - 1
    for end, (row, length, is_stem) in automaton.iter(lowered):
        start = end - length + 1
        if (start == 0 or not lowered[start - 1].isalnum()) and (
            is_stem or end == last or not lowered[end + 1].isalnum()
        ):
            counts[row] += 1
    best = max(counts, default=0)
    return read_table(THEMES_TABLE)[counts.index(best)]["theme"] if best else DEFAULT_THEME


def parse_pledge(doc: Document, seg: Segment, start: int, end: int, decision: Decision) -> Record:
    text = doc.text[start:end]
    return {
        "document_id": doc.document_id,
        "segment_id": seg.segment_id,
        "kind": decision.kind,
        "text": text,
        "start": start,
        "end": end,
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


def clause_spans(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The clauses of text[start:end] between colons and semicolons, without surrounding white space."""
    spans, a = [], start
    for m in CLAUSE_SEPARATOR_RE.finditer(text, start, end):
        spans.append((a, m.start()))
        a = m.end()
    spans.append((a, end))
    out = []
    for a, b in spans:
        lead, trail = len(text[a:b]) - len(text[a:b].lstrip()), len(text[a:b]) - len(text[a:b].rstrip())
        if a + lead < b - trail:
            out.append((a + lead, b - trail))
    return out


def unit_pledges(
    ctx: Context, doc: Document, seg: Segment, unit: Unit, triggers: Triggers, whole: Decision
) -> list[Record]:
    """The pledge of a unit; or, when its clauses (split at colons and semicolons) make pledges of different
    kinds ("We will keep pressing the Home Office: the Government must ..."), one record per pledging
    clause, since a record has one kind."""
    whole_record = [parse_pledge(doc, seg, unit.start, unit.end, whole)]
    cue_words = role_words("cue")
    cues = [pos for pos, w in triggers if w in cue_words]
    if len(cues) < 2 or not CLAUSE_SEPARATOR_RE.search(doc.text, unit.start + cues[0], unit.start + cues[-1]):
        return whole_record  # no two cue words with a separator between them
    parts = []
    for a, b in clause_spans(doc.text, unit.start, unit.end):
        part = [(pos + unit.start - a, w) for pos, w in triggers if a <= unit.start + pos < b]
        if any(w in cue_words for _, w in part):
            parts.append((a, b, part))
    if len(parts) < 2:  # only one clause has a cue word ('The minister said: "We will ..."')
        return whole_record
    saved, reported = ctx.reporter, ctx.unit_reporter
    found = [(a, b, d) for a, b, part in parts if (d := classify(ctx, a, b, part, inherited=reported))]
    ctx.reporter = saved
    if len({d.kind for _, _, d in found}) < 2:
        return whole_record
    return [parse_pledge(doc, seg, a, b, d) for a, b, d in found]


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
                out.append(parse_pledge(doc, seg, units[after_lead].start, units[after_lead].end, lead))
                after_lead += 1
        elif unit.kind in PLEDGE_UNIT_KINDS:
            decision = classify(ctx, unit.start, unit.end, triggers)
            if decision and len(triggers) > 1:  # clauses with cues of their own may make two pledges
                out.extend(unit_pledges(ctx, doc, seg, unit, triggers, decision))
            elif decision:
                out.append(parse_pledge(doc, seg, unit.start, unit.end, decision))
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
