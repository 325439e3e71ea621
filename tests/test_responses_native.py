"""Native Responses pass-through (issue 14): ``providers.openai.responses: native`` sends
``/v1/responses`` requests to the upstream's own ``/responses`` (the simulator on
loopback), plain and streamed, priced in the ledger, with fail-over to a translated
candidate and reasoning items kept across a ``previous_response_id`` chain."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import httpx2
import openai
import orjson
import pytest

from gateway_fixtures import WEATHER_TOOL, RunningGateway, running_gateway
from modelrouter.config.loader import build_settings, default_data, merge
from modelrouter.errors import ConfigError

NATIVE = "gpt-5.4-mini"  # on provider openai, set to native below
TOOLS = [WEATHER_TOOL]


@pytest.fixture(scope="module")
def gw(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningGateway]:
    native = {"providers": {"openai": {"responses": "native"}}}
    with running_gateway(tmp_path_factory.mktemp("native"), **native) as running:
        yield running


@pytest.fixture
def http(gw: RunningGateway) -> Iterator[httpx2.Client]:
    gw.heal()
    with httpx2.Client(base_url=gw.url, timeout=30) as client:
        yield client


def _calls(gw: RunningGateway) -> dict[str, int]:
    """Calls the simulator counted per endpoint (``responses`` is its /v1/responses)."""
    return dict(gw.gateway.router.sim_app.state.endpoint_calls)


def _events(http: httpx2.Client, **body: Any) -> tuple[httpx2.Response, list[dict[str, Any]]]:
    with http.stream("POST", "/v1/responses", json={**body, "stream": True}) as answer:
        text = answer.read().decode()
    events = []
    for block in text.split("\n\n"):
        if block.strip():
            head, data = block.split("\n", 1)
            event = orjson.loads(data.removeprefix("data: "))
            assert head == f"event: {event['type']}"
            events.append(event)
    return answer, events


def _attempts(gw: RunningGateway, request_id: str) -> list[dict[str, Any]]:
    _, attempts = gw.ledger()
    return [a for a in attempts if a["request_id"] == request_id]


def test_plain_goes_to_the_upstream_responses_endpoint_and_is_priced(
    gw: RunningGateway, http: httpx2.Client
) -> None:
    before = _calls(gw).get("responses", 0)
    answer = http.post(
        "/v1/responses",
        json={"model": NATIVE, "input": "Say hello", "reasoning": {"effort": "low"}},
    )
    assert answer.status_code == 200
    body = answer.json()
    assert _calls(gw)["responses"] == before + 1
    # the upstream's reasoning item came through: the translated path never makes one
    assert [item["type"] for item in body["output"]] == ["reasoning", "message"]
    assert body["id"].startswith("resp_") and body["model"] == NATIVE and body["store"] is True
    usage = body["usage"]
    assert usage["output_tokens_details"]["reasoning_tokens"] == 64
    (attempt,) = _attempts(gw, answer.headers["x-request-id"])
    assert attempt["provider"] == "openai" and attempt["outcome"] == "ok"
    assert attempt["reasoning_tokens"] == 64
    assert attempt["prompt_tokens"] == usage["input_tokens"]
    assert attempt["completion_tokens"] == usage["output_tokens"]
    assert attempt["cost_usd"] > 0
    assert usage["cost_usd"] == pytest.approx(attempt["cost_usd"])
    assert float(answer.headers["x-modelrouter-cost-usd"]) == pytest.approx(
        attempt["cost_usd"], abs=1e-6
    )
    assert http.get(f"/v1/responses/{body['id']}").json() == body


def test_streamed_events_are_relayed_renumbered_and_stored(
    gw: RunningGateway, http: httpx2.Client
) -> None:
    answer, events = _events(
        http, model=NATIVE, input="Tell me about Lisbon", reasoning={"effort": "low"}
    )
    assert answer.status_code == 200
    assert [e["sequence_number"] for e in events] == list(range(len(events)))
    kinds = [e["type"] for e in events]
    assert kinds[:2] == ["response.created", "response.in_progress"]
    assert kinds[-1] == "response.completed"
    ids = {e["response"]["id"] for e in events if "response" in e}
    assert len(ids) == 1 and ids.pop().startswith("resp_")
    added = [e["item"] for e in events if e["type"] == "response.output_item.added"]
    assert [item["type"] for item in added] == ["reasoning", "message"]
    final = events[-1]["response"]
    deltas = "".join(e["delta"] for e in events if e["type"] == "response.output_text.delta")
    assert final["output"][1]["content"][0]["text"] == deltas
    assert final["usage"]["output_tokens_details"]["reasoning_tokens"] == 64
    (attempt,) = _attempts(gw, answer.headers["x-request-id"])
    assert attempt["provider"] == "openai" and attempt["reasoning_tokens"] == 64
    assert (
        final["usage"]["cost_usd"] == pytest.approx(attempt["cost_usd"]) and attempt["cost_usd"] > 0
    )
    assert http.get(f"/v1/responses/{final['id']}").json() == final


def test_reasoning_items_are_sent_back_intact_along_a_chain(
    gw: RunningGateway, http: httpx2.Client
) -> None:
    ask = {"model": NATIVE, "reasoning": {"effort": "low"}}
    first = http.post("/v1/responses", json={**ask, "input": "Think about prime numbers"}).json()
    returned = _calls(gw).get("responses.reasoning_in", 0)
    answer, events = _events(
        http, **ask, input="And twin primes?", previous_response_id=first["id"]
    )
    assert answer.status_code == 200 and "x-modelrouter-notes" not in answer.headers
    assert _calls(gw)["responses.reasoning_in"] == returned + 1
    third = http.post(
        "/v1/responses",
        json={
            **ask,
            "input": "Which is larger?",
            "previous_response_id": events[-1]["response"]["id"],
        },
    )
    assert third.status_code == 200
    assert _calls(gw)["responses.reasoning_in"] == returned + 3  # both earlier turns' items


def test_tool_output_for_a_call_made_by_the_native_upstream(
    gw: RunningGateway, http: httpx2.Client
) -> None:
    ask = {"tools": TOOLS, "reasoning": {"effort": "low"}}
    first = http.post(
        "/v1/responses", json={**ask, "model": NATIVE, "input": "What is the weather in Paris?"}
    ).json()
    call = first["output"][-1]
    assert call["type"] == "function_call" and call["name"] == "get_weather"
    output = {"type": "function_call_output", "call_id": call["call_id"], "output": "cold, -3C"}
    second = http.post(
        "/v1/responses",
        json={**ask, "model": NATIVE, "previous_response_id": first["id"], "input": [output]},
    )
    assert second.status_code == 200
    text = second.json()["output"][-1]["content"][0]["text"]
    assert "cold, -3C" in text
    # the same chain continued on a translated (Anthropic) upstream: the call and its
    # output stay paired; the native reasoning items are dropped with a note
    third = http.post(
        "/v1/responses",
        json={
            **ask,
            "model": "claude-haiku-4-5",
            "previous_response_id": first["id"],
            "input": [output],
        },
    )
    assert third.status_code == 200, third.text
    assert "reasoning item" in third.headers["x-modelrouter-notes"]
    assert "cold, -3C" in third.json()["output"][-1]["content"][0]["text"]


def test_a_failing_native_upstream_falls_back_to_a_translated_candidate(
    gw: RunningGateway, http: httpx2.Client
) -> None:
    gw.fault("gpt-5.5", error_rate=1.0, faults=["server_error"])  # route:reasoning's primary
    ask = {
        "model": "route:reasoning",
        "input": "Prove that 2 is prime",
        "reasoning": {"effort": "low"},
    }
    plain = http.post("/v1/responses", json=ask)
    assert plain.status_code == 200
    assert plain.headers["x-modelrouter-provider"] == "anthropic"
    assert [item["type"] for item in plain.json()["output"]] == ["message"]  # translated
    attempts = _attempts(gw, plain.headers["x-request-id"])
    assert [a["provider"] for a in attempts][-1] == "anthropic"
    assert {a["provider"] for a in attempts if a["outcome"] == "error"} == {"openai"}
    answer, events = _events(http, **ask)
    assert answer.status_code == 200 and events[-1]["type"] == "response.completed"
    assert [e["sequence_number"] for e in events] == list(range(len(events)))
    assert events[-1]["response"]["model"] == "claude-opus-4-7"


def test_a_native_stream_cut_after_content_ends_with_error_then_failed(
    gw: RunningGateway, http: httpx2.Client
) -> None:
    gw.fault(NATIVE, error_rate=1.0, faults=["cut"])
    _, events = _events(http, model=NATIVE, input="Tell me a long story about the sea")
    assert [e["type"] for e in events[-2:]] == ["error", "response.failed"]
    assert [e["sequence_number"] for e in events] == list(range(len(events)))
    assert any(e["type"] == "response.output_text.delta" for e in events)


def test_the_openai_sdk_accepts_native_answers(gw: RunningGateway) -> None:
    gw.heal()
    with openai.OpenAI(base_url=f"{gw.url}/v1", api_key="unused", max_retries=0) as sdk:
        made = sdk.responses.create(model=NATIVE, input="Say hi", reasoning={"effort": "low"})
        assert made.output[0].type == "reasoning" and made.output_text
        with sdk.responses.stream(
            model=NATIVE, input="Tell me about Oslo", previous_response_id=made.id
        ) as stream:
            deltas = [e.delta for e in stream if e.type == "response.output_text.delta"]
            final = stream.get_final_response()
    assert "".join(deltas) == final.output_text and final.status == "completed"
    assert final.usage is not None and final.usage.output_tokens > 0


@pytest.mark.parametrize(
    ("providers", "named"),
    [
        ({"anthropic": {"responses": "native"}}, "providers.anthropic: responses: 'native' needs"),
        ({"openai": {"responses": "nativ"}}, "providers.openai.responses"),
    ],
)
def test_config_errors_name_the_field(providers: dict[str, Any], named: str) -> None:
    with pytest.raises(ConfigError, match=named):
        build_settings(merge(default_data(), {"providers": providers}))


def test_hosted_tool_items_pass_to_native_and_are_dropped_with_a_note_elsewhere(
    http: httpx2.Client,
) -> None:
    items = [
        {"type": "message", "role": "user", "content": "Search the news"},
        {"type": "web_search_call", "id": "ws_1", "status": "completed"},
        {"type": "message", "role": "assistant", "content": "Nothing new today."},
        {"type": "message", "role": "user", "content": "Thanks, summarise that"},
    ]
    native = http.post("/v1/responses", json={"model": NATIVE, "input": items})
    assert native.status_code == 200 and "x-modelrouter-notes" not in native.headers
    translated = http.post("/v1/responses", json={"model": "claude-haiku-4-5", "input": items})
    assert translated.status_code == 200
    assert "1 hosted tool call item(s) dropped" in translated.headers["x-modelrouter-notes"]
