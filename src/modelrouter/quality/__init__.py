"""Quality estimates of the closed loop: counts from the quality store, priors from
offline data, decay with age; read by ``modelrouter quality``, ``/admin/quality`` and the
adaptive policy."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import Engine

from modelrouter.config.schema import Settings
from modelrouter.quality.estimate import Estimate, QualityTable
from modelrouter.quality.priors import Priors, load_priors
from modelrouter.store.quality import day_of, read_counts


def load_table(
    engine: Engine, settings: Settings, now: dt.datetime, priors: Priors | None = None
) -> QualityTable:
    """The estimates as of ``now`` (raises ``QualityStoreUnavailable``)."""
    return QualityTable(
        read_counts(engine), priors or load_priors(settings), settings.quality, day_of(now)
    )


def pairs(table: QualityTable, settings: Settings) -> list[tuple[str, str]]:
    """(task, model) pairs worth showing: each task's route and whatever was observed."""
    shown = {(t, m) for t, spec in settings.tasks.items() for m in spec.route.models()}
    shown |= set(table.all)
    return sorted(shown)


def estimate_dict(estimate: Estimate) -> dict[str, Any]:
    """One estimate as plain data."""
    return {
        "task": estimate.task,
        "model": estimate.model,
        "key_id": estimate.key_id,
        "estimate": round(estimate.mean, 4),
        "interval": [round(estimate.low, 4), round(estimate.high, 4)],
        "n": round(estimate.n, 3),
        "prior": round(estimate.prior, 4),
        "prior_source": estimate.prior_source,
        "sources": estimate.sources,
    }


def estimates_json(table: QualityTable, settings: Settings) -> dict[str, Any]:
    """The whole table: every shown pair, and keys with estimates of their own."""
    rows = [estimate_dict(table.get(t, m)) for t, m in pairs(table, settings)]
    keyed = [estimate_dict(table.get(t, m, k)) for k, t, m in table.observed_keys()]
    return {"estimates": rows, "keys": keyed}


__all__ = ["Estimate", "Priors", "QualityTable", "estimates_json", "load_priors", "load_table"]
