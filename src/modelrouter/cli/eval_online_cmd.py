"""``modelrouter eval online DATA``: the closed loop replayed on an outcome file (see
``modelrouter.learn.online``). Edges only: options, progress, output."""

from __future__ import annotations

import tempfile
from pathlib import Path

import click
import orjson

from modelrouter.cli.common import json_option, reported_errors
from modelrouter.cli.progress import Progress
from modelrouter.extras import require
from modelrouter.learn.online import Knobs, run_online

HEADLINE = (
    "online_quality",
    "online_cost_share",
    "final_window_quality",
    "final_window_cost_share",
)


@click.command()
@click.argument("data", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--seed", type=int, default=0, show_default=True, help="Stream order and draws.")
@click.option(
    "--tolerance",
    type=click.FloatRange(0, 1),
    help="The policy's tolerance (default: the smallest meeting --cost-share on train).",
)
@click.option(
    "--cost-share",
    type=click.FloatRange(0, 1, min_open=True),
    default=0.3,
    show_default=True,
    help="Share of the best single model's train cost the tolerance is chosen for.",
)
@click.option("--explore-share", type=click.FloatRange(0, 1), default=0.05, show_default=True)
@click.option(
    "--prior-weight", type=click.FloatRange(0, min_open=True), default=10.0, show_default=True
)
@click.option(
    "--hysteresis",
    type=click.FloatRange(0, 1),
    default=0.0,
    show_default=True,
    help="Estimate bonus of a task's current first choice.",
)
@json_option
@click.option("--plot", type=click.Path(dir_okay=False, path_type=Path), help="Write a PNG.")
def online(
    data: Path,
    seed: int,
    tolerance: float | None,
    cost_share: float,
    explore_share: float,
    prior_weight: float,
    hysteresis: float,
    as_json: bool,
    plot: Path | None,
) -> None:
    """Stream DATA's test split through the adaptive policy, feeding back recorded scores."""
    if plot is not None:
        require("plots")
    knobs = Knobs(tolerance, cost_share, explore_share, prior_weight, seed, hysteresis)
    rows = _test_rows(data)
    with (
        reported_errors(),
        tempfile.TemporaryDirectory(prefix="modelrouter-online-") as work,
        Progress().stage(f"replaying {rows} test prompts through the gateway", rows) as step,
    ):
        report = run_online(data, Path(work), knobs, step)
    if plot is not None:
        from modelrouter.learn.online_plot import plot_online  # noqa: PLC0415 - matplotlib

        plot_online(report, plot)
    if as_json:  # with the curves: per prompt streamed, cumulative
        click.echo(orjson.dumps(report, option=orjson.OPT_INDENT_2))
        return
    for key in HEADLINE:
        click.echo(f"{key:<26} {report[key]}")
    best = report["best_single"]
    click.echo(f"{'best single (train)':<26} {best['model']} {best['quality']}")
    click.echo(f"{'oracle':<26} {report['oracle']['quality']} at {report['oracle']['cost_share']}")
    click.echo(f"{'first choice changes':<26} {report['first_choice_changes']}")


def _test_rows(data: Path) -> int:
    """How many test rows DATA holds (for the progress bar)."""
    from modelrouter.learn.data import TEST, load_outcomes  # noqa: PLC0415 - numpy on demand

    return sum(split == TEST for split in load_outcomes(data).splits)
