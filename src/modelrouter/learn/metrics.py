"""Routing metrics on recorded outcomes (numpy only): points, oracle, hull, AIQ, APGR, CPT.

A policy's decision on n prompts is a *mix*: an n x m array whose row i gives the
probability of sending prompt i to each of the m models (a hard choice is one-hot). Its
point on the cost-quality plane is (total cost, mean score).

Definitions (the docs spell them out in docs/routing-evaluation.md):

- best single model: the highest mean score, ties to the cheaper (RouterBench's and
  RouteLLM's reference: the strongest model on its own); callers pick it on train.
- oracle: per prompt, the cheapest model among those with the best score.
- line: the random mix of the cheapest and the best single model, share p on the best.
- AIQ (RouterBench): the mean, over the cost range [c_min, c_max], of the policy's
  non-decreasing convex hull; left of the hull's first point the policy has no operating
  point and counts 0, right of its last point it is extended flat.
- APGR and CPT (RouteLLM evals/evaluate.py): on the curve of (share of strong calls,
  accuracy) from 11 quantile thresholds of the policy's strong-model score.

This module computes; it never reads files or decides which rows are train or test.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

Floats = NDArray[np.float64]
Index = NDArray[np.intp]
_EPS = 1e-12


@dataclass(frozen=True, slots=True)
class Point:
    """A policy's result on a set of prompts: mean score and total cost in USD."""

    quality: float
    cost: float


def one_hot(choice: Index, n_models: int) -> Floats:
    """The mix that sends prompt i to model ``choice[i]``."""
    mix = np.zeros((len(choice), n_models), dtype=np.float64)
    mix[np.arange(len(choice)), choice] = 1.0
    return mix


def point(mix: Floats, scores: Floats, costs: Floats) -> Point:
    """Expected mean score and expected total cost of ``mix``."""
    if not len(mix):
        return Point(0.0, 0.0)
    quality = float(np.mean(np.sum(mix * scores, axis=1)))
    return Point(quality, float(np.sum(mix * costs)))


def best_single(scores: Floats, costs: Floats) -> int:
    """The model with the highest mean score; ties go to the lower total cost."""
    mean = scores.mean(axis=0)
    total = costs.sum(axis=0)
    tied = np.flatnonzero(mean >= mean.max() - _EPS)
    return int(tied[np.argmin(total[tied])])


def cheapest(costs: Floats) -> int:
    """The model with the lowest total cost."""
    return int(np.argmin(costs.sum(axis=0)))


def oracle_choice(scores: Floats, costs: Floats) -> Index:
    """Per prompt, the cheapest model among those with the best score (ties: first model)."""
    best = scores >= scores.max(axis=1, keepdims=True) - _EPS
    masked = np.where(best, costs, np.inf)
    return np.asarray(np.argmin(masked, axis=1), dtype=np.intp)


def line_points(cheap: Point, best: Point, shares: Floats) -> list[Point]:
    """Points of the random mix sending a share p of prompts to the best model."""
    return [
        Point(
            quality=(1 - p) * cheap.quality + p * best.quality,
            cost=(1 - p) * cheap.cost + p * best.cost,
        )
        for p in shares
    ]


def nondecreasing_hull(costs: Floats, qualities: Floats) -> Floats:
    """Vertices (k x 2: cost, quality) of the least concave non-decreasing curve above
    every point: the upper convex hull, cut at its first highest point (flat after it)."""
    if not len(costs):
        return np.empty((0, 2), dtype=np.float64)
    order = np.lexsort((-qualities, costs))
    xs, ys = costs[order], qualities[order]
    keep = np.r_[True, xs[1:] > xs[:-1]]  # per cost, the highest quality (sorted first)
    hull: list[tuple[float, float]] = []
    for x, y in zip(xs[keep], ys[keep], strict=True):
        while len(hull) >= 2 and _not_below(hull[-2], hull[-1], (float(x), float(y))):
            hull.pop()
        hull.append((float(x), float(y)))
    top = int(np.argmax([y for _, y in hull]))
    return np.array(hull[: top + 1], dtype=np.float64)


def _not_below(a: tuple[float, float], b: tuple[float, float], c: tuple[float, float]) -> bool:
    """True when b lies on or under the segment a-c (so b is not a vertex of the upper hull)."""
    cross = (b[0] - a[0]) * (c[1] - a[1]) - (b[1] - a[1]) * (c[0] - a[0])
    return cross >= -_EPS * max(1.0, abs(c[0] - a[0]))


def aiq(costs: Floats, qualities: Floats, c_min: float, c_max: float) -> float:
    """RouterBench's AIQ: the mean of the non-decreasing hull over [c_min, c_max]; NaN
    when the range is empty (the cheapest model costs as much as the best one)."""
    if not c_max > c_min:
        return float("nan")
    hull = nondecreasing_hull(costs, qualities)
    if not len(hull):
        return 0.0
    start = max(c_min, float(hull[0, 0]))
    if start >= c_max:
        return 0.0
    inside = hull[(hull[:, 0] > start) & (hull[:, 0] < c_max), 0]
    xs = np.concatenate(([start], inside, [c_max]))
    ys = np.interp(xs, hull[:, 0], hull[:, 1])  # np.interp is flat beyond the last vertex
    return trapezoid(ys, xs) / (c_max - c_min)


def trapezoid(ys: Floats, xs: Floats) -> float:
    """The trapezoid rule (the same sum as numpy's trapz/trapezoid)."""
    return float(np.sum((xs[1:] - xs[:-1]) * (ys[1:] + ys[:-1]) / 2.0))


def routellm_curve(
    strong_score: Floats, weak: Floats, strong: Floats, num_results: int = 10
) -> tuple[Floats, Floats]:
    """RouteLLM's sweep: thresholds at the num_results-quantile edges of ``strong_score``
    (num_results + 1 of them, duplicates kept); at each, prompts with score >= threshold
    (> for the last) go to the strong model. Returns (strong-call share, mean score), by
    share."""
    edges = np.quantile(strong_score, np.linspace(0.0, 1.0, num_results + 1))
    shares, accuracy = [], []
    for i, threshold in enumerate(edges):
        last = i == len(edges) - 1
        to_strong = strong_score > threshold if last else strong_score >= threshold
        shares.append(float(np.mean(to_strong)))
        accuracy.append(float(np.mean(np.where(to_strong, strong, weak))))
    order = np.argsort(shares, kind="stable")
    return np.asarray(shares)[order], np.asarray(accuracy)[order]


def optimal_curve(weak: Floats, strong: Floats, shares: Floats) -> Floats:
    """RouteLLM's "optimal" accuracy at each strong-call share: the strong model is spent on
    the prompts where it gains most (for 0/1 scores, exactly get_optimal_accuracy)."""
    n = len(weak)
    gains = np.sort(np.clip(strong - weak, 0.0, None))[::-1]
    cumulative = np.concatenate(([0.0], np.cumsum(gains)))
    # RouteLLM spends a fractional number of calls (n * share); interpolate between counts
    bonus = np.interp(shares * n, np.arange(n + 1, dtype=np.float64), cumulative)
    return np.asarray(weak.mean() + bonus / n, dtype=np.float64)


def apgr(shares: Floats, accuracy: Floats, weak_accuracy: float, strong_accuracy: float) -> float:
    """RouteLLM's APGR: (AUC - weak AUC) / (strong AUC - weak AUC) over the same shares."""
    width = float(shares[-1] - shares[0])
    area = trapezoid(accuracy, shares)
    gap = (strong_accuracy - weak_accuracy) * width
    if abs(gap) < _EPS:
        return float("nan")
    return (area - weak_accuracy * width) / gap


def cpt(
    shares: Floats,
    accuracy: Floats,
    weak_accuracy: float,
    strong_accuracy: float,
    fraction: float,
) -> float:
    """RouteLLM's CPT(x): the strong-call share at which the curve reaches the weak score
    plus ``fraction`` of the gap, by np.interp over (accuracy -> share) in share order,
    as evaluate.py does (that interpolation assumes accuracy rises with the share)."""
    target = weak_accuracy + fraction * (strong_accuracy - weak_accuracy)
    return float(np.interp(target, accuracy, shares))
