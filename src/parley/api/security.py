"""Loopback check, the optional access token (header or cookie) and double-submit CSRF tokens."""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
import secrets
from typing import Any
from urllib.parse import urlsplit

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


def new_csrf_token(secret: bytes) -> str:
    """``nonce.signature``: a random nonce with its HMAC-SHA256 under the server's secret."""
    nonce = secrets.token_urlsafe(24)
    return f"{nonce}.{_signature(secret, nonce)}"


def _signature(secret: bytes, nonce: str) -> str:
    return hmac.new(secret, nonce.encode(), hashlib.sha256).hexdigest()


def csrf_valid(secret: bytes, value: str | None) -> bool:
    """True for a token this server signed (whatever cookie or field it came in)."""
    nonce, _, sig = (value or "").partition(".")
    return bool(nonce) and same(sig, _signature(secret, nonce))


def _secret(request: Request) -> bytes:
    return request.app.state.csrf_secret


def csrf_token(request: Request) -> str:
    """The session's CSRF token: its cookie when this server signed it, else a fresh one that
    ``set_csrf`` will store."""
    tok = request.cookies.get(CSRF_COOKIE)
    if not csrf_valid(_secret(request), tok):
        tok = getattr(request.state, "csrf", None) or new_csrf_token(_secret(request))
        request.state.csrf = tok
    return str(tok)


def set_csrf(request: Request, response: Any) -> None:
    if not csrf_valid(_secret(request), request.cookies.get(CSRF_COOKIE)):
        response.set_cookie(CSRF_COOKIE, csrf_token(request), samesite="strict", httponly=False)


CSRF_FAILED = ("CSRF check failed: send the csrf_token form field or X-CSRF-Token header "
               "matching the parley_csrf cookie (GET /api/csrf gives one)")


def cross_site_reason(request: Request) -> str | None:
    """Why an unsafe request is refused as cross-site (``Sec-Fetch-Site``, ``Origin``), else None."""
    fetch_site = request.headers.get("sec-fetch-site", "").lower()
    if fetch_site and fetch_site not in ("same-origin", "none"):
        return f"cross-site request refused (Sec-Fetch-Site: {fetch_site})"
    origin = request.headers.get("origin")
    if origin is None:
        return None
    host = request.headers.get("host", "").lower()
    try:
        netloc = urlsplit(origin).netloc.lower() if origin != "null" else ""
    except ValueError:
        netloc = ""
    if not netloc or netloc != host:
        return "cross-site request refused (Origin is not this server)"
    return None


def csrf_reason(request: Request, secret: bytes, token: str | None, *, header: bool) -> str | None:
    """Why the CSRF check fails before the body is read, else None. A request carrying the right
    Bearer token is exempt (browsers never add it on their own). With ``header`` (the API) the
    ``X-CSRF-Token`` header must equal the signed cookie; for forms the cookie must be signed, and
    the route compares the field once the form is parsed."""
    if token and same(bearer(request), token):
        return None
    cookie = request.cookies.get(CSRF_COOKIE)
    if not csrf_valid(secret, cookie):
        return CSRF_FAILED
    if header and not same(request.headers.get(CSRF_HEADER), cookie):
        return CSRF_FAILED
    return None


def check_csrf(request: Request, submitted: str | None, *, token: str | None = None) -> None:
    """Double submit: the form field or ``X-CSRF-Token`` header must equal the cookie, which must
    carry this server's signature. A request carrying the right Bearer token is exempt."""
    if token and same(bearer(request), token):
        return
    cookie = request.cookies.get(CSRF_COOKIE)
    if not csrf_valid(_secret(request), cookie) or not same(submitted or request.headers.get(CSRF_HEADER), cookie):
        raise Forbidden(CSRF_FAILED)


OFF_LOOPBACK = ("corrections from another machine need the server's access token: start it with "
                "`parley serve --token ...` and send 'Authorization: Bearer <token>' (or open ?token=<token> once)")


def require_token_off_loopback(request: Request) -> None:
    """A client that is not on this machine must carry the server's access token (Bearer header or
    cookie); a server started without one takes such writes from loopback clients only."""
    client = request.client.host if request.client else ""
    if is_loopback(client):
        return
    token = getattr(request.app.state, "token", None)
    if not token or not (same(bearer(request), token) or same(request.cookies.get(TOKEN_COOKIE), token)):
        raise Forbidden(OFF_LOOPBACK)
