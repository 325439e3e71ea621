"""The chaos run by hand: prints the figures for docs/reliability.md.

    python bench/chaos.py --requests 3000 --concurrency 32

Runs the real gateway on loopback in front of a faulty simulator (``modelrouter.chaos``),
then audits the clients' outcomes, the ledger, the simulator's bill and the process's
resources. Exit status 1 if any check failed.
"""

from __future__ import annotations

import argparse
import json
import platform
import sys
from dataclasses import asdict

from modelrouter.chaos.audit import audit
from modelrouter.chaos.run import ChaosSpec, run


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=3000)
    parser.add_argument("--concurrency", type=int, default=32)
    parser.add_argument("--fault-rate", type=float, default=0.3)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--stream-buffer", type=float, default=0.0, help="routing.stream_buffer_s")
    parser.add_argument("--baseline", action="store_true", help="also run without faults")
    args = parser.parse_args()
    spec = ChaosSpec(
        requests=args.requests,
        concurrency=args.concurrency,
        fault_rate=args.fault_rate,
        stream_buffer_s=args.stream_buffer,
        seed=args.seed,
    )
    runs = {"chaos": spec}
    if args.baseline:
        runs["baseline (no faults, no outage)"] = ChaosSpec(
            requests=args.requests,
            concurrency=args.concurrency,
            faults_on=False,
            down_from=2.0,
            down_until=2.0,
            seed=args.seed,
        )
    failed = False
    for name, chaos in runs.items():
        observed = run(chaos)
        figures = audit(observed)
        print(
            f"== {name}: {chaos.requests} requests, concurrency {chaos.concurrency}, "
            f"{observed.seconds:.1f}s, Python {platform.python_version()}"
        )
        print(json.dumps(asdict(figures), indent=2, default=str))
        failed = failed or bool(figures.problems)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
