"""The adaptive policy: the cheapest model within tolerance of the best estimate at
today's prices, bounded exploration, conversations kept on one model, the table when the
quality store is broken, and every change of first choice recorded."""

from __future__ import annotations

import datetime as dt
import logging
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from sqlalchemy import text

from modelrouter.cli import main_group
from modelrouter.config.loader import build_settings
from modelrouter.router import Router
from modelrouter.store.db import connect
from modelrouter.store.quality import Count, add, day_of, read_events

NOW = dt.datetime(2026, 11, 20, 12, tzinfo=dt.UTC)
PRICE_CUT = dt.date(2026, 12, 1)


def _model(strength: int, price: float, **extra: Any) -> dict[str, Any]:
    prices = [{"effective": "2026-01-01", "source": "test", "input": price, "output": price * 4}]
    prices += extra.pop("later", [])
    return {
        "provider": "p",
        "context_window": 100_000,
        "max_output": 4_000,
        "strength": strength,
        "prices": prices,
        **extra,
    }


def _data(tmp: Path, **adaptive: Any) -> dict[str, Any]:
    later = [{"effective": str(PRICE_CUT), "source": "cut", "input": 0.01, "output": 0.04}]
    return {
        "providers": {"p": {"format": "openai", "base_url": "http://upstream.invalid/v1"}},
        "models": {
            "cheap": _model(60, 0.1),
            "mid": _model(75, 1.0, later=later),  # cheapest of all from PRICE_CUT on
            "strong": _model(90, 5.0),
        },
        "tasks": {
            "simple": {"description": "chat", "route": {"primary": "strong", "fallbacks": ["mid"]}}
        },
        "routing": {
            "policy": "adaptive",
            "default_task": "simple",
            "adaptive": {"explore_share": 0.0, "seed": 7, **adaptive},
        },
        "quality": {"refresh_s": 0},
        "storage": {"url": f"sqlite:///{tmp / 'loop.db'}"},
        "sim": {"enabled": True},
    }


def _router(tmp: Path, when: dt.datetime = NOW, **adaptive: Any) -> Router:
    return Router(build_settings(_data(tmp, **adaptive)), clock=lambda: when)


def _observe(tmp: Path, model: str, n: float, total: float, when: dt.datetime = NOW) -> None:
    engine = connect(f"sqlite:///{tmp / 'loop.db'}")
    with engine.begin() as conn:
        add(conn, [Count("simple", model, "", "feedback", day_of(when), n, total)])
    engine.dispose()


def _first(router: Router, prompt: str = "hello there", **kwargs: Any) -> str:
    _, plan = router.decide(_request(prompt), **kwargs)
    return plan.candidates[0].model


def _request(prompt: str, *history: str) -> Any:
    from modelrouter.router import build_request

    turns = [{"role": "user", "content": prompt}]
    for i, said in enumerate(history):
        turns.append({"role": "assistant" if i % 2 == 0 else "user", "content": said})
    return build_request(turns, task=None, stream=False)


def test_cheapest_within_tolerance_moves_with_evidence_and_is_recorded(tmp_path: Path) -> None:
    router = _router(tmp_path)
    # priors: catalog strength / 100 -> strong 0.90 is best, nothing within 0.02
    _, plan = router.decide(_request("hello"))
    assert plan.candidates[0].model == "strong"
    assert plan.candidates[0].reason.startswith("adaptive: est. quality 0.900")
    assert [c.model for c in plan.candidates[1:]] == ["mid", "cheap"]  # the table follows
    _observe(tmp_path, "cheap", 200, 190)  # cheap turns out good: (6 + 190) / 210 = 0.933
    assert _first(router) == "cheap"
    _observe(tmp_path, "cheap", 300, 0)  # ... and then bad
    assert _first(router) == "strong"
    events = read_events(connect(f"sqlite:///{tmp_path / 'loop.db'}"))
    assert [(e["task"], e["before_model"], e["after_model"]) for e in events] == [
        ("simple", "strong", "cheap"),
        ("simple", "cheap", "strong"),
    ]
    before, after = events[0]["detail"]["before"], events[0]["detail"]["after"]
    assert before["cheap"][:2] == [pytest.approx(0.6), 0.0]
    assert after["cheap"][:2] == [pytest.approx(196 / 210), 200.0]


def test_a_dated_price_change_moves_traffic_without_an_edit(tmp_path: Path) -> None:
    _observe(tmp_path, "mid", 500, 450)  # mid is as good as strong: ~0.898
    assert _first(_router(tmp_path, tolerance=0.01)) == "mid"
    _observe(tmp_path, "cheap", 500, 449)  # cheap as good, and cheaper
    assert _first(_router(tmp_path, tolerance=0.01)) == "cheap"
    after_cut = dt.datetime.combine(PRICE_CUT, dt.time(12), tzinfo=dt.UTC)
    assert _first(_router(tmp_path, when=after_cut, tolerance=0.01)) == "mid"


def test_budget_modes_still_apply(tmp_path: Path) -> None:
    _observe(tmp_path, "mid", 500, 415)  # 0.83: 0.07 below strong
    router = _router(tmp_path)
    assert _first(router) == "strong"
    assert _first(router, budget="economy") == "mid"  # economy tolerance 0.1
    _, plan = router.decide(_request("hello"), budget="quality")
    assert plan.candidates[0].reason.startswith("quality: strength")


def test_exploration_is_bounded_and_can_be_turned_off_per_key(tmp_path: Path) -> None:
    router = _router(tmp_path, explore_share=0.1, no_explore_keys=["careful"])
    firsts = [_first(router, f"question {i}") for i in range(600)]
    explored = sum(m != "strong" for m in firsts)
    assert 10 < explored < 60  # Thompson draws on at most ~10% of first turns
    careful = [_first(router, f"q {i}", key=("k1", "careful")) for i in range(300)]
    assert set(careful) == {"strong"}


def test_a_conversation_stays_on_its_first_model(tmp_path: Path) -> None:
    router = _router(tmp_path, explore_share=1.0)
    chosen = {_first(router, f"question {i}") for i in range(40)}
    assert len(chosen) > 1  # every first turn is a draw
    first = _first(router, "tell me about owls")
    _observe(tmp_path, first, 1000, 0)  # its model is now known to be bad
    for turn in range(5):
        _, plan = router.decide(_request("tell me about owls", "Owls are...", f"more {turn}"))
        assert plan.candidates[0].model == first


def test_a_broken_quality_store_routes_by_the_table_and_serves(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    router = _router(tmp_path)
    assert _first(router) == "strong"
    engine = connect(f"sqlite:///{tmp_path / 'loop.db'}")
    with engine.begin() as conn:
        conn.execute(text("DROP TABLE quality_counts"))
    with caplog.at_level(logging.WARNING, logger="modelrouter.adaptive"):
        result = router.complete_sync("hello again")
    router.close()
    assert result.trace.outcome == "ok" and result.trace.model == "strong"
    assert result.trace.plan[0].reason == "route simple: primary"
    assert "quality store unreadable, routing by the table" in caplog.text


def test_propose_prints_the_change_as_a_routing_table_diff(tmp_path: Path) -> None:
    config = tmp_path / "modelrouter.yaml"
    import yaml

    data = _data(tmp_path)
    config.write_text(yaml.safe_dump(data))
    _observe(tmp_path, "cheap", 200, 190, dt.datetime.now(dt.UTC))
    runner = CliRunner()
    result = runner.invoke(main_group, ["--config", str(config), "quality", "--propose"])
    assert result.exit_code == 0, result.output
    assert "-      primary: strong\n+      primary: cheap" in result.output
    assert "+      fallbacks: [strong, mid]" in result.output


def test_hysteresis_keeps_the_first_choice_through_small_moves(tmp_path: Path) -> None:
    plain, held = _router(tmp_path), _router(tmp_path, hysteresis=0.05)
    assert _first(plain) == _first(held) == "strong"
    _observe(tmp_path, "cheap", 200, 180)  # cheap 0.886: within 0.02 of strong's 0.90
    assert (_first(plain), _first(held)) == ("cheap", "strong")  # not of 0.90 + 0.05
    _observe(tmp_path, "cheap", 2000, 2000)  # cheap: ~0.996, well past the margin
    assert _first(held) == "cheap"


def _observe_key(tmp: Path, key_id: str, model: str, n: float, total: float) -> None:
    engine = connect(f"sqlite:///{tmp / 'loop.db'}")
    with engine.begin() as conn:
        add(conn, [Count("simple", model, key_id, "feedback", day_of(NOW), n, total)])
    engine.dispose()


def test_first_choices_are_tracked_for_all_keys_and_for_keys_with_their_own(
    tmp_path: Path,
) -> None:
    router = _router(tmp_path)
    for key in (("k1", "one"), ("k2", "two"), None):
        assert _first(router, key=key) == "strong"
    _first(router, "tell me")
    _, plan = router.decide(_request("tell me", "Sure.", "more"))  # its later turn
    assert plan.candidates[0].reason.startswith("adaptive: the conversation stays on")
    _observe_key(tmp_path, "k1", "cheap", 100, 100)  # k1 loves cheap ...
    _observe_key(tmp_path, "k3", "cheap", 200, 0)  # ... which fails everyone else
    assert _first(router, key=("k1", "one")) == "cheap"
    assert _first(router, key=("k2", "two")) == "strong"
    _observe(tmp_path, "mid", 500, 415)  # mid 0.83: within economy's 0.1 of strong
    assert _first(router, budget="economy") == "mid"  # economy is not a change of choice
    assert _first(router) == "strong"
    events = read_events(connect(f"sqlite:///{tmp_path / 'loop.db'}"))
    # one event, for k1's own choice: neither k2 (no data of its own) nor economy count
    assert [(e["after_model"], e["detail"]["key_id"]) for e in events] == [("cheap", "k1")]
