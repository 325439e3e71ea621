"""Feedback: POST /v1/feedback through the gateway, `modelrouter feedback`, the ledger
rows on every backend, and the quality counts a replaced rating leaves behind."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import httpx2
import pytest
from click.testing import CliRunner
from sqlalchemy import Engine, select
from tests.gateway_fixtures import ADMIN_KEY, RunningGateway, running_gateway

from modelrouter.cli import main_group
from modelrouter.config.loop import MetricSpec
from modelrouter.errors import Forbidden, InvalidRequest, UnknownRequest
from modelrouter.store.feedback import Rater, Rating, give, read_feedback
from modelrouter.store.ledger import Ledger
from modelrouter.store.quality import read_counts
from modelrouter.store.tables import quality_counts

pytest_plugins = ["tests.storage_fixtures"]

METRICS = {
    "thumbs": MetricSpec(type="boolean"),
    "score": MetricSpec(type="float"),
    "latency_pain": MetricSpec(type="float", optimize="min", min=0, max=10),
}
NOW = dt.datetime(2026, 12, 1, 12, tzinfo=dt.UTC)


def _request(engine: Engine, request_id: str, key_id: str | None, model: str = "m1") -> None:
    row = {
        "id": request_id, "ts": NOW, "api": "openai", "key_id": key_id, "selector": "auto",
        "status": 200, "error": None, "task": "code", "confidence": 1.0, "detector": "rules",
        "policy": "table", "detect_reason": "", "budget": "normal", "model": model,
        "provider": "p", "outcome": "ok", "attempts": 0, "prompt_tokens": 1,
        "cached_tokens": 0, "completion_tokens": 1, "reasoning_tokens": 0, "cost_usd": 0.001,
        "latency_ms": 1.0, "overhead_ms": 0.1, "ttft_ms": None,
    }  # fmt: skip
    Ledger(engine).write([(row, [])])


def test_feedback_is_stored_replaced_and_counted(store_engine: Engine) -> None:
    _request(store_engine, "r1", "k1")
    first = give(store_engine, METRICS, Rating("r1", "thumbs", False), Rater("k1"), NOW)
    again = give(store_engine, METRICS, Rating("r1", "thumbs", True, "fine"), Rater("k1"), NOW)
    assert (first["replaced"], again["replaced"]) == (False, True)
    rows = read_feedback(store_engine)
    assert [(r["metric"], r["value"], r["comment"]) for r in rows] == [("thumbs", 1.0, "fine")]
    # the replaced rating is gone from the counts: one observation, worth the new value
    counts = read_counts(store_engine)
    assert [(c.task, c.model, c.key_id, c.source, c.n, c.total) for c in counts] == [
        ("code", "m1", "k1", "feedback", 1.0, 1.0)
    ]
    # a metric to minimise counts inverted on 0..1: 2 of 10 is 0.8
    give(store_engine, METRICS, Rating("r1", "latency_pain", 2), Rater("k1"), NOW)
    with store_engine.connect() as conn:
        total = conn.scalar(select(quality_counts.c.total))
    assert total == pytest.approx(1.8)


def test_feedback_refusals(store_engine: Engine) -> None:
    _request(store_engine, "r2", "k1")
    with pytest.raises(UnknownRequest):
        give(store_engine, METRICS, Rating("nope", "thumbs", True), Rater("k1"), NOW)
    with pytest.raises(Forbidden):
        give(store_engine, METRICS, Rating("r2", "thumbs", True), Rater("k2"), NOW)
    with pytest.raises(Forbidden):  # no key at all is not the key that made it
        give(store_engine, METRICS, Rating("r2", "thumbs", True), Rater(None), NOW)
    for metric, value in [("thumbs", 1), ("score", True), ("score", 1.5), ("stars", 1)]:
        with pytest.raises(InvalidRequest):
            give(store_engine, METRICS, Rating("r2", metric, value), Rater("k1"), NOW)
    admin = give(store_engine, METRICS, Rating("r2", "score", 0.25), Rater(None, admin=True), NOW)
    assert admin["value"] == 0.25
    assert read_feedback(store_engine)[0]["key_id"] == "k1"  # kept with the request's key


@pytest.fixture(scope="module")
def gw(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningGateway]:
    with running_gateway(tmp_path_factory.mktemp("fb"), admin=True) as running:
        yield running


def _chat(http: httpx2.Client, key: str) -> str:
    answer = http.post(
        "/v1/chat/completions",
        headers={"authorization": f"Bearer {key}"},
        json={"model": "route:code", "messages": [{"role": "user", "content": "Write a sort."}]},
    )
    assert answer.status_code == 200
    return answer.headers["x-request-id"]


def test_feedback_through_the_gateway(gw: RunningGateway, tmp_path: Path) -> None:
    mine, _ = gw.store.create("mine")
    theirs, _ = gw.store.create("theirs")
    with httpx2.Client(base_url=gw.url, timeout=10) as http:
        request_id = _chat(http, mine)
        body = {"request_id": request_id, "metric": "thumbs", "value": True}
        # straight after the answer: the ledger row may still be queued, and is found
        sent = http.post("/v1/feedback", headers={"authorization": f"Bearer {mine}"}, json=body)
        assert sent.status_code == 201, sent.text
        body["value"] = False
        again = http.post("/v1/feedback", headers={"x-api-key": mine}, json=body)
        assert again.status_code == 200 and again.json()["replaced"] is True
        foreign = http.post(
            "/v1/feedback", headers={"authorization": f"Bearer {theirs}"}, json=body
        )
        assert foreign.status_code == 403
        assert foreign.json()["error"]["type"] == "permission_error"  # OpenAI's shape
        anthropic_style = {"x-api-key": mine, "anthropic-version": "2023-06-01"}
        unknown = http.post(
            "/v1/feedback", headers=anthropic_style, json=body | {"request_id": "x"}
        )
        assert unknown.status_code == 404
        assert unknown.json() == {
            "type": "error",
            "error": {"type": "not_found_error", "message": "no request 'x' in the ledger"},
        }
        wrong = http.post("/v1/feedback", headers=anthropic_style, json=body | {"value": "yes"})
        assert wrong.status_code == 400 and wrong.json()["error"]["type"] == "invalid_request_error"
        nobody = http.post("/v1/feedback", json=body)
        assert nobody.status_code == 401
        admin = http.post(
            "/v1/feedback",
            headers={"authorization": f"Bearer {ADMIN_KEY}"},
            json={"request_id": request_id, "metric": "score", "value": 0.5},
        )
        assert admin.status_code == 201
        quality = http.get("/admin/quality", headers={"authorization": f"Bearer {ADMIN_KEY}"})
        assert (
            http.get("/admin/quality", headers={"authorization": f"Bearer {mine}"}).status_code
            == 403
        )
    requests, _ = gw.ledger()
    answered = next(r for r in requests if r["id"] == request_id)
    rows = {r["metric"]: r["value"] for r in read_feedback(gw.store.engine, [request_id])}
    assert rows == {"thumbs": 0.0, "score": 0.5}
    observed = [
        e
        for e in quality.json()["estimates"]
        if e["task"] == "code" and e["model"] == answered["model"]
    ]
    assert observed[0]["sources"]["feedback"] == pytest.approx(2.0)  # thumbs and score
    # the CLI: rate as the admin, and the report shows it
    db = str(gw.store.engine.url.database)
    runner = CliRunner()
    done = runner.invoke(main_group, ["feedback", request_id, "thumbs", "true", "--db", db])
    assert done.exit_code == 0 and "replaced" in done.output
    missing = runner.invoke(main_group, ["feedback", "nope", "thumbs", "true", "--db", db])
    assert missing.exit_code == 1 and "no request 'nope'" in missing.output
    report = runner.invoke(main_group, ["report", "--db", db])
    assert report.exit_code == 0
    line = next(x for x in report.output.splitlines() if x.strip().startswith("thumbs"))
    assert answered["model"] in line and "1.000" in line
