"""Pass-through ids: ``<provider>/<id>`` for an id not in the catalog, sent as named to a
provider that allows it, priced at an upper estimate (the provider's dearest catalog
prices) and flagged by ``report``."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import httpx2
import orjson
import pytest
from tests.gateway_fixtures import running_gateway

from modelrouter.config.loader import build_settings, default_data, merge
from modelrouter.errors import NotFound, NotPermitted
from modelrouter.reports.ledger_report import build_report
from modelrouter.reports.render import report_text
from modelrouter.router import Router

HELLO = [{"role": "user", "content": "hello there"}]
PASS = {"providers": {"openai": {"passthrough": True}}}


def _dearest(provider: str) -> tuple[float, float]:
    """The highest current input and output prices of ``provider``'s catalog models,
    read from the catalog here, not from the code under test."""
    models = [m for m in build_settings(default_data()).models.values() if m.provider == provider]
    latest = [max(m.prices, key=lambda p: p.effective) for m in models]
    return max(p.input for p in latest), max(p.output for p in latest)


def _answer(model: str) -> dict[str, Any]:
    return {
        "id": "chatcmpl-1",
        "object": "chat.completion",
        "created": 1,
        "model": model,
        "choices": [
            {
                "index": 0,
                "message": {"role": "assistant", "content": "hi from upstream"},
                "finish_reason": "stop",
            }
        ],
        "usage": {"prompt_tokens": 12, "completion_tokens": 4, "total_tokens": 16},
    }


def _router(overrides: dict[str, Any], seen: list[dict[str, Any]]) -> Router:
    def handler(request: httpx2.Request) -> httpx2.Response:
        body = orjson.loads(request.content)
        seen.append(body)
        if body["model"] == "broken-model":
            return httpx2.Response(500, json={"error": {"message": "boom"}})
        return httpx2.Response(200, json=_answer(body["model"]))

    settings = build_settings(merge(default_data(), overrides))
    transport = httpx2.MockTransport(handler)
    return Router(settings, env={"OPENAI_API_KEY": "k"}, transports={"openai": transport})


async def test_an_id_outside_the_catalog_goes_to_the_named_provider_as_is() -> None:
    seen: list[dict[str, Any]] = []
    async with _router(PASS, seen) as router:
        result = await router.complete(HELLO, model="openai/some-new-model")
    assert [body["model"] for body in seen] == ["some-new-model"]
    trace = result.trace
    assert (trace.policy, trace.task, trace.model, trace.provider) == (
        "passthrough",
        "passthrough",
        "openai/some-new-model",
        "openai",
    )
    assert result.response.choices[0].message.content == "hi from upstream"
    # the provider bills it: never $0, priced at its dearest catalog prices
    price_in, price_out = _dearest("openai")
    assert trace.attempts[0].usage.prompt_tokens == 12
    assert trace.cost_usd == pytest.approx((12 * price_in + 4 * price_out) / 1e6)
    assert trace.cost_usd > 0 and "upper estimate" in trace.attempts[0].reason


async def test_a_pass_through_request_is_retried_on_its_model_only_never_another() -> None:
    seen: list[dict[str, Any]] = []
    overrides = merge(PASS, {"routing": {"retries_per_model": 1, "backoff_base": 0.0}})
    async with _router(overrides, seen) as router:
        with pytest.raises(Exception, match="every attempt failed"):
            await router.complete(HELLO, model="openai/broken-model")
    assert [body["model"] for body in seen] == ["broken-model", "broken-model"]


async def test_known_ids_stay_priced_and_unknown_ids_without_pass_through_stay_404() -> None:
    seen: list[dict[str, Any]] = []
    async with _router(PASS, seen) as router:
        priced = await router.complete(HELLO, model="openai/gpt-5.5")
    assert priced.trace.policy != "passthrough" and priced.trace.cost_usd > 0
    async with _router({}, seen) as router:
        with pytest.raises(NotFound, match="openai serves"):
            await router.complete(HELLO, model="openai/some-new-model")


async def test_a_key_limited_to_other_providers_may_not_pass_through() -> None:
    async with _router(PASS, []) as router:
        with pytest.raises(NotPermitted):
            await router.complete(
                HELLO, model="openai/some-new-model", allowed_providers=["anthropic"]
            )


async def test_pass_through_streams() -> None:
    seen: list[dict[str, Any]] = []

    def handler(request: httpx2.Request) -> httpx2.Response:
        seen.append(orjson.loads(request.content))
        chunk = {
            "id": "c",
            "object": "chat.completion.chunk",
            "created": 1,
            "model": "m",
            "choices": [{"index": 0, "delta": {"content": "streamed"}, "finish_reason": "stop"}],
        }
        usage = {**chunk, "choices": [], "usage": {"prompt_tokens": 3, "completion_tokens": 1}}
        sse = b"".join(b"data: " + orjson.dumps(c) + b"\n\n" for c in (chunk, usage))
        headers = {"content-type": "text/event-stream"}
        return httpx2.Response(200, headers=headers, content=sse + b"data: [DONE]\n\n")

    settings = build_settings(merge(default_data(), PASS))
    transports = {"openai": httpx2.MockTransport(handler)}
    async with Router(settings, env={"OPENAI_API_KEY": "k"}, transports=transports) as router:
        routed = await router.stream(HELLO, model="openai/some-new-model")
        text = [c.choices[0].delta.content async for c in routed if c.choices]
    assert text == ["streamed"] and seen[0]["model"] == "some-new-model"
    price_in, price_out = _dearest("openai")
    assert routed.trace.outcome == "ok"
    assert routed.trace.cost_usd == pytest.approx((3 * price_in + 1 * price_out) / 1e6)


def test_the_gateway_prices_pass_through_at_an_estimate_and_report_flags_it(
    tmp_path: Path,
) -> None:
    # deepseek's catalog entries do not include kimi-k2.6, but the simulated upstream
    # serves it, as an aggregator serves more models than the catalog lists
    providers: dict[str, Any] = {"deepseek": {"passthrough": True}}
    with (
        running_gateway(tmp_path, providers=providers) as gw,
        httpx2.Client(base_url=gw.url) as http,
    ):
        passed = http.post(
            "/v1/chat/completions", json={"model": "deepseek/kimi-k2.6", "messages": HELLO}
        )
        routed = http.post("/v1/chat/completions", json={"model": "auto", "messages": HELLO})
        counted = http.post(
            "/v1/messages/count_tokens",
            headers={"anthropic-version": "2023-06-01"},
            json={"model": "deepseek/kimi-k2.6", "messages": HELLO},
        )
        metrics = http.get("/metrics").text
        requests, attempts = gw.ledger()
        settings = gw.gateway.router.settings
    assert passed.status_code == 200 and routed.status_code == 200, passed.text
    assert passed.headers["x-modelrouter-model"] == "deepseek/kimi-k2.6"
    row = next(r for r in requests if r["selector"] == "deepseek/kimi-k2.6")
    assert (row["policy"], row["provider"]) == ("passthrough", "deepseek")
    price_in, price_out = _dearest("deepseek")
    expected = (row["prompt_tokens"] * price_in + row["completion_tokens"] * price_out) / 1e6
    assert row["cost_usd"] == pytest.approx(expected) and expected > 0
    assert row["prompt_tokens"] > 0
    report = build_report(requests, attempts, settings)
    assert report.total.unpriced == 1 and report.total.repriced == 1
    assert "1 requests priced at an estimate" in report_text(report, "test.db")
    assert counted.status_code == 200 and counted.json()["input_tokens"] > 0
    assert counted.headers["x-modelrouter-estimate"] == "true"  # an OpenAI-format provider
    # every pass-through id of a provider shares one metrics label
    assert 'model="deepseek/(passthrough)"' in metrics and 'model="deepseek/kimi' not in metrics
