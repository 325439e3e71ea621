"""The dashboard over HTTP (no browser): login, sessions, CSRF, every page, escaping, keys
created and revoked through it. The browser tests are in ``test_ui_browser.py``."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import httpx2
import pytest
from tests.gateway_fixtures import ADMIN_KEY, RunningGateway, demo_ui, running_gateway
from tests.gateway_fixtures import csrf_of as _csrf
from tests.gateway_fixtures import ui_login as _login

PAGES = ("/ui/overview", "/ui/routing", "/ui/quality", "/ui/keys", "/ui/requests")
EVIL = "<script>alert(1)</script>"


@pytest.fixture(scope="module")
def gw(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningGateway]:
    with running_gateway(tmp_path_factory.mktemp("ui"), admin=True) as running:
        yield running


def test_pages_need_a_session_and_the_admin_key(gw: RunningGateway) -> None:
    with httpx2.Client(base_url=gw.url) as http:
        for page in PAGES:
            response = http.get(page)
            assert response.status_code == 303 and response.headers["location"] == "/ui/login"
        wrong = _login(http, "not-the-key")
        assert wrong.status_code == 401 and "not the admin key" in wrong.text
        assert "mr_ui" not in http.cookies
        entered = _login(http)
        assert entered.status_code == 303
        cookie = entered.headers["set-cookie"].lower()
        assert "httponly" in cookie and "samesite=strict" in cookie and "path=/ui" in cookie
        for page in PAGES:
            response = http.get(page)
            assert response.status_code == 200, page
            assert "script-src 'self'" in response.headers["content-security-policy"]
        forged = http.cookies["mr_ui"][:-2] + "xx"
    with httpx2.Client(base_url=gw.url, cookies={"mr_ui": forged}) as other:
        assert other.get("/ui/overview").status_code == 303


def test_logout_ends_the_session_and_forms_need_their_csrf(gw: RunningGateway) -> None:
    with httpx2.Client(base_url=gw.url) as http:
        _login(http)
        page = http.get("/ui/keys")
        token = _csrf(page.text)
        refused = http.post("/ui/keys", data={"name": "no-csrf"})
        assert refused.status_code == 403 and "CSRF" in refused.text
        wrong = http.post("/ui/keys", data={"name": "bad-csrf", "csrf": token + "x"})
        assert wrong.status_code == 403
        assert http.post("/ui/login", data={"admin_key": ADMIN_KEY}).status_code == 403
        stolen = http.cookies["mr_ui"]
        out = http.post("/ui/logout", data={"csrf": token})
        assert out.status_code == 303 and out.headers["location"] == "/ui/login"
    with httpx2.Client(base_url=gw.url, cookies={"mr_ui": stolen}) as replay:
        assert replay.get("/ui/overview").status_code == 303, "a logged-out session is over"
    assert all(k.name not in {"no-csrf", "bad-csrf"} for k in gw.store.all())


def test_a_key_created_in_the_ui_works_and_names_are_escaped(gw: RunningGateway) -> None:
    with httpx2.Client(base_url=gw.url) as http:
        _login(http)
        token = _csrf(http.get("/ui/keys").text)
        made = http.post("/ui/keys", data={"csrf": token, "name": EVIL, "rpm": "50"})
        assert made.status_code == 201
        assert EVIL not in made.text and "&lt;script&gt;alert(1)&lt;/script&gt;" in made.text
        key = re.search(r'<code id="new-key">([^<]+)</code>', made.text)
        assert key is not None
        chat = http.post(
            "/v1/chat/completions",
            headers={"authorization": f"Bearer {key.group(1)}"},
            json={"model": "route:simple", "messages": [{"role": "user", "content": "hi"}]},
        )
        assert chat.status_code == 200
        gw.ledger()
        for page in ("/ui/overview", "/ui/requests"):
            shown = http.get(page).text
            assert EVIL not in shown and "&lt;script&gt;" in shown, page
        record = next(k for k in gw.store.all() if k.name == EVIL)
        assert record.rpm_limit == 50
        revoked = http.post(f"/ui/keys/{record.id}/revoke", data={"csrf": token})
        assert revoked.status_code == 303
        again = http.post(
            "/v1/chat/completions",
            headers={"authorization": f"Bearer {key.group(1)}"},
            json={"model": "route:simple", "messages": [{"role": "user", "content": "hi"}]},
        )
        assert again.status_code == 401


def test_invalid_key_forms_say_why(gw: RunningGateway) -> None:
    with httpx2.Client(base_url=gw.url) as http:
        _login(http)
        token = _csrf(http.get("/ui/keys").text)
        bad = http.post("/ui/keys", data={"csrf": token, "name": "x", "providers": "nowhere"})
        assert bad.status_code == 400 and "nowhere" in bad.text


def test_overview_and_trace_show_the_traffic(gw: RunningGateway) -> None:
    gw.fault("kimi-k2.6", down=True)
    plaintext, _ = gw.store.create("traffic")
    gw.gateway.auth.forget()
    with httpx2.Client(base_url=gw.url) as http:
        chat = http.post(
            "/v1/chat/completions",
            headers={"authorization": f"Bearer {plaintext}"},
            json={"model": "route:simple", "messages": [{"role": "user", "content": "hello"}]},
        )
        gw.heal()
        assert chat.status_code == 200
        request_id = chat.headers["x-request-id"]
        gw.ledger()
        _login(http)
        overview = http.get("/ui/overview?range=7d").text
        assert "qwen3.6-plus" in overview and "Saved" in overview
        trace = http.get(f"/ui/requests/{request_id}").text
        assert "kimi-k2.6" in trace and "qwen3.6-plus" in trace and "fallback" in trace
        assert "not stored" in trace
        filtered = http.get("/ui/requests", params={"outcome": "fallback"}).text
        assert request_id in filtered
        assert http.get("/ui/requests/nope").status_code == 404
        routing = http.get("/ui/routing").text
        assert "kimi-k2.6" in routing and "Routing table in force" in routing


def test_one_time_login_link(gw: RunningGateway) -> None:
    link = gw_app_link(gw)
    with httpx2.Client(base_url=gw.url) as http:
        assert http.get(f"/ui/login?token={link}").status_code == 303
        assert http.get("/ui/overview").status_code == 200
    with httpx2.Client(base_url=gw.url) as http:
        assert http.get(f"/ui/login?token={link}").status_code == 401, "spent"


def gw_app_link(gw: RunningGateway) -> str:
    """A one-time login token from the running dashboard."""
    sessions = gw.dashboard.sessions
    assert sessions is not None
    link: str = sessions.link()
    return link


def test_without_an_admin_key_the_dashboard_says_how_to_turn_it_on(tmp_path: Path) -> None:
    with running_gateway(tmp_path) as plain, httpx2.Client(base_url=plain.url) as http:
        for path in ("/ui/login", "/ui/overview"):
            response = http.get(path)
            assert response.status_code == 503 and "admin_key_env" in response.text


@pytest.mark.slow
def test_demo_ui_keeps_the_gateway_up_with_a_login_link(tmp_path: Path) -> None:
    with demo_ui(tmp_path, "--limit", "24") as link:
        base = link.split("/ui/")[0]
        with httpx2.Client(base_url=base, follow_redirects=True) as http:
            overview = http.get(link)
            assert overview.url.path == "/ui/overview"
            assert '<b id="total-requests">24</b>' in overview.text
        with httpx2.Client(base_url=base) as http:
            assert http.get(link).status_code == 401, "the link works once"


def test_an_oversized_form_is_refused(gw: RunningGateway) -> None:
    with httpx2.Client(base_url=gw.url) as http:
        _login(http)
        token = _csrf(http.get("/ui/keys").text)
        big = http.post("/ui/keys", data={"csrf": token, "name": "x" * 70_000})
        assert big.status_code == 413
        assert all(not k.name.startswith("xxx") for k in gw.store.all())
