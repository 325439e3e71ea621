"""Baseline costs for the rollups: what a request's answer would have cost on each single
catalog model, priced as the usage report prices it (``ledger_report.ASSUMPTION``).

The ledger writer calls the function ``pricer`` returns for every answered request, off
the request path; it reads the settings through a callable, so refreshed prices apply.
"""

from __future__ import annotations

from collections.abc import Callable

from modelrouter.config.schema import Settings
from modelrouter.reports.ledger_report import NOT_REPRICED
from modelrouter.reports.source import reprice
from modelrouter.store.judge_queue import JUDGE_API
from modelrouter.store.rollups import Baselines, Row


def pricer(settings_of: Callable[[], Settings]) -> Baselines:
    """The ``Baselines`` of the catalog in ``settings_of()`` (judge calls, embeddings and
    pass-through requests are not re-priced, as in the report)."""

    def baselines(answer: Row, request: Row) -> dict[str, float]:
        if request["api"] == JUDGE_API or request["task"] in NOT_REPRICED:
            return {}
        settings = settings_of()
        return {name: reprice(settings, name, answer, request["ts"]) for name in settings.models}

    return baselines
