"""Per-key rate limits shared through a real Redis, and the gateway over shared state:
two gateways count one key's requests together and never overspend a shared budget, an
unreachable Redis answers 503 in the caller's API format, and ``modelrouter serve``
refuses to start without it."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import httpx2
import pytest
from tests.gateway_fixtures import ADMIN_KEY, running_gateway

from modelrouter.config.storage import StorageSpec
from modelrouter.state.limits import SharedWindow
from modelrouter.state.redis import SharedState

ADMIN = {"authorization": f"Bearer {ADMIN_KEY}"}

pytest_plugins = ["tests.redis_fixtures"]

HELLO = {"model": "route:simple", "messages": [{"role": "user", "content": "hello"}]}


class Ticks:
    """Wall-clock seconds the test moves."""

    def __init__(self) -> None:
        self.now = 1_800_000_000.0

    def __call__(self) -> float:
        return self.now


async def test_the_window_slides_and_is_shared(shared: dict[str, Any]) -> None:
    ticks = Ticks()
    states = [SharedState(StorageSpec(**shared)) for _ in range(2)]
    first, second = (SharedWindow(state, ticks) for state in states)
    assert await first.hit("k1", 2) is None
    ticks.now += 10
    assert await second.hit("k1", 2) is None
    ticks.now += 5
    assert await first.hit("k1", 2) == pytest.approx(45.0)  # the first leaves at +60
    assert await second.hit("k2", 2) is None, "each key has its own window"
    ticks.now += 45
    assert await second.hit("k1", 2) is None
    assert await first.hit("k1", 2) == pytest.approx(10.0)
    for state in states:
        await state.aclose()


def test_two_gateways_share_a_keys_requests_per_minute(
    tmp_path: Path, shared: dict[str, Any]
) -> None:
    with (
        running_gateway(tmp_path, admin=True, storage=shared) as one,
        running_gateway(tmp_path, storage=shared) as two,
    ):
        key, _ = one.store.create("team", rpm_limit=3)
        auth = {"authorization": f"Bearer {key}"}
        statuses = [
            httpx2.post(f"{gw.url}/v1/chat/completions", json=HELLO, headers=auth).status_code
            for gw in (one, two, one)
        ]
        assert statuses == [200, 200, 200]
        for gw in (two, one):
            refused = httpx2.post(f"{gw.url}/v1/chat/completions", json=HELLO, headers=auth)
            assert refused.status_code == 429
            assert refused.json()["error"]["code"] == "rate_limit_exceeded"
            assert 1 <= int(refused.headers["retry-after"]) <= 60
        ready = httpx2.get(f"{one.url}/readyz", headers=ADMIN)  # keys exist: admin only
        assert ready.status_code == 200 and ready.json()["shared_state"] == "ok"


def test_two_gateways_never_overspend_a_shared_budget(
    tmp_path: Path, shared: dict[str, Any]
) -> None:
    limit = 0.03
    budgets = {"total": {"daily_usd": limit, "soft_share": 1.0}}
    # a long prompt and a short answer: each request's cost is close to its worst case
    prompt = "Summarise the budget figures below.\n" + "revenue 1200 costs 900 margin 300\n" * 400
    body = {
        "model": "claude-sonnet-4-6",
        "max_tokens": 16,
        "messages": [{"role": "user", "content": prompt}],
    }

    async def burst(urls: list[str]) -> list[httpx2.Response]:
        async with httpx2.AsyncClient(timeout=30) as http:
            calls = [http.post(f"{url}/v1/chat/completions", json=body) for url in urls]
            return await asyncio.gather(*calls)

    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    with (
        running_gateway(tmp_path / "a", storage=shared, budgets=budgets) as one,
        running_gateway(tmp_path / "b", storage=shared, budgets=budgets) as two,
    ):
        answers = asyncio.run(burst([one.url, two.url] * 30))
        ledgers = [gw.ledger()[0] for gw in (one, two)]
    statuses = sorted({a.status_code for a in answers})
    assert statuses == [200, 429], statuses
    costs = [float(a.headers["x-modelrouter-cost-usd"]) for a in answers if a.status_code == 200]
    spent = sum(costs)
    recorded = sum(row["cost_usd"] for rows in ledgers for row in rows)
    # each gateway alone would let ~$0.03 through (both together ~$0.06); shared, at most
    # the limit, and the budget was used rather than refused too early
    assert limit - 2 * max(costs) < spent <= limit
    assert recorded == pytest.approx(spent)
    assert all(rows for rows in ledgers), "both gateways answered some"


def test_unreachable_redis_answers_503_in_each_api_format(
    tmp_path: Path, unreachable_redis_url: str
) -> None:
    storage = {"redis_url": unreachable_redis_url, "redis_timeout_s": 0.5}
    budgets = {"total": {"daily_usd": 5}}
    with running_gateway(tmp_path, admin=True, storage=storage, budgets=budgets) as gw:
        openai = httpx2.post(f"{gw.url}/v1/chat/completions", json=HELLO)
        assert openai.status_code == 503
        assert openai.json()["error"]["code"] == "shared_state_unavailable"
        assert openai.headers["retry-after"] == "1"
        anthropic = httpx2.post(f"{gw.url}/v1/messages", json=HELLO | {"max_tokens": 20})
        assert anthropic.status_code == 503
        assert anthropic.json()["type"] == "error"
        assert "Redis" in anthropic.json()["error"]["message"]
        key, _ = gw.store.create("limited", rpm_limit=5)
        limited = httpx2.post(
            f"{gw.url}/v1/chat/completions", json=HELLO, headers={"x-api-key": key}
        )
        assert limited.status_code == 503, "the rate limit cannot be counted: refused"
        ready = httpx2.get(f"{gw.url}/readyz", headers=ADMIN)  # keys exist: admin only
        assert ready.status_code == 503
        assert ready.json()["shared_state"] == "unreachable: ConnectionError"
        requests, _ = gw.ledger()
    assert [r["status"] for r in requests] == [503, 503, 503]


def test_serve_refuses_to_start_naming_the_setting(
    tmp_path: Path, unreachable_redis_url: str
) -> None:
    config = tmp_path / "modelrouter.yaml"
    config.write_text("storage:\n  redis_url: ${REDIS_URL}\n  redis_timeout_s: 0.5\n")
    env = {
        **os.environ,
        "MODELROUTER_DB": str(tmp_path / "gw.db"),
        "HOME": str(tmp_path),
        "REDIS_URL": unreachable_redis_url,
    }
    command = [sys.executable, "-m", "modelrouter", "--config", str(config), "serve", "--sim"]
    done = subprocess.run(command, check=False, env=env, capture_output=True, text=True, timeout=60)
    assert done.returncode == 2
    assert f"storage.redis_url: cannot reach Redis at {unreachable_redis_url}" in done.stderr


def test_without_redis_url_redis_is_never_imported(tmp_path: Path) -> None:
    script = (
        "import sys\n"
        "from modelrouter.server.app import build\n"
        "from modelrouter.config.loader import load_settings\n"
        f"build(load_settings(None, {{}}), {{'MODELROUTER_DB': {str(tmp_path / 'g.db')!r}}})\n"
        "print('redis' in sys.modules)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], check=True, capture_output=True, text=True, timeout=60
    )
    assert done.stdout.strip().splitlines()[-1] == "False"
