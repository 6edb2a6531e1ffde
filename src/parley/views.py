"""Read-only queries behind the API and the web pages: one plain data structure per page.

Every function takes a :class:`~parley.service.Service` and keyword-only filters, opens its own
session, and uses parameterised SQL only (SQLAlchemy expressions or ``text()`` with bound values).
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from sqlalchemy import Text, case, cast, exists, func, or_, select, text
from sqlalchemy.sql.elements import ColumnElement

from parley.errors import NotFound
from parley.service import Service
from parley.store.repo import fts_query
from parley.store.tables import ArticleRow, EntityRow, EventRow, MentionRow, QuoteRow, RoleRow, TimexRow

PLOVER_GROUPS: dict[str, list[str]] = {
    "verbal cooperation": ["AGREE", "CONSULT", "SUPPORT", "CONCEDE"],
    "material cooperation": ["COOPERATE", "AID", "RETREAT"],
    "verbal conflict": ["REQUEST", "ACCUSE", "REJECT", "THREATEN"],
    "material conflict": ["PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT"],
}
GROUP_OF = {t: g for g, types in PLOVER_GROUPS.items() for t in types}
PLANNED = {"planned", "proposed", "hypothetical"}
_ISO_DAY = "[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]*"


def plover_group(event_type: str) -> str:
    return GROUP_OF.get((event_type or "").upper(), "other")


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
def _count_by_article(session: Any, model: Any, ids: list[int]) -> dict[int, int]:
    rows = session.execute(select(model.article_id, func.count()).where(model.article_id.in_(ids))
                           .group_by(model.article_id))
    return {a: n for a, n in rows}


def articles(svc: Service, *, limit: int = 50, offset: int = 0) -> dict[str, Any]:
    """Newest first, each with its annotation counts."""
    total, items = svc.articles(limit=limit, offset=offset)
    ids = [a["id"] for a in items]
    with svc.store.session() as session:
        counts = {name: _count_by_article(session, model, ids) for name, model in (
            ("quotes", QuoteRow), ("events", EventRow), ("mentions", MentionRow), ("timexes", TimexRow))}
    for a in items:
        a["counts"] = {name: by_id.get(a["id"], 0) for name, by_id in counts.items()}
    return {"count": total, "limit": limit, "offset": offset, "articles": items}


def article(svc: Service, article_id: int) -> dict[str, Any]:
    """One article with every annotation; events carry their PLOVER group."""
    out = svc.article(article_id)
    for ev in out["events"]:
        ev["group"] = plover_group(ev["type"])
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


def _facet(session: Any, expr: str, index: str, where: str, params: dict) -> list[dict[str, Any]]:
    # ``expr`` and ``index`` are fixed strings from ``search``, never user text. Scanning the covering
    # index and probing the FTS matches avoids reading each (large) article row.
    rows = session.execute(text(
        f"SELECT {expr} AS value, count(*) AS n FROM articles a INDEXED BY {index} "
        f"WHERE a.id IN ({_IDS}){where} GROUP BY value ORDER BY n DESC, value LIMIT 12"), params)
    return [{"value": r.value, "count": r.n} for r in rows if r.value]


def _top_articles(session: Any, where: str, params: dict) -> list[dict[str, Any]]:
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


def search(svc: Service, q: str, *, kind: str | None = None, source: str | None = None,
           since: date | None = None, until: date | None = None, limit: int = 20,
           offset: int = 0) -> dict[str, Any]:
    """Ranked article and quote hits with highlight offsets, plus source/month/kind facets."""
    match = fts_query(q)
    out: dict[str, Any] = {"query": q, "count": 0, "limit": limit, "offset": offset, "articles": [],
                           "quotes": [], "facets": {"kind": [], "source": [], "month": []}}
    if not match:
        return out
    where, params = _article_filters(source, since, until)
    params |= {"q": match, "limit": limit, "offset": offset}
    with svc.store.session() as session:
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


def _search_quotes(session: Any, where: str, params: dict, *, top: bool) -> tuple[int, list[dict[str, Any]]]:
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


def quotes(svc: Service, *, speaker: str | None = None, q: str | None = None, since: date | None = None,
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
    with svc.store.session() as session:
        total = session.scalar(select(func.count()).select_from(QuoteRow).join(ArticleRow).where(*conds))
        rows = session.execute(base.where(*conds).order_by(day.desc().nulls_last(), QuoteRow.id)
                               .limit(limit).offset(offset)).all()
        items = [_quote(r.QuoteRow, r.title, r.published, r.day) for r in rows]
    return {"count": total or 0, "limit": limit, "offset": offset, "quotes": items}


def _quote(row: QuoteRow, title: str | None, published: str | None, day: str | None) -> dict[str, Any]:
    return {"id": row.id, "article_id": row.article_id, "article_title": title, "published": published,
            "date": day, "text": row.text, "kind": row.kind, "start": row.start, "end": row.end,
            "speaker_name": row.speaker_name, "speaker_text": row.speaker_text,
            "speaker_entity_id": row.speaker_entity_id, "anonymous": bool(row.anonymous),
            "said_on": row.said_on}


# -- entities ---------------------------------------------------------------------------------
def entities(svc: Service, *, type: str | None = None, q: str | None = None, limit: int = 50,
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
    with svc.store.session() as session:
        total = session.scalar(select(func.count()).select_from(EntityRow).where(*conds))
        rows = session.execute(select(EntityRow, mentions.label("m"), n_quotes.label("nq")).where(*conds)
                               .order_by(mentions.desc(), EntityRow.name).limit(limit).offset(offset)).all()
        items = [_entity(r.EntityRow) | {"mentions": r.m, "quotes": r.nq} for r in rows]
    return {"count": total or 0, "limit": limit, "offset": offset, "entities": items}


def _entity(row: EntityRow) -> dict[str, Any]:
    return {"id": row.id, "name": row.name, "type": row.type, "country": row.country,
            "sector": row.sector, "code": row.code, "aliases": list(row.aliases or [])}


def _names_in(column: Any, names: list[str]) -> ColumnElement[bool]:
    """``column`` (a JSON list) holds one of ``names`` (case-insensitive)."""
    each = func.json_each(column).table_valued("value")
    return exists(select(1).select_from(each).where(func.upper(each.c.value).in_([n.upper() for n in names])))


def entity(svc: Service, entity_id: int) -> dict[str, Any]:
    """One entity: aliases, roles over time, quotes and the events it took part in."""
    with svc.store.session() as session:
        row = session.get(EntityRow, entity_id)
        if row is None:
            raise NotFound(f"no entity #{entity_id}")
        out = _entity(row)
        roles = session.scalars(select(RoleRow).where(RoleRow.entity_id == entity_id)
                                .order_by(RoleRow.as_of.nulls_last(), RoleRow.id)).all()
        out["roles"] = [{"title": r.title, "country": r.country, "sector": r.sector, "as_of": r.as_of,
                         "article_id": r.article_id} for r in roles]
        out["mentions"] = session.scalar(select(func.count()).where(MentionRow.entity_id == entity_id))
        names = [n for n in {row.code, row.name} if n]
    out["quotes"] = quotes(svc, speaker=str(entity_id), limit=500)["quotes"]
    out["events"] = events(svc, actor_names=names, limit=500)["events"]
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
    return {"id": row.id, "article_id": row.article_id, "article_title": title, "type": row.type,
            "group": plover_group(row.type), "mode": row.mode, "trigger_text": row.trigger_text,
            "trigger_start": row.trigger_start, "trigger_end": row.trigger_end,
            "actors": list(row.actors or []), "recipients": list(row.recipients or []), "date": row.date,
            "day": day, "location": row.location, "status": row.status, "source": row.source,
            "planned": row.status in PLANNED}


def events(svc: Service, *, limit: int = 50, offset: int = 0, **filters: Any) -> dict[str, Any]:
    """Events by day (newest first); filters: type (comma list), actor, recipient, status, since, until."""
    conds = _event_conds(**filters)
    day = _event_day()
    with svc.store.session() as session:
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


def timeline(svc: Service, *, bucket: str = "day", limit: int = 5000, **filters: Any) -> dict[str, Any]:
    """Events bucketed by day or ISO week (Monday), with counts per PLOVER group and type."""
    evs = events(svc, limit=limit, **filters)["events"]
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


def network(svc: Service, *, min_count: int = 1, limit: int = 5000, **filters: Any) -> dict[str, Any]:
    """Actor -> recipient interaction counts by event type (every actor x recipient pair of an event)."""
    evs = events(svc, limit=limit, **filters)["events"]
    pairs: dict[tuple[str, str, str], int] = {}
    for ev in evs:
        for a in ev["actors"]:
            for r in ev["recipients"]:
                if a != r:
                    key = (a, r, ev["type"])
                    pairs[key] = pairs.get(key, 0) + 1
    edges = [{"source": a, "target": r, "type": t, "group": plover_group(t), "count": n}
             for (a, r, t), n in sorted(pairs.items(), key=lambda kv: (-kv[1], kv[0])) if n >= min_count]
    degree: dict[str, int] = {}
    for e in edges:
        for end in (e["source"], e["target"]):
            degree[end] = degree.get(end, 0) + e["count"]
    nodes = [{"id": n, "count": c} for n, c in sorted(degree.items(), key=lambda kv: (-kv[1], kv[0]))]
    return {"count": len(edges), "nodes": nodes, "edges": edges}
