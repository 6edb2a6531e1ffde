"""Read-only queries behind the Service's reading methods: one plain data structure per page.

Every function takes an open :class:`~sqlalchemy.orm.Session` first, then keyword-only filters, and
uses parameterised SQL only (SQLAlchemy expressions, or ``text()`` with bound values and fixed SQL
fragments). Rows come back in the shapes of the stored records in :mod:`parley.records`.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from datetime import date, timedelta
from functools import cache
from typing import Any

from pydantic import BaseModel
from sqlalchemy import (
    Column,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    bindparam,
    cast,
    exists,
    func,
    literal_column,
    or_,
    select,
)
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import ColumnElement

from parley.errors import NotFound
from parley.records import (
    PLANNED,
    PLOVER_GROUPS,
    EventSummary,
    QuoteSummary,
    StoredArticle,
    StoredEntity,
    StoredEvent,
    StoredMention,
    StoredQuote,
    StoredRole,
    StoredTimex,
    plover_group,
)
from parley.store.fts import parse, phrase
from parley.store.portable import fts_ids, json_values, start_day, start_day_sqlite
from parley.store.repo import counts, overrides
from parley.store.search import search, split_marks
from parley.store.tables import (
    ArticleRow,
    EntityRow,
    EventEntityRow,
    EventRow,
    MentionRow,
    QuoteOverrideRow,
    QuoteRow,
    RoleRow,
    TimexRow,
)

__all__ = ["FACETS", "search", "split_marks", "start_day_sql"]  # search lives in parley.store.search
# One narrow row per article, kept by triggers (migration 0003): lists filter and date by it, and read
# the large article rows only for the page they show. Not in tables.Base: only migrations create it.
FACETS = Table("article_facets", MetaData(), Column("id", Integer, primary_key=True), Column("source", String),
               Column("published", String), Column("types", String))
def start_day_sql(col: str) -> str:
    """SQL for the ISO day a TIMEX3 value in ``col`` starts on (NULL without a known year): the SQL
    twin of :func:`parley.dates.start_day`, held to the same table by the tests. ``col`` is a fixed
    column name, never user text."""
    return start_day_sqlite(col)


def _fields(row: Any, record: type[BaseModel]) -> dict[str, Any]:
    """The attributes of ``row`` that ``record`` declares, as stored (read, not validated); a field
    the table does not hold (yet) reads as None."""
    return {name: getattr(row, name, None) for name in record.model_fields}


# -- articles ---------------------------------------------------------------------------------
def _summary(fields: dict[str, Any], text: str, authors: list[str] | None) -> dict[str, Any]:
    """An article's stored fields with its authors as a list and the excerpt lists show."""
    return fields | {"authors": authors or [], "excerpt": text[:240]}


def article_dict(row: ArticleRow, *, full: bool = False) -> dict[str, Any]:
    """One article as plain data, the same for the CLI, the API and the web pages."""
    out = _summary(_fields(row, StoredArticle), row.text, row.authors)
    if full:
        out["text"] = row.text
        out["timexes"] = [_fields(r, StoredTimex) for r in row.timexes]
        out["mentions"] = [_fields(r, StoredMention) for r in row.mentions]
        out["quotes"] = [_fields(r, StoredQuote) for r in sorted(row.quotes, key=lambda q: (q.start, q.id))]
        out["events"] = [_fields(r, StoredEvent) for r in row.events]
    return out


def _count_by_article(session: Session, model: Any, ids: list[int]) -> dict[int, int]:
    rows = session.execute(select(model.article_id, func.count()).where(model.article_id.in_(ids))
                           .group_by(model.article_id))
    return {a: n for a, n in rows}


def articles(session: Session, *, limit: int = 50, offset: int = 0) -> dict[str, Any]:
    """Newest first, each with its annotation counts."""
    total = session.scalar(select(func.count()).select_from(ArticleRow)) or 0
    rows = session.scalars(select(ArticleRow).order_by(ArticleRow.published.desc().nulls_last(),
                                                       ArticleRow.id.desc()).limit(limit).offset(offset)).all()
    items = [article_dict(r) for r in rows]
    ids = [a["id"] for a in items]
    by_article = {name: _count_by_article(session, model, ids) for name, model in (
        ("quotes", QuoteRow), ("events", EventRow), ("mentions", MentionRow), ("timexes", TimexRow))}
    for a in items:
        a["counts"] = {name: by_id.get(a["id"], 0) for name, by_id in by_article.items()}
    return {"count": total, "limit": limit, "offset": offset, "articles": items}


def article(session: Session, article_id: int, *, groups: bool = False,
            min_confidence: float | None = None) -> dict[str, Any]:
    """One article with every annotation; with ``groups``, events carry their PLOVER group. Events under
    ``min_confidence`` are left out (``events_hidden`` counts them; an event stored without a confidence
    is kept). ``overrides``: the corrections of its quotes, ``applied`` or ``orphaned``."""
    found = session.execute(_article_select(), {"aid": article_id}).mappings().first()
    if found is None:
        raise NotFound(f"no article #{article_id}")
    out = _summary({name: found.get(name) for name in StoredArticle.model_fields}, found["text"], found["authors"])
    out["text"] = found["text"]
    for name, model, record in _CHILDREN:
        out[name] = _children(session, model, record, article_id)
    out["quotes"].sort(key=lambda q: (q["start"], q["id"]))
    shown = [ev for ev in out["events"] if _confident(ev.get("confidence"), min_confidence)]
    out["events_hidden"] = len(out["events"]) - len(shown)
    out["events"] = shown
    sides = event_entities(session, [ev["id"] for ev in shown])
    for ev in shown:
        ev |= sides.get(ev["id"], {"actor_entities": [], "recipient_entities": []})
        if groups:
            ev["group"] = plover_group(ev["type"])
    out["overrides"] = [override_dict(o) for o in session.execute(_overrides_select(),
                                                                    {"hash": found["content_hash"]})]
    return out


@cache
def _overrides_select() -> Any:
    """:func:`parley.store.repo.overrides` as plain rows (read only: no ORM objects)."""
    table = QuoteOverrideRow.__table__
    return select(table).where(table.c.content_hash == bindparam("hash")).order_by(table.c.start, table.c.id)


# an article's annotations, as article_dict(full=True) gives them: name, table, the record they are read as
_CHILDREN = (("timexes", TimexRow, StoredTimex), ("mentions", MentionRow, StoredMention),
             ("quotes", QuoteRow, StoredQuote), ("events", EventRow, StoredEvent))


def _columns(model: Any, record: type[BaseModel]) -> list[Any]:
    """The columns of ``model``'s table that ``record`` declares."""
    table = model.__table__
    return [table.c[name] for name in record.model_fields if name in table.c]


@cache
def _article_select() -> Any:
    art = ArticleRow.__table__
    return select(*_columns(ArticleRow, StoredArticle), art.c.text, art.c.content_hash).where(
        art.c.id == bindparam("aid"))


@cache
def _children_select(model: Any, record: type[BaseModel]) -> Any:
    table = model.__table__
    return select(*_columns(model, record)).where(table.c.article_id == bindparam("aid")).order_by(table.c.id)


def _children(session: Session, model: Any, record: type[BaseModel], article_id: int) -> list[dict[str, Any]]:
    """An article's rows of ``model`` as ``record``'s fields (read, not validated), in id order: one
    plain SELECT of the needed columns (built once), no ORM objects."""
    rows = session.execute(_children_select(model, record), {"aid": article_id}).mappings()
    return [{name: r.get(name) for name in record.model_fields} for r in rows]


def override_dict(o: Any) -> dict[str, Any]:
    """A correction as plain data, from its ORM row or a plain row of its table."""
    return {"id": o.id, "start": o.start, "end": o.end, "quote_text": o.quote_text, "action": o.action,
            "speaker_name": o.speaker_name, "speaker_entity_id": o.speaker_entity_id, "note": o.note,
            "author": o.author, "created_at": o.created_at.isoformat(timespec="seconds") if o.created_at else None,
            "status": o.status}


def _confident(value: float | None, least: float | None) -> bool:
    return least is None or value is None or value >= least


def event_entities(session: Session, ids: list[int]) -> dict[int, dict[str, list[dict[str, Any]]]]:
    """The entities each event's sides stand for: ``{event id: {"actor_entities": [...],
    "recipient_entities": [...]}}``, each entity as ``{id, name, type, code}``."""
    out: dict[int, dict[str, list[dict[str, Any]]]] = {}
    for chunk in range(0, len(ids), 500):
        rows = session.execute(_sides_select(), {"ids": ids[chunk:chunk + 500]})
        for r in rows:
            sides = out.setdefault(r.event_id, {"actor_entities": [], "recipient_entities": []})
            sides[f"{r.role}_entities"].append({"id": r.id, "name": r.name, "type": r.type, "code": r.code})
    return out


@cache
def _sides_select() -> Any:
    return (select(EventEntityRow.event_id, EventEntityRow.role, EntityRow.id, EntityRow.name, EntityRow.type,
                   EntityRow.code).join(EntityRow, EntityRow.id == EventEntityRow.entity_id)
            .where(EventEntityRow.event_id.in_(bindparam("ids", expanding=True))).order_by(EventEntityRow.id))


def iter_articles(session: Session) -> Iterator[dict[str, Any]]:
    """Every article with its annotations, in id order."""
    for row in session.scalars(select(ArticleRow).order_by(ArticleRow.id)):
        out = article_dict(row, full=True)
        out["overrides"] = [override_dict(o) for o in overrides(session, row.content_hash)]
        yield out


def stats(session: Session) -> dict[str, Any]:
    """Row counts, plus articles by where their date came from and by language."""
    out: dict[str, Any] = counts(session)
    by_src: dict[str, int] = {}
    by_lang: dict[str, int] = {}
    for r in session.execute(select(ArticleRow.published_source, ArticleRow.language)):
        by_src[r.published_source or "unknown"] = by_src.get(r.published_source or "unknown", 0) + 1
        by_lang[r.language or "und"] = by_lang.get(r.language or "und", 0) + 1
    out["published_from"] = by_src
    out["languages"] = by_lang
    return out


# -- quotes -----------------------------------------------------------------------------------
def _speaker_filter(speaker: str) -> ColumnElement[bool]:
    """A speaker by entity id, or by name: the entity's name or an alias, or the words of the name
    in the quote's speaker (``Zakharova`` finds Maria Zakharova's quotes)."""
    if speaker.isdigit():
        return QuoteRow.speaker_entity_id == int(speaker)
    ids = select(EntityRow.id).where(or_(func.lower(EntityRow.name) == speaker.lower(),
                                         _names_in(EntityRow.aliases, [speaker])))
    return or_(func.lower(QuoteRow.speaker_name) == speaker.lower(), QuoteRow.speaker_entity_id.in_(ids),
               QuoteRow.id.in_(_fts_ids("quotes_fts", "speaker : " + phrase(speaker))))


def _fts_ids(table: str, match: str) -> Any:
    """The rowids of ``table`` (a fixed FTS5 table name) that ``match`` finds, as a subquery."""
    return fts_ids(table, match)


def quote_day() -> ColumnElement[str]:
    """The day a quote was said (the start of its TIMEX3 value), else its article's day."""
    return func.coalesce(start_day("quotes.said_on"), FACETS.c.published)


def quote_conds(*, speaker: str | None = None, q: str | None = None, since: date | None = None,
                until: date | None = None, kind: str | None = None, article_id: int | None = None,
                source: str | None = None, entity: str | None = None) -> list[ColumnElement[bool]]:
    """The conditions of a quotes list (joined to its article). ``q`` is a search query
    (:mod:`parley.store.fts`: phrases, OR, NOT, ``speaker:``, ``since:``...), matched against the
    quote's words and its speaker's name together."""
    conds: list[ColumnElement[bool]] = []
    if q:
        parsed = parse(q)
        speaker = speaker or parsed.filters.get("speaker")
        since = since or _day_of(parsed.filters.get("since"))
        until = until or _day_of(parsed.filters.get("until"))
        source = source or parsed.filters.get("source")
        if parsed.match:
            conds.append(QuoteRow.id.in_(_fts_ids("quotes_fts", parsed.match)))
        elif not parsed.filters:  # no words at all ('"', '((('): nothing to look for
            conds.append(QuoteRow.id < 0)
    for who in (speaker, entity):
        if who:
            conds.append(_speaker_filter(who))
    day = quote_day()
    if since:
        conds.append(day >= since.isoformat())
    if until:
        conds.append(day <= until.isoformat())
    if kind:
        conds.append(QuoteRow.kind == kind)
    if article_id is not None:
        conds.append(QuoteRow.article_id == article_id)
    if source:
        conds.append(func.lower(FACETS.c.source) == source.lower())
    return conds


def quote_article(session: Session, quote_id: int) -> int | None:
    return session.scalar(select(QuoteRow.article_id).where(QuoteRow.id == quote_id))


def _day_of(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def quotes(session: Session, *, limit: int = 50, offset: int = 0, order: str = "newest",
           **filters: Any) -> dict[str, Any]:
    """Quotes by the real day they were said (newest first, or ``order="oldest"``); filters as in
    :func:`quote_conds`: speaker (entity id or name), q, since, until, kind, article_id, source."""
    conds = quote_conds(**filters)
    day = quote_day()
    by_day = day.asc().nulls_last() if order == "oldest" else day.desc().nulls_last()
    narrow = select(QuoteRow.id, day.label("day")).join(FACETS, FACETS.c.id == QuoteRow.article_id).where(*conds)
    total = session.scalar(select(func.count()).select_from(narrow.subquery()))
    page = session.execute(narrow.order_by(by_day, QuoteRow.id).limit(limit).offset(offset)).all()
    rows = {r.QuoteRow.id: r for r in session.execute(
        select(QuoteRow, ArticleRow.title, ArticleRow.published, ArticleRow.url).join(ArticleRow)
        .where(QuoteRow.id.in_([p.id for p in page])))}
    items = [_quote(r.QuoteRow, r.title, r.published, p.day) | {"url": r.url} for p in page for r in [rows[p.id]]]
    return {"count": total or 0, "limit": limit, "offset": offset, "quotes": items}


def _quote(row: QuoteRow, title: str | None, published: str | None, day: str | None) -> dict[str, Any]:
    return _fields(row, QuoteSummary) | {"article_id": row.article_id, "article_title": title,
                                         "published": published, "date": day, "anonymous": bool(row.anonymous)}


# -- entities ---------------------------------------------------------------------------------
def entities(session: Session, *, type: str | None = None, q: str | None = None, limit: int = 50,
             offset: int = 0) -> dict[str, Any]:
    """Entities by mention count, filtered by type and a name/alias substring."""
    conds: list[ColumnElement[bool]] = []
    if type:
        conds.append(func.upper(EntityRow.type) == type.upper())
    if q:
        conds.append(or_(EntityRow.name.icontains(q, autoescape=True),
                         cast(EntityRow.aliases, Text).icontains(q, autoescape=True)))
    mentions = select(func.count()).where(MentionRow.entity_id == EntityRow.id).scalar_subquery()
    n_quotes = select(func.count()).where(QuoteRow.speaker_entity_id == EntityRow.id).scalar_subquery()
    total = session.scalar(select(func.count()).select_from(EntityRow).where(*conds))
    rows = session.execute(select(EntityRow, mentions.label("m"), n_quotes.label("nq")).where(*conds)
                           .order_by(mentions.desc(), EntityRow.name).limit(limit).offset(offset)).all()
    items = [_entity(r.EntityRow) | {"mentions": r.m, "quotes": r.nq} for r in rows]
    return {"count": total or 0, "limit": limit, "offset": offset, "entities": items}


def _entity(row: EntityRow) -> dict[str, Any]:
    return _fields(row, StoredEntity) | {"aliases": list(row.aliases or [])}


def _names_in(column: Any, names: list[str]) -> ColumnElement[bool]:
    """``column`` (a JSON list) holds one of ``names`` (case-insensitive)."""
    each = json_values(column).table_valued("value")
    return exists(select(1).select_from(each).where(func.upper(each.c.value).in_([n.upper() for n in names])))


def _actor_is(column: Any, entity: str) -> ColumnElement[bool]:
    """``column`` (a JSON list of actors) holds ``entity`` as written: an actor code (RUS) or the words
    of an unresolved side."""
    each = json_values(column).table_valued("value")
    return exists(select(1).select_from(each).where(func.upper(each.c.value) == entity.upper()))


def takes_part(entity: str, role: str | None = None) -> ColumnElement[bool]:
    """The event has ``entity`` (an entity id, or the name of stored entities) as a side, through the
    event's linked entities (``event_entities``): never through a code that entity shares with others,
    so a person's events are not their country's. ``role``: ``actor`` or ``recipient`` only."""
    ids: Any = [int(entity)] if entity.isdigit() else select(EntityRow.id).where(
        func.lower(EntityRow.name) == entity.lower())
    linked = select(EventEntityRow.event_id).where(EventEntityRow.entity_id.in_(ids))
    if role:
        linked = linked.where(EventEntityRow.role == role)
    return EventRow.id.in_(linked)


def entity(session: Session, entity_id: int, *, min_confidence: float | None = None) -> dict[str, Any]:
    """One entity: aliases, roles over time, quotes and the events it acts in or is acted on in (its
    own, through ``event_entities``: not those of the country whose code it shares), at least
    ``min_confidence`` sure."""
    row = session.get(EntityRow, entity_id)
    if row is None:
        raise NotFound(f"no entity #{entity_id}")
    out = _entity(row)
    roles = session.scalars(select(RoleRow).where(RoleRow.entity_id == entity_id)
                            .order_by(RoleRow.as_of.nulls_last(), RoleRow.id)).all()
    out["roles"] = [_fields(r, StoredRole) for r in roles]
    out["mentions"] = session.scalar(select(func.count()).where(MentionRow.entity_id == entity_id))
    out["quotes"] = quotes(session, speaker=str(entity_id), limit=500)["quotes"]
    found = events(session, entity=str(entity_id), min_confidence=min_confidence, limit=500)
    out["events"] = found["events"]
    out["events_count"] = found["count"]
    return out


# -- events, timeline, network ----------------------------------------------------------------
def _event_day() -> ColumnElement[str]:
    """The day of an event: the start of its TIMEX3 date, else its article's day."""
    return func.coalesce(start_day("events.date"), FACETS.c.published)


def _event_conds(*, type: str | None = None, actor: str | None = None, recipient: str | None = None,
                 status: str | None = None, since: date | None = None, until: date | None = None,
                 article_id: int | None = None, source: str | None = None, entity: str | None = None,
                 speaker: str | None = None, q: str | None = None, min_confidence: float | None = None
                 ) -> list[ColumnElement[bool]]:
    """Conditions of an events list (joined to its article). ``actor``/``recipient`` match the codes or
    words stored for a side (RUS); ``entity`` is a stored entity (id or name) that acts or is acted on;
    ``speaker`` who claimed the event; ``q`` a search query over the article's words; ``min_confidence``
    keeps events at least that sure (and those stored before events had a confidence)."""
    day = _event_day()
    conds: list[ColumnElement[bool]] = []
    if type:
        types = [t.strip().upper() for t in type.split(",") if t.strip()]
        conds.append(func.upper(EventRow.type).in_(types))
    if actor:
        conds.append(_names_in(EventRow.actors, [actor]))
    if recipient:
        conds.append(_names_in(EventRow.recipients, [recipient]))
    if entity:  # an entity id: its own events; a name or code: also sides stored as those words
        conds.append(takes_part(entity) if entity.isdigit() else or_(
            takes_part(entity), _actor_is(EventRow.actors, entity), _actor_is(EventRow.recipients, entity)))
    if min_confidence is not None:
        conds.append(or_(EventRow.confidence.is_(None), EventRow.confidence >= min_confidence))
    if status:
        conds.append(EventRow.status == status)
    if since:
        conds.append(day >= since.isoformat())
    if until:
        conds.append(day <= until.isoformat())
    if article_id is not None:
        conds.append(EventRow.article_id == article_id)
    if source:
        conds.append(func.lower(FACETS.c.source) == source.lower())
    if speaker:
        conds.append(func.lower(EventRow.source).contains(speaker.lower(), autoescape=True))
    if q:
        match = parse(q).match
        conds.append(EventRow.article_id.in_(_fts_ids("articles_fts", match)) if match else EventRow.id < 0)
    return conds


def _event(row: Any, title: str | None, day: str | None) -> dict[str, Any]:
    """An event row (an EventRow, or a mapping of its columns) as a list shows it."""
    get = row.get if isinstance(row, Mapping) else lambda name, default=None: getattr(row, name, default)
    return {name: get(name, None) for name in EventSummary.model_fields} | {
        "article_id": get("article_id"), "article_title": title, "group": plover_group(get("type") or ""),
        "actors": list(get("actors") or []), "recipients": list(get("recipients") or []), "day": day,
        "planned": get("status") in PLANNED}


def events(session: Session, *, limit: int = 50, offset: int = 0, order: str = "newest", articles: bool = True,
           **filters: Any) -> dict[str, Any]:
    """Events by the real day (newest first, or ``order="oldest"``); filters as in :func:`_event_conds`:
    type (comma list), actor, recipient, entity, status, since, until, source, speaker, q. Without
    ``articles``, no article title or URL (the timeline and the network count events, by the thousand)."""
    conds = _event_conds(**filters)
    day = _event_day()
    by_day = day.asc().nulls_last() if order == "oldest" else day.desc().nulls_last()
    narrow = select(EventRow.id, day.label("day")).join(FACETS, FACETS.c.id == EventRow.article_id).where(*conds)
    total = session.scalar(select(func.count()).select_from(narrow.subquery()))
    page = session.execute(narrow.order_by(by_day, EventRow.id).limit(limit).offset(offset)).all()
    ids = [p.id for p in page]
    # plain columns, not ORM objects: the timeline and the network read thousands of rows
    cols = [getattr(EventRow, f) for f in EventSummary.model_fields if hasattr(EventRow, f)] + [EventRow.article_id]
    detail = select(*cols, ArticleRow.title.label("title_"), ArticleRow.url.label("url_")).join(ArticleRow) \
        if articles else select(*cols, literal_column("NULL").label("title_"), literal_column("NULL").label("url_"))
    rows = {r["id"]: r for r in session.execute(detail.where(EventRow.id.in_(ids))).mappings()}
    items = [_event(r, r["title_"], p.day) | {"url": r["url_"]} for p in page for r in [rows[p.id]]]
    if articles:  # the sides as entities, for a list a person reads (not for the timeline's counts)
        sides = event_entities(session, ids)
        for ev in items:
            ev |= sides.get(ev["id"], {"actor_entities": [], "recipient_entities": []})
    return {"count": total or 0, "limit": limit, "offset": offset, "events": items}


def _bucket_start(day: str, bucket: str) -> str | None:
    try:
        d = date.fromisoformat(day[:10])
    except (TypeError, ValueError):
        return None
    return (d - timedelta(days=d.weekday())).isoformat() if bucket == "week" else d.isoformat()


def timeline(session: Session, *, bucket: str = "day", limit: int = 5000, **filters: Any) -> dict[str, Any]:
    """Events bucketed by day or ISO week (Monday), with counts per PLOVER group and type."""
    evs = events(session, limit=limit, articles=False, **filters)["events"]
    buckets: dict[str, dict[str, Any]] = {}
    undated = 0
    for ev in evs:
        start = _bucket_start(ev["day"] or "", bucket)
        if start is None:
            undated += 1
            continue
        b = buckets.setdefault(start, {"start": start, "total": 0, "planned": 0, "groups": {}, "types": {},
                                       "events": []})
        b["total"] += 1
        b["planned"] += ev["planned"]
        b["groups"][ev["group"]] = b["groups"].get(ev["group"], 0) + 1
        b["types"][ev["type"]] = b["types"].get(ev["type"], 0) + 1
        b["events"].append({k: ev[k] for k in ("id", "article_id", "type", "group", "status", "planned",
                                               "actors", "recipients", "trigger_text", "day")})
    items = [buckets[k] for k in sorted(buckets)]
    return {"bucket": bucket, "count": len(items), "events": len(evs) - undated, "undated": undated,
            "groups": PLOVER_GROUPS, "buckets": items}


def network(session: Session, *, min_count: int = 1, top: int | None = None, **filters: Any) -> dict[str, Any]:
    """Who acts on whom, between entities: for every event the filters keep, each entity linked as its
    actor times each linked as its recipient (``event_entities``), counted by event type. Nodes are
    entity ids (as strings), with the entity's name, type and code; never a code or unresolved words.
    With ``top``, the ``top`` entities by weight (their interactions) and the links among them."""
    conds = _event_conds(**filters)
    kept = select(EventRow.id).join(FACETS, FACETS.c.id == EventRow.article_id).where(*conds)
    actor, target = EventEntityRow.__table__.alias("a"), EventEntityRow.__table__.alias("r")
    stmt = (select(actor.c.entity_id.label("src"), target.c.entity_id.label("dst"), EventRow.type, func.count())
            .select_from(actor).join(target, (target.c.event_id == actor.c.event_id) & (target.c.role == "recipient"))
            .join(EventRow, EventRow.id == actor.c.event_id)
            .where(actor.c.role == "actor", actor.c.entity_id != target.c.entity_id, actor.c.event_id.in_(kept))
            .group_by(actor.c.entity_id, target.c.entity_id, EventRow.type))
    pairs = {(str(r.src), str(r.dst), r.type): r[3] for r in session.execute(stmt)}
    edges: list[dict[str, Any]] = [{"source": a, "target": r, "type": t, "group": plover_group(t), "count": n}
                                   for (a, r, t), n in sorted(pairs.items(), key=lambda kv: (-kv[1], kv[0]))
                                   if n >= min_count]
    degree: dict[str, int] = {}
    for e in edges:
        for end in (e["source"], e["target"]):
            degree[end] = degree.get(end, 0) + e["count"]
    ranked = sorted(degree.items(), key=lambda kv: (-kv[1], int(kv[0])))
    if top is not None and len(ranked) > top:
        ranked = ranked[:top]
        kept_ids = {n for n, _c in ranked}
        edges = [e for e in edges if e["source"] in kept_ids and e["target"] in kept_ids]
    ids = [int(n) for n, _c in ranked]
    entities: dict[str, dict[str, Any]] = {}
    for chunk in range(0, len(ids), 500):
        for r in session.execute(select(EntityRow.id, EntityRow.name, EntityRow.type, EntityRow.code)
                                 .where(EntityRow.id.in_(ids[chunk:chunk + 500]))):
            entities[str(r.id)] = {"id": r.id, "name": r.name, "type": r.type, "code": r.code}
    nodes = [{"id": n, "count": c} | {k: entities.get(n, {}).get(k) for k in ("name", "type", "code")}
             for n, c in ranked]
    return {"count": len(edges), "actors": len(degree), "nodes": nodes, "edges": edges, "entities": entities}


def chronology(session: Session, **filters: Any) -> dict[str, Any]:
    """Day by day, the events and quotes: see :func:`parley.store.chronology.chronology`."""
    from parley.store.chronology import chronology as by_day  # it builds on this module's conditions

    return by_day(session, **filters)


def export_rows(session: Session, kind: str, **filters: Any) -> dict[str, Any]:
    """A page of flat export rows: see :func:`parley.store.rows.rows`."""
    from parley.store.rows import rows  # it builds on this module's conditions

    return rows(session, kind, **filters)
