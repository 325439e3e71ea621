"""The baseline detector: the keyword heuristic of the routing article, unchanged.

Kept as the yardstick the default detector is measured against. It must stay exactly the
article's ``detect_task_type``; improvements belong in ``detect.rules``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from modelrouter.config.schema import TaskType
from modelrouter.detect.base import TaskChoice
from modelrouter.types import ChatRequest

_CODE = [re.compile(p) for p in (r"```", r"def ", r"function ", r"class ", r"import ")]
_REASONING = [re.compile(p) for p in (r"analyze", r"reason", r"compare", r"evaluate", r"why")]
_LONG_CHARS = 5000
_CONFIDENCE = 0.5


class KeywordDetector:
    """The article's heuristic on the last user message: code, long_context, reasoning, simple.

    It ignores the configured task types (their keywords and examples) and always answers
    one of those four names, with a fixed confidence of 0.5. Matching is case-sensitive,
    as in the article.
    """

    name = "keywords"

    def __init__(self, tasks: Mapping[str, TaskType], default_task: str) -> None:
        self.tasks = tasks
        self.default_task = default_task

    def detect(self, request: ChatRequest) -> TaskChoice:
        """Classify the last user message with the article's four rules."""
        prompt = request.last_user_text()
        if any(p.search(prompt) for p in _CODE):
            return TaskChoice("code", _CONFIDENCE, "code pattern")
        if len(prompt) > _LONG_CHARS:
            return TaskChoice("long_context", _CONFIDENCE, f"over {_LONG_CHARS} characters")
        if any(p.search(prompt) for p in _REASONING):
            return TaskChoice("reasoning", _CONFIDENCE, "reasoning word")
        return TaskChoice("simple", _CONFIDENCE, "no pattern (simple)")
