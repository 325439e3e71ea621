"""The HTTP API fuzzed from its own OpenAPI document with schemathesis.

Cases are generated from ``/openapi.json`` (the document built from the models that
validate), both valid ones and invalid ones (negative testing), and sent to the real
gateway over the simulator on loopback. Every answer must be below 500, every error in the
endpoint's own format, every documented status, content type and response schema must hold,
and invalid input must be refused.

The short version runs by default (a few dozen cases per endpoint and mode); the long one
is marked ``fuzz``: ``MODELROUTER_FUZZ_EXAMPLES=2000 pytest -m fuzz tests/test_fuzz.py``.
"""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Callable, Iterator
from typing import Any

import pytest
import requests
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    negative_data_rejection,
    response_schema_conformance,
    status_code_conformance,
)
from tests.gateway_fixtures import RunningGateway, running_gateway

from modelrouter.server.openapi import document

SCHEMA = schemathesis.openapi.from_dict(document())
ENDPOINTS = [
    ("POST", "/v1/chat/completions"),
    ("POST", "/v1/messages"),
    ("GET", "/v1/models"),
    ("POST", "/v1/feedback"),
]
# GET /v1/models takes no parameters: nothing to make invalid.
RUNS = [
    (method, path, mode)
    for method, path in ENDPOINTS
    for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE)
    if not (method == "GET" and mode is GenerationMode.NEGATIVE)
]
SHORT_EXAMPLES = 12
LONG_EXAMPLES = int(os.environ.get("MODELROUTER_FUZZ_EXAMPLES", "1000"))
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
    negative_data_rejection,
]
TRIED: Counter[str] = Counter()


@pytest.fixture(scope="module")
def gw(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningGateway]:
    with running_gateway(tmp_path_factory.mktemp("fuzz")) as running:
        yield running


@pytest.fixture(scope="module")
def session() -> Iterator[requests.Session]:
    with requests.Session() as http:
        yield http


@pytest.fixture(scope="module", autouse=True)
def _report() -> Iterator[None]:
    yield
    if TRIED:
        print(f"\nfuzz cases tried: {sum(TRIED.values())} {dict(sorted(TRIED.items()))}")


def error_format_problem(path: str, status: int, data: Any) -> str | None:
    """Why an error body is not in the endpoint's documented format, or None."""
    if path == "/v1/messages":
        error = data.get("error") if isinstance(data, dict) else None
        ok = (
            data.get("type") == "error"
            and isinstance(error, dict)
            and isinstance(error.get("type"), str)
            and isinstance(error.get("message"), str)
        )
        return None if ok else f"{status}: not an Anthropic error: {data!r:.300}"
    error = data.get("error") if isinstance(data, dict) else None
    ok = (
        isinstance(error, dict)
        and {"message", "type", "param", "code"} <= error.keys()
        and isinstance(error["message"], str)
        and isinstance(error["type"], str)
    )
    return None if ok else f"{status}: not an OpenAI error: {data!r:.300}"


def _send(case: Any, gw: RunningGateway, session: requests.Session, label: str) -> None:
    response = case.call(base_url=gw.url, session=session, timeout=30)
    TRIED[f"{label} {response.status_code}"] += 1
    assert response.status_code < 500, f"{case.method} {case.path}: {response.text[:500]}"
    if response.status_code >= 400:
        problem = error_format_problem(case.path, response.status_code, response.json())
        assert problem is None, problem
    case.validate_response(response, checks=CHECKS)


def _fuzz(examples: int) -> Callable[..., None]:
    @pytest.mark.parametrize(("method", "path", "mode"), RUNS, ids=lambda v: str(v).strip("/"))
    def run(
        gw: RunningGateway,
        session: requests.Session,
        method: str,
        path: str,
        mode: GenerationMode,
    ) -> None:
        strategy = SCHEMA[path][method].as_strategy(generation_mode=mode)

        @settings(
            max_examples=examples,
            deadline=None,
            database=None,
            derandomize=examples <= SHORT_EXAMPLES,
            phases=[Phase.explicit, Phase.generate],  # no shrinking: the case is printed whole
            suppress_health_check=list(HealthCheck),
        )
        @given(case=strategy)
        def one(case: Any) -> None:
            _send(case, gw, session, f"{method} {path} {mode.value}")

        one()

    return run


test_fuzz_short = _fuzz(SHORT_EXAMPLES)
test_fuzz_long = pytest.mark.fuzz(_fuzz(LONG_EXAMPLES))
