"""The demo's report: decisions, outcomes and cost against every single model, as data,
as text and as a PNG chart. Costs are re-priced from the token counts actually used."""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

from modelrouter.config.schema import Settings
from modelrouter.demo.run import Sent
from modelrouter.pricing import cost
from modelrouter.store.ledger import Row
from modelrouter.types import Usage


def summarise(
    sent: list[Sent],
    requests: list[Row],
    attempts: list[Row],
    settings: Settings,
    when: dt.datetime,
) -> dict[str, Any]:
    """Everything the report shows, from the ledger's rows (``sent`` adds the labels)."""
    decisions: dict[str, Counter[str]] = defaultdict(Counter)
    for row in requests:
        if row["status"] == 200:
            decisions[row["task"]][row["model"]] += 1
    routed = sum(row["cost_usd"] for row in requests)
    answers = _answers(requests, attempts)
    single = {
        name: sum(cost(model, usage, when) for usage in answers)
        for name, model in settings.models.items()
    }
    tasks = {row["id"]: row["task"] for row in requests}
    labelled = [s for s in sent if s.status == 200]
    return {
        "simulated": True,
        "requests": len(requests),
        "answered": sum(row["status"] == 200 for row in requests),
        "by_api": dict(Counter(row["api"] for row in requests)),
        "detected_as_labelled": sum(tasks.get(s.request_id) == s.label for s in labelled)
        / max(len(labelled), 1),
        "decisions": {t: dict(m.most_common()) for t, m in sorted(decisions.items())},
        "outcomes": dict(Counter(row["outcome"] for row in requests)),
        "fallback_reasons": dict(
            Counter(row["fallback_reason"] for row in requests if row["outcome"] == "fallback")
        ),
        "attempts": len(attempts),
        "cost_usd": {"routed": routed, "single_model": single},
        "routed_share_of": {m: routed / c for m, c in single.items() if c},
    }


def _answers(requests: list[Row], attempts: list[Row]) -> list[Usage]:
    """The token counts of each request's answer (the attempt whose answer was returned)."""
    answered = {(row["id"], row["model"]) for row in requests if row["status"] == 200}
    final: dict[str, Row] = {}
    for attempt in attempts:
        if (attempt["request_id"], attempt["model"]) in answered and attempt["outcome"] != "error":
            final[attempt["request_id"]] = attempt
    return [
        Usage.of(a["prompt_tokens"], a["completion_tokens"], cached=a["cached_tokens"])
        for a in final.values()
    ]


def text(summary: dict[str, Any]) -> str:
    """The report for a terminal."""
    lines = [
        f"{summary['answered']}/{summary['requests']} requests answered "
        f"({', '.join(f'{k} API {v}' for k, v in summary['by_api'].items())}); "
        f"task detected as labelled: {summary['detected_as_labelled']:.0%}",
        "",
        "decisions (task -> model share):",
    ]
    for task, models in summary["decisions"].items():
        total = sum(models.values())
        shares = ", ".join(f"{m} {n / total:.0%}" for m, n in models.items())
        lines.append(f"  {task:<14} {total:>4}  {shares}")
    outcomes = ", ".join(f"{k} {v}" for k, v in sorted(summary["outcomes"].items()))
    lines += ["", f"outcomes: {outcomes}"]
    reasons = summary.get("fallback_reasons") or {}
    if reasons:
        listed = ", ".join(f"{k} {v}" for k, v in sorted(reasons.items(), key=lambda kv: -kv[1]))
        lines.append(f"fallbacks (answered by another model than the first choice): {listed}")
    lines.append("")
    routed = summary["cost_usd"]["routed"]
    lines.append(f"cost of the workload routed: ${routed:.4f}; sent to one model instead:")
    ranked = sorted(summary["cost_usd"]["single_model"].items(), key=lambda kv: -kv[1])
    for name, single in ranked:
        share = routed / single if single else 0.0
        lines.append(f"  {name:<24} ${single:>8.4f}   routed costs {share:.0%} of this")
    lines += ["", "The answers were simulated (no real model was called); the prices are real."]
    return "\n".join(lines)


def chart(summary: dict[str, Any], path: Path) -> None:
    """Write the cost comparison and the decision table as a PNG."""
    import matplotlib  # noqa: PLC0415 - plotting only loads when a chart is asked for

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt  # noqa: PLC0415

    figure, (left, right) = plt.subplots(1, 2, figsize=(13, 5.5))
    costs = sorted(summary["cost_usd"]["single_model"].items(), key=lambda kv: kv[1])
    names = [n for n, _ in costs] + ["routed"]
    values = [c for _, c in costs] + [summary["cost_usd"]["routed"]]
    colors = ["#9aa5b1"] * len(costs) + ["#2f7ed8"]
    left.barh(names, values, color=colors)
    left.set_xlabel("USD for this workload")
    left.set_title("Routed vs every request sent to one model")
    tasks = list(summary["decisions"])
    models = sorted({m for d in summary["decisions"].values() for m in d})
    bottoms = [0.0] * len(tasks)
    for model in models:
        shares = [
            summary["decisions"][t].get(model, 0) / sum(summary["decisions"][t].values())
            for t in tasks
        ]
        right.bar(tasks, shares, bottom=bottoms, label=model)
        bottoms = [b + s for b, s in zip(bottoms, shares, strict=True)]
    right.set_title("Which model answered each task type")
    right.set_ylabel("share of requests")
    right.legend(fontsize=7, loc="upper left", bbox_to_anchor=(1, 1))
    right.tick_params(axis="x", labelrotation=30)
    figure.suptitle("modelrouter demo (simulated answers, real catalog prices)")
    figure.tight_layout()
    figure.savefig(path, dpi=110)
    plt.close(figure)
