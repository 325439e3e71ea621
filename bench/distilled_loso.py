"""The blend's fast path out of source: nested leave-one-source-out, and its threshold.

    PYTHONPATH=src python3 bench/distilled_loso.py predict CORPUS.jsonl.gz --out /tmp/fast0.json \
        [--part 0 --parts 2]
    PYTHONPATH=src python3 bench/distilled_loso.py choose /tmp/loso.json /tmp/fast*.json

``predict``: for every source S of the corpus, run what ``train-detector --distilled`` runs
(``detect.learned.distil.distil``: the teacher's answers cross-fitted over groups of
sources, the student and its temperature) on the train rows of every *other* source, with
a learned model of the shipped settings; then score every row of S through the fast path
as it runs in the blend (``DistilledScores.answer``, which stands aside for tools and
follow-ups). S never reached the student, its teacher, or the teacher's learned models.
Each row also gets the rules detector's log-probabilities (current code). ``--part K
--parts N`` does every N-th source from the K-th, so two processes can share the work.

``choose``: reads ``blend_loso.py predict``'s file for each row's out-of-source learned
scores and pools them with the fresh rules scores as the blend does (shipped weights and
cascade); for each threshold of ``GRID``, the fast path answers alone at or above it and
the cascade answers the rest. Prints the LOSO accuracy (mean over sources, test split),
the share answered alone, a per-source table at the chosen threshold, and picks the lowest
threshold whose accuracy is within ``SURE_LOSS`` of the cascade's.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

from blend_loso import SURE_LOSS, _settings  # bench/ is on the path when this file is run

from modelrouter.detect.blend import LEARNED_SURE, LEARNED_WEIGHT, RULES_WEIGHT, RulesScores
from modelrouter.detect.evaluate import read_rows, request_of
from modelrouter.detect.learned.distil import distil
from modelrouter.detect.learned.distilled import DistilledScores
from modelrouter.detect.learned.model import LinearModel, load_model

GRID = (0.6, 0.7, 0.75, 0.8, 0.85, 0.9, 0.93, 0.95, 0.97, 0.98, 0.99)


def predict(args: argparse.Namespace) -> None:
    """Per source of this part: the fast path's answers for its rows, from a student that
    never saw it; and the rules' log-probabilities of those rows."""
    tasks, default = _settings()
    shipped = load_model()
    settings_only = LinearModel(
        shipped.classes, shipped.spec, shipped.weights, shipped.bias, shipped.temperature,
        {"alpha": shipped.metadata.get("alpha", 1e-5)},
    )  # fmt: skip
    rules = RulesScores(tasks, default)
    corpus = list(read_rows(args.corpus))
    sources = sorted({str(row["source"]) for row in corpus})[args.part :: args.parts]
    out: dict[str, Any] = {"tasks": list(tasks), "sources": {}}
    for source in sources:
        started = time.monotonic()
        others = [row for row in corpus if row["source"] != source]
        student = distil(others, tasks, default, settings_only)
        fast = DistilledScores(tasks, student)
        entries = []
        for row in (row for row in corpus if row["source"] == source):
            request = request_of(row)
            answer = fast.answer(request)
            entries.append(
                {
                    "split": row.get("split"),
                    "label": str(row["label"]),
                    "rules": [round(x, 5) for x in rules.log_probabilities(request)[0]],
                    "fast": None if answer is None else [answer[0], round(answer[1], 5)],
                }
            )
        out["sources"][source] = entries
        print(f"{source}: {len(entries)} rows, {time.monotonic() - started:.0f} s", file=sys.stderr)
    args.out.write_text(json.dumps(out))


def _cascade(rules: list[float], learned: list[float]) -> int:
    """The blend's answer without its fast path (shipped weights and cascade)."""
    if LEARNED_SURE is not None and math.exp(max(learned)) >= LEARNED_SURE:
        return learned.index(max(learned))
    pooled = [RULES_WEIGHT * r + LEARNED_WEIGHT * m for r, m in zip(rules, learned, strict=True)]
    return pooled.index(max(pooled))


def _rows(loso: Path, parts: list[Path]) -> list[dict[str, Any]]:
    """Each test row with its source, label, the cascade's answer and the fast path's."""
    blend = json.loads(loso.read_text())
    tasks = blend["tasks"]
    learned: dict[str, list[Any]] = defaultdict(list)
    for entry in blend["corpus"]:
        learned[entry["source"]].append(entry)
    rows = []
    for path in parts:
        for source, entries in json.loads(path.read_text())["sources"].items():
            for entry, other in zip(entries, learned[source], strict=True):
                if entry["split"] != "test":
                    continue
                answer = tasks[_cascade(entry["rules"], other["learned"])]
                rows.append({"source": source, **entry, "cascade": answer})
    return rows


def _accuracy(rows: list[dict[str, Any]], sure: float) -> tuple[float, float, dict[str, Any]]:
    """LOSO accuracy (mean over sources), share answered alone, per-source cells."""
    hits: dict[str, list[bool]] = defaultdict(list)
    alone = 0
    for row in rows:
        fast = row["fast"]
        sure_enough = fast is not None and fast[1] >= sure
        answer = fast[0] if sure_enough else row["cascade"]
        alone += sure_enough
        hits[row["source"]].append(answer == row["label"])
    table = {s: (len(h), sum(h) / len(h)) for s, h in sorted(hits.items())}
    mean = sum(acc for _, acc in table.values()) / len(table)
    return mean, alone / len(rows), table


def choose(args: argparse.Namespace) -> None:
    rows = _rows(args.loso, args.parts)
    base, _, before = _accuracy(rows, math.inf)
    print(f"{len(rows)} test rows, {len(before)} sources; cascade (no fast path) {base:.4f}")
    print("| fast path at >= | LOSO mean over sources | answered alone |\n|---|---:|---:|")
    chosen = math.inf
    for sure in GRID:
        mean, alone, _ = _accuracy(rows, sure)
        print(f"| {sure} | {mean:.4f} | {alone:.3f} |")
        if mean >= base - SURE_LOSS and chosen == math.inf:
            chosen = sure
    print(f"chosen: {chosen}")
    _, _, after = _accuracy(rows, chosen)
    print("\n| source | test rows | cascade | with the fast path |\n|---|---:|---:|---:|")
    for source, (n, accuracy) in after.items():
        print(f"| {source} | {n} | {before[source][1]:.3f} | {accuracy:.3f} |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    run = commands.add_parser("predict")
    run.add_argument("corpus", type=Path)
    run.add_argument("--out", type=Path, required=True)
    run.add_argument("--part", type=int, default=0)
    run.add_argument("--parts", type=int, default=1)
    pick = commands.add_parser("choose")
    pick.add_argument("loso", type=Path, help="blend_loso.py predict's output")
    pick.add_argument("parts", type=Path, nargs="+", help="this script's predict outputs")
    args = parser.parse_args()
    (predict if args.command == "predict" else choose)(args)


if __name__ == "__main__":
    main()
