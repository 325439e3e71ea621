"""``modelrouter feedback`` and ``modelrouter quality``: the closed loop from the command
line, on the ledger's database (as the admin: this machine holds the database)."""

from __future__ import annotations

import datetime as dt
import os
from typing import Any

import click
import orjson

from modelrouter.cli.common import json_option, reported_errors, settings_for
from modelrouter.cli.report_cmd import ledger_url
from modelrouter.config.schema import Settings
from modelrouter.errors import InvalidRequest
from modelrouter.policy.adaptive import propose
from modelrouter.policy.base import PlanContext
from modelrouter.quality import QualityTable, estimates_json, load_table
from modelrouter.router import Router, build_request
from modelrouter.store.db import connect
from modelrouter.store.feedback import Rater, Rating, give

PROPOSAL_PROMPT_TOKENS = 1000  # a typical request's size, for the prices of a proposal
db_option = click.option(
    "--db", help="Ledger database: a SQLAlchemy URL or a SQLite file path (default: storage.url)."
)


def parse_cli_value(text: str) -> bool | float:
    """``true``/``false`` (also yes/no, up/down) as booleans, anything else as a number."""
    lowered = text.strip().lower()
    if lowered in ("true", "yes", "up", "1"):
        return True if lowered != "1" else 1.0
    if lowered in ("false", "no", "down", "0"):
        return False if lowered != "0" else 0.0
    try:
        return float(lowered)
    except ValueError:
        raise InvalidRequest(f"value: {text!r} is neither true/false nor a number") from None


@click.command()
@click.argument("request_id")
@click.argument("metric")
@click.argument("value")
@click.option("--comment", help="Free text kept with the rating.")
@click.option("--tag", "tags", multiple=True, help="A tag (repeatable).")
@db_option
@json_option
@click.pass_context
def feedback(
    ctx: click.Context,
    request_id: str,
    metric: str,
    value: str,
    comment: str | None,
    tags: tuple[str, ...],
    db: str | None,
    as_json: bool,
) -> None:
    """Rate the answer to REQUEST_ID (its x-request-id) on METRIC with VALUE."""
    settings = settings_for(ctx)
    metrics = dict(settings.feedback.metrics)
    with reported_errors():
        parsed = parse_cli_value(value)
        spec = metrics.get(metric)
        if spec is not None and spec.type == "boolean" and isinstance(parsed, float):
            parsed = {1.0: True, 0.0: False}.get(parsed, parsed)
        if spec is not None and spec.type == "float" and isinstance(parsed, bool):
            parsed = float(parsed)
        engine = connect(ledger_url(db, settings))
        rating = Rating(request_id, metric, parsed, comment, list(tags) or None)
        stored = give(engine, metrics, rating, Rater(None, admin=True), dt.datetime.now(dt.UTC))
    if as_json:
        click.echo(orjson.dumps(stored))
    else:
        verb = "replaced" if stored["replaced"] else "stored"
        click.echo(f"{verb}: {request_id} {metric} = {stored['value']:g}")


@click.command()
@db_option
@json_option
@click.option("--key", "key_id", help="Also show this key's own estimates where it has them.")
@click.option(
    "--propose",
    is_flag=True,
    help="Print the routing table changes the adaptive policy would make, as a diff.",
)
@click.pass_context
def quality(
    ctx: click.Context, db: str | None, as_json: bool, key_id: str | None, propose: bool
) -> None:
    """Estimated quality per task and model: estimate, 90% interval, n, sources."""
    settings = settings_for(ctx)
    now = dt.datetime.now(dt.UTC)
    with reported_errors():
        engine = connect(ledger_url(db, settings))
        table = load_table(engine, settings, now)
    if propose:
        click.echo("\n".join(_proposal(settings, table, now)) or "no change to propose")
        return
    data = estimates_json(table, settings)
    if key_id is not None:
        data["keys"] = [row for row in data["keys"] if row["key_id"] == key_id]
    if as_json:
        click.echo(orjson.dumps(data, option=orjson.OPT_INDENT_2))
        return
    click.echo(quality_text(data["estimates"] + data["keys"]))


def _proposal(settings: Settings, table: QualityTable, now: dt.datetime) -> list[str]:
    """The diff for a typical request of each task, at current prices, with this
    machine's provider keys (``modelrouter.policy.adaptive.propose``)."""
    router = Router(settings, env=os.environ)
    request = build_request(
        [{"role": "user", "content": "typical request"}], task=None, stream=False
    )
    context = PlanContext(
        settings=settings,
        models=router.prices.models,
        budget="normal",
        when=now,
        prompt_tokens=PROPOSAL_PROMPT_TOKENS,
        available_providers=router.available_providers,
    )
    return propose(table, context, request)


def quality_text(rows: list[dict[str, Any]]) -> str:
    """The estimates as a table for a terminal."""
    head = (
        f"{'task':<14} {'model':<28} {'key':<10} {'est.':>6} {'90% interval':>14} {'n':>8}  sources"
    )
    lines = [head]
    for row in rows:
        low, high = row["interval"]
        sources = ", ".join(f"{s} {n:g}" for s, n in row["sources"].items())
        lines.append(
            f"{row['task']!s:<14} {row['model']!s:<28} {row['key_id'] or 'all'!s:<10} "
            f"{row['estimate']:>6.3f} {f'{low:.3f}-{high:.3f}':>14} {row['n']:>8.1f}  "
            f"{sources or 'prior only'} (prior {row['prior']:.3f}: {row['prior_source']})"
        )
    return "\n".join(lines)
