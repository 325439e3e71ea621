"""A fast fake OpenAI upstream for the gateway benchmark: answers at once, on loopback.

``POST /v1/chat/completions`` answers a fixed chat.completion, or, when the body asks for
``"stream": true``, a fixed stream of chunks (content, then usage, then ``[DONE]``).
``POST /v1/responses`` answers the same words as a Responses object or event stream
(for ``responses: native`` targets). ``GET /v1/models`` lists one model. HTTP/1.1
keep-alive on a bare asyncio protocol (uvloop when installed), so the upstream costs as
little as possible: it shares a core with the load generator, and its latency is in
every case including the direct one.

Usage: python bench/gateway/upstream.py --port 9100
"""

from __future__ import annotations

import argparse
import asyncio
import json
import time

CHUNKS = 8
WORDS = ["Bonjour", " ", "et", " ", "bonne", " ", "journée", "!"]


def _plain() -> bytes:
    body = {
        "id": "chatcmpl-bench",
        "object": "chat.completion",
        "created": int(time.time()),
        "model": "bench-model",
        "choices": [
            {
                "index": 0,
                "message": {"role": "assistant", "content": "".join(WORDS)},
                "finish_reason": "stop",
            }
        ],
        "usage": {"prompt_tokens": 42, "completion_tokens": 8, "total_tokens": 50},
    }
    return json.dumps(body, separators=(",", ":")).encode()


def _event(delta: dict[str, object], finish: str | None, usage: object = None) -> bytes:
    chunk: dict[str, object] = {
        "id": "chatcmpl-bench",
        "object": "chat.completion.chunk",
        "created": int(time.time()),
        "model": "bench-model",
        "choices": [{"index": 0, "delta": delta, "finish_reason": finish}] if delta else [],
    }
    if usage is not None:
        chunk["usage"] = usage
    return b"data: " + json.dumps(chunk, separators=(",", ":")).encode() + b"\n\n"


def _stream() -> bytes:
    events = [_event({"role": "assistant", "content": ""}, None)]
    events += [_event({"content": word}, None) for word in WORDS[: CHUNKS - 1]]
    events.append(_event({"content": WORDS[-1]}, "stop"))
    usage = {"prompt_tokens": 42, "completion_tokens": CHUNKS, "total_tokens": 42 + CHUNKS}
    events.append(_event({}, None, usage))
    events.append(b"data: [DONE]\n\n")
    return b"".join(events)


_USAGE = {
    "input_tokens": 42,
    "input_tokens_details": {"cached_tokens": 0},
    "output_tokens": CHUNKS,
    "output_tokens_details": {"reasoning_tokens": 0},
    "total_tokens": 42 + CHUNKS,
}


def _responses_object(done: bool) -> dict[str, object]:
    text = "".join(WORDS)
    part = {"type": "output_text", "text": text, "annotations": []}
    item = {"type": "message", "id": "msg_bench", "status": "completed", "role": "assistant"}
    return {
        "id": "resp_bench",
        "object": "response",
        "created_at": int(time.time()),
        "status": "completed" if done else "in_progress",
        "model": "bench-model",
        "output": [{**item, "content": [part]}] if done else [],
        "usage": _USAGE if done else None,
    }


def _responses_stream() -> bytes:
    item = {"type": "message", "id": "msg_bench", "status": "in_progress", "role": "assistant"}
    at = {"item_id": "msg_bench", "output_index": 0, "content_index": 0}
    part = {"type": "output_text", "text": "", "annotations": []}
    events: list[dict[str, object]] = [
        {"type": "response.created", "response": _responses_object(False)},
        {"type": "response.in_progress", "response": _responses_object(False)},
        {"type": "response.output_item.added", "output_index": 0, "item": {**item, "content": []}},
        {"type": "response.content_part.added", **at, "part": part},
    ]
    events += [{"type": "response.output_text.delta", **at, "delta": word} for word in WORDS]
    done = _responses_object(True)
    events += [
        {"type": "response.output_text.done", **at, "text": "".join(WORDS)},
        {"type": "response.output_item.done", "output_index": 0, "item": done["output"][0]},  # type: ignore[index]
        {"type": "response.completed", "response": done},
    ]
    out = b""
    for number, event in enumerate(events):
        data = json.dumps({**event, "sequence_number": number}, separators=(",", ":"))
        out += b"event: " + str(event["type"]).encode() + b"\ndata: " + data.encode() + b"\n\n"
    return out


def _response(body: bytes, content_type: bytes) -> bytes:
    head = (
        b"HTTP/1.1 200 OK\r\ncontent-type: " + content_type + b"\r\n"
        b"content-length: " + str(len(body)).encode() + b"\r\n\r\n"
    )
    return head + body


PLAIN = _response(_plain(), b"application/json")
STREAM = _response(_stream(), b"text/event-stream")
RESPONSE = _response(
    json.dumps(_responses_object(True), separators=(",", ":")).encode(), b"application/json"
)
RESPONSE_STREAM = _response(_responses_stream(), b"text/event-stream")
MODELS = _response(
    b'{"object":"list","data":[{"id":"bench-model","object":"model","owned_by":"bench"}]}',
    b"application/json",
)
NOT_FOUND = b"HTTP/1.1 404 Not Found\r\ncontent-length: 0\r\n\r\n"


def _content_length(head: bytes) -> int:
    at = head.find(b"content-length:")
    if at < 0:
        return 0
    stop = head.find(b"\r\n", at)
    return int(head[at + 15 : stop if stop >= 0 else len(head)])


class Upstream(asyncio.Protocol):
    """One keep-alive connection: parse request heads and bodies, answer each."""

    def __init__(self) -> None:
        self.buffer = b""
        self.transport: asyncio.WriteTransport | None = None

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self.transport = transport  # type: ignore[assignment] # uvloop's is no asyncio.Transport

    def data_received(self, data: bytes) -> None:
        self.buffer += data
        while True:
            end = self.buffer.find(b"\r\n\r\n")
            if end < 0:
                return
            head = self.buffer[:end].lower()
            length = _content_length(head)
            if len(self.buffer) < end + 4 + length:
                return
            body = self.buffer[end + 4 : end + 4 + length]
            self.buffer = self.buffer[end + 4 + length :]
            assert self.transport is not None
            self.transport.write(self.answer(head, body))

    @staticmethod
    def answer(head: bytes, body: bytes) -> bytes:
        """The canned answer for one request."""
        if head.startswith(b"post") and b"/chat/completions" in head[:200]:
            streamed = b'"stream":true' in body.replace(b" ", b"")
            return STREAM if streamed else PLAIN
        if head.startswith(b"post") and b"/responses" in head[:200]:
            streamed = b'"stream":true' in body.replace(b" ", b"")
            return RESPONSE_STREAM if streamed else RESPONSE
        if head.startswith(b"get") and b"/models" in head[:100]:
            return MODELS
        return NOT_FOUND


async def serve(host: str, port: int) -> None:
    """Serve until cancelled."""
    loop = asyncio.get_running_loop()
    server = await loop.create_server(Upstream, host, port, backlog=1024)
    async with server:
        await server.serve_forever()


def main() -> None:
    """Run the fake upstream."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=9100)
    args = parser.parse_args()
    try:
        import uvloop  # noqa: PLC0415 - optional, faster when present

        uvloop.run(serve(args.host, args.port))
    except ImportError:
        asyncio.run(serve(args.host, args.port))


if __name__ == "__main__":
    main()
