"""``modelrouter train-detector``: fit the learned task detector on labelled prompt files.

Only train rows are read into the fit (``split == "train"``, or no ``split`` at all); a
corpus's test split is never read. The model is written as ``OUT.npz`` (arrays) and
``OUT.json`` (classes, hashing, temperature, provenance), never pickle; the shipped one is
``src/modelrouter/detect/learned/data/detector``. numpy, scipy and scikit-learn are
imported when the command runs.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import click

from modelrouter.cli.common import reported_errors, settings_for
from modelrouter.cli.progress import Progress
from modelrouter.extras import require

# HashSpec's defaults, repeated so that --help needs no numpy (features imports it).
_DEFAULT_ORDERS, _DEFAULT_HEAD, _DEFAULT_TAIL = (1, 2, 3, 4), 1000, 300


def _orders(text: str) -> tuple[int, ...]:
    try:
        orders = tuple(sorted({int(part) for part in text.split(",")}))
    except ValueError:
        orders = ()
    if not orders or orders[0] < 1 or orders[-1] > 8:
        message = f"{text!r}: orders are integers from 1 to 8"
        raise click.BadParameter(message, param_hint="--orders")
    return orders


@click.command("train-detector")
@click.argument(
    "files", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path)
)
@click.option(
    "--out",
    type=click.Path(dir_okay=False, path_type=Path),
    required=True,
    help="Model to write: OUT.npz and OUT.json (a suffix given is replaced).",
)
@click.option(
    "--task-examples/--no-task-examples",
    default=True,
    show_default=True,
    help="Also train on the configured task types' YAML examples.",
)
@click.option(
    "--calibrate-on",
    metavar="SOURCE",
    help="Fit the temperature on this source's out-of-fold scores (a file's source is its"
    " name up to the first dot: detector-dev). Default: a held-out tenth of all rows.",
)
@click.option("--alpha", type=float, default=1e-5, show_default=True, help="L2 strength.")
@click.option(
    "--bits",
    type=click.IntRange(12, 22),
    default=18,
    show_default=True,
    help="log2 of the number of n-gram hash buckets.",
)
@click.option(
    "--orders",
    default=",".join(map(str, _DEFAULT_ORDERS)),
    show_default=True,
    help="Character n-gram orders, comma-separated.",
)
@click.option(
    "--head",
    type=click.IntRange(100, 100_000),
    default=_DEFAULT_HEAD,
    show_default=True,
    help="Characters of a long message read for n-grams at its start (and --tail at its end).",
)
@click.option("--tail", type=click.IntRange(0, 100_000), default=_DEFAULT_TAIL, show_default=True)
@click.option("--seed", type=int, default=0, show_default=True, help="Seed of the fit.")
@click.pass_context
def train_detector(
    ctx: click.Context,
    files: tuple[Path, ...],
    out: Path,
    task_examples: bool,
    calibrate_on: str | None,
    alpha: float,
    bits: int,
    orders: str,
    head: int,
    tail: int,
    seed: int,
) -> None:
    """Fit the learned detector on the train rows of FILES (JSON Lines, .gz allowed) and
    write it to OUT.npz + OUT.json.

    Rows need `prompt` (or `messages`) and `label`; `split` (train/test) and `source` are
    used when present (rows without `split` are train rows; without `source`, the file's
    name is the source). Never pass an evaluation set here.
    """
    require("learn")
    from modelrouter.detect.learned.features import HashSpec  # noqa: PLC0415 - numpy on demand
    from modelrouter.detect.learned.train import file_digest, train_detector  # noqa: PLC0415

    settings = settings_for(ctx)
    examples = (
        [
            {"prompt": text, "label": name, "source": "task-examples"}
            for name, task in settings.tasks.items()
            for text in task.examples
        ]
        if task_examples
        else []
    )
    with reported_errors():
        provenance = {
            "files": {path.name: file_digest(path) for path in files},
            "task_examples": len(examples),
        }
        shown = Progress()
        with shown.stage(f"reading {len(files)} file{'s' if len(files) > 1 else ''}"):
            rows = [*_rows(files), *examples]
        with shown.stage(f"fitting the detector on {len(rows)} rows (then calibrating)"):
            model = train_detector(
                rows,
                HashSpec(bits=bits, orders=_orders(orders), head=head, tail=tail),
                alpha=alpha,
                seed=seed,
                provenance=provenance,
                calibrate_on=calibrate_on,
            )
        arrays, meta = model.save(out.with_suffix(""))
    click.echo(
        f"trained on {model.metadata['n_train']} train rows, classes {', '.join(model.classes)};"
        f" temperature {model.temperature:.3f}; wrote {arrays} and {meta}"
    )


def _rows(files: tuple[Path, ...]) -> Iterator[dict[str, Any]]:
    from modelrouter.detect.evaluate import read_rows  # noqa: PLC0415

    for path in files:
        stem = path.name.split(".")[0]
        for row in read_rows(path):
            row.setdefault("source", stem)
            yield row
