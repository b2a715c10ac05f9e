"""Vocabularies read from `reference/` (CSV), loaded once per process.

Every word list the extractors use lives in a CSV under `reference/`; this
module is the one place that finds and parses them, and it fingerprints them
so that caches are invalidated when reference data changes.
"""

from __future__ import annotations

import csv
import hashlib
import re
from functools import cache
from pathlib import Path

REFERENCE_DIR = Path(__file__).resolve().parent.parent / "reference"


def reference_path(name: str) -> Path:
    return REFERENCE_DIR / name


@cache
def read_table(name: str) -> tuple[dict[str, str], ...]:
    """Rows of `reference/<name>` as dicts of stripped strings (empty cells become "")."""
    rows = []
    with reference_path(name).open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        for row in reader:
            if None in row:
                raise ValueError(f"reference/{name} line {reader.line_num}: more cells than header columns")
            rows.append({k: (v or "").strip() for k, v in row.items()})
    return tuple(rows)


@cache
def compiled(name: str, column: str = "pattern", flags: int = re.IGNORECASE) -> re.Pattern[str]:
    """One alternation regex from a column of regex fragments."""
    parts = [row[column] for row in read_table(name) if row[column]]
    return re.compile("|".join(f"(?:{p})" for p in parts), flags)


def fingerprint() -> str:
    """sha256 over every reference file: part of the extraction cache key."""
    h = hashlib.sha256()
    for path in sorted(REFERENCE_DIR.glob("*")):
        if path.is_file():
            h.update(path.name.encode())
            h.update(path.read_bytes())
    return h.hexdigest()
