"""Plausible "translations" for the simulator: a target language read from the request and
a word-for-word rendering through a tiny phrasebook.

Good enough for a router to see a translation-shaped answer in the right script; it must
never pretend to be a real translator (unknown words are kept as they are).
"""

from __future__ import annotations

import re

_TARGET_RE = re.compile(
    r"\b(?:in|into|to)\s+(french|spanish|german|italian|chinese|japanese|english)\b"
    r"|(?:翻译成|翻譯成|译成|翻成)\s*(英文|英语|中文|法语|日语|德语)",
    re.IGNORECASE,
)
_TARGET_NAMES = {
    "英文": "english", "英语": "english", "中文": "chinese",
    "法语": "french", "日语": "japanese", "德语": "german",
}  # fmt: skip
# The quoted text holds no quote mark of either kind, so each start reads only up to the
# next mark (a run of openers without closers would otherwise be read once per opener).
_QUOTED_RE = re.compile(r"[\"“«「『']([^\"“«「『'”»」』]{2,})[\"”»」』']")
_WORD_RE = re.compile(r"[A-Za-z']+|[\u4e00-\u9fff]+|[^A-Za-z'\u4e00-\u9fff]+")

_FROM_ENGLISH: dict[str, dict[str, str]] = {
    "french": {
        "hello": "bonjour", "good": "bon", "morning": "matin", "thank": "merci",
        "thanks": "merci", "you": "vous", "the": "le", "a": "un", "is": "est", "are": "sont",
        "and": "et", "i": "je", "love": "aime", "world": "monde", "how": "comment",
        "where": "où", "what": "quoi", "today": "aujourd'hui", "weather": "temps",
        "friend": "ami", "please": "s'il vous plaît", "book": "livre", "house": "maison",
        "cat": "chat", "dog": "chien", "water": "eau", "beautiful": "beau", "my": "mon",
        "time": "temps", "day": "jour", "yes": "oui", "no": "non", "with": "avec",
    },
    "spanish": {
        "hello": "hola", "good": "buen", "morning": "día", "thank": "gracias",
        "thanks": "gracias", "you": "tú", "the": "el", "a": "un", "is": "es", "are": "son",
        "and": "y", "i": "yo", "love": "amo", "world": "mundo", "how": "cómo",
        "where": "dónde", "what": "qué", "today": "hoy", "weather": "tiempo",
        "friend": "amigo", "please": "por favor", "book": "libro", "house": "casa",
        "cat": "gato", "dog": "perro", "water": "agua", "beautiful": "hermoso", "my": "mi",
        "time": "tiempo", "day": "día", "yes": "sí", "no": "no", "with": "con",
    },
    "german": {
        "hello": "hallo", "good": "guten", "morning": "Morgen", "thank": "danke",
        "thanks": "danke", "you": "du", "the": "der", "a": "ein", "is": "ist", "are": "sind",
        "and": "und", "i": "ich", "love": "liebe", "world": "Welt", "how": "wie",
        "where": "wo", "what": "was", "today": "heute", "weather": "Wetter",
        "friend": "Freund", "please": "bitte", "book": "Buch", "house": "Haus",
        "cat": "Katze", "dog": "Hund", "water": "Wasser", "beautiful": "schön", "my": "mein",
        "time": "Zeit", "day": "Tag", "yes": "ja", "no": "nein", "with": "mit",
    },
    "italian": {
        "hello": "ciao", "good": "buon", "morning": "giorno", "thank": "grazie",
        "thanks": "grazie", "you": "tu", "the": "il", "a": "un", "is": "è", "are": "sono",
        "and": "e", "i": "io", "love": "amo", "world": "mondo", "how": "come",
        "where": "dove", "what": "cosa", "today": "oggi", "weather": "tempo",
        "friend": "amico", "please": "per favore", "book": "libro", "house": "casa",
    },
    "chinese": {
        "hello": "你好", "good": "好", "morning": "早上", "thank": "谢谢", "thanks": "谢谢",
        "you": "你", "the": "", "a": "一个", "is": "是", "are": "是", "and": "和", "i": "我",
        "love": "爱", "world": "世界", "how": "怎么", "where": "哪里", "what": "什么",
        "today": "今天", "weather": "天气", "friend": "朋友", "please": "请", "book": "书",
        "house": "房子", "cat": "猫", "dog": "狗", "water": "水", "beautiful": "美丽",
        "my": "我的", "time": "时间", "day": "天", "yes": "是", "no": "不", "with": "和",
    },
    "japanese": {
        "hello": "こんにちは", "good": "良い", "morning": "おはよう", "thank": "ありがとう",
        "thanks": "ありがとう", "you": "あなた", "the": "", "a": "", "is": "です",
        "i": "私", "love": "愛", "world": "世界", "today": "今日", "weather": "天気",
        "friend": "友達", "book": "本", "cat": "猫", "dog": "犬", "water": "水",
    },
}  # fmt: skip
_TO_ENGLISH = {
    "你好": "hello", "谢谢": "thank you", "世界": "world", "今天": "today", "天气": "weather",
    "朋友": "friend", "我": "I", "你": "you", "爱": "love", "是": "is", "很": "very",
    "好": "good", "的": "", "猫": "cat", "狗": "dog", "书": "book", "水": "water",
    "早上": "morning", "时间": "time", "美丽": "beautiful", "我们": "we", "他": "he",
}  # fmt: skip
_CJK_TARGETS = ("chinese", "japanese")


def translate(prompt: str) -> str:
    """A plausible translation of the text ``prompt`` asks to translate."""
    target = _target(prompt)
    source = _source(prompt)
    if target == "english" or (target is None and _has_cjk(source)):
        text = _render(source, _TO_ENGLISH, joiner=" ")
    else:
        joiner = "" if target in _CJK_TARGETS else " "
        text = _render(source, _FROM_ENGLISH[target or "french"], joiner=joiner)
    return text[:1].upper() + text[1:]


def _target(prompt: str) -> str | None:
    found = _TARGET_RE.search(prompt)
    if not found:
        return None
    return (found.group(1) or _TARGET_NAMES.get(found.group(2), "english")).lower()


def _source(prompt: str) -> str:
    quoted = _QUOTED_RE.search(prompt)
    if quoted:
        return quoted.group(1)
    _, colon, rest = prompt.partition(":")
    if not colon:
        _, colon, rest = prompt.partition("：")
    return (rest if colon and rest.strip() else prompt).strip()


def _render(source: str, words: dict[str, str], *, joiner: str) -> str:
    out: list[str] = []
    for token in _WORD_RE.findall(source):
        if _has_cjk(token):
            out.extend(m for m in (words.get(w, w) for w in _segment(token, words)) if m)
        elif any(ch.isalnum() for ch in token):
            mapped = words.get(token.lower(), token)
            if mapped:
                out.append(mapped)
        elif token.strip() and out:
            out[-1] += token.strip()  # punctuation sticks to the word before it
    return joiner.join(out)


def _segment(run: str, words: dict[str, str]) -> list[str]:
    """Split a run of CJK characters into dictionary words, longest match first."""
    parts: list[str] = []
    index = 0
    while index < len(run):
        size = 2 if run[index : index + 2] in words else 1
        parts.append(run[index : index + size])
        index += size
    return parts


def _has_cjk(text: str) -> bool:
    return any("\u4e00" <= ch <= "\u9fff" for ch in text)
