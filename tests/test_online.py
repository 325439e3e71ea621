"""The replay provider and `eval online`: recorded answers at recorded costs through the
real router, the loop moving off a model whose train record misled the priors, and the
same loop driven through the HTTP gateway with /v1/feedback."""

from __future__ import annotations

import gzip
import json
from pathlib import Path
from typing import Any

import httpx2
import orjson
import pytest
from click.testing import CliRunner

from modelrouter.cli import main_group
from modelrouter.errors import AllAttemptsFailed
from modelrouter.learn.data import load_outcomes, train_test
from modelrouter.learn.online import Knobs, replay_settings
from modelrouter.router import Router
from modelrouter.server.app import create_app
from modelrouter.server.auth import Authenticator
from modelrouter.server.gateway import Gateway
from modelrouter.server.loopback import serving
from modelrouter.store.db import connect
from modelrouter.store.keys import KeyStore
from modelrouter.store.ledger import Ledger

COST = {"big": 0.01, "small": 0.001}


def _outcomes(path: Path, n_test: int = 150) -> Path:
    """On train the small model is as good as the big one; on test it fails: priors
    point the policy at it, and only the feedback can move it off."""
    rows: list[dict[str, Any]] = []
    for i in range(60 + n_test):
        split = "train" if i < 60 else "test"
        small = 0.9 if split == "train" else 0.0
        scores = {"big": 1.0 if i % 10 else 0.0, "small": float(i % 10 < 10 * small)}
        outcomes = {
            m: {"score": scores[m], "cost_usd": COST[m] * (1 + i % 3), "response": f"{m} says {i}"}
            for m in COST
        }
        rows.append(
            {"id": f"q{i}", "split": split, "task": "chat", "prompt": f"question {i}?",
             "outcomes": outcomes}
        )  # fmt: skip
    with gzip.open(path, "wt") as out:
        out.writelines(json.dumps(r) + "\n" for r in rows)
    return path


def test_replay_answers_with_the_recorded_response_at_the_recorded_cost(tmp_path: Path) -> None:
    data = _outcomes(tmp_path / "o.jsonl.gz")
    train, _ = train_test(load_outcomes(data))
    settings = replay_settings(data, train, f"sqlite:///{tmp_path / 'r.db'}", Knobs(tolerance=0.0))
    router = Router(settings)
    try:
        result = router.complete_sync("question 65?", model="big")
        assert result.response.text == "big says 65"
        assert result.trace.cost_usd == pytest.approx(COST["big"] * 3, rel=1e-6)
        assert result.trace.attempts[0].usage.prompt_tokens == 0
        with pytest.raises(AllAttemptsFailed) as failed:
            router.complete_sync("never recorded", model="small")
        attempt = failed.value.trace.attempts[0]
        assert (attempt.error, attempt.message) == ("rejected", "prompt not in o.jsonl.gz")
    finally:
        router.close()


def test_eval_online_learns_off_a_model_the_priors_favoured(tmp_path: Path) -> None:
    data = _outcomes(tmp_path / "o.jsonl.gz")
    args = ["eval", "online", str(data), "--json", "--tolerance", "0.05"]
    runner = CliRunner()
    result = runner.invoke(main_group, [*args, "--plot", str(tmp_path / "c.png")])
    assert result.exit_code == 0, result.output
    report = orjson.loads(result.output[result.output.index("{") :])
    assert report["best_single"]["model"] == "big"
    # the priors (train: small 0.9 vs big 0.9) send the first prompts to small, which
    # fails on test; the recorded scores fed back move the task to big
    assert report["picks"]["small"] >= 3
    assert report["first_choice_changes"] >= 1
    assert report["final_window_quality"] >= 0.85 > report["oracle"]["quality"] - 0.2
    assert report["final_window_quality"] > report["online_quality"]
    assert 0.9 < report["final_window_cost_share"] <= 1.05  # on big alone, at its cost
    assert len(report["curves"]["regret"]) == report["prompts"] == 150
    assert (tmp_path / "c.png").read_bytes()[:4] == b"\x89PNG"
    again = runner.invoke(main_group, args)
    rerun = orjson.loads(again.output[again.output.index("{") :])
    assert {k: rerun[k] for k in ("online_quality", "online_cost_share", "picks")} == {
        k: report[k] for k in ("online_quality", "online_cost_share", "picks")
    }  # seeded: the same stream and draws


def test_the_loop_through_the_http_gateway_with_feedback(tmp_path: Path) -> None:
    data = _outcomes(tmp_path / "o.jsonl.gz", n_test=60)
    outcomes = load_outcomes(data)
    train, test = train_test(outcomes)
    url = f"sqlite:///{tmp_path / 'gw.db'}"
    settings = replay_settings(data, train, url, Knobs(tolerance=0.05, explore_share=0.0))
    engine = connect(url)
    store = KeyStore(engine)
    key, _ = store.create("rater")
    auth = Authenticator(store, None, require=True, refresh_seconds=0.05)
    gateway = Gateway(Router(settings), auth, settings.gateway, Ledger(engine, interval=0.02))
    answered: list[str] = []
    with serving(create_app(gateway, engine)) as base, httpx2.Client(base_url=base) as http:
        headers = {"authorization": f"Bearer {key}"}
        for i, prompt in enumerate(test.inputs.prompts):
            body = {"model": "route:chat", "messages": [{"role": "user", "content": prompt}]}
            answer = http.post("/v1/chat/completions", headers=headers, json=body)
            assert answer.status_code == 200, answer.text
            model = answer.headers["x-modelrouter-model"]
            assert answer.json()["choices"][0]["message"]["content"] == f"{model} says {60 + i}"
            cost = float(answer.headers["x-modelrouter-cost-usd"])
            assert cost == pytest.approx(float(test.costs[i, test.models.index(model)]), abs=1e-6)
            score = float(test.scores[i, test.models.index(model)])
            feedback = {
                "request_id": answer.headers["x-request-id"],
                "metric": "score",
                "value": score,
            }
            sent = http.post("/v1/feedback", headers=headers, json=feedback)
            assert sent.status_code == 201, sent.text
            answered.append(model)
    engine.dispose()
    assert answered[0] == "small"  # what the priors say
    assert set(answered[-20:]) == {"big"}  # what the feedback says
