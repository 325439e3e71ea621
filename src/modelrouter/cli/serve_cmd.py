"""``modelrouter serve``: the gateway on uvicorn, one or several worker processes."""

from __future__ import annotations

import errno
import logging
import os
import socket
import tempfile
from typing import Any

import click
import uvicorn
from uvicorn.supervisors import Multiprocess

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
    """Run the gateway: OpenAI (/v1/chat/completions, /v1/responses), Anthropic (/v1/messages)."""
    settings = settings_for(ctx, sim=sim)
    host = host or settings.gateway.host
    port = port if port is not None else settings.gateway.port
    workers = workers or settings.gateway.workers
    logs.configure(log_level)
    # SIGTERM: stop accepting, let requests and streams in flight finish (up to the grace
    # period, then cancel them: each is still recorded), then flush the ledger (lifespan).
    options: dict[str, Any] = {
        "host": host,
        "port": port,
        "log_level": "warning",
        "access_log": False,
        "timeout_graceful_shutdown": settings.gateway.shutdown_grace_s,
        "http": "modelrouter.server.connections:GuardedHttpTools",  # gateway.limits
    }
    ops = settings.gateway.operations
    listen = ops.address() if ops.access == "listen" else None
    if listen is not None and listen[1] == port:
        raise click.UsageError("gateway.operations.listen: must be another port than --port")
    if workers == 1:
        from modelrouter.server.app import build  # noqa: PLC0415 - server stack only when serving

        with reported_errors():
            app = build(settings, os.environ)
        _run(uvicorn.Config(app, **options), listen)
        return
    path = config_path(ctx)
    os.environ["MODELROUTER_CONFIG"] = str(path.resolve()) if path else ""
    os.environ["MODELROUTER_SIM"] = "1" if sim else ""
    os.environ["MODELROUTER_LOG_LEVEL"] = log_level
    os.environ.setdefault("PROMETHEUS_MULTIPROC_DIR", tempfile.mkdtemp(prefix="modelrouter-"))
    app_factory = "modelrouter.server.app:from_environment"
    _run(uvicorn.Config(app_factory, factory=True, workers=workers, **options), listen)


def _run(config: uvicorn.Config, listen: tuple[str, int] | None) -> None:
    """``uvicorn.run``, also listening on the operations address when there is one.

    Both addresses are bound before anything starts: a port in use is one error line
    and exit status 1, and ``gateway ready`` (logged at start-up) follows a good bind."""
    sockets = [_bind(config.host, config.port, "gateway")]
    if listen is not None:
        sockets.append(_bind(*listen, "gateway.operations.listen"))
    logs.log(logging.INFO, "listening", url=_url(config.host, sockets[0].getsockname()[1]))
    if listen is not None:
        logs.log(logging.INFO, "operations listening", url=_url(listen[0], listen[1]))
    server = uvicorn.Server(config)
    try:
        if config.workers > 1:
            Multiprocess(config, sockets=sockets).run()
        else:
            server.run(sockets=sockets)
    except KeyboardInterrupt:
        pass
    finally:
        for sock in sockets:
            sock.close()
    if config.workers == 1 and not server.started:
        raise SystemExit(3)  # uvicorn's status for a server that did not start


def _bind(host: str, port: int, what: str) -> socket.socket:
    """A listening socket on ``host:port`` that worker processes can inherit; a failure
    is logged as one line (``what`` names the setting) and ends the process (status 1)."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, port))
    except OSError as exc:
        sock.close()
        why = "the address is in use" if exc.errno == errno.EADDRINUSE else exc.strerror or exc
        logs.log(logging.ERROR, f"{what}: cannot listen on {host}:{port}: {why}")
        raise SystemExit(1) from None
    sock.set_inheritable(True)
    return sock


def _url(host: str, port: int) -> str:
    return f"http://[{host}]:{port}" if ":" in host else f"http://{host}:{port}"
