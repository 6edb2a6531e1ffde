"""``create_app()``: the FastAPI application behind ``parley serve`` (API under /api, web pages elsewhere).

``app_from_env()`` builds the same application from ``PARLEY_DB``/``PARLEY_TOKEN`` (and the other
``PARLEY_*`` settings), for uvicorn's ``--factory`` and ``parley serve --workers N``.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException
from starlette.types import ASGIApp

from parley import __version__
from parley.api import routes
from parley.api.middleware import (
    BodyLimit,
    CancelOnDisconnect,
    CrossSiteGuard,
    HeadAsGet,
    SecurityHeaders,
    wants_json,
)
from parley.api.security import TokenGate
from parley.config import PACKAGE_DIR, get_settings
from parley.errors import ParleyError
from parley.service import Service
from parley.web import pages

DESCRIPTION = ("Who said what, who did what to whom, and when. List responses carry `count` (all matching "
               "rows) and take `limit`/`offset`. Errors are `{\"detail\": ...}` with an HTTP status.")
DOCS_HTML = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Parley API</title>
<link rel="stylesheet" href="/api/docs/assets/swagger-ui.css"></head>
<body><div id="swagger-ui"></div>
<script src="/api/docs/assets/swagger-ui-bundle.js"></script>
<script src="/static/swagger-init.js"></script></body></html>
"""


def swagger_ui_dir() -> Path | None:
    """Swagger UI's files from the ``swagger-ui-bundle`` package (served from here, never a CDN)."""
    try:
        from swagger_ui_bundle import swagger_ui_path
    except ImportError:
        return None
    return Path(str(swagger_ui_path))


class ParleyApp(FastAPI):
    """FastAPI with the security headers outside everything else, 500s included."""

    def build_middleware_stack(self) -> ASGIApp:
        return SecurityHeaders(super().build_middleware_stack())


def _error(request: Request, status: int, detail: Any, message: str | None = None,
           headers: dict[str, str] | None = None) -> Response:
    if wants_json(request.scope):
        body = {"detail": jsonable_encoder(detail)} | ({"message": message} if message else {})
        return JSONResponse(body, status_code=status, headers=headers)
    response = pages.render(request, "error.html", status=status, status_code=status,
                            message=message or str(detail))
    response.headers.update(headers or {})
    return response


def _validation_message(exc: RequestValidationError) -> str:
    parts = []
    for err in exc.errors()[:5]:
        loc = [str(p) for p in err.get("loc", ()) if p not in ("query", "path", "body")]
        parts.append(f"{'.'.join(loc) or 'request'}: {err.get('msg')}")
    return "invalid request: " + "; ".join(parts)


def _allow(given: Mapping[str, str] | None) -> dict[str, str] | None:
    """A 405's ``Allow`` lists HEAD wherever GET is allowed (HEAD is answered as GET)."""
    headers = dict(given or {})
    if "Allow" not in headers:
        return headers or None
    methods = [m.strip() for m in headers["Allow"].split(",") if m.strip()]
    if "GET" in methods and "HEAD" not in methods:
        methods.append("HEAD")
    return headers | {"Allow": ", ".join(sorted(methods))}


def _install_handlers(app: FastAPI) -> None:
    @app.exception_handler(ParleyError)
    async def parley_error(request: Request, exc: ParleyError) -> Response:
        return _error(request, exc.status, exc.reason)

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError) -> Response:
        # never echo the request back: no ``input`` (it may be megabytes), no ``ctx``
        errors = [{k: v for k, v in e.items() if k not in ("ctx", "input")} for e in exc.errors()[:20]]
        return _error(request, 422, errors, _validation_message(exc))

    @app.exception_handler(HTTPException)
    async def http_error(request: Request, exc: HTTPException) -> Response:
        return _error(request, exc.status_code, exc.detail, headers=_allow(exc.headers))


def _install_docs(app: FastAPI) -> None:
    assets = swagger_ui_dir()
    if assets is None:
        return

    @app.get("/api/docs", include_in_schema=False, response_class=HTMLResponse)
    def docs() -> HTMLResponse:
        return HTMLResponse(DOCS_HTML)

    app.mount("/api/docs/assets", StaticFiles(directory=str(assets)), name="swagger-ui")


def create_app(db: str | None = None, token: str | None = None, *, use_nlp: bool | None = None) -> FastAPI:
    """The web UI and JSON API over the database ``db``; with ``token``, every request must carry it."""
    settings = get_settings()
    app = ParleyApp(title="Parley", version=__version__, description=DESCRIPTION, docs_url=None,
                    redoc_url=None, openapi_url="/api/openapi.json")
    app.state.service = Service(db=db, settings=settings)
    app.state.token = token
    app.state.use_nlp = use_nlp
    secret = settings.secret.encode() if settings.secret else secrets.token_bytes(32)
    app.state.csrf_secret = secret
    _install_handlers(app)
    _install_docs(app)
    app.include_router(routes.router)
    app.include_router(pages.router)
    app.mount("/static", StaticFiles(directory=str(PACKAGE_DIR / "web" / "static")), name="static")
    # the last added runs first: token, HEAD, body cap, cross-site/CSRF, then disconnect watch
    app.add_middleware(CancelOnDisconnect)
    app.add_middleware(CrossSiteGuard, routes=app.router.routes, secret=secret, token=token)
    app.add_middleware(BodyLimit, max_bytes=settings.max_body_bytes)
    app.add_middleware(HeadAsGet)
    if token:
        app.add_middleware(TokenGate, token=token)
    return app


def app_from_env() -> FastAPI:
    """``create_app`` from the environment: ``PARLEY_DB``, ``PARLEY_TOKEN``, ``PARLEY_NLP`` (0/1)."""
    nlp = os.environ.get("PARLEY_NLP")
    return create_app(db=os.environ.get("PARLEY_DB") or None, token=os.environ.get("PARLEY_TOKEN") or None,
                      use_nlp=None if nlp in (None, "") else nlp not in ("0", "false", "no"))
