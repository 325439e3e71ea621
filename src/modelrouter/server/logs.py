"""Structured JSON logs, one object per line, with the request id on every request line."""

from __future__ import annotations

import datetime as dt
import logging
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import orjson

LOGGER = "modelrouter"


class JsonFormatter(logging.Formatter):
    """Formats records as JSON objects; extra fields go in ``record.fields``."""

    def format(self, record: logging.LogRecord) -> str:
        """One JSON line."""
        entry: dict[str, Any] = {
            "ts": dt.datetime.fromtimestamp(record.created, dt.UTC).isoformat(
                timespec="milliseconds"
            ),
            "level": record.levelname.lower(),
            "logger": record.name,
            "msg": record.getMessage(),
        }
        entry.update(getattr(record, "fields", {}))
        if record.exc_info:
            entry["exc"] = self.formatException(record.exc_info)
        return orjson.dumps(entry, default=str).decode()


class TextFormatter(logging.Formatter):
    """``modelrouter: warning: circuit opened (model=kimi-k2.6, ...)``: for commands a
    person reads, not for log collectors."""

    def format(self, record: logging.LogRecord) -> str:
        """One line: level, message, fields."""
        fields = getattr(record, "fields", {})
        shown = ", ".join(f"{k}={v}" for k, v in fields.items() if v is not None)
        tail = f" ({shown})" if shown else ""
        return f"modelrouter: {record.levelname.lower()}: {record.getMessage()}{tail}"


def configure_text(level: str = "warning") -> None:
    """Send modelrouter's warnings to stderr as short text lines (the CLI's default;
    ``serve`` replaces it with JSON lines)."""
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(TextFormatter())
    logger = logging.getLogger(LOGGER)
    logger.handlers[:] = [handler]
    logger.setLevel(level.upper())
    logger.propagate = False


@contextmanager
def quieted(level: int = logging.ERROR) -> Iterator[None]:
    """Only lines at ``level`` and above while inside (the demo narrates its own outage)."""
    logger = logging.getLogger(LOGGER)
    before = logger.level
    logger.setLevel(level)
    try:
        yield
    finally:
        logger.setLevel(before)


def configure(level: str = "info") -> None:
    """Send modelrouter's logs to stderr as JSON lines."""
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(JsonFormatter())
    logger = logging.getLogger(LOGGER)
    logger.handlers[:] = [handler]
    logger.setLevel(level.upper())
    logger.propagate = False


def log(level: int, message: str, **fields: Any) -> None:
    """Log ``message`` with structured ``fields``."""
    logging.getLogger(LOGGER).log(level, message, extra={"fields": fields})


def enabled(level: int) -> bool:
    """Whether a line at ``level`` would be written (to skip building its fields)."""
    return logging.getLogger(LOGGER).isEnabledFor(level)
