"""Who may read /metrics, /readyz and /openapi.json (issue 12, item 9).

``/metrics`` carries the cost per model, ``/readyz`` which providers are down. Once keys
exist they need the admin key by default (``gateway.operations.access: admin``); ``open``
shows them to anyone; ``listen`` serves them only on a separate address, where nothing
else is served. ``/healthz`` is open in every mode.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import httpx2
import pytest
from tests.gateway_fixtures import ADMIN_KEY, running_gateway
from tests.serve_fixtures import free_port, start_serve
from tests.test_fuzz import error_format_problem

from modelrouter.config.loader import build_settings, default_data, merge
from modelrouter.errors import ConfigError

GUARDED = ("/metrics", "/readyz", "/openapi.json")
ADMIN = {"authorization": f"Bearer {ADMIN_KEY}"}


def _statuses(url: str, headers: dict[str, str] | None = None) -> dict[str, int]:
    with httpx2.Client(base_url=url, timeout=30, headers=headers or {}) as http:
        return {path: http.get(path).status_code for path in ("/healthz", *GUARDED)}


def test_by_default_they_need_the_admin_key_once_keys_exist(tmp_path: Path) -> None:
    with running_gateway(tmp_path, admin=True) as gw:
        # no keys yet: the gateway is open (a laptop), and so are these
        assert _statuses(gw.url) == {
            "/healthz": 200,
            "/metrics": 200,
            "/readyz": 200,
            "/openapi.json": 200,
        }
        key, _ = gw.store.create("caller")
        gw.gateway.auth.forget()
        assert _statuses(gw.url) == {
            "/healthz": 200,
            "/metrics": 401,
            "/readyz": 401,
            "/openapi.json": 401,
        }
        caller = {"authorization": f"Bearer {key}"}
        assert _statuses(gw.url, caller) == {
            "/healthz": 200,
            "/metrics": 403,
            "/readyz": 403,
            "/openapi.json": 403,
        }
        assert set(_statuses(gw.url, ADMIN).values()) == {200}
        assert set(_statuses(gw.url, {"x-api-key": ADMIN_KEY}).values()) == {200}
        refused = httpx2.get(f"{gw.url}/metrics", headers=caller, timeout=30)
        assert error_format_problem("/v1/models", 403, refused.json()) is None
        assert "modelrouter_cost_usd" not in refused.text


def test_required_keys_without_an_admin_key_close_them(tmp_path: Path) -> None:
    with running_gateway(tmp_path, gateway={"require_keys": True}) as gw:
        assert _statuses(gw.url) == {
            "/healthz": 200,
            "/metrics": 401,
            "/readyz": 401,
            "/openapi.json": 401,
        }


def test_open_shows_them_to_anyone(tmp_path: Path) -> None:
    with running_gateway(tmp_path, admin=True, gateway={"operations": {"access": "open"}}) as gw:
        gw.store.create("caller")
        gw.gateway.auth.forget()
        assert set(_statuses(gw.url).values()) == {200}
        chat = httpx2.post(f"{gw.url}/v1/chat/completions", json={"model": "auto"}, timeout=30)
        assert chat.status_code == 401, "the data plane still needs a key"


@pytest.mark.parametrize("workers", [1, 2])
def test_listen_serves_them_only_on_the_separate_address(tmp_path: Path, workers: int) -> None:
    ops = free_port()
    config = tmp_path / "modelrouter.yaml"
    config.write_text(f"gateway:\n  operations: {{access: listen, listen: '127.0.0.1:{ops}'}}\n")
    made = subprocess.run(
        [sys.executable, "-m", "modelrouter", "--config", str(config), "keys", "create", "c"],
        env={**os.environ, "MODELROUTER_DB": str(tmp_path / "gw.db"), "HOME": str(tmp_path)},
        capture_output=True,
        text=True,
        check=True,
    )
    key = made.stdout.strip().splitlines()[-1]
    process, url = start_serve(tmp_path, "--workers", str(workers), config=config)
    try:
        caller = {"authorization": f"Bearer {key}"}
        answer = httpx2.post(
            f"{url}/v1/chat/completions",
            json={"model": "auto", "messages": [{"role": "user", "content": "hello"}]},
            headers=caller,
            timeout=30,
        )
        assert answer.status_code == 200, "the main address serves the APIs as before"
        # the main address: healthz only, even with a caller key
        assert _statuses(url, caller) == {
            "/healthz": 200,
            "/metrics": 404,
            "/readyz": 404,
            "/openapi.json": 404,
        }
        # the operations address: all four, no key needed, and nothing else
        side = f"http://127.0.0.1:{ops}"
        assert set(_statuses(side).values()) == {200}
        exposition = httpx2.get(f"{side}/metrics", timeout=30).text
        assert 'modelrouter_requests_total{api="openai"' in exposition
        chat = httpx2.post(
            f"{side}/v1/chat/completions", json={"model": "auto"}, headers=caller, timeout=30
        )
        assert chat.status_code == 404
        assert error_format_problem("/v1/chat/completions", 404, chat.json()) is None
    finally:
        process.terminate()
        process.communicate(timeout=30)


@pytest.mark.parametrize(
    ("operations", "named"),
    [
        ({"access": "listen"}, "gateway.operations: listen: access 'listen' needs an address"),
        ({"access": "closed"}, "gateway.operations.access"),
        ({"access": "listen", "listen": "9464"}, "gateway.operations: listen: expected host:port"),
        ({"listen": "127.0.0.1:8080"}, "gateway: operations.listen: must be another port"),
    ],
)
def test_a_bad_exposure_fails_at_start_naming_the_field(
    operations: dict[str, str], named: str
) -> None:
    with pytest.raises(ConfigError) as error:
        build_settings(merge(default_data(), {"gateway": {"operations": operations}}))
    assert named in error.value.message
