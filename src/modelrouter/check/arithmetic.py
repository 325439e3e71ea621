"""The arithmetic check: an answer that shows a calculation which does not hold is weak.

Written answers to maths and reasoning questions show their working (``3 x 15 - 5 = 45 - 5
= 40``, ``<<8*5*4=160>>``). This check reads every chain of ``=`` between plain
arithmetic (numbers, ``+ - * / x × ÷``, parentheses, ``%``, currency signs, LaTeX
``\\times \\cdot \\div``) and fails the answer when two sides of an ``=`` differ by more
than the rounding the writer showed (``10/60 = 0.17`` holds; ``73/8 = 9`` holds as a
whole-number rounding; ``15 x 7 = 95`` does not). Answers without such a chain are
skipped: the check says nothing about them.

On the shared outcome files (GSM8K answers, train split) a failed calculation marks a weak
answer about twice as often as chance (docs/routing-evaluation.md, "Answer checks").

It scans the first ``MAX_CHARS`` characters of the answer's prose once, character by
character (no regular expression), and evaluates each side with a small recursive-descent
parser over at most ``MAX_TOKENS`` tokens, so its time is linear and bounded whatever
the answer holds. Sides it cannot read (a variable, a unit
between numbers, a dangling operator) are dropped, never guessed.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

from modelrouter.check.base import Verdict, skipped
from modelrouter.config.schema import Settings
from modelrouter.types import ChatRequest, ChatResponse

MAX_TOKENS = 40  # a side longer than this is not a hand calculation
MAX_CHARS = 20_000  # of an answer's prose: working longer than this is not read
MAX_DIGITS = 15
_OPS = {"+": "+", "-": "-", "−": "-", "*": "*", "×": "*", "·": "*", "/": "/", "÷": "/"}
_LATEX = {"times": "*", "cdot": "*", "div": "/"}
_SKIP = set(" \t$€£\\")  # ignorable inside a calculation (\\ only before an operator)
# words that make the number after them the end of a longer expression ("20% of 40%")
_JOINING = frozenset({"of", "times", "plus", "minus", "by", "over", "per", "and", "divided"})
_CLEAN_BEFORE = set("\n:;,.!?([{<>`\"'*=|")


@dataclass(frozen=True, slots=True)
class Side:
    """One side of an ``=``: its value, and the rounding a lone number literal shows."""

    value: float
    precision: float  # 0 for an expression: it must equal the other side
    percent: bool = False  # a lone literal like 20%: 0.2, or 20 after "... * 100 ="
    lead: Side | None = None  # an expression's first literal: "= 0.2 * 100" goes on


Token = tuple[str, float]  # kind ("n", "%", "op", "(", ")", "="), number value or 0


class ArithmeticCheck:
    """Fails an answer whose shown calculations do not hold; skipped without any."""

    name = "arithmetic"

    def __init__(self, settings: Settings | None = None) -> None:
        self.settings = settings

    def check(self, request: ChatRequest, response: ChatResponse, task: str) -> Verdict:
        """The first equation that does not hold, if any."""
        checked = 0
        for chain in chains(_prose(response.text)):
            for left, right in itertools.pairwise(chain):
                checked += 1
                if not holds(left, right):
                    return Verdict(
                        self.name, False, 0.0, f"a calculation does not hold: {_show(chain)}"
                    )
        if not checked:
            return skipped(self.name, "no calculation to check")
        return Verdict(self.name, True, 1.0, f"{checked} calculation(s) hold")


def holds(left: Side, right: Side) -> bool:
    """The two sides are equal, up to the rounding a lone literal shows; a percentage
    may be read as its number (``0.2 * 100 = 20%``); a side that starts with the value
    of the one before goes on calculating (``90 / 450 = 0.2 * 100 = 20``)."""
    if _equal(left, right) or (right.lead is not None and _equal(left, right.lead)):
        return True
    if left.percent:
        left = Side(left.value * 100, left.precision * 100)
    elif right.percent:
        right = Side(right.value * 100, right.precision * 100)
    else:
        return False
    return _equal(left, right)


def _equal(left: Side, right: Side) -> bool:
    tolerance = max(left.precision, right.precision)
    scale = max(1.0, abs(left.value), abs(right.value))
    difference = abs(left.value - right.value)
    if tolerance:  # 9 for 73/8 (whole-number rounding), never 104 for 7 x 15
        return difference < tolerance * (1 - 1e-9) + 1e-12 * scale
    return difference <= 1e-9 * scale


def chains(text: str) -> list[list[Side]]:
    """Every run of ``=``-joined sides that read as arithmetic, in order."""
    result = []
    for run, clean_start in _runs(text):
        sides = _split(run)
        if not clean_start and sides:
            sides[0] = None  # a variable or a word stood right before it
        readable = [_side(s) if s is not None else None for s in sides]
        chain: list[Side] = []
        for side in readable:
            if side is None:
                if len(chain) > 1:
                    result.append(chain)
                chain = []
            else:
                chain.append(side)
        if len(chain) > 1:
            result.append(chain)
    return result


def _prose(text: str) -> str:
    """``text`` without fenced code blocks (code assigns, it does not claim equalities)."""
    parts = text.split("```")
    return "\n".join(parts[::2])[:MAX_CHARS]


def _runs(text: str) -> list[tuple[list[Token], bool]]:
    """Maximal runs of calculation tokens holding an ``=``, each with whether what stood
    before it leaves its first side whole (start of line, punctuation, a long word)."""
    runs: list[tuple[list[Token], bool]] = []
    current: list[Token] = []
    clean = True
    i, n = 0, len(text)
    while i < n:
        token, after = _token(text, i, current)
        if token is None:
            if any(kind == "=" for kind, _ in current):
                runs.append((current, clean))
            clean = _clean_before(text, after - 1)
            current = []
        elif token[0] != " ":
            current.append(token)
        i = after
    if any(kind == "=" for kind, _ in current):
        runs.append((current, clean))
    return runs


def _token(text: str, i: int, current: list[Token]) -> tuple[Token | None, int]:
    """The token at ``i`` (``(" ", 0)`` for ignorable characters; None for text that ends
    a calculation) and the index after it (always past ``i``)."""
    char = text[i]
    if "0" <= char <= "9" or (char == "." and "0" <= text[i + 1 : i + 2] <= "9"):
        return _number(text, i)
    if char in _SKIP:
        latex = _latex(text, i) if char == "\\" else None
        return latex or ((" ", 0.0), i + 1)
    if char in _OPS:
        return ("op", ord(_OPS[char])), i + 1
    if char in "xX" and _times(text, i, current):
        return ("op", ord("*")), i + 1
    if char == "=" and text[i + 1 : i + 2] not in ("=", ">") and text[i - 1 : i] not in "<>!":
        return ("=", 0.0), i + 1
    if char in "()":
        return (char, 0.0), i + 1
    return None, i + 1


def _number(text: str, i: int) -> tuple[Token | None, int]:
    """A number (thousands commas, decimals, a trailing %), or None when it is part of a
    word (``3S``, ``2nd``: then the index after that word)."""
    n = len(text)
    digits: list[str] = ["0"]
    decimals = -1
    if text[i] == ".":  # .5
        decimals, i = 0, i + 1
    while i < n:
        char = text[i]
        if "0" <= char <= "9":
            digits.append(char)
            decimals += decimals >= 0
        elif char == "," and decimals < 0 and _thousands(text, i):
            pass
        elif char == "." and decimals < 0 and "0" <= text[i + 1 : i + 2] <= "9":
            decimals = 0
        else:
            break
        i += 1
    if len(digits) > MAX_DIGITS + 1 or (i < n and (text[i].isalnum() or text[i] in "^_")):
        while i < n and (text[i].isalnum() or text[i] in "^_"):
            i += 1
        return None, i
    value = float("".join(digits)) / 10 ** max(decimals, 0)
    if i < n and text[i] == "%":
        return ("%", value / 100), i + 1
    return ("n", value), i


def _thousands(text: str, i: int) -> bool:
    group = text[i + 1 : i + 5]
    return len(group) >= 3 and group[:3].isdigit() and not group[3:].isdigit()


def _latex(text: str, i: int) -> tuple[Token, int] | None:
    for word, op in _LATEX.items():
        end = i + 1 + len(word)
        if text.startswith(word, i + 1) and not text[end : end + 1].isalpha():
            return ("op", ord(op)), end
    return None


def _times(text: str, i: int, current: list[Token]) -> bool:
    """``x`` means times between a number (or ``)``) and a number: ``2 x 3``, ``2x3``."""
    if not current or current[-1][0] not in ("n", ")"):
        return False
    after = text[i + 1 : i + 2]
    if after.isalpha() or text[i - 1 : i].isalpha():
        return False
    rest = text[i + 1 : i + 4].lstrip(" $")
    return rest[:1].isdigit() or rest[:1] == "("


def _clean_before(text: str, i: int) -> bool:
    """Whether a run starting after index ``i`` has a whole first side: nothing that
    could be part of its expression stands right before it."""
    j = i
    while j >= 0 and text[j] in " \t":
        j -= 1
    if j < 0:
        return True
    if text[j] in _CLEAN_BEFORE:  # but not the 2: of 2:15 or the 3, of 3,4
        return not (j > 0 and "0" <= text[j - 1] <= "9" and text[j] in ":,.")
    if not text[j].isalpha():
        return False
    k = j
    while k >= 0 and text[k].isalpha() and j - k <= 10:
        k -= 1
    if j - k > 10:
        return True  # a long word
    word = text[k + 1 : j + 1].lower()
    # a word, not a variable (x, 3S) nor a word that joins it to what came before
    return len(word) > 1 and (k < 0 or not text[k].isalnum()) and word not in _JOINING


def _split(run: list[Token]) -> list[list[Token] | None]:
    sides: list[list[Token] | None] = [[]]
    for token in run:
        if token[0] == "=":
            sides.append([])
        else:
            last = sides[-1]
            assert last is not None
            last.append(token)
    return sides


def _side(tokens: list[Token]) -> Side | None:
    """The value of one side, or None when it is not a whole expression."""
    if not tokens or len(tokens) > MAX_TOKENS:
        return None
    parser = _Parser(tokens)
    try:
        value = parser.expression()
    except (ValueError, ZeroDivisionError, OverflowError):
        return None
    if parser.at < len(tokens):
        return None
    kind, literal = tokens[0]
    if len(tokens) == 1:
        return Side(value, _precision(literal), percent=kind == "%")
    lead = None
    if kind in ("n", "%") and tokens[1][0] == "op":
        lead = Side(literal, _precision(literal), percent=kind == "%")
    return Side(value, 0.0, lead=lead)


def _precision(value: float) -> float:
    """The rounding a literal shows: 1 for a whole number, 0.01 for ``0.17``."""
    text = repr(value)
    if "e" in text:
        return 0.0
    decimals = len(text.partition(".")[2].rstrip("0"))
    return 10.0**-decimals


class _Parser:
    """expression := term (('+'|'-') term)*; term := unary (('*'|'/') unary)*;
    unary := '-' unary | number | '(' expression ')'."""

    def __init__(self, tokens: list[Token]) -> None:
        self.tokens = tokens
        self.at = 0

    def expression(self) -> float:
        value = self.term()
        while self._op("+-"):
            op = chr(int(self.tokens[self.at - 1][1]))
            value = value + self.term() if op == "+" else value - self.term()
        return value

    def term(self) -> float:
        value = self.unary()
        while self._op("*/"):
            op = chr(int(self.tokens[self.at - 1][1]))
            value = value * self.unary() if op == "*" else value / self.unary()
        return value

    def unary(self) -> float:
        if self._op("-"):
            return -self.unary()
        kind, value = self._next()
        if kind in ("n", "%"):
            return value
        if kind == "(":
            inner = self.expression()
            if self._next()[0] != ")":
                raise ValueError("unclosed parenthesis")
            return inner
        raise ValueError(f"unexpected {kind}")

    def _op(self, ops: str) -> bool:
        if self.at < len(self.tokens):
            kind, value = self.tokens[self.at]
            if kind == "op" and chr(int(value)) in ops:
                self.at += 1
                return True
        return False

    def _next(self) -> Token:
        if self.at >= len(self.tokens):
            raise ValueError("expression ends early")
        self.at += 1
        return self.tokens[self.at - 1]


def _show(chain: list[Side]) -> str:
    return " = ".join(f"{side.value:g}" for side in chain)[:200]
