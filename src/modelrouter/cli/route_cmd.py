"""``modelrouter route``: the decision for a prompt, without calling any model."""

from __future__ import annotations

import os
from typing import Any

import click
import orjson

from modelrouter.cli.common import (
    budget_option,
    json_option,
    read_prompt,
    reported_errors,
    settings_for,
    sim_option,
    task_option,
)
from modelrouter.config.schema import BudgetMode
from modelrouter.detect.base import TaskChoice
from modelrouter.policy.base import Plan
from modelrouter.policy.cost_note import CostNote, cost_note
from modelrouter.pricing import estimate
from modelrouter.router import Router, build_request
from modelrouter.tokens import estimate_request
from modelrouter.types import ChatRequest

model_option = click.option(
    "--model", default="auto", show_default=True, help="auto, route:<task>, a model id or alias."
)
allow_option = click.option(
    "--allow", help="Comma-separated providers the request may go to (data compliance)."
)


def allowed(allow: str | None) -> list[str] | None:
    """The ``--allow`` providers as a list (None: any)."""
    return [p.strip() for p in allow.split(",") if p.strip()] if allow else None


@click.command()
@click.argument("prompt", required=False)
@task_option
@budget_option
@model_option
@allow_option
@sim_option
@click.option("--explain", is_flag=True, help="Show every candidate, skipped model and reason.")
@json_option
@click.pass_context
def route(
    ctx: click.Context,
    prompt: str | None,
    task: str | None,
    budget: BudgetMode | None,
    model: str,
    allow: str | None,
    sim: bool,
    explain: bool,
    as_json: bool,
) -> None:
    """Show which task PROMPT is and which models would serve it, without calling any."""
    text = read_prompt(prompt)
    router = Router(settings_for(ctx, sim=sim), env=os.environ)
    with reported_errors():
        request = build_request(text, task=task, stream=False, model=model)
        choice, plan = router.decide(request, budget=budget, allowed_providers=allowed(allow))
    if as_json:
        click.echo(
            orjson.dumps(_decision(router, choice, plan, request), option=orjson.OPT_INDENT_2)
        )
        return
    click.echo(f"task: {choice.task} (confidence {choice.confidence:.2f}: {choice.reason})")
    click.echo(f"plan ({plan.budget}): " + " -> ".join(c.model for c in plan.candidates))
    if explain:
        for row in _decision(router, choice, plan, request)["plan"]:
            click.echo(
                f"  {row['role']:<10} {row['model']:<24} ~${row['estimated_cost_usd']:.5f}  "
                f"{row['reason']}"
            )
        for name, why in plan.skipped.items():
            click.echo(f"  skipped    {name:<24} {why}")
        note = _cost_note(router, choice, plan, request)
        if note is not None:
            click.echo(f"  cost       {note.sentence()}")


def _cost_note(
    router: Router, choice: TaskChoice, plan: Plan, request: ChatRequest
) -> CostNote | None:
    """The plan's first choice against the cheapest adequate usable model."""
    if not plan.candidates:
        return None
    return cost_note(
        router.settings,
        router.prices.models,
        choice.task,
        plan.candidates[0].model,
        estimate_request(request),
        router.executor.clock(),
        unusable=plan.skipped,
    )


def _decision(
    router: Router, choice: TaskChoice, plan: Plan, request: ChatRequest
) -> dict[str, Any]:
    tokens = estimate_request(request)
    output = router.settings.tasks[choice.task].typical_output_tokens
    when = router.executor.clock()
    rows = [
        {
            "model": c.model,
            "role": c.role,
            "reason": c.reason,
            "estimated_cost_usd": estimate(router.prices.model(c.model), tokens, output, when),
        }
        for c in plan.candidates
    ]
    return {
        "task": choice.task,
        "confidence": choice.confidence,
        "reason": choice.reason,
        "budget": plan.budget,
        "prompt_tokens_estimate": tokens,
        "plan": rows,
        "skipped": plan.skipped,
    }
