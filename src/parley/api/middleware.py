"""ASGI middleware of the server: security headers, the request-body cap, the cross-site and CSRF
checks made before any body is read, HEAD as GET without a body, and stopping reads whose client
has gone away.
"""

from __future__ import annotations

import asyncio
import html
import threading
from typing import Any

from starlette.datastructures import MutableHeaders
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response
from starlette.routing import BaseRoute, Match
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from parley.api.security import cross_site_reason, csrf_reason
from parley.service import cancel_when

CSP = ("default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
       "form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'")
# Swagger UI sets inline styles; everything it loads is still served from here.
DOCS_CSP = ("default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; script-src 'self'; "
            "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'")
SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}


def wants_json(scope: Scope) -> bool:
    path = scope.get("path", "")
    return path.startswith("/api") or path.startswith("/openapi")


def error_response(scope: Scope, status: int, detail: str, headers: dict[str, str] | None = None) -> Response:
    """A short error answered by a middleware: ``{"detail": ...}`` under /api, a small page elsewhere."""
    if wants_json(scope):
        return JSONResponse({"detail": detail}, status_code=status, headers=headers)
    body = (f"<!doctype html><title>{status}</title><h1>Error {status}</h1><p>{html.escape(detail)}</p>"
            '<p><a href="/">Back to the articles</a></p>')
    return HTMLResponse(body, status_code=status, headers=headers)


class SecurityHeaders:
    """CSP, nosniff, no referrer and no framing on every response (errors and 401s included)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        csp = DOCS_CSP if scope["path"].startswith("/api/docs") else CSP

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(raw=list(message.get("headers", [])))
                headers.setdefault("Content-Security-Policy", csp)
                headers.setdefault("X-Content-Type-Options", "nosniff")
                # same-origin, not no-referrer: with no-referrer, browsers send form posts with Origin: null
                headers.setdefault("Referrer-Policy", "same-origin")
                headers.setdefault("X-Frame-Options", "DENY")
                message["headers"] = headers.raw
            await send(message)

        await self.app(scope, receive, with_headers)


class BodyTooLarge(HTTPException):
    def __init__(self, limit: int) -> None:
        super().__init__(413, f"request body over {limit:,} bytes (PARLEY_MAX_BODY_BYTES)")


class BodyLimit:
    """Refuse a body over ``max_bytes`` with 413: from its Content-Length before reading anything,
    else while it streams in (the reader gets :class:`BodyTooLarge` and nothing is parsed)."""

    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = dict(scope.get("headers", [])).get(b"content-length", b"").strip()
        if declared.isdigit() and int(declared) > self.max_bytes:
            too_large = BodyTooLarge(self.max_bytes)
            await error_response(scope, 413, too_large.detail, {"Connection": "close"})(scope, receive, send)
            return
        seen = 0
        started = False

        async def capped() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.max_bytes:
                    raise BodyTooLarge(self.max_bytes)
            return message

        async def tracked(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, capped, tracked)
        except BodyTooLarge as exc:
            if started:
                raise
            await error_response(scope, 413, exc.detail, {"Connection": "close"})(scope, receive, send)


class CrossSiteGuard:
    """On unsafe methods, before the body is read: refuse cross-site requests (``Sec-Fetch-Site``,
    ``Origin``) and check the CSRF token (the ``X-CSRF-Token`` header under /api; for page forms,
    that the cookie is one this server signed; the form field itself is compared once parsed).
    Requests that no route takes pass on, so they get their 404 or 405."""

    def __init__(self, app: ASGIApp, routes: list[BaseRoute], secret: bytes, token: str | None) -> None:
        self.app = app
        self.routes = routes
        self.secret = secret
        self.token = token

    def _routed(self, scope: Scope) -> bool:
        return any(route.matches(scope)[0] == Match.FULL for route in self.routes)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] in SAFE_METHODS or not self._routed(scope):
            await self.app(scope, receive, send)
            return
        request = Request(scope)
        reason = cross_site_reason(request) or csrf_reason(request, self.secret, self.token,
                                                           header=wants_json(scope))
        if reason:
            await error_response(scope, 403, reason)(scope, receive, send)
            return
        await self.app(scope, receive, send)


class HeadAsGet:
    """HEAD is answered as GET would be, without the body (static files answer HEAD themselves)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] != "HEAD" or scope["path"].startswith("/static/"):
            await self.app(scope, receive, send)
            return

        async def no_body(message: Message) -> None:
            if message["type"] == "http.response.body":
                message = {"type": "http.response.body", "body": b"", "more_body": message.get("more_body", False)}
            await send(message)

        await self.app(dict(scope, method="GET"), receive, no_body)


class CancelOnDisconnect:
    """GET and HEAD: listen for the client going away while the response is computed; the
    Service's reads stop then (:func:`parley.service.cancel_when`)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] not in ("GET", "HEAD"):
            await self.app(scope, receive, send)
            return
        gone = threading.Event()
        queue: asyncio.Queue[Any] = asyncio.Queue()

        async def pump() -> None:
            try:
                while True:
                    message = await receive()
                    queue.put_nowait(message)
                    if message["type"] == "http.disconnect":
                        gone.set()
                        return
            except Exception as exc:  # noqa: BLE001 - handed to the app's next receive()
                queue.put_nowait(exc)

        async def from_queue() -> Message:
            item = await queue.get()
            if isinstance(item, Exception):
                raise item
            return item

        task = asyncio.ensure_future(pump())
        try:
            with cancel_when(gone.is_set):
                await self.app(scope, from_queue, send)
        finally:
            task.cancel()
