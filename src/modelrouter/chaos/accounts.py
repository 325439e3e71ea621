"""The money and the front door of a chaos run, checked request by request: the ledger's
cost of every request against the simulator's bill for the calls it caused, the budgeted
key's spend against its budget, and the slowloris connections' refusals.

The simulator bills each call under the request id its prompt carries (``/sim/bills``);
the ledger's attempt rows carry the same id. Each function returns its figures and the
problems it found; none trusts the gateway's own account of itself.
"""

from __future__ import annotations

import re
import statistics
from collections import Counter, defaultdict
from typing import Any

from modelrouter.chaos.run import Observed
from modelrouter.chaos.slowloris import CLOSED

Rows = list[dict[str, Any]]
_TOLERANCE = 1e-9
# attempts that may never have reached the upstream (a pooled connection it had closed,
# a timeout before it read the request): they may have no call
_BROKEN = ("connection", "timeout")
# An estimate assumes no prompt-cache hits, so it may exceed the bill by what the cache
# saved (it is checked against the same tokens priced without the cache, with this slack
# for its count of the prompt); it is short of the bill by what the upstream generated
# that the gateway never read.
_ESTIMATE_SLACK = 1.05
_REFUSALS = re.compile(r'^modelrouter_limit_refusals_total\{limit="(\w+)"\} (\d+)', re.M)


def per_request(
    observed: Observed, attempts: Rows, requests: Rows | None = None
) -> tuple[dict[str, Any], list[str]]:
    """Each request's ledger cost against the simulator's bill for its calls: equal where
    the ledger has the upstream's usage, near it where the ledger estimated, never above
    it where the gateway could not see the usage; and a call for every attempt."""
    calls: defaultdict[str, Rows] = defaultdict(list)
    for bill in observed.bills:
        calls[bill["tag"]].append(bill)
    tries: defaultdict[str, Rows] = defaultdict(list)
    for attempt in attempts:
        tries[attempt["request_id"]].append(attempt)
    exact, unequal, unmatched, over = 0, [], [], []
    status = {r["id"]: r["status"] for r in requests or ()}
    refused_late: list[str] = []
    unseen: Counter[str] = Counter()
    unseen_usd = 0.0
    pairs: list[tuple[dict[str, Any], dict[str, Any]]] = []
    for request_id in sorted(set(calls) | set(tries)):
        mine, theirs = tries[request_id], calls[request_id]
        broken = sum(a["error"] in _BROKEN for a in mine)
        if not len(theirs) <= len(mine) <= len(theirs) + broken:
            unmatched.append(f"{request_id}: {len(mine)} attempts, {len(theirs)} calls")
            if status.get(request_id) == 429 and not mine:
                refused_late.append(request_id)
        pairs += _paired(mine, theirs)
        cost = sum(a["cost_usd"] for a in mine)
        billed = sum(c["billed_usd"] for c in theirs)
        uncached = sum(c["uncached_usd"] for c in theirs)
        reason = _unseen(mine, theirs)
        estimated = any(a["usage_estimated"] for a in mine)
        if abs(cost - billed) <= _TOLERANCE and not estimated:
            exact += 1
        elif reason:
            unseen[reason] += 1
            unseen_usd += billed - cost
            if cost > _ESTIMATE_SLACK * uncached + _TOLERANCE:
                over.append(f"{request_id}: {cost:.8f} > billed {billed:.8f} ({uncached:.8f})")
        elif not estimated:  # estimated attempts are compared one by one below
            unequal.append(f"{request_id}: ledger {cost:.8f}, billed {billed:.8f}")
    unequal += _unequal_attempts(pairs)
    figures = {
        "requests_compared": len(set(calls) | set(tries)),
        "equal": exact,
        "unequal": unequal[:10],
        "attempts_without_a_call_or_calls_without_an_attempt": unmatched[:10],
        # the budget refused a later attempt, and the request's row lost the earlier ones
        "refused_by_budget_after_upstream_calls": refused_late[:10],
        "estimated_attempts": _estimates(pairs),
        "unseen_by_gateway": dict(sorted(unseen.items())),
        "unseen_usd": round(unseen_usd, 6),
        "ledger_over_bill_when_unseen": over[:10],
    }
    return figures, _bill_problems(figures, unequal, unmatched, over)


def _paired(mine: Rows, theirs: Rows) -> list[tuple[dict[str, Any], dict[str, Any]]]:
    """A request's attempts with the calls they made, model by model in order; a model
    whose attempts and calls differ in number (a connection broken before sending) is
    left out."""
    pairs = []
    for model in {a["model"] for a in mine}:
        tried = sorted((a for a in mine if a["model"] == model), key=lambda a: a["seq"])
        called = sorted((c for c in theirs if c["model"] == model), key=lambda c: c["call"])
        if len(tried) == len(called):
            pairs += list(zip(tried, called, strict=True))
    return pairs


def _unseen(mine: Rows, theirs: Rows) -> str:
    """Why the ledger cannot hold what the upstream billed for this request ("" if it can):
    the gateway gave up on a call, a plain answer was unreadable, or the client left before
    the first chunk. Such a request may cost less than its bill, never more (estimates
    aside)."""
    if any(a["error"] == "timeout" for a in mine):
        return "the gateway timed out on a call"
    if any(not c["stream"] and c["fault"] in ("malformed", "cut") for c in theirs):
        return "a plain answer was unreadable"
    if any(a["outcome"] == "abandoned" and not a["cost_usd"] for a in mine):
        return "the client left before the first chunk arrived"
    return ""


def _unequal_attempts(pairs: list[tuple[dict[str, Any], dict[str, Any]]]) -> list[str]:
    """Attempts priced at the upstream's own usage that cost other than the call's bill."""
    return [
        f"{a['request_id']}#{a['seq']}: ledger {a['cost_usd']:.8f}, billed {c['billed_usd']:.8f}"
        for a, c in pairs
        if not a["usage_estimated"]
        and not _unseen([a], [c])
        and abs(a["cost_usd"] - c["billed_usd"]) > _TOLERANCE
    ]


def _estimates(pairs: list[tuple[dict[str, Any], dict[str, Any]]]) -> dict[str, Any]:
    """How close the ledger's estimates came to the bill, per cause of the estimate."""
    causes: defaultdict[str, list[tuple[float, float, float]]] = defaultdict(list)
    for attempt, call in pairs:
        if attempt["usage_estimated"]:
            cause = call["fault"] if call["fault"] in ("cut", "malformed") else "hung up"
            causes[f"stream {cause}"].append(
                (attempt["cost_usd"], call["billed_usd"], call["uncached_usd"])
            )
    figures = {}
    for cause, costs in sorted(causes.items()):
        each = sorted(cost / billed if billed else float("inf") for cost, billed, _ in costs)
        figures[cause] = {
            "attempts": len(each),
            "ledger_usd": round(sum(c for c, _, _ in costs), 6),
            "billed_usd": round(sum(b for _, b, _ in costs), 6),
            "over_uncached_price": sum(c > _ESTIMATE_SLACK * u + _TOLERANCE for c, _, u in costs),
            "ratio_min": round(each[0], 3),
            "ratio_median": round(statistics.median(each), 3),
            "ratio_max": round(each[-1], 3),
            "within_5_percent": sum(abs(r - 1) <= 0.05 for r in each),
        }
    return figures


def _bill_problems(
    figures: dict[str, Any], unequal: list[str], unmatched: list[str], over: list[str]
) -> list[str]:
    problems = []
    if unequal:
        problems.append(f"{len(unequal)} requests cost other than billed: {unequal[:5]}")
    if unmatched:
        problems.append(f"{len(unmatched)} requests: attempts != upstream calls: {unmatched[:5]}")
    late = figures["refused_by_budget_after_upstream_calls"]
    if late:
        problems.append(
            f"refused by the budget after calling upstream, their attempts missing: {late[:5]}"
        )
    if over:
        problems.append(f"{len(over)} requests cost more than billed: {over[:5]}")
    for cause, estimated in figures["estimated_attempts"].items():
        if estimated["over_uncached_price"]:
            problems.append(f"{cause}: estimates over the bill without its cache: {estimated}")
    return problems


def budget(observed: Observed, requests: Rows) -> tuple[dict[str, Any], list[str]]:
    """The budgeted key's spend in the ledger: at most its daily budget plus the cost of
    its dearest request; and the budget did run out (some of its requests were refused)."""
    rows = [r for r in requests if r["key_id"] == observed.budgeted_key_id]
    limit = observed.spec.daily_budget_usd
    spend = sum(r["cost_usd"] for r in rows)
    dearest = max((r["cost_usd"] for r in rows), default=0.0)
    refused = sum(o.budgeted and o.status == 429 for o in observed.outcomes)
    figures = {
        "requests": len(rows),
        "daily_budget_usd": round(limit, 6),
        "spend_usd": round(spend, 6),
        "overshoot_usd": round(spend - limit, 6),
        "dearest_request_usd": round(dearest, 6),
        "refused_429": refused,
    }
    problems = []
    if spend > limit + dearest + _TOLERANCE:
        problems.append(f"budget exceeded by more than one request: {figures}")
    if not refused:
        problems.append(f"the budget never ran out: {figures}")
    return figures, problems


def slowloris(observed: Observed, requests: Rows, metrics: str) -> tuple[dict[str, Any], list[str]]:
    """Every slowloris connection refused (408, or closed) and counted in ``/metrics``;
    each slow body recorded in the ledger as a 408."""
    attacks = observed.attacks
    answers = {kind: dict(Counter(got)) for kind, got in attacks.answers.items()}
    counted = {limit: int(n) for limit, n in _REFUSALS.findall(metrics)}
    status = {r["id"]: r["status"] for r in requests}
    figures = {
        "answers": answers,
        "metrics": counted,
        "seconds_max": round(max(attacks.seconds, default=0.0), 1),
    }
    problems = []
    for kind, limit in (("headers", "header_timeout"), ("body", "body_timeout")):
        got = attacks.answers[kind]
        if not got or any(answer not in ("408", CLOSED) for answer in got):
            problems.append(f"slowloris {kind}: {answers[kind]}")
        if counted.get(limit, 0) != len(got):
            problems.append(f"{len(got)} slowloris {kind}, /metrics {limit}: {counted}")
    unrecorded = [i for i in attacks.body_ids if status.get(i) != 408]
    if unrecorded:
        problems.append(f"slow bodies not recorded as 408: {unrecorded[:5]}")
    return figures, problems
