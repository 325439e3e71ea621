"""``modelrouter serve``: the gateway on uvicorn, one or several worker processes."""

from __future__ import annotations

import os
import tempfile

import click
import uvicorn

from modelrouter.cli.common import config_path, reported_errors, settings_for, sim_option
from modelrouter.server import logs


@click.command()
@click.option("--host", help="Address to listen on (default: gateway.host, 127.0.0.1).")
@click.option("--port", type=int, help="Port (default: gateway.port, 8080).")
@click.option("--workers", type=int, help="Worker processes (default: gateway.workers, 1).")
@click.option(
    "--log-level",
    default="info",
    show_default=True,
    type=click.Choice(["debug", "info", "warning", "error"]),
)
@sim_option
@click.pass_context
def serve(
    ctx: click.Context,
    host: str | None,
    port: int | None,
    workers: int | None,
    log_level: str,
    sim: bool,
) -> None:
    """Run the gateway: OpenAI (/v1/chat/completions) and Anthropic (/v1/messages) APIs."""
    settings = settings_for(ctx, sim=sim)
    host = host or settings.gateway.host
    port = port if port is not None else settings.gateway.port
    workers = workers or settings.gateway.workers
    logs.configure(log_level)
    # SIGTERM: stop accepting, let requests and streams in flight finish (up to the grace
    # period, then cancel them: each is still recorded), then flush the ledger (lifespan).
    grace = settings.gateway.shutdown_grace_s
    if workers == 1:
        from modelrouter.server.app import build  # noqa: PLC0415 - server stack only when serving

        with reported_errors():
            app = build(settings, os.environ)
        uvicorn.run(
            app,
            host=host,
            port=port,
            log_level="warning",
            access_log=False,
            timeout_graceful_shutdown=grace,
        )
        return
    path = config_path(ctx)
    os.environ["MODELROUTER_CONFIG"] = str(path.resolve()) if path else ""
    os.environ["MODELROUTER_SIM"] = "1" if sim else ""
    os.environ["MODELROUTER_LOG_LEVEL"] = log_level
    os.environ.setdefault("PROMETHEUS_MULTIPROC_DIR", tempfile.mkdtemp(prefix="modelrouter-"))
    uvicorn.run(
        "modelrouter.server.app:from_environment",
        factory=True,
        host=host,
        port=port,
        workers=workers,
        log_level="warning",
        access_log=False,
        timeout_graceful_shutdown=grace,
    )
