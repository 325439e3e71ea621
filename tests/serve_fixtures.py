"""Starting a real ``modelrouter serve`` process for tests, and waiting until it answers."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx2


def free_port() -> int:
    """A TCP port free on loopback right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def start_serve(
    tmp: Path, *args: str, config: Path | None = None, stderr: int | None = subprocess.PIPE
) -> tuple[subprocess.Popen[str], str]:
    """``modelrouter [--config CONFIG] serve --sim ARGS`` with its database and home in
    ``tmp``; returns the process and its base URL once ``/healthz`` answers."""
    port = free_port()
    env = {**os.environ, "MODELROUTER_DB": str(tmp / "gw.db"), "HOME": str(tmp)}
    command = [sys.executable, "-m", "modelrouter"]
    if config is not None:
        command += ["--config", str(config)]
    command += ["serve", "--sim", "--port", str(port), *args]
    process = subprocess.Popen(command, env=env, stderr=stderr, text=True, cwd=tmp)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while True:
        try:
            if httpx2.get(f"{url}/healthz", timeout=1).status_code == 200:
                return process, url
        except httpx2.TransportError:
            pass
        assert time.monotonic() < deadline and process.poll() is None, "serve did not start"
        time.sleep(0.2)
