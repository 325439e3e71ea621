"""The detector contract: a request in, a task choice out. Detectors never call a model."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Protocol

from modelrouter.config.schema import TaskType
from modelrouter.types import ChatRequest, Message


@dataclass(frozen=True, slots=True)
class TaskChoice:
    """The detected task, how sure the detector is (0..1), and why it chose it."""

    task: str
    confidence: float
    reason: str


class Detector(Protocol):
    """Decides the task type of a request."""

    name: str

    def detect(self, request: ChatRequest) -> TaskChoice:
        """The task of the whole conversation in ``request``."""
        ...


class DetectorFactory(Protocol):
    """How the registry builds a detector: from the configured task types."""

    def __call__(self, tasks: Mapping[str, TaskType], default_task: str) -> Detector: ...


def last_user_index(messages: Sequence[Message]) -> int:
    """The index of the last user message (the last message when there is none)."""
    for index in range(len(messages) - 1, -1, -1):
        if messages[index].role == "user":
            return index
    return len(messages) - 1


def uses_tools(messages: Sequence[Message]) -> bool:
    """Whether the conversation holds tool calls or tool results."""
    return any(m.role == "tool" or m.tool_calls for m in messages)
