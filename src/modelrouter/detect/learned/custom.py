"""Task types the model was not trained on: scored from their YAML keywords and examples.

A user adds a task type in configuration, with keywords (regexes) and example prompts; it
must work without retraining. Its evidence is the rules detector's (distinct keyword words
with diminishing returns, the closest example by IDF-weighted cosine) and is put on the
scale of the model's log-probabilities: one keyword hit outweighs any built-in answer, a
close example outweighs an unsure one. Built-in types are left to the model.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from modelrouter.config.schema import TaskType
from modelrouter.detect.examples import ExampleIndex
from modelrouter.detect.matcher import KeywordMatcher
from modelrouter.detect.text import window

KEYWORD_FIRST, KEYWORD_DECAY = 1.2, 0.6
EXAMPLE_WEIGHT, EXAMPLE_FLOOR = 2.0, 0.15
# logit = SCALE * evidence - OFFSET, next to log-probabilities (<= 0) of the model's classes.
SCALE, OFFSET = 2.5, 2.0


@dataclass(frozen=True, slots=True)
class CustomScore:
    """A custom task's logit and the evidence behind it."""

    logit: float
    reason: str


class CustomTasks:
    """Keyword and example evidence for the configured task types the model does not know."""

    def __init__(self, tasks: Mapping[str, TaskType], custom: frozenset[str]) -> None:
        self._custom = custom
        picked = {name: task for name, task in tasks.items() if name in custom}
        self._keywords = KeywordMatcher(picked)
        # Every configured task's examples make the IDF background, so words common to
        # all kinds of request weigh little; only the custom tasks' similarity is read.
        self._examples = ExampleIndex(tasks)

    def scores(self, text: str) -> dict[str, CustomScore]:
        """Per custom task with any evidence in ``text``, its logit and why."""
        text = window(text)
        evidence: dict[str, tuple[float, list[str]]] = {}
        for task, hits in self._keywords.hits(text).items():
            score = KEYWORD_FIRST * (1 - KEYWORD_DECAY**hits.count) / (1 - KEYWORD_DECAY)
            more = f" +{hits.count - 1}" if hits.count > 1 else ""
            evidence[task] = (score, [f'keyword "{hits.sample}"{more}'])
        for task, similarity in self._examples.similarity(text).items():
            if task in self._custom and similarity > EXAMPLE_FLOOR:
                score = EXAMPLE_WEIGHT * (similarity - EXAMPLE_FLOOR) / (1 - EXAMPLE_FLOOR)
                before, why = evidence.get(task, (0.0, []))
                evidence[task] = (before + score, [*why, f"like its examples ({similarity:.2f})"])
        return {
            task: CustomScore(SCALE * score - OFFSET, " + ".join(why))
            for task, (score, why) in evidence.items()
        }
