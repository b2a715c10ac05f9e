"""The `policy-records release` command as a user runs it: a fresh process with its own Prefect server."""

from __future__ import annotations

import os
import subprocess
import sys
import urllib.request
from pathlib import Path

import polars as pl
import pytest

from policy_records import prefect_server
from tests.conftest import CORPUS, REPO


def test_release_command_in_a_fresh_process_publishes_through_its_own_prefect_server(tmp_path: Path):
    env = {k: v for k, v in os.environ.items() if k != "PREFECT_API_URL"}
    env["PREFECT_LOGGING_LEVEL"] = "INFO"  # so that Prefect would say if it started a server of its own
    dist = tmp_path / "dist"
    done = subprocess.run(
        [sys.executable, "-m", "policy_records.cli", "release", "--raw", str(CORPUS), "--dist", str(dist),
         "--pointer", str(tmp_path / "datapackage.json"), "--cache", str(tmp_path / "cache"),
         "--no-expectations"],
        cwd=REPO, env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    assert "Starting temporary server" not in done.stdout + done.stderr
    (release,) = dist.iterdir()
    assert f"release {release.name} written to {release}" in done.stdout
    assert "VALID" in done.stdout
    docs = pl.read_csv(release / "documents.csv")
    assert sorted(docs["document_id"]) == ["blog_page", "cp1252_article", "joint_letter", "news_with_appendix"]


def test_launched_server_answers_its_health_check_and_stops():
    local = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    server = prefect_server.launch()
    try:
        server.wait_healthy()
        with local.open(f"{server.url}/health", timeout=5) as response:
            assert response.status == 200
    finally:
        server.stop()
    assert server.process.returncode is not None
    with pytest.raises(OSError):
        local.open(f"{server.url}/health", timeout=5)


def test_a_server_that_exits_is_reported_not_waited_for():
    process = subprocess.Popen([sys.executable, "-c", "raise SystemExit(3)"])
    server = prefect_server.Server("http://127.0.0.1:9/api", process)
    with pytest.raises(prefect_server.ServerDidNotStart, match="exited with code 3"):
        server.wait_healthy(timeout=30)


def test_nothing_is_started_when_an_api_is_configured_or_prefect_already_imported(monkeypatch):
    monkeypatch.setenv("PREFECT_API_URL", "http://127.0.0.1:4200/api")
    assert prefect_server.start() is None
    monkeypatch.delenv("PREFECT_API_URL")
    monkeypatch.setitem(sys.modules, "prefect", sys.modules.get("prefect", object()))
    assert prefect_server.start() is None
    assert "PREFECT_API_URL" not in os.environ


def test_an_api_configured_in_a_prefect_profile_is_respected(tmp_path: Path):
    profiles = tmp_path / "profiles.toml"
    profiles.write_text('active = "remote"\n\n[profiles.remote]\nPREFECT_API_URL = "http://127.0.0.1:9/api"\n')
    env = {k: v for k, v in os.environ.items() if k != "PREFECT_API_URL"}
    env["PREFECT_PROFILES_PATH"] = str(profiles)
    probe = ("import os; from policy_records import prefect_server; server = prefect_server.start(); "
             "from prefect.settings import get_current_settings; "
             "print(server, os.environ.get('PREFECT_API_URL'), get_current_settings().api.url)")
    done = subprocess.run([sys.executable, "-c", probe], cwd=REPO, env=env, capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["None", "None", "http://127.0.0.1:9/api"]
