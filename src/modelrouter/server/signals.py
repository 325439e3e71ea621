"""Health events for the operator: each circuit that opens or closes, and each provider
that goes down (its first open circuit) or comes back (its last one closed), as log lines
and in /metrics (``modelrouter_circuit_events_total``, ``modelrouter_provider_up``).

It only listens to the router's ``Health``; it never changes what the router does.
"""

from __future__ import annotations

import logging

from modelrouter.config.schema import Settings
from modelrouter.server.logs import log
from modelrouter.server.metrics import Metrics


class HealthEvents:
    """Logs and counts circuit transitions; tracks which providers have an open circuit."""

    def __init__(self, settings: Settings, metrics: Metrics, providers: frozenset[str]) -> None:
        self.models = settings.models
        self.metrics = metrics
        self.open: dict[str, set[str]] = {}  # provider -> its models with an open circuit
        for provider in providers:
            metrics.child(metrics.provider_up, provider).set(1)

    def __call__(self, model: str, event: str, detail: dict[str, object]) -> None:
        """One circuit opened or closed (429 cool-downs are counted with the attempts)."""
        if event not in ("opened", "closed"):
            return
        detail = {k: v for k, v in detail.items() if k != "until"}  # on a private timer
        spec = self.models.get(model)
        provider = spec.provider if spec else ""
        self.metrics.child(self.metrics.circuit_events, model, event).inc()
        level = logging.WARNING if event == "opened" else logging.INFO
        log(level, f"circuit {event}", model=model, provider=provider, **detail)
        models = self.open.setdefault(provider, set())
        was_up = not models
        if event == "opened":
            models.add(model)
        else:
            models.discard(model)
        if was_up and models:
            self.metrics.child(self.metrics.provider_up, provider).set(0)
            log(logging.WARNING, "provider down", provider=provider, open_circuits=sorted(models))
        elif not was_up and not models:
            self.metrics.child(self.metrics.provider_up, provider).set(1)
            log(logging.INFO, "provider back", provider=provider)
