"""The learned detector's weights: a linear head over hashed n-grams and structural bins.

A model is two files: ``NAME.npz`` (arrays, read with ``allow_pickle=False``) and
``NAME.json`` (classes, hashing parameters, temperature, training metadata). Loading
executes nothing from either file. The shipped model is package data
(``modelrouter/detect/learned/data/detector.*``).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from modelrouter.detect.learned.features import (
    BINS,
    DENSE_SIZE,
    FEATURES_VERSION,
    Features,
    HashSpec,
)
from modelrouter.errors import ConfigError

FloatArray = npt.NDArray[np.float32]
PACKAGED = "detector"
FORMAT = 1


@dataclass(frozen=True, slots=True)
class LinearModel:
    """Logits = the n-gram rows summed and scaled by 1/sqrt(n) + the bin rows + bias."""

    classes: tuple[str, ...]
    spec: HashSpec
    weights: FloatArray  # (buckets + dense features, classes)
    bias: FloatArray  # (classes,)
    temperature: float = 1.0
    metadata: dict[str, Any] = field(default_factory=dict)

    def logits(self, features: Features) -> FloatArray:
        """Uncalibrated class scores of one message's features."""
        scores: FloatArray = self.bias + features.values @ self.weights.take(features.ids, axis=0)
        return scores

    def save(self, stem: Path) -> tuple[Path, Path]:
        """Write ``stem.npz`` and ``stem.json``; return both paths."""
        stem.parent.mkdir(parents=True, exist_ok=True)
        arrays, meta = stem.with_suffix(".npz"), stem.with_suffix(".json")
        np.savez_compressed(
            arrays, weights=self.weights.astype(np.float16), bias=self.bias.astype(np.float32)
        )
        description = {
            "format": FORMAT,
            "classes": list(self.classes),
            "hash": {
                "bits": self.spec.bits,
                "orders": list(self.spec.orders),
                "head": self.spec.head,
                "tail": self.spec.tail,
            },
            "features_version": FEATURES_VERSION,
            "bins": {name: list(edges) for name, edges in BINS.items()},
            "temperature": self.temperature,
            "metadata": self.metadata,
        }
        meta.write_text(json.dumps(description, indent=1, ensure_ascii=False) + "\n")
        return arrays, meta


def load_model(stem: Path | None = None) -> LinearModel:
    """The model at ``stem`` (.npz + .json), or the one shipped with the package."""
    if stem is None:
        data = resources.files("modelrouter.detect.learned") / "data"
        meta_text = (data / f"{PACKAGED}.json").read_text(encoding="utf-8")
        with (data / f"{PACKAGED}.npz").open("rb") as handle:
            return _build(json.loads(meta_text), handle, f"package data {PACKAGED}")
    try:
        meta = json.loads(stem.with_suffix(".json").read_text(encoding="utf-8"))
        with stem.with_suffix(".npz").open("rb") as handle:
            return _build(meta, handle, str(stem))
    except OSError as exc:
        raise ConfigError(f"detector model {stem}: {exc}") from exc


def _build(meta: dict[str, Any], handle: Any, where: str) -> LinearModel:
    bins = {name: list(edges) for name, edges in BINS.items()}
    if (
        meta.get("format") != FORMAT
        or meta.get("features_version") != FEATURES_VERSION
        or meta.get("bins") != bins
    ):
        raise ConfigError(f"detector model {where}: made for another version of the features")
    hashing = meta["hash"]
    spec = HashSpec(
        bits=int(hashing["bits"]),
        orders=tuple(int(o) for o in hashing["orders"]),
        head=int(hashing["head"]),
        tail=int(hashing["tail"]),
    )
    with np.load(handle, allow_pickle=False) as arrays:
        weights = np.asarray(arrays["weights"], dtype=np.float32)
        bias = np.asarray(arrays["bias"], dtype=np.float32)
    classes = tuple(str(c) for c in meta["classes"])
    if weights.shape != (spec.size + DENSE_SIZE, len(classes)) or bias.shape != (len(classes),):
        raise ConfigError(f"detector model {where}: arrays do not match its description")
    return LinearModel(
        classes, spec, weights, bias, float(meta["temperature"]), dict(meta.get("metadata", {}))
    )
