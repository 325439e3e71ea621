"""The gateway on loopback, driven by the official openai and anthropic SDKs."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from pathlib import Path

import anthropic
import httpx2
import openai
import pytest
from tests.gateway_fixtures import ADMIN_KEY, RunningGateway, running_gateway

TOOLS = [
    {
        "type": "function",
        "function": {
            "name": "get_weather",
            "description": "Current weather in a city",
            "parameters": {
                "type": "object",
                "properties": {"city": {"type": "string"}},
                "required": ["city"],
            },
        },
    }
]
CODE = "Write a Python function that checks whether a number is prime."


@pytest.fixture(scope="module")
def gw(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningGateway]:
    with running_gateway(tmp_path_factory.mktemp("gw")) as running:
        yield running


@pytest.fixture(autouse=True)
def _healthy(gw: RunningGateway) -> Iterator[None]:
    gw.heal()
    yield
    gw.heal()


_CLIENTS: list[openai.OpenAI | anthropic.Anthropic] = []


@pytest.fixture(autouse=True)
def _close_clients() -> Iterator[None]:
    yield
    while _CLIENTS:
        _CLIENTS.pop().close()


def _openai(gw: RunningGateway, key: str = "unused") -> openai.OpenAI:
    client = openai.OpenAI(base_url=f"{gw.url}/v1", api_key=key, max_retries=0)
    _CLIENTS.append(client)
    return client


def _anthropic(gw: RunningGateway, key: str = "unused") -> anthropic.Anthropic:
    client = anthropic.Anthropic(base_url=gw.url, api_key=key, max_retries=0)
    _CLIENTS.append(client)
    return client


def test_openai_plain_auto_with_decision_headers(gw: RunningGateway) -> None:
    raw = _openai(gw).chat.completions.with_raw_response.create(
        model="auto", messages=[{"role": "user", "content": CODE}]
    )
    completion = raw.parse()
    assert completion.model == "claude-opus-4-7"
    assert "```python" in (completion.choices[0].message.content or "")
    headers = raw.headers
    assert headers["x-modelrouter-task"] == "code"
    assert headers["x-modelrouter-model"] == "claude-opus-4-7"
    assert headers["x-modelrouter-provider"] == "anthropic"
    assert headers["x-modelrouter-attempts"] == "1"
    assert float(headers["x-modelrouter-cost-usd"]) > 0
    assert 0 <= float(headers["x-modelrouter-overhead-ms"]) < 1000
    assert headers["x-request-id"]
    assert completion.usage is not None and completion.usage.prompt_tokens > 0


@pytest.mark.parametrize(
    ("model", "expected"),
    [("route:simple", "kimi-k2.6"), ("gpt-5.4-mini", "gpt-5.4-mini"), ("best", "claude-opus-4-7")],
)
def test_openai_model_field_selects_route_model_or_alias(
    gw: RunningGateway, model: str, expected: str
) -> None:
    completion = _openai(gw).chat.completions.create(
        model=model, messages=[{"role": "user", "content": "hello"}]
    )
    assert completion.model == expected


def test_openai_stream_with_usage(gw: RunningGateway) -> None:
    stream = _openai(gw).chat.completions.create(
        model="route:creative",
        stream=True,
        stream_options={"include_usage": True},
        messages=[{"role": "user", "content": "A poem about the sea"}],
    )
    chunks = list(stream)
    text = "".join(c.choices[0].delta.content or "" for c in chunks if c.choices)
    assert text and chunks[-1].usage is not None and chunks[-1].usage.completion_tokens > 0
    assert {c.model for c in chunks} == {"claude-opus-4-7"}
    plain = list(
        _openai(gw).chat.completions.create(
            model="route:creative", stream=True, messages=[{"role": "user", "content": "again"}]
        )
    )
    assert all(c.usage is None for c in plain), "usage only when asked for"


def test_openai_tools_plain_and_streamed_to_an_anthropic_model(gw: RunningGateway) -> None:
    client = _openai(gw)
    args = {
        "model": "claude-opus-4-7",
        "tools": TOOLS,
        "tool_choice": "required",
        "messages": [{"role": "user", "content": "What's the weather in Paris?"}],
    }
    completion = client.chat.completions.create(**args)  # type: ignore[call-overload]
    call = completion.choices[0].message.tool_calls[0]
    assert completion.choices[0].finish_reason == "tool_calls"
    assert call.function.name == "get_weather" and "city" in json.loads(call.function.arguments)
    streamed: dict[int, dict[str, str]] = {}
    for chunk in client.chat.completions.create(stream=True, **args):  # type: ignore[call-overload]
        for delta in chunk.choices[0].delta.tool_calls or () if chunk.choices else ():
            slot = streamed.setdefault(delta.index, {"id": "", "name": "", "arguments": ""})
            slot["id"] += delta.id or ""
            slot["name"] += (delta.function.name or "") if delta.function else ""
            slot["arguments"] += (delta.function.arguments or "") if delta.function else ""
    assert streamed[0]["name"] == "get_weather" and streamed[0]["id"]
    assert json.loads(streamed[0]["arguments"]) == json.loads(call.function.arguments)


def test_anthropic_client_routed_to_an_openai_format_model(gw: RunningGateway) -> None:
    client = _anthropic(gw)
    message = client.messages.create(
        model="route:reasoning",
        max_tokens=500,
        system="Think carefully.",
        messages=[
            {
                "role": "user",
                "content": "If 3 cats catch 3 mice in 3 minutes, how "
                "many cats catch 100 mice in 100 minutes?",
            }
        ],
    )
    assert message.model == "gpt-5.5" and message.content[0].type == "text"
    assert message.stop_reason == "end_turn" and message.usage.output_tokens > 0
    with client.messages.stream(
        model="kimi-k2.6", max_tokens=300, messages=[{"role": "user", "content": "hi!"}]
    ) as stream:
        text = "".join(stream.text_stream)
        final = stream.get_final_message()
    assert text and final.content[0].text == text  # type: ignore[union-attr]


def test_anthropic_tool_use_round_trip_streamed(gw: RunningGateway) -> None:
    client = _anthropic(gw)
    tool = {
        "name": "get_weather",
        "description": "Weather",
        "input_schema": {
            "type": "object",
            "properties": {"city": {"type": "string"}},
            "required": ["city"],
        },
    }
    with client.messages.stream(
        model="gpt-5.5",
        max_tokens=300,
        tools=[tool],
        tool_choice={"type": "any"},  # type: ignore[list-item]
        messages=[{"role": "user", "content": "Weather in Oslo?"}],
    ) as stream:
        final = stream.get_final_message()
    use = next(b for b in final.content if b.type == "tool_use")
    assert final.stop_reason == "tool_use" and use.name == "get_weather"
    assert "city" in use.input  # type: ignore[operator]
    answer = client.messages.create(
        model="gpt-5.5",
        max_tokens=300,
        tools=[tool],  # type: ignore[list-item]
        messages=[
            {"role": "user", "content": "Weather in Oslo?"},
            {"role": "assistant", "content": final.content},  # type: ignore[typeddict-item]
            {
                "role": "user",
                "content": [{"type": "tool_result", "tool_use_id": use.id, "content": "-3C, snow"}],
            },
        ],
    )
    assert answer.content[0].type == "text" and answer.stop_reason == "end_turn"


def test_stream_fails_over_before_content(gw: RunningGateway) -> None:
    gw.fault("kimi-k2.6", down=True)
    stream = _openai(gw).chat.completions.create(
        model="route:simple", stream=True, messages=[{"role": "user", "content": "hello"}]
    )
    chunks = list(stream)
    assert {c.model for c in chunks} == {"qwen3.6-plus"}
    assert "".join(c.choices[0].delta.content or "" for c in chunks if c.choices)


def test_stream_cut_after_content_ends_with_an_error_event(gw: RunningGateway) -> None:
    gw.fault("kimi-k2.6", error_rate=1.0, faults=["cut"])
    received: list[str] = []
    with pytest.raises(openai.APIError, match="stream"):
        for chunk in _openai(gw).chat.completions.create(
            model="route:simple",
            stream=True,
            messages=[{"role": "user", "content": "tell me about Paris in detail"}],
        ):
            received.extend(c.delta.content or "" for c in chunk.choices)
    assert "".join(received)
    with (
        pytest.raises(anthropic.APIStatusError),
        _anthropic(gw).messages.stream(
            model="route:simple",
            max_tokens=200,
            messages=[{"role": "user", "content": "tell me about Paris in detail"}],
        ) as stream,
    ):
        for _ in stream.text_stream:
            pass


def test_errors_in_each_api_format(gw: RunningGateway) -> None:
    client = _openai(gw)
    with pytest.raises(openai.NotFoundError) as unknown:
        client.chat.completions.create(model="gpt-9", messages=[{"role": "user", "content": "x"}])
    assert unknown.value.body["param"] == "model"  # type: ignore[index]
    with pytest.raises(openai.NotFoundError):
        client.chat.completions.create(
            model="route:poetry", messages=[{"role": "user", "content": "x"}]
        )
    with pytest.raises(openai.BadRequestError) as bad_role:
        client.chat.completions.create(model="auto", messages=[{"role": "robot", "content": "x"}])  # type: ignore[misc,list-item]
    assert "messages.0.role" in str(bad_role.value)
    with pytest.raises(anthropic.BadRequestError) as missing:
        _anthropic(gw).messages.create(  # type: ignore[call-overload]
            model="auto", messages=[{"role": "user", "content": "x"}], max_tokens=0
        )
    assert missing.value.body["type"] == "error"  # type: ignore[index]
    for kind in ("server_error", "rate_limit"):
        # every model fails: which ones the walk reaches depends on the circuits earlier
        # calls opened (a deferred route model lets the escalation tail go further)
        for model in gw.gateway.router.settings.models:
            gw.fault(model, error_rate=1.0, faults=[kind], retry_after=0.01)
        expected = openai.RateLimitError if kind == "rate_limit" else openai.InternalServerError
        with pytest.raises(expected) as failed:
            client.chat.completions.create(
                model="route:simple", messages=[{"role": "user", "content": "x"}]
            )
        assert failed.value.status_code == (429 if kind == "rate_limit" else 503)
        named = [m for m in gw.gateway.router.settings.models if f"{m}: " in failed.value.message]
        assert named, failed.value.message
        assert "every attempt failed" in failed.value.message
        assert failed.value.response.headers.get("retry-after")


def test_raw_http_errors_bad_json_size_and_method(gw: RunningGateway) -> None:
    with httpx2.Client(base_url=gw.url) as http:
        bad = http.post("/v1/chat/completions", content=b"{nope")
        assert bad.status_code == 400 and bad.json()["error"]["type"] == "invalid_request_error"
        bad_utf8 = http.post("/v1/messages", content=b'{"model": "\xff"}')
        assert bad_utf8.status_code == 400 and bad_utf8.json()["type"] == "error"
        huge = http.post("/v1/chat/completions", content=b"x" * (17 * 1024 * 1024))
        assert huge.status_code == 413 and "larger than" in huge.json()["error"]["message"]
        nowhere = http.get("/v1/nowhere")
        assert nowhere.status_code == 404 and "error" in nowhere.json()
        wrong = http.get("/v1/chat/completions")
        assert wrong.status_code == 405


def test_models_health_metrics_openapi(gw: RunningGateway) -> None:
    ids = [m.id for m in _openai(gw).models.list()]
    assert {"auto", "route:code", "fast", "claude-opus-4-7"} <= set(ids)
    with httpx2.Client(base_url=gw.url) as http:
        assert http.get("/healthz").json() == {"status": "ok"}
        ready = http.get("/readyz")
        assert ready.status_code == 200 and ready.json()["storage"] == "ok"
        _openai(gw).chat.completions.create(
            model="route:simple", messages=[{"role": "user", "content": "count me"}]
        )
        metrics = http.get("/metrics").text
        assert 'modelrouter_requests_total{api="openai",model="kimi-k2.6"' in metrics
        assert "modelrouter_cost_usd_total" in metrics
        spec = http.get("/openapi.json").json()
        assert (
            "/v1/chat/completions" in spec["paths"]
            and "ChatRequest" in spec["components"]["schemas"]
        )


def test_keys_limits_and_admin(tmp_path: Path) -> None:
    with running_gateway(tmp_path, admin=True) as gw:
        with httpx2.Client(base_url=gw.url) as http:
            # no keys yet: open; admin endpoints need the admin key
            assert http.get("/admin/keys").status_code == 403
            made = http.post(
                "/admin/keys",
                headers={"authorization": f"Bearer {ADMIN_KEY}"},
                json={"name": "team-a", "allowed_providers": ["deepseek"], "rpm_limit": 1},
            )
            assert made.status_code == 201
            key = made.json()["key"]
            assert (
                http.get("/admin/keys", headers={"x-api-key": ADMIN_KEY}).json()["data"][0]["name"]
                == "team-a"
            )
            refused = http.post(
                "/admin/keys", headers={"authorization": f"Bearer {key}"}, json={"name": "x"}
            )
            assert refused.status_code == 403
        with pytest.raises(openai.AuthenticationError):
            _openai(gw, "wrong").chat.completions.create(
                model="auto", messages=[{"role": "user", "content": "x"}]
            )
        with pytest.raises(anthropic.AuthenticationError):
            _anthropic(gw, "wrong").messages.create(
                model="auto", max_tokens=10, messages=[{"role": "user", "content": "x"}]
            )
        client = _openai(gw, key)
        with pytest.raises(openai.PermissionDeniedError):  # named outside it: refused
            client.chat.completions.create(
                model="claude-opus-4-7", messages=[{"role": "user", "content": CODE}]
            )
        with pytest.raises(openai.RateLimitError) as limited:
            client.chat.completions.create(
                model="auto", messages=[{"role": "user", "content": "second in a minute"}]
            )
        assert int(limited.value.response.headers["retry-after"]) >= 1
        # revoked outside the gateway (as `modelrouter keys revoke` does): it holds once the
        # gateway's key cache refreshes (keys_refresh_seconds, 0.05 s here)
        revoked = gw.store.revoke(gw.store.all()[0].id)
        assert revoked.name == "team-a"
        time.sleep(0.2)
        with pytest.raises(openai.AuthenticationError):
            _openai(gw, key).models.list()


def test_ledger_records_every_request_and_attempt(tmp_path: Path) -> None:
    with running_gateway(tmp_path) as gw:
        client = _openai(gw)
        ok = client.chat.completions.with_raw_response.create(
            model="route:simple", messages=[{"role": "user", "content": "hello"}]
        )
        gw.fault("kimi-k2.6", down=True)
        fell_back = client.chat.completions.with_raw_response.create(
            model="route:simple", messages=[{"role": "user", "content": "hello again"}]
        )
        for model in ("qwen3.6-plus", "claude-opus-4-7", "gpt-5.5"):
            gw.fault(model, down=True)
        with pytest.raises(openai.InternalServerError) as failed:
            client.chat.completions.create(
                model="route:simple", messages=[{"role": "user", "content": "anyone?"}]
            )
        gw.heal()
        gw.fault("kimi-k2.6", error_rate=1.0, faults=["cut"])
        with pytest.raises(openai.APIError):
            for _ in client.chat.completions.create(
                model="route:simple",
                stream=True,
                messages=[{"role": "user", "content": "tell me a long story about Paris"}],
            ):
                pass
        with httpx2.Client(base_url=gw.url) as http:
            http.post("/v1/chat/completions", content=b"{broken")
        requests, attempts = gw.ledger()
    by_outcome = {r["outcome"]: r for r in requests}
    assert len(requests) == 5
    assert set(by_outcome) == {"ok", "fallback", "failed", "cut", "rejected"}
    assert by_outcome["ok"]["id"] == ok.headers["x-request-id"]
    assert by_outcome["fallback"]["id"] == fell_back.headers["x-request-id"]
    assert by_outcome["failed"]["id"] == failed.value.response.headers["x-request-id"]
    assert by_outcome["failed"]["status"] == 503 and by_outcome["failed"]["attempts"] == 4
    assert by_outcome["rejected"]["status"] == 400 and by_outcome["rejected"]["attempts"] == 0
    cut = by_outcome["cut"]
    assert cut["completion_tokens"] > 0 and cut["cost_usd"] > 0, "a cut stream is billed"
    per_request = {r["id"]: r["attempts"] for r in requests}
    for request_id, count in per_request.items():
        assert [a["seq"] for a in attempts if a["request_id"] == request_id] == list(range(count))
    assert sum(a["cost_usd"] for a in attempts) == pytest.approx(
        sum(r["cost_usd"] for r in requests)
    )


def test_all_timeouts_give_504_and_garbage_gives_502(tmp_path: Path) -> None:
    quick = {
        m: {"timeout": 0.2} for m in ("kimi-k2.6", "qwen3.6-plus", "claude-opus-4-7", "gpt-5.5")
    }
    with running_gateway(tmp_path, models=quick, routing={"retries_per_model": 0}) as gw:
        client = _openai(gw)
        for model in quick:
            gw.fault(model, error_rate=1.0, faults=["hang"], hang_seconds=5)
        with pytest.raises(openai.APIStatusError) as timed_out:
            client.chat.completions.create(
                model="route:simple", messages=[{"role": "user", "content": "x"}]
            )
        assert timed_out.value.status_code == 504
        assert "timeout" in timed_out.value.message
        for model in quick:
            gw.fault(model, error_rate=1.0, faults=["malformed"])
        with pytest.raises(anthropic.APIStatusError) as garbage:
            _anthropic(gw).messages.create(
                model="route:simple", max_tokens=50, messages=[{"role": "user", "content": "x"}]
            )
        assert garbage.value.status_code == 502
        assert garbage.value.body["error"]["type"] == "api_error"  # type: ignore[index]


def test_a_spent_key_budget_is_refused_with_429_naming_it(tmp_path: Path) -> None:
    budgets = {"keys": {"tight": {"daily_usd": 0.01}}}
    with running_gateway(tmp_path, budgets=budgets) as gw:
        key, _ = gw.store.create("tight")
        client = _openai(gw, key)
        with pytest.raises(openai.RateLimitError) as refused:
            # the worst case of a code request on claude-opus-4-7 is far above one cent
            client.chat.completions.create(
                model="route:code", messages=[{"role": "user", "content": CODE}]
            )
        assert "the budget of key tight is spent: daily limit $0.01" in refused.value.message
        assert int(refused.value.response.headers["retry-after"]) > 0
        cheap = client.chat.completions.create(
            model="route:simple", max_tokens=50, messages=[{"role": "user", "content": "hi"}]
        )
        assert cheap.choices[0].message.content
        requests, _ = gw.ledger()
    assert [r["status"] for r in requests] == [429, 200]


def test_a_keys_default_budget_mode_and_model_allow_list(tmp_path: Path) -> None:
    with running_gateway(tmp_path) as gw:
        key, _ = gw.store.create(
            "frugal", budget="economy", allowed_models=["gpt-5.4-nano", "deepseek-v4-flash"]
        )
        client = _openai(gw, key)
        answer = client.chat.completions.create(
            model="route:code", messages=[{"role": "user", "content": CODE}]
        )
        assert answer.model in {"gpt-5.4-nano", "deepseek-v4-flash"}
        with pytest.raises(openai.PermissionDeniedError):  # named outside it: not swapped
            client.chat.completions.create(
                model="claude-opus-4-7", messages=[{"role": "user", "content": "x"}]
            )
        ids = [m.id for m in client.models.list()]
        assert "claude-opus-4-7" not in ids and "gpt-5.4-nano" in ids
        requests, _ = gw.ledger()
    assert requests[0]["budget"] == "economy" and requests[0]["key_id"]
