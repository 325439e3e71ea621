"""Price a usage record: one pure function over the catalog's dated price entries.

Handles fresh vs cached input (read, and write by cache TTL), reasoning tokens billed as
output (they are part of ``completion_tokens``), long-context tiers (the whole request at
the higher tier once input passes the threshold), peak-hour windows, and the price in
force on the request's date. It never reads a clock: the caller passes the time.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import astuple, dataclass

from modelrouter.config.price_spec import PriceSpec
from modelrouter.config.schema import ModelSpec
from modelrouter.types import Usage

PER_TOKEN = 1e-6


@dataclass(frozen=True, slots=True)
class Rates:
    """USD per million tokens in force for one request."""

    input: float
    cached_input: float
    cache_write: float
    output: float


def price_in_force(model: ModelSpec, when: dt.datetime) -> PriceSpec:
    """The price entry in force at ``when`` (the earliest one if ``when`` predates all)."""
    current = model.prices[0]
    for entry in model.prices:
        if entry.effective <= when.date():
            current = entry
    return current


def rates(
    model: ModelSpec,
    when: dt.datetime,
    prompt_tokens: int = 0,
    cache_ttl: str = "5m",
    tier: str | None = None,
) -> Rates:
    """The per-million rates that apply to a request of ``prompt_tokens`` at ``when``, in
    service tier ``tier`` (None or ``default``: the standard prices; another tier is a
    multiple of them, ``service_tiers``; ``billable.py`` lets no request reach a model
    whose price has no entry for its tier)."""
    price = price_in_force(model, when)
    factor = 1.0 if tier in (None, "default") else price.service_tiers.get(str(tier), 1.0)
    standard = _standard_rates(price, when, prompt_tokens, cache_ttl)
    if factor == 1.0:
        return standard
    return Rates(*(factor * rate for rate in astuple(standard)))


def _standard_rates(
    price: PriceSpec, when: dt.datetime, prompt_tokens: int, cache_ttl: str
) -> Rates:
    base_input, base_output, base_cached = price.input, price.output, price.cached_input
    if price.peak is not None and _in_peak(price.peak.windows, price.peak.weekdays_only, when):
        base_input, base_output = price.peak.input, price.peak.output
        base_cached = price.peak.cached_input
    tier = price.long_context
    if tier is not None and prompt_tokens > tier.threshold:
        base_input, base_output = tier.input, tier.output
        base_cached = tier.cached_input
    write = price.cache_write_1h if cache_ttl == "1h" else price.cache_write_5m
    return Rates(
        input=base_input,
        cached_input=base_input if base_cached is None else base_cached,
        cache_write=base_input if write is None else write,
        output=base_output,
    )


def cost(
    model: ModelSpec,
    usage: Usage,
    when: dt.datetime,
    cache_ttl: str = "5m",
    tier: str | None = None,
) -> float:
    """What ``usage`` on ``model`` cost in USD at ``when`` (in service tier ``tier``)."""
    r = rates(model, when, usage.prompt_tokens, cache_ttl, tier)
    cached = usage.prompt_tokens_details.cached_tokens
    written = usage.prompt_tokens_details.cache_write_tokens
    fresh = max(usage.prompt_tokens - cached - written, 0)
    total = (
        fresh * r.input
        + cached * r.cached_input
        + written * r.cache_write
        + usage.completion_tokens * r.output
    )
    return total * PER_TOKEN


def estimate(
    model: ModelSpec,
    prompt_tokens: int,
    output_tokens: int,
    when: dt.datetime,
    tier: str | None = None,
) -> float:
    """The expected cost in USD of a request before it is sent (no cache assumed)."""
    r = rates(model, when, prompt_tokens, tier=tier)
    return (prompt_tokens * r.input + output_tokens * r.output) * PER_TOKEN


def _in_peak(windows: list[str], weekdays_only: bool, when: dt.datetime) -> bool:
    utc = when.astimezone(dt.UTC) if when.tzinfo else when
    if weekdays_only and utc.weekday() >= 5:
        return False
    now = utc.time().replace(tzinfo=None)
    for window in windows:
        start, _, end = window.partition("-")
        if dt.time.fromisoformat(start.strip()) <= now < dt.time.fromisoformat(end.strip()):
            return True
    return False
