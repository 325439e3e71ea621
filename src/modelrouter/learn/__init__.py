"""Learned routing, offline: outcome files, policies fitted on train rows, and their
evaluation on test rows (``modelrouter eval routing``).

This package's modules need numpy; importing the package itself does not (the command
line lists the policy names from here without loading them). Test rows never reach a
``fit``: ``learn.data.train_test`` hands out train and test as separate copies.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from modelrouter.learn.policies import KnobPolicy

# The shipped policies ``eval routing --policy`` accepts: name -> "module:class".
POLICIES: dict[str, str] = {
    "cascade": "modelrouter.learn.cascade:Cascade",
    "combined": "modelrouter.learn.combined:Combined",
    "learned": "modelrouter.learn.learned:Learned",
    "task-means": "modelrouter.learn.policies:TaskMeans",
}
# The project's default learned policy: headlined by ``eval routing``, fitted by ``train``.
DEFAULT_POLICY = "learned"


def policy_names() -> list[str]:
    """The shipped policy names, the default first."""
    return [DEFAULT_POLICY, *sorted(set(POLICIES) - {DEFAULT_POLICY})]


def make_policy(name: str) -> KnobPolicy:
    """A fresh instance of the shipped policy ``name``."""
    module_name, _, attribute = POLICIES[name].partition(":")
    factory = getattr(importlib.import_module(module_name), attribute)
    policy: KnobPolicy = factory()
    return policy


def make_policies(names: list[str]) -> list[KnobPolicy]:
    """Fresh instances of the shipped policies ``names``; ``combined`` shares the
    ``learned`` instance, so one evaluation fits the learned router once per fold."""
    policies = {name: make_policy(name) for name in names if name != "combined"}
    if "combined" in names:
        from modelrouter.learn.combined import Combined  # noqa: PLC0415 - numpy on demand
        from modelrouter.learn.learned import Learned  # noqa: PLC0415

        learned = policies.get("learned")
        policies["combined"] = Combined(learned if isinstance(learned, Learned) else None)
    return [policies[name] for name in names]
