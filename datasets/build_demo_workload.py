"""Build the demo's workload: a fixed sample of the dev set (written for this project).

Usage: python datasets/build_demo_workload.py
Writes src/modelrouter/demo/workload.jsonl.gz: 50 prompts per task type, several
languages, long documents included; `modelrouter demo` sends them through the gateway.
"""

from __future__ import annotations

import gzip
import json
import random
from pathlib import Path

HERE = Path(__file__).parent
PER_LABEL = 50
TARGET = HERE.parent / "src" / "modelrouter" / "demo" / "workload.jsonl.gz"


def main() -> None:
    rows = [json.loads(line) for line in (HERE / "detector-dev.jsonl").open(encoding="utf-8")]
    rng = random.Random(2026)
    chosen = []
    for label in sorted({r["label"] for r in rows}):
        group = [r for r in rows if r["label"] == label]
        chosen += rng.sample(group, min(PER_LABEL, len(group)))
    rng.shuffle(chosen)
    keep = ("id", "label", "lang", "prompt", "messages")
    lines = [json.dumps({k: r[k] for k in keep if k in r}, ensure_ascii=False) for r in chosen]
    with gzip.GzipFile(TARGET, "wb", mtime=0) as out:
        out.write(("\n".join(lines) + "\n").encode())
    print(f"wrote {len(lines)} prompts to {TARGET}")


if __name__ == "__main__":
    main()
