"""The learned answer check, as a file the gateway can serve: fitted, saved, loaded.

It is the check the ``cascade`` and ``combined`` policies use offline (``cascade.py``): a
logistic regression predicting P(the answer is good) from the answer's words, whether it
states one final answer, its numbers, hedging, and the shape of prompt and answer;
fitted on the train rows where the cheap first model's response was recorded. Served
(``check/learned.py``), it judges any answer to a prompt of the task types it was
trained on: ``tasks``, the types the configured detector gives at least ``MIN_TASK_SHARE``
of its training prompts (the detector of the settings ``train`` ran with).

Files: ``NAME.json`` (format, version, vocabulary and settings of the word encoder,
task types, metadata) and ``NAME.npz`` (IDF weights, coefficients), written and read
without pickle, like the router files (``store``).
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray

from modelrouter.errors import ConfigError
from modelrouter.learn.cascade import RESPONSE_WORDS, Cascade, answer_matrix
from modelrouter.learn.data import Outcomes
from modelrouter.learn.features import DENSE, Encoder
from modelrouter.learn.learned import Labeller, _sigmoid

FORMAT = "modelrouter.answer-check"
VERSION = 1
MIN_TASK_SHARE = 0.1
_SUFFIX = ".answer-check"
ANSWER_DENSE = 5  # columns of ``cascade.answer_features``


@dataclass(frozen=True, slots=True)
class AnswerCheckModel:
    """A fitted answer check: P(good) of an answer to a prompt, for some task types."""

    words: Encoder
    coef: NDArray[np.float64]
    intercept: float
    tasks: tuple[str, ...]
    metadata: dict[str, Any]

    def confidence(self, prompts: list[str], answers: list[str | None]) -> NDArray[np.float64]:
        """P(the answer is good), one per (prompt, answer)."""
        x: Any = answer_matrix(self.words, prompts, answers)
        return _sigmoid(np.asarray(x @ self.coef) + self.intercept)


def fit_answer_check(train: Outcomes, labeller: Labeller) -> AnswerCheckModel | None:
    """The cascade's check fitted on ``train`` (None when no model other than the best
    single one has recorded responses), with the task types it may judge."""
    cascade = Cascade()
    if not cascade.applies(train):
        return None
    fit = cascade.fit(train)
    answered = [i for i, r in enumerate(train.responses) if r[fit.first]]
    counts = Counter(labeller([train.inputs.prompts[i] for i in answered]))
    tasks = tuple(sorted(t for t, n in counts.items() if n >= MIN_TASK_SHARE * len(answered)))
    metadata = {
        "model": train.models[fit.first],
        "n_train": len(answered),
        "good_share": float(np.mean(train.scores[answered, fit.first] >= 0.5)),
        "detector": getattr(labeller, "name", "custom"),
        "task_counts": dict(sorted(counts.items())),
    }
    return AnswerCheckModel(fit.words, fit.coef, fit.intercept, tasks, metadata)


def check_path(router_path: Path) -> Path:
    """Where ``train`` writes the answer check beside a router file."""
    return router_path.with_name(router_path.stem + _SUFFIX + ".json")


def save_answer_check(model: AnswerCheckModel, path: Path, metadata: dict[str, Any]) -> Path:
    """Write ``model`` to ``path`` (JSON) and its arrays beside it (.npz); returns the npz."""
    document = {
        "format": FORMAT,
        "version": VERSION,
        "tasks": list(model.tasks),
        "intercept": model.intercept,
        "metadata": {**model.metadata, **metadata},
        "words": {"settings": model.words.settings, "vocabulary": model.words.vocabulary},
    }
    npz = path.with_suffix(".npz")
    with npz.open("wb") as handle:
        np.savez_compressed(handle, allow_pickle=False, idf=model.words.idf, coef=model.coef)
    path.write_text(json.dumps(document, ensure_ascii=False, sort_keys=True), encoding="utf-8")
    return npz


def load_answer_check(path: Path) -> AnswerCheckModel:
    """Read a check written by ``save_answer_check`` (JSON and .npz only, no pickle)."""
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
        with np.load(path.with_suffix(".npz"), allow_pickle=False) as npz:
            idf = np.asarray(npz["idf"], dtype=np.float64)
            coef = np.asarray(npz["coef"], dtype=np.float64)
    except (OSError, ValueError, KeyError) as exc:
        raise ConfigError(f"{path}: not a readable answer-check file ({exc})") from exc
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise ConfigError(f"{path}: not a {FORMAT} file")
    if document.get("version") != VERSION:
        raise ConfigError(f"{path}: answer-check format version {document.get('version')!r}")
    try:
        return _model(document, idf, coef)
    except (KeyError, TypeError, ValueError) as exc:
        raise ConfigError(f"{path}: invalid answer-check file ({exc!r})") from exc


def _model(document: dict[str, Any], idf: np.ndarray, coef: np.ndarray) -> AnswerCheckModel:
    settings = dict(document["words"]["settings"])
    if set(settings) != set(RESPONSE_WORDS) or settings["analyzer"] != "word":
        raise ValueError(f"unexpected TF-IDF settings {sorted(settings)}")
    settings["ngram_range"] = tuple(int(n) for n in settings["ngram_range"])
    vocabulary = {str(t): int(i) for t, i in dict(document["words"]["vocabulary"]).items()}
    if sorted(vocabulary.values()) != list(range(len(idf))):
        raise ValueError("TF-IDF vocabulary does not match its IDF weights")
    words = Encoder(settings, vocabulary, idf)
    if coef.ndim != 1 or coef.shape[0] != len(idf) + ANSWER_DENSE + 2 * len(DENSE):
        raise ValueError(f"coefficients of shape {coef.shape} do not fit {len(idf)} words")
    tasks = tuple(str(t) for t in document["tasks"])
    metadata = dict(document.get("metadata", {}))
    return AnswerCheckModel(words, coef, float(document["intercept"]), tasks, metadata)
