"""The pricing function against hand-computed figures from the catalog's prices."""

from __future__ import annotations

import datetime as dt

import pytest

from modelrouter.config.loader import load_settings
from modelrouter.pricing import cost, price_in_force
from modelrouter.types import Usage

MODELS = load_settings().models
# A Saturday and a Wednesday, in UTC.
SATURDAY = dt.datetime(2026, 11, 21, 12, 0, tzinfo=dt.UTC)
WEDNESDAY_PEAK = dt.datetime(2026, 11, 25, 2, 30, tzinfo=dt.UTC)
WEDNESDAY_OFF = dt.datetime(2026, 11, 25, 12, 0, tzinfo=dt.UTC)


def test_fresh_cached_written_and_output_tokens() -> None:
    usage = Usage.of(10_000, 2_000, cached=4_000, cache_write=1_000)
    # opus: 5 in, 0.5 cached, 6.25 write (5 min), 25 out per million
    expected = (5_000 * 5 + 4_000 * 0.5 + 1_000 * 6.25 + 2_000 * 25) / 1e6
    assert cost(MODELS["claude-opus-4-7"], usage, SATURDAY) == pytest.approx(expected)
    one_hour = (5_000 * 5 + 4_000 * 0.5 + 1_000 * 10 + 2_000 * 25) / 1e6
    assert cost(MODELS["claude-opus-4-7"], usage, SATURDAY, "1h") == pytest.approx(one_hour)


def test_reasoning_tokens_are_billed_as_output() -> None:
    with_reasoning = Usage.of(1_000, 3_000, reasoning=2_500)
    assert cost(MODELS["gpt-5.5"], with_reasoning, SATURDAY) == pytest.approx(
        (1_000 * 5 + 3_000 * 30) / 1e6
    )


def test_long_context_tier_prices_the_whole_request() -> None:
    below = Usage.of(272_000, 1_000)
    above = Usage.of(272_001, 1_000)
    model = MODELS["gpt-5.5"]
    assert cost(model, below, SATURDAY) == pytest.approx((272_000 * 5 + 1_000 * 30) / 1e6)
    assert cost(model, above, SATURDAY) == pytest.approx((272_001 * 10 + 1_000 * 45) / 1e6)


def test_deepseek_peak_hours_weekdays_only() -> None:
    model = MODELS["deepseek-v4-pro"]
    usage = Usage.of(1_000_000, 1_000_000)
    assert cost(model, usage, WEDNESDAY_PEAK) == pytest.approx(1.32 + 3.96)
    assert cost(model, usage, WEDNESDAY_OFF) == pytest.approx(0.66 + 1.98)
    assert cost(model, usage, SATURDAY.replace(hour=2)) == pytest.approx(0.66 + 1.98)


def test_price_in_force_on_the_request_date() -> None:
    model = MODELS["deepseek-v4-pro"]
    before = dt.datetime(2026, 8, 15, 12, tzinfo=dt.UTC)
    after = dt.datetime(2026, 8, 16, 12, tzinfo=dt.UTC)
    assert price_in_force(model, before).input == 0.435
    assert price_in_force(model, after).input == 0.66
    assert cost(model, Usage.of(1_000_000, 0), before) == pytest.approx(0.435)
