"""Configuration: defaults reproduce the routing table, user files merge, errors name fields."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from click.testing import CliRunner

from modelrouter.cli import main_group
from modelrouter.config.loader import load_settings
from modelrouter.errors import ConfigError

TABLE = {
    "code": ("claude-opus-4-7", "gpt-5.5"),
    "long_context": ("kimi-k2.6", "deepseek-v4-pro"),
    "reasoning": ("gpt-5.5", "claude-opus-4-7"),
    "simple": ("kimi-k2.6", "qwen3.6-plus"),
    "creative": ("claude-opus-4-7", "gpt-5.5"),
    "data_analysis": ("deepseek-v4-pro", "gpt-5.5"),
}


def test_defaults_reproduce_the_routing_table() -> None:
    settings = load_settings()
    routes = {name: (t.route.primary, t.route.fallbacks[0]) for name, t in settings.tasks.items()}
    assert routes == TABLE
    for task in settings.tasks.values():
        assert task.description and task.examples, "task types carry description and examples"


def test_catalog_carries_dated_sourced_prices_and_a_cheap_model_per_provider() -> None:
    settings = load_settings()
    for name, model in settings.models.items():
        assert model.prices, name
        for price in model.prices:
            assert isinstance(price.effective, dt.date) and price.source, name
    for provider in settings.providers:
        prices = [m.prices[-1].input for m in settings.models.values() if m.provider == provider]
        assert prices and min(prices) <= 1.0, f"{provider} needs a cheap model"
    assert settings.models["deepseek-v4-pro"].prices[-1].peak is not None
    assert settings.models["gpt-5.5"].prices[-1].long_context is not None


def test_user_file_merges_over_defaults_and_adds_a_task_type(tmp_path: Path) -> None:
    path = tmp_path / "modelrouter.yaml"
    path.write_text(
        """
tasks:
  legal:
    description: contracts and legal questions
    examples: ["Is this NDA clause enforceable?"]
    keywords: ["\\\\bNDA\\\\b", "合同"]
    route: {primary: claude-sonnet-4-6, fallbacks: [gpt-5.4]}
  simple:
    route: {primary: gpt-5.4-nano, fallbacks: [kimi-k2.6]}
models:
  gemini-3.5-flash-lite: null
routing:
  budget: economy
"""
    )
    settings = load_settings(path, {})
    assert settings.tasks["legal"].route.primary == "claude-sonnet-4-6"
    assert settings.tasks["simple"].route.primary == "gpt-5.4-nano"
    assert settings.tasks["simple"].examples, "merging a route keeps the default examples"
    assert "gemini-3.5-flash-lite" not in settings.models
    assert settings.routing.budget == "economy"
    assert settings.routing.max_attempts == 4


def test_env_interpolation_and_missing_variable(tmp_path: Path) -> None:
    path = tmp_path / "c.yaml"
    path.write_text(
        "providers:\n  openai:\n    api_key: ${MY_KEY}\n"
        "  local:\n    format: openai\n    base_url: ${LOCAL_URL:-http://127.0.0.1:8000/v1}\n"
    )
    settings = load_settings(path, {"MY_KEY": "sk-secret"})
    assert settings.providers["openai"].api_key is not None
    assert settings.providers["openai"].api_key.get_secret_value() == "sk-secret"
    assert settings.providers["local"].base_url == "http://127.0.0.1:8000/v1"
    with pytest.raises(ConfigError, match="MY_KEY is not set"):
        load_settings(path, {})


@pytest.mark.parametrize(
    ("yaml_text", "field"),
    [
        ("models:\n  gpt-5.5:\n    context_window: -1\n", "models.gpt-5.5.context_window"),
        ("routing:\n  budget: cheapest\n", "routing.budget"),
        ("tasks:\n  code:\n    route: {primary: no-such-model}\n", "tasks.code.route"),
        ("routing:\n  max_attemps: 3\n", "routing.max_attemps"),
        ("models:\n  claude-opus-4-7: null\n", "tasks.code.route"),
    ],
)
def test_invalid_files_fail_naming_the_field(tmp_path: Path, yaml_text: str, field: str) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text(yaml_text)
    with pytest.raises(ConfigError) as caught:
        load_settings(path, {})
    assert field in str(caught.value)


def test_cli_config_check_and_show(tmp_path: Path) -> None:
    good = tmp_path / "good.yaml"
    good.write_text("providers:\n  openai:\n    api_key: sk-very-secret\n")
    bad = tmp_path / "bad.yaml"
    bad.write_text("routing:\n  max_attempts: 0\n")
    runner = CliRunner()
    ok = runner.invoke(main_group, ["config", "check", str(good)])
    assert ok.exit_code == 0 and "valid" in ok.output
    failed = runner.invoke(main_group, ["config", "check", str(bad)])
    assert failed.exit_code == 2
    assert "routing.max_attempts" in failed.output
    shown = runner.invoke(main_group, ["--config", str(good), "config", "show"])
    assert shown.exit_code == 0
    assert "sk-very-secret" not in shown.output and "**" in shown.output
    assert "claude-opus-4-7" in shown.output


def test_config_show_masks_passwords_in_storage_urls(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from modelrouter.cli import main_group
    from modelrouter.config.storage import redact

    config = tmp_path / "modelrouter.yaml"
    config.write_text(
        "storage:\n"
        "  url: postgresql+psycopg://mr:pg-s3cret@db.internal:5432/mr\n"
        "  redis_url: redis://:rd-s3cret@[::1]:6380/0\n",
        encoding="utf-8",
    )
    shown = CliRunner().invoke(main_group, ["--config", str(config), "config", "show"])
    assert shown.exit_code == 0, shown.output
    assert "s3cret" not in shown.output
    assert "postgresql+psycopg://mr:***@db.internal:5432/mr" in shown.output
    assert "redis://:***@[::1]:6380/0" in shown.output
    assert redact("redis://127.0.0.1:6379/0") == "redis://127.0.0.1:6379/0"


def test_config_show_masks_every_header_and_secret_in_urls(tmp_path: Path) -> None:
    """Azure and Cloudflare keys travel in headers and query strings (issue 12, item 11)."""
    config = tmp_path / "modelrouter.yaml"
    config.write_text(
        "providers:\n"
        "  azure:\n"
        "    format: openai\n"
        "    base_url: https://x.openai.azure.com/openai/v1?api-version=2025&key=q-s3cret\n"
        "    headers: {api-key: az-s3cret, Authorization: Bearer cf-s3cret, X-Team: ops}\n"
        "  gateway:\n"
        "    format: anthropic\n"
        "    base_url: https://user:pw-s3cret@gw.example.com\n"
        "pricing:\n"
        "  sources: [{url: 'https://prices.example.com/p.yaml?token=pr-s3cret'}]\n",
        encoding="utf-8",
    )
    shown = CliRunner().invoke(main_group, ["--config", str(config), "config", "show"])
    assert shown.exit_code == 0, shown.output
    assert "s3cret" not in shown.output
    assert "ops" not in shown.output.split("X-Team")[1].split("\n")[0], "every header value"
    assert "https://x.openai.azure.com/openai/v1?api-version=***&key=***" in shown.output
    assert "https://user:***@gw.example.com" in shown.output
    assert "api-key: '***'" in shown.output
