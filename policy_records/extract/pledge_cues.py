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
whose subject fits decides the unit.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass, field
from functools import cache

from policy_records.extract.pledge_triggers import CUES_TABLE, Cue, cue_matches, find_triggers
from policy_records.extract.pledge_voice import Voice, party_re
from policy_records.model import Record
from policy_records.vocab import read_table

ACTORS_TABLE = "pledge_actors.csv"
CLAUSE_BOUNDARY_RE = re.compile(
    r"[,;:()\[\]\"“”]|\s[–—-]\s|\b(?:that|but|and|or|so|because|while|whereas|although|though|when|where|who|whom"
    r"|whose|which|if|unless|since|until|whether|once|after|before|saying|adding)\b",
    re.I,
)
RELATIVE_RE = re.compile(r"who|whom|whose|which", re.I)
TRAILING_ADVERB_RE = re.compile(
    r"(?:\s+(?:also|therefore|now|still|really|urgently|clearly|then|too|certainly|simply|further|thus|hence"
    r"|instead|finally|not|always|never|rather|collectively|themselves|itself|has|have|had|is|are))+$",
    re.I,
)
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
# Not clause boundaries inside a subject: an acronym in brackets ("the National Crime Agency (NCA)") and
# "and"/"or" between capitalised words of one name ("the Minister for Migration and Citizenship").
ACRONYM_PAREN_RE = re.compile(r"\s*\([A-Z][A-Za-z0-9&.-]{1,12}\)")
NAME_JOIN_RE = re.compile(r"\b[A-Z][\w'’-]*( (?:and|or) )(?=[A-Z])")
QUOTE_RE = re.compile(r"[\"“”]")
QUOTE_OPENERS = ('"', "“")
PARAGRAPH_BREAK = "\n\n"
MAX_APPOSITIVES = 3  # comma-separated phrases searched back for the reporter
QUESTION_RE = re.compile(r"\?[\"”’']?\s*$")
SELF_CLASSES = ("self",)
NAMED_CLASSES = ("self", "named", "person")
ACCEPT = {"self": SELF_CLASSES, "named": NAMED_CLASSES, "any": NAMED_CLASSES + ("other",)}


@dataclass(frozen=True)
class Decision:
    kind: str
    actor: str
    actor_organisation_id: str | None
    addressee: str | None


@dataclass
class Context:
    """Per-document state: its text, voice, organisation mentions and the last reporter seen."""

    text: str
    voice: Voice
    mentions: list[Record]
    reporter: tuple[str, str | None] | None = None
    mention_starts: list[int] = field(default_factory=list)
    hits: list[int] = field(default_factory=list)  # positions of trigger words in the current segment
    words: list[str] = field(default_factory=list)  # the trigger word at each of `hits`
    quote_open: bool = False  # a quotation is open after the last unit
    in_quote: bool = False  # the current unit opens or continues a quotation
    last_end: int = 0

    def __post_init__(self) -> None:
        self.mentions = sorted(self.mentions, key=lambda m: m["start"])
        self.mention_starts = [m["start"] for m in self.mentions]

    def start_segment(self, start: int, end: int) -> None:
        """Find the trigger words of text[start:end] in one pass; forget the last reporter."""
        self.reporter, self.quote_open, self.last_end = None, False, start
        self.hits, self.words = find_triggers(self.text, start, end)

    def enter_unit(self, start: int, end: int) -> None:
        """Track quotations across units: a paragraph break closes one, a leading quote mark opens one."""
        s = self.text[start:end]
        if PARAGRAPH_BREAK in self.text[self.last_end : start]:
            self.quote_open = False
        opens = s.startswith(QUOTE_OPENERS)
        self.in_quote = self.quote_open or opens
        state = False if opens else self.quote_open
        for mark in QUOTE_RE.findall(s):
            state = mark == "“" or (mark == '"' and not state)
        self.quote_open, self.last_end = state, end

    def triggers(self, start: int, end: int) -> list[tuple[int, str]]:
        """(offset from `start`, word) of the trigger words in text[start:end]."""
        i, j = bisect_left(self.hits, start), bisect_left(self.hits, end)
        return [(self.hits[k] - start, self.words[k]) for k in range(i, j)]


@cache
def role_re(role: str) -> re.Pattern[str]:
    """The patterns of one role, matched at a word start (one `\\b` before the alternation: fast)."""
    alternation = "|".join(f"(?:{r['pattern']})" for r in read_table(CUES_TABLE) if r["role"] == role)
    return re.compile(rf"\b(?:{alternation})", re.I)


@cache
def actor_re(cls: str) -> re.Pattern[str]:
    """The subject patterns of one class of `reference/pledge_actors.csv` (case-sensitive)."""
    return re.compile("|".join(f"(?:{r['pattern']})" for r in read_table(ACTORS_TABLE) if r["class"] == cls))


def masked(sentence: str) -> str:
    """The sentence with non-pledge uses of modals blanked out (same length)."""
    return role_re("mask").sub(lambda m: " " * len(m.group()), sentence)


def subject_span(s: str, cue_start: int) -> tuple[int, int]:
    """(start, end) in `s` of the clause subject standing before a cue (an acronym in brackets is kept)."""
    plain = ACRONYM_PAREN_RE.sub(lambda m: " " * len(m.group()), s[:cue_start])
    plain = NAME_JOIN_RE.sub(lambda m: m.group()[: m.start(1) - m.start()] + " " * len(m.group(1)), plain)
    bounds = [(0, 0)] + [(m.start(), m.end()) for m in CLAUSE_BOUNDARY_RE.finditer(plain, 0, cue_start)]
    b, stop = bounds[-1][1], cue_start
    if len(bounds) > 1 and RELATIVE_RE.fullmatch(s, *bounds[-1]) and s[b:cue_start].strip():
        # "Women who have left ... should": the cue belongs to the main clause
        b, stop = bounds[-2][1], bounds[-1][0]
    phrase = TRAILING_ADVERB_RE.sub("", s[b:stop].rstrip())
    lead = len(phrase) - len(phrase.lstrip())
    return b + lead, b + len(phrase)


def mention_in(ctx: Context, start: int, end: int) -> str | None:
    """The first organisation mentioned inside text[start:end] (mentions are sorted by start)."""
    for k in range(bisect_left(ctx.mention_starts, start), len(ctx.mentions)):
        m = ctx.mentions[k]
        if m["start"] >= end:
            break
        if m["end"] <= end:
            return m["entity_id"]
    return None


def subject_class(ctx: Context, phrase: str, start: int, end: int) -> str:
    if not phrase:
        return "none"
    if ctx.voice.owns(phrase):
        return "self"
    for cls, verdict in SUBJECT_CLASS_ORDER:
        if actor_re(cls).search(phrase):
            return verdict
    if mention_in(ctx, start, end) or party_re().search(phrase):
        return "named"
    return "other"


@cache
def report_words() -> frozenset[str]:
    """Trigger words of the reporting verbs: a unit without one has no reporting verb."""
    return frozenset(
        w for r in read_table(CUES_TABLE) if r["role"] == "report" for w in r["trigger"].lower().split("|") if w
    )


def reporter(
    ctx: Context, s: str, offset: int, update: bool = False, may_report: bool = True
) -> tuple[str, str | None] | None:
    """(reporter phrase, organisation id) when the unit is reported speech of an actor.

    A named reporter becomes the context's last reporter when `update` is set: a
    later "He said" or a sentence opening a quotation is attributed to it.
    """
    m = role_re("report").search(s) if may_report else None
    if m is None:
        return ctx.reporter if ctx.in_quote else None
    a, b = subject_span(s, m.start())
    comma = s.rfind(",", 0, m.start())
    if a == b and comma > 0 and not s[comma + 1 : m.start()].strip():
        # "Ms Jones, the minister, said" / "the Minister for X, Jane Smith, said": the nearest named appositive
        for _ in range(MAX_APPOSITIVES):
            a2, b2 = subject_span(s, comma)
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
) -> Decision | None:
    """The pledge a cue makes, or None when its subject does not fit."""
    a, b = subject_span(s, m.start())
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


def classify(ctx: Context, start: int, end: int, lead_in: bool = False) -> Decision | None:
    """Commitment, demand or None for the unit text[start:end]; updates the last reporter."""
    triggers = ctx.triggers(start, end)
    if not triggers:
        return None
    s = ctx.text[start:end]
    if QUESTION_RE.search(s):
        return None
    work = masked(s)
    words = report_words()
    reported = reporter(ctx, work, start, update=True, may_report=any(w in words for _, w in triggers))
    for m, cue in cue_matches(work, triggers, lead_in):
        decision = decide(ctx, cue, work, m, start, reported, lead_in)
        if decision:
            return decision
    return None
