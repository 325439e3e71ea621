"""The projection and the advice for a terminal. Formatting only: the figures come from
``estimate.project`` and ``advise.advise``."""

from __future__ import annotations

from modelrouter.reports.advise import Advice, RouteCost, Swap
from modelrouter.reports.estimate import Projection
from modelrouter.reports.free_use import FreeUse
from modelrouter.reports.render import moment, pct, table, usd, wrapped


def projection_text(projection: Projection) -> str:
    """A month of the mix, routed and on each single model, like the article's table."""
    p = projection
    free = bool(p.free_tiers)
    rows = [
        [
            x.task,
            f"{x.share:.0%}",
            f"{x.tasks:,.0f}",
            f"{x.input_tokens:,}",
            f"{x.output_tokens:,}",
            x.model,
            *([f"{x.free_share:.0%}"] if free else []),
            usd(x.unit_usd, 5),
            usd(x.monthly_usd),
        ]
        for x in p.lines
    ]
    total = ["routed", "100%", f"{p.tasks_per_month:,}", "", "", "", *([""] if free else [])]
    rows.append([*total, "", usd(p.routed_usd)])
    headers = ["task", "share", "tasks", "in tokens", "out tokens", "routed to"]
    headers += [*(["free"] if free else []), "per task", "per month"]
    approaches = [
        [
            f"all {s.model}",
            usd(s.monthly_usd),
            pct(s.routed_share),
            f"window too small for {', '.join(s.too_small_for)}" if s.too_small_for else "",
        ]
        for s in p.single_models
    ]
    if free:
        name = f"multi-model routing ({p.budget}), no free deployment"
        approaches.append([name, usd(p.routed_without_free_usd), "", ""])
    approaches.append([f"multi-model routing ({p.budget})", usd(p.routed_usd), "", ""])
    return "\n".join(
        [
            f"a month of {p.tasks_per_month:,} tasks, budget mode {p.budget}",
            "",
            *table(headers, rows, align="lrrrrl" + "r" * (3 if free else 2)),
            *_free_tiers_text(p),
            "",
            *table(["approach", "per month", "routed costs", ""], approaches, align="lrrl"),
            "",
            "assumptions:",
            *(line for a in p.assumptions for line in wrapped(f"- {a}", "  ", "    ")),
        ]
    )


def _free_tiers_text(p: Projection) -> list[str]:
    """One line per free deployment: its quota over the month against the demand."""
    lines = []
    for t in p.free_tiers:
        quota = (
            "no quota"
            if t.monthly_requests is None
            else f"{t.requests_per_day:,} requests a day, {t.monthly_requests:,.0f} a month"
        )
        tags = f" [{', '.join(t.tags)}]" if t.tags else ""
        text = (
            f"free deployment {t.deployment}{tags}: {quota}; answers {t.covered_share:.1%} "
            f"of the {t.demand:,.0f} tasks routed to {t.model}"
        )
        lines += wrapped(text, "", "  ")
    return ["", *lines] if lines else []


def advice_text(advice: Advice) -> str:
    """The advice in plain language."""
    a = advice
    if a.verdict == "no_data":
        return "The ledger has no requests for this selection: nothing to advise on yet."
    counted = "counted as 1 day" if a.days <= 1 else f"{a.days:.1f} days"
    lines = wrapped(
        f"From {moment(a.first)} to {moment(a.last)} ({counted}): {a.requests:,} "
        f"requests cost {usd(a.spend_usd, 4)}. At that rate you spend about "
        f"{usd(a.monthly_usd)} a month."
    )
    lines += ["", *wrapped(_pays(a)), "", "Routes that cost the most:"]
    lines += _routes(a.costly_routes)
    lines += ["", "Cheaper models that could take each task type:"]
    lines += [line for s in a.swaps for line in wrapped(_swap(s), "  ", "    ")]
    if a.free_deployments:
        lines += ["", "Free deployments:"]
        lines += [line for f in a.free_deployments for line in wrapped(_free(f), "  ", "    ")]
    lines += [
        "",
        *wrapped(
            "Cheaper means: the recorded answers re-priced on that model with the same token "
            "counts; could take it means catalog strength at least the task's min_strength "
            "and a context window that fits. Answer quality is not measured here: compare "
            "answers on your own prompts before switching. The economy budget mode "
            "(routing.budget: economy) picks the cheapest adequate model per request."
        ),
    ]
    return "\n".join(lines)


def _free(f: FreeUse) -> str:
    """One free deployment's use, and what to do when its quota runs out."""
    answered = (
        f"{f.deployment} answered {f.answered:,} requests, worth {usd(f.list_price_usd, 4)} "
        f"at list price (about {usd(f.monthly_saving_usd)} a month saved)"
    )
    if f.requests_per_day is None:
        return f"{answered}; it has no daily quota."
    quota = f"its quota of {f.requests_per_day:,} a day"
    if not f.days_spent:
        return f"{answered}; {quota} was never used up ({f.days_used} days used)."
    return (
        f"{answered}; {quota} ran out on {f.days_spent} of {f.days_used} days, after which "
        f"the model's paid deployments answered: a larger quota, or another free "
        f"deployment of the model, would take more."
    )


def _pays(a: Advice) -> str:
    saving = [
        f"{usd(cost - a.monthly_usd)} a month against all {model} ({usd(cost)} a month)"
        for model, cost in a.single_model_monthly_usd.items()
    ]
    measured = f"Measured here, routing saves about {' and '.join(saving)}." if saving else ""
    if a.verdict == "does_not_pay":
        return (
            f"Routing does not pay at this spend: under about $50 a month the savings are "
            f"negligible (rule of thumb). {measured} Weigh that against maintaining routing "
            f"rules, several provider accounts and their keys; one good model may be simpler."
        )
    if a.verdict == "may_pay":
        return (
            f"Routing may pay at this spend (about $50 to $200 a month): it does when the "
            f"traffic mixes task types and most of it can go to cheaper models. {measured}"
        )
    return f"Routing pays at this spend (over about $200 a month). {measured}"


def _routes(routes: list[RouteCost]) -> list[str]:
    rows = [
        [
            f"{r.task} -> {r.model}",
            f"{r.requests:,} requests",
            usd(r.cost_usd, 4),
            f"{r.share:.0%} of spend",
            f"~{usd(r.monthly_usd)} a month",
        ]
        for r in routes
    ]
    return table(["", "", "", "", ""], rows, indent="  ")[1:] if rows else ["  (none)"]


def _swap(s: Swap) -> str:
    answered = ", ".join(s.current)
    if s.model is None:
        return (
            f"{s.task} (answered by {answered}): already on the cheapest model strong "
            f"enough for it (min_strength {s.min_strength})."
        )
    return (
        f"{s.task} (answered by {answered}): {s.model} (strength {s.strength} >= "
        f"{s.min_strength}) would have cost {usd(s.model_usd, 4)} instead of "
        f"{usd(s.current_usd, 4)} ({s.saving_share:.0%} less), about "
        f"{usd(s.monthly_saving_usd)} a month saved; to switch, set "
        f"tasks.{s.task}.route.primary: {s.model}."
    )
