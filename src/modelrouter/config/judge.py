"""Settings of the sampled LLM judge (``judge``): which model judges, how many answers per
task, with which rubric, and how much it may spend a day."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

_DEFAULT_RUBRIC = (
    "Is the answer correct, complete and responsive to the question? 1 for an answer a "
    "careful expert would accept as is, 0 for a wrong, evasive or empty one."
)


DEFAULT_RUBRICS: dict[str, str] = {
    "code": (
        "Does the code do what was asked, run as written (no syntax errors, no invented "
        "APIs), and handle the obvious edge cases? Explanations must match the code."
    ),
    "long_context": (
        "Does the answer use the document: facts and figures taken from it, nothing "
        "invented, the question answered rather than the document restated?"
    ),
    "reasoning": (
        "Is the final answer right and does the working support it? A wrong final "
        "answer scores 0 however tidy the steps; a hedge or a guess scores 0."
    ),
    "simple": (
        "Is the answer correct and direct? Short is fine; wrong, evasive or off-topic is not."
    ),
    "creative": (
        "Does the text follow the brief (form, length, subject, tone) and read well? "
        "A refusal or a text on another subject scores 0."
    ),
    "data_analysis": (
        "Are the figures right and the requested structure (table, JSON, columns) "
        "respected? Invented data or a wrong aggregate scores 0."
    ),
}


def _default_rubrics() -> dict[str, str]:
    """One rubric for each of the six shipped task types."""
    return dict(DEFAULT_RUBRICS)


class JudgeSpec(BaseModel):
    """The sampled judge: runs off the request path, on a bounded queue in the ledger's
    database; its calls are priced and recorded as judge attempts."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    enabled: bool = Field(default=False, description="sample answers and judge them")
    model: str | None = Field(
        default=None, description="catalog model id that judges (required when enabled)"
    )
    share: float = Field(default=0.02, ge=0, le=1, description="share of answers judged")
    shares: dict[str, float] = Field(
        default_factory=dict, description="task -> share, overriding ``share``"
    )
    rubrics: dict[str, str] = Field(
        default_factory=_default_rubrics, description="task -> rubric; merged over the defaults"
    )
    default_rubric: str = Field(default=_DEFAULT_RUBRIC, description="for tasks without one")
    daily_cap_usd: float = Field(
        default=1.0, ge=0, description="judge spend per UTC day; judging pauses when reached"
    )
    queue_max: int = Field(
        default=10000, ge=1, description="samples kept waiting; the oldest are dropped beyond"
    )
    batch: int = Field(default=8, ge=1, le=256, description="samples judged per round")
    concurrency: int = Field(default=4, ge=1, le=64, description="judge calls at once")
    interval_s: float = Field(default=1.0, gt=0, description="pause between rounds when idle")
    max_chars: int = Field(
        default=8000, ge=200, description="question and answer are each cut to this length"
    )
    max_tries: int = Field(default=3, ge=1, description="failed judge calls before a drop")
    seed: int | None = Field(default=None, description="seed of the sampling draws")

    def share_for(self, task: str) -> float:
        """The share of ``task``'s answers to judge."""
        return self.shares.get(task, self.share) if self.enabled else 0.0

    def rubric_for(self, task: str) -> str:
        """The rubric the judge applies to answers of ``task``."""
        return self.rubrics.get(task) or DEFAULT_RUBRICS.get(task) or self.default_rubric

    def check(self, models: set[str], tasks: set[str]) -> None:
        """Raise ValueError naming the field when this refers to an unknown model or task."""
        if self.enabled and self.model is None:
            raise ValueError("judge.model: the judge is enabled but names no catalog model")
        if self.model is not None and self.model not in models:
            raise ValueError(f"judge.model: unknown model {self.model!r}")
        for task, share in self.shares.items():
            if task not in tasks:
                raise ValueError(f"judge.shares.{task}: unknown task {task!r}")
            if not 0 <= share <= 1:
                raise ValueError(f"judge.shares.{task}: {share} is not within [0, 1]")
        for task in self.rubrics:  # the shipped rubrics stay valid with other task sets
            if task not in tasks and task not in DEFAULT_RUBRICS:
                raise ValueError(f"judge.rubrics.{task}: unknown task {task!r}")
