"""``modelrouter demo``: the gateway on loopback over simulated providers, a mixed workload,
an outage half way, then decisions and costs (see ``modelrouter.demo``)."""

from __future__ import annotations

import secrets
import sys
import time
from pathlib import Path
from typing import Any, TextIO

import click
import orjson
from sqlalchemy import Engine, func, select

from modelrouter.cli.common import settings_for
from modelrouter.cli.progress import Progress
from modelrouter.config.schema import Settings
from modelrouter.demo.loop import (
    LOOP_CONCURRENCY,
    Degrade,
    loop_settings,
    loop_summary,
    loop_text,
)
from modelrouter.demo.report import chart, summarise, text
from modelrouter.demo.run import Sent, serve_and_drive, workload
from modelrouter.errors import MissingExtra
from modelrouter.extras import require
from modelrouter.router import Router
from modelrouter.server import logs
from modelrouter.store.db import connect
from modelrouter.store.feedback import read_feedback
from modelrouter.store.judge_queue import JUDGE_API, JUDGE_METRIC
from modelrouter.store.ledger import read_attempts, read_requests
from modelrouter.store.tables import requests as requests_table


@click.command()
@click.option(
    "--outage",
    default="moonshot",
    show_default=True,
    help="Provider taken down half way through and brought back at three quarters.",
)
@click.option(
    "--concurrency",
    type=click.IntRange(1, 64),
    help="Requests in flight [default: 8; 2 with --loop, so the judge keeps up and the "
    "second half lasts long enough for the traffic to move].",
)
@click.option("--limit", type=click.IntRange(min=1), help="Send only the first N prompts.")
@click.option(
    "--chart",
    "chart_path",
    default="modelrouter-demo.png",
    show_default=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="Where to write the PNG.",
)
@click.option(
    "--ledger",
    "ledger_path",
    default="modelrouter-demo.db",
    show_default=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="SQLite ledger of the run (replaced each run; the report is read from it).",
)
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")
@click.option(
    "--loop",
    is_flag=True,
    help="Show the quality closed loop instead of the outage: adaptive policy and judge on, "
    "one model's answers turn bad half way, its traffic moves off it.",
)
@click.option(
    "--ui",
    is_flag=True,
    help="After the run, keep the gateway up and print the dashboard's URL and a one-time "
    "login link (Ctrl-C stops it).",
)
@click.pass_context
def demo(
    ctx: click.Context,
    outage: str,
    concurrency: int | None,
    limit: int | None,
    chart_path: Path,
    ledger_path: Path,
    as_json: bool,
    loop: bool,
    ui: bool,
) -> None:
    """Run a mixed workload through the real gateway on simulated providers and report."""
    settings = settings_for(ctx, sim=True)
    if loop:
        settings = loop_settings(settings)
    concurrency = concurrency or (LOOP_CONCURRENCY if loop else 8)
    if outage not in settings.providers:
        raise click.BadParameter(f"unknown provider {outage!r}", param_hint="--outage")
    rows = workload()[:limit]

    def say(message: str) -> None:
        click.echo(message, err=as_json)

    say(f"sending {len(rows)} prompts through the gateway (simulated providers, real prices)")
    started = time.perf_counter()
    ledger_path.unlink(missing_ok=True)
    engine = connect(f"sqlite:///{ledger_path.resolve()}")
    shown = Progress()
    out = sys.stderr if as_json else sys.stdout
    notice = lambda m: shown.say(f"  {m}", to=out)  # noqa: E731 - one line, used twice
    degrade = Degrade(len(rows), settings.judge.model, notice) if loop else None
    admin_key = secrets.token_urlsafe(24) if ui else None

    def report(sent: list[Sent], router: Router) -> None:
        _report(sent, router, engine, settings, ledger_path, chart_path, started, degrade, as_json)

    def keep_serving(sent: list[Sent], router: Router, url: str, app: Any) -> None:
        _settled(engine, len(sent))
        click.echo("", err=as_json)
        report(sent, router)
        _stay(url, app, out)

    with logs.quieted(), shown.stage("requests", len(rows), line=False) as step:
        sent, router = serve_and_drive(
            settings,
            rows,
            engine=engine,
            outage=None if loop else outage,
            concurrency=concurrency,
            progress=step,
            say=notice,
            hook=degrade,
            admin_key=admin_key,
            after=keep_serving if ui else None,
        )
    if not ui:
        report(sent, router)


def _report(
    sent: list[Sent],
    router: Router,
    engine: Engine,
    settings: Settings,
    ledger_path: Path,
    chart_path: Path,
    started: float,
    degrade: Degrade | None,
    as_json: bool,
) -> None:
    """Print the demo's report (text or JSON) and write its chart."""
    everything = read_requests(engine)
    requests = [row for row in everything if row["api"] != JUDGE_API]
    summary = summarise(sent, requests, read_attempts(engine), settings, router.executor.clock())
    summary["ledger"] = str(ledger_path)
    summary["seconds"] = round(time.perf_counter() - started, 2)
    try:
        require("plots")
    except MissingExtra as exc:  # the chart is a by-product: the report stands without it
        click.echo(f"chart skipped: {exc.message}", err=as_json)
    else:
        chart(summary, chart_path)
        summary["chart"] = str(chart_path)
    if degrade is not None and degrade.model is not None:
        judged = [row for row in everything if row["api"] == JUDGE_API]
        scores = {
            row["request_id"]: row["value"]
            for row in read_feedback(engine)
            if row["metric"] == JUDGE_METRIC
        }
        summary["loop"] = loop_summary(sent, degrade.half, degrade.model, judged, scores)
    if as_json:
        click.echo(orjson.dumps(summary, option=orjson.OPT_INDENT_2))
        return
    if "loop" in summary:
        click.echo(f"\n{loop_text(summary['loop'])}")
    click.echo(
        f"\n{text(summary)}\nchart: {summary.get('chart', 'none')}; ledger: {ledger_path} "
        f"({summary['seconds']}s)"
    )


def _settled(engine: Engine, count: int, timeout: float = 10.0) -> None:
    """Wait (a little) until the ledger holds the run's ``count`` requests."""
    deadline = time.monotonic() + timeout
    query = select(func.count()).select_from(requests_table)
    query = query.where(requests_table.c.api != JUDGE_API)
    while time.monotonic() < deadline:
        with engine.connect() as conn:
            if (conn.scalar(query) or 0) >= count:
                return
        time.sleep(0.1)


def _stay(url: str, app: Any, out: TextIO) -> None:
    """Keep the gateway up for the dashboard until Ctrl-C; print its URL and a link."""
    sessions = app.state.dashboard.sessions
    click.echo(
        f"\ndashboard: {url}/ui/\n"
        f"one-time login link (valid 10 minutes): {url}/ui/login?token={sessions.link()}\n"
        "the gateway stays up on the demo's ledger; Ctrl-C stops it",
        file=out,
    )
    try:
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        click.echo("stopped", file=out)
