"""Stored Responses API objects on every backend (SQLite and PostgreSQL, see
tests/storage_fixtures.py): per key, JSON kept as sent, deleted on request."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from sqlalchemy import Engine

from modelrouter.errors import UnknownResponse
from modelrouter.store.responses import ResponseStore

pytest_plugins = ["tests.storage_fixtures"]

RESPONSE = {
    "id": "resp_1",
    "object": "response",
    "output": [{"type": "message", "content": [{"type": "output_text", "text": "Grüße ✓"}]}],
    "metadata": {"k": "v"},
}
ITEMS: list[dict[str, Any]] = [{"type": "message", "role": "user", "content": "hi"}]


def test_saved_response_is_read_by_its_key_only_and_deleted(store_engine: Engine) -> None:
    async def scenario() -> None:
        store = ResponseStore(store_engine)
        store.save_later("key-a", RESPONSE, ITEMS + RESPONSE["output"])
        stored = await store.get("key-a", "resp_1")  # waits for the background write
        assert stored.response == RESPONSE
        assert stored.items == ITEMS + RESPONSE["output"]
        for other in ("key-b", None):
            with pytest.raises(UnknownResponse):
                await store.get(other, "resp_1")
            with pytest.raises(UnknownResponse):
                await store.delete(other, "resp_1")
        await store.delete("key-a", "resp_1")
        with pytest.raises(UnknownResponse):
            await store.get("key-a", "resp_1")
        store.save_later(None, {**RESPONSE, "id": "resp_2"}, ITEMS)
        assert (await store.get(None, "resp_2")).items == ITEMS  # no key: its own space
        with pytest.raises(UnknownResponse):
            await store.get("key-a", "resp_2")

    asyncio.run(scenario())
