"""What around a cue changes how it reads: belief verbs, policy frames, passive announcers.

The patterns are rows of `reference/pledge_cues.csv`:
- `belief`: "X believes that ...", "we are concerned that ...": what follows is an opinion or a fear. A
  commitment cue under it (will, would) is a prediction and no pledge; an obligation under it (must,
  should) is a demand only when its subject names an actor ("We believe the Government should ...", not
  "nobody should be ...").
- `frame`: a unit opening with a policy frame ("Under the new Act ...", "Under today's plans ..."): a
  "will" in it is the document voice's commitment even when its grammatical subject is no actor ("the
  authority will be given powers").
- `announcer`: "... under measures announced today by the Home Office": the named announcer stands to
  the unit's commitments as a reporter does (`pledge_cues.announced_by`).
A reporting or belief verb also ends the subject of a cue after it: in "X said the Government must ..."
the subject, and so the addressee, is "the Government".
"""

from __future__ import annotations

import re

from policy_records.extract.pledge_triggers import unit_role_re

THAT_RE = re.compile(r"\s*(?:that\b\s*)?", re.I)  # what may stand between a belief verb and its clause
CLAUSE_BREAK_RE = re.compile(r"[;:]|,\s+(?:and|but|so|while|whereas|yet)\b|\s[–—-]\s", re.I)  # ends a belief's reach
LEAD_RE = re.compile(r"[\s\"“‘']*")  # quote marks before a unit's first word


def subject_start(text: str, a: int, b: int, cuts: tuple[int, ...]) -> int:
    """Start of the subject text[a:b] of a cue once a reporting or belief verb inside it (`cuts`: where
    those verbs end) is cut off: "X said the Government" -> "the Government"."""
    cut = max((c for c in cuts if a < c <= b), default=None)
    if cut is None:
        return a
    m = THAT_RE.match(text, cut, b)
    return m.end() if m else cut


def believed(text: str, cue_start: int, beliefs: tuple[int, ...]) -> bool:
    """A belief verb (`beliefs`: where they end) governs the cue: it stands before it with no clause break
    in between ("believes that nobody ... should", not "we fear the worst, and we will act")."""
    return any(e <= cue_start and not CLAUSE_BREAK_RE.search(text, e, cue_start) for e in beliefs)


def role_ends(role: str, text: str, lowered: bool) -> tuple[int, ...]:
    """Where the matches of a role's patterns end in the (masked) unit `text`; `lowered`: it is in lower
    case (`pledge_fold`)."""
    return tuple(m.end() for m in unit_role_re(role, lowered).finditer(text))


def framed(text: str, lowered: bool) -> bool:
    """The unit opens with a policy frame ("Under the new Act ...")."""
    lead = LEAD_RE.match(text)
    return unit_role_re("frame", lowered).match(text, lead.end() if lead else 0) is not None


def announcer_end(text: str, lowered: bool) -> int | None:
    """End of a passive announcement ("announced today by ") in the unit, where its announcer starts."""
    m = unit_role_re("announcer", lowered).search(text)
    return m.end() if m else None
