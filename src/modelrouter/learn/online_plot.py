"""``eval online`` as a PNG: cumulative quality, cost share and regret along the stream,
against the best single model and the oracle (matplotlib imported only when asked)."""

from __future__ import annotations

from pathlib import Path
from typing import Any


def plot_online(report: dict[str, Any], path: Path) -> None:
    """Write the run's curves to ``path`` (PNG)."""
    import matplotlib  # noqa: PLC0415 - plotting only loads when a chart is asked for

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt  # noqa: PLC0415

    curves = report["curves"]
    steps = curves["step"]
    figure, (quality, cost, regret) = plt.subplots(1, 3, figsize=(16, 5))
    quality.plot(steps, curves["quality"], label="adaptive (online)")
    quality.plot(steps, curves["best_single_quality"], label=report["best_single"]["model"])
    quality.plot(steps, curves["oracle_quality"], label="oracle", linestyle=":")
    quality.set(title="cumulative mean quality", xlabel="prompts streamed")
    cost.plot(steps, curves["cost_share"], label="adaptive (online)")
    cost.plot(steps, curves["oracle_cost_share"], label="oracle", linestyle=":")
    cost.axhline(1.0, color="grey", linewidth=0.8, label="best single model")
    cost.set(title="cumulative cost / best single model's", xlabel="prompts streamed")
    regret.plot(steps, curves["regret"], label="oracle quality - online quality")
    regret.set(title="cumulative regret against the oracle", xlabel="prompts streamed")
    for axis in (quality, cost, regret):
        axis.legend(fontsize=8)
        axis.grid(alpha=0.3)
    knobs = report["knobs"]
    figure.suptitle(
        f"{report['source']}: eval online, test split (tolerance {knobs['tolerance']}, "
        f"explore {knobs['explore_share']}, seed {knobs['seed']})"
    )
    figure.tight_layout()
    figure.savefig(path, dpi=110, format="png")
    plt.close(figure)
