"""``modelrouter chat`` (issue 15 item 9): an empty prompt is refused before any call, every
call is in the ledger for ``report``, and ``--interactive`` keeps the conversation."""

from __future__ import annotations

from pathlib import Path

import sqlalchemy as sa
from click.testing import CliRunner

from modelrouter.cli import main_group


def _requests(db: Path) -> list[dict[str, object]]:
    engine = sa.create_engine(f"sqlite:///{db}")
    with engine.connect() as conn:
        rows = conn.execute(sa.text("SELECT * FROM requests ORDER BY ts")).mappings().all()
    engine.dispose()
    return [dict(r) for r in rows]


def _run(args: list[str], db: Path, stdin: str | None = None) -> object:
    return CliRunner().invoke(
        main_group, args, env={"MODELROUTER_DB": str(db)}, input=stdin, catch_exceptions=False
    )


def test_an_empty_prompt_is_refused_and_nothing_is_sent(tmp_path: Path) -> None:
    db = tmp_path / "ledger.db"
    for prompt in ("", "   \n"):
        result = CliRunner().invoke(
            main_group, ["chat", prompt, "--sim"], env={"MODELROUTER_DB": str(db)}
        )
        assert result.exit_code == 2, result.output
        assert "the prompt is empty: nothing was sent" in result.output
        assert "cost=" not in result.output
    assert not db.exists() or _requests(db) == []


def test_chat_is_written_to_the_ledger_and_report_sees_it(tmp_path: Path) -> None:
    db = tmp_path / "ledger.db"
    result = CliRunner().invoke(
        main_group,
        ["chat", "Translate 'good morning' to French", "--sim"],
        env={"MODELROUTER_DB": str(db)},
    )
    assert result.exit_code == 0, result.output
    rows = _requests(db)
    assert len(rows) == 1
    assert rows[0]["api"] == "cli" and rows[0]["status"] == 200
    assert rows[0]["cost_usd"] > 0 and rows[0]["model"]
    report = CliRunner().invoke(main_group, ["report", "--db", str(db), "--by", "key"])
    assert report.exit_code == 0, report.output
    assert "cli" in report.output


def test_no_record_leaves_the_ledger_alone(tmp_path: Path) -> None:
    db = tmp_path / "ledger.db"
    result = CliRunner().invoke(
        main_group,
        ["chat", "hello there", "--sim", "--no-record"],
        env={"MODELROUTER_DB": str(db)},
    )
    assert result.exit_code == 0, result.output
    assert not db.exists() or _requests(db) == []


def test_interactive_chat_keeps_the_conversation(tmp_path: Path) -> None:
    db = tmp_path / "ledger.db"
    turns = "My name is Ada. Say hello.\n\nWhat is my name?\n/exit\nnever sent\n"
    result = CliRunner().invoke(
        main_group,
        ["chat", "--interactive", "--sim"],
        env={"MODELROUTER_DB": str(db)},
        input=turns,
    )
    assert result.exit_code == 0, result.output
    assert result.output.count("cost=$") == 2
    rows = _requests(db)
    assert len(rows) == 2  # the blank line is skipped, /exit ends before the last line
    # the second call carries the first question and its answer: more prompt tokens
    first, second = rows
    assert second["prompt_tokens"] > first["prompt_tokens"] + 5
