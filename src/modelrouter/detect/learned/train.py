"""Fit the learned detector on the train split of a labelled prompt corpus.

Rows are the corpus's JSON lines (``prompt``, ``label``, optional ``messages``,
``source``, ``split``); only ``split == "train"`` rows are read into the fit (rows with
no ``split`` count as train, so a plain labelled file works too). The temperature is
fitted on scores of rows the scoring model did not see: the out-of-fold scores of one
named source (the project's dev set: unlike the templated public collections, so the
confidence is calibrated for traffic that looks unlike the corpus) or a held-out tenth.
The model is then refitted on all train rows and keeps that temperature. scikit-learn
is used here only, never on the request path. Training is deterministic for a given corpus and seed.
"""

from __future__ import annotations

import hashlib
import platform
from collections import Counter
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt
from scipy import sparse  # type: ignore[import-untyped]

from modelrouter.detect.evaluate import request_of
from modelrouter.detect.learned.calibration import fit_temperature
from modelrouter.detect.learned.features import DENSE_SIZE, HashSpec, request_features
from modelrouter.detect.learned.model import LinearModel

CALIBRATION_SHARE = 0.1
FOLDS = 3
EPOCHS = 10


def train_rows(rows: Iterable[Mapping[str, Any]]) -> list[Mapping[str, Any]]:
    """The rows of the train split (a row without ``split`` is a train row)."""
    return [row for row in rows if row.get("split", "train") == "train"]


def design(rows: list[Mapping[str, Any]], spec: HashSpec) -> Any:
    """The sparse design matrix of ``rows``: n-gram counts / sqrt(n), dense bins as 1."""
    data: list[npt.NDArray[np.float32]] = []
    indices: list[npt.NDArray[np.intp]] = []
    indptr = [0]
    for row in rows:
        found = request_features(request_of(row), spec)
        indices.append(found.ids)
        data.append(found.values)
        indptr.append(indptr[-1] + len(found.ids))
    matrix = sparse.csr_matrix(
        (np.concatenate(data), np.concatenate(indices), np.asarray(indptr)),
        shape=(len(rows), spec.size + DENSE_SIZE),
    )
    matrix.sum_duplicates()
    return matrix


def sample_weights(rows: list[Mapping[str, Any]], labels: list[str]) -> npt.NDArray[np.float64]:
    """Each label weighs the same in all; within a label, a large source counts with the
    square root of its size, so one big collection does not define the label."""
    per_label = Counter(labels)
    per_source = Counter(
        (label, str(row.get("source", ""))) for row, label in zip(rows, labels, strict=True)
    )
    raw = np.array(
        [
            1.0 / np.sqrt(per_source[(label, str(row.get("source", "")))])
            for row, label in zip(rows, labels, strict=True)
        ]
    )
    for label in per_label:
        mask = np.array([x == label for x in labels])
        raw[mask] *= len(rows) / len(per_label) / raw[mask].sum()
    return raw


def _fit(matrix: Any, targets: npt.NDArray[np.int64], weights: Any, alpha: float, seed: int) -> Any:
    """Logistic loss, one class against the rest, averaged SGD: seconds on 25K prompts where
    multinomial L-BFGS took minutes for the same accuracy; the temperature makes the
    softmax of its scores a calibrated probability."""
    from sklearn.linear_model import (  # type: ignore[import-untyped]  # noqa: PLC0415
        SGDClassifier,
    )

    model = SGDClassifier(
        loss="log_loss", alpha=alpha, max_iter=EPOCHS, tol=None, average=True, random_state=seed
    )
    model.fit(matrix, targets, sample_weight=weights)
    return model


def train_detector(
    rows: Iterable[Mapping[str, Any]],
    spec: HashSpec | None = None,
    alpha: float = 1e-5,
    seed: int = 0,
    provenance: Mapping[str, Any] | None = None,
    calibrate_on: str | None = None,
) -> LinearModel:
    """Fit a model on the train rows and its temperature on out-of-fold scores.

    The temperature is fitted on the rows of source ``calibrate_on`` (each scored by a
    model fitted without its fold, ``FOLDS`` folds), or, without one, on a held-out
    stratified tenth of all rows.
    """
    spec = spec or HashSpec()
    chosen = train_rows(rows)
    labels = [str(row["label"]) for row in chosen]
    classes = tuple(sorted(set(labels)))
    targets = np.array([classes.index(label) for label in labels], dtype=np.int64)
    matrix = design(chosen, spec)
    weights = sample_weights(chosen, labels)
    folds = _folds(chosen, targets, calibrate_on, seed)
    temperature, out_of_fold = _temperature(matrix, targets, weights, folds, alpha, seed)
    final = _fit(matrix, targets, weights, alpha, seed)
    metadata = {
        "n_train": len(chosen),
        "labels": dict(sorted(Counter(labels).items())),
        "sources": dict(sorted(Counter(str(r.get("source", "")) for r in chosen).items())),
        "alpha": alpha,
        "epochs": EPOCHS,
        "seed": seed,
        "calibrated_on": (
            f"out-of-fold scores of {calibrate_on} and a stratified tenth of the other rows,"
            " equally weighted"
            if calibrate_on
            else "a stratified tenth of the train rows"
        ),
        "calibration_rows": int(sum(int(fold.sum()) for fold in folds)),
        # accuracy on the calibration rows (of the named source when there is one), each
        # scored by a model fitted without it
        "out_of_fold_accuracy": round(out_of_fold, 4),
        "python": platform.python_version(),
        **(provenance or {}),
    }
    return LinearModel(
        classes,
        spec,
        np.ascontiguousarray(_two_columns(final.coef_.T), dtype=np.float32),
        np.asarray(_two_columns(final.intercept_[None, :])[0], dtype=np.float32),
        temperature,
        metadata,
    )


def _temperature(
    matrix: Any,
    targets: npt.NDArray[np.int64],
    weights: npt.NDArray[np.float64],
    folds: list[npt.NDArray[np.bool_]],
    alpha: float,
    seed: int,
) -> tuple[float, float]:
    """The temperature fitted on out-of-fold scores, and the accuracy of those scores.

    With several folds, the last is the tenth of the other rows and the others are the
    named source: the two groups weigh the same in the fit, whatever their sizes, and the
    accuracy is the named source's.
    """
    scores, truth = [], []
    for fold in folds:
        fitted = _fit(matrix[~fold], targets[~fold], weights[~fold], alpha, seed)
        scores.append(_two_columns(fitted.decision_function(matrix[fold])))
        truth.append(targets[fold])
    hits = np.concatenate(scores).argmax(axis=1) == np.concatenate(truth)
    if len(folds) == 1:
        return fit_temperature(scores[0], truth[0]), float(hits.mean())
    named = sum(len(t) for t in truth[:-1])
    group = np.concatenate(
        [np.full(named, 1.0 / named), np.full(len(truth[-1]), 1.0 / len(truth[-1]))]
    )
    temperature = fit_temperature(np.concatenate(scores), np.concatenate(truth), group)
    return temperature, float(hits[:named].mean())


def _two_columns(scores: Any) -> Any:
    """Two classes give one column of scores (for the second); softmax([0, s]) is the
    same probability, so a zero column is put first."""
    scores = np.asarray(scores)
    if scores.ndim == 1:
        scores = scores[:, None]
    if scores.shape[1] == 1:
        scores = np.hstack([np.zeros_like(scores), scores])
    return scores


def _folds(
    rows: list[Mapping[str, Any]], targets: npt.NDArray[np.int64], source: str | None, seed: int
) -> list[npt.NDArray[np.bool_]]:
    """Masks of the rows whose scores fit the temperature, one mask per fit: the named
    source in ``FOLDS`` folds (when given), then a stratified tenth of the other rows."""
    if source is None:
        return [_calibration_mask(targets, seed)]
    named = np.array([str(row.get("source", "")) == source for row in rows])
    where = np.flatnonzero(named)
    if not len(where):
        raise ValueError(f"no train rows from source {source!r} to calibrate on")
    np.random.default_rng(seed).shuffle(where)
    folds = []
    for part in np.array_split(where, FOLDS):
        mask = np.zeros(len(rows), dtype=bool)
        mask[part] = True
        folds.append(mask)
    folds.append(_calibration_mask(targets, seed) & ~named)
    return folds


def _calibration_mask(targets: npt.NDArray[np.int64], seed: int) -> npt.NDArray[np.bool_]:
    """A stratified ``CALIBRATION_SHARE`` of the rows, chosen by a seeded shuffle."""
    rng = np.random.default_rng(seed)
    held = np.zeros(len(targets), dtype=bool)
    for label in np.unique(targets):
        where = np.flatnonzero(targets == label)
        rng.shuffle(where)
        held[where[: max(1, int(len(where) * CALIBRATION_SHARE))]] = True
    return held


def file_digest(path: Path) -> str:
    """The SHA-256 of a file, for the model's provenance."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()
