"""Saving and loading a fitted ``LearnedRouter`` in a safe format: JSON and .npz, never pickle.

A router file ``NAME.json`` holds the format version, the training metadata and every
non-array parameter (models, TF-IDF settings and vocabularies, task categories, knob
unit); its arrays (IDF weights, scaling, per-model weights, task tables, cost slopes) sit
beside it in ``NAME.npz``, written and read with ``allow_pickle=False``. Loading parses
JSON and numeric arrays only and checks every field: it never executes anything from the
files (no pickle, no imports named by the file, TF-IDF settings limited to known values).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np

from modelrouter.errors import ConfigError
from modelrouter.learn.features import CHAR, WORD, Encoder, Features
from modelrouter.learn.learned import GroupMeans, LearnedRouter

FORMAT = "modelrouter.learned-router"
VERSION = 1
_ANALYZERS = {"word", "char_wb", "char"}


def arrays_path(path: Path) -> Path:
    """The .npz file beside a router's JSON file."""
    return path.with_suffix(".npz")


def save_router(router: LearnedRouter, path: str | Path, metadata: dict[str, Any]) -> Path:
    """Write ``router`` to ``path`` (JSON) and its arrays beside it (.npz); returns the npz."""
    path = Path(path)
    features = router.features
    document = {
        "format": FORMAT,
        "version": VERSION,
        "policy": "learned",
        "knob": "lambda",
        "metadata": metadata,
        "models": list(router.models),
        "cost_unit": router.cost_unit,
        "shrink": router.shrink,
        "unseen_model": router.unseen_model,
        "labels": list(features.labels),
        "detected": list(features.detected),
        "word": {"settings": features.word.settings, "vocabulary": features.word.vocabulary},
        "char": {"settings": features.char.settings, "vocabulary": features.char.vocabulary},
    }
    arrays = {
        "word_idf": features.word.idf,
        "char_idf": features.char.idf,
        "dense_mean": features.dense_mean,
        "dense_scale": features.dense_scale,
        "coef": router.coef,
        "intercept": router.intercept,
        "cost_slope": router.cost_slope,
        **_table("label", router.by_label),
        **_table("detected", router.by_detected),
    }
    npz = arrays_path(path)
    with npz.open("wb") as handle:
        np.savez_compressed(handle, allow_pickle=False, **arrays)
    path.write_text(json.dumps(document, ensure_ascii=False, sort_keys=True), encoding="utf-8")
    return npz


def _table(prefix: str, table: GroupMeans) -> dict[str, np.ndarray]:
    return {
        f"{prefix}_quality": table.quality,
        f"{prefix}_cost": table.cost,
        f"{prefix}_counts": table.counts,
    }


def load_router(path: str | Path) -> LearnedRouter:
    """Read a router written by ``save_router`` (JSON and .npz only, no pickle)."""
    path = Path(path)
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
        with np.load(arrays_path(path), allow_pickle=False) as npz:
            arrays = {name: np.asarray(npz[name], dtype=np.float64) for name in npz.files}
    except (OSError, ValueError) as exc:
        raise ConfigError(f"{path}: not a readable router file ({exc})") from exc
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise ConfigError(f"{path}: not a {FORMAT} file")
    if document.get("version") != VERSION:
        raise ConfigError(f"{path}: router format version {document.get('version')!r} unknown")
    try:
        return _router(document, arrays)
    except (KeyError, TypeError, ValueError) as exc:
        raise ConfigError(f"{path}: invalid router file ({exc!r})") from exc


def load_metadata(path: str | Path) -> dict[str, Any]:
    """The training metadata recorded in a router file."""
    document = json.loads(Path(path).read_text(encoding="utf-8"))
    metadata: dict[str, Any] = document.get("metadata", {})
    return metadata


def _router(document: dict[str, Any], arrays: dict[str, np.ndarray]) -> LearnedRouter:
    models = tuple(str(m) for m in document["models"])
    features = Features(
        word=_encoder(document["word"], arrays["word_idf"], WORD),
        char=_encoder(document["char"], arrays["char_idf"], CHAR),
        dense_mean=arrays["dense_mean"],
        dense_scale=arrays["dense_scale"],
        labels=tuple(str(t) for t in document["labels"]),
        detected=tuple(str(t) for t in document["detected"]),
    )
    coef = arrays["coef"]
    width = len(features.word.idf) + len(features.char.idf) + len(features.dense_mean)
    width += len(features.labels) + len(features.detected)
    if coef.shape != (len(models), width):
        raise ValueError(f"coef shape {coef.shape} does not fit {len(models)} models x {width}")
    return LearnedRouter(
        models=models,
        features=features,
        coef=coef,
        intercept=arrays["intercept"],
        by_label=_group(arrays, "label"),
        by_detected=_group(arrays, "detected"),
        cost_slope=arrays["cost_slope"],
        cost_unit=float(document["cost_unit"]),
        shrink=float(document["shrink"]),
        unseen_model=bool(document.get("unseen_model", True)),
    )


def _group(arrays: dict[str, np.ndarray], prefix: str) -> GroupMeans:
    return GroupMeans(
        quality=arrays[f"{prefix}_quality"],
        cost=arrays[f"{prefix}_cost"],
        counts=arrays[f"{prefix}_counts"],
    )


def _encoder(raw: dict[str, Any], idf: np.ndarray, expected: dict[str, Any]) -> Encoder:
    settings = dict(raw["settings"])
    if set(settings) != set(expected) or settings["analyzer"] not in _ANALYZERS:
        raise ValueError(f"unexpected TF-IDF settings {sorted(settings)}")
    low, high = (int(n) for n in settings["ngram_range"])
    settings["ngram_range"] = (low, high)
    vocabulary = {str(term): int(i) for term, i in dict(raw["vocabulary"]).items()}
    if sorted(vocabulary.values()) != list(range(len(idf))):
        raise ValueError("TF-IDF vocabulary does not match its IDF weights")
    return Encoder(settings, vocabulary, idf)
