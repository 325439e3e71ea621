"""The default learned routing policy: per-model calibrated success probabilities from
prompt features, shrunk toward per-task statistics, traded off against predicted cost.

For every model, a logistic regression on the prompt's features (``features``: TF-IDF
word and character n-grams, shape, script, the file's task label and the detected task
type) predicts P(the model does the prompt well); fractional scores (judge scores / 10)
enter as soft labels. The prediction is blended with the model's mean train score on the
prompt's task label: the prediction gets weight ``n / (n + shrink)``, n being the
label's train prompts, the table the rest; a label never seen in training keeps the
per-prompt model alone (its label one-hot is all zero, every other feature still counts).
Each model's cost is predicted from the prompt's length and label.

Train as you serve: the gateway knows no benchmark label, only the task type its
configured detector gives the request. With a ``labeller`` (that detector, see
``served``) the label of every prompt is its detected task type, both when fitting and
when deciding, so the router is fitted on the features it sees when serving.
A prompt goes to the model maximising ``p - lambda * cost / unit`` (unit: the best single
model's mean train cost per prompt), ties to the cheaper. The fitted router is plain
arrays (see ``store``); it never sees the outcomes of the prompts it decides.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace

import numpy as np
from numpy.typing import NDArray
from sklearn.linear_model import LogisticRegression  # type: ignore[import-untyped]

from modelrouter.learn.data import Inputs, Outcomes
from modelrouter.learn.features import Features, fit_features
from modelrouter.learn.metrics import best_single

Floats = NDArray[np.float64]
C_REGULARISATION = 0.5
SHRINK = 30.0
_EPS = 1e-12
# prompts -> the task type the configured detector gives each (``served.labeller``)
Labeller = Callable[[Sequence[str]], tuple[str, ...]]


@dataclass(frozen=True, slots=True)
class GroupMeans:
    """Mean score and cost per model for each category code (last row: all prompts)."""

    quality: Floats
    cost: Floats
    counts: Floats

    def rows(self, codes: NDArray[np.intp]) -> NDArray[np.intp]:
        """Table row per code; codes never seen (or unseen categories) use the last row."""
        n = len(self.counts) - 1
        safe = np.minimum(codes, n)
        seen = self.counts[safe] > 0
        return np.where(seen, safe, n).astype(np.intp)


@dataclass(frozen=True, slots=True)
class LearnedRouter:
    """A fitted learned router: features, per-model logistic weights, task tables, costs."""

    models: tuple[str, ...]
    features: Features
    coef: Floats  # models x features
    intercept: Floats  # models
    by_label: GroupMeans
    by_detected: GroupMeans
    cost_slope: Floats  # models: USD per prompt character
    cost_unit: float
    shrink: float
    # True: a label never seen in training keeps the per-prompt model (train as you
    # serve); False: it is routed by its detected task type's means (before issue 13)
    unseen_model: bool = True
    # offline only (never stored): decide with detected task types instead of the labels
    labeller: Labeller | None = field(default=None, compare=False, repr=False)
    # the last prompts predicted: a knob sweep asks for the same prompts once per value
    _coef_t: list[Floats] = field(default_factory=list, compare=False, repr=False)
    _memo: list[tuple[Inputs, tuple[Floats, Floats]]] = field(
        default_factory=list, compare=False, repr=False
    )

    def predict(self, inputs: Inputs) -> tuple[Floats, Floats]:
        """Per prompt and model: the blended success probability and the predicted cost."""
        if self._memo and self._memo[0][0] is inputs:
            return self._memo[0][1]
        served = inputs if self.labeller is None else served_inputs(inputs, self.labeller)
        result = self._predict(served)
        self._memo[:] = [(inputs, result)]
        return result

    def _predict(self, inputs: Inputs) -> tuple[Floats, Floats]:
        x = self.features.matrix(inputs)
        # features x models, contiguous: sparse @ a transposed view would copy it per call
        if not self._coef_t:
            self._coef_t.append(np.ascontiguousarray(self.coef.T))
        p_model = _sigmoid(np.asarray(x @ self._coef_t[0]) + self.intercept)
        label, detected = self.features.categories(inputs)
        label_rows = self.by_label.rows(label)
        detected_rows = self.by_detected.rows(detected)
        known = label < len(self.features.labels)
        table = np.where(
            known[:, None],
            self.by_label.quality[label_rows],
            self.by_detected.quality[detected_rows],
        )
        # trust the per-prompt model by how much data its label had; a label never seen
        # keeps the per-prompt model alone (or, the old way, its detected type's means)
        n = np.where(known, self.by_label.counts[label_rows], 0.0)
        trust = (n / (n + self.shrink))[:, None] if self.shrink > 0 else known[:, None]
        trust = np.where(~known[:, None] & self.unseen_model, 1.0, trust)
        quality = trust * p_model + (1.0 - trust) * table
        base = np.where(
            known[:, None],
            self.by_label.cost[label_rows],
            self.by_detected.cost[detected_rows],
        )
        chars = np.array([len(p) for p in inputs.prompts], dtype=np.float64)
        return quality, np.maximum(base + chars[:, None] * self.cost_slope, 0.0)

    def choice(self, inputs: Inputs, knob: float) -> NDArray[np.intp]:
        """Per prompt, the model maximising p - knob * cost / unit (ties: the cheaper)."""
        quality, cost = self.predict(inputs)
        return pick(quality, cost, knob, self.cost_unit)

    def choose(self, inputs: Inputs, knob: float) -> Floats:
        """One-hot mix of ``choice``."""
        chosen = self.choice(inputs, knob)
        mix = np.zeros((len(inputs), len(self.models)), dtype=np.float64)
        mix[np.arange(len(inputs)), chosen] = 1.0
        return mix

    def strong_score(self, inputs: Inputs, strong: int, weak: int) -> Floats:
        """Predicted success gain of ``strong`` over ``weak`` (RouteLLM's win rate analogue)."""
        quality, _ = self.predict(inputs)
        return np.asarray(quality[:, strong] - quality[:, weak], dtype=np.float64)


def pick(quality: Floats, cost: Floats, knob: float, unit: float) -> NDArray[np.intp]:
    """Per row, argmax of quality - knob * cost / unit; ties go to the lower cost."""
    utility = quality - knob * cost / unit
    tied = utility >= utility.max(axis=1, keepdims=True) - 1e-9
    return np.asarray(np.argmin(np.where(tied, cost, np.inf), axis=1), dtype=np.intp)


def served_inputs(inputs: Inputs, labeller: Labeller) -> Inputs:
    """``inputs`` labelled as the gateway sees them: label and detected type are both the
    task type ``labeller`` (the configured detector) gives each prompt."""
    tasks = labeller(inputs.prompts)
    return Inputs(inputs.ids, tasks, inputs.prompts, tasks)


class Learned:
    """The default learned policy; knob lambda (score per best-model mean prompt cost).

    With a ``labeller`` it is fitted on, and decides with, the detected task types
    (``fit_served``, ``decide_served``); ``unseen_model`` keeps the per-prompt model for a
    label never seen in training. The defaults are what ``train`` and the gateway use."""

    name = "learned"
    knob = "lambda"

    def __init__(
        self,
        c: float = C_REGULARISATION,
        shrink: float = SHRINK,
        labeller: Labeller | None = None,
        *,
        fit_served: bool = True,
        unseen_model: bool = True,
        name: str = "learned",
    ) -> None:
        self.c = c
        self.shrink = shrink
        self.labeller = labeller
        self.fit_served = fit_served and labeller is not None
        self.unseen_model = unseen_model
        self.name = name
        self._fits: dict[str, LearnedRouter] = {}

    def grid(self) -> Floats:
        """0, then 61 values from 1e-3 to 1e3."""
        return np.concatenate(([0.0], np.logspace(-3.0, 3.0, 61)))

    def fit(self, train: Outcomes) -> LearnedRouter:
        """Fit features, per-model classifiers, task tables and cost model on ``train``.

        This instance keeps its last few fits by a digest of their rows (prompts, labels,
        scores, costs): an evaluation that runs ``learned`` and ``combined`` hands both
        the same instance, and the second gets the same folds' fits without refitting."""
        key = _digest(train)
        fitted = self._fits.get(key)
        if fitted is None:
            fitted = self._fits[key] = self._fit(train)
            while len(self._fits) > _KEEP_FITS:
                self._fits.pop(next(iter(self._fits)))
        return fitted

    def _fit(self, train: Outcomes) -> LearnedRouter:
        if self.fit_served and self.labeller is not None:
            train = replace(train, inputs=served_inputs(train.inputs, self.labeller))
        router = self._fit_rows(train)
        return replace(router, unseen_model=self.unseen_model, labeller=self.labeller)

    def _fit_rows(self, train: Outcomes) -> LearnedRouter:
        features = fit_features(train.inputs)
        x = features.matrix(train.inputs)
        coef = np.zeros((len(train.models), x.shape[1]), dtype=np.float64)
        intercept = np.zeros(len(train.models), dtype=np.float64)
        for j in range(len(train.models)):
            coef[j], intercept[j] = _soft_logistic(x, train.scores[:, j], self.c)
        label, detected = features.categories(train.inputs)
        best = best_single(train.scores, train.costs)
        slope, residual = _cost_slope(train)
        return LearnedRouter(
            models=train.models,
            features=features,
            coef=coef,
            intercept=intercept,
            by_label=group_means(label, len(features.labels), train.scores, residual),
            by_detected=group_means(detected, len(features.detected), train.scores, residual),
            cost_slope=slope,
            cost_unit=float(train.costs[:, best].mean()) or 1.0,
            shrink=self.shrink,
        )


_KEEP_FITS = 8


def _digest(rows: Outcomes) -> str:
    """A digest of everything a fit reads from ``rows``."""
    digest = hashlib.sha256()
    for text in (*rows.models, *rows.inputs.tasks, *rows.inputs.prompts):
        digest.update(text.encode("utf-8", "surrogatepass") + b"\0")
    digest.update(np.ascontiguousarray(rows.scores).tobytes())
    digest.update(np.ascontiguousarray(rows.costs).tobytes())
    return digest.hexdigest()


def _soft_logistic(x: object, scores: Floats, c: float) -> tuple[Floats, float]:
    """Logistic regression on soft labels: each row once as 1 (weight s), once as 0 (1 - s)."""
    if scores.min() >= scores.max():  # one outcome only: a constant predictor
        p = float(np.clip(scores.mean(), 1e-4, 1 - 1e-4))
        return np.zeros(_width(x), dtype=np.float64), float(np.log(p / (1 - p)))
    import scipy.sparse as sp  # type: ignore[import-untyped]  # noqa: PLC0415

    stacked = sp.vstack([x, x], format="csr")
    labels = np.concatenate([np.ones(len(scores)), np.zeros(len(scores))])
    weights = np.concatenate([scores, 1.0 - scores])
    keep = weights > 0
    model = LogisticRegression(C=c, max_iter=300, solver="liblinear")
    model.fit(stacked[keep], labels[keep], sample_weight=weights[keep])
    return np.asarray(model.coef_[0], dtype=np.float64), float(model.intercept_[0])


def _width(x: object) -> int:
    return int(x.shape[1])  # type: ignore[attr-defined]


def _cost_slope(train: Outcomes) -> tuple[Floats, Floats]:
    """Per model, cost per prompt character (least squares through the centred data), and
    every row's cost minus the length part (whose group means are the per-task base)."""
    chars = np.array([len(p) for p in train.inputs.prompts], dtype=np.float64)
    centred = chars - chars.mean()
    denominator = float(centred @ centred) or 1.0
    slope = np.maximum((centred @ (train.costs - train.costs.mean(axis=0))) / denominator, 0.0)
    return slope, train.costs - chars[:, None] * slope


def group_means(codes: NDArray[np.intp], n: int, scores: Floats, costs: Floats) -> GroupMeans:
    """Mean score and cost per code in [0, n), plus the all-row means as row n."""
    counts = np.bincount(codes, minlength=n + 1)[: n + 1].astype(np.float64)
    counts[n] = 0
    inside = codes < n
    sums_q = np.zeros((n + 1, scores.shape[1]))
    sums_c = np.zeros_like(sums_q)
    np.add.at(sums_q, codes[inside], scores[inside])
    np.add.at(sums_c, codes[inside], costs[inside])
    quality = sums_q / np.maximum(counts, 1)[:, None]
    cost = sums_c / np.maximum(counts, 1)[:, None]
    quality[n], cost[n] = scores.mean(axis=0), costs.mean(axis=0)
    counts[n] = len(scores)
    return GroupMeans(quality, cost, counts)


def _sigmoid(z: Floats) -> Floats:
    return np.asarray(1.0 / (1.0 + np.exp(-np.clip(z, -30, 30))), dtype=np.float64)
