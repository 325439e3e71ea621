"""Issue 15 item 10: ``n`` answers as many choices as asked (or 400), and a body without
``model`` is a 400 in each API's own format, as OpenAI and Anthropic answer it, unless
``gateway.default_model`` is set."""

from __future__ import annotations

from pathlib import Path

import httpx2
from tests.gateway_fixtures import running_gateway

CHAT = "/v1/chat/completions"
MESSAGES = "/v1/messages"
HELLO = [{"role": "user", "content": "Say hello in French."}]


def test_n_two_returns_two_choices_or_a_400(tmp_path: Path) -> None:
    with running_gateway(tmp_path) as gw, httpx2.Client(base_url=gw.url, timeout=30) as http:
        two = http.post(CHAT, json={"model": "auto", "messages": HELLO, "n": 2})
        assert two.status_code == 200, two.text
        assert [c["index"] for c in two.json()["choices"]] == [0, 1]
        bad = http.post(CHAT, json={"model": "auto", "messages": HELLO, "n": 0})
        assert bad.status_code == 400 and bad.json()["error"]["param"] == "n"


def test_a_body_without_model_is_a_400_in_each_format(tmp_path: Path) -> None:
    with running_gateway(tmp_path) as gw, httpx2.Client(base_url=gw.url, timeout=30) as http:
        openai = http.post(CHAT, json={"messages": HELLO})
        assert openai.status_code == 400, openai.text
        error = openai.json()["error"]
        assert error["param"] == "model" and error["type"] == "invalid_request_error"
        assert "model" in error["message"] and "auto" in error["message"]
        anthropic = http.post(MESSAGES, json={"messages": HELLO, "max_tokens": 20})
        assert anthropic.status_code == 400, anthropic.text
        body = anthropic.json()
        assert body["type"] == "error" and body["error"]["type"] == "invalid_request_error"
        assert "model" in body["error"]["message"]
        assert http.post(CHAT, json={"model": None, "messages": HELLO}).status_code == 400
        assert gw.ledger()[0] == [] or all(r["cost_usd"] == 0 for r in gw.ledger()[0])


def test_default_model_restores_auto(tmp_path: Path) -> None:
    with (
        running_gateway(tmp_path, gateway={"default_model": "auto"}) as gw,
        httpx2.Client(base_url=gw.url, timeout=30) as http,
    ):
        assert http.post(CHAT, json={"messages": HELLO}).status_code == 200
        answer = http.post(MESSAGES, json={"messages": HELLO, "max_tokens": 20})
        assert answer.status_code == 200, answer.text
