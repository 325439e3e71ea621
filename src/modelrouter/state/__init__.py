"""State shared by several gateway processes through Redis.

This package's modules import redis-py (an optional extra); only ``budget_book``,
``daily_quotas``, ``minute_limits`` and ``shared_health`` are imported unconditionally,
and they load them when ``storage.redis_url`` is set.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from modelrouter.budgets import BudgetBook, Budgets, Clock
from modelrouter.config.schema import Settings
from modelrouter.deployments import Quotas
from modelrouter.errors import ConfigError
from modelrouter.health import Health
from modelrouter.minute_limits import Minutes

if TYPE_CHECKING:
    from modelrouter.state.circuits import SharedHealth
    from modelrouter.state.redis import SharedState


def budget_book(settings: Settings, clock: Clock) -> tuple[BudgetBook, SharedState | None]:
    """The budgets of ``settings``: in Redis (with the connection) when ``storage.redis_url``
    is set, else in this process."""
    if not settings.storage.redis_url:
        return Budgets(settings.budgets, clock), None
    try:
        from modelrouter.state.budgets import RedisBudgets  # noqa: PLC0415
        from modelrouter.state.redis import SharedState  # noqa: PLC0415
    except ImportError as exc:  # pragma: no cover - the extra is part of the dev install
        raise ConfigError(
            "storage.redis_url is set but redis-py is not installed: "
            "pip install 'modelrouter[redis]'"
        ) from exc

    shared = SharedState(settings.storage)
    return RedisBudgets(settings.budgets, clock, shared), shared


def daily_quotas(clock: Clock, shared: SharedState | None) -> Quotas:
    """Deployments' daily quotas: counted in Redis when there is one, else here."""
    if shared is None:
        return Quotas(clock)
    from modelrouter.state.quotas import RedisQuotas  # noqa: PLC0415

    return RedisQuotas(clock, shared)


def minute_limits(shared: SharedState | None) -> Minutes:
    """Deployments' per-minute limits: counted in Redis when there is one, else here."""
    if shared is None:
        return Minutes()
    from modelrouter.state.quotas import RedisMinutes  # noqa: PLC0415

    return RedisMinutes(shared)


def shared_health(health: Health, shared: SharedState | None) -> SharedHealth | None:
    """Circuit and cool-down deadlines shared through Redis when there is one, else None
    (each process keeps its own)."""
    if shared is None:
        return None
    from modelrouter.state.circuits import SharedHealth  # noqa: PLC0415

    return SharedHealth(health, shared, shared.spec.redis_health_refresh_s)
