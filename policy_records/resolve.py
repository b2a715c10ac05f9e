"""Merge entity candidates from all documents into one row per real organisation or programme.

Candidates of one table are the same entity when:
- they are the same reference row, or a pattern name, acronym or seen alias
  equals a reference name, alias or acronym after normalisation (case,
  accents, curly apostrophes, punctuation, a leading "The", "&" = "and");
- two pattern candidates share a normalised name, acronym or alias
  ("Focus on Labour Exploitation" and "FLEX");
- a pattern name is a near-miss of a reference name (rapidfuzz ratio of at
  least FUZZY_MIN, same first letter, same number of words, at least
  FUZZY_MIN_CHARS characters): "Banardos Trust" and "Barnardos Trust".
The canonical name is the reference name, else the most frequent pattern
name (ties: the longer). IDs are slugs of the canonical name. Types come from
the reference, else the most frequent candidate type. A programme's operator
is the one most often stated (text first, reference otherwise), kept only when
that organisation is itself mentioned somewhere in the release: a reference
operator no document names is left out (null), so that every organisation
row has mentions.
"""

from __future__ import annotations

from collections import Counter
from functools import cache

from rapidfuzz import fuzz, process

from policy_records.ids import slugify
from policy_records.model import Record
from policy_records.reference import Known, known_by_id, known_entities, lookup, norm_name, surfaces

FUZZY_MIN = 92
FUZZY_MIN_CHARS = 8
TYPE_COLUMN = {"organisation": "organisation_type", "programme": "programme_type"}
ID_COLUMN = {"organisation": "organisation_id", "programme": "programme_id"}

Key = tuple[str, str]


def _forms(c: Record) -> list[str]:
    return [f for f in (c["name"], c.get("acronym"), *c.get("aliases", [])) if f]


def reference_of(c: Record) -> Known | None:
    """The reference row a candidate stands for, if any (same table only)."""
    if c.get("origin") == "reference":
        known = known_by_id(c["entity_type"], c["entity_id"])
        if known:
            return known
    for form in _forms(c):
        known = lookup(form)
        if known and known.entity_type == c["entity_type"]:
            return known
    return _fuzzy_reference(c)


@cache
def _fuzzy_choices(entity_type: str) -> tuple[list[str], list[Known]]:
    forms, owners = [], []
    for known in known_entities():
        if known.entity_type == entity_type:
            for form in surfaces(known):
                forms.append(norm_name(form))
                owners.append(known)
    return forms, owners


def _fuzzy_reference(c: Record) -> Known | None:
    return _fuzzy_known(c["entity_type"], norm_name(c["name"]))


@cache
def _fuzzy_known(entity_type: str, name: str) -> Known | None:
    """The reference row whose name is a near miss of `name` (memoised: names repeat across documents)."""
    if len(name) < FUZZY_MIN_CHARS:
        return None
    forms, owners = _fuzzy_choices(entity_type)
    best = process.extractOne(name, forms, scorer=fuzz.ratio, score_cutoff=FUZZY_MIN)
    if best is None:
        return None
    other = best[0]
    if other[:1] == name[:1] and len(other.split()) == len(name.split()):
        return owners[best[2]]
    return None


class _Groups:
    """Union-find over candidate indexes."""

    def __init__(self, n: int) -> None:
        self.parent = list(range(n))

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def union(self, a: int, b: int) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


def group_candidates(cands: list[Record]) -> list[list[Record]]:
    groups = _Groups(len(cands))
    owner: dict[str, int] = {}
    for i, c in enumerate(cands):
        known = reference_of(c)
        keys = [f"ref:{known.entity_id}"] if known else [f"name:{norm_name(f)}" for f in _forms(c)]
        for key in keys:
            if key in owner:
                groups.union(owner[key], i)
            else:
                owner[key] = i
    out: dict[int, list[Record]] = {}
    for i, c in enumerate(cands):
        out.setdefault(groups.find(i), []).append(c)
    return list(out.values())


def build_row(members: list[Record]) -> Record:
    etype = members[0]["entity_type"]
    known = next((k for k in (reference_of(m) for m in members) if k), None)
    if known:
        name, acronym, kind, source = known.name, known.acronym, known.type, "reference"
    else:
        names = Counter(m["name"] for m in members)
        name = max(sorted(names), key=lambda n: (names[n], len(n)))
        acronym = next((m["acronym"] for m in members if m.get("acronym")), None)
        kind = Counter(m["type"] for m in members).most_common(1)[0][0]
        source = "pattern"
    aliases = {f for m in members for f in _forms(m)}
    if known:
        aliases.update(surfaces(known))
    aliases.discard(name)
    aliases.discard(acronym)
    row = {
        ID_COLUMN[etype]: slugify(name),
        "name": name,
        "acronym": acronym,
        "aliases": sorted(aliases),
        TYPE_COLUMN[etype]: kind,
        "source": source,
    }
    if etype == "programme":
        ops = Counter(m["operator_organisation_id"] for m in members if m.get("operator_organisation_id"))
        row["operator_organisation_id"] = ops.most_common(1)[0][0] if ops else None
    return row


def resolve_entities(
    candidates: list[Record],
) -> tuple[list[Record], list[Record], dict[tuple[str, str], str]]:
    """(organisations, programmes, remap of (entity_type, provisional_id) -> final id)."""
    tables: dict[str, dict[str, Record]] = {"organisation": {}, "programme": {}}
    remap: dict[Key, str] = {}
    for etype in tables:
        cands = sorted(
            (c for c in candidates if c["entity_type"] == etype), key=lambda c: (c["entity_id"], c["name"])
        )
        for members in group_candidates(cands):
            row = build_row(members)
            final = row[ID_COLUMN[etype]]
            tables[etype].setdefault(final, row)
            for m in members:
                remap[(etype, m["entity_id"])] = final
    orgs = tables["organisation"]
    for prog in tables["programme"].values():
        op = prog["operator_organisation_id"]
        op = remap.get(("organisation", op), op) if op else None
        prog["operator_organisation_id"] = op if op in orgs else None
    return (
        sorted(orgs.values(), key=lambda r: r["organisation_id"]),
        sorted(tables["programme"].values(), key=lambda r: r["programme_id"]),
        remap,
    )
