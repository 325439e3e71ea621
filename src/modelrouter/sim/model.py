"""The simulator's own vocabulary, shared by both wire formats.

A wire module parses its vendor's request into an ``Ask`` (what was asked, format-neutral),
the composer answers it with a ``Reply``, the app turns that into an ``Answer`` (limits and
usage applied) and the wire module renders the ``Answer`` as a body or as stream ``Frame``s.
This module holds data only; it must never import the rest of the simulator.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, ClassVar, Literal, Protocol

from modelrouter.errors import RequestError

WireName = Literal["openai", "anthropic"]
ToolMode = Literal["none", "auto", "required"]
Finish = Literal["stop", "stop_sequence", "length", "tool_calls"]
ErrorKind = Literal[
    "invalid_request",
    "missing_key",
    "bad_key",
    "not_found",
    "context_length",
    "max_tokens",
    "rate_limit",
    "server",
    "overloaded",
    "unavailable",
]

DROP_KEY = "modelrouter.sim.drop"
"""Key in the ASGI scope's ``state`` of a callable ``drop(hard: bool)`` that closes the
client connection: ``hard`` resets it (RST), otherwise it closes after flushing (FIN).
Set by the simulator's uvicorn protocol and by its in-process transport."""


@dataclass(frozen=True)
class ToolSpec:
    """One function tool the caller offered."""

    name: str
    description: str = ""
    schema: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class CachePrefix:
    """The cacheable start of a prompt: its identity and size in tokens. ``explicit``
    caches (Anthropic's ``cache_control``) also report the tokens written the first time."""

    key: str
    tokens: int
    explicit: bool = False


@dataclass(frozen=True)
class Ask:
    """What a request asked for, whatever its wire format."""

    model: str
    turns: tuple[tuple[str, str], ...]
    prompt_tokens: int
    max_tokens: int | None = None
    stream: bool = False
    include_usage: bool = False
    tools: tuple[ToolSpec, ...] = ()
    tool_mode: ToolMode = "auto"
    forced_tool: str | None = None
    tool_result: str | None = None
    json_mode: bool = False
    json_schema: dict[str, Any] | None = None
    stop: tuple[str, ...] = ()
    reasoning_tokens: int = 0
    cache: CachePrefix | None = None
    choices: int = 1  # OpenAI's ``n``: that many answers (the same text here), all billed

    def last_user_text(self) -> str:
        """The text of the last user turn ("" when there is none)."""
        return next((text for role, text in reversed(self.turns) if role == "user"), "")


@dataclass(frozen=True)
class ToolUse:
    """One tool call in an answer; ``arguments`` is JSON text."""

    id: str
    name: str
    arguments: str


@dataclass(frozen=True)
class Reply:
    """What the simulated model says, before limits: text and/or tool calls."""

    text: str = ""
    tool_calls: tuple[ToolUse, ...] = ()


@dataclass(frozen=True)
class Usage:
    """Token counts of one answer; ``prompt`` includes cached and cache-written tokens."""

    prompt: int
    completion: int
    cache_read: int = 0
    cache_write: int = 0
    reasoning: int = 0


@dataclass(frozen=True)
class Answer:
    """A reply after limits and stop sequences, with its usage: ready to render."""

    model: str
    text: str
    tool_calls: tuple[ToolUse, ...]
    finish: Finish
    usage: Usage
    stop_sequence: str | None = None
    choices: int = 1


@dataclass(frozen=True)
class Frame:
    """One server-sent event; ``content`` is the answer text it delivers, ``final`` marks
    the closing events (finish reason, usage, end marker) that a cut stream never sends."""

    data: bytes
    content: str = ""
    final: bool = False


class Rejected(RequestError):
    """An HTTP error the simulated upstream answers with.

    ``detail`` is the message when the simulator knows it (a validation error); otherwise
    the wire format words it from ``kind`` and ``facts`` the way its vendor does."""

    def __init__(
        self,
        status: int,
        kind: ErrorKind,
        detail: str = "",
        *,
        param: str | None = None,
        **facts: object,
    ) -> None:
        super().__init__(detail or kind, param=param)
        self.status = status
        self.kind = kind
        self.detail = detail
        self.facts = facts


class Wire(Protocol):
    """One vendor wire format, as the simulated upstream speaks it."""

    name: ClassVar[WireName]
    request_id_header: ClassVar[str]

    def check_headers(self, headers: Mapping[str, str]) -> None:
        """Raise ``Rejected`` when a header the vendor requires is missing."""
        ...

    def parse(self, body: dict[str, Any]) -> Ask:
        """The request as an ``Ask``; raises ``Rejected`` when it is invalid."""
        ...

    def error(self, rejected: Rejected) -> dict[str, Any]:
        """The vendor's error body."""
        ...

    def server_error(self, repeat: int) -> Rejected:
        """The vendor's answer to an internal failure; ``repeat`` counts them (1 = first)."""
        ...

    def render(self, answer: Answer) -> dict[str, Any]:
        """The vendor's (non-streamed) response body."""
        ...

    def frames(self, answer: Answer, ask: Ask) -> list[Frame]:
        """The vendor's stream events for ``answer``, in order."""
        ...

    def garbage(self) -> bytes:
        """A stream event whose data is not JSON."""
        ...
