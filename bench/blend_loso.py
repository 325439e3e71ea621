"""Leave-one-source-out predictions of rules and learned, and the blend weights chosen on them.

    PYTHONPATH=src python3 bench/blend_loso.py predict CORPUS.jsonl.gz --out /tmp/loso.json
    PYTHONPATH=src python3 bench/blend_loso.py choose /tmp/loso.json

``predict``: for every source S of the corpus, fit the learned detector's model (the
training code of ``detect.learned.train``: same features, loss, sample weights, seed;
the shipped model's temperature) on the *train* split of all other sources, and score
every row of S with it (S was never seen: all of its rows are out-of-source). A model fitted
on the train split of all sources scores the dev set and, with ``--holdout``, the blind
holdout. The dev set is never trained on here. ``rules`` never saw the corpus, so its
scores of the corpus are out-of-source as they are. Writes per-row log-probabilities.

``choose``: picks the blend's exponents on the out-of-source corpus rows only (LOSO
learned + rules): the learned share ``w`` that maximises accuracy averaged over sources,
then the common scale that minimises the source-balanced log loss. Then the cascade's
threshold (learned answers alone at or above it, rules is not run): the lowest in
``SURE_GRID`` whose LOSO accuracy, mean over sources, is at most ``SURE_LOSS`` below the
pooled blend's. Prints per-source tables (test split), the dev set and (when predicted)
the holdout for the detectors.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
import time
from collections import defaultdict
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import numpy as np

from modelrouter.config.loader import build_settings, default_data
from modelrouter.detect.blend import LearnedScores, RulesScores
from modelrouter.detect.evaluate import read_rows, request_of
from modelrouter.detect.learned.calibration import expected_calibration_error, reliability
from modelrouter.detect.learned.features import HashSpec
from modelrouter.detect.learned.model import LinearModel, load_model
from modelrouter.detect.learned.train import _fit, _two_columns, design, sample_weights

Row = Mapping[str, Any]
SURE_GRID = (0.7, 0.75, 0.8, 0.85, 0.9, 0.93, 0.95, 0.97, 0.98, 0.99, 0.995)
SURE_LOSS = 0.005


def _settings() -> tuple[Any, str]:
    settings = build_settings(default_data())
    return settings.tasks, settings.routing.default_task


def _model(rows: list[Row], spec: HashSpec, temperature: float, epochs_note: str) -> LinearModel:
    """A model fitted on ``rows`` as ``train_detector`` fits its final model."""
    labels = [str(row["label"]) for row in rows]
    classes = tuple(sorted(set(labels)))
    targets = np.array([classes.index(label) for label in labels], dtype=np.int64)
    fitted = _fit(design(rows, spec), targets, sample_weights(rows, labels), 1e-5, 0)
    weights = np.ascontiguousarray(_two_columns(fitted.coef_.T), dtype=np.float32)
    bias = np.asarray(_two_columns(fitted.intercept_[None, :])[0], dtype=np.float32)
    return LinearModel(classes, spec, weights, bias, temperature, {"note": epochs_note})


def _learned_scores(model: LinearModel, rows: Iterable[Row]) -> list[list[float]]:
    tasks, default = _settings()
    detector = LearnedScores(tasks, default, model)
    return [detector.log_probabilities(request_of(row), tuple(tasks)) for row in rows]


def _rules_scores(rows: Iterable[Row]) -> list[list[float]]:
    tasks, default = _settings()
    detector = RulesScores(tasks, default)
    return [detector.log_probabilities(request_of(row))[0] for row in rows]


def _entries(rows: list[Row], rules: list[list[float]], learned: list[list[float]]) -> list[Any]:
    return [
        {
            "source": str(row.get("source", "")),
            "split": row.get("split"),
            "label": str(row["label"]),
            "rules": [round(x, 5) for x in r],
            "learned": [round(x, 5) for x in m],
        }
        for row, r, m in zip(rows, rules, learned, strict=True)
    ]


def predict(args: argparse.Namespace) -> None:
    """Write LOSO (corpus), all-sources (dev, holdout) log-probabilities of both detectors."""
    shipped = load_model()
    spec, temperature = shipped.spec, shipped.temperature
    if args.orders or args.head is not None or args.tail is not None:
        spec = HashSpec(
            bits=spec.bits,
            orders=tuple(int(o) for o in args.orders.split(",")) if args.orders else spec.orders,
            head=spec.head if args.head is None else args.head,
            tail=spec.tail if args.tail is None else args.tail,
        )
    print(f"features: {spec}", file=sys.stderr)
    corpus = list(read_rows(args.corpus))
    train = [row for row in corpus if row.get("split") == "train"]
    out: dict[str, Any] = {"tasks": list(_settings()[0]), "corpus": [], "sets": {}}
    for source in sorted({str(row["source"]) for row in corpus}):
        started = time.monotonic()
        model = _model([r for r in train if r["source"] != source], spec, temperature, "loso")
        held = [row for row in corpus if row["source"] == source]
        out["corpus"] += _entries(held, _rules_scores(held), _learned_scores(model, held))
        print(f"{source}: {len(held)} rows, {time.monotonic() - started:.0f} s", file=sys.stderr)
    model = _model(train, spec, temperature, "all sources, no dev")
    for name, path in (("dev", args.dev), ("holdout", args.holdout)):
        if path is not None:
            rows = list(read_rows(path))
            out["sets"][name] = _entries(rows, _rules_scores(rows), _learned_scores(model, rows))
    tested = [row for row in corpus if row.get("split") == "test"]
    out["sets"]["corpus_test_in_source"] = _entries(
        tested, _rules_scores(tested), _learned_scores(model, tested)
    )
    args.out.write_text(json.dumps(out))


def _pooled(
    entry: Mapping[str, Any], alpha: float, beta: float, sure: float = math.inf
) -> list[float]:
    if beta > 0 and alpha > 0 and math.exp(max(entry["learned"])) >= sure:
        return [math.exp(x) for x in entry["learned"]]  # the cascade: learned alone
    logits = [alpha * r + beta * m for r, m in zip(entry["rules"], entry["learned"], strict=True)]
    peak = max(logits)
    exp = [math.exp(x - peak) for x in logits]
    return [x / sum(exp) for x in exp]


def _per_source(
    entries: list[Any], tasks: list[str], alpha: float, beta: float, sure: float = math.inf
) -> dict[str, Any]:
    """Per source: rows, accuracy and mean log loss of the pooled probabilities."""
    hits: dict[str, list[float]] = defaultdict(list)
    losses: dict[str, list[float]] = defaultdict(list)
    for entry in entries:
        p = _pooled(entry, alpha, beta, sure)
        truth = tasks.index(entry["label"])
        hits[entry["source"]].append(float(p.index(max(p)) == truth))
        losses[entry["source"]].append(-math.log(max(p[truth], 1e-12)))
    return {s: (len(h), sum(h) / len(h), sum(losses[s]) / len(h)) for s, h in hits.items()}


def _mean(table: Mapping[str, Any], column: int) -> float:
    return sum(v[column] for v in table.values()) / len(table)


def choose(args: argparse.Namespace) -> None:
    """Choose the exponents on the LOSO corpus rows; print the tables."""
    data = json.loads(args.predictions.read_text())
    tasks, corpus = data["tasks"], data["corpus"]
    grid = [i / 20 for i in range(21)]
    means = {w: _mean(_per_source(corpus, tasks, 1 - w, w), 1) for w in grid}
    for w in grid:
        print(f"learned share {w:.2f}: LOSO accuracy, mean over sources {means[w]:.4f}")
    share = max(grid, key=lambda w: (round(means[w], 4), -abs(w - 0.5)))
    scales = [0.4 + 0.05 * i for i in range(33)]
    loss = {s: _mean(_per_source(corpus, tasks, s * (1 - share), s * share), 2) for s in scales}
    scale = min(scales, key=loss.__getitem__)
    alpha, beta = round(scale * (1 - share), 3), round(scale * share, 3)
    print(f"chosen: learned share {share}, scale {scale:.2f}: rules {alpha}, learned {beta}")
    sure = _choose_sure(data, alpha, beta)
    _print_tables(data, alpha, beta, sure)


def _choose_sure(data: Mapping[str, Any], alpha: float, beta: float) -> float:
    """The lowest threshold whose LOSO mean accuracy is within SURE_LOSS of the pool's."""
    tasks, corpus = data["tasks"], data["corpus"]
    pooled = _mean(_per_source(corpus, tasks, alpha, beta), 1)
    print(f"\ncascade (learned alone when sure), LOSO rows; pooled blend {pooled:.4f}")
    print("| sure | LOSO mean | learned alone on | " + " | ".join(data["sets"]) + " |")
    chosen = math.inf
    for sure in SURE_GRID:
        mean = _mean(_per_source(corpus, tasks, alpha, beta, sure), 1)
        alone = sum(math.exp(max(e["learned"])) >= sure for e in corpus) / len(corpus)
        sets = " | ".join(_overall(e, tasks, alpha, beta, sure) for e in data["sets"].values())
        print(f"| {sure} | {mean:.4f} | {alone:.2f} | {sets} |")
        if mean >= pooled - SURE_LOSS and chosen == math.inf:
            chosen = sure
    print(f"chosen: sure {chosen}")
    return chosen


def _print_tables(data: Mapping[str, Any], alpha: float, beta: float, sure: float) -> None:
    tasks = data["tasks"]
    test = [e for e in data["corpus"] if e["split"] == "test"]
    detectors = {
        "rules": (1.0, 0.0, math.inf),
        "learned": (0.0, 1.0, math.inf),
        "blend": (alpha, beta, math.inf),
        "cascade": (alpha, beta, sure),
    }
    tables = {name: _per_source(test, tasks, *w) for name, w in detectors.items()}
    print("\n| source | test rows | rules | learned (LOSO) | blend (LOSO) | cascade (LOSO) |")
    print("|---|---:|---:|---:|---:|---:|")
    for source in sorted(tables["rules"]):
        n = tables["rules"][source][0]
        cells = " | ".join(f"{tables[d][source][1]:.3f}" for d in detectors)
        print(f"| {source} | {n} | {cells} |")
    cells = " | ".join(f"{_mean(tables[d], 1):.3f}" for d in detectors)
    print(f"| mean over sources | {len(test)} | {cells} |")
    for name, entries in data["sets"].items():
        cells = " | ".join(_overall(entries, tasks, *w) for w in detectors.values())
        print(f"| {name} | {len(entries)} | {cells} |")
    for name, entries in [("corpus LOSO test", test), *data["sets"].items()]:
        cells = " | ".join(f"{_ece(entries, tasks, *w):.3f}" for w in detectors.values())
        print(f"| ECE {name} | {len(entries)} | {cells} |")


def _overall(
    entries: list[Any], tasks: list[str], alpha: float, beta: float, sure: float = math.inf
) -> str:
    hits = 0
    for entry in entries:
        p = _pooled(entry, alpha, beta, sure)
        hits += p.index(max(p)) == tasks.index(entry["label"])
    return f"{hits / len(entries):.3f}"


def _ece(
    entries: list[Any], tasks: list[str], alpha: float, beta: float, sure: float = math.inf
) -> float:
    confidences, hits = [], []
    for entry in entries:
        p = _pooled(entry, alpha, beta, sure)
        confidences.append(max(p))
        hits.append(p.index(max(p)) == tasks.index(entry["label"]))
    return expected_calibration_error(reliability(confidences, hits))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    run = commands.add_parser("predict")
    run.add_argument("corpus", type=Path)
    run.add_argument("--dev", type=Path, default=Path("datasets/detector-dev.jsonl"))
    run.add_argument("--holdout", type=Path, default=None)
    run.add_argument("--out", type=Path, required=True)
    run.add_argument("--orders", help="n-gram orders to try instead of the shipped model's: 1,2,3")
    run.add_argument("--head", type=int, help="characters read at the start (shipped: model's)")
    run.add_argument("--tail", type=int, help="characters read at the end (shipped: model's)")
    pick = commands.add_parser("choose")
    pick.add_argument("predictions", type=Path)
    args = parser.parse_args()
    (predict if args.command == "predict" else choose)(args)


if __name__ == "__main__":
    main()
