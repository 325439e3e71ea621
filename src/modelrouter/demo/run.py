"""Drive the demo: serve the gateway over the simulator, send the workload over HTTP.

A quarter of the requests use the Anthropic Messages API, the rest the OpenAI API, all
with ``model: auto``; each result is read from the gateway's own answer (headers, usage).
"""

from __future__ import annotations

import asyncio
import gzip
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from importlib import resources
from typing import Any

import httpx2
from sqlalchemy import Engine

from modelrouter.config.schema import Settings
from modelrouter.quality.feed import QualityFeed
from modelrouter.router import Router
from modelrouter.server.app import create_app
from modelrouter.server.auth import Authenticator
from modelrouter.server.gateway import Gateway
from modelrouter.server.loopback import serving
from modelrouter.sim import SimState
from modelrouter.store.keys import KeyStore
from modelrouter.store.ledger import Ledger

HEADER = "x-modelrouter-"
Hook = Callable[[SimState, int, Sequence["Sent | None"]], None]
After = Callable[[list["Sent"], Router, str, Any], None]
ANTHROPIC_EVERY = 4


@dataclass(frozen=True, slots=True)
class Sent:
    """One workload request as the client saw it (the ledger holds the rest)."""

    request_id: str
    label: str
    lang: str
    api: str
    status: int
    task: str
    model: str


def workload() -> list[dict[str, Any]]:
    """The packaged workload: prompts of all six task types in several languages."""
    data = resources.files("modelrouter.demo").joinpath("workload.jsonl.gz").read_bytes()
    return [json.loads(line) for line in gzip.decompress(data).decode().splitlines() if line]


def _messages(row: dict[str, Any]) -> list[dict[str, Any]]:
    return row.get("messages") or [{"role": "user", "content": row["prompt"]}]


async def _send(client: httpx2.AsyncClient, index: int, row: dict[str, Any]) -> Sent:
    anthropic = index % ANTHROPIC_EVERY == 0
    if anthropic:
        body = {"model": "auto", "max_tokens": 2048, "messages": _messages(row)}
        response = await client.post("/v1/messages", json=body)
    else:
        body = {"model": "auto", "messages": _messages(row)}
        response = await client.post("/v1/chat/completions", json=body)
    headers = response.headers
    return Sent(
        request_id=headers.get("x-request-id", ""),
        label=row["label"],
        lang=row.get("lang", ""),
        api="anthropic" if anthropic else "openai",
        status=response.status_code,
        task=headers.get(f"{HEADER}task", ""),
        model=headers.get(f"{HEADER}model", ""),
    )


async def drive(
    url: str,
    rows: list[dict[str, Any]],
    *,
    concurrency: int,
    progress: Callable[[int], None],
    milestone: Callable[[int, Sequence[Sent | None]], None],
) -> list[Sent]:
    """Send every row through the gateway at ``url``; ``milestone(done, sent so far)``
    after each."""
    queue: asyncio.Queue[tuple[int, dict[str, Any]]] = asyncio.Queue()
    for item in enumerate(rows):
        queue.put_nowait(item)
    results: list[Sent | None] = [None] * len(rows)
    done = 0

    async def worker(client: httpx2.AsyncClient) -> None:
        nonlocal done
        while not queue.empty():
            index, row = queue.get_nowait()
            results[index] = await _send(client, index, row)
            done += 1
            progress(1)
            milestone(done, results)

    limits = httpx2.Limits(max_connections=concurrency)
    async with httpx2.AsyncClient(base_url=url, timeout=60, limits=limits) as client:
        await asyncio.gather(*(worker(client) for _ in range(concurrency)))
    return [r for r in results if r is not None]


def serve_and_drive(
    settings: Settings,
    rows: list[dict[str, Any]],
    *,
    engine: Engine,
    outage: str | None,
    concurrency: int,
    progress: Callable[[int], None],
    say: Callable[[str], None],
    hook: Hook | None = None,
    admin_key: str | None = None,
    after: After | None = None,
) -> tuple[list[Sent], Router]:
    """Run the gateway over the simulator with its ledger in ``engine``, send ``rows``,
    take ``outage`` down half way (and back at three quarters), call ``hook`` after each
    answer; the ledger is flushed when this returns. ``after(sent, router, url, app)`` runs
    while the gateway still serves (``demo --ui`` keeps it up there, with ``admin_key``
    and a key store in ``engine``)."""
    feed = None
    if settings.routing.policy == "adaptive":  # estimates from this run's ledger
        feed = QualityFeed(engine.url.render_as_string(), settings, engine=engine)
    router = Router(settings, quality=feed)
    store = KeyStore(engine) if admin_key else None
    # as ``serve`` by default: open while no key exists (the demo's own traffic has none),
    # then keys required, so a key made in the dashboard is that caller's, budget and all
    auth = Authenticator(store, admin_key, require=None, refresh_seconds=60)
    gateway = Gateway(router, auth, settings.gateway, Ledger(engine))
    models = [m for m, spec in settings.models.items() if spec.provider == outage]
    state = router.sim_app.state.sim

    def milestone(done: int, sent: Sequence[Sent | None]) -> None:
        if hook is not None:
            hook(state, done, sent)
        if not models:
            return
        if done == len(rows) // 2:
            state.set_down(models, True)
            say(f"provider {outage} goes down after {done} requests")
        elif done == 3 * len(rows) // 4:
            state.set_down(models, False)
            say(f"provider {outage} is back after {done} requests")

    app = create_app(gateway, engine)
    with serving(app) as url:
        sent = asyncio.run(
            drive(url, rows, concurrency=concurrency, progress=progress, milestone=milestone)
        )
        if after is not None:
            after(sent, router, url, app)
    return sent, router
