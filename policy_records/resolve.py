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


Weighted = tuple[Record, int]  # a distinct candidate and how many times it was found


def distinct(cands: list[Record]) -> list[Weighted]:
    """Equal candidates once each, in order of first appearance, with their counts: an entity is a
    candidate in every document that names it, and resolving each copy again would give the same answer."""
    seen: dict[tuple, list] = {}
    for c in cands:
        key = tuple((k, tuple(v) if isinstance(v, list) else v) for k, v in c.items())
        if key in seen:
            seen[key][1] += 1
        else:
            seen[key] = [c, 1]
    return [(c, n) for c, n in seen.values()]


def group_candidates(cands: list[Weighted]) -> list[list[Weighted]]:
    groups = _Groups(len(cands))
    owner: dict[str, int] = {}
    for i, (c, _n) in enumerate(cands):
        known = reference_of(c)
        keys = [f"ref:{known.entity_id}"] if known else [f"name:{norm_name(f)}" for f in _forms(c)]
        for key in keys:
            if key in owner:
                groups.union(owner[key], i)
            else:
                owner[key] = i
    out: dict[int, list[Weighted]] = {}
    for i, weighted in enumerate(cands):
        out.setdefault(groups.find(i), []).append(weighted)
    return list(out.values())


def _most_common(counts: Counter) -> str:
    return counts.most_common(1)[0][0]


def build_row(members: list[Weighted]) -> Record:
    etype = members[0][0]["entity_type"]
    known = next((k for k in (reference_of(m) for m, _n in members) if k), None)
    if known:
        name, acronym, kind, source = known.name, known.acronym, known.type, "reference"
    else:
        names: Counter[str] = Counter()
        kinds: Counter[str] = Counter()
        for m, n in members:
            names[m["name"]] += n
            kinds[m["type"]] += n
        name = max(sorted(names), key=lambda n: (names[n], len(n)))
        acronym = next((m["acronym"] for m, _n in members if m.get("acronym")), None)
        kind = _most_common(kinds)
        source = "pattern"
    aliases = {f for m, _n in members for f in _forms(m)}
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
        ops: Counter[str] = Counter()
        for m, n in members:
            if m.get("operator_organisation_id"):
                ops[m["operator_organisation_id"]] += n
        row["operator_organisation_id"] = _most_common(ops) if ops else None
    return row


def resolve_entities(
    candidates: list[Record],
) -> tuple[list[Record], list[Record], dict[tuple[str, str], str]]:
    """(organisations, programmes, remap of (entity_type, provisional_id) -> final id)."""
    tables: dict[str, dict[str, Record]] = {"organisation": {}, "programme": {}}
    remap: dict[Key, str] = {}
    unique = distinct(candidates)
    for etype in tables:
        cands = sorted((w for w in unique if w[0]["entity_type"] == etype),
                       key=lambda w: (w[0]["entity_id"], w[0]["name"]))
        for members in group_candidates(cands):
            row = build_row(members)
            final = row[ID_COLUMN[etype]]
            tables[etype].setdefault(final, row)
            for m, _n in members:
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
