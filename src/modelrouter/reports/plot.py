"""The usage report as a PNG: cost per group, and routed against every single-model total.

matplotlib is imported inside the function (Agg backend, no display needed), so the
reports load without it unless a chart is asked for."""

from __future__ import annotations

from pathlib import Path

from modelrouter.reports.ledger_report import Report


def plot_report(report: Report, path: Path) -> None:
    """Write the report's chart to ``path`` (PNG)."""
    import matplotlib  # noqa: PLC0415 - plotting only loads when a chart is asked for

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt  # noqa: PLC0415

    figure, (left, right) = plt.subplots(1, 2, figsize=(13, 5.5))
    groups = report.groups or [report.total]
    left.bar([g.group for g in groups], [g.cost_usd for g in groups], color="#2f7ed8")
    left.set_ylabel("USD recorded")
    left.set_title(f"Cost per {report.by}" if report.by else "Cost (all requests)")
    left.tick_params(axis="x", labelrotation=30)
    total = report.total
    singles = sorted(total.single_model_usd.items(), key=lambda kv: kv[1])
    names = [f"all {name}" for name, _ in singles] + ["routed"]
    values = [usd for _, usd in singles] + [total.cost_usd]
    colors = ["#9aa5b1"] * len(singles) + ["#2f7ed8"]
    right.barh(names, values, color=colors)
    right.set_xlabel("USD for the same traffic (same token counts on every model)")
    right.set_title("Routed vs every request sent to one model")
    figure.suptitle(f"modelrouter usage: {total.requests:,} requests")
    figure.tight_layout()
    figure.savefig(path, dpi=110, format="png")
    plt.close(figure)
