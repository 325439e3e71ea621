"""Planning: the routing table per task, budget modes, and every constraint."""

from __future__ import annotations

import random
from dataclasses import replace

import pytest
from tests.fakes import DEFAULT_KEYS
from tests.test_config import TABLE

from modelrouter.config.loader import build_settings, default_data, merge
from modelrouter.config.schema import TaskType
from modelrouter.detect.base import TaskChoice
from modelrouter.errors import NoCandidates, NotFound
from modelrouter.policy.base import PlanContext
from modelrouter.policy.table import TablePolicy
from modelrouter.pricing import estimate
from modelrouter.router import Router, build_request
from modelrouter.tokens import WIDE, count_wide, estimate_request, estimate_text


def _router(env: dict[str, str] | None = None, **overrides: object) -> Router:
    settings = build_settings(merge(default_data(), overrides)) if overrides else None
    if settings is None:
        return Router.default(env=DEFAULT_KEYS if env is None else env)
    return Router(settings, env=DEFAULT_KEYS if env is None else env)


def _plan(router: Router, prompt: str = "hello", **kwargs: object) -> list[str]:
    task = kwargs.pop("task", None)
    request = build_request(prompt, task=task, stream=False, **kwargs)  # type: ignore[arg-type]
    _, plan = router.decide(request)
    return [c.model for c in plan.candidates]


@pytest.mark.parametrize(("task", "route"), sorted(TABLE.items()))
def test_normal_mode_follows_the_table(task: str, route: tuple[str, str]) -> None:
    router = _router()
    request = build_request("x", task=task, stream=False)
    choice, plan = router.decide(request)
    assert choice.task == task and choice.confidence == 1.0
    assert [c.model for c in plan.candidates[:2]] == list(route)
    assert [c.role for c in plan.candidates[:3]] == ["primary", "fallback", "escalation"]
    escalation = plan.candidates[2].model
    strongest = max(router.settings.models.values(), key=lambda m: m.strength).strength
    others = [m for m in router.settings.models if m not in route]
    assert escalation in others
    assert (
        router.settings.models[escalation].strength
        == max(router.settings.models[m].strength for m in others)
        <= strongest
    )
    assert len(plan.candidates) == router.settings.routing.max_attempts


def test_economy_mode_puts_the_cheapest_adequate_model_first() -> None:
    router = _router()
    when = router.executor.clock()
    for task in ("simple", "code"):
        request = build_request("x" * 4000, task=task, stream=False)
        _, plan = router.decide(request, budget="economy")
        spec = router.settings.tasks[task]
        tokens = estimate_request(request)

        def expected(model: str, tokens: int = tokens, spec: TaskType = spec) -> float:
            return estimate(router.settings.models[model], tokens, spec.typical_output_tokens, when)

        adequate = [m for m, s in router.settings.models.items() if s.strength >= spec.min_strength]
        first = plan.candidates[0].model
        assert first in adequate
        assert expected(first) == pytest.approx(min(expected(m) for m in adequate))
        weaker = [m for m, s in router.settings.models.items() if s.strength < spec.min_strength]
        assert not {c.model for c in plan.candidates[:1]} & set(weaker)
        assert plan.candidates[0].role == "primary"
        assert any(c.role == "escalation" for c in plan.candidates)
    # code needs a stronger model than chat: the cheapest model overall is below its floor
    cheapest_overall = min(router.settings.models, key=lambda m: expected_cost(router, m, when))
    assert (
        router.settings.models[cheapest_overall].strength
        < router.settings.tasks["code"].min_strength
    )


def expected_cost(router: Router, model: str, when: object) -> float:
    return estimate(router.settings.models[model], 1000, 500, when)  # type: ignore[arg-type]


def test_quality_mode_puts_the_strongest_first() -> None:
    router = _router()
    _, plan = router.decide(build_request("x", task="simple", stream=False), budget="quality")
    strengths = [router.settings.models[c.model].strength for c in plan.candidates]
    assert strengths == sorted(strengths, reverse=True)
    assert plan.candidates[0].model == "claude-opus-4-7"


def test_missing_keys_skip_providers_and_say_which_variable() -> None:
    router = _router(env={"OPENAI_API_KEY": "k"})
    request = build_request("x", task="code", stream=False)
    _, plan = router.decide(request)
    assert {router.settings.models[c.model].provider for c in plan.candidates} == {"openai"}
    assert "ANTHROPIC_API_KEY" in plan.skipped["claude-opus-4-7"]
    with pytest.raises(NoCandidates, match="MOONSHOT_API_KEY"):
        _router(env={}).decide(request)


def test_allow_list_keeps_data_with_the_allowed_providers() -> None:
    router = _router()
    request = build_request("x", task="code", stream=False)
    _, plan = router.decide(request, allowed_providers=["deepseek", "moonshot"])
    providers = {router.settings.models[c.model].provider for c in plan.candidates}
    assert providers <= {"deepseek", "moonshot"} and providers
    assert "not in the caller's allowed providers" in plan.skipped["claude-opus-4-7"]
    forced = build_request("x", task=None, stream=False, model="claude-opus-4-7")
    _, forced_plan = router.decide(forced, allowed_providers=["deepseek"])
    assert "claude-opus-4-7" not in [c.model for c in forced_plan.candidates]


def test_context_window_filters_models_too_small() -> None:
    router = _router()
    long_prompt = "word " * 240_000  # ~300K tokens: too big for kimi (262K) and haiku
    request = build_request(long_prompt, task="long_context", stream=False)
    _, plan = router.decide(request)
    models = [c.model for c in plan.candidates]
    assert "kimi-k2.6" not in models and models[0] == "deepseek-v4-pro"
    assert "context window" in plan.skipped["kimi-k2.6"]


def test_capabilities_filter_models() -> None:
    router = _router()
    image = [
        {"type": "text", "text": "what is in this picture?"},
        {"type": "image_url", "image_url": {"url": "https://example.com/cat.png"}},
    ]
    request = build_request(
        [{"role": "user", "content": image}], task="data_analysis", stream=False
    )
    _, plan = router.decide(request)
    assert "deepseek-v4-pro" not in [c.model for c in plan.candidates]
    assert "vision" in plan.skipped["deepseek-v4-pro"]
    assert plan.candidates[0].model == "gpt-5.5"


def test_model_field_selects_models_routes_and_aliases() -> None:
    router = _router()
    assert _plan(router, model="gpt-5.4-mini")[0] == "gpt-5.4-mini"
    assert _plan(router, model="route:code")[:2] == ["claude-opus-4-7", "gpt-5.5"]
    assert _plan(router, model="best")[0] == "claude-opus-4-7"
    with pytest.raises(NotFound, match="unknown model"):
        _plan(router, model="gpt-9")
    with pytest.raises(NotFound, match="unknown route"):
        _plan(router, model="route:poetry")


def test_cached_order_follows_a_new_catalog_and_is_not_mutated() -> None:
    router = _router()
    policy = TablePolicy()
    request = build_request("x", task="simple", stream=False)
    choice = TaskChoice("simple", 1.0, "test")
    base = PlanContext(
        settings=router.settings,
        models=dict(router.prices.models),
        budget="quality",
        when=router.executor.clock(),
        prompt_tokens=10,
        available_providers=router.available_providers,
    )
    before = [c.model for c in policy.plan(request, choice, base).candidates]
    weakest = before[-1]
    forced = replace(base, forced_model=weakest)
    assert policy.plan(request, choice, forced).candidates[0].model == weakest
    assert [c.model for c in policy.plan(request, choice, base).candidates] == before
    stronger = base.models[weakest].model_copy(update={"strength": 100})
    catalog = replace(base, models={**base.models, weakest: stronger})  # as a price update does
    assert policy.plan(request, choice, catalog).candidates[0].model == weakest


def test_wide_characters_are_counted_as_a_character_class_scan_counts_them() -> None:
    # Blocks at the edges of the wide ranges (1100, 2E80, AC00-D7AF, F900, FF00-FFEF),
    # surrogates and characters beyond the BMP.
    pools = [(0x20, 0x7F), (0xA0, 0x3000), (0x10F0, 0x1210), (0x2E00, 0x3100), (0x3000, 0xA000)]
    pools += [(0xAB00, 0xE000), (0xF800, 0x10000), (0x10000, 0x10100)]
    rng = random.Random(7)
    for _ in range(3000):
        picked = rng.sample(pools, rng.randint(1, 3))
        text = "".join(chr(rng.randrange(*rng.choice(picked))) for _ in range(rng.randint(0, 40)))
        assert count_wide(text) == len(WIDE.findall(text)), ascii(text)
    assert estimate_text("数据分析，怎么样？" + "\ufff0" + "abcd") == 9 + 2
    assert estimate_text("“quoted” " * 100) == (900 + 3) // 4
