"""``modelrouter config show|check``."""

from __future__ import annotations

import os
from pathlib import Path

import click
import yaml

from modelrouter.cli.common import reported_errors, settings_for
from modelrouter.config.loader import load_settings
from modelrouter.config.storage import redact


@click.group()
def config() -> None:
    """Show or check configuration."""


@config.command()
@click.pass_context
def show(ctx: click.Context) -> None:
    """Print the effective configuration (defaults + your file), secrets masked."""
    settings = settings_for(ctx)
    data = settings.model_dump(mode="json", by_alias=True)
    storage = data["storage"]
    for field in ("url", "redis_url"):
        if storage.get(field):
            storage[field] = redact(storage[field])
    click.echo(yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100), nl=False)


@config.command()
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
def check(file: Path) -> None:
    """Validate FILE merged over the defaults; exit 2 naming the field if it is invalid."""
    with reported_errors():
        settings = load_settings(file, os.environ)
    click.echo(
        f"{file}: valid ({len(settings.providers)} providers, {len(settings.models)} models, "
        f"{len(settings.tasks)} task types)"
    )
