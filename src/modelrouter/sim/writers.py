"""The simulated model's answer texts, one writer per kind of request.

Each writer is a pure function of the prompt (and a digest of the whole request, to vary
wording), so the same request always gets the same answer. The shapes are what checks
and routers look at: code blocks that parse, numbered steps ending in "Answer: …", bullet
summaries, markdown tables. Writers never decide *which* kind a request is (see compose).
"""

from __future__ import annotations

import ast
import keyword
import operator
import re
from collections.abc import Callable, Sequence

import orjson

_STOPWORD_TEXT = (
    "a an the and or but if then than that this these those is are was were be been "
    "being to of in on at by for with about from into over under as it its it's i me "
    "my we our you your he she they them their what which who whom how why when where "
    "can could would should will shall may might must do does did please write give "
    "tell show make explain describe create some any all just very also more most "
    "using use short brief function program code script implement want need help like "
    "know there here poem haiku story tale verse song lyrics translate translation "
    "summarize summary table csv json return answer query sql bash javascript python "
    "fix bug prove"
)
_CJK_FILLER = re.compile(
    "请|写一首|写一篇|写一个|写|关于|介绍一下|介绍|一下|的|首|诗|故事|怎么样|什么|吗|呢|你好|我|你"
)
_STOPWORDS = frozenset(_STOPWORD_TEXT.split())
_WORD_RE = re.compile(r"[A-Za-z][A-Za-z-]{2,}")
_CJK_RE = re.compile(r"[\u4e00-\u9fff]")
_SENTENCE_RE = re.compile(r"(?<=[.!?。！？])\s+|\n{2,}")
# Starts only where a run of number characters starts; possessive runs never give back.
_EXPR_RE = re.compile(
    r"(?<![-(\d.])[-(]*+\d[\d.]*+(?:\s*+(?:\*\*|[-+*/×÷^%])\s*+[-(]*+\d[\d.]*+\)*+)+"
)
_NUMBER_RE = re.compile(r"-?\d+(?:\.\d+)?")
_OPERATORS: dict[type, Callable[..., float]] = {
    ast.Add: operator.add,
    ast.Sub: operator.sub,
    ast.Mult: operator.mul,
    ast.Div: operator.truediv,
    ast.Mod: operator.mod,
    ast.Pow: operator.pow,
    ast.USub: operator.neg,
    ast.UAdd: operator.pos,
}


def pick(options: Sequence[str], digest: int) -> str:
    """One of ``options``, chosen by the request's digest."""
    return options[digest % len(options)]


def is_cjk(text: str) -> bool:
    """Whether ``text`` is mostly written in CJK characters."""
    letters = sum(1 for ch in text if ch.isalpha())
    return bool(letters) and len(_CJK_RE.findall(text)) * 3 >= letters


def topic(prompt: str, size: int = 3) -> str:
    """A few content words of ``prompt`` ("" when it has none)."""
    if is_cjk(prompt):
        return _CJK_FILLER.sub("", "".join(_CJK_RE.findall(prompt)))[:8]
    seen: list[str] = []
    for word in _WORD_RE.findall(prompt):
        lowered = word.lower()
        if lowered not in _STOPWORDS and lowered not in seen:
            seen.append(lowered)
    return " ".join(seen[:size])


def chat(prompt: str, digest: int) -> str:
    """A short conversational answer."""
    subject = topic(prompt) or "that"
    if is_cjk(prompt):
        return (
            f"关于{subject}，简单来说：先弄清目标，再从最基本的做法开始，"
            "逐步完善。需要更详细的说明吗？"
        )
    if re.match(r"\s*(hi|hello|hey|good (morning|afternoon|evening))\b", prompt, re.I):
        return "Hello! How can I help you today?"
    return pick(
        (
            f"Good question. When it comes to {subject}, a few essentials matter most: "
            "what you want to achieve, the constraints you have, and the trade-offs you "
            "can accept. Start with the simplest option that works, then refine it.",
            f"Here's a short answer: {subject} is best approached step by step. Focus on "
            "the core idea first, check it against a concrete example, and only then add "
            "the details.",
            f"In brief: for {subject}, the key points are clarity, consistency and a bit "
            "of practice. Let me know if you would like a deeper explanation.",
        ),
        digest,
    )


def code(prompt: str, digest: int) -> str:
    """A short explanation around one fenced code block in the language asked for."""
    lowered = prompt.lower()
    language = next((name for name, cue in _LANGUAGE_CUES if re.search(cue, lowered)), "python")
    body = _PYTHON_SNIPPETS.get(_python_cue(lowered), "") if language == "python" else ""
    body = body or _generic_snippet(language, topic(prompt))
    closing = pick(
        (
            "It runs in linear time and needs no third-party packages.",
            "The function has no side effects, so it is easy to test.",
            "Adjust the names to fit your codebase; the logic stays the same.",
        ),
        digest,
    )
    label = {"javascript": "JavaScript", "sql": "SQL"}.get(language, language.capitalize())
    return f"Here's a {label} implementation:\n\n```{language}\n{body}```\n\n{closing}"


_LANGUAGE_CUES = (
    ("javascript", r"\b(javascript|js|node|typescript)\b"),
    ("sql", r"\b(sql|select|postgres|sqlite|mysql)\b"),
    ("bash", r"\b(bash|shell|sh script)\b"),
)
_PYTHON_SNIPPETS = {
    "fib": 'def fibonacci(n: int) -> list[int]:\n    """Return the first n Fibonacci numbers."""\n'
    "    numbers = []\n    a, b = 0, 1\n    for _ in range(n):\n        numbers.append(a)\n"
    '        a, b = b, a + b\n    return numbers\n\n\nif __name__ == "__main__":\n'
    "    print(fibonacci(10))\n",
    "prime": 'def is_prime(n: int) -> bool:\n    """Tell whether n is a prime number."""\n'
    "    if n < 2:\n        return False\n    divisor = 2\n    while divisor * divisor <= n:\n"
    "        if n % divisor == 0:\n            return False\n        divisor += 1\n"
    '    return True\n\n\nif __name__ == "__main__":\n'
    "    print([n for n in range(20) if is_prime(n)])\n",
    "revers": 'def reverse_text(text: str) -> str:\n    """Return text reversed."""\n'
    '    return text[::-1]\n\n\nif __name__ == "__main__":\n    print(reverse_text("hello"))\n',
    "sort": 'def sort_items(items: list[int]) -> list[int]:\n    """Return items in ascending '
    'order (merge sort)."""\n    if len(items) <= 1:\n        return list(items)\n'
    "    middle = len(items) // 2\n    left, right = sort_items(items[:middle]), "
    "sort_items(items[middle:])\n    merged = []\n    while left and right:\n"
    "        merged.append(left.pop(0) if left[0] <= right[0] else right.pop(0))\n"
    "    return merged + left + right\n",
}


def _python_cue(lowered: str) -> str:
    return next((cue for cue in _PYTHON_SNIPPETS if cue in lowered), "")


def _generic_snippet(language: str, subject: str) -> str:
    words = [w for w in re.findall(r"[a-z]+", subject) if w][:3] or ["process", "items"]
    name = "_".join(words)
    if keyword.iskeyword(name) or not name.isidentifier():
        name = "process_items"
    doc = " ".join(words).capitalize()
    if language == "javascript":
        camel = words[0] + "".join(w.capitalize() for w in words[1:])
        return (
            f"// {doc}\nfunction {camel}(items) {{\n  const counts = {{}};\n"
            "  for (const item of items) {\n    counts[item] = (counts[item] || 0) + 1;\n"
            "  }\n  return counts;\n}\n"
        )
    if language == "sql":
        return (
            f"-- {doc}\nSELECT category, COUNT(*) AS total\nFROM items\n"
            "GROUP BY category\nORDER BY total DESC;\n"
        )
    if language == "bash":
        return (
            f'#!/usr/bin/env bash\n# {doc}\nset -euo pipefail\nfor file in "$@"; do\n'
            '  wc -l "$file"\ndone\n'
        )
    return (
        f'def {name}(items: list[str]) -> dict[str, int]:\n    """{doc}: count each item."""\n'
        "    counts: dict[str, int] = {}\n    for item in items:\n"
        "        counts[item] = counts.get(item, 0) + 1\n    return counts\n\n\n"
        f'if __name__ == "__main__":\n    print({name}(["a", "b", "a"]))\n'
    )


def creative(prompt: str, digest: int) -> str:
    """Verse for poems and songs, a short prose piece for stories."""
    subject = topic(prompt, 2) or "the sea"
    if is_cjk(prompt):
        return (
            f"《{subject}》\n\n晨光落在{subject}上，\n清风把往事轻轻吹散；\n"
            "夜色里有一盏灯，\n照亮归来的路。"
        )
    lowered = prompt.lower()
    if "haiku" in lowered:
        return f"Quiet {subject} waits\nmorning light on silent stones\none bird starts to sing"
    if re.search(r"poem|verse|sonnet|song|lyric|limerick|rhyme", lowered):
        return (
            f"Beneath the sky of {subject} we stand,\nthe hours unfold like folded light;\n"
            "a whisper carried from the land\nturns every shadow into sight.\n\n"
            f"And when the evening finds us here,\nthe {subject} keeps what we began:\n"
            "a little warmth, a little fear,\nthe quiet courage of a plan."
        )
    return pick(
        (
            f"Once upon a time, in a town known for its {subject}, there lived a young "
            "clockmaker who could not keep time. Every morning she set out to fix the "
            "great tower clock, and every evening it ran a little slower. One winter night "
            "she discovered why: the clock was waiting for someone. When the stranger "
            "finally arrived, the hands leapt forward, and the town woke to a new day.",
            f"The first thing Mara noticed about the {subject} was the silence. No birds, "
            "no wind, only the soft tick of her own heartbeat. She took one step, then "
            "another, and the world began to hum again, as if it had been holding its "
            "breath until she decided to move.",
        ),
        digest,
    )


def summary(document: str, question: str) -> str:
    """A bullet summary of ``document``, answering ``question`` in one line when asked."""
    instruction, colon, rest = document.partition(":")
    if colon and len(instruction) < 120 and rest.strip():
        document = rest  # "Summarize this: <text>" summarises the text, not the request
    sentences = [s.strip() for s in _SENTENCE_RE.split(document) if len(s.split()) >= 3]
    if not sentences:
        sentences = [document.strip()[:200] or "The document is empty."]
    step = max(1, len(sentences) // 5)
    bullets = [_clip(s, 25) for s in sentences[::step][:5]]
    lead = "以下是文档摘要：" if is_cjk(document) else "Here is a summary of the document:"
    text = lead + "\n\n" + "\n".join(f"- {b}" for b in bullets)
    if question.strip().endswith(("?", "？")):
        text += f"\n\nIn short: {bullets[0]}"
    return text


def _clip(sentence: str, words: int) -> str:
    parts = sentence.split()
    return " ".join(parts[:words]) + (" …" if len(parts) > words else "")


def math(prompt: str, digest: int) -> str:
    """Numbered steps and a final "Answer: …" line."""
    expression = _EXPR_RE.search(prompt)
    value = _evaluate(expression.group()) if expression else None
    if expression and value is not None:
        shown = expression.group().strip()
        steps = [
            f"Identify the expression to evaluate: {shown}.",
            "Apply the usual order of operations: parentheses, powers, then "
            "multiplication and division, then addition and subtraction.",
            f"Compute the result: {shown} = {value}.",
            "Check the result by estimating the magnitude; it is consistent.",
        ]
        return _steps(steps, value)
    numbers = _NUMBER_RE.findall(prompt)
    if numbers:
        total = _format(sum(float(n) for n in numbers))
        steps = [
            f"List the quantities given: {', '.join(numbers)}.",
            "Combine them as the question describes.",
            f"Add them up: {' + '.join(numbers)} = {total}.",
        ]
        return _steps(steps, total)
    subject = topic(prompt) or "the claim"
    steps = [
        f"State what must be shown about {subject}.",
        "Consider the general case and the edge cases separately.",
        "In each case the assumptions lead to the same conclusion.",
    ]
    return _steps(steps, pick(("yes, it holds in general", "it follows directly"), digest))


def weak(prompt: str) -> str:
    """A weak answer: the quantities added up wrongly, or a guess when there are none."""
    numbers = _NUMBER_RE.findall(prompt)
    if not numbers:
        return "I am not sure, the question is unclear. Maybe it holds, maybe not."
    wrong = _format(sum(float(n) for n in numbers) + 1)
    steps = [
        f"List the quantities given: {', '.join(numbers)}.",
        f"Add them up: {' + '.join(numbers)} = {wrong}.",
    ]
    return _steps(steps, wrong)


def _steps(steps: list[str], answer: str) -> str:
    numbered = "\n".join(f"{i}. {step}" for i, step in enumerate(steps, 1))
    return f"Let's work through it step by step.\n\n{numbered}\n\nAnswer: {answer}"


def _evaluate(expression: str) -> str | None:
    """The value of a small arithmetic expression, or None if it is not one."""
    source = expression.replace("×", "*").replace("÷", "/").replace("^", "**")
    try:
        value = _eval_node(ast.parse(source.strip(), mode="eval").body)
    except (SyntaxError, ValueError, ZeroDivisionError, OverflowError):
        return None
    return _format(value)


def _eval_node(node: ast.expr) -> float:
    if isinstance(node, ast.Constant) and isinstance(node.value, int | float):
        return float(node.value)
    if isinstance(node, ast.UnaryOp) and type(node.op) in _OPERATORS:
        return _OPERATORS[type(node.op)](_eval_node(node.operand))
    if isinstance(node, ast.BinOp) and type(node.op) in _OPERATORS:
        left, right = _eval_node(node.left), _eval_node(node.right)
        if isinstance(node.op, ast.Pow) and abs(right) > 64:
            raise ValueError("exponent too large")
        return _OPERATORS[type(node.op)](left, right)
    raise ValueError("not arithmetic")


def _format(value: float) -> str:
    if value == int(value) and abs(value) < 1e15:
        return str(int(value))
    return f"{value:.6g}"


def table(prompt: str) -> str:
    """A small markdown table about the prompt's subject."""
    words = topic(prompt, 3).split() or ["alpha", "beta", "gamma"]
    rows = [(w.capitalize(), f"Notes on {w}", str(10 * (i + 1))) for i, w in enumerate(words)]
    lines = ["| Item | Description | Value |", "| --- | --- | --- |"]
    lines += [f"| {a} | {b} | {c} |" for a, b, c in rows]
    return "Here is a summary table:\n\n" + "\n".join(lines)


def tool_result(result: str) -> str:
    """A text answer that uses a tool's result."""
    compact = " ".join(result.split())
    try:
        data = orjson.loads(compact)
    except orjson.JSONDecodeError:
        data = None
    if isinstance(data, dict) and data:
        facts = [f"{k} is {v}" for k, v in list(data.items())[:4] if not isinstance(v, dict)]
        if facts:
            return "According to the tool result, " + ", ".join(facts) + "."
    return f"According to the tool result: {_clip(compact, 40) or '(empty)'}"
