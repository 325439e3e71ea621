"""Crash safety: SIGKILL a real ``modelrouter serve`` under load (concurrent plain and
streamed requests), start it again: the SQLite ledger passes ``PRAGMA integrity_check``,
every request a client got a whole answer for is recorded exactly once, and the only
requests missing are those in flight at the kill."""

from __future__ import annotations

import signal
import sqlite3
import subprocess
import threading
import time
from pathlib import Path

import httpx2
from tests.serve_fixtures import start_serve

CONFIG = """
gateway: {ledger_flush_seconds: 0.2}
sim: {default: {tokens_per_second: 300, ttft_ms: 20}}
"""


def _start(tmp: Path) -> tuple[subprocess.Popen[str], str]:
    return start_serve(tmp, config=tmp / "modelrouter.yaml", stderr=subprocess.DEVNULL)


class Load:
    """Clients in threads sending requests until told to stop; what each one saw."""

    def __init__(self, url: str, clients: int) -> None:
        self.url = url
        self.answered: list[str] = []
        self.broken: list[str] = []
        self.stop = threading.Event()
        self.lock = threading.Lock()
        self.threads = [
            threading.Thread(target=self._client, args=(n,), daemon=True) for n in range(clients)
        ]

    def _client(self, number: int) -> None:
        with httpx2.Client(base_url=self.url, timeout=30) as client:
            count = 0
            while not self.stop.is_set():
                count += 1
                request_id = f"crash-{number}-{count}"
                whole = self._send(client, request_id, stream=count % 2 == 0)
                with self.lock:
                    (self.answered if whole else self.broken).append(request_id)
                if not whole:
                    return  # the server is gone (nothing else breaks a request here)

    def _send(self, client: httpx2.Client, request_id: str, *, stream: bool) -> bool:
        body = {
            "model": "auto",
            "stream": stream,
            "messages": [{"role": "user", "content": f"Explain the tides ({request_id})."}],
        }
        headers = {"x-request-id": request_id}
        try:
            if not stream:
                return client.post("/v1/chat/completions", json=body, headers=headers).is_success
            with client.stream(
                "POST", "/v1/chat/completions", json=body, headers=headers
            ) as answer:
                lines = [line for line in answer.iter_lines() if line]
            return answer.status_code == 200 and lines[-1] == "data: [DONE]"
        except httpx2.TransportError:
            return False


def test_sigkill_under_load_loses_only_requests_in_flight(tmp_path: Path) -> None:
    (tmp_path / "modelrouter.yaml").write_text(CONFIG)
    process, url = _start(tmp_path)
    load = Load(url, clients=8)
    try:
        for thread in load.threads:
            thread.start()
        time.sleep(4)
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=30)
    finally:
        load.stop.set()
        for thread in load.threads:
            thread.join(timeout=30)
        if process.poll() is None:
            process.kill()
            process.wait(timeout=30)
    assert len(load.answered) > 20, "the gateway was under load when it was killed"
    assert load.broken, "some requests were in flight at the kill"
    restarted, _ = _start(tmp_path)  # start-up replays the dead process's journal
    restarted.terminate()
    restarted.wait(timeout=30)
    with sqlite3.connect(tmp_path / "gw.db") as db:
        assert db.execute("pragma integrity_check").fetchone()[0] == "ok"
        stored = [row[0] for row in db.execute("select id from requests")]
        per_request = dict(db.execute("select id, attempts from requests").fetchall())
        rows = dict(
            db.execute("select request_id, count(*) from attempts group by request_id").fetchall()
        )
    assert len(stored) == len(set(stored)), "no request recorded twice"
    answered, broken = set(load.answered), set(load.broken)
    assert answered <= set(stored), f"answered but lost: {sorted(answered - set(stored))[:5]}"
    assert set(stored) - answered <= broken, "nothing recorded that was never sent"
    assert all(per_request[i] == rows.get(i, 0) for i in stored), "every attempt, once"
    # in flight: at most one request per client, and each one is either recorded or not
    assert len(broken) <= len(load.threads)
    print(
        f"answered before the kill: {len(answered)}, all recorded; in flight: {len(broken)}, "
        f"of which recorded: {len(broken & set(stored))}; integrity_check: ok"
    )
