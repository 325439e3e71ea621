"""CPU per request of the Responses translation, next to the chat-completions edge.

Usage: PYTHONPATH=src taskset -c 0 python -m bench.responses_translation [--requests N] [--rounds R]

What each API's edge does with one request in-process, nothing else (no HTTP, no routing):
chat = parse the body, validate the ``ChatRequest``, encode the answer (plain) or ten
chunks and the end (streamed); responses = parse, translate to the chat body, validate
the same ``ChatRequest``, build the response object (plain) or the full event sequence
(streamed). The difference is what ``/v1/responses`` costs over ``/v1/chat/completions``;
the gateway benchmark (bench/gateway) measures both end to end, where load noise is
larger than this difference. Medians over rounds, microseconds of process CPU.
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable

import orjson
from bench.gateway.targets import body

from modelrouter.server.openai_api import OpenAIStream, strict_request
from modelrouter.types import (
    AssistantMessage,
    ChatChunk,
    ChatResponse,
    Choice,
    ChunkChoice,
    Delta,
    Usage,
)
from modelrouter.wire.responses.answers import (
    ResponsesStreamEncoder,
    new_id,
    response_object,
    shell,
)
from modelrouter.wire.responses.requests import chat_body

CHAT = body("route:simple", stream=False)
RESPONSES = body("route:simple", stream=False, api="responses")
ANSWER = ChatResponse(
    model="bench-small",
    choices=[Choice(message=AssistantMessage(content="Bonjour ! " * 20))],
    usage=Usage.of(40, 64),
)
CHUNKS = [
    ChatChunk(id="c", model="bench-small", choices=[ChunkChoice(delta=Delta(content="mot "))])
    for _ in range(10)
] + [ChatChunk(id="c", model="bench-small", usage=Usage.of(40, 64))]


def chat_plain() -> None:
    """The chat edge, plain."""
    strict_request(orjson.loads(CHAT))
    orjson.dumps(ANSWER.model_dump(mode="json"))


def responses_plain() -> None:
    """The Responses edge, plain."""
    data = orjson.loads(RESPONSES)
    chat = strict_request(chat_body(data, []).chat)
    obj = shell(new_id("resp"), data, chat.model, store=False)
    orjson.dumps(response_object(obj, ANSWER))


def chat_stream() -> None:
    """The chat edge, streamed (usage asked for)."""
    strict_request(orjson.loads(CHAT))
    encoder = OpenAIStream(include_usage=True)
    for chunk in CHUNKS:
        encoder.chunk(chunk)
    encoder.end()


def responses_stream() -> None:
    """The Responses edge, streamed."""
    data = orjson.loads(RESPONSES)
    chat = strict_request(chat_body(data, []).chat)
    encoder = ResponsesStreamEncoder(shell(new_id("resp"), data, chat.model, store=False))
    for chunk in CHUNKS:
        encoder.feed(chunk)
    encoder.finish()


def cpu_us(run: Callable[[], None], requests: int) -> float:
    """Process CPU microseconds per call of ``run``."""
    for _ in range(requests // 10):
        run()
    start = time.process_time()
    for _ in range(requests):
        run()
    return (time.process_time() - start) / requests * 1e6


def main() -> None:
    """Alternate the four edges for ``--rounds`` and print medians."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=20000)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    edges = (chat_plain, responses_plain, chat_stream, responses_stream)
    samples: dict[str, list[float]] = {edge.__name__: [] for edge in edges}
    for _ in range(args.rounds):
        for edge in edges:
            samples[edge.__name__].append(cpu_us(edge, args.requests))
    median = {name: statistics.median(values) for name, values in samples.items()}
    for name, values in samples.items():
        print(f"{name:17s} {median[name]:7.1f} us  (min {min(values):.1f}, max {max(values):.1f})")
    for mode in ("plain", "stream"):
        extra = median[f"responses_{mode}"] - median[f"chat_{mode}"]
        print(f"responses over chat, {mode}: {extra:+.1f} us CPU per request")


if __name__ == "__main__":
    main()
