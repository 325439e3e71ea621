"""The benchmark's markdown table: medians over rounds with min-max, ratios, the machine."""

from __future__ import annotations

import os
import platform
import statistics
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from bench.gateway.measure import Sample


@dataclass
class TargetRun:
    """One target in one round: its samples by case and its memory after warm-up."""

    cases: dict[str, Sample]
    warm_mb: float

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready, without the raw latencies."""
        cases = {
            key: {k: v for k, v in asdict(s).items() if k != "latencies_us"}
            for key, s in self.cases.items()
        }
        return {"warm_mb": self.warm_mb, "cases": cases}


def case_key(streamed: bool, concurrency: int) -> str:
    """``plain c1``, ``stream c64``."""
    return f"{'stream' if streamed else 'plain'} c{concurrency}"


def machine() -> str:
    """CPU model, cores, memory, kernel."""
    cpu = platform.processor() or "unknown CPU"
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            cpu = line.split(":", 1)[1].strip()
            break
    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return f"{cpu}, {os.cpu_count()} vCPUs, {memory:.0f} GiB, Linux {platform.release()}"


def spread(values: list[float], digits: int = 2) -> str:
    """``median (min-max)``."""
    if not values:
        return "-"
    fmt = f"{{:.{digits}f}}"
    med = fmt.format(statistics.median(values))
    if len(values) == 1:
        return med
    return f"{med} ({fmt.format(min(values))}–{fmt.format(max(values))})"


def _values(rounds: list[dict[str, TargetRun]], target: str, case: str, name: str) -> list[float]:
    return [float(getattr(r[target].cases[case], name)) for r in rounds if target in r]


def _added(rounds: list[dict[str, TargetRun]], target: str, case: str, name: str) -> list[float]:
    return [
        getattr(r[target].cases[case], name) - getattr(r["direct"].cases[case], name)
        for r in rounds
        if target in r and "direct" in r
    ]


def _row(rounds: list[dict[str, TargetRun]], target: str, case: str) -> str:
    rps = _values(rounds, target, case, "rps")
    cells = [
        target,
        case,
        spread(rps, 0),
        spread(_values(rounds, target, case, "p50_ms")),
        spread(_values(rounds, target, case, "p90_ms")),
        spread(_values(rounds, target, case, "p99_ms")),
        spread(_added(rounds, target, case, "p50_ms")) if target != "direct" else "-",
        spread(_added(rounds, target, case, "p99_ms")) if target != "direct" else "-",
        spread(_values(rounds, target, case, "cpu_ms")),
        spread(_values(rounds, target, case, "peak_mb"), 0),
    ]
    litellm = [r["litellm"].cases[case].rps for r in rounds if "litellm" in r]
    ratio = [
        r[target].cases[case].rps / r["litellm"].cases[case].rps
        for r in rounds
        if target in r and "litellm" in r
    ]
    cells.append(spread(ratio, 1) + "×" if litellm and target != "litellm" else "-")
    return "| " + " | ".join(cells) + " |"


def markdown(rounds: list[dict[str, TargetRun]], meta: dict[str, Any]) -> str:
    """The table, the memory summary and the run's metadata."""
    names = list(dict.fromkeys(name for r in rounds for name in r))
    case_names = list(dict.fromkeys(c for r in rounds for t in r.values() for c in t.cases))
    lines = [
        "| target | case | rps | p50 ms | p90 ms | p99 ms | added p50 ms | added p99 ms "
        "| CPU ms/req | peak RSS MB | rps vs LiteLLM |",
        "|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for case in case_names:
        lines += [_row(rounds, name, case) for name in names if all(name in r for r in rounds)]
    lines += ["", "| target | RSS after warm-up MB | peak RSS MB |", "|---|---|---|"]
    for name in names:
        warm = [r[name].warm_mb for r in rounds if name in r]
        peak = [max(s.peak_mb for s in r[name].cases.values()) for r in rounds if name in r]
        lines.append(f"| {name} | {spread(warm, 0)} | {spread(peak, 0)} |")
    load = meta["load_average"]
    lines += [
        "",
        f"- machine: {meta['machine']}",
        f"- versions: {', '.join(f'{k} {v}' for k, v in meta['versions'].items())}",
        f"- server under test on CPU {meta['gateway_cpus']}, h2load and upstream on CPU "
        f"{meta['client_cpus']}; workers: {meta['workers']}",
        f"- load average (1, 5, 15 min) before {load[0][0]:.2f} {load[0][1]:.2f} "
        f"{load[0][2]:.2f}, after {load[1][0]:.2f} {load[1][1]:.2f} {load[1][2]:.2f}; "
        f"{len(rounds)} rounds in {meta['seconds']} s",
        f"- command: `{meta['command']}`",
        "",
    ]
    return "\n".join(lines)
