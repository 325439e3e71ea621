"""The blend's fast path: the distilled model, when it answers and when it stands aside."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from tests.test_detect import ask

from modelrouter.cli import main_group
from modelrouter.config.loader import build_settings, default_data
from modelrouter.config.schema import TaskType
from modelrouter.detect.blend import DISTILLED_SURE, BlendDetector
from modelrouter.detect.evaluate import read_rows, request_of
from modelrouter.detect.learned.distilled import keyword_name
from modelrouter.detect.learned.model import DISTILLED, load_model
from modelrouter.types import ChatRequest

DEV = Path(__file__).parent.parent / "datasets" / "detector-dev.jsonl"
FAST = "(sure: rules and learned not consulted)"
CODE_PROMPT = "Write a Python function that returns the n-th Fibonacci number using memoization."


@pytest.fixture(scope="module")
def tasks() -> dict[str, TaskType]:
    return dict(build_settings(default_data()).tasks)


@pytest.fixture(scope="module")
def blend(tasks: dict[str, TaskType]) -> BlendDetector:
    return BlendDetector(tasks, "simple")


@pytest.fixture(scope="module")
def pooled(tasks: dict[str, TaskType]) -> BlendDetector:
    return BlendDetector(tasks, "simple", fast_sure=None)


def _request(*messages: dict[str, Any], **extra: Any) -> ChatRequest:
    return ChatRequest.model_validate({"model": "auto", "messages": list(messages), **extra})


def test_the_shipped_model_knows_every_default_keyword(tasks: dict[str, TaskType]) -> None:
    """Editing the default vocabulary without retraining sends every hit of a new keyword
    to the slow path; retrain (docs/detector.md, "The fast path") when this fails."""
    model = load_model(packaged=DISTILLED)
    configured = {keyword_name(name, p) for name, task in tasks.items() for p in task.keywords}
    assert set(model.keywords) == configured
    assert model.metadata["teacher"].startswith("blend")


def test_a_clear_prompt_is_answered_by_the_fast_path(blend: BlendDetector) -> None:
    choice = ask(blend, CODE_PROMPT)
    assert choice.task == "code"
    assert choice.reason.startswith("distilled ") and choice.reason.endswith(FAST)
    assert choice.confidence >= DISTILLED_SURE


def test_where_it_answers_it_mostly_agrees_with_the_pool(
    blend: BlendDetector, pooled: BlendDetector
) -> None:
    """On the dev set (never a training source of the distilled model's teacher labels
    out of fold), the fast path answers a good share alone and agrees with the pool."""
    answered = agreed = 0
    rows = list(read_rows(DEV))
    for row in rows:
        request = request_of(row)
        choice = blend.detect(request)
        if choice.reason.endswith(FAST):
            answered += 1
            agreed += choice.task == pooled.detect(request).task
        else:
            assert choice == pooled.detect(request), row["id"]
    assert answered > len(rows) // 4
    assert agreed >= 0.9 * answered


def test_tools_and_follow_ups_go_to_the_pool(blend: BlendDetector, pooled: BlendDetector) -> None:
    tool = {"type": "function", "function": {"name": "f", "parameters": {"type": "object"}}}
    with_tools = _request({"role": "user", "content": CODE_PROMPT}, tools=[tool])
    follow_up = _request(
        {"role": "user", "content": CODE_PROMPT},
        {"role": "assistant", "content": "def fib(n): ..."},
        {"role": "user", "content": "now write it in Rust"},
    )
    for request in (with_tools, follow_up):
        choice = blend.detect(request)
        assert not choice.reason.endswith(FAST)
        assert choice == pooled.detect(request)


def test_a_keyword_it_was_not_trained_with_sends_its_hits_to_the_pool(
    tasks: dict[str, TaskType],
) -> None:
    """A keyword added in YAML to a built-in type counts: the pool hears it."""
    changed = dict(tasks)
    code = tasks["code"]
    changed["code"] = code.model_copy(update={"keywords": [*code.keywords, r"\bfibonaccize\b"]})
    detector = BlendDetector(changed, "simple")
    assert ask(detector, CODE_PROMPT).reason.endswith(FAST)  # the new keyword absent
    choice = ask(detector, CODE_PROMPT + " Then fibonaccize it.")
    assert not choice.reason.endswith(FAST)
    assert choice.task == "code"


def test_a_user_defined_type_with_evidence_goes_to_the_pool_and_wins(
    tasks: dict[str, TaskType],
) -> None:
    legal = TaskType.model_validate(
        {
            "description": "contracts and law",
            "keywords": [r"\bindemnif\w*", r"\bcontract clauses?\b"],
            "examples": ["Review the indemnification clause of this contract"],
            "route": {"primary": "claude-opus-4.7"},
        }
    )
    detector = BlendDetector({**tasks, "legal": legal}, "simple")
    choice = ask(detector, "Please review the indemnification terms in this contract clause.")
    assert choice.task == "legal"
    assert not choice.reason.endswith(FAST)
    assert ask(detector, CODE_PROMPT).reason.endswith(FAST)  # no legal evidence: fast


def _corpus(tmp_path: Path) -> Path:
    prompts = {
        "code": ["Write a Python function that sorts a list", "Fix this bug in my Java class"],
        "simple": ["Translate to French: good morning", "what is the capital of Peru"],
        "creative": ["Write a short poem about the sea", "Tell me a story about a dragon"],
    }
    rows = [
        {"prompt": f"{text} ({i})", "label": label, "source": f"s{i % 3}", "split": "train"}
        for label, texts in prompts.items()
        for text in texts
        for i in range(12)
    ]
    corpus = tmp_path / "corpus.jsonl"
    corpus.write_text("".join(json.dumps(row) + "\n" for row in rows))
    return corpus


def test_train_detector_distils_and_eval_reads_both_models(
    tmp_path: Path, tasks: dict[str, TaskType]
) -> None:
    corpus = _corpus(tmp_path)
    out, fast = tmp_path / "learned", tmp_path / "fast"
    args = ["train-detector", str(corpus), "--out", str(out), "--bits", "12"]
    result = CliRunner().invoke(main_group, [*args, "--no-task-examples", "--distilled", str(fast)])
    assert result.exit_code == 0, result.output
    assert "distilled: " in result.output
    student = load_model(fast)
    assert student.metadata["n_train"] == 72 and len(student.keywords) > 50
    assert set(student.classes) <= {"code", "simple", "creative"}
    detector = BlendDetector(tasks, "simple", model=load_model(out), distilled=student)
    assert ask(detector, "Write a Python function that sorts a dict").task == "code"
    for distilled in (str(fast), "none"):
        evaluated = CliRunner().invoke(
            main_group,
            [
                *("eval", "detector", str(corpus), "--detector", "blend", "--model", str(out)),
                *("--distilled", distilled, "--json"),
            ],
        )
        assert evaluated.exit_code == 0, evaluated.output
        assert json.loads(evaluated.stdout)["n"] == 72
    wrong = CliRunner().invoke(
        main_group, ["eval", "detector", str(corpus), "--detector", "rules", "--distilled", "x"]
    )
    assert wrong.exit_code == 2 and "only the blend detector has a fast path" in wrong.output
