"""Projections: what a month of a task mix costs routed, and sent to each single model.

Each task type is priced on the model the router would try FIRST for it (the real
planner, ``Router.decide``, on a request forced to ``route:<task>`` whose prompt has the
assumed input size, with every provider available), at the list price in force at
``when`` of its cheapest paid deployment, with no cache; the share of its tasks that the
model's free deployments answer within their daily quotas costs nothing
(``free_tiers.py``). Token sizes per task type are assumptions: ``DEFAULT_INPUT_TOKENS``
below and each task's ``typical_output_tokens``, overridable per task.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from modelrouter.config.schema import BudgetMode, Settings
from modelrouter.pricing import estimate
from modelrouter.reports.free_tiers import DAYS_PER_MONTH, FreeTier, covered, free_tiers, paid_unit
from modelrouter.router import Router
from modelrouter.tokens import PER_MESSAGE
from modelrouter.types import ChatRequest, Message

# Input tokens of a typical request per built-in task type (prompt, system prompt and
# conversation so far). Editorial assumptions, shown with every projection.
DEFAULT_INPUT_TOKENS = {
    "simple": 300,  # a question or a sentence to translate
    "code": 2_000,  # a question with a function or two of context
    "long_context": 60_000,  # a pasted report, contract or transcript (~45k words)
    "reasoning": 1_500,  # a problem statement with its data
    "creative": 400,  # a brief
    "data_analysis": 6_000,  # a table or a few hundred CSV rows
}
OTHER_INPUT_TOKENS = 1_000  # a task type added in the configuration
SHARE_TOLERANCE = 0.001


@dataclass(frozen=True, slots=True)
class TaskLine:
    """One task type of the mix: its volume, sizes, routed model and cost."""

    task: str
    share: float
    tasks: float
    input_tokens: int
    output_tokens: int
    model: str
    unit_usd: float
    monthly_usd: float
    free_share: float = 0.0  # of its tasks, answered by free deployments within their quota


@dataclass(frozen=True, slots=True)
class SingleModel:
    """Every task of the mix sent to one model."""

    model: str
    monthly_usd: float
    routed_share: float | None
    too_small_for: list[str]


@dataclass(frozen=True, slots=True)
class Projection:
    """A month of the mix, routed and on each single model, with its assumptions."""

    tasks_per_month: int
    budget: BudgetMode
    priced_at: str
    lines: list[TaskLine]
    routed_usd: float
    single_models: list[SingleModel]
    assumptions: list[str]
    free_tiers: list[FreeTier]
    routed_without_free_usd: float


def parse_mix(text: str, known: set[str] | frozenset[str]) -> dict[str, float]:
    """``task=share,...`` as a mapping; shares must name known tasks and sum to 1."""
    mix: dict[str, float] = {}
    for part in (p.strip() for p in text.split(",")):
        if not part:
            continue
        task, sep, value = (s.strip() for s in part.partition("="))
        if not sep or not task:
            raise ValueError(f"expected task=share, got {part!r}")
        _check_task(task, known)
        if task in mix:
            raise ValueError(f"{task} is given twice")
        try:
            share = float(value)
        except ValueError:
            raise ValueError(f"{task}: share {value!r} is not a number") from None
        if not 0 <= share <= 1:
            raise ValueError(f"{task}: share {share:g} is not between 0 and 1")
        mix[task] = share
    if not mix:
        raise ValueError("give at least one task=share")
    total = sum(mix.values())
    if abs(total - 1) > SHARE_TOLERANCE:
        raise ValueError(f"shares sum to {total:g}, not 1")
    return mix


def parse_tokens(text: str, known: set[str] | frozenset[str]) -> dict[str, tuple[int, int]]:
    """``task=IN:OUT,...`` as a mapping of (input, output) tokens per task."""
    sizes: dict[str, tuple[int, int]] = {}
    for part in (p.strip() for p in text.split(",")):
        if not part:
            continue
        task, _, value = (s.strip() for s in part.partition("="))
        _check_task(task, known)
        given, colon, output = value.partition(":")
        try:
            pair = (int(given.replace("_", "")), int(output.replace("_", "")))
        except ValueError:
            pair = (0, 0)
        if not colon or min(pair) < 1:
            raise ValueError(f"{task}: expected IN:OUT positive token counts, got {value!r}")
        sizes[task] = pair
    return sizes


def _check_task(task: str, known: set[str] | frozenset[str]) -> None:
    if task not in known:
        raise ValueError(f"unknown task {task!r}; tasks: {', '.join(sorted(known))}")


def sizes_for(settings: Settings, task: str, given: dict[str, tuple[int, int]]) -> tuple[int, int]:
    """Assumed (input, output) tokens of one ``task`` request."""
    if task in given:
        return given[task]
    output = settings.tasks[task].typical_output_tokens
    return DEFAULT_INPUT_TOKENS.get(task, OTHER_INPUT_TOKENS), output


def project(
    settings: Settings,
    mix: dict[str, float],
    tasks_per_month: int,
    *,
    tokens: dict[str, tuple[int, int]] | None = None,
    budget: BudgetMode | None = None,
    when: dt.datetime,
) -> Projection:
    """The monthly cost of ``mix`` routed, and sent to every single model."""
    given = tokens or {}
    mode: BudgetMode = budget or settings.routing.budget
    planner = _planner(settings, when)
    routed: list[tuple[str, float, int, int, str]] = []
    demand: dict[str, float] = {}
    for task, share in mix.items():
        size_in, size_out = sizes_for(settings, task, given)
        model = first_choice(planner, task, size_in, size_out, mode)
        routed.append((task, share, size_in, size_out, model))
        demand[model] = demand.get(model, 0.0) + tasks_per_month * share
    tiers = free_tiers(settings, demand)
    lines = []
    for task, share, size_in, size_out, model in routed:
        unit = paid_unit(settings, model, size_in, size_out, when)
        count, free = tasks_per_month * share, covered(tiers, model)
        monthly = unit * count * (1 - free)
        line = TaskLine(task, share, count, size_in, size_out, model, unit, monthly, free)
        lines.append(line)
    total = sum(line.monthly_usd for line in lines)
    return Projection(
        tasks_per_month=tasks_per_month,
        budget=mode,
        priced_at=when.isoformat(),
        lines=lines,
        routed_usd=total,
        single_models=_single_models(settings, lines, total, when),
        assumptions=assumptions(lines, when) + _free_assumptions(tiers),
        free_tiers=tiers,
        routed_without_free_usd=sum(line.unit_usd * line.tasks for line in lines),
    )


def _free_assumptions(tiers: list[FreeTier]) -> list[str]:
    if not tiers:
        return []
    notes = [
        f"free deployments answer the first requests of each day up to their quota, over a "
        f"{DAYS_PER_MONTH}-day month of evenly spread traffic; past it, the model's cheapest "
        "paid deployment answers (per-minute limits are not modelled)"
    ]
    made_up = [t.deployment for t in tiers if "simulated" in t.tags]
    if made_up:
        notes.append(f"SIMULATED free tier (no published offer): {', '.join(made_up)}")
    return notes


def _single_models(
    settings: Settings, lines: list[TaskLine], routed: float, when: dt.datetime
) -> list[SingleModel]:
    singles = []
    for name, spec in settings.models.items():
        monthly = sum(
            estimate(spec, line.input_tokens, line.output_tokens, when) * line.tasks
            for line in lines
        )
        too_small = [
            line.task
            for line in lines
            if line.input_tokens + line.output_tokens > spec.context_window
        ]
        singles.append(SingleModel(name, monthly, routed / monthly if monthly else None, too_small))
    return sorted(singles, key=lambda s: (-s.monthly_usd, s.model))


def _planner(settings: Settings, when: dt.datetime) -> Router:
    """A router that plans as if every provider were available (the simulator serves them
    all, no keys needed; nothing is called)."""
    simulated = settings.model_copy(
        update={"sim": settings.sim.model_copy(update={"enabled": True})}
    )
    return Router(simulated, clock=lambda: when)


def first_choice(router: Router, task: str, size_in: int, size_out: int, budget: BudgetMode) -> str:
    """The model ``router`` would try first for a ``task`` request of the given sizes."""
    request = ChatRequest(
        model=f"route:{task}",
        messages=[Message(role="user", content=prompt_of(size_in))],
        max_tokens=size_out,
    )
    _, plan = router.decide(request, budget=budget)
    return plan.candidates[0].model


def prompt_of(tokens: int) -> str:
    """A prompt the planner's estimate counts as ``tokens`` tokens (one message)."""
    return "word" * max(tokens - PER_MESSAGE, 1)


def assumptions(lines: list[TaskLine], when: dt.datetime) -> list[str]:
    """The assumptions behind a projection, for people."""
    sizes = ", ".join(f"{x.task} {x.input_tokens:,} in / {x.output_tokens:,} out" for x in lines)
    return [
        f"tokens per request: {sizes}",
        "input defaults are modelrouter's own per-task table (override with --tokens "
        "TASK=IN:OUT); output defaults are each task's typical_output_tokens",
        f"list prices in force at {when.isoformat()}, no prompt caching, no retries",
        "routed: each task type on the model the router tries first for it, with every "
        "provider available (fallbacks and escalations are not priced)",
        "single model: every task on that model regardless of its strength, at its list "
        "price (no free tier); a model whose context window is too small for a task type "
        "is flagged but priced anyway",
    ]
