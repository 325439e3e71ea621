"""Budgets counted in Redis, shared by every process that uses the same server.

Per scope (the total budget, each key) and period there is a spent counter
(``<prefix>:budget:<scope>:day:<date>``, ``...:month:<yyyy-mm>``) that lives a day past
its period's end, and the money held by reservations in flight: a hash reservation id ->
amount and a sorted set reservation id -> expiry. Reserving is one Lua script: drop
expired holds, check every limit of every scope against spent + held + the new amount,
then hold it in all of them, or in none. Settling is another: release the hold, add the
actual cost. A process that dies mid-request leaves its hold behind only until
``storage.redis_hold_seconds`` have passed. Recorded spending (the ledger) seeds the
period counters only when they do not exist yet, so a restart never counts twice.
Times are the router's clock; time-to-live values are relative, so they hold whatever
the clocks say.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from modelrouter.budgets import (
    Clock,
    Reservation,
    Scope,
    Usage,
    economy_message,
    period_starts,
    period_sums,
    refusal,
    scopes_for,
)
from modelrouter.config.spending import BudgetSpec
from modelrouter.errors import SharedStateUnavailable
from modelrouter.state.redis import SharedState

logger = logging.getLogger("modelrouter.state")
LINGER = dt.timedelta(days=1)  # counters outlive their period by this much

# KEYS: per scope: day counter, month counter, holds (hash), expiries (sorted set).
# ARGV: now, reservation id, amount, expiry, hold ttl, then per scope: daily, monthly limit.
RESERVE = """
local now, rid, amount = tonumber(ARGV[1]), ARGV[2], tonumber(ARGV[3])
local n = #KEYS / 4
local held = {}
for i = 0, n - 1 do
  local holds, expiries = KEYS[i * 4 + 3], KEYS[i * 4 + 4]
  for _, dead in ipairs(redis.call('ZRANGEBYSCORE', expiries, '-inf', now)) do
    redis.call('HDEL', holds, dead)
    redis.call('ZREM', expiries, dead)
  end
  local sum = 0
  for _, value in ipairs(redis.call('HVALS', holds)) do sum = sum + tonumber(value) end
  held[i] = sum
end
for i = 0, n - 1 do
  for p = 1, 2 do
    local limit = ARGV[5 + i * 2 + p]
    if limit ~= '' then
      local used = tonumber(redis.call('GET', KEYS[i * 4 + p]) or '0') + held[i]
      if used + amount > tonumber(limit) then
        return {i, p, tostring(used)}
      end
    end
  end
end
for i = 0, n - 1 do
  redis.call('HSET', KEYS[i * 4 + 3], rid, ARGV[3])
  redis.call('ZADD', KEYS[i * 4 + 4], ARGV[4], rid)
  redis.call('EXPIRE', KEYS[i * 4 + 3], ARGV[5])
  redis.call('EXPIRE', KEYS[i * 4 + 4], ARGV[5])
end
return {-1}
"""

# KEYS as for RESERVE. ARGV: reservation id, actual cost, day ttl, month ttl.
SETTLE = """
for i = 0, #KEYS / 4 - 1 do
  redis.call('HDEL', KEYS[i * 4 + 3], ARGV[1])
  redis.call('ZREM', KEYS[i * 4 + 4], ARGV[1])
  redis.call('INCRBYFLOAT', KEYS[i * 4 + 1], ARGV[2])
  redis.call('EXPIRE', KEYS[i * 4 + 1], ARGV[3])
  redis.call('INCRBYFLOAT', KEYS[i * 4 + 2], ARGV[2])
  redis.call('EXPIRE', KEYS[i * 4 + 2], ARGV[4])
end
return 1
"""

# KEYS as for RESERVE. ARGV: now. Returns per scope: spent today, this month, held.
USAGE = """
local out = {}
for i = 0, #KEYS / 4 - 1 do
  local sum = 0
  local live = redis.call('ZRANGEBYSCORE', KEYS[i * 4 + 4], '(' .. ARGV[1], '+inf')
  for _, rid in ipairs(live) do
    sum = sum + tonumber(redis.call('HGET', KEYS[i * 4 + 3], rid) or '0')
  end
  table.insert(out, redis.call('GET', KEYS[i * 4 + 1]) or '0')
  table.insert(out, redis.call('GET', KEYS[i * 4 + 2]) or '0')
  table.insert(out, tostring(sum))
end
return out
"""


def _money(amount: float) -> str:
    return f"{amount:.12f}"


@dataclass
class RedisBudgets:
    """``BudgetBook`` over Redis: the same limits, counted for every process."""

    spec: BudgetSpec
    clock: Clock
    state: SharedState

    def __post_init__(self) -> None:
        self._reserve = self.state.script(RESERVE)
        self._settle = self.state.script(SETTLE)
        self._read = self.state.script(USAGE)

    def scopes(self, key_id: str | None = None, key_name: str | None = None) -> tuple[Scope, ...]:
        """The scopes a request of this key is charged to."""
        return scopes_for(self.spec, key_id, key_name)

    def _keys(self, scope: str, now: dt.datetime) -> list[str]:
        base = ("budget", scope)
        return [
            self.state.key(*base, "day", now.strftime("%Y-%m-%d")),
            self.state.key(*base, "month", now.strftime("%Y-%m")),
            self.state.key(*base, "held"),
            self.state.key(*base, "expiry"),
        ]

    def _ttls(self, now: dt.datetime) -> tuple[int, int]:
        """Seconds the day and month counters live: to their period's end, and a day more."""
        _, next_day, _, next_month = period_starts(now)
        return (
            int((next_day + LINGER - now).total_seconds()),
            int((next_month + LINGER - now).total_seconds()),
        )

    def load(self, spent: Mapping[str, Iterable[tuple[dt.datetime, float]]]) -> None:
        """Seed the period counters from recorded spending, where they do not exist yet
        (blocking; at start-up). Raises ConfigError when Redis cannot be reached."""
        now = self.clock()
        day_ttl, month_ttl = self._ttls(now)
        seed: dict[str, tuple[float, float]] = {}
        for scope, (today, this_month) in period_sums(spent, now).items():
            day_key, month_key, _, _ = self._keys(scope, now)
            seed[day_key] = (today, day_ttl)
            seed[month_key] = (this_month, month_ttl)
        self.state.seed(seed)

    def _all_keys(self, scopes: Iterable[Scope], now: dt.datetime) -> list[str]:
        return [key for scope in scopes for key in self._keys(scope.name, now)]

    async def usage(self, scopes: Sequence[Scope]) -> list[Usage]:
        """Each scope's counters, as every process sees them."""
        now = self.clock()
        values = await self.state.run(self._read, self._all_keys(scopes, now), [now.timestamp()])
        numbers = [float(v) for v in values]
        return [Usage(*numbers[i * 3 : i * 3 + 3]) for i in range(len(scopes))]

    async def economy_reason(self, scopes: Iterable[Scope]) -> str | None:
        """Why requests of these scopes should be planned in economy mode, if they should."""
        listed = tuple(scopes)
        for scope, used in zip(listed, await self.usage(listed), strict=True):
            today, month, held = used.today, used.month, used.held
            periods = (
                ("daily", today, scope.limit.daily_usd),
                ("monthly", month, scope.limit.monthly_usd),
            )
            for period, spent, limit in periods:
                reason = economy_message(scope, period, spent + held, limit) if limit else None
                if reason is not None:
                    return reason
        return None

    async def reserve(self, scopes: tuple[Scope, ...], amount: float) -> Reservation:
        """Hold ``amount`` in every scope (atomically, for every process), or raise
        ``BudgetExceeded`` naming the budget and when it resets."""
        now = self.clock()
        reservation = Reservation(scopes, amount)
        hold = self.state.spec.redis_hold_seconds
        args: list[str | float | int] = [
            now.timestamp(),
            reservation.id,
            _money(amount),
            now.timestamp() + hold,
            int(hold) + 60,
        ]
        for scope in scopes:
            for limit in (scope.limit.daily_usd, scope.limit.monthly_usd):
                args.append("" if limit is None else _money(limit))
        answer = await self.state.run(self._reserve, self._all_keys(scopes, now), args)
        if int(answer[0]) < 0:
            return reservation
        scope, daily = scopes[int(answer[0])], int(answer[1]) == 1
        _, next_day, _, next_month = period_starts(now)
        limit = scope.limit.daily_usd if daily else scope.limit.monthly_usd
        assert limit is not None  # the script only checks limits that are set
        period, resets = ("daily", next_day) if daily else ("monthly", next_month)
        raise refusal(scope, period, float(answer[2]), limit, resets, now)

    async def settle(self, reservation: Reservation, actual: float) -> None:
        """Release the hold and charge the actual cost. If Redis cannot be reached the
        answer still goes out: the hold expires by itself and the cost stays in the
        ledger, but the shared counters miss it (logged)."""
        if reservation.settled:
            return
        reservation.settled = True
        now = self.clock()
        args = [reservation.id, _money(actual), *self._ttls(now)]
        try:
            await self.state.run(self._settle, self._all_keys(reservation.scopes, now), args)
        except SharedStateUnavailable:
            logger.warning("a budget settlement was lost: $%.6f not counted in Redis", actual)
