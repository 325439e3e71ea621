"""``modelrouter demo --loop``: the quality closed loop, live.

The gateway routes with ``routing.policy: adaptive`` and the sampled judge on. Half way
through the workload, the model that answered most of the busiest task so far starts
giving weak answers (the simulator's ``weak`` fault on every call); the judge scores
them 0, the checks catch some, the estimates drop and the adaptive policy moves the
task's traffic to the next cheapest model whose quality holds. The report shows each
affected task's share per model before and after the drop, and the judge's scores and
spend.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from typing import Any

from modelrouter.config.schema import Settings
from modelrouter.demo.run import Sent
from modelrouter.sim import SimState
from modelrouter.store.ledger import Row

JUDGE_SHARE = 0.5
LOOP_CONCURRENCY = 2  # at 8 the second half lasts ~1.5 s: less than the evidence takes
# Every simulated call takes this long, as real ones do: without it, on an idle machine
# the second half lasted ~1.5 s even at 2 in flight, shorter than the judge's path (the
# ledger's flush, a claim, the judge call, the policy's re-read: 0.3-0.7 s), and whether
# the traffic moved depended on the machine's load.
LOOP_LATENCY_MS = 40.0
PERIODS = ("before", "after", "last")


def loop_settings(settings: Settings) -> Settings:
    """``settings`` with the adaptive policy, fast re-reads of the estimates, and the judge
    (half of the answers, $1 a day, by the catalog's second strongest model: strong
    enough to grade, and not the strongest, which a user configuring priors of their own
    may see degraded; a degraded judge would grade nothing)."""
    routing = settings.routing
    adaptive = routing.adaptive.model_copy(update={"seed": 0})
    ranked = sorted(settings.models, key=lambda m: -settings.models[m].strength)
    judge_model = settings.judge.model or ranked[min(1, len(ranked) - 1)]
    judge = settings.judge.model_copy(
        update={
            "enabled": True,
            "model": judge_model,
            "share": JUDGE_SHARE,
            "interval_s": 0.05,
            "batch": 32,
            "concurrency": 16,
            "seed": 0,
        }
    )
    paced = settings.sim.default.model_copy(update={"ttft_ms": LOOP_LATENCY_MS})
    return settings.model_copy(
        update={
            "sim": settings.sim.model_copy(update={"default": paced}),
            "routing": routing.model_copy(update={"policy": "adaptive", "adaptive": adaptive}),
            "quality": settings.quality.model_copy(update={"refresh_s": 0.2}),
            "judge": judge,
        }
    )


class Degrade:
    """Half way, make the first choice of the busiest task so far answer weakly (never
    the judge model)."""

    def __init__(self, total: int, judge: str | None, say: Callable[[str], None]) -> None:
        self.half = total // 2
        self.judge = judge
        self.say = say
        self.model: str | None = None

    def __call__(self, state: SimState, done: int, sent: Sequence[Sent | None]) -> None:
        """The milestone hook of ``serve_and_drive``."""
        if done != self.half or self.model is not None:
            return
        answered = [s for s in sent if s is not None and s.status == 200 and s.model != self.judge]
        if not answered:
            return
        busiest = Counter(s.task for s in answered).most_common(1)[0][0]
        self.model = Counter(s.model for s in answered if s.task == busiest).most_common(1)[0][0]
        weak = state.spec(self.model).model_copy(update={"error_rate": 1.0, "faults": ["weak"]})
        state.configure(self.model, weak)
        self.say(f"{self.model} starts answering badly after {done} requests")


def loop_summary(
    sent: list[Sent], half: int, model: str, judge_rows: list[Row], scores: dict[str, float]
) -> dict[str, Any]:
    """Per task the degraded model answered before the drop: each model's share before,
    after, and in the last quarter of the run; the judge's calls, spend and mean score of
    the degraded model before and after."""
    before = [s for i, s in enumerate(sent) if i < half and s.status == 200]
    after = [s for i, s in enumerate(sent) if i >= half and s.status == 200]
    last = [
        s for i, s in enumerate(sent) if i >= half + (len(sent) - half) // 2 and s.status == 200
    ]
    tasks = sorted({s.task for s in before if s.model == model})
    return {
        "degraded_model": model,
        "after_request": half,
        "tasks": {
            t: {"before": _shares(before, t), "after": _shares(after, t), "last": _shares(last, t)}
            for t in tasks
        },
        "judge": {
            "calls": len(judge_rows),
            "cost_usd": sum(row["cost_usd"] for row in judge_rows),
            "degraded_model_score": {
                "before": _mean(before, model, scores),
                "after": _mean(after, model, scores),
            },
        },
    }


def _shares(sent: list[Sent], task: str) -> dict[str, float]:
    models = Counter(s.model for s in sent if s.task == task)
    total = sum(models.values())
    return {m: n / total for m, n in models.most_common()}


def _mean(sent: list[Sent], model: str, scores: dict[str, float]) -> float | None:
    values = [scores[s.request_id] for s in sent if s.model == model and s.request_id in scores]
    return sum(values) / len(values) if values else None


def loop_text(loop: dict[str, Any]) -> str:
    """The closed-loop section of the demo's report."""
    model = loop["degraded_model"]
    lines = [
        f"closed loop: {model} answered badly from request {loop['after_request']} on;",
        "share of each task it served: before the drop -> after it -> last quarter:",
    ]
    for task, shares in loop["tasks"].items():
        lines.append(f"  {task}")
        for name in dict.fromkeys([*shares["before"], *shares["after"]]):
            mark = "  <- degraded" if name == model else ""
            values = " -> ".join(f"{shares[p].get(name, 0):>5.0%}" for p in PERIODS)
            lines.append(f"    {name:<24} {values}{mark}")
    judge = loop["judge"]
    score = judge["degraded_model_score"]
    shown = {k: "-" if v is None else f"{v:.2f}" for k, v in score.items()}
    lines.append(
        f"judge: {judge['calls']} calls, ${judge['cost_usd']:.4f}; mean score of {model}: "
        f"{shown['before']} before, {shown['after']} after"
    )
    return "\n".join(lines)
