"""Settings of the learned answer check (``routing.learned_check``): which fitted check,
below which predicted chance of a good answer it fails, and for which task types."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field


class LearnedCheckSpec(BaseModel):
    """The learned answer check ``routing.checks: [..., learned]`` runs."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    file: str | None = Field(
        default=None,
        description="answer-check file written by `modelrouter train` (NAME.answer-check."
        "json); default: the shipped check, fitted on GSM8K answers",
    )
    threshold: float = Field(
        default=0.5, ge=0, le=1, description="fail (escalate) when P(good answer) is below this"
    )
    tasks: list[str] | None = Field(
        default=None, description="task types it judges (default: those it was trained on)"
    )
    models: list[str] | None = Field(
        default=None,
        description="catalog models whose answers it judges (default: every model); a check "
        "fitted on one model's answers misjudges others' (docs/routing-evaluation.md)",
    )
