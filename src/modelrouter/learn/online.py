"""``eval online``: the closed loop run on an outcome file, through the real router.

Priors come from the train split (per-label means of each model); the test split is
streamed in a seeded order through the adaptive policy, every answer coming from the
replay provider (the recorded response, at the recorded cost); after each answer the
recorded score is sent back as feedback on the request, through the ledger, exactly as
``POST /v1/feedback`` stores it. Nothing of the test split is read before its prompt is
answered, except to score the baselines.

The catalog is built from the file: one model per recorded model, priced so that a
typical request (``TYPICAL_TOKENS`` output tokens) costs its mean recorded cost on train
and each replayed answer costs exactly what was recorded; one task per label, routed by
train means (best first).
"""

from __future__ import annotations

import asyncio
import datetime as dt
import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import numpy as np

from modelrouter.config.loader import build_settings
from modelrouter.config.loop import MetricSpec
from modelrouter.config.schema import Settings
from modelrouter.learn.data import Floats, Outcomes, load_outcomes, train_test
from modelrouter.learn.metrics import oracle_choice
from modelrouter.quality.feed import QualityFeed
from modelrouter.router import Router, build_request
from modelrouter.store.db import connect
from modelrouter.store.feedback import Rater, Rating, give
from modelrouter.store.ledger import Ledger, rows_of
from modelrouter.store.quality import read_events

TYPICAL_TOKENS = 1_000_000
FINAL_WINDOW = 0.2
SCORE = {"score": MetricSpec(type="float")}


@dataclass(frozen=True, slots=True)
class Knobs:
    """The adaptive policy's settings for a run (``tolerance`` None: chosen on train for
    ``cost_share``)."""

    tolerance: float | None = None
    cost_share: float = 0.3
    explore_share: float = 0.05
    prior_weight: float = 10.0
    seed: int = 0
    hysteresis: float = 0.0


TOLERANCES = [round(0.005 * i, 3) for i in range(61)]  # 0 .. 0.3


def tolerance_for(train: Outcomes, cost_share: float) -> float:
    """The smallest tolerance at which the policy's rule, applied to the train split's
    per-label means (models priced at their mean train cost, as the replay catalog
    prices them), spends at most ``cost_share`` of the best single model on train."""
    labels = sorted(set(train.tasks))
    rows = {label: [i for i, t in enumerate(train.tasks) if t == label] for label in labels}
    price = train.costs.mean(axis=0)
    best = int(np.argmax(train.scores.mean(axis=0)))
    budget = cost_share * train.costs[:, best].sum()
    for tolerance in TOLERANCES:
        spent = 0.0
        for label in labels:
            means = train.scores[rows[label]].mean(axis=0)
            near = np.flatnonzero(means >= means.max() - tolerance - 1e-12)
            chosen = int(near[np.argmin(price[near])])
            spent += float(train.costs[rows[label], chosen].sum())
        if spent <= budget:
            return tolerance
    return TOLERANCES[-1]


def replay_settings(path: Path, train: Outcomes, url: str, knobs: Knobs) -> Settings:
    """A catalog, tasks and routing for replaying ``path`` through the adaptive policy."""
    means, costs = train.scores.mean(axis=0), train.costs.mean(axis=0)
    order = [train.models[j] for j in np.argsort(-means, kind="stable")]
    models = {
        m: _model(round(100 * float(means[j])), float(costs[j]), path)
        for j, m in enumerate(train.models)
    }
    labels = sorted(set(train.tasks))
    tasks = {
        label: {
            "description": f"{label} prompts of {path.name}",
            "route": {"primary": order[0], "fallbacks": order[1:]},
            "typical_output_tokens": TYPICAL_TOKENS,
        }
        for label in labels
    }
    return build_settings(
        {
            "providers": {"replay": {"format": "replay", "base_url": str(path)}},
            "models": models,
            "tasks": tasks,
            "routing": {
                "policy": "adaptive",
                "default_task": labels[0],
                "checks": [],
                "max_attempts": 1,
                "retries_per_model": 0,
                "adaptive": {
                    "tolerance": knobs.tolerance,
                    "explore_share": knobs.explore_share,
                    "seed": knobs.seed,
                    "hysteresis": knobs.hysteresis,
                },
            },
            "quality": {"priors": str(path), "prior_weight": knobs.prior_weight, "refresh_s": 0},
            "storage": {"url": url},
            "feedback": {"metrics": {"score": {"type": "float"}}},
        }
    )


def _model(strength: int, mean_cost: float, path: Path) -> dict[str, Any]:
    """A catalog entry whose typical request costs ``mean_cost``."""
    price = {
        "effective": "2000-01-01",
        "source": f"mean cost on train of {path.name}",
        "input": 0.0,
        "output": max(mean_cost, 1e-12) * 1e6 / TYPICAL_TOKENS,
    }
    return {
        "provider": "replay",
        "context_window": 100_000_000,
        "max_output": TYPICAL_TOKENS,
        "strength": strength,
        "prices": [price],
    }


@dataclass
class Stream:
    """What happened to each streamed test prompt, in stream order."""

    rows: list[int]
    chosen: list[int]
    quality: list[float]
    cost: list[float]


async def _stream(
    router: Router,
    ledger: Ledger,
    test: Outcomes,
    order: list[int],
    progress: Callable[[int], None],
) -> Stream:
    engine = ledger.engine
    result = Stream([], [], [], [])
    for i in order:
        label, prompt = test.tasks[i], test.inputs.prompts[i]
        request = build_request([{"role": "user", "content": prompt}], task=label, stream=False)
        routed = await router.complete(request)
        trace = routed.trace
        now = dt.datetime.now(dt.UTC)
        row = rows_of(
            request_id=trace.request_id,
            received_at=now,
            api="openai",
            key_id=None,
            selector=request.model,
            status=200,
            error=None,
            trace=trace,
            latency_ms=trace.latency_ms,
            overhead_ms=0.0,
        )
        ledger.write([row])
        column = test.models.index(trace.model or "")
        score = float(test.scores[i, column])
        give(engine, SCORE, Rating(trace.request_id, "score", score), Rater(None, True), now)
        result.rows.append(i)
        result.chosen.append(column)
        result.quality.append(score)
        result.cost.append(trace.cost_usd)
        progress(1)
    return result


def run_online(
    path: Path, workdir: Path, knobs: Knobs, progress: Callable[[int], None] = lambda _: None
) -> dict[str, Any]:
    """Run the loop on ``path``; headline figures and curves as plain data."""
    started = time.perf_counter()
    outcomes = load_outcomes(path)
    train, test = train_test(outcomes)
    if knobs.tolerance is None:
        knobs = replace(knobs, tolerance=tolerance_for(train, knobs.cost_share))
    url = f"sqlite:///{workdir / 'online.db'}"
    settings = replay_settings(path, train, url, knobs)
    engine = connect(url)
    feed = QualityFeed(url, settings, engine=engine)
    router = Router(settings, quality=feed)
    order = [int(i) for i in np.random.default_rng(knobs.seed).permutation(len(test))]
    try:
        stream = asyncio.run(_stream(router, Ledger(engine), test, order, progress))
    finally:
        router.close()
    events = read_events(engine)
    engine.dispose()
    report = summarise(train, test, stream, knobs)
    report["first_choice_changes"] = len(events)
    report["seconds"] = round(time.perf_counter() - started, 1)
    report["source"] = path.name
    return report


def summarise(train: Outcomes, test: Outcomes, stream: Stream, knobs: Knobs) -> dict[str, Any]:
    """Headline keys and curves against the best single model (chosen on train) and the
    oracle, over the prompts in stream order."""
    rows = np.asarray(stream.rows, dtype=np.intp)
    best = int(np.argmax(train.scores.mean(axis=0)))
    quality = np.asarray(stream.quality)
    cost = np.asarray(stream.cost)
    best_q, best_c = test.scores[rows, best], test.costs[rows, best]
    oracle = oracle_choice(test.scores[rows], test.costs[rows])
    picked = np.arange(len(rows))
    oracle_q, oracle_c = test.scores[rows][picked, oracle], test.costs[rows][picked, oracle]
    tail = slice(int(len(rows) * (1 - FINAL_WINDOW)), None)
    steps = np.arange(1, len(rows) + 1)

    def share(part: Floats, whole: Floats) -> float:
        return float(part.sum() / whole.sum()) if whole.sum() > 0 else 0.0

    return {
        "online_quality": round(float(quality.mean()), 4),
        "online_cost_share": round(share(cost, best_c), 4),
        "final_window_quality": round(float(quality[tail].mean()), 4),
        "final_window_cost_share": round(share(cost[tail], best_c[tail]), 4),
        "best_single": {"model": train.models[best], "quality": round(float(best_q.mean()), 4)},
        "oracle": {
            "quality": round(float(oracle_q.mean()), 4),
            "cost_share": round(share(oracle_c, best_c), 4),
        },
        "prompts": len(rows),
        "knobs": {
            "tolerance": knobs.tolerance,
            "cost_share_target": knobs.cost_share,
            "explore_share": knobs.explore_share,
            "prior_weight": knobs.prior_weight,
            "seed": knobs.seed,
            "hysteresis": knobs.hysteresis,
        },
        "picks": {
            m: int(np.sum(np.asarray(stream.chosen) == j)) for j, m in enumerate(test.models)
        },
        "curves": {
            "step": steps.tolist(),
            "quality": (np.cumsum(quality) / steps).round(4).tolist(),
            "oracle_quality": (np.cumsum(oracle_q) / steps).round(4).tolist(),
            "best_single_quality": (np.cumsum(best_q) / steps).round(4).tolist(),
            "cost_share": (np.cumsum(cost) / np.cumsum(best_c)).round(4).tolist(),
            "oracle_cost_share": (np.cumsum(oracle_c) / np.cumsum(best_c)).round(4).tolist(),
            "regret": np.cumsum(oracle_q - quality).round(3).tolist(),
        },
    }
