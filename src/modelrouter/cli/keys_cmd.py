"""``modelrouter keys create|list|revoke``: caller keys for the gateway."""

from __future__ import annotations

import os

import click
import orjson

from modelrouter.cli.common import json_option, reported_errors, settings_for
from modelrouter.config.schema import BudgetMode
from modelrouter.store.db import connect, default_url, describe
from modelrouter.store.keys import KeyStore, check_limits


def _store(ctx: click.Context) -> tuple[KeyStore, str]:
    settings = settings_for(ctx)
    url = settings.storage.url or default_url(os.environ)
    with reported_errors():
        return KeyStore(connect(url)), describe(url)


def _split(text: str | None) -> list[str] | None:
    return [p.strip() for p in text.split(",") if p.strip()] if text else None


@click.group()
def keys() -> None:
    """Manage caller keys (stored hashed; the key is shown once, at creation)."""


@keys.command()
@click.argument("name")
@click.option("--providers", help="Comma-separated providers this key may reach.")
@click.option("--models", help="Comma-separated catalog models this key may use.")
@click.option(
    "--budget",
    type=click.Choice(["normal", "economy", "quality"]),
    help="Default budget mode for this key's requests.",
)
@click.option(
    "--rpm-limit",
    "--rpm",
    "rpm_limit",
    type=click.IntRange(min=1),
    help="Requests-per-minute limit (rpm_limit in the admin API; --rpm: deprecated alias).",
)
@click.option(
    "--regions",
    help="Comma-separated regions its requests' deployments may be in (within the global "
    "routing.allowed_regions).",
)
@click.pass_context
def create(
    ctx: click.Context,
    name: str,
    providers: str | None,
    models: str | None,
    budget: BudgetMode | None,
    rpm_limit: int | None,
    regions: str | None,
) -> None:
    """Create a key called NAME and print it (once)."""
    store, where = _store(ctx)
    with reported_errors():
        check_limits(settings_for(ctx), _split(providers), _split(models))
        plaintext, record = store.create(
            name,
            allowed_providers=_split(providers),
            allowed_models=_split(models),
            budget=budget,
            rpm_limit=rpm_limit,
            allowed_regions=_split(regions),
        )
    click.echo(plaintext)
    click.echo(f"key {record.id} ({name}) created in {where}; it is not shown again", err=True)


@keys.command("list")
@json_option
@click.pass_context
def list_keys(ctx: click.Context, as_json: bool) -> None:
    """List keys (never the keys themselves)."""
    store, where = _store(ctx)
    views = [r.view() for r in store.all()]
    if as_json:
        click.echo(orjson.dumps(views, option=orjson.OPT_INDENT_2))
        return
    click.echo(f"keys in {where}:", err=True)
    for v in views:
        state = "revoked" if v["revoked_at"] else "active"
        limits = ", ".join(
            f"{k}={v[k]}"
            for k in (
                "allowed_providers",
                "allowed_models",
                "allowed_regions",
                "budget",
                "rpm_limit",
            )
            if v[k]
        )
        click.echo(f"{v['id']}  {v['prefix']}…  {state:<8} {v['name']}  {limits}")


@keys.command()
@click.argument("key_id")
@click.pass_context
def revoke(ctx: click.Context, key_id: str) -> None:
    """Revoke the key with id KEY_ID (a unique prefix is enough)."""
    store, _ = _store(ctx)
    with reported_errors():
        record = store.revoke(key_id)
    click.echo(f"revoked {record.id} ({record.name})")
