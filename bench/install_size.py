"""Install size and ``modelrouter serve`` start-up time of one source tree (issue 15 item 7).

    python3 bench/install_size.py SRC [--extras dev] [--runs 5] [--keep DIR] [--json out.json]
    python3 bench/install_size.py --startup VENV [VENV ...] [--runs 9] [--json out.json]

The first form makes a fresh virtual environment (in a temporary directory, or DIR with
``--keep``), ``pip install SRC[EXTRAS]`` (not editable: what a user gets), then reports the
size of site-packages (``du -sk``), the number of installed distributions (pip and
setuptools excluded), and the time from starting ``modelrouter serve --sim`` to the first
``/healthz`` 200 (median of ``--runs`` fresh starts). The second form times start-up only,
alternating between the given environments run by run, so that load on a shared machine
falls on each alike. Compare two trees (``git archive REV | tar -x -C DIR``) on one machine.
"""

from __future__ import annotations

import argparse
import json
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _startup_s(venv: Path, workdir: Path) -> float:
    port = _free_port()
    command = [str(venv / "bin" / "modelrouter"), "serve", "--sim", "--port", str(port)]
    started = time.perf_counter()
    process = subprocess.Popen(
        command, cwd=workdir, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    try:
        while time.perf_counter() - started < 60:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=1) as r:
                    if r.status == 200:
                        return time.perf_counter() - started
            except OSError:
                time.sleep(0.02)
        raise RuntimeError("serve did not answer /healthz within 60 s")
    finally:
        process.terminate()
        process.wait(timeout=30)


def measure(src: Path, extras: str, runs: int, keep: Path | None = None) -> dict[str, object]:
    """Install ``src`` into a fresh venv and measure it."""
    with tempfile.TemporaryDirectory(prefix="mr-install-") as tmp:
        venv = keep or Path(tmp) / "venv"
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
        pip = [str(venv / "bin" / "python"), "-m", "pip", "-q", "--disable-pip-version-check"]
        target = f"{src.resolve()}[{extras}]" if extras else str(src.resolve())
        subprocess.run([*pip, "install", target], check=True)
        site = next((venv / "lib").glob("python3*/site-packages"))
        kib = int(
            subprocess.run(
                ["du", "-sk", str(site)], capture_output=True, text=True, check=True
            ).stdout.split()[0]
        )
        names = (
            "import importlib.metadata as m, json; "
            "print(json.dumps(sorted({d.metadata['Name'] for d in m.distributions()})))"
        )
        listed = json.loads(
            subprocess.run(
                [str(venv / "bin" / "python"), "-c", names],
                capture_output=True,
                text=True,
                check=True,
            ).stdout
        )
        packages = [p for p in listed if p.lower() not in {"pip", "setuptools"}]
        heavy = sorted(
            p
            for p in packages
            if p.lower() in {"matplotlib", "scikit-learn", "scipy", "numpy", "pandas"}
        )
        times = [_startup_s(venv, Path(tmp)) for _ in range(runs)]
    return {
        "src": str(src),
        "extras": extras,
        "site_packages_mb": round(kib / 1024, 1),
        "packages": len(packages),
        "heavy": heavy,
        "startup_s_median": round(statistics.median(times), 3),
        "startup_s": [round(t, 3) for t in times],
        "python": sys.version.split()[0],
    }


def startup(venvs: list[Path], runs: int) -> dict[str, object]:
    """Start-up times of each environment, run by run in turn."""
    times: dict[str, list[float]] = {str(v): [] for v in venvs}
    with tempfile.TemporaryDirectory(prefix="mr-startup-") as tmp:
        for _ in range(runs):
            for venv in venvs:
                times[str(venv)].append(round(_startup_s(venv, Path(tmp)), 3))
    return {
        name: {"median_s": round(statistics.median(t), 3), "min_s": min(t), "runs": t}
        for name, t in times.items()
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("src", type=Path, nargs="*")
    parser.add_argument("--extras", default="")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--keep", type=Path, help="build the venv here and keep it")
    parser.add_argument("--startup", action="store_true", help="SRC are venvs: time start-up")
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    if args.startup:
        result = startup(args.src, args.runs)
    else:
        result = measure(args.src[0], args.extras, args.runs, args.keep)
    print(json.dumps(result, indent=2))
    if args.json:
        args.json.write_text(json.dumps(result, indent=2) + "\n")


if __name__ == "__main__":
    main()
