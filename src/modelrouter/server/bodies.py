"""Reading a request's body: its size bound, its nesting bound, and validation whose error
names the field. Shared by every endpoint that takes a JSON body."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from pydantic import ValidationError
from starlette.requests import ClientDisconnect, Request

from modelrouter.errors import InvalidRequest
from modelrouter.server.connections import body_timed_out
from modelrouter.server.errors import GatewayError

T = TypeVar("T")


async def read_body(request: Request, limit: int) -> bytes:
    """The request body, refusing more than ``limit`` bytes with 413."""
    declared = request.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > limit:
        raise GatewayError(413, f"the body is larger than {limit} bytes")
    parts, size = [], 0
    try:
        async for part in request.stream():
            size += len(part)
            if size > limit:
                raise GatewayError(413, f"the body is larger than {limit} bytes")
            parts.append(part)
    except ClientDisconnect:
        if body_timed_out(request.scope):  # the connection has answered 408 already
            raise GatewayError(408, "the body arrived too slowly") from None
        raise GatewayError(400, "the client disconnected before sending the whole body") from None
    return b"".join(parts)


def too_deep(data: dict[str, Any], limit: int) -> str | None:
    """The dotted path of a value nested more than ``limit`` levels deep, or None (one
    walk, level by level, over the containers only)."""
    level: list[tuple[Any, tuple[str, ...]]] = [(data, ())]
    for _ in range(limit):
        below: list[tuple[Any, tuple[str, ...]]] = []
        for value, path in level:
            items = value.items() if isinstance(value, dict) else enumerate(value)
            below.extend((v, (*path, str(k))) for k, v in items if isinstance(v, dict | list) and v)
        if not below:
            return None
        level = below
    return ".".join(level[0][1][:3])  # the field, not a path as long as the nesting


def validated(model: Callable[[dict[str, Any]], T], data: dict[str, Any]) -> T:
    """Validate ``data``; the error names the field, as ``messages.0.role``."""
    try:
        return model(data)
    except ValidationError as exc:
        # the deepest error is the most specific one (a union lists one per member)
        first = max(exc.errors(), key=lambda error: len(error["loc"]))
        where = ".".join(str(p) for p in first["loc"])
        raise InvalidRequest(f"{where}: {first['msg']}", param=where) from None
