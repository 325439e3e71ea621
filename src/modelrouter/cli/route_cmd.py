"""``modelrouter route`` (the decision, no call) and ``modelrouter chat`` (call and answer)."""

from __future__ import annotations

import asyncio
import os
import sys
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
from modelrouter.pricing import estimate
from modelrouter.router import Router, build_request
from modelrouter.tokens import estimate_request
from modelrouter.trace import Trace
from modelrouter.types import ChatRequest

model_option = click.option(
    "--model", default="auto", show_default=True, help="auto, route:<task>, a model id or alias."
)
allow_option = click.option(
    "--allow", help="Comma-separated providers the request may go to (data compliance)."
)


def _allowed(allow: str | None) -> list[str] | None:
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
        choice, plan = router.decide(request, budget=budget, allowed_providers=_allowed(allow))
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


@click.command()
@click.argument("prompt", required=False)
@task_option
@budget_option
@model_option
@allow_option
@sim_option
@click.option("--max-tokens", type=int, help="Cap on the answer's tokens.")
@click.option("--stream", is_flag=True, help="Print the answer as it streams.")
@json_option
@click.pass_context
def chat(
    ctx: click.Context,
    prompt: str | None,
    task: str | None,
    budget: BudgetMode | None,
    model: str,
    allow: str | None,
    sim: bool,
    max_tokens: int | None,
    stream: bool,
    as_json: bool,
) -> None:
    """Send PROMPT through the router; print the answer, the decision and the cost."""
    text = read_prompt(prompt)
    router = Router(settings_for(ctx, sim=sim), env=os.environ)
    request = build_request(text, task=task, stream=stream, model=model, max_tokens=max_tokens)
    with reported_errors():
        trace = asyncio.run(_chat(router, request, budget, _allowed(allow), as_json))
    if as_json:
        return
    if sim:
        click.echo("(answer simulated: no real model was called)", err=True)
    click.echo(_summary(trace), err=True)


async def _chat(
    router: Router,
    request: ChatRequest,
    budget: BudgetMode | None,
    allowed: list[str] | None,
    as_json: bool,
) -> Trace:
    try:
        if request.stream and not as_json:
            answer = await router.stream(request, budget=budget, allowed_providers=allowed)
            async for chunk in answer:
                for choice in chunk.choices:
                    sys.stdout.write(choice.delta.content or "")
                    sys.stdout.flush()
            sys.stdout.write("\n")
            return answer.trace
        result = await router.complete(request, budget=budget, allowed_providers=allowed)
    finally:
        await router.aclose()
    if as_json:
        payload = {"response": result.response.model_dump(), "trace": result.trace.to_dict()}
        click.echo(orjson.dumps(payload, option=orjson.OPT_INDENT_2))
    else:
        click.echo(result.response.text or _tool_calls(result.response.model_dump()))
    return result.trace


def _tool_calls(response: dict[str, object]) -> str:
    return orjson.dumps(response["choices"], option=orjson.OPT_INDENT_2).decode()


def _summary(trace: Trace) -> str:
    attempts = ", ".join(
        f"{a.model} {a.outcome}{f' ({a.error})' if a.error else ''}" for a in trace.attempts
    )
    return (
        f"task={trace.task} ({trace.confidence:.2f}) model={trace.model} outcome={trace.outcome} "
        f"cost=${trace.cost_usd:.6f} latency={trace.latency_ms:.0f}ms attempts: {attempts}"
    )
