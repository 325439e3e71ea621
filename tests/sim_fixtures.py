"""Settings and clients for tests that run against the simulated provider.

``sim_settings`` builds a small catalog straight from the pydantic models (one provider
per wire format), so tests do not depend on the configuration loader. ``SimEndpoint``
reaches one simulator either in process or over loopback, with the same API.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import httpx2
from starlette.applications import Starlette

from modelrouter.config.schema import (
    ModelSpec,
    PriceSpec,
    ProviderSpec,
    RouteSpec,
    Settings,
    TaskType,
)
from modelrouter.config.sim import SimModelSpec, SimSpec
from modelrouter.sim import SimState, build_app, serving, sim_transport

OPENAI_MODEL = "gpt-sim"
OPENAI_UPSTREAM = "gpt-sim-2025-01-01"
ANTHROPIC_MODEL = "claude-sim"
SMALL_MODEL = "mini-sim"
KEY = "sk-test"

_PRICE = PriceSpec(effective=dt.date(2025, 1, 1), source="test", input=1.0, output=2.0)


def sim_settings(
    *, seed: int = 0, models: dict[str, SimModelSpec] | None = None, **default: Any
) -> Settings:
    """Three models: an OpenAI-format one known upstream by another name, an Anthropic
    one, and a small OpenAI-format one with a 2,000-token window."""

    def model(provider: str, window: int, upstream: str | None = None) -> ModelSpec:
        return ModelSpec(
            provider=provider,
            upstream=upstream,
            context_window=window,
            max_output=4096 if window > 2000 else 512,
            capabilities=frozenset({"tools", "json_mode"}),
            strength=50,
            prices=[_PRICE],
        )

    return Settings(
        providers={
            "openai": ProviderSpec(format="openai", base_url="http://sim.invalid/v1"),
            "anthropic": ProviderSpec(format="anthropic", base_url="http://sim.invalid"),
        },
        models={
            OPENAI_MODEL: model("openai", 128_000, OPENAI_UPSTREAM),
            ANTHROPIC_MODEL: model("anthropic", 200_000),
            SMALL_MODEL: model("openai", 2_000),
        },
        tasks={"simple": TaskType(description="anything", route=RouteSpec(primary=OPENAI_MODEL))},
        sim=SimSpec(enabled=True, seed=seed, default=SimModelSpec(**default), models=models or {}),
    )


@dataclass
class SimEndpoint:
    """One running simulator: ``base`` is its root URL (no ``/v1``)."""

    app: Starlette
    base: str
    in_process: bool

    @property
    def state(self) -> SimState:
        """The simulator's state, to configure it or read its counters."""
        state: SimState = self.app.state.sim
        return state

    def client(self, **options: Any) -> httpx2.AsyncClient:
        """An async client that reaches this simulator (SDKs take it as ``http_client``)."""
        if self.in_process:
            return httpx2.AsyncClient(transport=sim_transport(self.app), **options)
        return httpx2.AsyncClient(**options)


@contextmanager
def sim_endpoint(settings: Settings, *, in_process: bool) -> Iterator[SimEndpoint]:
    """A fresh simulator for ``settings``, in process or on a loopback port."""
    app = build_app(settings)
    if in_process:
        yield SimEndpoint(app, "http://sim.invalid", in_process=True)
        return
    with serving(app) as base:
        yield SimEndpoint(app, base, in_process=False)


def openai_body(content: str, **extra: Any) -> dict[str, Any]:
    """A minimal chat-completions request body for the OpenAI-format model."""
    return {"model": OPENAI_MODEL, "messages": [{"role": "user", "content": content}], **extra}


def anthropic_body(content: str, **extra: Any) -> dict[str, Any]:
    """A minimal Messages request body for the Anthropic-format model."""
    body = {"model": ANTHROPIC_MODEL, "max_tokens": 1024}
    return {**body, "messages": [{"role": "user", "content": content}], **extra}


OPENAI_HEADERS = {"authorization": f"Bearer {KEY}"}
ANTHROPIC_HEADERS = {"x-api-key": KEY, "anthropic-version": "2023-06-01"}

WEATHER_SCHEMA: dict[str, Any] = {
    "type": "object",
    "properties": {
        "city": {"type": "string", "description": "City name"},
        "days": {"type": "integer", "minimum": 1, "maximum": 14},
        "unit": {"type": "string", "enum": ["celsius", "fahrenheit"]},
        "detailed": {"type": "boolean"},
    },
    "required": ["city", "days", "unit"],
}
