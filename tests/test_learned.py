"""The learned router and the cascade: safe round trip, train/test discipline, the knob,
and a cascade that pays for both calls."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path
from typing import Any

import numpy as np
from click.testing import CliRunner

from modelrouter.cli.eval_routing_cmd import routing
from modelrouter.cli.train_cmd import train
from modelrouter.config.loader import build_settings, default_data
from modelrouter.learn import default_labeller
from modelrouter.learn.cascade import Cascade, CascadeFit
from modelrouter.learn.crossval import per_prompt
from modelrouter.learn.data import load_outcomes, train_test
from modelrouter.learn.learned import Learned
from modelrouter.learn.store import load_router, save_router
from modelrouter.learn.train import train_router

WORDS = {
    "math": "compute the sum of numbers and solve the equation for x",
    "chat": "tell me a friendly story about a cat and a garden",
    "code": "write a python function that returns the sorted list",
}
PRICE = {"big": 10.0, "mid": 3.0, "small": 1.0}


def _rows(seed: int = 3, n: int = 240, responses: bool = False) -> list[dict[str, Any]]:
    """Three models on three labels; "hard" prompts defeat the small model."""
    rng = np.random.default_rng(seed)
    rows = []
    for i in range(n):
        task = list(WORDS)[i % 3]
        hard = i % 2 == 0
        words = WORDS[task].split()
        prompt = " ".join(rng.choice(words, 8)) + (" hard tricky" if hard else " easy") + f" {i}"
        skill = {"big": 0.9, "mid": 0.7 if task != "code" else 0.3, "small": 0.2 if hard else 0.8}
        outcomes = {}
        for model, price in PRICE.items():
            score = float(rng.random() < skill[model])
            answer = ("the answer is 42" if score else "not sure, maybe") if responses else None
            outcomes[model] = {
                "score": score,
                "cost_usd": price * (1 + len(prompt) / 100),
                "response": answer if model == "small" else None,
            }
        split = "test" if i % 4 == 0 else "train"
        rows.append({"id": f"r{i}", "split": split, "task": task, "prompt": prompt,
                     "outcomes": outcomes})  # fmt: skip
    return rows


def _write(path: Path, rows: list[dict[str, Any]]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path


def _poisoned(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Test rows turned upside down: prompts, scores and costs all changed."""
    result = json.loads(json.dumps(rows))
    for row in result:
        if row["split"] == "test":
            row["prompt"] = "poison poison " + row["prompt"][::-1]
            row["task"] = "poison"
            for model, outcome in row["outcomes"].items():
                outcome["score"] = 1.0 - outcome["score"]
                outcome["cost_usd"] = 100.0 if model == "small" else 0.01
    return result


def test_saved_router_round_trips_to_the_same_choices(tmp_path: Path) -> None:
    outcomes = load_outcomes(_write(tmp_path / "o.jsonl", _rows()))
    trained, test = train_test(outcomes)
    router = Learned().fit(trained)
    save_router(router, tmp_path / "router.json", {"note": "test"})
    loaded = load_router(tmp_path / "router.json")
    for knob in (0.0, 0.3, 1.0, 10.0):
        np.testing.assert_array_equal(
            router.choice(test.inputs, knob), loaded.choice(test.inputs, knob)
        )
    quality, _ = router.predict(test.inputs)
    np.testing.assert_array_equal(quality, loaded.predict(test.inputs)[0])


def test_router_file_holds_no_pickle(tmp_path: Path) -> None:
    trained, _ = train_test(load_outcomes(_write(tmp_path / "o.jsonl", _rows())))
    npz = save_router(Learned().fit(trained), tmp_path / "router.json", {})
    json.loads((tmp_path / "router.json").read_text(encoding="utf-8"))  # plain JSON
    with zipfile.ZipFile(npz) as archive:
        for name in archive.namelist():
            data = archive.read(name)
            header = data[: data.index(b"\n")]
            assert b"'descr': '|O'" not in header and b"<f8" in header, name
            assert b"\x80\x04\x95" not in data and b"\x80\x05\x95" not in data  # pickle opcodes
    with np.load(npz, allow_pickle=False) as arrays:  # loads without pickle
        assert "coef" in arrays.files


def test_training_never_sees_test_rows(tmp_path: Path) -> None:
    clean_rows = _rows()
    clean = tmp_path / "clean.jsonl"
    dirty = tmp_path / "dirty.jsonl"
    _write(clean, clean_rows)
    _write(dirty, _poisoned(clean_rows))
    files = []
    for path in (clean, dirty):
        router, metadata = train_router(load_outcomes(path), path, default_labeller(), folds=3)
        out = tmp_path / f"{path.stem}.router.json"
        save_router(router, out, {"curve": metadata["train_oof_curve"]})
        files.append(out)
    assert files[0].read_text() == files[1].read_text()
    with np.load(files[0].with_suffix(".npz")) as a, np.load(files[1].with_suffix(".npz")) as b:
        for name in a.files:
            np.testing.assert_array_equal(a[name], b[name])
    # the poison would have shown: a fit that saw the dirty test rows differs
    leaky = Learned(labeller=default_labeller()).fit(load_outcomes(dirty))
    assert "poison" in leaky.features.word.vocabulary
    assert "poison" not in load_router(files[0]).features.word.vocabulary


def test_lambda_moves_cost_monotonically(tmp_path: Path) -> None:
    trained, test = train_test(load_outcomes(_write(tmp_path / "o.jsonl", _rows())))
    policy = Learned()
    router = policy.fit(trained)
    _, cost = per_prompt(router, policy.grid(), test)
    totals = cost.sum(axis=1)
    assert np.all(np.diff(totals) <= 1e-12)
    assert totals[0] > totals[-1]  # the knob does something


def test_cascade_pays_for_both_calls(tmp_path: Path) -> None:
    trained, test = train_test(load_outcomes(_write(tmp_path / "o.jsonl", _rows(responses=True))))
    policy = Cascade()
    assert policy.applies(trained)
    fit = policy.fit(trained)
    assert isinstance(fit, CascadeFit) and trained.models[fit.first] == "small"
    knobs = np.array([0.0, 1.01])
    quality, cost = per_prompt(fit, knobs, test)
    small, big = test.models.index("small"), test.models.index("big")
    np.testing.assert_allclose(cost[0], test.costs[:, small])  # accept all: one call
    np.testing.assert_allclose(cost[1], test.costs[:, small] + test.costs[:, big])
    np.testing.assert_allclose(quality[1], test.scores[:, big])  # escalated: big's answer
    # the check reads the answer: it escalates the prompts the small model got wrong
    confidence = fit.confidence(test.inputs, [r[small] for r in test.responses])
    wrong = test.scores[:, small] == 0
    assert confidence[wrong].mean() < confidence[~wrong].mean()


def test_cascade_routes_labels_it_cannot_check_with_one_call(tmp_path: Path) -> None:
    rows = _rows(responses=True)
    for row in rows:
        if row["task"] == "chat":
            row["outcomes"]["small"]["response"] = None
    trained, test = train_test(load_outcomes(_write(tmp_path / "o.jsonl", rows)))
    fit = Cascade().fit(trained)
    _, cost = per_prompt(fit, np.array([1.01]), test)
    chat = np.array([t == "chat" for t in test.tasks])
    big = test.models.index("big")
    np.testing.assert_allclose(cost[0][chat], test.costs[chat, big])
    assert np.all(cost[0][~chat] > test.costs[~chat, big])


def test_cascade_skipped_without_responses(tmp_path: Path) -> None:
    trained, _ = train_test(load_outcomes(_write(tmp_path / "o.jsonl", _rows())))
    assert not Cascade().applies(trained)


def test_train_command_then_eval_with_router(tmp_path: Path) -> None:
    data = _write(tmp_path / "o.jsonl", _rows())
    out = tmp_path / "r.json"
    runner = CliRunner()
    result = runner.invoke(train, [str(data), "-o", str(out), "--folds", "3"])
    assert result.exit_code == 0, result.output
    metadata = json.loads(out.read_text())["metadata"]
    assert metadata["n_train"] == 180 and "scikit-learn" in metadata["versions"]
    result = runner.invoke(
        routing, [str(data), "--router", str(out), "--policy", "task-means", "--json"]
    )
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["headline"]["policy"] == "learned (saved)"


def test_check_report_scores_checks_against_recorded_scores(tmp_path: Path) -> None:
    from modelrouter.config.loader import build_settings, default_data
    from modelrouter.learn.checks import check_report

    outcomes = load_outcomes(_write(tmp_path / "o.jsonl", _rows(responses=True)))
    rows = check_report(outcomes, build_settings(default_data()))
    by_check = {r["check"]: r for r in rows if r["model"] == "small"}
    # JSON was never requested: the json check judged nothing, and is not counted a pass
    assert by_check["gateway:json"]["n"] == 0 and by_check["gateway:json"]["skipped"] == 60
    assert by_check["gateway:json"]["pass_rate"] is None
    # the synthetic answer states "the answer is 42" exactly when it is right
    assert by_check["format"]["precision"] == 1.0 and by_check["format"]["recall"] == 1.0
    assert by_check["learned"]["precision"] > 0.9


def test_encoder_rows_equal_scikit_learns_tfidf() -> None:
    """The per-request TF-IDF counting gives exactly what TfidfVectorizer.transform does."""
    from modelrouter.learn.features import _vectorizer, fit_features

    train = [r["prompt"] for r in _rows(n=120)]
    features = fit_features(load_inputs(train))
    unseen = ["Écris une fonction python", "", "tell me a story story story", "x" * 5000]
    for encoder in (features.word, features.char):
        reference = _vectorizer(dict(encoder.settings), encoder.vocabulary)
        reference.idf_ = encoder.idf
        expected = reference.transform([t[:2000] for t in unseen]).toarray()
        got = encoder.transform(unseen).toarray()
        assert got.shape == expected.shape and np.abs(expected).sum() > 0
        np.testing.assert_allclose(got, expected, rtol=1e-12, atol=1e-12)


def load_inputs(prompts: list[str]) -> Any:
    from modelrouter.learn.data import Inputs

    ids = tuple(str(i) for i in range(len(prompts)))
    return Inputs(ids, tuple("t" for _ in prompts), tuple(prompts))


def test_eval_checks_command_reports_gateway_and_learned_checks(tmp_path: Path) -> None:
    from modelrouter.cli.eval_cmd import eval_group

    rows = _rows(responses=True)
    for row in rows[::5]:  # some wrong answers are refusals the gateway's check catches
        small = row["outcomes"]["small"]
        if small["score"] == 0:
            small["response"] = "I'm sorry, but I can't help with that."
    data = _write(tmp_path / "o.jsonl", rows)
    result = CliRunner().invoke(eval_group, ["checks", str(data), "--json"])
    assert result.exit_code == 0, result.output
    by_check = {r["check"]: r for r in json.loads(result.stdout)["checks"]}
    refusal, empty = by_check["gateway:refusal"], by_check["gateway:empty"]
    assert empty["pass_rate"] == 1.0 and empty["precision"] == empty["good_share"]
    assert refusal["pass_rate"] < 1.0 and refusal["recall"] == 1.0
    assert refusal["precision"] > refusal["good_share"]
    assert refusal["caught"] > 0 and refusal["fail_precision"] == 1.0  # only weak refused
    assert {"format", "learned"} <= set(by_check)
    text = CliRunner().invoke(eval_group, ["checks", str(data)])
    assert "gateway:refusal" in text.output and "prec" in text.output
    bare = _write(tmp_path / "bare.jsonl", _rows())
    missing = CliRunner().invoke(eval_group, ["checks", str(bare)])
    assert missing.exit_code != 0 and "no recorded responses" in missing.output


def test_combined_checks_where_it_can_and_routes_elsewhere(tmp_path: Path) -> None:
    from modelrouter.learn.combined import Combined, CombinedFit

    rows = _rows(responses=True)
    for row in rows:  # chat answers were never recorded: the check cannot read them
        if row["task"] == "chat":
            row["outcomes"]["small"]["response"] = None
    trained, test = train_test(load_outcomes(_write(tmp_path / "o.jsonl", rows)))
    fit = Combined().fit(trained)
    assert isinstance(fit, CombinedFit)
    small, big = test.models.index("small"), test.models.index("big")
    responses = [r[small] for r in test.responses]
    chat = np.array([t == "chat" for t in test.tasks])
    for knob in (0.0, 0.3, 3.0):
        mix, calls = fit.cascade(test.inputs, responses, knob)
        # unchecked prompts: exactly the learned router's choice, one call
        np.testing.assert_array_equal(mix[chat], fit.router.choose(test.inputs, knob)[chat])
        np.testing.assert_array_equal(calls[chat], mix[chat])
        # checked prompts: the small model is always paid, its answer used unless escalated
        assert np.all(calls[~chat, small] == 1.0)
        escalated = calls[~chat, big] == 1.0
        np.testing.assert_array_equal(mix[~chat, big], escalated.astype(float))
    # the evaluation treats it as a cascade: it pays the small call on checked prompts
    _, paid = per_prompt(fit, np.array([0.0]), test)
    extra = paid[0][~chat] - test.costs[~chat, small]
    assert np.all(np.isclose(extra, 0.0) | np.isclose(extra, test.costs[~chat, big]))
    # at lambda 0 any expected gain escalates: the wrong small answers mostly go up
    mix, _ = fit.cascade(test.inputs, responses, 0.0)
    wrong = (test.scores[:, small] == 0) & ~chat
    assert mix[wrong, big].mean() > 0.8
    # its APGR order ranks the prompts the small model got wrong higher
    gain = fit.escalation_score(test.inputs, responses)
    assert gain[wrong].mean() > gain[~chat & ~wrong].mean()


def test_combined_is_the_learned_router_without_responses(tmp_path: Path) -> None:
    from modelrouter.learn.combined import Combined
    from modelrouter.learn.learned import LearnedRouter

    trained, _ = train_test(load_outcomes(_write(tmp_path / "o.jsonl", _rows())))
    assert isinstance(Combined().fit(trained), LearnedRouter)


def test_cascade_starts_with_the_best_model_cheap_enough(tmp_path: Path) -> None:
    from modelrouter.learn.cascade import cheap_first

    rows = _rows(responses=True)
    for i, row in enumerate(rows):  # mid: better than small, worse than big, 27% of its cost
        mid, small, big = (row["outcomes"][m] for m in ("mid", "small", "big"))
        mid.update(response="the answer is 42", cost_usd=mid["cost_usd"] * 0.9)
        mid["score"] = max(small["score"], big["score"] if i % 3 == 0 else 0.0)
    trained, _ = train_test(load_outcomes(_write(tmp_path / "o.jsonl", rows)))
    assert trained.models[cheap_first(trained) or 0] == "mid"
    for row in rows:  # now mid costs 40% of big: the cheapest answers first
        row["outcomes"]["mid"]["cost_usd"] *= 1.5
    trained, _ = train_test(load_outcomes(_write(tmp_path / "o2.jsonl", rows)))
    assert trained.models[cheap_first(trained) or 0] == "small"


def test_one_evaluation_fits_the_learned_router_once_for_both_policies(tmp_path: Path) -> None:
    from modelrouter.learn import make_policies

    trained, _ = train_test(load_outcomes(_write(tmp_path / "o.jsonl", _rows(responses=True))))
    learned, combined = make_policies(["learned", "combined"])
    router = learned.fit(trained)
    assert combined.fit(trained).router is router  # type: ignore[attr-defined]
    # other rows, or another evaluation's instance, fit anew
    assert learned.fit(trained.subset(range(len(trained) - 1))) is not router
    assert make_policies(["learned"])[0].fit(trained) is not router


def test_unseen_label_keeps_the_per_prompt_model(tmp_path: Path) -> None:
    """A label never seen in training no longer drops the per-prompt model (part 6)."""
    from dataclasses import replace

    from modelrouter.learn.data import Inputs

    trained, _ = train_test(load_outcomes(_write(tmp_path / "o.jsonl", _rows())))
    router = Learned().fit(trained)
    unseen = Inputs(trained.inputs.ids, ("never-seen",) * len(trained), trained.inputs.prompts)
    quality, _ = router.predict(unseen)
    # hard and easy prompts differ in the per-prompt model, not in any table row
    hard = np.array(["hard" in p for p in unseen.prompts])
    small = router.models.index("small")
    assert quality[~hard, small].mean() - quality[hard, small].mean() > 0.2
    old = replace(router, unseen_model=False, _coef_t=[], _memo=[])
    table, _ = old.predict(unseen)
    assert len({round(float(q), 9) for q in table[:, small]}) <= len(router.features.detected)


def test_served_router_is_fitted_and_decides_on_detected_task_types(tmp_path: Path) -> None:
    from modelrouter.learn.data import Inputs

    data = _write(tmp_path / "o.jsonl", _rows())
    trained, test = train_test(load_outcomes(data))
    labeller = default_labeller()
    router = Learned(labeller=labeller).fit(trained)
    task_types = {"code", "creative", "data_analysis", "long_context", "reasoning", "simple"}
    assert set(router.features.labels) <= task_types  # no benchmark label was fitted on
    relabelled = Inputs(test.inputs.ids, ("whatever",) * len(test), test.inputs.prompts)
    np.testing.assert_array_equal(router.predict(test.inputs)[0], router.predict(relabelled)[0])
    # saved, it carries which detector labelled it; eval --router relabels the same way
    out = tmp_path / "served.json"
    result = CliRunner().invoke(train, [str(data), "-o", str(out), "--folds", "3"])
    assert result.exit_code == 0, result.output
    configured = build_settings(default_data()).routing.detector
    assert json.loads(out.read_text())["metadata"]["labels"] == {"detector": configured}
    assert set(load_router(out).features.labels) <= task_types
