"""What a newcomer expects from the command line (issue 15, items 6-14)."""

from __future__ import annotations

from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from modelrouter.cli import main_group


def _leaves(group: click.Group, prefix: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    out: list[tuple[str, ...]] = []
    for name, command in sorted(group.commands.items()):
        path = (*prefix, name)
        out.append(path)
        if isinstance(command, click.Group):
            out.extend(_leaves(command, path))
    return out


def test_config_is_accepted_after_the_subcommand(tmp_path: Path) -> None:
    config = tmp_path / "mine.yaml"
    config.write_text("routing:\n  budget: economy\n")
    runner = CliRunner()
    after = runner.invoke(main_group, ["config", "show", "--config", str(config)])
    assert after.exit_code == 0, after.output
    assert "budget: economy" in after.output
    before = runner.invoke(main_group, ["--config", str(config), "config", "show"])
    assert before.exit_code == 0 and "budget: economy" in before.output
    default = runner.invoke(main_group, ["config", "show"])
    assert "budget: economy" not in default.output


def test_a_missing_config_after_the_subcommand_is_a_usage_error(tmp_path: Path) -> None:
    result = CliRunner().invoke(main_group, ["config", "show", "--config", str(tmp_path / "no")])
    assert result.exit_code == 2
    assert "No such option" not in result.output


@pytest.mark.parametrize("path", _leaves(main_group))
def test_every_help_names_config(path: tuple[str, ...]) -> None:
    result = CliRunner().invoke(main_group, [*path, "--help"])
    assert result.exit_code == 0, result.output
    assert "--config" in result.output
