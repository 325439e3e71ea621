"""Execution: retries, fallback on every fault kind, escalation on every failed check,
the attempt limit, streams, and cost from catalog prices. Upstreams faked at the transport."""

from __future__ import annotations

import httpx2
import pytest
from tests.fakes import NoSleep, Upstream, fail, raw, scripted_router, status, text

from modelrouter.errors import AllAttemptsFailed


async def test_answer_trace_and_cost_match_catalog_prices() -> None:
    upstream = Upstream().on("kimi-k2.6", text("hello!", prompt=1200, completion=300))
    router = scripted_router(upstream)
    result = await router.complete("hi", task="simple")
    assert result.response.text == "hello!"
    assert result.response.model == "kimi-k2.6"
    trace = result.trace
    assert (trace.task, trace.model, trace.provider, trace.outcome) == (
        "simple",
        "kimi-k2.6",
        "moonshot",
        "ok",
    )
    expected = (1200 * 0.95 + 300 * 4.00) / 1e6
    assert trace.cost_usd == pytest.approx(expected)
    assert trace.attempts[0].cost_usd == pytest.approx(expected)
    assert trace.attempts[0].usage.prompt_tokens == 1200
    assert trace.attempts[0].reason == "route simple: primary"


FAULTS = {
    "server_error": status(500),
    "overloaded": status(529),
    "rate_limited": status(429, headers={"retry-after": "0.5"}),
    "timeout": fail(httpx2.ReadTimeout("slow")),
    "connection": fail(httpx2.ConnectError("refused")),
    "reset": fail(httpx2.RemoteProtocolError("peer closed connection")),
    "malformed": raw(b"{not json"),
    "auth": status(401, "bad key"),
}


@pytest.mark.parametrize("fault", sorted(FAULTS))
async def test_fallback_on_each_fault_kind(fault: str) -> None:
    # The primary fails twice (the first try and its one retry, if retryable).
    upstream = Upstream().on("kimi-k2.6", FAULTS[fault], FAULTS[fault])
    sleep = NoSleep()
    result = await scripted_router(upstream, sleep).complete("hi", task="simple")
    trace = result.trace
    assert result.response.model == "qwen3.6-plus"
    assert trace.outcome == "fallback"
    assert trace.attempts[-1].model == "qwen3.6-plus" and trace.attempts[-1].outcome == "ok"
    failed = [a for a in trace.attempts if a.outcome == "error"]
    assert all(a.model == "kimi-k2.6" for a in failed)
    retryable = fault != "auth"
    assert len(failed) == (2 if retryable else 1)
    assert len(sleep.delays) == (1 if retryable else 0)
    if fault == "rate_limited":
        assert sleep.delays == [0.5], "Retry-After is honoured"


async def test_retry_succeeds_on_the_same_model() -> None:
    upstream = Upstream().on("kimi-k2.6", status(503))
    result = await scripted_router(upstream).complete("hi", task="simple")
    assert result.response.model == "kimi-k2.6"
    assert [a.outcome for a in result.trace.attempts] == ["error", "ok"]
    assert result.trace.attempts[1].reason == "retry 1 of kimi-k2.6"


async def test_retry_after_beyond_the_cap_falls_back_at_once() -> None:
    upstream = Upstream().on("kimi-k2.6", status(429, headers={"retry-after": "600"}))
    sleep = NoSleep()
    result = await scripted_router(upstream, sleep).complete("hi", task="simple")
    assert result.response.model == "qwen3.6-plus"
    assert sleep.delays == []


async def test_context_length_error_skips_models_with_no_larger_window() -> None:
    too_long = status(400, "This model's maximum context length is 262144 tokens")
    upstream = Upstream().on("kimi-k2.6", too_long)
    result = await scripted_router(upstream).complete("summarise this", task="long_context")
    attempts = result.trace.attempts
    assert attempts[0].error == "context_length" and len(attempts) == 2
    assert result.response.model == "deepseek-v4-pro"


CHECK_FAILURES = {
    "empty": ({}, text("   ")),
    "refusal": ({}, text("I'm sorry, but I can't help with that.")),
    "truncated": ({}, text("The answer is", finish="length")),
    "json": ({"response_format": {"type": "json_object"}}, text('{"a": 1,')),
    "code": ({}, text("```python\ndef f(:\n    return 1\n```")),
}


@pytest.mark.parametrize("check", sorted(CHECK_FAILURES))
async def test_escalation_on_each_failed_check(check: str) -> None:
    params, bad = CHECK_FAILURES[check]
    task = "code" if check == "code" else "simple"
    primary = "claude-opus-4-7" if task == "code" else "kimi-k2.6"
    upstream = Upstream().on(primary, bad).on("qwen3.6-plus", text('{"ok": true}'))
    result = await scripted_router(upstream).complete("do it", task=task, **params)
    first, second = result.trace.attempts
    assert first.model == primary and first.outcome == "check_failed"
    assert check in (first.message or "")
    assert [v.check for v in first.verdicts if not v.ok] == [check]
    assert second.outcome == "ok" and second.model != primary
    assert result.trace.outcome == "escalated"


async def test_truncation_at_the_callers_own_limit_is_accepted() -> None:
    upstream = Upstream().on("kimi-k2.6", text("The answer is", finish="length"))
    result = await scripted_router(upstream).complete("hi", task="simple", max_tokens=5)
    assert result.trace.outcome == "ok" and len(result.trace.attempts) == 1


async def test_attempt_limit_and_the_error_says_what_failed() -> None:
    upstream = Upstream()
    for model in ("kimi-k2.6", "qwen3.6-plus", "claude-opus-4-7", "gpt-5.5", "deepseek-v4-pro"):
        upstream.on(model, *[status(503)] * 3)
    with pytest.raises(AllAttemptsFailed) as caught:
        await scripted_router(upstream).complete("hi", task="simple")
    error = caught.value
    assert len(error.trace.attempts) == 4, "max_attempts counts retries too"
    assert error.status == 503
    assert "kimi-k2.6: unavailable" in error.message
    assert error.trace.outcome == "failed"


async def test_the_last_attempt_goes_to_an_untried_candidate_not_a_retry() -> None:
    # max_attempts 4: kimi, its retry, qwen; qwen's retry would spend the last attempt
    upstream = Upstream().on("kimi-k2.6", status(503), status(503))
    upstream.on("qwen3.6-plus", status(503), status(503))
    result = await scripted_router(upstream).complete("hi", task="simple")
    models = [a.model for a in result.trace.attempts]
    assert models == ["kimi-k2.6", "kimi-k2.6", "qwen3.6-plus", "claude-opus-4-7"]
    assert result.response.model == "claude-opus-4-7"


async def test_every_check_failing_returns_the_last_answer_not_an_error() -> None:
    upstream = Upstream()
    for model in ("kimi-k2.6", "qwen3.6-plus", "claude-opus-4-7", "gpt-5.5"):
        upstream.on(model, text(""))
    result = await scripted_router(upstream).complete("hi", task="simple")
    assert result.trace.outcome == "check_failed"
    assert all(a.outcome == "check_failed" for a in result.trace.attempts)


def test_sync_facade_reuses_one_loop() -> None:
    upstream = Upstream()
    router = scripted_router(upstream)
    first = router.complete_sync("hi", task="simple")
    second = router.complete_sync([{"role": "user", "content": "again"}], task="simple")
    router.close()
    assert first.response.text == second.response.text == "answer from kimi-k2.6"
    assert upstream.models_called() == ["kimi-k2.6", "kimi-k2.6"]


async def test_provider_receives_wire_format_with_key_and_passthrough() -> None:
    upstream = Upstream()
    router = scripted_router(upstream)
    await router.complete("hi", task="code", temperature=0.3, seed=7, max_tokens=100)
    await router.complete("hi", task="simple", temperature=0.3, seed=7)
    (_, anthropic_body, anthropic_req), (_, openai_body, openai_req) = upstream.requests
    assert anthropic_req.url.path == "/v1/messages"
    assert anthropic_req.headers["x-api-key"] == "test-key"
    assert anthropic_body["max_tokens"] == 100 and anthropic_body["temperature"] == 0.3
    assert openai_req.url.host == "api.moonshot.ai"
    assert openai_req.url.path == "/v1/chat/completions"
    assert openai_req.headers["authorization"] == "Bearer test-key"
    assert openai_body["seed"] == 7 and openai_body["temperature"] == 0.3


async def test_an_unreadable_answer_is_billed_at_its_prompt_estimate() -> None:
    """The upstream answered (and bills the call) but the body cannot be read: the
    attempt costs the prompt as an estimate, never $0; a 503 that was not served, $0."""
    upstream = Upstream().on("kimi-k2.6", raw(b"{not json"))
    result = await scripted_router(upstream).complete("hi " * 400, task="simple")
    unreadable, answered = result.trace.attempts[0], result.trace.attempts[-1]
    assert unreadable.error == "malformed" and unreadable.usage_estimated
    assert unreadable.usage.prompt_tokens > 300 and unreadable.usage.completion_tokens == 0
    assert unreadable.cost_usd > 0 and not answered.usage_estimated
    refused = await scripted_router(Upstream().on("kimi-k2.6", status(503))).complete(
        "hi", task="simple"
    )
    assert refused.trace.attempts[0].cost_usd == 0
