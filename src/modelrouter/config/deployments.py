"""Settings of deployments: one catalog model served at several providers.

A model's ``deployments`` list where it can be called: the provider, the name the
provider knows it by, prices when they differ from the model's, a region and tags, rate
limits and a daily quota (a free tier). The single ``provider:`` form of a model is one
deployment. Nothing here reads files, the environment or the clock.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from collections.abc import Collection
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from modelrouter.config.price_spec import PriceSpec

Strategy = Literal["price", "latency", "least-busy", "weighted"]
# The price of a free deployment that names none: 0, in force since long before any
# catalog price.
FREE_PRICE = PriceSpec(effective=dt.date(2000, 1, 1), source="free deployment", input=0, output=0)


class DeploymentSpec(BaseModel):
    """One place a model can be called, with its own limits and (optionally) prices."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    provider: str
    name: str | None = Field(
        default=None, description="the part after '@' in its id; default: the provider"
    )
    upstream: str | None = Field(default=None, description="default: the model's upstream")
    prices: list[PriceSpec] | None = Field(
        default=None, description="PriceSpec entries that replace the model's here"
    )
    free: bool = Field(default=False, description="costs nothing: tried first while quota lasts")
    region: str | None = None
    tags: list[str] = Field(default_factory=list)
    weight: float = Field(default=1.0, gt=0, description="share under strategy 'weighted'")
    requests_per_minute: int | None = Field(default=None, gt=0)
    tokens_per_minute: int | None = Field(default=None, gt=0)
    requests_per_day: int | None = Field(default=None, gt=0, description="a daily quota")
    quota_resets: str = Field(default="00:00", description="local time the daily quota resets")
    quota_timezone: str = Field(default="UTC", description="IANA zone of quota_resets")

    @field_validator("quota_resets")
    @classmethod
    def _check_time(cls, value: str) -> str:
        dt.time.fromisoformat(value)
        return value

    @field_validator("quota_timezone")
    @classmethod
    def _check_zone(cls, value: str) -> str:
        try:
            zoneinfo.ZoneInfo(value)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError) as exc:
            raise ValueError(f"unknown time zone {value!r}") from exc
        return value

    @property
    def label(self) -> str:
        """The part of the deployment's id after the '@'."""
        return self.name or self.provider

    def quota_day(self, when: dt.datetime) -> tuple[str, dt.datetime]:
        """The quota period ``when`` falls in (its date, as text) and when it ends (UTC)."""
        zone = zoneinfo.ZoneInfo(self.quota_timezone)
        local = when.astimezone(zone)
        reset = dt.time.fromisoformat(self.quota_resets)
        start = dt.datetime.combine(local.date(), reset, zone)
        if local < start:
            start -= dt.timedelta(days=1)
        end = dt.datetime.combine(start.date() + dt.timedelta(days=1), reset, zone)
        return start.date().isoformat(), end.astimezone(dt.UTC)


class DeploymentRouting(BaseModel):
    """How the router picks among a model's deployments (``routing.deployments``)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    strategy: Strategy = "price"
    sticky: bool = Field(
        default=True, description="keep a conversation on one deployment while it is healthy"
    )
    latency_alpha: float = Field(
        default=0.3, gt=0, le=1, description="weight of the newest time to first token"
    )


def deployment_id(model_id: str, deployment: DeploymentSpec) -> str:
    """The id of ``deployment`` of ``model_id``: ``kimi-k2.6@moonshot``."""
    return f"{model_id}@{deployment.label}"


def resolve_deployments(
    model_id: str,
    listed: list[DeploymentSpec],
    provider: str,
    upstream: str,
    providers: Collection[str],
) -> list[DeploymentSpec]:
    """A model's deployments (one at ``provider`` when none are listed), each with its
    upstream name (the model's by default); a free one without prices costs 0. Raises
    ValueError naming the deployment that names an unknown provider or is listed twice."""
    seen: set[str] = set()
    resolved = []
    for deployment in listed or [DeploymentSpec(provider=provider)]:
        where = f"models.{model_id}.deployments: {deployment_id(model_id, deployment)}"
        if deployment.provider not in providers:
            raise ValueError(f"{where}: unknown provider {deployment.provider!r}")
        if deployment.label in seen:
            raise ValueError(f"{where}: listed twice (give one a name)")
        seen.add(deployment.label)
        update: dict[str, object] = {"upstream": deployment.upstream or upstream}
        if deployment.free and deployment.prices is None:
            update["prices"] = [FREE_PRICE]
        resolved.append(deployment.model_copy(update=update))
    return resolved
