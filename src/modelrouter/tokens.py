"""Cheap token estimates, used to plan before a call (context windows, budgets, cost).

About four characters a token for Latin script, one token per CJK character, a few
tokens of overhead per message. Good to ~20% on ordinary text; never used for billing,
which reads the upstream's own counts.
"""

from __future__ import annotations

import re

from modelrouter.types import ChatRequest

WIDE_CHARS = "\u1100-\u11ff\u2e80-\u9fff\uac00-\ud7af\uf900-\ufaff\uff00-\uffef"
WIDE = re.compile(f"[{WIDE_CHARS}]")
# Runs of wide characters: summing run lengths allocates one string per run instead of
# one per character (a CJK document is mostly one long run per sentence).
_WIDE_RUNS = re.compile(f"[{WIDE_CHARS}]+")
PER_MESSAGE = 4


def estimate_text(text: str) -> int:
    """Estimated tokens in ``text``."""
    wide = sum(map(len, _WIDE_RUNS.findall(text))) if not text.isascii() else 0
    return wide + (len(text) - wide + 3) // 4


def estimate_request(request: ChatRequest) -> int:
    """Estimated prompt tokens of a whole request, tools included."""
    total = 0
    for message in request.messages:
        total += PER_MESSAGE + estimate_text(message.text())
        for call in message.tool_calls or ():
            total += estimate_text(call.function.name) + estimate_text(call.function.arguments)
    for tool in request.tools or ():
        total += estimate_text(tool.model_dump_json())
    return total
