"""A small parser for the regular expressions of keyword lexicons.

It reads the subset of Python's syntax that lexicons use (literals, escapes, classes,
groups, alternation, quantifiers, anchors, lookarounds) into items with their widths, for
``detect.literals``. Anything it does not follow raises ``Unsupported``; the caller then
gives up on prefiltering that pattern, never guesses.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_QUANTIFIER = re.compile(r"\?|\*|\+|\{(\d*)(?:,(\d*))?\}")
_CLASS_ESCAPES = frozenset("wWsSdD")
_HEX_DIGITS = {"x": 2, "u": 4, "U": 8}
_GLOBAL_FLAGS = re.compile(r"\?[aiLmsux]+\)")
_GROUP_HEAD = re.compile(r"\?P<\w+>|\?[aiLmsux-]+:")
_BOUNDARIES = frozenset("b^A")  # zero-width items after which a word character starts a word
_ENDS = frozenset("b$Z")  # zero-width items before which a word character ends a word


def is_word_char(char: str) -> bool:
    """Whether ``re`` counts the character as \\w."""
    return char.isalnum() or char == "_"


@dataclass(frozen=True, slots=True)
class Item:
    kind: str  # "literal", "group", "zero", "other"
    char: str = ""
    alternatives: tuple[tuple[Quantified, ...], ...] = ()
    least: int = 1  # width of one repetition
    most: int | None = 1
    nonword_end: bool = False  # when it consumes anything, its last character is not \\w
    nonword_start: bool = False  # when it consumes anything, its first character is not \\w


@dataclass(frozen=True, slots=True)
class Quantified:
    item: Item
    least: int
    most: int | None


class Unsupported(Exception):
    """The pattern uses syntax the analysis does not follow; no prefilter for it."""


class Parser:
    def __init__(self, source: str) -> None:
        self.source = source
        self.pos = 0

    def alternation(self) -> tuple[tuple[Quantified, ...], ...]:
        branches = [self.sequence()]
        while self.pos < len(self.source) and self.source[self.pos] == "|":
            self.pos += 1
            branches.append(self.sequence())
        return tuple(branches)

    def sequence(self) -> tuple[Quantified, ...]:
        items: list[Quantified] = []
        while self.pos < len(self.source) and self.source[self.pos] not in "|)":
            item = self.atom()
            least, most = self.quantifier()
            items.append(Quantified(item, least, most))
        return tuple(items)

    def atom(self) -> Item:
        char = self.source[self.pos]
        self.pos += 1
        if char == "(":
            return self.group()
        if char == "[":
            self.skip_class()
            return Item("other")
        if char == "\\":
            return self.escape()
        if char in "^$":
            return Item("zero", char, least=0, most=0)
        if char == ".":
            return Item("other")
        nonword = not is_word_char(char.lower())
        return Item("literal", char.lower(), nonword_end=nonword, nonword_start=nonword)

    def escape(self) -> Item:
        if self.pos >= len(self.source):
            raise Unsupported
        char = self.source[self.pos]
        self.pos += 1
        if char in "bBAZ":
            return Item("zero", char, least=0, most=0)
        if char in _HEX_DIGITS:
            self.pos += _HEX_DIGITS[char]
            return Item("other")
        if char == "N":
            self.pos = self.source.index("}", self.pos) + 1
            return Item("other")
        if char in _CLASS_ESCAPES:
            return Item("other", nonword_end=char in "sW", nonword_start=char in "sW")
        if char.isdigit():  # a backreference (or an octal escape): width unknown
            raise Unsupported
        literal = {"n": "\n", "t": "\t", "r": "\r"}.get(char, char).lower()
        nonword = not is_word_char(literal)
        return Item("literal", literal, nonword_end=nonword, nonword_start=nonword)

    def group(self) -> Item:
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
            return Item("zero", least=0, most=0)
        elif named := _GROUP_HEAD.match(rest):
            self.pos += named.end()
        elif rest.startswith("?"):
            raise Unsupported
        alternatives = self.alternation()
        if self.pos >= len(self.source) or self.source[self.pos] != ")":
            raise Unsupported
        self.pos += 1
        if zero_width:
            return Item("zero", least=0, most=0)
        widths = [width(branch) for branch in alternatives]
        least = min(w[0] for w in widths)
        most = None if any(w[1] is None for w in widths) else max(w[1] or 0 for w in widths)
        nonword_end = all(boundary_after(branch, start=False) for branch in alternatives)
        nonword_start = all(boundary_next(branch, 0, end=False) for branch in alternatives)
        return Item("group", "", alternatives, least, most, nonword_end, nonword_start)

    def skip_class(self) -> None:
        if self.source.startswith("^", self.pos):
            self.pos += 1
        if self.source.startswith("]", self.pos):
            self.pos += 1
        while self.pos < len(self.source) and self.source[self.pos] != "]":
            self.pos += 2 if self.source[self.pos] == "\\" else 1
        if self.pos >= len(self.source):
            raise Unsupported
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


def width(sequence: tuple[Quantified, ...]) -> tuple[int, int | None]:
    """Fewest and most characters a sequence can match (None: unbounded)."""
    least = 0
    most: int | None = 0
    for part in sequence:
        least += part.least * part.item.least
        step = times(part.item.most, part.most)
        most = None if most is None or step is None else most + step
    return least, most


def times(width: int | None, count: int | None) -> int | None:
    if width == 0 or count == 0:
        return 0
    return None if width is None or count is None else width * count


def after(boundary: bool, part: Quantified) -> bool:
    """Whether a word character after ``part`` starts a word, given whether one before did."""
    item = part.item
    if item.kind == "zero":
        return boundary or item.char in _BOUNDARIES
    if not item.nonword_end:
        return False
    return True if part.least >= 1 else boundary


def boundary_after(sequence: tuple[Quantified, ...], start: bool) -> bool:
    """Whether a word character right after the sequence would start a word."""
    boundary = start
    for part in sequence:
        boundary = after(boundary, part)
    return boundary


def boundary_next(sequence: tuple[Quantified, ...], index: int, end: bool) -> bool:
    """Whether a word character right before ``sequence[index]`` would end a word.

    ``end`` says the same of whatever follows the sequence.
    """
    for part in sequence[index:]:
        item = part.item
        if item.kind == "zero":
            if item.char in _ENDS:
                return True
            continue
        if not item.nonword_start:
            return False
        if part.least >= 1:
            return True
    return end
