"""Cheap textual cues: numbers, math notation, quantity questions, stack traces, inline code.

Python's ``re`` scans a character class or a ``\\b`` alternation slowly (tens of
microseconds per kilobyte), so each cue here is either a plain substring test, a pattern
that starts with a literal (which ``re`` searches fast), or a pattern run only after a
substring test said it can match. Callers pass bounded windows of the text.
"""

from __future__ import annotations

import re

_DIGITS = re.compile(r"\d+(?:[.,]\d+)*")
_HAN_NUMERAL = re.compile(r"[零一二两三四五六七八九十百千万]{2,}")
_NUMBER_WORDS = (
    " two ", " three ", " four ", " five ", " six ", " seven ", " eight ", " nine ", " ten ",
    " eleven ", " twelve ", " fifteen ", " twenty ", " thirty ", " forty ", " fifty ",
    " hundred ", " thousand ", " twice ", " half ", " double ", " triple ", " dozen ",
)  # fmt: skip
_PUNCTUATION = str.maketrans({c: " " for c in ".,;:!?()[]{}\"'’“”/-\n\t"})
_DIGIT_CHARS = "0123456789"

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

_LATEX = re.compile(
    r"\\(?:frac|sqrt|int|sum|prod|lim|boxed|cdot|times|leq?|geq?|pi|theta|alpha|beta|infty"
    r"|binom|begin|angle|sin|cos|tan|log|ln|mathbf|mathrm|left|right|dfrac|pmatrix|circ"
    r"|overline)\b|(?<![\w$])\$[^$\s][^$\n]{0,200}?[\\^_={}][^$\n]{0,200}?(?<=\S)\$"
)
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
    r"|(?:Error|Exception): |\n\s+at [\w.$<>]+\(|File \"[^\"]+\", line \d"
)
_CALL = re.compile(r"[._]\w*\(")


def words_view(text: str) -> str:
    """Lowercase text with punctuation as spaces, padded with spaces, for whole-word tests."""
    return f" {text.lower().translate(_PUNCTUATION)} "


def count_numbers(text: str, view: str) -> int:
    """Numbers written in digits, Han numerals, or English number words."""
    count = len(_DIGITS.findall(text)) if any(d in text for d in _DIGIT_CHARS) else 0
    if not text.isascii():
        count += len(_HAN_NUMERAL.findall(text))
    return count + sum(view.count(word) for word in _NUMBER_WORDS)


def quantity_question(view: str) -> bool:
    """Whether the text asks for a quantity ("how many", "多少", "сколько")."""
    return any(cue in view for cue in _QUANTITY)


def has_latex(text: str) -> bool:
    """Whether the text holds LaTeX math ($...$ or \\frac-like commands)."""
    return ("\\" in text or "$" in text) and _LATEX.search(text) is not None


def count_equations(text: str) -> int:
    """Arithmetic, equalities, powers and math symbols."""
    count = len(_MATH_SYMBOLS.findall(text)) if not text.isascii() else 0
    if any(d in text for d in _DIGIT_CHARS):
        count += len(_ARITHMETIC.findall(text)) + len(_POWER.findall(text))
    if "=" in text:
        count += len(_EQUALS.findall(text))
    return count


def has_stack_trace(text: str) -> bool:
    """Whether the text holds an error trace or a compiler/runtime error message."""
    return any(literal in text for literal in _STACK_LITERALS) and (
        _STACK_CONFIRM.search(text) is not None
    )


def count_inline_code(text: str) -> int:
    """Backtick spans and call-like tokens (``f()``, ``obj.method(``, ``snake_case(``)."""
    return text.count("`") // 2 + text.count("()") + len(_CALL.findall(text))
