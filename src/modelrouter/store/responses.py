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
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Engine, select
from sqlalchemy.exc import SQLAlchemyError
from starlette.concurrency import run_in_threadpool

from modelrouter.errors import ResponseStoreUnavailable, UnknownResponse
from modelrouter.store.tables import responses


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
            run_in_threadpool(self._insert, key_id, response, items)
        )
        self.pending[response_id] = task
        task.add_done_callback(lambda _: self.pending.pop(response_id, None))

    async def get(self, key_id: str | None, response_id: str) -> Stored:
        """The stored response, or ``UnknownResponse`` (404) for an id not stored for the key."""
        waiting = self.pending.get(response_id)
        if waiting is not None:
            await asyncio.shield(waiting)
        row = await run_in_threadpool(self._select, key_id, response_id)
        if row is None:
            raise UnknownResponse(f"Response with id {response_id!r} not found.", param="id")
        return row

    async def delete(self, key_id: str | None, response_id: str) -> None:
        """Forget a stored response (404 when the key has none by that id)."""
        waiting = self.pending.get(response_id)
        if waiting is not None:
            await asyncio.shield(waiting)
        if not await run_in_threadpool(self._delete, key_id, response_id):
            raise UnknownResponse(f"Response with id {response_id!r} not found.", param="id")

    def _insert(self, key_id: str | None, response: dict[str, Any], items: list[Any]) -> None:
        row = {
            "id": response["id"],
            "key_id": key_id,
            "created_at": dt.datetime.now(dt.UTC),
            "response": response,
            "conversation": items,
        }
        with self._failing("stored"), self.engine.begin() as conn:
            conn.execute(responses.insert().values(**row))

    def _select(self, key_id: str | None, response_id: str) -> Stored | None:
        query = select(responses.c.response, responses.c.conversation).where(
            _owned(key_id, response_id)
        )
        with self._failing("read"), self.engine.connect() as conn:
            row = conn.execute(query).first()
        return None if row is None else Stored(row.response, row.conversation)

    def _delete(self, key_id: str | None, response_id: str) -> bool:
        with self._failing("deleted"), self.engine.begin() as conn:
            return conn.execute(responses.delete().where(_owned(key_id, response_id))).rowcount > 0

    @staticmethod
    def _failing(what: str) -> _Translate:
        return _Translate(what)


class _Translate:
    """Database errors as a 503 naming what failed (the one place they are translated)."""

    def __init__(self, what: str) -> None:
        self.what = what

    def __enter__(self) -> None:
        return None

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: Any
    ) -> None:
        if isinstance(exc, SQLAlchemyError):
            message = f"response not {self.what}: {type(exc).__name__}"
            raise ResponseStoreUnavailable(message) from exc


def _owned(key_id: str | None, response_id: str) -> Any:
    owner = responses.c.key_id.is_(None) if key_id is None else responses.c.key_id == key_id
    return (responses.c.id == response_id) & owner
