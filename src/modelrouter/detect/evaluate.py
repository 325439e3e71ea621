"""Measure a detector on a labelled file: accuracy, per-label precision/recall/F1, confusion,
accuracy per source (when rows carry ``source``) and calibration of the confidence.

Rows are dicts with ``prompt`` and ``label`` (other fields are ignored; an outcome file's
``task`` stands in for a missing ``label``); a row with ``messages`` (an OpenAI messages
list) is judged on those instead of ``prompt``. A label mapped to ``-`` drops its rows. This
module reads files only in ``read_rows`` and never calls a model.
"""

from __future__ import annotations

import gzip
import json
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from modelrouter.detect.base import Detector
from modelrouter.detect.learned.calibration import Bin, expected_calibration_error, reliability
from modelrouter.types import ChatRequest, messages_from


@dataclass(frozen=True, slots=True)
class LabelScore:
    """Precision, recall and F1 of one label, and how many rows carry it."""

    precision: float
    recall: float
    f1: float
    support: int


@dataclass(frozen=True, slots=True)
class DetectorReport:
    """How a detector did on a labelled set."""

    detector: str
    n: int
    accuracy: float
    labels: dict[str, LabelScore] = field(default_factory=dict)
    confusion: dict[str, dict[str, int]] = field(default_factory=dict)
    sources: dict[str, tuple[int, float]] = field(default_factory=dict)  # n, accuracy
    calibration: list[Bin] = field(default_factory=list)

    @property
    def ece(self) -> float:
        """Expected calibration error of the confidences (10 equal-width bins)."""
        return expected_calibration_error(self.calibration)

    def to_json(self) -> dict[str, Any]:
        """A JSON-ready object: detector, n, accuracy, per-label scores, confusion."""
        return {
            "detector": self.detector,
            "n": self.n,
            "accuracy": round(self.accuracy, 4),
            "labels": {
                name: {
                    "precision": round(s.precision, 4),
                    "recall": round(s.recall, 4),
                    "f1": round(s.f1, 4),
                    "support": s.support,
                }
                for name, s in self.labels.items()
            },
            "confusion": self.confusion,
            **({"sources": self._sources_json()} if self.sources else {}),
            "calibration": {
                "ece": round(self.ece, 4),
                "bins": [
                    {
                        "low": b.low,
                        "high": b.high,
                        "n": b.n,
                        "confidence": round(b.confidence, 4),
                        "accuracy": round(b.accuracy, 4),
                    }
                    for b in self.calibration
                ],
            },
        }

    def _sources_json(self) -> dict[str, dict[str, float]]:
        return {
            name: {"n": n, "accuracy": round(accuracy, 4)}
            for name, (n, accuracy) in self.sources.items()
        }

    def format_table(self) -> str:
        """Plain text: accuracy, a per-label precision/recall table, the confusion matrix."""
        lines = [f"{self.detector}: accuracy {self.accuracy:.3f} on {self.n} rows", ""]
        width = max([len("label"), *(len(name) for name in self.labels)])
        lines.append(f"{'label':<{width}}  precision  recall     f1  support")
        for name, s in self.labels.items():
            lines.append(
                f"{name:<{width}}  {s.precision:9.3f}  {s.recall:6.3f}  {s.f1:5.3f}  {s.support:7d}"
            )
        lines.extend(["", "confusion (rows: true label, columns: predicted)"])
        columns = list(self.labels)
        short = [name[:8] for name in columns]
        lines.append(" " * width + "".join(f"  {c:>8}" for c in short))
        for true in columns:
            row = self.confusion.get(true, {})
            lines.append(f"{true:<{width}}" + "".join(f"  {row.get(p, 0):>8}" for p in columns))
        if self.sources:
            lines.extend(["", "accuracy per source"])
            side = max(len(name) for name in self.sources)
            for name, (n, accuracy) in self.sources.items():
                lines.append(f"{name:<{side}}  {accuracy:6.3f}  ({n} rows)")
        lines.extend(["", f"calibration: expected calibration error {self.ece:.3f}"])
        lines.extend(
            f"  confidence {b.low:.1f}-{b.high:.1f}: {b.n:5d} rows, mean {b.confidence:.3f},"
            f" right {b.accuracy:.3f}"
            for b in self.calibration
        )
        return "\n".join(lines)


def request_of(row: Mapping[str, Any]) -> ChatRequest:
    """The request a row stands for: its ``messages`` when present, else its ``prompt``."""
    messages = row.get("messages")
    if messages:
        return ChatRequest(messages=messages_from(messages))
    return ChatRequest(messages=messages_from(str(row["prompt"])))


def evaluate(
    detector: Detector,
    rows: Iterable[Mapping[str, Any]],
    label_map: Mapping[str, str] | None = None,
) -> DetectorReport:
    """Run ``detector`` on every row and compare with the row's label (mapped by label_map)."""
    mapping = label_map or {}
    pairs: list[tuple[str, str]] = []
    sources: dict[str, list[bool]] = {}
    confidences: list[float] = []
    for row in rows:
        raw = str(row["label"] if "label" in row else row["task"])
        label = mapping.get(raw, raw)
        if label == "-":
            continue
        choice = detector.detect(request_of(row))
        pairs.append((label, choice.task))
        confidences.append(choice.confidence)
        if "source" in row:
            sources.setdefault(str(row["source"]), []).append(choice.task == label)
    report = _report(getattr(detector, "name", type(detector).__name__), pairs)
    hits = [true == predicted for true, predicted in pairs]
    return replace(
        report,
        sources={name: (len(h), sum(h) / len(h)) for name, h in sorted(sources.items())},
        calibration=reliability(confidences, hits),
    )


def _report(name: str, pairs: list[tuple[str, str]]) -> DetectorReport:
    labels = sorted({true for true, _ in pairs} | {predicted for _, predicted in pairs})
    confusion: dict[str, dict[str, int]] = {label: {} for label in labels}
    for true, predicted in pairs:
        confusion[true][predicted] = confusion[true].get(predicted, 0) + 1
    scores: dict[str, LabelScore] = {}
    for label in labels:
        hits = confusion[label].get(label, 0)
        support = sum(confusion[label].values())
        chosen = sum(row.get(label, 0) for row in confusion.values())
        precision = hits / chosen if chosen else 0.0
        recall = hits / support if support else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        scores[label] = LabelScore(precision, recall, f1, support)
    correct = sum(1 for true, predicted in pairs if true == predicted)
    accuracy = correct / len(pairs) if pairs else 0.0
    return DetectorReport(name, len(pairs), accuracy, scores, confusion)


def read_rows(path: str | Path) -> Iterator[dict[str, Any]]:
    """The rows of a .jsonl or .jsonl.gz file, skipping blank lines."""
    path = Path(path)
    opener = gzip.open if path.name.endswith(".gz") else open
    with opener(path, "rt", encoding="utf-8") as handle:
        for line in handle:
            if line.strip():
                yield json.loads(line)
