"""The dashboard's forms: log in and out, and the keys page (list, create, revoke).

Keys are created and revoked through the same key store and the same checks as the
admin API (``admin_api.KeyCreate``, ``admin_api.create_key``); the new key is shown once.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Awaitable, Callable
from typing import Any

from pydantic import ValidationError
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from modelrouter.config.loader import describe as describe_errors
from modelrouter.errors import ModelRouterError
from modelrouter.server.admin_api import KeyCreate, create_key
from modelrouter.server.errors import GatewayError
from modelrouter.server.ui import Dashboard, form_of, live
from modelrouter.server.ui.queries import Window, spend_per_key
from modelrouter.store.keys import KeyStore


def login(dash: Dashboard) -> Callable[[Request], Awaitable[Response]]:
    """``GET /ui/login`` (the form, or a one-time ``?token=`` link) and ``POST``."""

    async def endpoint(request: Request) -> Response:
        sessions = dash.sessions
        if sessions is None:
            return await dash.page(_unused)(request)  # says why the dashboard is off
        token = request.query_params.get("token")
        if request.method == "GET" and token is None:
            return _form(dash, None, 200)
        if request.method == "GET":
            if not sessions.spend_link(str(token)):
                return _form(dash, "This login link is expired or was used already.", 401)
            return _enter(dash, request)
        try:
            form = await form_of(request)
        except GatewayError as exc:
            return dash.refuse(exc.status, exc.message, {})
        if not sessions.login_form_ok(form.get("csrf")):
            return dash.refuse(403, "this form's CSRF token is missing or wrong", {})
        try:
            caller = await dash.gateway.auth.authenticate(str(form.get("admin_key") or ""))
        except ModelRouterError:
            caller = None
        if caller is None or not caller.admin:
            return _form(dash, "That is not the admin key.", 401)
        return _enter(dash, request)

    return endpoint


async def _unused(dash: Dashboard, request: Request, context: dict[str, Any]) -> Response:
    raise AssertionError("never reached: the dashboard is off")  # pragma: no cover


def _form(dash: Dashboard, error: str | None, status: int) -> Response:
    assert dash.sessions is not None
    context = {"login_csrf": dash.sessions.login_form_token(), "error": error}
    return dash.render("login.html", context, status)


def _enter(dash: Dashboard, request: Request) -> Response:
    assert dash.sessions is not None
    response = RedirectResponse("/ui/overview", status_code=303)
    dash.sessions.start(request, response)
    return response


async def logout(dash: Dashboard, request: Request, context: dict[str, Any]) -> Response:
    """End the session."""
    assert dash.sessions is not None
    response = RedirectResponse("/ui/login", status_code=303)
    dash.sessions.end(context["csrf"], response)
    return response


async def keys_page(dash: Dashboard, request: Request, context: dict[str, Any]) -> Response:
    """Keys with their limits and spend; a POST creates one."""
    store = dash.gateway.auth.store
    if store is None:
        return dash.refuse(503, "no key store is configured", context)
    status = 200
    if request.method == "POST":
        created, error = await _create(dash, store, context["form"])
        context |= {"created": created, "error": error}
        status = 201 if created else 400
    context |= await run_in_threadpool(_keys_context, dash, store)
    context |= await live.budgets(dash.gateway, context["keys"], context)
    return dash.render("keys.html", context, status)


def _split(text: object) -> list[str] | None:
    parts = [p.strip() for p in str(text or "").split(",") if p.strip()]
    return parts or None


async def _create(dash: Dashboard, store: KeyStore, form: Any) -> tuple[Any, str | None]:
    body = {
        "name": str(form.get("name") or ""),
        "allowed_providers": _split(form.get("providers")),
        "allowed_models": _split(form.get("models")),
        "budget": form.get("budget") or None,
        "rpm_limit": int(rpm) if (rpm := str(form.get("rpm") or "")).isdigit() else None,
    }
    try:
        spec = KeyCreate.model_validate(body)
        plaintext, record = await create_key(dash.gateway, store, spec)
    except ValidationError as exc:
        return None, describe_errors(exc).strip()
    except ModelRouterError as exc:
        return None, exc.message
    return {"key": plaintext, "name": record.name, "id": record.id}, None


async def revoke(dash: Dashboard, request: Request, context: dict[str, Any]) -> Response:
    """Revoke a key, then back to the keys page."""
    store = dash.gateway.auth.store
    if store is None:
        return dash.refuse(503, "no key store is configured", context)
    try:
        await run_in_threadpool(store.revoke, request.path_params["key_id"])
    except ModelRouterError as exc:
        return dash.refuse(404, exc.message, context)
    dash.gateway.auth.forget()
    return RedirectResponse("/ui/keys", status_code=303)


def _keys_context(dash: Dashboard, store: KeyStore) -> dict[str, Any]:
    assert dash.engine is not None
    now = dt.datetime.now(dt.UTC)
    day = now.replace(hour=0, minute=0, second=0, microsecond=0)
    month = day.replace(day=1)
    budgets = dash.gateway.router.settings.budgets
    keys = store.all()
    month_spend = spend_per_key(dash.engine, Window.since(month, now, daily=True))
    today_spend = spend_per_key(dash.engine, Window.since(day, now, daily=False))
    return {
        "keys": keys,
        "month": month_spend,
        "today": today_spend,
        "month_total": sum(month_spend.values()),
        "today_total": sum(today_spend.values()),
        "budgets": budgets,
        # the limit the gateway applies (``budgets.scopes_for``: by id, then by name)
        "limit_of": {
            k.id: budgets.keys.get(k.id) or budgets.keys.get(k.name) or budgets.per_key
            for k in keys
        },
        "providers": sorted(dash.gateway.router.settings.providers),
    }
