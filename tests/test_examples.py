"""Issue 15 item 14: the example outcome file ships with the repository, and every README
command that needs an outcome file names it, so each runs from a clone."""

from __future__ import annotations

import gzip
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from modelrouter.cli import main_group

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "outcomes-small.jsonl.gz"
SHARED = Path("/work/shared/data/routellm-gpt4-mixtral.jsonl.gz")


def test_the_example_outcome_file_is_usable() -> None:
    with gzip.open(EXAMPLE, "rt", encoding="utf-8") as lines:
        rows = [json.loads(line) for line in lines]
    assert len(rows) == 400
    train = {r["task"] for r in rows if r["split"] == "train"}
    test = [r for r in rows if r["split"] == "test"]
    assert len(test) == 100 and {r["task"] for r in test} <= train
    assert all(set(r["outcomes"]) == {"gpt-4-1106-preview", "mixtral-8x7b-instruct"} for r in rows)
    assert sum(any(o["response"] for o in r["outcomes"].values()) for r in rows) == 150
    assert "Apache-2.0" in (ROOT / "examples" / "README.md").read_text()


@pytest.mark.skipif(not SHARED.is_file(), reason="the shared source data is not on this machine")
def test_the_example_file_is_what_its_script_builds() -> None:
    script = ROOT / "examples" / "build_outcomes_small.py"
    result = subprocess.run(
        [sys.executable, str(script), "--check"], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_every_readme_command_names_a_file_in_the_repository() -> None:
    readme = (ROOT / "README.md").read_text()
    named = set(re.findall(r"[\w./-]*outcomes[\w.-]*\.jsonl(?:\.gz)?", readme))
    assert named == {"examples/outcomes-small.jsonl.gz"}, named


def test_eval_online_runs_on_the_example_file(tmp_path: Path) -> None:
    result = CliRunner().invoke(main_group, ["eval", "online", str(EXAMPLE), "--json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout[result.stdout.index("{") :])
    assert 0 < report["online_quality"] <= 1
