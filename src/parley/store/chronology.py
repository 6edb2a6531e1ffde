"""The chronology: day by day, what happened (events) and who said what (quotes).

Each item carries its sentence (cut from the article text in SQL, never the whole text), the
TIMEX3 value it is dated by, and the anchor of its highlight on the article page (``q-<id>``,
``e-<id>``). Items are dated by the start of their own date (a week by its Monday), else by their
article's day; items with neither are listed apart.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from sqlalchemy import String, func, literal, select, union_all
from sqlalchemy.orm import Session

from parley.dates import iso_start
from parley.records import plover_group
from parley.store.queries import _actor_is, _event_day, _speaker_filter, quote_day
from parley.store.tables import ArticleRow, EntityRow, EventRow, QuoteRow

QUOTE = "QUOTE"  # the pseudo event type that picks quotes in a type filter
CONTEXT = 240  # characters read on each side of a quote to find its sentence
UNDATED_MAX = 100
_SENTENCE_END = re.compile(r"[.!?…][\"'”’)]*(?=\s)|\n\s*\n")


def _kinds(type: str | None) -> tuple[bool, bool, list[str]]:
    """Whether events and quotes are wanted, and the event types (none named: both kinds, every type;
    ``QUOTE`` picks quotes)."""
    types = [t.strip().upper() for t in (type or "").split(",") if t.strip()]
    events = [t for t in types if t != QUOTE]
    return not types or bool(events), not types or QUOTE in types, events


def _event_select(*, actor: str | None, types: list[str], source: str | None) -> Any:
    day = _event_day()
    stmt = select(literal("event", String).label("kind"), EventRow.id.label("id"), day.label("day")).join(ArticleRow)
    if types:
        stmt = stmt.where(func.upper(EventRow.type).in_(types))
    if actor:
        stmt = stmt.where(_actor_is(EventRow.actors, actor) | _actor_is(EventRow.recipients, actor))
    if source:
        stmt = stmt.where(func.lower(ArticleRow.source) == source.lower())
    return stmt


def _quote_select(*, actor: str | None, source: str | None) -> Any:
    day = quote_day()
    stmt = select(literal("quote", String).label("kind"), QuoteRow.id.label("id"), day.label("day")).join(ArticleRow)
    if actor:  # a speaker by name or id, or the entity an actor code stands for
        coded = select(EntityRow.id).where(func.upper(EntityRow.code) == actor.upper())
        stmt = stmt.where(_speaker_filter(actor) | QuoteRow.speaker_entity_id.in_(coded))
    if source:
        stmt = stmt.where(func.lower(ArticleRow.source) == source.lower())
    return stmt


def chronology(session: Session, *, actor: str | None = None, type: str | None = None,
               source: str | None = None, since: date | None = None, until: date | None = None,
               limit: int = 200, offset: int = 0, undated: int = UNDATED_MAX) -> dict[str, Any]:
    """Dated items oldest first, grouped by day (``days``), paged by item; the first ``undated`` items
    without a day apart (on the first page). ``actor`` is an entity id, a name or an actor code;
    ``type`` PLOVER types and/or ``QUOTE``; ``source`` an article source."""
    want_events, want_quotes, types = _kinds(type)
    parts = ([_event_select(actor=actor, types=types, source=source)] if want_events else []) + (
        [_quote_select(actor=actor, source=source)] if want_quotes else [])
    items = union_all(*parts).subquery()
    dated: list[Any] = [items.c.day.is_not(None)]
    if since:
        dated.append(items.c.day >= since.isoformat())
    if until:
        dated.append(items.c.day <= until.isoformat())
    total = session.scalar(select(func.count()).select_from(items).where(*dated)) or 0
    page = list(session.execute(select(items.c.kind, items.c.id, items.c.day).where(*dated)
                                .order_by(items.c.day, items.c.kind, items.c.id).limit(limit).offset(offset)))
    undated_rows = [] if offset or since or until else list(session.execute(
        select(items.c.kind, items.c.id, items.c.day).where(items.c.day.is_(None))
        .order_by(items.c.kind, items.c.id).limit(undated)))
    n_undated = 0 if since or until else session.scalar(
        select(func.count()).select_from(items).where(items.c.day.is_(None))) or 0
    details = _details(session, page + undated_rows)
    days: dict[str, list[dict[str, Any]]] = {}
    for r in page:
        days.setdefault(r.day, []).append(details[(r.kind, r.id)])
    return {"count": total, "limit": limit, "offset": offset, "undated_count": n_undated,
            "days": [{"day": d, "items": its} for d, its in days.items()],
            "undated": [details[(r.kind, r.id)] for r in undated_rows]}


def _details(session: Session, rows: list[Any]) -> dict[tuple[str, int], dict[str, Any]]:
    event_ids = [r.id for r in rows if r.kind == "event"]
    quote_ids = [r.id for r in rows if r.kind == "quote"]
    days = {(r.kind, r.id): r.day for r in rows}
    out: dict[tuple[str, int], dict[str, Any]] = {}
    for r in _event_rows(session, event_ids):
        out[("event", r.EventRow.id)] = _event_item(r, days[("event", r.EventRow.id)])
    for r in _quote_rows(session, quote_ids):
        out[("quote", r.QuoteRow.id)] = _quote_item(r, days[("quote", r.QuoteRow.id)])
    return out


def _article_cols() -> tuple[Any, ...]:
    return (ArticleRow.title.label("article_title"), ArticleRow.url, ArticleRow.source,
            ArticleRow.published)


def _event_rows(session: Session, ids: list[int]) -> list[Any]:
    if not ids:
        return []
    length = EventRow.sentence_end - EventRow.sentence_start
    sentence = func.substr(ArticleRow.text, EventRow.sentence_start + 1, length)
    return list(session.execute(select(EventRow, sentence.label("sentence"), *_article_cols())
                                .join(ArticleRow).where(EventRow.id.in_(ids))).all())


def _quote_rows(session: Session, ids: list[int]) -> list[Any]:
    if not ids:
        return []
    first = func.max(QuoteRow.start - CONTEXT, 0)
    window = func.substr(ArticleRow.text, first + 1, QuoteRow.end - first + CONTEXT)
    return list(session.execute(select(QuoteRow, window.label("window"), first.label("window_start"),
                                       *_article_cols()).join(ArticleRow).where(QuoteRow.id.in_(ids))).all())


def _base(r: Any, day: str | None, kind: str, anchor: str) -> dict[str, Any]:
    return {"kind": kind, "day": day, "article_id": r[0].article_id, "article_title": r.article_title,
            "url": r.url, "source": r.source, "published": r.published,
            "href": f"/articles/{r[0].article_id}#{anchor}"}


def _event_item(r: Any, day: str | None) -> dict[str, Any]:
    ev = r.EventRow
    return _base(r, day, "event", f"e-{ev.id}") | {
        "id": ev.id, "type": ev.type, "group": plover_group(ev.type), "status": ev.status,
        "actors": list(ev.actors or []), "recipients": list(ev.recipients or []), "trigger": ev.trigger_text,
        "start": ev.trigger_start, "end": ev.trigger_end, "sentence": r.sentence or "",
        "sentence_start": ev.sentence_start, "sentence_end": ev.sentence_end,
        "mark": _mark(ev.sentence_start, len(r.sentence or ""), ev.trigger_start, ev.trigger_end), "timex": ev.date,
        "dated_by": "text" if iso_start(ev.date) else "article"}


def _quote_item(r: Any, day: str | None) -> dict[str, Any]:
    q = r.QuoteRow
    start, end = _sentence(r.window or "", q.start - r.window_start, q.end - r.window_start)
    return _base(r, day, "quote", f"q-{q.id}") | {
        "id": q.id, "text": q.text, "quote_kind": q.kind, "speaker": q.speaker_name or q.speaker_text,
        "speaker_entity_id": q.speaker_entity_id, "anonymous": bool(q.anonymous), "start": q.start, "end": q.end,
        "sentence": (r.window or "")[start:end], "sentence_start": r.window_start + start,
        "sentence_end": r.window_start + end, "mark": _mark(r.window_start + start, end - start, q.start, q.end),
        "timex": q.said_on,
        "dated_by": "text" if iso_start(q.said_on) else "article"}


def _mark(sentence_start: int, length: int, start: int, end: int) -> list[int]:
    """``[start, end)`` of the item (a trigger, a quote) inside its sentence, clipped to it."""
    a, b = max(0, start - sentence_start), min(length, end - sentence_start)
    return [a, b] if a < b else []


def _sentence(window: str, start: int, end: int) -> tuple[int, int]:
    """The sentence(s) around ``[start, end)`` in ``window``: from the last sentence end before it to
    the first one after it (the window's edges when there is none)."""
    start, end = max(0, start), min(len(window), end)
    first = max((m.end() for m in _SENTENCE_END.finditer(window, 0, start)), default=0)
    after = _SENTENCE_END.search(window, max(start, end - 1))
    last = after.end() if after else len(window)
    while first < start and window[first].isspace():
        first += 1
    return first, last
