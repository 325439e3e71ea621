"""Budgets: daily and monthly USD limits for the whole gateway and per key.

Before each attempt the executor reserves the attempt's worst case (prompt tokens plus
the most output it may produce, at that model's current price) in every scope of the
request; after it, the reservation settles to the actual cost. A reservation that does
not fit under a limit is refused, so concurrent requests against a nearly spent budget
can overspend by at most what their actual costs exceed their reservations (never, when
the worst case holds). Past ``soft_share`` of a limit, requests are planned in economy
mode. ``Budgets`` keeps the counters in this process and starts from the ledger's sums;
``modelrouter.state.budgets.RedisBudgets`` keeps them in Redis, shared by every process
that uses it. Both implement ``BudgetBook``; the executor awaits its calls.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Protocol

from modelrouter.config.spending import BudgetLimit, BudgetSpec
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
    id: str = field(default_factory=lambda: uuid.uuid4().hex)


@dataclass(frozen=True, slots=True)
class Usage:
    """A scope's counters now: spent today and this month (UTC), and the money held by
    attempts in flight (counted against both until they settle)."""

    today: float
    month: float
    held: float


class BudgetBook(Protocol):
    """Where budgets are counted: in this process, or shared through Redis."""

    def scopes(self, key_id: str | None = None, key_name: str | None = None) -> tuple[Scope, ...]:
        """The scopes a request of this key is charged to."""
        ...

    def load(self, spent: Mapping[str, Iterable[tuple[dt.datetime, float]]]) -> None:
        """Start from recorded spending (at start-up, before serving)."""
        ...

    async def economy_reason(self, scopes: Iterable[Scope]) -> str | None:
        """Why requests of these scopes should be planned in economy mode, if they should."""
        ...

    async def reserve(self, scopes: tuple[Scope, ...], amount: float) -> Reservation:
        """Hold ``amount`` in every scope, or raise ``BudgetExceeded``."""
        ...

    async def usage(self, scopes: Sequence[Scope]) -> list[Usage]:
        """The counters the next reservation of each scope is checked against."""
        ...

    async def settle(self, reservation: Reservation, actual: float) -> None:
        """Release the hold and charge the actual cost."""
        ...


def scopes_for(
    spec: BudgetSpec, key_id: str | None = None, key_name: str | None = None
) -> tuple[Scope, ...]:
    """The scopes a request of this key is charged to under ``spec``."""
    found: list[Scope] = []
    if spec.total is not None:
        found.append(Scope(TOTAL, "the total budget", spec.total))
    if key_id is not None:
        limit = spec.keys.get(key_id) or spec.keys.get(key_name or "") or spec.per_key
        if limit is not None:
            found.append(Scope(f"key:{key_id}", f"the budget of key {key_name or key_id}", limit))
    return tuple(found)


def period_sums(
    spent: Mapping[str, Iterable[tuple[dt.datetime, float]]], now: dt.datetime
) -> dict[str, tuple[float, float]]:
    """Recorded spending as (today, this month) per scope name."""
    day, _, month, _ = period_starts(now)
    sums: dict[str, tuple[float, float]] = {}
    for scope, items in spent.items():
        today = this_month = 0.0
        for when, amount in items:
            if when >= month:
                this_month += amount
            if when >= day:
                today += amount
        sums[scope] = (today, this_month)
    return sums


def economy_message(scope: Scope, period: str, used: float, limit: float) -> str | None:
    """The economy-mode reason when ``used`` is past the scope's soft share, else None."""
    if used >= limit * scope.limit.soft_share:
        return f"{scope.label}: {period} spending ${used:.2f} of ${limit:.2f}"
    return None


def refusal(
    scope: Scope, period: str, used: float, limit: float, resets: dt.datetime, now: dt.datetime
) -> BudgetExceeded:
    """The 429 for a reservation that does not fit under ``scope``'s ``period`` limit."""
    return BudgetExceeded(
        f"{scope.label} is spent: {period} limit ${limit:.2f}, "
        f"${used:.2f} used or held; it resets at {resets.isoformat()}",
        retry_after=(resets - now).total_seconds(),
    )


def period_starts(now: dt.datetime) -> tuple[dt.datetime, dt.datetime, dt.datetime, dt.datetime]:
    """Start of today, of tomorrow, of this month and of next month."""
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
        return scopes_for(self.spec, key_id, key_name)

    def load(self, spent: Mapping[str, Iterable[tuple[dt.datetime, float]]]) -> None:
        """Start from recorded spending: scope name -> (time, cost) pairs (the ledger)."""
        day, _, month, _ = period_starts(self.clock())
        for scope, (today, this_month) in period_sums(spent, self.clock()).items():
            self._add(scope, month, this_month)
            self._add(scope, day, today)

    def _add(self, scope: str, start: dt.datetime, amount: float) -> None:
        self._spent[(scope, start)] = self._spent.get((scope, start), 0.0) + amount

    def _usage(self, scope: Scope) -> list[tuple[str, float, float, dt.datetime]]:
        """(period name, used incl. held, limit, resets at) for each limit of ``scope``."""
        day, next_day, month, next_month = period_starts(self.clock())
        held = self._held.get(scope.name, 0.0)
        rows = []
        if scope.limit.daily_usd is not None:
            used = self._spent.get((scope.name, day), 0.0) + held
            rows.append(("daily", used, scope.limit.daily_usd, next_day))
        if scope.limit.monthly_usd is not None:
            used = self._spent.get((scope.name, month), 0.0) + held
            rows.append(("monthly", used, scope.limit.monthly_usd, next_month))
        return rows

    async def economy_reason(self, scopes: Iterable[Scope]) -> str | None:
        """Why requests of these scopes should be planned in economy mode, if they should."""
        for scope in scopes:
            for period, used, limit, _ in self._usage(scope):
                reason = economy_message(scope, period, used, limit)
                if reason is not None:
                    return reason
        return None

    async def reserve(self, scopes: tuple[Scope, ...], amount: float) -> Reservation:
        """Hold ``amount`` in every scope, or raise ``BudgetExceeded`` naming the budget."""
        now = self.clock()
        for scope in scopes:
            for period, used, limit, resets in self._usage(scope):
                if used + amount > limit:
                    raise refusal(scope, period, used, limit, resets, now)
        for scope in scopes:
            self._held[scope.name] = self._held.get(scope.name, 0.0) + amount
        return Reservation(scopes, amount)

    async def usage(self, scopes: Sequence[Scope]) -> list[Usage]:
        """The counters of each scope, in this process."""
        day, _, month, _ = period_starts(self.clock())
        return [
            Usage(
                self._spent.get((s.name, day), 0.0),
                self._spent.get((s.name, month), 0.0),
                self._held.get(s.name, 0.0),
            )
            for s in scopes
        ]

    async def settle(self, reservation: Reservation, actual: float) -> None:
        """Release the hold and charge what the attempt really cost."""
        if reservation.settled:
            return
        reservation.settled = True
        day, _, month, _ = period_starts(self.clock())
        for scope in reservation.scopes:
            self._held[scope.name] = self._held.get(scope.name, 0.0) - reservation.amount
            self._add(scope.name, day, actual)
            self._add(scope.name, month, actual)
