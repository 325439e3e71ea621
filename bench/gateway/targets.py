"""The servers under test: the fake upstream, modelrouter, LiteLLM's proxy.

Each target is started in its own process (pinned with taskset), answers on loopback,
and is stopped after its round. modelrouter runs with every feature on: a caller key
(auth), the routing table, SQLite ledger, metrics, logs at ``warning`` (a request line
per request is logged at ``info``; see docs/benchmarks.md).
"""

from __future__ import annotations

import os
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

import orjson

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
LITELLM_VENV = ROOT / ".bench-venvs" / "litellm"
TASKS = ("code", "long_context", "reasoning", "simple", "creative", "data_analysis")
PROMPT = [
    {"role": "system", "content": "You are a helpful assistant. Answer briefly."},
    {
        "role": "user",
        "content": "Translate into French: 'Good morning! I hope you slept well and that "
        "you have a lovely day at the seaside with your family.'",
    },
]


def free_port() -> int:
    """A free TCP port on loopback."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def body(model: str, *, stream: bool, api: str = "chat") -> bytes:
    """A chat-completions body for ``model``; with ``api`` "responses" (or
    "responses-store") the same prompt as a Responses body, not stored (or stored)."""
    data: dict[str, object] = {"model": model, "messages": PROMPT, "max_tokens": 64}
    if api.startswith("responses"):
        data = {
            "model": model,
            "instructions": PROMPT[0]["content"],
            "input": [{"type": "message", "role": "user", "content": PROMPT[1]["content"]}],
            "max_output_tokens": 64,
            "store": api == "responses-store",
        }
    if stream:
        data["stream"] = True
    return orjson.dumps(data)


@dataclass
class Running:
    """A started server: its process, URL and the headers callers send."""

    name: str
    process: subprocess.Popen[bytes] | None
    url: str
    model: str
    headers: dict[str, str] = field(default_factory=dict)
    api: str = "chat"  # chat | responses | responses-store | responses-native (see ``body``)

    @property
    def pid(self) -> int | None:
        """The server's process id (None for a target that is not a process of ours)."""
        return self.process.pid if self.process else None

    def stop(self) -> None:
        """Stop the server (SIGINT, then SIGKILL)."""
        if self.process is None or self.process.poll() is not None:
            return
        self.process.send_signal(signal.SIGINT)
        try:
            self.process.wait(15)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


def wait_ready(url: str, process: subprocess.Popen[bytes], timeout: float = 120.0) -> None:
    """Poll ``url`` until it answers 2xx; fail if the process dies or time runs out."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"server exited with {process.returncode} before it was ready")
        try:
            with urllib.request.urlopen(url, timeout=2) as answer:
                if answer.status < 300:
                    return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"server not ready at {url} after {timeout:.0f}s")


def start(command: list[str], cpus: str, env: dict[str, str], log: Path) -> subprocess.Popen[bytes]:
    """Start ``command`` pinned to ``cpus``, output to ``log``."""
    with log.open("ab") as out:
        return subprocess.Popen(
            ["taskset", "-c", cpus, *command],
            env={**os.environ, **env},
            stdout=out,
            stderr=subprocess.STDOUT,
            cwd=log.parent,
        )


def start_upstream(folder: Path, cpus: str) -> Running:
    """The fake OpenAI upstream."""
    port = free_port()
    command = [sys.executable, str(HERE / "upstream.py"), "--port", str(port)]
    process = start(command, cpus, {}, folder / "upstream.log")
    base = f"http://127.0.0.1:{port}"
    wait_ready(f"{base}/v1/models", process)
    return Running("direct", process, f"{base}/v1/chat/completions", "bench-model")


def modelrouter_config(upstream: str, *, native: bool = False) -> str:
    """A config routing every task to two models on the fake upstream (``native``: its
    Responses requests go to the upstream's /responses as they are)."""
    base = upstream.rsplit("/chat/completions", 1)[0]
    price = "[{effective: 2026-01-01, source: bench, input: 1.0, output: 2.0}]"
    responses = ", responses: native" if native else ""
    lines = [
        "providers:",
        f"  bench: {{format: openai, base_url: '{base}'{responses}}}",
        "models:",
    ]
    for name, strength in (("bench-large", 90), ("bench-small", 60)):
        lines += [
            f"  {name}:",
            "    provider: bench",
            "    upstream: bench-model",
            "    context_window: 200000",
            "    max_output: 8192",
            f"    strength: {strength}",
            f"    prices: {price}",
        ]
    lines.append("tasks:")
    for task in TASKS:
        lines.append(f"  {task}: {{route: {{primary: bench-small, fallbacks: [bench-large]}}}}")
    return "\n".join(lines) + "\n"


def venv_python(name: str) -> str:
    """The interpreter of ``.bench-venvs/NAME`` (another build of modelrouter, say)."""
    python = ROOT / ".bench-venvs" / name / "bin" / "python"
    if not python.exists():
        raise SystemExit(f"no virtual environment at {python.parent.parent}")
    return str(python)


def start_modelrouter(
    folder: Path,
    upstream: Running,
    cpus: str,
    model: str,
    workers: int,
    python: str = sys.executable,
    name: str = "modelrouter",
    *,
    native: bool = False,
) -> Running:
    """modelrouter with a caller key, the SQLite ledger and metrics."""
    folder = folder / name
    folder.mkdir(exist_ok=True)
    config = folder / "modelrouter.yaml"
    config.write_text(modelrouter_config(upstream.url, native=native))
    env = {"XDG_DATA_HOME": str(folder / "data"), "HOME": str(folder)}
    cli = [python, "-m", "modelrouter", "--config", str(config)]
    made = subprocess.run(
        [*cli, "keys", "create", "bench"],
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        check=True,
        cwd=folder,
    )
    key = made.stdout.strip().splitlines()[-1]
    port = free_port()
    serve = [*cli, "serve", "--port", str(port), "--workers", str(workers)]
    process = start([*serve, "--log-level", "warning"], cpus, env, folder / "modelrouter.log")
    base = f"http://127.0.0.1:{port}"
    wait_ready(f"{base}/healthz", process)
    headers = {"authorization": f"Bearer {key}"}
    return Running(name, process, f"{base}/v1/chat/completions", model, headers)


def litellm_available(venv: Path = LITELLM_VENV) -> bool:
    """Whether LiteLLM's proxy is installed in its own virtual environment."""
    return (venv / "bin" / "litellm").exists()


def start_litellm(
    folder: Path, upstream: Running, cpus: str, workers: int, venv: Path = LITELLM_VENV
) -> Running:
    """LiteLLM's proxy: one model on the fake upstream, no database, no callbacks."""
    base = upstream.url.rsplit("/chat/completions", 1)[0]
    config = folder / "litellm.yaml"
    config.write_text(
        "model_list:\n"
        "  - model_name: bench-model\n"
        "    litellm_params:\n"
        "      model: openai/bench-model\n"
        f"      api_base: {base}\n"
        "      api_key: bench\n"
        "litellm_settings:\n"
        "  drop_params: true\n"
    )
    port = free_port()
    master = "sk-" + secrets.token_hex(32)  # it refuses to start without a strong one
    env = {
        "LITELLM_MASTER_KEY": master,
        "LITELLM_LOG": "ERROR",
        "LITELLM_LOCAL_MODEL_COST_MAP": "True",
        "HOME": str(folder),
        "PATH": f"{venv / 'bin'}:{os.environ.get('PATH', '')}",
    }
    command = [str(venv / "bin" / "litellm"), "--config", str(config)]
    command += ["--port", str(port), "--num_workers", str(workers)]
    process = start(command, cpus, env, folder / "litellm.log")
    base_url = f"http://127.0.0.1:{port}"
    wait_ready(f"{base_url}/health/liveliness", process, timeout=240)
    headers = {"authorization": f"Bearer {master}"}
    return Running("litellm", process, f"{base_url}/v1/chat/completions", "bench-model", headers)
