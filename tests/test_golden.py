"""Golden end to end: the release of the fixture corpus equals reviewed expected tables.

`tests/fixtures/expected/` holds the CSVs of a release of `tests/fixtures/corpus/`
that were read line by line. When a change alters them on purpose, build a
release of the corpus, review the differences, and copy the new CSVs over.
"""

from __future__ import annotations

import difflib
from pathlib import Path

import pytest

from policy_records.pipeline import run_release
from policy_records.schemas import RESOURCES
from tests.conftest import CORPUS, FIXTURES

EXPECTED = FIXTURES / "expected"


@pytest.fixture(scope="module")
def release(tmp_path_factory) -> Path:
    dist = tmp_path_factory.mktemp("golden") / "dist"
    return run_release(CORPUS, dist, expectations=None, log=lambda _m: None).published.path


@pytest.mark.parametrize("resource", RESOURCES)
def test_tables_equal_reviewed_expectations(release: Path, resource: str):
    produced = (release / f"{resource}.csv").read_bytes()
    expected = (EXPECTED / f"{resource}.csv").read_bytes()
    if produced != expected:
        diff = difflib.unified_diff(expected.decode().splitlines(), produced.decode().splitlines(),
                                    "expected", "produced", lineterm="", n=0)
        pytest.fail(f"{resource}.csv differs from the reviewed expectation:\n" + "\n".join(list(diff)[:40]))
