"""The learned policy in the gateway: a router trained with `modelrouter train` on an outcome
file, loaded through the config (`routing.policy: learned`), deciding real requests
through the Python API and over HTTP."""

from __future__ import annotations

import gzip
import json
from pathlib import Path
from typing import Any

import httpx2
import pytest
from click.testing import CliRunner
from tests.gateway_fixtures import running_gateway

from modelrouter import Router
from modelrouter.cli import main_group
from modelrouter.config.loader import build_settings, default_data, load_settings, merge
from modelrouter.errors import ConfigError
from modelrouter.types import ChatRequest

CHEAP, STRONG = "gpt-5.4-nano", "claude-sonnet-4-6"
CODE = "Write a Python function that {} and add unit tests for it."
CHAT = "Hi! Could you say hello to my friend {} in a friendly way?"
SUBJECTS = [
    "parses ISO dates", "merges sorted lists", "validates emails", "counts words",
    "reverses a linked list", "computes a checksum", "flattens nested dicts", "retries calls",
    "formats money", "reads CSV rows", "deduplicates items", "caches results",
]  # fmt: skip
NAMES = [
    "Ana", "Bo", "Chen", "Dara", "Eli", "Femi", "Gus", "Hana", "Ivo", "Jun", "Kai", "Lea",
    "Mo", "Nia", "Oli", "Pia", "Quin", "Rui", "Sol", "Tao", "Uma", "Vic", "Wen", "Xia",
    "Yara", "Zed", "Ari", "Ben", "Cy", "Dev", "Eva", "Fox", "Gil", "Hal", "Ida", "Jo",
    "Kim", "Lu", "Max", "Ned", "Ona", "Pat", "Ray", "Sam", "Ted", "Val", "Wes", "Zoe",
]  # fmt: skip


def _row(i: int, split: str, prompt: str, cheap_ok: bool) -> dict[str, Any]:
    outcomes = {
        "cheap": {"score": 1.0 if cheap_ok else 0.0, "cost_usd": 0.0001},
        "strong": {"score": 1.0, "cost_usd": 0.003},
    }
    task = "code" if prompt.startswith("Write") else "simple"
    return {"id": f"{split}/{i}", "split": split, "task": task, "prompt": prompt,
            "outcomes": outcomes}  # fmt: skip


def _outcome_file(path: Path) -> Path:
    """Code prompts only the strong model solves (20%); chat (80%) the strong model always
    and the cheap one 7 times in 8. Labels are task types, as the gateway detects them."""
    rows = [_row(i, "train", CODE.format(s), False) for i, s in enumerate(SUBJECTS)]
    rows += [_row(i + 100, "train", CHAT.format(n), i % 8 != 0) for i, n in enumerate(NAMES)]
    rows += [_row(i, "test", CHAT.format(n + "!"), True) for i, n in enumerate(NAMES[:5])]
    with gzip.open(path, "wt", encoding="utf-8") as handle:
        handle.writelines(json.dumps(r) + "\n" for r in rows)
    return path


@pytest.fixture(scope="module")
def router_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("learned")
    data = _outcome_file(folder / "outcomes.jsonl.gz")
    out = folder / "router.json"
    result = CliRunner().invoke(main_group, ["train", str(data), "-o", str(out), "--folds", "3"])
    assert result.exit_code == 0, result.output
    return out


def _learned(router_file: Path, **knobs: Any) -> dict[str, Any]:
    learned = {"router": str(router_file), "models": {"cheap": CHEAP, "strong": STRONG}}
    return {"routing": {"policy": "learned", "learned": {**learned, **knobs}}}


def _router(router_file: Path, **knobs: Any) -> Router:
    data = merge(default_data(), {"sim": {"enabled": True}, **_learned(router_file, **knobs)})
    return Router(build_settings(data))


def _request(text: str, **extra: Any) -> ChatRequest:
    return ChatRequest(model="auto", messages=[{"role": "user", "content": text}], **extra)


async def test_learned_policy_sends_easy_prompts_cheap_and_hard_ones_strong(
    router_file: Path,
) -> None:
    async with _router(router_file) as router:
        _, chat = router.decide(_request(CHAT.format("Robin")))
        _, code = router.decide(_request(CODE.format("sorts words by length")))
        answered = await router.complete(CHAT.format("Sasha"))
    assert router.policy.name == "learned"
    assert chat.candidates[0].model == CHEAP
    assert chat.candidates[0].reason.startswith("learned: p=")
    assert code.candidates[0].model == STRONG
    # the table's candidates follow the pick as fallbacks
    assert len(chat.candidates) > 1 and CHEAP not in [c.model for c in chat.candidates[1:]]
    assert [c.role for c in chat.candidates].count("primary") == 1
    assert answered.response.model == CHEAP and answered.trace.policy == "learned"


def test_unsure_predictions_quality_mode_and_named_models_use_the_table(
    router_file: Path,
) -> None:
    table = Router(build_settings(merge(default_data(), {"sim": {"enabled": True}})))
    text = CHAT.format("Robin")
    _, expected = table.decide(_request(text))
    unsure = _router(router_file, max_cost_share=0.3, min_confidence=1.0)
    _, plan = unsure.decide(_request(text))
    assert [c.model for c in plan.candidates] == [c.model for c in expected.candidates]
    assert "unsure" in plan.candidates[0].reason
    router = _router(router_file)
    _, quality = router.decide(_request(text), budget="quality")
    assert quality.candidates[0].model != CHEAP
    _, named = router.decide(_request(text).model_copy(update={"model": STRONG}))
    assert named.candidates[0].model == STRONG


def test_knob_settings_move_the_choice(router_file: Path) -> None:
    code = _request(CODE.format("sorts words by length"))
    chat = _request(CHAT.format("Robin"))

    def first(router: Router, request: ChatRequest) -> str:
        return router.decide(request)[1].candidates[0].model

    free = _router(router_file, **{"lambda": 0.0})
    stingy = _router(router_file, **{"lambda": 1e3, "min_confidence": 0.0})
    assert first(free, code) == STRONG and first(stingy, code) == CHEAP
    # the cheap pick is unsure (p < 0.5) for code: by default the table routes it
    assert first(_router(router_file, **{"lambda": 1e3}), code) == "claude-opus-4-7"
    # 85% of the best single model's quality is reached by sending only code to it
    target = _router(router_file, quality_target=0.85)
    assert (first(target, code), first(target, chat)) == (STRONG, CHEAP)
    with pytest.raises(ConfigError, match="no setting of the router"):
        _router(router_file, max_cost_share=0.001)


def test_config_errors_name_the_field(router_file: Path, tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match=r"routing\.learned\.models\.cheap: unknown model"):
        bad = {"router": str(router_file), "models": {"cheap": "no-such-model"}}
        build_settings(merge(default_data(), {"routing": {"policy": "learned", "learned": bad}}))
    with pytest.raises(ConfigError, match=r"needs routing\.learned\.router"):
        build_settings(merge(default_data(), {"routing": {"policy": "learned"}}))
    with pytest.raises(ConfigError, match="set one of"):
        build_settings(merge(default_data(), _learned(router_file, max_cost_share=0.3,
                                                      quality_target=0.9)))  # fmt: skip
    with pytest.raises(ConfigError, match="not a readable router file"):
        _router(tmp_path / "missing.json")
    with pytest.raises(ConfigError, match="not models of the router"):
        data = _learned(router_file)
        data["routing"]["learned"]["models"]["nope"] = CHEAP
        Router(build_settings(merge(default_data(), data)))
    with pytest.raises(ConfigError, match="unknown policy"):
        Router(build_settings(merge(default_data(), {"routing": {"policy": "magic"}})))


def test_router_path_in_a_config_file_is_relative_to_it(router_file: Path) -> None:
    config = router_file.parent / "modelrouter.yaml"
    config.write_text(
        "routing:\n  policy: learned\n  learned:\n    router: router.json\n"
        f"    models: {{cheap: {CHEAP}, strong: {STRONG}}}\n",
        encoding="utf-8",
    )
    settings = load_settings(config, {})
    assert settings.routing.learned is not None
    assert Path(settings.routing.learned.router) == router_file


def test_gateway_routes_by_the_learned_policy(router_file: Path, tmp_path: Path) -> None:
    with running_gateway(tmp_path, **_learned(router_file)) as gw:
        body = {"model": "auto", "messages": [{"role": "user", "content": CHAT.format("Io")}]}
        reply = httpx2.post(f"{gw.url}/v1/chat/completions", json=body, timeout=10)
        code = {**body, "messages": [{"role": "user", "content": CODE.format("parses TOML")}]}
        strong = httpx2.post(f"{gw.url}/v1/chat/completions", json=code, timeout=10)
        requests, _ = gw.ledger()
    assert reply.status_code == 200, reply.text
    assert reply.headers["x-modelrouter-model"] == CHEAP
    assert strong.headers["x-modelrouter-model"] == STRONG
    assert {r["policy"] for r in requests} == {"learned"}


def test_config_show_prints_the_knob_by_its_yaml_name(router_file: Path, tmp_path: Path) -> None:
    config = tmp_path / "modelrouter.yaml"
    config.write_text(
        f"routing:\n  policy: learned\n  learned:\n    router: {router_file}\n    lambda: 0.2\n",
        encoding="utf-8",
    )
    shown = CliRunner().invoke(main_group, ["--config", str(config), "config", "show"])
    assert shown.exit_code == 0, shown.output
    assert "lambda: 0.2" in shown.output and "lambda_" not in shown.output
    again = tmp_path / "shown.yaml"
    again.write_text(shown.output, encoding="utf-8")
    learned = load_settings(again, {}).routing.learned
    assert learned is not None and learned.lambda_ == 0.2
