"""Settings of the learned routing policy (``routing.learned``): which trained router,
how its model names map to the catalog, and the cost/quality knob."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field, model_validator


class LearnedSpec(BaseModel):
    """A router trained by ``modelrouter train``, the names of its models in the catalog,
    and one trade-off knob (default: ``max_cost_share: 0.3``)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    router: str = Field(description="router file written by `modelrouter train` (JSON)")
    models: dict[str, str] = Field(
        default_factory=dict, description="router model name -> catalog id (default: same)"
    )
    max_cost_share: float | None = Field(
        default=None, gt=0, le=1, description="spend at most this share of the best model's"
    )
    quality_target: float | None = Field(
        default=None, gt=0, le=1.5, description="reach this share of the best model's quality"
    )
    lambda_: float | None = Field(
        default=None, ge=0, alias="lambda", description="quality per best-model prompt cost"
    )
    min_confidence: float = Field(
        default=0.5, ge=0, le=1, description="below this predicted success, route by table"
    )

    @model_validator(mode="after")
    def _one_knob(self) -> LearnedSpec:
        knobs = [self.max_cost_share, self.quality_target, self.lambda_]
        if sum(k is not None for k in knobs) > 1:
            raise ValueError("set one of max_cost_share, quality_target, lambda")
        return self
