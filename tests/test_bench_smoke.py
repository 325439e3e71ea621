"""The gateway benchmark harness runs end to end (tiny counts, no thresholds on time), so
it cannot rot: direct and modelrouter cases, and LiteLLM skipped when not installed."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from bench.gateway import run

pytestmark = pytest.mark.bench_smoke


@pytest.mark.skipif(
    shutil.which("h2load") is None or shutil.which("taskset") is None,
    reason="h2load (Debian: nghttp2-client) and taskset are needed; .ci/run installs them",
)
def test_the_harness_measures_direct_and_modelrouter(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out, table = tmp_path / "samples.json", tmp_path / "table.md"
    code = run.main(
        [
            "--rounds=1",
            "--requests=40",
            "--concurrency=1,4",
            "--targets=direct,modelrouter-route,modelrouter-auto,litellm",
            f"--litellm-venv={tmp_path / 'no-litellm'}",
            f"--json={out}",
            f"--markdown={table}",
        ]
    )
    assert code == 0
    assert "litellm: skipped" in capsys.readouterr().err
    (measured,) = json.loads(out.read_text())["rounds"]
    assert set(measured) == {"direct", "modelrouter-route", "modelrouter-auto"}
    for target in measured.values():
        assert set(target["cases"]) == {"plain c1", "plain c4", "stream c1", "stream c4"}
        for sample in target["cases"].values():
            assert sample["failed"] == 0 and sample["rps"] > 0 and sample["p50_ms"] > 0
    for name in ("modelrouter-route", "modelrouter-auto"):
        assert measured[name]["warm_mb"] > 10
    text = table.read_text()
    assert "| modelrouter-auto | stream c4 |" in text and "command: `" in text
