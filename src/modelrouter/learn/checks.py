"""How well answer checks tell right from wrong, on the recorded responses of a file.

For every model with recorded responses on the test rows, each check passes or fails
each answer; against the recorded score (good = score >= 0.5) we report precision (of
the answers a check passes, the share that were good), recall (of the good answers, the
share it passes) and the pass rate. Checks: the gateway's own checks (``gateway:empty``,
``gateway:refusal``, ... every registered one, run on the recorded answer as if the
gateway had received it for the prompt), ``format`` (the answer states one final
answer), ``learned`` (the cascade's answer check, fitted on train rows, P(good) >= 0.5)
and ``agreement`` (two models' final answers agree; needs two models with responses).
Learned checks are fitted on train rows only.
"""

from __future__ import annotations

import re
from typing import Any

import numpy as np
from numpy.typing import NDArray

from modelrouter import registry
from modelrouter.learn.cascade import Cascade, answer_features
from modelrouter.learn.data import Outcomes, train_test
from modelrouter.learn.features import detect_tasks
from modelrouter.types import AssistantMessage, ChatRequest, ChatResponse, Choice

_FINAL = re.compile(r"-?\d[\d,]*\.?\d*")


def final_answer(text: str | None) -> str | None:
    """The last number of a response, commas dropped (GSM8K-style final answers)."""
    numbers = _FINAL.findall(text or "")
    return numbers[-1].replace(",", "").rstrip(".") if numbers else None


def check_report(outcomes: Outcomes) -> list[dict[str, Any]]:
    """Precision, recall and pass rate of every applicable check, on the test rows."""
    train, test = train_test(outcomes)
    with_text = [j for j in range(len(test.models)) if any(r[j] for r in test.responses)]
    rows: list[dict[str, Any]] = []
    cascade = Cascade()
    fit = cascade.fit(train) if cascade.applies(train) else None
    for j in with_text:
        answered = np.flatnonzero([bool(r[j]) for r in test.responses])
        texts = [test.responses[int(i)][j] for i in answered]
        good = test.scores[answered, j] >= 0.5
        sub = test.subset(answered)
        checks = gateway_checks(sub.inputs.prompts, texts, detect_tasks(sub.inputs))
        checks["format"] = answer_features(texts)[:, 0] > 0
        if fit is not None and fit.first == j:
            checks["learned"] = fit.confidence(sub.inputs, texts) >= 0.5
        for k in with_text:
            if k != j:
                other = [final_answer(test.responses[int(i)][k]) for i in answered]
                mine = [final_answer(t) for t in texts]
                agree = [a is not None and a == b for a, b in zip(mine, other, strict=True)]
                checks[f"agreement:{test.models[k]}"] = np.array(agree, dtype=np.bool_)
        for name, passed in checks.items():
            rows.append({"model": test.models[j], "check": name, **_scores(passed, good)})
    return rows


def gateway_checks(
    prompts: tuple[str, ...], answers: list[str | None], tasks: list[str]
) -> dict[str, NDArray[np.bool_]]:
    """Every registered gateway check's verdict on each recorded answer to its prompt."""
    results: dict[str, NDArray[np.bool_]] = {}
    for name in registry.names("check"):
        check = registry.load("check", name)()
        verdicts = []
        for prompt, answer, task in zip(prompts, answers, tasks, strict=True):
            request = ChatRequest(
                model="auto", messages=[{"role": "user", "content": prompt or " "}]
            )
            message = AssistantMessage(content=answer or "")
            response = ChatResponse(model="recorded", choices=[Choice(message=message)])
            verdicts.append(check.check(request, response, task).ok)
        results[f"gateway:{name}"] = np.array(verdicts, dtype=np.bool_)
    return results


def _scores(passed: NDArray[np.bool_], good: NDArray[np.bool_]) -> dict[str, Any]:
    hits = int(np.sum(passed & good))
    return {
        "n": len(good),
        "good_share": round(float(good.mean()), 4) if len(good) else None,
        "pass_rate": round(float(passed.mean()), 4) if len(good) else None,
        "precision": round(hits / int(passed.sum()), 4) if passed.any() else None,
        "recall": round(hits / int(good.sum()), 4) if good.any() else None,
    }
