"""Answers carry their cost (issue 15, item 5): streams in their final usage (OpenAI's
``include_usage`` chunk, Anthropic's ``message_delta``) and plain answers in ``usage``,
as ``cost_usd`` next to the header; the official SDKs still read them."""

from __future__ import annotations

import logging
from pathlib import Path

import anthropic
import openai
import orjson
import pytest
from tests.gateway_fixtures import running_gateway

from modelrouter.server.openai_api import OpenAIStream
from modelrouter.types import ChatChunk, ChunkChoice, Delta, Usage

PROMPT = [{"role": "user", "content": "hello there, how are you?"}]


def _logged_cost(caplog: pytest.LogCaptureFixture) -> float:
    (line,) = [getattr(r, "fields", {}) for r in caplog.records if r.getMessage() == "request"]
    return float(line["cost_usd"])


def test_openai_stream_ends_with_its_cost_in_usage(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="modelrouter")
    with running_gateway(tmp_path) as gw:
        client = openai.OpenAI(base_url=f"{gw.url}/v1", api_key="unused", max_retries=0)
        stream = client.chat.completions.create(
            model="route:simple",
            messages=PROMPT,  # type: ignore[arg-type]
            stream=True,
            stream_options={"include_usage": True},
        )
        chunks = list(stream)
        client.close()
        requests, _ = gw.ledger()
    usage = chunks[-1].usage
    assert usage is not None and usage.completion_tokens > 0
    extra = usage.model_extra or {}
    assert extra["cost_usd"] == pytest.approx(requests[0]["cost_usd"]) and extra["cost_usd"] > 0
    assert _logged_cost(caplog) == pytest.approx(requests[0]["cost_usd"])


def test_anthropic_stream_message_delta_carries_the_cost(tmp_path: Path) -> None:
    with running_gateway(tmp_path) as gw:
        client = anthropic.Anthropic(base_url=gw.url, api_key="unused", max_retries=0)
        with client.messages.stream(
            model="route:simple",
            max_tokens=200,
            messages=PROMPT,  # type: ignore[arg-type]
        ) as stream:
            events = list(stream)
            final = stream.get_final_message()
        client.close()
        requests, _ = gw.ledger()
    (delta,) = [e for e in events if e.type == "message_delta"]
    cost = (delta.usage.model_extra or {})["cost_usd"]
    assert cost == pytest.approx(requests[0]["cost_usd"]) and cost > 0
    assert final.content and final.usage.output_tokens > 0


def test_plain_answers_carry_the_same_cost_as_the_header(tmp_path: Path) -> None:
    with running_gateway(tmp_path) as gw:
        oai = openai.OpenAI(base_url=f"{gw.url}/v1", api_key="unused", max_retries=0)
        raw = oai.chat.completions.with_raw_response.create(
            model="route:simple",
            messages=PROMPT,  # type: ignore[arg-type]
        )
        answer = raw.parse()
        ant = anthropic.Anthropic(base_url=gw.url, api_key="unused", max_retries=0)
        araw = ant.messages.with_raw_response.create(
            model="route:simple",
            max_tokens=200,
            messages=PROMPT,  # type: ignore[arg-type]
        )
        message = araw.parse()
        oai.close()
        ant.close()
    assert answer.usage is not None
    header = float(raw.headers["x-modelrouter-cost-usd"])
    assert (answer.usage.model_extra or {})["cost_usd"] == pytest.approx(header, abs=1e-6)
    aheader = float(araw.headers["x-modelrouter-cost-usd"])
    assert (message.usage.model_extra or {})["cost_usd"] == pytest.approx(aheader, abs=1e-6)


def test_usage_sent_on_a_content_chunk_still_ends_the_stream_with_the_cost() -> None:
    # some upstreams put usage on the last content chunk: it is moved to a final chunk
    stream = OpenAIStream(include_usage=True)
    chunk = ChatChunk(
        id="c1",
        model="m",
        choices=[ChunkChoice(delta=Delta(content="hi"), finish_reason="stop")],
        usage=Usage.of(10, 2),
    )
    parts = stream.chunk(chunk) + stream.end(0.25)
    events = [orjson.loads(p.removeprefix(b"data: ")) for p in parts[:-1]]
    assert parts[-1] == b"data: [DONE]\n\n"
    assert "usage" not in events[0] and events[0]["choices"][0]["delta"]["content"] == "hi"
    assert events[1]["choices"] == [] and events[1]["usage"]["cost_usd"] == 0.25
    assert events[1]["usage"]["completion_tokens"] == 2


def test_responses_carry_their_cost_plain_and_streamed(tmp_path: Path) -> None:
    with running_gateway(tmp_path) as gw:
        client = openai.OpenAI(base_url=f"{gw.url}/v1", api_key="unused", max_retries=0)
        raw = client.responses.with_raw_response.create(model="route:simple", input="hello there")
        plain = raw.parse()
        with client.responses.stream(model="route:simple", input="hello there") as stream:
            streamed = stream.get_final_response()
        client.close()
        requests, _ = gw.ledger()
    header = float(raw.headers["x-modelrouter-cost-usd"])
    assert plain.usage is not None and streamed.usage is not None
    assert (plain.usage.model_extra or {})["cost_usd"] == pytest.approx(header, abs=1e-6)
    cost = (streamed.usage.model_extra or {})["cost_usd"]
    assert cost > 0 and cost == pytest.approx(requests[-1]["cost_usd"])
