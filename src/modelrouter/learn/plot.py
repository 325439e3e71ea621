"""An ``Evaluation`` as a PNG: every curve and point on the test cost-quality plane, and
on two-model files RouteLLM's view (share of strong calls against score).

matplotlib is imported inside the function (Agg backend, no display needed), so the
evaluation loads without it unless a chart is asked for."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np

from modelrouter.learn.evaluate import Evaluation, PolicyResult
from modelrouter.learn.metrics import Floats, nondecreasing_hull


def plot_evaluation(ev: Evaluation, path: Path) -> None:
    """Write the evaluation's chart to ``path`` (PNG)."""
    import matplotlib  # noqa: PLC0415 - plotting only loads when a chart is asked for

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt  # noqa: PLC0415

    two_models = bool(ev.routellm_references)
    figure, axes = plt.subplots(1, 2 if two_models else 1, figsize=(15 if two_models else 9, 6))
    plane = axes[0] if two_models else axes
    _plane(plane, ev)
    if two_models:
        _routellm(axes[1], ev)
    figure.suptitle(f"{Path(ev.source).name or 'outcomes'}: test split, knobs set on train")
    figure.tight_layout()
    figure.savefig(path, dpi=110, format="png")
    plt.close(figure)


def _plane(ax: Any, ev: Evaluation) -> None:
    ref = ev.reference
    unit = ref.best_test.cost
    _references(ax, ev, unit)
    for i, pr in enumerate(ev.policies.values()):
        _policy(ax, pr, f"C{i}", unit)
    ax.axvline(0.30, color="#bbbbbb", linewidth=0.8)
    ax.axhline(ref.best_test.quality, color="#bbbbbb", linewidth=0.8)
    ax.set_xlabel(f"cost as a share of {ref.models[ref.best]} (best single, chosen on train)")
    ax.set_ylabel("mean score")
    ax.set_title("cost-quality plane")
    ax.legend(fontsize=7, loc="lower right")


def _references(ax: Any, ev: Evaluation, unit: float) -> None:
    for model, p in ev.singles.items():
        ax.scatter(p.cost / unit, p.quality, color="#555555", zorder=3)
        ax.annotate(
            model, (p.cost / unit, p.quality), fontsize=7, xytext=(4, 2), textcoords="offset points"
        )
    oracle = ev.oracle
    ax.scatter(
        oracle.cost / unit,
        oracle.quality,
        marker="*",
        s=160,
        color="#d4a017",
        label="oracle",
        zorder=4,
    )
    singles = np.array([[p.cost / unit, p.quality] for p in ev.singles.values()])
    _hull(
        ax,
        singles[:, 0],
        singles[:, 1],
        color="#555555",
        linewidth=0.8,
        label=f"single-model hull, AIQ {ev.singles_aiq:.3f}",
    )
    line = ev.line.test
    ax.plot(line.cost / unit, line.quality, linestyle="--", color="#888888", label="line")


def _policy(ax: Any, pr: PolicyResult, color: str, unit: float) -> None:
    xs, ys = pr.test.cost / unit, pr.test.quality
    ax.plot(xs, ys, marker=".", linestyle=":", color=color, label=f"{pr.name} (test curve)")
    _hull(ax, xs, ys, color=color, label=f"{pr.name} hull, AIQ {pr.aiq:.3f}")
    settings = (("s", pr.at_cost, "<=30% cost"), ("D", pr.at_quality, "best-single score"))
    for marker, op, aim in settings:
        if op.test is not None:
            ax.scatter(
                op.test.cost / unit,
                op.test.quality,
                marker=marker,
                s=70,
                color=color,
                edgecolor="black",
                zorder=5,
                label=f"{pr.name}, knob set on train for {aim}",
            )


def _hull(ax: Any, xs: Floats, ys: Floats, **style: Any) -> None:
    """The non-decreasing hull of the points, drawn flat to the best single's cost (1)."""
    hull = nondecreasing_hull(xs, ys)
    end = max(1.0, float(hull[-1, 0]))
    ax.plot(np.r_[hull[:, 0], end], np.r_[hull[:, 1], hull[-1, 1]], **style)


def _routellm(ax: Any, ev: Evaluation) -> None:
    for i, pr in enumerate(ev.policies.values()):
        for bench, s in pr.routellm.items():
            ax.plot(
                s.shares,
                s.accuracy,
                marker=".",
                color=f"C{i}",
                linestyle="-" if bench == "all" else ":",
                label=f"{pr.name} {bench} APGR {s.apgr:.2f}",
            )
    oracle = ev.routellm_references["oracle"]["all"]
    ax.plot(oracle.shares, oracle.accuracy, marker="x", color="#d4a017", label="optimal (all)")
    line = ev.routellm_references["line"]["all"]
    ax.plot(line.shares, line.accuracy, linestyle="--", color="#888888", label="random (all)")
    ax.set_xlabel("share of strong-model calls")
    ax.set_ylabel("mean score")
    ax.set_title("RouteLLM view (per benchmark)")
    ax.legend(fontsize=7, loc="lower right")
