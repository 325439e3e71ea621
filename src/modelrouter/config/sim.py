"""Settings of the simulated provider (``sim``): which faults it injects, per model or
deployment, and how fast it answers. Data only; ``sim/`` acts on them."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from modelrouter.config.base import Strict

FaultKind = Literal[
    "rate_limit",
    "server_error",
    "hang",
    "reset",
    "malformed",
    "cut",
    "empty",
    "refusal",
    "weak",
    "auth",
    "slow",
]


class SimModelSpec(Strict):
    """Behaviour of one simulated model: latency and injected faults."""

    error_rate: float = Field(default=0.0, ge=0, le=1)
    faults: list[FaultKind] = Field(default_factory=lambda: list[FaultKind](["server_error"]))
    down: bool = False
    ttft_ms: float = Field(default=0.0, ge=0)
    tokens_per_second: float = Field(default=0.0, ge=0, description="0 streams at once")
    retry_after: float = Field(default=1.0, ge=0)
    hang_seconds: float = Field(default=30.0, ge=0)
    slow_seconds: float = Field(default=5.0, ge=0, description="extra wait of a slow first token")
    daily_quota: int | None = Field(
        default=None, gt=0, description="a free tier: 429 with a quota message past N calls a day"
    )


class SimSpec(Strict):
    """The simulated provider: when enabled, every provider is served by the simulator."""

    enabled: bool = False
    seed: int = 0
    default: SimModelSpec = Field(default_factory=SimModelSpec)
    models: dict[str, SimModelSpec] = Field(default_factory=dict)

    def for_model(self, model: str) -> SimModelSpec:
        """The behaviour configured for ``model`` (by catalog id, upstream name or
        deployment id, ``kimi-k2.6@moonshot``)."""
        return self.models.get(model, self.default)
