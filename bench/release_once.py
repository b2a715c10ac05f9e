"""One release in its own process (so peak RSS is this release's): `release_once.py OUT.json [cli args]`."""

from __future__ import annotations

import json
import resource
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from policy_records.cli import build_parser, run  # noqa: E402


def main() -> int:
    out = Path(sys.argv[1])
    args = build_parser().parse_args(["release", *sys.argv[2:]])
    outcome = run(args)
    rss = max(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
              resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss) / 1024
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
