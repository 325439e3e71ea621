"""Price sources: our YAML, LiteLLM's file, a URL with a kept copy; a price change moves
the economy plan and the cost of the next request without a restart."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from starlette.applications import Starlette
from starlette.responses import PlainTextResponse
from starlette.routing import Route
from tests.fakes import DEFAULT_KEYS

from modelrouter.cli import main_group
from modelrouter.config.loader import build_settings, default_data, merge
from modelrouter.config.spending import PriceSource
from modelrouter.errors import ConfigError
from modelrouter.prices.sources import load_overlay, parse
from modelrouter.pricing import price_in_force
from modelrouter.router import Router, build_request
from modelrouter.server.loopback import serving

NOW = dt.datetime(2026, 11, 21, 12, tzinfo=dt.UTC)
LITELLM = {
    "gpt-5.5": {
        "input_cost_per_token": 4e-06,
        "output_cost_per_token": 2.4e-05,
        "cache_read_input_token_cost": 4e-07,
        "input_cost_per_token_above_272k_tokens": 8e-06,
        "output_cost_per_token_above_272k_tokens": 3.6e-05,
        "max_input_tokens": 1050000,
        "litellm_provider": "openai",
    },
    "anthropic/claude-opus-4-7": {
        "input_cost_per_token": 4.5e-06,
        "output_cost_per_token": 2.2e-05,
        "cache_creation_input_token_cost": 5.6e-06,
    },
    "some-model-we-do-not-carry": {"input_cost_per_token": 1e-06, "output_cost_per_token": 1e-06},
    "sample_spec": {"max_tokens": "set to max"},
}


def _router(tmp_path: Path, sources: list[dict[str, object]]) -> Router:
    data = merge(default_data(), {"pricing": {"sources": sources, "cache_dir": str(tmp_path)}})
    return Router(build_settings(data), env=DEFAULT_KEYS, clock=lambda: NOW)


def test_litellm_file_loads_per_million_with_tiers_and_cache(tmp_path: Path) -> None:
    path = tmp_path / "model_prices_and_context_window.json"
    path.write_text(json.dumps(LITELLM))
    router = _router(tmp_path, [{"path": str(path), "format": "litellm"}])
    gpt = price_in_force(router.prices.model("gpt-5.5"), NOW)
    assert (gpt.input, gpt.output, gpt.cached_input) == (4.0, 24.0, 0.4)
    assert gpt.long_context is not None
    assert (gpt.long_context.threshold, gpt.long_context.input) == (272_000, 8.0)
    opus = price_in_force(router.prices.model("claude-opus-4-7"), NOW)
    assert (opus.input, opus.output, opus.cache_write_5m) == (4.5, 22.0, 5.6)
    assert opus.effective == NOW.date() and "claude-opus-4-7" in opus.source
    # requests dated before the load are still priced by the built-in entry of their day
    earlier = price_in_force(router.prices.model("gpt-5.5"), NOW - dt.timedelta(days=10))
    assert earlier.input == 5.0
    assert any("2 catalog models" in note for note in router.price_notes)


def test_yaml_source_changes_the_economy_plan_without_restart(tmp_path: Path) -> None:
    path = tmp_path / "prices.yaml"
    path.write_text("prices: {}\n")
    router = _router(tmp_path, [{"path": str(path)}])
    request = build_request("hello", task="simple", stream=False)
    _, before = router.decide(request, budget="economy")
    cheapest = before.candidates[0].model
    # the cheapest model doubles its price; another adequate one becomes the cheapest
    path.write_text(f"""
prices:
  {cheapest}: {{input: 50, output: 200}}
""")
    router.reload_prices()
    _, after = router.decide(request, budget="economy")
    assert after.candidates[0].model != cheapest
    assert price_in_force(router.prices.model(cheapest), NOW).input == 50


async def test_cost_of_the_next_request_uses_the_new_price(tmp_path: Path) -> None:
    from tests.fakes import Upstream, text

    path = tmp_path / "prices.yaml"
    path.write_text("kimi-k2.6: {input: 2.0, output: 8.0}\n")
    data = merge(default_data(), {"pricing": {"sources": [{"path": str(path)}]}})
    upstream = Upstream().on("kimi-k2.6", text("hi", prompt=1_000_000, completion=0))
    settings = build_settings(data)
    router = Router(
        settings,
        env=DEFAULT_KEYS,
        clock=lambda: NOW,
        transports=upstream.transports(list(settings.providers)),
    )
    result = await router.complete("hi", task="simple")
    assert result.trace.cost_usd == pytest.approx(2.0)


def test_url_source_keeps_the_last_good_copy(tmp_path: Path) -> None:
    body = {"text": "gpt-5.4-nano: {input: 0.1, output: 1.0}\n"}
    app = Starlette(routes=[Route("/prices.yaml", lambda r: PlainTextResponse(body["text"]))])
    with serving(app) as url:
        router = _router(tmp_path, [{"url": f"{url}/prices.yaml", "allow_private": True}])
        assert price_in_force(router.prices.model("gpt-5.4-nano"), NOW).input == 0.1
        body["text"] = "{not: [valid"
        with pytest.raises(ConfigError, match="cannot parse"):
            router.reload_prices()
    # the server is gone: the kept copy (the last one that parsed) is used
    again = _router(tmp_path, [{"url": f"{url}/prices.yaml", "allow_private": True}])
    assert price_in_force(again.prices.model("gpt-5.4-nano"), NOW).input == 0.1
    assert any("last good copy" in note for note in again.price_notes)


def test_bad_sources_fail_clearly(tmp_path: Path) -> None:
    settings = build_settings(default_data())
    bad = PriceSource(path="x.yaml")
    with pytest.raises(ConfigError, match=r"gpt-5\.5"):
        parse(bad, "gpt-5.5: {input: -1, output: 2}\n", settings.models, NOW.date())
    with pytest.raises(ConfigError, match="cannot read"):
        load_overlay(
            [PriceSource(path=str(tmp_path / "missing.yaml"))],
            settings.models,
            tmp_path,
            NOW.date(),
        )
    with pytest.raises(ValueError, match="exactly one of path or url"):
        PriceSource()
    with pytest.raises(ValueError, match="http"):
        PriceSource(url="file:///etc/passwd")


def test_prices_cli_show_and_diff(tmp_path: Path) -> None:
    runner = CliRunner()
    shown = runner.invoke(
        main_group, ["prices", "show", "--model", "deepseek-v4-pro", "--at", "2026-08-01", "--json"]
    )
    assert shown.exit_code == 0, shown.output
    assert json.loads(shown.output)[0]["input"] == 0.435
    path = tmp_path / "litellm.json"
    path.write_text(json.dumps(LITELLM))
    changed = runner.invoke(
        main_group, ["prices", "diff", str(path), "--format", "litellm", "--json"]
    )
    assert changed.exit_code == 0, changed.output
    fields = {
        (c["model"], c["field"]): (c["before"], c["after"]) for c in json.loads(changed.output)
    }
    assert fields[("gpt-5.5", "input")] == (5.0, 4.0)
    assert fields[("claude-opus-4-7", "output")] == (25.0, 22.0)
    no_sources = runner.invoke(main_group, ["prices", "update"])
    assert no_sources.exit_code == 2 and "no price sources" in no_sources.output


def test_an_unreachable_url_with_no_copy_keeps_built_in_prices(tmp_path: Path) -> None:
    router = _router(tmp_path, [{"url": "http://127.0.0.1:9/prices.yaml", "allow_private": True}])
    assert price_in_force(router.prices.model("gpt-5.5"), NOW).input == 5.0
    assert "prices unchanged" in router.price_notes[0]


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:8080/prices.yaml",
        "http://localhost/prices.yaml",
        "http://169.254.169.254/latest/meta-data/",
        "http://10.0.0.8/prices.yaml",
        "http://[::1]/prices.yaml",
        "http://0.0.0.0/prices.yaml",
    ],
)
def test_a_price_url_on_a_local_address_is_refused(tmp_path: Path, url: str) -> None:
    # refused before any connection (the test guard would turn one to 169.254... into an error)
    with pytest.raises(ConfigError, match="not a public address"):
        _router(tmp_path, [{"url": url}])
