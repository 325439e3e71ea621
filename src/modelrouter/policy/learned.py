"""The learned policy in the gateway: a router trained by ``modelrouter train`` picks the
model, the routing table supplies the fallbacks and covers what the router cannot judge.

For each request the router predicts every one of its models' chance of doing the prompt
well; each model's cost is estimated from the catalog at current prices for this
request's size. The pick maximises ``p - lambda * cost / unit`` (unit: the estimated
cost of the router's best single model, or of its costliest usable model if that one is
not usable here), among the router's models that are usable for this request. The knob
is ``lambda`` itself, or is read off the out-of-fold train curve stored in the router
file: the best setting within ``max_cost_share`` of the best single model's cost, or the
cheapest reaching ``quality_target`` of its quality.

The table decides alone when the caller named a model, when the budget mode is
``quality``, when none of the router's models can serve the request, and when the pick's
predicted success is below ``min_confidence`` (the prediction is unsure). Otherwise the
pick goes first and the table's candidates follow as fallbacks and escalations.

Loading the router needs numpy and scikit-learn; it happens once, when the policy is built.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np

from modelrouter.config.learned import LearnedSpec
from modelrouter.config.schema import Settings
from modelrouter.detect.base import TaskChoice
from modelrouter.errors import ConfigError
from modelrouter.learn.crossval import Curve, pick_reaching, pick_within_cost
from modelrouter.learn.data import Inputs
from modelrouter.learn.learned import LearnedRouter
from modelrouter.learn.store import load_metadata, load_router
from modelrouter.policy.base import Candidate, Plan, PlanContext
from modelrouter.policy.table import TablePolicy, unusable
from modelrouter.pricing import estimate
from modelrouter.types import ChatRequest

DEFAULT_COST_SHARE = 0.3


class LearnedPolicy:
    """Routes by a trained router's predictions; the routing table backs it up."""

    name = "learned"

    def __init__(self, settings: Settings) -> None:
        spec = settings.routing.learned
        if spec is None:
            raise ConfigError("routing.learned: policy 'learned' needs routing.learned.router")
        self.router: LearnedRouter = load_router(spec.router)
        self.metadata = load_metadata(spec.router)
        self.catalog_ids = _catalog_ids(self.router.models, spec, settings)
        self.knob = resolve_knob(spec, self.metadata)
        self.min_confidence = spec.min_confidence
        best = self.metadata.get("best_single", {}).get("model")
        self.best = self.router.models.index(best) if best in self.router.models else None
        self.table = TablePolicy()

    def plan(self, request: ChatRequest, task: TaskChoice, context: PlanContext) -> Plan:
        """The router's pick first, then the table's candidates; the table alone when the
        router cannot or should not decide."""
        table = self.table.plan(request, task, context)
        if context.forced_model is not None or context.budget == "quality":
            return table
        usable = [
            j
            for j, model_id in enumerate(self.catalog_ids)
            if model_id is not None and unusable(request, model_id, context) is None
        ]
        if not usable:
            return table
        chosen, p, cost = self._pick(request, task.task, context, usable)
        model_id = self.catalog_ids[chosen]
        assert model_id is not None  # usable indices are mapped
        if p < self.min_confidence:
            first, *others = table.candidates
            why = f"{first.reason}; learned pick {model_id} unsure (p={p:.2f})"
            candidates = (Candidate(first.model, first.role, why), *others)
            return Plan(table.task, table.budget, candidates, table.skipped)
        why = f"learned: p={p:.2f}, est. ${cost:.6f}, lambda={self.knob:g}"
        rest = [
            Candidate(c.model, "fallback", c.reason) if c.role == "primary" else c
            for c in table.candidates
            if c.model != model_id
        ]
        limit = context.settings.routing.max_attempts
        candidates = (Candidate(model_id, "primary", why), *rest)[:limit]
        return Plan(table.task, table.budget, candidates, table.skipped)

    def _pick(
        self, request: ChatRequest, task: str, context: PlanContext, usable: list[int]
    ) -> tuple[int, float, float]:
        """The usable model maximising p - knob * cost / unit: (index, p, estimated cost)."""
        text = request.last_user_text() or " "
        # the detected task type is the request's label: a router trained on labels that
        # are task types uses its per-prompt model, others their per-type statistics
        quality, _ = self.router.predict(Inputs(("request",), (task,), (text,), (task,)))
        output = context.settings.tasks[task].typical_output_tokens
        costs = np.array(
            [
                estimate(context.model(m), context.prompt_tokens, output, context.when)
                if m is not None
                else np.inf
                for m in self.catalog_ids
            ]
        )
        unit = costs[self.best] if self.best in usable else max(costs[j] for j in usable)
        utility = quality[0] - self.knob * costs / (unit or 1.0)
        best_utility = max(utility[j] for j in usable)
        tied = [j for j in usable if utility[j] >= best_utility - 1e-9]
        chosen = min(tied, key=lambda j: costs[j])
        return chosen, float(quality[0][chosen]), float(costs[chosen])


def _catalog_ids(
    models: tuple[str, ...], spec: LearnedSpec, settings: Settings
) -> list[str | None]:
    """The catalog id of each router model (None: not in the catalog, never picked)."""
    unknown = set(spec.models) - set(models)
    if unknown:
        raise ConfigError(
            f"routing.learned.models: {sorted(unknown)} are not models of the router "
            f"{spec.router} (its models: {list(models)})"
        )
    ids = [spec.models.get(name, name) for name in models]
    resolved = [m if m in settings.models else None for m in ids]
    if all(m is None for m in resolved):
        raise ConfigError(
            f"routing.learned.models: none of the router's models {list(models)} is in the "
            "catalog; map them to catalog ids (router name: catalog id)"
        )
    return resolved


def resolve_knob(spec: LearnedSpec, metadata: dict[str, Any]) -> float:
    """lambda as configured, or the setting chosen on the router's stored train curve."""
    if spec.lambda_ is not None:
        return spec.lambda_
    try:
        raw = metadata["train_oof_curve"]
        curve = Curve(*(np.asarray(raw[k], dtype=np.float64) for k in ("knobs", "quality", "cost")))
        best = metadata["best_single"]
        best_quality, best_cost = float(best["train_quality"]), float(best["train_cost"])
    except (KeyError, TypeError, ValueError) as exc:
        raise ConfigError(f"{spec.router}: router file has no train curve ({exc!r})") from exc
    if spec.quality_target is not None:
        index = pick_reaching(curve, spec.quality_target * best_quality)
        wanted = f"quality_target {spec.quality_target}"
    else:
        share = spec.max_cost_share or DEFAULT_COST_SHARE
        index = pick_within_cost(curve, share * best_cost)
        wanted = f"max_cost_share {share}"
    if index is None:
        raise ConfigError(
            f"routing.learned: no setting of the router {Path(spec.router).name} meets "
            f"{wanted} on its training data; relax it or set lambda"
        )
    return _plateau_middle(curve, index)


def _plateau_middle(curve: Curve, index: int) -> float:
    """The middle of the run of neighbouring settings with the same train point as
    ``index``: the chosen setting least likely to tip over on prompts unlike train's."""
    same = (curve.quality == curve.quality[index]) & (curve.cost == curve.cost[index])
    low = high = index
    while low > 0 and same[low - 1]:
        low -= 1
    while high + 1 < len(same) and same[high + 1]:
        high += 1
    return float(curve.knobs[(low + high) // 2])
