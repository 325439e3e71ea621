"""The quality estimates as the adaptive policy reads them: re-read from the database at
most every ``quality.refresh_s`` seconds, priors loaded once.

A failed read raises ``QualityStoreUnavailable`` and, for the next ``refresh_s`` seconds
(at least one), fails at once without touching the database: a dead database costs each
request nothing but the table's route, never a connection timeout.
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
from collections.abc import Mapping
from typing import Any

from sqlalchemy import Engine

from modelrouter.config.schema import Settings
from modelrouter.errors import ConfigError, QualityStoreUnavailable
from modelrouter.quality.estimate import QualityTable
from modelrouter.quality.priors import Priors, load_priors
from modelrouter.store.db import connect, default_url
from modelrouter.store.quality import day_of, read_counts, write_event

_log = logging.getLogger("modelrouter.quality")
MIN_RETRY_S = 1.0


class QualityFeed:
    """Cached estimates over one database; routing events written to it."""

    def __init__(
        self,
        url: str,
        settings: Settings,
        *,
        engine: Engine | None = None,
        priors: Priors | None = None,
    ) -> None:
        self.url = url
        self.spec = settings.quality
        self.priors = priors or load_priors(settings)
        self._engine = engine
        self._table: QualityTable | None = None
        self._read_at = float("-inf")
        self._failed_at = float("-inf")
        self._lock = threading.Lock()

    def engine(self) -> Engine:
        """The database, connected (and migrated) on first use."""
        if self._engine is None:
            try:
                self._engine = connect(self.url)
            except ConfigError as exc:
                raise QualityStoreUnavailable(exc.message) from exc
        return self._engine

    def snapshot(self, now: dt.datetime, monotonic: float) -> QualityTable:
        """The estimates, re-read when older than ``refresh_s``."""
        with self._lock:
            if self._table is not None and monotonic - self._read_at < self.spec.refresh_s:
                return self._table
            if monotonic - self._failed_at < max(self.spec.refresh_s, MIN_RETRY_S):
                raise QualityStoreUnavailable("quality store failed recently; not retried yet")
            try:
                counts = read_counts(self.engine())
            except QualityStoreUnavailable:
                self._failed_at = monotonic
                raise
            self._table = QualityTable(counts, self.priors, self.spec, day_of(now))
            self._read_at = monotonic
            return self._table

    def record_event(self, event: dict[str, Any]) -> None:
        """Write one routing event; a failure is logged (the event is in the log anyway)."""
        try:
            write_event(self.engine(), event)
        except QualityStoreUnavailable as exc:
            _log.warning("routing event not stored: %s", exc.message)


def feed_for(settings: Settings, env: Mapping[str, str]) -> QualityFeed | None:
    """The estimates the adaptive policy reads, over the ledger's database (None for
    other policies: nothing reads them on the request path)."""
    if settings.routing.policy != "adaptive":
        return None
    return QualityFeed(settings.storage.url or default_url(env), settings)
