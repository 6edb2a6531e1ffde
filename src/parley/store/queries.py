"""Read-only queries behind the Service's reading methods: one plain data structure per page.

Every function takes an open :class:`~sqlalchemy.orm.Session` first, then keyword-only filters, and
uses parameterised SQL only (SQLAlchemy expressions, or ``text()`` with bound values and fixed SQL
fragments). Rows come back in the shapes of the stored records in :mod:`parley.records`.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta
from typing import Any

from pydantic import BaseModel
from sqlalchemy import Text, case, cast, exists, func, or_, select, text
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
from parley.store.repo import counts, fts_query
from parley.store.tables import ArticleRow, EntityRow, EventRow, MentionRow, QuoteRow, RoleRow, TimexRow

_ISO_DAY = "[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]*"


def _fields(row: Any, record: type[BaseModel]) -> dict[str, Any]:
    """The attributes of ``row`` that ``record`` declares, as stored (read, not validated)."""
    return {name: getattr(row, name) for name in record.model_fields}


def split_marks(snippet: str) -> tuple[str, list[list[int]]]:
    """FTS snippet with \\x02/\\x03 markers -> plain text and ``[start, end]`` highlight offsets."""
    out: list[str] = []
    marks: list[list[int]] = []
    pos = 0
    for ch in snippet or "":
        if ch == "\x02":
            marks.append([pos, pos])
        elif ch == "\x03":
            if marks:
                marks[-1][1] = pos
        else:
            out.append(ch)
            pos += 1
    return "".join(out), [m for m in marks if m[1] > m[0]]


# -- articles ---------------------------------------------------------------------------------
def article_dict(row: ArticleRow, *, full: bool = False) -> dict[str, Any]:
    """One article as plain data, the same for the CLI, the API and the web pages."""
    out = _fields(row, StoredArticle) | {"authors": row.authors or [], "excerpt": row.text[:240]}
    if full:
        out["text"] = row.text
        out["timexes"] = [_fields(r, StoredTimex) for r in row.timexes]
        out["mentions"] = [_fields(r, StoredMention) for r in row.mentions]
        out["quotes"] = [_fields(r, StoredQuote) for r in row.quotes]
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


def article(session: Session, article_id: int, *, groups: bool = False) -> dict[str, Any]:
    """One article with every annotation; with ``groups``, events carry their PLOVER group."""
    row = session.get(ArticleRow, article_id)
    if row is None:
        raise NotFound(f"no article #{article_id}")
    out = article_dict(row, full=True)
    if groups:
        for ev in out["events"]:
            ev["group"] = plover_group(ev["type"])
    return out


def iter_articles(session: Session) -> Iterator[dict[str, Any]]:
    """Every article with its annotations, in id order."""
    for row in session.scalars(select(ArticleRow).order_by(ArticleRow.id)):
        yield article_dict(row, full=True)


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


# -- search -----------------------------------------------------------------------------------
def _article_filters(source: str | None, since: date | None, until: date | None) -> tuple[str, dict]:
    sql, params = "", {}
    if source:
        sql += " AND a.source = :source"
        params["source"] = source
    if since:
        sql += " AND a.published >= :since"
        params["since"] = since.isoformat()
    if until:
        sql += " AND a.published <= :until"
        params["until"] = until.isoformat()
    return sql, params


_IDS = "SELECT rowid FROM articles_fts WHERE articles_fts MATCH :q"


def _facet(session: Session, expr: str, index: str, where: str, params: dict) -> list[dict[str, Any]]:
    # ``expr`` and ``index`` are fixed strings from ``search``, never user text. Scanning the covering
    # index and probing the FTS matches avoids reading each (large) article row.
    rows = session.execute(text(
        f"SELECT {expr} AS value, count(*) AS n FROM articles a INDEXED BY {index} "
        f"WHERE a.id IN ({_IDS}){where} GROUP BY value ORDER BY n DESC, value LIMIT 12"), params)
    return [{"value": r.value, "count": r.n} for r in rows if r.value]


def _top_articles(session: Session, where: str, params: dict) -> list[dict[str, Any]]:
    snip = "snippet(articles_fts, 1, char(2), char(3), ' … ', 24)"
    if where:
        sql = (f"SELECT a.id, a.title, a.published, a.source, a.url, {snip} AS snippet FROM articles_fts "
               f"JOIN articles a ON a.id = articles_fts.rowid WHERE articles_fts MATCH :q{where} "
               "ORDER BY bm25(articles_fts, 5.0, 1.0) LIMIT :limit OFFSET :offset")
    else:  # FTS5 sorts by its own rank (title weighted) and only the page's rows are joined
        sql = (f"SELECT a.id, a.title, a.published, a.source, a.url, f.snippet FROM (SELECT rowid AS id, "
               f"{snip} AS snippet, rank FROM articles_fts WHERE articles_fts MATCH :q AND "
               "rank MATCH 'bm25(5.0, 1.0)' ORDER BY rank LIMIT :limit OFFSET :offset) f "
               "JOIN articles a ON a.id = f.id ORDER BY f.rank")
    return [_hit(dict(r)) for r in session.execute(text(sql), params).mappings()]


def search(session: Session, q: str, *, kind: str | None = None, source: str | None = None,
           since: date | None = None, until: date | None = None, limit: int = 20,
           offset: int = 0) -> dict[str, Any]:
    """Ranked article and quote hits with highlight offsets, plus source/month/kind facets."""
    match = fts_query(q)
    no_kinds = [{"value": "article", "count": 0}, {"value": "quote", "count": 0}]
    out: dict[str, Any] = {"query": q, "count": 0, "limit": limit, "offset": offset, "articles": [],
                           "quotes": [], "facets": {"kind": no_kinds, "source": [], "month": []}}
    if not match:  # no word characters at all ('"', '(((', U+202E): nothing to look for
        return out
    where, params = _article_filters(source, since, until)
    params |= {"q": match, "limit": limit, "offset": offset}
    n_articles = session.execute(text(
        f"SELECT count(*) FROM articles a WHERE a.id IN ({_IDS}){where}" if where
        else "SELECT count(*) FROM articles_fts WHERE articles_fts MATCH :q"), params).scalar_one()
    n_quotes, quotes = _search_quotes(session, where, params, top=kind != "article")
    if kind != "quote":
        out["articles"] = _top_articles(session, where, params)
    out["quotes"] = quotes
    src_where, src_params = _article_filters(None, since, until)
    out["facets"]["source"] = _facet(session, "a.source", "ix_articles_source", src_where,
                                     src_params | {"q": match})
    out["facets"]["month"] = _facet(session, "substr(a.published, 1, 7)", "ix_articles_published",
                                    where, params)
    out["facets"]["kind"] = [{"value": "article", "count": n_articles}, {"value": "quote", "count": n_quotes}]
    out["count"] = {"article": n_articles, "quote": n_quotes}.get(kind or "", n_articles + n_quotes)
    return out


def _hit(row: dict[str, Any]) -> dict[str, Any]:
    row["snippet"], row["highlights"] = split_marks(row["snippet"])
    return row


def _search_quotes(session: Session, where: str, params: dict, *, top: bool) -> tuple[int, list[dict[str, Any]]]:
    hl = "highlight(quotes_fts, 0, char(2), char(3))"
    if where:
        base = ("FROM quotes_fts JOIN quotes q ON q.id = quotes_fts.rowid JOIN articles a "
                f"ON a.id = q.article_id WHERE quotes_fts MATCH :q{where}")
        n = session.execute(text(f"SELECT count(*) {base}"), params).scalar_one()
        ranked = f"SELECT q.id AS id, {hl} AS snippet, bm25(quotes_fts, 1.0, 3.0) AS rank {base} ORDER BY rank"
    else:
        n = session.execute(text("SELECT count(*) FROM quotes_fts WHERE quotes_fts MATCH :q"), params).scalar_one()
        ranked = (f"SELECT rowid AS id, {hl} AS snippet, rank FROM quotes_fts WHERE quotes_fts MATCH :q "
                  "AND rank MATCH 'bm25(1.0, 3.0)' ORDER BY rank")
    if not top or not n:
        return int(n), []
    rows = session.execute(text(
        "SELECT q.id, q.article_id, a.title AS article_title, a.published, q.text, q.kind, q.speaker_name, "
        f"q.speaker_entity_id, q.said_on, f.snippet FROM ({ranked} LIMIT :limit OFFSET :offset) f "
        "JOIN quotes q ON q.id = f.id JOIN articles a ON a.id = q.article_id ORDER BY f.rank"), params).mappings()
    return int(n), [_hit(dict(r)) for r in rows]


# -- quotes -----------------------------------------------------------------------------------
def _speaker_filter(speaker: str) -> ColumnElement[bool]:
    if speaker.isdigit():
        return QuoteRow.speaker_entity_id == int(speaker)
    ids = select(EntityRow.id).where(func.lower(EntityRow.name) == speaker.lower())
    return or_(func.lower(QuoteRow.speaker_name) == speaker.lower(), QuoteRow.speaker_entity_id.in_(ids))


def quotes(session: Session, *, speaker: str | None = None, q: str | None = None, since: date | None = None,
           until: date | None = None, kind: str | None = None, article_id: int | None = None,
           limit: int = 50, offset: int = 0) -> dict[str, Any]:
    """Quotes, newest first, filtered by speaker (entity id or name), words, said_on range, kind."""
    day = func.coalesce(func.substr(QuoteRow.said_on, 1, 10), ArticleRow.published)
    conds: list[ColumnElement[bool]] = []
    if speaker:
        conds.append(_speaker_filter(speaker))
    if q:
        match = fts_query(q)
        hits = text("SELECT rowid FROM quotes_fts WHERE quotes_fts MATCH :fq").bindparams(fq=match)
        conds.append(QuoteRow.id.in_(hits.columns(QuoteRow.id)) if match else QuoteRow.id < 0)
    if since:
        conds.append(day >= since.isoformat())
    if until:
        conds.append(day <= until.isoformat())
    if kind:
        conds.append(QuoteRow.kind == kind)
    if article_id is not None:
        conds.append(QuoteRow.article_id == article_id)
    base = select(QuoteRow, ArticleRow.title, ArticleRow.published, day.label("day")).join(ArticleRow)
    total = session.scalar(select(func.count()).select_from(QuoteRow).join(ArticleRow).where(*conds))
    rows = session.execute(base.where(*conds).order_by(day.desc().nulls_last(), QuoteRow.id)
                           .limit(limit).offset(offset)).all()
    items = [_quote(r.QuoteRow, r.title, r.published, r.day) for r in rows]
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
    each = func.json_each(column).table_valued("value")
    return exists(select(1).select_from(each).where(func.upper(each.c.value).in_([n.upper() for n in names])))


def entity(session: Session, entity_id: int) -> dict[str, Any]:
    """One entity: aliases, roles over time, quotes and the events it took part in."""
    row = session.get(EntityRow, entity_id)
    if row is None:
        raise NotFound(f"no entity #{entity_id}")
    out = _entity(row)
    roles = session.scalars(select(RoleRow).where(RoleRow.entity_id == entity_id)
                            .order_by(RoleRow.as_of.nulls_last(), RoleRow.id)).all()
    out["roles"] = [_fields(r, StoredRole) for r in roles]
    out["mentions"] = session.scalar(select(func.count()).where(MentionRow.entity_id == entity_id))
    names = [n for n in {row.code, row.name} if n]
    out["quotes"] = quotes(session, speaker=str(entity_id), limit=500)["quotes"]
    out["events"] = events(session, actor_names=names, limit=500)["events"]
    return out


# -- events, timeline, network ----------------------------------------------------------------
def _event_day() -> ColumnElement[str]:
    return case((EventRow.date.op("GLOB")(_ISO_DAY), func.substr(EventRow.date, 1, 10)),
                else_=ArticleRow.published)


def _event_conds(*, type: str | None = None, actor: str | None = None, recipient: str | None = None,
                 status: str | None = None, since: date | None = None, until: date | None = None,
                 article_id: int | None = None, actor_names: list[str] | None = None
                 ) -> list[ColumnElement[bool]]:
    day = _event_day()
    conds: list[ColumnElement[bool]] = []
    if type:
        types = [t.strip().upper() for t in type.split(",") if t.strip()]
        conds.append(func.upper(EventRow.type).in_(types))
    if actor:
        conds.append(_names_in(EventRow.actors, [actor]))
    if recipient:
        conds.append(_names_in(EventRow.recipients, [recipient]))
    if actor_names:
        conds.append(or_(_names_in(EventRow.actors, actor_names), _names_in(EventRow.recipients, actor_names)))
    if status:
        conds.append(EventRow.status == status)
    if since:
        conds.append(day >= since.isoformat())
    if until:
        conds.append(day <= until.isoformat())
    if article_id is not None:
        conds.append(EventRow.article_id == article_id)
    return conds


def _event(row: EventRow, title: str | None, day: str | None) -> dict[str, Any]:
    return _fields(row, EventSummary) | {
        "article_id": row.article_id, "article_title": title, "group": plover_group(row.type),
        "actors": list(row.actors or []), "recipients": list(row.recipients or []), "day": day,
        "planned": row.status in PLANNED}


def events(session: Session, *, limit: int = 50, offset: int = 0, **filters: Any) -> dict[str, Any]:
    """Events by day (newest first); filters: type (comma list), actor, recipient, status, since, until."""
    conds = _event_conds(**filters)
    day = _event_day()
    total = session.scalar(select(func.count()).select_from(EventRow).join(ArticleRow).where(*conds))
    rows = session.execute(select(EventRow, ArticleRow.title, day.label("day")).join(ArticleRow)
                           .where(*conds).order_by(day.desc().nulls_last(), EventRow.id)
                           .limit(limit).offset(offset)).all()
    items = [_event(r.EventRow, r.title, r.day) for r in rows]
    return {"count": total or 0, "limit": limit, "offset": offset, "events": items}


def _bucket_start(day: str, bucket: str) -> str | None:
    try:
        d = date.fromisoformat(day[:10])
    except (TypeError, ValueError):
        return None
    return (d - timedelta(days=d.weekday())).isoformat() if bucket == "week" else d.isoformat()


def timeline(session: Session, *, bucket: str = "day", limit: int = 5000, **filters: Any) -> dict[str, Any]:
    """Events bucketed by day or ISO week (Monday), with counts per PLOVER group and type."""
    evs = events(session, limit=limit, **filters)["events"]
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


def network(session: Session, *, min_count: int = 1, limit: int = 5000, **filters: Any) -> dict[str, Any]:
    """Actor -> recipient interaction counts by event type (every actor x recipient pair of an event)."""
    evs = events(session, limit=limit, **filters)["events"]
    pairs: dict[tuple[str, str, str], int] = {}
    for ev in evs:
        for a in ev["actors"]:
            for r in ev["recipients"]:
                if a != r:
                    key = (a, r, ev["type"])
                    pairs[key] = pairs.get(key, 0) + 1
    edges: list[dict[str, Any]] = [{"source": a, "target": r, "type": t, "group": plover_group(t), "count": n}
             for (a, r, t), n in sorted(pairs.items(), key=lambda kv: (-kv[1], kv[0])) if n >= min_count]
    degree: dict[str, int] = {}
    for e in edges:
        for end in (e["source"], e["target"]):
            degree[end] = degree.get(end, 0) + e["count"]
    nodes = [{"id": n, "count": c} for n, c in sorted(degree.items(), key=lambda kv: (-kv[1], kv[0]))]
    return {"count": len(edges), "nodes": nodes, "edges": edges}
