"""``modelrouter eval routing``: routing policies on the test split of an outcome file.

The evaluation (numpy) is imported when the command runs, not when the CLI starts.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click
import orjson

from modelrouter.cli.common import json_option, reported_errors, settings_for
from modelrouter.cli.progress import Progress
from modelrouter.cli.train_cmd import labelled
from modelrouter.extras import require
from modelrouter.learn import default_policy_names, make_policies, policy_names

if TYPE_CHECKING:
    from modelrouter.learn.learned import Labeller
    from modelrouter.learn.policies import KnobPolicy


@click.command("routing")
@click.argument("data", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--policy",
    "names",
    multiple=True,
    type=click.Choice(policy_names()),
    help="A shipped policy to evaluate (repeatable; default: all but the learned-labels "
    "comparisons). The first is headlined.",
)
@click.option(
    "--folds",
    type=click.IntRange(2),
    default=5,
    show_default=True,
    help="Cross-validation folds on train.",
)
@click.option("--seed", type=int, default=0, show_default=True, help="Seed of the fold shuffle.")
@click.option(
    "--router",
    "router_file",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="A router saved by `modelrouter train`: evaluated (and headlined) first.",
)
@json_option
@click.option(
    "--plot",
    type=click.Path(dir_okay=False, writable=True, path_type=Path),
    help="Also write a PNG of every curve and point.",
)
@click.pass_context
def routing(
    ctx: click.Context,
    data: Path,
    names: tuple[str, ...],
    folds: int,
    seed: int,
    router_file: Path | None,
    as_json: bool,
    plot: Path | None,
) -> None:
    """Single models, oracle, line and routing policies on the test split of DATA.

    DATA is an outcome file (.jsonl or .jsonl.gz: id, split, task, prompt, outcomes per
    model with score and cost_usd). Every knob is set on the train split by
    cross-validation and applied once to test; shares are of the best single model
    chosen on train. Learned policies label prompts with the configured detector
    (routing.detector), as the gateway does.
    """
    require("learn")
    if plot is not None:
        require("plots")
    from modelrouter.learn.data import load_outcomes  # noqa: PLC0415 - numpy on demand
    from modelrouter.learn.evaluate import evaluate  # noqa: PLC0415
    from modelrouter.learn.report import format_text, to_json  # noqa: PLC0415
    from modelrouter.learn.served import labeller  # noqa: PLC0415

    chosen = list(dict.fromkeys(names)) or default_policy_names()
    shown = Progress()
    with reported_errors():
        label = labeller(settings_for(ctx))
        with shown.stage(f"reading {data.name}"):
            outcomes = load_outcomes(data)
        labelled(shown, label, outcomes.inputs.prompts)
        policies = make_policies(chosen, label)
        if router_file is not None:
            policies.insert(0, _saved(router_file, label))
        count = f"{len(policies)} polic{'y' if len(policies) == 1 else 'ies'}"
        with shown.stage(f"evaluating {count} ({folds}-fold cross-validation on train)"):
            result = evaluate(outcomes, policies, source=str(data), folds=folds, seed=seed)
    if plot is not None:
        from modelrouter.learn.plot import plot_evaluation  # noqa: PLC0415

        plot_evaluation(result, plot)
    if as_json:
        click.echo(orjson.dumps(to_json(result), option=orjson.OPT_INDENT_2))
    else:
        click.echo(format_text(result))
        if plot is not None:
            click.echo(f"\nplot written to {plot}")


def _saved(path: Path, label: Labeller) -> KnobPolicy:
    """A saved router as a policy (JSON and .npz only; nothing in the file is executed);
    one trained on detected task types decides with them, as the gateway does."""
    from modelrouter.learn.store import load_metadata, load_router  # noqa: PLC0415
    from modelrouter.learn.train import SavedPolicy  # noqa: PLC0415

    return SavedPolicy.of(load_router(path), load_metadata(path), label)
