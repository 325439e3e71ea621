"""The gateway benchmark: direct, modelrouter and LiteLLM against one fake upstream.

Usage (from the repository root, h2load from Debian's ``nghttp2-client`` on PATH):

    .venv/bin/python -m bench.gateway.run --rounds 3 --markdown docs/benchmarks.md

Each round starts every target afresh and runs every case (plain and streamed, at
each concurrency) against it: a warm-up, then ``--requests`` requests (``--litellm-
requests`` for LiteLLM, which is 30-50 times slower). The server under test is pinned to
``--gateway-cpus``, h2load and the upstream to ``--client-cpus``. Figures are medians
over rounds with min-max; CPU is the server's process-tree CPU time per request; added
latency is the target's percentile minus the direct one in the same round.

LiteLLM runs from its own virtual environment, ``.bench-venvs/litellm`` (see
docs/benchmarks.md); when that is absent it is skipped with a message.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from bench.gateway import report, targets
from bench.gateway.measure import Load, Sample, measure, rss_mb, tree
from bench.gateway.targets import Running

Case = tuple[bool, int]  # streamed, concurrency


def parse(argv: list[str] | None = None) -> argparse.Namespace:
    """The command line."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--requests", type=int, default=3000)
    parser.add_argument("--litellm-requests", type=int, default=300)
    parser.add_argument("--concurrency", default="1,16,64")
    parser.add_argument("--modes", default="plain,stream")
    parser.add_argument(
        "--targets",
        default="direct,modelrouter-route,modelrouter-auto,litellm",
        help="comma-separated: direct, modelrouter-route, modelrouter-model, "
        "modelrouter-auto, litellm; NAME@VENV runs modelrouter from .bench-venvs/VENV",
    )
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--litellm-venv", type=Path, default=targets.LITELLM_VENV)
    gateway_cpus, client_cpus = default_cpus()
    parser.add_argument("--gateway-cpus", default=gateway_cpus, help="taskset list")
    parser.add_argument("--client-cpus", default=client_cpus, help="taskset list")
    parser.add_argument("--json", type=Path, help="write every sample here")
    parser.add_argument("--markdown", type=Path, help="write the table here")
    return parser.parse_args(argv)


def default_cpus() -> tuple[str, str]:
    """The first allowed CPU for the gateway, the second for the rest (or both on one)."""
    allowed = sorted(os.sched_getaffinity(0))
    return str(allowed[0]), str(allowed[1] if len(allowed) > 1 else allowed[0])


def cases(args: argparse.Namespace) -> list[Case]:
    """Every (streamed, concurrency) pair asked for."""
    modes = [m.strip() for m in args.modes.split(",")]
    levels = [int(c) for c in args.concurrency.split(",")]
    return [(mode == "stream", c) for mode in modes for c in levels]


def starter(
    name: str, args: argparse.Namespace, folder: Path, upstream: Running
) -> Callable[[], Running] | None:
    """How to start target ``name`` (None when it cannot run here)."""
    cpus = args.gateway_cpus
    if name == "direct":
        return lambda: upstream
    if name.startswith("modelrouter-"):
        kind, _, venv = name[12:].partition("@")
        # "+responses": the same server, /v1/responses ("+responses-native": the
        # provider set to ``responses: native``, the upstream answering /responses)
        kind, _, api = kind.partition("+")
        model = {"route": "route:simple", "model": "bench-small", "auto": "auto"}[kind]
        python = targets.venv_python(venv) if venv else sys.executable

        def start() -> Running:
            running = targets.start_modelrouter(
                folder, upstream, cpus, model, args.workers, python, name,
                native=api == "responses-native",
            )  # fmt: skip
            if api:
                running.api = api
                running.url = running.url.replace("/chat/completions", "/responses")
            return running

        return start
    if name == "litellm":
        if not targets.litellm_available(args.litellm_venv):
            print(
                f"litellm: skipped, no LiteLLM proxy in {args.litellm_venv} "
                "(docs/benchmarks.md says how to install it)",
                file=sys.stderr,
            )
            return None
        return lambda: targets.start_litellm(
            folder, upstream, cpus, args.workers, args.litellm_venv
        )
    raise SystemExit(f"unknown target {name!r}")


def run_target(
    running: Running, args: argparse.Namespace, upstream_pid: int | None
) -> report.TargetRun:
    """Every case against one started target, each after its own warm-up."""
    samples: dict[str, Sample] = {}
    server = running.pid or upstream_pid
    warm_mb = 0.0
    count = args.litellm_requests if running.name == "litellm" else args.requests
    for streamed, concurrency in cases(args):
        payload = targets.body(running.model, stream=streamed, api=running.api)
        warm = Load(
            running.url,
            payload,
            running.headers,
            max(concurrency * 4, count // 10),
            concurrency,
            args.client_cpus,
        )
        measure(warm, None)
        if not warm_mb and server:
            warm_mb = rss_mb(tree(server))
        load = Load(
            running.url,
            payload,
            running.headers,
            max(count, concurrency),
            concurrency,
            args.client_cpus,
        )
        sample = measure(load, server)
        if sample.failed:
            raise RuntimeError(f"{running.name}: {sample.failed} requests failed")
        key = report.case_key(streamed, concurrency)
        samples[key] = sample
        print(
            f"  {running.name:18s} {key:10s} {sample.rps:8.0f} rps  p50 {sample.p50_ms:7.2f} ms"
            f"  p99 {sample.p99_ms:7.2f} ms  cpu {sample.cpu_ms:6.2f} ms/req"
            f"  rss {sample.rss_mb:5.0f} MB (peak {sample.peak_mb:.0f})",
            flush=True,
        )
    return report.TargetRun(samples, warm_mb)


def one_round(args: argparse.Namespace, names: list[str]) -> dict[str, report.TargetRun]:
    """Start the upstream, then each target in turn; every case of every target."""
    results: dict[str, report.TargetRun] = {}
    with tempfile.TemporaryDirectory(prefix="modelrouter-bench-") as tmp:
        upstream = targets.start_upstream(Path(tmp), args.client_cpus)
        try:
            for name in names:
                start = starter(name, args, Path(tmp), upstream)
                if start is None:
                    continue
                running = start()
                try:
                    results[name] = run_target(running, args, upstream.pid)
                finally:
                    if running is not upstream:
                        running.stop()
        finally:
            upstream.stop()
    return results


def versions(litellm_venv: Path) -> dict[str, str]:
    """Versions of everything measured."""
    found = {"python": platform.python_version()}
    h2 = subprocess.run(["h2load", "--version"], capture_output=True, text=True, check=False)
    found["h2load"] = h2.stdout.strip().split()[-1] if h2.stdout else "?"
    for package in ("modelrouter", "uvicorn", "starlette", "httpx2", "uvloop", "httptools"):
        try:
            from importlib.metadata import version  # noqa: PLC0415

            found[package] = version(package)
        except Exception:  # noqa: BLE001 - absent packages are reported as such
            found[package] = "absent"
    if targets.litellm_available(litellm_venv):
        pip = litellm_venv / "bin" / "python"
        code = "from importlib.metadata import version; print(version('litellm'))"
        done = subprocess.run([str(pip), "-c", code], capture_output=True, text=True, check=False)
        found["litellm"] = done.stdout.strip() or "?"
    return found


def main(argv: list[str] | None = None) -> int:
    """Run the rounds, print and optionally write the table."""
    args = parse(argv)
    if shutil.which("h2load") is None:
        print("h2load not found: apt-get install nghttp2-client", file=sys.stderr)
        return 2
    names = [n.strip() for n in args.targets.split(",") if n.strip()]
    started = time.time()
    load_before = os.getloadavg()
    rounds = []
    for number in range(1, args.rounds + 1):
        print(f"round {number}/{args.rounds}", flush=True)
        rounds.append(one_round(args, names))
    meta = {
        "machine": report.machine(),
        "versions": versions(args.litellm_venv),
        "load_average": [load_before, os.getloadavg()],
        "seconds": round(time.time() - started),
        "command": "python -m bench.gateway.run " + " ".join(argv or sys.argv[1:]),
        "workers": args.workers,
        "gateway_cpus": args.gateway_cpus,
        "client_cpus": args.client_cpus,
    }
    table = report.markdown(rounds, meta)
    print(table)
    if args.markdown:
        args.markdown.write_text(table)
    if args.json:
        raw = [{name: run.as_dict() for name, run in r.items()} for r in rounds]
        args.json.write_text(json.dumps({"meta": meta, "rounds": raw}, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
