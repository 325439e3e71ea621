"""The default detector: configured keywords and examples plus structural signals.

Every configured task is scored from its keywords (distinct regexes matching the prose of
the message, with diminishing returns) and its closest example (IDF-weighted cosine). The
six built-in names also get structural evidence (code, tables, math, length; see
``detect.signals``). The last user message decides; earlier turns are added with a small
weight, or a large one when the last message reads as a follow-up ("yes, do it", "继续").
The default task gets a prior, so a message with no evidence falls back to it.

It never calls a model, touches the network or reads files; everything is compiled in
``__init__`` and ``detect`` is linear in the length of the conversation. The one thing
kept across requests is the evidence of recent system prompts (a bounded LRU).
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from functools import lru_cache
from itertools import repeat
from operator import sub, truediv

from modelrouter.config.schema import TaskType
from modelrouter.detect.base import TaskChoice, last_user_index, uses_tools
from modelrouter.detect.examples import ExampleIndex
from modelrouter.detect.matcher import KeywordHits, KeywordMatcher
from modelrouter.detect.signals import (
    BUILTIN,
    DATA,
    LONG,
    REASONING,
    TOOLS,
    Evidence,
    long_factor,
    ramp,
    structural,
)
from modelrouter.detect.structure import Structure, analyse
from modelrouter.detect.text import estimate_tokens, script_of, window
from modelrouter.errors import ConfigError
from modelrouter.types import ChatRequest, Message

KEYWORD_FIRST = 1.2
KEYWORD_DECAY = 0.6
EXAMPLE_WEIGHT = 2.0
EXAMPLE_FLOOR = 0.15
PRIOR = 1.0
FOLLOW_UP_WEIGHT = 0.9
BACKGROUND_WEIGHT = 0.15
SYSTEM_WEIGHT = 0.4
DATA_WORDS_ALONE = 0.7
FIGURES_AND_WORDS = 0.8
LONG_HEAD, LONG_TAIL = 400, 300
BODY_WEIGHT = 0.5
REQUEST_MIN_CHARS = 300
REQUEST_LINE_CHARS = 200
TEMPERATURE = 0.4
SYSTEM_CACHE = 256
_TURN_WEIGHTS = (1.0, 0.5, 0.25)
_ASSISTANT_WEIGHT = 0.7

# Openers of a message that continues the previous request rather than starting one.
_FOLLOW_UP = re.compile(
    r"^\W*(?:yes|yeah|yep|ok(?:ay)?|sure|please|go on|go ahead|continue|keep going|do it|more"
    r"|again|and|now|also|what about|how about|then|next|try again|make it|change it|instead"
    r"|same|but|继续|好的?|是的|对|可以|再|接着|然后|还有|那|改成|换成|重新|はい|続けて|もっと"
    r"|じゃあ|네|응|계속|더|sí|si|vale|contin[uú]a|sigue|otra vez|oui|d'accord|vas-y|encore"
    r"|ja|weiter|mach|noch|да|ага|продолжа\w*|давай|ещё|еще|sim|continue)(?!\w)",
    re.IGNORECASE,
)


class RulesDetector:
    """Scores every configured task from keywords, examples and (built-ins) structure."""

    name = "rules"

    def __init__(self, tasks: Mapping[str, TaskType], default_task: str) -> None:
        if default_task not in tasks:
            raise ConfigError(f"routing.default_task: unknown task {default_task!r}")
        self._tasks = tuple(tasks)
        self._default = default_task
        self._default_index = self._tasks.index(default_task)
        self._builtin = BUILTIN & frozenset(tasks)
        self._keywords = KeywordMatcher(tasks)
        self._examples = ExampleIndex(tasks)
        self._system = lru_cache(maxsize=SYSTEM_CACHE)(self._system_evidence)

    def detect(self, request: ChatRequest) -> TaskChoice:
        """The task of the conversation, judged mostly on its last user message."""
        evidence, text = self.evidence(request)
        return self._choose(evidence, script_of(text))

    def evidence(self, request: ChatRequest) -> tuple[Evidence, str]:
        """Every task's evidence for the conversation, and its last user message."""
        messages = request.messages
        last = last_user_index(messages)
        text = messages[last].text()
        evidence = self._message(text)
        self._add_context(evidence, text, messages[:last])
        if REASONING in self._builtin and (request.tools or uses_tools(messages)):
            evidence.add(REASONING, TOOLS, "tools offered (agentic)")
        evidence.add(self._default, PRIOR, "default")
        return evidence, text

    def _message(self, text: str) -> Evidence:
        """Structure, keywords and examples of one message."""
        shape = analyse(text)
        evidence = structural(shape, self._builtin)
        # In a long paste the request sits before or after the document, not inside it.
        if long_factor(shape) > 0:
            instruction = window(shape.instruction, LONG_HEAD, LONG_TAIL)
        else:
            instruction = window(shape.instruction)
        self._lexical(instruction, shape, evidence, _request_lines(shape.instruction))
        return evidence

    def _lexical(
        self, prose: str, shape: Structure | None, evidence: Evidence, request: str = ""
    ) -> None:
        """Keyword and example evidence; built-ins that need data or length are damped.

        When a message has a body (a pasted text), words in its request lines (the first
        and the last) count fully and words only in the body count half.
        """
        asked = self._keywords.hits(request) if request else {}
        for task, hits in self._keywords.hits(prose).items():
            score = _keyword_score(hits.count)
            if request:
                near = _keyword_score(asked[task].count) if task in asked else 0.0
                score = near + BODY_WEIGHT * max(0.0, score - near)
            more = f" +{hits.count - 1}" if hits.count > 1 else ""
            evidence.add(task, score * self._damping(task, shape), f'keyword "{hits.sample}"{more}')
            if task == DATA and task in self._builtin and shape and _figures_and_words(shape, hits):
                evidence.add(DATA, FIGURES_AND_WORDS, "figures + data words")
        for task, similarity in self._examples.similarity(prose).items():
            if similarity > EXAMPLE_FLOOR:
                score = EXAMPLE_WEIGHT * (similarity - EXAMPLE_FLOOR) / (1 - EXAMPLE_FLOOR)
                evidence.add(
                    task,
                    score * self._damping(task, shape),
                    f"like its examples ({similarity:.2f})",
                )

    def _damping(self, task: str, shape: Structure | None) -> float:
        """Words about documents need a document; words about data prefer data."""
        if shape is None or task not in self._builtin:
            return 1.0
        if task == LONG:
            return ramp(shape.prose_tokens, 0, 600)
        if task == DATA:
            return 1.0 if _has_figures(shape) or shape.table_rows >= 3 else DATA_WORDS_ALONE
        return 1.0

    def _add_context(self, evidence: Evidence, text: str, earlier: Sequence[Message]) -> None:
        """Earlier turns: a follow-up inherits their task, a new request is only nudged."""
        if not earlier:
            return
        context = Evidence()
        users = [m for m in reversed(earlier) if m.role == "user"]
        for weight, message in zip(_TURN_WEIGHTS, users, strict=False):
            context.merge(self._message(message.text()), weight)
        answers = [m for m in reversed(earlier) if m.role == "assistant" and m.content]
        if answers:
            shape = analyse(answers[0].text())
            context.merge(structural(shape, self._builtin), _ASSISTANT_WEIGHT, "answer: ")
        if context.scores:
            follow_up = self._is_follow_up(text, evidence)
            weight = FOLLOW_UP_WEIGHT if follow_up else BACKGROUND_WEIGHT
            evidence.merge(context, weight, "follow-up: " if follow_up else "earlier: ")
        system = "\n".join(m.text() for m in earlier if m.role in ("system", "developer"))
        if system:
            evidence.merge(self._system(window(system, 800, 400)), SYSTEM_WEIGHT, "system: ")

    def _system_evidence(self, system: str) -> Evidence:
        """Keyword and example evidence of a system prompt. Cached (by the window read):
        an application sends the same system prompt with every request, and ``merge``
        only reads the cached evidence."""
        prompt = Evidence()
        self._lexical(system, None, prompt)
        return prompt

    @staticmethod
    def _is_follow_up(text: str, evidence: Evidence) -> bool:
        strength = evidence.strength()
        if estimate_tokens(text) > 40:
            return strength < 0.7
        return strength < 1.3 or (_FOLLOW_UP.match(text) is not None and strength < 2.0)

    def _choose(self, evidence: Evidence, script: str) -> TaskChoice:
        """The highest score wins (the default on a tie, else the first configured task)."""
        scores = list(map(evidence.scores.get, self._tasks, repeat(0.0)))
        peak = max(scores)
        if scores[self._default_index] == peak:
            best = self._default
        else:
            best = self._tasks[scores.index(peak)]
        # exp((score - peak) / temperature), summed in task order
        shifted = map(truediv, map(sub, scores, repeat(peak)), repeat(TEMPERATURE))
        confidence = round(1.0 / sum(map(math.exp, shifted)), 3)
        return TaskChoice(best, confidence, _reason(evidence, best, script))


def _reason(evidence: Evidence, task: str, script: str) -> str:
    parts = [p for p in evidence.reasons.get(task, []) if p[1] != "default"]
    if not parts:
        return "no signal for another task (default)"
    parts.sort(key=lambda p: -p[0])
    text = " + ".join(why for _, why in parts[:3])
    return f"{text} ({script})" if script else text


def _keyword_score(count: int) -> float:
    """Diminishing returns: 1.2 for one word, 1.92 for two, 2.35 for three... at most 3."""
    return KEYWORD_FIRST * (1 - KEYWORD_DECAY**count) / (1 - KEYWORD_DECAY)


def _request_lines(instruction: str) -> str:
    """The first and last lines of a message with a body; "" for a short message.

    ``Structure.instruction`` joins non-blank lines with "\\n" and holds no other line
    break, so its lines are found with ``find`` and ``rfind``.
    """
    if len(instruction) < REQUEST_MIN_CHARS or instruction.count("\n") < 2:
        return ""
    first = instruction[: instruction.find("\n")]
    last = instruction[instruction.rfind("\n") + 1 :]
    return f"{first[:REQUEST_LINE_CHARS]}\n{last[-REQUEST_LINE_CHARS:]}"


def _has_figures(shape: Structure) -> bool:
    return shape.series >= 4 or shape.numbers >= 3


def _figures_and_words(shape: Structure, hits: KeywordHits) -> bool:
    """Several data words over some numbers, or a data word over a series of figures."""
    return shape.table_rows < 3 and (shape.series >= 4 or (hits.count >= 2 and shape.numbers >= 3))
