"""The OpenAI Responses API, as the simulated upstream speaks it (``POST /v1/responses``).

For OpenAI-format models only, so a provider set to ``responses: native`` can be tested
end to end. The request is read through the project's Responses-to-chat translation and
answered by the same simulated model as ``/v1/chat/completions``; the answer is rendered
as a ``response`` object or the Responses event sequence. A model asked to reason
(``reasoning.effort``) bills reasoning tokens and returns a ``reasoning`` item whose
``encrypted_content`` it recognises when a later turn sends it back: the count of such
items received is ``responses.reasoning_in`` in ``GET /sim/endpoints``. The simulator
keeps no responses (``store`` is ignored; ``previous_response_id`` is refused).
"""

from __future__ import annotations

import dataclasses
from collections import Counter
from collections.abc import Mapping
from typing import Any, ClassVar

import orjson

from modelrouter.errors import InvalidRequest
from modelrouter.sim.model import Answer, Ask, Frame, Rejected, WireName
from modelrouter.sim.openai_wire import OpenAIWire
from modelrouter.types import ChatChunk, ChatResponse
from modelrouter.wire.responses.answers import (
    ResponsesStreamEncoder,
    new_id,
    response_object,
    shell,
)
from modelrouter.wire.responses.requests import chat_body

REASONING_MARK = "sim-reasoning:"


class ResponsesWire:
    """OpenAI Responses: ``POST /v1/responses``."""

    name: ClassVar[WireName] = "openai"
    request_id_header: ClassVar[str] = "x-request-id"

    def __init__(self, counts: Counter[str]) -> None:
        self.chat = OpenAIWire()
        self.counts = counts

    def check_headers(self, headers: Mapping[str, str]) -> None:
        """OpenAI needs no header beyond the key."""

    def parse(self, body: dict[str, Any]) -> Ask:
        """The request as an ``Ask``; raises ``Rejected`` when OpenAI would refuse it."""
        if body.get("previous_response_id") is not None:
            raise Rejected(
                400, "invalid_request", "the simulator stores no responses",
                param="previous_response_id",
            )  # fmt: skip
        try:
            chat = chat_body(body, []).chat
        except InvalidRequest as exc:
            raise Rejected(400, "invalid_request", exc.message, param=exc.param) from exc
        self.counts["responses"] += 1
        self.counts["responses.reasoning_in"] += _reasoning_items(body.get("input"))
        ask = self.chat.parse(chat)
        return dataclasses.replace(ask, include_usage=True)

    def error(self, rejected: Rejected) -> dict[str, Any]:
        """``{"error": {...}}`` in OpenAI's words."""
        return self.chat.error(rejected)

    def server_error(self, repeat: int) -> Rejected:
        """OpenAI answers internal failures with 500."""
        return Rejected(500, "server")

    def render(self, answer: Answer) -> dict[str, Any]:
        """A ``response`` object, a reasoning item first when the model reasoned."""
        completion = ChatResponse.model_validate(self.chat.render(answer))
        obj = response_object(_shell(answer), completion)
        if answer.usage.reasoning:
            obj["output"].insert(0, _reasoning_item(answer))
        return obj

    def frames(self, answer: Answer, ask: Ask) -> list[Frame]:
        """The Responses event sequence, framed like the chat chunks it is made from."""
        encoder = ResponsesStreamEncoder(_shell(answer))
        out: list[Frame] = []
        for frame in self.chat.frames(answer, ask):
            payload = frame.data.removeprefix(b"data: ").strip()
            if payload == b"[DONE]":
                events = encoder.finish()
            else:
                events = encoder.feed(ChatChunk.model_validate(orjson.loads(payload)))
                if not out and answer.usage.reasoning:
                    events += encoder.whole_item(_reasoning_item(answer))
            if events:
                out.append(Frame(b"".join(events), content=frame.content, final=frame.final))
        return out

    def garbage(self) -> bytes:
        """An event cut off in the middle of its JSON."""
        return b'event: response.output_text.delta\ndata: {"type": "response.output_te\n\n'


def _shell(answer: Answer) -> dict[str, Any]:
    return shell(new_id("resp"), {}, answer.model, store=False)


def _reasoning_item(answer: Answer) -> dict[str, Any]:
    return {
        "type": "reasoning",
        "id": new_id("rs"),
        "summary": [],
        "encrypted_content": f"{REASONING_MARK}{answer.usage.reasoning}",
    }


def _reasoning_items(value: Any) -> int:
    """How many of the simulator's own reasoning items came back in ``input``."""
    if not isinstance(value, list):
        return 0
    return sum(
        1
        for item in value
        if isinstance(item, dict)
        and item.get("type") == "reasoning"
        and str(item.get("encrypted_content") or "").startswith(REASONING_MARK)
    )
