"""How well answer checks tell right from wrong, on the recorded responses of a file.

For every model with recorded responses on the test rows, each check passes, fails or
skips (does not apply to) each answer; on the answers it applied to, against the
recorded score (good = score >= 0.5), we report the pass rate, precision (of the answers
a check passes, the share that were good), recall (of the good answers, the share it
passes), and the other side, what escalation acts on: ``caught`` (of the weak answers,
the share it fails) and ``fail_precision`` (of the answers it fails, the share that were
weak). Checks: the gateway's own checks (``gateway:empty``, ``gateway:refusal``, ...
every registered one, built from the settings and run on the recorded answer as if the
gateway had received it for the prompt, with the task type the configured detector
gives the prompt), ``format`` (the answer states one final answer), ``learned`` (the
cascade's answer check, fitted on this file's train rows, P(good) >= 0.5) and
``agreement`` (two models' final answers agree; needs two models with responses).
Learned checks are fitted on train rows only.
"""

from __future__ import annotations

import re
from typing import Any

import numpy as np
from numpy.typing import NDArray

from modelrouter import registry
from modelrouter.config.schema import Settings
from modelrouter.learn.cascade import Cascade, answer_features
from modelrouter.learn.data import Outcomes, train_test
from modelrouter.learn.served import labeller
from modelrouter.types import AssistantMessage, ChatRequest, ChatResponse, Choice

Bools = NDArray[np.bool_]

_FINAL = re.compile(r"-?\d[\d,]*\.?\d*")


def final_answer(text: str | None) -> str | None:
    """The last number of a response, commas dropped (GSM8K-style final answers)."""
    numbers = _FINAL.findall(text or "")
    return numbers[-1].replace(",", "").rstrip(".") if numbers else None


def check_report(outcomes: Outcomes, settings: Settings) -> list[dict[str, Any]]:
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
        tasks = list(labeller(settings)(sub.inputs.prompts))
        checks = gateway_checks(sub.inputs.prompts, texts, tasks, settings)
        everywhere = np.ones(len(texts), dtype=np.bool_)
        checks["format"] = (answer_features(texts)[:, 0] > 0, everywhere)
        if fit is not None and fit.first == j:
            checks["learned"] = (fit.confidence(sub.inputs, texts) >= 0.5, everywhere)
        for k in with_text:
            if k != j:
                other = [final_answer(test.responses[int(i)][k]) for i in answered]
                mine = [final_answer(t) for t in texts]
                agree = [a is not None and a == b for a, b in zip(mine, other, strict=True)]
                agreement = np.array(agree, dtype=np.bool_)
                checks[f"agreement:{test.models[k]}"] = (agreement, everywhere)
        for name, (passed, applied) in checks.items():
            scores = _scores(passed[applied], good[applied])
            row = {"model": test.models[j], "check": name, **scores}
            rows.append({**row, "skipped": int(np.sum(~applied))})
    return rows


def gateway_checks(
    prompts: tuple[str, ...], answers: list[str | None], tasks: list[str], settings: Settings
) -> dict[str, tuple[Bools, Bools]]:
    """Every registered gateway check's verdict on each recorded answer to its prompt:
    (passed, applied) per answer; a skipped answer is neither judged nor counted."""
    results: dict[str, tuple[Bools, Bools]] = {}
    for name in registry.names("check"):
        check = registry.load("check", name)(settings)
        passed, applied = [], []
        for prompt, answer, task in zip(prompts, answers, tasks, strict=True):
            request = ChatRequest(
                model="auto", messages=[{"role": "user", "content": prompt or " "}]
            )
            message = AssistantMessage(content=answer or "")
            response = ChatResponse(model="recorded", choices=[Choice(message=message)])
            verdict = check.check(request, response, task)
            passed.append(verdict.ok)
            applied.append(not verdict.skipped)
        results[f"gateway:{name}"] = (np.array(passed, bool), np.array(applied, bool))
    return results


def _scores(passed: Bools, good: Bools) -> dict[str, Any]:
    hits = int(np.sum(passed & good))
    failed, weak = ~passed, ~good
    return {
        "n": len(good),
        "good_share": _ratio(int(good.sum()), len(good)),
        "pass_rate": _ratio(int(passed.sum()), len(good)),
        "precision": _ratio(hits, int(passed.sum())),
        "recall": _ratio(hits, int(good.sum())),
        "caught": _ratio(int(np.sum(failed & weak)), int(weak.sum())),
        "fail_precision": _ratio(int(np.sum(failed & weak)), int(failed.sum())),
    }


def _ratio(part: int, whole: int) -> float | None:
    return round(part / whole, 4) if whole else None
