"""Which providers a router may call: each configured provider's endpoint and API key,
the simulator standing in for all of them when ``sim.enabled``, and why none can be
called when no key is set.

Keys come from the settings or the environment mapping the edge passes in; this module
never reads ``os.environ`` and never calls a provider.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import httpx2

from modelrouter.config.schema import ProviderSpec, Settings

SIM_HOST = "http://sim.modelrouter.internal"
Endpoints = dict[str, tuple[ProviderSpec, str | None]]


def resolve(
    settings: Settings,
    env: Mapping[str, str],
    transports: dict[str, httpx2.AsyncBaseTransport],
) -> tuple[Endpoints, Any]:
    """Each usable provider's endpoint and key (providers without a key are left out),
    and the simulator app when it serves them (its transports are added to
    ``transports``), else None."""
    if settings.sim.enabled:
        return _simulated(settings, transports)
    endpoints: Endpoints = {}
    for name, spec in settings.providers.items():
        key = spec.api_key.get_secret_value() if spec.api_key else None
        if key is None and spec.api_key_env:
            key = env.get(spec.api_key_env)
        if key or not (spec.api_key_env or spec.api_key):
            endpoints[name] = (spec, key)
    return endpoints, None


def _simulated(
    settings: Settings, transports: dict[str, httpx2.AsyncBaseTransport]
) -> tuple[Endpoints, Any]:
    # Imported here so the gateway does not load the simulator unless asked to.
    from modelrouter.sim import build_app, sim_transport  # noqa: PLC0415

    app = build_app(settings)
    endpoints: Endpoints = {}
    for name, spec in settings.providers.items():
        if spec.format == "replay":  # recorded answers: nothing to simulate
            endpoints[name] = (spec, None)
            continue
        base = f"{SIM_HOST}/v1" if spec.format == "openai" else SIM_HOST
        marked = {**spec.headers, "x-sim-provider": name}  # sim.app.PROVIDER_HEADER
        endpoints[name] = (spec.model_copy(update={"base_url": base, "headers": marked}), "sim-key")
        transports.setdefault(name, sim_transport(app))
    return endpoints, app


def unconfigured(settings: Settings, endpoints: Endpoints) -> str | None:
    """Why no provider can be called (none has its key), naming the variables to set;
    None when at least one can."""
    if endpoints:
        return None
    variables = sorted({s.api_key_env for s in settings.providers.values() if s.api_key_env})
    if not variables:
        return "no provider is configured: add one under providers"
    return (
        "no provider is configured: set at least one of "
        + ", ".join(variables)
        + " (or run with --sim for simulated providers)"
    )
