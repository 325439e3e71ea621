"""What the router hands back: an answer with its trace, or a stream whose trace completes
when it ends, and what a request's ``model`` field selected. Plain data; no routing here.
"""

from __future__ import annotations

from collections.abc import AsyncGenerator
from dataclasses import dataclass

from modelrouter.trace import Trace
from modelrouter.types import ChatChunk, ChatResponse


@dataclass(frozen=True, slots=True)
class RouteResult:
    """The answer (OpenAI chat-completion shape) and the trace of how it was obtained."""

    response: ChatResponse
    trace: Trace


@dataclass(frozen=True, slots=True)
class Selection:
    """What the request's ``model`` field selected: a forced task, a forced model, or neither."""

    task: str | None = None
    model: str | None = None


class RouteStream:
    """An answer being streamed: iterate for chunks; ``trace`` is complete at the end.

    ``aclose`` before the end abandons it: the upstream is closed and what it delivered
    so far is priced and charged."""

    def __init__(self, chunks: AsyncGenerator[ChatChunk, None], trace: Trace) -> None:
        self._chunks = chunks
        self.trace = trace

    def __aiter__(self) -> AsyncGenerator[ChatChunk, None]:
        return self._chunks

    async def aclose(self) -> None:
        """Stop the stream here (a no-op once it has ended)."""
        await self._chunks.aclose()
