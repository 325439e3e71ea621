"""``/v1/responses`` through the real gateway on loopback, upstreams simulated (issue 14):
routing, storage per key, ``previous_response_id`` chains, streaming, errors, ledger."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx2
import orjson
import pytest

from gateway_fixtures import WEATHER_TOOL, RunningGateway, running_gateway

TOOLS = [WEATHER_TOOL]
WEATHER = "What is the weather in Paris?"


@pytest.fixture(scope="module")
def gw(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningGateway]:
    with running_gateway(tmp_path_factory.mktemp("responses")) as running:
        yield running


@pytest.fixture
def http(gw: RunningGateway) -> Iterator[httpx2.Client]:
    with httpx2.Client(base_url=gw.url, timeout=30) as client:
        yield client


def _create(http: httpx2.Client, key: str | None = None, **body: Any) -> httpx2.Response:
    headers = {"authorization": f"Bearer {key}"} if key else {}
    return http.post("/v1/responses", json={"model": "auto", **body}, headers=headers)


def _events(http: httpx2.Client, **body: Any) -> tuple[httpx2.Response, list[dict[str, Any]]]:
    with http.stream(
        "POST", "/v1/responses", json={"model": "auto", **body, "stream": True}
    ) as answer:
        text = answer.read().decode()
    events = []
    for block in text.split("\n\n"):
        if block.strip():
            head, data = block.split("\n", 1)
            event = orjson.loads(data.removeprefix("data: "))
            assert head == f"event: {event['type']}"
            events.append(event)
    return answer, events


def test_plain_answer_is_routed_recorded_and_stored(
    gw: RunningGateway, http: httpx2.Client
) -> None:
    answer = _create(
        http, model="auto", input="Say hello", instructions="Be brief.", metadata={"t": "1"}
    )
    assert answer.status_code == 200
    body = answer.json()
    assert body["object"] == "response" and body["status"] == "completed"
    assert body["id"].startswith("resp_") and body["metadata"] == {"t": "1"}
    assert body["model"] == answer.headers["x-modelrouter-model"]
    message = body["output"][0]
    assert message["type"] == "message" and message["content"][0]["text"]
    assert (
        body["usage"]["total_tokens"]
        == body["usage"]["input_tokens"] + body["usage"]["output_tokens"]
    )
    assert http.get(f"/v1/responses/{body['id']}").json() == body
    requests, attempts = gw.ledger()
    row = next(r for r in requests if r["id"] == answer.headers["x-request-id"])
    assert row["status"] == 200 and row["selector"] == "auto" and row["api"] == "responses"
    assert any(a["request_id"] == row["id"] for a in attempts)
    assert 'api="responses"' in http.get("/metrics").text


def test_streamed_tool_call_has_every_event_and_is_stored(http: httpx2.Client) -> None:
    answer, events = _events(http, model="auto", input=WEATHER, tools=TOOLS)
    assert answer.status_code == 200
    kinds = [e["type"] for e in events]
    assert kinds[:3] == ["response.created", "response.in_progress", "response.output_item.added"]
    assert "response.function_call_arguments.delta" in kinds
    assert kinds[-3:] == [
        "response.function_call_arguments.done",
        "response.output_item.done",
        "response.completed",
    ]
    assert [e["sequence_number"] for e in events] == list(range(len(events)))
    final = events[-1]["response"]
    call = final["output"][0]
    assert call["type"] == "function_call" and orjson.loads(call["arguments"]) == {"city": "Paris"}
    assert events[2]["item"]["id"] == call["id"]
    assert final["usage"]["output_tokens"] > 0
    stored = http.get(f"/v1/responses/{final['id']}")  # waits for the background write
    assert stored.status_code == 200 and stored.json()["output"] == final["output"]


def test_streamed_tool_call_from_an_anthropic_upstream_keeps_its_arguments(
    http: httpx2.Client,
) -> None:
    answer, events = _events(http, model="claude-haiku-4-5", input=WEATHER, tools=TOOLS)
    assert answer.headers["x-modelrouter-provider"] == "anthropic"
    deltas = [e["delta"] for e in events if e["type"] == "response.function_call_arguments.delta"]
    done = next(e for e in events if e["type"] == "response.function_call_arguments.done")
    assert "".join(deltas) == done["arguments"]
    assert orjson.loads(done["arguments"]) == {"city": "Paris"}
    final = events[-1]["response"]
    assert final["output"][-1]["call_id"].startswith("toolu_")  # Anthropic's id, kept


def test_three_turn_chain_on_an_anthropic_upstream(http: httpx2.Client) -> None:
    first = _create(http, model="claude-haiku-4-5", input=WEATHER, tools=TOOLS)
    assert first.headers["x-modelrouter-provider"] == "anthropic"
    call = first.json()["output"][-1]
    assert call["type"] == "function_call"
    output = {"type": "function_call_output", "call_id": call["call_id"], "output": "sunny, 21C"}
    second = _create(
        http,
        model="claude-haiku-4-5",
        input=[output],
        tools=TOOLS,
        previous_response_id=first.json()["id"],
    )
    assert second.status_code == 200, second.text  # the sim refuses unpaired tool results
    assert "sunny, 21C" in second.json()["output"][0]["content"][0]["text"]
    third = _create(
        http,
        model="claude-haiku-4-5",
        input="And should I take an umbrella?",
        previous_response_id=second.json()["id"],
        tools=TOOLS,
    )
    alone = _create(
        http, model="claude-haiku-4-5", input="And should I take an umbrella?", tools=TOOLS
    )
    assert third.status_code == 200 and third.json()["previous_response_id"] == second.json()["id"]
    tokens = [r.json()["usage"]["input_tokens"] for r in (first, second, third)]
    assert tokens[0] < tokens[1] < tokens[2]  # each turn carries the whole chain
    assert alone.json()["usage"]["input_tokens"] < tokens[2]


def test_parallel_calls_and_reasoning_cross_to_anthropic(http: httpx2.Client) -> None:
    calls = [
        {
            "type": "function_call",
            "call_id": f"call_{c}",
            "name": "get_weather",
            "arguments": f'{{"city":"{c}"}}',
        }
        for c in ("Paris", "Rome")
    ]
    results = [
        {"type": "function_call_output", "call_id": f"call_{c}", "output": f"{c}: fine"}
        for c in ("Paris", "Rome")
    ]
    reasoning = {"type": "reasoning", "id": "rs_1", "summary": [], "encrypted_content": "opaque"}
    items = [{"role": "user", "content": "Weather in Paris and Rome?"}, reasoning, *calls, *results]
    answer = _create(http, model="claude-haiku-4-5", input=items, tools=TOOLS)
    assert answer.status_code == 200, answer.text
    text = answer.json()["output"][0]["content"][0]["text"]
    assert "Paris: fine" in text and "Rome: fine" in text
    assert "reasoning item(s) dropped" in answer.headers["x-modelrouter-notes"]


def test_json_schema_format_is_honoured(http: httpx2.Client) -> None:
    schema = {
        "type": "object",
        "properties": {"city": {"type": "string"}, "days": {"type": "integer"}},
        "required": ["city", "days"],
        "additionalProperties": False,
    }
    fmt = {"type": "json_schema", "name": "Trip", "schema": schema, "strict": True}
    answer = _create(http, model="auto", input="Plan 3 days in Rome", text={"format": fmt})
    assert answer.status_code == 200
    value = orjson.loads(answer.json()["output"][0]["content"][0]["text"])
    assert set(value) == {"city", "days"} and isinstance(value["days"], int)
    assert answer.json()["text"]["format"]["name"] == "Trip"


def test_store_false_and_delete(http: httpx2.Client) -> None:
    unstored = _create(http, input="hi", store=False).json()
    assert unstored["store"] is False
    assert http.get(f"/v1/responses/{unstored['id']}").status_code == 404
    stored = _create(http, input="hi").json()
    assert http.delete(f"/v1/responses/{stored['id']}").json() == {
        "id": stored["id"],
        "object": "response.deleted",
        "deleted": True,
    }
    assert http.delete(f"/v1/responses/{stored['id']}").status_code == 404
    gone = _create(http, input="again", previous_response_id=stored["id"])
    assert gone.status_code == 404 and gone.json()["error"]["code"] == "response_not_found"


def test_errors_are_in_the_openai_format(http: httpx2.Client) -> None:
    unknown = _create(http, model="gpt-9", input="x")
    assert unknown.status_code == 404 and unknown.json()["error"]["code"] == "model_not_found"
    bad = _create(http, input=[{"type": "function_call", "name": "f"}])
    assert bad.status_code == 400
    assert bad.json()["error"] | {"message": ""} == {
        "message": "",
        "type": "invalid_request_error",
        "param": "input.0.call_id",
        "code": "invalid_request_error",
    }
    routed = _create(http, model="route:code", input="Write a python function to add two numbers")
    assert routed.status_code == 200 and routed.headers["x-modelrouter-task"] == "code"


def test_stream_cut_after_content_ends_with_error_then_response_failed(
    gw: RunningGateway, http: httpx2.Client
) -> None:
    gw.fault("kimi-k2.6", error_rate=1.0, faults=["cut"])
    try:
        answer, events = _events(http, model="route:simple", input="tell me about Paris in detail")
    finally:
        gw.heal()
    assert answer.status_code == 200
    kinds = [e["type"] for e in events]
    assert "response.output_text.delta" in kinds
    assert kinds[-2:] == ["error", "response.failed"]
    assert events[-1]["response"]["status"] == "failed"
    assert [e["sequence_number"] for e in events] == list(range(len(events)))


def test_another_keys_responses_are_not_found(tmp_path: Path) -> None:
    with running_gateway(tmp_path) as gw, httpx2.Client(base_url=gw.url, timeout=30) as http:
        key_a, _ = gw.store.create("a")
        key_b, _ = gw.store.create("b", allowed_providers=["deepseek"])
        made = _create(http, key_a, input="hi", model="auto")
        assert made.status_code == 200
        rid = made.json()["id"]
        auth_a = {"authorization": f"Bearer {key_a}"}
        auth_b = {"authorization": f"Bearer {key_b}"}
        assert http.get(f"/v1/responses/{rid}", headers=auth_a).status_code == 200
        assert http.get(f"/v1/responses/{rid}", headers=auth_b).status_code == 404
        assert http.get(f"/v1/responses/{rid}").status_code == 401  # keys are required now
        assert http.delete(f"/v1/responses/{rid}", headers=auth_b).status_code == 404
        chained = _create(http, key_b, input="more", previous_response_id=rid)
        assert chained.status_code == 404
        refused = _create(http, key_b, input="hi", model="claude-haiku-4-5")
        assert refused.status_code == 403  # the key's allow-list holds here too
        assert http.get(f"/v1/responses/{rid}", headers=auth_a).status_code == 200


def test_sim_calls_the_tool_the_prompt_names_with_its_quoted_command(http: httpx2.Client) -> None:
    shell = {
        "type": "function",
        "name": "exec_command",
        "description": "Runs a command in a PTY, returning output",
        "parameters": {
            "type": "object",
            "properties": {"cmd": {"type": "string"}, "workdir": {"type": "string"}},
            "required": ["cmd"],
        },
    }
    answer = _create(http, input="Use exec_command to run `ls -la /tmp`", tools=[*TOOLS, shell])
    call = answer.json()["output"][0]
    assert call["name"] == "exec_command"
    assert orjson.loads(call["arguments"]) == {"cmd": "ls -la /tmp"}


def test_custom_tool_is_called_as_a_custom_tool_call(http: httpx2.Client) -> None:
    patch = {"type": "custom", "name": "apply_patch", "description": "Edit files with a patch"}
    answer = _create(http, input="Use apply_patch to fix the typo in README", tools=[patch])
    assert answer.status_code == 200, answer.text
    call = answer.json()["output"][0]
    assert call["type"] == "custom_tool_call" and call["name"] == "apply_patch"
    assert call["input"]  # the simulator writes the prompt in
    result = {"type": "custom_tool_call_output", "call_id": call["call_id"], "output": "Applied"}
    after = _create(http, input=[result], tools=[patch], previous_response_id=answer.json()["id"])
    assert after.status_code == 200, after.text
    assert "Applied" in after.json()["output"][0]["content"][0]["text"]
