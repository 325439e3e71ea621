"""Streaming one attempt: chunks relayed to the caller, content held back while a
failure can still fail over, and what a stream delivered priced even when it is cut.

The executor drives it; this module never chooses a candidate.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import time
from collections.abc import AsyncGenerator
from typing import TYPE_CHECKING

from modelrouter.accumulate import StreamAccumulator
from modelrouter.billable import tier
from modelrouter.config.schema import DEFAULT_TIMEOUTS, ModelSpec
from modelrouter.errors import UpstreamTimeout
from modelrouter.prices.book import PriceBook
from modelrouter.pricing import cost
from modelrouter.tokens import estimate_request, estimate_text
from modelrouter.trace import Attempt
from modelrouter.types import ChatChunk, ChatRequest, Usage

if TYPE_CHECKING:
    from modelrouter.execute import Executor


class Relay:
    """Streams one attempt: holds back content-free chunks until content arrives."""

    def __init__(
        self,
        executor: Executor,
        request: ChatRequest,
        model: ModelSpec,
        attempt: Attempt,
        name: str,
    ) -> None:
        self.executor, self.request, self.model, self.attempt = executor, request, model, attempt
        self.name = name
        self.accumulator = StreamAccumulator()
        self.sent_content = False
        self.first_at: float | None = None

    async def chunks(self) -> AsyncGenerator[ChatChunk, None]:
        """The attempt's chunks. Content-free chunks are held until content arrives, and
        content is held ``routing.stream_buffer_s`` more seconds: while nothing has reached
        the caller, a failure can still fail over."""
        started = time.perf_counter()
        provider = self.executor.provider(self.model.provider)
        limits = self.model.timeouts.over(DEFAULT_TIMEOUTS)
        total = limits.total_s or 0.0
        first = min(limits.first_token_s or total, total)
        hold = self.executor.settings.routing.stream_buffer_s
        held: list[ChatChunk] = []
        stream = provider.stream(self.request, self.model)
        try:
            while True:
                if self.first_at is None:
                    why = f"send a first token within {first:g}s"
                    chunk = await self._next(stream, started + first, why)
                else:
                    chunk = await self._next(stream, started + total, f"finish within {total:g}s")
                if chunk is None:
                    break
                chunk.model = self.name
                self.accumulator.add(chunk)
                if self.sent_content:
                    yield chunk
                    continue
                held.append(chunk)
                if self._content_since(chunk, started) >= hold:
                    self.sent_content = True
                    for early in held:
                        yield early
                    held.clear()
        finally:
            self.attempt.latency_ms = (time.perf_counter() - started) * 1000
            await stream.aclose()
        for early in held:
            yield early
        self.settle_partial(self.executor.clock())

    def _content_since(self, chunk: ChatChunk, started: float) -> float:
        """Seconds since the upstream's first content (-1 while there is none)."""
        now = time.perf_counter()
        if self.first_at is None:
            if not chunk.has_content() and chunk.usage is None:
                return -1.0
            self.first_at = now
            self.attempt.ttft_ms = (now - started) * 1000
        return now - self.first_at

    async def _next(
        self, stream: AsyncGenerator[ChatChunk, None], deadline: float, why: str
    ) -> ChatChunk | None:
        remaining = deadline - time.perf_counter()
        try:
            async with asyncio.timeout(max(remaining, 0)):
                return await anext(stream)
        except StopAsyncIteration:
            return None
        except TimeoutError as exc:
            raise UpstreamTimeout(
                f"{self.model.provider} stream did not {why}",
                provider=self.model.provider,
                model=self.model.upstream or "",
            ) from exc

    def settle_partial(self, when: dt.datetime) -> None:
        """Price what the stream delivered (the upstream's usage when it arrived, else an
        estimate: the prompt and the text received): a stream cut short still cost money."""
        usage = self.accumulator.usage
        self.attempt.usage_estimated = usage is None and self.accumulator.chunks > 0
        self.attempt.usage = usage or self._estimated_usage()
        self.attempt.cost_usd = cost(
            self._priced(), self.attempt.usage, when, tier=tier(self.request)
        )

    def _priced(self) -> ModelSpec:
        return priced(self.executor.prices, self.name, self.model)

    def _estimated_usage(self) -> Usage:
        if not self.accumulator.chunks:
            return Usage()
        text = "".join(self.accumulator.text)
        calls = "".join(c["arguments"] for c in self.accumulator.tool_calls.values())
        return Usage.of(estimate_request(self.request), estimate_text(text + calls))


def priced(prices: PriceBook, model_id: str, model: ModelSpec) -> ModelSpec:
    """``model_id`` at current prices as served where ``model`` is (a deployment's own
    prices win); an entry outside the catalog prices itself."""
    base = prices.models.get(model_id)
    if base is None:
        return model
    if len(model.deployments) != 1 or len(base.deployments) <= 1:
        return base
    return base.at(model.deployments[0])
