"""Outcome files as arrays: what every model scored and cost on every prompt.

An outcome file is gzipped JSON Lines (see ../shared/data/README.md): one prompt a line
with ``id``, ``split``, ``task``, ``prompt`` and ``outcomes`` {model: {score, cost_usd,
response}}. ``load_outcomes`` reads it into ``Outcomes`` (scores and costs as
n_prompts x n_models arrays, models in sorted order); ``train_test`` hands out the train
and test rows as two separate copies, so nothing fitted on the first can see the second.

A policy deciding for a prompt is given ``Inputs`` (id, task label, prompt), never the
outcomes: what it may look at is what a router has before it calls a model.
"""

from __future__ import annotations

import gzip
import json
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray

from modelrouter.errors import ConfigError

Floats = NDArray[np.float64]
Index = NDArray[np.intp]
TRAIN, TEST = "train", "test"


@dataclass(frozen=True, slots=True)
class Inputs:
    """What a router sees of each prompt before it calls a model."""

    ids: tuple[str, ...]
    tasks: tuple[str, ...]
    prompts: tuple[str, ...]
    detected: tuple[str, ...] | None = None  # task types, if already detected

    def __len__(self) -> int:
        return len(self.ids)


@dataclass(frozen=True, slots=True)
class Outcomes:
    """Prompts with every model's recorded score and cost (rows: prompts, columns: models)."""

    models: tuple[str, ...]
    inputs: Inputs
    splits: tuple[str, ...]
    scores: Floats
    costs: Floats
    responses: tuple[tuple[str | None, ...], ...]

    def __len__(self) -> int:
        return len(self.inputs)

    @property
    def tasks(self) -> tuple[str, ...]:
        """The task label of each prompt."""
        return self.inputs.tasks

    def subset(self, rows: Index | Sequence[int]) -> Outcomes:
        """A copy holding only ``rows``, in that order (arrays copied, never views)."""
        take = np.asarray(rows, dtype=np.intp)
        picked = [int(i) for i in take]
        inputs = self.inputs
        return Outcomes(
            models=self.models,
            inputs=Inputs(
                ids=tuple(inputs.ids[i] for i in picked),
                tasks=tuple(inputs.tasks[i] for i in picked),
                prompts=tuple(inputs.prompts[i] for i in picked),
            ),
            splits=tuple(self.splits[i] for i in picked),
            scores=self.scores[take].copy(),
            costs=self.costs[take].copy(),
            responses=tuple(self.responses[i] for i in picked),
        )

    def split_mask(self, split: str) -> NDArray[np.bool_]:
        """True for the rows of ``split``."""
        return np.array([s == split for s in self.splits], dtype=np.bool_)


def train_test(outcomes: Outcomes) -> tuple[Outcomes, Outcomes]:
    """The train rows and the test rows, as two independent copies."""
    train = np.flatnonzero(outcomes.split_mask(TRAIN))
    test = np.flatnonzero(outcomes.split_mask(TEST))
    if not len(train) or not len(test):
        raise ConfigError(f"need train and test rows; got {len(train)} train, {len(test)} test")
    return outcomes.subset(train), outcomes.subset(test)


def load_outcomes(path: str | Path) -> Outcomes:
    """Read an outcome file (.jsonl or .jsonl.gz) into arrays."""
    path = Path(path)
    rows = list(_read(path))
    if not rows:
        raise ConfigError(f"{path}: no rows")
    models = tuple(sorted(rows[0][1]["outcomes"]))
    ids: list[str] = []
    tasks: list[str] = []
    prompts: list[str] = []
    splits: list[str] = []
    scores = np.empty((len(rows), len(models)), dtype=np.float64)
    costs = np.empty_like(scores)
    responses: list[tuple[str | None, ...]] = []
    for i, (line, row) in enumerate(rows):
        where = f"{path}:{line}"
        outcomes = _field(row, "outcomes", dict, where)
        if tuple(sorted(outcomes)) != models:
            raise ConfigError(f"{where}: models {sorted(outcomes)} differ from {list(models)}")
        ids.append(str(_field(row, "id", str, where)))
        tasks.append(str(_field(row, "task", str, where)))
        prompts.append(str(row.get("prompt") or ""))
        splits.append(_split(row, where))
        for j, model in enumerate(models):
            scores[i, j], costs[i, j] = _score_and_cost(outcomes[model], f"{where} {model}")
        responses.append(tuple(outcomes[m].get("response") for m in models))
    return Outcomes(
        models=models,
        inputs=Inputs(tuple(ids), tuple(tasks), tuple(prompts)),
        splits=tuple(splits),
        scores=scores,
        costs=costs,
        responses=tuple(responses),
    )


def _read(path: Path) -> Iterator[tuple[int, dict[str, Any]]]:
    opener = gzip.open if path.name.endswith(".gz") else open
    with opener(path, "rt", encoding="utf-8") as handle:
        for number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
            except json.JSONDecodeError as exc:
                raise ConfigError(f"{path}:{number}: not JSON ({exc.msg})") from exc
            if not isinstance(row, dict):
                raise ConfigError(f"{path}:{number}: expected an object")
            yield number, row


def _field(row: dict[str, Any], name: str, kind: type, where: str) -> Any:
    value = row.get(name)
    if not isinstance(value, kind) or not value:
        raise ConfigError(f"{where}: missing or invalid {name!r}")
    return value


def _split(row: dict[str, Any], where: str) -> str:
    split = row.get("split")
    if split not in (TRAIN, TEST):
        raise ConfigError(f"{where}: split must be 'train' or 'test', got {split!r}")
    return str(split)


def _score_and_cost(outcome: Any, where: str) -> tuple[float, float]:
    if not isinstance(outcome, dict):
        raise ConfigError(f"{where}: outcome must be an object")
    score, cost = outcome.get("score"), outcome.get("cost_usd")
    if not isinstance(score, int | float) or not 0.0 <= score <= 1.0:
        raise ConfigError(f"{where}: score must be a number in [0, 1], got {score!r}")
    if not isinstance(cost, int | float) or cost < 0:
        raise ConfigError(f"{where}: cost_usd must be a number >= 0, got {cost!r}")
    return float(score), float(cost)
