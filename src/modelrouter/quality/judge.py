"""The sampled judge's decisions: which answers to judge, what to ask the judge model, how
to read its score.

Sampling happens on the request path, so it is one random draw and, for the sampled few,
one small dict appended to the ledger's queue; nothing here may block or call anything.
The judge prompt carries the marker ``[modelrouter-judge]`` and the question and answer
between ``<question>`` / ``<answer>`` tags: the simulator recognises it and answers with a
score derived from the judged answer (``modelrouter.sim.judge``), so tests are exact.
"""

from __future__ import annotations

import datetime as dt
import random
import re
from typing import Any

import orjson

from modelrouter.config.judge import JudgeSpec
from modelrouter.config.schema import Settings
from modelrouter.errors import MalformedResponse
from modelrouter.store.judge_queue import judge_stats, spent_since
from modelrouter.store.quality import day_of
from modelrouter.trace import Trace
from modelrouter.types import ChatRequest, ChatResponse, Message

MARK = "[modelrouter-judge]"  # the simulator looks for this exact text (sim/judge.py)
_SCORE = re.compile(r'"?score"?\s*[:=]\s*(\d+(?:\.\d+)?)', re.IGNORECASE)
_JUDGEABLE = frozenset({"ok", "fallback", "escalated"})

_SYSTEM = (
    "You grade one answer given by an AI assistant. Apply the rubric strictly.\n"
    "Rubric: {rubric}\n"
    'Reply with one line of JSON and nothing else: {{"score": <number from 0 to 1>, '
    '"reason": "<one short sentence>"}}.'
)


class Sampler:
    """Decides, per answered request, whether the judge sees it (one random draw)."""

    def __init__(self, spec: JudgeSpec) -> None:
        self.spec = spec
        self._rng = random.Random(spec.seed)

    def sample(
        self,
        request_id: str,
        request: ChatRequest,
        response: ChatResponse,
        trace: Trace,
        key_id: str | None,
        when: dt.datetime,
    ) -> dict[str, Any] | None:
        """The queue row for this answer when it is drawn for judging, else None."""
        share = self.spec.share_for(trace.task)
        if share <= 0 or trace.model is None or trace.outcome not in _JUDGEABLE:
            return None
        if self._rng.random() >= share:
            return None
        answer = response.text
        if not answer.strip():  # tool calls and empty answers: nothing for a grader to read
            return None
        cut = self.spec.max_chars
        return {
            "request_id": request_id,
            "task": trace.task,
            "model": trace.model,
            "key_id": key_id or "",
            "day": day_of(when),
            "question": request.last_user_text()[:cut],
            "answer": answer[:cut],
            "created_at": when,
        }


def judge_request(spec: JudgeSpec, sample: dict[str, Any]) -> ChatRequest:
    """The chat request that asks the judge model to grade ``sample``."""
    system = _SYSTEM.format(rubric=spec.rubric_for(sample["task"]))
    user = (
        f"{MARK}\nTask type: {sample['task']}\n"
        f"<question>\n{sample['question']}\n</question>\n"
        f"<answer>\n{sample['answer']}\n</answer>"
    )
    messages = [Message(role="system", content=system), Message(role="user", content=user)]
    return ChatRequest(
        model=spec.model or "", messages=messages, temperature=0, max_tokens=200, stream=False
    )


def parse_score(text: str) -> tuple[float, str]:
    """The score in [0, 1] and the reason from the judge's reply; ``MalformedResponse``
    when there is no such score (a score on another scale is refused, not rescaled)."""
    found = _from_json(text)
    if found is None:
        match = _SCORE.search(text)
        if match is None:
            raise MalformedResponse(f"the judge gave no score: {text[:120]!r}")
        found = (float(match.group(1)), "")
    score, reason = found
    if not 0.0 <= score <= 1.0:
        raise MalformedResponse(f"the judge's score {score} is not within [0, 1]")
    return score, reason


def _from_json(text: str) -> tuple[float, str] | None:
    start, end = text.find("{"), text.rfind("}")
    if start < 0 or end <= start:
        return None
    try:
        data = orjson.loads(text[start : end + 1])
    except orjson.JSONDecodeError:
        return None
    score = data.get("score") if isinstance(data, dict) else None
    if isinstance(score, bool) or not isinstance(score, int | float):
        return None
    reason = data.get("reason")
    return float(score), reason if isinstance(reason, str) else ""


def day_start(when: dt.datetime) -> dt.datetime:
    """Midnight UTC of ``when``'s day."""
    return when.astimezone(dt.UTC).replace(hour=0, minute=0, second=0, microsecond=0)


def judge_status(engine: Any, settings: Settings, now: dt.datetime) -> dict[str, Any]:
    """The judge's settings, queue, calls, spend today against the cap, and mean score per
    answering model (``judge status`` and ``GET /admin/quality``)."""
    spec = settings.judge
    today = spent_since(engine, day_start(now))
    return {
        "enabled": spec.enabled,
        "model": spec.model,
        "share": spec.share,
        "shares": dict(spec.shares),
        "daily_cap_usd": spec.daily_cap_usd,
        "spent_today_usd": today,
        "paused": spec.daily_cap_usd - today <= 0,
        **judge_stats(engine),
    }
