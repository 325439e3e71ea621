"""A running gateway on loopback for tests: the real app on uvicorn, upstreams simulated.

``running_gateway`` builds the gateway from the built-in defaults with the in-process
simulator serving every provider, a SQLite key store in a temporary directory, and
optionally an admin key; it yields a handle with the base URL and the simulator state.
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx2

from modelrouter.config.loader import build_settings, default_data, merge
from modelrouter.config.sim import SimModelSpec
from modelrouter.router import Router
from modelrouter.server.app import create_app, limiter_for
from modelrouter.server.auth import Authenticator
from modelrouter.server.gateway import Gateway
from modelrouter.server.loopback import serving
from modelrouter.sim import SimState
from modelrouter.store.db import connect
from modelrouter.store.keys import KeyStore
from modelrouter.store.ledger import Ledger, read_attempts, read_requests

# A function tool in the Responses API's flat form, as agents send it.
WEATHER_TOOL: dict[str, Any] = {
    "type": "function",
    "name": "get_weather",
    "description": "Get the current weather for a city",
    "parameters": {
        "type": "object",
        "properties": {"city": {"type": "string"}},
        "required": ["city"],
    },
}

ADMIN_KEY = "mr-admin-test-key"


@dataclass
class RunningGateway:
    """A gateway serving on loopback."""

    url: str
    gateway: Gateway
    store: KeyStore
    app: Any = None

    @property
    def dashboard(self) -> Any:
        """The app's dashboard (``server/ui``): its sessions issue login links."""
        return self.app.state.dashboard

    def ledger(self) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
        """Request and attempt rows written so far (after letting the writer flush)."""
        deadline = time.monotonic() + 5
        ledger = self.gateway.ledger
        assert ledger is not None
        while ledger._pending and time.monotonic() < deadline:
            time.sleep(0.02)
        time.sleep(0.05)
        engine = self.store.engine
        return read_requests(engine), read_attempts(engine)

    @property
    def sim(self) -> SimState:
        """The simulator behind every provider."""
        state: SimState = self.gateway.router.sim_app.state.sim
        return state

    def fault(self, model: str, **spec: Any) -> None:
        """Make ``model`` misbehave (see ``SimModelSpec``)."""
        self.sim.configure(model, SimModelSpec(**spec))

    def heal(self) -> None:
        """Every simulated model back to normal."""
        self.sim.reset()


@contextmanager
def running_gateway(
    tmp: Path, *, admin: bool = False, **overrides: Any
) -> Iterator[RunningGateway]:
    """Serve a gateway over the simulator; ``overrides`` merge into the settings."""
    data = merge(default_data(), {"sim": {"enabled": True}, "routing": {"backoff_base": 0.001}})
    settings = build_settings(merge(data, overrides))
    engine = connect(f"sqlite:///{tmp / 'gateway.db'}")
    store = KeyStore(engine)
    admin_key = ADMIN_KEY if admin else None
    require = settings.gateway.require_keys
    auth = Authenticator(store, admin_key, require=require, refresh_seconds=0.05)
    router = Router(settings)
    ledger = Ledger(engine, interval=0.02)
    gateway = Gateway(router, auth, settings.gateway, ledger, limiter=limiter_for(router))
    app = create_app(gateway, engine)
    with serving(app) as url:
        yield RunningGateway(url, gateway, store, app)


def csrf_of(html: str) -> str:
    """The CSRF token of a dashboard page's form."""
    found = re.search(r'name="csrf" value="([^"]+)"', html)
    assert found, "the page has a form with a CSRF field"
    return found.group(1)


def ui_login(http: httpx2.Client, key: str = ADMIN_KEY) -> httpx2.Response:
    """Log ``http`` in to the dashboard through its login form."""
    form = http.get("/ui/login")
    return http.post("/ui/login", data={"csrf": csrf_of(form.text), "admin_key": key})


@contextmanager
def demo_ui(cwd: Path, *args: str, config: Path | None = None) -> Iterator[str]:
    """``modelrouter [--config config] demo --ui`` (with ``args``) run in ``cwd`` as a
    newcomer would; yields the one-time login link it prints, then stops it with Ctrl-C
    (SIGINT), which must end it cleanly."""
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[1] / "src")}
    env.pop("MODELROUTER_CONFIG", None)
    configured = ["--config", str(config)] if config else []
    command = [sys.executable, "-m", "modelrouter", *configured, "demo", *args, "--ui"]
    # Ctrl-C as at a terminal, even when the tests run in a background job: the shell
    # starts those with SIGINT ignored, and a child started so would ignore it too.
    ignored = signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        demo = subprocess.Popen(
            command, cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True
        )
    finally:
        signal.signal(signal.SIGINT, ignored)
    try:
        assert demo.stdout is not None
        link = None
        for line in demo.stdout:
            if "one-time login link" in line:
                link = line.split(": ", 1)[1].strip()
                break
        assert link is not None, "the demo printed its login link"
        yield link
    finally:
        demo.send_signal(signal.SIGINT)
        code = demo.wait(timeout=20)
        if demo.stdout is not None:
            demo.stdout.close()
    assert code == 0
