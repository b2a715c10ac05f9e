"""Human-readable files of a release: the data dictionary (README.md) and the changelog.

Both are generated from the schemas and the tables, never written by hand.
"""

from __future__ import annotations

from pathlib import Path

import polars as pl

from policy_records.schemas import RESOURCES, load_schema, primary_key


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def field_table(resource: str) -> list[str]:
    lines = ["| field | type | required | description |", "|---|---|---|---|"]
    for f in load_schema(resource)["fields"]:
        c = f.get("constraints", {})
        desc = f["description"]
        if c.get("enum"):
            desc += " One of: " + ", ".join(f"`{v}`" for v in c["enum"]) + "."
        lines.append(f"| `{f['name']}` | {f['type']} | {'yes' if c.get('required') else 'no'} | {_cell(desc)} |")
    return lines


def _origins(df: pl.DataFrame) -> str:
    counts = dict(df.group_by("source").len().iter_rows())
    return f"{counts.get('reference', 0)} from reference data, {counts.get('pattern', 0)} from text patterns"


def render_readme(package: dict, tables: dict[str, pl.DataFrame]) -> str:
    lines = [
        f"# {package['title']} — release {package['version']}",
        "",
        package["description"],
        "",
        f"Built {package['created']} by policy-records {package['generator_version']}. "
        f"License: {package['licenses'][0]['title']}.",
        "",
        "## Contents",
        "",
        "| resource | rows | files | description |",
        "|---|---|---|---|",
    ]
    for res in package["resources"]:
        lines.append(f"| `{res['name']}` | {res['rows']} | `{res['path']}`, `{res['parquet']['path']}` "
                     f"| {_cell(res['description'])} |")
    lines += [
        "",
        f"- Organisations: {_origins(tables['organisations'])}.",
        f"- Programmes: {_origins(tables['programmes'])}.",
    ]
    issues = tables["input_issues"]
    if issues.height:
        lines += ["", "## Input files left out or handled", "", "| file | problem | detail | action |",
                  "|---|---|---|---|"]
        lines += [f"| `{r['source_file']}` | {r['problem']} | {_cell(r['detail'])} | {r['action']} |"
                  for r in issues.iter_rows(named=True)]
    lines += ["", "## Data dictionary", ""]
    for name in RESOURCES:
        schema = load_schema(name)
        lines += [f"### {name}", "", schema["description"], "",
                  f"Primary key: {', '.join(f'`{k}`' for k in primary_key(name))}."]
        for fk in schema.get("foreignKeys", []):
            lines.append(f"`{fk['fields'][0]}` refers to `{fk['reference']['resource']}."
                         f"{fk['reference']['fields'][0]}`.")
        lines += ["", *field_table(name), ""]
    return "\n".join(lines) + "\n"


def _diff(old: pl.DataFrame, new: pl.DataFrame, key: list[str]) -> tuple[int, int, int]:
    """(added, removed, changed) rows by primary key, comparing the fields both releases have.

    Rows equal in all those fields are set aside first, by a hash of the row, so the key joins only see
    the few rows that differ; a field whose type changed between releases is compared as text.
    """
    common = [c for c in new.columns if c in old.columns]
    same_type = [c for c in common if new.schema[c] == old.schema[c]]

    def hashed(df: pl.DataFrame) -> pl.DataFrame:
        fields = [pl.col(c) if c in same_type else pl.col(c).cast(pl.String) for c in common]
        return df.select(*key, _row=pl.struct(fields).hash())

    old_h, new_h = hashed(old), hashed(new)
    new_rest = new_h.join(old_h, on=[*key, "_row"], how="anti").select(key).unique()
    old_rest = old_h.join(new_h, on=[*key, "_row"], how="anti").select(key).unique()
    added = new_rest.join(old_h.select(key), on=key, how="anti").height
    removed = old_rest.join(new_h.select(key), on=key, how="anti").height
    changed = new_rest.join(old_rest, on=key, how="semi").height
    return added, removed, changed


def render_changelog(version: str, previous: Path | None, release_dir: Path) -> str:
    """Rows added, removed and changed per resource since the previous release (read from Parquet)."""
    lines = [f"# Changelog for release {version}", ""]
    if previous is None:
        return "\n".join([*lines, "First release: no previous release to compare with.", ""])
    lines += [f"Compared with release {previous.name}, by primary key.", "",
              "| resource | rows before | rows now | added | removed | changed |", "|---|---|---|---|---|---|"]
    for name in RESOURCES:
        new = pl.read_parquet(release_dir / f"{name}.parquet")
        old_path = previous / f"{name}.parquet"
        if not old_path.exists():
            lines.append(f"| `{name}` | - | {new.height} | {new.height} | 0 | 0 |")
            continue
        old = pl.read_parquet(old_path)
        added, removed, changed = _diff(old, new, primary_key(name))
        lines.append(f"| `{name}` | {old.height} | {new.height} | {added} | {removed} | {changed} |")
    return "\n".join(lines) + "\n"


FIELD_TABLES_HEADING = "## Field tables\n"


def field_tables_markdown() -> str:
    parts = []
    for name in RESOURCES:
        parts += [f"### {name}", "", load_schema(name)["description"], "", *field_table(name), ""]
    return "\n".join(parts)


def update_readme(readme: Path) -> bool:
    """Rewrite the project README's field tables (everything after "## Field tables") from the schemas."""
    text = readme.read_text(encoding="utf-8")
    head = text[: text.index(FIELD_TABLES_HEADING) + len(FIELD_TABLES_HEADING)]
    new = head + "\n" + field_tables_markdown()
    readme.write_text(new, encoding="utf-8")
    return new != text
