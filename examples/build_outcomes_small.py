"""Build ``examples/outcomes-small.jsonl.gz``: a small outcome file for the README's
learned-routing commands, sampled from the shared RouteLLM outcome data.

    python examples/build_outcomes_small.py [SOURCE] [--check]

SOURCE defaults to ``/work/shared/data/routellm-gpt4-mixtral.jsonl.gz`` (see
``examples/README.md`` for where it comes from). The sample is deterministic: within each
(split, task) the rows with the smallest SHA-256 of their id, so the output is
byte-identical every run (gzip with no name and mtime 0). Stdlib only.
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import io
import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
OUT = HERE / "outcomes-small.jsonl.gz"
SOURCE = Path("/work/shared/data/routellm-gpt4-mixtral.jsonl.gz")
# rows per (split, task): 400 in all, GSM8K rows carry the models' responses
TAKE = {
    ("train", "gsm8k"): 110,
    ("train", "mmlu"): 170,
    ("train", "mt_bench"): 20,
    ("test", "gsm8k"): 40,
    ("test", "mmlu"): 55,
    ("test", "mt_bench"): 5,
}


def _family(task: str) -> str:
    return task.partition("/")[0]


def sample(source: Path) -> list[dict[str, object]]:
    """The chosen rows, in a stable order."""
    groups: dict[tuple[str, str], list[tuple[str, dict[str, object]]]] = {}
    with gzip.open(source, "rt", encoding="utf-8") as lines:
        for line in lines:
            row = json.loads(line)
            key = (row["split"], _family(row["task"]))
            if key in TAKE:
                digest = hashlib.sha256(row["id"].encode()).hexdigest()
                groups.setdefault(key, []).append((digest, row))
    chosen: list[dict[str, object]] = []
    trained: set[object] = set()  # test rows only of tasks the train rows have (eval online)
    for key, count in TAKE.items():
        found = sorted(groups.get(key, []), key=lambda pair: pair[0])
        if key[0] == "test":
            found = [pair for pair in found if pair[1]["task"] in trained]
        if len(found) < count:
            raise SystemExit(f"{source}: only {len(found)} rows for {key}, {count} wanted")
        chosen += [row for _, row in found[:count]]
        trained |= {row["task"] for row in chosen if row["split"] == "train"}
    return chosen


def encode(rows: list[dict[str, object]]) -> bytes:
    """Gzipped JSON Lines, byte-identical for the same rows."""
    text = "".join(json.dumps(r, ensure_ascii=False, sort_keys=True) + "\n" for r in rows)
    buffer = io.BytesIO()
    with gzip.GzipFile(filename="", mode="wb", fileobj=buffer, mtime=0) as out:
        out.write(text.encode())
    return buffer.getvalue()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("source", nargs="?", type=Path, default=SOURCE)
    parser.add_argument("--check", action="store_true", help="fail if the file is stale")
    args = parser.parse_args()
    data = encode(sample(args.source))
    if args.check:
        if not OUT.is_file() or OUT.read_bytes() != data:
            sys.exit(f"{OUT.name} is stale: run python {Path(__file__).name}")
        return
    OUT.write_bytes(data)
    print(f"wrote {OUT} ({len(data):,} bytes)")  # noqa: T201 - a script


if __name__ == "__main__":
    main()
