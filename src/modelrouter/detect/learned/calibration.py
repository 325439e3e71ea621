"""Confidence calibration: temperature scaling, expected calibration error, reliability.

Temperature scaling divides a model's logits by one number fitted on held-out data (the
one that minimises the negative log-likelihood); it never changes which class wins, only
how sure the model says it is. ``reliability`` and ``expected_calibration_error`` measure
any detector's confidences against its hits, so ``eval detector`` reports them too.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

BINS = 10
_TEMPERATURES = np.exp(np.linspace(np.log(0.05), np.log(200.0), 300))


def softmax(logits: npt.NDArray[np.floating], temperature: float = 1.0) -> npt.NDArray[np.float64]:
    """Row-wise softmax of ``logits / temperature``."""
    scaled = np.asarray(logits, dtype=np.float64) / temperature
    scaled -= scaled.max(axis=-1, keepdims=True)
    exp = np.exp(scaled)
    return exp / exp.sum(axis=-1, keepdims=True)  # type: ignore[no-any-return]


def fit_temperature(
    logits: npt.NDArray[np.floating],
    labels: npt.NDArray[np.int64],
    weights: npt.NDArray[np.floating] | None = None,
) -> float:
    """The temperature (0.05..200) that minimises the (weighted) log-loss of ``labels``
    given ``logits``."""
    best, best_loss = 1.0, float("inf")
    rows = np.arange(len(labels))
    for temperature in _TEMPERATURES:
        probabilities = softmax(logits, float(temperature))
        losses = -np.log(np.maximum(probabilities[rows, labels], 1e-12))
        loss = float(np.average(losses, weights=weights))
        if loss < best_loss:
            best, best_loss = float(temperature), loss
    return best


@dataclass(frozen=True, slots=True)
class Bin:
    """One confidence bin: its range, how many answers fell in it, their mean confidence
    and the share of them that were right."""

    low: float
    high: float
    n: int
    confidence: float
    accuracy: float


def reliability(confidences: Sequence[float], hits: Sequence[bool], bins: int = BINS) -> list[Bin]:
    """Answers grouped by confidence in ``bins`` equal-width bins (empty bins left out)."""
    table = []
    for index in range(bins):
        low, high = index / bins, (index + 1) / bins
        chosen = [
            (c, h)
            for c, h in zip(confidences, hits, strict=True)
            if low <= c < high or (index == bins - 1 and c == high)
        ]
        if chosen:
            mean = sum(c for c, _ in chosen) / len(chosen)
            right = sum(1 for _, h in chosen if h) / len(chosen)
            table.append(Bin(low, high, len(chosen), mean, right))
    return table


def expected_calibration_error(table: Sequence[Bin]) -> float:
    """The mean |accuracy - confidence| over bins, weighted by how many answers each holds."""
    total = sum(b.n for b in table)
    if not total:
        return 0.0
    return sum(b.n * abs(b.accuracy - b.confidence) for b in table) / total
