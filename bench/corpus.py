"""Generate a benchmark corpus by recombining paragraphs of the texts in `raw/`.

Each generated document takes a title line and a run of paragraphs drawn
from all raw texts, with every number replaced by another of the same number
of digits and every known organisation name swapped for another from
`reference/organisations.csv`, so that no two documents are equal. A seeded
random generator makes the corpus the same on every run.
"""

from __future__ import annotations

import random
import re
from pathlib import Path

from policy_records.ingest import read_raw
from policy_records.vocab import read_table

DIGITS_RE = re.compile(r"\d+")
TARGET_BYTES = 6_000  # ~60 MB for 10,000 documents


def paragraphs(raw: Path) -> list[str]:
    docs, _ = read_raw(raw)
    out = []
    for doc in docs:
        out += [p.strip() for p in re.split(r"\n\s*\n", doc.text) if len(p.strip()) > 40]
    return out


def _vary(paragraph: str, rng: random.Random, names: list[str], name_re: re.Pattern[str]) -> str:
    paragraph = DIGITS_RE.sub(lambda m: str(rng.randrange(10 ** (len(m.group()) - 1), 10 ** len(m.group())))
                              if len(m.group()) > 1 else str(rng.randrange(1, 10)), paragraph)
    return name_re.sub(lambda _m: rng.choice(names), paragraph)


def generate(raw: Path, out: Path, n: int, seed: int = 0) -> int:
    """Write `n` documents into `out`; returns the total number of bytes written."""
    out.mkdir(parents=True, exist_ok=True)
    pool = paragraphs(raw)
    names = sorted({row["name"] for row in read_table("organisations.csv") if len(row["name"]) > 6})
    common = [n for n in names if any(n in p for p in pool)]
    name_re = re.compile("|".join(re.escape(n) for n in sorted(common, key=len, reverse=True)) or "(?!)")
    total = 0
    for i in range(n):
        rng = random.Random(seed * 1_000_003 + i)
        parts = [f"Briefing {i}: {rng.choice(names)} on modern slavery"]
        size = len(parts[0])
        while size < TARGET_BYTES:
            p = _vary(rng.choice(pool), rng, names, name_re)
            parts.append(p)
            size += len(p) + 2
        data = ("\n\n".join(parts) + "\n").encode("utf-8")
        (out / f"bench_{i:06d}.txt").write_bytes(data)
        total += len(data)
    return total
