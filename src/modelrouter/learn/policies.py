"""Offline routing policies with a knob: fitted on train rows, deciding from ``Inputs`` only.

A ``KnobPolicy`` is fitted on outcomes (train rows only: the evaluation hands it nothing
else) and returns a ``Fitted`` policy that, for a knob value, turns prompts into a mix
(see ``metrics``). Fitted policies never see the outcomes of the prompts they decide.

- ``LineMix``: the reference straight line, a random mix of the cheapest and the best
  single model; knob ``p`` = share of prompts sent to the best.
- ``TaskMeans``: per task label, every model's mean train score and mean cost per prompt;
  picks argmax score - lambda * cost / unit (unit: the best single model's mean cost per
  prompt); labels unseen in training use the all-task means.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol, runtime_checkable

import numpy as np
from numpy.typing import NDArray

from modelrouter.learn.data import Inputs, Outcomes
from modelrouter.learn.metrics import best_single, cheapest

Floats = NDArray[np.float64]
_EPS = 1e-12


class Fitted(Protocol):
    """A fitted policy: prompts and a knob value in, a mix (n x m probabilities) out."""

    def choose(self, inputs: Inputs, knob: float) -> Floats:
        """The mix for ``inputs`` at ``knob``."""
        ...


@runtime_checkable
class StrongScorer(Protocol):
    """A fitted policy that can rank prompts by how much the strong model should get them
    (RouteLLM's strong win rate; used for APGR and CPT on two-model files)."""

    def strong_score(self, inputs: Inputs, strong: int, weak: int) -> Floats:
        """Higher means the prompt should rather go to model ``strong`` than ``weak``."""
        ...


@runtime_checkable
class Cascaded(Protocol):
    """A fitted cascade: it calls model ``first``, reads that model's answer, and may call
    another; every call it makes is costed."""

    first: int

    def cascade(
        self, inputs: Inputs, responses: Sequence[str | None], knob: float
    ) -> tuple[Floats, Floats]:
        """The mix whose answer is used, and the calls made (n x m, 0/1), given the
        recorded responses of model ``first`` only."""
        ...

    def escalation_score(self, inputs: Inputs, responses: Sequence[str | None]) -> Floats:
        """Per prompt, higher means rather escalate (for RouteLLM's APGR order)."""
        ...


class KnobPolicy(Protocol):
    """A family of policies indexed by one knob, fitted from train outcomes."""

    name: str
    knob: str

    def grid(self) -> Floats:
        """The knob values the evaluation sweeps and chooses among."""
        ...

    def fit(self, train: Outcomes) -> Fitted:
        """The policy fitted on ``train`` (never given test rows)."""
        ...


@dataclass(frozen=True, slots=True)
class LineFit:
    """The cheapest and the best single model of the fitting rows."""

    cheap: int
    best: int
    n_models: int

    def choose(self, inputs: Inputs, knob: float) -> Floats:
        """Share ``knob`` of every prompt to the best model, the rest to the cheapest."""
        mix = np.zeros((len(inputs), self.n_models), dtype=np.float64)
        mix[:, self.cheap] += 1.0 - knob
        mix[:, self.best] += knob
        return mix


class LineMix:
    """The straight line between the cheapest and the best single model (random mix)."""

    name = "line"
    knob = "p_best"

    def grid(self) -> Floats:
        """Shares 0, 0.01, ..., 1."""
        return np.linspace(0.0, 1.0, 101)

    def fit(self, train: Outcomes) -> LineFit:
        """Which models are cheapest and best on ``train``."""
        return LineFit(
            cheap=cheapest(train.costs),
            best=best_single(train.scores, train.costs),
            n_models=len(train.models),
        )


@dataclass(frozen=True, slots=True)
class TaskTable:
    """Per task label (and a last row for unseen labels): mean score and cost per model."""

    models: tuple[str, ...]
    tasks: tuple[str, ...]
    quality: Floats
    cost: Floats
    counts: NDArray[np.int64]
    cost_unit: float

    def rows_of(self, inputs: Inputs) -> NDArray[np.intp]:
        """The table row of each prompt (the last row when its label was never seen)."""
        index = {task: i for i, task in enumerate(self.tasks)}
        unseen = len(self.tasks)
        return np.array([index.get(t, unseen) for t in inputs.tasks], dtype=np.intp)

    def picks(self, knob: float) -> NDArray[np.intp]:
        """Per table row, the model maximising score - knob * cost / unit (ties: cheaper)."""
        utility = self.quality - knob * self.cost / self.cost_unit
        tied = utility >= utility.max(axis=1, keepdims=True) - _EPS
        return np.asarray(np.argmin(np.where(tied, self.cost, np.inf), axis=1), dtype=np.intp)

    def choose(self, inputs: Inputs, knob: float) -> Floats:
        """One-hot mix: each prompt to its label's pick at ``knob``."""
        chosen = self.picks(knob)[self.rows_of(inputs)]
        mix = np.zeros((len(inputs), len(self.models)), dtype=np.float64)
        mix[np.arange(len(inputs)), chosen] = 1.0
        return mix

    def strong_score(self, inputs: Inputs, strong: int, weak: int) -> Floats:
        """The label's mean train score gain of ``strong`` over ``weak``."""
        gain = self.quality[:, strong] - self.quality[:, weak]
        return np.asarray(gain[self.rows_of(inputs)], dtype=np.float64)


class TaskMeans:
    """Per task label, the models' mean train score and cost, traded off by lambda."""

    name = "task-means"
    knob = "lambda"

    def grid(self) -> Floats:
        """0, then 61 values from 1e-3 to 1e3 (score per best-model mean cost)."""
        return np.concatenate(([0.0], np.logspace(-3.0, 3.0, 61)))

    def fit(self, train: Outcomes) -> TaskTable:
        """Mean score and cost per (label, model) on ``train``; the all-label means last."""
        tasks = tuple(sorted(set(train.tasks)))
        index = {task: i for i, task in enumerate(tasks)}
        rows = np.array([index[t] for t in train.tasks], dtype=np.intp)
        counts = np.bincount(rows, minlength=len(tasks)).astype(np.int64)
        quality = _group_means(rows, train.scores, counts)
        cost = _group_means(rows, train.costs, counts)
        best = best_single(train.scores, train.costs)
        unit = float(train.costs[:, best].mean()) or 1.0
        return TaskTable(
            models=train.models,
            tasks=tasks,
            quality=np.vstack([quality, train.scores.mean(axis=0)]),
            cost=np.vstack([cost, train.costs.mean(axis=0)]),
            counts=np.append(counts, len(train)),
            cost_unit=unit,
        )


def _group_means(rows: NDArray[np.intp], values: Floats, counts: NDArray[np.int64]) -> Floats:
    sums = np.zeros((len(counts), values.shape[1]), dtype=np.float64)
    np.add.at(sums, rows, values)
    return sums / np.maximum(counts, 1)[:, None]
