"""JSON API under ``/api``. Each route is a thin call into the Service."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Path, Query, Request, Response

from parley.api import schemas as s
from parley.api.deps import MAX_ID, Dates, Events, Paging, Svc
from parley.api.security import check_csrf, csrf_token, set_csrf
from parley.records import QuoteKind

router = APIRouter(prefix="/api", tags=["api"])
NOT_FOUND: dict[int | str, dict[str, Any]] = {404: {"model": s.ErrorOut, "description": "no such row"}}
Id = Annotated[int, Path(ge=1, le=MAX_ID)]
QUERY_CHARS = 4000  # a query's distinct words count up to parley.store.repo.MAX_TERMS; the rest are ignored
Words = Annotated[str | None, Query(max_length=QUERY_CHARS, description="full-text words (a trailing * is a prefix)")]


@router.get("/articles", response_model=s.ArticleList)
def list_articles(svc: Svc, page: Paging) -> dict[str, Any]:
    """Articles, newest first, with annotation counts."""
    return svc.articles(limit=page.limit, offset=page.offset)


@router.get("/articles/{article_id}", response_model=s.ArticleDetail, responses=NOT_FOUND)
def get_article(svc: Svc, article_id: Id) -> dict[str, Any]:
    """One article: text plus timexes, mentions, quotes and events (character offsets into text)."""
    return svc.article(article_id, groups=True)


@router.get("/search", response_model=s.SearchOut)
def search(svc: Svc, page: Paging, dates: Dates,
           q: Annotated[str, Query(min_length=1, max_length=QUERY_CHARS,
                                   description="words to find (the first 16 distinct ones count)")],
           kind: Annotated[Literal["article", "quote"] | None, Query()] = None,
           source: Annotated[str | None, Query(max_length=255)] = None) -> dict[str, Any]:
    """Ranked article and quote hits; snippets are plain text with highlight offsets; facets."""
    return svc.search(q, kind=kind, source=source, since=dates.since, until=dates.until,
                      limit=page.limit, offset=page.offset)


@router.get("/quotes", response_model=s.QuoteList)
def list_quotes(svc: Svc, page: Paging, dates: Dates, q: Words = None,
                speaker: Annotated[str | None, Query(max_length=200, description="entity id or name")] = None,
                kind: Annotated[QuoteKind | None, Query()] = None,
                article_id: Annotated[int | None, Query(ge=1, le=MAX_ID)] = None) -> dict[str, Any]:
    """Quotes filtered by speaker, words, date said (``since``/``until``) and kind."""
    return svc.quotes(speaker=speaker or None, q=q or None, since=dates.since, until=dates.until,
                      kind=kind, article_id=article_id, limit=page.limit, offset=page.offset)


@router.get("/entities", response_model=s.EntityList)
def list_entities(svc: Svc, page: Paging,
                  type: Annotated[str | None, Query(max_length=16, description="PERSON, ORG, GPE...")] = None,
                  q: Annotated[str | None, Query(max_length=200, description="part of a name or alias")] = None
                  ) -> dict[str, Any]:
    """People, organisations and places, most mentioned first."""
    return svc.entities(type=type or None, q=q or None, limit=page.limit, offset=page.offset)


@router.get("/entities/{entity_id}", response_model=s.EntityDetail, responses=NOT_FOUND)
def get_entity(svc: Svc, entity_id: Id) -> dict[str, Any]:
    """One entity with aliases, roles over time, quotes and events."""
    return svc.entity(entity_id)


@router.get("/events", response_model=s.EventList)
def list_events(svc: Svc, page: Paging, dates: Dates, ev: Events) -> dict[str, Any]:
    """Events filtered by PLOVER type, actor, recipient, status and date."""
    return svc.events(limit=page.limit, offset=page.offset, **ev.as_kwargs(dates))


@router.get("/timeline", response_model=s.TimelineOut)
def timeline(svc: Svc, dates: Dates, ev: Events,
             bucket: Annotated[Literal["day", "week"], Query()] = "day") -> dict[str, Any]:
    """Events bucketed by day or week (weeks start on Monday), with counts per PLOVER group."""
    return svc.timeline(bucket=bucket, **ev.as_kwargs(dates))


@router.get("/network", response_model=s.NetworkOut)
def network(svc: Svc, dates: Dates, ev: Events,
            min_count: Annotated[int, Query(ge=1, le=1_000_000)] = 1) -> dict[str, Any]:
    """Actor-to-recipient interaction counts by event type."""
    return svc.network(min_count=min_count, **ev.as_kwargs(dates))


@router.get("/csrf")
def csrf(request: Request, response: Response) -> dict[str, str]:
    """A CSRF token (also set as the ``parley_csrf`` cookie) for ``X-CSRF-Token`` on POSTs."""
    set_csrf(request, response)
    return {"csrf_token": csrf_token(request)}


@router.post("/ingest", response_model=s.IngestOut, responses={403: {"model": s.ErrorOut}})
def ingest(request: Request, svc: Svc, body: s.IngestIn) -> dict[str, Any]:
    """Store an article from ``{url}`` or ``{text, title?, published?}``. Needs ``X-CSRF-Token``
    (double submit with the ``parley_csrf`` cookie) unless it carries the Bearer access token."""
    check_csrf(request, None, token=request.app.state.token)
    return svc.ingest_one(url=body.url, text=body.text, title=body.title, published=body.published,
                          use_nlp=request.app.state.use_nlp)
