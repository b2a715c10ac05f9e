"""The Table Schemas in `schemas/` and everything derived from them.

Field types, order and descriptions live only in the JSON files; the polars
dtypes, the Parquet (Arrow) schema, the CSV header and the data dictionary
are all derived here.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

import polars as pl

SCHEMA_DIR = Path(__file__).resolve().parent.parent / "schemas"

# Order of resources in a release: referenced tables before those that refer to them.
RESOURCES = (
    "documents",
    "segments",
    "organisations",
    "programmes",
    "mentions",
    "signatories",
    "pledges",
    "statistics",
    "unparsed_spans",
    "input_issues",
)

POLARS_TYPES: dict[str, pl.DataType] = {
    "string": pl.String(),
    "integer": pl.Int64(),
    "number": pl.Float64(),
    "boolean": pl.Boolean(),
    "date": pl.Date(),
    "array": pl.List(pl.String()),
}


@cache
def load_schema(resource: str) -> dict[str, Any]:
    return json.loads((SCHEMA_DIR / f"{resource}.schema.json").read_text(encoding="utf-8"))


def polars_schema(resource: str) -> pl.Schema:
    return pl.Schema({f["name"]: POLARS_TYPES[f["type"]] for f in load_schema(resource)["fields"]})


def primary_key(resource: str) -> list[str]:
    pk = load_schema(resource)["primaryKey"]
    return [pk] if isinstance(pk, str) else list(pk)


def enum_values(resource: str, field: str) -> list[str]:
    for f in load_schema(resource)["fields"]:
        if f["name"] == field:
            return list(f.get("constraints", {}).get("enum", []))
    raise KeyError(f"{resource}.{field}")


def frame(resource: str, rows: list[dict[str, Any]]) -> pl.DataFrame:
    """Rows -> DataFrame with the schema's columns, order and types, sorted by primary key."""
    schema = polars_schema(resource)
    as_read = pl.Schema({n: (pl.String() if t == pl.Date() else t) for n, t in schema.items()})
    df = pl.from_dicts(rows, schema=as_read) if rows else pl.DataFrame(schema=as_read)  # other keys are ignored
    for name, dtype in schema.items():
        if dtype == pl.Date():
            df = df.with_columns(pl.col(name).str.to_date("%Y-%m-%d"))
    return df.sort(primary_key(resource))


def csv_frame(df: pl.DataFrame) -> pl.DataFrame:
    """The frame as written to CSV: list columns become JSON arrays (Table Schema type "array")."""
    exprs = []
    for name, dtype in df.schema.items():
        if isinstance(dtype, pl.List):
            exprs.append(
                pl.col(name).map_elements(
                    lambda v: json.dumps(list(v), ensure_ascii=False), return_dtype=pl.String()
                ).alias(name)
            )
    return df.with_columns(exprs) if exprs else df


def csv_bytes(df: pl.DataFrame) -> bytes:
    """RFC 4180 CSV: UTF-8, header row, CRLF line ends, quotes only where needed."""
    return csv_frame(df).write_csv(line_terminator="\r\n").encode("utf-8")


def arrow_schema(resource: str):  # -> pa.Schema
    """Parquet schema from the Table Schema; field descriptions kept as Arrow field metadata."""
    import pyarrow as pa

    types = {
        "string": pa.string(),
        "integer": pa.int64(),
        "number": pa.float64(),
        "boolean": pa.bool_(),
        "date": pa.date32(),
        "array": pa.list_(pa.string()),
    }
    fields = [
        pa.field(
            f["name"],
            types[f["type"]],
            nullable=not f.get("constraints", {}).get("required", False),
            metadata={"description": f["description"]},
        )
        for f in load_schema(resource)["fields"]
    ]
    return pa.schema(fields, metadata={"resource": resource})
