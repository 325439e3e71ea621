"""Stored Responses API objects: ``store: true`` answers, by id, per key.

A row holds the response object as returned and the conversation up to it as input
items, so ``previous_response_id`` continues a chain without walking it. Another key's id
is the same as no id (404): a caller never learns that someone else's response exists.
Writes run in a worker thread off the event loop; a read of an id whose write is still
running waits for it, so a client that chains at once never sees a 404.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Engine, select
from sqlalchemy.exc import SQLAlchemyError

from modelrouter.errors import ResponseStoreUnavailable, UnknownResponse
from modelrouter.store.tables import responses

_log = logging.getLogger("modelrouter.responses")


@dataclass(frozen=True, slots=True)
class Stored:
    """One stored response."""

    response: dict[str, Any]
    items: list[dict[str, Any]]


@dataclass
class ResponseStore:
    """Responses in the ledger's database."""

    engine: Engine
    pending: dict[str, asyncio.Task[None]] = field(default_factory=dict)

    def save_later(self, key_id: str | None, response: dict[str, Any], items: list[Any]) -> None:
        """Store ``response`` in the background (reads of its id wait for the write)."""
        response_id = response["id"]
        task = asyncio.get_running_loop().create_task(
            asyncio.to_thread(self._insert, key_id, response, items)
        )
        self.pending[response_id] = task
        task.add_done_callback(lambda done: self._settled(response_id, done))

    def _settled(self, response_id: str, task: asyncio.Task[None]) -> None:
        self.pending.pop(response_id, None)
        if not task.cancelled() and task.exception() is not None:
            # the answer has gone out already: a later read of the id answers 404
            _log.warning("response %s not stored: %s", response_id, task.exception())

    async def get(self, key_id: str | None, response_id: str) -> Stored:
        """The stored response, or ``UnknownResponse`` (404) for an id not stored for the key."""
        waiting = self.pending.get(response_id)
        if waiting is not None:
            await asyncio.shield(waiting)
        row = await asyncio.to_thread(self._select, key_id, response_id)
        if row is None:
            raise UnknownResponse(f"Response with id {response_id!r} not found.", param="id")
        return row

    async def delete(self, key_id: str | None, response_id: str) -> None:
        """Forget a stored response (404 when the key has none by that id)."""
        waiting = self.pending.get(response_id)
        if waiting is not None:
            await asyncio.shield(waiting)
        if not await asyncio.to_thread(self._delete, key_id, response_id):
            raise UnknownResponse(f"Response with id {response_id!r} not found.", param="id")

    def _insert(self, key_id: str | None, response: dict[str, Any], items: list[Any]) -> None:
        row = {
            "id": response["id"],
            "key_id": key_id,
            "created_at": dt.datetime.now(dt.UTC),
            "response": response,
            "conversation": items,
        }
        with _translated("stored"), self.engine.begin() as conn:
            conn.execute(responses.insert().values(**row))

    def _select(self, key_id: str | None, response_id: str) -> Stored | None:
        query = select(responses.c.response, responses.c.conversation).where(
            _owned(key_id, response_id)
        )
        with _translated("read"), self.engine.connect() as conn:
            row = conn.execute(query).first()
        return None if row is None else Stored(row.response, row.conversation)

    def _delete(self, key_id: str | None, response_id: str) -> bool:
        with _translated("deleted"), self.engine.begin() as conn:
            return conn.execute(responses.delete().where(_owned(key_id, response_id))).rowcount > 0


@contextmanager
def _translated(what: str) -> Iterator[None]:
    """Database errors as a 503 naming what failed (the one place they are translated)."""
    try:
        yield
    except SQLAlchemyError as exc:
        raise ResponseStoreUnavailable(f"response not {what}: {type(exc).__name__}") from exc


def _owned(key_id: str | None, response_id: str) -> Any:
    owner = responses.c.key_id.is_(None) if key_id is None else responses.c.key_id == key_id
    return (responses.c.id == response_id) & owner
