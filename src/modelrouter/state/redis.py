"""The Redis connection that shared state goes through.

``SharedState`` holds one asyncio client per process (redis-py, the optional ``redis``
extra), builds key names under ``storage.redis_prefix`` and runs Lua scripts; it is the
one place where redis-py's exceptions are translated into the error tree
(``SharedStateUnavailable`` while serving, ``ConfigError`` at start-up). This module is
imported only when ``storage.redis_url`` is set, and never reads the environment.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from typing import Any

import redis
import redis.asyncio
from redis.commands.core import AsyncScript

from modelrouter.config.storage import StorageSpec, redact
from modelrouter.errors import ConfigError, SharedStateUnavailable

logger = logging.getLogger("modelrouter.state")
Seed = Mapping[str, tuple[float, float]]  # key -> (value, seconds to live)


class SharedState:
    """One process's connection to the shared Redis, and the scripts run over it."""

    def __init__(self, spec: StorageSpec) -> None:
        if not spec.redis_url:
            raise ConfigError("storage.redis_url: not set")
        self.spec = spec
        self.url = spec.redis_url
        self.prefix = spec.redis_prefix
        self._options: dict[str, Any] = {
            "socket_timeout": spec.redis_timeout_s,
            "socket_connect_timeout": spec.redis_timeout_s,
        }
        try:
            self.client: redis.asyncio.Redis = redis.asyncio.Redis.from_url(
                self.url, **self._options
            )
        except ValueError as exc:
            raise ConfigError(f"storage.redis_url: {exc}") from None

    def describe(self) -> str:
        """Where the shared state is, for the start-up log (no password)."""
        return f"redis {redact(self.url)} (prefix {self.prefix})"

    def key(self, *parts: str) -> str:
        """A key name under this deployment's prefix."""
        return ":".join((self.prefix, *parts))

    def script(self, source: str) -> AsyncScript:
        """A Lua script, loaded into the server on first use (EVALSHA, then EVAL)."""
        return self.client.register_script(source)

    async def run(self, script: AsyncScript, keys: Sequence[str], args: Sequence[Any]) -> Any:
        """Run ``script`` atomically; an unreachable server raises SharedStateUnavailable."""
        try:
            return await script(keys=list(keys), args=list(args))
        except redis.RedisError as exc:
            logger.warning("redis call failed: %s", exc)
            raise SharedStateUnavailable(
                f"the shared budget and rate-limit store (Redis) did not answer "
                f"({type(exc).__name__}); try again shortly"
            ) from exc

    async def read_hash(self, key: str) -> dict[str, str]:
        """Every field of the hash ``key``; an unreachable server raises
        SharedStateUnavailable."""
        try:
            raw: dict[bytes | str, bytes | str] = await self.client.hgetall(key)
        except redis.RedisError as exc:
            raise SharedStateUnavailable(
                f"the shared state store (Redis) did not answer ({type(exc).__name__})"
            ) from exc
        return {_text(k): _text(v) for k, v in raw.items()}

    async def problem(self) -> str | None:
        """For readiness: None when the server answers, else why not."""
        try:
            await self.client.ping()
        except redis.RedisError as exc:
            return f"unreachable: {type(exc).__name__}"
        return None

    def check(self) -> None:
        """At start-up: the server answers (blocking), or ConfigError naming the setting."""
        self.seed({})

    def seed(self, values: Seed) -> None:
        """Set each key that does not exist yet (SET NX with a time to live; blocking)."""
        client = redis.Redis.from_url(self.url, **self._options)
        try:
            client.ping()
            for key, (value, ttl) in values.items():
                client.set(key, repr(value), ex=max(1, int(ttl)), nx=True)
        except redis.RedisError as exc:
            raise ConfigError(
                f"storage.redis_url: cannot reach Redis at {redact(self.url)}: {exc}"
            ) from None
        finally:
            client.close()

    async def aclose(self) -> None:
        """Close this process's connections."""
        await self.client.aclose()


def _text(value: bytes | str) -> str:
    return value.decode() if isinstance(value, bytes) else value
