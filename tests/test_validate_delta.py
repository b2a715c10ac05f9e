"""Validation against the previous release: frictionless reads only new rows; table-wide checks see all."""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

import pytest

from policy_records.pipeline import run_release
from policy_records.schemas import RESOURCES
from policy_records.validate import validate_package
from tests.conftest import CORPUS

ROW = ("mn-0000000000000001,joint_letter,joint_letter-s1,{type},{entity},{entity},,10,20,Some text\r\n")


@pytest.fixture(scope="module")
def previous(tmp_path_factory) -> Path:
    dist = tmp_path_factory.mktemp("delta") / "dist"
    return run_release(CORPUS, dist, expectations=None, log=lambda _m: None).published.path


def edited_copy(previous: Path, tmp_path: Path, resource: str, extra: str) -> Path:
    """A copy of the release with `extra` appended to a resource's CSV and its descriptor kept consistent."""
    folder = tmp_path / "next"
    shutil.copytree(previous, folder)
    path = folder / f"{resource}.csv"
    path.write_bytes(path.read_bytes() + extra.encode())
    descriptor = json.loads((folder / "datapackage.json").read_text())
    for res in descriptor["resources"]:
        if res["name"] == resource:
            data = path.read_bytes()
            res.update(bytes=len(data), hash="sha256:" + hashlib.sha256(data).hexdigest(),
                       rows=res["rows"] + extra.count("\r\n"))
            res.pop("parquet", None)  # only the CSV checks are under test here
    (folder / "datapackage.json").write_text(json.dumps(descriptor))
    return folder / "datapackage.json"


def a_mentioned_organisation(previous: Path) -> str:
    return (previous / "organisations.csv").read_text().splitlines()[1].split(",")[0]


def test_a_good_new_row_passes_and_the_report_says_how_it_was_checked(previous: Path, tmp_path: Path):
    org = a_mentioned_organisation(previous)
    descriptor = edited_copy(previous, tmp_path, "mentions", ROW.format(type="organisation", entity=org))
    report = validate_package(descriptor, None, previous)
    assert report.valid, report.errors
    assert any(f"checked against release {previous.name}" in c for c in report.checked)


@pytest.mark.parametrize(
    "row, error",
    [
        (ROW.format(type="company", entity="{org}"), "mentions new row 2: "),  # enum, read by frictionless
        (ROW.format(type="organisation", entity="no-such-org"), "foreign key ['organisation_id']"),
        ("{first}", "primary key ['mention_id']"),  # a copy of an existing row
    ],
)
def test_bad_new_rows_are_caught(previous: Path, tmp_path: Path, row: str, error: str):
    first = (previous / "mentions.csv").read_bytes().decode().split("\r\n")[1] + "\r\n"
    extra = row.format(org=a_mentioned_organisation(previous), first=first)
    report = validate_package(edited_copy(previous, tmp_path, "mentions", extra), None, previous)
    assert not report.valid
    assert any(error in e for e in report.errors), report.errors


def test_a_tampered_previous_release_is_not_trusted(previous: Path, tmp_path: Path):
    old = tmp_path / "old"
    shutil.copytree(previous, old)
    (old / "mentions.csv").write_bytes((old / "mentions.csv").read_bytes().replace(b"organisation,", b"company,", 1))
    extra = ROW.format(type="organisation", entity=a_mentioned_organisation(previous))
    report = validate_package(edited_copy(previous, tmp_path, "mentions", extra), None, old)
    assert report.valid
    assert any(f"{len(RESOURCES) - 1} of them checked against release" in c for c in report.checked), report.checked
