"""Free deployments in a projection: how much of a month's tasks their daily quotas cover.

A model's ``free: true`` deployments with a ``requests_per_day`` quota answer the first
requests of each day for nothing (the router tries them first while their quota lasts);
past the quota the model's cheapest paid deployment answers. Over a month of evenly spread
traffic, every task type routed to that model gets the same covered share: the month's
quota over the month's requests to the model, at most all of them. A free deployment
without a quota covers everything. Deployments outside ``routing.allowed_regions`` are
left out, as the router leaves them out. Nothing here calls a model.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from modelrouter.config.deployments import DeploymentSpec, deployment_id
from modelrouter.config.schema import ModelSpec, Settings
from modelrouter.pricing import estimate

DAYS_PER_MONTH = 30


@dataclass(frozen=True, slots=True)
class FreeTier:
    """One free deployment over the month: its quota, the demand on its model, the share
    of that demand it answers, and its tags (``simulated`` marks an offer made up for a
    demo)."""

    model: str
    deployment: str
    requests_per_day: int | None
    monthly_requests: float | None
    demand: float
    covered_share: float
    tags: list[str]


def free_tiers(settings: Settings, demand: Mapping[str, float]) -> list[FreeTier]:
    """The free deployments of the models in ``demand`` (tasks a month per model)."""
    tiers = []
    for model_id, tasks in demand.items():
        left = tasks
        for deployment in _allowed(settings, settings.models[model_id].deployments):
            if not deployment.free:
                continue
            quota = deployment.requests_per_day
            monthly = None if quota is None else float(quota * DAYS_PER_MONTH)
            answered = left if monthly is None else min(left, monthly)
            left -= answered
            tiers.append(
                FreeTier(
                    model_id,
                    deployment_id(model_id, deployment),
                    quota,
                    monthly,
                    tasks,
                    answered / tasks if tasks else 0.0,
                    list(deployment.tags),
                )
            )
    return tiers


def covered(tiers: Iterable[FreeTier], model_id: str) -> float:
    """The share of ``model_id``'s tasks its free deployments answer."""
    return min(sum(t.covered_share for t in tiers if t.model == model_id), 1.0)


def paid_unit(
    settings: Settings, model_id: str, size_in: int, size_out: int, when: dt.datetime
) -> float:
    """One task's cost at ``model_id``'s cheapest allowed paid deployment (its catalog
    price when it has none)."""
    model: ModelSpec = settings.models[model_id]
    paid = [d for d in _allowed(settings, model.deployments) if not d.free]
    prices = [estimate(model.at(d), size_in, size_out, when) for d in paid]
    return min(prices) if prices else estimate(model, size_in, size_out, when)


def _allowed(settings: Settings, deployments: Iterable[DeploymentSpec]) -> list[DeploymentSpec]:
    regions = settings.routing.allowed_regions
    if regions is None:
        return list(deployments)
    return [d for d in deployments if d.region in regions]
