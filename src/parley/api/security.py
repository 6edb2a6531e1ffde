"""Loopback check, the optional access token (header or cookie) and double-submit CSRF tokens."""

from __future__ import annotations

import hmac
import ipaddress
import secrets
from typing import Any

from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from parley.errors import Forbidden

TOKEN_COOKIE = "parley_token"
CSRF_COOKIE = "parley_csrf"
CSRF_FIELD = "csrf_token"
CSRF_HEADER = "x-csrf-token"


def is_loopback(host: str) -> bool:
    """True for ``localhost`` and loopback addresses (``127.0.0.0/8``, ``::1``)."""
    host = host.strip().strip("[]")
    if host.lower() in ("localhost", "localhost."):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def same(a: str | None, b: str | None) -> bool:
    return bool(a) and bool(b) and hmac.compare_digest(str(a).encode(), str(b).encode())


def bearer(request: Request) -> str | None:
    scheme, _, value = request.headers.get("authorization", "").partition(" ")
    return value.strip() if scheme.lower() == "bearer" else None


class TokenGate:
    """ASGI middleware: with a token set, each request carries it (Bearer header or cookie),
    or once as ``?token=``, which then sets the cookie. Anything else gets a 401."""

    def __init__(self, app: ASGIApp, token: str) -> None:
        self.app = app
        self.token = token

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        request = Request(scope)
        if same(bearer(request), self.token) or same(request.cookies.get(TOKEN_COOKIE), self.token):
            await self.app(scope, receive, send)
        elif same(request.query_params.get("token"), self.token):
            await self.app(scope, receive, self._with_cookie(send))
        else:
            await self._deny(request)(scope, receive, send)

    def _with_cookie(self, send: Send) -> Send:
        cookie = Response()
        cookie.set_cookie(TOKEN_COOKIE, self.token, httponly=True, samesite="strict")
        header = cookie.raw_headers[-1]

        async def sender(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = [*message.get("headers", []), header]
            await send(message)
        return sender

    @staticmethod
    def _deny(request: Request) -> Response:
        detail = "missing or wrong access token: send 'Authorization: Bearer <token>' or open ?token=<token>"
        headers = {"WWW-Authenticate": "Bearer"}
        if request.url.path.startswith("/api") or "json" in request.headers.get("accept", ""):
            return JSONResponse({"detail": detail}, status_code=401, headers=headers)
        return HTMLResponse(f"<!doctype html><title>401</title><h1>Access token needed</h1><p>{detail}</p>",
                            status_code=401, headers=headers)


def csrf_token(request: Request) -> str:
    """The session's CSRF token (from its cookie, or a fresh one that ``set_csrf`` will store)."""
    tok = request.cookies.get(CSRF_COOKIE)
    if not tok:
        tok = getattr(request.state, "csrf", None) or secrets.token_urlsafe(32)
        request.state.csrf = tok
    return tok


def set_csrf(request: Request, response: Any) -> None:
    if CSRF_COOKIE not in request.cookies:
        response.set_cookie(CSRF_COOKIE, csrf_token(request), samesite="strict", httponly=False)


def check_csrf(request: Request, submitted: str | None, *, token: str | None = None) -> None:
    """Double submit: the form field or ``X-CSRF-Token`` header must equal the cookie.
    A request carrying the right Bearer token is exempt (browsers never add it on their own)."""
    if token and same(bearer(request), token):
        return
    cookie = request.cookies.get(CSRF_COOKIE)
    if not same(submitted or request.headers.get(CSRF_HEADER), cookie):
        raise Forbidden("CSRF check failed: send the csrf_token form field or X-CSRF-Token header "
                        "matching the parley_csrf cookie (GET /api/csrf gives one)")
