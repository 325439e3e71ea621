"""Quality estimates per (task, model) and per key, from the quality store's counts.

Each stored count is weighed by its source (``quality.weights``) and by its age (its
weight halves every ``half_life_days``); the prior adds ``prior_weight`` pseudo
observations at the prior mean. The estimate is the mean of the resulting Beta
distribution, the interval its central 90% (normal approximation), ``n`` the weighed
observations behind it. A key's own estimate exists once its weighed observations reach
``min_key_n``; its prior is the estimate for all keys.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from modelrouter.config.loop import QualitySpec
from modelrouter.quality.priors import Priors
from modelrouter.store.quality import Count

Z90 = 1.645


@dataclass(frozen=True, slots=True)
class Estimate:
    """Estimated quality of one model on one task (for one key, or all)."""

    task: str
    model: str
    mean: float
    low: float
    high: float
    n: float
    alpha: float
    beta: float
    prior: float
    prior_source: str
    sources: dict[str, float] = field(default_factory=dict)
    key_id: str | None = None


@dataclass
class _Sums:
    n: float = 0.0
    total: float = 0.0
    sources: dict[str, float] = field(default_factory=lambda: defaultdict(float))

    def add(self, count: Count, decay: float, weight: float) -> None:
        self.n += count.n * decay * weight
        self.total += count.total * decay * weight
        self.sources[count.source] += count.n * decay


def posterior(mean: float, weight: float, n: float, total: float) -> tuple[float, float]:
    """Beta parameters from a prior (mean, weight) and weighed observations."""
    alpha = max(weight * mean + total, 1e-6)
    beta = max(weight * (1.0 - mean) + n - total, 1e-6)
    return alpha, beta


class QualityTable:
    """Estimates read from counts at one moment (``today``, in days since 1970)."""

    def __init__(self, counts: Iterable[Count], priors: Priors, spec: QualitySpec, today: int):
        self.priors = priors
        self.spec = spec
        self.all: dict[tuple[str, str], _Sums] = defaultdict(_Sums)
        self.keys: dict[tuple[str, str, str], _Sums] = defaultdict(_Sums)
        for count in counts:
            decay = 0.5 ** (max(today - count.day, 0) / spec.half_life_days)
            weight = dict(spec.weights).get(count.source, 1.0)  # type: ignore[call-overload]
            self.all[count.task, count.model].add(count, decay, weight)
            if count.key_id:
                self.keys[count.key_id, count.task, count.model].add(count, decay, weight)
        self._own = {(k, t) for (k, t, _), s in self.keys.items() if s.n >= spec.min_key_n}

    def get(self, task: str, model: str, key_id: str | None = None) -> Estimate:
        """The estimate for ``model`` on ``task``: the key's own when it has enough data."""
        prior, where = self.priors.get(task, model)
        general = self._estimate(task, model, prior, where, self.all.get((task, model)), None)
        if key_id is None:
            return general
        own = self.keys.get((key_id, task, model))
        if own is None or own.n < self.spec.min_key_n:
            return general
        return self._estimate(task, model, general.mean, "all keys", own, key_id)

    def _estimate(
        self, task: str, model: str, prior: float, where: str, sums: _Sums | None, key: str | None
    ) -> Estimate:
        sums = sums or _Sums()
        alpha, beta = posterior(prior, self.spec.prior_weight, sums.n, sums.total)
        mean = alpha / (alpha + beta)
        spread = Z90 * math.sqrt(alpha * beta / ((alpha + beta) ** 2 * (alpha + beta + 1)))
        return Estimate(
            task=task,
            model=model,
            mean=mean,
            low=max(0.0, mean - spread),
            high=min(1.0, mean + spread),
            n=sums.n,
            alpha=alpha,
            beta=beta,
            prior=prior,
            prior_source=where,
            sources={s: round(v, 3) for s, v in sums.sources.items()},
            key_id=key,
        )

    def has_own(self, key_id: str, task: str) -> bool:
        """Whether ``key_id`` has an estimate of its own for some model on ``task``."""
        return (key_id, task) in self._own

    def observed_keys(self) -> list[tuple[str, str, str]]:
        """(key, task, model) with enough observations for a key's own estimate."""
        return sorted(k for k, s in self.keys.items() if s.n >= self.spec.min_key_n)
