"""Feedback in the usage report: per metric and answering model, how many ratings and
their mean (read only)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

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
