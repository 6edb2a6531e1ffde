"""Server-rendered pages. Each renders the same data structure its ``/api`` twin returns (from the Service)."""

from __future__ import annotations

import re
from datetime import date
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Form, Path, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.templating import Jinja2Templates

from parley.api import schemas as s
from parley.api.deps import MAX_ID, Dates, Events, Paging, Svc
from parley.api.security import CSRF_FIELD, check_csrf, csrf_token, set_csrf
from parley.config import PACKAGE_DIR
from parley.errors import ParleyError
from parley.records import PLOVER_GROUPS, QuoteKind, plover_group
from parley.web.charts import GROUP_COLORS, network_chart, timeline_chart
from parley.web.highlight import article_marks, mark_segments, segments

router = APIRouter(include_in_schema=False, default_response_class=HTMLResponse)
_HTTP_URL = re.compile(r"https?://[^\s\x00-\x1f\x7f\\]+", re.I)


def is_http_url(value: object) -> bool:
    """True for an absolute http(s) URL, the only kind rendered as a link (``javascript:``,
    ``data:``, relative or space-padded ones are shown as text)."""
    return isinstance(value, str) and _HTTP_URL.fullmatch(value) is not None


templates = Jinja2Templates(directory=str(PACKAGE_DIR / "web" / "templates"))
templates.env.globals.update(group_colors=GROUP_COLORS, plover=PLOVER_GROUPS, group_of=plover_group,
                             mark_segments=mark_segments, csrf_field=CSRF_FIELD)
templates.env.tests["http_url"] = is_http_url
Id = Annotated[int, Path(ge=1, le=MAX_ID)]
Text = Annotated[str | None, Query(max_length=4000)]


def render(request: Request, name: str, *, status: int = 200, **ctx: Any) -> Response:
    ctx["csrf"] = csrf_token(request)
    ctx["page_url"] = lambda **kw: page_url(request, **kw)
    response = templates.TemplateResponse(request, name, ctx, status_code=status)
    set_csrf(request, response)
    return response


def page_url(request: Request, **changes: Any) -> str:
    """This page's URL with some query parameters changed; empty ones are dropped."""
    params = dict(request.query_params) | {k: str(v) for k, v in changes.items()}
    params = {k: v for k, v in params.items() if v not in ("", "None") and not (k == "offset" and v == "0")}
    return str(request.url.replace_query_params(**params))


@router.get("/")
def home(request: Request, svc: Svc, page: Paging) -> Response:
    return render(request, "home.html", data=svc.articles(limit=page.limit, offset=page.offset))


@router.get("/articles/{article_id}")
def article(request: Request, svc: Svc, article_id: Id) -> Response:
    data = svc.article(article_id, groups=True)
    return render(request, "article.html", data=data, segments=segments(data["text"], article_marks(data)))


@router.get("/search")
def search(request: Request, svc: Svc, page: Paging, dates: Dates, q: Text = None,
           kind: Annotated[Literal["article", "quote"] | None, Query()] = None,
           source: Annotated[str | None, Query(max_length=255)] = None) -> Response:
    data = svc.search(q or "", kind=kind, source=source or None, since=dates.since, until=dates.until,
                      limit=page.limit, offset=page.offset) if q else None
    return render(request, "search.html", data=data, q=q or "", kind=kind, source=source, dates=dates)


@router.get("/quotes")
def quotes(request: Request, svc: Svc, page: Paging, dates: Dates, q: Text = None,
           speaker: Annotated[str | None, Query(max_length=200)] = None,
           kind: Annotated[QuoteKind | None, Query()] = None) -> Response:
    data = svc.quotes(speaker=speaker or None, q=q or None, since=dates.since, until=dates.until,
                      kind=kind, limit=page.limit, offset=page.offset)
    return render(request, "quotes.html", data=data, q=q or "", speaker=speaker or "", kind=kind, dates=dates)


@router.get("/entities")
def entities(request: Request, svc: Svc, page: Paging, q: Text = None,
             type: Annotated[str | None, Query(max_length=16)] = None) -> Response:
    data = svc.entities(type=type or None, q=q or None, limit=page.limit, offset=page.offset)
    return render(request, "entities.html", data=data, q=q or "", type=type or "")


@router.get("/entities/{entity_id}")
def entity(request: Request, svc: Svc, entity_id: Id) -> Response:
    return render(request, "entity.html", data=svc.entity(entity_id))


@router.get("/events")
def events(request: Request, svc: Svc, page: Paging, dates: Dates, ev: Events) -> Response:
    data = svc.events(limit=page.limit, offset=page.offset, **ev.as_kwargs(dates))
    return render(request, "events.html", data=data, ev=ev, dates=dates)


@router.get("/timeline")
def timeline(request: Request, svc: Svc, dates: Dates, ev: Events,
             bucket: Annotated[Literal["day", "week"], Query()] = "day") -> Response:
    data = svc.timeline(bucket=bucket, **ev.as_kwargs(dates))
    return render(request, "timeline.html", data=data, chart=timeline_chart(data), ev=ev, dates=dates)


@router.get("/network")
def network(request: Request, svc: Svc, dates: Dates, ev: Events) -> Response:
    data = svc.network(**ev.as_kwargs(dates))
    return render(request, "network.html", data=data, chart=network_chart(data), ev=ev, dates=dates)


@router.get("/ingest")
def ingest_form(request: Request) -> Response:
    return render(request, "ingest.html", form={}, summary=None, error=None)


@router.post("/ingest")
def ingest(request: Request, svc: Svc, csrf_token: Annotated[str, Form(max_length=200)] = "",
           url: Annotated[str, Form(max_length=2000)] = "", text: Annotated[str, Form()] = "",
           title: Annotated[str, Form(max_length=500)] = "", published: Annotated[str, Form(max_length=10)] = ""
           ) -> Response:
    check_csrf(request, csrf_token)
    form = {"url": url, "text": text, "title": title, "published": published}
    try:
        body = s.IngestIn(url=url.strip() or None, text=text.strip() or None, title=title or None,
                          published=date.fromisoformat(published) if published else None)
        summary = svc.ingest_one(url=body.url, text=body.text, title=body.title, published=body.published,
                                 use_nlp=request.app.state.use_nlp)
    except (ValueError, ParleyError) as exc:
        msg = exc.reason if isinstance(exc, ParleyError) else _first_error(exc)
        status = exc.status if isinstance(exc, ParleyError) else 422
        return render(request, "ingest.html", status=status, form=form, summary=None, error=msg)
    if summary["ok"] == 1 and len(summary["ids"]) == 1:
        return RedirectResponse(f"/articles/{summary['ids'][0]}", status_code=303)
    return render(request, "ingest.html", form={}, summary=summary, error=None)


def _first_error(exc: ValueError) -> str:
    errors = getattr(exc, "errors", None)
    if callable(errors):
        first = errors()[0]
        where = ".".join(str(p) for p in first.get("loc", ()))
        return f"{where}: {first['msg']}" if where else str(first["msg"]).removeprefix("Value error, ")
    return str(exc)
