"""``modelrouter prices show|diff|update``: the prices in force, and what a source changes."""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import asdict

import click
import orjson

from modelrouter.cli.common import json_option, reported_errors, settings_for
from modelrouter.config.spending import PriceSource
from modelrouter.prices.book import Change, PriceBook
from modelrouter.prices.book import diff as diff_books
from modelrouter.prices.sources import load_overlay
from modelrouter.pricing import price_in_force
from modelrouter.router import Router


def _now(at: str | None) -> dt.datetime:
    if at is None:
        return dt.datetime.now(dt.UTC)
    try:
        moment = dt.datetime.fromisoformat(at)
    except ValueError:
        raise click.BadParameter(f"not an ISO date or time: {at!r}", param_hint="--at") from None
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)


@click.group()
def prices() -> None:
    """Show current prices and the effect of price sources."""


@prices.command()
@click.option("--at", help="Prices in force at this ISO date/time (default: now, UTC).")
@click.option("--model", "only", multiple=True, help="Only these models.")
@json_option
@click.pass_context
def show(ctx: click.Context, at: str | None, only: tuple[str, ...], as_json: bool) -> None:
    """The price of every model in force now (configured sources applied)."""
    when = _now(at)
    with reported_errors():
        router = Router(settings_for(ctx, sim=True), env=os.environ)
    rows = []
    catalog = {**router.prices.models, **router.settings.embeddings}  # embeddings: as built in
    for name, model in catalog.items():
        if only and name not in only:
            continue
        price = price_in_force(model, when)
        rows.append({"model": name, "kind": model.kind, **price.model_dump(mode="json")})
    if as_json:
        click.echo(orjson.dumps(rows, option=orjson.OPT_INDENT_2))
        return
    for note in router.price_notes:
        click.echo(f"source: {note}", err=True)
    click.echo(f"USD per million tokens, in force at {when.isoformat(timespec='minutes')}")
    click.echo(f"{'model':<24} {'input':>8} {'cached':>8} {'output':>8}  effective   source")
    for row in rows:
        cached = "-" if row["cached_input"] is None else f"{row['cached_input']:.4g}"
        click.echo(
            f"{row['model']:<24} {row['input']:>8.4g} {cached:>8} {row['output']:>8.4g}  "
            f"{row['effective']}  {row['source']}"
        )


def _changes(ctx: click.Context, source: PriceSource, when: dt.datetime) -> list[Change]:
    router = Router(settings_for(ctx, sim=True), env=os.environ)
    overlay, _ = load_overlay([source], router.prices.models, router.price_cache, when.date())
    book = PriceBook(router.prices.models)
    return book.apply(overlay, when)


def _print_changes(changes: list[Change], as_json: bool) -> None:
    if as_json:
        click.echo(orjson.dumps([asdict(c) for c in changes], option=orjson.OPT_INDENT_2))
    elif not changes:
        click.echo("no price changes")
    for c in [] if as_json else changes:
        click.echo(f"{c.model:<24} {c.field:<15} {c.before} -> {c.after}")


@prices.command()
@click.argument("source")
@click.option(
    "--format", "fmt", type=click.Choice(["yaml", "litellm"]), default="yaml", show_default=True
)
@json_option
@click.pass_context
def diff(ctx: click.Context, source: str, fmt: str, as_json: bool) -> None:
    """What SOURCE (a file or an http(s) URL) would change in the prices in force now."""
    where = {"url": source} if source.startswith(("http://", "https://")) else {"path": source}
    with reported_errors():
        spec = PriceSource.model_validate({**where, "format": fmt})
        changes = _changes(ctx, spec, dt.datetime.now(dt.UTC))
    _print_changes(changes, as_json)


@prices.command()
@json_option
@click.pass_context
def update(ctx: click.Context, as_json: bool) -> None:
    """Fetch every configured price source now, keep good copies, print what changed."""
    settings = settings_for(ctx, sim=True)
    if not settings.pricing.sources:
        raise click.UsageError("no price sources are configured (pricing.sources)")
    when = dt.datetime.now(dt.UTC)
    with reported_errors():
        base = Router(
            settings.model_copy(
                update={"pricing": settings.pricing.model_copy(update={"sources": []})}
            ),
            env=os.environ,
        )
        fresh = Router(settings, env=os.environ)
    for note in fresh.price_notes:
        click.echo(f"source: {note}", err=True)
    _print_changes(diff_books(base.prices.models, fresh.prices.models, when), as_json)
