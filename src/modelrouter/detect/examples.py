"""Example evidence: how close a prompt is to each task's example prompts.

Examples are compiled once into an inverted index of IDF-weighted binary features (words,
word prefixes, CJK/kana/Hangul character uni- and bigrams), so a prompt costs one
dictionary lookup per feature. Nothing here knows any task by name.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from itertools import chain
from operator import add, itemgetter

from modelrouter.config.schema import TaskType

_WIDE_RUN = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uac00-\ud7af]+")
_WORD = re.compile(r"[^\W\d_\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uac00-\ud7af]{2,}")
_ASCII_NON_LETTERS = str.maketrans({chr(c): " " for c in range(128) if not chr(c).isalpha()})
_ASCII_LETTERS = "abcdefghijklmnopqrstuvwxyz"
_SQUARE = itemgetter(0)
_POSTINGS = itemgetter(1)
_PREFIX = 5
_HEAD_CHARS, _TAIL_CHARS = 300, 200
_MIN_COMMON = 4


def features(text: str) -> set[str]:
    """Words, word prefixes and CJK/Hangul character uni- and bigrams of a text."""
    if len(text) > _HEAD_CHARS + _TAIL_CHARS:
        text = text[:_HEAD_CHARS] + " " + text[-_TAIL_CHARS:]
    text = text.lower()
    if text.isascii():  # words are runs of a-z
        words = set(text.translate(_ASCII_NON_LETTERS).split())
        found = words.difference(_ASCII_LETTERS)
    else:
        words = set(_WORD.findall(text))  # words of two letters or more
        found = set(words)
    found.update(word[:_PREFIX] + "~" for word in words if len(word) > _PREFIX + 1)
    if not text.isascii():
        for run in _WIDE_RUN.findall(text):
            found.update(run)
            found.update(map(add, run, run[1:]))  # bigrams
    return found


class ExampleIndex:
    """Cosine similarity of a prompt to each task's examples (IDF-weighted binary features)."""

    def __init__(self, tasks: Mapping[str, TaskType]) -> None:
        examples = [
            (name, features(text)) for name, task in tasks.items() for text in task.examples
        ]
        total = len(examples)
        document_frequency: dict[str, int] = {}
        for _, feats in examples:
            for feat in feats:
                document_frequency[feat] = document_frequency.get(feat, 0) + 1
        idf = {f: math.log((total + 1) / (df + 0.5)) for f, df in document_frequency.items()}
        unseen = math.log((total + 1) / 0.5)
        self._unseen_square = unseen * unseen
        self._count = total
        # Examples are listed task by task: each task's examples are one slice.
        self._slices: list[tuple[str, int, int]] = []
        for index, (name, _) in enumerate(examples):
            if self._slices and self._slices[-1][0] == name:
                self._slices[-1] = (name, self._slices[-1][1], index + 1)
            else:
                self._slices.append((name, index, index + 1))
        # Per feature, (example, idf * weight in that example's unit vector): the feature's
        # share of the dot product with the example.
        postings: dict[str, list[tuple[int, float]]] = {}
        # Features in a fifth of all examples or more say little about any task; they count
        # in the norms but get no postings, which keeps lookups short.
        common = max(_MIN_COMMON, total // 5)
        for index, (_, feats) in enumerate(examples):
            norm = math.sqrt(sum(idf[f] ** 2 for f in feats)) or 1.0
            for feat in feats:
                if document_frequency[feat] < common:
                    share = idf[feat] * (idf[feat] / norm)
                    postings.setdefault(feat, []).append((index, share))
        # One lookup per feature of a prompt: its squared idf and its postings.
        self._known = {
            feat: (value * value, tuple(postings.get(feat, ()))) for feat, value in idf.items()
        }

    def similarity(self, text: str) -> dict[str, float]:
        """Per task, the highest cosine similarity of ``text`` to one of its examples."""
        feats = features(text)
        known = list(filter(None, map(self._known.get, feats)))
        parts = list(chain.from_iterable(map(_POSTINGS, known)))
        if not parts:
            return {}
        dots = [0.0] * self._count
        for index, part in parts:
            dots[index] += part
        unseen = (len(feats) - len(known)) * self._unseen_square
        norm = math.sqrt(sum(map(_SQUARE, known)) + unseen)
        found: dict[str, float] = {}
        for name, start, end in self._slices:
            best = max(dots[start:end])
            if best > 0.0:
                found[name] = best / norm
        return found
