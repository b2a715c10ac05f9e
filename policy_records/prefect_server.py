"""Prefect's temporary API server, started before Prefect is imported so that it boots alongside the release.

With no `PREFECT_API_URL`, Prefect starts a temporary server (a uvicorn subprocess) at the flow's
first API call and waits for it: about 3 s on this machine, plus 1.6 s in the release process to import
the server's code only to launch it. Started here instead, by a fresh `policy-records release` process,
the same server (same command, same database under PREFECT_HOME) boots on the other core while the
release imports its own modules, and the release process never imports the server's code.

The server listens on a socket this process binds (port chosen by the OS, so no port race) and is
stopped when the process exits, after Prefect's own exit handlers have sent their last events. An API
configured for Prefect (`PREFECT_API_URL` in the environment, a profile or a settings file) is always
respected: the server started here is stopped again and the flow runs against the configured API.
"""

from __future__ import annotations

import atexit
import os
import socket
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass

STARTUP_TIMEOUT = 60.0  # seconds, as PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS in cli.PREFECT_DEFAULTS


class ServerDidNotStart(RuntimeError):
    """The temporary server exited or did not answer its health check in time."""


@dataclass
class Server:
    url: str  # the API URL, as PREFECT_API_URL
    process: subprocess.Popen

    def wait_healthy(self, timeout: float = STARTUP_TIMEOUT) -> None:
        deadline = time.monotonic() + timeout
        local = urllib.request.build_opener(urllib.request.ProxyHandler({}))  # never through an HTTP proxy
        while True:
            if self.process.poll() is not None:
                raise ServerDidNotStart(f"Prefect's temporary API server exited with code {self.process.returncode}")
            try:
                with local.open(f"{self.url}/health", timeout=5) as response:
                    if response.status == 200:
                        return
            except OSError:
                pass
            if time.monotonic() > deadline:
                raise ServerDidNotStart(f"Prefect's temporary API server at {self.url} did not answer "
                                        f"within {timeout:.0f} s")
            time.sleep(0.05)

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def start() -> Server | None:
    """Start the server and point Prefect at it; None (nothing started, or stopped again) when Prefect
    is configured with an API (environment, profile or settings file), was imported before this call
    (tests, other callers: Prefect then starts its own as usual), or cannot be re-pointed. Call
    `wait_healthy()` before the first flow run."""
    if "prefect" in sys.modules or os.environ.get("PREFECT_API_URL") or os.name != "posix":  # --fd: POSIX only
        return None
    server = launch()  # boots while Prefect's settings load below
    atexit.register(server.stop)  # registered before Prefect's handlers, so it runs after them
    import prefect.context
    from prefect.settings import get_current_settings

    refresh = getattr(prefect.context, "refresh_global_settings_context", None)
    if get_current_settings().api.url or refresh is None:
        server.stop()
        return None
    os.environ["PREFECT_API_URL"] = server.url
    refresh()  # Prefect read its settings at import, before PREFECT_API_URL was set
    return server


def launch() -> Server:
    """Run Prefect's API server (the command Prefect runs for its temporary server) on a free local port."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        sock.listen(128)
        env = {**os.environ, "PREFECT_UI_ENABLED": "0",
               # Prefect's own markers for its temporary server: no UI, no background services
               "PREFECT__SERVER_EPHEMERAL": "1", "PREFECT__SERVER_FINAL": "1"}
        process = subprocess.Popen(
            [sys.executable, "-m", "uvicorn", "--factory", "prefect.server.api.server:create_app",
             "--fd", str(sock.fileno()), "--log-level", "error", "--lifespan", "on"],
            env=env, pass_fds=(sock.fileno(),))
        return Server(f"http://127.0.0.1:{sock.getsockname()[1]}/api", process)
