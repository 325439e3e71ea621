"""``modelrouter train``: fit the learned router on an outcome file's train split and save it.

The router is written as JSON (parameters, vocabularies, training metadata) and a .npz of
arrays beside it, never pickle; ``eval routing DATA --router FILE`` evaluates it. The
learning stack (numpy, scikit-learn) is imported when the command runs.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import click

from modelrouter.cli.common import reported_errors, settings_for
from modelrouter.cli.progress import Progress
from modelrouter.extras import require

if TYPE_CHECKING:
    from modelrouter.learn.data import Outcomes
    from modelrouter.learn.learned import Labeller


@click.command("train")
@click.argument("data", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, writable=True, path_type=Path),
    required=True,
    help="Router file to write (JSON; its arrays go to the same name with .npz).",
)
@click.option(
    "--folds",
    type=click.IntRange(2),
    default=5,
    show_default=True,
    help="Cross-validation folds on train (the knob's curve stored with the router).",
)
@click.option("--seed", type=int, default=0, show_default=True, help="Seed of the fold shuffle.")
@click.option(
    "--check-only",
    is_flag=True,
    help="Fit and write only the answer check (NAME.answer-check.json), not the router.",
)
@click.pass_context
def train(
    ctx: click.Context, data: Path, output: Path, folds: int, seed: int, check_only: bool
) -> None:
    """Fit the learned routing policy on the train split of DATA and write it to OUTPUT.

    DATA is an outcome file (.jsonl or .jsonl.gz); test rows are never read into the fit.
    Each prompt is labelled with the task type the configured detector (routing.detector)
    gives it, as the gateway labels requests. When DATA holds recorded responses, the
    learned answer check (what `routing.checks: [learned]` serves) is fitted on them and
    written beside OUTPUT as NAME.answer-check.json (and .npz).
    """
    require("learn")
    from modelrouter.learn.data import load_outcomes, train_test  # noqa: PLC0415 - numpy
    from modelrouter.learn.served import labeller  # noqa: PLC0415
    from modelrouter.learn.store import save_router  # noqa: PLC0415
    from modelrouter.learn.train import train_router  # noqa: PLC0415

    shown = Progress()
    with reported_errors():
        label = labeller(settings_for(ctx))
        with shown.stage(f"reading {data.name}"):
            outcomes = load_outcomes(data)
        labelled(shown, label, train_test(outcomes)[0].inputs.prompts)  # test rows: never
        with shown.stage("fitting the answer check"):
            check = _train_check(outcomes, data, output, label)
        if check_only:
            if check is None:
                raise click.ClickException(f"{data}: no recorded responses to fit a check on")
            return
        with shown.stage(f"fitting the router ({folds}-fold cross-validation, then all rows)"):
            router, metadata = train_router(outcomes, data, label, folds, seed)
        arrays = save_router(router, output, metadata)
    click.echo(
        f"trained on {metadata['n_train']} train prompts, {len(router.models)} models; "
        f"wrote {output} and {arrays}"
    )


def labelled(shown: Progress, label: Labeller, prompts: Sequence[str]) -> None:
    """Label every prompt up front with the configured detector, showing progress (the
    labeller caches: training and evaluation then ask it again for free)."""
    warm = getattr(label, "warm", None)
    if warm is None:
        return
    name = getattr(label, "name", "configured")
    with shown.stage(f"labelling {len(prompts)} prompts ({name} detector)", len(prompts)) as step:
        warm(prompts, step)


def _train_check(outcomes: Outcomes, data: Path, output: Path, label: Labeller) -> Path | None:
    """Fit the answer check on the train rows' responses and write it; None without any."""
    from modelrouter.learn.answer_check import (  # noqa: PLC0415
        check_path,
        fit_answer_check,
        save_answer_check,
    )
    from modelrouter.learn.data import train_test  # noqa: PLC0415
    from modelrouter.learn.train import source_metadata  # noqa: PLC0415

    model = fit_answer_check(train_test(outcomes)[0], label)
    if model is None:
        return None
    path = check_path(output)
    save_answer_check(model, path, source_metadata(data))
    click.echo(
        f"answer check on {model.metadata['n_train']} train answers of "
        f"{model.metadata['model']} (task types {', '.join(model.tasks)}); wrote {path}"
    )
    return path
