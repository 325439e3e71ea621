"""Keyword evidence: each task's configured regexes, matched case-insensitively.

Keywords are compiled once, when a detector is built; an invalid one fails with the task
and index named. Python's ``re`` is slow to search long alternations (tens of microseconds
per keyword on a short prompt, more with IGNORECASE), so three things keep matching cheap:

- a keyword runs only when one of its required literals (``detect.literals``) occurs in
  the text. Most literals start a word, so they are looked up among the text's distinct
  words (whole words, or 2-3 character word prefixes) instead of searched for one by one;
  the rest are searched for directly (a few dozen ASCII ones) or only when their first
  non-ASCII character occurs;
- the literal analysis says how far into a match each literal sits: when that is known
  within a few characters, ``match`` is tried only where an occurrence puts a start;
  otherwise the search starts where the first occurrence allows, not at the text's start;
- it runs on the lowercased text as a lowercased pattern without IGNORECASE (a pattern
  that cannot be lowercased safely falls back to IGNORECASE on the original text).

Nothing here knows any task by name.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from itertools import compress
from operator import itemgetter

from modelrouter.config.schema import TaskType
from modelrouter.detect.index import UNBOUNDED, Entry, LiteralIndex
from modelrouter.detect.literals import literal_plan, starts_anchored
from modelrouter.errors import ConfigError

# \b does not fire between a CJK character and a Latin letter (both are \w): "的python函数".
_WIDE_CHARS = r"\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af"
_CJK_LATIN_SEAM = re.compile(
    rf"(?<=[{_WIDE_CHARS}])(?=[A-Za-z0-9])|(?<=[A-Za-z0-9])(?=[{_WIDE_CHARS}])"
)
# The same seams found from the character before them: a charset first lets ``re`` skip
# to candidates, so this is a cheap test for whether there is any seam at all.
_ANY_SEAM = re.compile(
    rf"[{_WIDE_CHARS}A-Za-z0-9](?:(?<=[{_WIDE_CHARS}])(?=[A-Za-z0-9])"
    rf"|(?<=[A-Za-z0-9])(?=[{_WIDE_CHARS}]))"
)
_VERBATIM_ESCAPE = re.compile(r"\\(?:N\{[^}]*\}|x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|.)")

_ANCHORED_CHARS = 60  # a "^..." keyword's literal must appear this close to the start
_PER_KEYWORD = 3  # distinct words one keyword can contribute
_FLAGS_OR_NAMES = re.compile(r"\(\?(?![:=!]|<[=!])")

_MOST = itemgetter(2)


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
    source: str  # the pattern as compiled (lowercased when ``lowered``)


def separate_scripts(text: str) -> str:
    """Put a space between CJK/Hangul characters and Latin letters or digits, so \\b works."""
    if text.isascii() or _ANY_SEAM.search(text) is None:
        return text
    return _CJK_LATIN_SEAM.sub(" ", text)


def _compile(task: str, index: int, source: str) -> _Keyword:
    try:
        original = re.compile(source, re.IGNORECASE)
    except re.error as exc:
        raise ConfigError(
            f"tasks.{task}.keywords[{index}]: invalid regex {source!r}: {exc}"
        ) from None
    if _FLAGS_OR_NAMES.search(source):  # inline flags and group names keep their spelling
        return _Keyword(task, original, lowered=False, source=source)
    lowered = _lowercase_pattern(source)
    try:
        return _Keyword(task, re.compile(lowered), lowered=True, source=lowered)
    except re.error:
        return _Keyword(task, original, lowered=False, source=source)


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
        self._always: list[int] = []
        anchored: list[tuple[str, int]] = []
        self._index = LiteralIndex()
        for name, task in tasks.items():
            for i, source in enumerate(task.keywords):
                keyword = _compile(name, i, source)
                anchored += self._add(len(self._keywords), keyword)
                self._keywords.append(keyword)
        self._index.freeze()
        self._anchored_texts = tuple(text for text, _ in anchored)
        self._anchored_keys = tuple(key for _, key in anchored)

    def _add(self, key: int, keyword: _Keyword) -> list[tuple[str, int]]:
        """File the keyword's literals; return those of a "^..." keyword instead."""
        literals = literal_plan(keyword.source)
        if not literals:
            self._always.append(key)
        elif starts_anchored(keyword.source):
            return [(literal.text, key) for literal in literals]
        else:
            for literal in literals:
                self._index.add(literal, key, by_word=keyword.lowered)
        return []

    def _candidates(self, lowered: str) -> dict[int, list[Entry]]:
        """Keywords one of whose literals occurs in the text, with the literals that do."""
        present: dict[int, list[Entry]] = {key: [] for key in self._always}
        for entry in self._index.present(lowered):
            present.setdefault(entry[3], []).append(entry)
        head = lowered[:_ANCHORED_CHARS]
        for key in compress(self._anchored_keys, map(head.__contains__, self._anchored_texts)):
            present[key] = []
        return present

    def hits(self, text: str) -> dict[str, KeywordHits]:
        """Per task: distinct matched words (at most three per keyword) and the first one."""
        text = separate_scripts(text)
        lowered = text.lower()
        words: dict[str, set[str]] = {}
        samples: dict[str, str] = {}
        present = self._candidates(lowered)
        for key in sorted(present):
            keyword = self._keywords[key]
            found = _matched(keyword, text, lowered, present[key])
            if found:
                words.setdefault(keyword.task, set()).update(found)
                samples.setdefault(keyword.task, min(found, key=len))
        return {task: KeywordHits(len(found), samples[task]) for task, found in words.items()}


def _matched(keyword: _Keyword, text: str, lowered: str, present: list[Entry]) -> set[str]:
    """The first distinct words (at most three) of the keyword's matches, as ``finditer``
    finds them, found from its literals.

    Every match holds one of the present literals at a known distance from its start. When
    that distance is known within a few characters, ``match`` is tried only where an
    occurrence puts a start; otherwise the search starts where the first occurrence allows.
    """
    found: set[str] = set()
    if keyword.lowered and present and max(map(_MOST, present)) < UNBOUNDED:
        pattern, end = keyword.pattern, 0
        for start in _starts(lowered, present):
            if start >= end and (match := pattern.match(lowered, start)) is not None:
                found.add(match.group().strip().lower())
                if len(found) == _PER_KEYWORD:
                    break
                end = match.end()
        return found
    if not keyword.lowered:
        matches = keyword.pattern.finditer(text)
    else:
        first = min((max(0, lowered.find(e[0]) - e[2]) for e in present), default=0)
        matches = keyword.pattern.finditer(lowered, first)
    for match in matches:
        found.add(match.group().strip().lower())
        if len(found) == _PER_KEYWORD:
            break
    return found


def _starts(lowered: str, present: list[Entry]) -> list[int]:
    """Every position where a match holding one of the literals would start, in order."""
    starts: list[int] = []
    for literal, least, most, _ in present:
        at = lowered.find(literal)
        while at >= 0:
            starts.extend(range(max(0, at - most), at - least + 1))
            at = lowered.find(literal, at + 1)
    return sorted(set(starts)) if len(starts) > 1 else starts
