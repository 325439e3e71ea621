"""The chaos run: the real gateway on loopback in front of a simulated upstream (on
loopback too, in its own process) that injects mixed faults into a share of the calls of
some models and takes one provider fully down for a while; many concurrent clients send
plain and streamed requests through both APIs, a share of them with a key whose small
daily budget runs out during the run, while slowloris connections trickle headers or a
body at the gateway's socket (``slowloris.py``). Every client-visible outcome, every log
line and error body, and the simulator's bill of every call are kept for the audit
(``audit.py``, ``accounts.py``).

This module drives and observes; it must never change how the gateway works.
"""

from __future__ import annotations

import asyncio
import gc
import logging
import os
import random
import secrets
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx2
import orjson

from modelrouter.chaos.clients import Outcome, send
from modelrouter.chaos.slowloris import Attacks, attack
from modelrouter.config.loader import build_settings, default_data, merge
from modelrouter.config.schema import Settings
from modelrouter.demo.run import workload
from modelrouter.router import Router
from modelrouter.server.app import create_app
from modelrouter.server.auth import Authenticator
from modelrouter.server.gateway import Gateway
from modelrouter.server.logs import LOGGER, JsonFormatter
from modelrouter.server.loopback import serving
from modelrouter.store.db import connect
from modelrouter.store.keys import KeyStore
from modelrouter.store.ledger import Ledger

BUDGETED = "chaos-budgeted"  # the key whose daily budget runs out during the run
FAULTS = ["server_error", "rate_limit", "hang", "reset", "malformed", "cut", "slow"]


@dataclass(frozen=True, slots=True)
class ChaosSpec:
    """How hard to shake the gateway."""

    requests: int = 300
    concurrency: int = 16
    fault_rate: float = 0.3
    faulty_models: tuple[str, ...] = ("kimi-k2.6", "claude-opus-4-7", "gpt-5.5", "deepseek-v4-pro")
    down_provider: str = "moonshot"
    down_from: float = 0.3
    down_until: float = 0.6
    stream_share: float = 0.5
    anthropic_share: float = 0.25
    restricted_share: float = 0.2
    restricted_providers: tuple[str, ...] = ("anthropic", "openai")
    faults_on: bool = True
    stream_buffer_s: float = 0.0
    tokens_per_second: float = 4000.0
    hang_up_share: float = 0.15  # of streams: the client closes after 1-8 events or 50-800 ms
    slow_reader_share: float = 0.1  # of streams: the client pauses after each event
    budget_share: float = 0.1  # of requests: sent with the key of a small daily budget
    budget_usd_per_request: float = 0.0006  # its budget: this times the requests it sends
    slowloris: int = 2  # connections at a time trickling headers, as many a body
    slowloris_interval_s: float = 1.0  # one byte this often
    slowloris_timeout_s: float = 2.0  # gateway.limits.header_timeout_s and body_timeout_s
    seed: int = 7

    @property
    def daily_budget_usd(self) -> float:
        """The budgeted key's daily budget: small enough to run out during the run."""
        return self.budget_usd_per_request * max(1.0, self.requests * self.budget_share)


@dataclass
class Secrets:
    """Keys that must never appear in any output."""

    upstream: str = field(default_factory=lambda: f"sk-upstream-{secrets.token_hex(16)}")
    admin: str = field(default_factory=lambda: f"mr-admin-{secrets.token_hex(16)}")
    callers: dict[str, str] = field(default_factory=dict)

    def all(self) -> list[str]:
        return [self.upstream, self.admin, *self.callers.values()]


@dataclass
class Observed:
    """Everything the run saw: outcomes, outputs, resource samples, the simulator's bill."""

    spec: ChaosSpec
    outcomes: list[Outcome]
    sim: dict[str, Any]
    logs: str
    metrics: str
    database: Path
    secrets: Secrets
    restricted_key_id: str
    resources: dict[str, Any]
    seconds: float
    bills: list[dict[str, Any]] = field(default_factory=list)  # the simulator's, per call
    budgeted_key_id: str = ""
    attacks: Attacks = field(default_factory=Attacks)


def sim_config(spec: ChaosSpec) -> dict[str, Any]:
    """The simulator's behaviour: faults on ``faulty_models``, light latency everywhere."""
    faulty = {
        "error_rate": spec.fault_rate if spec.faults_on else 0.0,
        "faults": FAULTS,
        "retry_after": 0.5,
        "hang_seconds": 30,
        "slow_seconds": 1.5,
        "ttft_ms": 50,
        "tokens_per_second": spec.tokens_per_second,
    }
    return {
        "sim": {
            "seed": spec.seed,
            "default": {"ttft_ms": 50, "tokens_per_second": spec.tokens_per_second},
            "models": dict.fromkeys(spec.faulty_models, faulty),
        }
    }


@contextmanager
def _sim_process(spec: ChaosSpec, workdir: Path) -> Iterator[tuple[str, Path]]:
    """The simulator in its own process (``modelrouter sim``), so its work does not share
    the gateway's interpreter; yields its URL and the file its output goes to."""
    config = workdir / "sim.yaml"
    config.write_bytes(orjson.dumps(sim_config(spec)))  # JSON is YAML
    output = workdir / "sim.log"
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = int(sock.getsockname()[1])
    command = [sys.executable, "-m", "modelrouter", "--config", str(config), "sim"]
    with output.open("w") as sink:
        process = subprocess.Popen(
            [*command, "--port", str(port)], stdout=sink, stderr=subprocess.STDOUT
        )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while not _answers(f"{url}/sim/state"):
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"the simulator did not start: {output.read_text()[-2000:]}")
            time.sleep(0.1)
        yield url, output
    finally:
        process.terminate()
        process.wait(timeout=30)


def _answers(url: str) -> bool:
    try:
        return httpx2.get(url, timeout=1).status_code == 200
    except httpx2.TransportError:
        return False


def gateway_settings(sim_url: str, upstream_key: str, spec: ChaosSpec) -> Settings:
    """The gateway's settings: every provider at the simulator, short timeouts."""
    data = default_data()
    providers = {
        name: {
            "base_url": f"{sim_url}/v1" if spec["format"] == "openai" else sim_url,
            "api_key": upstream_key,
            "api_key_env": None,
        }
        for name, spec in data["providers"].items()
    }
    routing = {
        "timeouts": {"connect_s": 1.0, "first_token_s": 1.0, "total_s": 10.0},
        "max_attempts": 6,
        "backoff_base": 0.05,
        "backoff_max": 1.0,
        "deadline_s": 10.0,
        "stream_buffer_s": spec.stream_buffer_s,
    }
    limits = {
        "header_timeout_s": spec.slowloris_timeout_s,
        "body_timeout_s": spec.slowloris_timeout_s,
    }
    budget = {"daily_usd": spec.daily_budget_usd, "soft_share": 1.0}
    return build_settings(
        merge(
            data,
            {
                "providers": providers,
                "routing": routing,
                "gateway": {"limits": limits},
                "budgets": {"keys": {BUDGETED: budget}},
            },
        )
    )


def resources() -> dict[str, Any]:
    """Open file descriptors (sockets among them), live asyncio tasks, threads, RSS."""
    fds = list(Path("/proc/self/fd").iterdir())
    sockets = 0
    for fd in fds:
        try:
            sockets += str(fd.readlink()).startswith("socket:")
        except OSError:
            continue
    tasks = sum(1 for o in gc.get_objects() if isinstance(o, asyncio.Task) and not o.done())
    pages = int(Path("/proc/self/statm").read_text().split()[1])
    return {
        "fds": len(fds),
        "sockets": sockets,
        "tasks": tasks,
        "threads": threading.active_count(),
        "rss_mb": pages * os.sysconf("SC_PAGE_SIZE") / 2**20,
    }


@contextmanager
def _captured_logs(path: Path) -> Iterator[Path]:
    """Every log line of the process, to ``path`` (a file, so the run's own memory
    figures do not include them)."""
    handler = logging.FileHandler(path, encoding="utf-8")
    handler.setFormatter(JsonFormatter())
    root, ours = logging.getLogger(), logging.getLogger(LOGGER)
    level, propagate = ours.level, ours.propagate
    root.addHandler(handler)  # ours reaches it by propagation: each line once
    ours.setLevel(logging.INFO)
    ours.propagate = True
    try:
        yield path
    finally:
        root.removeHandler(handler)
        ours.setLevel(level)
        ours.propagate = propagate
        handler.close()


def run(spec: ChaosSpec, workdir: Path | None = None) -> Observed:
    """Serve the simulator and the gateway on loopback, drive ``spec.requests`` through them,
    stop both (flushing the ledger), and return what was observed."""
    workdir = workdir or Path(tempfile.mkdtemp(prefix="modelrouter-chaos-"))
    keys = Secrets()
    database = workdir / "chaos.db"
    engine = connect(f"sqlite:///{database}")
    store = KeyStore(engine)
    keys.callers["open"], _ = store.create("chaos-open")
    keys.callers["restricted"], restricted = store.create(
        "chaos-restricted", allowed_providers=list(spec.restricted_providers)
    )
    keys.callers["budgeted"], budgeted = store.create(BUDGETED)
    gc.collect()
    initial = resources()
    started = time.monotonic()
    logs = workdir / "gateway.log"
    with _captured_logs(logs), _sim_process(spec, workdir) as (sim_url, sim_log):
        settings = gateway_settings(sim_url, keys.upstream, spec)
        auth = Authenticator(store, keys.admin, require=True, refresh_seconds=60)
        ledger = Ledger(engine, journal_dir=workdir / "journal", interval=0.1)
        gateway = Gateway(Router(settings), auth, settings.gateway, ledger)
        attacks = Attacks()
        with serving(create_app(gateway, engine)) as url:
            outcomes, samples, metrics = asyncio.run(
                _drive(url, sim_url, spec, keys, settings, attacks)
            )
        sim_state = httpx2.get(f"{sim_url}/sim/state", timeout=10).json()
        answer = httpx2.get(f"{sim_url}/sim/bills", timeout=60)
        (workdir / "bills.json").write_bytes(answer.content)  # for a look after the run
        bills = answer.json()["bills"]
    engine.dispose()
    gc.collect()
    samples |= {"initial": initial, "after_stop": resources()}
    return Observed(
        spec=spec,
        outcomes=outcomes,
        sim=sim_state,
        logs=logs.read_text("utf-8") + sim_log.read_text("utf-8"),
        metrics=metrics,
        database=database,
        secrets=keys,
        restricted_key_id=restricted.id,
        resources=samples,
        seconds=time.monotonic() - started,
        bills=bills,
        budgeted_key_id=budgeted.id,
        attacks=attacks,
    )


async def _drive(
    url: str, sim_url: str, spec: ChaosSpec, keys: Secrets, settings: Settings, attacks: Attacks
) -> tuple[list[Outcome], dict[str, Any], str]:
    rows = [r for r in workload() if len(str(r.get("prompt", ""))) < 20_000]
    rng = random.Random(spec.seed)
    down = [m for m, s in settings.models.items() if s.provider == spec.down_provider]
    plan = [_request(i, rows[i % len(rows)], spec, rng) for i in range(spec.requests)]
    queue: asyncio.Queue[dict[str, Any]] = asyncio.Queue()
    for item in plan:
        queue.put_nowait(item)
    outcomes: list[Outcome] = []
    samples: dict[str, Any] = {"rss_mb": []}
    every = max(1, spec.requests // 40)

    async def worker(client: httpx2.AsyncClient) -> None:
        while not queue.empty():
            item = queue.get_nowait()
            key = keys.callers[item["key"]]
            outcomes.append(await send(client, item, key))
            done = len(outcomes)
            if done == int(spec.requests * spec.down_from):
                await _set_down(client, sim_url, down, True)
            elif done == int(spec.requests * spec.down_until):
                await _set_down(client, sim_url, down, False)
            if done % every == 0:
                samples["rss_mb"].append(resources()["rss_mb"])

    limits = httpx2.Limits(max_connections=spec.concurrency)
    async with httpx2.AsyncClient(base_url=url, timeout=60, limits=limits) as client:
        samples["before"] = resources()
        done = asyncio.Event()
        slow = [
            attack(
                url, keys.callers["open"], kind, done, attacks, interval_s=spec.slowloris_interval_s
            )
            for kind in ("headers", "body")
            for _ in range(spec.slowloris)
        ]
        attackers = [asyncio.ensure_future(a) for a in slow]
        await asyncio.gather(*(worker(client) for _ in range(spec.concurrency)))
        done.set()
        await asyncio.gather(*attackers)
        await asyncio.sleep(1.0)  # let the gateway finish its bookkeeping
        samples["after"] = resources()
        answer = await client.get("/metrics", headers={"authorization": f"Bearer {keys.admin}"})
        metrics = answer.text
    return outcomes, samples, metrics


async def _set_down(
    client: httpx2.AsyncClient, sim_url: str, models: list[str], down: bool
) -> None:
    """Take ``models`` down at the simulator, or bring them back, through its admin API."""
    state = (await client.get(f"{sim_url}/sim/state")).json()["models"]
    for model in models:
        spec = {**state[model]["spec"], "down": down}
        answer = await client.post(f"{sim_url}/sim/models/{model}", json=spec)
        answer.raise_for_status()


def _request(
    index: int, row: dict[str, Any], spec: ChaosSpec, rng: random.Random
) -> dict[str, Any]:
    messages = row.get("messages") or [{"role": "user", "content": row["prompt"]}]
    item = {
        "id": f"chaos-{spec.seed}-{index:06d}",
        "messages": messages,
        "stream": rng.random() < spec.stream_share,
        "anthropic": rng.random() < spec.anthropic_share,
        "restricted": rng.random() < spec.restricted_share,
    }
    # its own dice, so the draws above (and earlier runs' workloads) stay as they were
    reading = random.Random(f"{spec.seed}/reader/{index}").random()
    paying = random.Random(f"{spec.seed}/budget/{index}").random()
    item["budgeted"] = not item["restricted"] and paying < spec.budget_share
    item["key"] = "restricted" if item["restricted"] else "budgeted" if item["budgeted"] else "open"
    if item["budgeted"]:  # a hold of the prompt and 1,024 tokens, not a model's whole output
        item["max_tokens"] = 1024
    if item["stream"] and reading < spec.hang_up_share / 2:  # after 1 to 8 content events
        item["hang_up_after"] = 1 + int(reading / spec.hang_up_share * 16)
    elif item["stream"] and reading < spec.hang_up_share:  # after 50 to 800 ms
        item["hang_up_at_s"] = 0.05 + 1.5 * (reading / spec.hang_up_share - 0.5)
    elif item["stream"] and reading < spec.hang_up_share + spec.slow_reader_share:
        item["pause_s"] = 0.005
    return item
