"""``modelrouter demo``: the whole router on this machine with no API keys.

Simulated providers, real catalog prices, a mixed workload (the task types' own example
prompts, several languages), one provider taken down half way and brought back, then the
decision table and the cost against sending everything to each single model.
"""

from __future__ import annotations

import asyncio
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field

import click

from modelrouter.cli.common import reported_errors, settings_for
from modelrouter.pricing import cost
from modelrouter.router import Router
from modelrouter.trace import Trace

OUTAGE_PROVIDER = "moonshot"


@dataclass
class Tally:
    """What the demo observed, per request."""

    traces: list[Trace] = field(default_factory=list)
    errors: int = 0


@click.command()
@click.option("--rounds", default=3, show_default=True, help="Times each example prompt is sent.")
@click.pass_context
def demo(ctx: click.Context, rounds: int) -> None:
    """Run a mixed workload through the router on simulated providers and report."""
    settings = settings_for(ctx, sim=True)
    router = Router(settings)
    prompts = [
        (name, f"{example}" if r == 0 else f"{example} ({r})")
        for r in range(rounds)
        for name, task in settings.tasks.items()
        for example in task.examples
    ]
    click.echo(f"sending {len(prompts)} prompts through the router (simulated answers)...")
    started = time.perf_counter()
    with reported_errors():
        tally = asyncio.run(_run(router, [p for _, p in prompts]))
    elapsed = time.perf_counter() - started
    _report(router, tally, elapsed)


async def _run(router: Router, prompts: list[str]) -> Tally:
    tally = Tally()
    state = router.sim_app.state.sim
    outage = [m for m, s in router.settings.models.items() if s.provider == OUTAGE_PROVIDER]
    try:
        for index, prompt in enumerate(prompts):
            if index == len(prompts) // 2:
                state.set_down(outage, True)
                click.echo(f"  [{index}] provider {OUTAGE_PROVIDER} goes down")
            if index == 3 * len(prompts) // 4:
                state.set_down(outage, False)
                click.echo(f"  [{index}] provider {OUTAGE_PROVIDER} is back")
            result = await router.complete(prompt)
            tally.traces.append(result.trace)
    finally:
        await router.aclose()
    return tally


def _report(router: Router, tally: Tally, elapsed: float) -> None:
    traces = tally.traces
    click.echo(f"\n{len(traces)} requests in {elapsed:.1f}s\n\ndecisions (task -> model share):")
    by_task: dict[str, Counter[str]] = defaultdict(Counter)
    for trace in traces:
        by_task[trace.task][trace.model or "failed"] += 1
    for task, models in sorted(by_task.items()):
        total = sum(models.values())
        shares = ", ".join(f"{m} {n / total:.0%}" for m, n in models.most_common())
        click.echo(f"  {task:<14} {total:>4}  {shares}")
    outcomes = Counter(t.outcome for t in traces)
    click.echo("\noutcomes: " + ", ".join(f"{k} {v}" for k, v in sorted(outcomes.items())))
    routed = sum(t.cost_usd for t in traces)
    click.echo(f"\ncost of this workload: routed ${routed:.4f}, against every request sent to:")
    when = router.executor.clock()
    ranked = sorted(router.settings.models.items(), key=lambda kv: -kv[1].strength)
    for name, model in ranked:
        single = sum(
            cost(model, a.usage, when) for t in traces for a in t.attempts if a.outcome != "error"
        )
        share = f"routed = {routed / single:.0%} of this" if single else ""
        click.echo(f"  {name:<24} ${single:.4f}   {share}")
    click.echo("\n(answers were simulated; prices are the catalog's real prices)")
