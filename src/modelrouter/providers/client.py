"""The upstream client: requests handed straight to an ``httpx2`` transport.

``httpx2.AsyncClient`` spends about 0.25 ms of CPU per call on URL merging, header
merging, auth and redirect bookkeeping this gateway never uses (see docs/benchmarks.md).
This client builds the request itself and calls the transport's one method, so every
transport (the lean default, httpx2's own behind a proxy, the simulator's, the tests'
``MockTransport``) is used the same way. It follows no redirects and keeps no cookies,
as the providers never relied on either.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from importlib.metadata import PackageNotFoundError, version
from typing import Any

import httpx2


def _user_agent() -> str:
    try:
        return f"modelrouter/{version('modelrouter')}"
    except PackageNotFoundError:  # pragma: no cover - running from a bare checkout
        return "modelrouter"


class UpstreamClient:
    """POST and stream to one base URL through one transport, with fixed headers."""

    def __init__(
        self,
        base_url: str,
        headers: dict[str, str],
        transport: httpx2.AsyncBaseTransport,
        timeout: httpx2.Timeout,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        defaults = {"accept": "*/*", "accept-encoding": "gzip, deflate"}
        self.headers = httpx2.Headers({**defaults, "user-agent": _user_agent(), **headers})
        self.transport = transport
        self._timeout = timeout.as_dict()
        self._urls: dict[str, httpx2.URL] = {}

    def _request(
        self, method: str, path: str, content: bytes | None, timeout: dict[str, Any] | None
    ) -> httpx2.Request:
        url = self._urls.get(path)
        if url is None:
            url = self._urls[path] = httpx2.URL(self.base_url + path)
        extensions = {"timeout": timeout or self._timeout}
        return httpx2.Request(
            method, url, headers=self.headers, content=content, extensions=extensions
        )

    async def send(
        self,
        method: str,
        path: str,
        content: bytes | None = None,
        *,
        stream: bool = False,
        timeout: httpx2.Timeout | float | None = None,
    ) -> httpx2.Response:
        """The response; its body read unless ``stream`` (then the caller closes it).
        ``timeout`` (a per-call one, say a model's) replaces the client's."""
        if timeout is None:
            limits = None
        elif isinstance(timeout, httpx2.Timeout):
            limits = timeout.as_dict()
        else:
            limits = httpx2.Timeout(timeout).as_dict()
        request = self._request(method, path, content, limits)
        response = await self.transport.handle_async_request(request)
        response.request = request
        if not stream:
            try:
                await response.aread()
            finally:
                await response.aclose()
        return response

    async def post(
        self, path: str, *, content: bytes, timeout: httpx2.Timeout | None = None
    ) -> httpx2.Response:
        """POST ``content`` and read the whole answer."""
        return await self.send("POST", path, content, timeout=timeout)

    async def get(self, path: str, *, timeout: float | None = None) -> httpx2.Response:
        """GET and read the whole answer."""
        return await self.send("GET", path, timeout=timeout)

    @asynccontextmanager
    async def stream(
        self, method: str, path: str, *, content: bytes, timeout: httpx2.Timeout | None = None
    ) -> AsyncIterator[httpx2.Response]:
        """The response with its body still streaming; closed on leaving the block."""
        response = await self.send(method, path, content, stream=True, timeout=timeout)
        try:
            yield response
        finally:
            await response.aclose()

    async def aclose(self) -> None:
        """Close the transport's pooled connections."""
        await self.transport.aclose()
