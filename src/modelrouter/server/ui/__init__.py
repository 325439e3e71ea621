"""The dashboard at ``/ui``: server-rendered pages over the rollups, behind the admin key.

``Dashboard(gateway, engine).routes()`` is mounted by ``server/app.py``. Every page needs
a session (``session.py``); every POST needs the session's CSRF token; every template is
autoescaped; the pages load only the package's own static files (a strict
Content-Security-Policy: no inline script, no CDN). Read-only, except keys (create,
revoke), which go through the same key store and checks as the admin API.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any
from urllib.parse import parse_qsl

from jinja2 import Environment, PackageLoader, select_autoescape
from sqlalchemy import Engine
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response
from starlette.routing import BaseRoute, Mount, Route
from starlette.staticfiles import StaticFiles

from modelrouter.server.bodies import read_body
from modelrouter.server.errors import GatewayError
from modelrouter.server.gateway import Gateway
from modelrouter.server.ui.session import Sessions

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
)
View = Callable[["Dashboard", Request, dict[str, Any]], Awaitable[Response]]


class Dashboard:
    """The dashboard's state: gateway, database, sessions, templates."""

    def __init__(self, gateway: Gateway, engine: Engine | None) -> None:
        self.gateway = gateway
        self.engine = engine
        secret = gateway.auth.session_secret()
        self.sessions = Sessions(secret) if secret is not None else None
        self.env = Environment(
            loader=PackageLoader("modelrouter.server.ui", "templates"),
            autoescape=select_autoescape(default=True, default_for_string=True),
        )

    def render(self, name: str, context: dict[str, Any], status: int = 200) -> Response:
        """A page from its template (autoescaped), never cached, under the CSP."""
        html = self.env.get_template(name).render(**context)
        return HTMLResponse(html, status_code=status, headers=_HEADERS)

    def refuse(self, status: int, message: str, context: dict[str, Any]) -> Response:
        """A page saying why the request was refused."""
        return self.render("refused.html", {**context, "message": message}, status)

    def page(self, view: View, *, part: bool = False) -> Callable[[Request], Awaitable[Response]]:
        """``view`` behind a session (and, for a POST, its CSRF token). Without a session a
        page sends the browser to the login form; a ``part`` (a fragment a page polls)
        answers 401, so the script polling it stops instead of pasting the login form."""

        async def endpoint(request: Request) -> Response:
            if self.sessions is None or self.engine is None:
                return self.refuse(503, _DISABLED, {})
            csrf = self.sessions.csrf_of(request)
            if csrf is None and part:
                return HTMLResponse("session ended", status_code=401, headers=_HEADERS)
            if csrf is None:
                return RedirectResponse("/ui/login", status_code=303, headers=_HEADERS)
            context: dict[str, Any] = {"csrf": csrf, "path": request.url.path}
            if request.method == "POST":
                try:
                    form = await form_of(request)
                except GatewayError as exc:
                    return self.refuse(exc.status, exc.message, context)
                if not self.sessions.same(form.get("csrf"), csrf):
                    return self.refuse(403, "this form's CSRF token is missing or wrong", context)
                context["form"] = form
            return await view(self, request, context)

        return endpoint

    def routes(self) -> list[BaseRoute]:
        """The ``/ui`` mount: static files, login, the pages."""
        from modelrouter.server.ui import forms, live, views  # noqa: PLC0415 - they import this

        static = StaticFiles(packages=[("modelrouter.server.ui", "static")])
        return [
            Mount(
                "/ui",
                routes=[
                    Mount("/static", app=static, name="static"),
                    Route("/", _home),
                    Route("/login", forms.login(self), methods=["GET", "POST"]),
                    Route("/logout", self.page(forms.logout), methods=["POST"]),
                    Route("/overview", self.page(views.overview)),
                    Route("/requests", self.page(views.requests_page)),
                    Route("/requests/{request_id}", self.page(views.trace)),
                    Route("/routing", self.page(views.routing)),
                    Route("/routing/circuits", self.page(live.circuits_panel, part=True)),
                    Route("/quality", self.page(views.quality)),
                    Route("/keys", self.page(forms.keys_page), methods=["GET", "POST"]),
                    Route("/keys/{key_id}/revoke", self.page(forms.revoke), methods=["POST"]),
                ],
            )
        ]


async def form_of(request: Request) -> dict[str, str]:
    """A url-encoded form's fields (first value of each; at most ``FORM_LIMIT`` bytes).
    The standard library parses it: Starlette's ``request.form()`` needs python-multipart,
    which the core install leaves out."""
    body = await read_body(request, FORM_LIMIT)
    return dict(reversed(parse_qsl(body.decode("utf-8", "replace"), keep_blank_values=True)))


FORM_LIMIT = 64 * 1024
_HEADERS = {
    "Content-Security-Policy": CSP,
    "Cache-Control": "no-store",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
}
_DISABLED = (
    "The dashboard is off: it needs the admin key. Set the variable named by "
    "gateway.admin_key_env (MODELROUTER_ADMIN_KEY by default) and restart the gateway."
)


async def _home(request: Request) -> Response:
    return RedirectResponse("/ui/overview", status_code=303)
