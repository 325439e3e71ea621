"""The blend detector: registration, pooling, user task types, reason and confidence, eval."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from click.testing import CliRunner
from tests.test_detect import ask

from modelrouter.cli import main_group
from modelrouter.config.loader import build_settings, default_data
from modelrouter.config.schema import TaskType
from modelrouter.detect.blend import BlendDetector
from modelrouter.detect.evaluate import read_rows, request_of
from modelrouter.detect.learned.detector import LearnedDetector
from modelrouter.detect.learned.features import DENSE_SIZE, HashSpec
from modelrouter.detect.learned.model import LinearModel
from modelrouter.detect.rules import RulesDetector
from modelrouter.registry import load, names
from modelrouter.types import ChatRequest

DEV = Path(__file__).parent.parent / "datasets" / "detector-dev.jsonl"
BUILTIN = ("code", "creative", "data_analysis", "long_context", "reasoning", "simple")


@pytest.fixture(scope="module")
def tasks() -> dict[str, TaskType]:
    return dict(build_settings(default_data()).tasks)


@pytest.fixture(scope="module")
def blend(tasks: dict[str, TaskType]) -> BlendDetector:
    return BlendDetector(tasks, "simple")


def test_registered_and_built_from_config(tasks: dict[str, TaskType]) -> None:
    assert "blend" in names("detector")
    detector = load("detector", "blend")(tasks, "simple")
    assert detector.name == "blend"
    choice = ask(detector, "Write a Python function that reverses a linked list.")
    assert choice.task == "code"


@pytest.mark.parametrize(
    ("prompt", "expected"),
    [
        ("Write a Python function that reverses a linked list.", "code"),
        ("Write a poem about the sea at night.", "creative"),
        ("If 3 workers build a wall in 6 days, how many days do 9 workers need?", "reasoning"),
        (
            "region,q1,q2\nnorth,120,140\nsouth,90,60\neast,200,210\nwest,80,95\n\n"
            "Which region grew the most from q1 to q2 in percent?",
            "data_analysis",
        ),
        ("What is the capital of Australia?", "simple"),
    ],
)
def test_clear_prompts(blend: BlendDetector, prompt: str, expected: str) -> None:
    choice = ask(blend, prompt)
    assert choice.task == expected, choice
    assert choice.confidence > 0.5


def test_each_side_alone_reproduces_its_detector(tasks: dict[str, TaskType]) -> None:
    """With all weight on one side, the blend answers as that detector does (its task)."""
    rows = list(read_rows(DEV))[::3]
    only_rules = BlendDetector(tasks, "simple", weights=(1.0, 0.0))
    only_learned = BlendDetector(tasks, "simple", weights=(0.0, 1.0))
    rules, learned = RulesDetector(tasks, "simple"), LearnedDetector(tasks, "simple")
    for row in rows:
        request = request_of(row)
        assert only_rules.detect(request).task == rules.detect(request).task, row["id"]
        assert only_learned.detect(request).task == learned.detect(request).task, row["id"]


def test_reason_names_both_detectors(tasks: dict[str, TaskType]) -> None:
    pooled = BlendDetector(tasks, "simple", sure=None)  # rules always consulted
    choice = ask(pooled, "```python\ndef f(x):\n    return x +\n```\nwhy does this fail?")
    assert choice.task == "code"
    assert choice.reason.startswith("rules ") and " + learned " in choice.reason
    assert "code" in choice.reason  # the rules signal: a code fence, code-like lines
    assert not choice.reason.startswith("low confidence")


def _flat_model() -> LinearModel:
    spec = HashSpec(bits=12)
    weights = np.zeros((spec.size + DENSE_SIZE, len(BUILTIN)), dtype=np.float32)
    return LinearModel(BUILTIN, spec, weights, np.zeros(len(BUILTIN), dtype=np.float32), 1.0)


def test_low_confidence_says_so(tasks: dict[str, TaskType]) -> None:
    # An unsure classifier and a message with no evidence: the pooled answer is unsure.
    unsure = BlendDetector(tasks, "simple", model=_flat_model(), weights=(0.2, 0.5))
    choice = ask(unsure, "hmm")
    assert choice.confidence < 0.5
    assert choice.reason.startswith(f"low confidence ({choice.confidence:.2f}): rules ")


def test_disagreement_is_named(tasks: dict[str, TaskType]) -> None:
    # A classifier that always says creative, against rules' clear code evidence.
    spec = HashSpec(bits=12)
    weights = np.zeros((spec.size + DENSE_SIZE, len(BUILTIN)), dtype=np.float32)
    bias = np.array([0, 9.0, 0, 0, 0, 0], dtype=np.float32)
    model = LinearModel(BUILTIN, spec, weights, bias, 1.0)
    detector = BlendDetector(tasks, "simple", model=model, weights=(1.0, 0.1), sure=None)
    choice = ask(detector, "```python\nimport os\nprint(os.listdir('.'))\n```\nfix this")
    assert choice.task == "code"
    assert "learned prefers creative" in choice.reason


def test_cascade_skips_rules_only_when_learned_is_sure(tasks: dict[str, TaskType]) -> None:
    """Learned sure: its answer, rules not consulted; else exactly the pooled answer."""
    cascade = BlendDetector(tasks, "simple", sure=0.9)
    pooled = BlendDetector(tasks, "simple", sure=None)
    learned = LearnedDetector(tasks, "simple")
    skipped = 0
    for row in list(read_rows(DEV))[::2]:
        request = request_of(row)
        alone, choice = learned.detect(request), cascade.detect(request)
        if alone.confidence >= 0.9:
            skipped += 1
            assert choice.task == alone.task, row["id"]
            assert choice.reason.endswith("(sure: rules not consulted)")
        else:
            assert choice == pooled.detect(request), row["id"]
    assert 0 < skipped < 210


def test_cascade_lets_rules_overrule_an_unsure_classifier(tasks: dict[str, TaskType]) -> None:
    # A classifier leaning to creative (0.64), below the threshold: rules' code evidence wins.
    spec = HashSpec(bits=12)
    weights = np.zeros((spec.size + DENSE_SIZE, len(BUILTIN)), dtype=np.float32)
    bias = np.array([0, 2.2, 0, 0, 0, 0], dtype=np.float32)
    model = LinearModel(BUILTIN, spec, weights, bias, 1.0)
    detector = BlendDetector(tasks, "simple", model=model, sure=0.97)
    choice = ask(detector, "```python\nimport os\nprint(os.listdir('.'))\n```\nfix this")
    assert choice.task == "code"
    assert "learned prefers creative" in choice.reason
    sure = BlendDetector(tasks, "simple", model=model, sure=0.6)  # now it is sure enough
    assert ask(sure, "fix this").task == "creative"


@pytest.mark.parametrize(
    "messages",
    [
        [{"role": "user", "content": ""}],
        [{"role": "tool", "content": ""}],
        [
            {"role": "user", "content": ""},
            {"role": "assistant", "content": "ok"},
            {"role": "user", "content": ""},
        ],
    ],
)
def test_empty_messages_get_an_answer(blend: BlendDetector, messages: list[Any]) -> None:
    choice = blend.detect(ChatRequest.model_validate({"messages": messages}))
    assert choice.task in BUILTIN
    assert 0 < choice.confidence <= 1


def test_eval_json_with_blend(tmp_path: Path) -> None:
    rows = [
        {"prompt": "Write a python function to sort a list", "label": "code", "source": "a"},
        {"prompt": "Write a haiku about autumn rain", "label": "creative", "source": "a"},
        {"prompt": "Translate to French: good morning", "label": "simple", "source": "b"},
    ]
    path = tmp_path / "rows.jsonl"
    path.write_text("".join(json.dumps(row) + "\n" for row in rows))
    result = CliRunner().invoke(
        main_group, ["eval", "detector", str(path), "--detector", "blend", "--json"]
    )
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["detector"] == "blend" and report["n"] == 3
    assert report["accuracy"] == 1.0
    assert report["sources"] == {"a": {"n": 2, "accuracy": 1.0}, "b": {"n": 1, "accuracy": 1.0}}
    assert 0 <= report["calibration"]["ece"] <= 1


def test_only_user_defined_task_types_leave_rules_to_decide() -> None:
    """No built-in type configured: the learned model knows none, blend still starts."""
    route = {"primary": "gpt-5.5"}
    tasks = {
        "legal": TaskType(description="law", keywords=[r"\bcontract\b"], route=route),  # type: ignore[arg-type]
        "other": TaskType(description="anything", route=route),  # type: ignore[arg-type]
    }
    detector = load("detector", "blend")(tasks, "other")
    request = ChatRequest.model_validate(
        {"model": "auto", "messages": [{"role": "user", "content": "is this contract valid?"}]}
    )
    assert detector.detect(request).task == "legal"
