"""Training the learned router for ``modelrouter train``, and evaluating a saved one.

``train_router`` fits on the train rows only: it cross-validates the knob on them (the
out-of-fold curve is stored with the router, so a later evaluation chooses operating
points without refitting), refits on all train rows and returns the router and its
training metadata. ``SavedPolicy`` wraps a loaded router as a knob policy whose
"fit" returns the saved router and whose operating points come from its stored curve.
"""

from __future__ import annotations

import hashlib
import platform
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from importlib.metadata import version
from pathlib import Path
from typing import Any

import numpy as np

from modelrouter.errors import ConfigError
from modelrouter.learn.crossval import FOLDS, SEED, Curve, out_of_fold
from modelrouter.learn.data import Outcomes, train_test
from modelrouter.learn.learned import Labeller, Learned, LearnedRouter
from modelrouter.learn.metrics import best_single

Floats = np.ndarray


def train_router(
    outcomes: Outcomes,
    source: Path,
    labeller: Labeller,
    folds: int = FOLDS,
    seed: int = SEED,
) -> tuple[LearnedRouter, dict[str, Any]]:
    """Fit the learned policy on the train rows of ``outcomes``, every prompt labelled
    with the task type ``labeller`` (the configured detector) gives it, as when serving;
    router and metadata."""
    train, _ = train_test(outcomes)
    policy = Learned(labeller=labeller)
    oof = out_of_fold(policy, train, folds, seed)
    router = replace(policy.fit(train), labeller=None)
    best = best_single(train.scores, train.costs)
    metadata = {
        **source_metadata(source),
        "n_train": len(train),
        "policy": {"name": policy.name, "c": policy.c, "shrink": policy.shrink},
        # the labels it was fitted on: the task types this detector gave the prompts
        "labels": {"detector": getattr(labeller, "name", "custom")},
        "cross_validation": {"folds": folds, "seed": seed},
        "best_single": {
            "model": train.models[best],
            "train_quality": float(train.scores[:, best].mean()),
            "train_cost": float(train.costs[:, best].sum()),
        },
        "train_oof_curve": {
            "knobs": oof.knobs.tolist(),
            "quality": oof.quality.tolist(),
            "cost": oof.cost.tolist(),
        },
    }
    return router, metadata


def source_metadata(source: Path) -> dict[str, Any]:
    """Where a fit came from: the file's name and sha256, when, and the library versions."""
    return {
        "source": source.name,
        "source_sha256": _sha256(source),
        "trained_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "versions": _versions(),
    }


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _versions() -> dict[str, str]:
    names = ("modelrouter", "numpy", "scikit-learn", "scipy")
    return {"python": platform.python_version(), **{n: version(n) for n in names}}


@dataclass(slots=True)
class SavedPolicy:
    """A router loaded from a file, as a knob policy: its curve on train was stored."""

    router: LearnedRouter
    metadata: dict[str, Any]
    name: str = "learned (saved)"
    knob: str = "lambda"

    @classmethod
    def of(cls, router: LearnedRouter, metadata: dict[str, Any], labeller: Labeller) -> SavedPolicy:
        """A saved router as a policy; one fitted on detected task types (``labels`` in
        its metadata) decides with ``labeller``'s, as the gateway does."""
        if "detector" in metadata.get("labels", {}):
            router = replace(router, labeller=labeller)
        return cls(router, metadata)

    def grid(self) -> Floats:
        """The knob values the router was cross-validated on."""
        return np.asarray(self.metadata["train_oof_curve"]["knobs"], dtype=np.float64)

    def fit(self, train: Outcomes) -> LearnedRouter:
        """The saved router (already fitted on its file's train rows); checks the models."""
        if tuple(train.models) != self.router.models:
            raise ConfigError(
                f"router was trained on models {list(self.router.models)}, "
                f"the file has {list(train.models)}"
            )
        return self.router

    def train_curve(self) -> Curve:
        """The out-of-fold train curve stored at training time."""
        raw = self.metadata["train_oof_curve"]
        return Curve(
            knobs=np.asarray(raw["knobs"], dtype=np.float64),
            quality=np.asarray(raw["quality"], dtype=np.float64),
            cost=np.asarray(raw["cost"], dtype=np.float64),
        )
