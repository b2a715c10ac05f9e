"""Publishing: fail closed, never half-written, never overwritten, deterministic."""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

import polars as pl
import pytest

from policy_records import pipeline
from policy_records import publish as publish_module
from policy_records.extract import extract_batch
from policy_records.ingest import read_raw
from policy_records.pipeline import make_batches, run_release
from policy_records.schemas import RESOURCES
from policy_records.tables import build_tables
from tests.conftest import CORPUS


def quiet(_msg: str) -> None:
    pass


def release(raw: Path, dist: Path, **kw):
    outcome = run_release(raw, dist, expectations=None, log=quiet, **kw)
    return outcome.published, outcome.report


def file_hashes(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.iterdir()) if p.suffix in (".csv", ".parquet")}


def entries(dist: Path) -> list[str]:
    return sorted(p.name for p in dist.iterdir())


def test_release_layout(tmp_path: Path):
    published, report = release(CORPUS, tmp_path / "dist")
    assert report.valid and published.created
    names = set(entries(published.path))
    for res in RESOURCES:
        assert {f"{res}.csv", f"{res}.parquet"} <= names
    assert {"datapackage.json", "README.md", "CHANGELOG.md"} <= names
    desc = json.loads((published.path / "datapackage.json").read_text())
    for res in desc["resources"]:
        data = (published.path / res["path"]).read_bytes()
        assert res["hash"] == "sha256:" + hashlib.sha256(data).hexdigest()
        assert res["bytes"] == len(data)
        assert res["rows"] == pl.read_parquet(published.path / res["parquet"]["path"]).height
    pointer = json.loads((tmp_path / "datapackage.json").read_text())
    assert pointer["version"] == published.version
    assert pointer["resources"][0]["path"] == f"dist/{published.version}/documents.csv"


def test_same_inputs_give_identical_files_in_two_fresh_dists(tmp_path: Path):
    a, _ = release(CORPUS, tmp_path / "a" / "dist")
    b, _ = release(CORPUS, tmp_path / "b" / "dist")
    assert file_hashes(a.path) == file_hashes(b.path)
    assert len(file_hashes(a.path)) == 2 * len(RESOURCES)  # CSV and Parquet of each


def test_rerun_with_unchanged_inputs_makes_no_new_release(tmp_path: Path):
    first, _ = release(CORPUS, tmp_path / "dist")
    again, _ = release(CORPUS, tmp_path / "dist")
    assert (again.created, again.path) == (False, first.path)
    assert entries(tmp_path / "dist") == [first.version]


def test_changed_input_makes_a_new_release_with_a_changelog(tmp_path: Path):
    raw = tmp_path / "raw"
    shutil.copytree(CORPUS, raw)
    first, _ = release(raw, tmp_path / "dist")
    (raw / "blog_page.txt").unlink()
    second, _ = release(raw, tmp_path / "dist")
    assert second.created and second.version != first.version
    assert entries(tmp_path / "dist") == sorted([first.version, second.version])
    changelog = (second.path / "CHANGELOG.md").read_text()
    assert f"Compared with release {first.version}" in changelog
    assert "| `documents` | 4 | 3 | 0 | 1 | 0 |" in changelog


def test_failed_validation_publishes_nothing_and_keeps_the_previous_release(tmp_path: Path):
    dist = tmp_path / "dist"
    first, _ = release(CORPUS, dist)
    pointer_before = (tmp_path / "datapackage.json").read_bytes()
    files_before = file_hashes(first.path)
    docs, issues = read_raw(CORPUS)
    tables = build_tables([extract_batch(b) for b in make_batches(docs)], issues)
    bad = pl.DataFrame({"document_id": ["no-such-document"], "organisation_id": ["no-such-org"], "position": [1]})
    tables["signatories"] = pl.concat([tables["signatories"], bad])
    with pytest.raises(publish_module.ValidationFailed) as failure:
        publish_module.publish(tables, dist, texts={d.document_id: d.text for d in docs}, sources=[], expectations=None)
    assert "signatories" in str(failure.value)
    assert entries(dist) == [first.version], "nothing new, no temporary folder left"
    assert (tmp_path / "datapackage.json").read_bytes() == pointer_before
    assert file_hashes(first.path) == files_before


def test_unmet_expectation_fails_the_release(tmp_path: Path):
    strict = tmp_path / "expectations.csv"
    strict.write_text("resource,min_rows,max_rows,from_documents,note\ndocuments,1000,,1,demo\n")
    outcome = run_release(CORPUS, tmp_path / "dist", expectations=strict, log=quiet)
    published, report = outcome.published, outcome.report
    assert published is None and not report.valid
    assert any("documents has 4 rows, expected >= 1000" in e for e in report.errors)
    assert entries(tmp_path / "dist") == []


def test_crash_while_writing_leaves_no_partial_release(tmp_path: Path, monkeypatch):
    def boom(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(publish_module, "render_changelog", boom)
    with pytest.raises(RuntimeError, match="disk full"):
        release(CORPUS, tmp_path / "dist")
    assert entries(tmp_path / "dist") == []
    assert not (tmp_path / "datapackage.json").exists()


def test_bad_files_are_named_in_the_release(tmp_path: Path):
    raw = tmp_path / "raw"
    shutil.copytree(CORPUS, raw)
    (raw / "empty.txt").write_bytes(b"")
    (raw / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    published, report = release(raw, tmp_path / "dist")
    assert report.valid
    issues = pl.read_csv(published.path / "input_issues.csv")
    assert sorted(issues.select("source_file", "problem", "action").iter_rows()) == [
        ("cp1252_article.txt", "not_utf8", "decoded"),
        ("empty.txt", "empty", "excluded"),
        ("image.txt", "binary", "excluded"),
    ]
    docs = pl.read_csv(published.path / "documents.csv")
    assert docs.filter(pl.col("document_id") == "cp1252_article")["encoding"].to_list() == ["cp1252"]
    readme = (published.path / "README.md").read_text()
    assert "`empty.txt` | empty" in readme and "`image.txt` | binary" in readme


def test_sidecar_date_reaches_the_documents_table(tmp_path: Path):
    raw = tmp_path / "raw"
    shutil.copytree(CORPUS, raw)
    (raw / "joint_letter.meta.json").write_text('{"published_date": "2024-05-01", "document_type": "joint_letter"}')
    published, report = release(raw, tmp_path / "dist")
    docs = pl.read_csv(published.path / "documents.csv", try_parse_dates=True)
    row = docs.filter(pl.col("document_id") == "joint_letter").row(0, named=True)
    assert (str(row["published_date"]), row["document_type"]) == ("2024-05-01", "joint_letter")
    assert docs.height == 4


def test_tampered_csv_fails_validation_in_parallel_mode(tmp_path: Path, monkeypatch):
    from policy_records import validate

    published, _ = release(CORPUS, tmp_path / "dist")
    csv_path = published.path / "documents.csv"
    csv_path.write_bytes(csv_path.read_bytes().replace(b"Funding cut", b"Funding CUT"))
    monkeypatch.setattr(validate, "PARALLEL_VALIDATION_BYTES", 0)  # force the two-process path
    report = validate.validate_package(published.path / "datapackage.json", expectations=None)
    assert not report.valid
    assert any(e.startswith("documents:") and "hash" in e for e in report.errors)


def test_references_to_unknown_organisations_are_repaired_not_published(caplog):
    from policy_records.tables import enforce_references

    docs, issues = read_raw(CORPUS)
    tables = build_tables([extract_batch(b) for b in make_batches(docs)], issues)
    extra = pl.DataFrame({"document_id": ["joint_letter"], "organisation_id": ["no-such-org"], "position": [99]})
    tables["signatories"] = pl.concat([tables["signatories"], extra])
    unknown = pl.lit("no-such-org").alias("attributed_to_organisation_id")
    tables["statistics"] = tables["statistics"].with_columns(unknown)
    notes = enforce_references(tables)
    assert len(notes) == 2 and "no-such-org" in notes[0]
    assert "no-such-org" not in set(tables["signatories"]["organisation_id"])
    assert tables["statistics"]["attributed_to_organisation_id"].null_count() == tables["statistics"].height


def test_extraction_keeps_at_most_in_flight_batches_of_texts_loaded(tmp_path: Path):
    for i in range(7):
        (tmp_path / f"d{i}.txt").write_text(f"The Home Office said {i + 10} victims were found.\n")
    sources, _ = pipeline.scan_raw(tmp_path)
    todo = [([s], f"key{i}") for i, s in enumerate(sources)]
    outstanding: list[str] = []
    most = 0

    class Done:
        def __init__(self, docs):
            self.docs = docs

        def result(self):
            outstanding.remove(self.docs[0].document_id)
            return extract_batch(self.docs)

    def submit(docs, _key):
        nonlocal most
        outstanding.append(docs[0].document_id)
        most = max(most, len(outstanding))
        return Done(docs)

    results = pipeline.extract_windowed(todo, submit, in_flight=3)
    assert most == 3 and outstanding == []
    assert list(results) == [k for _, k in todo]
    assert [r.frames["documents"]["document_id"][0] for r in results.values()] == [f"d{i}" for i in range(7)]


def test_a_raw_file_changed_during_the_release_stops_it_with_its_name(tmp_path: Path, monkeypatch, capsys):
    from policy_records import cli

    raw = tmp_path / "raw"
    shutil.copytree(CORPUS, raw)
    real_scan = pipeline.scan_raw

    def scan_then_edit(folder):
        found = real_scan(folder)
        (folder / "blog_page.txt").write_text("Edited while the release ran.\n")
        return found

    monkeypatch.setattr(pipeline, "scan_raw", scan_then_edit)
    code = cli.main(["release", "--no-prefect", "--no-expectations", "--raw", str(raw), "--dist",
                     str(tmp_path / "dist")])
    assert code == 2
    assert "blog_page.txt: changed since ingest" in capsys.readouterr().err
    assert not (tmp_path / "dist").exists() or entries(tmp_path / "dist") == []


def test_the_cache_fingerprint_follows_the_table_schemas(tmp_path: Path, monkeypatch):
    schemas = tmp_path / "schemas"
    shutil.copytree(pipeline.SCHEMA_DIR, schemas)
    monkeypatch.setattr(pipeline, "SCHEMA_DIR", schemas)
    before = pipeline.code_fingerprint()
    path = schemas / "mentions.schema.json"
    path.write_text(path.read_text().replace('"description"', '"title": "x", "description"', 1))
    assert pipeline.code_fingerprint() != before, "cached batch frames must not outlive a schema change"


def test_changelog_counts_rows_added_removed_and_changed_by_primary_key():
    from policy_records.dictionary import _diff

    old = pl.DataFrame({"id": ["a", "b", "c"], "n": [1, 2, 3], "gone": ["x", "y", "z"]})
    new = pl.DataFrame({"id": ["a", "b", "d"], "n": [1, 20, 4], "extra": ["p", "q", "r"]})
    # a: same in the shared fields; b: changed; c: removed; d: added. Fields only one side has are ignored.
    assert _diff(old, new, ["id"]) == (1, 1, 1)
    # a field whose type changed is compared as text: 1 and "1" are the same value, 2 and "2.0" are not
    retyped = pl.DataFrame({"id": ["a", "b", "c"], "n": ["1", "2.0", "3"]})
    assert _diff(old, retyped, ["id"]) == (0, 0, 1)
