"""``modelrouter report``, ``estimate`` and ``advise``: the usage ledger read back, and the
catalog projected over a task mix (figures in ``modelrouter.reports``). Edges only:
options, which database, the clock, output."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable
from dataclasses import asdict
from pathlib import Path
from typing import Any, TypeVar

import click
import orjson
from sqlalchemy import Engine

from modelrouter.cli.common import budget_option, priced_settings, reported_errors
from modelrouter.config.schema import BudgetMode, Settings
from modelrouter.extras import require
from modelrouter.reports.advise import advise as advise_over
from modelrouter.reports.estimate import parse_mix, parse_tokens, project
from modelrouter.reports.feedback import (
    FeedbackStat,
    feedback_text,
    judge_summary,
    judge_text,
    load_feedback,
    summarise,
)
from modelrouter.reports.ledger_report import GROUPINGS, GroupBy, build_report
from modelrouter.reports.plot import plot_report
from modelrouter.reports.prose import advice_text, projection_text
from modelrouter.reports.render import report_csv, report_json, report_text
from modelrouter.reports.source import LedgerRows, Period, load
from modelrouter.store.db import connect, default_url, describe
from modelrouter.store.keys import KeyStore

F = TypeVar("F", bound=Callable[..., Any])
ARTICLE_MIX = "simple=0.4,long_context=0.3,code=0.3"
PRICING_HOUR = dt.time(12)  # outside the peak windows of the default catalog


def parse_moment(text: str, *, end: bool = False) -> dt.datetime:
    """A date (``2026-11-01``) or a date and time (``2026-11-01T14:00``, UTC unless it has
    an offset) as an aware datetime. As an ``end``, a date alone means the end of that day."""
    try:
        day = dt.date.fromisoformat(text.strip())
    except ValueError:
        day = None
    if day is not None:
        start = dt.datetime.combine(day, dt.time(), tzinfo=dt.UTC)
        return start + dt.timedelta(days=1) if end else start
    try:
        moment = dt.datetime.fromisoformat(text.strip())
    except ValueError:
        raise click.BadParameter(
            f"{text!r} is not a date (2026-11-01) or a date and time "
            f"(2026-11-01T14:00, UTC unless an offset like +02:00 is given)"
        ) from None
    return moment.replace(tzinfo=dt.UTC) if moment.tzinfo is None else moment


def _start(_ctx: click.Context, _param: click.Parameter, value: str | None) -> dt.datetime | None:
    return None if value is None else parse_moment(value)


def _end(_ctx: click.Context, _param: click.Parameter, value: str | None) -> dt.datetime | None:
    return None if value is None else parse_moment(value, end=True)


def ledger_options(command: F) -> F:
    """``--db``, ``--since``, ``--until`` and ``--key``."""
    options = [
        click.option(
            "--db",
            help="Ledger database: a SQLAlchemy URL or a SQLite file path "
            "(default: storage.url from the config, else MODELROUTER_DB, else the data dir).",
        ),
        click.option(
            "--since", metavar="DATE", callback=_start, help="First moment included (UTC)."
        ),
        click.option(
            "--until",
            metavar="DATE",
            callback=_end,
            help="End, excluded; a date alone includes that whole day.",
        ),
        click.option("--key", "key", help="Only requests made with this caller key (id or name)."),
    ]
    for option in reversed(options):
        command = option(command)
    return command


def ledger_url(db: str | None, settings: Settings) -> str:
    """The database to read: ``--db``, else ``storage.url``, else the default location."""
    if db:
        return db if "://" in db else f"sqlite:///{Path(db).expanduser().resolve()}"
    return settings.storage.url or default_url(os.environ)


def key_id_of(engine: Engine, key: str | None) -> str | None:
    """``--key``: a key id, or the name of one (names are unique among active keys; a name
    several revoked keys had is refused, naming their ids)."""
    if key is None:
        return None
    names = KeyStore(engine).names()
    if key in names:
        return key
    ids = sorted(i for i, name in names.items() if name == key)
    if len(ids) > 1:
        raise click.BadParameter(
            f"several keys are named {key!r}: {', '.join(ids)}", param_hint="--key"
        )
    return ids[0] if ids else key


def read_ledger(
    url: str, period: Period, key: str | None, feedback: list[FeedbackStat] | None = None
) -> LedgerRows:
    """The ledger's rows for the selection (and, into ``feedback``, their ratings); a
    SQLite file that is not there is an error (rather than an empty report from a
    database created on the spot)."""
    if period.since and period.until and period.since >= period.until:
        raise click.BadParameter("--since must be before --until", param_hint="--since")
    path = url.removeprefix("sqlite:///") if url.startswith("sqlite:///") else None
    if path and path != ":memory:" and not Path(path).is_file():
        raise click.ClickException(
            f"no ledger at {path}: the gateway (modelrouter serve) records one, "
            f"or pass --db FILE_OR_URL"
        )
    with reported_errors():
        engine = connect(url)
    try:
        rows = load(engine, period, key_id_of(engine, key))
        if feedback is not None:
            feedback += summarise(rows.requests, load_feedback(engine, rows.requests))
        return rows
    finally:
        engine.dispose()


@click.command()
@ledger_options
@click.option("--by", type=click.Choice(GROUPINGS), help="Also show each group (days in UTC).")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "json", "csv"]),
    default="table",
    show_default=True,
    help="json: one object; csv: one row per group.",
)
@click.option(
    "--plot",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Also write a PNG: cost per group, routed vs single-model totals.",
)
@click.pass_context
def report(
    ctx: click.Context,
    db: str | None,
    since: dt.datetime | None,
    until: dt.datetime | None,
    key: str | None,
    by: GroupBy | None,
    fmt: str,
    plot: Path | None,
) -> None:
    """Usage, cost and savings from the ledger, against every single catalog model."""
    if plot is not None:
        require("plots")
    settings = priced_settings(ctx)
    url = ledger_url(db, settings)
    period = Period(since, until)
    ratings: list[FeedbackStat] = []
    rows = read_ledger(url, period, key, ratings)
    result = build_report(rows.requests, rows.attempts, settings, by=by, period=period, key=key)
    if fmt == "json":
        data = orjson.loads(report_json(result, describe(url)))
        data["feedback"] = [asdict(s) for s in ratings]
        data["judge"] = judge_summary(rows.judge)
        click.echo(orjson.dumps(data, option=orjson.OPT_INDENT_2))
    elif fmt == "csv":
        click.echo(report_csv(result), nl=False)
    else:
        click.echo(report_text(result, describe(url)))
        click.echo("\n" + feedback_text(ratings))
        click.echo("\n" + judge_text(judge_summary(rows.judge)))
    if plot is not None:
        plot_report(result, plot)
        click.echo(f"chart: {plot}", err=fmt != "table")


@click.command()
@click.option(
    "--tasks",
    "count",
    type=click.IntRange(min=1),
    default=10_000,
    show_default=True,
    help="Tasks per month.",
)
@click.option(
    "--mix",
    default=ARTICLE_MIX,
    show_default=True,
    help="Share of each task type, TASK=SHARE,... summing to 1.",
)
@click.option("--tokens", help="Tokens per request, overriding the defaults: TASK=IN:OUT,...")
@budget_option
@click.option(
    "--at", metavar="DATE", callback=_start, help="Price at this date (default: today), 12:00 UTC."
)
@click.option(
    "--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True
)
@click.pass_context
def estimate(
    ctx: click.Context,
    count: int,
    mix: str,
    tokens: str | None,
    budget: BudgetMode | None,
    at: dt.datetime | None,
    fmt: str,
) -> None:
    """Project a month of a task mix: routed vs every task sent to one model."""
    settings = priced_settings(ctx)
    known = frozenset(settings.tasks)
    try:
        shares = parse_mix(mix, known)
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="--mix") from None
    try:
        sizes = parse_tokens(tokens or "", known)
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="--tokens") from None
    day = (at or dt.datetime.now(dt.UTC)).date()
    when = dt.datetime.combine(day, PRICING_HOUR, tzinfo=dt.UTC)
    with reported_errors():
        projection = project(settings, shares, count, tokens=sizes, budget=budget, when=when)
    if fmt == "json":
        click.echo(orjson.dumps(asdict(projection), option=orjson.OPT_INDENT_2))
    else:
        click.echo(projection_text(projection))


@click.command()
@ledger_options
@click.option(
    "--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True
)
@click.pass_context
def advise(
    ctx: click.Context,
    db: str | None,
    since: dt.datetime | None,
    until: dt.datetime | None,
    key: str | None,
    fmt: str,
) -> None:
    """Plain-language advice from the ledger: spend rate, whether routing pays, cheaper models."""
    settings = priced_settings(ctx)
    period = Period(since, until)
    rows = read_ledger(ledger_url(db, settings), period, key)
    advice = advise_over(rows.requests, rows.attempts, settings, period)
    if fmt == "json":
        click.echo(orjson.dumps(asdict(advice), option=orjson.OPT_INDENT_2))
    else:
        click.echo(advice_text(advice))
