"""Heuristic checks v1: empty answers, refusals, truncation, invalid JSON, code that does
not parse. Cheap, local and deterministic; they catch broken answers, not wrong ones."""

from __future__ import annotations

import ast
import re

import orjson

from modelrouter.check.base import Verdict, skipped
from modelrouter.config.schema import Settings
from modelrouter.types import ChatRequest, ChatResponse

_REFUSAL = re.compile(
    r"^\W*(i'?m sorry,? but i (can(no|')t|won'?t|am unable)|i (can(no|')t|won'?t|am unable to) "
    r"(help|assist|comply|provide)|as an ai\b.{0,40}\b(can(no|')t|unable)|"
    r"抱歉，?我(无法|不能)|很抱歉，?我(无法|不能)|申し訳(ありません|ございません)が|"
    r"lo siento,? (pero )?no puedo|je suis désolé,? (mais )?je ne peux pas|"
    r"es tut mir leid,? (aber )?ich kann)",
    re.IGNORECASE,
)
_REFUSAL_MAX_CHARS = 400
_FENCE = re.compile(r"```([\w+#.-]*)[^\n]*\n(.*?)```", re.DOTALL)
_PYTHON_TAGS = {"python", "py", "python3"}


class _Heuristic:
    """Built from the settings like every check (see ``base.CheckFactory``); needs none."""

    def __init__(self, settings: Settings | None = None) -> None:
        self.settings = settings


def _pass(name: str, reason: str) -> Verdict:
    return Verdict(check=name, ok=True, score=1.0, reason=reason)


def _fail(name: str, reason: str) -> Verdict:
    return Verdict(check=name, ok=False, score=0.0, reason=reason)


class EmptyCheck(_Heuristic):
    """Fails an answer with no text and no tool call."""

    name = "empty"

    def check(self, request: ChatRequest, response: ChatResponse, task: str) -> Verdict:
        """Empty or whitespace-only answers fail."""
        message = response.choices[0].message
        if message.tool_calls or response.text.strip():
            return _pass(self.name, "answer has content")
        return _fail(self.name, "empty answer")


class RefusalCheck(_Heuristic):
    """Fails a short answer that declines the request."""

    name = "refusal"

    def check(self, request: ChatRequest, response: ChatResponse, task: str) -> Verdict:
        """Refusals (flagged by the vendor or phrased as one) fail."""
        message = response.choices[0].message
        if message.refusal or response.finish_reason == "content_filter":
            return _fail(self.name, "the model refused (flagged by the provider)")
        text = response.text.strip()
        if len(text) <= _REFUSAL_MAX_CHARS and _REFUSAL.search(text):
            return _fail(self.name, "the answer is a refusal")
        return _pass(self.name, "no refusal")


class TruncatedCheck(_Heuristic):
    """Fails an answer cut by the output limit, unless the caller set that limit."""

    name = "truncated"

    def check(self, request: ChatRequest, response: ChatResponse, task: str) -> Verdict:
        """``finish_reason == "length"`` fails when the limit was not the caller's."""
        if response.finish_reason != "length":
            return _pass(self.name, "answer complete")
        if request.output_limit() is not None:
            return _pass(self.name, "cut at the caller's own max_tokens")
        return _fail(self.name, "answer cut by the output limit")


class JsonCheck(_Heuristic):
    """Fails an answer that is not valid JSON when JSON was asked for."""

    name = "json"

    def check(self, request: ChatRequest, response: ChatResponse, task: str) -> Verdict:
        """Only applies when ``response_format`` asked for JSON."""
        if not request.wants_json() or response.choices[0].message.tool_calls:
            return skipped(self.name, "JSON not requested")
        text = response.text.strip()
        fenced = _FENCE.fullmatch(text)
        try:
            orjson.loads(fenced.group(2) if fenced else text)
        except orjson.JSONDecodeError as exc:
            return _fail(self.name, f"invalid JSON: {exc}")
        return _pass(self.name, "valid JSON")


class CodeCheck(_Heuristic):
    """Fails a code answer whose Python or JSON code blocks do not parse."""

    name = "code"

    def check(self, request: ChatRequest, response: ChatResponse, task: str) -> Verdict:
        """Only applies to the ``code`` task; other languages are not parsed (yet)."""
        if task != "code":
            return skipped(self.name, "not a code task")
        checked = 0
        for tag, body in _FENCE.findall(response.text):
            error = _parse_error(tag.lower(), body)
            if error is not None:
                return _fail(self.name, error)
            checked += tag.lower() in _PYTHON_TAGS or tag.lower() == "json"
        return _pass(self.name, f"{checked} code block(s) parse")


def _parse_error(tag: str, body: str) -> str | None:
    if tag in _PYTHON_TAGS:
        try:
            ast.parse(body)
        except SyntaxError as exc:
            return f"python block does not parse: {exc.msg} (line {exc.lineno})"
        except ValueError as exc:  # null bytes in the source
            return f"python block does not parse: {exc}"
    elif tag == "json":
        try:
            orjson.loads(body)
        except orjson.JSONDecodeError as exc:
            return f"json block does not parse: {exc}"
    return None
