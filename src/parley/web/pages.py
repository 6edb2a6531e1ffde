"""Server-rendered pages. Each renders the same data structure its ``/api`` twin returns (from the Service)."""

from __future__ import annotations

import re
from datetime import date
from typing import Annotated, Any, Literal
from urllib.parse import urlencode

from fastapi import APIRouter, Form, Path, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.templating import Jinja2Templates

from parley.api import schemas as s
from parley.api.deps import MAX_ID, Chronology, Confidence, Dates, Events, Order, Paging, Svc
from parley.api.security import CSRF_FIELD, check_csrf, csrf_token, require_token_off_loopback, set_csrf
from parley.config import PACKAGE_DIR
from parley.dates import iso_start, readable
from parley.errors import NotFound, ParleyError, Rejected
from parley.records import PLOVER_GROUPS, QuoteKind, plover_group
from parley.web.charts import GROUP_COLORS, network_chart, timeline_chart
from parley.web.highlight import article_marks, mark_segments, segments, speaker_kind, speaker_note

router = APIRouter(include_in_schema=False, default_response_class=HTMLResponse)
_HTTP_URL = re.compile(r"https?://[^\s\x00-\x1f\x7f\\]+", re.I)


def is_http_url(value: object) -> bool:
    """True for an absolute http(s) URL, the only kind rendered as a link (``javascript:``,
    ``data:``, relative or space-padded ones are shown as text)."""
    return isinstance(value, str) and _HTTP_URL.fullmatch(value) is not None


templates = Jinja2Templates(directory=str(PACKAGE_DIR / "web" / "templates"))
templates.env.globals.update(group_colors=GROUP_COLORS, plover=PLOVER_GROUPS, group_of=plover_group,
                             mark_segments=mark_segments, csrf_field=CSRF_FIELD, readable=readable,
                             iso_start=iso_start, speaker_kind=speaker_kind, speaker_note=speaker_note)
templates.env.tests["http_url"] = is_http_url
Id = Annotated[int, Path(ge=1, le=MAX_ID)]
Text = Annotated[str | None, Query(max_length=4000)]


def render(request: Request, name: str, *, status: int = 200, **ctx: Any) -> Response:
    ctx["csrf"] = csrf_token(request)
    ctx.setdefault("min_confidence", lambda: request.app.state.service.min_event_confidence)
    ctx["page_url"] = lambda **kw: page_url(request, **kw)
    ctx["api_url"] = lambda path, **kw: api_url(request, path, **kw)
    response = templates.TemplateResponse(request, name, ctx, status_code=status)
    set_csrf(request, response)
    return response


def page_url(request: Request, **changes: Any) -> str:
    """This page's URL with some query parameters changed; empty ones are dropped."""
    params = dict(request.query_params) | {k: str(v) for k, v in changes.items()}
    params = {k: v for k, v in params.items() if v not in ("", "None") and not (k == "offset" and v == "0")}
    return str(request.url.replace_query_params(**params))


def api_url(request: Request, path: str, **changes: Any) -> str:
    """The API twin of this page: ``path`` with this page's filters (a download: without its paging)."""
    params = dict(request.query_params) | {k: str(v) for k, v in changes.items()}
    if params.get("format") in ("csv", "jsonl"):
        params = {k: v for k, v in params.items() if k not in ("limit", "offset")}
    query = urlencode({k: v for k, v in params.items() if v not in ("", "None")})
    return f"{path}?{query}" if query else path


@router.get("/")
def home(request: Request, svc: Svc, page: Paging) -> Response:
    return render(request, "home.html", data=svc.articles(limit=page.limit, offset=page.offset))


@router.get("/articles/{article_id}")
def article(request: Request, svc: Svc, article_id: Id, min_confidence: Confidence = None) -> Response:
    return _article_page(request, svc, article_id, min_confidence)


def _article_page(request: Request, svc: Svc, article_id: int, min_confidence: float | None = None, *,
                  status: int = 200, error: str | None = None, form: dict[str, Any] | None = None) -> Response:
    data = svc.article(article_id, groups=True, min_confidence=min_confidence)
    people = sorted({m["text"] for m in data["mentions"] if m["label"] == "PERSON" and m["kind"] == "name"}
                    | {q["speaker_name"] for q in data["quotes"] if q.get("speaker_name")})
    return render(request, "article.html", status=status, data=data, people=people, error=error, form=form or {},
                  shown_min=min_confidence, segments=segments(data["text"], article_marks(data)))


@router.post("/articles/{article_id}/quotes/{quote_id}/correction")
def correct_quote(request: Request, svc: Svc, article_id: Id, quote_id: Id,
                  csrf_token: Annotated[str, Form(max_length=200)] = "",
                  action: Annotated[str, Form(max_length=16)] = "speaker",
                  speaker: Annotated[str, Form(max_length=200)] = "", note: Annotated[str, Form(max_length=2000)] = "",
                  author: Annotated[str, Form(max_length=200)] = "") -> Response:
    """A correction from the article page (see the API's ``POST /api/quotes/{id}/correction``)."""
    require_token_off_loopback(request)
    check_csrf(request, csrf_token)
    if svc.quote_article(quote_id) != article_id:
        raise NotFound(f"no quote #{quote_id} in article #{article_id}")
    try:
        done = svc.correct_quote(quote_id, action=action, speaker=speaker, note=note, author=author)
    except Rejected as exc:
        form = {"quote_id": quote_id, "action": action, "speaker": speaker, "note": note, "author": author}
        return _article_page(request, svc, article_id, status=422, error=exc.reason, form=form)
    anchor = f"#q-{done['quote_id']}" if done["quote_id"] else "#corrections"
    return RedirectResponse(f"/articles/{article_id}{anchor}", status_code=303)


@router.get("/search")
def search(request: Request, svc: Svc, page: Paging, dates: Dates, q: Text = None,
           kind: Annotated[Literal["article", "quote"] | None, Query()] = None,
           source: Annotated[str | None, Query(max_length=255)] = None,
           speaker: Annotated[str | None, Query(max_length=200)] = None,
           type: Annotated[str | None, Query(max_length=200)] = None) -> Response:
    filters = {"kind": kind, "source": source or None, "since": dates.since, "until": dates.until,
               "speaker": speaker or None, "type": type or None}
    # the speaker filter is ``who`` in the template: ``speaker`` is the macro that shows one
    ctx: dict[str, Any] = {"q": q or "", "dates": dates, "error": None, "data": None, "who": speaker or None} | {
        k: v for k, v in filters.items() if k != "speaker"}
    try:
        ctx["data"] = svc.search(q or "", limit=page.limit, offset=page.offset, **filters) if q else None
    except Rejected as exc:  # a query that cannot run as written: say why, keep the form
        ctx["error"] = exc.reason
    return render(request, "search.html", status=422 if ctx["error"] else 200, **ctx)


@router.get("/quotes")
def quotes(request: Request, svc: Svc, page: Paging, dates: Dates, q: Text = None,
           speaker: Annotated[str | None, Query(max_length=200)] = None,
           kind: Annotated[QuoteKind | Literal[""] | None, Query(description="(empty: any)")] = None,
           source: Annotated[str | None, Query(max_length=255)] = None, order: Order = "newest") -> Response:
    kind = kind or None
    ctx: dict[str, Any] = {"q": q or "", "speaker": speaker or "", "kind": kind, "dates": dates, "order": order,
                           "source": source or "", "error": None}
    try:
        data = svc.quotes(speaker=speaker or None, q=q or None, since=dates.since, until=dates.until, kind=kind,
                          source=source or None, order=order, limit=page.limit, offset=page.offset)
    except Rejected as exc:  # a query that cannot run as written: say why, keep the form
        data, ctx["error"] = {"count": 0, "limit": page.limit, "offset": page.offset, "quotes": []}, exc.reason
    return render(request, "quotes.html", status=422 if ctx["error"] else 200, data=data, **ctx)


@router.get("/entities")
def entities(request: Request, svc: Svc, page: Paging, q: Text = None,
             type: Annotated[str | None, Query(max_length=16)] = None) -> Response:
    data = svc.entities(type=type or None, q=q or None, limit=page.limit, offset=page.offset)
    return render(request, "entities.html", data=data, q=q or "", type=type or "")


@router.get("/entities/{entity_id}")
def entity(request: Request, svc: Svc, entity_id: Id) -> Response:
    return render(request, "entity.html", data=svc.entity(entity_id))


@router.get("/events")
def events(request: Request, svc: Svc, page: Paging, dates: Dates, ev: Events, order: Order = "newest") -> Response:
    data = svc.events(limit=page.limit, offset=page.offset, order=order, **ev.as_kwargs(dates))
    return render(request, "events.html", data=data, ev=ev, dates=dates, order=order)


@router.get("/timeline")
def timeline(request: Request, svc: Svc, dates: Dates, chron: Chronology,
             bucket: Annotated[Literal["day", "week"], Query()] = "day",
             limit: Annotated[int, Query(ge=1, le=1000)] = 200,
             offset: Annotated[int, Query(ge=0, le=10_000_000)] = 0) -> Response:
    """The chronology: an overview chart of the events, then day by day what happened and who said what."""
    events_only = ",".join(t for t in (chron.type or "").split(",") if t.strip() and t.strip().upper() != "QUOTE")
    quotes_only = bool(chron.type) and not events_only
    who = {"entity": chron.actor} if chron.actor and chron.actor.isdigit() else {"actor": chron.actor}
    data = svc.timeline(bucket=bucket, type=events_only or None, source=chron.source, since=dates.since,
                        until=dates.until, min_confidence=chron.min_confidence, **who)
    if quotes_only:
        data |= {"buckets": [], "count": 0, "events": 0, "undated": 0}
    chronology = svc.chronology(limit=limit, offset=offset, **chron.as_kwargs(dates))
    return render(request, "timeline.html", data=data, chart=timeline_chart(data), chron=chronology,
                  filters=chron, dates=dates, bucket=bucket)


@router.get("/network")
def network(request: Request, svc: Svc, dates: Dates, ev: Events,
            top: Annotated[int, Query(ge=1, le=1000)] = 30) -> Response:
    data = svc.network(top=top, **ev.as_kwargs(dates))
    return render(request, "network.html", data=data, chart=network_chart(data), ev=ev, dates=dates, top=top)


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
