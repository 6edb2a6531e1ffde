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

from sqlalchemy import String, and_, func, literal, or_, select, true, union_all
from sqlalchemy.orm import Session

from parley.dates import iso_start, readable
from parley.records import plover_group
from parley.store.queries import FACETS, _actor_is, _event_day, _speaker_filter, quote_day, takes_part
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


def _event_select(*, actor: str | None, types: list[str], source: str | None, min_confidence: float | None) -> Any:
    day = _event_day()
    stmt = select(literal("event", String).label("kind"), EventRow.id.label("id"), day.label("day")).join(
        FACETS, FACETS.c.id == EventRow.article_id)
    if types:
        stmt = stmt.where(func.upper(EventRow.type).in_(types))
    if actor and actor.isdigit():  # an entity: the events it takes part in, never its country's
        stmt = stmt.where(takes_part(actor))
    elif actor:  # a name (of stored entities), or a code or words as stored for a side
        stmt = stmt.where(takes_part(actor) | _actor_is(EventRow.actors, actor) | _actor_is(EventRow.recipients, actor))
    if source:
        stmt = stmt.where(func.lower(FACETS.c.source) == source.lower())
    if min_confidence is not None:
        stmt = stmt.where(or_(EventRow.confidence.is_(None), EventRow.confidence >= min_confidence))
    return stmt


def _quote_select(*, actor: str | None, source: str | None) -> Any:
    day = quote_day()
    stmt = select(literal("quote", String).label("kind"), QuoteRow.id.label("id"), day.label("day")).join(
        FACETS, FACETS.c.id == QuoteRow.article_id)
    if actor:  # a speaker by name or id, or the entity an actor code stands for
        coded = select(EntityRow.id).where(func.upper(EntityRow.code) == actor.upper())
        stmt = stmt.where(_speaker_filter(actor) | QuoteRow.speaker_entity_id.in_(coded))
    if source:
        stmt = stmt.where(func.lower(FACETS.c.source) == source.lower())
    return stmt


def _items(*, actor: str | None, type: str | None, source: str | None, min_confidence: float | None = None) -> Any:
    """Every event and quote the filters keep, as ``(kind, id, day)``."""
    want_events, want_quotes, types = _kinds(type)
    parts = ([_event_select(actor=actor, types=types, source=source, min_confidence=min_confidence)]
             if want_events else []) + (
        [_quote_select(actor=actor, source=source)] if want_quotes else [])
    return union_all(*parts).subquery()


def _dated(items: Any, since: date | None, until: date | None) -> list[Any]:
    dated: list[Any] = [items.c.day.is_not(None)]
    if since:
        dated.append(items.c.day >= since.isoformat())
    if until:
        dated.append(items.c.day <= until.isoformat())
    return dated


def chronology(session: Session, *, actor: str | None = None, type: str | None = None,
               source: str | None = None, since: date | None = None, until: date | None = None,
               limit: int = 200, offset: int = 0, undated: int = UNDATED_MAX,
               min_confidence: float | None = None) -> dict[str, Any]:
    """Dated items oldest first, grouped by day (``days``), paged by item; the first ``undated`` items
    without a day apart (on the first page). ``actor`` is an entity id, a name or an actor code;
    ``type`` PLOVER types and/or ``QUOTE``; ``source`` an article source; ``min_confidence`` the least
    confidence of an event."""
    items = _items(actor=actor, type=type, source=source, min_confidence=min_confidence)
    dated = _dated(items, since, until)
    in_range = and_(*dated[1:]) if len(dated) > 1 else true()
    counts: dict[bool, int] = {bool(undated_): n for undated_, n in session.execute(  # both counts, one pass
        select(items.c.day.is_(None), func.count()).select_from(items)
        .where(or_(items.c.day.is_(None), in_range)).group_by(items.c.day.is_(None)))}
    total, n_undated = counts.get(False, 0), counts.get(True, 0)
    page = list(session.execute(select(items.c.kind, items.c.id, items.c.day).where(*dated)
                                .order_by(items.c.day, items.c.kind, items.c.id).limit(limit).offset(offset)))
    undated_rows = [] if offset or since or until else list(session.execute(
        select(items.c.kind, items.c.id, items.c.day).where(items.c.day.is_(None))
        .order_by(items.c.kind, items.c.id).limit(undated)))
    details = _details(session, page + undated_rows)
    days: dict[str, list[dict[str, Any]]] = {}
    for r in page:
        days.setdefault(r.day, []).append(details[(r.kind, r.id)])
    return {"count": total, "limit": limit, "offset": offset, "undated_count": 0 if since or until else n_undated,
            "days": [{"day": d, "items": its} for d, its in days.items()],
            "undated": [details[(r.kind, r.id)] for r in undated_rows]}


def chronology_rows(session: Session, *, after: int = 0, limit: int = 5000, actor: str | None = None,
                    type: str | None = None, source: str | None = None, since: date | None = None,
                    until: date | None = None, min_confidence: float | None = None) -> list[dict[str, Any]]:
    """Flat rows (:func:`flat`) of the items from position ``after`` on, dated ones oldest first, then
    the undated (without a date range). The order is one query; only the page's items are read."""
    items = _items(actor=actor, type=type, source=source, min_confidence=min_confidence)
    keep = _dated(items, since, until) if since or until else []
    order = (items.c.day.is_(None), items.c.day, items.c.kind, items.c.id)
    page = list(session.execute(select(items.c.kind, items.c.id, items.c.day).where(*keep).order_by(*order)
                                .limit(limit).offset(after)))
    details = _details(session, page)
    return [flat(details[(r.kind, r.id)]) for r in page]


def flat(item: dict[str, Any]) -> dict[str, Any]:
    """A chronology item (an event or a quote) as a flat export row."""
    return {"day": item["day"], "kind": item["kind"], "id": item["id"], "article_id": item["article_id"],
            "url": item.get("url"), "title": item.get("article_title"), "source": item.get("source"),
            "published": item.get("published"), "timex": item.get("timex"),
            "timex_text": readable(item.get("timex")), "dated_by": item.get("dated_by"),
            "type": item.get("type") or QUOTE, "status": item.get("status"), "confidence": item.get("confidence"),
            "date_source": item.get("date_source"), "resolved_by": item.get("resolved_by"),
            "actors": item.get("actors") or [],
            "recipients": item.get("recipients") or [], "speaker": item.get("speaker"),
            "text": item.get("text") or item.get("trigger"), "start": item.get("start"), "end": item.get("end"),
            "sentence": item.get("sentence"), "sentence_start": item.get("sentence_start"),
            "sentence_end": item.get("sentence_end")}


def _details(session: Session, rows: list[Any]) -> dict[tuple[str, int], dict[str, Any]]:
    """The items of ``rows`` with their sentences; each article's text is read once, however many of
    its items there are."""
    days = {(r.kind, r.id): r.day for r in rows}
    ev_cols = (EventRow.id, EventRow.article_id, EventRow.type, EventRow.status, EventRow.actors, EventRow.recipients,
               EventRow.trigger_text, EventRow.trigger_start, EventRow.trigger_end, EventRow.sentence_start,
               EventRow.sentence_end, EventRow.date, EventRow.confidence, EventRow.date_source)
    q_cols = (QuoteRow.id, QuoteRow.article_id, QuoteRow.text, QuoteRow.kind, QuoteRow.speaker_name,
              QuoteRow.speaker_text, QuoteRow.speaker_entity_id, QuoteRow.anonymous, QuoteRow.start, QuoteRow.end,
              QuoteRow.said_on, QuoteRow.confidence, QuoteRow.resolved_by)
    events = _by_ids(session, ev_cols, [r.id for r in rows if r.kind == "event"])
    quotes = _by_ids(session, q_cols, [r.id for r in rows if r.kind == "quote"])
    wanted = {r["article_id"] for r in events + quotes}
    articles = {r["id"]: dict(r) for r in session.execute(
        select(ArticleRow.id, ArticleRow.title, ArticleRow.url, ArticleRow.source, ArticleRow.published,
               ArticleRow.text).where(ArticleRow.id.in_(sorted(wanted)))).mappings()} if wanted else {}
    out: dict[tuple[str, int], dict[str, Any]] = {}
    for ev in events:
        out[("event", ev["id"])] = _event_item(ev, articles[ev["article_id"]], days[("event", ev["id"])])
    for q in quotes:
        out[("quote", q["id"])] = _quote_item(q, articles[q["article_id"]], days[("quote", q["id"])])
    return out


def _by_ids(session: Session, cols: tuple[Any, ...], ids: list[int]) -> list[dict[str, Any]]:
    if not ids:
        return []
    table = cols[0].class_
    return [dict(r) for r in session.execute(select(*cols).where(table.id.in_(ids))).mappings()]


def _base(r: dict[str, Any], art: dict[str, Any], day: str | None, kind: str, anchor: str) -> dict[str, Any]:
    return {"kind": kind, "day": day, "article_id": r["article_id"], "article_title": art["title"],
            "url": art["url"], "source": art["source"], "published": art["published"],
            "href": f"/articles/{r['article_id']}#{anchor}"}


def _event_item(ev: dict[str, Any], art: dict[str, Any], day: str | None) -> dict[str, Any]:
    sentence = (art["text"] or "")[ev["sentence_start"]:ev["sentence_end"]]
    return _base(ev, art, day, "event", f"e-{ev['id']}") | {
        "id": ev["id"], "type": ev["type"], "group": plover_group(ev["type"]), "status": ev["status"],
        "actors": list(ev["actors"] or []), "recipients": list(ev["recipients"] or []), "trigger": ev["trigger_text"],
        "start": ev["trigger_start"], "end": ev["trigger_end"], "sentence": sentence,
        "sentence_start": ev["sentence_start"], "sentence_end": ev["sentence_end"],
        "mark": _mark(ev["sentence_start"], len(sentence), ev["trigger_start"], ev["trigger_end"]),
        "timex": ev["date"], "confidence": ev["confidence"], "date_source": ev["date_source"],
        "dated_by": "text" if iso_start(ev["date"]) and ev["date_source"] != "publication" else "article"}


def _quote_item(q: dict[str, Any], art: dict[str, Any], day: str | None) -> dict[str, Any]:
    first = max(q["start"] - CONTEXT, 0)
    window = (art["text"] or "")[first:q["end"] + CONTEXT]
    start, end = _sentence(window, q["start"] - first, q["end"] - first)
    return _base(q, art, day, "quote", f"q-{q['id']}") | {
        "id": q["id"], "text": q["text"], "quote_kind": q["kind"], "speaker": q["speaker_name"] or q["speaker_text"],
        "speaker_entity_id": q["speaker_entity_id"], "anonymous": bool(q["anonymous"]), "start": q["start"],
        "end": q["end"], "sentence": window[start:end], "sentence_start": first + start, "sentence_end": first + end,
        "mark": _mark(first + start, end - start, q["start"], q["end"]), "timex": q["said_on"],
        "confidence": q["confidence"], "resolved_by": q["resolved_by"],
        "dated_by": "text" if iso_start(q["said_on"]) else "article"}


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
