"""The learned answer check, served: the check the ``combined`` policy uses offline,
judging live answers (``routing.checks: [..., learned]``).

It predicts P(the answer is good) from the answer's words and shape and the prompt's
shape (``learn/answer_check.py``) and fails the answer, so the request escalates to a
stronger model, when that is below ``routing.learned_check.threshold``. It judges only
answers to task types it was trained on (or those configured): others are skipped, as
are answers without text (tool calls; ``empty`` judges those) and, when
``routing.learned_check.models`` is set, answers of other models (a check fitted on one
model's answers misjudges another's style: the shipped one fails most of GPT-4's good
answers). The model comes from the
file ``modelrouter train`` writes beside a router, else the shipped one (fitted on the
GSM8K answers of the shared routellm file's train split). Loading needs numpy and
scikit-learn's feature code; it happens once, when the check is built, and a missing or
invalid file stops start-up naming ``routing.learned_check.file``.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from modelrouter.check.base import Verdict, skipped
from modelrouter.config.schema import Settings
from modelrouter.errors import ConfigError
from modelrouter.learn.answer_check import AnswerCheckModel, load_answer_check
from modelrouter.types import ChatRequest, ChatResponse

SHIPPED = "default.answer-check.json"


def shipped_path() -> Path:
    """The answer check shipped with the package."""
    return Path(str(resources.files("modelrouter.check").joinpath("data", SHIPPED)))


class LearnedCheck:
    """Fails an answer whose predicted chance of being good is below the threshold."""

    name = "learned"

    def __init__(self, settings: Settings) -> None:
        spec = settings.routing.learned_check
        path = Path(spec.file) if spec.file else shipped_path()
        try:
            self.model: AnswerCheckModel = load_answer_check(path)
        except ConfigError as exc:
            raise ConfigError(f"routing.learned_check.file: {exc}") from exc
        self.threshold = spec.threshold
        self.tasks = frozenset(spec.tasks if spec.tasks is not None else self.model.tasks)
        # the names an answer may carry: catalog ids and the names upstreams know them by
        self.models = None
        if spec.models is not None:
            upstream = (settings.models[m].upstream for m in spec.models)
            self.models = tuple({*spec.models, *(u for u in upstream if u)})

    def check(self, request: ChatRequest, response: ChatResponse, task: str) -> Verdict:
        """P(good) of this answer against the threshold; skipped outside its task types."""
        if task not in self.tasks:
            return skipped(self.name, f"not trained on {task} answers")
        if self.models is not None and not response.model.startswith(self.models):
            return skipped(self.name, f"not set to judge {response.model} answers")
        text = response.text
        if not text.strip():
            return skipped(self.name, "no text to judge")
        prompt = request.last_user_text() or " "
        p = float(self.model.confidence([prompt], [text])[0])
        if p < self.threshold:
            return Verdict(self.name, False, p, f"P(good answer) {p:.2f} < {self.threshold:g}")
        return Verdict(self.name, True, p, f"P(good answer) {p:.2f} >= {self.threshold:g}")
