"""An ``Evaluation`` as JSON (``to_json``) and as plain text (``format_text``).

Shares are of the best single model chosen on train, measured on the same split; the
``method`` object of the JSON says how every figure was made.
"""

from __future__ import annotations

import math
from typing import Any

from modelrouter.learn.crossval import Curve
from modelrouter.learn.evaluate import (
    COST_TARGET,
    Evaluation,
    OperatingPoint,
    PolicyResult,
    Reference,
    RouteLLMScores,
)
from modelrouter.learn.metrics import Point

AT_COST, AT_QUALITY = "cost_share<=0.30", "quality>=best_single"


def _r(value: float | None) -> float | None:
    if value is None or math.isnan(value):
        return None
    return round(float(value), 6)


def method(ev: Evaluation) -> dict[str, str]:
    """How the figures were made, in words (part of the JSON)."""
    cv = f"train split only, {ev.folds}-fold out-of-fold cross-validation (seed {ev.seed})"
    return {
        "split": "every figure is on the test split unless named train",
        "best_single": "highest mean train score (ties: cheaper); shares are of its score "
        "and cost on the same split",
        "oracle": "per prompt the cheapest model among those with the best score",
        "line": "random mix of the cheapest and the best single model (both chosen on train)",
        "operating_points": f"knob chosen on {cv}; policy refit on all train rows and "
        "applied once to test",
        AT_COST: f"highest out-of-fold score among settings whose out-of-fold cost is at "
        f"most {COST_TARGET:.0%} of the best single model's train cost",
        AT_QUALITY: "cheapest setting whose out-of-fold score reaches the best single "
        "model's train score; null when none does",
        "aiq": "RouterBench: mean over test cost [cheapest, best single] of the "
        "non-decreasing convex hull of the policy's test points (0 left of its first "
        "point, flat right of its last)",
        "routellm": "two-model files: RouteLLM evaluate.py's APGR and CPT on the test "
        "prompts of each benchmark (task label up to '/'), 11 thresholds at the deciles "
        "of the policy's strong score; CPT given as share of strong calls",
    }


def point_json(p: Point, ref: Reference) -> dict[str, float | None]:
    """Score, cost and both as shares of the best single model on test."""
    return {
        "quality": _r(p.quality),
        "cost_usd": _r(p.cost),
        "quality_share": _r(p.quality / ref.best_test.quality if ref.best_test.quality else None),
        "cost_share": _r(p.cost / ref.best_test.cost if ref.best_test.cost else None),
    }


def _operating(op: OperatingPoint, ref: Reference) -> dict[str, Any]:
    if op.knob is None or op.train is None or op.test is None:
        return {"knob": None, "reached_on_train": False}
    return {
        "knob": _r(op.knob),
        "chosen_on": "train (out of fold)",
        "train": {
            "quality": _r(op.train.quality),
            "cost_share": _r(op.train.cost / ref.best_train.cost),
        },
        "test": point_json(op.test, ref),
        "model_shares": {m: _r(s) for m, s in op.model_shares.items()},
    }


def _curve(curve: Curve, cost_unit: float) -> list[dict[str, float | None]]:
    return [
        {"knob": _r(k), "quality": _r(q), "cost_share": _r(c / cost_unit)}
        for k, q, c in zip(curve.knobs, curve.quality, curve.cost, strict=True)
    ]


def _routellm(scores: dict[str, RouteLLMScores]) -> dict[str, Any]:
    return {
        name: {
            "n": s.n,
            "weak_accuracy": _r(s.weak_accuracy),
            "strong_accuracy": _r(s.strong_accuracy),
            "apgr": _r(s.apgr),
            **{f"cpt_{round(f * 100)}": _r(v) for f, v in s.cpt.items()},
            "curve": [[_r(x), _r(y)] for x, y in zip(s.shares, s.accuracy, strict=True)],
        }
        for name, s in scores.items()
    }


def policy_json(pr: PolicyResult, ref: Reference) -> dict[str, Any]:
    """A knob policy: operating points, AIQ, test and out-of-fold train curves."""
    result: dict[str, Any] = {
        "kind": "knob",
        "knob": pr.knob,
        "operating_points": {
            AT_COST: _operating(pr.at_cost, ref),
            AT_QUALITY: _operating(pr.at_quality, ref),
        },
        "aiq": _r(pr.aiq),
        "curve": _curve(pr.test, ref.best_test.cost),
        "train_oof_curve": _curve(pr.train_oof, ref.best_train.cost),
    }
    if pr.routellm:
        result["routellm"] = _routellm(pr.routellm)
    return result


def headline(ev: Evaluation) -> dict[str, Any] | None:
    """The issue's headline figures for the headlined policy."""
    if ev.headline is None:
        return None
    pr, ref = ev.policies[ev.headline], ev.reference
    cost, quality = pr.at_cost, pr.at_quality
    return {
        "policy": pr.name,
        "quality_at_30pct_cost": _r(cost.test.quality) if cost.test else None,
        "cost_share_at_30pct_setting": _r(cost.test.cost / ref.best_test.cost)
        if cost.test
        else None,
        "cost_share_at_best_single_quality": _r(quality.test.cost / ref.best_test.cost)
        if quality.test
        else None,
        "aiq": _r(pr.aiq),
        "knob": pr.knob,
        "knob_at_30pct": _r(cost.knob),
        "knob_at_best_single_quality": _r(quality.knob),
        "quality_at_best_single_quality_setting": _r(quality.test.quality)
        if quality.test
        else None,
        "best_single": {"model": ref.models[ref.best], "quality": _r(ref.best_test.quality)},
    }


def to_json(ev: Evaluation) -> dict[str, Any]:
    """The whole evaluation as a JSON-ready object."""
    ref = ev.reference
    policies: dict[str, Any] = {
        f"single:{m}": {"kind": "single", **point_json(p, ref)} for m, p in ev.singles.items()
    }
    policies["oracle"] = {
        "kind": "oracle",
        **point_json(ev.oracle, ref),
        "model_shares": {m: _r(s) for m, s in ev.oracle_shares.items()},
    }
    policies["line"] = policy_json(ev.line, ref)
    for kind, scores in ev.routellm_references.items():
        policies[kind]["routellm"] = _routellm(scores)
    for name, pr in ev.policies.items():
        policies[name] = policy_json(pr, ref)
    return {
        "file": ev.source,
        "split": "test",
        "rows": {"train": ev.n_train, "test": ev.n_test},
        "models": list(ref.models),
        "method": method(ev),
        "reference": {
            "best_single": {
                "model": ref.models[ref.best],
                "chosen_on": "train",
                "train": {
                    "quality": _r(ref.best_train.quality),
                    "cost_usd": _r(ref.best_train.cost),
                },
                "test": {"quality": _r(ref.best_test.quality), "cost_usd": _r(ref.best_test.cost)},
            },
            "cheapest": {"model": ref.models[ref.cheap], "chosen_on": "train"},
            "best_single_on_test": ref.models[ref.best_on_test],
            "aiq_cost_range_usd": [_r(ref.cheap_test.cost), _r(ref.best_test.cost)],
            "singles_hull_aiq": _r(ev.singles_aiq),
        },
        "policies": policies,
        "headline": headline(ev),
    }


def format_text(ev: Evaluation) -> str:
    """Plain text: the references and each policy's operating points, RouteLLM's metrics
    on two-model files, and the headline."""
    ref = ev.reference
    lines = [
        f"{ev.source}: {ev.n_train} train / {ev.n_test} test prompts, {len(ref.models)} models",
        f"best single (chosen on train): {ref.models[ref.best]}; "
        f"cheapest: {ref.models[ref.cheap]}; knobs set on train, {ev.folds}-fold out of fold",
        "",
        f"{'policy':<40} {'setting (on train)':<28} {'quality':>8} {'q-share':>8} "
        f"{'cost $':>10} {'c-share':>8} {'AIQ':>7}",
    ]
    for model, p in ev.singles.items():
        lines.append(_row(f"single {model}", "", p, ref))
    lines.append(_row("oracle", "", ev.oracle, ref))
    lines.append(_row("singles hull (RouterBench zero)", "", None, ref, ev.singles_aiq))
    for pr in (ev.line, *ev.policies.values()):
        for label, op in (
            (f"cost<={COST_TARGET:.0%}", pr.at_cost),
            ("score>=best", pr.at_quality),
        ):
            setting = (
                f"{pr.knob}={op.knob:.4g} ({label})" if op.knob is not None else f"({label}: none)"
            )
            lines.append(_row(pr.name, setting, op.test, ref, pr.aiq))
    lines.extend(_routellm_text(ev))
    head = headline(ev)
    if head is not None:
        lines.extend(["", f"headline ({head['policy']}):"])
        lines.extend(f"  {key}: {head[key]}" for key in _HEADLINE_KEYS)
    return "\n".join(lines)


_HEADLINE_KEYS = (
    "quality_at_30pct_cost",
    "cost_share_at_30pct_setting",
    "cost_share_at_best_single_quality",
    "aiq",
)


def _row(name: str, setting: str, p: Point | None, ref: Reference, aiq: float | None = None) -> str:
    values = point_json(p, ref) if p is not None else {}
    cells = [
        _fmt(values.get("quality"), 8, ".4f"),
        _fmt(values.get("quality_share"), 8, ".3f"),
        _fmt(values.get("cost_usd"), 10, ".4f"),
        _fmt(values.get("cost_share"), 8, ".3f"),
        _fmt(aiq, 7, ".4f"),
    ]
    return f"{name[:40]:<40} {setting[:28]:<28} " + " ".join(cells)


def _fmt(value: float | None, width: int, spec: str) -> str:
    return f"{value:{width}{spec}}" if value is not None else " " * (width - 1) + "-"


def _routellm_text(ev: Evaluation) -> list[str]:
    rows = [("oracle", ev.routellm_references.get("oracle", {}))]
    rows += [("line", ev.routellm_references.get("line", {}))]
    rows += [(name, pr.routellm) for name, pr in ev.policies.items()]
    if not any(scores for _, scores in rows):
        return []
    ref = ev.reference
    lines = [
        "",
        f"RouteLLM metrics (strong {ref.models[ref.best]}, weak {ref.models[1 - ref.best]}; "
        "CPT = share of strong calls; oracle = RouteLLM's optimal curve)",
        f"{'policy':<14} {'benchmark':<10} {'n':>6} {'APGR':>7} {'CPT50':>7} {'CPT80':>7}",
    ]
    for name, scores in rows:
        for bench, s in scores.items():
            lines.append(
                f"{name:<14} {bench:<10} {s.n:>6} {s.apgr:7.4f} {s.cpt[0.5]:7.4f} {s.cpt[0.8]:7.4f}"
            )
    return lines
