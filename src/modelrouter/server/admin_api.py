"""The admin API: ``GET``/``POST /admin/keys`` and ``DELETE /admin/keys/{key_id}`` (the
admin key only). ``GET /admin/quality`` is in ``loop_api``; all four are in /openapi.json
(``openapi_admin``)."""

from __future__ import annotations

from typing import Any

import orjson
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from modelrouter.config.loader import describe as describe_errors
from modelrouter.config.schema import BudgetMode
from modelrouter.errors import InvalidRequest, ModelRouterError
from modelrouter.server.auth import presented_key
from modelrouter.server.errors import failure_of, render
from modelrouter.server.gateway import Gateway
from modelrouter.store.keys import KeyRecord, KeyStore, check_limits


async def _admin(request: Request) -> tuple[Gateway, KeyStore]:
    gateway: Gateway = request.app.state.gateway
    caller = await gateway.auth.authenticate(presented_key(request, "openai"))
    gateway.auth.require_admin(caller)
    if gateway.auth.store is None:
        raise InvalidRequest("no key store is configured")
    return gateway, gateway.auth.store


class KeyCreate(BaseModel):
    """Body of ``POST /admin/keys``."""

    model_config = ConfigDict(extra="forbid")

    name: str = Field(min_length=1, max_length=200, description="unique among active keys")
    allowed_providers: list[str] | None = Field(
        default=None, description="providers this key may reach (default: all)"
    )
    allowed_models: list[str] | None = Field(
        default=None, description="catalog models this key may use (default: all)"
    )
    budget: BudgetMode | None = Field(default=None, description="budget mode of its requests")
    rpm_limit: int | None = Field(
        default=None, gt=0, description="requests per minute (deprecated alias: rpm)"
    )
    allowed_regions: list[str] | None = Field(
        default=None,
        description="regions its requests' deployments may be in, within the global "
        "routing.allowed_regions (default: any)",
    )

    @model_validator(mode="before")
    @classmethod
    def _rpm_alias(cls, data: Any) -> Any:
        """``rpm`` (the CLI's old flag name) is read as ``rpm_limit`` for one release."""
        if isinstance(data, dict) and "rpm" in data:
            if "rpm_limit" in data:
                raise ValueError("give rpm_limit only (rpm is its deprecated alias)")
            data = {**data, "rpm_limit": data["rpm"]}
            del data["rpm"]
        return data


async def admin_keys(request: Request) -> Response:
    """List keys (GET) or create one (POST, body ``KeyCreate``)."""
    try:
        gateway, store = await _admin(request)
        if request.method == "GET":
            records = await run_in_threadpool(store.all)
            return JSONResponse({"data": [r.view() for r in records]})
        try:
            spec = KeyCreate.model_validate(orjson.loads(await request.body() or b"{}"))
        except orjson.JSONDecodeError:
            raise InvalidRequest("the body is not valid JSON") from None
        except ValidationError as exc:
            raise InvalidRequest(describe_errors(exc).strip()) from None
        plaintext, record = await create_key(gateway, store, spec)
    except ModelRouterError as exc:
        return render("openai", failure_of(exc))
    return JSONResponse({"key": plaintext, **record.view()}, status_code=201)


async def admin_revoke(request: Request) -> Response:
    """Revoke a key by id."""
    try:
        gateway, store = await _admin(request)
        record = await run_in_threadpool(store.revoke, request.path_params["key_id"])
    except ModelRouterError as exc:
        return render("openai", failure_of(exc))
    gateway.auth.forget()
    return JSONResponse({"revoked": record.id})


async def create_key(gateway: Gateway, store: KeyStore, spec: KeyCreate) -> tuple[str, KeyRecord]:
    """Create the key ``spec`` describes (its allow-lists checked against the catalog) and
    make the gateway read keys again; the admin API and the dashboard's form both call it."""
    check_limits(gateway.router.settings, spec.allowed_providers, spec.allowed_models)
    plaintext, record = await run_in_threadpool(
        lambda: store.create(
            spec.name,
            allowed_providers=spec.allowed_providers,
            allowed_models=spec.allowed_models,
            budget=spec.budget,
            rpm_limit=spec.rpm_limit,
            allowed_regions=spec.allowed_regions,
        )
    )
    gateway.auth.forget()
    return plaintext, record
