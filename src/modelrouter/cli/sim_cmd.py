"""``modelrouter sim``: the simulated provider as a local HTTP server."""

from __future__ import annotations

import click

from modelrouter.cli.common import settings_for


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8900, show_default=True, type=int)
@click.pass_context
def sim(ctx: click.Context, host: str, port: int) -> None:
    """Serve every catalog model over the OpenAI and Anthropic wire formats, simulated.

    OpenAI-format clients use base URL http://HOST:PORT/v1, Anthropic clients
    http://HOST:PORT. Faults are set per model under `sim:` in the config.
    """
    from modelrouter.sim import serve  # noqa: PLC0415 - loads the server only when asked

    settings = settings_for(ctx)
    click.echo(f"simulated provider on http://{host}:{port} (answers are simulated)", err=True)
    serve(settings, host=host, port=port)
