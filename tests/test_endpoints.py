"""The endpoints beside chat, through the real gateway over the simulator, with the official
SDKs: embeddings, count_tokens, one model by id, provider-prefixed model ids."""

from __future__ import annotations

import json
import math
from collections.abc import Iterator
from pathlib import Path

import anthropic
import httpx2
import openai
import pytest
from click.testing import CliRunner
from tests.gateway_fixtures import ADMIN_KEY, RunningGateway, running_gateway

from modelrouter.cli import main_group
from modelrouter.config.loader import build_settings, default_data, merge
from modelrouter.config.schema import BudgetMode
from modelrouter.counting import count_tokens
from modelrouter.errors import ConfigError
from modelrouter.router import Router
from modelrouter.sim.schema_fill import fill
from modelrouter.types import ChatRequest

HELLO = [{"role": "user", "content": "Say hello to the team, briefly."}]


@pytest.fixture(scope="module")
def gw(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningGateway]:
    with running_gateway(tmp_path_factory.mktemp("endpoints")) as running:
        yield running


@pytest.fixture
def oa(gw: RunningGateway) -> Iterator[openai.OpenAI]:
    client = openai.OpenAI(base_url=f"{gw.url}/v1", api_key="unused", max_retries=0)
    yield client
    client.close()


@pytest.fixture
def an(gw: RunningGateway) -> Iterator[anthropic.Anthropic]:
    client = anthropic.Anthropic(base_url=gw.url, api_key="unused", max_retries=0)
    yield client
    client.close()


def _sim_counts(gw: RunningGateway) -> dict[str, int]:
    counts: dict[str, int] = dict(gw.gateway.router.sim_app.state.endpoint_calls)
    return counts


# -- embeddings ----------------------------------------------------------------------------


def test_sdk_embeddings_are_deterministic_unit_vectors_priced_in_the_ledger(
    gw: RunningGateway, oa: openai.OpenAI
) -> None:
    raw = oa.embeddings.with_raw_response.create(
        model="text-embedding-3-small", input=["the cat sat", "on the mat", "the cat sat"]
    )
    result = raw.parse()
    vectors = [item.embedding for item in result.data]  # the SDK asked for base64, decoded it
    assert [len(v) for v in vectors] == [1536] * 3
    assert all(abs(math.sqrt(sum(x * x for x in v)) - 1) < 1e-5 for v in vectors)
    assert vectors[0] == vectors[2] and vectors[0] != vectors[1]
    assert result.model == "text-embedding-3-small"
    assert result.usage.prompt_tokens > 0
    assert raw.headers["x-modelrouter-model"] == "text-embedding-3-small"
    request_id = raw.headers["x-request-id"]
    requests, attempts = gw.ledger()
    row = next(r for r in requests if r["id"] == request_id)
    assert (row["task"], row["model"], row["provider"], row["status"]) == (
        "embedding",
        "text-embedding-3-small",
        "openai",
        200,
    )
    assert row["prompt_tokens"] == result.usage.prompt_tokens
    assert row["cost_usd"] == pytest.approx(result.usage.prompt_tokens * 0.02e-6)
    assert [a["model"] for a in attempts if a["request_id"] == request_id] == [
        "text-embedding-3-small"
    ]


def test_embeddings_dimensions_floats_token_arrays_and_prefixed_ids(oa: openai.OpenAI) -> None:
    short = oa.embeddings.create(
        model="openai/text-embedding-3-large",
        input=[[1, 2, 3, 4]],
        dimensions=256,
        encoding_format="float",
    )
    assert len(short.data[0].embedding) == 256 and short.usage.prompt_tokens == 4
    assert short.model == "text-embedding-3-large"
    single = oa.embeddings.create(model="text-embedding-3-large", input="one text")
    assert len(single.data) == 1 and len(single.data[0].embedding) == 3072


@pytest.mark.parametrize(
    ("model", "status", "says"),
    [
        ("auto", 400, "embedding model id"),
        ("route:code", 400, "embedding model id"),
        ("gpt-5.5", 400, "is a chat model"),
        ("no-such-embedder", 404, "unknown embedding model"),
        ("anthropic/text-embedding-3-small", 404, "served by openai"),
    ],
)
def test_embeddings_refuse_what_is_no_embedding_model(
    oa: openai.OpenAI, model: str, status: int, says: str
) -> None:
    with pytest.raises(openai.APIStatusError) as caught:
        oa.embeddings.create(model=model, input="x")
    assert caught.value.status_code == status
    assert says in caught.value.message


def test_embedding_models_never_serve_chat_and_never_enter_a_plan(
    gw: RunningGateway, oa: openai.OpenAI
) -> None:
    with pytest.raises(openai.BadRequestError, match="embedding model"):
        oa.chat.completions.create(model="text-embedding-3-small", messages=HELLO)  # type: ignore[arg-type]
    settings = gw.gateway.router.settings
    assert "text-embedding-3-small" not in settings.models
    budgets: tuple[BudgetMode, ...] = ("normal", "economy", "quality")
    for budget in budgets:
        _, plan = gw.gateway.router.decide(
            _chat("route:simple"),
            budget=budget,
        )
        assert not {c.model for c in plan.candidates} & set(settings.embeddings)


def test_a_route_naming_an_embedding_model_fails_at_load() -> None:
    routes = {"tasks": {"simple": {"route": {"primary": "text-embedding-3-small"}}}}
    with pytest.raises((ConfigError, ValueError), match="is an embedding model"):
        build_settings(merge(default_data(), routes))


def test_embeddings_obey_key_allow_lists(tmp_path: Path) -> None:
    with running_gateway(tmp_path, admin=True) as gw, httpx2.Client(base_url=gw.url) as http:
        made = http.post(
            "/admin/keys",
            headers={"authorization": f"Bearer {ADMIN_KEY}"},
            json={"name": "emb-only-large", "allowed_models": ["text-embedding-3-large"]},
        )
        assert made.status_code == 201, made.text
        key = {"authorization": f"Bearer {made.json()['key']}"}
        refused = http.post(
            "/v1/embeddings", headers=key, json={"model": "text-embedding-3-small", "input": "x"}
        )
        allowed = http.post(
            "/v1/embeddings", headers=key, json={"model": "text-embedding-3-large", "input": "x"}
        )
    assert refused.status_code == 403 and "may not use model" in refused.json()["error"]["message"]
    assert allowed.status_code == 200


def test_embeddings_are_charged_to_the_budget(tmp_path: Path) -> None:
    # 80 words of text-embedding-3-small cost about $0.000002: the first fits a daily
    # $0.000003, whose reservation then leaves too little for the second
    limit = {"total": {"daily_usd": 0.000003}}
    with running_gateway(tmp_path, budgets=limit) as gw, httpx2.Client(base_url=gw.url) as http:
        body = {"model": "text-embedding-3-small", "input": "word " * 80}
        first = http.post("/v1/embeddings", json=body)
        second = http.post("/v1/embeddings", json=body)
        requests, _ = gw.ledger()
    assert first.status_code == 200, first.text
    assert second.status_code == 429 and second.json()["error"]["code"] == "budget_exceeded"
    assert [r["status"] for r in requests] == [200, 429]
    assert requests[0]["cost_usd"] == pytest.approx(first.json()["usage"]["prompt_tokens"] * 2e-8)


def test_embeddings_upstream_failure_is_recorded_in_the_callers_format(
    gw: RunningGateway,
) -> None:
    with httpx2.Client(base_url=gw.url, timeout=10) as http:
        answer = http.post(
            "/v1/embeddings",
            json={"model": "text-embedding-3-small", "input": "x" * 40000},  # over 8191 tokens
        )
    assert answer.status_code == 502
    assert "error" in answer.json() and answer.headers["x-modelrouter-outcome"] == "failed"


# -- count_tokens --------------------------------------------------------------------------


def test_sdk_count_tokens_asks_the_anthropic_upstream(
    gw: RunningGateway, an: anthropic.Anthropic
) -> None:
    before = _sim_counts(gw).get("count_tokens", 0)
    raw = an.messages.with_raw_response.count_tokens(
        model="claude-sonnet-4-6",
        system="You are terse.",
        messages=[{"role": "user", "content": "How many tokens is this sentence?"}],
        tools=[{"name": "lookup", "description": "d", "input_schema": {"type": "object"}}],
    )
    counted = raw.parse()
    assert counted.input_tokens > 10
    assert raw.headers["x-modelrouter-estimate"] == "false"
    assert raw.headers["x-modelrouter-model"] == "claude-sonnet-4-6"
    assert _sim_counts(gw)["count_tokens"] == before + 1


def test_count_tokens_on_an_openai_format_model_is_a_marked_estimate(
    gw: RunningGateway, an: anthropic.Anthropic
) -> None:
    before = _sim_counts(gw).get("count_tokens", 0)
    raw = an.messages.with_raw_response.count_tokens(model="gpt-5.5", messages=HELLO)  # type: ignore[arg-type]
    assert raw.parse().input_tokens > 0
    assert raw.headers["x-modelrouter-estimate"] == "true"
    assert "estimate" in raw.headers["x-modelrouter-count-source"]
    assert _sim_counts(gw).get("count_tokens", 0) == before


def test_count_tokens_auto_names_the_model_the_router_would_choose(
    gw: RunningGateway, an: anthropic.Anthropic
) -> None:
    raw = an.messages.with_raw_response.count_tokens(model="route:code", messages=HELLO)  # type: ignore[arg-type]
    _, plan = gw.gateway.router.decide(_chat("route:code"))
    assert raw.headers["x-modelrouter-model"] == plan.candidates[0].model
    with pytest.raises(anthropic.NotFoundError):
        an.messages.count_tokens(model="openai/claude-opus-4-7", messages=HELLO)  # type: ignore[arg-type]


# -- models by id, prefixed ids ------------------------------------------------------------


def test_model_by_id_in_both_shapes_and_404_in_the_callers_format(gw: RunningGateway) -> None:
    with httpx2.Client(base_url=gw.url, timeout=10) as http:
        oa = http.get("/v1/models/gpt-5.5").json()
        an = http.get("/v1/models/claude-opus-4-7", headers={"anthropic-version": "2023-06-01"})
        prefixed = http.get("/v1/models/anthropic/claude-opus-4-7").json()
        emb = http.get("/v1/models/text-embedding-3-small").json()
        missing_oa = http.get("/v1/models/nope")
        missing_an = http.get("/v1/models/nope", headers={"x-api-key": "k"})
        listing = http.get("/v1/models", headers={"x-api-key": "k"}).json()
    assert oa == {"id": "gpt-5.5", "object": "model", "created": 0, "owned_by": "openai"}
    assert an.json()["type"] == "model" and an.json()["id"] == "claude-opus-4-7"
    assert {"display_name", "created_at"} <= set(an.json())
    assert prefixed["id"] == "claude-opus-4-7" and emb["owned_by"] == "openai"
    assert missing_oa.status_code == 404 and missing_oa.json()["error"]["type"]
    assert missing_an.status_code == 404 and missing_an.json()["type"] == "error"
    assert listing["data"][0]["type"] == "model"  # x-api-key alone: Anthropic's shape too


def test_sdk_retrieves_models(oa: openai.OpenAI, an: anthropic.Anthropic) -> None:
    assert oa.models.retrieve("deepseek-v4-pro").owned_by == "deepseek"
    assert an.models.retrieve("claude-haiku-4-5").id == "claude-haiku-4-5"
    with pytest.raises(anthropic.NotFoundError):
        an.models.retrieve("claude-nonexistent")


def test_provider_prefixed_ids_reach_the_catalog_model(
    gw: RunningGateway, oa: openai.OpenAI
) -> None:
    raw = oa.chat.completions.with_raw_response.create(model="openai/gpt-5.5", messages=HELLO)  # type: ignore[arg-type]
    assert raw.headers["x-modelrouter-model"] == "gpt-5.5"
    assert raw.parse().model == "gpt-5.5"
    with pytest.raises(openai.NotFoundError) as wrong:
        oa.chat.completions.create(model="anthropic/gpt-5.5", messages=HELLO)  # type: ignore[arg-type]
    assert "served by openai" in wrong.value.message
    with pytest.raises(openai.NotFoundError) as unknown:
        oa.chat.completions.create(model="openai/gpt-9", messages=HELLO)  # type: ignore[arg-type]
    assert "openai serves: gpt-5.4" in unknown.value.message


def test_a_prefixed_id_does_not_escape_a_keys_provider_list(tmp_path: Path) -> None:
    with running_gateway(tmp_path, admin=True) as gw, httpx2.Client(base_url=gw.url) as http:
        made = http.post(
            "/admin/keys",
            headers={"authorization": f"Bearer {ADMIN_KEY}"},
            json={"name": "anthropic-only", "allowed_providers": ["anthropic"]},
        ).json()
        answer = http.post(
            "/v1/chat/completions",
            headers={"authorization": f"Bearer {made['key']}"},
            json={"model": "openai/gpt-5.5", "messages": HELLO},
        )
    assert answer.status_code == 403, answer.text


def _chat(model: str) -> ChatRequest:
    return ChatRequest.model_validate({"model": model, "messages": HELLO})


def test_the_simulator_fills_a_path_argument_with_the_file_the_prompt_names() -> None:
    schema = {"type": "object", "properties": {"file_path": {"type": "string"}}}
    prompt = "Today is 2026-12-07. See e.g. the docs.\nPlease read `src/app.py`."
    assert fill(schema, prompt) == {"file_path": "src/app.py"}
    assert fill(schema, "no file here") == {"file_path": "README.md"}


def test_the_openapi_document_describes_the_new_endpoints(gw: RunningGateway) -> None:
    with httpx2.Client(base_url=gw.url, timeout=10) as http:
        spec = http.get("/openapi.json").json()
    for path in ("/v1/embeddings", "/v1/messages/count_tokens", "/v1/models/{model_id}"):
        assert path in spec["paths"]
    assert set(spec["components"]["schemas"]["EmbeddingRequest"]["required"]) == {
        "model",
        "input",
    }


def test_prices_show_lists_embedding_models_with_their_kind() -> None:
    shown = CliRunner().invoke(
        main_group, ["prices", "show", "--model", "text-embedding-3-large", "--json"]
    )
    assert shown.exit_code == 0, shown.output
    [row] = json.loads(shown.output)
    assert (row["kind"], row["input"], row["output"]) == ("embedding", 0.13, 0.0)


@pytest.mark.parametrize(
    ("status", "answer", "estimated"),
    [
        (200, {"input_tokens": 1234}, False),
        (500, {"type": "error", "error": {"type": "api_error", "message": "boom"}}, True),
        (200, {"tokens": "many"}, True),  # malformed: the estimate, never a crash
    ],
)
async def test_the_anthropic_adapter_asks_count_tokens_and_falls_back_to_the_estimate(
    status: int, answer: dict[str, object], estimated: bool
) -> None:
    sent: list[httpx2.Request] = []

    def handler(request: httpx2.Request) -> httpx2.Response:
        sent.append(request)
        return httpx2.Response(status, json=answer)

    settings = build_settings(default_data())
    transports = {"anthropic": httpx2.MockTransport(handler)}
    env = {"ANTHROPIC_API_KEY": "k"}
    async with Router(settings, env=env, transports=transports) as router:
        counted = await count_tokens(router, _chat("claude-haiku-4-5"))
    assert [r.url.path for r in sent] == ["/v1/messages/count_tokens"]
    body = json.loads(sent[0].content)
    assert body["model"] == "claude-haiku-4-5" and "max_tokens" not in body
    assert sent[0].headers["anthropic-version"] and sent[0].headers["x-api-key"] == "k"
    assert counted.estimated is estimated and counted.model == "claude-haiku-4-5"
    if not estimated:
        assert counted.input_tokens == 1234
