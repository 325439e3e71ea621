"""Feedback in the usage report: per metric and answering model, how many ratings and
their mean (read only)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Engine

from modelrouter.store.feedback import read_feedback
from modelrouter.store.ledger import Row

CHUNK = 500


@dataclass(frozen=True, slots=True)
class FeedbackStat:
    """Ratings of one metric for the answers of one model."""

    metric: str
    model: str
    count: int
    mean: float


def load_feedback(engine: Engine, requests: list[Row]) -> list[Row]:
    """The feedback on ``requests`` (read in chunks: SQLite limits bound parameters)."""
    ids = [row["id"] for row in requests]
    rows: list[Row] = []
    for start in range(0, len(ids), CHUNK):
        rows += read_feedback(engine, ids[start : start + CHUNK])
    return rows


def summarise(requests: list[Row], feedback: list[Row]) -> list[FeedbackStat]:
    """Count and mean value per (metric, answering model), sorted."""
    model_of = {row["id"]: row["model"] or "(no answer)" for row in requests}
    values: dict[tuple[str, str], list[float]] = defaultdict(list)
    for row in feedback:
        values[row["metric"], model_of.get(row["request_id"], "?")].append(row["value"])
    return [
        FeedbackStat(metric, model, len(v), sum(v) / len(v))
        for (metric, model), v in sorted(values.items())
    ]


def feedback_text(stats: list[FeedbackStat]) -> str:
    """The feedback section of the text report."""
    if not stats:
        return "feedback: none for this selection"
    lines = ["feedback (metric, answering model: ratings, mean):"]
    lines += [f"  {s.metric:<12} {s.model:<28} {s.count:>6}  {s.mean:.3f}" for s in stats]
    return "\n".join(lines)


def judge_summary(judge: list[Row]) -> dict[str, Any]:
    """The judge's own calls (not caller traffic): count and cost, per judge model."""
    models: dict[str, list[float]] = defaultdict(list)
    for row in judge:
        models[row["model"] or "(failed)"].append(row["cost_usd"])
    return {
        "calls": len(judge),
        "failed": sum(1 for row in judge if row["status"] != 200),
        "cost_usd": sum(row["cost_usd"] for row in judge),
        "models": {m: {"calls": len(c), "cost_usd": sum(c)} for m, c in sorted(models.items())},
    }


def judge_text(summary: dict[str, Any]) -> str:
    """The judge section of the text report."""
    if not summary["calls"]:
        return "judge: no judge calls for this selection"
    lines = [
        f"judge attempts (not counted above): {summary['calls']} calls, "
        f"{summary['failed']} failed, ${summary['cost_usd']:.6f}"
    ]
    lines += [
        f"  {model:<28} {m['calls']:>6}  ${m['cost_usd']:.6f}"
        for model, m in summary["models"].items()
    ]
    return "\n".join(lines)
