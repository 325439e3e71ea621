"""Which keyword literals occur in a text, found mostly by looking up the text's words.

A literal that starts a word (the pattern has ``\\b`` or a non-word character before it)
begins a word of any text it occurs in; one that ends a word ends one. So instead of
searching a text for each of some two thousand literals, the index looks up the text's
distinct words and their 2- and 3-character heads (and, for non-ASCII literals, their
3-character tails), and only the literals filed under those keys are searched for (a
superset of the literals present, narrowed by ``str.__contains__`` in C). The few literals
in the middle of a word are searched for directly, non-ASCII ones only when their first
non-ASCII character occurs.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from itertools import chain, compress
from operator import itemgetter

from modelrouter.detect.literals import Literal

_WORD = re.compile(r"\w+")
_ASCII_NONWORD = str.maketrans(
    {chr(c): " " for c in range(128) if not (chr(c).isalnum() or chr(c) == "_")}
)
_HEADS = {3: itemgetter(slice(3)), 2: itemgetter(slice(2))}
_TAIL3 = itemgetter(slice(-3, None))
_FUNCTION_WORDS = frozenset(
    [
        "a",
        "an",
        "the",
        "this",
        "that",
        "these",
        "those",
        "and",
        "or",
        "but",
        "of",
        "in",
        "on",
        "at",
        "to",
        "for",
        "with",
        "by",
        "from",
        "as",
        "is",
        "are",
        "was",
        "were",
        "be",
        "it",
        "its",
        "my",
        "your",
        "our",
        "their",
        "i",
        "you",
        "we",
        "they",
        "me",
        "do",
        "does",
        "did",
        "not",
        "no",
        "how",
        "what",
        "who",
        "which",
        "when",
        "where",
        "why",
    ]
)
UNBOUNDED = 1 << 60  # lead of a literal a match can start any distance before
_SPAN = 6  # a lead known within this many characters is kept

# A literal to look for: its text, the fewest and most characters a match can have before
# it (UNBOUNDED: any number), and its keyword.
Entry = tuple[str, int, int, int]


def _is_word_char(char: str) -> bool:
    return char.isalnum() or char == "_"


def word_head(literal: Literal) -> tuple[str, bool]:
    """A word that the literal's occurrence starts ("" if none) and whether it is whole.

    A literal that starts a word begins a word of the text with its first run of word
    characters; so does any run of word characters after a non-word character inside a
    literal. That run is a whole word when a non-word character follows it inside the
    literal, or when it ends the literal and the literal ends a word.
    """
    text = literal.text
    begin = 0 if literal.word_start else _inner_word_start(text)
    if begin < 0:
        return "", False
    end = begin
    while end < len(text) and _is_word_char(text[end]):
        end += 1
    return text[begin:end], end < len(text) or literal.word_end


def _inner_word_start(text: str) -> int:
    for index in range(1, len(text)):
        if _is_word_char(text[index]) and not _is_word_char(text[index - 1]):
            return index
    return -1


def whole_words(literal: Literal) -> list[str]:
    """Runs of word characters inside the literal that are whole words of any text holding it.

    A run is one when a non-word character (or, at the literal's edges, the pattern's word
    boundary) sits on both sides of it.
    """
    text = literal.text
    found: list[str] = []
    begin = 0
    while begin < len(text):
        if not _is_word_char(text[begin]):
            begin += 1
            continue
        end = begin
        while end < len(text) and _is_word_char(text[end]):
            end += 1
        starts = begin > 0 or literal.word_start
        ends = end < len(text) or literal.word_end
        if starts and ends:
            found.append(text[begin:end])
        begin = end
    return found


def _selective(word: str) -> tuple[bool, int]:
    """Prefer a word that is not a function word, then a longer one."""
    return word not in _FUNCTION_WORDS, len(word)


def word_tail(literal: Literal) -> str:
    """The end of a word that the literal's occurrence holds ("" if none).

    The run of word characters before a literal's first non-word character ends a word of
    the text; so does the whole literal when it is all word characters and ends a word.
    """
    text = literal.text
    for index, char in enumerate(text):
        if not _is_word_char(char):
            return text[:index]
    return text if literal.word_end else ""


class LiteralIndex:
    """Files each literal under the cheapest key that any text holding it must have."""

    def __init__(self) -> None:
        self._filed: dict[str, dict[str, list[Entry]]] = {
            kind: {} for kind in ("whole", "head3", "head2", "tail3", "char")
        }
        self._plain: list[Entry] = []
        self._plain_kind = _Kind({})
        self._chars = _Kind({})
        # Word-keyed kinds and how to key a word for them; those an ASCII text can match.
        self._probes: tuple[tuple[_Kind, Callable[[str], str] | None], ...] = ()
        self._ascii_probes: tuple[tuple[_Kind, Callable[[str], str] | None], ...] = ()
        self._skip: frozenset[str] = frozenset()

    def add(self, literal: Literal, key: int, by_word: bool) -> None:
        """File a literal of keyword ``key`` (``by_word``: its pattern runs lowercased).

        Its entry keeps the literal's lead (how far before it a match starts) when that is
        known within a few characters, else UNBOUNDED.
        """
        lead = literal.lead
        narrow = by_word and lead is not None and lead - literal.lead_min <= _SPAN
        entry = (
            (literal.text, literal.lead_min, lead, key)
            if narrow and lead is not None
            else (literal.text, 0, UNBOUNDED, key)
        )
        words = whole_words(literal) if by_word else []
        head, _ = word_head(literal) if by_word else ("", False)
        tail = word_tail(literal) if by_word else ""
        if words:
            kind, filed_as = "whole", max(words, key=_selective)
        elif len(head) >= 2:
            size = min(len(head), 3)
            kind, filed_as = f"head{size}", head[:size]
        elif len(tail) >= 3 and not literal.text.isascii():
            kind, filed_as = "tail3", tail[-3:]
        elif literal.text.isascii():
            self._plain.append(entry)
            return
        else:
            kind, filed_as = "char", next(c for c in literal.text if not c.isascii())
        self._filed[kind].setdefault(filed_as, []).append(entry)

    def freeze(self) -> None:
        """Turn the filed lists into tuples (call once, after the last ``add``)."""
        frozen = {kind: _Kind(filed) for kind, filed in self._filed.items()}
        self._plain_kind = _Kind({"": self._plain})
        self._chars = frozen.pop("char")
        keyers = {"whole": None, "tail3": _TAIL3, **{f"head{n}": _HEADS[n] for n in _HEADS}}
        self._probes = tuple((frozen[kind], keyers[kind]) for kind in frozen if frozen[kind].texts)
        self._ascii_probes = tuple(
            (kind, keyer) for kind, keyer in self._probes if any(map(str.isascii, kind.texts))
        )
        # Function words that no probe files anything under: dropped before probing.
        self._skip = frozenset(
            word
            for word in _FUNCTION_WORDS
            if not any(
                (word if keyer is None else keyer(word)) in kind.texts
                for kind, keyer in self._probes
            )
        )

    def present(self, lowered: str) -> list[Entry]:
        """The entries whose literal occurs in ``lowered`` (a lowercased text)."""
        contains = lowered.__contains__
        found = self._plain_kind.present(("",), contains)
        if lowered.isascii():
            words = set(lowered.translate(_ASCII_NONWORD).split()).difference(self._skip)
            probes = self._ascii_probes
        else:
            words = set(_WORD.findall(lowered)).difference(self._skip)
            probes = self._probes
            found += self._chars.present(lowered, contains)
        for kind, keyer in probes:
            found += kind.present(words if keyer is None else map(keyer, words), contains)
        return found


class _Kind:
    """Literals filed by one kind of key: their texts and entries, per key."""

    def __init__(self, filed: dict[str, list[Entry]]) -> None:
        self.texts = {key: tuple(entry[0] for entry in entries) for key, entries in filed.items()}
        self.entries = {key: tuple(entries) for key, entries in filed.items()}

    def present(self, keys: Iterable[str], contains: Callable[[str], bool]) -> list[Entry]:
        """Entries filed under any of ``keys`` whose literal ``contains`` finds.

        Everything runs in C: ``dict.keys() & keys`` walks ``keys`` and looks each one up,
        and the buckets of the keys found are chained and filtered in one pass.
        """
        found = self.texts.keys() & keys
        if not found:
            return []
        texts = chain.from_iterable(map(self.texts.__getitem__, found))
        entries = chain.from_iterable(map(self.entries.__getitem__, found))
        return list(compress(entries, map(contains, texts)))
