"""The core install is lean (issue 15 item 7): the serving path imports none of the heavy
optional libraries, and a command that needs one names the extra to install."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
HEAVY = ("matplotlib", "sklearn", "scipy", "pandas")
# Makes the heavy libraries look uninstalled: ``import sklearn`` raises ModuleNotFoundError.
HIDE = "import sys\nfor _m in ('sklearn', 'scipy', 'matplotlib'):\n    sys.modules[_m] = None\n"


def _python(code: str, *, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    env.pop("MODELROUTER_CONFIG", None)
    return subprocess.run(
        [sys.executable, "-c", code],
        check=False,
        capture_output=True,
        text=True,
        env=env,
        cwd=cwd,
        timeout=120,
    )


def test_core_dependencies_leave_the_heavy_libraries_to_extras() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    core = " ".join(project["dependencies"]).lower()
    for name in ("matplotlib", "scikit-learn", "scipy"):
        assert name not in core
    extras = project["optional-dependencies"]
    assert any("scikit-learn" in d for d in extras["learn"])
    assert any("matplotlib" in d for d in extras["plots"])
    dev = " ".join(extras["dev"])
    assert "scikit-learn" in dev and "matplotlib" in dev and "scipy" in dev


def test_the_serving_path_imports_no_heavy_library() -> None:
    code = textwrap.dedent(
        """
        import os, sys
        import modelrouter.cli
        from modelrouter.cli.serve_cmd import serve
        from modelrouter.config.loader import load_settings
        from modelrouter.server.app import build
        from starlette.testclient import TestClient
        settings = load_settings(None, {})
        settings = settings.model_copy(
            update={"sim": settings.sim.model_copy(update={"enabled": True})})
        body = {"model": "auto", "messages": [
            {"role": "user", "content": "Write a Python function that merges two sorted lists."}]}
        with TestClient(build(settings, {})) as client:
            assert client.post("/v1/chat/completions", json=body).status_code == 200
            assert client.post("/v1/messages", json={**body, "max_tokens": 50}).status_code == 200
        print(sorted({m.split(".")[0] for m in sys.modules}))
        """
    )
    result = _python(code)
    assert result.returncode == 0, result.stderr
    loaded = result.stdout
    assert "'numpy'" in loaded  # the default blend detector's classifier: numpy stays core
    for name in HEAVY:
        assert f"'{name}'" not in loaded


def _cli(args: list[str], tmp_path: Path) -> subprocess.CompletedProcess[str]:
    code = HIDE + f"sys.argv = ['modelrouter', *{args!r}]\nfrom modelrouter.cli import main\nmain()"
    return _python(code, cwd=tmp_path)


def test_training_without_the_learn_extra_names_it(tmp_path: Path) -> None:
    outcomes = tmp_path / "outcomes.jsonl"
    outcomes.write_text("")
    result = _cli(["train", str(outcomes), "-o", str(tmp_path / "r.json")], tmp_path)
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr
    assert result.stderr.strip().splitlines()[-1] == (
        "error: this needs scikit-learn, which the core install leaves out: "
        "pip install 'modelrouter[learn]'"
    )


def test_a_learned_policy_without_the_extra_fails_at_start_up_naming_it(tmp_path: Path) -> None:
    (tmp_path / "modelrouter.yaml").write_text(
        f"routing:\n  policy: learned\n  learned:\n    router: {tmp_path / 'r.json'}\n"
    )
    result = _cli(["route", "hello", "--sim"], tmp_path)
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr
    assert "pip install 'modelrouter[learn]'" in result.stderr


def test_a_plot_without_the_plots_extra_names_it(tmp_path: Path) -> None:
    db = tmp_path / "empty.db"
    result = _cli(["report", "--db", str(db), "--plot", str(tmp_path / "p.png")], tmp_path)
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr
    assert "pip install 'modelrouter[plots]'" in result.stderr


def test_the_demo_without_the_plots_extra_reports_and_skips_the_chart(tmp_path: Path) -> None:
    result = _cli(["demo", "--limit", "8", "--chart", str(tmp_path / "d.png")], tmp_path)
    assert result.returncode == 0, result.stderr
    assert "chart skipped: this needs matplotlib" in result.stdout + result.stderr
    assert "pip install 'modelrouter[plots]'" in result.stdout + result.stderr
    assert not (tmp_path / "d.png").exists()
    assert "Traceback" not in result.stderr


def test_the_quickstart_makes_a_virtual_environment_in_one_command() -> None:
    readme = (ROOT / "README.md").read_text()
    block = readme.split("## Quickstart", 1)[1].split("```sh\n", 1)[1].split("```", 1)[0]
    first, second = block.splitlines()[:2]
    assert first.startswith(
        'python3 -m venv .venv && . .venv/bin/activate && pip install -e ".[dev]" && '
        "modelrouter demo"
    )
    assert second.startswith("python3 -m pytest -q")
    ci = (ROOT / ".ci" / "run").read_text()
    assert '.[dev,postgres]"' in ci  # CI installs the dev extra: the tests' libraries
