"""The key cache: a key created or revoked through this gateway counts at once."""

from __future__ import annotations

from pathlib import Path

from modelrouter.server.auth import Authenticator
from modelrouter.store.db import connect
from modelrouter.store.keys import KeyStore


async def test_forgetting_the_cache_makes_a_new_key_count_at_once(tmp_path: Path) -> None:
    store = KeyStore(connect(f"sqlite:///{tmp_path / 'keys.db'}"))
    auth = Authenticator(store, None, require=None, refresh_seconds=3600)
    assert not await auth.required()
    store.create("team-a")
    assert not await auth.required()  # cached for an hour
    auth.forget()
    assert await auth.required()
