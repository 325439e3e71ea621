"""Features of a request for the learned detector, built in compiled code.

Two kinds of feature, both integer ids into one weight matrix:

- hashed character n-grams of the last user message (lowercased, digits folded to "0"),
  read at a head and a tail window. The text is turned into a numpy array of code points
  once; each n-gram order is two vectorised operations (a rolling polynomial hash) and a
  multiplicative hash puts every n-gram in one of ``2**bits`` buckets. CJK, kana and
  Hangul need no segmentation: their characters and character pairs are n-grams like any
  other. No regular expression runs here, so the cost is linear in the characters read
  and the characters read are capped.
- structural bins (one id per measured quantity, by which bin its value falls in): length
  in estimated tokens, lines, code fences, code-like line ends, indented lines, table
  separators, figures, question at the end, share of CJK. They are counted with
  ``str.count`` and a histogram of code points over a bounded window, never a Python
  loop per character or per line.

This module must never know task names: it measures, the weights decide.
"""

from __future__ import annotations

import math
from bisect import bisect_right
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from modelrouter.detect.base import last_user_index
from modelrouter.types import ChatRequest

IdArray = npt.NDArray[np.intp]
CodeArray = npt.NDArray[np.uint32]

# 32-bit arithmetic wraps (no warning for arrays) and costs half the 64-bit one; with at
# most 2**22 buckets read from the top bits of a Fibonacci hash, 32 bits are plenty.
_PRIME = np.uint32(0x01000193)  # FNV-1's 32-bit prime: spreads code points apart
_GOLDEN = np.uint32(0x9E3779B1)  # Fibonacci hashing: the top bits are well mixed
_ZERO, _TEN = np.uint32(48), np.uint32(10)
_WIDE_START, _WIDE_SPAN = np.uint32(0x3040), np.uint32(0xD7B0 - 0x3040)  # kana..Hangul
_STRUCTURE_HEAD, _STRUCTURE_TAIL = 4000, 1000
_END_CHARS = 300

# Bin edges per structural quantity: a value v falls in bin bisect_right(edges, v).
BINS: dict[str, tuple[float, ...]] = {
    "tokens": (8, 20, 40, 80, 150, 300, 600, 1200, 2500, 5000, 10000),
    "lines": (2, 4, 8, 16, 32, 64, 128),
    "fences": (1, 2),
    "code_ends": (0.05, 0.15, 0.3, 0.5),  # share of lines ending in ; { } ) :
    "indented": (0.05, 0.15, 0.3, 0.5),  # share of lines starting with 2+ spaces or a tab
    "pipes": (0.5, 2, 4),  # "|" per line
    "tabs": (0.5, 2),  # tabs per line
    "commas": (0.5, 2, 4),  # commas per line
    "figures": (1, 2, 4, 8, 16, 40),  # runs of digits
    "digit_share": (0.02, 0.05, 0.1, 0.2),
    "symbol_share": (0.02, 0.05, 0.1),  # = < > { } [ ] ; $ \ _ among characters
    "wide_share": (0.05, 0.3, 0.7),  # CJK, kana, Hangul among characters
    "question_end": (1,),
}
DENSE_SIZE = sum(len(edges) + 1 for edges in BINS.values())
# Bumped whenever the same text would give other ids (hashing, windows, bins): a model
# made for other features then fails to load instead of predicting nonsense.
FEATURES_VERSION = 1


def _layout() -> tuple[tuple[int, tuple[float, ...]], ...]:
    """Per quantity, in order: where its bins start among the dense ids, and its edges."""
    layout, start = [], 0
    for edges in BINS.values():
        layout.append((start, edges))
        start += len(edges) + 1
    return tuple(layout)


_LAYOUT = _layout()
_SYMBOLS = np.array([ord(c) for c in "=<>{}[];$\\_"], dtype=np.intp)


@dataclass(frozen=True, slots=True)
class HashSpec:
    """How n-grams are hashed and how much of a text is read: stored with the model."""

    bits: int = 18
    orders: tuple[int, ...] = (1, 2, 3, 4)
    head: int = 1000
    tail: int = 300

    @property
    def size(self) -> int:
        """The number of hash buckets (dense ids come after them)."""
        return 1 << self.bits


@dataclass(frozen=True, slots=True)
class Features:
    """One message's feature ids (n-gram buckets with repeats, then structural bins) and
    the weight of each id: 1/sqrt(n) for the n n-grams, 1 for a bin."""

    ids: IdArray
    values: npt.NDArray[np.float32]


def codes(text: str) -> tuple[CodeArray, npt.NDArray[np.bool_]]:
    """Code points of the lowercased ``text`` with digits folded to "0", and where the
    digits were."""
    points = np.frombuffer(text.lower().encode("utf-32-le"), dtype=np.uint32).copy()
    digits = points - _ZERO < _TEN  # unsigned: code points below "0" wrap high
    points[digits] = _ZERO
    return points, digits


def ngram_ids(points: CodeArray, spec: HashSpec) -> CodeArray:
    """The hash bucket of every n-gram of the configured orders, all orders together."""
    parts = []
    rolling = points
    for order in range(1, max(spec.orders) + 1):
        if order > 1:
            if len(rolling) <= 1:
                break
            rolling = rolling[:-1] * _PRIME + points[order - 1 :]
        if order in spec.orders:
            parts.append(rolling)
    if not parts or not len(parts[0]):
        return np.zeros(0, dtype=np.uint32)
    hashed: CodeArray = np.concatenate(parts) * _GOLDEN
    return hashed >> np.uint32(32 - spec.bits)


def message_features(text: str, spec: HashSpec) -> Features:
    """The features of one message.

    A text that fits the n-gram window (most do) is converted to code points once for
    both kinds of feature; a longer one is measured on the larger structure window.
    """
    if len(text) <= spec.head + spec.tail:
        points, digits = codes(text)
        ngrams = ngram_ids(points, spec)
    else:
        ngrams = ngram_ids(codes(text[: spec.head] + "\n" + text[-spec.tail :])[0], spec)
        if len(text) > _STRUCTURE_HEAD + _STRUCTURE_TAIL:
            points, digits = codes(text[:_STRUCTURE_HEAD] + "\n" + text[-_STRUCTURE_TAIL:])
        else:
            points, digits = codes(text)
    count = len(ngrams)
    ids: IdArray = np.concatenate((ngrams, _structure(text, points, digits, spec.size)))
    values = np.full(len(ids), 1.0 / math.sqrt(count) if count else 1.0, dtype=np.float32)
    values[count:] = 1.0
    return Features(ids, values)


def request_features(request: ChatRequest, spec: HashSpec) -> Features:
    """The features of a request's last user message.

    The conversation around it is left to the detector: in public corpora the only
    multi-turn prompts are chit-chat, so turn counts learned there would mean "simple".
    """
    messages = request.messages
    return message_features(messages[last_user_index(messages)].text(), spec)


def _structure(
    text: str, points: CodeArray, digits: npt.NDArray[np.bool_], base: int = 0
) -> list[int]:
    """Structural bins of a text (ids from ``base``), from its code points (lowercased,
    digits folded) over a bounded window; ``str`` methods run on the window only."""
    length = len(text)
    if length > _STRUCTURE_HEAD + _STRUCTURE_TAIL:
        text = text[:_STRUCTURE_HEAD] + "\n" + text[-_STRUCTURE_TAIL:]
    histogram = np.bincount(np.minimum(points, 128), minlength=129)
    chars = max(1, len(points))
    lines = int(histogram[10]) + 1
    figures = int(np.count_nonzero(digits[1:] > digits[:-1])) + int(bool(len(digits) and digits[0]))
    wide = int(np.count_nonzero(points - _WIDE_START < _WIDE_SPAN))
    # Tokens as detect.text.estimate_tokens counts them, from the histogram, scaled up
    # from the window to the whole text.
    other = int(histogram[128]) - wide
    tokens = (wide + other / 2.5 + (chars - wide - other) / 4) * length / chars
    code_ends = sum(map(text.count, (";\n", "{\n", "}\n", ")\n", ":\n")))
    indented = text.count("\n  ") + text.count("\n\t")
    tail = text[-_END_CHARS:]
    mark = max(tail.rfind("?"), tail.rfind("？"))
    measured = (
        tokens,
        lines,
        text.count("```") // 2,
        code_ends / lines,
        indented / lines,
        int(histogram[124]) / lines,  # |
        int(histogram[9]) / lines,  # tab
        int(histogram[44]) / lines,  # ,
        figures,
        int(histogram[48]) / chars,  # digits, all folded to "0"
        int(histogram[_SYMBOLS].sum()) / chars,
        wide / chars,
        float(mark >= 0 and len(tail) - mark < 60),
    )
    return [
        base + start + bisect_right(edges, value)
        for (start, edges), value in zip(_LAYOUT, measured, strict=True)
    ]
