"""Text helpers shared by the detectors: token estimates, scripts, bounded windows.

Everything here is linear in the length of the text and allocation-light, because it runs
on every request. It never looks at anything but the strings it is given.
"""

from __future__ import annotations

import re

_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_KANA = re.compile(r"[\u3040-\u30ff]")
_HANGUL = re.compile(r"[\uac00-\ud7af\u1100-\u11ff]")
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
_ARABIC = re.compile(r"[\u0600-\u06ff]")
_WIDE = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uac00-\ud7af]")
# Runs of the same characters: counting run lengths is cheaper than counting characters
# one match at a time when there are many (a CJK text).
_RUNS = {
    chars: re.compile(chars.pattern + "+")
    for chars in (_CJK, _KANA, _HANGUL, _CYRILLIC, _ARABIC, _WIDE)
}

HEAD_CHARS = 800
TAIL_CHARS = 400
_SCRIPT_SAMPLE = 600
_SAMPLE_CHARS = 4000


def estimate_tokens(text: str) -> int:
    """Rough token count: a CJK or Hangul character is about one token, ASCII about 1/4.

    Very long texts are estimated from their head and tail, scaled to the full length.
    """
    if len(text) > 2 * _SAMPLE_CHARS:
        sample = text[:_SAMPLE_CHARS] + text[-_SAMPLE_CHARS:]
        return int(estimate_tokens(sample) * len(text) / len(sample))
    if text.isascii():
        return int(len(text) / 4)
    wide = _count(_WIDE, text)
    ascii_chars = len(text.encode("ascii", "ignore"))  # the ASCII characters, kept
    other_non_ascii = len(text) - ascii_chars - wide
    return int(wide + other_non_ascii / 2.5 + ascii_chars / 4)


def _count(chars: re.Pattern[str], text: str) -> int:
    """How many characters of ``text`` the one-character pattern matches."""
    if chars.search(text) is None:
        return 0
    return sum(map(len, _RUNS[chars].findall(text)))


def script_of(text: str) -> str:
    """The dominant non-Latin script of a text as a language-ish tag, or "" for Latin."""
    sample = text[:_SCRIPT_SAMPLE]
    if sample.isascii():
        return ""
    counts = {
        "ja": _count(_KANA, sample) * 3,
        "zh": _count(_CJK, sample),
        "ko": _count(_HANGUL, sample),
        "ru": _count(_CYRILLIC, sample),
        "ar": _count(_ARABIC, sample),
    }
    tag, count = max(counts.items(), key=lambda item: item[1])
    if count < 2:
        return ""
    if tag == "zh" and counts["ja"] > 0:
        return "ja"
    return tag


def has_non_ascii(text: str) -> bool:
    """Whether the text holds any non-ASCII character."""
    return not text.isascii()


def window(text: str, head: int = HEAD_CHARS, tail: int = TAIL_CHARS) -> str:
    """The head and tail of a long text, where instructions sit; the whole of a short one."""
    if len(text) <= head + tail:
        return text
    return text[:head] + "\n…\n" + text[-tail:]


def format_tokens(tokens: int) -> str:
    """A token count for a human: 850, 12k."""
    if tokens >= 1000:
        return f"{tokens / 1000:.0f}k"
    return str(tokens)
