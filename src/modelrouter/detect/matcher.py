"""Keyword evidence: each task's configured regexes, matched case-insensitively by RE2.

Keywords are compiled by ``detect.linear`` (Python's syntax, RE2's linear-time engine);
one that RE2 cannot run fails with the task and index named. Per text, one pass of an
``re2.Set`` over the UTF-8 bytes says which keywords match anywhere; only those are
searched again, a few times each, for their distinct words. All of it is linear in the
text: the set is one DFA pass, and each keyword is searched at most ``_SEARCHES`` times.

The compiled keywords are shared by every matcher of one configuration in the process
and warmed when first built (see ``_compile``). Tried and rejected: RE2's FilteredRE2
(``re2.Filter``: a set of the keywords' literal atoms, then a full match of the keywords
whose atoms were found). It is cheaper on a worker's first few thousand prompts, when
the set's lazily built DFA is still growing, but ten keywords have no usable atom and
are matched one by one on every text; over 25,000 distinct prompts the set was faster
(docs/benchmarks.md, "Keywords: warmed, shared").

Nothing here knows any task by name.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping
from dataclasses import dataclass

import re2

from modelrouter.config.schema import TaskType
from modelrouter.detect.linear import compile_keyword, options, samples

# \b does not fire between a CJK character and a Latin letter (both are letters):
# "的python函数". Single-character lookarounds: constant work per position.
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
_PER_KEYWORD = 3  # distinct words one keyword can contribute
_SEARCHES = 8  # searches per matching keyword, to find those words


@dataclass(frozen=True, slots=True)
class KeywordHits:
    """How many distinct words the keywords of one task matched, and one of them."""

    count: int
    sample: str


def separate_scripts(text: str) -> str:
    """Put a space between CJK/Hangul characters and Latin letters or digits, so \\b works."""
    if text.isascii() or _ANY_SEAM.search(text) is None:
        return text
    return _CJK_LATIN_SEAM.sub(" ", text)


class KeywordMatcher:
    """Counts, per task, the distinct configured keywords that match a text."""

    def __init__(self, tasks: Mapping[str, TaskType]) -> None:
        keywords = tuple(
            (name, index, source)
            for name, task in tasks.items()
            for index, source in enumerate(task.keywords)
        )
        compiled = _compile(keywords)
        self._set, self._patterns, self._tasks = compiled

    def hits(self, text: str) -> dict[str, KeywordHits]:
        """Per task: distinct matched words (at most three per keyword) and the first one."""
        if not self._patterns:
            return {}
        data = separate_scripts(text).encode()
        words: dict[str, set[str]] = {}
        samples: dict[str, str] = {}
        for key in sorted(self._set.Match(data) or ()):
            found = _words(self._patterns[key], data)
            if found:
                task = self._tasks[key]
                words.setdefault(task, set()).update(found)
                samples.setdefault(task, min(found, key=len))
        return {task: KeywordHits(len(found), samples[task]) for task, found in words.items()}


@functools.lru_cache(maxsize=16)
def _compile(
    keywords: tuple[tuple[str, int, str], ...],
) -> tuple[re2.Set, tuple[re2._Regexp, ...], tuple[str, ...]]:
    """The keyword set, the compiled keywords and their tasks, shared by every matcher of one
    configuration in the process (compiling ~90 Unicode keywords takes ~0.7 s; RE2
    objects are safe to use from several threads).

    Each keyword is warmed by one search on a text it matches: RE2 compiles the reverse
    program that finds where a match starts at the first search that matches (5-35 ms
    for a pattern with Unicode classes), which a request would otherwise pay.
    """
    found = re2.Set.SearchSet(options())
    patterns = tuple(
        compile_keyword(source, f"tasks.{name}.keywords[{index}]")  # or fail naming it
        for name, index, source in keywords
    )
    for pattern in patterns:
        found.Add(pattern.pattern)  # the RE2 spelling, translated once
    if patterns:
        found.Compile()
    for pattern, (_, _, source) in zip(patterns, keywords, strict=True):
        any(pattern.search(text.encode()) for text in samples(source))
    return found, patterns, tuple(name for name, _, _ in keywords)


def _words(pattern: re2._Regexp, data: bytes) -> set[str]:
    """The first distinct words (at most three) the keyword matches, in text order.

    A match may include the character before and after its word (``\\b`` consumes it), so
    the next search starts where the word ended, letting that character serve again.
    """
    found: set[str] = set()
    position = 0
    for _ in range(_SEARCHES):
        match = pattern.search(data, position)
        if match is None:
            break
        branch = next(g for g in range(1, match.re.groups + 1) if match.start(g) >= 0)
        found.add(match.group(branch).decode().strip().lower())
        if len(found) == _PER_KEYWORD:
            break
        end = match.end(branch)
        position = end if end > match.start() else _next_char(data, match.start())
    return found


def _next_char(data: bytes, position: int) -> int:
    """The byte offset of the UTF-8 character after the one at ``position``."""
    position += 1
    while position < len(data) and 0x80 <= data[position] < 0xC0:
        position += 1
    return position
