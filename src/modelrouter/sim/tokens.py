"""Token estimates for the simulator: about 4 characters per token for Latin script, one
token per CJK character, a few tokens of overhead per message.

Real tokenizers differ per vendor; these estimates only need to be plausible, stable and
cheap on long prompts. This module must never depend on a real tokenizer.
"""

from __future__ import annotations

import math
import re

from modelrouter.tokens import WIDE as _CJK_RE
from modelrouter.tokens import WIDE_CHARS as _CJK
from modelrouter.tokens import estimate_text

_PIECE_RE = re.compile(f"[{_CJK}][^\\S\\n]*|[^\\s{_CJK}]+\\s*|\\s+")

MESSAGE_OVERHEAD = 3
REPLY_PRIMING = 3
TOOL_CALL_OVERHEAD = 5


def pieces(text: str) -> list[str]:
    """``text`` split into stream deltas: a word with its trailing space, or one CJK
    character; joined again they give back ``text``."""
    return _PIECE_RE.findall(text)


def truncate(text: str, limit: int) -> str:
    """The longest run of whole pieces of ``text`` that fits in ``limit`` tokens."""
    if estimate_text(text) <= limit:
        return text
    kept: list[str] = []
    tally = TokenTally()
    for piece in pieces(text):
        if tally.add(piece) > limit:
            break
        kept.append(piece)
    return "".join(kept)


class TokenTally:
    """Tokens of a text that arrives in pieces, counted as ``estimate_text`` would count
    the whole."""

    def __init__(self) -> None:
        self._cjk = 0
        self._other = 0

    def add(self, piece: str) -> int:
        """Take ``piece`` into account; the tokens of everything added so far."""
        cjk = len(_CJK_RE.findall(piece))
        self._cjk += cjk
        self._other += len(piece) - cjk
        return self.tokens

    @property
    def tokens(self) -> int:
        """The tokens of everything added so far."""
        return self._cjk + math.ceil(self._other / 4)
