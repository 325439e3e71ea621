"""Evaluate routing policies on the test rows of an outcome file, their knobs set on train.

For each knob policy: its out-of-fold curve on train (``crossval``), two operating points
chosen on that curve (the best score within 30% of the best single model's train cost;
the cheapest setting reaching the best single model's train score), the policy refitted
on all train rows and applied once to test at those settings, its whole test curve and
AIQ, and on two-model files RouteLLM's APGR and CPT per benchmark. The references: every
single model, the oracle, the line between the cheapest and the best single model.

The best single model, the cheapest model and every knob are chosen on train; test rows
are only ever decided and scored.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from modelrouter.learn.crossval import (
    FOLDS,
    SEED,
    Curve,
    curve_on,
    decide,
    out_of_fold,
    pick_reaching,
    pick_within_cost,
)
from modelrouter.learn.data import Outcomes, train_test
from modelrouter.learn.metrics import (
    Floats,
    Point,
    aiq,
    apgr,
    best_single,
    cheapest,
    cpt,
    one_hot,
    optimal_curve,
    oracle_choice,
    point,
    routellm_curve,
)
from modelrouter.learn.policies import Cascaded, Fitted, KnobPolicy, LineMix, StrongScorer

COST_TARGET = 0.30
CPT_FRACTIONS = (0.5, 0.8)


@dataclass(frozen=True, slots=True)
class Reference:
    """The models every share is relative to, chosen on train, and their points."""

    models: tuple[str, ...]
    best: int
    cheap: int
    best_train: Point
    best_test: Point
    cheap_test: Point
    best_on_test: int


@dataclass(frozen=True, slots=True)
class OperatingPoint:
    """A knob value chosen on train against a target, and what it did on test."""

    target: str
    goal: float
    knob: float | None
    train: Point | None
    test: Point | None
    model_shares: dict[str, float] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class RouteLLMScores:
    """RouteLLM's metrics on one benchmark of a two-model file."""

    n: int
    weak_accuracy: float
    strong_accuracy: float
    apgr: float
    cpt: dict[float, float]
    shares: Floats
    accuracy: Floats


@dataclass(frozen=True, slots=True)
class PolicyResult:
    """Everything measured for one knob policy."""

    name: str
    knob: str
    fitted: Fitted
    train_oof: Curve
    test: Curve
    aiq: float
    at_cost: OperatingPoint
    at_quality: OperatingPoint
    routellm: dict[str, RouteLLMScores]


@dataclass(frozen=True, slots=True)
class Evaluation:
    """The evaluation of one outcome file: references, policies, which one is headlined."""

    source: str
    n_train: int
    n_test: int
    folds: int
    seed: int
    reference: Reference
    singles: dict[str, Point]
    oracle: Point
    oracle_shares: dict[str, float]
    singles_aiq: float
    line: PolicyResult
    policies: dict[str, PolicyResult]
    headline: str | None
    routellm_references: dict[str, dict[str, RouteLLMScores]]


def evaluate(
    outcomes: Outcomes,
    policies: Sequence[KnobPolicy],
    *,
    source: str = "",
    folds: int = FOLDS,
    seed: int = SEED,
) -> Evaluation:
    """Evaluate the references and ``policies`` on the test rows of ``outcomes``."""
    train, test = train_test(outcomes)
    ref = reference(train, test)
    usable = [p for p in policies if applies(p, train)]
    singles = {
        m: Point(float(test.scores[:, j].mean()), float(test.costs[:, j].sum()))
        for j, m in enumerate(test.models)
    }
    oracle = one_hot(oracle_choice(test.scores, test.costs), len(test.models))
    lows, highs = ref.cheap_test.cost, ref.best_test.cost
    single_points = list(singles.values())
    return Evaluation(
        source=source,
        n_train=len(train),
        n_test=len(test),
        folds=folds,
        seed=seed,
        reference=ref,
        singles=singles,
        oracle=point(oracle, test.scores, test.costs),
        oracle_shares=_shares(oracle, test.models),
        singles_aiq=aiq(
            np.array([p.cost for p in single_points]),
            np.array([p.quality for p in single_points]),
            lows,
            highs,
        ),
        line=evaluate_policy(LineMix(), train, test, ref, folds, seed),
        policies={p.name: evaluate_policy(p, train, test, ref, folds, seed) for p in usable},
        headline=usable[0].name if usable else None,
        routellm_references=_routellm_references(test, ref),
    )


def applies(policy: KnobPolicy, train: Outcomes) -> bool:
    """Whether the file has what ``policy`` needs (a cascade needs recorded responses)."""
    check = getattr(policy, "applies", None)
    return bool(check(train)) if callable(check) else True


def reference(train: Outcomes, test: Outcomes) -> Reference:
    """The best single and the cheapest model, both chosen on train."""
    best = best_single(train.scores, train.costs)
    cheap = cheapest(train.costs)
    return Reference(
        models=train.models,
        best=best,
        cheap=cheap,
        best_train=Point(float(train.scores[:, best].mean()), float(train.costs[:, best].sum())),
        best_test=Point(float(test.scores[:, best].mean()), float(test.costs[:, best].sum())),
        cheap_test=Point(float(test.scores[:, cheap].mean()), float(test.costs[:, cheap].sum())),
        best_on_test=best_single(test.scores, test.costs),
    )


def evaluate_policy(
    policy: KnobPolicy,
    train: Outcomes,
    test: Outcomes,
    ref: Reference,
    folds: int = FOLDS,
    seed: int = SEED,
) -> PolicyResult:
    """Knob chosen out of fold on train, refit on all train, applied once to test."""
    stored = getattr(policy, "train_curve", None)  # a saved router brings its own
    oof = stored() if callable(stored) else out_of_fold(policy, train, folds, seed)
    fitted = policy.fit(train)
    curve = curve_on(fitted, policy.grid(), test)
    cost_goal = COST_TARGET * ref.best_train.cost
    by_cost = pick_within_cost(oof, cost_goal)
    by_quality = pick_reaching(oof, ref.best_train.quality)
    at_cost = _operate(fitted, oof, curve, test, "max_cost_share", COST_TARGET, by_cost)
    at_quality = _operate(
        fitted, oof, curve, test, "min_quality", ref.best_train.quality, by_quality
    )
    return PolicyResult(
        name=policy.name,
        knob=policy.knob,
        fitted=fitted,
        train_oof=oof,
        test=curve,
        aiq=aiq(curve.cost, curve.quality, ref.cheap_test.cost, ref.best_test.cost),
        at_cost=at_cost,
        at_quality=at_quality,
        routellm=_routellm_policy(fitted, test, ref),
    )


def _operate(
    fitted: Fitted,
    oof: Curve,
    curve: Curve,
    test: Outcomes,
    target: str,
    goal: float,
    chosen: int | None,
) -> OperatingPoint:
    if chosen is None:
        return OperatingPoint(target, goal, None, None, None)
    knob = float(oof.knobs[chosen])
    mix, _ = decide(fitted, test, knob)
    return OperatingPoint(
        target=target,
        goal=goal,
        knob=knob,
        train=oof.point(chosen),
        test=curve.point(chosen),
        model_shares=_shares(mix, test.models),
    )


def _shares(mix: Floats, models: tuple[str, ...]) -> dict[str, float]:
    used = mix.mean(axis=0)
    return {m: float(s) for m, s in zip(models, used, strict=True) if s > 0}


def benchmarks(tasks: Sequence[str]) -> dict[str, np.ndarray]:
    """Row masks per benchmark (the task label up to its first '/'), "all" first."""
    names = np.array([t.split("/", 1)[0] for t in tasks])
    groups = {"all": np.ones(len(tasks), dtype=np.bool_)}
    for name in sorted(set(names.tolist())):
        groups[name] = names == name
    return groups


def _pair(ref: Reference) -> tuple[int, int] | None:
    if len(ref.models) != 2:
        return None
    return ref.best, 1 - ref.best


def _scores(shares: Floats, accuracy: Floats, weak: Floats, strong: Floats) -> RouteLLMScores:
    low, high = float(weak.mean()), float(strong.mean())
    return RouteLLMScores(
        n=len(weak),
        weak_accuracy=low,
        strong_accuracy=high,
        apgr=apgr(shares, accuracy, low, high),
        cpt={f: cpt(shares, accuracy, low, high, f) for f in CPT_FRACTIONS},
        shares=shares,
        accuracy=accuracy,
    )


def _routellm_policy(fitted: Fitted, test: Outcomes, ref: Reference) -> dict[str, RouteLLMScores]:
    pair = _pair(ref)
    if pair is None:
        return {}
    strong, weak = pair
    if isinstance(fitted, Cascaded) and fitted.first == weak:
        # the cascade's escalation order (the weak call is paid on every checked prompt)
        score = fitted.escalation_score(test.inputs, [r[weak] for r in test.responses])
    elif isinstance(fitted, StrongScorer):
        score = fitted.strong_score(test.inputs, strong, weak)
    else:
        return {}
    result = {}
    for name, rows in benchmarks(test.tasks).items():
        low, high = test.scores[rows, weak], test.scores[rows, strong]
        shares, accuracy = routellm_curve(score[rows], low, high)
        result[name] = _scores(shares, accuracy, low, high)
    return result


def _routellm_references(test: Outcomes, ref: Reference) -> dict[str, dict[str, RouteLLMScores]]:
    """Per benchmark: RouteLLM's "optimal" curve (0%, 10%, ..., 100% strong calls) and the
    line, which is the expectation of RouteLLM's random router."""
    pair = _pair(ref)
    if pair is None:
        return {}
    strong, weak = pair
    shares = np.linspace(0.0, 1.0, 11)
    ends = np.array([0.0, 1.0])
    oracle, line = {}, {}
    for name, rows in benchmarks(test.tasks).items():
        low, high = test.scores[rows, weak], test.scores[rows, strong]
        oracle[name] = _scores(shares, optimal_curve(low, high, shares), low, high)
        line[name] = _scores(ends, np.array([low.mean(), high.mean()]), low, high)
    return {"oracle": oracle, "line": line}
