"""The provider contract: one wire format at one endpoint. Providers never route.

A provider sends an internal ``ChatRequest`` to an upstream model and returns the
internal ``ChatResponse`` (or a stream of ``ChatChunk``), raising only ``ProviderError``
subclasses. It owns one pooled HTTP client, closed by ``aclose``. Where the caller's own
format is the upstream's too (a Responses request on a ``responses: native`` provider),
the upstream's answer rides beside the internal one (``ChatResponse.native``,
``ChatChunk.native``), for the edge to relay as it is.
"""

from __future__ import annotations

from collections.abc import AsyncGenerator
from typing import Protocol

import httpx2

from modelrouter.config.schema import ModelSpec, ProviderSpec
from modelrouter.types import ChatChunk, ChatRequest, ChatResponse


class Provider(Protocol):
    """Calls models at one endpoint in one wire format."""

    name: str

    async def complete(self, request: ChatRequest, model: ModelSpec) -> ChatResponse:
        """One plain call; the answer in the internal shape."""
        ...

    def stream(self, request: ChatRequest, model: ModelSpec) -> AsyncGenerator[ChatChunk, None]:
        """One streamed call; chunks in the internal shape, the last carrying usage."""
        ...

    async def probe(self) -> str | None:
        """None when the endpoint is reachable, else a short reason."""
        ...

    async def aclose(self) -> None:
        """Close the pooled connections."""
        ...


class ProviderFactory(Protocol):
    """How the registry builds a provider."""

    def __call__(
        self,
        name: str,
        spec: ProviderSpec,
        api_key: str | None,
        transport: httpx2.AsyncBaseTransport | None = None,
    ) -> Provider: ...
