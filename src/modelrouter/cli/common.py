"""What every command shares: the root group, settings loading, error reporting, input."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

import click

from modelrouter.config.loader import load_settings
from modelrouter.config.schema import Settings
from modelrouter.errors import ConfigError, ModelRouterError, NoCandidates
from modelrouter.extras import missing_extra

F = TypeVar("F", bound=Callable[..., Any])
DEFAULT_CONFIG = Path("modelrouter.yaml")


@click.group()
@click.option(
    "--config",
    "config_path",
    type=click.Path(dir_okay=False, path_type=Path),
    envvar="MODELROUTER_CONFIG",
    help="YAML file merged over the built-in defaults (default: ./modelrouter.yaml if present).",
)
@click.version_option(package_name="modelrouter")
@click.pass_context
def main_group(ctx: click.Context, config_path: Path | None) -> None:
    """modelrouter: send each LLM request to the model with the best price-performance."""
    ctx.obj = {"config": config_path}


def _remember_config(ctx: click.Context, _param: click.Parameter, value: Path | None) -> None:
    """A subcommand's ``--config`` wins over the one given before it."""
    if value is not None:
        root = ctx.find_root()
        root.obj = {**(root.obj or {}), "config": value}


def accept_config_everywhere(command: click.Command) -> None:
    """Give ``command`` (and every subcommand of a group) its own ``--config`` option, so
    ``modelrouter serve --config FILE`` works as well as ``modelrouter --config FILE serve``."""
    if not any(param.name == "config_everywhere" for param in command.params):
        command.params.append(
            click.Option(
                ["--config", "config_everywhere"],
                type=click.Path(dir_okay=False, path_type=Path),
                expose_value=False,
                callback=_remember_config,
                help="YAML file merged over the built-in defaults (also accepted before the "
                "command; default: ./modelrouter.yaml if present).",
            )
        )
    if isinstance(command, click.Group):
        for sub in command.commands.values():
            accept_config_everywhere(sub)


def config_path(ctx: click.Context) -> Path | None:
    """The configuration file this invocation uses, if any."""
    chosen: Path | None = (ctx.find_root().obj or {}).get("config")
    if chosen is None and DEFAULT_CONFIG.is_file():
        return DEFAULT_CONFIG
    return chosen


def settings_for(ctx: click.Context, *, sim: bool = False) -> Settings:
    """The effective settings; with ``sim`` the simulator serves every provider."""
    with reported_errors():
        settings = load_settings(config_path(ctx), os.environ)
    if sim:
        settings = settings.model_copy(
            update={"sim": settings.sim.model_copy(update={"enabled": True})}
        )
    return settings


def priced_settings(ctx: click.Context) -> Settings:
    """The settings with the catalog at current prices (configured price sources applied)."""
    from modelrouter.router import Router  # noqa: PLC0415 - the engine only when pricing

    settings = settings_for(ctx)
    if not settings.pricing.sources:
        return settings
    with reported_errors():
        book = Router(settings_for(ctx, sim=True), env=os.environ).prices
    return settings.model_copy(update={"models": dict(book.models)})


@contextmanager
def reported_errors() -> Iterator[None]:
    """Turn project errors into a one-line message and an exit status (2: config, 1: other)."""
    try:
        yield
    except ModuleNotFoundError as exc:
        missing = missing_extra(exc)
        if missing is None:
            raise
        click.echo(f"error: {missing.message}", err=True)
        raise SystemExit(2) from None
    except ConfigError as exc:
        click.echo(f"error: {exc.message}", err=True)
        raise SystemExit(2) from None
    except NoCandidates as exc:
        hint = "\n(no API keys here? add --sim to use the simulated providers)"
        click.echo(f"error: {exc.message}{hint if 'no API key' in exc.message else ''}", err=True)
        raise SystemExit(1) from None
    except ModelRouterError as exc:
        click.echo(f"error: {exc.message}", err=True)
        raise SystemExit(1) from None


def read_prompt(prompt: str | None) -> str:
    """The prompt argument, or stdin when it is ``-`` or missing and stdin is piped."""
    if prompt == "-" or (prompt is None and not sys.stdin.isatty()):
        return sys.stdin.read()
    if prompt is None:
        raise click.UsageError("give a prompt, or '-' to read it from stdin")
    return prompt


sim_option = click.option(
    "--sim", is_flag=True, help="Serve every provider from the built-in simulator (no keys)."
)
budget_option = click.option(
    "--budget",
    type=click.Choice(["normal", "economy", "quality"]),
    help="Budget mode (default: routing.budget from the config).",
)
task_option = click.option("--task", help="Force a task type instead of detecting it.")
json_option = click.option("--json", "as_json", is_flag=True, help="Print JSON.")
