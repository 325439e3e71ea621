"""Routing metrics against hand-computed cases, and the train/test discipline of the
evaluation (poisoned test rows must not move anything fitted or chosen)."""

from __future__ import annotations

import gzip
import json
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from click.testing import CliRunner

from modelrouter.cli.eval_routing_cmd import routing
from modelrouter.errors import ConfigError
from modelrouter.learn.crossval import out_of_fold, pick_reaching, pick_within_cost
from modelrouter.learn.data import Outcomes, load_outcomes, train_test
from modelrouter.learn.evaluate import Evaluation, evaluate
from modelrouter.learn.metrics import (
    Point,
    aiq,
    apgr,
    best_single,
    cpt,
    line_points,
    nondecreasing_hull,
    one_hot,
    optimal_curve,
    oracle_choice,
    point,
    routellm_curve,
)
from modelrouter.learn.policies import LineMix, TaskMeans, TaskTable

# --- RouteLLM: APGR and CPT on four prompts, worked by hand -------------------------
# weak is right on prompt 0 only (0.25), strong on prompts 0-2 (0.75). The router's
# strong scores 0.1, 0.9, 0.7, 0.5; with num_results=2 the thresholds are the quantiles
# at 0, 0.5, 1: 0.1, 0.6 (halfway between 0.5 and 0.7), 0.9.
#   >= 0.1: all strong          -> share 1.0, accuracy 0.75
#   >= 0.6: prompts 1, 2 strong -> share 0.5, accuracy (1 + 1 + 1 + 0) / 4 = 0.75
#   >  0.9: none strong         -> share 0.0, accuracy 0.25
# AUC = 0.5 * (0.25 + 0.75) / 2 + 0.5 * (0.75 + 0.75) / 2 = 0.625
# APGR = (0.625 - 0.25) / (0.75 - 0.25) = 0.75
# CPT(50%): accuracy 0.5 is reached halfway from share 0 to 0.5 -> 0.25
# CPT(80%): accuracy 0.65 -> 0.5 * (0.65 - 0.25) / 0.5 = 0.4
WEAK = np.array([1.0, 0.0, 0.0, 0.0])
STRONG = np.array([1.0, 1.0, 1.0, 0.0])
ROUTER = np.array([0.1, 0.9, 0.7, 0.5])


def test_routellm_curve_apgr_and_cpt_by_hand() -> None:
    shares, accuracy = routellm_curve(ROUTER, WEAK, STRONG, num_results=2)
    assert shares.tolist() == [0.0, 0.5, 1.0]
    assert accuracy.tolist() == [0.25, 0.75, 0.75]
    assert apgr(shares, accuracy, 0.25, 0.75) == pytest.approx(0.75)
    assert cpt(shares, accuracy, 0.25, 0.75, 0.5) == pytest.approx(0.25)
    assert cpt(shares, accuracy, 0.25, 0.75, 0.8) == pytest.approx(0.4)


def test_routellm_default_sweep_has_eleven_points_from_none_to_all() -> None:
    scores = np.linspace(0.0, 1.0, 50)
    shares, accuracy = routellm_curve(scores, np.zeros(50), np.ones(50))
    assert len(shares) == 11
    assert shares[0] == 0.0 and shares[-1] == 1.0
    # strong always right, weak never: accuracy is the strong share, the area a half
    assert accuracy.tolist() == shares.tolist()
    assert apgr(shares, accuracy, 0.0, 1.0) == pytest.approx(0.5, abs=0.01)


def test_optimal_curve_is_routellm_get_optimal_accuracy() -> None:
    # weak right on 2 of 5; strong rescues prompts 1 and 2; RouteLLM spends
    # min(5 * share, 2) calls on them: share 0.1 -> 2.5/5, 0.2 -> 3/5, 0.5 -> 4/5
    weak = np.array([1.0, 0.0, 0.0, 0.0, 1.0])
    strong = np.array([1.0, 1.0, 1.0, 0.0, 0.0])
    got = optimal_curve(weak, strong, np.array([0.0, 0.1, 0.2, 0.5, 1.0]))
    assert got.tolist() == pytest.approx([0.4, 0.5, 0.6, 0.8, 0.8])


# --- RouterBench: the non-decreasing convex hull and AIQ -----------------------------
# Points (cost, quality): A(1, .5) B(2, .8) D(4, .9) make the hull. E(1.5, .55) lies under
# A-B (0.65 there), C(3, .7) under B-D (0.85), F(5, .85) is lower than D, so after D the
# hull is flat at 0.9. Over [0, 5]: 0 on [0, 1), mean .65 on [1, 2], .85 on [2, 4] and
# .9 on [4, 5] -> (0.65 + 1.7 + 0.9) / 5 = 0.65. Over [1, 4]: (0.65 + 1.7) / 3.
COSTS = np.array([1.0, 2.0, 3.0, 4.0, 1.5, 5.0])
QUALITIES = np.array([0.5, 0.8, 0.7, 0.9, 0.55, 0.85])


def test_nondecreasing_hull_by_hand() -> None:
    hull = nondecreasing_hull(COSTS, QUALITIES)
    assert hull.tolist() == [[1.0, 0.5], [2.0, 0.8], [4.0, 0.9]]


def test_hull_keeps_a_point_above_the_chord_and_the_best_of_equal_costs() -> None:
    costs = np.array([1.0, 2.0, 3.0, 4.0, 2.0])
    qualities = np.array([0.5, 0.8, 0.86, 0.9, 0.6])
    hull = nondecreasing_hull(costs, qualities)
    assert hull.tolist() == [[1.0, 0.5], [2.0, 0.8], [3.0, 0.86], [4.0, 0.9]]


def test_aiq_by_hand() -> None:
    assert aiq(COSTS, QUALITIES, 0.0, 5.0) == pytest.approx(0.65)
    assert aiq(COSTS, QUALITIES, 1.0, 4.0) == pytest.approx((0.65 + 1.7) / 3)
    # one point: flat to the right of it, nothing to the left
    assert aiq(np.array([2.0]), np.array([0.6]), 0.0, 4.0) == pytest.approx(0.3)
    # the straight line between two models averages their qualities
    assert aiq(np.array([1.0, 3.0]), np.array([0.4, 0.8]), 1.0, 3.0) == pytest.approx(0.6)
    assert np.isnan(aiq(COSTS, QUALITIES, 2.0, 2.0))  # no cost range to average over


# --- oracle, line, best single --------------------------------------------------------


def test_oracle_is_the_cheapest_of_the_best_per_prompt() -> None:
    scores = np.array([[1, 1, 0], [0, 1, 1], [0, 0, 0], [0.5, 0.5, 0.2]], dtype=np.float64)
    costs = np.array([[3, 1, 2], [1, 5, 2], [1, 2, 3], [2, 2, 1]], dtype=np.float64)
    choice = oracle_choice(scores, costs)
    assert choice.tolist() == [1, 2, 0, 0]
    result = point(one_hot(choice, 3), scores, costs)
    assert result == Point(quality=pytest.approx(0.625), cost=pytest.approx(6.0))


def test_line_and_best_single() -> None:
    (mixed,) = line_points(Point(0.5, 1.0), Point(0.9, 11.0), np.array([0.25]))
    assert mixed.quality == pytest.approx(0.6) and mixed.cost == pytest.approx(3.5)
    scores = np.array([[1.0, 1.0, 0.0], [0.0, 0.0, 0.0]])
    costs = np.array([[2.0, 1.0, 0.1], [2.0, 1.0, 0.1]])
    assert best_single(scores, costs) == 1  # models 0 and 1 tie at 0.5; 1 is cheaper


# --- picking an operating point on a curve -------------------------------------------


def test_pick_within_cost_and_reaching_quality() -> None:
    from modelrouter.learn.crossval import Curve

    curve = Curve(
        knobs=np.array([0.0, 1.0, 2.0, 3.0]),
        quality=np.array([0.9, 0.8, 0.8, 0.6]),
        cost=np.array([10.0, 4.0, 3.0, 1.0]),
    )
    assert pick_within_cost(curve, 3.0) == 2  # 0.8 at cost 3 beats 0.6 at 1
    assert pick_within_cost(curve, 0.5) is None
    assert pick_reaching(curve, 0.8) == 2  # the cheaper of the two reaching 0.8
    assert pick_reaching(curve, 0.95) is None


# --- the train/test discipline -------------------------------------------------------


def _rows(seed: int = 7) -> list[dict[str, Any]]:
    """Three models (big, mid, small) on three task labels; train and test rows."""
    rng = np.random.default_rng(seed)
    skill = {"a": (0.9, 0.85, 0.3), "b": (0.9, 0.4, 0.35), "c": (0.8, 0.7, 0.65)}
    price = {"big": 10.0, "mid": 3.0, "small": 1.0}
    rows = []
    for i in range(300):
        task = "abc"[i % 3]
        outcomes = {
            model: {
                "score": float(rng.random() < skill[task][j]),
                "cost_usd": price[model] * (1 + 0.1 * (i % 5)),
                "response": None,
            }
            for j, model in enumerate(price)
        }
        split = "test" if i % 4 == 0 else "train"
        rows.append(
            {"id": f"r{i}", "split": split, "task": task, "prompt": f"p{i}", "outcomes": outcomes}
        )
    return rows


def _write(path: Path, rows: list[dict[str, Any]]) -> Path:
    with gzip.open(path, "wt", encoding="utf-8") as handle:
        handle.writelines(json.dumps(row) + "\n" for row in rows)
    return path


def _poisoned(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Test rows turned upside down: scores inverted, the cheapest model made dearest."""
    result = json.loads(json.dumps(rows))
    for row in result:
        if row["split"] == "test":
            for model, outcome in row["outcomes"].items():
                outcome["score"] = 1.0 - outcome["score"]
                outcome["cost_usd"] = 100.0 if model == "small" else 0.01
    return result


def _fitted_table(ev: Evaluation) -> TaskTable:
    table = ev.policies["task-means"].fitted
    assert isinstance(table, TaskTable)
    return table


def test_poisoned_test_rows_change_nothing_fitted_or_chosen(tmp_path: Path) -> None:
    clean_rows = _rows()
    clean = evaluate(load_outcomes(_write(tmp_path / "clean.jsonl.gz", clean_rows)), [TaskMeans()])
    dirty = evaluate(
        load_outcomes(_write(tmp_path / "dirty.jsonl.gz", _poisoned(clean_rows))), [TaskMeans()]
    )
    for name in ("task-means",):
        a, b = clean.policies[name], dirty.policies[name]
        assert a.at_cost.knob == b.at_cost.knob
        assert a.at_quality.knob == b.at_quality.knob
        assert a.at_cost.train == b.at_cost.train
        np.testing.assert_array_equal(a.train_oof.quality, b.train_oof.quality)
        np.testing.assert_array_equal(a.train_oof.cost, b.train_oof.cost)
    assert clean.line.at_cost.knob == dirty.line.at_cost.knob
    table, poisoned_table = _fitted_table(clean), _fitted_table(dirty)
    np.testing.assert_array_equal(table.quality, poisoned_table.quality)
    np.testing.assert_array_equal(table.cost, poisoned_table.cost)
    assert table.cost_unit == poisoned_table.cost_unit
    assert (clean.reference.best, clean.reference.cheap) == (
        dirty.reference.best,
        dirty.reference.cheap,
    )
    assert clean.reference.best_train == dirty.reference.best_train
    # the poison is strong enough to show: on test everything moved
    assert clean.policies["task-means"].at_cost.test != dirty.policies["task-means"].at_cost.test
    # and a fit that did see the test rows would have been caught
    leaky = TaskMeans().fit(load_outcomes(tmp_path / "dirty.jsonl.gz"))
    assert not np.array_equal(leaky.quality, poisoned_table.quality)


def test_train_test_hands_out_independent_copies(tmp_path: Path) -> None:
    outcomes = load_outcomes(_write(tmp_path / "o.jsonl.gz", _rows()))
    train, test = train_test(outcomes)
    assert set(train.splits) == {"train"} and set(test.splits) == {"test"}
    assert len(train) + len(test) == len(outcomes)
    before = train.scores.copy()
    test.scores[:] = -1.0
    outcomes.scores[:] = -1.0
    np.testing.assert_array_equal(train.scores, before)


def test_out_of_fold_never_decides_a_row_with_a_fit_that_saw_it(tmp_path: Path) -> None:
    # a policy that memorises its fitting rows' ids: if a held-out row had been in the
    # fit, the memorising policy would score it perfectly
    train, _ = train_test(load_outcomes(_write(tmp_path / "o.jsonl.gz", _rows())))

    class Memo:
        name, knob = "memo", "unused"

        def grid(self) -> np.ndarray:
            return np.array([0.0])

        def fit(self, rows: Outcomes) -> Any:
            best = {i: int(np.argmax(s)) for i, s in zip(rows.inputs.ids, rows.scores, strict=True)}

            class Fit:
                def choose(self, inputs: Any, knob: float) -> np.ndarray:
                    seen = [best.get(i) for i in inputs.ids]
                    assert all(s is None for s in seen), "a held-out row was in the fit"
                    return one_hot(np.zeros(len(inputs), dtype=np.intp), len(rows.models))

            return Fit()

    out_of_fold(Memo(), train)


def test_line_mix_fits_cheapest_and_best_on_train(tmp_path: Path) -> None:
    train, test = train_test(load_outcomes(_write(tmp_path / "o.jsonl.gz", _rows())))
    fitted = LineMix().fit(train)
    assert train.models[fitted.cheap] == "small" and train.models[fitted.best] == "big"
    mix = fitted.choose(test.inputs, 0.25)
    assert mix[:, fitted.best].tolist() == [0.25] * len(test)
    assert mix.sum(axis=1) == pytest.approx(1.0)


def test_loader_rejects_a_row_without_a_known_split(tmp_path: Path) -> None:
    rows = _rows()[:5]
    rows[2]["split"] = "validation"
    with pytest.raises(ConfigError, match="split"):
        load_outcomes(_write(tmp_path / "bad.jsonl.gz", rows))


# --- the command ---------------------------------------------------------------------


def test_routing_command_json_text_and_plot(tmp_path: Path) -> None:
    data = _write(tmp_path / "o.jsonl.gz", _rows())
    plot = tmp_path / "curves.png"
    runner = CliRunner()
    result = runner.invoke(routing, [str(data), "--json", "--plot", str(plot)])
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    head = report["headline"]
    assert head["policy"] == "learned"
    for key in ("quality_at_30pct_cost", "cost_share_at_30pct_setting", "aiq"):
        assert isinstance(head[key], float)
    assert "cost_share_at_best_single_quality" in head
    assert report["reference"]["best_single"] == {
        "model": "big",
        "chosen_on": "train",
        "train": report["reference"]["best_single"]["train"],
        "test": report["reference"]["best_single"]["test"],
    }
    points = report["policies"]["task-means"]["operating_points"]
    assert points["cost_share<=0.30"]["chosen_on"] == "train (out of fold)"
    assert points["cost_share<=0.30"]["train"]["cost_share"] <= 0.30
    assert {"single:big", "single:mid", "single:small", "oracle", "line"} <= set(report["policies"])
    assert plot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    text = runner.invoke(routing, [str(data)])
    assert text.exit_code == 0 and "headline (learned)" in text.output
