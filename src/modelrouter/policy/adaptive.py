"""The adaptive policy: per task, the cheapest model whose estimated quality is within
``routing.adaptive.tolerance`` of the best estimate, priced for this request at current
prices; the routing table supplies the fallbacks.

- Candidates: the catalog's models usable for this request whose strength is at least
  the task's ``min_strength`` (``unusable`` filters keys, allow-lists, circuits, windows,
  capabilities).
- Budget modes: ``quality`` routes by the table (strongest first); ``economy`` widens the
  tolerance to ``economy_tolerance``.
- Exploration: on a conversation's first turn, with probability ``explore_share`` (never
  for keys in ``no_explore_keys``), the estimates are replaced by one Thompson draw from
  each model's Beta posterior and the same rule is applied to the draws.
- A conversation (same task, system prompt and first user message) stays on the model
  its first turn was given; a failed check still escalates within a turn.
- The quality store unreadable: the table routes, a warning is logged.
- Every change of a task's first choice (not an exploration) is logged and written to
  ``routing_events`` with the estimates before and after.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import random
import time
from collections import OrderedDict
from dataclasses import dataclass

from modelrouter.config.schema import Settings
from modelrouter.detect.base import TaskChoice
from modelrouter.errors import QualityStoreUnavailable
from modelrouter.policy.base import Candidate, Plan, PlanContext
from modelrouter.policy.table import TablePolicy, unusable
from modelrouter.pricing import estimate
from modelrouter.quality.estimate import QualityTable
from modelrouter.types import ChatRequest

_log = logging.getLogger("modelrouter.adaptive")


@dataclass(frozen=True, slots=True)
class Pick:
    """The model chosen for a task, its estimate and cost, and the candidates weighed."""

    model: str
    quality: float
    cost: float
    explored: bool
    weighed: dict[str, tuple[float, float, float]]  # model: (estimate, n, est. cost)
    kept: bool = False

    def reason(self, tolerance: float) -> str:
        """Why this model goes first."""
        if self.kept:
            return f"adaptive: the conversation stays on its first model (est. {self.quality:.3f})"
        best = max(q for q, _, _ in self.weighed.values())
        how = "explore (Thompson draw)" if self.explored else "adaptive"
        return (
            f"{how}: est. quality {self.quality:.3f} within {tolerance:g} of best {best:.3f}, "
            f"cheapest at ~${self.cost:.6f}"
        )


def choose(
    task: str,
    models: list[str],
    table: QualityTable,
    context: PlanContext,
    tolerance: float,
    draw: random.Random | None = None,
    incumbent: tuple[str, float] | None = None,
) -> Pick:
    """The cheapest of ``models`` within ``tolerance`` of the best (sampled with ``draw``)."""
    output = context.settings.tasks[task].typical_output_tokens
    key_id = context.key[0] if context.key else None
    weighed: dict[str, tuple[float, float, float]] = {}
    scores: dict[str, float] = {}
    for model in models:
        est = table.get(task, model, key_id)
        cost = estimate(context.model(model), context.prompt_tokens, output, context.when)
        weighed[model] = (est.mean, est.n, cost)
        scores[model] = draw.betavariate(est.alpha, est.beta) if draw else est.mean
    if incumbent is not None and incumbent[0] in scores:
        scores[incumbent[0]] += incumbent[1]  # hysteresis: the last choice keeps a margin
    best = max(scores.values())
    near = [m for m in models if scores[m] >= best - tolerance - 1e-12]
    chosen = min(near, key=lambda m: (weighed[m][2], -scores[m], m))
    return Pick(chosen, weighed[chosen][0], weighed[chosen][2], draw is not None, weighed)


def candidates(request: ChatRequest, task: str, context: PlanContext) -> list[str]:
    """Catalog models that may serve ``request`` and are strong enough for ``task``."""
    floor = context.settings.tasks[task].min_strength
    needs = request.required_capabilities()
    return sorted(
        m
        for m, spec in context.models.items()
        if spec.strength >= floor and unusable(request, m, context, needs) is None
    )


class AdaptivePolicy:
    """Routes each task to the cheapest model whose estimated quality holds."""

    name = "adaptive"

    def __init__(self, settings: Settings) -> None:
        self.spec = settings.routing.adaptive
        self.table = TablePolicy()
        self._random = random.Random(self.spec.seed)
        self._conversations: OrderedDict[str, str] = OrderedDict()
        self._first: dict[tuple[str, str], Pick] = {}

    def plan(self, request: ChatRequest, task: TaskChoice, context: PlanContext) -> Plan:
        """The adaptive pick first, then the table's candidates."""
        table_plan = self.table.plan(request, task, context)
        if context.forced_model is not None or context.budget == "quality":
            return table_plan
        if context.quality is None:
            return table_plan
        try:
            estimates = context.quality.snapshot(context.when, time.monotonic())
        except QualityStoreUnavailable as exc:
            _log.warning("quality store unreadable, routing by the table: %s", exc.message)
            return table_plan
        models = candidates(request, task.task, context)
        if not models:
            return table_plan
        pick = self._pick(request, task.task, models, estimates, context)
        tolerance = self._tolerance(context)
        first = Candidate(pick.model, "primary", pick.reason(tolerance))
        rest = [
            Candidate(c.model, "fallback", c.reason) if c.role == "primary" else c
            for c in table_plan.candidates
            if c.model != pick.model
        ]
        limit = context.settings.routing.max_attempts
        return Plan(table_plan.task, table_plan.budget, (first, *rest)[:limit], table_plan.skipped)

    def _tolerance(self, context: PlanContext) -> float:
        economy = context.budget == "economy"
        return self.spec.economy_tolerance if economy else self.spec.tolerance

    def _pick(
        self,
        request: ChatRequest,
        task: str,
        models: list[str],
        estimates: QualityTable,
        context: PlanContext,
    ) -> Pick:
        tolerance = self._tolerance(context)
        continuing = any(m.role == "assistant" for m in request.messages)
        conversation = _conversation(request, task)
        kept = self._conversations.get(conversation) if continuing else None
        if kept is not None and kept in models:
            self._conversations.move_to_end(conversation)
            single = choose(task, [kept], estimates, context, tolerance)
            return Pick(kept, single.quality, single.cost, False, single.weighed, kept=True)
        key_id = context.key[0] if context.key else None
        tracked = (task, key_id if key_id and estimates.has_own(key_id, task) else "")
        last = self._first.get(tracked)
        held = (last.model, self.spec.hysteresis) if last and self.spec.hysteresis else None
        exploit = choose(task, models, estimates, context, tolerance, incumbent=held)
        self._note_first_choice(tracked, exploit, context)
        pick = exploit
        explore = not continuing and self._may_explore(context)
        if explore and self._random.random() < self.spec.explore_share:
            pick = choose(task, models, estimates, context, tolerance, self._random)
        self._remember(conversation, pick.model)
        return pick

    def _may_explore(self, context: PlanContext) -> bool:
        if context.key is None:
            return True
        return not set(context.key) & set(self.spec.no_explore_keys)

    def _remember(self, conversation: str, model: str) -> None:
        if self.spec.conversations == 0:
            return
        self._conversations[conversation] = model
        while len(self._conversations) > self.spec.conversations:
            self._conversations.popitem(last=False)

    def _note_first_choice(
        self, tracked: tuple[str, str], pick: Pick, context: PlanContext
    ) -> None:
        """Log and record a change of the first choice of a task (for all keys, or for a
        key with estimates of its own), with the estimates before and after. Requests in
        a budget mode other than normal, or with the caller's own limits, do not count."""
        limited = context.allowed_models is not None or context.allowed_providers is not None
        if limited or context.budget != "normal":
            return
        task, key = tracked
        # a key's first estimates of its own start from the choice for all keys
        before = self._first.get(tracked) or self._first.get((task, ""))
        self._first[tracked] = pick
        if before is None or before.model == pick.model:
            return
        detail = {
            "key_id": key or None,
            "before": {m: list(v) for m, v in before.weighed.items()},
            "after": {m: list(v) for m, v in pick.weighed.items()},
            "reason": pick.reason(self._tolerance(context)),
        }
        _log.info(
            "first choice changed: task=%s %s -> %s (%.3f -> %.3f)",
            task,
            before.model,
            pick.model,
            before.quality,
            pick.quality,
        )
        if context.quality is not None:
            context.quality.record_event(
                {
                    "ts": context.when.astimezone(dt.UTC),
                    "kind": "first_choice",
                    "task": task,
                    "before_model": before.model,
                    "after_model": pick.model,
                    "detail": detail,
                }
            )


def _conversation(request: ChatRequest, task: str) -> str:
    """A conversation's identity: its task, system prompt and first user message."""
    system = next((m.text() for m in request.messages if m.role in ("system", "developer")), "")
    user = next((m.text() for m in request.messages if m.role == "user"), "")
    return hashlib.sha256(f"{task}\x00{system}\x00{user}".encode()).hexdigest()[:32]


def propose(table: QualityTable, context: PlanContext, request: ChatRequest) -> list[str]:
    """The routing table changes the adaptive policy would make, as diff lines of the
    YAML (``tasks.<task>.route``) for people who review and apply them by hand."""
    lines: list[str] = []
    settings = context.settings
    for task, spec in settings.tasks.items():
        models = candidates(request, task, context)
        if not models:
            continue
        pick = choose(task, models, table, context, settings.routing.adaptive.tolerance)
        route = spec.route.models()
        if pick.model == route[0]:
            continue
        fallbacks = [m for m in route if m != pick.model]
        mean, n, cost = pick.weighed[pick.model]
        old_mean, old_n, old_cost = pick.weighed.get(route[0], (float("nan"), 0.0, float("nan")))
        lines += [
            f"# {task}: {pick.model} est. {mean:.3f} (n {n:g}, ~${cost:.6f}) against "
            f"{route[0]} est. {old_mean:.3f} (n {old_n:g}, ~${old_cost:.6f})",
            " tasks:",
            f"   {task}:",
            "     route:",
            f"-      primary: {route[0]}",
            f"+      primary: {pick.model}",
            f"-      fallbacks: [{', '.join(spec.route.fallbacks)}]",
            f"+      fallbacks: [{', '.join(fallbacks)}]",
        ]
    return lines
