"""``modelrouter config show|check``."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlsplit, urlunsplit

import click
import yaml

from modelrouter.cli.common import reported_errors, settings_for
from modelrouter.config.loader import load_settings
from modelrouter.config.storage import redact

MASK = "***"


@click.group()
def config() -> None:
    """Show or check configuration."""


@config.command()
@click.pass_context
def show(ctx: click.Context) -> None:
    """Print the effective configuration (defaults + your file), secrets masked."""
    settings = settings_for(ctx)
    data = masked(settings.model_dump(mode="json", by_alias=True))
    click.echo(yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100), nl=False)


def masked(data: dict[str, Any]) -> dict[str, Any]:
    """The dumped settings with everything that can carry a secret masked: API keys (by
    their type), every provider header value (Azure's ``api-key``, ``Authorization``),
    and the passwords and query values of every URL (storage, providers, price sources)."""
    for provider in data["providers"].values():
        provider["headers"] = dict.fromkeys(provider.get("headers") or {}, MASK)
        provider["base_url"] = masked_url(provider["base_url"])
    for source in data["pricing"]["sources"]:
        if source.get("url"):
            source["url"] = masked_url(source["url"])
    storage = data["storage"]
    for field in ("url", "redis_url"):
        if storage.get(field):
            storage[field] = masked_url(storage[field])
    return data


def masked_url(url: str) -> str:
    """``url`` with its password and the values of its query masked (keys ride in both)."""
    parts = urlsplit(redact(url))
    if not parts.query:
        return parts.geturl()
    query = "&".join(f"{name}={MASK}" for name, _ in parse_qsl(parts.query, True))
    return urlunsplit(parts._replace(query=query))


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
