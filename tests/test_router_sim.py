"""The router end to end against the simulated provider: in process and over loopback,
plain and streamed, each sim fault kind, and the CLI."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from tests.test_config import TABLE

from modelrouter import Router
from modelrouter.cli import main_group
from modelrouter.config.loader import build_settings, default_data, merge
from modelrouter.config.schema import Settings
from modelrouter.errors import ProviderError
from modelrouter.sim import running_sim

PROMPTS = {
    "code": "Write a Python function that parses an ISO date and returns the weekday.",
    "reasoning": "A train leaves at 3pm at 80 km/h, another at 4pm at 100 km/h. "
    "When does the second catch up? Think step by step.",
    "creative": "Write a short poem about autumn rain in Kyoto.",
    "simple": "把这句话翻译成英文：今天天气很好。",
    "data_analysis": "region,q1,q2\nnorth,120,140\nsouth,90,60\neast,200,210\n\n"
    "Which region grew the most from q1 to q2, in percent?",
}


def _settings(sim: dict[str, Any] | None = None, **extra: Any) -> Settings:
    return build_settings(merge(default_data(), {"sim": {"enabled": True, **(sim or {})}, **extra}))


@pytest.mark.parametrize("task", sorted(PROMPTS))
async def test_auto_detection_routes_each_task_to_its_primary(task: str) -> None:
    async with Router(_settings()) as router:
        result = await router.complete(PROMPTS[task])
    assert result.trace.task == task
    assert result.response.model == TABLE[task][0]
    assert result.trace.outcome == "ok" and result.response.text
    assert result.trace.cost_usd > 0
    usage = result.trace.attempts[0].usage
    assert usage.prompt_tokens > 0 and usage.completion_tokens > 0


async def test_code_answers_parse_and_json_mode_gives_json() -> None:
    async with Router(_settings()) as router:
        code = await router.complete(PROMPTS["code"])
        data = await router.complete(
            "List three colours as JSON.", response_format={"type": "json_object"}
        )
    assert "```" in code.response.text
    assert all(v.ok for v in code.trace.attempts[0].verdicts)
    json.loads(data.response.text)


SIM_FAULTS = ["rate_limit", "server_error", "reset", "malformed", "empty", "refusal", "auth"]


@pytest.mark.parametrize("fault", SIM_FAULTS)
async def test_every_sim_fault_on_the_primary_ends_on_the_fallback(fault: str) -> None:
    settings = _settings(
        {"models": {"kimi-k2.6": {"error_rate": 1.0, "faults": [fault], "retry_after": 0.01}}},
        routing={"backoff_base": 0.001},
    )
    async with Router(settings) as router:
        result = await router.complete("hello there, how are you?", task="simple")
    assert result.response.model == "qwen3.6-plus"
    assert result.trace.attempts[0].model == "kimi-k2.6"
    assert result.trace.attempts[0].outcome in ("error", "check_failed")
    assert result.trace.outcome in ("fallback", "escalated")


async def test_a_hang_times_out_and_falls_back() -> None:
    settings = _settings(
        {"models": {"kimi-k2.6": {"error_rate": 1.0, "faults": ["hang"], "hang_seconds": 30}}},
        models={"kimi-k2.6": {"timeout": 0.2}},
        routing={"retries_per_model": 0},
    )
    async with Router(settings) as router:
        result = await router.complete("hello", task="simple")
    assert result.trace.attempts[0].error == "timeout"
    assert result.response.model == "qwen3.6-plus"


async def test_stream_fails_over_before_content_and_reports_a_cut_after() -> None:
    down = _settings({"models": {"kimi-k2.6": {"down": True}}}, routing={"backoff_base": 0.001})
    async with Router(down) as router:
        stream = await router.stream("hello", task="simple")
        text = "".join([c.choices[0].delta.content or "" async for c in stream if c.choices])
    assert text and stream.trace.model == "qwen3.6-plus"
    cut = _settings({"models": {"kimi-k2.6": {"error_rate": 1.0, "faults": ["cut"]}}})
    async with Router(cut) as router:
        stream = await router.stream("tell me about the weather in Paris", task="simple")
        received: list[str] = []
        with pytest.raises(ProviderError) as caught:
            async for chunk in stream:
                received.extend(c.delta.content or "" for c in chunk.choices)
    assert caught.value.kind == "stream_cut"
    assert "".join(received), "content arrived before the cut"
    attempt = stream.trace.attempts[-1]
    assert attempt.outcome == "cut" and stream.trace.outcome == "cut"
    assert attempt.usage.completion_tokens > 0 and attempt.cost_usd > 0, "a cut stream is billed"


async def test_streamed_tool_calls_from_an_anthropic_model() -> None:
    tools = [
        {
            "type": "function",
            "function": {
                "name": "lookup_order",
                "description": "Find an order",
                "parameters": {
                    "type": "object",
                    "properties": {"order_id": {"type": "string"}},
                    "required": ["order_id"],
                },
            },
        }
    ]
    async with Router(_settings()) as router:
        stream = await router.stream(
            "Find order 42 for me", task="code", tools=tools, tool_choice="required"
        )
        calls: dict[int, dict[str, str]] = {}
        async for chunk in stream:
            for choice in chunk.choices:
                for call in choice.delta.tool_calls or ():
                    slot = calls.setdefault(call.index, {"name": "", "arguments": ""})
                    slot["name"] += (call.function or {}).get("name") or ""
                    slot["arguments"] += (call.function or {}).get("arguments") or ""
    assert stream.trace.model == "claude-opus-4-7"
    assert calls[0]["name"] == "lookup_order"
    assert "order_id" in json.loads(calls[0]["arguments"])


async def test_router_over_loopback_http() -> None:
    sim_settings = _settings()
    with running_sim(sim_settings) as base:
        providers = {
            name: {
                "base_url": f"{base}/v1" if spec.format == "openai" else base,
                "api_key": "sk-loopback",
            }
            for name, spec in sim_settings.providers.items()
        }
        settings = build_settings(merge(default_data(), {"providers": providers}))
        async with Router(settings) as router:
            result = await router.complete(PROMPTS["code"])
            stream = await router.stream(PROMPTS["creative"])
            chunks = [c async for c in stream]
    assert result.response.model == "claude-opus-4-7" and result.trace.outcome == "ok"
    assert chunks and stream.trace.outcome == "ok" and stream.trace.cost_usd > 0


def test_cli_route_and_chat_with_the_simulator(tmp_path: Path) -> None:
    runner = CliRunner(env={"MODELROUTER_DB": str(tmp_path / "ledger.db")})  # chat records
    routed = runner.invoke(main_group, ["route", PROMPTS["code"], "--json"])
    assert routed.exit_code == 1 and "no model can serve" in routed.output
    routed = runner.invoke(main_group, ["route", "--sim", "--json", "--explain", PROMPTS["code"]])
    assert routed.exit_code == 0, routed.output
    decision = json.loads(routed.output)
    assert decision["task"] == "code"
    assert [row["model"] for row in decision["plan"][:2]] == list(TABLE["code"])
    explained = runner.invoke(main_group, ["route", "--sim", "--explain", "-"], input="hi there")
    assert "primary" in explained.output and "kimi-k2.6" in explained.output
    chatted = runner.invoke(main_group, ["chat", "--sim", "--json", "--budget", "economy", "hi"])
    assert chatted.exit_code == 0, chatted.output
    payload = json.loads(chatted.stdout)
    assert payload["trace"]["budget"] == "economy"
    assert payload["response"]["choices"][0]["message"]["content"]
    plain = runner.invoke(main_group, ["chat", "--sim", "--stream", "write a haiku"])
    assert plain.exit_code == 0 and "model=claude-opus-4-7" in plain.output
    assert (tmp_path / "ledger.db").is_file()  # both chats went to the ledger, not $HOME


def test_the_installed_command_reads_stdin() -> None:
    long_document = "The committee met on Tuesday. " * 2000 + "\nSummarise the minutes above."
    done = subprocess.run(
        [sys.executable, "-m", "modelrouter", "route", "--sim", "--json", "-"],
        input=long_document,
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    assert json.loads(done.stdout)["task"] == "long_context"


def test_python_api_from_a_config_file(tmp_path: Any) -> None:
    path = tmp_path / "modelrouter.yaml"
    path.write_text(
        "sim:\n  enabled: true\n"
        "tasks:\n  simple:\n    route: {primary: gpt-5.4-nano, fallbacks: [kimi-k2.6]}\n"
    )
    router = Router.from_config(path, env={})
    try:
        result = router.complete_sync("hi, how are you today?")
    finally:
        router.close()
    assert result.trace.task == "simple"
    assert result.response.model == "gpt-5.4-nano"
    assert result.response.choices[0].message.role == "assistant"
    assert result.trace.to_dict()["attempts"][0]["usage"]["prompt_tokens"] > 0
