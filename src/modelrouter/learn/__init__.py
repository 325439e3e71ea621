"""Learned routing, offline: outcome files, policies fitted on train rows, and their
evaluation on test rows (``modelrouter eval routing``).

This package's modules need numpy; importing the package itself does not (the command
line lists the policy names from here without loading them). Test rows never reach a
``fit``: ``learn.data.train_test`` hands out train and test as separate copies.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from modelrouter.learn.learned import Labeller
    from modelrouter.learn.policies import KnobPolicy

# The shipped policies ``eval routing --policy`` accepts: name -> "module:class".
POLICIES: dict[str, str] = {
    "cascade": "modelrouter.learn.cascade:Cascade",
    "combined": "modelrouter.learn.combined:Combined",
    "learned": "modelrouter.learn.learned:Learned",
    "learned-labels": "modelrouter.learn.learned:Learned",
    "learned-labels-served": "modelrouter.learn.learned:Learned",
    "task-means": "modelrouter.learn.policies:TaskMeans",
}
# The learned router's variants (issue 13 part 6), each with the detector's labeller
# (True) or without: ``learned`` is fitted on and decides with the task types the
# configured detector gives (as served); ``learned-labels`` is the router before, fitted
# on and judged with the file's benchmark labels (an offline-only figure);
# ``learned-labels-served`` is that router as the gateway served it (detected task types
# in place of labels, unseen labels routed by their type's means).
_LEARNED: dict[str, tuple[bool, dict[str, Any]]] = {
    "learned": (True, {}),
    "learned-labels": (False, {"unseen_model": False, "name": "learned-labels"}),
    "learned-labels-served": (
        True,
        {"fit_served": False, "unseen_model": False, "name": "learned-labels-served"},
    ),
}
# Evaluated only when named: comparisons with the router before issue 13 part 6.
COMPARISONS = ("learned-labels", "learned-labels-served")
# The project's default learned policy: headlined by ``eval routing``, fitted by ``train``.
DEFAULT_POLICY = "learned"


def policy_names() -> list[str]:
    """The shipped policy names, the default first."""
    return [DEFAULT_POLICY, *sorted(set(POLICIES) - {DEFAULT_POLICY})]


def default_policy_names() -> list[str]:
    """The policies ``eval routing`` runs when none is named (no comparison variants)."""
    return [name for name in policy_names() if name not in COMPARISONS]


def make_policy(name: str, labeller: Labeller | None = None) -> KnobPolicy:
    """A fresh instance of the shipped policy ``name`` (learned ones label prompts with
    ``labeller``, the configured detector; default: the built-in settings' detector)."""
    module_name, _, attribute = POLICIES[name].partition(":")
    factory = getattr(importlib.import_module(module_name), attribute)
    if name not in _LEARNED:
        policy: KnobPolicy = factory()
        return policy
    labelled, options = _LEARNED[name]
    if labelled and labeller is None:
        labeller = default_labeller()
    learned: KnobPolicy = factory(labeller=labeller if labelled else None, **options)
    return learned


def default_labeller() -> Labeller:
    """The labeller of the built-in settings' detector."""
    from modelrouter.config.loader import build_settings, default_data  # noqa: PLC0415
    from modelrouter.learn.served import labeller  # noqa: PLC0415

    return labeller(build_settings(default_data()))


def make_policies(names: list[str], labeller: Labeller | None = None) -> list[KnobPolicy]:
    """Fresh instances of the shipped policies ``names``; ``combined`` shares the
    ``learned`` instance, so one evaluation fits the learned router once per fold."""
    if labeller is None and any(_LEARNED.get(n, (n == "combined",))[0] for n in names):
        labeller = default_labeller()
    policies = {name: make_policy(name, labeller) for name in names if name != "combined"}
    if "combined" in names:
        from modelrouter.learn.combined import Combined  # noqa: PLC0415 - numpy on demand
        from modelrouter.learn.learned import Learned  # noqa: PLC0415

        learned = policies.get("learned")
        if not isinstance(learned, Learned):
            learned = Learned(labeller=labeller)
        policies["combined"] = Combined(learned)
    return [policies[name] for name in names]
