"""A running gateway on loopback for tests: the real app on uvicorn, upstreams simulated.

``running_gateway`` builds the gateway from the built-in defaults with the in-process
simulator serving every provider, a SQLite key store in a temporary directory, and
optionally an admin key; it yields a handle with the base URL and the simulator state.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from modelrouter.config.loader import build_settings, default_data, merge
from modelrouter.config.schema import SimModelSpec
from modelrouter.router import Router
from modelrouter.server.app import create_app, limiter_for
from modelrouter.server.auth import Authenticator
from modelrouter.server.gateway import Gateway
from modelrouter.server.loopback import serving
from modelrouter.sim import SimState
from modelrouter.store.db import connect
from modelrouter.store.keys import KeyStore
from modelrouter.store.ledger import Ledger, read_attempts, read_requests

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
