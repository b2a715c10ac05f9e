"""Resolution across documents: aliases, acronyms, near-misses, stable IDs."""

from __future__ import annotations

import pytest

from policy_records.extract.entities import entity_record
from policy_records.resolve import resolve_entities


def cand(
    name, entity_type="organisation", acronym=None, aliases=(), etype="charity", origin="pattern", op=None
):
    return entity_record(entity_type, name, acronym, list(aliases), etype, origin, op)


@pytest.mark.parametrize(
    "candidates, expected_ids",
    [
        # reference aliases: "Met Police", "the Met", "Metropolitan Police" -> one row
        (
            [cand("Met Police"), cand("Metropolitan Police"), cand("Met", aliases=["the Met"])],
            {"metropolitan-police-service"},
        ),
        # an acronym and its expansion (pattern names) -> one row
        (
            [cand("Coastal Fishers Advice Network", acronym="CFAN"), cand("CFAN")],
            {"coastal-fishers-advice-network"},
        ),
        # case, curly apostrophes, leading "The", "&"
        (
            [cand("THE SALVATION ARMY"), cand("Barnardo\u2019s"), cand("Justice & Care")],
            {"salvation-army", "barnardos", "justice-and-care"},
        ),
        # a misspelling of a reference name
        ([cand("Helen Bamber Foundaton")], {"helen-bamber-foundation"}),
        # different names stay apart
        (
            [cand("Coastal Fishers Advice Network"), cand("Coastal Farmers Advice Network")],
            {"coastal-fishers-advice-network", "coastal-farmers-advice-network"},
        ),
    ],
)
def test_merges(candidates, expected_ids):
    orgs, _, remap = resolve_entities(candidates)
    assert {o["organisation_id"] for o in orgs} == expected_ids
    assert {remap[("organisation", c["entity_id"])] for c in candidates} == expected_ids


def test_ids_are_stable_and_order_free():
    cands = [cand("Coastal Fishers Advice Network", acronym="CFAN"), cand("CFAN"), cand("Met Police")]
    a = resolve_entities(cands)
    b = resolve_entities(list(reversed(cands)))
    assert a[0] == b[0] and a[2] == b[2]


def test_aliases_keep_surface_forms():
    orgs, _, _ = resolve_entities(
        [
            cand(
                "Metropolitan Police Service",
                aliases=["Met Police", "the Met"],
                origin="reference",
                etype="law_enforcement",
            )
        ]
    )
    assert {"Met Police", "the Met"} <= set(orgs[0]["aliases"])


POPPY = ("Poppy Project", "programme", None, (), "support_service", "reference", "eaves")


@pytest.mark.parametrize(
    "candidates, operator, org_ids",
    [
        # the reference operator is named in the release: kept, and it is an organisation row
        ([cand(*POPPY), cand("Eaves", origin="reference")], "eaves", {"eaves"}),
        # the reference operator is named nowhere: no operator, and no organisation row without mentions
        ([cand(*POPPY)], None, set()),
        # an operator stated in the text wins over the reference one
        ([cand(*POPPY[:6], op="lantern-house"), cand("Lantern House"), cand("Eaves")], "lantern-house", None),
    ],
)
def test_programme_operator_only_when_mentioned(candidates, operator, org_ids):
    orgs, progs, _ = resolve_entities(candidates)
    assert progs[0]["operator_organisation_id"] == operator
    if org_ids is not None:
        assert {o["organisation_id"] for o in orgs} == org_ids


@pytest.mark.parametrize("copies, expected_name, expected_type", [
    # an entity named in many documents is a candidate in each: every copy counts towards the choices
    ({"Coastal Fishers Network": 3, "Coastal Fishers Network Trust": 1}, "Coastal Fishers Network", "charity"),
    ({"Coastal Fishers Network": 1, "Coastal Fishers Network Trust": 3}, "Coastal Fishers Network Trust", "research"),
])
def test_repeated_candidates_weigh_by_how_often_they_were_found(copies, expected_name, expected_type):
    kinds = {"Coastal Fishers Network": "charity", "Coastal Fishers Network Trust": "research"}
    cands = [cand(name, acronym="CFN", etype=kinds[name]) for name, n in copies.items() for _ in range(n)]
    orgs, _, _ = resolve_entities(cands)
    assert [(o["name"], o["organisation_type"]) for o in orgs] == [(expected_name, expected_type)]
