"""``modelrouter train``: fit the learned router on an outcome file's train split and save it.

The router is written as JSON (parameters, vocabularies, training metadata) and a .npz of
arrays beside it, never pickle; ``eval routing DATA --router FILE`` evaluates it. The
learning stack (numpy, scikit-learn) is imported when the command runs.
"""

from __future__ import annotations

from pathlib import Path

import click

from modelrouter.cli.common import reported_errors


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
def train(data: Path, output: Path, folds: int, seed: int) -> None:
    """Fit the learned routing policy on the train split of DATA and write it to OUTPUT.

    DATA is an outcome file (.jsonl or .jsonl.gz); test rows are never read into the fit.
    """
    from modelrouter.learn.data import load_outcomes  # noqa: PLC0415 - numpy on demand
    from modelrouter.learn.store import save_router  # noqa: PLC0415
    from modelrouter.learn.train import train_router  # noqa: PLC0415

    with reported_errors():
        outcomes = load_outcomes(data)
        router, metadata = train_router(outcomes, data, folds, seed)
        arrays = save_router(router, output, metadata)
    click.echo(
        f"trained on {metadata['n_train']} train prompts, {len(router.models)} models; "
        f"wrote {output} and {arrays}"
    )
