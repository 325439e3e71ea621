"""The simulated upstream's endpoints beside chat: OpenAI ``/v1/embeddings`` and
Anthropic ``/v1/messages/count_tokens``.

Embeddings are deterministic: the vector of one input is drawn from a generator seeded with
the model and the input, then scaled to unit length, so the same input always gives the same
vector and two different inputs almost surely different ones. ``encoding_format: base64``
packs the floats as little-endian float32, as OpenAI does. Token counts use the simulator's
own estimate. Calls are counted per endpoint (``GET /sim/endpoints``) so tests can check that
a client reached them. Like the rest of the simulator, this module never knows about routing.
"""

from __future__ import annotations

import base64
import hashlib
import math
import random
import struct
from collections import Counter
from typing import Any

import orjson
from starlette.requests import Request
from starlette.responses import Response

from modelrouter.sim.anthropic_wire import AnthropicWire
from modelrouter.sim.model import Rejected
from modelrouter.sim.openai_wire import OpenAIWire
from modelrouter.sim.state import SimState
from modelrouter.tokens import estimate_text

_OPENAI = OpenAIWire()
_ANTHROPIC = AnthropicWire()


def counters(request: Request) -> Counter[str]:
    """Calls per endpoint since the app started (or the last reset)."""
    counts: Counter[str] = request.app.state.endpoint_calls
    return counts


def vector(model: str, text: str, dimensions: int) -> list[float]:
    """The unit-length vector of ``text`` for ``model``: same input, same vector."""
    seed = hashlib.blake2b(f"{model}\0{text}".encode(), digest_size=8).digest()
    rng = random.Random(int.from_bytes(seed, "big"))
    values = [rng.gauss(0.0, 1.0) for _ in range(dimensions)]
    norm = math.sqrt(sum(v * v for v in values)) or 1.0
    return [v / norm for v in values]


def _inputs(raw: Any) -> list[tuple[str, int]]:
    """Each input as (the text its vector is seeded with, its tokens)."""
    if isinstance(raw, str):
        return [(raw, estimate_text(raw))]
    if isinstance(raw, list) and raw and all(isinstance(t, int) for t in raw):
        return [(repr(raw), len(raw))]  # one input given as token ids
    if isinstance(raw, list) and raw:
        items: list[tuple[str, int]] = []
        for item in raw:
            if isinstance(item, str):
                items.append((item, estimate_text(item)))
            elif isinstance(item, list) and item and all(isinstance(t, int) for t in item):
                items.append((repr(item), len(item)))
            else:
                raise Rejected(400, "invalid_request", "input: each item must be text or tokens")
        return items
    raise Rejected(400, "invalid_request", "input: a string, strings or token arrays is required")


def _encoded(values: list[float], encoding: str) -> list[float] | str:
    if encoding == "base64":
        return base64.b64encode(struct.pack(f"<{len(values)}f", *values)).decode()
    return values


def embeddings_body(body: dict[str, Any], state: SimState) -> dict[str, Any]:
    """The OpenAI answer to one embeddings request; ``Rejected`` as OpenAI would refuse."""
    name = body.get("model")
    catalog = state.settings.embeddings
    model_id = next((m for m, s in catalog.items() if name in (m, s.upstream)), None)
    if model_id is None:
        raise Rejected(404, "not_found", model=name)
    spec = state.settings.embeddings[model_id]
    dimensions = body.get("dimensions") or spec.dimensions or 1536
    if not isinstance(dimensions, int) or not 0 < dimensions <= (spec.dimensions or dimensions):
        raise Rejected(400, "invalid_request", "dimensions: out of range", param="dimensions")
    encoding = body.get("encoding_format") or "float"
    if encoding not in ("float", "base64"):
        raise Rejected(
            400, "invalid_request", "encoding_format: float or base64", param="encoding_format"
        )
    items = _inputs(body.get("input"))
    for _, tokens in items:
        if tokens > spec.context_window:
            raise Rejected(
                400, "context_length", param="input", window=spec.context_window, tokens=tokens
            )
    data = [
        {
            "object": "embedding",
            "index": i,
            "embedding": _encoded(vector(model_id, text, dimensions), encoding),
        }
        for i, (text, _) in enumerate(items)
    ]
    tokens = sum(t for _, t in items)
    usage = {"prompt_tokens": tokens, "total_tokens": tokens}
    return {"object": "list", "data": data, "model": spec.upstream or model_id, "usage": usage}


async def embeddings(request: Request) -> Response:
    """``POST /v1/embeddings``."""
    state: SimState = request.app.state.sim
    try:
        _keyed(request)
        answer = embeddings_body(await _body(request), state)
    except Rejected as exc:
        return _json(_OPENAI.error(exc), exc.status)
    counters(request)["embeddings"] += 1
    return _json(answer)


async def count_tokens(request: Request) -> Response:
    """``POST /v1/messages/count_tokens``: the Messages body without ``max_tokens``."""
    state: SimState = request.app.state.sim
    try:
        _keyed(request)
        _ANTHROPIC.check_headers(request.headers)
        body = await _body(request)
        ask = _ANTHROPIC.parse({**body, "max_tokens": 1, "stream": False})
        if state.resolve(ask.model, "anthropic") is None:
            raise Rejected(404, "not_found", model=ask.model)
    except Rejected as exc:
        return _json(_ANTHROPIC.error(exc), exc.status)
    counters(request)["count_tokens"] += 1
    return _json({"input_tokens": ask.prompt_tokens})


async def endpoint_counts(request: Request) -> Response:
    """``GET /sim/endpoints``: calls per endpoint."""
    return _json(dict(counters(request)))


def _keyed(request: Request) -> None:
    bearer = request.headers.get("authorization", "").removeprefix("Bearer ").strip()
    if not (bearer or request.headers.get("x-api-key", "").strip()):
        raise Rejected(401, "missing_key")


async def _body(request: Request) -> dict[str, Any]:
    try:
        body = orjson.loads(await request.body())
    except orjson.JSONDecodeError as exc:
        raise Rejected(400, "invalid_request", f"The body is not valid JSON: {exc}") from exc
    if not isinstance(body, dict):
        raise Rejected(400, "invalid_request", "The request body must be a JSON object.")
    return body


def _json(payload: object, status: int = 200) -> Response:
    return Response(orjson.dumps(payload), status, media_type="application/json")
