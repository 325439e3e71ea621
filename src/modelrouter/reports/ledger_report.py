"""The usage report: requests, tokens, cost, outcome rates and check pass rates, overall and
per group, and what the same traffic would have cost sent to each single catalog model.

Definitions (share of the group's requests):

- answered: status 200; rejected: refused at the door (outcome ``rejected``); failed:
  neither (every upstream failed, the stream was cut, the client went away).
- fallback / escalation rate: outcome ``fallback`` / ``escalated``.
- check pass rate: per check name, the share of the checks run on the group's attempts
  that passed, among those that applied; a check that did not apply (JSON not requested,
  not a code task) counts as skipped, neither run nor passed.

The routed cost is everything recorded (every attempt). The single-model cost re-prices
each request's answering attempt (see ``source.answers``) on that model from its recorded
token counts, at the price in force at the request's own time (``ASSUMPTION``).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from typing import Literal

from modelrouter.config.schema import Settings
from modelrouter.reports.source import Period, answers, reprice, utc
from modelrouter.store.ledger import Row

GroupBy = Literal["task", "model", "deployment", "key", "day"]
GROUPINGS: tuple[GroupBy, ...] = ("task", "model", "deployment", "key", "day")
ASSUMPTION = (
    "Single-model costs assume every answered request would have used exactly the same "
    "token counts (prompt, cached, completion, reasoning) on that model as on the model "
    "that answered it, priced at the catalog price in force at the request's own time, "
    "and answered at the first attempt. Real counts differ between models (tokenizers, "
    "answer lengths). The routed cost is what was recorded: every attempt, retries, "
    "fallbacks and escalations included."
)


@dataclass(frozen=True, slots=True)
class CheckRate:
    """How often one check judged an answer (``runs``), passed it, or did not apply."""

    runs: int
    passed: int
    pass_rate: float | None  # None when it never applied
    skipped: int = 0


@dataclass(frozen=True, slots=True)
class GroupStats:
    """Everything the report shows for one group of requests (or for all of them)."""

    group: str
    requests: int
    answered: int
    rejected: int
    failed: int
    prompt_tokens: int
    cached_tokens: int
    completion_tokens: int
    reasoning_tokens: int
    cost_usd: float
    answer_cost_usd: float
    fallback_rate: float
    escalation_rate: float
    failure_rate: float
    checks: dict[str, CheckRate]
    repriced: int
    single_model_usd: dict[str, float]
    saved_vs: dict[str, float | None]
    unpriced: int = 0  # pass-through requests to models the catalog holds no price for


@dataclass(frozen=True, slots=True)
class Report:
    """The whole report: the filters, the covered period, the total and each group."""

    by: GroupBy | None
    since: str | None
    until: str | None
    key: str | None
    first: str | None
    last: str | None
    total: GroupStats
    groups: list[GroupStats]
    reference_models: list[str]
    assumption: str = ASSUMPTION


# Not chat answers a chat model could have given: embeddings, and pass-through requests
# (unpriced, so re-pricing them would credit routing with savings it did not make).
PASSTHROUGH = "passthrough"  # the task and policy ``passthrough.py`` records
NOT_REPRICED = frozenset({"embedding", PASSTHROUGH})  # ``embeddings.TASK`` too


def group_of(row: Row, by: GroupBy) -> str:
    """The group a request row belongs to (UTC days for ``day``)."""
    if by == "task":
        return str(row["task"] or "(none)")
    if by == "model":
        return str(row["model"] or "(no answer)")
    if by == "deployment":  # rows from before deployments: the model at its provider
        model, provider = row["model"], row.get("provider")
        older = f"{model}@{provider}" if model and provider else None
        return str(row.get("deployment") or older or "(no answer)")
    if by == "key":
        return str(row.get("key_name") or row["key_id"] or "(no key)")
    return utc(row["ts"]).date().isoformat()


def build_report(
    requests: list[Row],
    attempts: list[Row],
    settings: Settings,
    *,
    by: GroupBy | None = None,
    period: Period | None = None,
    key: str | None = None,
) -> Report:
    """The report over ``requests`` (time order) and their ``attempts``."""
    period = period or Period()
    by_request: dict[str, list[Row]] = defaultdict(list)
    for attempt in attempts:
        by_request[attempt["request_id"]].append(attempt)
    answer_of = answers(requests, attempts)
    priced = {
        row["id"]: _single_costs(settings, answer_of[row["id"]], row["ts"])
        for row in requests
        if row["id"] in answer_of and row["task"] not in NOT_REPRICED
    }
    context = _Context(settings, by_request, answer_of, priced)
    groups: dict[str, list[Row]] = defaultdict(list)
    if by is not None:
        for row in requests:
            groups[group_of(row, by)].append(row)
    return Report(
        by=by,
        since=_iso(period.since),
        until=_iso(period.until),
        key=key,
        first=_iso(requests[0]["ts"]) if requests else None,
        last=_iso(requests[-1]["ts"]) if requests else None,
        total=context.stats("all", requests),
        groups=[context.stats(name, rows) for name, rows in sorted(groups.items())],
        reference_models=reference_models(settings),
    )


def reference_models(settings: Settings, count: int = 2) -> list[str]:
    """The strongest catalog models: the single models people reach for by default."""
    models = settings.models
    return sorted(models, key=lambda m: (-models[m].strength, m))[:count]


def _single_costs(settings: Settings, answer: Row, when: dt.datetime) -> dict[str, float]:
    return {name: reprice(settings, name, answer, when) for name in settings.models}


def _iso(when: dt.datetime | None) -> str | None:
    return utc(when).isoformat() if when is not None else None


@dataclass(frozen=True, slots=True)
class _Context:
    settings: Settings
    attempts: dict[str, list[Row]]
    answers: dict[str, Row]
    priced: dict[str, dict[str, float]]

    def stats(self, name: str, rows: list[Row]) -> GroupStats:
        """The figures of one group."""
        count = len(rows)
        answered = sum(row["status"] == 200 for row in rows)
        rejected = sum(row["outcome"] == "rejected" for row in rows)
        failed = count - answered - rejected
        cost_usd = sum(row["cost_usd"] for row in rows)
        single = {model: 0.0 for model in self.settings.models}
        repriced = [self.priced[row["id"]] for row in rows if row["id"] in self.priced]
        for costs in repriced:
            for model, usd in costs.items():
                single[model] += usd
        return GroupStats(
            group=name,
            requests=count,
            answered=answered,
            rejected=rejected,
            failed=failed,
            prompt_tokens=sum(row["prompt_tokens"] for row in rows),
            cached_tokens=sum(row["cached_tokens"] for row in rows),
            completion_tokens=sum(row["completion_tokens"] for row in rows),
            reasoning_tokens=sum(row["reasoning_tokens"] for row in rows),
            cost_usd=cost_usd,
            answer_cost_usd=sum(
                self.answers[row["id"]]["cost_usd"] for row in rows if row["id"] in self.answers
            ),
            fallback_rate=_share(sum(row["outcome"] == "fallback" for row in rows), count),
            escalation_rate=_share(sum(row["outcome"] == "escalated" for row in rows), count),
            failure_rate=_share(failed, count),
            checks=self.checks(rows),
            repriced=len(repriced),
            single_model_usd=single,
            saved_vs={m: (1 - cost_usd / usd) if usd else None for m, usd in single.items()},
            unpriced=sum(row["task"] == PASSTHROUGH for row in rows),  # not count_tokens
        )

    def checks(self, rows: list[Row]) -> dict[str, CheckRate]:
        """Pass rates of every check run on the attempts of ``rows`` (skips apart)."""
        runs: dict[str, int] = defaultdict(int)
        passed: dict[str, int] = defaultdict(int)
        skipped: dict[str, int] = defaultdict(int)
        for row in rows:
            for attempt in self.attempts.get(row["id"], ()):
                for verdict in attempt["verdicts"] or ():
                    name = verdict["check"]
                    if verdict.get("skipped"):
                        skipped[name] += 1
                        continue
                    runs[name] += 1
                    passed[name] += bool(verdict["ok"])
        return {
            check: CheckRate(
                runs[check],
                passed[check],
                passed[check] / runs[check] if runs[check] else None,
                skipped[check],
            )
            for check in sorted({*runs, *skipped})
        }


def _share(part: int, whole: int) -> float:
    return part / whole if whole else 0.0
