"""The blend's fast path: the blend distilled into one linear model, trusted when sure.

The model (``distilled.*`` in the package data, made by ``train-detector --distilled``;
``detect.learned.distil``) was fitted on the *blend's own answers* (rules and learned
pooled) over the training prompts, not on their labels. Its features are the learned
detector's (hashed character n-grams and structural bins of the last user message) plus
one per configured keyword: the keyword set's single pass over the message's head and
tail (``KeywordMatcher.matching``) says which keywords occur, and each adds its row. So it
learns how the pooled rules and learned detectors answer, vocabulary included, at the cost
of the learned detector alone.

It answers only where the blend's full evaluation would see nothing it does not:

- no tools offered or used (the pooled detectors weigh them; the corpus has none);
- the last user message stands alone: the first user message, or long enough not to be
  a follow-up (both detectors read a short follow-up with the message before it);
- no configured keyword that it was not trained with occurs in the text (a keyword added
  to a built-in type in YAML counts through the pool);
- no user-defined task type has evidence (keywords or examples) in the text.

Otherwise, or when its probability is under the blend's threshold, it says nothing and
the blend pools both detectors. It never calls a model, touches the network or reads
files after ``__init__``; its work is the learned detector's plus one keyword-set pass.
"""

from __future__ import annotations

import math
from collections.abc import Mapping

import numpy as np

from modelrouter.config.schema import TaskType
from modelrouter.detect.base import last_user_index, uses_tools
from modelrouter.detect.learned.custom import CustomTasks
from modelrouter.detect.learned.detector import FOLLOW_UP_CHARS
from modelrouter.detect.learned.features import DENSE_SIZE, Features, message_features
from modelrouter.detect.learned.model import LinearModel
from modelrouter.detect.matcher import KeywordMatcher
from modelrouter.detect.text import window
from modelrouter.types import ChatRequest


def keyword_name(task: str, pattern: str) -> str:
    """How a model names a keyword's row: its task and its pattern as written in YAML."""
    return f"{task}\t{pattern}"


class DistilledScores:
    """The distilled model's answer for a request, when it has one."""

    def __init__(self, tasks: Mapping[str, TaskType], model: LinearModel) -> None:
        known = [name for name in model.classes if name in tasks]
        self.tasks = tuple(known)
        self._spec = model.spec
        columns = [model.classes.index(name) for name in known]
        scale = np.float32(1.0 / model.temperature)
        base = model.spec.size + DENSE_SIZE
        self._weights = np.ascontiguousarray(model.weights[:base, columns] * scale)
        self._bias = np.ascontiguousarray(model.bias[columns] * scale)
        self._matcher = KeywordMatcher(tasks)
        rows = {name: base + i for i, name in enumerate(model.keywords)}
        placed = [rows.get(keyword_name(task, pattern), -1) for task, pattern in self._matcher.keys]
        # A configured keyword the model was not trained with: its row is all zeros and its
        # presence sends the request to the pool.
        self._unknown = frozenset(i for i, row in enumerate(placed) if row < 0)
        keyword_rows = model.weights[[max(row, 0) for row in placed]][:, columns] * scale
        keyword_rows[sorted(self._unknown)] = 0.0
        self._keyword_weights = np.ascontiguousarray(keyword_rows, dtype=np.float32)
        custom = frozenset(tasks) - frozenset(known)
        self._custom = CustomTasks(tasks, custom) if custom else None

    def answer(self, request: ChatRequest) -> tuple[str, float, Features] | None:
        """The most probable task, its probability and the last user message's features
        (the learned detector reads the same ones), or None where the pool must decide."""
        messages = request.messages
        last = last_user_index(messages)
        text = messages[last].text()
        if request.tools or (len(messages) > 1 and uses_tools(messages)):
            return None
        if len(text) < FOLLOW_UP_CHARS and any(m.role == "user" for m in messages[:last]):
            return None
        read = window(text)
        hits = self._matcher.matching(read)
        if not self._unknown.isdisjoint(hits):
            return None
        if self._custom is not None and self._custom.scores(text):
            return None
        found = message_features(text, self._spec)
        logits = self._bias + found.values @ self._weights.take(found.ids, axis=0)
        if hits:
            logits = logits + self._keyword_weights[hits].sum(axis=0)
        scores = logits.tolist()
        peak = max(scores)
        total = sum(math.exp(s - peak) for s in scores)
        best = scores.index(peak)
        return self.tasks[best], 1.0 / total, found
