"""Example evidence: how close a prompt is to each task's example prompts.

Examples are compiled once into an inverted index of IDF-weighted binary features (words,
word prefixes, CJK/kana/Hangul character uni- and bigrams), so a prompt costs one
dictionary lookup per feature. Nothing here knows any task by name.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping

from modelrouter.config.schema import TaskType

_WIDE_RUN = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uac00-\ud7af]+")
_WORD = re.compile(r"[^\W\d_\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uac00-\ud7af]+")
_PREFIX = 5
_HEAD_CHARS, _TAIL_CHARS = 300, 200
_MIN_COMMON = 4


def features(text: str) -> set[str]:
    """Words, word prefixes and CJK/Hangul character uni- and bigrams of a text."""
    if len(text) > _HEAD_CHARS + _TAIL_CHARS:
        text = text[:_HEAD_CHARS] + " " + text[-_TAIL_CHARS:]
    text = text.lower()
    found: set[str] = set()
    for match in _WORD.finditer(text):
        word = match.group()
        if len(word) < 2:
            continue
        found.add(word)
        if len(word) > _PREFIX + 1:
            found.add(word[:_PREFIX] + "~")
    for match in _WIDE_RUN.finditer(text):
        run = match.group()
        found.update(run)
        found.update(run[i : i + 2] for i in range(len(run) - 1))
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
        self._idf = {f: math.log((total + 1) / (df + 0.5)) for f, df in document_frequency.items()}
        self._unseen_idf = math.log((total + 1) / 0.5)
        self._owner = [name for name, _ in examples]
        self._postings: dict[str, list[tuple[int, float]]] = {}
        # Features in a fifth of all examples or more say little about any task; they count
        # in the norms but get no postings, which keeps lookups short.
        common = max(_MIN_COMMON, total // 5)
        for index, (_, feats) in enumerate(examples):
            norm = math.sqrt(sum(self._idf[f] ** 2 for f in feats)) or 1.0
            for feat in feats:
                if document_frequency[feat] < common:
                    weight = self._idf[feat] / norm
                    self._postings.setdefault(feat, []).append((index, weight))

    def similarity(self, text: str) -> dict[str, float]:
        """Per task, the highest cosine similarity of ``text`` to one of its examples."""
        if not self._owner:
            return {}
        feats = features(text)
        dots: dict[int, float] = {}
        norm_sq = 0.0
        for feat in feats:
            idf = self._idf.get(feat, self._unseen_idf)
            norm_sq += idf * idf
            for index, weight in self._postings.get(feat, ()):
                dots[index] = dots.get(index, 0.0) + idf * weight
        if not dots:
            return {}
        norm = math.sqrt(norm_sq)
        best: dict[str, float] = {}
        for index, dot in dots.items():
            name = self._owner[index]
            if dot > best.get(name, 0.0):
                best[name] = dot
        return {name: dot / norm for name, dot in best.items()}
