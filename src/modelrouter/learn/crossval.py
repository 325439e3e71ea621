"""Choosing a policy's operating point on train rows only, by K-fold cross-validation.

For every knob value the policy is fitted on K-1 folds of the train rows and decides the
held-out fold; the held-out decisions of all K folds together give each knob value an
out-of-fold (mean score, total cost) on the whole train split. The knob is then chosen
on those figures against a target, the policy is refitted on all train rows, and that
fit is applied once to test. Nothing here ever receives test rows.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from modelrouter.learn.data import Outcomes
from modelrouter.learn.metrics import Point
from modelrouter.learn.policies import Cascaded, Fitted, KnobPolicy

Floats = NDArray[np.float64]
FOLDS = 5
SEED = 0
_EPS = 1e-12


@dataclass(frozen=True, slots=True)
class Curve:
    """One (mean score, total cost) per knob value, in grid order."""

    knobs: Floats
    quality: Floats
    cost: Floats

    def point(self, i: int) -> Point:
        """The point of the i-th knob value."""
        return Point(float(self.quality[i]), float(self.cost[i]))


def fold_indices(n: int, folds: int = FOLDS, seed: int = SEED) -> list[NDArray[np.intp]]:
    """A shuffled split of range(n) into ``folds`` parts of near-equal size."""
    if n < folds:
        raise ValueError(f"cross-validation needs at least {folds} rows, got {n}")
    order = np.random.default_rng(seed).permutation(n).astype(np.intp)
    return list(np.array_split(order, folds))


def per_prompt(fitted: Fitted, knobs: Floats, rows: Outcomes) -> tuple[Floats, Floats]:
    """Expected score and cost of every prompt in ``rows`` at every knob value (k x n)."""
    quality = np.empty((len(knobs), len(rows)), dtype=np.float64)
    cost = np.empty_like(quality)
    for k, knob in enumerate(knobs):
        mix, calls = decide(fitted, rows, float(knob))
        quality[k] = np.sum(mix * rows.scores, axis=1)
        cost[k] = np.sum(calls * rows.costs, axis=1)
    return quality, cost


def decide(fitted: Fitted, rows: Outcomes, knob: float) -> tuple[Floats, Floats]:
    """The mix of answers used and the calls paid for; a cascade is handed the recorded
    responses of the model it calls first (and only those), and pays every call."""
    if isinstance(fitted, Cascaded):
        first = [r[fitted.first] for r in rows.responses]
        return fitted.cascade(rows.inputs, first, knob)
    mix = fitted.choose(rows.inputs, knob)
    return mix, mix


def curve_on(fitted: Fitted, knobs: Floats, rows: Outcomes) -> Curve:
    """The fitted policy's point on ``rows`` at every knob value."""
    quality, cost = per_prompt(fitted, knobs, rows)
    return Curve(knobs, quality.mean(axis=1), cost.sum(axis=1))


def out_of_fold(policy: KnobPolicy, train: Outcomes, folds: int = FOLDS, seed: int = SEED) -> Curve:
    """Every knob value's out-of-fold mean score and total cost on the train rows."""
    knobs = policy.grid()
    quality = np.empty((len(knobs), len(train)), dtype=np.float64)
    cost = np.empty_like(quality)
    parts = fold_indices(len(train), folds, seed)
    for i, held in enumerate(parts):
        rest = np.concatenate([part for j, part in enumerate(parts) if j != i])
        fitted = policy.fit(train.subset(rest))
        quality[:, held], cost[:, held] = per_prompt(fitted, knobs, train.subset(held))
    return Curve(knobs, quality.mean(axis=1), cost.sum(axis=1))


def pick_within_cost(curve: Curve, max_cost: float) -> int | None:
    """The knob with the highest score among those costing at most ``max_cost`` (ties:
    the cheaper, then the first); None when every knob costs more."""
    feasible = np.flatnonzero(curve.cost <= max_cost * (1 + _EPS))
    if not len(feasible):
        return None
    order = np.lexsort((feasible, curve.cost[feasible], -curve.quality[feasible]))
    return int(feasible[order[0]])


def pick_reaching(curve: Curve, min_quality: float) -> int | None:
    """The cheapest knob whose score reaches ``min_quality`` (ties: the higher score, then
    the first); None when no knob reaches it."""
    feasible = np.flatnonzero(curve.quality >= min_quality - _EPS)
    if not len(feasible):
        return None
    order = np.lexsort((feasible, -curve.quality[feasible], curve.cost[feasible]))
    return int(feasible[order[0]])
