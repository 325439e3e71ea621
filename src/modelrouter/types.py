"""The internal request and response: the OpenAI chat-completions shape.

Every edge (HTTP APIs, Python API, CLI) translates into ``ChatRequest`` and out of
``ChatResponse`` / ``ChatChunk``; wire adapters translate these to and from their vendor's
format. Unknown fields are kept (``extra="allow"``) so sampling parameters pass through.
This module imports nothing from the package but the leaf ``jsonschema`` check.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Iterable
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PrivateAttr,
    ValidationInfo,
    field_validator,
    model_validator,
)

from modelrouter.jsonschema import schema_problem

Role = Literal["system", "developer", "user", "assistant", "tool"]
Capability = Literal["tools", "vision", "json_mode"]

# The keywords that give a JSON Schema its shape; openapi.py describes the same rules.
MAX_TOKENS = 2**31 - 1  # no model comes near; larger numbers arrive as floats


def integral(value: Any) -> Any:
    """83.0 as the integer 83, as JSON Schema counts it; 83.5 stays a float (and is refused)."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


Count = Annotated[int, BeforeValidator(integral)]


class _Open(BaseModel):
    model_config = ConfigDict(extra="allow")


class FunctionCall(_Open):
    name: str
    arguments: str = ""


class ToolCall(_Open):
    id: str
    type: Literal["function"] = "function"
    function: FunctionCall


class FunctionDef(_Open):
    name: str = Field(min_length=1, max_length=128)
    description: str | None = None
    parameters: dict[str, Any] | None = None

    @field_validator("parameters")
    @classmethod
    def _json_schema(cls, value: dict[str, Any] | None) -> dict[str, Any] | None:
        problem = None if value is None else schema_problem(value)
        if problem:
            raise ValueError(f"not a JSON Schema: {problem}")
        return value


class Tool(_Open):
    type: Literal["function"] = "function"
    function: FunctionDef


class ContentPart(_Open):
    type: str
    text: str | None = None

    @model_validator(mode="after")
    def _complete(self) -> ContentPart:
        """Text parts carry text; image_url parts carry ``image_url.url``."""
        if self.type == "text" and self.text is None:
            raise ValueError("a text part needs text")
        image = (self.model_extra or {}).get("image_url")
        if self.type == "image_url" and not (
            isinstance(image, dict) and isinstance(image.get("url"), str)
        ):
            raise ValueError("an image_url part needs image_url.url, a string")
        return self


class Message(_Open):
    role: Role
    content: str | list[ContentPart] | None = None
    name: str | None = None
    tool_calls: list[ToolCall] | None = None
    tool_call_id: str | None = None

    @model_validator(mode="after")
    def _has_content(self) -> Message:
        """Only an assistant turn may come without content (it may only call tools)."""
        if self.content is None and self.role != "assistant":
            raise ValueError(f"a {self.role} message needs content")
        return self

    def text(self) -> str:
        """The message's text, with content parts joined by newlines."""
        if self.content is None:
            return ""
        if isinstance(self.content, str):
            return self.content
        return "\n".join(p.text for p in self.content if p.text)

    def has_image(self) -> bool:
        """Whether the message carries an image part."""
        return isinstance(self.content, list) and any(
            p.type in ("image_url", "image", "input_image") for p in self.content
        )


class ChatRequest(_Open):
    """An OpenAI chat-completions request; ``model`` is a policy selector for the router."""

    messages: list[Message] = Field(min_length=1)
    model: str = "auto"
    max_tokens: Count | None = Field(default=None, ge=1, le=MAX_TOKENS)
    max_completion_tokens: Count | None = Field(default=None, ge=1, le=MAX_TOKENS)
    temperature: float | None = Field(default=None, ge=0, le=2)
    top_p: float | None = Field(default=None, ge=0, le=1)
    stop: str | list[str] | None = None
    tools: list[Tool] | None = None
    tool_choice: str | dict[str, Any] | None = None
    response_format: dict[str, Any] | None = None
    stream: bool = False
    stream_options: dict[str, Any] | None = None
    # the caller's Responses body, for providers that take it as it is (``responses:
    # native``); private, so it never reaches a chat-completions upstream
    _responses: dict[str, Any] | None = PrivateAttr(default=None)

    def with_responses(self, body: dict[str, Any]) -> ChatRequest:
        """This request, carrying ``body`` for native Responses upstreams."""
        self._responses = body
        return self

    def responses_body(self) -> dict[str, Any] | None:
        """The Responses body a native upstream is sent, when the caller sent one."""
        return self._responses

    @field_validator("tool_choice")
    @classmethod
    def _known_tool(
        cls, value: str | dict[str, Any] | None, info: ValidationInfo
    ) -> str | dict[str, Any] | None:
        """``none``, ``auto``, ``required`` or a tool object; a named function must exist."""
        if value is None:
            return value
        if not info.data.get("tools"):
            raise ValueError("is only allowed when tools are given")
        if isinstance(value, str):
            if value not in ("none", "auto", "required"):
                raise ValueError("must be 'none', 'auto', 'required' or a tool object")
            return value
        function = value.get("function")
        if not isinstance(value.get("type"), str) or (
            function is not None
            and not (isinstance(function, dict) and isinstance(function.get("name"), str))
        ):
            raise ValueError("a tool object needs a type and function.name, a string")
        names = {t.function.name for t in info.data.get("tools") or ()}
        if function is not None and function["name"] not in names:
            raise ValueError(f"names function {function['name']!r}, which is not in tools")
        return value

    @field_validator("response_format")
    @classmethod
    def _known_format(cls, value: dict[str, Any] | None) -> dict[str, Any] | None:
        """``text``, ``json_object``, or ``json_schema`` with a name and a JSON Schema."""
        if value is None:
            return value
        kind = value.get("type")
        if kind not in ("text", "json_object", "json_schema"):
            raise ValueError("type must be 'text', 'json_object' or 'json_schema'")
        spec = value.get("json_schema")
        if kind == "json_schema":
            if not isinstance(spec, dict) or not isinstance(spec.get("name"), str):
                raise ValueError("json_schema must be an object with a name")
            problem = schema_problem(spec.get("schema", {}), "json_schema.schema")
            if problem:
                raise ValueError(problem)
        return value

    def output_limit(self) -> int | None:
        """The caller's cap on output tokens, whichever field it used."""
        return self.max_completion_tokens or self.max_tokens

    def wants_json(self) -> bool:
        """Whether the caller asked for a JSON answer."""
        kind = (self.response_format or {}).get("type")
        return kind in ("json_object", "json_schema")

    def required_capabilities(self) -> set[Capability]:
        """Capabilities a model needs to serve this request."""
        needs: set[Capability] = set()
        if self.tools:
            needs.add("tools")
        if self.wants_json():
            needs.add("json_mode")
        if any(m.has_image() for m in self.messages):
            needs.add("vision")
        return needs

    def last_user_text(self) -> str:
        """The text of the last user message, or "" when there is none."""
        for message in reversed(self.messages):
            if message.role == "user":
                return message.text()
        return ""

    def passthrough(self) -> dict[str, Any]:
        """Sampling and other caller fields to forward upstream unchanged."""
        return dict(self.model_extra or {})


class PromptTokensDetails(_Open):
    cached_tokens: int = 0
    cache_write_tokens: int = 0


class CompletionTokensDetails(_Open):
    reasoning_tokens: int = 0


class Usage(_Open):
    """Token counts in the OpenAI shape; prompt tokens include cached ones."""

    prompt_tokens: int = 0
    completion_tokens: int = 0
    total_tokens: int = 0
    prompt_tokens_details: PromptTokensDetails = Field(default_factory=PromptTokensDetails)
    completion_tokens_details: CompletionTokensDetails = Field(
        default_factory=CompletionTokensDetails
    )

    @classmethod
    def of(
        cls,
        prompt: int,
        completion: int,
        *,
        cached: int = 0,
        cache_write: int = 0,
        reasoning: int = 0,
    ) -> Usage:
        """Build a usage record from plain counts."""
        return cls(
            prompt_tokens=prompt,
            completion_tokens=completion,
            total_tokens=prompt + completion,
            prompt_tokens_details=PromptTokensDetails(
                cached_tokens=cached, cache_write_tokens=cache_write
            ),
            completion_tokens_details=CompletionTokensDetails(reasoning_tokens=reasoning),
        )


class AssistantMessage(_Open):
    role: Literal["assistant"] = "assistant"
    content: str | None = None
    tool_calls: list[ToolCall] | None = None
    refusal: str | None = None


class Choice(_Open):
    index: int = 0
    message: AssistantMessage
    finish_reason: str | None = "stop"


def new_id(prefix: str = "chatcmpl") -> str:
    """A fresh response id in the vendor's style."""
    return f"{prefix}-{uuid.uuid4().hex[:24]}"


class ChatResponse(_Open):
    """An OpenAI chat completion."""

    id: str = Field(default_factory=new_id)
    object: Literal["chat.completion"] = "chat.completion"
    created: int = Field(default_factory=lambda: int(time.time()))
    model: str
    choices: list[Choice] = Field(min_length=1)
    usage: Usage = Field(default_factory=Usage)
    # the upstream's own Responses object, when a native Responses upstream answered
    native: dict[str, Any] | None = Field(default=None, exclude=True)

    @property
    def text(self) -> str:
        """The first choice's text ("" when it only called tools)."""
        return self.choices[0].message.content or ""

    @property
    def finish_reason(self) -> str | None:
        """Why the first choice stopped: stop, length, tool_calls, content_filter."""
        return self.choices[0].finish_reason


class ToolCallDelta(_Open):
    index: int
    id: str | None = None
    type: Literal["function"] | None = None
    function: dict[str, str] | None = None


class Delta(_Open):
    role: Literal["assistant"] | None = None
    content: str | None = None
    tool_calls: list[ToolCallDelta] | None = None
    refusal: str | None = None


class ChunkChoice(_Open):
    index: int = 0
    delta: Delta = Field(default_factory=Delta)
    finish_reason: str | None = None


class ChatChunk(_Open):
    """One OpenAI chat-completion stream chunk; the last may carry only ``usage``."""

    id: str
    object: Literal["chat.completion.chunk"] = "chat.completion.chunk"
    created: int = Field(default_factory=lambda: int(time.time()))
    model: str
    choices: list[ChunkChoice] = Field(default_factory=list)
    usage: Usage | None = None
    # the upstream's own Responses events this chunk stands for (native upstreams)
    native: list[dict[str, Any]] | None = Field(default=None, exclude=True)

    def has_content(self) -> bool:
        """Whether this chunk carries anything a client would see (text or tool call)."""
        return any(c.delta.content or c.delta.tool_calls or c.delta.refusal for c in self.choices)


def messages_from(items: Iterable[dict[str, Any] | Message] | str) -> list[Message]:
    """Accept a prompt string, dicts or messages, and return messages."""
    if isinstance(items, str):
        return [Message(role="user", content=items)]
    return [m if isinstance(m, Message) else Message.model_validate(m) for m in items]
