"""Command line: `policy-records release` and `policy-records validate PATH`."""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
from pathlib import Path

from policy_records import prefect_server
from policy_records.ingest import InputChanged
from policy_records.pipeline import CACHE_DIR as DEFAULT_CACHE
from policy_records.pipeline import DEFAULT_DIST, DEFAULT_RAW
from policy_records.validate import EXPECTATIONS, validate_package

PREFECT_DEFAULTS = {
    "PREFECT_SERVER_ANALYTICS_ENABLED": "false",  # no telemetry calls from the embedded server
    "PREFECT_LOGGING_LEVEL": "WARNING",  # our own progress lines say what happens
    "PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS": "60",
    "DASK_LOGGING__DISTRIBUTED": "warning",  # Dask's scheduler and workers chat at INFO
}


DASK_IN_FLIGHT = 32  # for a cluster of unknown size: at most 32 batches' texts (<= 256 MB) in memory


def _configure_prefect() -> None:
    for key, value in PREFECT_DEFAULTS.items():
        os.environ.setdefault(key, value)
    logging.getLogger("distributed").setLevel(logging.WARNING)


def task_runner(args: argparse.Namespace):
    """Dask when asked for (an existing scheduler, or a local cluster of N worker processes), else threads."""
    if not (args.dask_address or args.workers):
        return None
    from prefect_dask import DaskTaskRunner

    if args.dask_address:
        return DaskTaskRunner(address=args.dask_address)
    return DaskTaskRunner(cluster_kwargs={"n_workers": args.workers, "threads_per_worker": 1,
                                          "processes": True, "dashboard_address": ":0"})


def run(args: argparse.Namespace):
    """Run the release as the arguments say; returns a `pipeline.Outcome`."""
    expectations = None if args.no_expectations else Path(args.expectations)
    raw, dist = Path(args.raw).resolve(), Path(args.dist).resolve()
    pointer = Path(args.pointer).resolve() if args.pointer else None
    cache = None if args.no_cache else Path(args.cache).resolve()
    if args.no_prefect:
        from policy_records.pipeline import run_release

        return run_release(raw, dist, pointer=pointer, expectations=expectations, cache=cache)
    _configure_prefect()
    server = prefect_server.start()  # boots while the flow's modules import
    from flows.release import release

    flow = release
    runner = task_runner(args)
    if runner is not None:
        flow = release.with_options(task_runner=runner)
    if server is not None:
        server.wait_healthy()
    return flow(raw=raw, dist=dist, pointer=pointer, expectations=expectations, cache=cache,
                in_flight=in_flight(args))


def in_flight(args: argparse.Namespace) -> int:
    """Batches submitted at a time: enough to keep every worker busy; each holds its texts in memory."""
    if args.dask_address:
        return args.in_flight or DASK_IN_FLIGHT
    return args.in_flight or 2 * max(args.workers, 1)


def cmd_release(args: argparse.Namespace) -> int:
    if not Path(args.raw).is_dir():
        print(f"error: raw folder {args.raw} does not exist", file=sys.stderr)
        return 2
    try:
        outcome = run(args)
    except InputChanged as exc:
        print(f"error: {exc}; nothing was published", file=sys.stderr)
        return 2
    except prefect_server.ServerDidNotStart as exc:
        print(f"error: {exc}; nothing was published", file=sys.stderr)
        return 1
    published = outcome.published
    if published is None:
        print("release NOT published: validation failed (see above); the previous release is unchanged",
              file=sys.stderr)
        return 1
    if published.created:
        print(f"release {published.version} written to {published.path}")
    else:
        print(f"data unchanged: latest release {published.version} is current at {published.path}")
    return 0


def cmd_validate(args: argparse.Namespace) -> int:
    path = Path(args.path)
    descriptor = path / "datapackage.json" if path.is_dir() else path
    expectations = None
    if not args.no_expectations and descriptor.exists():
        name = json.loads(descriptor.read_text(encoding="utf-8")).get("name")
        from policy_records.publish import PACKAGE

        expectations = EXPECTATIONS if name == PACKAGE["name"] else None
    report = validate_package(descriptor, expectations)
    print(f"validating {descriptor}")
    print(report.render())
    return 0 if report.valid else 1


def cmd_docs(args: argparse.Namespace) -> int:
    from policy_records.dictionary import update_readme
    from policy_records.pipeline import REPO

    changed = update_readme(REPO / "README.md")
    print("README.md field tables " + ("updated from schemas/" if changed else "already match schemas/"))
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="policy-records", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    rel = sub.add_parser("release", help="build, validate and publish a release from raw texts")
    rel.add_argument("--raw", default=str(DEFAULT_RAW), help="folder of raw texts (default: the repo's raw/)")
    rel.add_argument("--dist", default=str(DEFAULT_DIST), help="releases folder (default: the repo's dist/)")
    rel.add_argument("--pointer", help="top-level datapackage.json to point at the release "
                                       "(default: next to the dist folder)")
    rel.add_argument("--expectations", default=str(EXPECTATIONS), help="row-count expectations CSV")
    rel.add_argument("--no-expectations", action="store_true", help="skip the row-count expectations")
    rel.add_argument("--no-prefect", action="store_true", help="run the same stages without Prefect")
    rel.add_argument("--cache", default=str(DEFAULT_CACHE), help="folder for cached per-batch extraction results")
    rel.add_argument("--no-cache", action="store_true", help="extract every batch again")
    rel.add_argument("--workers", type=int, default=0, help="run extraction on a local Dask cluster of N workers")
    rel.add_argument("--dask-address", help="run extraction on an existing Dask scheduler, e.g. tcp://HOST:8786")
    rel.add_argument("--in-flight", type=int, default=0,
                     help="batches submitted at a time (default: 2 per worker; 32 with --dask-address)")
    rel.set_defaults(func=cmd_release)
    val = sub.add_parser("validate", help="validate a release folder or any datapackage.json")
    val.add_argument("path")
    val.add_argument("--no-expectations", action="store_true")
    val.set_defaults(func=cmd_validate)
    docs = sub.add_parser("docs", help="rewrite the README's field tables from schemas/")
    docs.set_defaults(func=cmd_docs)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
