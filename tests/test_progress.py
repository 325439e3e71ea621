"""Issue 15 item 8: long commands show progress on stderr: a bar on a terminal, one line
per stage otherwise (never a bar's leftovers in a log)."""

from __future__ import annotations

import os
import pty
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = str(ROOT / "examples" / "outcomes-small.jsonl.gz")


def _env() -> dict[str, str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src"), "COLUMNS": "100"}
    env.pop("MODELROUTER_CONFIG", None)
    return env


def _piped(args: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "modelrouter", *args],
        capture_output=True, text=True, env=_env(), cwd=cwd, timeout=300, check=False,
    )  # fmt: skip


def _on_a_terminal(args: list[str], cwd: Path) -> tuple[int, str]:
    """Run with stderr on a pseudo-terminal; its exit status and what it wrote there."""
    leader, follower = pty.openpty()
    process = subprocess.Popen(
        [sys.executable, "-m", "modelrouter", *args],
        stdout=subprocess.DEVNULL, stderr=follower, stdin=subprocess.DEVNULL,
        env=_env(), cwd=cwd,
    )  # fmt: skip
    os.close(follower)
    chunks = []
    while True:
        try:
            chunk = os.read(leader, 4096)
        except OSError:  # EIO: the child closed the terminal
            break
        if not chunk:
            break
        chunks.append(chunk)
    os.close(leader)
    return process.wait(timeout=300), b"".join(chunks).decode(errors="replace")


def test_the_demo_leaves_no_stray_line_off_a_terminal(tmp_path: Path) -> None:
    result = _piped(["demo", "--limit", "40", "--chart", "d.png"], tmp_path)
    assert result.returncode == 0, result.stderr
    lines = (result.stdout + result.stderr).splitlines()
    assert "requests" not in [line.strip() for line in lines]  # the bar's label, alone
    outage = next(i for i, line in enumerate(lines) if "goes down after" in line)
    assert lines[outage - 1].strip(), "a blank line before the outage message"
    assert "\r" not in result.stderr


def test_training_says_each_stage_off_a_terminal(tmp_path: Path) -> None:
    result = _piped(["train", EXAMPLE, "-o", "router.json"], tmp_path)
    assert result.returncode == 0, result.stderr
    stages = [line for line in result.stderr.splitlines() if line.endswith("…")]
    assert any("labelling 300 prompts" in line for line in stages), result.stderr  # train rows
    assert any("fitting the router" in line for line in stages), result.stderr
    assert "\r" not in result.stderr and "%" not in result.stderr


def test_eval_routing_says_each_stage_off_a_terminal(tmp_path: Path) -> None:
    result = _piped(["eval", "routing", EXAMPLE, "--policy", "task-means"], tmp_path)
    assert result.returncode == 0, result.stderr
    assert "labelling 400 prompts" in result.stderr
    assert "evaluating 1 policy" in result.stderr


def test_a_terminal_gets_a_progress_bar(tmp_path: Path) -> None:
    status, shown = _on_a_terminal(["train", EXAMPLE, "-o", "router.json"], tmp_path)
    assert status == 0, shown
    assert "labelling 300 prompts" in shown and "100%" in shown
