"""One release in its own process, so peak RSS is its process tree's: `release_once.py OUT.json [cli args]`."""

from __future__ import annotations

import json
import resource
import sys
import threading
from pathlib import Path

import psutil

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from policy_records.cli import build_parser, run  # noqa: E402


class TreePeak(threading.Thread):
    """Largest RSS summed over this process and its descendants (Prefect's server, Dask's workers), sampled
    every 0.1 s until `stop()`. The sum counts pages shared between processes once per process, so it errs
    high, never low."""

    def __init__(self) -> None:
        super().__init__(daemon=True)
        self.peak = 0
        self._done = threading.Event()

    def run(self) -> None:
        me = psutil.Process()
        while not self._done.wait(0.1):
            total = 0
            for proc in [me, *me.children(recursive=True)]:
                try:
                    total += proc.memory_info().rss
                except psutil.Error:  # ended between listing and reading
                    pass
            self.peak = max(self.peak, total)

    def stop(self) -> int:
        self._done.set()
        self.join()
        return self.peak


def main() -> int:
    out = Path(sys.argv[1])
    args = build_parser().parse_args(["release", *sys.argv[2:]])
    sampler = TreePeak()
    sampler.start()
    outcome = run(args)
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024  # catches a peak between two samples
    rss = max(sampler.stop(), own) / 2**20
    out.write_text(json.dumps({
        "path": str(outcome.published.path),
        "documents": outcome.documents,
        "stages": {k: round(v, 2) for k, v in outcome.timings.seconds.items()},
        "peak_rss_MB": round(rss),
        "batches": outcome.batches,
        "extracted_batches": outcome.extracted,
        # one per extracted batch, plus ingest, load-cached-batches (with a cache), build-tables, stage,
        # validate and publish
        "task_runs": outcome.extracted + 5 + (0 if args.no_cache else 1),
    }))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
