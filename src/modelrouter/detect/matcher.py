"""Keyword evidence: each task's configured regexes, matched case-insensitively.

Keywords are compiled once, when a detector is built; an invalid one fails with the task
and index named. Python's ``re`` is slow to search long alternations (tens of microseconds
per keyword on a short prompt, more with IGNORECASE), so two things keep matching cheap:
a keyword runs only when one of its required literals (``detect.literals``) occurs in the
text, and it runs on the lowercased text as a lowercased pattern without IGNORECASE (a
pattern that cannot be lowercased safely falls back to IGNORECASE on the original text).
Nothing here knows any task by name.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from modelrouter.config.schema import TaskType
from modelrouter.detect.literals import required_literals, starts_anchored
from modelrouter.errors import ConfigError

# \b does not fire between a CJK character and a Latin letter (both are \w): "的python函数".
_CJK_LATIN_SEAM = re.compile(
    r"(?<=[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af])(?=[A-Za-z0-9])"
    r"|(?<=[A-Za-z0-9])(?=[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af])"
)
_VERBATIM_ESCAPE = re.compile(r"\\(?:N\{[^}]*\}|x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|.)")

_ANCHORED_CHARS = 60  # a "^..." keyword's literal must appear this close to the start
_PER_KEYWORD = 3  # distinct words one keyword can contribute
_FLAGS_OR_NAMES = re.compile(r"\(\?(?![:=!]|<[=!])")


@dataclass(frozen=True, slots=True)
class KeywordHits:
    """How many distinct words the keywords of one task matched, and one of them."""

    count: int
    sample: str


@dataclass(frozen=True, slots=True)
class _Keyword:
    task: str
    pattern: re.Pattern[str]
    lowered: bool  # True: run on lowercased text; False: IGNORECASE on the original


def separate_scripts(text: str) -> str:
    """Put a space between CJK/Hangul characters and Latin letters or digits, so \\b works."""
    return text if text.isascii() else _CJK_LATIN_SEAM.sub(" ", text)


def _compile(task: str, index: int, source: str) -> _Keyword:
    try:
        original = re.compile(source, re.IGNORECASE)
    except re.error as exc:
        raise ConfigError(
            f"tasks.{task}.keywords[{index}]: invalid regex {source!r}: {exc}"
        ) from None
    if _FLAGS_OR_NAMES.search(source):  # inline flags and group names keep their spelling
        return _Keyword(task, original, lowered=False)
    try:
        return _Keyword(task, re.compile(_lowercase_pattern(source)), lowered=True)
    except re.error:
        return _Keyword(task, original, lowered=False)


def _lowercase_pattern(source: str) -> str:
    """The pattern with its literal characters lowercased and its escapes left as written."""
    parts: list[str] = []
    position = 0
    for escape in _VERBATIM_ESCAPE.finditer(source):
        parts.append(source[position : escape.start()].lower())
        parts.append(escape.group())
        position = escape.end()
    parts.append(source[position:].lower())
    return "".join(parts)


class KeywordMatcher:
    """Counts, per task, the distinct configured keywords that match a text."""

    def __init__(self, tasks: Mapping[str, TaskType]) -> None:
        self._keywords: list[_Keyword] = []
        self._always: set[int] = set()
        self._trigrams: dict[str, list[tuple[str, int]]] = {}
        self._short: dict[str, list[tuple[str, int]]] = {}
        self._anchored: list[tuple[str, int]] = []
        for name, task in tasks.items():
            for i, source in enumerate(task.keywords):
                keyword = _compile(name, i, source)
                self._index(len(self._keywords), source)
                self._keywords.append(keyword)
        self._trigram_keys = frozenset(self._trigrams)
        self._short_keys = frozenset(self._short)

    def _index(self, key: int, source: str) -> None:
        literals = required_literals(source)
        if not literals:
            self._always.add(key)
            return
        if starts_anchored(source):
            self._anchored.extend((literal, key) for literal in literals)
            return
        for literal in literals:
            if len(literal) >= 3:
                self._trigrams.setdefault(literal[:3], []).append((literal, key))
            else:
                self._short.setdefault(literal[0], []).append((literal, key))

    def _candidates(self, lowered: str) -> set[int]:
        """Keywords one of whose required literals occurs in the text."""
        found = set(self._always)
        grams = {lowered[i : i + 3] for i in range(len(lowered) - 2)}
        for gram in grams & self._trigram_keys:
            for literal, key in self._trigrams[gram]:
                if key not in found and literal in lowered:
                    found.add(key)
        for char in set(lowered) & self._short_keys:
            for literal, key in self._short[char]:
                if key not in found and literal in lowered:
                    found.add(key)
        start = lowered[:_ANCHORED_CHARS]
        found.update(key for literal, key in self._anchored if literal in start)
        return found

    def hits(self, text: str) -> dict[str, KeywordHits]:
        """Per task: distinct matched words (at most three per keyword) and the first one."""
        text = separate_scripts(text)
        lowered = text.lower()
        words: dict[str, set[str]] = {}
        samples: dict[str, str] = {}
        for key in sorted(self._candidates(lowered)):
            keyword = self._keywords[key]
            found: set[str] = set()
            for match in keyword.pattern.finditer(lowered if keyword.lowered else text):
                found.add(match.group().strip().lower())
                if len(found) == _PER_KEYWORD:
                    break
            if found:
                words.setdefault(keyword.task, set()).update(found)
                samples.setdefault(keyword.task, min(found, key=len))
        return {task: KeywordHits(len(found), samples[task]) for task, found in words.items()}
