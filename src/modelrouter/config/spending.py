"""Settings of spending: budgets per scope, and where current prices come from
(``budgets``, ``pricing``). Data only; ``budgets.py`` and ``prices/`` act on them."""

from __future__ import annotations

from typing import Literal

from pydantic import Field, model_validator

from modelrouter.config.base import Strict


class BudgetLimit(Strict):
    """USD limits for one scope (the whole gateway, or one key)."""

    daily_usd: float | None = Field(default=None, gt=0)
    monthly_usd: float | None = Field(default=None, gt=0)
    soft_share: float = Field(
        default=0.8, gt=0, le=1, description="past this share of a limit, plan in economy mode"
    )


class BudgetSpec(Strict):
    """Spending limits: one for everything, one per key (by key name or id)."""

    total: BudgetLimit | None = None
    per_key: BudgetLimit | None = Field(default=None, description="for keys not listed")
    keys: dict[str, BudgetLimit] = Field(default_factory=dict)


class PriceSource(Strict):
    """A price list to lay over the catalog: a file, or a URL refreshed on an interval."""

    path: str | None = None
    url: str | None = None
    format: Literal["yaml", "litellm"] = "yaml"
    refresh_seconds: float = Field(default=3600.0, ge=60)
    names: dict[str, str] = Field(
        default_factory=dict, description="source model name -> catalog id, when they differ"
    )
    allow_private: bool = Field(
        default=False, description="allow a URL on a loopback, private or link-local address"
    )

    @model_validator(mode="after")
    def _one_place(self) -> PriceSource:
        if (self.path is None) == (self.url is None):
            raise ValueError("a price source needs exactly one of path or url")
        if self.url is not None and not self.url.startswith(("https://", "http://")):
            raise ValueError("url: must be http(s)")
        return self


class PricingSpec(Strict):
    """Where current prices come from, besides the built-in dated table."""

    sources: list[PriceSource] = Field(default_factory=list)
    cache_dir: str | None = Field(
        default=None, description="last good copy of URL sources (default: data directory)"
    )
