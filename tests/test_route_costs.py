"""Issue 15 item 13: ``route --explain`` and the README say what the table's primary costs
against the cheapest adequate model (the one economy mode and the adaptive policy start
from), and the README's figures are the ones the code computes."""

from __future__ import annotations

import re
from pathlib import Path

from click.testing import CliRunner

from modelrouter.cli import main_group
from modelrouter.config.loader import load_settings
from modelrouter.policy.cost_note import cost_notes

ROOT = Path(__file__).resolve().parents[1]


def test_explain_names_the_cheapest_adequate_model_and_its_cost(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        main_group, ["route", "hello, how are you?", "--sim", "--explain", "--task", "simple"]
    )
    assert result.exit_code == 0, result.output
    line = next(x for x in result.output.splitlines() if "cheapest adequate" in x)
    found = re.search(
        r"kimi-k2\.6: \$(\d\.\d+) expected; the cheapest adequate model [\w.-]+: "
        r"\$(\d\.\d+) \(economy mode picks it first; the adaptive policy weighs it by measured "
        r"quality\)",
        line,
    )
    assert found, line
    primary, cheapest = (float(x) for x in found.groups())
    assert cheapest < primary


def test_explain_says_when_the_primary_is_the_cheapest_adequate() -> None:
    result = CliRunner().invoke(
        main_group, ["route", "hi", "--sim", "--explain", "--budget", "economy", "--task", "simple"]
    )
    assert result.exit_code == 0, result.output
    assert "is the cheapest adequate model" in result.output


def test_the_readme_table_gives_the_computed_costs() -> None:
    readme = (ROOT / "README.md").read_text()
    assert "| simple (chat, translation) | kimi-k2.6 | qwen3.6-plus | lowest cost |" not in readme
    for note in cost_notes(load_settings()):
        row = f"| {note.task} | {note.primary} | ${note.primary_usd:.5f} | {note.cheapest} | "
        row += f"${note.cheapest_usd:.5f} | {note.ratio:.1f}× |"
        assert row in readme, row
