"""Health of each deployment (one catalog model at its provider): circuit breakers and
rate-limit cool-downs, in process; with Redis, the deadlines other processes set are laid
over them (``state/circuits.py`` shares them; this module never does I/O).

A circuit is *closed* (calls go through), *open* (calls are skipped until its cool-down
ends) or *half-open* (a few probe calls go through; as many successes close it, one
failure opens it again with a doubled cool-down). It opens after ``failures`` failures in a
row, or when at least ``failure_share`` of the last ``window`` attempts failed. A 429 does
not count as a failure: it cools down only the deployment that sent it, for its
Retry-After. Failures the caller caused (a rejected request, a prompt too long) are
neutral. The router owns one ``Health``; the planner reads it, the executor feeds it.
This module must never call a model nor sleep: it only answers "may I?" and "how long?".
"""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

from modelrouter.config.schema import CircuitSpec
from modelrouter.errors import ProviderError, RateLimited

State = Literal["closed", "open", "half_open"]
Timer = Callable[[], float]
# Told of each circuit that opens or closes and each 429 cool-down: (model, "opened" |
# "closed" | "limited", detail); "until" in the detail is a deadline on the timer.
Listener = Callable[[str, str, dict[str, object]], None]

# Errors that say nothing about the deployment's health: the request itself was refused.
_NEUTRAL = frozenset({"rejected", "context_length"})


@dataclass
class _Circuit:
    """One deployment's breaker and its recent outcomes (True = failed)."""

    window: deque[bool]
    state: State = "closed"
    consecutive: int = 0
    opened_until: float = 0.0
    cooldown: float = 0.0
    probes_out: int = 0
    probes_ok: int = 0
    limited_until: float = 0.0
    opened: int = 0


@dataclass(slots=True)
class Pass:
    """Permission for one attempt; ``probe`` when it is a half-open circuit's probe."""

    model: str
    probe: bool = False
    done: bool = False


class Health:
    """Circuit breakers and 429 cool-downs for every deployment."""

    def __init__(self, spec: CircuitSpec, timer: Timer = time.monotonic) -> None:
        self.spec = spec
        self.timer = timer
        self._circuits: dict[str, _Circuit] = {}
        self._listeners: list[Listener] = []
        # Deadlines other processes set (shared through Redis, ``state/circuits.py``), on
        # this process's timer: model -> (circuit open until, cooling down until).
        self._remote: dict[str, tuple[float, float]] = {}

    def listen(self, listener: Listener) -> None:
        """Tell ``listener`` of every circuit that opens or closes (the gateway logs and
        counts them); it must be quick and must not raise."""
        self._listeners.append(listener)

    def _tell(self, model: str, event: str, **detail: object) -> None:
        for listener in self._listeners:
            listener(model, event, detail)

    def _of(self, model: str) -> _Circuit:
        circuit = self._circuits.get(model)
        if circuit is None:
            circuit = _Circuit(window=deque(maxlen=self.spec.window))
            self._circuits[model] = circuit
        return circuit

    def remote(self, deadlines: dict[str, tuple[float, float]]) -> None:
        """Replace the deadlines other processes set: model -> (open until, cooling down
        until), on this process's timer."""
        self._remote = deadlines

    def shared_waits(self) -> dict[str, tuple[float, float]]:
        """Seconds left on the deadlines other processes set (through Redis): model ->
        (circuit open, cooling down after a 429); passed deadlines read 0."""
        now = self.timer()
        return {m: (max(0.0, o - now), max(0.0, c - now)) for m, (o, c) in self._remote.items()}

    def wait(self, model: str) -> float:
        """Seconds until ``model`` may be called again (0 when it may be now)."""
        circuit = self._circuits.get(model)
        remote = self._remote.get(model)
        if (circuit is None and remote is None) or not self.spec.enabled:
            return 0.0
        now = self.timer()
        waits = [0.0]
        if remote is not None:
            waits += [remote[0] - now, remote[1] - now]
        if circuit is None:
            return max(waits)
        waits.append(circuit.limited_until - now)
        if circuit.state == "open":
            waits.append(circuit.opened_until - now)
        elif circuit.state == "half_open" and circuit.probes_out >= self.spec.half_open_probes:
            waits.append(min(self.spec.cooldown_s, 1.0))  # a probe is out: ask again soon
        return max(waits)

    def reason(self, model: str) -> str:
        """Why ``model`` is unavailable now, for the trace."""
        circuit = self._of(model)
        if self.kind(model) == "rate_limited":
            return f"cooling down after a rate limit ({self.wait(model):.1f}s left)"
        if circuit.state == "half_open" and model not in self._remote:
            return "circuit half-open, probes already in flight"
        return f"circuit open ({self.wait(model):.1f}s left)"

    def kind(self, model: str) -> str:
        """Why ``model`` is unavailable now, as a short stable name: ``rate_limited``
        (cooling down after a 429) or ``circuit_open`` (open or half-open)."""
        circuit = self._circuits.get(model)
        remote = self._remote.get(model)
        now = self.timer()
        if (circuit is not None and circuit.limited_until > now) or (
            remote is not None and remote[1] > now
        ):
            return "rate_limited"
        return "circuit_open"

    def unavailable(self) -> dict[str, float]:
        """Every deployment that may not be called now, with the seconds until it may."""
        waits = {model: self.wait(model) for model in {*self._circuits, *self._remote}}
        return {model: wait for model, wait in waits.items() if wait > 0}

    def admit(self, model: str) -> Pass | None:
        """A pass for one attempt on ``model`` now, or None if it must be skipped."""
        if not self.spec.enabled:
            return Pass(model)
        circuit = self._of(model)
        if self.wait(model) > 0:
            return None
        if circuit.state == "open":  # its cool-down is over
            circuit.state, circuit.probes_out, circuit.probes_ok = "half_open", 0, 0
        if circuit.state == "half_open":
            circuit.probes_out += 1
            return Pass(model, probe=True)
        return Pass(model)

    def succeeded(self, grant: Pass) -> None:
        """The attempt got an answer (whatever its checks said)."""
        if not self._settle(grant):
            return
        circuit = self._of(grant.model)
        circuit.window.append(False)
        circuit.consecutive = 0
        if grant.probe and circuit.state == "half_open":
            circuit.probes_ok += 1
            if circuit.probes_ok >= self.spec.half_open_probes:
                circuit.state, circuit.cooldown = "closed", 0.0
                circuit.window.clear()
                self._tell(grant.model, "closed")

    def failed(self, grant: Pass, exc: ProviderError) -> None:
        """The attempt failed with ``exc``."""
        if not self._settle(grant):
            return
        circuit = self._of(grant.model)
        if isinstance(exc, RateLimited):
            pause = exc.retry_after
            if pause is None:
                pause = self.spec.rate_limit_cooldown_s
            circuit.limited_until = max(circuit.limited_until, self.timer() + pause)
            self._tell(grant.model, "limited", until=circuit.limited_until)
            return
        if exc.kind in _NEUTRAL:
            return
        circuit.window.append(True)
        circuit.consecutive += 1
        if (grant.probe and circuit.state == "half_open") or self._tripped(circuit):
            self._open(circuit)
            self._tell(
                grant.model,
                "opened",
                cooldown_s=circuit.cooldown,
                error=exc.kind,
                until=circuit.opened_until,
            )

    def release(self, grant: Pass) -> None:
        """The attempt ended without a verdict (the caller went away): free its probe."""
        self._settle(grant)

    def _settle(self, grant: Pass) -> bool:
        """Mark ``grant`` used; False if it already was. Frees its probe slot."""
        if grant.done:
            return False
        grant.done = True
        if grant.probe:
            circuit = self._of(grant.model)
            circuit.probes_out = max(0, circuit.probes_out - 1)
        return True

    def _tripped(self, circuit: _Circuit) -> bool:
        if circuit.state != "closed":
            return False
        if circuit.consecutive >= self.spec.failures:
            return True
        calls = len(circuit.window)
        share = sum(circuit.window) / calls if calls else 0.0
        return calls >= min(self.spec.min_calls, self.spec.window) and (
            share >= self.spec.failure_share
        )

    def _open(self, circuit: _Circuit) -> None:
        reopened = circuit.state == "half_open"
        base = self.spec.cooldown_s
        circuit.cooldown = min(circuit.cooldown * 2, self.spec.max_cooldown_s) if reopened else base
        circuit.state = "open"
        circuit.opened_until = self.timer() + circuit.cooldown
        circuit.opened += 1
        circuit.consecutive = 0
        circuit.window.clear()

    def snapshot(self) -> dict[str, dict[str, object]]:
        """State per deployment that has been called (for metrics and tests)."""
        return {
            model: {
                "state": c.state,
                "opened": c.opened,
                "wait_s": round(self.wait(model), 3),
                "recent_failures": sum(c.window),
                "recent_calls": len(c.window),
            }
            for model, c in sorted(self._circuits.items())
        }
