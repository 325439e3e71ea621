"""The trace: what the router decided for one request and what every attempt did."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, Literal

from modelrouter.check.base import Verdict
from modelrouter.policy.base import Candidate, Role
from modelrouter.types import Usage

# "abandoned": the caller hung up (or stopped reading) mid-stream; what was generated
# until then is still paid for.
AttemptOutcome = Literal["ok", "error", "check_failed", "cut", "abandoned"]
RequestOutcome = Literal[
    "ok", "fallback", "escalated", "check_failed", "failed", "cut", "abandoned"
]


@dataclass(slots=True)
class Attempt:
    """One call to one model: its result, tokens, cost, timing and why it was made."""

    model: str
    provider: str
    role: Role
    reason: str
    retry: int = 0
    outcome: AttemptOutcome = "ok"
    error: str | None = None
    message: str | None = None
    usage: Usage = field(default_factory=Usage)
    usage_estimated: bool = False  # the upstream's own count never arrived
    cost_usd: float = 0.0
    latency_ms: float = 0.0
    ttft_ms: float | None = None
    backoff_s: float | None = None
    verdicts: list[Verdict] = field(default_factory=list)


@dataclass(slots=True)
class Trace:
    """The decision and every attempt for one request."""

    request_id: str
    task: str
    confidence: float
    detector: str
    detect_reason: str
    policy: str
    budget: str
    plan: list[Candidate] = field(default_factory=list)
    skipped: dict[str, str] = field(default_factory=dict)
    attempts: list[Attempt] = field(default_factory=list)
    model: str | None = None
    provider: str | None = None
    outcome: RequestOutcome = "failed"
    latency_ms: float = 0.0

    @property
    def cost_usd(self) -> float:
        """What every attempt of this request cost together."""
        return sum(a.cost_usd for a in self.attempts)

    def settle(self, answered: Attempt | None) -> None:
        """Record which attempt answered, and the request's outcome."""
        if answered is None:
            outcomes = {a.outcome for a in self.attempts}
            self.outcome = next((o for o in ("abandoned", "cut") if o in outcomes), "failed")
            return
        self.model, self.provider = answered.model, answered.provider
        if answered.outcome == "check_failed":
            self.outcome = "check_failed"
        elif any(a.outcome == "check_failed" for a in self.attempts):
            self.outcome = "escalated"
        elif len(self.attempts) > 1:
            self.outcome = "fallback"
        else:
            self.outcome = "ok"

    def to_dict(self) -> dict[str, Any]:
        """The trace as plain data (for JSON output and the ledger)."""
        data = asdict(self)
        data["cost_usd"] = self.cost_usd
        for attempt, raw in zip(self.attempts, data["attempts"], strict=True):
            raw["usage"] = attempt.usage.model_dump()
        return data
