"""Prometheus metrics: requests, latency, overhead, attempts, tokens, cost, refusals.

Fallbacks and escalations are ``modelrouter_requests_total`` by ``outcome``. One registry
per app; with several worker processes, ``PROMETHEUS_MULTIPROC_DIR`` (set by
``modelrouter serve --workers N``) makes every worker's numbers add up in one scrape.
"""

from __future__ import annotations

import os
from typing import Any

from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    generate_latest,
    multiprocess,
)
from prometheus_client.metrics import MetricWrapperBase

from modelrouter import passthrough
from modelrouter.trace import Trace

PASSED = "(passthrough)"  # the model label of every pass-through id of one provider
_LATENCY_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120)
# The health's skip reasons (``health.Health.reason``), by their first words.
_UNAVAILABLE = {
    "circuit open": "circuit_open",
    "circuit half-open": "half_open",
    "cooling down after a rate limit": "rate_limited",
    "temporarily unavailable": "circuit_open",
}
_OVERHEAD_BUCKETS = (0.0005, 0.001, 0.002, 0.005, 0.01, 0.025, 0.05, 0.1)


class Metrics:
    """The gateway's counters and histograms."""

    content_type = CONTENT_TYPE_LATEST

    def __init__(self) -> None:
        self._children: dict[tuple[int, tuple[str, ...]], Any] = {}
        self.registry = CollectorRegistry()
        self._request_metrics(self.registry)
        self._upstream_metrics(self.registry)
        self._operator_metrics(self.registry)

    def _request_metrics(self, r: CollectorRegistry) -> None:
        """What callers see: requests, latency, the gateway's own time, fallbacks."""
        self.requests = Counter(
            "modelrouter_requests",
            "Requests by API, task, model, outcome and status",
            ["api", "task", "model", "outcome", "status"],
            registry=r,
        )
        self.latency = Histogram(
            "modelrouter_request_seconds",
            "Time to the full answer",
            ["api", "task"],
            buckets=_LATENCY_BUCKETS,
            registry=r,
        )
        self.overhead = Histogram(
            "modelrouter_overhead_seconds",
            "Time spent in the gateway itself",
            ["api"],
            buckets=_OVERHEAD_BUCKETS,
            registry=r,
        )
        self.backoff = Histogram(
            "modelrouter_backoff_seconds",
            "Time waited between attempts (retry back-off): not part of the overhead",
            ["api"],
            buckets=_LATENCY_BUCKETS,
            registry=r,
        )
        self.fallbacks = Counter(
            "modelrouter_fallbacks",
            "Requests answered by another model than the plan's first choice, by reason",
            ["api", "first_choice", "reason"],
            registry=r,
        )

    def _upstream_metrics(self, r: CollectorRegistry) -> None:
        """What the upstreams did: attempts, tokens, cost, skips, the judge's calls."""
        self.attempts = Counter(
            "modelrouter_attempts",
            "Upstream attempts by model, provider, role and outcome",
            ["model", "provider", "role", "outcome", "error"],
            registry=r,
        )
        self.deployment_attempts = Counter(
            "modelrouter_deployment_attempts",
            "Upstream attempts by deployment (model@provider) and outcome",
            ["deployment", "outcome", "error"],
            registry=r,
        )
        self.tokens = Counter(
            "modelrouter_tokens",
            "Tokens by model and kind",
            ["model", "kind"],
            registry=r,
        )
        self.cost = Counter(
            "modelrouter_cost_usd",
            "Cost in USD by task and model",
            ["task", "model"],
            registry=r,
        )
        self.unavailable = Counter(
            "modelrouter_unavailable_skips",
            "Candidates skipped because their deployment was unavailable (circuit, 429)",
            ["model", "reason"],
            registry=r,
        )
        self.judge = Counter(
            "modelrouter_judge",
            "Judge events: queued, judged, failed, dropped_full (queue full, oldest dropped), "
            "dropped_failed (judge call failed judge.max_tries times), capped (daily cap)",
            ["event"],
            registry=r,
        )
        self.judge_cost = Counter(
            "modelrouter_judge_cost_usd", "Spend on judge calls in USD", registry=r
        )

    def _operator_metrics(self, r: CollectorRegistry) -> None:
        """The gateway's health: circuits, providers up, unrouted and refused requests."""
        self.circuit_events = Counter(
            "modelrouter_circuit_events",
            "Circuit breakers that opened or closed, by model",
            ["model", "event"],
            registry=r,
        )
        self.provider_up = Gauge(
            "modelrouter_provider_up",
            "1 while no circuit of the provider is open, 0 while one is (per process; "
            "with several workers, the lowest)",
            ["provider"],
            registry=r,
            multiprocess_mode="livemin",
        )
        self.unrouted = Counter(
            "modelrouter_unrouted_requests",
            "Requests to no endpoint (404) or with a method it does not allow (405)",
            ["status"],
            registry=r,
        )
        self.refusals = Counter(
            "modelrouter_limit_refusals",
            "Connections and requests refused by a limit of gateway.limits",
            ["limit"],
            registry=r,
        )

    def child(self, metric: MetricWrapperBase, *labels: str) -> Any:
        """``metric.labels(*labels)``, cached: prometheus-client's lookup validates and
        locks on every call, which costs more than the increment itself."""
        key = (id(metric), labels)
        found = self._children.get(key)
        if found is None:
            found = self._children[key] = metric.labels(*labels)
        return found

    def refused(self, limit: str) -> None:
        """Count one refusal by ``limit`` (header_bytes, header_timeout, idle, body_timeout,
        connections, key_concurrency)."""
        self.child(self.refusals, limit).inc()

    def judged(self, event: str, amount: float = 1) -> None:
        """Count a judge event (``cost_usd`` adds to the judge's spend instead)."""
        if event == "cost_usd":
            self.judge_cost.inc(amount)
        else:
            self.child(self.judge, event).inc(amount)

    def observe(
        self, api: str, status: int, trace: Trace | None, seconds: float, overhead: float
    ) -> None:
        """Record one finished request."""
        task = trace.task if trace else ""
        model = (trace.model or "") if trace else ""
        # pass-through ids are whatever callers type: one label per provider, not per id
        passing = trace is not None and trace.policy == passthrough.POLICY
        if passing and trace is not None:
            model = f"{trace.provider or ''}/{PASSED}"
        outcome = trace.outcome if trace else "rejected"
        child = self.child
        child(self.requests, api, task, model, outcome, str(status)).inc()
        child(self.latency, api, task).observe(seconds)
        child(self.overhead, api).observe(max(overhead, 0.0))
        if trace is not None and trace.backoff_ms:
            child(self.backoff, api).observe(trace.backoff_ms / 1000)
        if trace is not None and trace.fallback_reason is not None:
            child(self.fallbacks, api, trace.first_choice or "", trace.fallback_reason).inc()
        for skipped, why in trace.skipped.items() if trace else ():
            reason = _UNAVAILABLE.get(why.split(" (")[0].split(",")[0])
            if reason is not None:
                child(self.unavailable, skipped, reason).inc()
        for attempt in trace.attempts if trace else ():
            name = f"{attempt.provider}/{PASSED}" if passing else attempt.model
            labels = (name, attempt.provider, attempt.role, attempt.outcome, attempt.error or "")
            child(self.attempts, *labels).inc()
            if attempt.deployment is not None:
                where = (attempt.deployment, attempt.outcome, attempt.error or "")
                child(self.deployment_attempts, *where).inc()
            usage = attempt.usage
            child(self.tokens, name, "prompt").inc(usage.prompt_tokens)
            child(self.tokens, name, "completion").inc(usage.completion_tokens)
            child(self.tokens, name, "cached").inc(usage.prompt_tokens_details.cached_tokens)
            child(self.cost, task, name).inc(attempt.cost_usd)

    def exposition(self) -> bytes:
        """The text exposition format, across workers when running several."""
        if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
            registry = CollectorRegistry()
            multiprocess.MultiProcessCollector(registry)  # type: ignore[no-untyped-call]
            return generate_latest(registry)
        return generate_latest(self.registry)
