"""Read every file under the raw folder into `Document`s, reporting what cannot be used.

Decoding: UTF-8 (a BOM is removed and recorded as `utf-8-sig`), UTF-16 when
the file starts with a UTF-16 BOM (recorded as `utf-16`), else cp1252
(recorded as `cp1252`). Left out, with the file named and the reason given:
empty files, binary files (NUL bytes), files that decode as neither, files
larger than `MAX_BYTES`. A cp1252 file is kept and reported as handled.
Hidden files (".gitkeep", ".DS_Store") are not inputs and are skipped.

Ingest keeps a `Source` per document (name, hash, encoding, size, sidecar
metadata), not its text: `load_document` reads a text again when its batch is
extracted or its quotes are checked, and refuses a file whose bytes no longer
match the hash taken at ingest. Memory then follows the batch size, not the
corpus size.

A sidecar `<name>.meta.json` next to `<name>.txt` may state the document's
`title`, `published_date` (YYYY-MM-DD) and `document_type`; a sidecar that is
not valid JSON, has other keys or bad values, or has no document, is reported
and ignored.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator, Mapping
from dataclasses import replace
from datetime import date
from pathlib import Path

from policy_records.model import Document, InputIssue, Source

MAX_BYTES = 20 * 1024 * 1024  # larger files are left out and reported
UTF8_BOM = b"\xef\xbb\xbf"
UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
NUL = b"\x00"
SIDECAR_SUFFIX = ".meta.json"
SIDECAR_FIELDS = ("title", "published_date", "document_type")


def decode(data: bytes) -> tuple[str, str] | None:
    """(text, encoding) or None when the bytes are text in neither UTF-8 nor cp1252."""
    if data.startswith(UTF16_BOMS):
        try:
            return data.decode("utf-16"), "utf-16"
        except UnicodeDecodeError:
            return None
    if data.startswith(UTF8_BOM):
        try:
            return data[len(UTF8_BOM):].decode("utf-8"), "utf-8-sig"
        except UnicodeDecodeError:
            return None
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252"), "cp1252"
    except UnicodeDecodeError:
        return None


def read_document(path: Path, raw_dir: Path) -> tuple[Document | None, InputIssue | None]:
    """One raw file -> (document, None), (document, handled issue) or (None, exclusion)."""
    name = path.relative_to(raw_dir).as_posix()
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            return None, InputIssue(name, "oversized", f"{size} bytes > limit {MAX_BYTES}", "excluded")
        data = path.read_bytes()
    except OSError as exc:
        return None, InputIssue(name, "unreadable", f"{type(exc).__name__}: {exc.strerror or exc}", "excluded")
    if not data.strip():
        return None, InputIssue(name, "empty", f"{len(data)} bytes, no text", "excluded")
    if NUL in data and not data.startswith(UTF16_BOMS):
        return None, InputIssue(name, "binary", f"NUL byte at offset {data.index(NUL)}", "excluded")
    decoded = decode(data)
    if decoded is None:
        return None, InputIssue(name, "undecodable", "neither UTF-8 nor cp1252", "excluded")
    text, encoding = decoded
    doc = Document(
        document_id=Path(name).with_suffix("").as_posix().replace("/", "__"),
        source_file=name,
        sha256=hashlib.sha256(data).hexdigest(),
        encoding=encoding,
        text=text,
        byte_count=len(data),
    )
    issue = None
    if encoding in ("cp1252", "utf-16"):
        issue = InputIssue(name, "not_utf8", f"decoded as {encoding}", "decoded")
    return doc, issue


def raw_files(raw_dir: Path) -> list[Path]:
    """Every entry that is not a folder (a dangling link is reported as unreadable, not skipped)."""
    return sorted(p for p in raw_dir.rglob("*") if not p.is_dir() and not p.name.startswith("."))


def read_sidecar(path: Path, document_types: list[str]) -> tuple[dict[str, str], str | None]:
    """(metadata, None) or ({}, what is wrong with the sidecar)."""
    try:
        meta = json.loads(path.read_text(encoding="utf-8-sig"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        return {}, f"not readable as JSON: {exc}"
    if not isinstance(meta, dict):
        return {}, "not a JSON object"
    unknown = sorted(set(meta) - set(SIDECAR_FIELDS))
    if unknown:
        return {}, f"unknown keys {unknown}; allowed: {list(SIDECAR_FIELDS)}"
    if not all(isinstance(v, str) for v in meta.values()):
        return {}, "values must be strings"
    if "published_date" in meta:
        try:
            date.fromisoformat(meta["published_date"])
        except ValueError:
            return {}, f"published_date {meta['published_date']!r} is not YYYY-MM-DD"
    if "document_type" in meta and meta["document_type"] not in document_types:
        return {}, f"document_type {meta['document_type']!r} not one of {document_types}"
    return meta, None


def _attach_sidecars(docs: list[Source], sidecars: list[Path], raw_dir: Path) -> tuple[list[Source],
                                                                                  list[InputIssue]]:
    from policy_records.schemas import enum_values

    by_stem = {Path(d.source_file).as_posix().rsplit(".", 1)[0]: i for i, d in enumerate(docs)}
    issues = []
    for path in sidecars:
        name = path.relative_to(raw_dir).as_posix()
        index = by_stem.get(name.removesuffix(SIDECAR_SUFFIX))
        if index is None:
            issues.append(InputIssue(name, "bad_sidecar", "no document with this name", "ignored"))
            continue
        meta, problem = read_sidecar(path, enum_values("documents", "document_type"))
        if problem:
            issues.append(InputIssue(name, "bad_sidecar", problem, "ignored"))
        else:
            docs[index] = replace(docs[index], meta=meta)
    return docs, issues


class InputChanged(Exception):
    """A raw file's bytes changed between ingest and a later read in the same release."""


def source_of(doc: Document, path: Path) -> Source:
    return Source(doc.document_id, doc.source_file, str(path.resolve()), doc.sha256, doc.encoding, doc.byte_count,
                  doc.meta)


def load_document(source: Source) -> Document:
    """The document of `source`, read again from its file; `InputChanged` if the file is not what ingest read."""
    try:
        data = Path(source.path).read_bytes()
    except OSError as exc:
        raise InputChanged(f"{source.source_file}: unreadable since ingest ({exc.strerror or exc})") from None
    if hashlib.sha256(data).hexdigest() != source.sha256:
        raise InputChanged(f"{source.source_file}: changed since ingest (sha256 differs); run the release again")
    decoded = decode(data)
    assert decoded is not None and decoded[1] == source.encoding, "same bytes, same decoding"
    return Document(source.document_id, source.source_file, source.sha256, source.encoding, decoded[0],
                    source.byte_count, source.meta)


def scan_raw(raw_dir: Path) -> tuple[list[Source], list[InputIssue]]:
    """A `Source` for every usable document (sorted by file name) and the issues met on the way.

    Each file is read and decoded once here, to decide whether it is usable; its text is then let go.
    """
    sources, issues, sidecars = [], [], []
    for path in raw_files(raw_dir):
        if path.name.endswith(SIDECAR_SUFFIX):
            sidecars.append(path)
            continue
        doc, issue = read_document(path, raw_dir)
        if doc is not None:
            sources.append(source_of(doc, path))
        if issue is not None:
            issues.append(issue)
    seen: dict[str, str] = {}
    unique = []
    for source in sources:
        if source.document_id in seen:
            issues.append(InputIssue(source.source_file, "duplicate_id",
                                     f"document_id {source.document_id!r} already taken by {seen[source.document_id]}",
                                     "excluded"))
            continue
        seen[source.document_id] = source.source_file
        unique.append(source)
    unique, sidecar_issues = _attach_sidecars(unique, sidecars, raw_dir)
    return unique, issues + sidecar_issues


def read_raw(raw_dir: Path) -> tuple[list[Document], list[InputIssue]]:
    """Every usable document with its text, and the issues: `scan_raw` and `load_document` in one call."""
    sources, issues = scan_raw(raw_dir)
    return [load_document(s) for s in sources], issues


class SourceTexts(Mapping[str, str]):
    """Document texts by document_id, read from the raw files when asked for, one document held at a time.

    For checks that go through the documents in order (provenance): memory stays at one text.
    """

    def __init__(self, sources: list[Source]):
        self._sources = {s.document_id: s for s in sources}
        self._last: tuple[str, str] | None = None

    def __getitem__(self, document_id: str) -> str:
        if self._last is None or self._last[0] != document_id:
            self._last = (document_id, load_document(self._sources[document_id]).text)
        return self._last[1]

    def __contains__(self, document_id: object) -> bool:
        return document_id in self._sources

    def __iter__(self) -> Iterator[str]:
        return iter(self._sources)

    def __len__(self) -> int:
        return len(self._sources)
