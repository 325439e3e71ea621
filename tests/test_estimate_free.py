"""Free deployments in the projections: ``modelrouter estimate`` shows the share of a
month's tasks their daily quota covers and the monthly cost that results, next to the same
routing without them and every task on one model; ``advise`` what they answered in the
ledger (issue 17, part 5)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import httpx2
import pytest
import yaml
from click.testing import CliRunner
from tests.gateway_fixtures import running_gateway

from modelrouter.cli import main_group

EXAMPLE = Path(__file__).resolve().parent.parent / "docs" / "examples" / "free-tier.yaml"
KIMI = (0.95, 4.0)  # kimi-k2.6's list prices at moonshot, USD per million tokens


def _estimate(config: Path, *args: str) -> Any:
    command = ["--config", str(config), "estimate", "--at", "2026-11-20", *args]
    result = CliRunner().invoke(main_group, [*command, "--format", "json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def _config(tmp_path: Path, deployments: list[dict[str, Any]], **routing: Any) -> Path:
    path = tmp_path / "modelrouter.yaml"
    data: dict[str, Any] = {"models": {"kimi-k2.6": {"deployments": deployments}}}
    if routing:
        data["routing"] = routing
    path.write_text(yaml.safe_dump(data))
    return path


def test_the_article_mix_with_the_documented_simulated_free_tier() -> None:
    """The docs' figure: 10,000 tasks (40% simple, 30% long documents, 30% code); the free
    tier's 100 requests a day (3,000 a month) answer 3,000 of the 7,000 tasks routed to
    kimi-k2.6, the same share of each task type; the rest is paid at moonshot's price."""
    data = _estimate(EXAMPLE)
    (tier,) = data["free_tiers"]
    assert tier["deployment"] == "kimi-k2.6@free" and tier["tags"] == ["simulated"]
    assert tier["monthly_requests"] == 3_000 and tier["demand"] == pytest.approx(7_000)
    lines = {x["task"]: x for x in data["lines"]}
    simple, long_docs, code = lines["simple"], lines["long_context"], lines["code"]
    assert simple["model"] == long_docs["model"] == "kimi-k2.6"
    assert simple["free_share"] == pytest.approx(3 / 7)
    assert code["free_share"] == 0
    simple_unit = (300 * KIMI[0] + 250 * KIMI[1]) / 1e6
    assert simple["unit_usd"] == pytest.approx(simple_unit)
    assert simple["monthly_usd"] == pytest.approx(4_000 * (4 / 7) * simple_unit)
    without = data["routed_without_free_usd"]
    saved = 3 / 7 * (simple["unit_usd"] * 4_000 + long_docs["unit_usd"] * 3_000)
    assert data["routed_usd"] == pytest.approx(without - saved)
    opus = next(s for s in data["single_models"] if s["model"] == "claude-opus-4-7")
    assert opus["monthly_usd"] > without > data["routed_usd"]
    assert any("SIMULATED free tier" in a for a in data["assumptions"])


def test_a_quota_larger_than_the_demand_makes_the_model_free(tmp_path: Path) -> None:
    free = {"provider": "moonshot", "name": "free", "free": True, "requests_per_day": 10_000}
    config = _config(tmp_path, [free, {"provider": "moonshot"}])
    data = _estimate(config, "--mix", "simple=1")
    (line,) = data["lines"]
    assert line["free_share"] == 1 and line["monthly_usd"] == 0
    assert data["routed_without_free_usd"] > 0


def test_a_free_deployment_outside_the_allowed_regions_covers_nothing(tmp_path: Path) -> None:
    free = {"provider": "moonshot", "name": "free", "free": True, "region": "cn"}
    paid = {"provider": "moonshot", "region": "eu"}
    config = _config(tmp_path, [free, paid], allowed_regions=["eu"])
    data = _estimate(config, "--mix", "simple=1")
    assert data["free_tiers"] == []
    (line,) = data["lines"]
    assert line["model"] == "kimi-k2.6" and line["free_share"] == 0
    assert data["routed_usd"] == pytest.approx(data["routed_without_free_usd"])
    assert data["routed_usd"] > 0


def test_the_table_names_the_free_tier_and_both_routed_totals() -> None:
    command = ["--config", str(EXAMPLE), "estimate", "--at", "2026-11-20"]
    result = CliRunner().invoke(main_group, command)
    assert result.exit_code == 0, result.output
    text = result.output
    assert "free deployment kimi-k2.6@free [simulated]: 100 requests a day" in text
    assert "multi-model routing (normal), no free deployment" in text
    assert "SIMULATED free tier (no published offer): kimi-k2.6@free" in text


def test_advise_reports_what_the_free_deployment_answered_and_when_its_quota_ran_out(
    tmp_path: Path,
) -> None:
    """Five requests through the gateway to a model whose free deployment has a quota of
    three a day: three answered free (the ledger names the deployment), then the paid one;
    ``advise`` prices the free answers at list price and says the quota ran out."""
    free = {"provider": "moonshot", "name": "free", "free": True, "requests_per_day": 3}
    config = _config(tmp_path, [free, {"provider": "moonshot"}])
    overrides = yaml.safe_load(config.read_text())
    with running_gateway(tmp_path, **overrides) as gw, httpx2.Client(base_url=gw.url) as http:
        for i in range(5):
            body = {"model": "kimi-k2.6", "messages": [{"role": "user", "content": f"Hi {i}"}]}
            assert http.post("/v1/chat/completions", json=body).status_code == 200
        requests, _ = gw.ledger()
    assert [r["deployment"] for r in requests] == ["kimi-k2.6@free"] * 3 + [
        "kimi-k2.6@moonshot"
    ] * 2
    db = tmp_path / "gateway.db"
    command = ["--config", str(config), "advise", "--db", str(db), "--format", "json"]
    result = CliRunner().invoke(main_group, command)
    assert result.exit_code == 0, result.output
    (use,) = json.loads(result.stdout)["free_deployments"]
    assert use["deployment"] == "kimi-k2.6@free" and use["answered"] == 3
    assert (use["days_used"], use["days_spent"]) == (1, 1)
    paid = [r["cost_usd"] for r in requests[3:]]
    assert use["list_price_usd"] > 0 and all(c > 0 for c in paid)
    assert sum(r["cost_usd"] for r in requests[:3]) == 0
    text = CliRunner().invoke(main_group, command[:-2]).output
    assert "kimi-k2.6@free answered 3 requests" in text and "ran out on 1 of 1 days" in text
