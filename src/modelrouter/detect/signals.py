"""Scores for the six built-in task types from a prompt's measured structure.

The rules detector adds these to what keywords and examples say, and only for built-in
names that are configured. The weights are in one place (the constants below) so that a
reader can see how much each signal counts; keyword and example evidence is on the same
scale (one keyword hit = 1.2, the default task's prior = 1.0).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from modelrouter.detect.structure import Structure
from modelrouter.detect.text import format_tokens

CODE, LONG, REASONING, SIMPLE, CREATIVE, DATA = (
    "code",
    "long_context",
    "reasoning",
    "simple",
    "creative",
    "data_analysis",
)
BUILTIN = frozenset({CODE, LONG, REASONING, SIMPLE, CREATIVE, DATA})

FENCE = 3.0
STACK_TRACE = 2.5
INLINE_CODE = 0.6
TABLE = 2.6
NUMBER_LIST = 1.4
LATEX = 1.6
EQUATIONS = 0.6
WORD_PROBLEM = 1.8
TOOLS = 1.2
LONG_DOC = 3.2
LONG_START, LONG_FULL = 500, 2000
QUESTION_AT_END = 0.5


@dataclass(slots=True)
class Evidence:
    """Scores per task and, per task, the signals that produced them."""

    scores: dict[str, float] = field(default_factory=dict)
    reasons: dict[str, list[tuple[float, str]]] = field(default_factory=dict)

    def add(self, task: str, score: float, why: str) -> None:
        """Add ``score`` to ``task``, remembering why."""
        if score <= 0:
            return
        self.scores[task] = self.scores.get(task, 0.0) + score
        self.reasons.setdefault(task, []).append((score, why))

    def merge(self, other: Evidence, weight: float, prefix: str = "") -> None:
        """Add another piece of evidence, scaled by ``weight``."""
        for task, parts in other.reasons.items():
            for score, why in parts:
                self.add(task, score * weight, prefix + why)

    def strength(self) -> float:
        """The highest score of any task."""
        return max(self.scores.values(), default=0.0)

    def scaled(self, task: str, factor: float) -> None:
        """Multiply one task's score (and its parts) by ``factor``."""
        if task in self.scores:
            self.scores[task] *= factor
            self.reasons[task] = [(s * factor, why) for s, why in self.reasons[task]]


def ramp(value: float, start: float, full: float) -> float:
    """0 below ``start``, 1 above ``full``, linear between."""
    return min(1.0, max(0.0, (value - start) / (full - start)))


def long_factor(s: Structure) -> float:
    """How much a message reads as a long pasted document (0..1), from its prose length."""
    return ramp(s.prose_tokens, LONG_START, LONG_FULL)


def structural(s: Structure, configured: frozenset[str]) -> Evidence:
    """Evidence for the configured built-in tasks from one message's structure."""
    evidence = Evidence()
    long = long_factor(s)
    if CODE in configured:
        _code(s, long, evidence)
    if DATA in configured:
        _data(s, long, evidence)
    if REASONING in configured and long < 1:
        _math(s, 1 - long, evidence)
    if LONG in configured and long > 0:
        tokens = format_tokens(s.prose_tokens)
        evidence.add(LONG, LONG_DOC * long, f"long document ({tokens} tokens)")
        if s.question_at_end:
            evidence.add(LONG, QUESTION_AT_END * long, "question at end")
    return evidence


def _share(long: float, share: float) -> float:
    """In a long document, a few snippets or one table do not make the task about them."""
    return 1.0 if long == 0 else 1 - long + long * (0.3 + 0.7 * min(1.0, 2 * share))


def _code(s: Structure, long: float, evidence: Evidence) -> None:
    share = _share(long, s.code_share)
    if s.fenced_code:
        evidence.add(CODE, FENCE * share, "code fence")
    if s.code_lines >= 3 and s.code_density >= 0.2:
        score = min(3.2, 1.2 + 2.0 * s.code_density + 0.05 * s.code_lines)
        score *= 0.5 if s.fenced_code else 1.0
        evidence.add(CODE, score * share, f"{s.code_lines} code-like lines")
    elif s.code_lines == 2 and s.code_density >= 0.4:
        evidence.add(CODE, 1.8 * share, "2 code-like lines")
    elif s.code_lines >= 1 and s.code_density >= 0.5:
        evidence.add(CODE, 1.2 * share, "code-like line")
    if s.stack_trace:
        evidence.add(CODE, STACK_TRACE * max(0.6, share), "stack trace")
    if s.inline_code:
        evidence.add(CODE, INLINE_CODE * min(2, s.inline_code) * share, "inline code")


def _data(s: Structure, long: float, evidence: Evidence) -> None:
    share = _share(long, s.table_share)
    if s.table_rows >= 3:
        score = TABLE + min(0.6, s.table_rows / 50)
        evidence.add(DATA, score * share, f"{s.table_kind} ({s.table_rows} rows)")
    elif s.series >= 4:
        evidence.add(DATA, NUMBER_LIST * min(1.0, s.series / 5) * share, f"{s.series} figures")


def _math(s: Structure, weight: float, evidence: Evidence) -> None:
    if s.latex:
        evidence.add(REASONING, LATEX * weight, "LaTeX math")
    if s.equations:
        evidence.add(REASONING, EQUATIONS * min(2, s.equations) * weight, "equations")
    if s.series >= 4 or s.table_rows >= 3:
        return
    if s.quantity_question and s.numbers >= 1:
        score = WORD_PROBLEM * min(1.0, s.numbers / 2)
        evidence.add(REASONING, score * weight, "numbers + quantity question")
    elif s.numbers >= 2 and s.question and s.tokens < 700:
        score = 0.8 if s.numbers == 2 else 1.1
        evidence.add(REASONING, score * weight, "numbers + question")
    elif s.numbers >= 4 and s.tokens < 300:
        evidence.add(REASONING, 0.7 * weight, "several numbers")
