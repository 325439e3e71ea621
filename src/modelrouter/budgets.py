"""Budgets: daily and monthly USD limits for the whole gateway and per key.

Before each attempt the executor reserves the attempt's worst case (prompt tokens plus
the most output it may produce, at that model's current price) in every scope of the
request; after it, the reservation settles to the actual cost. A reservation that does
not fit under a limit is refused, so concurrent requests against a nearly spent budget
can overspend by at most what their actual costs exceed their reservations (never, when
the worst case holds). Past ``soft_share`` of a limit, requests are planned in economy
mode. Counters live in this process and start from the ledger's sums.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field

from modelrouter.config.schema import BudgetLimit, BudgetSpec
from modelrouter.errors import RequestError

Clock = Callable[[], dt.datetime]
TOTAL = "total"


class BudgetExceeded(RequestError):
    """A budget is spent: 429 until it resets."""

    status = 429
    code = "budget_exceeded"

    def __init__(self, message: str, retry_after: float) -> None:
        super().__init__(message)
        self.retry_after = retry_after


@dataclass(frozen=True, slots=True)
class Scope:
    """What a request is charged to: the whole gateway, or one key."""

    name: str
    label: str
    limit: BudgetLimit


@dataclass
class Reservation:
    """Money held for one attempt until it settles."""

    scopes: tuple[Scope, ...]
    amount: float
    settled: bool = False


def _period_starts(now: dt.datetime) -> tuple[dt.datetime, dt.datetime, dt.datetime, dt.datetime]:
    day = now.replace(hour=0, minute=0, second=0, microsecond=0)
    month = day.replace(day=1)
    next_day = day + dt.timedelta(days=1)
    next_month = (month + dt.timedelta(days=32)).replace(day=1)
    return day, next_day, month, next_month


@dataclass
class Budgets:
    """Spent and reserved money per scope and period, in this process."""

    spec: BudgetSpec
    clock: Clock
    _spent: dict[tuple[str, dt.datetime], float] = field(default_factory=dict)
    _held: dict[str, float] = field(default_factory=dict)

    def scopes(self, key_id: str | None = None, key_name: str | None = None) -> tuple[Scope, ...]:
        """The scopes a request of this key is charged to."""
        found: list[Scope] = []
        if self.spec.total is not None:
            found.append(Scope(TOTAL, "the total budget", self.spec.total))
        if key_id is not None:
            limit = self.spec.keys.get(key_id) or self.spec.keys.get(key_name or "")
            limit = limit or self.spec.per_key
            if limit is not None:
                found.append(
                    Scope(f"key:{key_id}", f"the budget of key {key_name or key_id}", limit)
                )
        return tuple(found)

    def load(self, spent: Mapping[str, Iterable[tuple[dt.datetime, float]]]) -> None:
        """Start from recorded spending: scope name -> (time, cost) pairs (the ledger)."""
        day, _, month, _ = _period_starts(self.clock())
        for scope, items in spent.items():
            for when, amount in items:
                if when >= month:
                    self._add(scope, month, amount)
                if when >= day:
                    self._add(scope, day, amount)

    def _add(self, scope: str, start: dt.datetime, amount: float) -> None:
        self._spent[(scope, start)] = self._spent.get((scope, start), 0.0) + amount

    def _usage(self, scope: Scope) -> list[tuple[str, float, float, dt.datetime]]:
        """(period name, used incl. held, limit, resets at) for each limit of ``scope``."""
        day, next_day, month, next_month = _period_starts(self.clock())
        held = self._held.get(scope.name, 0.0)
        rows = []
        if scope.limit.daily_usd is not None:
            used = self._spent.get((scope.name, day), 0.0) + held
            rows.append(("daily", used, scope.limit.daily_usd, next_day))
        if scope.limit.monthly_usd is not None:
            used = self._spent.get((scope.name, month), 0.0) + held
            rows.append(("monthly", used, scope.limit.monthly_usd, next_month))
        return rows

    def economy_reason(self, scopes: Iterable[Scope]) -> str | None:
        """Why requests of these scopes should be planned in economy mode, if they should."""
        for scope in scopes:
            for period, used, limit, _ in self._usage(scope):
                if used >= limit * scope.limit.soft_share:
                    return f"{scope.label}: {period} spending ${used:.2f} of ${limit:.2f}"
        return None

    def reserve(self, scopes: tuple[Scope, ...], amount: float) -> Reservation:
        """Hold ``amount`` in every scope, or raise ``BudgetExceeded`` naming the budget."""
        now = self.clock()
        for scope in scopes:
            for period, used, limit, resets in self._usage(scope):
                if used + amount > limit:
                    raise BudgetExceeded(
                        f"{scope.label} is spent: {period} limit ${limit:.2f}, "
                        f"${used:.2f} used or held; it resets at {resets.isoformat()}",
                        retry_after=(resets - now).total_seconds(),
                    )
        for scope in scopes:
            self._held[scope.name] = self._held.get(scope.name, 0.0) + amount
        return Reservation(scopes, amount)

    def settle(self, reservation: Reservation, actual: float) -> None:
        """Release the hold and charge what the attempt really cost."""
        if reservation.settled:
            return
        reservation.settled = True
        day, _, month, _ = _period_starts(self.clock())
        for scope in reservation.scopes:
            self._held[scope.name] = self._held.get(scope.name, 0.0) - reservation.amount
            self._add(scope.name, day, actual)
            self._add(scope.name, month, actual)
