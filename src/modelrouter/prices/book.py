"""The price book: the catalog as priced right now, swapped whole when prices change.

Price lists from files or URLs are laid over the built-in dated table: an entry from a
source is added to the model's dated list (replacing one with the same date), so
requests are still priced by the entry in force on their own date. Readers always see a
complete catalog; ``apply`` builds a new one and swaps it in one assignment, so a price
change reaches the planner and the cost of the next request without a restart.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

from modelrouter.config.price_spec import PriceSpec
from modelrouter.config.schema import ModelSpec
from modelrouter.pricing import price_in_force

Overlay = Mapping[str, list[PriceSpec]]
_FIELDS = ("input", "cached_input", "output", "cache_write_5m", "cache_write_1h")


@dataclass(frozen=True, slots=True)
class Change:
    """One model's price that differs between two books, at one moment."""

    model: str
    field: str
    before: float | None
    after: float | None


class PriceBook:
    """The catalog with current prices."""

    def __init__(self, models: Mapping[str, ModelSpec]) -> None:
        self._models: dict[str, ModelSpec] = dict(models)
        self.version = 0

    @property
    def models(self) -> Mapping[str, ModelSpec]:
        """Every catalog model, priced as of the last ``apply``."""
        return self._models

    def model(self, model_id: str) -> ModelSpec:
        """One catalog model with its current price list."""
        return self._models[model_id]

    def merged(self, overlay: Overlay) -> dict[str, ModelSpec]:
        """The catalog with ``overlay``'s entries added (unknown models are ignored)."""
        models = dict(self._models)
        for model_id, entries in overlay.items():
            if model_id not in models or not entries:
                continue
            dated = {p.effective: p for p in models[model_id].prices}
            dated |= {p.effective: p for p in entries}
            prices = [dated[day] for day in sorted(dated)]
            models[model_id] = models[model_id].model_copy(update={"prices": prices})
        return models

    def apply(self, overlay: Overlay, when: dt.datetime) -> list[Change]:
        """Lay ``overlay`` over the book now; returns what changed at ``when``."""
        merged = self.merged(overlay)
        changes = diff(self._models, merged, when)
        self._models = merged
        self.version += 1
        return changes


def diff(
    before: Mapping[str, ModelSpec], after: Mapping[str, ModelSpec], when: dt.datetime
) -> list[Change]:
    """Price fields in force at ``when`` that differ between two catalogs."""
    changes = []
    for model_id in sorted(set(before) & set(after)):
        old = price_in_force(before[model_id], when)
        new = price_in_force(after[model_id], when)
        for name in _FIELDS:
            a, b = getattr(old, name), getattr(new, name)
            if a != b:
                changes.append(Change(model_id, name, a, b))
    return changes
