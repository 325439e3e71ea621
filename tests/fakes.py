"""A scripted upstream for tests: answers in the OpenAI or Anthropic wire format, per model.

Faked at the transport (``httpx2.MockTransport``): the router's real provider adapters
parse every byte. Each model has a queue of scripted replies; when it is empty the model
answers normally. Every request is recorded.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import json
from collections import defaultdict, deque
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import httpx2

from modelrouter.config.loader import build_settings, default_data, load_settings, merge
from modelrouter.router import Router

Reply = Callable[[dict[str, Any], bool], httpx2.Response]

DEFAULT_KEYS = {
    spec.api_key_env: "test-key" for spec in load_settings().providers.values() if spec.api_key_env
}


def text(content: str, *, finish: str = "stop", prompt: int = 100, completion: int = 50) -> Reply:
    """A normal answer with the given text and usage."""

    def reply(body: dict[str, Any], anthropic: bool) -> httpx2.Response:
        if anthropic:
            reason = {"stop": "end_turn", "length": "max_tokens"}.get(finish, finish)
            return httpx2.Response(
                200,
                json={
                    "id": "msg_1",
                    "type": "message",
                    "role": "assistant",
                    "model": body["model"],
                    "content": [{"type": "text", "text": content}],
                    "stop_reason": reason,
                    "usage": {"input_tokens": prompt, "output_tokens": completion},
                },
            )
        return httpx2.Response(
            200,
            json={
                "id": "chatcmpl-1",
                "object": "chat.completion",
                "created": 1,
                "model": body["model"],
                "choices": [
                    {
                        "index": 0,
                        "message": {"role": "assistant", "content": content},
                        "finish_reason": finish,
                    }
                ],
                "usage": {
                    "prompt_tokens": prompt,
                    "completion_tokens": completion,
                    "total_tokens": prompt + completion,
                },
            },
        )

    return reply


def status(code: int, message: str = "boom", headers: dict[str, str] | None = None) -> Reply:
    """An error answer in the vendor's own error shape."""

    def reply(body: dict[str, Any], anthropic: bool) -> httpx2.Response:
        if anthropic:
            payload = {"type": "error", "error": {"type": "api_error", "message": message}}
        else:
            payload = {"error": {"message": message, "type": "api_error", "code": None}}
        return httpx2.Response(code, json=payload, headers=headers or {})

    return reply


def raw(content: bytes, code: int = 200) -> Reply:
    """A body sent as is (for malformed answers)."""
    return lambda body, anthropic: httpx2.Response(code, content=content)


def fail(exc: Exception) -> Reply:
    """A transport failure (connection refused, reset, timeout)."""

    def reply(body: dict[str, Any], anthropic: bool) -> httpx2.Response:
        raise exc

    return reply


@dataclass
class Upstream:
    """Scripted replies per upstream model name, and every request received."""

    script: dict[str, deque[Reply]] = field(default_factory=lambda: defaultdict(deque))
    requests: list[tuple[str, dict[str, Any], httpx2.Request]] = field(default_factory=list)

    def on(self, model: str, *replies: Reply) -> Upstream:
        """Queue replies for ``model``; after them it answers normally."""
        self.script[model].extend(replies)
        return self

    def models_called(self) -> list[str]:
        """Upstream model names in call order."""
        return [model for model, _, _ in self.requests]

    def handler(self, request: httpx2.Request) -> httpx2.Response:
        body = json.loads(request.content)
        model = body["model"]
        self.requests.append((model, body, request))
        anthropic = request.url.path.endswith("/v1/messages")
        queue = self.script.get(model)
        reply = queue.popleft() if queue else text(f"answer from {model}")
        return reply(body, anthropic)

    def transport(self, delay: float = 0.0) -> httpx2.MockTransport:
        """A transport answering from this upstream, after ``delay`` seconds (so concurrent
        requests really interleave)."""
        if not delay:
            return httpx2.MockTransport(self.handler)

        async def slow(request: httpx2.Request) -> httpx2.Response:
            await asyncio.sleep(delay)
            return self.handler(request)

        return httpx2.MockTransport(slow)

    def transports(
        self, providers: list[str], delay: float = 0.0
    ) -> dict[str, httpx2.AsyncBaseTransport]:
        """One transport per provider name, all served by this upstream."""
        mock = self.transport(delay)
        return {name: mock for name in providers}


class NoSleep:
    """Records requested back-off delays instead of sleeping, and moves its own clock
    (``timer``, for the router's ``timer``) forward by each as if it had slept."""

    def __init__(self) -> None:
        self.delays: list[float] = []
        self.now = 1000.0

    async def __call__(self, seconds: float) -> None:
        self.delays.append(seconds)
        self.now += seconds

    def timer(self) -> float:
        """The time this fake has slept to."""
        return self.now


NOW = dt.datetime(2026, 11, 21, 12, 0, tzinfo=dt.UTC)


def scripted_router(upstream: Upstream, sleep: NoSleep | None = None, **overrides: Any) -> Router:
    """A router over the default settings (``overrides`` merged in) whose providers all
    answer from ``upstream``, sleeping and telling time by ``sleep``, dated ``NOW``."""
    settings = build_settings(merge(default_data(), overrides))
    sleep = sleep or NoSleep()
    return Router(
        settings,
        env=DEFAULT_KEYS,
        transports=upstream.transports(list(settings.providers)),
        sleep=sleep,
        clock=lambda: NOW,
        timer=sleep.timer,
    )
