"""The validation gate: nothing is published unless every check here passes.

1. frictionless validates every CSV of the package against its Table Schema,
   foreign keys, hashes and byte counts included;
2. every Parquet file holds exactly the rows of its CSV (compared through
   polars: the Parquet, written out as CSV, gives the same bytes);
3. dataset expectations (`schemas/expectations.csv`: row-count bounds per
   resource, applying once a release holds enough documents) hold;
4. provenance: every mention, pledge, statistic and unparsed span quote is the text at its
   offsets (checked when the documents' texts are given).
"""

from __future__ import annotations

import csv
import json
import multiprocessing
from collections.abc import Mapping
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import frictionless
import polars as pl

from policy_records.schemas import SCHEMA_DIR, csv_bytes
from policy_records.validate_delta import check_against_previous, delta_candidates

EXPECTATIONS = SCHEMA_DIR / "expectations.csv"
MAX_ERRORS_SHOWN = 20
PARALLEL_VALIDATION_BYTES = 20_000_000  # below this, starting a second process costs more than it saves
VALIDATION_PROCESSES = 2


@dataclass
class Report:
    errors: list[str] = field(default_factory=list)
    checked: list[str] = field(default_factory=list)

    @property
    def valid(self) -> bool:
        return not self.errors

    def render(self) -> str:
        lines = [f"  ok    {c}" for c in self.checked]
        lines += [f"  ERROR {e}" for e in self.errors[:MAX_ERRORS_SHOWN]]
        if len(self.errors) > MAX_ERRORS_SHOWN:
            lines.append(f"  ... {len(self.errors) - MAX_ERRORS_SHOWN} more errors")
        verdict = "VALID" if self.valid else f"INVALID ({len(self.errors)} errors)"
        return "\n".join([*lines, verdict])


def _task_errors(task) -> list[str]:
    out = []
    for err in task.errors:
        row = getattr(err, "row_number", None)
        out.append(f"{task.name}" + (f" row {row}" if row else "") + f": {err.message}")
    return out


def _validate_resources(descriptor: str, names: list[str]) -> list[str]:
    """Errors of some resources of a package, each validated in the package's context (foreign keys too)."""
    package = frictionless.Package(descriptor)
    errors: list[str] = []
    for name in names:
        result = package.get_resource(name).validate()
        errors += [f"package: {err.message}" for err in result.errors]
        for task in result.tasks:
            errors += _task_errors(task)
    return errors


def _balanced_groups(resources: list[dict], n: int) -> list[list[str]]:
    """Resources split into `n` groups of about equal CSV bytes (largest first, into the lightest group)."""
    groups: list[tuple[int, list[str]]] = [(0, []) for _ in range(n)]
    for res in sorted(resources, key=lambda r: -r.get("bytes", 0)):
        size, names = min(groups, key=lambda g: g[0])
        groups[groups.index((size, names))] = (size + res.get("bytes", 0), [*names, res["name"]])
    return [names for _, names in groups if names]


def check_frictionless(descriptor: Path, report: Report, previous: Path | None = None) -> None:
    """frictionless validates every CSV; large packages are validated in two processes, one group each.

    With `previous` (the last published release), a resource whose schema is unchanged is checked
    against it: frictionless reads only its new rows (see `validate_delta`).
    """
    try:
        resources = json.loads(descriptor.read_text(encoding="utf-8"))["resources"]
        against = delta_candidates(descriptor, previous)
        errors = [e for name, old in against.items() for e in check_against_previous(descriptor, name, old)]
        full = [r for r in resources if r["name"] not in against]
        if sum(r.get("bytes", 0) for r in full) < PARALLEL_VALIDATION_BYTES:
            errors += _validate_resources(str(descriptor), [r["name"] for r in full]) if full else []
        else:
            groups = _balanced_groups(full, VALIDATION_PROCESSES)
            with ProcessPoolExecutor(len(groups), mp_context=multiprocessing.get_context("spawn")) as pool:
                errors += [e for found in pool.map(_validate_resources, [str(descriptor)] * len(groups), groups)
                           for e in found]
    except (frictionless.FrictionlessException, KeyError, ValueError, json.JSONDecodeError) as exc:
        report.errors.append(f"package: {exc}")
        return
    if errors:
        report.errors.extend(errors)
    else:
        how = f", {len(against)} of them checked against release {previous.name} (new rows)" if against and \
            previous else ""
        report.checked.append(f"frictionless: {len(resources)} resources match their schemas{how}")


def check_parquet(descriptor: Path, report: Report) -> None:
    package = json.loads(descriptor.read_text(encoding="utf-8"))
    for res in package["resources"]:
        parquet = res.get("parquet")
        if not parquet:
            continue
        csv_path, pq_path = descriptor.parent / res["path"], descriptor.parent / parquet["path"]
        if csv_bytes(pl.read_parquet(pq_path)) != csv_path.read_bytes():
            report.errors.append(f"{res['name']}: {parquet['path']} does not hold the same rows as {res['path']}")
    report.checked.append("parquet files hold exactly the rows of their CSV files")


def check_expectations(descriptor: Path, report: Report, expectations: Path = EXPECTATIONS) -> None:
    package = json.loads(descriptor.read_text(encoding="utf-8"))
    rows = {res["name"]: res.get("rows") for res in package["resources"]}
    n_docs = rows.get("documents") or 0
    with expectations.open(encoding="utf-8", newline="") as fh:
        for exp in csv.DictReader(fh):
            if n_docs < int(exp["from_documents"] or 0):
                continue
            n = rows.get(exp["resource"])
            if n is None:
                report.errors.append(f"expectation: resource {exp['resource']} is missing")
            elif exp["min_rows"] and n < int(exp["min_rows"]):
                report.errors.append(f"expectation: {exp['resource']} has {n} rows, expected >= {exp['min_rows']}"
                                     f" ({exp['note']})")
            elif exp["max_rows"] and n > int(exp["max_rows"]):
                report.errors.append(f"expectation: {exp['resource']} has {n} rows, expected <= {exp['max_rows']}")
    report.checked.append(f"dataset expectations ({expectations.name}) for {n_docs} documents")


def check_provenance(tables: dict[str, pl.DataFrame], texts: Mapping[str, str], report: Report) -> None:
    """Every quote is its document's text at its offsets; documents are visited once each, in ID order,
    so that `texts` may read them lazily (see `ingest.SourceTexts`)."""
    quotes = pl.concat([
        tables[name].select("document_id", "start", "end", "text").with_columns(pl.lit(name).alias("table"))
        for name in ("mentions", "pledges", "statistics", "unparsed_spans")
    ]).sort("document_id", maintain_order=True)
    bad = 0
    for doc_id, start, end, quote, name in quotes.iter_rows():
        text = texts[doc_id] if doc_id in texts else ""
        if text[start:end] != quote:
            bad += 1
            if bad <= MAX_ERRORS_SHOWN:
                report.errors.append(f"provenance: {name} {doc_id}[{start}:{end}] is not {quote[:50]!r}")
    report.checked.append("provenance: every quote is the text at its offsets")


def validate_package(descriptor: Path, expectations: Path | None = EXPECTATIONS,
                     previous: Path | None = None) -> Report:
    """Validate a release (or any data package with these resources); `previous`: the last published
    release, against which unchanged rows need no second reading by frictionless."""
    report = Report()
    if not descriptor.exists():
        report.errors.append(f"{descriptor}: no such file")
        return report
    parquet = Report()
    with ThreadPoolExecutor(1) as side:  # polars compares the Parquet files while frictionless reads the CSVs
        parquet_done = side.submit(check_parquet, descriptor, parquet)
        check_frictionless(descriptor, report, previous)
        parquet_done.result()
    report.errors += parquet.errors
    report.checked += parquet.checked
    if expectations is not None:
        check_expectations(descriptor, report, expectations)
    return report
