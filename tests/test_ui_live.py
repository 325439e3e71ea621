"""The dashboard's live panels over HTTP: the circuit panel the Routing page polls (behind
the session; with Redis, the state other gateways shared) and the Budgets page read from
the counters the gateway enforces (in process and in a real Redis), beside the ledger."""

from __future__ import annotations

import re
import threading
import time
from pathlib import Path
from typing import Any

import httpx2
from tests.gateway_fixtures import RunningGateway, running_gateway, ui_login

pytest_plugins = ["tests.redis_fixtures"]

HELLO = {"model": "route:simple", "messages": [{"role": "user", "content": "hello"}]}
ROUTING = {"circuit": {"failures": 2, "cooldown_s": 60.0}, "retries_per_model": 0}


def _row(html: str, model: str) -> str:
    found = re.search(rf'<tr class="([^"]+)" data-model="{re.escape(model)}">(.*?)</tr>', html)
    assert found, f"no circuit row for {model}"
    return f"{found.group(1)} {found.group(2)}"


def _trip(gw: RunningGateway, model: str = "kimi-k2.6") -> None:
    """Open ``model``'s circuit: two failures in a row (the answers come by fallback)."""
    gw.fault(model, error_rate=1.0, faults=["server_error"])
    for _ in range(2):
        assert httpx2.post(f"{gw.url}/v1/chat/completions", json=HELLO).status_code == 200


def test_the_circuit_panel_needs_the_session_and_shows_a_circuit_open(tmp_path: Path) -> None:
    with running_gateway(tmp_path, admin=True, routing=ROUTING) as gw:
        with httpx2.Client(base_url=gw.url) as stranger:
            refused = stranger.get("/ui/routing/circuits")
        assert refused.status_code == 401, "a fragment is refused, not sent to the login form"
        with httpx2.Client(base_url=gw.url) as http:
            ui_login(http)
            before = http.get("/ui/routing/circuits")
            assert before.status_code == 200 and "<html" not in before.text, "a fragment"
            assert "state-closed" in _row(before.text, "kimi-k2.6")
            assert before.text.count("data-model=") == len(gw.gateway.router.settings.models)
            _trip(gw)
            after = _row(http.get("/ui/routing/circuits").text, "kimi-k2.6")
            page = http.get("/ui/routing").text
        assert "state-open" in after and ">2 / 2<" not in after  # the window clears on opening
        assert 'data-refresh="/ui/routing/circuits"' in page and "state-open" in page
        assert "no Redis configured" in page


def test_the_panel_lists_each_deployment_of_a_model_and_opens_only_the_failing_one(
    tmp_path: Path,
) -> None:
    """A model served at two providers has a circuit per deployment (issue 17): the panel
    names both, and an outage of one opens that one's circuit only."""
    openrouter = {
        "format": "openai",
        "base_url": "https://openrouter.ai/api/v1",
        "api_key_env": "OPENROUTER_API_KEY",
    }
    kimi = {
        "deployments": [
            {"provider": "moonshot"},
            {"provider": "openrouter", "upstream": "moonshotai/kimi-k2.6"},
        ]
    }
    with (
        running_gateway(
            tmp_path,
            admin=True,
            routing=ROUTING,
            providers={"openrouter": openrouter},
            models={"kimi-k2.6": kimi},
        ) as gw,
        httpx2.Client(base_url=gw.url) as http,
    ):
        ui_login(http)
        before = http.get("/ui/routing/circuits").text
        assert 'data-model="kimi-k2.6"' not in before
        assert "state-closed" in _row(before, "kimi-k2.6@moonshot")
        assert "state-closed" in _row(before, "kimi-k2.6@openrouter")
        gw.fault("kimi-k2.6@moonshot", error_rate=1.0, faults=["server_error"])
        for n in range(2):  # two conversations: a conversation sticks to what answered
            ask = {**HELLO, "messages": [{"role": "user", "content": f"hello {n}"}]}
            assert http.post("/v1/chat/completions", json=ask).status_code == 200
        after = http.get("/ui/routing/circuits").text
    assert "state-open" in _row(after, "kimi-k2.6@moonshot")
    assert "state-closed" in _row(after, "kimi-k2.6@openrouter"), "the other one answered"


def test_the_panel_shows_a_circuit_another_gateway_opened_through_redis(
    tmp_path: Path, shared: dict[str, Any]
) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    with (
        running_gateway(tmp_path / "a", routing=ROUTING, storage=shared) as one,
        running_gateway(tmp_path / "b", admin=True, routing=ROUTING, storage=shared) as two,
        httpx2.Client(base_url=two.url) as http,
    ):
        ui_login(http)
        assert "state-closed" in _row(http.get("/ui/routing/circuits").text, "kimi-k2.6")
        _trip(one)
        time.sleep(0.1)  # the deadline's write to Redis runs beside the answer
        panel = http.get("/ui/routing/circuits").text
    row = _row(panel, "kimi-k2.6")
    assert "state-open" in row, "the second gateway shows the circuit the first one opened"
    assert re.search(r"<td>open \d+\.\d s</td>", row), row
    assert "0 / 0" in row, "its own circuit never saw a call"
    assert "redis redis://127.0.0.1" in panel and "did not answer" not in panel


def _keys_page(http: httpx2.Client) -> str:
    page = http.get("/ui/keys")
    assert page.status_code == 200
    return page.text


def _budget(html: str, scope: str, period: str) -> list[str]:
    """The cells of a row of the budgets table."""
    table = html.split('<table id="budgets">')[1].split("</table>", maxsplit=1)[0]
    for row in re.findall(r"<tr[^>]*>(.*?)</tr>", table, flags=re.S):
        cells = [
            re.sub(r"<[^>]+>", "", c).strip()
            for c in re.findall(r"<td[^>]*>(.*?)</td>", row, flags=re.S)
        ]
        if cells[:2] == [scope, period]:
            return cells
    raise AssertionError(f"no {period} row for {scope}")


def test_budgets_page_reads_the_enforced_counters_in_process(tmp_path: Path) -> None:
    budgets = {
        "total": {"daily_usd": 5.0},
        "keys": {"team": {"daily_usd": 2.0, "monthly_usd": 9.0}},
    }
    with running_gateway(tmp_path, admin=True, budgets=budgets) as gw:
        plaintext, record = gw.store.create("team", rpm_limit=40)
        gw.gateway.auth.forget()
        auth = {"authorization": f"Bearer {plaintext}"}
        for _ in range(3):
            chat = httpx2.post(f"{gw.url}/v1/chat/completions", json=HELLO, headers=auth)
            assert chat.status_code == 200
        requests, _ = gw.ledger()
        spent = sum(r["cost_usd"] for r in requests)
        with httpx2.Client(base_url=gw.url) as http:
            ui_login(http)
            html = _keys_page(http)
    total = _budget(html, "Whole gateway", "daily")
    team_day, team_month = _budget(html, "team", "daily"), _budget(html, "team", "monthly")
    assert spent > 0
    for row, limit in ((total, 5.0), (team_day, 2.0), (team_month, 9.0)):
        ledger, enforced, held, shown_limit, left = (float(c) for c in row[2:7])
        assert abs(enforced - spent) < 1e-4 and abs(ledger - spent) < 1e-4
        assert held == 0 and shown_limit == limit
        assert abs(left - (limit - enforced)) < 1e-4
        assert "differ" not in row[7]
    assert "in this process" in html
    assert re.search(r"<td class=\"num\">3 / 40</td>", html), "requests in the last minute / rpm"
    assert record.id in html


def test_budgets_page_shows_the_shared_counters_and_where_the_ledger_differs(
    tmp_path: Path, shared: dict[str, Any]
) -> None:
    """Two gateways on one Redis, each with its own ledger: the second one's page shows
    the total budget spent through the first (what will refuse its next request), beside
    its own ledger's zero, marked as differing; rate limits are read from Redis too."""
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    budgets = {"total": {"daily_usd": 5.0}}
    with (
        running_gateway(tmp_path / "a", budgets=budgets, storage=shared) as one,
        running_gateway(tmp_path / "b", admin=True, budgets=budgets, storage=shared) as two,
        httpx2.Client(base_url=two.url) as http,
    ):
        for _ in range(2):
            assert httpx2.post(f"{one.url}/v1/chat/completions", json=HELLO).status_code == 200
        requests, _ = one.ledger()
        plaintext, _ = two.store.create("limited", rpm_limit=30)
        two.gateway.auth.forget()
        auth = {"authorization": f"Bearer {plaintext}"}
        assert httpx2.post(f"{two.url}/v1/chat/completions", json=HELLO, headers=auth).is_success
        two.ledger()
        ui_login(http)
        html = _keys_page(http)
    spent_by_one = sum(r["cost_usd"] for r in requests)
    total = _budget(html, "Whole gateway", "daily")
    ledger, enforced = float(total[2]), float(total[3])
    assert enforced > spent_by_one > 0, "the shared counter holds both gateways' spending"
    assert ledger < enforced - spent_by_one + 1e-4, "this gateway's ledger has only its own"
    assert "differ" in total[7] and 'class="differs"' in html
    assert "redis redis://127.0.0.1" in html
    assert re.search(r"<td class=\"num\">1 / 30</td>", html)


def test_the_live_panels_say_so_when_redis_goes_away(tmp_path: Path, private_redis: Any) -> None:
    """Redis stopped under a running gateway: every page still answers; the circuit panel
    says Redis did not answer and shows this process's own state; the Budgets page says
    the enforced counters could not be read, and still shows the ledger's spend."""
    storage = {"redis_url": private_redis.url, "redis_prefix": "gone"}
    budgets = {"total": {"daily_usd": 5.0}}
    with (
        running_gateway(
            tmp_path, admin=True, routing=ROUTING, storage=storage, budgets=budgets
        ) as gw,
        httpx2.Client(base_url=gw.url) as http,
    ):
        _trip(gw)
        requests, _ = gw.ledger()
        ui_login(http)
        assert "state-open" in _row(http.get("/ui/routing/circuits").text, "kimi-k2.6")
        private_redis.stop()
        panel = http.get("/ui/routing/circuits")
        keys = http.get("/ui/keys")
        pages = [http.get(p).status_code for p in ("/ui/overview", "/ui/routing")]
    assert panel.status_code == 200 and "did not answer" in panel.text
    assert "state-open" in _row(panel.text, "kimi-k2.6"), "this process's own state"
    assert keys.status_code == 200
    assert "enforced counters could not be read" in keys.text
    assert "Redis" in keys.text and pages == [200, 200]
    ledger = _budget(keys.text, "Whole gateway", "today / this month")
    assert ledger[2] == " / ".join(2 * [f"{sum(r['cost_usd'] for r in requests):.4f}"])
    assert "unavailable" in ledger[3]


def test_keys_page_shows_each_keys_requests_in_flight(tmp_path: Path) -> None:
    limits = {"limits": {"max_requests_per_key": 4}}
    with (
        running_gateway(tmp_path, admin=True, gateway=limits) as gw,
        httpx2.Client(base_url=gw.url) as http,
    ):
        plaintext, _ = gw.store.create("slow-caller")
        gw.gateway.auth.forget()
        gw.fault("kimi-k2.6", ttft_ms=1500)  # route:simple's primary answers late
        auth = {"authorization": f"Bearer {plaintext}"}
        slow = threading.Thread(
            target=lambda: httpx2.post(
                f"{gw.url}/v1/chat/completions", json=HELLO, headers=auth, timeout=30
            )
        )
        ui_login(http)
        assert ">0 / 4<" in _keys_page(http)
        slow.start()
        deadline = time.monotonic() + 1.2
        seen = False
        while not seen and time.monotonic() < deadline:
            seen = ">1 / 4<" in _keys_page(http)
        slow.join()
        after = _keys_page(http)
    assert seen, "the slow request was shown in flight"
    assert ">0 / 4<" in after and "In flight / max (this process)" in after
