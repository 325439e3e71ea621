"""The sampled judge: its settings, its queue on every backend, the worker through the
real gateway over the simulator (exact scores), the daily cap, a queue that outlives its
process, and ``demo --loop``."""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
import time
from pathlib import Path
from typing import Any

import httpx2
import orjson
import pytest
from click.testing import CliRunner
from sqlalchemy import Engine, select
from tests.gateway_fixtures import ADMIN_KEY, RunningGateway, running_gateway

from modelrouter.cli import main_group
from modelrouter.config.loader import build_settings, default_data, merge
from modelrouter.errors import ConfigError, MalformedResponse
from modelrouter.quality.judge import parse_score
from modelrouter.quality.judge_worker import JudgeWorker
from modelrouter.router import Router
from modelrouter.sim.judge import score_of
from modelrouter.store import judge_queue
from modelrouter.store.db import connect
from modelrouter.store.feedback import read_feedback
from modelrouter.store.ledger import Ledger, read_requests
from modelrouter.store.quality import read_counts
from modelrouter.store.tables import quality_counts

pytest_plugins = ["tests.storage_fixtures"]

NOW = dt.datetime(2026, 12, 1, 12, tzinfo=dt.UTC)
JUDGE = {"enabled": True, "model": "gpt-5.4-mini", "share": 1.0, "interval_s": 0.02}


def _sample(request_id: str, *, task: str = "simple", model: str = "m1") -> dict[str, Any]:
    return {
        "request_id": request_id, "task": task, "model": model, "key_id": "k1", "day": 20423,
        "question": "What is 2 + 2?", "answer": "4", "created_at": NOW,
    }  # fmt: skip


def _settings(**judge: Any) -> Any:
    data = merge(default_data(), {"sim": {"enabled": True}, "judge": JUDGE | judge})
    return build_settings(data)


def test_scores_are_read_strictly() -> None:
    assert parse_score('{"score": 0.25, "reason": "half wrong"}') == (0.25, "half wrong")
    assert parse_score('Sure. ```json\n{"score": 1}\n```') == (1.0, "")
    assert parse_score("score: 0.5 because") == (0.5, "")
    for bad in ('{"score": 7}', "score = 10", "looks fine to me", '{"score": true}'):
        with pytest.raises(MalformedResponse):
            parse_score(bad)


def test_judge_settings_are_validated() -> None:
    assert _settings().judge.rubric_for("code").startswith("Does the code")
    assert _settings().judge.share_for("code") == 1.0
    overrides = _settings(shares={"code": 0.0}, rubrics={"code": "Tests pass?"}).judge
    assert (overrides.share_for("code"), overrides.rubric_for("code")) == (0.0, "Tests pass?")
    assert overrides.rubric_for("reasoning").startswith("Is the final answer")  # still shipped
    for judge, field in [
        ({"model": "no-such-model"}, "judge.model"),
        ({"model": None}, "judge.model"),
        ({"shares": {"poetry": 0.5}}, "judge.shares.poetry"),
        ({"daily_cap_usd": -1}, "judge.daily_cap_usd"),
    ]:
        with pytest.raises(ConfigError, match=field.replace(".", r"\.")):
            _settings(**judge)


def test_the_queue_keeps_the_newest_and_counts_each_score_once(store_engine: Engine) -> None:
    dropped = judge_queue.push(store_engine, [_sample(f"r{i}") for i in range(5)], limit=3)
    assert dropped == 2 and judge_queue.size(store_engine) == 3
    first = judge_queue.claim(store_engine, "a", 2, NOW)
    second = judge_queue.claim(store_engine, "b", 5, NOW)
    assert [r["request_id"] for r in first] == ["r4", "r3"]  # newest first; r0, r1 dropped
    assert [r["request_id"] for r in second] == ["r2"]  # claimed rows are not handed out twice
    # a failed call gives the row back; the third failure drops it
    assert judge_queue.give_back(store_engine, second[0]["id"], max_tries=3) is False
    assert [r["request_id"] for r in judge_queue.claim(store_engine, "c", 5, NOW)] == ["r2"]
    judge_queue.give_back(store_engine, second[0]["id"], max_tries=3)
    assert judge_queue.give_back(store_engine, second[0]["id"], max_tries=3) is True
    # a score: a feedback row of metric judge and one judge observation, the row gone
    judge_queue.record_score(store_engine, first[0], 0.25, "half wrong", NOW)
    again = judge_queue.push(store_engine, [_sample("r4")], limit=3)
    twice = judge_queue.claim(store_engine, "d", 5, NOW)
    judge_queue.record_score(store_engine, twice[0], 1.0, "", NOW)  # r4 judged before
    assert again == 0 and judge_queue.size(store_engine) == 1  # r3 waits, claimed by "a"
    rows = [(f["request_id"], f["metric"], f["value"]) for f in read_feedback(store_engine)]
    assert rows == [("r4", "judge", 0.25)]
    counts = [
        (c.task, c.model, c.key_id, c.source, c.n, c.total) for c in read_counts(store_engine)
    ]
    assert counts == [("simple", "m1", "k1", "judge", 1.0, 0.25)]


def _wait_judged(gw: RunningGateway, count: int) -> list[dict[str, Any]]:
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        found = [f for f in read_feedback(gw.store.engine) if f["metric"] == "judge"]
        if len(found) >= count:
            return found
        time.sleep(0.05)
    raise AssertionError(f"the judge scored fewer than {count} answers in 10 s")


def test_the_gateway_judges_answers_off_the_request_path(tmp_path: Path) -> None:
    with running_gateway(tmp_path, admin=True, judge=JUDGE) as gw:
        weak = gw.gateway.router.settings.tasks["creative"].route.primary
        gw.fault(weak, error_rate=1.0, faults=["weak"])  # its answers: judged 0
        assert gw.gateway.router.settings.tasks["simple"].route.primary != weak
        asked = {"simple": "What is the capital of France?",
                 "creative": "Write a haiku about autumn rain."}  # fmt: skip
        answers = {}
        with httpx2.Client(base_url=gw.url, timeout=10) as http:
            for task, question in asked.items():
                body = {
                    "model": f"route:{task}",
                    "messages": [{"role": "user", "content": question}],
                }
                reply = http.post("/v1/chat/completions", json=body)
                assert reply.status_code == 200
                answers[task] = (
                    reply.headers["x-request-id"],
                    reply.headers["x-modelrouter-model"],
                    reply.json()["choices"][0]["message"]["content"],
                )
            scores = {f["request_id"]: f["value"] for f in _wait_judged(gw, 2)}
            metrics = http.get("/metrics").text
            quality = http.get("/admin/quality", headers={"authorization": f"Bearer {ADMIN_KEY}"})
        good_id, _, good_answer = answers["simple"]
        creative_id, creative_model, _ = answers["creative"]
        assert creative_model == weak
        assert scores[creative_id] == 0.0
        assert scores[good_id] == score_of(asked["simple"], good_answer) >= 0.9
        requests, attempts = gw.ledger()
        judged = [r for r in requests if r["api"] == "judge"]
        assert sorted(r["selector"] for r in judged) == sorted(
            [f"judge:{good_id}", f"judge:{creative_id}"]
        )
        assert {r["model"] for r in judged} == {"gpt-5.4-mini"}
        assert all(r["cost_usd"] > 0 and r["key_id"] is None for r in judged)
        assert {a["model"] for a in attempts if a["request_id"] in {r["id"] for r in judged}} == {
            "gpt-5.4-mini"
        }
        assert 'modelrouter_judge_total{event="judged"} 2.0' in metrics
        assert 'modelrouter_judge_total{event="queued"} 2.0' in metrics
        estimates = quality.json()["estimates"]
        weak_row = next(e for e in estimates if e["task"] == "creative" and e["model"] == weak)
        assert weak_row["sources"]["judge"] == pytest.approx(1.0)
        judge_state = quality.json()["judge"]
        assert (judge_state["judge_calls"], judge_state["queued"]) == (2, 0)
        assert judge_state["spent_today_usd"] > 0 and not judge_state["paused"]
        with gw.store.engine.connect() as conn:
            rows = conn.execute(
                select(quality_counts.c.n, quality_counts.c.total).where(
                    quality_counts.c.source == "judge", quality_counts.c.model == weak
                )
            ).all()
        assert [tuple(r) for r in rows] == [(1.0, 0.0)]
        # the report: judge calls apart from the two caller requests
        db = str(gw.store.engine.url.database)
        report = CliRunner().invoke(main_group, ["report", "--db", db, "--format", "json"])
        assert report.exit_code == 0, report.output
        data = orjson.loads(report.output)
        assert data["judge"]["calls"] == 2 and data["judge"]["failed"] == 0
        assert data["judge"]["cost_usd"] == pytest.approx(sum(r["cost_usd"] for r in judged))
        judge_ratings = {f["model"]: f["mean"] for f in data["feedback"] if f["metric"] == "judge"}
        assert judge_ratings[weak] == 0.0


def test_the_daily_cap_pauses_judging_until_the_next_utc_day(
    store_engine: Engine, caplog: pytest.LogCaptureFixture
) -> None:
    clock = [NOW]
    router = Router(_settings(daily_cap_usd=1e-9, concurrency=1), clock=lambda: clock[0])
    worker = JudgeWorker(router, store_engine, Ledger(store_engine))
    judge_queue.push(store_engine, [_sample(f"r{i}") for i in range(3)], limit=10)

    async def rounds() -> list[int]:
        try:
            first = await worker.drain()
            paused = await worker.run_once()
            clock[0] = NOW + dt.timedelta(days=1)
            return [first, paused, await worker.drain(), await worker.run_once()]
        finally:
            await router.aclose()

    with caplog.at_level(logging.INFO, logger="modelrouter.judge"):
        done = asyncio.run(rounds())
    assert done == [0, 0, 0, 0]  # each round ends at the cap: the call made in it used it up
    calls = [r for r in read_requests(store_engine) if r["api"] == "judge"]
    assert len(calls) == 2 and judge_queue.size(store_engine) == 1  # one a day
    assert [c["ts"].date() for c in calls] == [NOW.date(), (NOW + dt.timedelta(days=1)).date()]
    messages = [r.getMessage() for r in caplog.records]
    assert sum("judge paused: daily cap reached" in m for m in messages) == 2  # once a day
    assert any("judge resumed" in m for m in messages)


def test_queued_answers_outlive_the_gateway_and_are_judged_from_the_cli(tmp_path: Path) -> None:
    database = tmp_path / "ledger.db"
    engine = connect(f"sqlite:///{database}")
    ledger = Ledger(engine)
    for i in range(3):  # what the gateway queues, written by its ledger writer; then it stops
        ledger.sample(_sample(f"r{i}"))
    asyncio.run(ledger.flush())
    config = tmp_path / "modelrouter.yaml"
    config.write_text("judge:\n  enabled: true\n  model: gpt-5.4-mini\n")
    runner = CliRunner()
    base = ["--config", str(config), "judge"]
    before = runner.invoke(main_group, [*base, "status", "--db", str(database), "--json"])
    assert before.exit_code == 0, before.output
    assert orjson.loads(before.output)["queued"] == 3
    ran = runner.invoke(main_group, [*base, "run", "--sim", "--db", str(database), "--json"])
    assert ran.exit_code == 0, ran.output
    data = orjson.loads(ran.output)
    assert (data["judged_now"], data["queued"], data["judge_calls"]) == (3, 0, 3)
    assert data["scores"] == []  # per answering model: these requests are not in this ledger
    scores = {f["request_id"]: f["value"] for f in read_feedback(engine)}
    assert scores == {f"r{i}": score_of("What is 2 + 2?", "4") for i in range(3)}
    text = runner.invoke(main_group, [*base, "status", "--db", str(database)])
    assert "queued: 0; judge calls: 3" in text.output


def test_demo_loop_moves_traffic_off_the_degraded_model(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        main_group,
        ["demo", "--loop", "--json", "--chart", str(tmp_path / "d.png"),
         "--ledger", str(tmp_path / "d.db")],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    loop = orjson.loads(result.output[result.output.index("{") :])["loop"]
    model = loop["degraded_model"]
    # every task the degraded model was the first choice of moves off it by the last quarter
    # (first choice: most of the task's first half; the adaptive policy keeps exploring
    # models of near-equal estimates, so a loaded run has seen 80% where a quiet one 95%)
    served = {t: s for t, s in loop["tasks"].items() if s["before"].get(model, 0) >= 0.6}
    assert len(served) >= 2, loop["tasks"]
    assert all(s["last"].get(model, 0) <= 0.2 for s in served.values()), loop["tasks"]
    score = loop["judge"]["degraded_model_score"]
    assert score["before"] >= 0.9 and score["after"] <= 0.2
