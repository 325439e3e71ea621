"""``modelrouter eval detector`` end to end through the CLI."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from modelrouter.cli import main_group

ROWS = [
    {"prompt": "Write a python function to sort a list of dicts by a key", "label": "coding"},
    {"prompt": "把这句话翻译成英文：你好，很高兴认识你", "label": "chat"},
    {
        "prompt": "region,q1,q2\nnorth,120,140\nsouth,90,60\neast,200,210\n\n"
        "Which region grew the most from q1 to q2 in percent?",
        "label": "data_analysis",
    },
    {
        "prompt": "If 3 workers build a wall in 6 days, how many days do 9 workers need?",
        "label": "math",
        "source": "ignored field",
    },
]


def _file(tmp_path: Path) -> Path:
    path = tmp_path / "labelled.jsonl"
    path.write_text("".join(json.dumps(row, ensure_ascii=False) + "\n" for row in ROWS))
    return path


def test_eval_detector_json_with_label_map(tmp_path: Path) -> None:
    path = _file(tmp_path)
    mapping = "coding=code,chat=simple,math=reasoning"
    runner = CliRunner()
    baseline = runner.invoke(
        main_group,
        ["eval", "detector", str(path), "--detector", "keywords", "--label-map", mapping, "--json"],
    )
    assert baseline.exit_code == 0, baseline.output
    report = json.loads(baseline.stdout)
    # the article's heuristic: code and the translation right, the table and puzzle "simple"
    assert report["accuracy"] == 0.5
    assert report["detector"] == "keywords"
    rules = runner.invoke(
        main_group, ["eval", "detector", str(path), "--label-map", mapping, "--json"]
    )
    assert rules.exit_code == 0, rules.output
    assert json.loads(rules.stdout)["accuracy"] == 1.0


def test_eval_detector_table_and_bad_label_map(tmp_path: Path) -> None:
    path = _file(tmp_path)
    runner = CliRunner()
    table = runner.invoke(main_group, ["eval", "detector", str(path)])
    assert table.exit_code == 0
    assert "accuracy" in table.output.lower() and "coding" in table.output
    bad = runner.invoke(main_group, ["eval", "detector", str(path), "--label-map", "oops"])
    assert bad.exit_code == 2 and "label=task" in bad.output


def test_eval_detector_reads_outcome_files_and_drops_mapped_out_labels(tmp_path: Path) -> None:
    rows = [{"task": r["label"], "prompt": r["prompt"], "outcomes": {}} for r in ROWS]
    rows.append({"task": "trivia", "prompt": "Who wrote Hamlet?", "outcomes": {}})
    path = tmp_path / "outcomes.jsonl"
    path.write_text("".join(json.dumps(row, ensure_ascii=False) + "\n" for row in rows))
    mapping = "coding=code,chat=simple,math=reasoning,trivia=-"
    result = CliRunner().invoke(
        main_group, ["eval", "detector", str(path), "--label-map", mapping, "--json"]
    )
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["n"] == 4 and report["accuracy"] == 1.0
    assert "trivia" not in report["labels"]
