"""Prices as data: one model's price from the date it took effect, with its source,
long-context tiers, peak windows and service-tier multiples (USD per million tokens)."""

from __future__ import annotations

import datetime as dt

from pydantic import Field, field_validator

from modelrouter.config.base import Strict


class LongContextTier(Strict):
    """Prices that apply to the whole request once its input passes ``threshold`` tokens."""

    threshold: int = Field(gt=0)
    input: float = Field(ge=0)
    output: float = Field(ge=0)
    cached_input: float | None = Field(default=None, ge=0)


class PeakPrice(Strict):
    """Prices in force during peak windows (UTC), e.g. DeepSeek's."""

    windows: list[str] = Field(min_length=1, description="UTC windows like '01:00-04:00'")
    weekdays_only: bool = True
    input: float = Field(ge=0)
    output: float = Field(ge=0)
    cached_input: float | None = Field(default=None, ge=0)

    @field_validator("windows")
    @classmethod
    def _check_windows(cls, windows: list[str]) -> list[str]:
        for window in windows:
            start, _, end = window.partition("-")
            for part in (start, end):
                dt.time.fromisoformat(part.strip())
        return windows


class PriceSpec(Strict):
    """One price of one model, USD per million tokens, from the date it took effect."""

    effective: dt.date
    source: str = Field(min_length=1)
    input: float = Field(ge=0)
    output: float = Field(ge=0)
    cached_input: float | None = Field(default=None, ge=0)
    cache_write_5m: float | None = Field(default=None, ge=0)
    cache_write_1h: float | None = Field(default=None, ge=0)
    long_context: LongContextTier | None = None
    peak: PeakPrice | None = None
    service_tiers: dict[str, float] = Field(
        default_factory=dict,
        description="service_tier -> multiple of these prices (flex: 0.5); others are refused",
    )

    @field_validator("service_tiers")
    @classmethod
    def _positive_tiers(cls, tiers: dict[str, float]) -> dict[str, float]:
        for name, factor in tiers.items():
            if factor <= 0:
                raise ValueError(f"{name}: a tier's price multiple must be above 0")
        return tiers
