"""The chaos suite: the real gateway on loopback in front of a simulator on loopback that
injects 5xx, 429 with Retry-After, hangs, resets, malformed JSON, cut streams and slow first
tokens into 30% of the calls of four models, and takes one provider fully down for a third
of the run; concurrent clients send plain and streamed requests through both APIs, and
some of them hang up on their streams or read them slowly, a share of them with a key whose
small daily budget runs out, while slowloris connections trickle headers or a body.
The audit compares the ledger's cost of every request with the simulator's bill for it.

The short run is part of the default test run (marker ``chaos``); the long one is the same
test with more requests: ``MODELROUTER_CHAOS_REQUESTS=3000 pytest -m chaos -s``, or
``python bench/chaos.py`` for the figures of docs/reliability.md.
"""

from __future__ import annotations

import asyncio
import json
import os
import time
from dataclasses import asdict
from pathlib import Path
from typing import Any

import httpx2
import pytest
from tests.gateway_fixtures import running_gateway

from modelrouter.chaos.accounts import per_request
from modelrouter.chaos.audit import audit
from modelrouter.chaos.clients import send
from modelrouter.chaos.run import ChaosSpec, Observed, run
from modelrouter.sim.state import BILL_TAG, bill_tag
from modelrouter.store.db import connect
from modelrouter.store.ledger import read_attempts, read_requests
from rollup_checks import assert_rollups_exact
from sim_fixtures import OPENAI_HEADERS, openai_body, sim_endpoint, sim_settings

REQUESTS = int(os.environ.get("MODELROUTER_CHAOS_REQUESTS", "300"))
CONCURRENCY = int(os.environ.get("MODELROUTER_CHAOS_CONCURRENCY", "16"))


@pytest.mark.chaos
def test_gateway_holds_under_faults_load_and_an_outage(tmp_path: Path) -> None:
    spec = ChaosSpec(requests=REQUESTS, concurrency=CONCURRENCY, stream_buffer_s=0.5)
    observed = run(spec, tmp_path)
    figures = audit(observed, goal=0.98)
    print(json.dumps(asdict(figures), indent=2, default=str))
    assert figures.problems == []
    # the provider that went down (or its faults before) opened its circuit, and requests
    # skipped it (whether a call meets the outage itself depends on the circuit's timing)
    skips = 'modelrouter_unavailable_skips_total{model="kimi-k2.6",reason="circuit_open"}'
    assert skips in observed.metrics
    faults = figures.upstream["faults"]
    assert {"server_error", "rate_limit", "hang", "reset", "malformed", "cut", "slow"} <= set(
        faults
    )
    plain = [o for o in observed.outcomes if not o.stream and not o.budgeted]
    assert sum(o.ok for o in plain) / len(plain) >= 0.999, "every plain request answered"
    assert figures.ledger["request_rows"] == REQUESTS + len(observed.attacks.body_ids)
    assert figures.hung_up > 0, "some clients hung up on their streams (each checked as billed)"
    assert figures.costs["ledger_answered_usd"] > 0
    # the checks above had something to check
    assert figures.per_request["equal"] > REQUESTS / 2, "most requests cost exactly their bill"
    assert figures.budget["refused_429"] > 0 and figures.budget["spend_usd"] > 0
    assert figures.slowloris["metrics"]["header_timeout"] > 0
    assert figures.slowloris["metrics"]["body_timeout"] > 0
    # the dashboard's rollups, kept by the writer in the same transactions as the rows
    # through all of the above, equal sums computed from the rows (issue 16)
    engine = connect(f"sqlite:///{observed.database}")
    try:
        requests, attempts = read_requests(engine), read_attempts(engine)
        assert_rollups_exact(engine, requests, attempts)
    finally:
        engine.dispose()


async def test_the_simulator_bills_each_tagged_call_under_its_tag() -> None:
    """The per-call bill the audit compares the ledger with: one per tagged call, holding
    exactly the usage the answer reported, priced; untagged calls get none."""
    with sim_endpoint(sim_settings(), in_process=True) as endpoint:
        async with endpoint.client(base_url=endpoint.base, timeout=5.0) as http:
            tagged = openai_body(f"Explain vaccines.\n\n{BILL_TAG}req-1]")
            plain = await http.post("/v1/chat/completions", json=tagged, headers=OPENAI_HEADERS)
            streamed = {**tagged, "stream": True, "stream_options": {"include_usage": True}}
            await http.post("/v1/chat/completions", json=streamed, headers=OPENAI_HEADERS)
            cut = {**openai_body(f"Explain vaccines. {BILL_TAG}req-2]"), "stream": True}
            await http.post(
                "/v1/chat/completions", json=cut, headers={**OPENAI_HEADERS, "x-sim-fault": "cut"}
            )
            untagged = openai_body("Explain vaccines. [bill-to:has space]")
            await http.post("/v1/chat/completions", json=untagged, headers=OPENAI_HEADERS)
            bills = (await http.get("/sim/bills")).json()["bills"]
    usage = plain.json()["usage"]
    assert [b["tag"] for b in bills] == ["req-1", "req-1", "req-2"]
    first, second, cut_bill = bills
    assert first["prompt_tokens"] == usage["prompt_tokens"]
    assert first["completion_tokens"] == usage["completion_tokens"]
    assert first["billed_usd"] > 0 and first["clean"] and not first["stream"]
    assert first["uncached_usd"] >= first["billed_usd"]
    assert second["billed_usd"] == pytest.approx(first["billed_usd"]) and second["stream"]
    assert cut_bill["fault"] == "cut" and not cut_bill["clean"]
    assert 0 < cut_bill["completion_tokens"] < usage["completion_tokens"]


def test_bill_tags_are_found_only_whole() -> None:
    assert bill_tag(["x", f"a {BILL_TAG}chaos-7-000001] b"]) == "chaos-7-000001"
    assert bill_tag([f"{BILL_TAG}]", f"{BILL_TAG}a b]", f"{BILL_TAG}{'x' * 65}]"]) == ""
    assert bill_tag([f"{BILL_TAG}{'x' * 64}]"]) == "x" * 64


def _attempt(request_id: str, seq: int, cost: float, **extra: Any) -> dict[str, Any]:
    row = {"request_id": request_id, "seq": seq, "model": "m", "error": None}
    return row | {"outcome": "ok", "cost_usd": cost, "usage_estimated": False} | extra


def _bill(tag: str, call: int, usd: float, **extra: Any) -> dict[str, Any]:
    row = {"tag": tag, "call": call, "model": "m", "stream": False, "fault": None}
    return row | {"billed_usd": usd, "uncached_usd": usd, "clean": True} | extra


def test_the_audit_fails_a_request_recorded_other_than_billed() -> None:
    """The per-request comparison can fail: a cost off by a cent, a billed call the ledger
    lacks, an attempt the upstream never saw, an estimate far over the bill."""
    observed = Observed.__new__(Observed)  # only the bills are read
    observed.bills = [_bill("a", 1, 0.5), _bill("b", 2, 0.5)]
    good = [_attempt("a", 0, 0.5), _attempt("b", 0, 0.5)]
    figures, problems = per_request(observed, good)
    assert figures["equal"] == 2 and problems == []
    observed.bills += [_bill("c", 3, 0.1), _bill("e", 5, 0.1, stream=True, fault="cut")]
    wrong = [_attempt("a", 0, 0.5), _attempt("b", 0, 0.51), _attempt("d", 0, 0.2)]
    wrong += [_attempt("e", 0, 0.2, usage_estimated=True, outcome="error", error="stream_cut")]
    figures, problems = per_request(observed, wrong)
    assert figures["equal"] == 1
    assert figures["unequal"][0].startswith("b: ledger 0.51")
    unmatched = figures["attempts_without_a_call_or_calls_without_an_attempt"]
    assert unmatched == ["c: 0 attempts, 1 calls", "d: 1 attempts, 0 calls"]
    assert figures["estimated_attempts"]["stream cut"]["over_uncached_price"] == 1
    assert len(problems) == 3, problems


async def test_a_client_hanging_up_at_once_is_recorded_as_it_reached_the_gateway(
    tmp_path: Path,
) -> None:
    """The chaos client's patience runs from when its request is on the wire: with none at
    all it still sends its request, then hangs up, and the gateway records it. (Counted from
    before sending, a client slowed down by a loaded machine gave up before its request left,
    and the audit missed a ledger row for a request the gateway never received.)"""
    with running_gateway(tmp_path) as gw:
        key, _ = gw.store.create("chaos")
        messages = [{"role": "user", "content": "Explain vaccines in detail."}]
        item = {"id": "hangs-up-0", "messages": messages, "stream": True}
        item |= {"anthropic": False, "restricted": False}
        async with httpx2.AsyncClient(base_url=gw.url, timeout=10) as client:
            outcome = await send(client, {**item, "hang_up_at_s": 0.0}, key)
        assert outcome.hung_up
        deadline = time.monotonic() + 5
        rows: list[dict[str, Any]] = []
        while not rows and time.monotonic() < deadline:
            await asyncio.sleep(0.05)
            rows = [r for r in gw.ledger()[0] if r["id"] == "hangs-up-0"]
    assert len(rows) == 1, "the request reached the gateway, which recorded it"
    assert outcome.sent
