"""Baseline costs for the rollups: what a request's answer would have cost on each single
catalog model, priced as the usage report prices it (``ledger_report.ASSUMPTION``).

The ledger writer calls the function ``pricer`` returns for every answered request, off
the request path; it reads the settings through a callable, so refreshed prices apply.
"""

from __future__ import annotations

from collections.abc import Callable

from modelrouter.config.schema import Settings
from modelrouter.pricing import cost
from modelrouter.reports.ledger_report import NOT_REPRICED, reference_models
from modelrouter.reports.source import usage_of, utc
from modelrouter.store.judge_queue import JUDGE_API
from modelrouter.store.rollups import Baselines, Row


def pricer(settings_of: Callable[[], Settings]) -> Baselines:
    """The ``Baselines`` of the reference models of ``settings_of()`` (the strongest, as
    the report names them); judge calls, embeddings and pass-through requests are not
    re-priced, as in the report. Only those models: pricing every catalog model cost the
    writer ~80 us a request."""

    def baselines(answer: Row, request: Row) -> dict[str, float]:
        if request["api"] == JUDGE_API or request["task"] in NOT_REPRICED:
            return {}
        settings = settings_of()
        usage, when = usage_of(answer), utc(request["ts"])
        return {
            name: cost(settings.models[name], usage, when) for name in reference_models(settings)
        }

    return baselines
