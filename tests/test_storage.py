"""The store on every backend: migrations, caller keys, the usage ledger.

Each test runs on SQLite and on PostgreSQL (see tests/storage_fixtures.py; the PostgreSQL
cases skip unless ``MODELROUTER_TEST_POSTGRES`` names a server).
"""

from __future__ import annotations

import datetime as dt
import threading
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
from sqlalchemy import Engine, create_engine, func, insert, select
from sqlalchemy.exc import IntegrityError

from modelrouter.check.base import Verdict
from modelrouter.errors import InvalidRequest, NotFound
from modelrouter.store.db import MIGRATIONS, connect, migrate
from modelrouter.store.keys import KEY_PREFIX, KeyStore, hash_key
from modelrouter.store.ledger import Ledger, read_attempts, read_requests, rows_of
from modelrouter.store.tables import api_keys, attempts, requests, schema_version
from modelrouter.trace import Attempt, Trace
from modelrouter.types import Usage

pytest_plugins = ["tests.storage_fixtures"]

UTC = dt.UTC
T0 = dt.datetime(2026, 3, 1, 12, 0, 0, 123456, tzinfo=UTC)
IST = dt.timezone(dt.timedelta(hours=5, minutes=30))
PST = dt.timezone(dt.timedelta(hours=-8))

Rows = tuple[dict[str, Any], list[dict[str, Any]]]


def _trace(request_id: str) -> Trace:
    """A request that failed its check on a small model and was escalated."""
    primary = Attempt(
        model="small-model",
        provider="cheap",
        role="primary",
        reason="cheapest for code",
        outcome="check_failed",
        usage=Usage.of(120, 30, cached=100),
        cost_usd=0.00012,
        latency_ms=210.5,
        ttft_ms=35.25,
        verdicts=[
            Verdict("json", False, 0.0, "not JSON: «unterminated» string ✗"),
            Verdict("length", True, 1.0, 'ok "quoted"'),
        ],
    )
    escalation = Attempt(
        model="large-model",
        provider="premium",
        role="escalation",
        reason="check failed: json",
        usage=Usage.of(120, 80, cache_write=64, reasoning=12),
        cost_usd=0.0034,
        latency_ms=900.0,
        verdicts=[Verdict("json", True, 1.0, "")],
    )
    trace = Trace(
        request_id=request_id,
        task="code",
        confidence=0.875,
        detector="rules",
        detect_reason="fenced code block",
        policy="cheapest-passing",
        budget="normal",
        attempts=[primary, escalation],
    )
    trace.settle(escalation)
    return trace


def _rows(
    request_id: str,
    ts: dt.datetime = T0,
    *,
    key_id: str | None = None,
    traced: bool = True,
) -> Rows:
    return rows_of(
        request_id=request_id,
        received_at=ts,
        api="openai",
        key_id=key_id,
        selector="auto",
        status=200 if traced else 401,
        error=None if traced else "invalid key",
        trace=_trace(request_id) if traced else None,
        latency_ms=1111.5,
        overhead_ms=1.25,
    )


def _count(engine: Engine, table: Any) -> int:
    with engine.connect() as conn:
        return int(conn.scalar(select(func.count()).select_from(table)) or 0)


# Migrations


def test_migrations_apply_once_and_are_recorded(store_url: str) -> None:
    fresh = create_engine(store_url)
    try:
        assert migrate(fresh) == [name for name, _ in MIGRATIONS]
        assert migrate(fresh) == []
    finally:
        fresh.dispose()
    for _ in range(2):
        engine = connect(store_url)
        try:
            assert migrate(engine) == []
            with engine.connect() as conn:
                recorded = sorted(conn.scalars(select(schema_version.c.name)))
            assert recorded == sorted(name for name, _ in MIGRATIONS)
            assert _count(engine, api_keys) == _count(engine, requests) == 0
        finally:
            engine.dispose()


# Caller keys


def test_keys_create_list_revoke_and_lookup_by_hash(store_engine: Engine) -> None:
    store = KeyStore(store_engine)
    plain_a, rec_a = store.create("alpha")
    plain_b, rec_b = store.create(
        "béta team",
        allowed_providers=["cheap", "premium"],
        allowed_models=["small-model"],
        budget="economy",
        rpm_limit=60,
    )
    assert plain_a.startswith(KEY_PREFIX) and plain_a != plain_b
    assert rec_a.key_hash == hash_key(plain_a) and plain_a not in rec_a.key_hash

    listed = store.all()
    assert [r.id for r in listed] == [rec_a.id, rec_b.id]
    assert listed == [rec_a, rec_b]
    by_hash = {r.key_hash: r for r in listed}
    assert by_hash[hash_key(plain_b)].name == "béta team"
    assert hash_key(plain_b + "x") not in by_hash
    with store_engine.connect() as conn:
        found = conn.scalar(select(api_keys.c.id).where(api_keys.c.key_hash == hash_key(plain_a)))
    assert found == rec_a.id

    revoked = store.revoke(rec_b.id[:6])
    assert revoked.id == rec_b.id
    after = {r.id: r for r in store.all()}
    assert after[rec_a.id].active
    assert not after[rec_b.id].active
    revoked_at = after[rec_b.id].revoked_at
    assert revoked_at is not None and revoked_at.utcoffset() is not None
    assert rec_b.created_at <= revoked_at <= dt.datetime.now(UTC)
    with pytest.raises(NotFound):
        store.revoke(rec_b.id)
    with pytest.raises(NotFound):
        store.revoke("zz-no-such-key")


def test_key_records_round_trip_json_lists_and_timezone(store_engine: Engine) -> None:
    store = KeyStore(store_engine)
    _, plain = store.create("plain")
    _, limited = store.create(
        "limited", allowed_providers=["prov-ü", "b"], allowed_models=["m/1", 'q"x']
    )
    got = {r.name: r for r in store.all()}
    assert got["plain"].allowed_providers is None and got["plain"].allowed_models is None
    assert got["limited"].allowed_providers == ("prov-ü", "b")
    assert got["limited"].allowed_models == ("m/1", 'q"x')
    assert got["limited"].view()["allowed_models"] == ["m/1", 'q"x']
    for name, original in (("plain", plain), ("limited", limited)):
        created = got[name].created_at
        assert created.utcoffset() is not None, f"{name}: created_at lost its timezone"
        assert created == original.created_at


def test_key_hash_is_unique(store_engine: Engine) -> None:
    store = KeyStore(store_engine)
    _, record = store.create("one")
    row = {
        "id": "other",
        "name": "dup",
        "key_hash": record.key_hash,
        "prefix": "mr-dup",
        "created_at": T0,
    }
    with pytest.raises(IntegrityError), store_engine.begin() as conn:
        conn.execute(insert(api_keys).values(**row))
    assert len(store.all()) == 1


# The usage ledger


def test_ledger_write_round_trips_every_column(store_engine: Engine) -> None:
    written = [_rows("req-1", T0, key_id="k1"), _rows("req-2", T0 + dt.timedelta(seconds=1))]
    refused = _rows("req-3", T0 + dt.timedelta(seconds=2), traced=False)
    ledger = Ledger(store_engine)
    ledger.write([*written, refused])
    assert ledger.written == 3

    got = read_requests(store_engine)
    assert [r["id"] for r in got] == ["req-1", "req-2", "req-3"]
    for row, (expected, _) in zip(got, [*written, refused], strict=True):
        assert row == expected
    assert got[0]["outcome"] == "escalated" and got[0]["attempts"] == 2
    assert got[0]["prompt_tokens"] == 240 and got[0]["cost_usd"] == pytest.approx(0.00352)
    assert got[2]["outcome"] == "rejected" and got[2]["error"] == "invalid key"

    rows = read_attempts(store_engine)
    assert [(r["request_id"], r["seq"]) for r in rows] == [
        ("req-1", 0),
        ("req-1", 1),
        ("req-2", 0),
        ("req-2", 1),
    ]
    expected_attempts = [a for _, attempt_rows in written for a in attempt_rows]
    assert rows == expected_attempts
    assert read_attempts(store_engine, ["req-2", "nope"]) == expected_attempts[2:]
    assert read_attempts(store_engine, []) == []


def test_ledger_json_verdicts_round_trip(store_engine: Engine) -> None:
    Ledger(store_engine).write([_rows("req-1")])
    first, second = read_attempts(store_engine)
    assert first["verdicts"] == [
        {"check": "json", "ok": False, "reason": "not JSON: «unterminated» string ✗"},
        {"check": "length", "ok": True, "reason": 'ok "quoted"'},
    ]
    assert second["verdicts"] == [{"check": "json", "ok": True, "reason": ""}]
    assert isinstance(first["verdicts"][0]["ok"], bool)


async def test_ledger_record_then_flush(store_engine: Engine) -> None:
    ledger = Ledger(store_engine, batch=1000, interval=60)
    for i in range(40):
        ledger.record(*_rows(f"req-{i:03d}", T0 + dt.timedelta(milliseconds=i)))
    assert _count(store_engine, requests) == 0
    await ledger.flush()
    assert ledger.written == 40
    assert [r["id"] for r in read_requests(store_engine)] == [f"req-{i:03d}" for i in range(40)]
    assert _count(store_engine, attempts) == 80
    await ledger.flush()
    assert ledger.written == 40


async def test_ledger_background_writer_and_stop_lose_nothing(store_engine: Engine) -> None:
    ledger = Ledger(store_engine, batch=7, interval=0.01)
    await ledger.start()
    for i in range(50):
        ledger.record(*_rows(f"req-{i:03d}", T0 + dt.timedelta(milliseconds=i)))
    await ledger.stop()
    assert ledger.written == 50
    assert _count(store_engine, requests) == 50
    assert _count(store_engine, attempts) == 100


def test_read_requests_filters(store_engine: Engine) -> None:
    times = [T0 + dt.timedelta(minutes=m) for m in range(6)]
    keys = ["k1", "k2", None, "k1", "k2", "k1"]
    Ledger(store_engine).write(
        [_rows(f"req-{i}", ts, key_id=k) for i, (ts, k) in enumerate(zip(times, keys, strict=True))]
    )

    def ids(**filters: Any) -> list[str]:
        return [r["id"] for r in read_requests(store_engine, **filters)]

    assert ids() == [f"req-{i}" for i in range(6)]
    assert ids(since=times[2]) == ["req-2", "req-3", "req-4", "req-5"]
    assert ids(until=times[2]) == ["req-0", "req-1"]
    assert ids(since=times[1], until=times[4]) == ["req-1", "req-2", "req-3"]
    assert ids(key_id="k1") == ["req-0", "req-3", "req-5"]
    assert ids(key_id="k2", since=times[2]) == ["req-4"]
    assert ids(key_id="nobody") == []
    # The same instants written in other time zones filter the same way.
    assert ids(since=times[2].astimezone(IST), until=times[4].astimezone(PST)) == [
        "req-2",
        "req-3",
    ]


def test_ledger_timestamps_keep_their_timezone(store_engine: Engine) -> None:
    in_ist = dt.datetime(2026, 3, 1, 17, 31, 0, 500, tzinfo=IST)  # 12:01:00.0005 UTC
    in_pst = dt.datetime(2026, 3, 1, 4, 0, 30, tzinfo=PST)  # 12:00:30 UTC
    Ledger(store_engine).write([_rows("utc", T0), _rows("ist", in_ist), _rows("pst", in_pst)])
    got = read_requests(store_engine)
    assert [r["id"] for r in got] == ["utc", "pst", "ist"], "ordered by instant, not wall time"
    for row, sent in zip(got, [T0, in_pst, in_ist], strict=True):
        assert row["ts"].utcoffset() is not None, f"{row['id']}: timezone lost"
        assert row["ts"] == sent
    assert [r["id"] for r in read_requests(store_engine, since=in_pst)] == ["pst", "ist"]
    assert [r["id"] for r in read_requests(store_engine, until=in_ist)] == ["utc", "pst"]


def test_concurrent_ledger_writers_lose_nothing(store_engine: Engine) -> None:
    writers, batches, per_batch = 8, 12, 15
    start = threading.Barrier(writers)

    def writer(n: int) -> int:
        ledger = Ledger(store_engine)
        start.wait(timeout=30)
        for b in range(batches):
            ledger.write(
                [
                    _rows(f"w{n}-b{b}-r{r}", T0 + dt.timedelta(seconds=b, milliseconds=r))
                    for r in range(per_batch)
                ]
            )
        return ledger.written

    with ThreadPoolExecutor(max_workers=writers) as pool:
        futures = [pool.submit(writer, n) for n in range(writers)]
        written = [f.result(timeout=120) for f in futures]
    total = writers * batches * per_batch
    assert written == [batches * per_batch] * writers
    assert _count(store_engine, requests) == total
    assert _count(store_engine, attempts) == 2 * total
    assert len({r["id"] for r in read_requests(store_engine)}) == total


def test_ledger_stores_an_overlong_caller_selector(store_engine: Engine) -> None:
    """The selector is the caller's ``model`` field: any length must not lose the batch."""
    refused = rows_of(
        request_id="long",
        received_at=T0,
        api="openai",
        key_id=None,
        selector="m" * 1000,
        status=404,
        error="unknown model",
        trace=None,
        latency_ms=1.0,
        overhead_ms=1.0,
    )
    Ledger(store_engine).write([refused, _rows("next")])
    got = {r["id"]: r for r in read_requests(store_engine)}
    assert set(got) == {"long", "next"}
    assert got["long"]["selector"] == "m" * 200


def test_key_names_are_limited_the_same_way_on_every_backend(store_engine: Engine) -> None:
    store = KeyStore(store_engine)
    _, record = store.create("n" * 200)
    with pytest.raises(InvalidRequest):
        store.create("n" * 201)
    with pytest.raises(InvalidRequest):
        store.create("")
    assert [r.id for r in store.all()] == [record.id]
