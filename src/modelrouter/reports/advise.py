"""Advice from the ledger: the monthly spend rate, whether routing pays at that spend, the
routes that cost the most, and for each task type a cheaper catalog model that could take it.

Spend is extrapolated linearly from the covered period (see ``source.span_days``; at
least one day, so a ten-minute trial is not multiplied by four thousand). "Cheaper"
re-prices the task's recorded answers on the other model with the same token counts;
"could take it" means catalog strength at least the task's ``min_strength`` and a context
window that holds the largest answered request of that task. Answer quality is not
measured here. Free deployments (``free_use.py``) are reported with what their answers
would have cost at the model's list price, and the days their daily quota ran out.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from typing import Literal

from modelrouter.config.schema import Settings
from modelrouter.reports.free_use import FreeUse, free_use
from modelrouter.reports.ledger_report import build_report, reference_models
from modelrouter.reports.source import DAYS_PER_MONTH, Period, answers, reprice, span_days
from modelrouter.store.ledger import Row

# The rule of thumb: under about $50 a month the savings of routing are negligible; past
# about $200 a month routing clearly pays.
PAYS_FROM_USD = 50.0
CLEARLY_PAYS_USD = 200.0
TOP_ROUTES = 5

Verdict = Literal["no_data", "does_not_pay", "may_pay", "pays"]


@dataclass(frozen=True, slots=True)
class RouteCost:
    """What one route (task -> answering model) cost."""

    task: str
    model: str
    requests: int
    cost_usd: float
    monthly_usd: float
    share: float


@dataclass(frozen=True, slots=True)
class Swap:
    """A cheaper adequate model for one task type, from the recorded token counts."""

    task: str
    current: list[str]
    requests: int
    current_usd: float
    model: str | None
    model_usd: float
    strength: int
    min_strength: int
    monthly_saving_usd: float
    saving_share: float


@dataclass(frozen=True, slots=True)
class Advice:
    """Everything ``advise`` says, as data."""

    first: str | None
    last: str | None
    days: float
    requests: int
    spend_usd: float
    monthly_usd: float
    verdict: Verdict
    single_model_monthly_usd: dict[str, float]
    costly_routes: list[RouteCost]
    swaps: list[Swap]
    free_deployments: list[FreeUse]


def advise(
    requests: list[Row], attempts: list[Row], settings: Settings, period: Period | None = None
) -> Advice:
    """Advice over ``requests`` (time order) and their ``attempts``."""
    period = period or Period()
    start, end, days = span_days(requests, period)
    factor = DAYS_PER_MONTH / days
    total = build_report(requests, attempts, settings).total
    monthly = total.cost_usd * factor
    return Advice(
        first=start.isoformat() if start else None,
        last=end.isoformat() if end else None,
        days=days,
        requests=len(requests),
        spend_usd=total.cost_usd,
        monthly_usd=monthly,
        verdict=verdict(monthly, bool(requests)),
        single_model_monthly_usd={
            m: total.single_model_usd[m] * factor for m in reference_models(settings)
        },
        costly_routes=costly_routes(requests, factor),
        swaps=swaps(requests, attempts, settings, factor),
        free_deployments=free_use(requests, attempts, settings, factor),
    )


def verdict(monthly_usd: float, any_traffic: bool = True) -> Verdict:
    """Whether routing pays at ``monthly_usd``, by the rule of thumb."""
    if not any_traffic:
        return "no_data"
    if monthly_usd < PAYS_FROM_USD:
        return "does_not_pay"
    return "may_pay" if monthly_usd < CLEARLY_PAYS_USD else "pays"


def costly_routes(requests: list[Row], factor: float, top: int = TOP_ROUTES) -> list[RouteCost]:
    """The ``top`` routes by recorded cost (every attempt of their requests)."""
    spent: dict[tuple[str, str], float] = defaultdict(float)
    counts: Counter[tuple[str, str]] = Counter()
    for row in requests:
        if row["model"]:
            route = (str(row["task"]), str(row["model"]))
            spent[route] += row["cost_usd"]
            counts[route] += 1
    everything = sum(row["cost_usd"] for row in requests)
    ranked = sorted(spent.items(), key=lambda kv: (-kv[1], kv[0]))[:top]
    return [
        RouteCost(task, model, counts[task, model], usd, usd * factor, usd / everything)
        for (task, model), usd in ranked
        if everything
    ]


def swaps(
    requests: list[Row], attempts: list[Row], settings: Settings, factor: float
) -> list[Swap]:
    """For each task type answered, the cheapest adequate catalog model and its saving."""
    answer_of = answers(requests, attempts)
    by_task: dict[str, list[tuple[Row, Row]]] = defaultdict(list)
    for row in requests:
        if row["id"] in answer_of and row["task"] in settings.tasks:
            by_task[row["task"]].append((row, answer_of[row["id"]]))
    found = [_swap(task, pairs, settings, factor) for task, pairs in sorted(by_task.items())]
    return sorted(found, key=lambda s: (-s.monthly_saving_usd, s.task))


def _swap(task: str, pairs: list[tuple[Row, Row]], settings: Settings, factor: float) -> Swap:
    need = settings.tasks[task].min_strength
    largest = max(a["prompt_tokens"] + a["completion_tokens"] for _, a in pairs)
    current = sum(a["cost_usd"] for _, a in pairs)
    used = [m for m, _ in Counter(a["model"] for _, a in pairs).most_common()]
    priced = {
        name: sum(reprice(settings, name, answer, row["ts"]) for row, answer in pairs)
        for name, spec in settings.models.items()
        if spec.strength >= need and spec.context_window >= largest
    }
    best = min(priced, key=lambda m: (priced[m], m), default=None)
    if best is None or best in used[:1] or priced[best] >= current:
        return Swap(task, used, len(pairs), current, None, current, 0, need, 0.0, 0.0)
    return Swap(
        task=task,
        current=used,
        requests=len(pairs),
        current_usd=current,
        model=best,
        model_usd=priced[best],
        strength=settings.models[best].strength,
        min_strength=need,
        monthly_saving_usd=(current - priced[best]) * factor,
        saving_share=1 - priced[best] / current if current else 0.0,
    )
