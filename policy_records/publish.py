"""Write a release into `dist/<version>/`, all or nothing.

Files are written into a hidden temporary folder next to the releases,
validated there, and only then renamed into place (an atomic rename on one
file system): a crash or a failed validation leaves no partial release, and
an existing version is never overwritten. When the data files are byte-
identical to the latest release's, no new release is made. Finally the
top-level `datapackage.json` (next to `dist/`) is replaced, atomically, by a
copy of the release descriptor whose paths point into the release folder.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import uuid
from collections.abc import Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import polars as pl
import pyarrow as pa
import pyarrow.parquet as pq

from policy_records import __version__
from policy_records.dictionary import render_changelog, render_readme
from policy_records.schemas import RESOURCES, arrow_schema, csv_bytes, load_schema
from policy_records.validate import EXPECTATIONS, Report, check_provenance, validate_package

VERSION_RE = re.compile(r"^(\d{4})\.(\d{2})\.(\d{2})\.(\d+)$")
PACKAGE = {
    "$schema": "https://datapackage.org/profiles/2.0/datapackage.json",
    "name": "uk-trafficking-policy-records",
    "title": "UK anti-trafficking policy records",
    "description": (
        "Organisations, programmes, pledges and cited statistics extracted from UK policy texts about "
        "human trafficking and modern slavery (party policy pages, joint NGO letters, news articles, "
        "think-tank and politicians' blogs), with their documents, segments, mentions and signatories. "
        "Every text-derived record carries its document, offsets and exact quote."
    ),
    "licenses": [{"name": "CC-BY-4.0", "path": "https://creativecommons.org/licenses/by/4.0/",
                  "title": "Creative Commons Attribution 4.0"}],
    "contributors": [{"title": "policy-records project", "roles": ["creator"]}],
}


class ValidationFailed(Exception):
    def __init__(self, report: Report):
        super().__init__(report.render())
        self.report = report


@dataclass(frozen=True)
class Published:
    path: Path
    version: str
    created: bool  # False when the data matched the latest release and nothing was written


def version_key(name: str) -> tuple[int, ...]:
    """(year, month, day, n) of a release folder name; () when the name is not a version."""
    m = VERSION_RE.match(name)
    return tuple(int(g) for g in m.groups()) if m else ()


def latest_release(dist: Path) -> Path | None:
    releases = [p for p in dist.iterdir() if p.is_dir() and version_key(p.name)] if dist.exists() else []
    return max(releases, key=lambda p: version_key(p.name), default=None)


def next_version(dist: Path, today: datetime) -> str:
    stem = today.strftime("%Y.%m.%d")
    taken = [version_key(p.name)[3] for p in dist.iterdir() if p.name.startswith(stem + ".") and version_key(p.name)]
    return f"{stem}.{max(taken, default=0) + 1}"


def _write_resource(name: str, df: pl.DataFrame, folder: Path) -> dict[str, str]:
    """Write one resource as CSV and Parquet; returns the sha256 of each file by file name."""
    data = csv_bytes(df)
    (folder / f"{name}.csv").write_bytes(data)
    buffer = pa.BufferOutputStream()
    pq.write_table(df.to_arrow().cast(arrow_schema(name)), buffer, compression="zstd")
    parquet = buffer.getvalue().to_pybytes()
    (folder / f"{name}.parquet").write_bytes(parquet)
    return {f"{name}.csv": hashlib.sha256(data).hexdigest(), f"{name}.parquet": hashlib.sha256(parquet).hexdigest()}


def write_data_files(tables: dict[str, pl.DataFrame], folder: Path) -> dict[str, str]:
    """Every resource as CSV and Parquet (two at a time: polars and pyarrow release the GIL while they
    encode); returns each file's sha256 by file name."""
    with ThreadPoolExecutor(max_workers=2) as pool:
        parts = list(pool.map(lambda name: _write_resource(name, tables[name], folder), RESOURCES))
    return {file: digest for part in parts for file, digest in part.items()}


def fingerprint(hashes: Mapping[str, str]) -> str:
    """One hash over the data files' hashes (equal fingerprints: byte-identical data)."""
    h = hashlib.sha256()
    for name in RESOURCES:
        for ext in ("csv", "parquet"):
            h.update(f"{name}.{ext}\0{hashes[f'{name}.{ext}']}\n".encode())
    return h.hexdigest()


def resource_descriptor(name: str, folder: Path, rows: int, hashes: Mapping[str, str]) -> dict:
    csv_path, pq_path = folder / f"{name}.csv", folder / f"{name}.parquet"
    schema = load_schema(name)
    return {
        "name": name,
        "description": schema["description"],
        "path": csv_path.name,
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8",
        "dialect": {"header": True, "delimiter": ",", "quoteChar": '"', "lineTerminator": "\r\n"},
        "hash": f"sha256:{hashes[csv_path.name]}",
        "bytes": csv_path.stat().st_size,
        "rows": rows,
        "schema": {k: v for k, v in schema.items() if k not in ("title", "description")},
        "parquet": {
            "path": pq_path.name,
            "format": "parquet",
            "mediatype": "application/vnd.apache.parquet",
            "compression": "zstd",
            "hash": f"sha256:{hashes[pq_path.name]}",
            "bytes": pq_path.stat().st_size,
        },
    }


def package_descriptor(tables: dict[str, pl.DataFrame], folder: Path, version: str, created: str,
                       sources: list[dict], hashes: Mapping[str, str]) -> dict:
    return {
        **PACKAGE,
        "version": version,
        "created": created,
        "generator_version": __version__,
        "fingerprint": fingerprint(hashes),
        "sources": sources,
        "resources": [resource_descriptor(n, folder, tables[n].height, hashes) for n in RESOURCES],
    }


def write_json(path: Path, data: dict) -> None:
    tmp = path.with_name(f".{path.name}.{uuid.uuid4().hex}.tmp")
    tmp.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    os.replace(tmp, path)


def point_to(release: Path, pointer: Path) -> None:
    """Write `pointer` (the top-level datapackage.json) describing `release`, paths relative to it."""
    descriptor = json.loads((release / "datapackage.json").read_text(encoding="utf-8"))
    prefix = Path(os.path.relpath(release, pointer.parent)).as_posix()
    for res in descriptor["resources"]:
        res["path"] = f"{prefix}/{res['path']}"
        res["parquet"]["path"] = f"{prefix}/{res['parquet']['path']}"
    write_json(pointer, descriptor)


@dataclass(frozen=True)
class Staged:
    """A release written into a temporary folder, not yet published."""

    folder: Path
    dist: Path
    pointer: Path
    version: str
    previous: Path | None
    unchanged: bool  # data files identical to the previous release's


def stage(tables: dict[str, pl.DataFrame], dist: Path, *, sources: list[dict], pointer: Path | None = None,
          now: datetime | None = None) -> Staged:
    """Write data files and descriptor into a temporary folder inside `dist`."""
    now = now or datetime.now(UTC)
    dist.mkdir(parents=True, exist_ok=True)
    tmp = dist / f".tmp-{uuid.uuid4().hex}"
    tmp.mkdir()
    try:
        hashes = write_data_files(tables, tmp)
        previous = latest_release(dist)
        version = next_version(dist, now)
        created = now.strftime("%Y-%m-%dT%H:%M:%SZ")
        write_json(tmp / "datapackage.json", package_descriptor(tables, tmp, version, created, sources, hashes))
        (tmp / "README.md").write_text(render_readme(_read_json(tmp / "datapackage.json"), tables), encoding="utf-8")
        (tmp / "CHANGELOG.md").write_text(render_changelog(version, previous, tmp), encoding="utf-8")
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    unchanged = previous is not None and _fingerprint_of(previous) == fingerprint(hashes)
    return Staged(tmp, dist, pointer or dist.parent / "datapackage.json", version, previous, unchanged)


def validate_staged(staged: Staged, tables: dict[str, pl.DataFrame], texts: Mapping[str, str],
                    expectations: Path | None = EXPECTATIONS) -> Report:
    report = validate_package(staged.folder / "datapackage.json", expectations, staged.previous)
    check_provenance(tables, texts, report)
    (staged.folder / "validation.txt").write_text(report.render() + "\n", encoding="utf-8")
    return report


def discard(staged: Staged) -> None:
    shutil.rmtree(staged.folder, ignore_errors=True)


def commit(staged: Staged, report: Report) -> Published:
    """Rename the staged folder into place (or keep the previous release if unchanged)."""
    if not report.valid:
        discard(staged)
        raise ValidationFailed(report)
    if staged.unchanged and staged.previous is not None:
        discard(staged)
        point_to(staged.previous, staged.pointer)
        return Published(staged.previous, staged.previous.name, created=False)
    final = staged.dist / staged.version
    try:
        os.rename(staged.folder, final)  # never replaces a non-empty folder
    except OSError:
        discard(staged)
        raise
    point_to(final, staged.pointer)
    return Published(final, staged.version, created=True)


def publish(tables: dict[str, pl.DataFrame], dist: Path, *, texts: Mapping[str, str], sources: list[dict],
            pointer: Path | None = None, expectations: Path | None = EXPECTATIONS,
            now: datetime | None = None) -> Published:
    """Stage, validate and commit a release: the three publishing steps in one call."""
    staged = stage(tables, dist, sources=sources, pointer=pointer, now=now)
    try:
        report = validate_staged(staged, tables, texts, expectations)
    except BaseException:
        discard(staged)
        raise
    return commit(staged, report)


def _read_json(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def _fingerprint_of(release: Path) -> str | None:
    try:
        return _read_json(release / "datapackage.json").get("fingerprint")
    except (OSError, json.JSONDecodeError):
        return None
