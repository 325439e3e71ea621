"""Required literals of a regular expression, for a cheap prefilter before running it.

``literal_plan(source)`` returns lowercase strings such that every match of the pattern
contains at least one of them, or None when no such set can be found. Each literal also
says how many characters a match can have before it (so a search can start near its first
occurrence) and whether the pattern puts a word boundary right before it (so it can be
looked up among the words of a text instead of searched for). Python's ``re`` is slow to
search long alternations (tens of microseconds per keyword on a short prompt), so the
keyword matcher runs a pattern only when one of its literals occurs in the text, and from
near that occurrence. The analysis is conservative: anything it does not understand
(classes, backreferences, optional parts) contributes no literal, never a wrong one.
"""

from __future__ import annotations

from dataclasses import dataclass

from modelrouter.detect.pattern import (
    Item,
    Parser,
    Quantified,
    Unsupported,
    after,
    boundary_next,
    is_word_char,
    times,
)

_COMMON_WORDS = frozenset(
    {"a", "an", "the", "this", "these", "that", "and", "or", "for", "with", "you", "to", "of"}
    | {"in", "on", "is", "are", "how", "what", "who", "where", "when", "which"}
)
_WEAK = 3  # a run of literals shorter than this is extended by a following fixed group
_MAX_PRODUCT = 64


@dataclass(frozen=True, slots=True)
class Literal:
    """A string one of whose kind every match contains, and where it sits in the match."""

    text: str
    lead: int | None  # most characters a match can have before it; None: unbounded
    lead_min: int  # fewest characters a match can have before it
    word_start: bool  # it starts a word: \\b, ^ or a non-word character comes right before
    word_end: bool  # it ends a word: \\b, $ or a non-word character comes right after


def _fixed(item: Item) -> list[str] | None:
    """The strings a group can match when each of its branches is a plain string."""
    if item.kind != "group":
        return None
    strings: list[str] = []
    for branch in item.alternatives:
        text = ""
        for part in branch:
            if part.item.kind == "zero":
                continue
            if part.item.kind != "literal" or part.least != 1 or part.most != 1:
                return None
            text += part.item.char
        strings.append(text)
    return strings


@dataclass(frozen=True, slots=True)
class _Context:
    """Where a sequence sits in its match: characters before it, boundaries around it."""

    lead_min: int
    lead: int | None
    boundary: bool  # a word character at its start starts a word
    end: bool  # a word character at its end ends a word


@dataclass(slots=True)
class _Run:
    """Strings of consecutive required characters and where they start."""

    texts: list[str]
    start: _Context
    after: int = 0  # index of the item after the run's last one

    def can_extend(self, factor: int) -> bool:
        short = min(map(len, self.texts)) < _WEAK
        return short and len(self.texts) * factor <= _MAX_PRODUCT

    def literals(self, end: bool) -> list[Literal]:
        start = self.start
        return [
            Literal(
                text,
                start.lead,
                start.lead_min,
                start.boundary and is_word_char(text[:1]),
                end and is_word_char(text[-1:]),
            )
            for text in self.texts
        ]


class _Walker:
    """Collects the candidate literal sets of one sequence, left to right."""

    def __init__(self, sequence: tuple[Quantified, ...], context: _Context) -> None:
        self.sequence = sequence
        self.context = context
        self.candidates: list[list[Literal]] = []
        self.run: _Run | None = None

    def walk(self) -> list[Literal] | None:
        for index, part in enumerate(self.sequence):
            self.step(index, part)
        self.flush(closed=True)
        found = [c for c in self.candidates if all(literal.text for literal in c)]
        return max(found, key=_selectivity) if found else None

    def step(self, index: int, part: Quantified) -> None:
        item = part.item
        if item.kind == "zero":
            self.advance(part)
            return
        strings = _fixed(item) if part.least == part.most == 1 else None
        if item.kind == "literal" and part.least >= 1:
            self.extend([item.char], index)
            if part.most != 1:  # more of the same character may follow
                self.flush(closed=False)
        elif strings is not None:
            if self.run and not self.run.can_extend(len(strings)):
                self.flush(closed=True)
            self.extend(strings, index)
        else:
            self.flush(closed=True)
            if item.kind == "group" and part.least >= 1:
                end = part.most == 1 and boundary_next(self.sequence, index + 1, self.context.end)
                context = _Context(
                    self.context.lead_min, self.context.lead, self.context.boundary, end
                )
                union = _union(item.alternatives, context)
                if union is not None:
                    self.candidates.append(union)
        self.advance(part)

    def extend(self, strings: list[str], index: int) -> None:
        if self.run is None:
            self.run = _Run([""], self.context)
        self.run.texts = sorted({text + tail for text in self.run.texts for tail in strings})
        self.run.after = index + 1

    def flush(self, closed: bool) -> None:
        if self.run is None:
            return
        end = closed and boundary_next(self.sequence, self.run.after, self.context.end)
        self.candidates.append(self.run.literals(end))
        self.run = None

    def advance(self, part: Quantified) -> None:
        item, context = part.item, self.context
        step = times(item.most, part.most)
        self.context = _Context(
            context.lead_min + part.least * item.least,
            None if context.lead is None or step is None else context.lead + step,
            after(context.boundary, part),
            context.end,
        )


def _union(branches: tuple[tuple[Quantified, ...], ...], context: _Context) -> list[Literal] | None:
    """Every branch's literals, merged (a string found twice keeps the weaker facts)."""
    merged: dict[str, Literal] = {}
    for branch in branches:
        found = _Walker(branch, context).walk()
        if found is None:
            return None
        for literal in found:
            seen = merged.get(literal.text)
            merged[literal.text] = literal if seen is None else _weaker(seen, literal)
    return [merged[text] for text in sorted(merged)]


def _weaker(one: Literal, other: Literal) -> Literal:
    lead = None if one.lead is None or other.lead is None else max(one.lead, other.lead)
    return Literal(
        one.text,
        lead,
        min(one.lead_min, other.lead_min),
        one.word_start and other.word_start,
        one.word_end and other.word_end,
    )


def _selectivity(candidate: list[Literal]) -> tuple[bool, int, int]:
    """Prefer literal sets without function words, then longer literals, then fewer."""
    common = any(literal.text.strip() in _COMMON_WORDS for literal in candidate)
    return (not common, min(len(literal.text) for literal in candidate), -len(candidate))


def literal_plan(source: str) -> list[Literal] | None:
    """Literals one of which occurs in every match of ``source``, or None."""
    try:
        parser = Parser(source)
        branches = parser.alternation()
        if parser.pos != len(source):
            return None
    except (Unsupported, ValueError):
        return None
    return _union(branches, _Context(0, 0, boundary=False, end=False))


def required_literals(source: str) -> list[str] | None:
    """Lowercase strings one of which occurs in every match of ``source``, or None."""
    plan = literal_plan(source)
    return None if plan is None else [literal.text for literal in plan]


def starts_anchored(source: str) -> bool:
    """Whether every branch of ``source`` must match at the start of the text (``^...``)."""
    try:
        parser = Parser(source)
        branches = parser.alternation()
    except (Unsupported, ValueError):
        return False
    return parser.pos == len(source) and all(
        branch and branch[0].item.kind == "zero" and branch[0].item.char == "^"
        for branch in branches
    )
