"""``modelrouter serve`` as a user runs it: a real process, real port, JSON logs."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import httpx2
import pytest
from tests.serve_fixtures import start_serve


@pytest.mark.parametrize("workers", [1, 2])
def test_serve_starts_reports_and_answers(tmp_path: Path, workers: int) -> None:
    process, url = start_serve(tmp_path, "--workers", str(workers))
    try:
        answer = httpx2.post(
            f"{url}/v1/chat/completions",
            timeout=10,
            json={"model": "auto", "messages": [{"role": "user", "content": "hello"}]},
        )
        assert answer.status_code == 200 and answer.headers["x-modelrouter-task"] == "simple"
    finally:
        process.terminate()
        _, stderr = process.communicate(timeout=30)
    lines = [json.loads(line) for line in stderr.splitlines() if line.startswith("{")]
    messages = [line["msg"] for line in lines]
    assert "gateway ready" in messages
    storage = next(line for line in lines if line["msg"] == "storage")
    assert storage["database"] == str(tmp_path / "gw.db")
    request = next(line for line in lines if line["msg"] == "request")
    assert request["status"] == 200 and request["request_id"] == answer.headers["x-request-id"]
    assert "sk-" not in stderr


def test_killed_gateway_loses_no_answered_request(tmp_path: Path) -> None:
    """SIGKILL after answering (nothing flushed yet): the next start replays the journal."""
    config = tmp_path / "modelrouter.yaml"
    config.write_text("gateway:\n  ledger_flush_seconds: 3600\n")
    database = tmp_path / "gw.db"

    def start() -> tuple[subprocess.Popen[str], str]:
        return start_serve(tmp_path, config=config)

    process, url = start()
    ids = []
    with httpx2.Client(base_url=url, timeout=10) as client:
        for n in range(20):
            answer = client.post(
                "/v1/chat/completions",
                json={"model": "auto", "messages": [{"role": "user", "content": f"question {n}"}]},
            )
            assert answer.status_code == 200
            ids.append(answer.headers["x-request-id"])
    process.kill()
    process.communicate(timeout=30)
    import sqlite3

    with sqlite3.connect(database) as db:
        before = db.execute("select count(*) from requests").fetchone()[0]
    assert before == 0, "the flush interval is an hour: nothing reached the database yet"
    process, _ = start()  # start-up replays the dead process's journal
    process.terminate()
    process.communicate(timeout=30)
    with sqlite3.connect(database) as db:
        assert db.execute("pragma integrity_check").fetchone()[0] == "ok"
        stored = [row[0] for row in db.execute("select id from requests")]
        attempts = db.execute("select count(*) from attempts").fetchone()[0]
    assert sorted(stored) == sorted(ids)
    assert attempts == 20
    assert not list((tmp_path / "gw.db-journal.d").glob("ledger-*")), "journals cleaned up"
