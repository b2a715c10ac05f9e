"""Docs stay honest: schemas are described, the README's field tables match them."""

from __future__ import annotations

import json

import pytest

from policy_records.dictionary import field_table
from policy_records.schemas import RESOURCES, SCHEMA_DIR, load_schema
from tests.conftest import REPO


@pytest.mark.parametrize("resource", RESOURCES)
def test_every_field_has_a_description(resource):
    schema = load_schema(resource)
    assert schema["description"]
    for field in schema["fields"]:
        assert field.get("description"), f"{resource}.{field['name']}"


@pytest.mark.parametrize("resource", RESOURCES)
def test_readme_field_table_matches_schema(resource):
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert f"### {resource}\n" in readme
    for line in field_table(resource):
        assert line in readme, f"README table for {resource} is out of date (run `policy-records docs`): {line}"


def test_schemas_folder_holds_exactly_the_resources():
    assert sorted(p.name.removesuffix(".schema.json") for p in SCHEMA_DIR.glob("*.schema.json")) == sorted(RESOURCES)


@pytest.mark.parametrize("resource", RESOURCES)
def test_foreign_keys_point_at_real_fields(resource):
    for fk in load_schema(resource).get("foreignKeys", []):
        target = load_schema(fk["reference"]["resource"])
        assert fk["reference"]["fields"][0] in [f["name"] for f in target["fields"]]


def test_data_model_columns_are_all_present():
    required = {
        "documents": "document_id source_file sha256 title document_type publisher_organisation_id published_date "
                     "encoding char_count word_count",
        "segments": "segment_id document_id position title start end on_topic",
        "organisations": "organisation_id name acronym aliases organisation_type mention_count document_count",
        "programmes": "programme_id name acronym aliases programme_type operator_organisation_id mention_count "
                      "document_count",
        "mentions": "mention_id document_id segment_id entity_type entity_id start end text",
        "signatories": "document_id organisation_id position",
        "pledges": "pledge_id document_id segment_id kind text start end actor actor_organisation_id addressee theme",
        "statistics": "statistic_id document_id segment_id value value_max unit qualifier subject period text start "
                      "end sentence attributed_to_organisation_id",
    }
    for resource, columns in required.items():
        names = [f["name"] for f in json.loads((SCHEMA_DIR / f"{resource}.schema.json").read_text())["fields"]]
        assert set(columns.split()) <= set(names), resource
