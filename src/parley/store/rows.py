"""Flat rows for exports (``parley export``, the lists' ``format=csv``): one row per quote, event,
entity mention, entity or article, each with its article's URL and day, its TIMEX3 value as stored
and in words, and the character offsets of its evidence in the article text.

Rows come a page at a time in id order (``after`` the last id seen), so an export of any size reads
the database in bounded steps, each under the query deadline. Filters are the lists' own:
``speaker``, ``entity``, ``type``, ``since``/``until`` (real days: a week by its Monday), ``q`` (a search
query), ``source``.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import Text, cast, exists, func, or_, select
from sqlalchemy.orm import Session

from parley.dates import readable
from parley.errors import Rejected
from parley.records import plover_group
from parley.store.fts import parse
from parley.store.queries import (
    FACETS,
    _event_conds,
    _event_day,
    _fts_ids,
    _speaker_filter,
    event_entities,
    quote_conds,
    quote_day,
)
from parley.store.tables import ArticleRow, EntityRow, EventRow, MentionRow, QuoteOverrideRow, QuoteRow

KINDS = ("quotes", "events", "mentions", "entities", "articles", "chronology", "corrections")
QUOTE_KINDS = ("direct", "indirect", "mixed")
PAGE = 1000


def rows(session: Session, kind: str, *, after: int = 0, limit: int = PAGE, **filters: Any) -> dict[str, Any]:
    """One page of ``kind`` rows with an id above ``after``; ``next`` is the id to pass on, None at the end."""
    if kind not in KINDS:
        raise Rejected(f"unknown export {kind!r} (one of {', '.join(KINDS)})")
    if kind == "chronology":  # in the chronology's order: ``after`` is a position, not an id
        from parley.store.chronology import chronology_rows

        found = chronology_rows(session, after=after, limit=limit, **filters)
        return {"rows": found, "next": after + limit if len(found) == limit else None}
    build = {"quotes": _quotes, "events": _events, "mentions": _mentions, "entities": _entities,
             "articles": _articles, "corrections": _corrections}[kind]
    out = build(session, after, limit, **{k: v for k, v in filters.items() if v not in (None, "")})
    return {"rows": out, "next": out[-1]["id"] if len(out) == limit else None}


def _unused(kind: str, **given: Any) -> None:
    named = [k for k, v in given.items() if v]
    if named:
        raise Rejected(f"{kind} cannot be filtered by {', '.join(named)}")


def _article_cols(session: Session, ids: set[int]) -> dict[int, dict[str, Any]]:
    """URL, title, source and day of each article, read once per page (the rows are large)."""
    if not ids:
        return {}
    rows = session.execute(select(ArticleRow.id, ArticleRow.url, ArticleRow.title, ArticleRow.source,
                                  ArticleRow.published).where(ArticleRow.id.in_(sorted(ids))))
    return {r.id: {"article_id": r.id, "url": r.url, "title": r.title, "source": r.source, "published": r.published}
            for r in rows}


def _quotes(session: Session, after: int, limit: int, *, type: str | None = None, **filters: Any
            ) -> list[dict[str, Any]]:
    if type and type.lower() not in QUOTE_KINDS:
        raise Rejected(f"a quote's type is one of {', '.join(QUOTE_KINDS)}, not {type!r}")
    conds = quote_conds(kind=type.lower() if type else None, **filters)
    stmt = (select(QuoteRow, quote_day().label("day")).join(FACETS, FACETS.c.id == QuoteRow.article_id)
            .where(QuoteRow.id > after, *conds).order_by(QuoteRow.id).limit(limit))
    found = session.execute(stmt).all()
    articles = _article_cols(session, {r.QuoteRow.article_id for r in found})
    out = []
    for r in found:
        q = r.QuoteRow
        out.append({"id": q.id} | articles[q.article_id] | {
            "date": r.day, "said_on": q.said_on, "said_on_text": readable(q.said_on),
            "speaker": q.speaker_name or q.speaker_text, "speaker_entity_id": q.speaker_entity_id,
            "anonymous": bool(q.anonymous), "kind": q.kind, "text": q.text, "start": q.start, "end": q.end,
            "speaker_text": q.speaker_text, "speaker_start": q.speaker_start, "speaker_end": q.speaker_end,
            "cue": q.cue_text, "cue_start": q.cue_start, "cue_end": q.cue_end, "confidence": q.confidence,
            "resolved_by": q.resolved_by})
    return out


def _events(session: Session, after: int, limit: int, **filters: Any) -> list[dict[str, Any]]:
    length = EventRow.sentence_end - EventRow.sentence_start
    sentence = func.substr(ArticleRow.text, EventRow.sentence_start + 1, length)
    stmt = (select(EventRow, _event_day().label("day"), sentence.label("sentence")).join(ArticleRow)
            .join(FACETS, FACETS.c.id == EventRow.article_id)
            .where(EventRow.id > after, *_event_conds(**filters)).order_by(EventRow.id).limit(limit))
    found = session.execute(stmt).all()
    articles = _article_cols(session, {r.EventRow.article_id for r in found})
    sides = event_entities(session, [r.EventRow.id for r in found])
    out = []
    for r in found:
        e = r.EventRow
        out.append({"id": e.id} | articles[e.article_id] | {
            "date": r.day, "timex": e.date, "timex_text": readable(e.date), "type": e.type,
            "group": plover_group(e.type), "status": e.status, "mode": e.mode, "actors": list(e.actors or []),
            "recipients": list(e.recipients or []), "location": e.location, "claimed_by": e.source,
            "trigger": e.trigger_text, "start": e.trigger_start, "end": e.trigger_end,
            "sentence": " ".join((r.sentence or "").split()), "sentence_start": e.sentence_start,
            "sentence_end": e.sentence_end, "confidence": e.confidence, "date_source": e.date_source} | {
            f"{role}_entity_ids": [str(x["id"]) for x in sides.get(e.id, {}).get(f"{role}_entities", [])]
            for role in ("actor", "recipient")})
    return out


def _corrections(session: Session, after: int, limit: int, *, q: str | None = None, **unused: Any
                 ) -> list[dict[str, Any]]:
    """Every correction of a quote, with the article its text belongs to (the first stored copy) and
    whether it still applies (``applied``) or found no quote after re-processing (``orphaned``)."""
    _unused("corrections", **unused)
    stmt = (select(QuoteOverrideRow, ArticleRow.id.label("article_id"))
            .outerjoin(ArticleRow, ArticleRow.content_hash == QuoteOverrideRow.content_hash)
            .where(QuoteOverrideRow.id > after).order_by(QuoteOverrideRow.id).limit(limit))
    if q:
        stmt = stmt.where(or_(QuoteOverrideRow.note.icontains(q, autoescape=True),
                              QuoteOverrideRow.speaker_name.icontains(q, autoescape=True),
                              QuoteOverrideRow.quote_text.icontains(q, autoescape=True)))
    found = session.execute(stmt).all()
    articles = _article_cols(session, {r.article_id for r in found if r.article_id})
    out = []
    for r in found:
        o = r.QuoteOverrideRow
        out.append({"id": o.id} | articles.get(r.article_id, {"article_id": None}) | {
            "start": o.start, "end": o.end, "quote_text": o.quote_text, "action": o.action,
            "speaker": o.speaker_name, "speaker_entity_id": o.speaker_entity_id, "note": o.note,
            "author": o.author, "created_at": o.created_at.isoformat(timespec="seconds") if o.created_at else None,
            "status": o.status})
    return out


def _article_conds(*, since: date | None = None, until: date | None = None, q: str | None = None,
                   source: str | None = None) -> list[Any]:
    conds: list[Any] = []
    if since:
        conds.append(FACETS.c.published >= since.isoformat())
    if until:
        conds.append(FACETS.c.published <= until.isoformat())
    if q:
        match = parse(q).match
        conds.append(FACETS.c.id.in_(_fts_ids("articles_fts", match)) if match else FACETS.c.id < 0)
    if source:
        conds.append(func.lower(FACETS.c.source) == source.lower())
    return conds


def _entity_is(entity: str) -> Any:
    if entity.isdigit():
        return EntityRow.id == int(entity)
    return or_(func.lower(EntityRow.name) == entity.lower(), func.upper(EntityRow.code) == entity.upper())


def _mentions(session: Session, after: int, limit: int, *, entity: str | None = None, type: str | None = None,
              speaker: str | None = None, **filters: Any) -> list[dict[str, Any]]:
    _unused("entity mentions", speaker=speaker)
    conds = _article_conds(**filters)
    if entity:
        conds.append(_entity_is(entity))
    if type:
        conds.append(func.upper(EntityRow.type) == type.upper())
    stmt = (select(MentionRow, EntityRow.name, EntityRow.type.label("entity_type"), EntityRow.code,
                   EntityRow.country).join(EntityRow, EntityRow.id == MentionRow.entity_id)
            .join(FACETS, FACETS.c.id == MentionRow.article_id)
            .where(MentionRow.id > after, *conds).order_by(MentionRow.id).limit(limit))
    found = session.execute(stmt).all()
    articles = _article_cols(session, {r.MentionRow.article_id for r in found})
    out = []
    for r in found:
        m = r.MentionRow
        art = articles[m.article_id]
        out.append({"id": m.id, "entity_id": m.entity_id, "name": r.name, "entity_type": r.entity_type,
                    "code": r.code, "country": r.country} | art | {
            "date": art["published"], "text": m.text, "label": m.label,
            "mention_kind": m.kind, "start": m.start, "end": m.end})
    return out


def _entities(session: Session, after: int, limit: int, *, type: str | None = None, q: str | None = None,
              entity: str | None = None, **unused: Any) -> list[dict[str, Any]]:
    _unused("entities", **unused)
    conds: list[Any] = []
    if type:
        conds.append(func.upper(EntityRow.type) == type.upper())
    if q:
        conds.append(or_(EntityRow.name.icontains(q, autoescape=True),
                         cast(EntityRow.aliases, Text).icontains(q, autoescape=True)))
    if entity:
        conds.append(_entity_is(entity))
    mentions = select(func.count()).where(MentionRow.entity_id == EntityRow.id).scalar_subquery()
    n_quotes = select(func.count()).where(QuoteRow.speaker_entity_id == EntityRow.id).scalar_subquery()
    stmt = (select(EntityRow, mentions.label("m"), n_quotes.label("nq"))
            .where(EntityRow.id > after, *conds).order_by(EntityRow.id).limit(limit))
    return [{"id": e.id, "name": e.name, "type": e.type, "code": e.code, "country": e.country, "sector": e.sector,
             "aliases": list(e.aliases or []), "mentions": r.m, "quotes": r.nq}
            for r in session.execute(stmt) for e in [r.EntityRow]]


def _articles(session: Session, after: int, limit: int, *, entity: str | None = None, speaker: str | None = None,
              type: str | None = None, **filters: Any) -> list[dict[str, Any]]:
    narrow = _article_conds(**filters)
    conds: list[Any] = [ArticleRow.id.in_(select(FACETS.c.id).where(*narrow))] if narrow else []
    if entity:
        named = select(EntityRow.id).where(_entity_is(entity))
        conds.append(exists().where(MentionRow.article_id == ArticleRow.id, MentionRow.entity_id.in_(named)))
    if speaker:
        conds.append(exists().where(QuoteRow.article_id == ArticleRow.id, _speaker_filter(speaker)))
    if type:
        types = [t.strip().upper() for t in type.split(",") if t.strip()]
        conds.append(exists().where(EventRow.article_id == ArticleRow.id, func.upper(EventRow.type).in_(types)))
    counts = {name: select(func.count()).where(model.article_id == ArticleRow.id).scalar_subquery().label(name)
              for name, model in (("quotes", QuoteRow), ("events", EventRow), ("mentions", MentionRow))}
    stmt = (select(ArticleRow.id, ArticleRow.url, ArticleRow.title, ArticleRow.source, ArticleRow.site,
                   ArticleRow.published, ArticleRow.published_source, ArticleRow.language, ArticleRow.duplicate_of,
                   func.length(ArticleRow.text).label("chars"), *counts.values())
            .where(ArticleRow.id > after, *conds).order_by(ArticleRow.id).limit(limit))
    return [{"id": r.id, "url": r.url, "title": r.title, "source": r.source, "site": r.site, "date": r.published,
             "published_source": r.published_source, "language": r.language, "duplicate_of": r.duplicate_of,
             "start": 0, "end": r.chars, "quotes": r.quotes, "events": r.events, "mentions": r.mentions}
            for r in session.execute(stmt)]

