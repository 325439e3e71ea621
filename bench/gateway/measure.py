"""Measuring one case: h2load's per-request log, the server's CPU time and resident memory.

Everything here reads /proc (Linux) and runs h2load (Debian's ``nghttp2-client``). CPU
and memory are summed over the server's process tree (uvicorn workers are children).
"""

from __future__ import annotations

import os
import re
import statistics
import subprocess
import tempfile
import threading
from dataclasses import dataclass, field
from pathlib import Path

TICKS = os.sysconf("SC_CLK_TCK")
PAGE = os.sysconf("SC_PAGE_SIZE")


def tree(pid: int) -> list[int]:
    """``pid`` and all its descendants still alive."""
    parents: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        parents[int(entry.name)] = int(stat[stat.rfind(")") + 2 :].split()[1])
    found, frontier = [pid], [pid]
    while frontier:
        children = [child for child, parent in parents.items() if parent in frontier]
        found += children
        frontier = children
    return found


def cpu_seconds(pids: list[int]) -> float:
    """User + system CPU seconds of ``pids`` (threads included)."""
    total = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12])  # utime, stime
    return total / TICKS


def rss_mb(pids: list[int]) -> float:
    """Resident memory of ``pids`` in MB (10^6 bytes)."""
    total = 0
    for pid in pids:
        try:
            total += int(Path(f"/proc/{pid}/statm").read_text().split()[1])
        except OSError:
            continue
    return total * PAGE / 1e6


class RssSampler:
    """Samples the tree's resident memory in a thread; ``peak`` is the largest sample."""

    def __init__(self, pids: list[int], every: float = 0.1) -> None:
        self.pids, self.every = pids, every
        self.peak = rss_mb(pids)
        self.samples = [self.peak]
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._stop.wait(self.every):
            self.samples.append(rss_mb(self.pids))
            self.peak = max(self.peak, self.samples[-1])

    def __enter__(self) -> RssSampler:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()
        self.samples.append(rss_mb(self.pids))
        self.peak = max(self.peak, self.samples[-1])

    def trace(self, points: int = 11) -> list[float]:
        """``points`` samples evenly spread from the first to the last, in MB."""
        last = len(self.samples) - 1
        return [round(self.samples[round(i * last / (points - 1))], 1) for i in range(points)]


@dataclass
class Load:
    """One h2load run: where, what, how much."""

    url: str
    body: bytes
    headers: dict[str, str]
    requests: int
    concurrency: int
    cpus: str = "1"


@dataclass
class Sample:
    """The figures of one measured case in one round."""

    rps: float
    p50_ms: float
    p90_ms: float
    p99_ms: float
    cpu_ms: float
    rss_mb: float
    peak_mb: float
    failed: int = 0
    rss_trace_mb: list[float] = field(default_factory=list)
    latencies_us: list[int] = field(default_factory=list, repr=False)


def percentile(ordered: list[int], share: float) -> float:
    """The nearest-rank percentile of an ordered list."""
    return float(ordered[min(len(ordered) - 1, int(share * len(ordered)))])


def h2load(load: Load, log_file: Path | None = None) -> tuple[str, int]:
    """Run h2load over HTTP/1.1; its summary text and the count of non-2xx answers."""
    with tempfile.NamedTemporaryFile(suffix=".json") as body:
        body.write(load.body)
        body.flush()
        command = ["taskset", "-c", load.cpus, "h2load", "--h1", "-n", str(load.requests)]
        command += ["-c", str(load.concurrency), "-d", body.name, "-T", "60", "-N", "60"]
        for name, value in load.headers.items():
            command += ["-H", f"{name}: {value}"]
        if log_file is not None:
            command += ["--log-file", str(log_file)]
        done = subprocess.run(
            [*command, load.url], capture_output=True, text=True, check=False, timeout=900
        )
    if done.returncode != 0:
        raise RuntimeError(f"h2load failed ({done.returncode}): {done.stderr or done.stdout}")
    match = re.search(r"status codes: (\d+) 2xx, (\d+) 3xx, (\d+) 4xx, (\d+) 5xx", done.stdout)
    errored = re.search(r"requests: \d+ total, \d+ started, \d+ done, (\d+) succeeded", done.stdout)
    if match is None or errored is None:
        raise RuntimeError(f"unexpected h2load output:\n{done.stdout}")
    failed = load.requests - int(match.group(1))
    return done.stdout, failed


def measure(load: Load, server: int | None) -> Sample:
    """Run ``load`` against a warmed server (process id ``server``) and read its figures."""
    pids = tree(server) if server else []
    with tempfile.TemporaryDirectory() as folder:
        log_file = Path(folder) / "requests.tsv"
        cpu_before = cpu_seconds(pids)
        with RssSampler(pids) as sampler:
            _, failed = h2load(load, log_file)
        cpu = cpu_seconds(pids) - cpu_before
        rows = [line.split("\t") for line in log_file.read_text().splitlines() if line]
    starts = [int(r[0]) for r in rows]
    ends = [int(r[0]) + int(r[2]) for r in rows]
    latencies = sorted(int(r[2]) for r in rows)
    wall = (max(ends) - min(starts)) / 1e6 if rows else float("nan")
    done = len(rows)
    return Sample(
        rps=done / wall if wall else float("nan"),
        p50_ms=percentile(latencies, 0.50) / 1000,
        p90_ms=percentile(latencies, 0.90) / 1000,
        p99_ms=percentile(latencies, 0.99) / 1000,
        cpu_ms=cpu * 1000 / done if done else float("nan"),
        rss_mb=rss_mb(pids),
        peak_mb=sampler.peak,
        failed=failed,
        rss_trace_mb=sampler.trace() if pids else [],
        latencies_us=latencies,
    )


def median_range(values: list[float]) -> tuple[float, float, float]:
    """Median, min and max."""
    return statistics.median(values), min(values), max(values)
