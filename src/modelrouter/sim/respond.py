"""From a reply to what goes on the wire: limits, usage, pacing, billing and faults that
happen after the status line (malformed bodies, cut streams, dropped connections).

The answer side of the simulator: ``answer`` applies stop sequences, ``max_tokens`` and
prompt caching; ``plain`` and ``stream`` deliver it at the configured speed and bill what
was actually sent; ``Dropped`` closes the connection the way a failing upstream does.
This module must never choose faults (``state``) nor word errors (the wire modules).
"""

from __future__ import annotations

import asyncio
import contextlib
import uuid
from collections.abc import AsyncIterator
from dataclasses import replace

import orjson
from starlette.responses import Response, StreamingResponse
from starlette.types import Receive, Scope, Send

from modelrouter.sim.compose import REFUSAL, compose, weak
from modelrouter.sim.judge import judge_reply
from modelrouter.sim.model import (
    DROP_KEY,
    Answer,
    Ask,
    Finish,
    Frame,
    Reply,
    ToolUse,
    Usage,
    Wire,
)
from modelrouter.sim.state import SimState, Turn
from modelrouter.sim.tokens import TOOL_CALL_OVERHEAD, TokenTally, truncate
from modelrouter.tokens import estimate_text

_DISCONNECT_WAIT = 5.0


def answer(ask: Ask, turn: Turn, state: SimState) -> Answer:
    """The answer to ``ask`` under ``turn``'s fault, cut to the caller's limits."""
    reply = {"empty": Reply(), "refusal": Reply(text=REFUSAL)}.get(turn.fault or "")
    if turn.fault == "weak":
        reply = weak(ask)
    if reply is None:
        graded = judge_reply(ask.last_user_text())  # the router's judge asking for a score
        reply = Reply(text=graded) if graded is not None else compose(ask)
    limit = ask.max_tokens or state.model(turn.model_id).max_output
    reasoning = min(ask.reasoning_tokens, limit)
    budget = limit - reasoning
    text, stop_sequence = _stop_at(reply.text, ask.stop)
    cut_text = truncate(text, budget)
    calls = _fit_calls(reply.tool_calls, budget - estimate_text(cut_text))
    completion = reasoning + estimate_text(cut_text) + sum(_call_tokens(c) for c in calls)
    finish: Finish
    if cut_text != text or calls != reply.tool_calls:
        finish, stop_sequence = "length", None
    elif stop_sequence is not None:
        finish = "stop_sequence"
    else:
        finish = "tool_calls" if calls else "stop"
    read, written = _cached(ask, turn, state)
    n = ask.choices
    usage = Usage(ask.prompt_tokens, completion * n, read, written, reasoning * n)
    return Answer(ask.model, cut_text, calls, finish, usage, stop_sequence, n)


def _stop_at(text: str, stops: tuple[str, ...]) -> tuple[str, str | None]:
    """``text`` up to the first stop sequence in it, and that sequence."""
    found = [(text.find(s), s) for s in stops if s in text]
    if not found:
        return text, None
    index, sequence = min(found)
    return text[:index], sequence


def _call_tokens(call: ToolUse) -> int:
    return TOOL_CALL_OVERHEAD + estimate_text(call.name) + estimate_text(call.arguments)


def _fit_calls(calls: tuple[ToolUse, ...], budget: int) -> tuple[ToolUse, ...]:
    """Tool calls that fit in ``budget`` tokens; the last one cut mid-arguments if need be."""
    kept: list[ToolUse] = []
    for call in calls:
        if _call_tokens(call) <= budget:
            kept.append(call)
            budget -= _call_tokens(call)
            continue
        room = budget - TOOL_CALL_OVERHEAD - estimate_text(call.name)
        if room > 0:
            kept.append(ToolUse(call.id, call.name, call.arguments[: room * 4]))
        break
    return tuple(kept)


def _cached(ask: Ask, turn: Turn, state: SimState) -> tuple[int, int]:
    """Prompt tokens read from and written to the prompt cache by this call."""
    if ask.cache is None:
        return 0, 0
    if state.seen_prefix(turn.cache_key, ask.cache.key):
        return ask.cache.tokens, 0
    return 0, ask.cache.tokens if ask.cache.explicit else 0


def headers(wire: Wire) -> dict[str, str]:
    """Headers every simulated response carries."""
    return {wire.request_id_header: f"req_{uuid.uuid4().hex[:24]}"}


async def plain(wire: Wire, result: Answer, turn: Turn, state: SimState) -> Response:
    """A complete JSON response after the configured latency, billed in full."""
    spec = turn.spec
    generation = result.usage.completion / spec.tokens_per_second if spec.tokens_per_second else 0
    await asyncio.sleep(_first_token_wait(turn) + generation)
    state.bill(turn.model_id, result.usage.prompt, result.usage.completion, answered=True)
    state.charge(turn, result.usage, result.usage, clean=turn.fault not in ("malformed", "cut"))
    body = orjson.dumps(wire.render(result))
    if turn.fault == "malformed":
        body = body[: len(body) // 2] + b"<html><body>upstream proxy error</body></html>"
    if turn.fault == "cut":
        return Dropped(partial=body[: len(body) // 2], length=len(body))
    return Response(body, media_type="application/json", headers=headers(wire))


def stream(wire: Wire, ask: Ask, result: Answer, turn: Turn, state: SimState) -> Response:
    """A server-sent event stream of ``result``, paced, cut or garbled as ``turn`` says."""
    frames = wire.frames(result, ask)
    body = _paced(frames, wire, result, turn, state)
    return StreamingResponse(body, media_type="text/event-stream", headers=headers(wire))


async def _paced(
    frames: list[Frame], wire: Wire, result: Answer, turn: Turn, state: SimState
) -> AsyncIterator[bytes]:
    """Yield ``frames`` at the configured speed, billing each one as it goes out."""
    spec = turn.spec
    stop_at = _cut_index(frames) if turn.fault == "cut" else len(frames)
    garble_after = next((i for i, frame in enumerate(frames) if frame.content), 0)
    await asyncio.sleep(_first_token_wait(turn))
    meter = _Meter(state, turn, result.usage)
    try:
        for index, frame in enumerate(frames[:stop_at]):
            if frame.content and spec.tokens_per_second:
                await asyncio.sleep(estimate_text(frame.content) / spec.tokens_per_second)
            yield frame.data
            meter.sent(frame)
            if turn.fault == "malformed" and index == garble_after:
                yield wire.garbage()
    finally:
        meter.close()


def _first_token_wait(turn: Turn) -> float:
    """Seconds before the first byte of an answer: the model's latency, plus a slow fault's."""
    slow = turn.spec.slow_seconds if turn.fault == "slow" else 0.0
    return turn.spec.ttft_ms / 1000 + slow


def _cut_index(frames: list[Frame]) -> int:
    """Where a cut stream stops: after half its content, before any closing event."""
    content = [i for i, frame in enumerate(frames) if frame.content]
    keep = max(1, len(content) // 2)
    if keep < len(content):
        return content[keep]
    return next(i for i, frame in enumerate(frames) if frame.final)


class _Meter:
    """Bills a stream as it goes out: prompt and reasoning at once, text as it is sent,
    the rest of the reported usage with the first closing event."""

    def __init__(self, state: SimState, turn: Turn, usage: Usage) -> None:
        self.state, self.turn, self.model_id, self.usage = state, turn, turn.model_id, usage
        self.billed = usage.reasoning
        self.finished = False
        self.tally = TokenTally()
        state.bill(self.model_id, usage.prompt, usage.reasoning, answered=True)

    def sent(self, frame: Frame) -> None:
        if frame.final:
            self.finished = True
            total = self.usage.completion
        elif frame.content:
            total = self.usage.reasoning + self.tally.add(frame.content)
        else:
            return
        if total > self.billed:
            self.state.bill(self.model_id, 0, total - self.billed, answered=False)
            self.billed = total

    def close(self) -> None:
        """The stream is over (sent whole, cut, or abandoned): charge what was billed."""
        billed = replace(self.usage, completion=self.billed)
        clean = self.finished and self.turn.fault not in ("malformed", "cut")
        self.state.charge(self.turn, billed, self.usage, clean=clean)


async def pause(receive: Receive, seconds: float) -> bool:
    """Sleep ``seconds`` unless the client goes away first; True if it went away."""
    waiter = asyncio.ensure_future(_disconnected(receive))
    try:
        done, _ = await asyncio.wait({waiter}, timeout=seconds)
    finally:
        waiter.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await waiter
    return bool(done)


async def _disconnected(receive: Receive) -> None:
    while (await receive())["type"] != "http.disconnect":
        pass


class Dropped(Response):
    """A connection dropped by the upstream: reset before any response (``partial`` is
    None), or closed after part of a body that promised ``length`` bytes."""

    def __init__(self, partial: bytes | None = None, length: int = 0) -> None:
        super().__init__(status_code=200)
        self.partial = partial
        self.length = length

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Send what there is, then drop the connection through the server's hook."""
        if self.partial is not None:
            length = str(self.length).encode()
            head = [(b"content-type", b"application/json"), (b"content-length", length)]
            await send({"type": "http.response.start", "status": 200, "headers": head})
            await send({"type": "http.response.body", "body": self.partial, "more_body": True})
        drop = scope.get("state", {}).get(DROP_KEY)
        if drop is None:  # a server without the simulator's hook: failing is the closest
            raise ConnectionResetError("simulated connection reset")
        drop(self.partial is None)
        with contextlib.suppress(TimeoutError):
            async with asyncio.timeout(_DISCONNECT_WAIT):
                await _disconnected(receive)
