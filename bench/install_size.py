"""Install size and ``modelrouter serve`` start-up time of one source tree (issue 15 item 7).

    python3 bench/install_size.py SRC [--extras dev] [--runs 5] [--json out.json]

Makes a fresh virtual environment in a temporary directory, ``pip install SRC[EXTRAS]``
(not editable: what a user gets), then reports the size of site-packages (``du -sk``), the
number of installed distributions (``pip list``, pip itself excluded), and the time from
starting ``modelrouter serve --sim`` to the first ``/healthz`` 200 (median of ``--runs``
fresh starts). Compare two trees (``git archive REV | tar -x -C DIR``) on the same machine.
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


def measure(src: Path, extras: str, runs: int) -> dict[str, object]:
    """Install ``src`` into a fresh venv and measure it."""
    with tempfile.TemporaryDirectory(prefix="mr-install-") as tmp:
        venv = Path(tmp) / "venv"
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("src", type=Path)
    parser.add_argument("--extras", default="")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    result = measure(args.src, args.extras, args.runs)
    print(json.dumps(result, indent=2))
    if args.json:
        args.json.write_text(json.dumps(result, indent=2) + "\n")


if __name__ == "__main__":
    main()
