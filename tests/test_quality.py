"""Quality estimates: counts as absolute totals, priors and decay applied at read time,
per-key estimates, check verdicts from the ledger, priors from an outcome file, and a
broken store that raises one error (and never fails a ledger write)."""

from __future__ import annotations

import datetime as dt
import gzip
import json
from pathlib import Path

import orjson
import pytest
from click.testing import CliRunner
from sqlalchemy import Engine, text

from modelrouter.cli import main_group
from modelrouter.config.loader import build_settings, default_data, merge
from modelrouter.config.loop import QualitySpec
from modelrouter.errors import QualityStoreUnavailable
from modelrouter.learn.data import load_outcomes
from modelrouter.learn.learned import Learned
from modelrouter.learn.store import save_router
from modelrouter.quality import load_table
from modelrouter.quality.estimate import QualityTable
from modelrouter.quality.priors import Priors, load_priors
from modelrouter.store import quality
from modelrouter.store.db import connect
from modelrouter.store.ledger import Ledger, read_requests
from modelrouter.store.quality import Count, read_counts

pytest_plugins = ["tests.storage_fixtures"]
TODAY = 20_000
NOW = dt.datetime(2024, 10, 5, 12, tzinfo=dt.UTC)  # day 20001


def _table(counts: list[Count], **spec: object) -> QualityTable:
    return QualityTable(counts, Priors(strengths={"a": 0.5}), QualitySpec(**spec), TODAY)  # type: ignore[arg-type]


def test_decay_and_prior_apply_at_read_time() -> None:
    fresh = [Count("code", "a", "", "feedback", TODAY, 10, 10)]
    old = [Count("code", "a", "", "feedback", TODAY - 14, 10, 10)]
    # prior 0.5 worth 10; ten fresh successes: (5 + 10) / 20
    assert _table(fresh).get("code", "a").mean == pytest.approx(0.75)
    # fourteen days old at a 14-day half life: worth five
    assert _table(old).get("code", "a").n == pytest.approx(5.0)
    assert _table(old).get("code", "a").mean == pytest.approx(10 / 15)
    # the same stored counts under a weaker prior: the estimate moves, nothing was rewritten
    assert _table(fresh, prior_weight=2).get("code", "a").mean == pytest.approx(11 / 12)
    # checks weigh 0.2 an observation by default
    checks = _table([Count("code", "a", "", "checks", TODAY, 10, 0)]).get("code", "a")
    assert checks.mean == pytest.approx(5 / 12) and checks.sources == {"checks": 10}
    unseen = _table(fresh).get("code", "b")
    assert (unseen.mean, unseen.n, unseen.prior_source) == (0.5, 0.0, "catalog strength")
    assert unseen.low < 0.5 < unseen.high


def test_a_key_gets_its_own_estimate_once_it_has_enough_data() -> None:
    counts = [
        Count("code", "a", "k1", "feedback", TODAY, 60, 0),  # k1 hates model a
        Count("code", "a", "k2", "feedback", TODAY, 40, 40),
        Count("code", "a", "k3", "feedback", TODAY, 10, 0),
    ]
    table = _table(counts)
    general = table.get("code", "a")
    assert general.mean == pytest.approx((5 + 40) / (10 + 110))
    own = table.get("code", "a", "k1")
    assert own.key_id == "k1" and own.mean < 0.1
    assert own.prior == pytest.approx(general.mean) and own.prior_source == "all keys"
    assert table.get("code", "a", "k3") == general  # ten observations are not enough
    assert table.observed_keys() == [("k1", "code", "a")]


def _ledger_rows(
    request_id: str, verdicts: list[dict[str, object]] | None, ts: dt.datetime = NOW
) -> tuple[dict, list]:
    request = {
        "id": request_id, "ts": ts, "api": "openai", "key_id": "k1", "selector": "auto",
        "status": 200, "error": None, "task": "code", "confidence": 1.0, "detector": "rules",
        "policy": "table", "detect_reason": "", "budget": "normal", "model": "m1",
        "provider": "p", "outcome": "ok", "attempts": 1, "prompt_tokens": 1,
        "cached_tokens": 0, "completion_tokens": 1, "reasoning_tokens": 0, "cost_usd": 0.0,
        "latency_ms": 1.0, "overhead_ms": 0.1, "ttft_ms": None,
    }  # fmt: skip
    attempt = {
        "request_id": request_id, "seq": 0, "model": "m1", "provider": "p", "role": "primary",
        "reason": "", "outcome": "ok", "error": None, "message": None, "prompt_tokens": 1,
        "cached_tokens": 0, "cache_write_tokens": 0, "completion_tokens": 1,
        "reasoning_tokens": 0, "cost_usd": 0.0, "latency_ms": 1.0, "ttft_ms": None,
        "verdicts": verdicts,
    }  # fmt: skip
    return request, [attempt]


def test_check_verdicts_are_counted_with_the_ledger_rows(store_engine: Engine) -> None:
    passed = [{"check": "empty", "ok": True, "reason": ""}]
    failed = [
        {"check": "empty", "ok": True, "reason": ""},
        {"check": "json", "ok": False, "reason": ""},
    ]
    ledger = Ledger(store_engine)
    ledger.write([_ledger_rows("a", passed), _ledger_rows("b", failed), _ledger_rows("c", None)])
    ledger.write([_ledger_rows("d", passed)])
    counts = read_counts(store_engine)
    # two writes add to one stored row: totals, never a batch's delta written as the total
    assert [(c.source, c.key_id, c.day, c.n, c.total) for c in counts] == [
        ("checks", "k1", quality.day_of(NOW), 3.0, 2.0)
    ]


def test_a_broken_store_raises_one_error_and_never_fails_the_ledger(tmp_path: Path) -> None:
    engine = connect(f"sqlite:///{tmp_path / 'broken.db'}")
    with engine.begin() as conn:
        conn.execute(text("DROP TABLE quality_counts"))
    with pytest.raises(QualityStoreUnavailable):
        read_counts(engine)
    settings = build_settings(default_data())
    with pytest.raises(QualityStoreUnavailable):
        load_table(engine, settings, NOW)
    Ledger(engine).write([_ledger_rows("a", [{"check": "empty", "ok": True, "reason": ""}])])
    assert [r["id"] for r in read_requests(engine)] == ["a"]  # recorded all the same


def _row(row_id: str, split: str, task: str, big: float, small: float) -> dict[str, object]:
    outcomes = {
        "big": {"score": big, "cost_usd": 0.01},
        "small": {"score": small, "cost_usd": 1e-3},
    }
    return {"id": row_id, "split": split, "task": task, "prompt": row_id, "outcomes": outcomes}


def _outcome_file(path: Path) -> Path:
    rows = [
        _row("1", "train", "code", 1.0, 0.0),
        _row("2", "train", "code", 1.0, 1.0),
        _row("3", "train", "chat", 0.0, 1.0),
        _row("4", "test", "code", 0.0, 0.0),  # never read for priors
    ]
    with gzip.open(path, "wt") as out:
        out.writelines(json.dumps(r) + "\n" for r in rows)
    return path


def test_priors_from_an_outcome_file_use_train_rows_only(tmp_path: Path) -> None:
    data = _outcome_file(tmp_path / "o.jsonl.gz")
    settings = build_settings(
        merge(
            default_data(), {"quality": {"priors": str(data), "prior_models": {"big": "gpt-5.5"}}}
        )
    )
    priors = load_priors(settings)
    assert priors.get("code", "gpt-5.5")[0] == 1.0
    assert priors.get("code", "small")[0] == 0.5
    assert priors.get("reasoning", "small") == (2 / 3, "priors file o.jsonl.gz (all tasks)")
    # a model the file lacks: adequate for code (strength 85 >= min_strength 85) -> 0.9;
    # weaker ones below it in proportion, so the policy starts on the cheapest adequate
    assert priors.get("code", "kimi-k2.6") == (0.9, "catalog strength")
    assert priors.get("code", "qwen3.6-plus") == (pytest.approx(0.9 * 80 / 85), "catalog strength")


def test_quality_command_prints_the_table(tmp_path: Path) -> None:
    db = tmp_path / "q.db"
    engine = connect(f"sqlite:///{db}")
    verdicts: list[dict[str, object]] = [{"check": "empty", "ok": False, "reason": ""}]
    Ledger(engine).write([_ledger_rows("a", verdicts, dt.datetime.now(dt.UTC))])
    runner = CliRunner()
    shown = runner.invoke(main_group, ["quality", "--db", str(db), "--json"])
    assert shown.exit_code == 0, shown.output
    rows = orjson.loads(shown.output)["estimates"]
    m1 = next(r for r in rows if r["model"] == "m1")
    assert m1["sources"] == {"checks": 1.0} and m1["n"] == pytest.approx(0.2)
    assert m1["estimate"] < 0.5  # a failed check pulls it below the neutral prior
    table = runner.invoke(main_group, ["quality", "--db", str(db)])
    assert "checks 1" in table.output and "catalog strength" in table.output


def test_priors_from_a_trained_router_are_its_label_means(tmp_path: Path) -> None:
    rows = [
        _row(str(i), "train", "code" if i % 2 else "chat", 1.0, float(i % 2)) for i in range(40)
    ]
    path = tmp_path / "o.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    trained = load_outcomes(path)
    save_router(Learned().fit(trained), tmp_path / "router.json", {})
    settings = build_settings(
        merge(default_data(), {"quality": {"priors": str(tmp_path / "router.json")}})
    )
    priors = load_priors(settings)
    assert priors.get("code", "small") == (1.0, "router router.json (code)")
    assert priors.get("chat", "small")[0] == 0.0
    assert priors.get("simple", "small")[1] == "router router.json (simple)"  # detected type
    assert priors.get("creative", "big") == (1.0, "router router.json (all tasks)")


def test_concurrent_writers_add_up(store_engine: Engine) -> None:
    """Two writers bumping the same counts: the stored totals are the sum of every
    increment (each is applied by the database, none written back as a total)."""
    from concurrent.futures import ThreadPoolExecutor

    def bump(_: int) -> None:
        for _ in range(25):
            with store_engine.begin() as conn:
                quality.add(conn, [Count("code", "m", "", "feedback", 1, 1.0, 0.5)])

    with ThreadPoolExecutor(4) as pool:
        list(pool.map(bump, range(4)))
    [row] = read_counts(store_engine)
    assert (row.n, row.total) == (100.0, 50.0)
