"""One chaos client request, as a caller sees it: plain or streamed, OpenAI or Anthropic.

A request succeeds when it gets a 200 and, streamed, its stream ends with the API's own
closing event and no error event. Error bodies are kept (the audit greps them for keys).
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any

import httpx2


@dataclass(frozen=True, slots=True)
class Outcome:
    """What one client saw."""

    request_id: str
    api: str
    stream: bool
    restricted: bool
    status: int
    ok: bool
    seconds: float
    error: str = ""


async def send(client: httpx2.AsyncClient, item: dict[str, Any], key: str) -> Outcome:
    """Send one planned request with ``key``; never raises for what the gateway did."""
    anthropic = bool(item["anthropic"])
    headers = {"x-request-id": item["id"]}
    if anthropic:
        headers["x-api-key"] = key
        path = "/v1/messages"
        body = {"model": "auto", "max_tokens": 1024, "messages": item["messages"]}
    else:
        headers["authorization"] = f"Bearer {key}"
        path = "/v1/chat/completions"
        body = {"model": "auto", "messages": item["messages"]}
    if item["stream"]:
        body["stream"] = True
    started = time.perf_counter()
    try:
        status, ok, error = await _exchange(client, path, body, headers, anthropic)
    except httpx2.HTTPError as exc:
        status, ok, error = 0, False, f"{type(exc).__name__}: {exc}"
    return Outcome(
        request_id=item["id"],
        api="anthropic" if anthropic else "openai",
        stream=bool(item["stream"]),
        restricted=bool(item["restricted"]),
        status=status,
        ok=ok,
        seconds=time.perf_counter() - started,
        error=error,
    )


async def _exchange(
    client: httpx2.AsyncClient,
    path: str,
    body: dict[str, Any],
    headers: dict[str, str],
    anthropic: bool,
) -> tuple[int, bool, str]:
    if not body.get("stream"):
        answer = await client.post(path, json=body, headers=headers)
        return answer.status_code, answer.status_code == 200, _error_text(answer)
    async with client.stream("POST", path, json=body, headers=headers) as answer:
        if answer.status_code != 200:
            await answer.aread()
            return answer.status_code, False, _error_text(answer)
        lines = [line async for line in answer.aiter_lines() if line]
    closing = "event: message_stop" if anthropic else "data: [DONE]"
    failed = [line for line in lines if line.startswith(("event: error", 'data: {"error"'))]
    complete = closing in lines and not failed
    return 200, complete, "\n".join(failed) if failed else ("" if complete else "unfinished")


def _error_text(answer: httpx2.Response) -> str:
    return "" if answer.status_code == 200 else answer.text[:2000]
