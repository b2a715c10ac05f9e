"""Cue analysis for pledges: which word makes a unit a pledge, and whose pledge it is.

The cues are data (`reference/pledge_cues.csv`, column `role`):
- `cue`: modal and commitment verbs, each with the kind it signals
  (commitment, demand, or obligation = a demand on its subject, except the
  party's own "we must / we need to") and the subject it needs: `self` (the
  speaker: "we", "our organisations", the document's own organisation),
  `named` (self or a named actor: "the Government", "Police", a mention),
  `any` (any subject) or `none` (the cue carries its own: "it is essential
  that"). Cues with scope `lead_in` only count on a list lead-in line, and
  those with scope `reported` only in reported speech ("X said the
  Government needed to ...": a demand by X on the Government).
- `report`: reporting verbs; a commitment cue under one ("the government
  announced that ... will", ", saying ... would") counts whatever its
  subject, and the reporter is the actor.
- `mask`: phrases in which a modal is not a pledge (predictions such as
  "there will always be", "would-be", "against their will", past
  counterfactuals, inverted conditionals "should these women be"). Each
  holds a modal trigger word near its start (`MASK_BEFORE`, `MASK_AFTER`).
- `belief`, `frame`, `announcer`: verbs and phrases that change how a cue
  reads ("believes that", "Under the new Act", "announced today by"); see
  `pledge_scope`. `aside`: a discourse verb after a first-person modal
  ("I'll be honest"), which is no pledge.
- `joint_voice`: phrases that make a document a joint letter.
Subjects, reporters and actors are worked out in `pledge_actors`. Cues are found
around their trigger words (`pledge_triggers`); the first cue in text order
whose subject fits decides the unit. A unit is searched in lower case when
every pattern allows it (`pledge_fold`, `fold_ready`): same matches, faster.
"""

from __future__ import annotations

import re
from functools import cache
from typing import NamedTuple

from policy_records.extract.pledge_actors import (
    addressee_after,
    announced_by,
    mention_in,
    own_actor,
    reporter,
    subject_class,
    voice_actor,
)
from policy_records.extract.pledge_context import Context, Triggers
from policy_records.extract.pledge_fold import folded
from policy_records.extract.pledge_scope import (
    believed,
    framed,
    role_ends,
    subject_start,
)
from policy_records.extract.pledge_subjects import UNIT_RES, blank, subject_span
from policy_records.extract.pledge_triggers import (
    ROLE_BITS,
    Cue,
    cue_matches,
    cue_table,
    folded_role_re,
    lower_role_re,
    role_bits,
    role_re,
    unit_role_re,
)

QUESTION_RE = re.compile(r"\?[\"”’']?\s*$")
SELF_CLASSES = ("self",)
NAMED_CLASSES = ("self", "named", "person")
MASK_BEFORE, MASK_AFTER = 16, 40  # a mask phrase starts at most this far before its modal and ends this far after
ACCEPT = {"self": SELF_CLASSES, "named": NAMED_CLASSES, "any": NAMED_CLASSES + ("other",)}


class Decision(NamedTuple):  # a tuple: built faster than a frozen dataclass, one per pledge
    kind: str
    actor: str
    actor_organisation_id: str | None
    addressee: str | None


@cache
def fold_ready() -> bool:
    """Every pattern a unit is searched with has a folded form, so units may be searched in lower case."""
    cues = [c for lead_in in (False, True) for cs in cue_table(lead_in).values() for c in cs]
    roles = all(folded_role_re(r) for r in ("mask", "report", "belief", "frame", "announcer", "aside"))
    return roles and all(c.folded for c in cues) and all(folded(p) for p in UNIT_RES)


def mask_spans(pattern: re.Pattern[str], s: str, triggers: Triggers) -> list[tuple[int, int]]:
    """Spans of the mask matches in the unit `s` (in text order). Every mask phrase holds a modal trigger
    word near its start, so only windows around the trigger words are searched."""
    spans: set[tuple[int, int]] = set()
    for pos, word in triggers:
        for m in pattern.finditer(s, max(0, pos - MASK_BEFORE), pos + len(word) + MASK_AFTER):
            if m.start() > pos:
                break  # later matches start after the trigger word too
            if pos < m.end():
                spans.add(m.span())
                break  # later matches start after this one ends
    return sorted(spans) if spans else []


def masked(ctx: Context, s: str, start: int, triggers: Triggers) -> tuple[str, str | None]:
    """The unit s = text[start:...] with non-pledge uses of modals blanked out (same length), and the same in
    lower case when the document is searched in lower case (`Context.lowered`)."""
    if ctx.lowered is None:
        spans = mask_spans(role_re("mask"), s, triggers)
        return (blank(s, spans) if spans else s), None
    low = ctx.lowered[start : start + len(s)]
    spans = mask_spans(lower_role_re("mask"), low, triggers)
    return (blank(s, spans), blank(low, spans)) if spans else (s, low)


def actor_of(
    ctx: Context,
    cue: Cue,
    kind: str,
    cls: str,
    phrase: str,
    span: tuple[int, int],
    reported: tuple[str, str | None] | None,
) -> tuple[str, str | None]:
    """Who pledges: the reporter, the voice (the subject is an addressee), the speaker or the subject."""
    if reported:
        return reported
    if cue.kind == "obligation" and cls != "self" or cue.subject == "none" and kind == "demand":
        return voice_actor(ctx)
    if cls == "self" or cue.subject == "none":
        return own_actor(ctx, phrase)
    return phrase, mention_in(ctx, *span)


class UnitView:
    """The unit being classified: masked text, its lower case and the one searched (`text`), offset,
    reporter, and where its reporting and belief verbs end (`pledge_scope`)."""

    __slots__ = ("work", "low", "text", "offset", "reported", "lead_in", "cuts", "beliefs")

    def __init__(
        self,
        work: str,
        low: str | None,
        offset: int,
        reported: tuple[str, str | None] | None,
        lead_in: bool,
        cuts: tuple[int, ...],
        beliefs: tuple[int, ...],
    ) -> None:
        self.work, self.low, self.text, self.offset = work, low, work if low is None else low, offset
        self.reported, self.lead_in, self.cuts, self.beliefs = reported, lead_in, cuts, beliefs


def decide(ctx: Context, cue: Cue, m: re.Match[str], u: UnitView) -> Decision | None:
    """The pledge a cue makes, or None when its subject does not fit."""
    s, low, offset = u.work, u.low, u.offset
    a, b = subject_span(s, m.start(), low)
    if u.cuts:
        a = subject_start(u.text, a, b, u.cuts)
    span = (offset + a, offset + b)
    phrase = ctx.text[span[0] : span[1]]
    cls = subject_class(ctx, phrase, *span)
    if cls == "self" and unit_role_re("aside", low is not None).match(u.text, m.end()):
        return None  # "I'll be honest: ...", "I must admit ..."
    if u.beliefs and cue.kind != "demand" and believed(u.text, m.start(), u.beliefs):
        if cue.kind == "commitment" or cls not in ("named", "person"):
            return None  # "we fear the Bill will ...", "X believes that nobody should ..."
    if cue.scope == "reported" and not u.reported:
        return None
    need = "named" if u.lead_in and cue.subject == "self" else cue.subject
    fits = need == "none" or cls in ACCEPT[need]
    backer = u.reported
    if not (fits or backer) and cue.kind == "commitment" and cue.subject == "named" and framed(u.text, low is not None):
        backer = voice_actor(ctx)  # "Under the new Act the authority will be given powers ..."
    if not fits and not (backer and cue.kind == "commitment"):
        return None
    kind = cue.kind
    if kind == "obligation":
        kind = "commitment" if cls == "self" and ctx.voice.is_party and not u.reported else "demand"
    actor, org = actor_of(ctx, cue, kind, cls, phrase, span, backer)
    addressee = None
    if kind == "demand" and cue.kind == "obligation":
        addressee = phrase if cls not in ("self", "none") else None
    elif kind == "demand":
        addressee = addressee_after(ctx, s, m.end(), offset)
    return Decision(kind, actor, org, addressee)


def classify(
    ctx: Context,
    start: int,
    end: int,
    triggers: Triggers,
    lead_in: bool = False,
    inherited: tuple[str, str | None] | None = None,
) -> Decision | None:
    """Commitment, demand or None for the unit text[start:end] with these trigger words; updates the last
    reporter and `ctx.unit_reporter`. `inherited`: the reporter of the unit that text[start:end] is a clause of."""
    s = ctx.text[start:end]
    if QUESTION_RE.search(s):
        return None
    work, low = masked(ctx, s, start, triggers)
    lowered = low is not None
    text = low if low is not None else work
    bits, has = role_bits(), 0
    for _, w in triggers:
        has |= bits.get(w, 0)
    verb = None
    if has & ROLE_BITS["report"]:
        verb = unit_role_re("report", lowered).search(text)
    if verb and has & ROLE_BITS["announcer"] and unit_role_re("announcer", lowered).match(text, verb.start()):
        verb = None  # "measures announced today by X": a passive announcement (`announced_by`), no reporter
    reported = reporter(ctx, work, start, verb, True, low) or inherited
    matches = cue_matches(text, triggers, lead_in, lowered)
    if matches and reported is None and has & ROLE_BITS["announcer"]:
        reported = announced_by(ctx, work, start, text, lowered)
    ctx.unit_reporter = reported
    if not matches:
        return None
    beliefs = role_ends("belief", text, lowered) if has & ROLE_BITS["belief"] else ()
    cuts = tuple(sorted(beliefs + role_ends("report", text, lowered))) if verb else beliefs
    u = UnitView(work, low, start, reported, lead_in, cuts, beliefs)
    for m, cue in matches:
        decision = decide(ctx, cue, m, u)
        if decision:
            return decision
    return None
