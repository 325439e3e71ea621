"""Security at the gateway: a caller cannot reach a provider outside its allow-list by any
model name, alias or route, on either API; admin endpoints refuse caller keys and
data-plane routes refuse the admin key; keys are stored hashed. (Keys in outputs: the
chaos suite greps every output for them.)"""

from __future__ import annotations

import hashlib
from pathlib import Path

import httpx2
import pytest
from tests.gateway_fixtures import ADMIN_KEY, running_gateway
from tests.test_fuzz import error_format_problem

CHAT, MESSAGES = "/v1/chat/completions", "/v1/messages"

ALIASES = {"fast": "route:simple", "best": "claude-opus-4-7", "cheap": "deepseek-v4-flash"}


def test_no_name_alias_or_route_escapes_the_allow_list(tmp_path: Path) -> None:
    with running_gateway(tmp_path, admin=True, routing={"aliases": ALIASES}) as gw:
        key, record = gw.store.create("deepseek-only", allowed_providers=["deepseek"])
        settings = gw.gateway.router.settings
        selectors = ["auto", *ALIASES, *settings.models, *(f"route:{t}" for t in settings.tasks)]
        statuses: dict[str, int] = {}
        with httpx2.Client(base_url=gw.url, timeout=30) as http:
            for selector in selectors:
                messages = [{"role": "user", "content": "Summarise: tea is a drink."}]
                openai = http.post(
                    "/v1/chat/completions",
                    headers={"authorization": f"Bearer {key}"},
                    json={"model": selector, "messages": messages},
                )
                anthropic = http.post(
                    "/v1/messages",
                    headers={"x-api-key": key},
                    json={"model": selector, "max_tokens": 100, "messages": messages},
                )
                for answer in (openai, anthropic):
                    statuses[selector] = answer.status_code
                    if answer.status_code == 200:
                        assert answer.headers["x-modelrouter-provider"] == "deepseek", selector
                    elif selector in settings.models:  # named, outside its providers: refused
                        assert answer.status_code == 403, (selector, answer.text)
                        assert settings.models[selector].provider != "deepseek"
                    else:
                        assert answer.status_code == 400, (selector, answer.text)
        requests, attempts = gw.ledger()
    mine = {r["id"] for r in requests if r["key_id"] == record.id}
    assert len(mine) == 2 * len(selectors)
    assert {a["provider"] for a in attempts if a["request_id"] in mine} == {"deepseek"}
    assert statuses["gpt-5.5"] == 403, "a model named outside the list is refused, not swapped"
    assert statuses["deepseek-v4-pro"] == 200
    assert statuses["best"] == 200 and statuses["route:code"] == 200, "aliases choose for it"


def test_admin_endpoints_refuse_caller_keys_and_keys_are_stored_hashed(tmp_path: Path) -> None:
    with running_gateway(tmp_path, admin=True) as gw:
        key, record = gw.store.create("caller")
        with httpx2.Client(base_url=gw.url, timeout=10) as http:
            for auth in ({"authorization": f"Bearer {key}"}, {"x-api-key": key}, {}):
                assert http.get("/admin/keys", headers=auth).status_code in (401, 403)
                made = http.post("/admin/keys", headers=auth, json={"name": "mine"})
                assert made.status_code in (401, 403)
                gone = http.delete(f"/admin/keys/{record.id}", headers=auth)
                assert gone.status_code in (401, 403)
            listed = http.get("/admin/keys", headers={"authorization": f"Bearer {ADMIN_KEY}"})
            assert listed.status_code == 200 and key not in listed.text
        stored = gw.store.all()
        assert [r.key_hash for r in stored] == [hashlib.sha256(key.encode()).hexdigest()]
        assert key not in repr(stored)


@pytest.mark.parametrize("keys_exist", [False, True])
def test_the_admin_key_cannot_make_requests(tmp_path: Path, keys_exist: bool) -> None:
    """It manages keys; on the data plane it would spend outside every budget: 403."""
    with running_gateway(tmp_path, admin=True) as gw, httpx2.Client(base_url=gw.url) as http:
        if keys_exist:
            gw.store.create("someone")
        bearer = {"authorization": f"Bearer {ADMIN_KEY}"}
        messages = [{"role": "user", "content": "hi"}]
        chat = http.post("/v1/chat/completions", headers=bearer, json={"messages": messages})
        anthropic_headers = {"x-api-key": ADMIN_KEY, "anthropic-version": "2023-06-01"}
        body = {"max_tokens": 10, "messages": messages}
        claude = http.post("/v1/messages", headers=anthropic_headers, json=body)
        stream = http.post(
            "/v1/chat/completions", headers=bearer, json={"messages": messages, "stream": True}
        )
        models = http.get("/v1/models", headers=bearer)
        for answer, path in ((chat, CHAT), (claude, MESSAGES), (stream, CHAT), (models, CHAT)):
            assert answer.status_code == 403, answer.text[:200]
            assert error_format_problem(path, 403, answer.json()) is None
        assert "admin key only manages keys" in chat.json()["error"]["message"]
        assert claude.json()["error"]["type"] == "permission_error"
        assert http.get("/admin/keys", headers=bearer).status_code == 200, "still the admin"
        rows = gw.ledger()[0]
    assert sorted(r["status"] for r in rows) == [403, 403, 403, 403], "each refusal recorded"
    assert gw.sim.snapshot()["models"]["gpt-5.5"]["calls"] == 0


def test_a_named_model_the_key_may_not_use_is_403_in_the_api_format(tmp_path: Path) -> None:
    with running_gateway(tmp_path) as gw, httpx2.Client(base_url=gw.url) as http:
        key, _ = gw.store.create("ci-bot", allowed_models=["gpt-5.4-mini"])
        messages = [{"role": "user", "content": "hi"}]
        chat = http.post(
            CHAT,
            headers={"authorization": f"bearer {key}"},  # the scheme in any case
            json={"model": "gpt-5.5", "messages": messages},
        )
        claude = http.post(
            MESSAGES,
            headers={"x-api-key": key},
            json={"model": "gpt-5.5", "max_tokens": 10, "messages": messages},
        )
        allowed = http.post(
            CHAT,
            headers={"authorization": f"BEARER {key}"},
            json={"model": "gpt-5.4-mini", "messages": messages},
        )
    assert chat.status_code == 403 and error_format_problem(CHAT, 403, chat.json()) is None
    assert chat.json()["error"]["param"] == "model"
    assert claude.status_code == 403 and claude.json()["error"]["type"] == "permission_error"
    assert allowed.status_code == 200
    assert gw.sim.snapshot()["models"]["gpt-5.5"]["calls"] == 0


@pytest.mark.parametrize(
    "authorization",
    ["bearer {key}", "BEARER {key}", "Bearer   {key}", "Basic {key}", "Bearer", "Bearer a b"],
)
def test_the_bearer_scheme_is_case_insensitive_and_a_bad_one_falls_back(
    tmp_path: Path, authorization: str
) -> None:
    with running_gateway(tmp_path) as gw, httpx2.Client(base_url=gw.url) as http:
        key, _ = gw.store.create("someone")
        body = {"model": "auto", "messages": [{"role": "user", "content": "hi"}], "max_tokens": 10}
        alone = http.post(CHAT, headers={"authorization": authorization.format(key=key)}, json=body)
        beside = http.post(
            CHAT,
            headers={"authorization": authorization.format(key="x" * 12), "x-api-key": key},
            json=body,
        )
    parts = authorization.split()
    well_formed = len(parts) == 2 and parts[0].lower() == "bearer"
    assert alone.status_code == (200 if well_formed else 401), alone.text[:200]
    # a malformed Authorization does not hide a valid x-api-key; a well-formed one is read
    assert beside.status_code == (401 if well_formed else 200), beside.text[:200]
