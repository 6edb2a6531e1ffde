"""JSON API under ``/api``. Each route is a thin call into the Service."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Path, Query, Request, Response

from parley.api import schemas as s
from parley.api.deps import MAX_ID, Chronology, Confidence, Dates, Events, Order, Paging, Svc
from parley.api.downloads import Format, chronology_rows, network_rows, search_rows, stream
from parley.api.security import check_csrf, csrf_token, require_token_off_loopback, set_csrf
from parley.records import QuoteKind

router = APIRouter(prefix="/api", tags=["api"])
NOT_FOUND: dict[int | str, dict[str, Any]] = {404: {"model": s.ErrorOut, "description": "no such row"}}
BAD_QUERY: dict[int | str, dict[str, Any]] = {422: {"description": "a query that cannot run as written, "
                                                                   "or invalid parameters"}}
Id = Annotated[int, Path(ge=1, le=MAX_ID)]
QUERY_CHARS = 4000  # a query's distinct words count up to parley.store.repo.MAX_TERMS; the rest are ignored
SEARCH_HELP = ('words to find (the first 16 distinct ones count): "a phrase", OR, NOT or -word, word*, (brackets), '
               "speaker:NAME, source:, type:, kind:, since:, until:")
Words = Annotated[str | None, Query(max_length=QUERY_CHARS, description=SEARCH_HELP)]


@router.get("/articles", response_model=s.ArticleList)
def list_articles(svc: Svc, page: Paging, format: Format = "json") -> Any:
    """Articles, newest first, with annotation counts."""
    if format != "json":
        return stream(svc.rows("articles"), "articles", format, "articles")
    return svc.articles(limit=page.limit, offset=page.offset)


@router.get("/articles/{article_id}", response_model=s.ArticleDetail, responses=NOT_FOUND)
def get_article(svc: Svc, article_id: Id, min_confidence: Confidence = None) -> dict[str, Any]:
    """One article: text plus timexes, mentions, quotes and events (character offsets into text), and the
    corrections of its quotes. Events under ``min_confidence`` are left out (``events_hidden``)."""
    return svc.article(article_id, groups=True, min_confidence=min_confidence)


@router.get("/search", response_model=s.SearchOut, responses=BAD_QUERY)
def search(svc: Svc, page: Paging, dates: Dates,
           q: Annotated[str, Query(min_length=1, max_length=QUERY_CHARS, description=SEARCH_HELP)],
           kind: Annotated[Literal["article", "quote"] | None, Query()] = None,
           source: Annotated[str | None, Query(max_length=255)] = None,
           speaker: Annotated[str | None, Query(max_length=200, description="quotes by (entity id or name)")] = None,
           type: Annotated[str | None, Query(max_length=200, description="articles with events of these types")
                           ] = None,
           format: Format = "json") -> Any:
    """Ranked article and quote hits; snippets are plain text with highlight offsets; facets by kind,
    source, month, speaker and event type; the people, organisations and places in the results."""
    filters = {"source": source or None, "since": dates.since, "until": dates.until, "speaker": speaker or None,
               "type": type or None}
    if format != "json":
        return stream(search_rows(svc, q, **filters), "search", format, "search")
    return svc.search(q, kind=kind, limit=page.limit, offset=page.offset, **filters)


@router.get("/quotes", response_model=s.QuoteList, responses=BAD_QUERY)
def list_quotes(svc: Svc, page: Paging, dates: Dates, q: Words = None,
                speaker: Annotated[str | None, Query(max_length=200, description="entity id or name")] = None,
                kind: Annotated[QuoteKind | Literal[""] | None, Query(description="(empty: any)")] = None,
                article_id: Annotated[int | None, Query(ge=1, le=MAX_ID)] = None,
                source: Annotated[str | None, Query(max_length=255)] = None,
                order: Order = "newest", format: Format = "json") -> Any:
    """Quotes by the real day they were said, filtered by speaker, words, day said (``since``/``until``),
    kind and source."""
    filters = {"speaker": speaker or None, "q": q or None, "since": dates.since, "until": dates.until,
               "kind": kind or None, "article_id": article_id, "source": source or None}
    if format != "json":
        return stream(svc.rows("quotes", **{k: v for k, v in filters.items() if k != "kind"}, type=kind or None),
                      "quotes", format, "quotes")
    return svc.quotes(limit=page.limit, offset=page.offset, order=order, **filters)


@router.get("/entities", response_model=s.EntityList)
def list_entities(svc: Svc, page: Paging,
                  type: Annotated[str | None, Query(max_length=16, description="PERSON, ORG, GPE...")] = None,
                  q: Annotated[str | None, Query(max_length=200, description="part of a name or alias")] = None,
                  format: Format = "json") -> Any:
    """People, organisations and places, most mentioned first."""
    if format != "json":
        return stream(svc.rows("entities", type=type or None, q=q or None), "entities", format, "entities")
    return svc.entities(type=type or None, q=q or None, limit=page.limit, offset=page.offset)


@router.get("/entities/{entity_id}", response_model=s.EntityDetail, responses=NOT_FOUND)
def get_entity(svc: Svc, entity_id: Id, min_confidence: Confidence = None) -> dict[str, Any]:
    """One entity with aliases, roles over time, quotes, and the events it acts in or is acted on in."""
    return svc.entity(entity_id, min_confidence=min_confidence)


@router.get("/events", response_model=s.EventList)
def list_events(svc: Svc, page: Paging, dates: Dates, ev: Events, order: Order = "newest",
                format: Format = "json") -> Any:
    """Events filtered by PLOVER type, actor, recipient, status, source, the real day and confidence
    (by default, those under the server's threshold are hidden). Each carries its ``confidence``, its
    ``date_source`` (``text``, or ``publication`` when the article's day stands in) and the entities of
    its sides."""
    if format != "json":
        return stream(svc.rows("events", **svc.confident(ev.as_kwargs(dates))), "events", format, "events")
    return svc.events(limit=page.limit, offset=page.offset, order=order, **ev.as_kwargs(dates))


@router.get("/timeline", response_model=s.TimelineOut)
def timeline(svc: Svc, dates: Dates, ev: Events,
             bucket: Annotated[Literal["day", "week"], Query()] = "day") -> dict[str, Any]:
    """Events bucketed by day or week (weeks start on Monday), with counts per PLOVER group."""
    return svc.timeline(bucket=bucket, **ev.as_kwargs(dates))


@router.get("/chronology", response_model=s.ChronologyOut)
def chronology(svc: Svc, dates: Dates, chron: Chronology,
               limit: Annotated[int, Query(ge=1, le=1000, description="items per page")] = 200,
               offset: Annotated[int, Query(ge=0, le=10_000_000)] = 0, format: Format = "json") -> Any:
    """Day by day, oldest first: what happened (events) and who said what (quotes), each with its sentence
    and a link to its place in the article; undated items apart."""
    if format != "json":
        return stream(chronology_rows(svc, **svc.confident(chron.as_kwargs(dates))), "chronology", format,
                      "chronology")
    return svc.chronology(limit=limit, offset=offset, **chron.as_kwargs(dates))


@router.get("/network", response_model=s.NetworkOut)
def network(svc: Svc, dates: Dates, ev: Events,
            min_count: Annotated[int, Query(ge=1, le=1_000_000)] = 1,
            top: Annotated[int | None, Query(ge=1, le=1000, description="the N actors with most interactions")
                           ] = None,
            format: Format = "json") -> Any:
    """Who acts on whom: interaction counts by event type between entities (an event's linked actor and
    recipient entities), nodes by entity id."""
    data = svc.network(min_count=min_count, top=top, **ev.as_kwargs(dates))
    if format != "json":
        return stream(network_rows(data), "network", format, "network")
    return data


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


@router.post("/quotes/{quote_id}/correction", response_model=s.CorrectionOut,
             responses={403: {"model": s.ErrorOut}, **NOT_FOUND})
def correct_quote(request: Request, svc: Svc, quote_id: Id, body: s.CorrectionIn) -> dict[str, Any]:
    """Correct a quote: ``{"action": "speaker", "speaker": NAME}`` or ``{"action": "not_quote"}``, with an
    optional ``note`` and ``author``. Stored as an override of the article's text at the quote's offsets
    (with the time it was made); applied at once, in every list and export, and again after re-processing.
    Needs ``X-CSRF-Token`` unless it carries the Bearer token, and from a client off this machine, the
    server's access token."""
    require_token_off_loopback(request)
    check_csrf(request, None, token=request.app.state.token)
    return svc.correct_quote(quote_id, action=body.action, speaker=body.speaker, note=body.note,
                             author=body.author)
