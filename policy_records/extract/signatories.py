"""Signatory lists of joint letters: one organisation per line, in order.

What counts: the items (numbered, bulleted or one per line) after a lead-in
such as "Signed by:" or "Signatories:" (`reference/entity_signatory_cues.csv`),
a run of at least MIN_NUMBERED_RUN numbered items most of which look like
organisation names (known to the reference data, ending in a head word, or
carrying an acronym), the lines under a letter's close ("Yours sincerely,"),
where people sign for organisations ("Name, Role, Organisation": the
organisation is the last comma-separated part; a line naming only a person
or a role is skipped), and lists in running text ("signed by A, B and C", see
`extract.signatory_prose`). Each line is read by `extract.signatory_lines`.
What does not: lines longer than MAX_LINE_WORDS words (running text ends the
list), lead-ins, and lists in off-topic segments.
"""

from __future__ import annotations

import re
from functools import cache

from policy_records.extract.signatory_lines import SignatoryLine, org_like, parse_signatory
from policy_records.extract.signatory_prose import prose_items
from policy_records.extract.unparsed import note
from policy_records.model import Document, Record, Segment
from policy_records.reference import lower_same_length
from policy_records.text import ITEM_MARKER_RE, Unit, split_units
from policy_records.vocab import read_table

NUMBER_MARKER_RE = re.compile(r"\d{1,3}[.)][ \t\u00a0]*$")
LEAD_LINE_RE = re.compile(r"^[ \t#*]*([^\n]{1,60}:)[ \t]*$", re.MULTILINE)
NUMBERED_LINE_RE = re.compile(r"^[ \t]*\d{1,3}[.)][ \t\u00a0]", re.MULTILINE)
# the same after the line break before them: the engine skips ahead on "\n"
LEAD_AFTER_BREAK_RE = re.compile(r"\n[ \t#*]*([^\n]{1,60}:)[ \t]*$", re.MULTILINE)
NUMBERED_AFTER_BREAK_RE = re.compile(r"\n[ \t]*\d{1,3}[.)][ \t\u00a0]")
LINE_RE = re.compile(r"[^\n]*\n?")
OTHER_LEAD_RE = re.compile(r"[ \t]*[A-Za-z]{1,12}:")  # "cc:", "Enc:" end a valediction list
MAX_LINE_WORDS = 14
MIN_NUMBERED_RUN = 5
MIN_NAME_SHARE = 0.6
NO_ORGANISATION = "a signatory that names a person, or nothing that looks like an organisation"


def cue_alternatives(kind: str) -> str:
    rows = read_table("entity_signatory_cues.csv")
    return "|".join(re.escape(r["pattern"]) for r in rows if r["kind"] == kind)


@cache
def lead_in_re() -> re.Pattern[str]:
    return re.compile(rf"(?:{cue_alternatives('lead_in')})\s*(?:below|the following)?\s*:?$", re.IGNORECASE)


@cache
def valediction_re() -> re.Pattern[str]:
    alts = cue_alternatives("valediction")
    return re.compile(rf"\n[ \t]*(?i:{alts})[ \t]*[,.]?[ \t]*$", re.MULTILINE)  # \\n first: fast skip


def _numbered(text: str, unit: Unit) -> bool:
    line_start = text.rfind("\n", 0, unit.start) + 1
    return unit.kind == "item" and bool(NUMBER_MARKER_RE.search(text[line_start : unit.start]))


def _short(text: str, unit: Unit) -> bool:
    return unit.kind in ("item", "heading", "sentence") and len(text[unit.start : unit.end].split()) <= MAX_LINE_WORDS


Parsed = dict[tuple[int, int], SignatoryLine | None]


def find_lists(text: str, units: list[Unit], parsed: Parsed | None = None) -> list[list[Unit]]:
    """Runs of units that are signatory lines (`parsed`: where to keep the lines parsed on the way,
    by span, for the caller to reuse)."""
    parsed = {} if parsed is None else parsed
    lists, i = [], 0
    while i < len(units):
        u = units[i]
        if u.kind == "lead_in" and lead_in_re().search(text[u.start : u.end]):
            j = i + 1
            items = j < len(units) and units[j].kind == "item"  # a marked list ends where the markers do
            while j < len(units) and _short(text, units[j]) and (units[j].kind == "item") == items:
                j += 1
            lists.append(units[i + 1 : j])
            i = j
        elif _numbered(text, u):
            j = i
            while j < len(units) and _numbered(text, units[j]) and _short(text, units[j]):
                j += 1
            run = units[i:j]
            if len(run) >= MIN_NUMBERED_RUN:
                names = [parse_signatory(text, x.start, x.end, 0) for x in run]
                parsed.update(((x.start, x.end), n) for x, n in zip(run, names, strict=True))
                share = sum(1 for n in names if n and (n.acronym or org_like(n.name))) / len(run)
                if share >= MIN_NAME_SHARE:
                    lists.append(run)
            i = max(j, i + 1)
        else:
            i += 1
    return lists


def _list_end(text: str, start: int, end: int) -> int:
    """End of the block of short lines that starts at `start` (blank lines allowed inside)."""
    pos = start
    for m in LINE_RE.finditer(text, start, end):
        line = m.group()
        if len(line.split()) > MAX_LINE_WORDS:
            break
        pos = m.end()
    return pos


def _line_starts(text: str, seg: Segment, line_re: re.Pattern[str], after_break: re.Pattern[str]) -> list[re.Match]:
    """Matches of a `^` regex (`line_re`) in the segment, found by its "\n" form (`after_break`)."""
    first = line_re.match(text, seg.start, seg.end) if seg.start == 0 or text[seg.start - 1] == "\n" else None
    return ([first] if first else []) + list(after_break.finditer(text, seg.start, seg.end))


def list_regions(text: str, seg: Segment) -> list[tuple[int, int]]:
    """Cheap scan before splitting into units: spans that start at a lead-in or a numbered line."""
    lead, numbered = (LEAD_LINE_RE, LEAD_AFTER_BREAK_RE), (NUMBERED_LINE_RE, NUMBERED_AFTER_BREAK_RE)
    starts = [_line(m) for m in _line_starts(text, seg, *lead) if lead_in_re().search(m.group(1))]
    starts += [_line(m) for m in _line_starts(text, seg, *numbered)]
    regions: list[tuple[int, int]] = []
    for start in sorted(starts):
        if regions and start < regions[-1][1]:
            continue
        line_end = text.find("\n", start, seg.end)
        first_end = seg.end if line_end < 0 else line_end
        regions.append((start, max(first_end, _list_end(text, first_end, seg.end))))
    return regions


def _line(m: re.Match) -> int:
    """Start of the line a `_line_starts` match begins."""
    return m.start() + 1 if m.group().startswith("\n") else m.start()


def valediction_lines(text: str, seg: Segment) -> list[tuple[int, int]]:
    """Lines under "Yours sincerely," up to the first blank line after them, a long line or
    another lead ("cc:")."""
    out: list[tuple[int, int]] = []
    for m in valediction_re().finditer(text, seg.start, seg.end):
        started = False
        for line in LINE_RE.finditer(text, m.end() + 1, seg.end):
            words = line.group().split()
            if not words and started:
                break
            if len(words) > MAX_LINE_WORDS or OTHER_LEAD_RE.match(line.group()) or not line.group():
                break
            if words:
                started = True
                first = line.start() + len(line.group()) - len(line.group().lstrip())
                marker = ITEM_MARKER_RE.match(text, first)  # a numbered list under the close: same spans as the list's
                out.append((marker.end() if marker else line.start(), line.start() + len(line.group().rstrip())))
    return out


def extract_signatory_lines(text: str, segments: list[Segment], low: str | None = None) -> list[SignatoryLine]:
    """Signatory lines of the on-topic segments, numbered 1.. per document, in text order
    (`low`: the text lowercased, same length, if the caller has it)."""
    low = low if low is not None else lower_same_length(text)
    spans: dict[int, tuple[int, bool]] = {}
    parsed: Parsed = {}  # lines find_lists parsed, by span
    for seg in segments:
        if not seg.on_topic:
            continue
        for start, end in list_regions(text, seg):
            for units in find_lists(text, split_units(text, start, end), parsed):
                for u in units:
                    spans.setdefault(u.start, (u.end, False))
        for start, end in valediction_lines(text, seg):
            spans.setdefault(start, (end, True))
        for start, end in prose_items(text, low, seg):
            spans.setdefault(start, (end, False))
    out: list[SignatoryLine] = []
    for start in sorted(spans):
        end, person_first = spans[start]
        key = (start, end)
        line = parsed[key] if key in parsed and not person_first else parse_signatory(text, start, end, 0, person_first)
        if line:
            line.position = len(out) + 1
            out.append(line)
        elif not person_first:  # under a letter's close, people sign too: no organisation is expected of every line
            note(start, end, "signatories", "signatory_without_organisation", NO_ORGANISATION)
    return out


def signatory_rows(doc: Document, org_ids: list[str]) -> list[Record]:
    rows: list[Record] = []
    seen: set[str] = set()
    for org_id in org_ids:
        if org_id not in seen:
            seen.add(org_id)
            rows.append({"document_id": doc.document_id, "organisation_id": org_id, "position": len(rows) + 1})
    return rows
