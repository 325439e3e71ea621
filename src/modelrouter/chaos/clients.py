"""One chaos client request, as a caller sees it: plain or streamed, OpenAI or Anthropic.

A request succeeds when it gets a 200 and, streamed, its stream ends with the API's own
closing event and no error event. A client that hangs up after a while counts that while
from the moment its request is on the wire (HTTP/1.1 body sent): counted from before, a
client slowed down by a loaded machine could give up before sending anything, and the
audit would look in the ledger for a request the gateway never received. Error bodies
are kept (the audit greps them for keys).
Each prompt ends with the simulator's bill tag (``[bill-to:<request id>]``), so every
upstream call the request causes is billed under its id (``/sim/bills``).
"""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass
from typing import Any

import httpx2

from modelrouter.sim.state import BILL_TAG

HUNG_UP = "hung up on purpose"


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
    hung_up: bool = False  # the client closed its stream on purpose before the end
    budgeted: bool = False  # sent with the key whose small daily budget runs out
    sent: bool = False  # the whole request was written to the gateway's connection


async def send(client: httpx2.AsyncClient, item: dict[str, Any], key: str) -> Outcome:
    """Send one planned request with ``key``; never raises for what the gateway did."""
    anthropic = bool(item["anthropic"])
    headers = {"x-request-id": item["id"]}
    messages = tagged(item["messages"], item["id"])
    if anthropic:
        headers["x-api-key"] = key
        path = "/v1/messages"
        body = {"model": "auto", "max_tokens": 1024, "messages": messages}
    else:
        headers["authorization"] = f"Bearer {key}"
        path = "/v1/chat/completions"
        body = {"model": "auto", "messages": messages}
        if item.get("max_tokens"):
            body["max_tokens"] = item["max_tokens"]
    if item["stream"]:
        body["stream"] = True
    started = time.perf_counter()
    reader = Reader(int(item.get("hang_up_after", 0)), float(item.get("pause_s", 0.0)))
    wire = Wire(item.get("hang_up_at_s"))
    try:
        async with asyncio.timeout(None) as wire.patience:  # set once the request is sent
            status, ok, error = await _exchange(
                client, path, body, headers, anthropic, reader, wire
            )
    except httpx2.HTTPError as exc:
        status, ok, error = 0, False, f"{type(exc).__name__}: {exc}"
    except TimeoutError:  # the client's own patience ran out: it closes the connection
        status, ok, error = 0, True, HUNG_UP
    return Outcome(
        request_id=item["id"],
        api="anthropic" if anthropic else "openai",
        stream=bool(item["stream"]),
        restricted=bool(item["restricted"]),
        status=status,
        ok=ok,
        seconds=time.perf_counter() - started,
        error=error,
        hung_up=error == HUNG_UP,
        budgeted=bool(item.get("budgeted")),
        sent=wire.sent,
    )


class Wire:
    """Watches one request go out (httpcore's trace hook): notes when it has been sent and
    starts the client's patience (``hang_up_at_s``; None: no limit) from then."""

    def __init__(self, hang_up_at_s: float | None) -> None:
        self.hang_up_at_s = hang_up_at_s
        self.sent = False
        self.patience: asyncio.Timeout | None = None

    async def trace(self, event: str, info: dict[str, Any]) -> None:
        """The trace hook: ``http11.send_request_body.complete`` is the request sent."""
        if event != "http11.send_request_body.complete" or self.sent:
            return
        self.sent = True
        if self.hang_up_at_s is not None and self.patience is not None:
            self.patience.reschedule(asyncio.get_running_loop().time() + self.hang_up_at_s)


def tagged(messages: list[dict[str, Any]], request_id: str) -> list[dict[str, Any]]:
    """``messages`` with the bill tag at the end of the last one (after any prefix the
    upstream may cache)."""
    *head, last = messages
    tag = f"{BILL_TAG}{request_id}]"
    content = last.get("content")
    if isinstance(content, list):
        content = [*content, {"type": "text", "text": tag}]
    else:
        content = f"{content or ''}\n\n{tag}"
    return [*head, {**last, "content": content}]


@dataclass(frozen=True, slots=True)
class Reader:
    """How a client reads a stream: it hangs up after ``hang_up_after`` content events
    (0: never), and pauses ``pause_s`` after each event (a slow reader)."""

    hang_up_after: int = 0
    pause_s: float = 0.0


async def _exchange(
    client: httpx2.AsyncClient,
    path: str,
    body: dict[str, Any],
    headers: dict[str, str],
    anthropic: bool,
    reader: Reader,
    wire: Wire,
) -> tuple[int, bool, str]:
    extensions = {"trace": wire.trace}
    if not body.get("stream"):
        answer = await client.post(path, json=body, headers=headers, extensions=extensions)
        return answer.status_code, answer.status_code == 200, _error_text(answer)
    marker = '"text_delta"' if anthropic else '"content":"'
    async with client.stream(
        "POST", path, json=body, headers=headers, extensions=extensions
    ) as answer:
        if answer.status_code != 200:
            await answer.aread()
            return answer.status_code, False, _error_text(answer)
        lines: list[str] = []
        content = 0
        async for line in answer.aiter_lines():
            if not line:
                continue
            lines.append(line)
            content += marker in line
            if reader.pause_s:
                await asyncio.sleep(reader.pause_s)
            if reader.hang_up_after and content >= reader.hang_up_after:
                return 200, True, HUNG_UP  # leaving the block closes the connection
    closing = "event: message_stop" if anthropic else "data: [DONE]"
    failed = [line for line in lines if line.startswith(("event: error", 'data: {"error"'))]
    complete = closing in lines and not failed
    return 200, complete, "\n".join(failed) if failed else ("" if complete else "unfinished")


def _error_text(answer: httpx2.Response) -> str:
    return "" if answer.status_code == 200 else answer.text[:2000]
