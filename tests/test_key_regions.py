"""A caller key's own ``allowed_regions``: its requests call only deployments in those
regions (within the global ``routing.allowed_regions``), set through the admin API or
``modelrouter keys create --regions``, kept in the keys table (migration 0012)."""

from __future__ import annotations

import json
from pathlib import Path

import httpx2
from click.testing import CliRunner
from tests.gateway_fixtures import ADMIN_KEY, running_gateway

from modelrouter.cli import main_group
from modelrouter.config.loader import build_settings, default_data, merge
from modelrouter.deployments import regions
from modelrouter.store.db import connect
from modelrouter.store.keys import KeyStore

KIMI = "kimi-k2.6"
OPENROUTER = {"format": "openai", "base_url": "https://openrouter.ai/api/v1"}
DEPLOYMENTS = {
    "providers": {"openrouter": {**OPENROUTER, "api_key_env": "OPENROUTER_API_KEY"}},
    "models": {
        KIMI: {
            "deployments": [
                {"provider": "moonshot", "region": "cn"},
                {"provider": "openrouter", "upstream": "moonshotai/kimi-k2.6", "region": "eu"},
            ]
        }
    },
}


def test_a_key_with_regions_is_served_only_there_and_keeps_them(tmp_path: Path) -> None:
    with running_gateway(tmp_path, admin=True, **DEPLOYMENTS) as gw:
        admin = {"authorization": f"Bearer {ADMIN_KEY}"}
        made = httpx2.post(
            f"{gw.url}/admin/keys",
            json={"name": "eu-only", "allowed_regions": ["eu"]},
            headers=admin,
        )
        assert made.status_code == 201, made.text
        assert made.json()["allowed_regions"] == ["eu"]
        anywhere, _ = gw.store.create("anywhere")
        answers = {}
        for name, key in (("eu-only", made.json()["key"]), ("anywhere", anywhere)):
            for stream in (False, True):  # a conversation of its own (no stickiness)
                text = f"hello from {name}, {stream}"
                body = {"model": KIMI, "messages": [{"role": "user", "content": text}]}
                answer = httpx2.post(
                    f"{gw.url}/v1/chat/completions",
                    json={**body, "stream": stream},
                    headers={"authorization": f"Bearer {key}"},
                    timeout=30,
                )
                assert answer.status_code == 200, answer.text
                answers[name, stream] = answer.headers["x-modelrouter-deployment"]
        listed = httpx2.get(f"{gw.url}/admin/keys", headers=admin).json()["data"]
    assert answers[("eu-only", False)] == answers[("eu-only", True)] == f"{KIMI}@openrouter"
    assert answers[("anywhere", False)] == answers[("anywhere", True)] == f"{KIMI}@moonshot"
    kept = {k["name"]: k["allowed_regions"] for k in listed}
    assert kept == {"eu-only": ["eu"], "anywhere": None}


def test_keys_create_regions_from_the_cli(tmp_path: Path) -> None:
    db = tmp_path / "keys.db"
    runner = CliRunner(env={"MODELROUTER_DB": str(db)})
    made = runner.invoke(main_group, ["keys", "create", "eu-cli", "--regions", "eu, us"])
    assert made.exit_code == 0, made.output
    listed = runner.invoke(main_group, ["keys", "list", "--json"])
    assert [k["allowed_regions"] for k in json.loads(listed.stdout)] == [["eu", "us"]]
    (record,) = KeyStore(connect(f"sqlite:///{db}")).all()
    assert record.allowed_regions == ("eu", "us")


def test_a_key_narrows_the_global_regions_and_never_widens_them() -> None:
    settings = build_settings(merge(default_data(), {"routing": {"allowed_regions": ["eu"]}}))
    assert regions(settings, None) == frozenset({"eu"})
    assert regions(settings, ["eu", "us"]) == frozenset({"eu"})
    assert regions(settings, ["us"]) == frozenset()
    anywhere = build_settings(default_data())
    assert regions(anywhere, None) is None
    assert regions(anywhere, ["us"]) == frozenset({"us"})
