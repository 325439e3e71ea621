"""Distil the blend into one linear model: the fast path of ``detect.learned.distilled``.

The teacher is the blend as configured, pooling rules and a learned model (no cascade);
its answer on every train row is the student's target, so the student learns the pooled
detectors' behaviour (the rules' vocabulary and structure included) rather than the
corpus's labels. The teacher is **cross-fitted**: the sources are dealt into ``GROUPS``
groups, and a row's answer comes from a blend whose learned model was fitted without the
row's group. So the student learns how the blend answers text from a source it never saw,
which is how it will meet live traffic; with the learned model fitted on all rows, the
teacher would mostly repeat the corpus's labels (measured: docs/detector.md, "The fast
path"). The student's features are the learned detector's plus one per configured
keyword (which keywords occur in the last user message's head and tail). Fitted like the
learned model (``train.fit``); its temperature on a held-out stratified tenth, against the
teacher's answers, so its probability reads as "the blend would answer the same".
Reproducible: same rows, same learned model, same configuration, same seed, same model.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from typing import Any

import numpy as np
import numpy.typing as npt
from scipy import sparse  # type: ignore[import-untyped]

from modelrouter.config.schema import TaskType
from modelrouter.detect.base import last_user_index
from modelrouter.detect.blend import BlendDetector
from modelrouter.detect.evaluate import request_of
from modelrouter.detect.learned.distilled import keyword_name
from modelrouter.detect.learned.model import LinearModel
from modelrouter.detect.learned.train import (
    calibration_mask,
    design,
    fit,
    fitted_arrays,
    out_of_fold_temperature,
    sample_weights,
    train_rows,
)
from modelrouter.detect.matcher import KeywordMatcher
from modelrouter.detect.text import window

GROUPS = 5


def teacher_answers(
    rows: list[Mapping[str, Any]],
    matrix: Any,
    tasks: Mapping[str, TaskType],
    default_task: str,
    learned: LinearModel,
    seed: int = 0,
) -> list[str]:
    """The pooled blend's task for each row, its learned side fitted without the row's
    group of sources (``matrix``: the rows' learned features; ``learned``: the model whose
    features, temperature and fit settings the group models share)."""
    sources = [str(row.get("source", "")) for row in rows]
    dealt = {source: i % GROUPS for i, source in enumerate(sorted(set(sources)))}
    group = np.array([dealt[source] for source in sources])
    labels = [str(row["label"]) for row in rows]
    targets = np.array([learned.classes.index(label) for label in labels], dtype=np.int64)
    weights = sample_weights(rows, labels)
    answers = [""] * len(rows)
    for part in range(GROUPS):
        inside = group == part
        if not inside.any():
            continue
        model = _without(matrix, targets, weights, ~inside, learned, seed) or learned
        teacher = BlendDetector(tasks, default_task, model, sure=None, fast_sure=None)
        for index in np.flatnonzero(inside):
            answers[index] = teacher.detect(request_of(rows[index])).task
    return answers


def _without(
    matrix: Any,
    targets: npt.NDArray[np.int64],
    weights: npt.NDArray[np.float64],
    rows: npt.NDArray[np.bool_],
    learned: LinearModel,
    seed: int,
) -> LinearModel | None:
    """``learned`` refitted on ``rows`` only (None when they hold fewer than two labels: a
    corpus of one source cannot be cross-fitted, and its teacher is ``learned`` itself)."""
    present = np.unique(targets[rows])
    if len(present) < 2:
        return None
    alpha = float(learned.metadata.get("alpha", 1e-5))
    coef, intercept = fitted_arrays(fit(matrix[rows], targets[rows], weights[rows], alpha, seed))
    scores = np.zeros((matrix.shape[1], len(learned.classes)), dtype=np.float32)
    bias = np.full(len(learned.classes), -30.0, dtype=np.float32)  # labels it never saw
    scores[:, present], bias[present] = coef, intercept
    return LinearModel(learned.classes, learned.spec, scores, bias, learned.temperature)


def keyword_matrix(rows: list[Mapping[str, Any]], matcher: KeywordMatcher) -> Any:
    """Which configured keywords occur in each row's last user message (head and tail)."""
    indices, indptr = [], [0]
    for row in rows:
        messages = request_of(row).messages
        hits = matcher.matching(window(messages[last_user_index(messages)].text()))
        indices.extend(sorted(hits))
        indptr.append(len(indices))
    return sparse.csr_matrix(
        (np.ones(len(indices), dtype=np.float32), np.asarray(indices, dtype=np.int64), indptr),
        shape=(len(rows), len(matcher.keys)),
    )


def distil(
    rows: Iterable[Mapping[str, Any]],
    tasks: Mapping[str, TaskType],
    default_task: str,
    learned: LinearModel,
    alpha: float = 1e-5,
    seed: int = 0,
    provenance: Mapping[str, Any] | None = None,
) -> LinearModel:
    """Fit the fast path's model on the teacher's answers over the train rows."""
    chosen = train_rows(rows)
    features = design(chosen, learned.spec).tocsr()
    answers = teacher_answers(chosen, features, tasks, default_task, learned, seed)
    classes = tuple(sorted(set(answers)))
    targets = np.array([classes.index(task) for task in answers], dtype=np.int64)
    matcher = KeywordMatcher(tasks)
    matrix = sparse.hstack([features, keyword_matrix(chosen, matcher)]).tocsr()
    weights = np.ones(len(chosen))
    held = calibration_mask(targets, seed)
    temperature, agreement = out_of_fold_temperature(matrix, targets, weights, [held], alpha, seed)
    final = fit(matrix, targets, weights, alpha, seed)
    metadata = {
        "n_train": len(chosen),
        "teacher": f"blend, rules and learned pooled, learned cross-fitted in {GROUPS} groups"
        " of sources",
        "teacher_answers": dict(sorted(Counter(answers).items())),
        "teacher_agrees_with_labels": round(
            sum(a == str(r.get("label")) for a, r in zip(answers, chosen, strict=True))
            / max(len(chosen), 1),
            4,
        ),
        "alpha": alpha,
        "seed": seed,
        "calibrated_on": "a stratified tenth of the train rows, against the teacher's answers",
        "out_of_fold_agreement": round(agreement, 4),
        **(provenance or {}),
    }
    return LinearModel(
        classes,
        learned.spec,
        *fitted_arrays(final),
        temperature,
        metadata,
        tuple(keyword_name(task, pattern) for task, pattern in matcher.keys),
    )
