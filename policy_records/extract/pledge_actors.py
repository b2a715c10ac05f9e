"""Who a pledge is by and for: the class of a cue's subject, the reporter of reported speech, the
announcer of a passive announcement, the addressee of a demand and the actor behind "we".

Subjects are classified with `reference/pledge_actors.csv` (first fitting class: self, not_subject,
pronoun, named, person), a party name, or an organisation mention inside them; the voice of the document
(`pledge_voice`) owns "we" and its own name.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from functools import cache, lru_cache

from policy_records.extract.pledge_context import Context
from policy_records.extract.pledge_scope import announcer_end
from policy_records.extract.pledge_subjects import subject_span
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
MAX_CACHED_WORDS = 6  # subject phrases this short (a name: "the Home Office") have their class cached


@cache
def actor_re(cls: str) -> re.Pattern[str]:
    """The subject patterns of one class of `reference/pledge_actors.csv` (case-sensitive)."""
    return re.compile("|".join(f"(?:{r['pattern']})" for r in read_table(ACTORS_TABLE) if r["class"] == cls))


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


def named_after(ctx: Context, s: str, pos: int, offset: int) -> tuple[int, int] | None:
    """Span in the document of the named actor that s[pos:] opens with ("the Home Office"), if any."""
    m = ADDRESSEE_RE.match(s, pos)
    if not m or not m.group(1):
        return None
    a, b = offset + m.start(1), offset + m.end(1)
    return (a, b) if subject_class(ctx, ctx.text[a:b], a, b) in ("named", "person") else None


def addressee_after(ctx: Context, s: str, pos: int, offset: int) -> str | None:
    span = named_after(ctx, s, pos, offset)
    return ctx.text[span[0] : span[1]] if span else None


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


def announced_by(ctx: Context, s: str, offset: int, text: str, lowered: bool) -> tuple[str, str | None] | None:
    """(announcer, organisation id) of a passive announcement in the unit ("announced today by the Home
    Office"), when the announcer is a named actor."""
    end = announcer_end(text, lowered)
    span = named_after(ctx, s, end, offset) if end is not None else None
    return (ctx.text[span[0] : span[1]], mention_in(ctx, *span)) if span else None
