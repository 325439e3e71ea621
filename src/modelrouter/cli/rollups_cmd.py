"""``modelrouter rollups backfill``: (re)compute the dashboard's rollups from the ledger."""

from __future__ import annotations

import time

import click
from sqlalchemy.exc import SQLAlchemyError

from modelrouter.cli.common import reported_errors, settings_for
from modelrouter.cli.loop_cmd import db_option
from modelrouter.cli.report_cmd import ledger_url
from modelrouter.reports.baselines import pricer
from modelrouter.store import rollups
from modelrouter.store.db import connect, describe


@click.group(name="rollups")
def rollups_group() -> None:
    """The dashboard's rollup tables (kept by the ledger writer as it writes)."""


@rollups_group.command()
@db_option
@click.pass_context
def backfill(ctx: click.Context, db: str | None) -> None:
    """Recompute the rollups from every ledger row (after upgrading an existing ledger).

    Run it with no gateway writing to the ledger: it replaces the rollups in one
    transaction. Baseline costs use the catalog prices of the configuration."""
    settings = settings_for(ctx)
    url = ledger_url(db, settings)
    started = time.perf_counter()
    with reported_errors():
        engine = connect(url)
    try:
        count = rollups.rebuild(engine, pricer(lambda: settings))
    except SQLAlchemyError as exc:  # nothing was changed: the rebuild is one transaction
        first = str(exc).splitlines()[0]
        raise click.ClickException(f"rollups not rebuilt ({describe(url)}): {first}") from None
    seconds = time.perf_counter() - started
    click.echo(f"rollups rebuilt from {count} requests in {seconds:.2f} s ({describe(url)})")
