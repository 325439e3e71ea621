"""Issue 15 item 12: the admin API is in /openapi.json and the README, and the per-key rate
limit has one name, ``rpm_limit`` (``rpm`` accepted as a deprecated alias)."""

from __future__ import annotations

import json
from pathlib import Path

import httpx2
from click.testing import CliRunner
from tests.gateway_fixtures import ADMIN_KEY, running_gateway

from modelrouter.cli import main_group
from modelrouter.server.openapi import document

ROOT = Path(__file__).resolve().parents[1]
AUTH = {"authorization": f"Bearer {ADMIN_KEY}"}


def test_the_admin_endpoints_are_in_the_openapi_document(tmp_path: Path) -> None:
    with running_gateway(tmp_path, admin=True) as gw, httpx2.Client(base_url=gw.url) as http:
        spec = http.get("/openapi.json", headers=AUTH).json()
    paths = spec["paths"]
    assert set(paths["/admin/keys"]) == {"get", "post"}
    assert set(paths["/admin/keys/{key_id}"]) == {"delete"}
    assert set(paths["/admin/quality"]) == {"get"}
    create = paths["/admin/keys"]["post"]["requestBody"]["content"]["application/json"]
    assert create["schema"]["$ref"].endswith("/KeyCreate")
    body = spec["components"]["schemas"]["KeyCreate"]
    assert "rpm_limit" in body["properties"] and body["required"] == ["name"]
    assert "201" in paths["/admin/keys"]["post"]["responses"]
    assert "model" in spec["components"]["schemas"]["ChatRequest"]["required"]


def test_openapi_admin_schema_matches_what_the_api_returns(tmp_path: Path) -> None:
    key_schema = document()["components"]["schemas"]["KeyView"]
    with running_gateway(tmp_path, admin=True) as gw, httpx2.Client(base_url=gw.url) as http:
        made = http.post("/admin/keys", headers=AUTH, json={"name": "a", "rpm_limit": 3}).json()
        listed = http.get("/admin/keys", headers=AUTH).json()["data"][0]
    assert set(listed) == set(key_schema["properties"]) == set(key_schema["required"])
    assert set(made) == {"key", *listed}


def test_rpm_is_a_deprecated_alias_of_rpm_limit_in_the_admin_api(tmp_path: Path) -> None:
    with running_gateway(tmp_path, admin=True) as gw, httpx2.Client(base_url=gw.url) as http:
        made = http.post("/admin/keys", headers=AUTH, json={"name": "a", "rpm": 7})
        assert made.status_code == 201, made.text
        assert made.json()["rpm_limit"] == 7
        both = http.post("/admin/keys", headers=AUTH, json={"name": "b", "rpm": 7, "rpm_limit": 8})
        assert both.status_code == 400


def test_the_cli_flag_is_rpm_limit_and_rpm_still_works(tmp_path: Path) -> None:
    env = {"MODELROUTER_DB": str(tmp_path / "k.db")}
    runner = CliRunner()
    new = runner.invoke(main_group, ["keys", "create", "a", "--rpm-limit", "5"], env=env)
    assert new.exit_code == 0, new.output
    old = runner.invoke(main_group, ["keys", "create", "b", "--rpm", "6"], env=env)
    assert old.exit_code == 0, old.output
    listed = json.loads(runner.invoke(main_group, ["keys", "list", "--json"], env=env).output)
    assert [k["rpm_limit"] for k in listed] == [5, 6]
    assert "--rpm-limit" in runner.invoke(main_group, ["keys", "create", "--help"]).output


def test_the_readme_documents_the_admin_api() -> None:
    readme = (ROOT / "README.md").read_text()
    for endpoint in (
        "POST /admin/keys",
        "GET /admin/keys",
        "DELETE /admin/keys/",
        "/admin/quality",
    ):
        assert endpoint in readme
    assert "rpm_limit" in readme and "--rpm-limit" in readme
