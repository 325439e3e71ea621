"""The usage report as a terminal table, as one JSON object and as CSV (one row per group),
and the small formatting helpers the other renderings share. Formatting only: no figures
are computed here."""

from __future__ import annotations

import csv
import datetime as dt
import io
import textwrap
from collections.abc import Sequence
from dataclasses import asdict
from typing import Any

import orjson

from modelrouter.reports.ledger_report import GroupStats, Report

MAX_MATRIX_GROUPS = 8


def usd(value: float, places: int = 2) -> str:
    """Dollars for people: ``$1,234.56``."""
    sign = "-" if value < 0 else ""
    return f"{sign}${abs(value):,.{places}f}"


def pct(value: float | None) -> str:
    """A share as a percentage, ``-`` when there is none."""
    return "-" if value is None else f"{value:.1%}"


def versus(saved: float | None) -> str:
    """Routing against one model: the share saved or, when routing cost more, how much more
    (``cost +12.5%``, from twice as much ``cost 13.5×``), never a negative saving."""
    if saved is None:
        return "-"
    if round(saved, 3) >= 0:  # the same cost is no loss, whatever the float's last digit
        return pct(abs(saved))
    return f"cost +{-saved:.1%}" if saved > -1 else f"cost {1 - saved:.1f}×"


def against(saved: float, model: str) -> str:
    """One headline clause: ``saved 73.1% against all m``, ``cost 12.5% more than all m``
    or ``cost 13.5× as much as all m``."""
    if round(saved, 3) >= 0:
        return f"saved {pct(abs(saved))} against all {model}"
    if saved > -1:
        return f"cost {-saved:.1%} more than all {model}"
    return f"cost {1 - saved:.1f}× as much as all {model}"


def table(
    headers: Sequence[str], rows: Sequence[Sequence[str]], indent: str = "", align: str = ""
) -> list[str]:
    """Aligned columns; ``align`` has one ``l`` or ``r`` per column (default: the first
    left-aligned, the others right-aligned)."""
    widths = [max(len(str(c)) for c in column) for column in zip(headers, *rows, strict=True)]
    sides = align or "l" + "r" * (len(widths) - 1)

    def line(cells: Sequence[str]) -> str:
        parts = [
            c.ljust(w) if side == "l" else c.rjust(w)
            for c, w, side in zip(cells, widths, sides, strict=True)
        ]
        return (indent + "  ".join(parts)).rstrip()

    return [line(headers), *(line(r) for r in rows)]


def wrapped(text: str, indent: str = "", hanging: str | None = None) -> list[str]:
    """``text`` wrapped for a terminal; continuation lines indented by ``hanging``."""
    later = indent if hanging is None else hanging
    return textwrap.wrap(text, 92, initial_indent=indent, subsequent_indent=later)


def moment(iso: str | None) -> str:
    """An ISO time from a report, for people: ``2026-11-27 22:05:59 UTC``."""
    if iso is None:
        return "-"
    when = dt.datetime.fromisoformat(iso).astimezone(dt.UTC)
    return when.strftime("%Y-%m-%d %H:%M:%S UTC")


def report_json(report: Report, database: str) -> bytes:
    """The report as one JSON object with stable keys."""
    return orjson.dumps({"database": database, **asdict(report)}, option=orjson.OPT_INDENT_2)


def report_csv(report: Report) -> str:
    """One row per group (the whole period as group ``all`` when not grouped)."""
    groups = report.groups or [report.total]
    checks = sorted({name for g in groups for name in g.checks})
    models = list(report.total.single_model_usd)
    fields = [
        "group", "requests", "answered", "rejected", "failed", "prompt_tokens",
        "cached_tokens", "completion_tokens", "reasoning_tokens", "cost_usd",
        "answer_cost_usd", "fallback_rate", "escalation_rate", "failure_rate", "repriced",
    ]  # fmt: skip
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(
        [
            *fields,
            *(f"check_{c}_pass_rate" for c in checks),
            *(f"single_{m}_usd" for m in models),
        ]
    )
    for group in groups:
        data: dict[str, Any] = asdict(group)
        rate = [_rate(group, c) for c in checks]
        single = [group.single_model_usd[m] for m in models]
        writer.writerow([*(data[f] for f in fields), *rate, *single])
    return out.getvalue()


def report_text(report: Report, database: str) -> str:
    """The report for a terminal."""
    total = report.total
    lines = [
        f"usage report: {database}",
        f"period: {_period(report)}; key: {report.key or 'all keys'}",
        f"requests {total.requests:,}, answered {total.answered:,}, "
        f"rejected {total.rejected:,}, failed {total.failed:,}; cost {usd(total.cost_usd, 4)}",
    ]
    if total.unpriced:
        lines.append(
            f"{total.unpriced:,} requests priced at an estimate: passed through to models "
            "not in the catalog, charged at their provider's dearest catalog prices "
            "(add them to the catalog to price them exactly)"
        )
    if not total.requests:
        return "\n".join([*lines, "", "no requests in the ledger for this selection"])
    groups = [*report.groups, total] if report.groups else [total]
    lines += ["", *_volume(groups, report.by)]
    lines += ["", "check pass rates (share of the answers a check applied to that passed):"]
    lines += _checks(groups)
    lines += _skips(total)
    lines += ["", *_counterfactual(report)]
    if report.groups:
        lines += ["", *_matrix(report)]
    return "\n".join(lines)


def _period(report: Report) -> str:
    since = moment(report.since) if report.since else f"{moment(report.first)} (first request)"
    if report.until:
        until = f"{moment(report.until)} (excluded)"
    else:
        until = f"{moment(report.last)} (last request)" if report.last else "now"
    return f"{since} to {until}"


def _volume(groups: list[GroupStats], by: str | None) -> list[str]:
    headers = [
        f"by {by}" if by else "", "requests", "answered", "prompt", "cached", "completion",
        "reasoning", "cost $", "fallback", "escalated", "failed",
    ]  # fmt: skip
    rows = [
        [
            g.group,
            f"{g.requests:,}",
            f"{g.answered:,}",
            f"{g.prompt_tokens:,}",
            f"{g.cached_tokens:,}",
            f"{g.completion_tokens:,}",
            f"{g.reasoning_tokens:,}",
            f"{g.cost_usd:,.4f}",
            pct(g.fallback_rate),
            pct(g.escalation_rate),
            pct(g.failure_rate),
        ]
        for g in groups
    ]
    return table(headers, rows)


def _rate(group: GroupStats, check: str) -> float | str:
    """A CSV cell: the pass rate, empty when the check never judged an answer there."""
    rate = group.checks[check].pass_rate if check in group.checks else None
    return "" if rate is None else rate


def _checks(groups: list[GroupStats]) -> list[str]:
    names = sorted({name for g in groups for name in g.checks})
    if not names:
        return ["  (no checks recorded)"]
    rows = [[g.group, *(_cell(g, n) for n in names)] for g in groups]
    return table(["", *names], rows, indent="  ")


def _cell(group: GroupStats, check: str) -> str:
    rate = group.checks.get(check)
    if rate is None:
        return "-"
    return "skipped" if rate.pass_rate is None else pct(rate.pass_rate)


def _skips(total: GroupStats) -> list[str]:
    """How often each check did not apply (JSON not requested, not a code task)."""
    skips = [f"{n} {r.skipped:,} of {r.runs + r.skipped:,}" for n, r in total.checks.items()]
    shown = [s for s, r in zip(skips, total.checks.values(), strict=True) if r.skipped]
    return [f"  did not apply (skipped): {', '.join(shown)}"] if shown else []


def _counterfactual(report: Report) -> list[str]:
    total = report.total
    ranked = sorted(total.single_model_usd.items(), key=lambda kv: (-kv[1], kv[0]))
    rows = [[f"all {m}", f"{c:,.4f}", versus(total.saved_vs[m])] for m, c in ranked]
    rows.append(["routed (recorded)", f"{total.cost_usd:,.4f}", ""])
    headline = ", ".join(
        against(saved, m)
        for m in report.reference_models
        if (saved := total.saved_vs.get(m)) is not None
    )
    lines = [
        f"the same traffic on one model ({total.repriced:,} answered requests re-priced):",
        *table(["", "cost $", "routing saved"], rows, indent="  "),
    ]
    if headline:
        lines += ["", *wrapped(f"Routing {headline}.")]
    return [*lines, "", *wrapped(f"Assumption: {report.assumption}")]


def _matrix(report: Report) -> list[str]:
    groups = report.groups
    if len(groups) > MAX_MATRIX_GROUPS:
        return [f"(routing saved per {report.by}: {len(groups)} groups, see --format json or csv)"]
    models = sorted(report.total.single_model_usd, key=lambda m: -report.total.single_model_usd[m])
    rows = [[f"all {m}", *(versus(g.saved_vs[m]) for g in groups)] for m in models]
    title = f"routing saved, per {report.by}:"
    return [title, *table(["", *(g.group for g in groups)], rows, indent="  ")]
