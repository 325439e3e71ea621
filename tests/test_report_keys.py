"""Issue 15 item 11: a saving that is a loss reads as one, ``--by key`` shows key names (and
``cli`` for the command line's calls), and a key name is taken once."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import httpx2
import pytest
from click.testing import CliRunner
from tests.gateway_fixtures import ADMIN_KEY, running_gateway

from modelrouter.cli import main_group
from modelrouter.config.loader import load_settings
from modelrouter.errors import InvalidRequest
from modelrouter.store.db import connect
from modelrouter.store.keys import KeyStore
from modelrouter.store.ledger import Ledger, Row, rows_of
from modelrouter.trace import Attempt, Trace
from modelrouter.types import Usage

SETTINGS = load_settings()
WHEN = dt.datetime(2026, 11, 2, 10, 0, tzinfo=dt.UTC)  # off-peak
OPUS = (1000 * 5 + 500 * 25) / 1e6  # claude-opus-4-7: in 5.00, out 25.00 per million
QWEN = (1000 * 0.325 + 500 * 1.95) / 1e6  # qwen3.6-plus: in 0.325, out 1.95


def _item(request_id: str, key_id: str | None, api: str = "openai") -> tuple[Row, list[Row]]:
    trace = Trace(request_id, "code", 0.9, "rules", "test", "table", "normal")
    attempt = Attempt(
        "claude-opus-4-7", "anthropic", "primary", "test", usage=Usage.of(1000, 500), cost_usd=OPUS
    )
    trace.attempts = [attempt]
    trace.settle(attempt)
    return rows_of(
        request_id=request_id, received_at=WHEN, api=api, key_id=key_id, selector="auto",
        status=200, error=None, trace=trace, latency_ms=10.0, overhead_ms=1.0,
    )  # fmt: skip


@pytest.fixture
def ledger(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, str]:
    monkeypatch.chdir(tmp_path)
    path = tmp_path / "ledger.db"
    engine = connect(f"sqlite:///{path}")
    _, record = KeyStore(engine).create("team-a")
    Ledger(engine).write([_item("r1", record.id), _item("r2", None, "cli"), _item("r3", None)])
    return path, record.id


def test_a_loss_against_a_cheaper_model_says_how_many_times_more(ledger: tuple[Path, str]) -> None:
    result = CliRunner().invoke(main_group, ["report", "--db", str(ledger[0])])
    assert result.exit_code == 0, result.output
    text = " ".join(result.output.split())
    ratio = OPUS / QWEN  # routed on opus, against everything on qwen
    assert f"all qwen3.6-plus {3 * QWEN:,.4f} cost {ratio:.1f}×" in text
    assert f"-{(ratio - 1) * 100:.1f}%" not in text  # no negative saving printed
    assert "Routing saved 0.0% against all claude-opus-4-7, saved 12.5% against all gpt-5.5" in text


def test_by_key_shows_names_and_cli(ledger: tuple[Path, str]) -> None:
    path, key_id = ledger
    result = CliRunner().invoke(
        main_group, ["report", "--db", str(path), "--by", "key", "--format", "csv"]
    )
    assert result.exit_code == 0, result.output
    groups = {line.split(",")[0] for line in result.output.splitlines()[1:]}
    assert groups == {"team-a", "cli", "(no key)"}
    assert key_id not in result.output


def test_a_duplicate_key_name_is_refused_in_the_store(tmp_path: Path) -> None:
    store = KeyStore(connect(f"sqlite:///{tmp_path / 'k.db'}"))
    _, first = store.create("team-a")
    with pytest.raises(InvalidRequest, match="a key named 'team-a' already exists"):
        store.create("team-a")
    store.revoke(first.id)
    store.create("team-a")  # a revoked key's name is free again (rotation)


def test_a_duplicate_key_name_is_refused_by_the_cli(tmp_path: Path) -> None:
    env = {"MODELROUTER_DB": str(tmp_path / "k.db")}
    runner = CliRunner()
    assert runner.invoke(main_group, ["keys", "create", "team-a"], env=env).exit_code == 0
    again = runner.invoke(main_group, ["keys", "create", "team-a"], env=env)
    assert again.exit_code == 1
    assert "a key named 'team-a' already exists" in again.output
    listed = runner.invoke(main_group, ["keys", "list", "--json"], env=env)
    assert listed.output.count('"team-a"') == 1


def test_a_duplicate_key_name_is_refused_by_the_admin_api(tmp_path: Path) -> None:
    auth = {"authorization": f"Bearer {ADMIN_KEY}"}
    with running_gateway(tmp_path, admin=True) as gw, httpx2.Client(base_url=gw.url) as http:
        assert http.post("/admin/keys", headers=auth, json={"name": "t"}).status_code == 201
        again = http.post("/admin/keys", headers=auth, json={"name": "t"})
        assert again.status_code == 400
        assert "a key named 't' already exists" in again.json()["error"]["message"]


def test_the_key_filter_takes_a_name_as_well_as_an_id(ledger: tuple[Path, str]) -> None:
    path, key_id = ledger
    for key in ("team-a", key_id):
        result = CliRunner().invoke(
            main_group, ["report", "--db", str(path), "--key", key, "--format", "json"]
        )
        assert result.exit_code == 0, result.output
        assert json.loads(result.stdout)["total"]["requests"] == 1
