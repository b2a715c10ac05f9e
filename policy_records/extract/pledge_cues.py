"""Cue analysis for pledges: which word makes a unit a pledge, and whose pledge it is.

The cues are data (`reference/pledge_cues.csv`, column `role`):
- `cue`: modal and commitment verbs, each with the kind it signals
  (commitment, demand, or obligation = a demand on its subject, except the
  party's own "we must / we need to") and the subject it needs: `self` (the
  speaker: "we", "our organisations", the document's own organisation),
  `named` (self or a named actor: "the Government", "Police", a mention),
  `any` (any subject) or `none` (the cue carries its own: "it is essential
  that"). Cues with scope `lead_in` only count on a list lead-in line.
- `report`: reporting verbs; a commitment cue under one ("the government
  announced that ... will", ", saying ... would") counts whatever its
  subject, and the reporter is the actor.
- `mask`: phrases in which a modal is not a pledge (predictions such as
  "there will always be", "would-be", "against their will", past
  counterfactuals, inverted conditionals "should these women be").
- `joint_voice`: phrases that make a document a joint letter.
Subjects are classified with `reference/pledge_actors.csv`. Cues are found
around their trigger words (`pledge_triggers`); the first cue in text order
whose subject fits decides the unit. A unit is searched in lower case when
every pattern allows it (`pledge_fold`, `fold_ready`): same matches, faster.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass
from functools import cache, lru_cache

from policy_records.extract.pledge_context import Context, Triggers
from policy_records.extract.pledge_fold import folded
from policy_records.extract.pledge_subjects import UNIT_RES, blank, subject_span
from policy_records.extract.pledge_triggers import CUES_TABLE, Cue, cue_matches, cue_table
from policy_records.extract.pledge_voice import party_re
from policy_records.vocab import read_table

ACTORS_TABLE = "pledge_actors.csv"
ADDRESSEE_RE = re.compile(
    r"\s*(?:(?i:that)\s+)?((?:(?i:the|any|all|every|each|future|next|incoming|new|current|political|local|national"
    r"|our|UK|British|Scottish|Welsh)\s+)*(?:[A-Z][\w'’&-]*(?:\s+(?:of\s+|for\s+|and\s+)?[A-Z][\w'’&-]*)*"
    r"|[a-z][\w'’-]*))"
)
SUBJECT_CLASS_ORDER = (
    ("self", "self"),
    ("not_subject", "none"),
    ("pronoun", "pronoun"),
    ("named", "named"),
    ("person", "named"),
)
MAX_APPOSITIVES = 3  # comma-separated phrases searched back for the reporter
QUESTION_RE = re.compile(r"\?[\"”’']?\s*$")
SELF_CLASSES = ("self",)
NAMED_CLASSES = ("self", "named", "person")
MAX_CACHED_WORDS = 6  # subject phrases this short (a name: "the Home Office") have their class cached
ACCEPT = {"self": SELF_CLASSES, "named": NAMED_CLASSES, "any": NAMED_CLASSES + ("other",)}


@dataclass(frozen=True)
class Decision:
    kind: str
    actor: str
    actor_organisation_id: str | None
    addressee: str | None


@cache
def role_re(role: str) -> re.Pattern[str]:
    """The patterns of one role, matched at a word start (one `\\b` before the alternation: fast)."""
    alternation = "|".join(f"(?:{r['pattern']})" for r in read_table(CUES_TABLE) if r["role"] == role)
    return re.compile(rf"\b(?:{alternation})", re.I)


@cache
def actor_re(cls: str) -> re.Pattern[str]:
    """The subject patterns of one class of `reference/pledge_actors.csv` (case-sensitive)."""
    return re.compile("|".join(f"(?:{r['pattern']})" for r in read_table(ACTORS_TABLE) if r["class"] == cls))


@cache
def folded_role_re(role: str) -> re.Pattern[str] | None:
    """`role_re(role)` for lower-cased text (`pledge_fold`), if it has one."""
    return folded(role_re(role))


def lower_role_re(role: str) -> re.Pattern[str]:
    """`folded_role_re(role)`, which exists whenever units are searched in lower case (`fold_ready`)."""
    pattern = folded_role_re(role)
    if pattern is None:
        raise ValueError(f"no lower-case form of the {role} patterns")
    return pattern


@cache
def fold_ready() -> bool:
    """Every pattern a unit is searched with has a folded form, so units may be searched in lower case."""
    cues = [c for lead_in in (False, True) for cs in cue_table(lead_in).values() for c in cs]
    roles = all(folded_role_re(role) for role in ("mask", "report"))
    return roles and all(c.folded for c in cues) and all(folded(p) for p in UNIT_RES)


def masked(ctx: Context, s: str, start: int) -> tuple[str, str | None]:
    """The unit s = text[start:...] with non-pledge uses of modals blanked out (same length), and the same in
    lower case when the document is searched in lower case (`Context.lowered`)."""
    if ctx.lowered is None:
        return role_re("mask").sub(lambda m: " " * len(m.group()), s), None
    low = ctx.lowered[start : start + len(s)]
    spans = [m.span() for m in lower_role_re("mask").finditer(low)]
    return (blank(s, spans), blank(low, spans)) if spans else (s, low)


def mention_in(ctx: Context, start: int, end: int) -> str | None:
    """The first organisation mentioned inside text[start:end] (mentions are sorted by start)."""
    for k in range(bisect_left(ctx.mention_starts, start), len(ctx.mentions)):
        m = ctx.mentions[k]
        if m["start"] >= end:
            break
        if m["end"] <= end:
            return m["entity_id"]
    return None


def phrase_class(phrase: str) -> str:
    """The class a subject phrase has by its words alone: the first fitting class of
    `reference/pledge_actors.csv`, "named" for a party, else "other"."""
    return _short_phrase_class(phrase) if phrase.count(" ") < MAX_CACHED_WORDS else _phrase_class(phrase)


@lru_cache(maxsize=4096)
def _short_phrase_class(phrase: str) -> str:
    return _phrase_class(phrase)  # short subjects ("we", "the Government") recur in every corpus


def _phrase_class(phrase: str) -> str:
    for cls, verdict in SUBJECT_CLASS_ORDER:
        if actor_re(cls).search(phrase):
            return verdict
    return "named" if party_re().search(phrase) else "other"


def subject_class(ctx: Context, phrase: str, start: int, end: int) -> str:
    if not phrase:
        return "none"
    if ctx.voice.owns(phrase):
        return "self"
    cls = phrase_class(phrase)
    if cls == "other" and mention_in(ctx, start, end):
        return "named"
    return cls


@cache
def report_words() -> frozenset[str]:
    """Trigger words of the reporting verbs: a unit without one has no reporting verb."""
    return frozenset(
        w for r in read_table(CUES_TABLE) if r["role"] == "report" for w in r["trigger"].lower().split("|") if w
    )


def reporter(
    ctx: Context, s: str, offset: int, m: re.Match[str] | None, update: bool = False, low: str | None = None
) -> tuple[str, str | None] | None:
    """(reporter phrase, organisation id) when the unit is reported speech of an actor (`m`: its reporting verb).

    A named reporter becomes the context's last reporter when `update` is set: a
    later "He said" or a sentence opening a quotation is attributed to it.
    """
    if m is None:
        return ctx.reporter if ctx.reporter is not None and ctx.in_quote() else None
    a, b = subject_span(s, m.start(), low)
    comma = s.rfind(",", 0, m.start())
    if a == b and comma > 0 and not s[comma + 1 : m.start()].strip():
        # "Ms Jones, the minister, said" / "the Minister for X, Jane Smith, said": the nearest named appositive
        for _ in range(MAX_APPOSITIVES):
            a2, b2 = subject_span(s, comma, low)
            if subject_class(ctx, ctx.text[offset + a2 : offset + b2], offset + a2, offset + b2) == "named":
                a, b = a2, b2
                break
            comma = s.rfind(",", 0, a2)
            if comma <= 0:
                break
    phrase = ctx.text[offset + a : offset + b]
    cls = subject_class(ctx, phrase, offset + a, offset + b)
    if cls in ("none", "pronoun"):  # "He said", ", saying ...": the last named reporter, if any
        return ctx.reporter
    if cls == "other":
        return None
    found = phrase, mention_in(ctx, offset + a, offset + b)
    if update:
        ctx.reporter = found
    return found


def addressee_after(ctx: Context, s: str, pos: int, offset: int) -> str | None:
    m = ADDRESSEE_RE.match(s, pos)
    if not m or not m.group(1):
        return None
    phrase = ctx.text[offset + m.start(1) : offset + m.end(1)]
    cls = subject_class(ctx, phrase, offset + m.start(1), offset + m.end(1))
    return phrase if cls in ("named", "person") else None


def own_actor(ctx: Context, phrase: str) -> tuple[str, str | None]:
    """The actor behind a first-person or own-organisation subject."""
    v = ctx.voice
    if v.is_joint:
        return "the signatories", None
    if v.name and v.owns(phrase):
        return v.name, v.organisation_id
    pronoun = actor_re("self").search(phrase)  # "Could I urge" -> "I"
    return (pronoun.group().strip() if pronoun else phrase) or "We", v.organisation_id


def voice_actor(ctx: Context) -> tuple[str, str | None]:
    v = ctx.voice
    return (v.name, v.organisation_id) if v.name else ("the author", None)


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


def decide(
    ctx: Context,
    cue: Cue,
    s: str,
    m: re.Match[str],
    offset: int,
    reported: tuple[str, str | None] | None,
    lead_in: bool,
    low: str | None = None,
) -> Decision | None:
    """The pledge a cue makes, or None when its subject does not fit."""
    a, b = subject_span(s, m.start(), low)
    span = (offset + a, offset + b)
    phrase = ctx.text[span[0] : span[1]]
    cls = subject_class(ctx, phrase, *span)
    need = "named" if lead_in and cue.subject == "self" else cue.subject
    fits = need == "none" or cls in ACCEPT[need]
    if not fits and not (reported and cue.kind == "commitment"):
        return None
    kind = cue.kind
    if kind == "obligation":
        kind = "commitment" if cls == "self" and ctx.voice.is_party and not reported else "demand"
    actor, org = actor_of(ctx, cue, kind, cls, phrase, span, reported)
    addressee = None
    if kind == "demand" and cue.kind == "obligation":
        addressee = phrase if cls not in ("self", "none") else None
    elif kind == "demand":
        addressee = addressee_after(ctx, s, m.end(), offset)
    return Decision(kind, actor, org, addressee)


def classify(ctx: Context, start: int, end: int, triggers: Triggers, lead_in: bool = False) -> Decision | None:
    """Commitment, demand or None for the unit text[start:end] with these trigger words; updates the last
    reporter."""
    s = ctx.text[start:end]
    if QUESTION_RE.search(s):
        return None
    work, low = masked(ctx, s, start)
    words = report_words()
    verb = None
    if any(w in words for _, w in triggers):
        verb = role_re("report").search(work) if low is None else lower_role_re("report").search(low)
    reported = reporter(ctx, work, start, verb, True, low)
    for m, cue in cue_matches(work if low is None else low, triggers, lead_in, low is not None):
        decision = decide(ctx, cue, work, m, start, reported, lead_in, low)
        if decision:
            return decision
    return None
