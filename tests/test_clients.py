"""Real agent clients against the gateway over ``/v1/responses`` (issue 14, part 5):
the ``openai`` SDK, the OpenAI Agents SDK and Codex CLI, upstreams simulated on loopback.

Codex runs only where ``codex`` is on PATH (``npm install -g @openai/codex``); its
requests for anything but the gateway go to a dead proxy on loopback, so the test never
reaches the internet. Versions last run and what failed are in docs/clients.md.
"""

from __future__ import annotations

import asyncio
import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import openai
import pytest
from agents import Agent, OpenAIResponsesModel, Runner, function_tool, set_tracing_disabled
from pydantic import BaseModel

from gateway_fixtures import WEATHER_TOOL, RunningGateway, running_gateway

pytestmark = pytest.mark.clients


@pytest.fixture(scope="module")
def gw(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningGateway]:
    with running_gateway(tmp_path_factory.mktemp("clients")) as running:
        yield running


@pytest.fixture
def client(gw: RunningGateway) -> Iterator[openai.OpenAI]:
    with openai.OpenAI(base_url=f"{gw.url}/v1", api_key="unused", max_retries=0) as sdk:
        yield sdk


def test_sdk_create_and_chain(client: openai.OpenAI) -> None:
    first = client.responses.create(
        model="auto",
        input="What is the weather in Oslo?",
        tools=[WEATHER_TOOL],  # type: ignore[list-item]
    )
    call = first.output[0]
    assert call.type == "function_call" and call.name == "get_weather"
    second = client.responses.create(
        model="auto",
        previous_response_id=first.id,
        input=[{"type": "function_call_output", "call_id": call.call_id, "output": "cold, -3C"}],
        tools=[WEATHER_TOOL],  # type: ignore[list-item]
    )
    assert "cold, -3C" in second.output_text
    assert client.responses.retrieve(second.id).output_text == second.output_text


def test_sdk_stream(client: openai.OpenAI) -> None:
    deltas: list[str] = []
    with client.responses.stream(model="auto", input="Tell me about Lisbon") as stream:
        for event in stream:
            if event.type == "response.output_text.delta":
                deltas.append(event.delta)
        final = stream.get_final_response()
    assert len(deltas) > 1 and "".join(deltas) == final.output_text
    assert final.status == "completed" and final.usage is not None and final.usage.output_tokens > 0


class Trip(BaseModel):
    city: str
    days: int


def test_sdk_parse_into_a_pydantic_model(client: openai.OpenAI) -> None:
    parsed = client.responses.parse(model="auto", input="Plan 3 days in Rome", text_format=Trip)
    assert isinstance(parsed.output_parsed, Trip)
    assert parsed.output_parsed.days == 3


async def _run_agent(
    gw: RunningGateway, prompt: str, *, streamed: bool
) -> tuple[str, list[str], list[str]]:
    """Run a one-tool agent over /v1/responses: its final output, the tool's calls, the
    stream's event kinds (empty unless streamed)."""
    set_tracing_disabled(True)  # the SDK would export traces to OpenAI
    called: list[str] = []

    @function_tool
    def get_weather(city: str) -> str:
        """Get the current weather for a city."""
        called.append(city)
        return f"{city}: sunny, 21C"

    async with openai.AsyncOpenAI(base_url=f"{gw.url}/v1", api_key="unused", max_retries=0) as sdk:
        model = OpenAIResponsesModel(model="auto", openai_client=sdk)
        agent = Agent(
            name="weather", instructions="Answer with the tools.", tools=[get_weather], model=model
        )
        if not streamed:
            result = await Runner.run(agent, prompt)
            return str(result.final_output), called, []
        run = Runner.run_streamed(agent, prompt)
        kinds = [event.type async for event in run.stream_events()]
        return str(run.final_output), called, kinds


def test_agents_sdk_run_with_a_function_tool(gw: RunningGateway) -> None:
    final, called, _ = asyncio.run(_run_agent(gw, "What is the weather in Paris?", streamed=False))
    assert called == ["Paris"]
    assert "Paris: sunny, 21C" in final


def test_agents_sdk_streamed_run(gw: RunningGateway) -> None:
    final, called, kinds = asyncio.run(
        _run_agent(gw, "What is the weather in Rome?", streamed=True)
    )
    assert called == ["Rome"]
    assert "Rome: sunny, 21C" in final
    assert "raw_response_event" in kinds and "run_item_stream_event" in kinds


CODEX_CONFIG = """\
model = "auto"
model_provider = "modelrouter"
check_for_update_on_startup = false

[model_providers.modelrouter]
name = "modelrouter"
base_url = "{url}/v1"
wire_api = "responses"
env_key = "MODELROUTER_KEY"
"""


@pytest.mark.skipif(
    shutil.which("codex") is None, reason="codex is not on PATH (npm i -g @openai/codex)"
)
def test_codex_exec_runs_a_shell_command(tmp_path: Path) -> None:
    with running_gateway(tmp_path / "gw") as gw:
        key, _ = gw.store.create("codex")  # from now on the gateway needs a key
        home, work = tmp_path / "codex", tmp_path / "work"
        home.mkdir()
        work.mkdir()
        (home / "config.toml").write_text(CODEX_CONFIG.format(url=gw.url))
        env = {
            "PATH": os.environ["PATH"],
            "HOME": str(tmp_path),
            "CODEX_HOME": str(home),
            "MODELROUTER_KEY": key,
            "HTTPS_PROXY": "http://127.0.0.1:9",  # anything but the gateway: refused
            "HTTP_PROXY": "http://127.0.0.1:9",
            "NO_PROXY": "127.0.0.1,localhost",
        }
        prompt = "Use exec_command to run `echo modelrouter-ok > proof.txt`"
        done = subprocess.run(
            [
                "codex",
                "exec",
                "--skip-git-repo-check",
                "--dangerously-bypass-approvals-and-sandbox",
                prompt,
            ],
            cwd=work,
            env=env,
            capture_output=True,
            text=True,
            timeout=180,
            check=False,
        )
        assert done.returncode == 0, done.stderr[-2000:] + done.stdout[-2000:]
        assert (work / "proof.txt").read_text() == "modelrouter-ok\n"
        requests, _ = gw.ledger()
        answered = [r for r in requests if r["status"] == 200]
        assert len(answered) >= 2  # the call, then the answer
        assert {r["key_id"] for r in answered} == {gw.store.all()[0].id}
