"""What the routing table's primary costs against the cheapest adequate model.

"Adequate" is economy mode's rule: catalog strength at least the task's ``min_strength``;
the cheapest one is the model economy mode puts first (and the adaptive policy's cost
term leans to). ``route --explain`` prints the note for its request; the README's table
is ``cost_notes`` at the reference request below (``python -m modelrouter.policy.cost_note``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Container, Mapping
from dataclasses import dataclass

from modelrouter.config.schema import ModelSpec, Settings
from modelrouter.pricing import estimate

# The README's reference request: 1,000 prompt tokens (50,000 for long documents), the
# task's typical output, on a weekday at 12:00 UTC (no peak-hour prices in force).
REFERENCE_TIME = dt.datetime(2026, 12, 7, 12, 0, tzinfo=dt.UTC)
PROMPT_TOKENS = {"long_context": 50_000}
DEFAULT_PROMPT_TOKENS = 1_000


@dataclass(frozen=True, slots=True)
class CostNote:
    """One task's primary and the cheapest adequate model, each at its expected cost."""

    task: str
    primary: str
    primary_usd: float
    cheapest: str
    cheapest_usd: float
    min_strength: int

    @property
    def ratio(self) -> float:
        """How many times the cheapest adequate model's cost the primary costs."""
        return self.primary_usd / self.cheapest_usd if self.cheapest_usd else 1.0

    def sentence(self) -> str:
        """The note as ``route --explain`` prints it."""
        if self.cheapest == self.primary:
            return (
                f"{self.primary}: ${self.primary_usd:.5f} expected; it is the cheapest adequate "
                f"model (strength >= {self.min_strength})"
            )
        return (
            f"{self.primary}: ${self.primary_usd:.5f} expected; the cheapest adequate model "
            f"{self.cheapest}: ${self.cheapest_usd:.5f} (economy mode picks it first; the adaptive "
            "policy weighs it by measured quality)"
        )


def cost_note(
    settings: Settings,
    models: Mapping[str, ModelSpec],
    task: str,
    primary: str,
    prompt_tokens: int,
    when: dt.datetime,
    unusable: Container[str] = (),
) -> CostNote | None:
    """``primary`` against the cheapest adequate usable model for ``task``; None when no
    model is adequate."""
    spec = settings.tasks[task]
    output = spec.typical_output_tokens

    def expected(model_id: str) -> float:
        return estimate(models[model_id], prompt_tokens, output, when)

    adequate = [m for m in models if models[m].strength >= spec.min_strength and m not in unusable]
    if not adequate or primary not in models:
        return None
    cheapest = min(adequate, key=lambda m: (expected(m), -models[m].strength, m))
    return CostNote(
        task, primary, expected(primary), cheapest, expected(cheapest), spec.min_strength
    )


def cost_notes(settings: Settings, when: dt.datetime = REFERENCE_TIME) -> list[CostNote]:
    """Every task's table primary at the reference request."""
    notes = []
    for task, spec in settings.tasks.items():
        tokens = PROMPT_TOKENS.get(task, DEFAULT_PROMPT_TOKENS)
        note = cost_note(settings, settings.models, task, spec.route.models()[0], tokens, when)
        if note is not None:
            notes.append(note)
    return notes


def markdown(notes: list[CostNote]) -> str:
    """The README's table."""
    rows = [
        "| task type | primary | expected | cheapest adequate | expected | primary costs |",
        "|---|---|---|---|---|---|",
    ]
    rows += [
        f"| {n.task} | {n.primary} | ${n.primary_usd:.5f} | {n.cheapest} | "
        f"${n.cheapest_usd:.5f} | {n.ratio:.1f}× |"
        for n in notes
    ]
    return "\n".join(rows)


if __name__ == "__main__":
    from modelrouter.config.loader import load_settings

    print(markdown(cost_notes(load_settings())))  # noqa: T201 - the README's table
