"""The simulated model as a judge: a grading prompt of the router's judge (it carries
``[modelrouter-judge]``) is answered with a score derived from the judged answer alone,
so tests and the demo know every score in advance.

Scores: 0 for an empty answer, a refusal, or the simulator's own weak answer to the
question (what a model with the ``weak`` fault says: ``sim.models.<m>.faults: [weak]``
with ``error_rate: 1`` makes every answer of ``m`` judged 0); otherwise a value in
[0.9, 1.0] fixed by the answer's text (``score_of``): in the simulator every model's
normal answer is good, so judged models are not pulled below strong priors.
"""

from __future__ import annotations

import hashlib

import orjson

from modelrouter.sim import writers
from modelrouter.sim.compose import REFUSAL

MARK = "[modelrouter-judge]"  # the router's judge prompt (quality/judge.py) carries it


def score_of(question: str, answer: str) -> float:
    """The score the simulated judge gives ``answer`` to ``question``."""
    text = answer.strip()
    if not text or text == REFUSAL or text == writers.weak(question).strip():
        return 0.0
    digest = hashlib.sha256(text.encode()).digest()
    return round(0.9 + 0.1 * (digest[0] % 101) / 100, 3)


def judge_reply(prompt: str) -> str | None:
    """The judge's JSON answer when ``prompt`` is a judge prompt, else None."""
    if MARK not in prompt:
        return None
    question = _between(prompt, "<question>\n", "\n</question>")
    answer = _between(prompt, "<answer>\n", "\n</answer>")
    score = score_of(question, answer)
    reason = "the answer is wrong or empty" if score == 0 else "the answer addresses the question"
    return orjson.dumps({"score": score, "reason": reason}).decode()


def _between(text: str, start: str, end: str) -> str:
    """The text between the first ``start`` and the last ``end`` after it ("" if absent)."""
    first = text.find(start)
    if first < 0:
        return ""
    first += len(start)
    last = text.rfind(end)
    return text[first:last] if last >= first else ""
