"""`python -m flows`: the same release as `policy-records release`."""

from policy_records.cli import main

raise SystemExit(main(["release", *__import__("sys").argv[1:]]))
