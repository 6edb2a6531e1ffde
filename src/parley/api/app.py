"""``create_app()``: the FastAPI application behind ``parley serve`` (API under /api, web pages elsewhere)."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI, Request
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException

from parley import __version__
from parley.api import routes
from parley.api.security import TokenGate
from parley.config import PACKAGE_DIR
from parley.errors import ParleyError
from parley.service import Service
from parley.web import pages

DESCRIPTION = ("Who said what, who did what to whom, and when. List responses carry `count` (all matching "
               "rows) and take `limit`/`offset`. Errors are `{\"detail\": ...}` with an HTTP status.")


CSP = ("default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
       "form-action 'self'; frame-ancestors 'none'")


def _wants_json(request: Request) -> bool:
    return request.url.path.startswith("/api") or request.url.path.startswith("/openapi")


def _error(request: Request, status: int, detail: Any, message: str | None = None) -> Response:
    if _wants_json(request):
        body = {"detail": jsonable_encoder(detail)} | ({"message": message} if message else {})
        return JSONResponse(body, status_code=status)
    return pages.render(request, "error.html", status=status, status_code=status,
                        message=message or str(detail))


def _validation_message(exc: RequestValidationError) -> str:
    parts = []
    for err in exc.errors()[:5]:
        loc = [str(p) for p in err.get("loc", ()) if p not in ("query", "path", "body")]
        parts.append(f"{'.'.join(loc) or 'request'}: {err.get('msg')}")
    return "invalid request: " + "; ".join(parts)


def _install_handlers(app: FastAPI) -> None:
    @app.exception_handler(ParleyError)
    async def parley_error(request: Request, exc: ParleyError) -> Response:
        return _error(request, exc.status, exc.reason)

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError) -> Response:
        errors = [{k: v for k, v in e.items() if k != "ctx"} for e in exc.errors()]
        return _error(request, 422, errors, _validation_message(exc))

    @app.exception_handler(HTTPException)
    async def http_error(request: Request, exc: HTTPException) -> Response:
        return _error(request, exc.status_code, exc.detail)


def create_app(db: str | None = None, token: str | None = None, *, use_nlp: bool | None = None) -> FastAPI:
    """The web UI and JSON API over the database ``db``; with ``token``, every request must carry it."""
    app = FastAPI(title="Parley", version=__version__, description=DESCRIPTION, docs_url="/api/docs",
                  redoc_url=None, openapi_url="/api/openapi.json")
    app.state.service = Service(db=db)
    app.state.token = token
    app.state.use_nlp = use_nlp
    _install_handlers(app)
    app.include_router(routes.router)
    app.include_router(pages.router)
    app.mount("/static", StaticFiles(directory=str(PACKAGE_DIR / "web" / "static")), name="static")

    @app.middleware("http")
    async def headers(request: Request, call_next: Any) -> Response:
        response = await call_next(request)
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", "no-referrer")
        response.headers.setdefault("X-Frame-Options", "DENY")
        if not request.url.path.startswith("/api/docs"):  # Swagger UI loads its assets from a CDN
            response.headers.setdefault("Content-Security-Policy", CSP)
        return response

    if token:
        app.add_middleware(TokenGate, token=token)
    return app
