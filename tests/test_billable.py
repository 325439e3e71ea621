"""Only what budgets can account for goes upstream: ``n`` answers are held and priced,
fields the catalog cannot price are refused with 400 naming them, in the caller's API
format, and every such request is in the ledger."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import httpx2
import pytest
from tests.gateway_fixtures import RunningGateway, running_gateway
from tests.test_fuzz import error_format_problem

from modelrouter.errors import InvalidRequest
from modelrouter.router import Router

CHAT = "/v1/chat/completions"
USER = [{"role": "user", "content": "Say hello."}]


@pytest.fixture(scope="module")
def gw(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningGateway]:
    # one provider takes unknown fields (say, a self-hosted one whose answers are free)
    # and one model's price knows the flex tier, at half its standard prices
    flex = {"effective": "2026-11-01", "source": "test", "input": 0.75, "output": 4.5}
    overrides = {
        "budgets": {"per_key": {"daily_usd": 0.05, "soft_share": 1.0}},
        "providers": {"moonshot": {"forward_unknown_fields": True}},
        "models": {"gpt-5.4-mini": {"prices": [{**flex, "service_tiers": {"flex": 0.5}}]}},
    }
    with running_gateway(tmp_path_factory.mktemp("billable"), **overrides) as running:
        yield running


@pytest.fixture(scope="module")
def http(gw: RunningGateway) -> Iterator[httpx2.Client]:
    key, _ = gw.store.create("billable")
    headers = {"authorization": f"Bearer {key}"}
    with httpx2.Client(base_url=gw.url, timeout=30, headers=headers) as client:
        yield client


def post(http: httpx2.Client, **fields: Any) -> httpx2.Response:
    body = {"model": "gpt-5.5", "messages": USER, "max_tokens": 200}
    return http.post(CHAT, json={**body, **fields})


def refused(response: httpx2.Response, param: str) -> None:
    assert response.status_code == 400, response.text[:300]
    data = response.json()
    assert error_format_problem(CHAT, 400, data) is None
    assert data["error"]["param"] == param
    assert data["error"]["message"].startswith(f"{param}: ")


@pytest.mark.parametrize("n", [0, -1, 1000, 17, "3", True, 2.5])
def test_absurd_n_is_refused_naming_the_field(http: httpx2.Client, n: object) -> None:
    refused(post(http, n=n), "n")


def test_n_answers_are_held_against_the_budget(http: httpx2.Client) -> None:
    # 500 output tokens of gpt-5.5 ($0.015) fit the key's $0.05; sixteen times that does not
    assert post(http, max_tokens=500, n=1).status_code == 200
    over = post(http, max_tokens=500, n=16)
    assert over.status_code == 429, over.text[:300]
    assert "budget of key billable" in over.json()["error"]["message"]


def test_several_answers_go_only_where_they_can_be_returned(http: httpx2.Client) -> None:
    answer = post(http, model="route:code", n=2)
    assert answer.status_code == 200, answer.text[:300]
    assert answer.headers["x-modelrouter-model"] != "claude-opus-4-7", "Messages API: one answer"


@pytest.mark.parametrize(
    ("fields", "param"),
    [
        ({"service_tier": "priority"}, "service_tier"),
        ({"service_tier": "flex"}, "service_tier"),
        ({"service_tier": "auto"}, "service_tier"),
        ({"audio": {"voice": "alloy", "format": "wav"}}, "audio"),
        ({"modalities": ["text", "audio"]}, "modalities"),
        ({"web_search_options": {}}, "web_search_options"),
        ({"prediction": {"type": "content", "content": "x"}}, "prediction"),
    ],
)
def test_fields_that_cannot_be_priced_are_refused(
    http: httpx2.Client, fields: dict[str, Any], param: str
) -> None:
    refused(post(http, **fields), param)


def test_unknown_fields_go_only_to_providers_that_take_them(http: httpx2.Client) -> None:
    answer = post(http, model="auto", frobnicate={"a": 1})
    assert answer.status_code == 200, answer.text[:300]
    assert answer.headers["x-modelrouter-provider"] == "moonshot"
    # a model the caller names whose provider does not take them: refused, not swapped
    refused(post(http, model="gpt-5.5", frobnicate=1), "frobnicate")


@pytest.mark.parametrize(
    "fields",
    [
        {"service_tier": "default", "seed": 3, "user": "u-1", "logprobs": True},
        {"modalities": ["text"], "metadata": {"team": "a"}, "store": False},
    ],
)
def test_fields_that_do_not_change_the_bill_pass(
    http: httpx2.Client, fields: dict[str, Any]
) -> None:
    assert post(http, **fields).status_code == 200


def test_refusals_are_recorded(gw: RunningGateway, http: httpx2.Client) -> None:
    refused(post(http, service_tier="scale"), "service_tier")
    rows = [r for r in gw.ledger()[0] if r["status"] == 400]
    assert any((r["error"] or "").startswith("service_tier: ") for r in rows)
    assert all(r["key_id"] for r in rows), "charged to the caller's key"


def test_the_python_api_refuses_the_same() -> None:
    router = Router.default()
    try:
        with pytest.raises(InvalidRequest) as caught:
            router.complete_sync("hi", task="simple", web_search_options={})
    finally:
        router.close()
    assert caught.value.param == "web_search_options"


def test_a_tier_the_catalog_prices_is_priced_and_goes_only_where_it_is_known(
    gw: RunningGateway, http: httpx2.Client
) -> None:
    standard = post(http, model="gpt-5.4-mini", messages=[{"role": "user", "content": "Tide?"}])
    flex = post(
        http, model="auto", service_tier="flex", messages=[{"role": "user", "content": "Tide?"}]
    )
    assert standard.status_code == 200 and flex.status_code == 200, flex.text[:300]
    assert flex.headers["x-modelrouter-model"] == "gpt-5.4-mini", "the only model pricing flex"
    costs = {r["id"]: r["cost_usd"] for r in gw.ledger()[0]}
    full = costs[standard.headers["x-request-id"]]
    assert full > 0
    assert costs[flex.headers["x-request-id"]] == pytest.approx(full / 2, rel=1e-9)
    refused(post(http, model="gpt-5.5", service_tier="flex"), "service_tier")
