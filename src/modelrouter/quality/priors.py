"""Priors of the quality estimates: what offline data says each model scores per task.

From an outcome file (the shared data format; train split only): the mean score per
(task label, model) and per model over all labels. From a router written by
``modelrouter train`` (JSON): its stored per-label and per-detected-type means (the
labels win where both name a task) and its all-prompt means. A task the data does not
name takes the model's overall mean. A model the file does not hold takes its catalog
prior: ``ADEQUATE`` when its strength reaches the task's ``min_strength`` (the same
adequacy the economy mode uses), else ``ADEQUATE`` scaled by strength / min_strength.
So without data the adaptive policy starts from the cheapest adequate model and the
evidence moves it; with a flat strength / 100 it would start every task on the strongest,
most expensive model. The priors weigh ``quality.prior_weight`` observations.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from modelrouter.config.schema import Settings
from modelrouter.errors import ConfigError

ADEQUATE = 0.9
"""The catalog prior of a model strong enough for the task (a judged-good answer rate)."""


@dataclass(frozen=True, slots=True)
class Priors:
    """Prior mean quality per (task, model) and per model; the source of each."""

    by_task: dict[tuple[str, str], float] = field(default_factory=dict)
    by_model: dict[str, float] = field(default_factory=dict)
    strengths: dict[str, float] = field(default_factory=dict)
    source: str = "catalog strength"
    min_strengths: dict[str, float] = field(default_factory=dict)

    def get(self, task: str, model: str) -> tuple[float, str]:
        """The prior mean of ``model`` on ``task`` and where it comes from."""
        if (task, model) in self.by_task:
            return self.by_task[task, model], f"{self.source} ({task})"
        if model in self.by_model:
            return self.by_model[model], f"{self.source} (all tasks)"
        return self.catalog(task, model), "catalog strength"

    def catalog(self, task: str, model: str) -> float:
        """``ADEQUATE`` for a model at least as strong as ``task`` asks, less below it;
        strength / 100 where the task sets no minimum; 0.5 for a model not in the catalog."""
        strength = self.strengths.get(model)
        if strength is None:
            return 0.5
        needed = self.min_strengths.get(task, 0.0)
        if needed <= 0:
            return strength
        return ADEQUATE * min(1.0, strength / needed)


def load_priors(settings: Settings) -> Priors:
    """The priors ``quality.priors`` names (an outcome file), else catalog strengths."""
    strengths = {m: spec.strength / 100 for m, spec in settings.models.items()}
    needed = {t: spec.min_strength / 100 for t, spec in settings.tasks.items()}
    spec = settings.quality
    if spec.priors is None:
        return Priors(strengths=strengths, min_strengths=needed)
    path = Path(spec.priors)
    if path.suffix == ".json":
        return _router_priors(path, spec.prior_models, strengths, needed)
    if not path.name.endswith((".jsonl", ".jsonl.gz")):
        raise ConfigError(
            f"quality.priors: {path} is neither an outcome file (.jsonl, .jsonl.gz) "
            "nor a router file (.json)"
        )
    from modelrouter.learn.data import TRAIN, load_outcomes  # noqa: PLC0415 - numpy on demand

    outcomes = load_outcomes(path)
    train = outcomes.subset([i for i, s in enumerate(outcomes.splits) if s == TRAIN])
    if not len(train):
        raise ConfigError(f"quality.priors: {path} has no train rows")
    names = [spec.prior_models.get(m, m) for m in train.models]
    by_task: dict[tuple[str, str], float] = {}
    for label in sorted(set(train.tasks)):
        rows = [i for i, t in enumerate(train.tasks) if t == label]
        means = train.scores[rows].mean(axis=0)
        by_task.update({(label, m): float(q) for m, q in zip(names, means, strict=True)})
    overall = train.scores.mean(axis=0)
    by_model = {m: float(q) for m, q in zip(names, overall, strict=True)}
    return Priors(by_task, by_model, strengths, f"priors file {path.name}", needed)


def _router_priors(
    path: Path, names: dict[str, str], strengths: dict[str, float], needed: dict[str, float]
) -> Priors:
    """Priors from a trained router's stored group means."""
    from modelrouter.learn.store import load_router  # noqa: PLC0415 - numpy on demand

    router = load_router(path)
    models = [names.get(m, m) for m in router.models]
    by_task: dict[tuple[str, str], float] = {}
    features = router.features
    for groups, means in (
        (features.detected, router.by_detected),
        (features.labels, router.by_label),
    ):
        for code, label in enumerate(groups):
            if means.counts[code] > 0:
                row = means.quality[code]
                by_task.update({(label, m): float(q) for m, q in zip(models, row, strict=True)})
    overall = router.by_label.quality[-1]
    by_model = {m: float(q) for m, q in zip(models, overall, strict=True)}
    return Priors(by_task, by_model, strengths, f"router {path.name}", needed)
