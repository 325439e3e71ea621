"""Cheap textual cues: numbers, math notation, quantity questions, stack traces, inline code.

Python's ``re`` scans a character class or a ``\\b`` alternation slowly (tens of
microseconds per kilobyte), so each cue here is either a plain substring test, a pattern
that starts with a literal (which ``re`` searches fast), or a pattern run only after a
substring test said it can match. Callers pass bounded windows of the text.
"""

from __future__ import annotations

import re
from typing import NamedTuple

_DIGITS = re.compile(r"\d+(?:[.,]\d+)*")
_HAN_NUMERAL = re.compile(r"[零一二两三四五六七八九十百千万]{2,}")
_NUMBER_WORDS = (
    " two ", " three ", " four ", " five ", " six ", " seven ", " eight ", " nine ", " ten ",
    " eleven ", " twelve ", " fifteen ", " twenty ", " thirty ", " forty ", " fifty ",
    " hundred ", " thousand ", " twice ", " half ", " double ", " triple ", " dozen ",
)  # fmt: skip
_NUMBER_WORD_SET = frozenset(word.strip() for word in _NUMBER_WORDS)
_PUNCTUATION = str.maketrans({c: " " for c in ".,;:!?()[]{}\"'’“”/-\n\t"})
_ASCII_PUNCTUATION = str.maketrans({c: " " for c in ".,;:!?()[]{}\"'/-\n\t"})
_PUNCTUATION_CHARS = re.compile(r"[.,;:!?()\[\]{}\"'’“”/\-\n\t]")
_ANY_DIGIT = re.compile(r"[0-9]")

# Cue words of a quantity question ("how many", "多少"). With numbers in the text they mark
# a word problem; alone ("how many moons has Jupiter?") they do not. Space-padded entries
# are whole words in the punctuation-free, space-padded lowercase text.
_QUANTITY = (
    " how many ", " how much ", " how long ", " how far ", " how old ", " how fast ",
    " what is the total ", " what was the total ", " what is the sum ", " in total ",
    " altogether ", " combined ", " what is the average ", " what is their ",
    "多少", "几个", "几只", "几天", "几人", "几岁", "几次", "几种", "几小时", "几分钟", "几元",
    "几辆", "几本", "几条", "几头", "各有", "各是", "一共", "总共",
    "いくつ", "何個", "何人", "何本", "何枚", "何匹", "何円", "何日", "何時間", "何分", "何歳",
    "何通り", "몇", "얼마",
    " cuánto", " cuánta", " quantos ", " quantas ", " quanto ", " combien ", " wie viele ",
    " wie viel ", " wie lange ", " wie alt ", " сколько ", " كم ",
)  # fmt: skip


def _phrases_by_first_word(cues: tuple[str, ...]) -> dict[str, tuple[str, ...]]:
    found: dict[str, list[str]] = {}
    for cue in cues:
        found.setdefault(cue.split()[0], []).append(cue)
    return {word: tuple(phrases) for word, phrases in found.items()}


def _is_phrase(cue: str) -> bool:
    """Whether a cue is space-padded whole words, so its words are tokens of a view."""
    return cue.startswith(" ") and cue.endswith(" ") and cue.strip() != ""


_QUANTITY_PHRASES = _phrases_by_first_word(tuple(filter(_is_phrase, _QUANTITY)))
_QUANTITY_OTHER = tuple(cue for cue in _QUANTITY if not _is_phrase(cue))

# Both branches start with a literal, so ``re`` jumps to a backslash or a dollar sign; the
# second one's lookbehind (no word character or "$" before the opening "$") is checked
# after the "$".
_LATEX = re.compile(
    r"\\(?:frac|sqrt|int|sum|prod|lim|boxed|cdot|times|leq?|geq?|pi|theta|alpha|beta|infty"
    r"|binom|begin|angle|sin|cos|tan|log|ln|mathbf|mathrm|left|right|dfrac|pmatrix|circ"
    r"|overline)\b|\$(?<![\w$]\$)[^$\s][^$\n]{0,200}?[\\^_={}][^$\n]{0,200}?(?<=\S)\$"
)
_LATEX_MARK = re.compile(r"[\\^_={}]")  # inline math needs one of these
_MATH_SYMBOLS = re.compile(r"[√∫∑∏π≤≥≠±×÷∞²³]")
_ARITHMETIC = re.compile(r"\d\s*[-+*/^×÷]\s*\(?\d")
_EQUALS = re.compile(r"=\s*-?\(?\d|=\s*\w+\s*[-+*/^]")
_POWER = re.compile(r"\^\s*\(?\d|\*\*\s*\d")

_STACK_LITERALS = (
    "Traceback (most recent call last)", "Exception in thread", "panic: ", "npm ERR!",
    "Segmentation fault", "core dumped", "undefined reference to", "command not found",
    "No module named", "cannot find symbol", "Uncaught ", "error[E", "Error: ",
    "Exception: ", "\n\tat ", "\n    at ", ", line ",
)  # fmt: skip
_STACK_CONFIRM = re.compile(
    r"Traceback|Exception in|panic: |npm ERR|Segmentation|core dumped|undefined reference"
    r"|command not found|No module|cannot find symbol|Uncaught \w|error\[E\d"
    r"|(?:Error|Exception): |\n[ \t]+at [\w.$<>]+\(|File \"[^\"]+\", line \d"
)
# A call-like token starts where a run of word characters and dots starts; its first "."
# or "_" is found without backtracking (possessive runs), so each run is read once.
_CALL = re.compile(r"(?<![\w.])[^\W_]*+[._][\w.]*+\(")


class Cues(NamedTuple):
    """The textual cues of a prompt's prose (its head and tail)."""

    inline_code: int
    numbers: int
    latex: bool
    equations: int
    quantity_question: bool


def measure(text: str) -> Cues:
    """All cues of one bounded window of prose."""
    digits = _ANY_DIGIT.search(text) is not None
    view = words_view(text)
    # A space-padded cue word or phrase occurs in the view only if its words are tokens.
    tokens = set(view.split())
    return Cues(
        inline_code=count_inline_code(text),
        numbers=_count_numbers(text, view, tokens, digits),
        latex=has_latex(text),
        equations=_count_equations(text, digits),
        quantity_question=_asks_quantity(view, tokens),
    )


def words_view(text: str) -> str:
    """Lowercase text with punctuation as spaces, padded with spaces, for whole-word tests."""
    lowered = text.lower()
    if lowered.isascii():  # str.translate has a fast path for ASCII text
        return f" {lowered.translate(_ASCII_PUNCTUATION)} "
    return f" {_PUNCTUATION_CHARS.sub(' ', lowered)} "


def count_numbers(text: str, view: str) -> int:
    """Numbers written in digits, Han numerals, or English number words."""
    digits = _ANY_DIGIT.search(text) is not None
    return _count_numbers(text, view, set(view.split()), digits)


def _count_numbers(text: str, view: str, tokens: set[str], digits: bool) -> int:
    count = _count(_DIGITS, text) if digits else 0
    if not text.isascii():
        count += _count(_HAN_NUMERAL, text)
    present = _NUMBER_WORD_SET.intersection(tokens)
    return count + sum(view.count(f" {word} ") for word in present)


def quantity_question(view: str) -> bool:
    """Whether the text asks for a quantity ("how many", "多少", "сколько")."""
    return _asks_quantity(view, set(view.split()))


def _asks_quantity(view: str, tokens: set[str]) -> bool:
    phrases = _QUANTITY_PHRASES
    if any(cue in view for word in phrases.keys() & tokens for cue in phrases[word]):
        return True
    return not view.isascii() and any(map(view.__contains__, _QUANTITY_OTHER))


def has_latex(text: str) -> bool:
    """Whether the text holds LaTeX math ($...$ or \\frac-like commands)."""
    if "\\" not in text and ("$" not in text or _LATEX_MARK.search(text) is None):
        return False
    return _LATEX.search(text) is not None


def count_equations(text: str) -> int:
    """Arithmetic, equalities, powers and math symbols."""
    return _count_equations(text, _ANY_DIGIT.search(text) is not None)


def _count_equations(text: str, digits: bool) -> int:
    count = _count(_MATH_SYMBOLS, text) if not text.isascii() else 0
    if digits:
        count += _count(_ARITHMETIC, text)
        if "^" in text or "**" in text:
            count += _count(_POWER, text)
    if "=" in text:
        count += _count(_EQUALS, text)
    return count


def has_stack_trace(text: str) -> bool:
    """Whether the text holds an error trace or a compiler/runtime error message."""
    return any(map(text.__contains__, _STACK_LITERALS)) and (
        _STACK_CONFIRM.search(text) is not None
    )


def _count(pattern: re.Pattern[str], text: str) -> int:
    """Non-overlapping matches of a pattern that cannot match empty (as ``len(findall)``)."""
    return pattern.subn("", text)[1]


def count_inline_code(text: str) -> int:
    """Backtick spans and call-like tokens (``f()``, ``obj.method(``, ``snake_case(``)."""
    calls = _count(_CALL, text) if "(" in text else 0
    return text.count("`") // 2 + text.count("()") + calls
