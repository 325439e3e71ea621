"""Settings of the quality closed loop: feedback metrics (``feedback``), quality estimates
(``quality``) and the adaptive policy (``routing.adaptive``)."""

from __future__ import annotations

from typing import Literal

from pydantic import Field, model_validator

from modelrouter.config.base import Strict

Source = Literal["feedback", "judge", "checks"]


class MetricSpec(Strict):
    """One feedback metric: its type, its range and which way is better."""

    type: Literal["boolean", "float"]
    optimize: Literal["max", "min"] = "max"
    min: float = 0.0
    max: float = 1.0
    quality: bool = Field(default=True, description="whether it feeds the quality estimates")

    @model_validator(mode="after")
    def _range(self) -> MetricSpec:
        if self.max <= self.min:
            raise ValueError("max must be greater than min")
        return self

    def normalised(self, value: float) -> float:
        """``value`` on 0..1, 1 the better end."""
        share = (value - self.min) / (self.max - self.min)
        return share if self.optimize == "max" else 1.0 - share


def _default_metrics() -> dict[str, MetricSpec]:
    return {"thumbs": MetricSpec(type="boolean"), "score": MetricSpec(type="float")}


def _default_weights() -> dict[Source, float]:
    return {"feedback": 1.0, "judge": 1.0, "checks": 0.2}


class FeedbackSpec(Strict):
    """The metrics callers may send to ``POST /v1/feedback``."""

    metrics: dict[str, MetricSpec] = Field(default_factory=_default_metrics)


class QualitySpec(Strict):
    """How quality per (task, model[, key]) is estimated from the ledger's outcomes."""

    priors: str | None = Field(
        default=None, description="outcome file (JSONL.gz) or router file (JSON) for priors"
    )
    prior_models: dict[str, str] = Field(
        default_factory=dict, description="model name in the priors file -> catalog id"
    )
    prior_weight: float = Field(
        default=10.0, gt=0, description="pseudo-observations a prior is worth"
    )
    half_life_days: float = Field(default=14.0, gt=0, description="an outcome's weight halves")
    weights: dict[Source, float] = Field(
        default_factory=_default_weights,
        description="weight of one observation of each source",
    )
    min_key_n: float = Field(
        default=50.0, gt=0, description="observations a key needs for estimates of its own"
    )
    refresh_s: float = Field(default=5.0, ge=0, description="how often the policy re-reads")


class AdaptiveSpec(Strict):
    """The adaptive policy: cheapest model within ``tolerance`` of the best estimate."""

    tolerance: float = Field(default=0.02, ge=0, le=1, description="quality given up for cost")
    economy_tolerance: float = Field(
        default=0.1, ge=0, le=1, description="the tolerance in economy mode"
    )
    hysteresis: float = Field(
        default=0.0, ge=0, le=1, description="estimate bonus of a task's current first choice"
    )
    explore_share: float = Field(
        default=0.05, ge=0, le=1, description="share of first turns routed by Thompson sampling"
    )
    no_explore_keys: list[str] = Field(
        default_factory=list, description="key ids or names never explored on"
    )
    seed: int | None = Field(default=None, description="seed of the exploration draws")
    conversations: int = Field(
        default=10000, ge=0, description="conversations remembered, to keep each on one model"
    )
