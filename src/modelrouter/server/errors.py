"""Errors as each API's callers expect them: status, body shape, Retry-After.

Every failure the gateway returns goes through ``render``: the OpenAI shape
``{"error": {"message", "type", "param", "code"}}`` or the Anthropic shape
``{"type": "error", "error": {"type", "message"}}``. Nothing here ever includes a stack
trace or an upstream key.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Literal

import orjson
from starlette.responses import Response

from modelrouter.errors import (
    MESSAGE_CHARS,
    SHOWN_CHARS,
    AllAttemptsFailed,
    ModelRouterError,
    NoCandidates,
    NoProviderConfigured,
    NotFound,
    ProviderError,
    RequestError,
    ResponseStoreUnavailable,
    SharedStateUnavailable,
    clipped,
)

Api = Literal["openai", "anthropic", "responses"]  # responses: OpenAI errors, its own label

_OPENAI_TYPES = {
    400: "invalid_request_error",
    401: "authentication_error",
    403: "permission_error",
    404: "not_found_error",
    408: "invalid_request_error",
    413: "invalid_request_error",
    429: "rate_limit_error",
    431: "invalid_request_error",
}
_ANTHROPIC_TYPES = {
    400: "invalid_request_error",
    401: "authentication_error",
    403: "permission_error",
    404: "not_found_error",
    408: "invalid_request_error",
    413: "request_too_large",
    429: "rate_limit_error",
    431: "invalid_request_error",
    529: "overloaded_error",
}


class GatewayError(ModelRouterError):
    """An error raised by the gateway itself (auth, limits, body size)."""

    def __init__(
        self,
        status: int,
        message: str,
        *,
        code: str | None = None,
        param: str | None = None,
        retry_after: float | None = None,
    ) -> None:
        super().__init__(message)
        self.status = status
        self.code = code or _OPENAI_TYPES.get(status, "api_error")
        self.param = param
        self.retry_after = retry_after


@dataclass(frozen=True, slots=True)
class Failure:
    """What to tell the caller about one error."""

    status: int
    message: str
    code: str | None = None
    param: str | None = None
    retry_after: float | None = None


def failure_of(exc: ModelRouterError) -> Failure:
    """The status, message and hints for a project error; the message is cut to
    ``errors.MESSAGE_CHARS`` (it may echo the caller's input, and goes to logs too)."""
    failure = _failure(exc)
    if len(failure.message) <= MESSAGE_CHARS and len(failure.param or "") <= SHOWN_CHARS:
        return failure
    param = clipped(failure.param, SHOWN_CHARS) if failure.param else None
    return replace(failure, message=clipped(failure.message), param=param)


def _failure(exc: ModelRouterError) -> Failure:
    if isinstance(exc, GatewayError):
        return Failure(exc.status, exc.message, exc.code, exc.param, exc.retry_after)
    if isinstance(exc, NotFound):
        return Failure(404, exc.message, exc.code, exc.param)
    if isinstance(exc, NoCandidates | RequestError):
        retry_after = getattr(exc, "retry_after", None)
        return Failure(exc.status, exc.message, exc.code, exc.param, retry_after)
    if isinstance(exc, AllAttemptsFailed):
        return Failure(exc.status, exc.message, exc.code, None, _retry_after(exc))
    if isinstance(exc, ProviderError):
        return Failure(502 if exc.status < 500 else exc.status, exc.message, exc.code)
    if isinstance(exc, SharedStateUnavailable | ResponseStoreUnavailable):
        return Failure(503, exc.message, exc.code, None, 1.0)
    if isinstance(exc, NoProviderConfigured):
        return Failure(503, exc.message, exc.code)
    return Failure(500, "internal error", "internal_error")


def _retry_after(exc: AllAttemptsFailed) -> float | None:
    if exc.retry_after is not None:
        return exc.retry_after
    if exc.status in (429, 503):
        return 1.0
    return None


def render(api: Api, failure: Failure, headers: dict[str, str] | None = None) -> Response:
    """The HTTP response for ``failure`` in the caller's API format."""
    extra = dict(headers or {})
    if failure.retry_after is not None:
        extra["retry-after"] = str(max(1, round(failure.retry_after)))
    return Response(
        body(api, failure),
        status_code=failure.status,
        headers=extra,
        media_type="application/json",
    )


def body(api: Api, failure: Failure) -> bytes:
    """The error body alone (also used for errors inside streams)."""
    if api == "anthropic":
        kind = _ANTHROPIC_TYPES.get(failure.status, "api_error")
        return orjson.dumps({"type": "error", "error": {"type": kind, "message": failure.message}})
    kind = _OPENAI_TYPES.get(failure.status, "api_error")
    return orjson.dumps(
        {
            "error": {
                "message": failure.message,
                "type": kind,
                "param": failure.param,
                "code": failure.code,
            }
        }
    )
