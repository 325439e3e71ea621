"""Required literals of a regular expression, for a cheap prefilter before running it.

``required_literals(source)`` returns lowercase strings such that every match of the
pattern contains at least one of them, or None when no such set can be found. Python's
``re`` is slow to search case-insensitively for long alternations (tens of microseconds per
keyword on a short prompt), so the keyword matcher runs a pattern only when one of its
literals occurs in the text. The analysis is conservative: anything it does not understand
(classes, backreferences, optional parts) contributes no literal, never a wrong one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_QUANTIFIER = re.compile(r"\?|\*|\+|\{(\d*)(?:,(\d*))?\}")
_ZERO_WIDTH_ESCAPES = frozenset("bBAZ")
_CLASS_ESCAPES = frozenset("wWsSdD0123456789")
_COMMON_WORDS = frozenset(
    {"a", "an", "the", "this", "these", "that", "and", "or", "for", "with", "you", "to", "of"}
    | {"in", "on", "is", "are", "how", "what", "who", "where", "when", "which"}
)
_HEX_DIGITS = {"x": 2, "u": 4, "U": 8}
_GLOBAL_FLAGS = re.compile(r"\?[aiLmsux]+\)")
_GROUP_HEAD = re.compile(r"\?P<\w+>|\?[aiLmsux-]+:")


@dataclass(frozen=True, slots=True)
class _Item:
    kind: str  # "literal", "group", "zero", "other"
    char: str = ""
    alternatives: tuple[tuple[_Quantified, ...], ...] = ()


@dataclass(frozen=True, slots=True)
class _Quantified:
    item: _Item
    least: int
    most: int | None


class _Unsupported(Exception):
    """The pattern uses syntax the analysis does not follow; no prefilter for it."""


class _Parser:
    def __init__(self, source: str) -> None:
        self.source = source
        self.pos = 0

    def alternation(self) -> tuple[tuple[_Quantified, ...], ...]:
        branches = [self.sequence()]
        while self.pos < len(self.source) and self.source[self.pos] == "|":
            self.pos += 1
            branches.append(self.sequence())
        return tuple(branches)

    def sequence(self) -> tuple[_Quantified, ...]:
        items: list[_Quantified] = []
        while self.pos < len(self.source) and self.source[self.pos] not in "|)":
            item = self.atom()
            least, most = self.quantifier()
            items.append(_Quantified(item, least, most))
        return tuple(items)

    def atom(self) -> _Item:
        char = self.source[self.pos]
        self.pos += 1
        if char == "(":
            return self.group()
        if char == "[":
            self.skip_class()
            return _Item("other")
        if char == "\\":
            return self.escape()
        if char in "^$":
            return _Item("zero", char)
        if char == ".":
            return _Item("other")
        return _Item("literal", char.lower())

    def escape(self) -> _Item:
        if self.pos >= len(self.source):
            raise _Unsupported
        char = self.source[self.pos]
        self.pos += 1
        if char in _ZERO_WIDTH_ESCAPES:
            return _Item("zero")
        if char in _HEX_DIGITS:
            self.pos += _HEX_DIGITS[char]
            return _Item("other")
        if char == "N":
            self.pos = self.source.index("}", self.pos) + 1
            return _Item("other")
        if char in _CLASS_ESCAPES:
            return _Item("other")
        return _Item("literal", {"n": "\n", "t": "\t", "r": "\r"}.get(char, char).lower())

    def group(self) -> _Item:
        rest = self.source[self.pos :]
        zero_width = False
        if rest.startswith(("?=", "?!")):
            self.pos += 2
            zero_width = True
        elif rest.startswith(("?<=", "?<!")):
            self.pos += 3
            zero_width = True
        elif rest.startswith("?:"):
            self.pos += 2
        elif flags := _GLOBAL_FLAGS.match(rest):
            self.pos += flags.end()
            return _Item("zero")
        elif named := _GROUP_HEAD.match(rest):
            self.pos += named.end()
        elif rest.startswith("?"):
            raise _Unsupported
        alternatives = self.alternation()
        if self.pos >= len(self.source) or self.source[self.pos] != ")":
            raise _Unsupported
        self.pos += 1
        return _Item("zero") if zero_width else _Item("group", alternatives=alternatives)

    def skip_class(self) -> None:
        if self.source.startswith("^", self.pos):
            self.pos += 1
        if self.source.startswith("]", self.pos):
            self.pos += 1
        while self.pos < len(self.source) and self.source[self.pos] != "]":
            self.pos += 2 if self.source[self.pos] == "\\" else 1
        if self.pos >= len(self.source):
            raise _Unsupported
        self.pos += 1

    def quantifier(self) -> tuple[int, int | None]:
        match = _QUANTIFIER.match(self.source, self.pos)
        if not match:
            return 1, 1
        self.pos = match.end()
        if self.source.startswith(("?", "+"), self.pos):
            self.pos += 1
        text = match.group()
        if text == "?":
            return 0, 1
        if text == "*":
            return 0, None
        if text == "+":
            return 1, None
        least = int(match.group(1) or 0)
        if match.group(2) is None and "," not in text:
            return least, least
        return least, int(match.group(2)) if match.group(2) else None


def _literals(sequence: tuple[_Quantified, ...]) -> list[str] | None:
    """Strings one of which every match of the sequence contains (best candidate set)."""
    candidates: list[list[str]] = []
    run = ""
    for part in sequence:
        item = part.item
        if item.kind == "zero":
            continue
        if item.kind == "literal" and part.least >= 1:
            run += item.char
            if part.most == 1:
                continue
        if run:
            candidates.append([run])
            run = ""
        if item.kind == "group" and part.least >= 1:
            union: list[str] = []
            for branch in item.alternatives:
                found = _literals(branch)
                if found is None:
                    break
                union.extend(found)
            else:
                candidates.append(sorted(set(union)))
    if run:
        candidates.append([run])
    if not candidates:
        return None
    return max(candidates, key=_selectivity)


def _selectivity(candidate: list[str]) -> tuple[bool, int, int]:
    """Prefer literal sets without function words, then longer literals, then fewer."""
    common = any(s.strip() in _COMMON_WORDS for s in candidate)
    return (not common, min(len(s) for s in candidate), -len(candidate))


def required_literals(source: str) -> list[str] | None:
    """Lowercase strings one of which occurs in every match of ``source``, or None."""
    try:
        parser = _Parser(source)
        branches = parser.alternation()
        if parser.pos != len(source):
            return None
    except (_Unsupported, ValueError):
        return None
    union: list[str] = []
    for branch in branches:
        found = _literals(branch)
        if found is None:
            return None
        union.extend(found)
    return sorted(set(union))


def starts_anchored(source: str) -> bool:
    """Whether every branch of ``source`` must match at the start of the text (``^...``)."""
    try:
        parser = _Parser(source)
        branches = parser.alternation()
    except (_Unsupported, ValueError):
        return False
    return parser.pos == len(source) and all(
        branch and branch[0].item.kind == "zero" and branch[0].item.char == "^"
        for branch in branches
    )
