"""What the simulated model answers: a tool call, JSON, or text shaped by the request.

The simulator reads its own small cues from the request; it must never import the
router's detectors (``modelrouter.detect``), or a router tested against it would only
be checking itself. Everything here is a pure function of the ``Ask``: the same request
always gets the same reply, tool call ids included.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable

import orjson

from modelrouter.sim import writers
from modelrouter.sim.model import Ask, Reply, ToolSpec, ToolUse
from modelrouter.sim.schema_fill import fill
from modelrouter.sim.translate import translate

REFUSAL = "I'm sorry, but I can't help with that."
LONG_DOCUMENT_TOKENS = 1500

_CUES: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (name, re.compile(pattern, re.IGNORECASE))
    for name, pattern in (
        ("translation", r"\btranslat|翻译|翻譯|\btraduc|übersetz"),
        ("creative", r"\b(poem|haiku|limerick|sonnet|verse|story|tale|lyrics|song)\b|诗|故事"),
        (
            "code",
            r"```|\b(def|function|code|python|javascript|typescript|sql|bash|script|regex"
            r"|implement\w*|refactor\w*|debug\w*|compile\w*)\b|代码|函数|编程",
        ),
        ("json", r"\bjson\b"),
        ("summary", r"\b(summar\w*|tl;?dr|key points|main points)\b|总结|摘要|概括"),
        ("table", r"\b(table|csv|spreadsheet|columns?)\b|表格"),
        (
            "math",
            r"\b(calculate|compute|solve|prove|equation|how many|how much|step by step"
            r"|derivative|integral|probability|percent\w*)\b|\d\s*[-+*/×÷^]\s*\d|计算|证明|多少",
        ),
    )
)


def compose(ask: Ask) -> Reply:
    """The reply to ``ask``, before output limits are applied."""
    digest = _digest(ask)
    if ask.tool_result is not None:
        return Reply(text=writers.tool_result(ask.tool_result))
    tool = choose_tool(ask)
    if tool is not None:
        return Reply(tool_calls=(_tool_call(tool, ask, digest),))
    if ask.json_mode:
        return Reply(text=_json_text(ask, digest))
    return Reply(text=_text(ask, digest))


def weak(ask: Ask) -> Reply:
    """A weak answer (the ``weak`` fault): well formed, confidently wrong working."""
    return Reply(text=writers.weak(ask.last_user_text()))


def kind_of(ask: Ask) -> str:
    """The kind of text answer the request gets: a cue name, "summary" or "chat"."""
    prompt = ask.last_user_text()
    found = next((name for name, cue in _CUES if cue.search(prompt)), None)
    if found:
        return found
    return "summary" if ask.prompt_tokens >= LONG_DOCUMENT_TOKENS else "chat"


def choose_tool(ask: Ask) -> ToolSpec | None:
    """The tool the model calls, or None when it answers in text."""
    if not ask.tools or ask.tool_mode == "none":
        return None
    if ask.forced_tool is not None:
        return next((t for t in ask.tools if t.name == ask.forced_tool), None)
    prompt = ask.last_user_text()
    tokens = set(re.findall(r"[\w-]+", prompt))
    named = next((t for t in ask.tools if t.name in tokens), None)
    if named is not None:  # "use get_weather for ...": the tool the prompt names
        return named
    words = set(re.findall(r"[a-z]{3,}", prompt.lower()))

    def overlap(tool: ToolSpec) -> int:
        described = f"{tool.name.replace('_', ' ')} {tool.description}".lower()
        return len(words & set(re.findall(r"[a-z]{3,}", described)))

    return max(ask.tools, key=overlap)  # the first tool wins ties


def _tool_call(tool: ToolSpec, ask: Ask, digest: int) -> ToolUse:
    arguments = fill(tool.schema or {"type": "object"}, ask.last_user_text())
    if not isinstance(arguments, dict):
        arguments = {}
    return ToolUse(id=f"{digest:064x}"[:24], name=tool.name, arguments=_dumps(arguments))


def _json_text(ask: Ask, digest: int) -> str:
    prompt = ask.last_user_text()
    if ask.json_schema:
        value = fill(ask.json_schema, prompt)
        if isinstance(value, dict):
            return _dumps(value)
    answer = writers.chat(prompt, digest)
    return _dumps({"answer": answer, "topic": writers.topic(prompt), "confidence": 0.9})


def _text(ask: Ask, digest: int) -> str:
    prompt = ask.last_user_text()
    kind = kind_of(ask)
    if kind == "summary":
        document = max((text for _, text in ask.turns), key=len)
        return writers.summary(document, prompt)
    if kind == "json":
        return _json_text(ask, digest)
    write: Callable[[str, int], str] = {
        "translation": lambda p, _: translate(p),
        "creative": writers.creative,
        "code": writers.code,
        "table": lambda p, _: writers.table(p),
        "math": writers.math,
    }.get(kind, writers.chat)
    return write(prompt, digest)


def _digest(ask: Ask) -> int:
    material = orjson.dumps([ask.turns, [t.name for t in ask.tools], ask.json_mode])
    return int.from_bytes(hashlib.sha256(material).digest(), "big")


def _dumps(value: object) -> str:
    return orjson.dumps(value).decode()
