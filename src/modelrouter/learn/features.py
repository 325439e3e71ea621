"""Prompt features for the learned router: TF-IDF n-grams, shape, script, task.

``fit_features`` learns, from train prompts only, the vocabularies and IDF weights of two
TF-IDF encoders (words 1-2, characters 2-4 within word bounds), the scaling of a few
dense shape features (length, numbers, script, code marks) and the task categories (the
file's task label and the task type our ``RulesDetector`` sees). ``Features.matrix``
turns prompts into one sparse matrix. Every fitted part is plain data (lists, dicts,
arrays) so ``store`` can write it as JSON and .npz; nothing here is ever pickled.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

import numpy as np
import scipy.sparse as sp  # type: ignore[import-untyped]
import yaml
from numpy.typing import NDArray
from sklearn.feature_extraction.text import TfidfVectorizer  # type: ignore[import-untyped]

import modelrouter.config
from modelrouter.config.schema import TaskType
from modelrouter.detect.evaluate import request_of
from modelrouter.detect.rules import RulesDetector
from modelrouter.learn.data import Inputs

Floats = NDArray[np.float64]
MAX_CHARS = 2000  # longer prompts are cut for the n-gram encoders (speed, not signal)
WORD = {"analyzer": "word", "ngram_range": (1, 2), "max_features": 20000, "min_df": 2}
CHAR = {"analyzer": "char_wb", "ngram_range": (3, 4), "max_features": 20000, "min_df": 3}
SCRIPTS = ("latin", "cjk", "cyrillic", "arabic", "greek", "other")
_NUMBER = re.compile(r"\d+(?:[.,]\d+)?")
_CODE = re.compile(r"```|\bdef |\breturn\b|[{};]\s*$|\bclass \w+|#include|=>", re.MULTILINE)
DENSE = ("log_chars", "log_words", "log_lines", "log_numbers", "digit_share", "code_marks",
         "question_mark", "choices", *(f"script_{s}" for s in SCRIPTS))  # fmt: skip
_CHOICES = re.compile(r"^[ \t]*\(?[A-Ha-h][.)]\s", re.MULTILINE)


@dataclass(frozen=True, slots=True)
class Encoder:
    """A fitted TF-IDF encoder as data: its settings, vocabulary and IDF weights."""

    settings: dict[str, Any]
    vocabulary: dict[str, int]
    idf: Floats

    def transform(self, texts: Sequence[str]) -> Any:
        """The L2-normalised TF-IDF rows of ``texts`` (scipy CSR), as the fitted
        ``TfidfVectorizer`` (sublinear tf) gives them; counted here with its analyzer, since
        its own ``transform`` costs milliseconds of checks per call, too slow per request."""
        if not self.vocabulary:  # too little text to learn any term: no columns
            return sp.csr_matrix((len(texts), 0), dtype=np.float64)
        analyze = _analyzer(tuple(sorted(self.settings.items())))
        indptr, indices, values = [0], [], []
        for text in texts:
            counts: dict[int, int] = {}
            for term in analyze(text[:MAX_CHARS]):
                column = self.vocabulary.get(term)
                if column is not None:
                    counts[column] = counts.get(column, 0) + 1
            columns = np.fromiter(counts, dtype=np.int64, count=len(counts))
            tf = np.fromiter(counts.values(), dtype=np.float64, count=len(counts))
            weights = (1.0 + np.log(tf)) * self.idf[columns]
            norm = float(np.sqrt(weights @ weights))
            indices.append(columns)
            values.append(weights / norm if norm > 0 else weights)
            indptr.append(indptr[-1] + len(counts))
        return sp.csr_matrix(
            (
                np.concatenate([[], *values]),
                np.concatenate([[], *indices]).astype(np.int64),
                indptr,
            ),
            shape=(len(texts), len(self.idf)),
        )


@lru_cache(maxsize=8)
def _analyzer(settings: tuple[tuple[str, Any], ...]) -> Any:
    """The text -> terms function of a vectorizer with these settings (no vocabulary)."""
    return _vectorizer(dict(settings), None).build_analyzer()


@dataclass(frozen=True, slots=True)
class Features:
    """Everything needed to turn prompts into the router's feature matrix."""

    word: Encoder
    char: Encoder
    dense_mean: Floats
    dense_scale: Floats
    labels: tuple[str, ...]
    detected: tuple[str, ...]

    def categories(self, inputs: Inputs) -> tuple[NDArray[np.intp], NDArray[np.intp]]:
        """Per prompt: index of its task label and of its detected task type (len = unseen)."""
        detected = inputs.detected if inputs.detected is not None else detect_tasks(inputs)
        return _codes(inputs.tasks, self.labels), _codes(detected, self.detected)

    def matrix(self, inputs: Inputs) -> Any:
        """The sparse feature matrix: word and char TF-IDF, dense shape, task one-hots."""
        label, detected = self.categories(inputs)
        dense = (shape_features(inputs.prompts) - self.dense_mean) / self.dense_scale
        blocks = [
            self.word.transform(inputs.prompts),
            self.char.transform(inputs.prompts),
            sp.csr_matrix(dense),
            _one_hot(label, len(self.labels)),
            _one_hot(detected, len(self.detected)),
        ]
        return sp.hstack(blocks, format="csr")


def fit_features(inputs: Inputs) -> Features:
    """Fit every encoder on ``inputs`` (train prompts only)."""
    dense = shape_features(inputs.prompts)
    scale = dense.std(axis=0)
    return Features(
        word=_fit_encoder(WORD, inputs.prompts),
        char=_fit_encoder(CHAR, inputs.prompts),
        dense_mean=dense.mean(axis=0),
        dense_scale=np.where(scale > 0, scale, 1.0),
        labels=tuple(sorted(set(inputs.tasks))),
        detected=tuple(sorted(set(detect_tasks(inputs)))),
    )


def _fit_encoder(settings: Mapping[str, Any], texts: Sequence[str]) -> Encoder:
    vectorizer = _vectorizer(dict(settings), None)
    try:
        vectorizer.fit([t[:MAX_CHARS] for t in texts])
    except ValueError:  # no term frequent enough (tiny or empty training text)
        return Encoder(dict(settings), {}, np.zeros(0, dtype=np.float64))
    vocabulary = {str(k): int(v) for k, v in vectorizer.vocabulary_.items()}
    return Encoder(dict(settings), vocabulary, np.asarray(vectorizer.idf_, dtype=np.float64))


def _vectorizer(settings: dict[str, Any], vocabulary: dict[str, int] | None) -> Any:
    options = {k: v for k, v in settings.items() if k not in ("max_features", "min_df")}
    if vocabulary is None:
        options.update(max_features=settings["max_features"], min_df=settings["min_df"])
    options["ngram_range"] = tuple(options["ngram_range"])
    return TfidfVectorizer(
        vocabulary=vocabulary, sublinear_tf=True, dtype=np.float64, lowercase=True, **options
    )


def _codes(values: Sequence[str], known: Sequence[str]) -> NDArray[np.intp]:
    index = {v: i for i, v in enumerate(known)}
    return np.array([index.get(v, len(known)) for v in values], dtype=np.intp)


def _one_hot(codes: NDArray[np.intp], width: int) -> Any:
    """One column per known category; unseen categories get an all-zero row."""
    rows = np.flatnonzero(codes < width)
    data = np.ones(len(rows), dtype=np.float64)
    return sp.csr_matrix((data, (rows, codes[rows])), shape=(len(codes), width))


def shape_features(prompts: Sequence[str]) -> Floats:
    """The dense shape features of each prompt (columns as named in ``DENSE``)."""
    return np.array([_shape(p) for p in prompts], dtype=np.float64).reshape(-1, len(DENSE))


def _shape(text: str) -> list[float]:
    chars = max(len(text), 1)
    digits = sum(c.isdigit() for c in text)
    scripts = _script_shares(text)
    return [
        math.log1p(len(text)),
        math.log1p(len(text.split())),
        math.log1p(text.count("\n")),
        math.log1p(len(_NUMBER.findall(text))),
        digits / chars,
        min(len(_CODE.findall(text)), 10) / 10,
        float("?" in text),
        min(len(_CHOICES.findall(text)), 8) / 8,
        *scripts,
    ]


def _script_shares(text: str) -> list[float]:
    counts = dict.fromkeys(SCRIPTS, 0)
    for c in text[:MAX_CHARS]:
        if c.isalpha():
            counts[_script(c)] += 1
    total = sum(counts.values()) or 1
    return [counts[s] / total for s in SCRIPTS]


def _script(c: str) -> str:
    if c.isascii():
        return "latin"
    name = unicodedata.name(c, "")
    for script, marks in (
        ("latin", ("LATIN",)),
        ("cjk", ("CJK", "HIRAGANA", "KATAKANA", "HANGUL")),
        ("cyrillic", ("CYRILLIC",)),
        ("arabic", ("ARABIC", "HEBREW")),
        ("greek", ("GREEK",)),
    ):
        if name.startswith(marks):
            return script
    return "other"


def detect_tasks(inputs: Inputs) -> list[str]:
    """The task type our rules detector gives each prompt (built-in task types)."""
    return [_detect(p) for p in inputs.prompts]


@lru_cache(maxsize=65536)
def _detect(prompt: str) -> str:
    # cached: cross-validation asks for the same prompts once per fold
    return _detector().detect(request_of({"prompt": prompt or " "})).task


@cache
def _detector() -> RulesDetector:
    path = Path(modelrouter.config.__file__).parent / "default_tasks.yaml"
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))["tasks"]
    tasks = {name: TaskType.model_validate(spec) for name, spec in raw.items()}
    return RulesDetector(tasks, "simple")
