"""Dashboard sessions: the signed cookie, the CSRF token of every form, one-time links.

A session is a cookie signed with a secret derived from the admin key (``itsdangerous``),
HttpOnly, SameSite=Strict, Secure when served over TLS, valid for ``MAX_AGE`` seconds. It
carries a random CSRF token that every form repeats in a hidden field; a POST whose field
does not match is refused. One-time login links (``modelrouter demo --ui``) are signed,
short-lived and spent on first use in this process. Nothing here renders pages.
"""

from __future__ import annotations

import hmac
import secrets
import time

from itsdangerous import BadSignature, URLSafeTimedSerializer
from starlette.requests import Request
from starlette.responses import Response

COOKIE = "mr_ui"
MAX_AGE = 12 * 3600
LINK_AGE = 600
LOGIN_FORM_AGE = 3600


class Sessions:
    """Issues and checks session cookies, CSRF tokens and one-time login links."""

    def __init__(self, secret: bytes) -> None:
        self._cookies = URLSafeTimedSerializer(secret, salt="modelrouter-ui-session")
        self._links = URLSafeTimedSerializer(secret, salt="modelrouter-ui-link")
        self._forms = URLSafeTimedSerializer(secret, salt="modelrouter-ui-login-form")
        self._spent: dict[str, float] = {}
        self._ended: set[str] = set()  # CSRF tokens of sessions logged out here

    def csrf_of(self, request: Request) -> str | None:
        """The CSRF token of the request's valid session, or None (not logged in)."""
        cookie = request.cookies.get(COOKIE)
        if not cookie:
            return None
        try:
            data = self._cookies.loads(cookie, max_age=MAX_AGE)
        except BadSignature:
            return None
        token = data.get("csrf") if isinstance(data, dict) else None
        return token if isinstance(token, str) and token not in self._ended else None

    def start(self, request: Request, response: Response) -> None:
        """Set a new session cookie (a fresh CSRF token) on ``response``."""
        value = self._cookies.dumps({"csrf": secrets.token_urlsafe(24)})
        response.set_cookie(
            COOKIE,
            value,
            max_age=MAX_AGE,
            path="/ui",
            httponly=True,
            samesite="strict",
            secure=request.url.scheme == "https",
        )

    def end(self, token: str | None, response: Response) -> None:
        """End the session of ``token`` in this process and clear its cookie."""
        if token is not None:
            self._ended.add(token)
        response.delete_cookie(COOKIE, path="/ui", httponly=True, samesite="strict")

    @staticmethod
    def same(given: object, expected: str | None) -> bool:
        """Whether a form's CSRF field matches the session's token (constant time)."""
        if expected is None or not isinstance(given, str):
            return False
        return hmac.compare_digest(given.encode(), expected.encode())

    def login_form_token(self) -> str:
        """The CSRF token of the login form (signed, so no session is needed yet)."""
        return self._forms.dumps(secrets.token_urlsafe(8))

    def login_form_ok(self, token: object) -> bool:
        """Whether a login form's token is ours and recent."""
        if not isinstance(token, str):
            return False
        try:
            self._forms.loads(token, max_age=LOGIN_FORM_AGE)
        except BadSignature:
            return False
        return True

    def link(self) -> str:
        """A one-time login token, valid for ``LINK_AGE`` seconds in this process."""
        return self._links.dumps(secrets.token_urlsafe(16))

    def spend_link(self, token: str) -> bool:
        """Whether ``token`` is a valid link not used before (it is used now)."""
        now = time.monotonic()
        self._spent = {k: t for k, t in self._spent.items() if now - t < LINK_AGE}
        try:
            nonce = self._links.loads(token, max_age=LINK_AGE)
        except BadSignature:
            return False
        if not isinstance(nonce, str) or nonce in self._spent:
            return False
        self._spent[nonce] = now
        return True
