"""What both wire formats share: the pooled client, SSE framing, transport-error mapping.

Transport failures (timeouts, refused or dropped connections) are translated into the
error tree here, the one place that catches ``httpx2`` exceptions; vendor error bodies are
translated by each wire format's own module.
"""

from __future__ import annotations

import re
from collections.abc import AsyncIterator, Callable, Iterator
from contextlib import contextmanager
from typing import Any
from urllib.request import getproxies_environment

import httpx2
import orjson

from modelrouter.config.schema import DEFAULT_TIMEOUTS, ModelSpec, ProviderSpec
from modelrouter.errors import (
    ConnectionFailed,
    MalformedResponse,
    ProviderError,
    UpstreamTimeout,
)
from modelrouter.providers.client import UpstreamClient
from modelrouter.providers.transport import Http1Transport


def make_client(
    spec: ProviderSpec,
    headers: dict[str, str],
    transport: httpx2.AsyncBaseTransport | None,
) -> UpstreamClient:
    """One pooled async client for one provider."""
    timeout = httpx2.Timeout(
        spec.timeout or DEFAULT_TIMEOUTS.total_s,
        connect=spec.connect_timeout or DEFAULT_TIMEOUTS.connect_s,
    )
    if transport is None:
        transport = default_transport(spec.max_connections)
    return UpstreamClient(spec.base_url, {**headers, **spec.headers}, transport, timeout)


def default_transport(max_connections: int) -> httpx2.AsyncBaseTransport:
    """The lean transport (see transport.py); with a proxy configured in the environment,
    an ``httpx2.AsyncClient``, which honours ``*_PROXY`` and ``NO_PROXY`` as before."""
    if not getproxies_environment():
        return Http1Transport(max_connections)
    limits = httpx2.Limits(max_connections=max_connections)
    return ClientTransport(httpx2.AsyncClient(limits=limits, trust_env=True))


class ClientTransport(httpx2.AsyncBaseTransport):
    """A transport that sends through an ``httpx2.AsyncClient`` (for its proxy handling)."""

    def __init__(self, client: httpx2.AsyncClient) -> None:
        self.client = client

    async def handle_async_request(self, request: httpx2.Request) -> httpx2.Response:
        """The client's answer, body still streaming."""
        return await self.client.send(request, stream=True)

    async def aclose(self) -> None:
        """Close the client."""
        await self.client.aclose()


def timeout_for(model: ModelSpec) -> httpx2.Timeout:
    """The per-request timeout of one call to ``model``: its connect timeout, and its total
    as the bound on each read (the executor enforces the total and the first token)."""
    limits = model.timeouts.over(DEFAULT_TIMEOUTS)
    return httpx2.Timeout(limits.total_s, connect=limits.connect_s)


@contextmanager
def transport_errors(provider: str, model: str) -> Iterator[None]:
    """Translate ``httpx2`` transport failures into the error tree."""
    try:
        yield
    except httpx2.TimeoutException as exc:
        raise UpstreamTimeout(
            f"{provider} timed out ({type(exc).__name__})", provider=provider, model=model
        ) from exc
    except httpx2.TransportError as exc:
        raise ConnectionFailed(
            f"{provider} connection failed ({type(exc).__name__}: {exc})",
            provider=provider,
            model=model,
        ) from exc


async def probe(client: UpstreamClient, provider: str) -> str | None:
    """None when the endpoint answers HTTP at all (any status), else why it does not."""
    try:
        await client.get("/", timeout=2.0)
    except httpx2.TransportError as exc:
        return f"{provider} unreachable ({type(exc).__name__})"
    return None


def parse_json(body: bytes, provider: str, model: str) -> Any:
    """Decode a JSON body or raise ``MalformedResponse``."""
    try:
        return orjson.loads(body)
    except orjson.JSONDecodeError as exc:
        raise MalformedResponse(
            f"{provider} returned a body that is not JSON ({len(body)} bytes)",
            provider=provider,
            model=model,
        ) from exc


_LINE_END = re.compile(rb"\r\n|\r|\n")


async def sse_lines(chunks: AsyncIterator[bytes]) -> AsyncIterator[str]:
    """The lines of an event stream, split only at CR, LF or CRLF as SSE defines them.

    ``aiter_lines`` also splits at U+2028, U+0085 and the like, which JSON leaves raw inside
    strings: an answer containing one would be cut in two and refused as malformed."""
    pending = b""
    async for chunk in chunks:
        pending += chunk
        held = b"\r" if pending.endswith(b"\r") else b""  # its LF may be in the next chunk
        *lines, rest = _LINE_END.split(pending[: len(pending) - len(held)])
        pending = rest + held
        for line in lines:
            yield line.decode("utf-8", "replace")
    if pending.rstrip(b"\r"):
        yield pending.rstrip(b"\r").decode("utf-8", "replace")


async def sse_events(lines: AsyncIterator[str]) -> AsyncIterator[tuple[str, str]]:
    """Server-sent events as ``(event, data)`` pairs; ``event`` is "" when not named."""
    event, data = "", list[str]()
    async for line in lines:
        if not line:
            if data:
                yield event, "\n".join(data)
            event, data = "", list[str]()
        elif line.startswith("data:"):
            data.append(line[5:].removeprefix(" "))
        elif line.startswith("event:"):
            event = line[6:].strip()
    if data:
        yield event, "\n".join(data)


def loads_or_text(raw: bytes) -> Any:
    """An error body as JSON when it is JSON, else as text."""
    try:
        return orjson.loads(raw)
    except orjson.JSONDecodeError:
        return raw.decode("utf-8", "replace")


def retry_after(response: httpx2.Response) -> float | None:
    """The upstream's Retry-After hint in seconds, when it is a number."""
    value = response.headers.get("retry-after")
    try:
        return max(float(value), 0.0) if value is not None else None
    except ValueError:
        return None


ErrorMapper = Callable[[httpx2.Response, Any], ProviderError]
