"""``modelrouter judge status`` and ``modelrouter judge run``: the sampled judge's queue,
spend and scores, and draining the queue from the command line (the gateway drains it
in the background when ``judge.enabled``)."""

from __future__ import annotations

import asyncio
import datetime as dt
import os
from typing import Any

import click
import orjson

from modelrouter.cli.common import json_option, reported_errors, settings_for, sim_option
from modelrouter.cli.loop_cmd import db_option
from modelrouter.cli.report_cmd import ledger_url
from modelrouter.config.schema import Settings
from modelrouter.errors import ConfigError
from modelrouter.quality.judge import judge_status
from modelrouter.quality.judge_worker import JudgeWorker
from modelrouter.router import Router
from modelrouter.store.db import connect
from modelrouter.store.ledger import Ledger


@click.group()
def judge() -> None:
    """The sampled LLM judge: its queue, spend and scores."""


@judge.command()
@db_option
@json_option
@click.pass_context
def status(ctx: click.Context, db: str | None, as_json: bool) -> None:
    """Queued answers, judge calls and spend (today, against the cap), scores per model."""
    settings = settings_for(ctx)
    with reported_errors():
        engine = connect(ledger_url(db, settings))
        data = judge_status(engine, settings, dt.datetime.now(dt.UTC))
    if as_json:
        click.echo(orjson.dumps(data, option=orjson.OPT_INDENT_2))
        return
    click.echo(status_text(data))


def status_text(data: dict[str, Any]) -> str:
    """``judge status`` for a terminal."""
    state = "on" if data["enabled"] else "off"
    lines = [
        f"judge: {state}, model {data['model'] or '-'}, share {data['share']:g}"
        + "".join(f", {t} {s:g}" for t, s in data["shares"].items()),
        f"queued: {data['queued']}; judge calls: {data['judge_calls']} "
        f"(${data['judge_cost_usd']:.6f})",
        f"today: ${data['spent_today_usd']:.6f} of ${data['daily_cap_usd']:g}"
        + (" (cap reached: paused until 00:00 UTC)" if data["paused"] else ""),
    ]
    if data["scores"]:
        lines.append("scores (answering model: judged, mean):")
        lines += [
            f"  {s['model'] or '?':<28} {s['judged']:>6}  {s['mean_score']:.3f}"
            for s in data["scores"]
        ]
    return "\n".join(lines)


@judge.command()
@db_option
@sim_option
@json_option
@click.pass_context
def run(ctx: click.Context, db: str | None, sim: bool, as_json: bool) -> None:
    """Judge every queued answer now (within today's cap), then exit."""
    settings = settings_for(ctx, sim=sim)
    with reported_errors():
        if settings.judge.model is None:
            raise ConfigError("judge.model: name the catalog model that judges")
        engine = connect(ledger_url(db, settings))
        judged = asyncio.run(_drain(settings, engine))
        data = judge_status(engine, settings, dt.datetime.now(dt.UTC))
    data["judged_now"] = judged
    if as_json:
        click.echo(orjson.dumps(data, option=orjson.OPT_INDENT_2))
        return
    click.echo(f"judged {judged} answers\n{status_text(data)}")


async def _drain(settings: Settings, engine: Any) -> int:
    router = Router(settings, env=os.environ)
    try:
        return await JudgeWorker(router, engine, Ledger(engine)).drain()
    finally:
        await router.aclose()
