"""The ledger writer survives database trouble: an unavailable table keeps records queued
(and journaled) for the next flush; a record the database refuses does not sink its batch."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from sqlalchemy import text

from modelrouter.store.db import connect
from modelrouter.store.ledger import Ledger, read_requests, rows_of

NOW = dt.datetime(2026, 11, 21, 12, tzinfo=dt.UTC)


def _record(ledger: Ledger, request_id: str) -> None:
    ledger.record(
        *rows_of(
            request_id=request_id,
            received_at=NOW,
            api="openai",
            key_id=None,
            selector="auto",
            status=400,
            error="bad",
            trace=None,
            latency_ms=1.0,
            overhead_ms=1.0,
        )
    )


async def test_writes_retry_after_the_database_comes_back(tmp_path: Path) -> None:
    engine = connect(f"sqlite:///{tmp_path / 'l.db'}")
    ledger = Ledger(engine, journal_dir=tmp_path / "journal", interval=3600)
    await ledger.start()
    with engine.begin() as conn:
        conn.execute(text("ALTER TABLE requests RENAME TO requests_away"))
    _record(ledger, "a")
    await ledger.flush()
    assert ledger.failures == 1 and ledger.written == 0
    assert len(list((tmp_path / "journal").glob("ledger-*"))) == 2, "sealed copy kept"
    with engine.begin() as conn:
        conn.execute(text("ALTER TABLE requests_away RENAME TO requests"))
    _record(ledger, "b")
    await ledger.stop()
    assert [r["id"] for r in read_requests(engine)] == ["a", "b"]
    assert not list((tmp_path / "journal").glob("ledger-*"))


async def test_a_refused_record_does_not_sink_its_batch(tmp_path: Path) -> None:
    engine = connect(f"sqlite:///{tmp_path / 'l.db'}")
    ledger = Ledger(engine, interval=3600)
    _record(ledger, "dup")
    await ledger.flush()
    for request_id in ("x", "dup", "y"):  # "dup" breaks the primary key
        _record(ledger, request_id)
    await ledger.flush()
    assert sorted(r["id"] for r in read_requests(engine)) == ["dup", "x", "y"]
    assert ledger.failures == 1
