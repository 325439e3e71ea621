"""User-written patterns in linear time: Python's regex syntax, run by RE2.

Keywords are regular expressions that users write in YAML; Python's ``re`` backtracks,
so one unlucky pattern and one crafted prompt can take minutes (exponential time) and
freeze the event loop. RE2 (``google-re2``) matches in time linear in the input, always.
This module rewrites the Python spelling into RE2's with Python's Unicode meaning:

- ``\\w \\d \\s`` and their negations mean what they mean in Python (RE2's are ASCII):
  letters, digits and ``_`` of any script; decimal digits; Unicode white space.
- ``\\b`` is allowed at the start and at the end of the pattern or of one of its
  top-level alternatives (``\\b(?:a|b)\\b|c``), where it means "not preceded (followed)
  by a letter, digit or underscore". RE2's ``\\b`` is ASCII-only and RE2 has no
  lookaround, so the boundary consumes the character beside the word; each alternative's
  word is captured by a group of its own, which is what a match reports. ``\\b``
  elsewhere, ``\\B``, lookarounds and backreferences are refused with the field named.
- Capturing groups become non-capturing (a keyword's groups are never read).

Nothing here runs Python's ``re`` on a text; ``re`` only reads the pattern's spelling.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from re import _constants as _sre  # type: ignore[attr-defined]
from re import _parser  # type: ignore[attr-defined]
from typing import Any

import re2

from modelrouter.errors import ConfigError

WORD = r"\p{L}\p{M}\p{N}_"
_SPACE = (  # what str.isspace() accepts
    r"\t-\r\x{1c}-\x{20}\x{85}\x{a0}\x{1680}\x{2000}-\x{200a}"
    r"\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}"
)
_IN_CLASS = {"w": WORD, "d": r"\p{Nd}", "s": _SPACE}
_OUTSIDE = {
    "w": f"[{WORD}]",
    "W": f"[^{WORD}]",
    "d": r"\p{Nd}",
    "D": r"\P{Nd}",
    "s": f"[{_SPACE}]",
    "S": f"[^{_SPACE}]",
    "Z": r"\z",
}
_QUANTIFIER = re.compile(r"\{\d*(?:,\d*)?\}")  # the comma parts the two digit runs
LEAD = f"(?:^|[^{WORD}])"
TRAIL = f"(?:[^{WORD}]|$)"
_CATEGORY = {
    _sre.CATEGORY_DIGIT: "0",
    _sre.CATEGORY_NOT_DIGIT: "a",
    _sre.CATEGORY_SPACE: " ",
    _sre.CATEGORY_NOT_SPACE: "a",
    _sre.CATEGORY_WORD: "a",
    _sre.CATEGORY_NOT_WORD: " ",
}
_MAX_MEMORY = 64 << 20  # RE2's DFA cache; the default 8 MB is small for Unicode classes


class PatternError(ValueError):
    """The pattern cannot run in linear time as written; the message says why."""


@dataclass(frozen=True, slots=True)
class Translated:
    """A pattern in RE2's spelling; each top-level alternative captures its word."""

    source: str
    branches: int


def options() -> re2.Options:
    """RE2 options for keywords: UTF-8, case-insensitive, a larger DFA cache."""
    opts = re2.Options()
    opts.case_sensitive = False
    opts.max_mem = _MAX_MEMORY
    return opts


def compile_keyword(source: str, field: str) -> re2._Regexp:
    """Compile a user's keyword for RE2, or fail naming ``field``."""
    try:
        translated = translate(source)
        return re2.compile(translated.source, options())
    except (PatternError, re2.error) as exc:
        raise ConfigError(
            f"{field}: {source!r} cannot run in linear time (RE2): {exc}. Keywords use "
            "Python's syntax without lookaround, backreferences, or \\b inside a pattern"
        ) from None


def translate(source: str) -> Translated:
    """The RE2 spelling of a Python pattern (see the module docstring)."""
    branches = [_branch(text) for text in _split_top(source)]
    return Translated("|".join(branches), len(branches))


def _branch(text: str) -> str:
    lead = text.startswith("\\b")
    body = text[2:] if lead else text
    trail = body.endswith("\\b") and not _escaped_at(body, len(body) - 2)
    body = body[:-2] if trail else body
    return f"{LEAD if lead else ''}({_body(body)}){TRAIL if trail else ''}"


def _escaped_at(text: str, index: int) -> bool:
    """Whether the backslash at ``index`` is itself escaped by an odd run before it."""
    run = 0
    while index - run - 1 >= 0 and text[index - run - 1] == "\\":
        run += 1
    return run % 2 == 1


def _split_top(source: str) -> list[str]:
    """The top-level alternatives of a pattern."""
    parts: list[str] = []
    depth, start = 0, 0
    for index, token in _tokens(source):
        if token == "(" or (token.startswith("(?") and not token.endswith(")")):
            depth += 1
        elif token == ")":
            depth -= 1
        elif token == "|" and depth == 0:
            parts.append(source[start:index])
            start = index + 1
    parts.append(source[start:])
    return parts


def _tokens(source: str) -> Iterator[tuple[int, str]]:
    """(position, token): escapes, whole classes, group openings, single characters."""
    index = 0
    while index < len(source):
        char = source[index]
        if char == "\\":
            token = source[index : index + 2]
        elif char == "[":
            token = source[index : _class_end(source, index)]
        elif char == "{" and (quantifier := _QUANTIFIER.match(source, index)):
            token = quantifier.group()
        elif char == "(" and source.startswith("(?", index):
            token = "(?" + _group_head(source, index + 2)
        else:
            token = char
        yield index, token
        index += len(token)


def _class_end(source: str, start: int) -> int:
    index = start + 1
    if source.startswith("^", index):
        index += 1
    if source.startswith("]", index):
        index += 1
    while index < len(source) and source[index] != "]":
        index += 2 if source[index] == "\\" else 1
    if index >= len(source):
        raise PatternError("unterminated character class")
    return index + 1


def _group_head(source: str, index: int) -> str:
    """What follows ``(?`` up to the group's body: ``:``, ``P<name>``, ``=``, flags..."""
    if source.startswith("P<", index):
        return source[index : source.index(">", index) + 1]
    end = index
    while end < len(source) and source[end] not in ":)=!<":
        end += 1
    if source.startswith(("<=", "<!"), end):
        end += 1
    return source[index : end + 1]


def _body(text: str) -> str:
    out: list[str] = []
    for _, token in _tokens(text):
        out.append(_rewrite(token))
    return "".join(out)


def _rewrite(token: str) -> str:
    if token.startswith("\\") and len(token) == 2:
        return _escape(token[1])
    if token.startswith("["):
        return _class(token)
    if token == "(" or token.startswith("(?P<"):
        return "(?:"
    if token.startswith("(?") and token[2:3] in ("=", "!", "<"):
        raise PatternError("lookaround is not supported")
    if token.startswith("(?") and token[-1] == ")" and "x" in token:
        raise PatternError("verbose mode (?x) is not supported")
    if token.startswith("{,"):
        return "{0," + token[2:]
    return token


def _escape(char: str) -> str:
    if char in "bB":
        raise PatternError(f"\\{char} is supported only at the start or end of an alternative")
    if char.isdigit():
        raise PatternError("backreferences are not supported")
    return _OUTSIDE.get(char, "\\" + char)


def _class(token: str) -> str:
    out: list[str] = []
    index = 0
    while index < len(token):
        char = token[index]
        if char == "\\" and index + 1 < len(token):
            escaped = token[index + 1]
            if escaped in "WDS":
                raise PatternError(f"\\{escaped} inside [...] is not supported")
            out.append(_IN_CLASS.get(escaped, "\\" + escaped))
            index += 2
            continue
        out.append(char)
        index += 1
    return "".join(out)


def samples(source: str) -> tuple[str, ...]:
    """Short texts of which one the keyword ``source`` (Python's syntax) matches.

    Used to warm a compiled keyword: RE2 compiles the reverse program that finds where a
    match starts at the first search that matches, which takes 5-35 ms for a pattern
    with Unicode classes; paid at start-up instead of by a request. Each repeat is taken
    its minimum number of times, each alternative is its first one; the text comes
    padded with spaces (an edge ``\\b`` needs them) and bare (``^`` and ``$`` refuse them).
    """
    try:
        core = _walk(_parser.parse(source, re.IGNORECASE))
    except re.error:
        return ()
    return (f" {core} ", core, f"{core} ", f" {core}")


def _walk(items: Any) -> str:
    out = []
    for op, value in items:
        if op is _sre.LITERAL:
            out.append(chr(value))
        elif op is _sre.NOT_LITERAL or op is _sre.ANY:
            out.append("a" if value != ord("a") else "b")
        elif op is _sre.IN:
            out.append(_member(value))
        elif op is _sre.CATEGORY:
            out.append(_CATEGORY.get(value, "a"))
        elif op in (_sre.MAX_REPEAT, _sre.MIN_REPEAT, _sre.POSSESSIVE_REPEAT):
            low, _, sub = value
            out.append(_walk(sub) * low)
        elif op is _sre.SUBPATTERN:
            out.append(_walk(value[-1]))
        elif op is _sre.ATOMIC_GROUP:
            out.append(_walk(value))
        elif op is _sre.BRANCH:
            out.append(_walk(value[1][0]))
    return "".join(out)


def _member(items: Any) -> str:
    """One character of a ``[...]`` class (a negated class: a letter or a space)."""
    if items and items[0][0] is _sre.NEGATE:
        return " " if not any(v == _sre.CATEGORY_SPACE for _, v in items) else "a"
    op, value = items[0]
    if op is _sre.LITERAL:
        return chr(value)
    if op is _sre.RANGE:
        return chr(value[0])
    return _CATEGORY.get(value, "a")
