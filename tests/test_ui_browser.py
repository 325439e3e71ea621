"""The dashboard in a real browser: headless Chromium (Debian's ``chromium``) driven by
Playwright for Python, pointed at that executable (no downloaded browser).

Log in, every page (no console error, charts drawn on their canvas), a key created in the
UI answers a chat request, a key name and a task name holding ``<script>`` are shown as
text, a form without its CSRF token is refused, logout, no access without the cookie, the
circuit panel changing without a reload when a circuit opens, and the dashboard of
``modelrouter demo --ui`` entered through its one-time link. Skips, saying why, when
chromium or playwright is missing. With ``MODELROUTER_SCREENSHOTS=DIR`` the demo's test
saves a screenshot of each page there (docs/img), on the demo's data.
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx2
import pytest
from tests.gateway_fixtures import ADMIN_KEY, RunningGateway, demo_ui, running_gateway

pytestmark = pytest.mark.browser
playwright_api = pytest.importorskip(
    "playwright.sync_api", reason="playwright is not installed (pip install playwright)"
)
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
if CHROMIUM is None:
    pytest.skip("no chromium executable (apt-get install chromium)", allow_module_level=True)

EVIL_KEY = "<script>alert('key')</script>"
EVIL_TASK = "<script>alert('task')</script>"
PAGES = {
    "overview": "/ui/overview?range=24h",
    "routing": "/ui/routing",
    "quality": "/ui/quality",
    "keys": "/ui/keys",
    "requests": "/ui/requests",
}


@pytest.fixture(scope="module")
def gw(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningGateway]:
    from modelrouter.config.loader import default_data

    simple = dict(default_data()["tasks"]["simple"], examples=[], keywords=[])
    with running_gateway(
        tmp_path_factory.mktemp("browser"), admin=True, tasks={EVIL_TASK: simple}
    ) as running:
        _traffic(running)
        yield running


PROMPTS = (
    ("route:simple", "hi {i}"),
    ("auto", "Write a Python function that returns {i} squared."),
    ("auto", "What is {i} * 17 + 3? Show your working."),
    (f"route:{EVIL_TASK}", "hello {i}"),
)


def _traffic(gw: RunningGateway) -> None:
    with httpx2.Client(base_url=gw.url, timeout=30) as http:
        for i in range(6):
            for model, prompt in PROMPTS:
                content = prompt.format(i=i)
                body = {"model": model, "messages": [{"role": "user", "content": content}]}
                assert http.post("/v1/chat/completions", json=body).status_code == 200
        gw.fault("kimi-k2.6", down=True)
        body = {"model": "route:simple", "messages": [{"role": "user", "content": "again"}]}
        assert http.post("/v1/chat/completions", json=body).status_code == 200
        gw.heal()
    gw.ledger()


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with playwright_api.sync_playwright() as p:
        launched = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        yield launched
        launched.close()


class Watched:
    """A page whose console errors, uncaught exceptions and dialogs are collected."""

    def __init__(self, context: Any) -> None:
        self.page = context.new_page()
        self.errors: list[str] = []
        self.dialogs: list[str] = []
        self.page.on("console", self._console)
        self.page.on("pageerror", lambda exc: self.errors.append(str(exc)))
        self.page.on("dialog", self._dialog)

    def _console(self, message: Any) -> None:
        if message.type == "error":
            self.errors.append(message.text)

    def _dialog(self, dialog: Any) -> None:
        self.dialogs.append(dialog.message)
        dialog.dismiss()


def _login(gw: RunningGateway, watched: Watched) -> None:
    page = watched.page
    page.goto(f"{gw.url}/ui/overview")
    assert page.url.endswith("/ui/login"), "no session: the login form"
    page.fill("input[name=admin_key]", ADMIN_KEY)
    page.click("button[type=submit]")
    page.wait_for_url("**/ui/overview")


SHOT_MAX_HEIGHT = 1800  # long tables (100 requests, 50 detours) are cut: the top tells


def _shoot(page: Any, name: str) -> None:
    folder = os.environ.get("MODELROUTER_SCREENSHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        width, height = page.evaluate(
            "[document.documentElement.scrollWidth, document.documentElement.scrollHeight]"
        )
        clip = {"x": 0, "y": 0, "width": width, "height": min(height, SHOT_MAX_HEIGHT)}
        path = str(Path(folder) / f"dashboard-{name}.png")
        page.screenshot(path=path, full_page=True, clip=clip)


def _painted(page: Any, selector: str) -> int:
    """How many pixels of the chart's canvas are not transparent."""
    script = """(selector) => {
        const canvas = document.querySelector(selector);
        const data = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
        let painted = 0;
        for (let i = 3; i < data.length; i += 4) { if (data[i] > 0) painted++; }
        return painted;
    }"""
    return int(page.evaluate(script, selector))


def test_every_page_renders_without_errors_and_charts_draw(
    gw: RunningGateway, browser: Any
) -> None:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    watched = Watched(context)
    _login(gw, watched)
    page = watched.page
    for name, path in PAGES.items():
        response = page.goto(f"{gw.url}{path}")
        assert response is not None and response.status == 200, name
        if name == "overview":
            for chart in ("#chart-requests", "#chart-cost"):
                page.wait_for_selector(f"{chart}[data-drawn='1'] canvas")
                assert _painted(page, f"{chart} canvas") > 500, f"{chart} drew nothing"
            assert page.inner_text("#total-requests") == "25"
    page.click("#requests tbody tr:first-child a")
    page.wait_for_selector("#attempts")
    assert watched.errors == [] and watched.dialogs == []
    context.close()


def test_key_created_in_the_ui_answers_a_chat(gw: RunningGateway, browser: Any) -> None:
    context = browser.new_context()
    watched = Watched(context)
    _login(gw, watched)
    page = watched.page
    page.goto(f"{gw.url}/ui/keys")
    page.fill("form.create input[name=name]", EVIL_KEY)
    page.click("form.create button[type=submit]")
    key = page.inner_text("#new-key")
    with httpx2.Client(base_url=gw.url) as http:
        body = {"model": "route:simple", "messages": [{"role": "user", "content": "hello"}]}
        answer = http.post(
            "/v1/chat/completions", json=body, headers={"authorization": f"Bearer {key}"}
        )
    assert answer.status_code == 200
    gw.ledger()
    for path in ("/ui/keys", "/ui/overview", "/ui/routing", "/ui/requests"):
        page.goto(f"{gw.url}{path}")
        text = page.inner_text("main")
        assert EVIL_KEY in text or EVIL_TASK in text, f"{path} shows the names as text"
        inline = page.evaluate(
            "Array.from(document.scripts).filter(s => !s.src && s.type !== 'application/json')"
            ".length"
        )
        assert inline == 0, f"{path}: a name became a script element"
    assert watched.dialogs == [] and watched.errors == []
    context.close()


def test_a_form_without_its_csrf_token_is_refused(gw: RunningGateway, browser: Any) -> None:
    context = browser.new_context()
    watched = Watched(context)
    _login(gw, watched)
    page = watched.page
    page.goto(f"{gw.url}/ui/keys")
    page.evaluate("document.querySelector('form.create input[name=csrf]').remove()")
    page.fill("form.create input[name=name]", "forged")
    with page.expect_navigation() as navigation:
        page.click("form.create button[type=submit]")
    assert navigation.value.status == 403
    assert "CSRF" in page.inner_text("main")
    assert all(k.name != "forged" for k in gw.store.all())
    context.close()


def test_logout_and_no_access_without_the_cookie(gw: RunningGateway, browser: Any) -> None:
    context = browser.new_context()
    watched = Watched(context)
    _login(gw, watched)
    page = watched.page
    cookie = next(c for c in context.cookies() if c["name"] == "mr_ui")
    assert cookie["httpOnly"] and cookie["sameSite"] == "Strict"
    assert page.evaluate("document.cookie") == "", "the session cookie is not readable by JS"
    page.click("header form.logout button")
    page.wait_for_url("**/ui/login")
    page.goto(f"{gw.url}/ui/keys")
    assert page.url.endswith("/ui/login")
    context.close()
    fresh = browser.new_context()
    stranger = fresh.new_page()
    for path in PAGES.values():
        stranger.goto(f"{gw.url}{path}")
        assert stranger.url.endswith("/ui/login"), path
    fresh.close()


def test_the_circuit_panel_changes_without_a_reload(tmp_path: Path, browser: Any) -> None:
    routing = {"circuit": {"failures": 2, "cooldown_s": 60.0}, "retries_per_model": 0}
    with running_gateway(tmp_path, admin=True, routing=routing) as live:
        context = browser.new_context()
        watched = Watched(context)
        _login(live, watched)
        page = watched.page
        loads: list[str] = []
        page.goto(f"{live.url}/ui/routing")
        page.on("load", lambda: loads.append(page.url))
        page.evaluate("window.sameDocument = true")
        row = "#circuits tr[data-model='kimi-k2.6']"
        assert "closed" in page.inner_text(f"{row} td.state")
        live.fault("kimi-k2.6", error_rate=1.0, faults=["server_error"])
        body = {"model": "route:simple", "messages": [{"role": "user", "content": "hello"}]}
        for _ in range(2):  # two failures in a row: its circuit opens (answers by fallback)
            assert httpx2.post(f"{live.url}/v1/chat/completions", json=body).status_code == 200
        page.wait_for_selector(f"{row}.state-open", timeout=10_000)
        assert page.inner_text(f"{row} td.state") == "open"
        assert page.evaluate("window.sameDocument") is True and loads == [], "no reload"
        assert int(page.get_attribute("#circuits-panel", "data-refreshed") or 0) >= 1
        assert watched.errors == []
        context.close()


# The operator's side of the demo: a budget for the gateway and one key, and two keys made
# in the dashboard that then send some traffic (the demo's own requests carry no key).
DEMO_BUDGETS = {
    "budgets": {
        "total": {"daily_usd": 500.0, "monthly_usd": 5000.0},
        "keys": {"nightly-batch": {"daily_usd": 2.0, "monthly_usd": 20.0}},
    }
}
DEMO_KEYS = (
    ("search-frontend", {"rpm": "120"}),
    ("nightly-batch", {"providers": "deepseek, dashscope"}),
)


def _demo_keys(page: Any, base: str) -> None:
    """Create the demo's keys in the UI and send a few requests with each."""
    for name, fields in DEMO_KEYS:
        page.goto(f"{base}/ui/keys")
        page.fill("form.create input[name=name]", name)
        for field, value in fields.items():
            page.fill(f"form.create input[name={field}]", value)
        page.click("form.create button[type=submit]")
        key = page.inner_text("#new-key")
        with httpx2.Client(base_url=base, timeout=30) as http:
            for i in range(4):
                content = f"Summarise in one line: order {i} shipped late, customer upset."
                body = {"model": "auto", "messages": [{"role": "user", "content": content}]}
                headers = {"authorization": f"Bearer {key}"}
                assert http.post("/v1/chat/completions", json=body, headers=headers).is_success


def test_the_demo_dashboard_through_its_login_link(tmp_path: Path, browser: Any) -> None:
    """What a newcomer sees after ``modelrouter demo --ui`` (plus budgets and two keys an
    operator adds): the docs' screenshots."""
    config = tmp_path / "budgets.yaml"
    config.write_text(json.dumps(DEMO_BUDGETS))  # JSON is YAML
    with demo_ui(tmp_path, config=config) as link:
        base = link.split("/ui/")[0]
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        watched = Watched(context)
        page = watched.page
        page.goto(link)
        page.wait_for_url("**/ui/overview")
        _demo_keys(page, base)
        time.sleep(0.5)  # the ledger writer's next batch
        for name, path in PAGES.items():
            response = page.goto(f"{base}{path}")
            assert response is not None and response.status == 200, name
            if name == "overview":
                page.wait_for_selector("#chart-cost[data-drawn='1'] canvas")
                assert int(page.inner_text("#total-requests")) >= 308
                assert "nightly-batch" in page.inner_text("main"), "a top key"
            if name == "routing":
                page.wait_for_selector("#circuits-panel[data-refreshed]", timeout=10_000)
            if name == "keys":
                assert "nightly-batch" in page.inner_text("#budgets")
                assert "4 / 120" in page.inner_text("#keys"), "search-frontend's last minute"
            assert "<script>" not in page.inner_text("main"), "demo data, not the escaping test's"
            if name != "quality":  # the closed loop's demo shows quality (below)
                _shoot(page, name)
        with sqlite3.connect(tmp_path / "modelrouter-demo.db") as db:  # a failover's trace
            query = "SELECT id FROM requests WHERE attempts > 1 ORDER BY ts DESC LIMIT 1"
            (failover,) = db.execute(query).fetchone()
        page.goto(f"{base}/ui/requests/{failover}")
        assert page.locator("#attempts tbody tr").count() > 1
        _shoot(page, "trace")
        assert watched.errors == [] and watched.dialogs == []
        context.close()


def test_the_closed_loop_demo_quality_page(tmp_path: Path, browser: Any) -> None:
    """After ``modelrouter demo --loop --ui`` the Quality page shows the judge's scores
    next to the checks, and the adaptive policy's changes of first choice with reasons."""
    with demo_ui(tmp_path, "--loop") as link:
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        watched = Watched(context)
        page = watched.page
        page.goto(link)
        page.wait_for_url("**/ui/overview")
        page.goto(link.split("/ui/")[0] + "/ui/quality")
        sources = page.eval_on_selector_all(
            "#quality tbody tr td:nth-child(3)", "cells => cells.map(c => c.textContent)"
        )
        assert {"judge", "checks"} <= set(sources), sources
        events = page.eval_on_selector_all(
            "#events tbody tr td:nth-child(6)", "cells => cells.length"
        )
        assert events >= 1, "the adaptive policy changed a first choice, with its reason"
        _shoot(page, "quality")
        assert watched.errors == [] and watched.dialogs == []
        context.close()
