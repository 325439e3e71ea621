"""Native Responses pass-through: the body a native upstream is sent, and its answer
relayed to the caller as our own response.

The gateway keeps the conversation (``previous_response_id``) in its own store, so the
upstream is sent the whole chain as ``input`` with ``store: false``: any instance and any
candidate (native or translated) can serve the next turn, and nothing is kept at the
vendor. ``include`` asks for ``reasoning.encrypted_content``, which is how a stateless
caller carries a reasoning model's thinking to its next turn; those items are stored and
sent back intact. The upstream's object and events are relayed with our response id,
the catalog model id, our ``store`` flag and our own sequence numbers; item ids are the
upstream's, unchanged (the stored chain and the caller see the same ones).

Pure functions and one small state machine: no I/O.
"""

from __future__ import annotations

from typing import Any

import orjson

ENCRYPTED = "reasoning.encrypted_content"
_TERMINAL = frozenset({"response.completed", "response.incomplete"})


def upstream_body(body: dict[str, Any], items: list[dict[str, Any]]) -> dict[str, Any]:
    """What a native upstream is sent: the caller's body, ``input`` the whole chain."""
    sent = {k: v for k, v in body.items() if k not in ("previous_response_id", "stream")}
    include = [i for i in body.get("include") or () if isinstance(i, str)]
    if ENCRYPTED not in include:
        include.append(ENCRYPTED)
    sent.update(input=items, store=False, include=include)
    return sent


def adopt(obj: dict[str, Any], ours: dict[str, Any]) -> dict[str, Any]:
    """The upstream's response object as ours: our id, model, store and chain fields."""
    return {**obj, **ours}


class NativeRelay:
    """Upstream events in, the caller's events out (renumbered, our response fields)."""

    def __init__(self, ours: dict[str, Any]) -> None:
        self.ours = ours
        self.sequence = 0
        self.obj: dict[str, Any] = {**ours, "object": "response", "status": "in_progress"}
        self.terminal: dict[str, Any] | None = None  # sent by ``end``, with the cost

    def feed(self, events: list[dict[str, Any]]) -> list[bytes]:
        """The caller's events for these upstream events (the terminal one is held)."""
        out: list[bytes] = []
        for given in events:
            event = given
            response = given.get("response")
            if isinstance(response, dict):
                self.obj = adopt(response, self.ours)
                event = {**given, "response": self.obj}
            if event.get("type") in _TERMINAL:
                self.terminal = event
                continue
            out.append(self._send(event))
        return out

    def end(self, cost_usd: float | None) -> list[bytes]:
        """The held ``response.completed`` (or ``.incomplete``), usage with the cost."""
        if self.terminal is None:
            return []
        usage = self.obj.get("usage")
        if cost_usd is not None and isinstance(usage, dict):
            usage["cost_usd"] = round(cost_usd, 8)
        return [self._send(self.terminal)]

    def failed(self, code: str | None, message: str) -> bytes:
        """An ``error`` event, then ``response.failed``."""
        error = {"code": code or "server_error", "message": message}
        self.obj.update(status="failed", error=error)
        first = self._send({"type": "error", **error, "param": None})
        return first + self._send({"type": "response.failed", "response": self.obj})

    def _send(self, event: dict[str, Any]) -> bytes:
        event = {**event, "sequence_number": self.sequence}
        self.sequence += 1
        kind = str(event.get("type"))
        return b"event: " + kind.encode() + b"\ndata: " + orjson.dumps(event) + b"\n\n"
