"""The figures of a chaos run: client-visible success, latency, ledger completeness, costs
against the simulator's bill (in total here, request by request in ``accounts``), budgets
kept, slowloris connections refused, allow-lists kept, secrets never shown, resources flat.

Every figure comes from what the clients saw, the ledger (read back from the database
after the gateway stopped) and the simulator's own counters; none from the gateway's
opinion of itself.
"""

from __future__ import annotations

import sqlite3
import statistics
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from modelrouter.chaos import accounts
from modelrouter.chaos.clients import Outcome
from modelrouter.chaos.run import Observed


@dataclass
class Figures:
    """The audit's results; ``problems`` lists every check that failed."""

    requests: int = 0
    hung_up: int = 0
    succeeded: int = 0
    success_rate: float = 0.0
    statuses: dict[str, int] = field(default_factory=dict)
    latency_ms: dict[str, float] = field(default_factory=dict)
    overhead_ms: dict[str, float] = field(default_factory=dict)
    ledger: dict[str, Any] = field(default_factory=dict)
    costs: dict[str, float] = field(default_factory=dict)
    upstream: dict[str, Any] = field(default_factory=dict)
    per_request: dict[str, Any] = field(default_factory=dict)
    budget: dict[str, Any] = field(default_factory=dict)
    slowloris: dict[str, Any] = field(default_factory=dict)
    resources: dict[str, Any] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)


def _percentiles(values: list[float]) -> dict[str, float]:
    if not values:
        return {}
    ordered = sorted(values)

    def at(share: float) -> float:
        return ordered[min(len(ordered) - 1, int(share * len(ordered)))]

    return {"p50": at(0.50), "p90": at(0.90), "p99": at(0.99), "max": ordered[-1]}


def audit(observed: Observed, goal: float = 0.999) -> Figures:
    """Every figure, and every check against it."""
    figures = Figures()
    _clients(observed, figures, goal)
    with sqlite3.connect(observed.database) as db:
        db.row_factory = sqlite3.Row
        requests = [dict(r) for r in db.execute("select * from requests")]
        attempts = [dict(r) for r in db.execute("select * from attempts")]
        figures.ledger["integrity_check"] = db.execute("pragma integrity_check").fetchone()[0]
    _ledger(observed, figures, requests, attempts)
    _costs(observed, figures, attempts)
    _abandoned(observed, figures, requests, attempts)
    figures.per_request, problems = accounts.per_request(observed, attempts, requests)
    figures.problems += problems
    figures.budget, problems = accounts.budget(observed, requests)
    figures.problems += problems
    figures.slowloris, problems = accounts.slowloris(observed, requests, observed.metrics)
    figures.problems += problems
    _allow_list(observed, figures, requests, attempts)
    _secrets(observed, figures, requests, attempts)
    _resources(observed, figures)
    return figures


def _clients(observed: Observed, figures: Figures, goal: float) -> None:
    figures.requests = len(observed.outcomes)
    figures.hung_up = sum(o.hung_up for o in observed.outcomes)
    # they left on purpose, or their budget ran out as it should
    outcomes = [o for o in observed.outcomes if not (o.hung_up or _out_of_budget(o))]
    figures.succeeded = sum(o.ok for o in outcomes)
    figures.success_rate = figures.succeeded / len(outcomes) if outcomes else 0.0
    figures.statuses = dict(sorted(Counter(str(o.status) for o in outcomes).items()))
    figures.latency_ms = _percentiles([o.seconds * 1000 for o in outcomes])
    if figures.success_rate < goal:
        failed = [f"{o.request_id}: {o.status} {o.error[:200]}" for o in outcomes if not o.ok]
        figures.problems.append(
            f"success rate {figures.success_rate:.4%} below {goal:.1%}: {failed[:5]}"
        )


def _seen(outcome: Outcome) -> str:
    sent = "sent" if outcome.sent else "never sent"
    return f"{outcome.request_id}: {sent}, status {outcome.status}, {outcome.error[:160]!r}"


def _out_of_budget(outcome: Outcome) -> bool:
    return outcome.budgeted and outcome.status == 429


def _ledger(
    observed: Observed,
    figures: Figures,
    requests: list[dict[str, Any]],
    attempts: list[dict[str, Any]],
) -> None:
    sent = Counter([o.request_id for o in observed.outcomes] + observed.attacks.body_ids)
    stored = Counter(r["id"] for r in requests)
    per_request = Counter(a["request_id"] for a in attempts)
    sim_calls = sum(m["calls"] for m in observed.sim["models"].values())
    figures.overhead_ms = _percentiles([r["overhead_ms"] for r in requests])
    figures.ledger |= {
        "request_rows": len(requests),
        "attempt_rows": len(attempts),
        "upstream_calls": sim_calls,
        "missing": sorted(set(sent) - set(stored))[:10],
        "unexpected": sorted(set(stored) - set(sent))[:10],
        "duplicates": sorted(k for k, n in stored.items() if n > 1)[:10],
        "attempt_count_mismatch": sum(r["attempts"] != per_request[r["id"]] for r in requests),
    }
    led = figures.ledger
    if led["integrity_check"] != "ok":
        figures.problems.append(f"integrity_check: {led['integrity_check']}")
    seen = {o.request_id: o for o in observed.outcomes}
    # what the client saw of each missing request: the audit's failure explains itself
    led["missing_as_seen_by_the_client"] = [
        _seen(seen[m]) if m in seen else f"{m}: a slow body" for m in led["missing"]
    ]
    led["never_sent"] = sorted(o.request_id for o in observed.outcomes if not o.sent)[:10]
    if led["missing"] or led["unexpected"] or led["duplicates"]:
        figures.problems.append(
            f"ledger requests: missing {led['missing_as_seen_by_the_client']}, "
            f"unexpected {led['unexpected']}, duplicated {led['duplicates']}"
        )
    if led["attempt_count_mismatch"]:
        figures.problems.append(f"{led['attempt_count_mismatch']} requests: attempts != rows")
    # An attempt whose connection broke (a pooled connection the upstream had just closed)
    # or that timed out before its body was read may never have been counted upstream.
    mine = Counter(a["model"] for a in attempts)
    broken = Counter(a["model"] for a in attempts if a["error"] in ("connection", "timeout"))
    theirs = {m: s["calls"] for m, s in observed.sim["models"].items()}
    led["attempts_not_reaching_upstream"] = len(attempts) - sim_calls
    for model in set(mine) | {m for m, n in theirs.items() if n}:
        if not theirs[model] <= mine[model] <= theirs[model] + broken[model]:
            figures.problems.append(
                f"{model}: {mine[model]} attempts recorded ({broken[model]} broken or timed "
                f"out), {theirs[model]} upstream calls"
            )


def _costs(observed: Observed, figures: Figures, attempts: list[dict[str, Any]]) -> None:
    models = observed.sim["models"].values()
    billed = sum(m["billed_usd"] for m in models)
    clean = sum(m["clean_usd"] for m in models)
    # answers billed at the upstream's own usage: also those the client left after it came
    answered = sum(
        a["cost_usd"]
        for a in attempts
        if a["outcome"] in ("ok", "check_failed")
        or (a["outcome"] == "abandoned" and not a["usage_estimated"])
    )
    figures.costs = {
        "ledger_usd": sum(a["cost_usd"] for a in attempts),
        "ledger_answered_usd": answered,
        "upstream_billed_usd": billed,
        "upstream_clean_usd": clean,
        "billed_for_failed_calls_usd": billed - clean,
    }
    # The upstream may bill an answer it sent whole that the gateway had already given up
    # on (its timeout fired while the last bytes were in flight): the ledger can be short
    # by those, never over, and only when some attempt timed out.
    # Likewise an answer the upstream sent whole while the client was hanging up, whose
    # last bytes (its usage) never reached the gateway: it is billed at an estimate.
    tolerance = max(1e-9, 1e-6 * clean)
    timeouts = sum(a["error"] == "timeout" for a in attempts)
    estimated = sum(a["outcome"] == "abandoned" and bool(a["usage_estimated"]) for a in attempts)
    figures.costs["gap_usd"] = clean - answered
    if answered > clean + tolerance or (
        not (timeouts or estimated) and clean - answered > tolerance
    ):
        figures.problems.append(
            f"ledger cost of answered attempts {answered:.8f} != upstream bill {clean:.8f}"
        )
    faults: Counter[str] = Counter()
    for model in models:
        faults.update(model["faults"])
    figures.upstream = {"faults": dict(sorted(faults.items()))}


def _abandoned(
    observed: Observed,
    figures: Figures,
    requests: list[dict[str, Any]],
    attempts: list[dict[str, Any]],
) -> None:
    """Every stream a client hung up on is recorded as abandoned, with the prompt and the
    tokens generated, and costs money; never more than the upstream billed for it."""
    rows = {r["id"]: r for r in requests}
    left = [o.request_id for o in observed.outcomes if o.hung_up]
    free = [i for i in left if i in rows and not _billed_abandon(rows[i])]
    left_usd = sum(a["cost_usd"] for a in attempts if a["outcome"] == "abandoned")
    models = observed.sim["models"].values()
    unclean = sum(m["billed_usd"] - m["clean_usd"] for m in models)
    figures.costs |= {"abandoned_usd": left_usd, "billed_not_clean_usd": unclean}
    figures.ledger["hung_up_recorded_free"] = free[:10]
    figures.ledger["hung_up_mid_stream"] = sum(rows[i]["status"] == 499 for i in left if i in rows)
    if free:
        figures.problems.append(f"hang-ups recorded without their cost: {free[:5]}")
    # estimates assume no prompt-cache hits, so they may exceed the bill by what the cache
    # saved (the chaos workload repeats prompts); they are checked against it loosely
    if left_usd > 1.5 * unclean + 1e-9:
        figures.problems.append(
            f"abandoned streams cost {left_usd:.6f} in the ledger, more than the upstream "
            f"billed for all unfinished calls ({unclean:.6f})"
        )


def _billed_abandon(row: dict[str, Any]) -> bool:
    """A hung-up request's row: abandoned and paid for, or finished before the hang-up."""
    if row["status"] == 499:
        return bool(row["outcome"] == "abandoned" and row["cost_usd"] > 0 and row["prompt_tokens"])
    if row["status"] == 200:  # delivered whole before the gateway saw the client leave
        return bool(row["cost_usd"] > 0 and row["prompt_tokens"])
    return True  # failed before any content


def _allow_list(
    observed: Observed,
    figures: Figures,
    requests: list[dict[str, Any]],
    attempts: list[dict[str, Any]],
) -> None:
    allowed = set(observed.spec.restricted_providers)
    restricted = {r["id"] for r in requests if r["key_id"] == observed.restricted_key_id}
    used = {a["provider"] for a in attempts if a["request_id"] in restricted}
    figures.upstream["restricted_requests"] = len(restricted)
    figures.upstream["restricted_providers_used"] = sorted(used)
    if not used <= allowed:
        figures.problems.append(f"a restricted key reached {sorted(used - allowed)}")


def _secrets(
    observed: Observed,
    figures: Figures,
    requests: list[dict[str, Any]],
    attempts: list[dict[str, Any]],
) -> None:
    outputs = {
        "logs": observed.logs,
        "metrics": observed.metrics,
        "error bodies": "\n".join(o.error for o in observed.outcomes),
        "ledger": repr(requests) + repr(attempts),
        "database file": observed.database.read_bytes().decode("latin-1"),
    }
    figures.upstream["outputs_searched_bytes"] = sum(len(v) for v in outputs.values())
    logged = observed.logs.count('"msg":"request"')
    figures.upstream["request_log_lines"] = logged
    recorded = len(observed.outcomes) + len(observed.attacks.body_ids)
    if logged != recorded:
        figures.problems.append(f"{logged} request log lines for {recorded} requests")
    for name, text in outputs.items():
        for secret in observed.secrets.all():
            if secret in text:
                figures.problems.append(f"a key appears in the {name}")


def _resources(observed: Observed, figures: Figures) -> None:
    samples = observed.resources
    rss = samples.get("rss_mb", [])
    quarter = max(1, len(rss) // 4)
    early, late = statistics.median(rss[:quarter] or [0]), statistics.median(rss[-quarter:] or [0])
    figures.resources = {
        "initial": samples["initial"],
        "under_load_before": samples["before"],
        "after_load": samples["after"],
        "after_stop": samples["after_stop"],
        "rss_mb_first_quarter": round(early, 1),
        "rss_mb_last_quarter": round(late, 1),
    }
    initial, stopped = samples["initial"], samples["after_stop"]
    if stopped["fds"] > initial["fds"] or stopped["sockets"] > initial["sockets"]:
        figures.problems.append(f"descriptors leaked: {initial} -> {stopped}")
    if stopped["tasks"] > initial["tasks"]:
        figures.problems.append(f"tasks leaked: {initial['tasks']} -> {stopped['tasks']}")
    if stopped["threads"] > initial["threads"]:
        figures.problems.append(f"threads leaked: {initial['threads']} -> {stopped['threads']}")
    if late - early > max(32.0, 0.25 * early):
        figures.problems.append(f"memory grew under load: {early:.0f} -> {late:.0f} MB")
