"""The learned detector: package data, predictions, user task types, calibration, eval."""

from __future__ import annotations

import json
import time
import zipfile
from importlib import resources
from pathlib import Path

import numpy as np
import pytest
import yaml
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from tests.test_detect import ask

from modelrouter.cli import main_group
from modelrouter.config.loader import build_settings, default_data, merge
from modelrouter.config.schema import TaskType
from modelrouter.detect.learned.calibration import (
    expected_calibration_error,
    fit_temperature,
    reliability,
    softmax,
)
from modelrouter.detect.learned.detector import LearnedDetector
from modelrouter.detect.learned.features import DENSE_SIZE, HashSpec, message_features
from modelrouter.detect.learned.model import LinearModel, load_model
from modelrouter.errors import ConfigError
from modelrouter.registry import load

BUILTIN = ("code", "creative", "data_analysis", "long_context", "reasoning", "simple")
_SENTENCE = (
    "The committee met on three occasions during the spring to review the proposal, and "
    "several witnesses described the events differently, which complicated the inquiry. "
)


@pytest.fixture(scope="module")
def tasks() -> dict[str, TaskType]:
    return dict(build_settings(default_data()).tasks)


@pytest.fixture(scope="module")
def learned(tasks: dict[str, TaskType]) -> LearnedDetector:
    return LearnedDetector(tasks, "simple")


def test_shipped_model_is_package_data_without_pickle() -> None:
    data = resources.files("modelrouter.detect.learned") / "data"
    with (data / "detector.npz").open("rb") as handle, zipfile.ZipFile(handle) as archive:
        assert sorted(archive.namelist()) == ["bias.npy", "weights.npy"]
    with (data / "detector.npz").open("rb") as handle, np.load(handle, allow_pickle=False) as npz:
        assert npz["weights"].dtype == np.float16  # no object arrays: nothing to unpickle
    meta = json.loads((data / "detector.json").read_text(encoding="utf-8"))
    assert meta["metadata"]["n_train"] > 10_000
    model = load_model()
    assert model.classes == BUILTIN
    assert model.weights.shape == (model.spec.size + DENSE_SIZE, len(BUILTIN))
    assert model.temperature > 0
    size = sum((data / name).stat().st_size for name in ("detector.npz", "detector.json"))  # type: ignore[attr-defined]
    assert size < 5_000_000


def test_registered_and_built_from_config(tasks: dict[str, TaskType]) -> None:
    detector = load("detector", "learned")(tasks, "simple")
    assert detector.name == "learned"
    assert ask(detector, "Write a Python function that reverses a linked list.").task == "code"


_DOCUMENT = "Summarize the following meeting transcript.\n\n" + _SENTENCE * 120


@pytest.mark.parametrize(
    ("prompt", "expected"),
    [
        ("Write a Python function that returns the n-th Fibonacci number.", "code"),
        (
            "```python\ndef add(a, b):\n    return a - b\n```\nWhy does this return the wrong sum?",
            "code",
        ),
        (
            "Natalia sold clips to 48 of her friends in April, and then she sold half as many "
            "clips in May. How many clips did Natalia sell altogether in April and May?",
            "reasoning",
        ),
        ("Translate to French: Where is the train station?", "simple"),
        ("把这句话翻译成英文：今天天气很好", "simple"),
        ("Write a poem about the sea at night.", "creative"),
        ("写一首关于秋天的诗", "creative"),
        (
            "Year | Revenue | Profit\n2021 | 120 | 15\n2022 | 140 | 18\n2023 | 180 | 25\n"
            "Which year had the highest profit margin?",
            "data_analysis",
        ),
        (_DOCUMENT, "long_context"),
    ],
)
def test_clear_prompts(learned: LearnedDetector, prompt: str, expected: str) -> None:
    choice = ask(learned, prompt)
    assert choice.task == expected, choice
    assert 0 < choice.confidence <= 1
    assert choice.reason.startswith(("classifier", "low confidence"))


def test_short_follow_up_reads_the_previous_request(learned: LearnedDetector) -> None:
    alone = ask(learned, "and now in Rust?")
    conversation = [
        {"role": "user", "content": "Write a Python function that reverses a linked list."},
        {"role": "assistant", "content": "def reverse(head): ..."},
        {"role": "user", "content": "and now in Rust?"},
    ]
    assert alone.task != "code" or alone.confidence < 0.9
    assert ask(learned, conversation).task == "code"


_LEGAL_YAML = """
tasks:
  legal:
    description: contracts, leases and liability
    examples:
      - "Is this non-compete clause enforceable?"
      - "Can my landlord keep the deposit after the lease ended?"
      - "房东可以不退押金吗？"
    keywords: ['\\b(?:lease|tenant|landlord|lawsuit|non-compete)\\b', '律师|合同|押金']
    route: {primary: claude-sonnet-4-6}
"""


@pytest.mark.parametrize("name", ["learned", "blend"])
def test_user_yaml_type_wins_on_its_own_prompts(name: str) -> None:
    settings = build_settings(merge(default_data(), yaml.safe_load(_LEGAL_YAML)))
    detector = load("detector", name)(settings.tasks, settings.routing.default_task)
    for prompt in (
        "My landlord kept the deposit after the lease ended. Can I sue?",
        "签合同前需要注意什么？押金能要回来吗？",
        "Is a non-compete enforceable if I move to another state?",
    ):
        choice = ask(detector, prompt)
        assert choice.task == "legal", (prompt, choice)
        assert "keyword" in choice.reason
    # and the built-in types still win on theirs
    assert ask(detector, "Write a Python function that reverses a linked list.").task == "code"
    assert ask(detector, "Write a poem about the sea at night.").task == "creative"


def test_user_type_from_examples_alone() -> None:
    astro = TaskType(
        description="Astronomy questions.",
        examples=[
            "Which planets can I see tonight with binoculars?",
            "When is the next meteor shower visible from Europe?",
        ],
        route={"primary": "kimi-k2.6"},  # type: ignore[arg-type]
    )
    tasks = dict(build_settings(default_data()).tasks)
    detector = LearnedDetector({**tasks, "astro": astro}, "simple")
    choice = ask(detector, "which planets can I see tonight with my binoculars")
    assert choice.task == "astro"
    assert "like its examples" in choice.reason
    assert ask(detector, "Write a poem about the sea at night.").task == "creative"


def _flat_model(bias: list[float], bits: int = 12) -> LinearModel:
    spec = HashSpec(bits=bits)
    weights = np.zeros((spec.size + DENSE_SIZE, len(BUILTIN)), dtype=np.float32)
    return LinearModel(BUILTIN, spec, weights, np.array(bias, dtype=np.float32), 1.0)


def test_low_confidence_says_so(tasks: dict[str, TaskType]) -> None:
    unsure = LearnedDetector(tasks, "simple", model=_flat_model([0.0] * 6))
    choice = ask(unsure, "anything at all")
    assert choice.confidence == pytest.approx(1 / 6, abs=0.01)
    assert choice.reason.startswith("low confidence")
    sure = LearnedDetector(tasks, "simple", model=_flat_model([0, 0, 0, 0, 0, 8.0]))
    choice = ask(sure, "anything at all")
    assert (choice.task, choice.reason.startswith("low")) == ("simple", False)
    assert choice.confidence > 0.99


def test_tools_push_towards_reasoning(tasks: dict[str, TaskType]) -> None:
    flat = LearnedDetector(tasks, "simple", model=_flat_model([0.0] * 6))
    tool = {"type": "function", "function": {"name": "search", "parameters": {}}}
    assert ask(flat, "find me a flight", tools=[tool]).task == "reasoning"


def test_model_save_and_load_round_trip(tmp_path: Path) -> None:
    model = _flat_model([0.1, 0.2, 0.3, 0.4, 0.5, 0.6])
    model.weights[5, 2] = 1.5
    model.save(tmp_path / "m")
    loaded = load_model(tmp_path / "m")
    assert loaded.classes == model.classes and loaded.spec == model.spec
    features = message_features("some text", model.spec)
    assert np.allclose(loaded.logits(features), model.logits(features), atol=1e-3)
    np.savez(tmp_path / "bad.npz", weights=np.zeros((3, 6)), bias=np.zeros(6))
    (tmp_path / "bad.json").write_text((tmp_path / "m.json").read_text())
    with pytest.raises(ConfigError, match="do not match"):
        load_model(tmp_path / "bad")
    meta = json.loads((tmp_path / "m.json").read_text())
    meta["bins"]["tokens"] = [1, 2, 3]
    (tmp_path / "m.json").write_text(json.dumps(meta))
    with pytest.raises(ConfigError, match="another version of the features"):
        load_model(tmp_path / "m")


def test_features_are_bounded_and_language_agnostic() -> None:
    spec = HashSpec()
    short = message_features("写一首诗", spec)
    assert len(short.ids) > 4  # CJK characters and pairs are n-grams like any other
    huge = message_features("x = 1;\n" * 200_000, spec)
    # n-grams read a head and a tail of the text, whatever its length
    assert len(huge.ids) <= len(spec.orders) * (spec.head + spec.tail + 1) + DENSE_SIZE
    assert huge.ids.max() < spec.size + DENSE_SIZE


def test_huge_and_hostile_inputs_finish_quickly(learned: LearnedDetector) -> None:
    hostile = [
        "a = 1\n" + "_" * 100_000,
        "=" * 1_000_000,
        ("|" + " 1 |" * 50 + "\n") * 20_000,
        "数据" * 500_000,
        "\n" * 1_000_000,
    ]
    for text in hostile:
        start = time.perf_counter()
        ask(learned, text)
        assert time.perf_counter() - start < 0.5  # generous: the point is no blow-up


def test_temperature_fit_and_calibration_error() -> None:
    rng = np.random.default_rng(0)
    labels = rng.integers(0, 3, 3000)
    true_logits = rng.normal(size=(3000, 3)) + 2.0 * np.eye(3)[labels]
    # sampled labels from the true probabilities: the fitted temperature undoes a 4x scale
    probabilities = softmax(true_logits)
    drawn = np.array([rng.choice(3, p=p) for p in probabilities])
    assert fit_temperature(4.0 * true_logits, drawn) == pytest.approx(4.0, rel=0.2)
    confident = [0.95] * 100
    assert expected_calibration_error(reliability(confident, [True] * 95 + [False] * 5)) < 0.01
    overconfident = reliability(confident, [True] * 50 + [False] * 50)
    assert expected_calibration_error(overconfident) == pytest.approx(0.45)
    assert [(b.n, b.accuracy) for b in overconfident] == [(100, 0.5)]


ROWS = [
    {
        "prompt": "Write a Python function that reverses a linked list.",
        "label": "code",
        "source": "a",
    },
    {"prompt": "Write a poem about the sea at night.", "label": "creative", "source": "a"},
    {"prompt": "Translate to French: good morning", "label": "simple", "source": "b"},
    {"prompt": "Translate to German: thank you", "label": "simple", "source": "b"},
]


def test_eval_json_per_label_per_source_and_calibration(tmp_path: Path) -> None:
    path = tmp_path / "rows.jsonl"
    path.write_text("".join(json.dumps(row) + "\n" for row in ROWS))
    result = CliRunner().invoke(
        main_group, ["eval", "detector", str(path), "--detector", "learned", "--json"]
    )
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["detector"] == "learned" and report["n"] == 4
    assert report["accuracy"] == 1.0
    assert set(report["labels"]) == {"code", "creative", "simple"}
    assert report["labels"]["simple"]["precision"] == 1.0
    assert report["labels"]["simple"]["recall"] == 1.0
    assert report["sources"] == {"a": {"n": 2, "accuracy": 1.0}, "b": {"n": 2, "accuracy": 1.0}}
    calibration = report["calibration"]
    assert 0 <= calibration["ece"] <= 1
    assert sum(b["n"] for b in calibration["bins"]) == 4


def test_eval_without_sources_has_no_source_table(tmp_path: Path) -> None:
    path = tmp_path / "rows.jsonl"
    path.write_text(json.dumps({"prompt": "hi there", "label": "simple"}) + "\n")
    result = CliRunner().invoke(main_group, ["eval", "detector", str(path), "--json"])
    assert result.exit_code == 0, result.output
    assert "sources" not in json.loads(result.stdout)


def test_train_detector_reads_only_train_rows(tmp_path: Path) -> None:
    prompts = {
        "code": ["Write a Python function that sorts a list.", "Fix this bug in my Java class."],
        "simple": ["Translate to French: good morning", "what is the capital of Peru"],
    }
    rows = [
        {"prompt": f"{text} ({i})", "label": label, "source": "s", "split": "train"}
        for label, texts in prompts.items()
        for text in texts
        for i in range(10)
    ]
    rows.append({"prompt": "never read", "label": "creative", "split": "test"})
    corpus = tmp_path / "corpus.jsonl"
    corpus.write_text("".join(json.dumps(row) + "\n" for row in rows))
    out = tmp_path / "model"
    result = CliRunner().invoke(
        main_group,
        ["train-detector", str(corpus), "--out", str(out), "--bits", "14", "--no-task-examples"],
    )
    assert result.exit_code == 0, result.output
    model = load_model(out)
    assert model.classes == ("code", "simple")  # the test row's label never reached the fit
    assert model.metadata["n_train"] == 40
    assert model.metadata["files"]["corpus.jsonl"]
    tasks = dict(build_settings(default_data()).tasks)
    detector = LearnedDetector(tasks, "simple", model=model)
    assert ask(detector, "Write a Python function that sorts a dict.").task == "code"
    # eval reads the written model, and only the asked-for split
    evaluated = CliRunner().invoke(
        main_group,
        [
            "eval",
            "detector",
            str(corpus),
            "--detector",
            "learned",
            "--model",
            str(out),
            "--split",
            "test",
            "--json",
        ],
    )
    assert evaluated.exit_code == 0, evaluated.output
    report = json.loads(evaluated.stdout)
    assert report["n"] == 1 and report["accuracy"] == 0.0  # a creative row; it knows no creative


_PIECES = st.sampled_from(["_", "=", "a = 1", "\n", " ", "|", "1", "写", "?", "```", "\t", "é"])


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(pieces=st.lists(st.tuples(_PIECES, st.integers(1, 5_000)), min_size=1, max_size=8))
def test_any_text_gives_bounded_features_and_a_known_task(
    learned: LearnedDetector, pieces: list[tuple[str, int]]
) -> None:
    text = "".join(piece * count for piece, count in pieces)
    spec = HashSpec()
    found = message_features(text, spec)
    assert len(found.ids) <= len(spec.orders) * (spec.head + spec.tail + 1) + DENSE_SIZE
    assert found.ids.min() >= 0 and found.ids.max() < spec.size + DENSE_SIZE
    choice = ask(learned, text)
    assert choice.task in BUILTIN and 0 < choice.confidence <= 1


def test_train_detector_feature_options_are_stored_with_the_model(tmp_path: Path) -> None:
    rows = [
        {"prompt": f"{text} {i}", "label": label}
        for label, text in (("code", "def f(x): return x"), ("simple", "hello, how are you"))
        for i in range(12)
    ]
    corpus = tmp_path / "corpus.jsonl"
    corpus.write_text("".join(json.dumps(row) + "\n" for row in rows))
    out = tmp_path / "model"
    options = ["--bits", "12", "--orders", "4,2,3", "--head", "300", "--tail", "100"]
    args = ["train-detector", str(corpus), "--out", str(out), "--no-task-examples", *options]
    result = CliRunner().invoke(main_group, args)
    assert result.exit_code == 0, result.output
    assert load_model(out).spec == HashSpec(bits=12, orders=(2, 3, 4), head=300, tail=100)
    bad = CliRunner().invoke(main_group, [*args[:4], "--orders", "0,x"])
    assert bad.exit_code == 2
    assert "orders are integers from 1 to 8" in bad.output
