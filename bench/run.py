"""`make bench`: time a release of a generated corpus and print one table (and write it as JSON).

Measures, on this machine: the extraction core's MB/s on one core without
Prefect; a full release through the Prefect flow (wall seconds per stage,
documents/s, MB/s, peak RSS, Prefect task runs); an incremental re-release
after editing one document (cached batches) and whether its tables equal a
full rebuild's; and the seeds' release time. Targets are printed next to
the figures; nothing here is a test.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
sys.path.insert(0, str(REPO))

from bench.corpus import generate  # noqa: E402
from policy_records.extract import extract_batch  # noqa: E402
from policy_records.ingest import read_raw  # noqa: E402


def core_speed(raw: Path, sample_mb: float) -> float:
    """Extraction MB/s per core (CPU seconds of this one-threaded process), no Prefect, over the first
    `sample_mb` of the corpus, after a warm-up on the next document: a worker reads the reference data
    and compiles its patterns once, not per batch."""
    docs, _ = read_raw(raw)
    sample, size = [], 0
    for d in docs:
        if size >= sample_mb * 1e6:
            break
        sample.append(d)
        size += d.byte_count
    extract_batch(docs[len(sample):len(sample) + 1] or sample[:1])
    start = time.process_time()
    extract_batch(sample)
    return size / 1e6 / (time.process_time() - start)


def hashes(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir())
            if p.suffix in (".csv", ".parquet")}


def run_cli(args: list[str]) -> tuple[float, dict]:
    """Run `policy-records release` in a fresh process; returns (wall seconds, its JSON outcome)."""
    out = Path(tempfile.mkstemp(suffix=".json")[1])
    cmd = [sys.executable, str(BENCH / "release_once.py"), str(out), *args]
    start = time.perf_counter()
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)
    wall = time.perf_counter() - start
    return wall, json.loads(out.read_text())


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--docs", type=int, default=10_000)
    ap.add_argument("--workers", type=int, default=0, help="also pass --workers N (local Dask cluster)")
    ap.add_argument("--out", default=str(BENCH / "out"))
    args = ap.parse_args(argv)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="policy-records-bench-") as tmp_name:
        tmp = Path(tmp_name)
        raw = tmp / "raw"
        t0 = time.perf_counter()
        mb = generate(REPO / "raw", raw, args.docs) / 1e6
        gen_s = time.perf_counter() - t0
        core = core_speed(raw, sample_mb=min(5.0, mb))
        extra = ["--no-expectations", "--cache", str(tmp / "cache")]
        if args.workers:
            extra += ["--workers", str(args.workers)]
        full_wall, full = run_cli(["--raw", str(raw), "--dist", str(tmp / "a" / "dist"), *extra])
        edited = sorted(raw.iterdir())[len(list(raw.iterdir())) // 2]
        edited.write_text(edited.read_text() + "\nThe Home Office said 1,234 victims were found.\n")
        inc_wall, inc = run_cli(["--raw", str(raw), "--dist", str(tmp / "a" / "dist"), *extra])
        rebuild_wall, rebuild = run_cli(["--raw", str(raw), "--dist", str(tmp / "b" / "dist"), "--no-expectations",
                                         "--no-cache"])
        same = hashes(Path(inc["path"])) == hashes(Path(rebuild["path"]))
        seeds_wall, _ = run_cli(["--dist", str(tmp / "seeds" / "dist"), "--no-cache"])
    figures = {
        "documents": full["documents"], "MB": round(mb, 1), "generate_s": round(gen_s, 1),
        "core_MB_per_s_per_core": round(core, 2),
        "release_wall_s": round(full_wall, 1), "stages_s": full["stages"],
        "documents_per_s": round(full["documents"] / full_wall, 1), "MB_per_s": round(mb / full_wall, 2),
        "peak_rss_MB": full["peak_rss_MB"], "prefect_task_runs": full["task_runs"],
        "incremental_wall_s": round(inc_wall, 1), "incremental_share": round(inc_wall / full_wall, 2),
        "incremental_stages_s": inc["stages"], "incremental_prefect_task_runs": inc["task_runs"],
        "incremental_equals_full_rebuild": same, "full_rebuild_no_cache_wall_s": round(rebuild_wall, 1),
        "seeds_release_wall_s": round(seeds_wall, 1), "workers": args.workers or "threads",
    }
    targets = {
        "core_MB_per_s_per_core": (">= 5", core >= 5), "release_wall_s": ("<= 120", full_wall <= 120),
        "peak_rss_MB": ("<= 2048", full["peak_rss_MB"] <= 2048),
        "incremental_share": ("<= 0.30", inc_wall / full_wall <= 0.30),
        "incremental_equals_full_rebuild": ("True", same), "seeds_release_wall_s": ("<= 15", seeds_wall <= 15),
    }
    print(f"{'measure':<34} {'value':>14}  target")
    for key, value in figures.items():
        if key in ("stages_s", "incremental_stages_s"):
            prefix = "stage " if key == "stages_s" else "re-release stage "
            for stage, s in value.items():
                print(f"  {prefix + stage:<32} {s:>14.1f}")
            continue
        target, ok = targets.get(key, ("", None))
        mark = "" if ok is None else ("ok" if ok else "MISSED")
        print(f"{key:<34} {value!s:>14}  {target} {mark}")
    (out / "bench.json").write_text(json.dumps({"figures": figures, "targets": {k: v[0] for k, v in targets.items()},
                                                "met": {k: v[1] for k, v in targets.items()}}, indent=2) + "\n")
    print(f"written {out / 'bench.json'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
