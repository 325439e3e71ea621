"""``modelrouter eval``: measure detectors (and, later, routing policies) on labelled files."""

from __future__ import annotations

from pathlib import Path

import click
import orjson

from modelrouter import registry
from modelrouter.cli.common import json_option, reported_errors, settings_for
from modelrouter.cli.eval_online_cmd import online
from modelrouter.cli.eval_routing_cmd import routing
from modelrouter.cli.progress import Progress, counted
from modelrouter.detect.evaluate import evaluate, read_rows


@click.group("eval")
def eval_group() -> None:
    """Evaluate detectors and routing policies on labelled data."""


eval_group.add_command(routing)
eval_group.add_command(online)


def _label_map(text: str | None) -> dict[str, str]:
    mapping: dict[str, str] = {}
    for pair in (text or "").split(","):
        if not pair.strip():
            continue
        source, sep, target = pair.partition("=")
        if not sep or not source.strip() or not target.strip():
            raise click.BadParameter(f"expected label=task, got {pair!r}", param_hint="--label-map")
        mapping[source.strip()] = target.strip()
    return mapping


@eval_group.command()
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--detector",
    "name",
    type=click.Choice(registry.names("detector")),
    help="Detector to evaluate (default: routing.detector from the config).",
)
@click.option(
    "--label-map", help="Map the file's labels to task types: a=b,c=d (b = '-' drops a's rows)."
)
@click.option("--split", help="Only rows whose `split` is this (a corpus's test split: test).")
@click.option(
    "--model",
    type=click.Path(dir_okay=False, path_type=Path),
    help="With --detector learned: the model OUT.npz/OUT.json written by train-detector.",
)
@json_option
@click.pass_context
def detector(
    ctx: click.Context,
    file: Path,
    name: str | None,
    label_map: str | None,
    split: str | None,
    model: Path | None,
    as_json: bool,
) -> None:
    """Accuracy, per-label precision/recall and confusion matrix of a detector on FILE.

    FILE is JSON Lines (optionally .gz) with `prompt` and `label` on each line (and
    optionally `messages`; an outcome file's `task` stands in for `label`). Rows with a
    `source` are also scored per source; other fields are ignored.
    """
    settings = settings_for(ctx)
    chosen = name or settings.routing.detector
    if model is not None and chosen != "learned":
        raise click.BadParameter("only the learned detector reads a model", param_hint="--model")
    with reported_errors():
        if model is not None:
            from modelrouter.detect.learned.detector import LearnedDetector  # noqa: PLC0415
            from modelrouter.detect.learned.model import load_model  # noqa: PLC0415

            built = LearnedDetector(
                settings.tasks, settings.routing.default_task, model=load_model(model)
            )
        else:
            factory = registry.load("detector", chosen)
            built = factory(settings.tasks, settings.routing.default_task)
        rows = [row for row in read_rows(file) if split is None or row.get("split") == split]
        with Progress().stage(f"detecting {len(rows)} prompts", len(rows)) as step:
            report = evaluate(built, counted(rows, step), _label_map(label_map))
    if as_json:
        payload = {"detector": chosen, "file": str(file), **report.to_json()}
        click.echo(orjson.dumps(payload, option=orjson.OPT_INDENT_2))
    else:
        click.echo(f"detector {chosen} on {file}")
        click.echo(report.format_table())


@eval_group.command()
@click.argument("data", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@json_option
@click.pass_context
def checks(ctx: click.Context, data: Path, as_json: bool) -> None:
    """Precision and recall of every answer check against the recorded scores of DATA.

    DATA is an outcome file whose rows hold recorded responses; the checks are judged on
    its test split (good answer: score >= 0.5), learned checks fitted on its train split.
    The gateway's checks are built from the configuration (routing.learned_check) and
    see the task type the configured detector gives each prompt; answers a check does
    not apply to are counted as skipped, not as passed.
    """
    from modelrouter.learn.checks import check_report  # noqa: PLC0415 - numpy on demand
    from modelrouter.learn.data import load_outcomes  # noqa: PLC0415

    settings = settings_for(ctx)
    with (
        reported_errors(),
        Progress().stage(f"fitting the learned checks and judging every check on {data.name}"),
    ):
        rows = check_report(load_outcomes(data), settings)
    if not rows:
        raise click.ClickException(f"{data}: no recorded responses on the test split")
    if as_json:
        click.echo(orjson.dumps({"file": str(data), "checks": rows}, option=orjson.OPT_INDENT_2))
        return
    click.echo(f"answer checks on the test split of {data} (good: score >= 0.5)")
    click.echo("n: answers judged; skip: did not apply; caught: weak answers failed;")
    click.echo("fprec: of the failed answers, the share weak")
    names = ("good_share", "pass_rate", "precision", "recall", "caught", "fail_precision")
    heads = ("good", "pass", "prec", "rec", "caught", "fprec")
    header = f"{'model':<24} {'check':<32} {'n':>5} {'skip':>5} "
    click.echo(header + " ".join(f"{h:>6}" for h in heads))
    for row in rows:
        figures = " ".join(_share(row[k]) for k in names)
        counts = f"{row['n']:>5} {row['skipped']:>5}"
        click.echo(f"{row['model']:<24} {row['check']:<32} {counts} {figures}")


def _share(value: float | None) -> str:
    return f"{value:>6.3f}" if value is not None else f"{'-':>6}"
