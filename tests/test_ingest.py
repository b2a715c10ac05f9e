"""Bad input is reported with its file name and reason, never a traceback, never silent loss."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from policy_records import ingest
from policy_records.ingest import MAX_BYTES, InputChanged, SourceTexts, load_document, read_raw, scan_raw

GOOD = b"Modern slavery is a crime.\n"


@pytest.mark.parametrize(
    "name, data, problem, action, encoding",
    [
        ("empty.txt", b"", "empty", "excluded", None),
        ("blank.txt", b"  \n\n ", "empty", "excluded", None),
        ("binary.txt", b"PK\x03\x04\x00\x00binary", "binary", "excluded", None),
        ("cp1252.txt", "Trafficking \u2013 a \u201ccrime\u201d \u00a3500".encode("cp1252"), "not_utf8", "decoded",
         "cp1252"),
        ("bom.txt", b"\xef\xbb\xbf" + GOOD, None, None, "utf-8-sig"),
        ("utf16.txt", "Modern slavery \u2013 a crime.".encode("utf-16"), "not_utf8", "decoded", "utf-16"),
        ("utf16_odd.txt", b"\xff\xfe" + b"a\x00b", "undecodable", "excluded", None),
        ("bad_after_bom.txt", b"\xef\xbb\xbf\x81\x8d\x8f\x90\x9d", "undecodable", "excluded", None),
        ("undefined_cp1252.txt", b"caf\x81\x8d\x8f\x90", "undecodable", "excluded", None),
        ("plain.txt", GOOD, None, None, "utf-8"),
    ],
)
def test_bad_input_cases(tmp_path: Path, name, data, problem, action, encoding):
    (tmp_path / "ok.txt").write_bytes(GOOD)
    (tmp_path / name).write_bytes(data)
    docs, issues = read_raw(tmp_path)
    ids = {d.document_id for d in docs}
    assert "ok" in ids, "one bad file must not stop the others"
    stem = name.removesuffix(".txt")
    if problem is None:
        assert issues == []
    else:
        assert [(i.source_file, i.problem, i.action) for i in issues] == [(name, problem, action)]
        assert issues[0].detail
    if encoding is None:
        assert stem not in ids
    else:
        doc = next(d for d in docs if d.document_id == stem)
        assert doc.encoding == encoding
        assert not doc.text.startswith("\ufeff"), "the BOM is removed"


def test_oversized_file_is_left_out(tmp_path: Path, monkeypatch):
    monkeypatch.setattr("policy_records.ingest.MAX_BYTES", 10)
    (tmp_path / "big.txt").write_bytes(b"x" * 11)
    docs, issues = read_raw(tmp_path)
    assert docs == []
    assert [(i.source_file, i.problem) for i in issues] == [("big.txt", "oversized")]
    assert MAX_BYTES == 20 * 1024 * 1024


def test_unreadable_file_is_reported(tmp_path: Path):
    (tmp_path / "ok.txt").write_bytes(GOOD)
    (tmp_path / "dangling.txt").symlink_to(tmp_path / "missing-target.txt")
    docs, issues = read_raw(tmp_path)
    assert [d.document_id for d in docs] == ["ok"]
    assert [(i.source_file, i.problem) for i in issues] == [("dangling.txt", "unreadable")]


def test_document_fields(tmp_path: Path):
    (tmp_path / "a.txt").write_bytes(GOOD)
    (tmp_path / ".gitkeep").write_bytes(b"")
    docs, issues = read_raw(tmp_path)
    assert issues == []
    (doc,) = docs
    assert (doc.document_id, doc.source_file, doc.byte_count) == ("a", "a.txt", len(GOOD))
    assert doc.sha256 == hashlib.sha256(GOOD).hexdigest()
    assert doc.text == GOOD.decode()


@pytest.mark.parametrize(
    "sidecar, meta, problem",
    [
        ('{"published_date": "2023-10-18", "title": "A title"}', {"published_date": "2023-10-18", "title": "A title"},
         None),
        ('{"document_type": "press_release"}', {"document_type": "press_release"}, None),
        ("{not json", {}, "not readable as JSON"),
        ('{"published_date": "18/10/2023"}', {}, "is not YYYY-MM-DD"),
        ('{"author": "someone"}', {}, "unknown keys"),
        ('{"document_type": "tweet"}', {}, "not one of"),
    ],
)
def test_sidecar_metadata(tmp_path: Path, sidecar, meta, problem):
    (tmp_path / "a.txt").write_bytes(GOOD)
    (tmp_path / "a.meta.json").write_text(sidecar)
    docs, issues = read_raw(tmp_path)
    assert [d.document_id for d in docs] == ["a"], "a sidecar is never a document"
    assert docs[0].meta == meta
    if problem is None:
        assert issues == []
    else:
        assert [(i.source_file, i.problem, i.action) for i in issues] == [("a.meta.json", "bad_sidecar", "ignored")]
        assert problem in issues[0].detail


def test_sidecar_without_document_is_reported(tmp_path: Path):
    (tmp_path / "b.meta.json").write_text("{}")
    docs, issues = read_raw(tmp_path)
    assert docs == [] and [(i.problem, i.detail) for i in issues] == [("bad_sidecar", "no document with this name")]


def test_sources_hold_no_text_and_load_document_gives_it_back(tmp_path: Path):
    (tmp_path / "a.txt").write_bytes("Trafficking \u2013 a crime.".encode("cp1252"))
    sources, _ = scan_raw(tmp_path)
    assert not hasattr(sources[0], "text")
    doc = load_document(sources[0])
    assert (doc.document_id, doc.encoding, doc.text) == ("a", "cp1252", "Trafficking \u2013 a crime.")


@pytest.mark.parametrize("change", ["edit", "delete"])
def test_a_file_changed_after_ingest_is_refused_by_name(tmp_path: Path, change):
    (tmp_path / "a.txt").write_bytes(GOOD)
    sources, _ = scan_raw(tmp_path)
    if change == "edit":
        (tmp_path / "a.txt").write_bytes(GOOD + b"More.\n")
    else:
        (tmp_path / "a.txt").unlink()
    with pytest.raises(InputChanged, match=r"^a\.txt: "):
        load_document(sources[0])


def test_source_texts_reads_each_document_when_asked_and_keeps_one(tmp_path: Path, monkeypatch):
    for name in ("a", "b"):
        (tmp_path / f"{name}.txt").write_text(f"Text of {name}.\n")
    sources, _ = scan_raw(tmp_path)
    loads: list[str] = []
    real = ingest.load_document
    monkeypatch.setattr(ingest, "load_document", lambda s: loads.append(s.document_id) or real(s))
    texts = SourceTexts(sources)
    assert loads == [] and "a" in texts and "zz" not in texts and len(texts) == 2
    assert [texts["a"], texts["a"], texts["b"]] == ["Text of a.\n", "Text of a.\n", "Text of b.\n"]
    assert loads == ["a", "b"]
