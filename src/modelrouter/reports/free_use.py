"""What free deployments did in the ledger: requests they answered, what those answers
would have cost at the model's list price, and on how many quota days their daily quota
was used up (the rest of that day's traffic paid, or went elsewhere).

``advise`` reports it; nothing here reads the database or the clock.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass

from modelrouter.config.deployments import deployment_id
from modelrouter.config.schema import Settings
from modelrouter.reports.source import answers, reprice, utc
from modelrouter.store.ledger import Row


@dataclass(frozen=True, slots=True)
class FreeUse:
    """One free deployment of the configuration, as the ledger saw it."""

    deployment: str
    requests_per_day: int | None
    answered: int
    list_price_usd: float  # what its answers would have cost at the model's list price
    monthly_saving_usd: float
    days_used: int  # quota days on which it answered at least once
    days_spent: int  # quota days on which it answered its whole quota


def free_use(
    requests: list[Row], attempts: list[Row], settings: Settings, factor: float
) -> list[FreeUse]:
    """Each free deployment of the catalog, with what it answered in ``requests``
    (``factor`` turns the covered period into a month)."""
    answer_of = answers(requests, attempts)
    found = []
    for model_id, model in settings.models.items():
        for deployment in model.deployments:
            if not deployment.free:
                continue
            dep_id = deployment_id(model_id, deployment)
            days: Counter[str] = Counter()
            saved = 0.0
            for row in requests:
                answer = answer_of.get(row["id"])
                if answer is None or answer.get("deployment") != dep_id:
                    continue
                when: dt.datetime = utc(row["ts"])
                days[deployment.quota_day(when)[0]] += 1
                saved += reprice(settings, model_id, answer, when)
            quota = deployment.requests_per_day
            spent = sum(1 for n in days.values() if quota is not None and n >= quota)
            total = sum(days.values())
            found.append(FreeUse(dep_id, quota, total, saved, saved * factor, len(days), spent))
    return found
