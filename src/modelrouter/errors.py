"""The one error tree of modelrouter.

Every error the project raises is a ``ModelRouterError``. The tree is split by who must
act and whether trying again can help::

    ModelRouterError
    ├── ConfigError                 the operator must fix the configuration (start-up)
    │   └── MissingExtra            a feature needs an optional extra not installed
    ├── RequestError                the caller must fix the request (4xx, never retried)
    │   ├── InvalidRequest          400: malformed or unsupported request
    │   ├── NotFound                404: unknown model, alias or route
    │   │   ├── UnknownRequest      404: feedback for a request id the ledger lacks
    │   │   └── UnknownResponse     404: a Responses id not stored for the caller's key
    │   ├── NotPermitted            403: the caller's key may not use the model it named
    │   ├── Forbidden               403: the caller may not act on that resource
    │   └── NoCandidates            400: no model satisfies the request's constraints
    ├── ProviderError               one upstream attempt failed
    │   ├── RateLimited             429 (retryable, honours retry_after)
    │   ├── UpstreamUnavailable     5xx or overloaded (retryable)
    │   ├── UpstreamTimeout         connect / first token / total timeout (retryable)
    │   ├── ConnectionFailed        could not connect, connection reset (retryable)
    │   ├── MalformedResponse       the upstream answered something unparseable (retryable)
    │   ├── StreamCut               a stream ended before its final event (retryable)
    │   ├── AuthenticationFailed    401/403 from the upstream: its key is wrong
    │   ├── UpstreamRejected        400/404/422 from the upstream
    │   └── ContextLengthExceeded   the prompt does not fit that model's window
    ├── AllAttemptsFailed           the executor ran out of candidates (503 with
    │                               Retry-After when every one was unavailable)
    ├── SharedStateUnavailable      Redis (shared budgets, rate limits) cannot be reached:
    │                               503, the request is refused (budgets fail closed)
    ├── NoProviderConfigured        no provider has its API key: 503 naming the variables
    │                               to set (the operator's to fix, not the caller's)
    ├── QualityStoreUnavailable     the quality estimates cannot be read: the adaptive
    │                               policy routes by the table (never fails a request)
    └── ResponseStoreUnavailable    stored Responses cannot be read or written: 503

Third-party exceptions are translated into this tree in exactly one place per wire
format (``providers/openai.py``, ``providers/anthropic.py``) and for Redis
(``state/redis.py``); nothing else catches them.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

SHOWN_CHARS = 100  # of a caller's value echoed in a message
MESSAGE_CHARS = 1000  # of any message sent to a caller or written to a log line


def shown(value: object, limit: int = SHOWN_CHARS) -> str:
    """``repr(value)`` for a message, cut to ``limit`` characters: a caller's input is
    echoed, never at its own length."""
    text = repr(value)
    if len(text) <= limit:
        return text
    return f"{text[:limit]}… ({len(text):,} characters)"


def clipped(message: str, limit: int = MESSAGE_CHARS) -> str:
    """``message`` cut to ``limit`` characters (what a caller or a log line gets)."""
    return message if len(message) <= limit else f"{message[:limit]}… (cut)"


class ModelRouterError(Exception):
    """Base of every error modelrouter raises."""

    status = 500
    code = "internal_error"
    # The trace of the request this error ended, when it ended one whose attempts had
    # begun (a budget refusal after a failed attempt, every attempt failing): the edge
    # records those attempts with the error.
    trace: Any = None

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class ConfigError(ModelRouterError):
    """The configuration is invalid; the message names the field or variable to fix."""

    code = "config_error"


class MissingExtra(ConfigError):
    """A command or configured feature needs a library the core install leaves out; the
    message names the extra to install (``pip install 'modelrouter[learn]'``)."""

    code = "missing_extra"


class RequestError(ModelRouterError):
    """The caller's request cannot be served as sent; retrying it unchanged will not help."""

    status = 400
    code = "invalid_request_error"

    def __init__(self, message: str, *, param: str | None = None) -> None:
        super().__init__(message)
        self.param = param


class InvalidRequest(RequestError):
    """The request is malformed or asks for something unsupported."""


class NotFound(RequestError):
    """The request names a model, alias or route that does not exist."""

    status = 404
    code = "model_not_found"


class NotPermitted(RequestError):
    """The caller named a model its key may not use (never silently swapped for another)."""

    status = 403
    code = "model_not_permitted"


class UnknownRequest(NotFound):
    """Feedback names a request id the ledger does not hold."""

    code = "request_not_found"


class UnknownResponse(NotFound):
    """A Responses API id that is not stored for the caller's key (or was deleted)."""

    code = "response_not_found"


class Forbidden(RequestError):
    """The caller may not act on what it named (another key's request)."""

    status = 403
    code = "permission_denied"


class NoCandidates(RequestError):
    """Every candidate model was filtered out; the message says why for each."""

    code = "no_candidates"


class ProviderError(ModelRouterError):
    """One call to one upstream model failed.

    ``retryable`` says whether the same deployment may succeed if asked again;
    ``retry_after`` is the upstream's own hint in seconds, when it gave one; ``billed``
    whether the upstream bills the call anyway (the executor then charges an estimate).
    """

    billed_always = False

    status = 502
    code = "upstream_error"
    retryable = False

    def __init__(
        self,
        message: str,
        *,
        provider: str = "",
        model: str = "",
        upstream_status: int | None = None,
        retry_after: float | None = None,
        billed: bool = False,
    ) -> None:
        super().__init__(message)
        self.provider = provider
        self.model = model
        self.upstream_status = upstream_status
        self.retry_after = retry_after
        # The upstream processed the request and bills it though we got no usage (it
        # answered something unreadable). A call we stopped waiting for is not assumed
        # billed: that depends on the provider, and the simulator does not bill it.
        self.billed = billed or type(self).billed_always

    @property
    def kind(self) -> str:
        """A short stable name for traces and metrics, e.g. ``rate_limited``."""
        return _KIND_NAMES.get(type(self), "upstream_error")


class RateLimited(ProviderError):
    """The upstream answered 429."""

    status = 429
    code = "rate_limited"
    retryable = True


class UpstreamUnavailable(ProviderError):
    """The upstream answered 5xx or said it is overloaded."""

    status = 503
    retryable = True


class UpstreamTimeout(ProviderError):
    """The upstream did not answer within the deadline."""

    status = 504
    code = "upstream_timeout"
    retryable = True


class ConnectionFailed(ProviderError):
    """The connection could not be made or was reset."""

    status = 502
    retryable = True


class MalformedResponse(ProviderError):
    """The upstream's answer could not be parsed in its own wire format."""

    retryable = True
    billed_always = True  # it answered: the call was processed and is billed


class StreamCut(ProviderError):
    """A stream ended before its final event."""

    retryable = True


class AuthenticationFailed(ProviderError):
    """The upstream refused our key (401/403): an operator problem, not the caller's."""


class UpstreamRejected(ProviderError):
    """The upstream rejected the request itself (400/404/422)."""

    status = 400
    code = "upstream_rejected"


class ContextLengthExceeded(ProviderError):
    """The request does not fit the model's context window; a larger one may take it."""

    status = 400
    code = "context_length_exceeded"


_KIND_NAMES: dict[type[ProviderError], str] = {
    RateLimited: "rate_limited",
    UpstreamUnavailable: "unavailable",
    UpstreamTimeout: "timeout",
    ConnectionFailed: "connection",
    MalformedResponse: "malformed",
    StreamCut: "stream_cut",
    AuthenticationFailed: "auth",
    UpstreamRejected: "rejected",
    ContextLengthExceeded: "context_length",
}


class AllAttemptsFailed(ModelRouterError):
    """Every attempt of the plan failed; ``kinds`` lists each failed attempt's error kind."""

    code = "all_attempts_failed"

    def __init__(
        self,
        message: str,
        kinds: Sequence[str],
        trace: Any = None,
        *,
        retry_after: float | None = None,
    ) -> None:
        super().__init__(message)
        self.kinds = list(kinds)
        self.trace = trace
        self.status = _combined_status(set(self.kinds))
        self.retry_after = retry_after


def _combined_status(kinds: set[str]) -> int:
    """The HTTP status that best summarises the failed attempts."""
    if kinds and kinds <= {"rejected", "context_length"}:
        return 400
    if kinds == {"rate_limited"}:
        return 429
    if kinds == {"timeout"}:
        return 504
    if kinds & {"unavailable", "rate_limited", "circuit_open"}:
        return 503
    return 502


class SharedStateUnavailable(ModelRouterError):
    """The shared state store (Redis) did not answer: the request cannot be admitted or
    charged safely, so it is refused (503, try again shortly)."""

    status = 503
    code = "shared_state_unavailable"


class NoProviderConfigured(ModelRouterError):
    """No provider can be called: none has its API key. A server-side condition (503),
    whose message names the variables the operator may set."""

    status = 503
    code = "no_provider_configured"


class QualityStoreUnavailable(ModelRouterError):
    """The quality store (counts in the database) cannot be read or written."""

    status = 503
    code = "quality_store_unavailable"


class ResponseStoreUnavailable(ModelRouterError):
    """Stored Responses API objects cannot be read or written (503, try again)."""

    status = 503
    code = "response_store_unavailable"
