"""The replay provider: answers each prompt with what a model was recorded answering in
an outcome file (the shared data format), at the recorded cost.

The endpoint's ``base_url`` is the outcome file's path. A request is matched by its last
user message (the prompt); the answer is the recorded response of the catalog model's
upstream name (a note with the recorded score when the file kept no response). Usage is
output tokens only, as many as make the model's current output price equal the recorded
cost, so the executor's pricing records what the file says the call cost. A prompt the
file lacks, or a model it lacks, is rejected (400), like an upstream would.
"""

from __future__ import annotations

from collections.abc import AsyncGenerator
from pathlib import Path

import httpx2

from modelrouter.config.schema import ModelSpec, ProviderSpec
from modelrouter.errors import UpstreamRejected
from modelrouter.learn.data import Outcomes, load_outcomes
from modelrouter.types import (
    AssistantMessage,
    ChatChunk,
    ChatRequest,
    ChatResponse,
    Choice,
    ChunkChoice,
    Delta,
    Usage,
    new_id,
)


class ReplayProvider:
    """Recorded answers from one outcome file."""

    def __init__(
        self,
        name: str,
        spec: ProviderSpec,
        api_key: str | None = None,
        transport: httpx2.AsyncBaseTransport | None = None,
    ) -> None:
        self.name = name
        self.path = Path(spec.base_url.removeprefix("file://"))
        self._data: Outcomes | None = None
        self._rows: dict[str, int] = {}

    def data(self) -> Outcomes:
        """The outcome file, read on first use; prompts indexed (the last row of a
        duplicated prompt wins)."""
        if self._data is None:
            self._data = load_outcomes(self.path)
            self._rows = {p: i for i, p in enumerate(self._data.inputs.prompts)}
        return self._data

    def answer(self, request: ChatRequest, model: ModelSpec) -> tuple[str, Usage]:
        """The recorded response and the usage that prices it at the recorded cost."""
        data = self.data()
        upstream = model.upstream or ""
        row = self._rows.get(request.last_user_text())
        if row is None:
            raise UpstreamRejected(
                f"prompt not in {self.path.name}", provider=self.name, model=upstream
            )
        if upstream not in data.models:
            raise UpstreamRejected(
                f"model {upstream!r} not in {self.path.name}", provider=self.name, model=upstream
            )
        column = data.models.index(upstream)
        response = data.responses[row][column]
        score, cost = data.scores[row, column], data.costs[row, column]
        text = response if response else f"(recorded answer not kept; score {score:g})"
        per_token = model.prices[-1].output / 1e6
        tokens = round(cost / per_token) if per_token > 0 else 0
        return text, Usage.of(0, tokens)

    async def complete(self, request: ChatRequest, model: ModelSpec) -> ChatResponse:
        """The recorded answer."""
        text, usage = self.answer(request, model)
        message = AssistantMessage(content=text)
        return ChatResponse(
            model=model.upstream or "", choices=[Choice(message=message)], usage=usage
        )

    async def stream(
        self, request: ChatRequest, model: ModelSpec
    ) -> AsyncGenerator[ChatChunk, None]:
        """The recorded answer as one content chunk and a usage chunk."""
        text, usage = self.answer(request, model)
        chunk_id, upstream = new_id(), model.upstream or ""
        delta = Delta(role="assistant", content=text)
        yield ChatChunk(id=chunk_id, model=upstream, choices=[ChunkChoice(delta=delta)])
        done = ChunkChoice(finish_reason="stop")
        yield ChatChunk(id=chunk_id, model=upstream, choices=[done], usage=usage)

    async def probe(self) -> str | None:
        """None when the outcome file is there."""
        return None if self.path.is_file() else f"no outcome file at {self.path}"

    async def aclose(self) -> None:
        """Nothing to close."""
