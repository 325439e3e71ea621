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
    deployment: str | None = None  # ``model@provider``: where it was called
    outcome: AttemptOutcome = "ok"
    error: str | None = None
    message: str | None = None
    usage: Usage = field(default_factory=Usage)
    usage_estimated: bool = False  # the upstream's own count never arrived
    cost_usd: float = 0.0
    latency_ms: float = 0.0
    ttft_ms: float | None = None
    backoff_s: float | None = None  # the back-off chosen before retrying it (None: move on)
    backoff_ms: float | None = None  # the back-off actually waited after it
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
    deployment: str | None = None
    outcome: RequestOutcome = "failed"
    latency_ms: float = 0.0
    # The model the policy would have tried first with every deployment healthy and the
    # caller's own budget mode; an answer from any other model is a fallback (or an
    # escalation), and ``fallback_reason`` says why: the first choice's error kind
    # (``unavailable``, ``timeout``, ...), ``circuit_open``, ``rate_limited`` (cooling
    # down after a 429), ``budget`` (economy forced by a budget), ``check_failed``.
    first_choice: str | None = None
    fallback_reason: str | None = None
    # Time spent waiting between attempts (retry back-off, waiting for a deployment to
    # recover): neither upstream time nor the gateway's own overhead.
    backoff_ms: float = 0.0

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
        self.deployment = answered.deployment
        first = self.first_choice or (self.plan or self.attempts or [answered])[0].model
        if answered.model == first:
            self.fallback_reason = None
        else:
            self.fallback_reason = self._why_not(first)
        if answered.outcome == "check_failed":
            self.outcome = "check_failed"
        elif any(a.outcome == "check_failed" for a in self.attempts):
            self.outcome = "escalated"
        elif answered.model != first:
            self.outcome = "fallback"
        else:
            self.outcome = "ok"

    def _why_not(self, first: str) -> str:
        """Why the first choice did not answer: its last attempt's failure, else the
        reason noted when it was left out (circuit, cool-down, budget)."""
        for attempt in reversed(self.attempts):
            if attempt.model != first:
                continue
            if attempt.outcome == "check_failed":
                return "check_failed"
            if attempt.error:
                return attempt.error
        return self.fallback_reason or "skipped"

    def fallback_error(self) -> str | None:
        """What kept the first choice from answering, for the log line (None when it
        answered): its last error, or why it was left out."""
        first = self.first_choice
        if self.fallback_reason is None or first is None:
            return None
        for attempt in reversed(self.attempts):
            if attempt.model == first and attempt.outcome in ("error", "check_failed"):
                return f"{first}: {attempt.error or attempt.outcome}: {attempt.message}"
        if first in self.skipped:
            return f"{first}: {self.skipped[first]}"
        if self.fallback_reason == "budget":
            return f"{first}: a budget is nearly spent, economy mode chose another model"
        return f"{first}: {self.fallback_reason}"

    def to_dict(self) -> dict[str, Any]:
        """The trace as plain data (for JSON output and the ledger)."""
        data = asdict(self)
        data["cost_usd"] = self.cost_usd
        for attempt, raw in zip(self.attempts, data["attempts"], strict=True):
            raw["usage"] = attempt.usage.model_dump()
        return data
