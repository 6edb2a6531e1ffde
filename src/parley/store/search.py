"""Search: ranked article and quote hits for an analyst's query, with facets and the people,
organisations and places in the results.

The query language is :mod:`parley.store.fts`. Filters come as arguments (the API's and pages'
parameters) or inside the query (``speaker:``, ``source:``...); an argument wins. SQL is fixed text
with bound values; the only text built from user input is the FTS5 expression, in which every
word is quoted (:func:`parley.store.fts.parse`).

On PostgreSQL the same expression runs as full-text search over the ``fts`` tsvector columns
(:func:`parley.store.fts.pg_match`, every word a bound value): ``ts_rank`` with the title (or the
speaker) weighted as FTS5's ``bm25`` weights them, ``ts_headline`` for the snippets and highlights,
which come back in the same shape.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from concurrent.futures import Future
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import text
from sqlalchemy.orm import Session

from parley.store.fts import PG_CONFIG, BadQuery, PgMatch, Query, parse, pg_match, phrase

KINDS = ("article", "quote")
FACET_SIZE = 12
_IDS = "SELECT rowid FROM articles_fts WHERE articles_fts MATCH :q"
_SNIP = "snippet(articles_fts, 1, char(2), char(3), ' … ', 24)"
_HL = "highlight(quotes_fts, 0, char(2), char(3))"
# PostgreSQL: ts_rank weights are {D, C, B, A}; A is the title (or a quote's speaker), B the text
_PG_ARTICLE_RANK = "ts_rank('{0.1, 0.2, 0.2, 1.0}', x.fts, %s)"
_PG_QUOTE_RANK = "ts_rank('{0.1, 0.1, 0.33, 1.0}', q.fts, %s)"
_PG_SNIP = 'StartSel="\x02", StopSel="\x03", MaxWords=24, MinWords=12, ShortWord=2, MaxFragments=1, ' \
           'FragmentDelimiter=" … "'
_PG_HIGHLIGHT = 'StartSel="\x02", StopSel="\x03", HighlightAll=true'
# runs a read in a session of its own, at the same time as the caller's (see :func:`search`)
Aside = Callable[[Callable[[Session], Any]], Future[Any]]
RANKED = 2_000  # a broader search ranks, and counts its facets over, its newest this many matches (by id)


def _pg_headline(column: str, query: str, options: str) -> str:
    return f"ts_headline('{PG_CONFIG}', {column}, {query}, :{options})"


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


def _hit(row: dict[str, Any]) -> dict[str, Any]:
    row["snippet"], row["highlights"] = split_marks(row["snippet"])
    return row


@dataclass
class Filters:
    """What narrows a search, as fixed SQL over ``a`` (``article_facets``, whose narrow rows carry an
    article's id, source and day) with its bound values."""

    source: str | None = None
    source_prefix: bool = False
    since: date | None = None
    until: date | None = None
    types: list[str] = field(default_factory=list)
    speaker: str | None = None  # a name (matched in the quotes' speaker column) or an entity id
    pg: bool = False  # PostgreSQL: full-text search over the ``fts`` columns, not FTS5 tables
    cut: int = 0  # the article matches ranked and faceted are those with ids from this one on
    estimated: set[str] = field(default_factory=set)  # the kinds whose count is PostgreSQL's estimate
    window: list[int] | None = None  # PostgreSQL: the ids of the article matches ranked and faceted
    quote_window: list[int] | None = None  # PostgreSQL: the ids of the quote matches ranked
    quote_cut: int | None = None  # SQLite: the quote matches ranked are those with ids from this one on
    quote_speakers: list[dict[str, Any]] | None = None  # PostgreSQL: the speaker facet, read with the quote hits

    def sql(self, *, skip: str = "") -> tuple[str, dict[str, Any]]:
        """`` AND ...`` conditions on ``a`` (all but ``skip``, for that facet's own counts)."""
        sql, params = "", {}
        if self.source and skip != "source":
            sql += " AND lower(a.source) LIKE :source ESCAPE '\\'" if self.source_prefix else " AND a.source = :source"
            params["source"] = _like(self.source) + "%" if self.source_prefix else self.source
        if self.since:
            sql += " AND a.published >= :since"
            params["since"] = self.since.isoformat()
        if self.until:
            sql += " AND a.published <= :until"
            params["until"] = self.until.isoformat()
        if self.types and skip != "type":
            names = [f":t{i}" for i in range(len(self.types))]
            sql += f" AND a.id IN (SELECT e.article_id FROM events e WHERE e.type IN ({', '.join(names)}))"
            params |= {f"t{i}": t for i, t in enumerate(self.types)}
        if self.speaker and skip != "speaker":
            sql += f" AND a.id IN (SELECT q.article_id FROM quotes q WHERE {self.speaker_sql()})"
            params |= self.speaker_params()
        return sql, params

    def speaker_sql(self) -> str:
        if self.speaker and self.speaker.isdigit():
            return "q.speaker_entity_id = :who"
        if self.pg:
            return pg_match("speaker : " + phrase(self.speaker or ""), "q.fts", "who").cond
        return "q.id IN (SELECT rowid FROM quotes_fts WHERE quotes_fts MATCH :who)"

    def speaker_params(self) -> dict[str, Any]:
        if not self.speaker:
            return {}
        if self.speaker.isdigit():
            return {"who": int(self.speaker)}
        if self.pg:
            return pg_match("speaker : " + phrase(self.speaker), "q.fts", "who").params
        return {"who": "speaker : " + phrase(self.speaker)}

    @property
    def nulls_last(self) -> str:
        """SQLite puts NULLs last in a descending order by itself; PostgreSQL must be told."""
        return " NULLS LAST" if self.pg else ""

    def article_ids(self, match: str) -> tuple[str, dict[str, Any]]:
        """A subquery of the ids of the articles ``match`` finds, with its bound values."""
        if self.pg:
            m = pg_match(match, "x.fts", "q")
            return f"SELECT x.id FROM articles x WHERE {m.cond} AND x.id >= :cut", m.params | {"cut": self.cut}
        return f"{_IDS} AND rowid >= :cut", {"q": match, "cut": self.cut}


def _like(value: str) -> str:
    return value.lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _filters(parsed: Query, *, source: str | None, since: date | None, until: date | None,
             speaker: str | None, type: str | None, pg: bool = False) -> Filters:
    """Arguments first, then what the query itself names."""
    named = parsed.filters
    given_type = type or named.get("type") or ""
    return Filters(
        source=source or named.get("source"), source_prefix=not source and "source" in named,
        since=since or (date.fromisoformat(named["since"]) if "since" in named else None),
        until=until or (date.fromisoformat(named["until"]) if "until" in named else None),
        types=[t.strip().upper() for t in given_type.split(",") if t.strip()][:20],
        speaker=(speaker or named.get("speaker") or "").strip() or None, pg=pg)


def _empty(q: str, limit: int, offset: int) -> dict[str, Any]:
    return {"query": q, "count": 0, "limit": limit, "offset": offset, "articles": [], "quotes": [],
            "entities": [], "ranked": {k: 0 for k in KINDS}, "estimated": [],
            "facets": {"kind": [{"value": k, "count": 0} for k in KINDS], "source": [],
                                       "month": [], "speaker": [], "type": []}}


def search(session: Session, q: str, *, kind: str | None = None, source: str | None = None,
           since: date | None = None, until: date | None = None, speaker: str | None = None,
           type: str | None = None, limit: int = 20, offset: int = 0, aside: Aside | None = None) -> dict[str, Any]:
    """Ranked article and quote hits with highlight offsets; facets by kind, source, month, speaker
    and event type; the people, organisations and places named by the query or in the hits.
    :class:`~parley.store.fts.BadQuery` (422) for a query that cannot run as written.

    ``aside`` (PostgreSQL, from the service): runs a read in a second session of its own, at the same
    time; the quote hits are read there while this session reads the article hits, since neither
    needs the other (the facets, read after, need both)."""
    parsed = parse(q)
    kind = kind or parsed.filters.get("kind")
    if kind not in (None, *KINDS):
        raise BadQuery(f"kind: is article or quote, not {kind!r}")
    out = _empty(q, limit, offset)
    flt = _filters(parsed, source=source, since=since, until=until, speaker=speaker, type=type,
                   pg=session.get_bind().dialect.name == "postgresql")
    if not parsed.match and not (flt.speaker or flt.source or flt.types):
        return out  # no words, and nothing to list by: nothing to look for
    _pg_index_scans(session, flt, True)
    page = {"limit": limit, "offset": offset}

    def quote_hits(s: Session) -> tuple[int, list[dict[str, Any]]]:
        return _quotes(s, parsed.match, flt, page, top=kind != "article")

    def quote_hits_aside(s: Session) -> tuple[int, list[dict[str, Any]]]:
        _pg_index_scans(s, flt, True)  # (a session of its own: its settings too)
        return quote_hits(s)

    later = aside(quote_hits_aside) if aside is not None and flt.pg and parsed.match else None
    n_articles, articles = _articles(session, parsed.match, flt, page, top=kind != "quote")
    n_quotes, quotes = later.result() if later is not None else quote_hits(session)
    out["articles"], out["quotes"] = articles, quotes
    out["facets"] = _facets(session, parsed.match, flt) | {
        "kind": [{"value": "article", "count": n_articles}, {"value": "quote", "count": n_quotes}]}
    out["count"] = {"article": n_articles, "quote": n_quotes}.get(kind or "", n_articles + n_quotes)
    out["ranked"] = _ranked(parsed.match, flt, n_articles, n_quotes)
    out["estimated"] = sorted(flt.estimated)
    _pg_index_scans(session, flt, False)
    out["entities"] = _entities(session, parsed.words, [a["id"] for a in articles], articles)
    return out


def _ranked(match: str, flt: Filters, n_articles: int, n_quotes: int) -> dict[str, int]:
    """How many of the matches were ranked (the rest are listed newest first, after them) and counted
    in the source, month, type and speaker facets."""
    if not match:
        return {"article": n_articles, "quote": n_quotes}
    return {"article": min(n_articles, RANKED), "quote": min(n_quotes, RANKED)}


def _pg_index_scans(session: Session, flt: Filters, on: bool) -> None:
    """PostgreSQL's planner does not count the cost of reading each row's (TOASTed) tsvector: for a
    broad search it tests every row's ``fts`` in a sequential scan, several times slower than the GIN
    index. The full-text statements of a search run with sequential scans off (``on``), the rest as
    usual (for the transaction: ``SET LOCAL``)."""
    if flt.pg:
        session.execute(text(f"SET LOCAL enable_seqscan = {'off' if on else 'on'}"))


# -- hits ---------------------------------------------------------------------------------------
_HIT_COLS = "x.id, x.title, x.published, x.source, x.url"


def _articles(session: Session, match: str, flt: Filters, page: dict[str, int], *, top: bool
              ) -> tuple[int, list[dict[str, Any]]]:
    """Article hits. Filters run over ``article_facets`` (narrow rows); only the page's rows are read
    from ``articles`` and only they get a snippet."""
    where, params = flt.sql()
    params |= page | {"q": match}
    last = flt.nulls_last
    if not match:  # filters alone: newest first, the opening of the text as the snippet
        n = session.execute(text(f"SELECT count(*) FROM article_facets a WHERE 1 = 1{where}"), params).scalar_one()
        sql = (f"SELECT {_HIT_COLS}, substr(x.text, 1, 200) AS snippet FROM (SELECT a.id, a.published FROM "
               f"article_facets a WHERE 1 = 1{where} ORDER BY a.published DESC{last}, a.id DESC LIMIT :limit "
               f"OFFSET :offset) p JOIN articles x ON x.id = p.id ORDER BY p.published DESC{last}, p.id DESC")
    elif flt.pg:
        return _pg_articles(session, flt, match, where, params, top=top)
    else:
        return _lite_articles(session, flt, where, params, top=top)
    if not top or not n:
        return int(n), []
    return int(n), [_hit(dict(r)) for r in session.execute(text(sql), params).mappings()]


def _newest(session: Session, ids: str, params: dict[str, Any]) -> int:
    """The id from which the newest :data:`RANKED` of the ids ``ids`` selects begin (0: there are
    no more than that many). FTS5 walks its matches by descending rowid without ranking them."""
    cut = session.execute(text(f"{ids} ORDER BY 1 DESC LIMIT 1 OFFSET :last"), params | {"last": RANKED - 1})
    return int(cut.scalar() or 0)


def _pg_window(session: Session, col: str, base: str, params: dict[str, Any], parts: list[str] | None = None
               ) -> tuple[int, bool, list[int]]:
    """PostgreSQL: (the count, whether it is exact, the ids of the newest :data:`RANKED` matches of
    ``base``). Counting a broad search's matches reads every matching row, so past RANKED matches the
    count is the planner's estimate (from the column's word statistics), at least ``RANKED + 1``.

    The newest matches come one of three ways (the planner cannot choose: it does not count the cost
    of reading a row's tsvector), by their cost in GIN matches read: a backward walk of the id index
    testing each row until ``RANKED + 1`` match (``RANKED`` × rows / matches rows read, each costing
    :data:`_PG_WALK_COST`); the GIN index's matches among the newest ids only, where these should
    hold ``RANKED + 1`` of them (:data:`_PG_PROBE`: the GIN index and the id index meet in one
    bitmap, each posting or id costing :data:`_PG_POSTING`, and only the rows in both are read),
    then the older ones if too few were there; or every match of the GIN index. The walk is costed
    by the planner's estimate; how many newest ids should hold ``RANKED + 1`` matches by the higher
    of it and, where ``parts`` (``FROM ... WHERE ...`` of each operand of the search's top-level AND,
    without its filters) are given, the fewest matches of one part: the planner takes the words for
    independent, while a search's words mostly go together (``river water``: ten times the matches
    it expects). Where they do not, too few ids cost one more look; a walk would read many times
    the rows expected."""
    estimate, likely = _pg_estimates(session, base, params, parts or [])
    table = _PG_TABLES[col]
    rows, top = session.execute(text(f"SELECT reltuples, (SELECT max(id) FROM {table}) FROM pg_class "
                                     "WHERE oid = CAST(:t AS regclass)"), {"t": table}).one()
    rows = max(float(rows or 0), 1.0)
    span = _PG_PROBE * RANKED * rows / max(likely, 1)  # the newest rows that should hold RANKED + 1 matches
    probe = bool(top) and span < rows / 2
    # in GIN matches read: a walk's rows, by the estimate; the newest ids' bitmap, or every match
    walk = RANKED * rows / max(estimate, 1) * _PG_WALK_COST[table]
    if walk < (_PG_POSTING * (likely + span) + _PG_PROBE * RANKED if probe else estimate):
        ids = _pg_ids_of(session, f"SELECT {col} AS id {base} ORDER BY {col} DESC LIMIT :w", params, RANKED + 1)
    elif probe:
        lo = {"probe_lo": max(int(top - span * top / rows), 0)}
        # the planner, blind to the cost of a tsvector, would rather walk those ids testing each row
        session.execute(text("SET LOCAL enable_indexscan = off"))
        ids = _pg_ids_of(session, f"WITH m AS MATERIALIZED (SELECT {col} AS id {base} AND {col} >= :probe_lo) "
                                  "SELECT id FROM m ORDER BY id DESC LIMIT :w", params | lo, RANKED + 1)
        if len(ids) <= RANKED:  # fewer there than expected: the newest of the older matches
            ids += _pg_ids_of(session, f"WITH m AS MATERIALIZED (SELECT {col} AS id {base} AND {col} < :probe_lo) "
                                       "SELECT id FROM m ORDER BY id DESC LIMIT :w", params | lo, RANKED + 1 - len(ids))
        session.execute(text("SET LOCAL enable_indexscan = on"))
    else:
        ids = _pg_ids_of(session, f"WITH m AS MATERIALIZED (SELECT {col} AS id {base}) "
                                  "SELECT id FROM m ORDER BY id DESC LIMIT :w", params, RANKED + 1)
    if len(ids) <= RANKED:
        return len(ids), True, ids
    return max(estimate, RANKED + 1), False, ids[:RANKED]


def _pg_estimates(session: Session, base: str, params: dict[str, Any], parts: list[str]) -> tuple[int, int]:
    """The planner's estimate of the rows ``base`` selects, and the higher of it and the fewest rows
    one of ``parts`` selects, from one plan (``base`` and the parts as the branches of one Append)."""
    sql = f"SELECT 1 {base}" + "".join(f" UNION ALL SELECT 1 {part}" for part in parts)
    plan = session.execute(text(f"EXPLAIN (FORMAT JSON) {sql}"), params).scalar_one()
    plan = (json.loads(plan) if isinstance(plan, str) else plan)[0]["Plan"]
    if not parts:
        return int(plan["Plan Rows"]), int(plan["Plan Rows"])
    rows = [int(branch["Plan Rows"]) for branch in plan.get("Plans", [])]
    if plan.get("Node Type") != "Append" or len(rows) != len(parts) + 1:  # a plan not of that shape
        return _pg_estimates(session, base, params, [])
    return rows[0], max(rows[0], min(rows[1:]))


def _and_parts(m: PgMatch, table: str, vector: str) -> list[str] | None:
    """``FROM … WHERE …`` of each operand of the search's top-level AND (for :func:`_pg_window`'s
    estimate), or None when it has no AND."""
    return [f"FROM {table} WHERE {vector} @@ {part}" for part in m.parts] if len(m.parts) > 1 else None


def _pg_ids_of(session: Session, sql: str, params: dict[str, Any], limit: int) -> list[int]:
    """The ids ``sql`` selects (at most ``:w`` = ``limit``), newest first, as one row of text: RANKED + 1
    rows cost the client more than the query."""
    found = session.execute(text(f"SELECT string_agg(CAST(w.id AS text), ',' ORDER BY w.id DESC) FROM ({sql}) w"),
                            params | {"w": limit}).scalar()
    return [int(i) for i in found.split(",")] if found else []


_IN_WINDOW = "= ANY(CAST(:window AS integer[]))"  # PostgreSQL: an id among ``:window`` (see _pg_ids)


def _pg_ids(ids: list[int]) -> str:
    """``ids`` as one PostgreSQL array literal, bound as text and cast in the SQL (:data:`_IN_WINDOW`):
    the driver adapts a list element by element, which costs more than the query."""
    return "{" + ",".join(map(str, ids)) + "}"


_PG_TABLES = {"x.id": "articles", "q.id": "quotes"}
# what testing one row's tsvector in an id-order walk costs, per GIN match (measured at 100,000
# generated articles): an article's vector is TOASTed (read and decompressed apart), a quote's is short
_PG_WALK_COST = {"articles": 2.5, "quotes": 0.2}
# how many more of the newest rows the GIN index's matches are taken from than should hold RANKED + 1
# matches, by the expected number of matches (the newest rows may hold fewer than the average)
_PG_PROBE = 1.5
_PG_POSTING = 0.08  # a GIN posting, or an id of the id index put in a bitmap, per GIN match read


def _parts(params: dict[str, Any], cut: int) -> tuple[dict[str, int] | None, dict[str, int] | None]:
    """The bounds of a page's two parts: its ranked rows (``n`` from ``:offset``) and the older
    matches past the ranked ones, newest first (``n`` from ``skip``); None for a part the page does
    not reach. Without a cut every match is ranked."""
    start, stop = params["offset"], params["offset"] + params["limit"]
    if not cut:
        return {"n": params["limit"]}, None
    ranked = {"n": min(stop, RANKED) - start} if start < RANKED else None
    older = {"n": stop - max(start, RANKED), "skip": max(start, RANKED) - RANKED} if stop > RANKED else None
    return ranked, older


def _in_list(ids: list[int]) -> tuple[str, dict[str, int]]:
    """``:i0, :i1, ...`` for an ``IN (...)`` of ``ids``, with their bound values."""
    return ", ".join(f":i{k}" for k in range(len(ids))), {f"i{k}": i for k, i in enumerate(ids)}


def _lite_articles(session: Session, flt: Filters, where: str, params: dict[str, Any], *, top: bool
                   ) -> tuple[int, list[dict[str, Any]]]:
    """SQLite: the count covers every match (FTS5 counts a term's matches without reading them); the
    ranking (``bm25``, which reads each match's statistics) covers the newest :data:`RANKED` of them,
    by id, and so do the facets (``flt.cut``). Pages past those list the older matches, newest first.
    Snippets are made for the page's rows only."""
    ids = f"SELECT a.id FROM article_facets a WHERE a.id IN ({_IDS}){where}" if where else _IDS
    n = int(session.execute(text("SELECT count(*) " + ids[ids.index("FROM"):]), params).scalar_one())
    flt.cut = _newest(session, ids, params) if n > RANKED else 0
    if not top or not n:
        return n, []
    params = params | {"cut": flt.cut}
    ranked, older = _parts(params, flt.cut)
    found: list[int] = []
    snippets: dict[int, str] = {}
    if ranked:  # the best of the newest matches
        if where:
            sql = ("SELECT articles_fts.rowid FROM articles_fts JOIN article_facets a ON a.id = articles_fts.rowid "
                   f"WHERE articles_fts MATCH :q AND articles_fts.rowid >= :cut{where} "
                   "ORDER BY bm25(articles_fts, 5.0, 1.0) LIMIT :n OFFSET :offset")
        else:  # FTS5 sorts by its rank itself and makes the snippets of the rows it returns only
            sql = (f"SELECT rowid, {_SNIP} FROM articles_fts WHERE articles_fts MATCH :q AND rowid >= :cut "
                   "AND rank MATCH 'bm25(5.0, 1.0)' ORDER BY rank LIMIT :n OFFSET :offset")
        for row in session.execute(text(sql), params | ranked):
            found.append(row[0])
            if len(row) > 1:
                snippets[row[0]] = row[1]
    if older:  # past them, the older matches, newest first
        col = "a.id" if where else "rowid"
        sql = f"{ids} AND {col} < :cut ORDER BY {col} DESC LIMIT :n OFFSET :skip"
        found += [r[0] for r in session.execute(text(sql), params | older)]
    return n, _with_snippets(session, params["q"], found, snippets)


def _pg_articles(session: Session, flt: Filters, match: str, where: str, params: dict[str, Any], *, top: bool
                 ) -> tuple[int, list[dict[str, Any]]]:
    """PostgreSQL, as :func:`_lite_articles`: the count covers every match, ``ts_rank`` (which reads
    each candidate's whole tsvector) ranks the newest :data:`RANKED` of them, by id, and so do the
    facets; pages past those list the older matches, newest first. The headline is made for the
    page's rows only."""
    m = pg_match(match, "x.fts", "q")
    params = params | m.params | {"snip": _PG_SNIP}
    join = " JOIN article_facets a ON a.id = x.id" if where else ""
    base = f"FROM articles x{join} WHERE {m.cond}{where}"
    parts = _and_parts(m, "articles x", "x.fts") if not where else None
    n, exact, flt.window = _pg_window(session, "x.id", base, params, parts)
    flt.cut = flt.window[-1] if not exact else 0
    if not exact:
        flt.estimated.add("article")
    if not top or not n:
        return n, []
    params |= {"cut": flt.cut, "window": _pg_ids(flt.window)}
    rank = _PG_ARTICLE_RANK % m.query
    head = f"SELECT {_HIT_COLS}, {_pg_headline('x.text', m.query, 'snip')} AS snippet FROM"
    ranked, older = _parts(params, flt.cut)
    rows: list[Any] = []
    if ranked:  # the best of the newest matches (known by id: no second match)
        rows += session.execute(text(
            f"{head} (SELECT x.id, {rank} AS score FROM articles x WHERE x.id {_IN_WINDOW} ORDER BY score DESC, "
            "x.id LIMIT :n OFFSET :offset) f JOIN articles x ON x.id = f.id ORDER BY f.score DESC, f.id"),
            params | ranked).mappings().all()
    if older:  # past them, the older matches, newest first
        rows += session.execute(text(
            f"{head} (SELECT x.id {base} AND x.id < :cut ORDER BY x.id DESC LIMIT :n OFFSET :skip) f "
            "JOIN articles x ON x.id = f.id ORDER BY f.id DESC"), params | older).mappings().all()
    return n, [_hit(dict(r)) for r in rows]


def _with_snippets(session: Session, match: str, ids: list[int], snippets: dict[int, str]) -> list[dict[str, Any]]:
    """The hits for ``ids``, in that order, each with its snippet (made for these rows only, where
    ``snippets`` lacks it)."""
    if not ids:
        return []
    marks, values = _in_list(ids)
    if len(snippets) < len(ids):
        snippets = snippets | dict(session.execute(text(
            f"SELECT rowid, {_SNIP} FROM articles_fts WHERE articles_fts MATCH :q AND rowid IN ({marks})"),
            {"q": match} | values).tuples().all())
    rows = session.execute(text(f"SELECT {_HIT_COLS} FROM articles x WHERE x.id IN ({marks})"), values).mappings()
    by_id = {r["id"]: _hit(dict(r) | {"snippet": snippets.get(r["id"], "")}) for r in rows}
    return [by_id[i] for i in ids if i in by_id]


_QUOTE_COLS = ("q.id, q.article_id, x.title AS article_title, x.published, x.url, q.text, q.kind, q.start, "
               "q.\"end\", q.speaker_name, q.speaker_text, q.anonymous, q.speaker_entity_id, q.said_on, "
               "q.confidence, q.resolved_by")


def _quotes(session: Session, match: str, flt: Filters, page: dict[str, int], *, top: bool
            ) -> tuple[int, list[dict[str, Any]]]:
    """Quotes whose words (and speaker's name) match; the speaker filter narrows them to one speaker."""
    where, params = flt.sql(skip="speaker")
    by_id = bool(flt.speaker and flt.speaker.isdigit())
    fts = Query(match=match).quotes_match(None if by_id else flt.speaker)
    cond = (" AND q.speaker_entity_id = :who" if by_id else "") + where
    params |= page | flt.speaker_params() | {"fq": fts}
    snippet, order = "f.snippet", "f.rank"
    if not fts:  # an entity id or article filters alone: newest first
        base = f"FROM quotes q JOIN article_facets a ON a.id = q.article_id WHERE 1 = 1{cond}"
        ranked = (f"SELECT q.id AS id, q.text AS snippet, row_number() OVER (ORDER BY a.published DESC"
                  f"{flt.nulls_last}, q.id DESC) AS rank {base} ORDER BY rank")
    elif flt.pg:  # ts_rank, negated to sort as bm25 does
        m = pg_match(fts, "q.fts", "fq")
        params |= m.params | {"hlq": _PG_HIGHLIGHT}
        join = " JOIN article_facets a ON a.id = q.article_id" if cond else ""
        parts = _and_parts(m, "quotes q", "q.fts") if not cond else None
        return _ranked_quotes(session, flt, params, f"FROM quotes q{join} WHERE {m.cond}{cond}", "q.id",
                              f"-{_PG_QUOTE_RANK % m.query}", top=top, headline=m.query, parts=parts)
    elif cond:
        base = ("FROM quotes_fts JOIN quotes q ON q.id = quotes_fts.rowid JOIN article_facets a ON a.id = q.article_id "
                f"WHERE quotes_fts MATCH :fq{cond}")
        return _ranked_quotes(session, flt, params, base, "quotes_fts.rowid", "bm25(quotes_fts, 1.0, 3.0)", top=top)
    else:  # FTS5 sorts by its own rank
        return _ranked_quotes(session, flt, params, "FROM quotes_fts WHERE quotes_fts MATCH :fq", "rowid", "rank",
                              top=top, also=" AND rank MATCH 'bm25(1.0, 3.0)'")
    n = session.execute(text(f"SELECT count(*) {base}"), params).scalar_one()
    if not top or not n:
        return int(n), []
    rows = session.execute(text(
        f"SELECT {_QUOTE_COLS}, {snippet} AS snippet FROM ({ranked} LIMIT :limit OFFSET :offset) f "
        f"JOIN quotes q ON q.id = f.id JOIN articles x ON x.id = q.article_id ORDER BY {order}"), params).mappings()
    return int(n), [_quote_hit(r) for r in rows]


def _quote_hit(row: Any) -> dict[str, Any]:
    return _hit(dict(row) | {"anonymous": bool(row["anonymous"])})


def _ranked_quotes(session: Session, flt: Filters, params: dict[str, Any], base: str, col: str, rank: str, *,
                   top: bool, also: str = "", headline: str = "", parts: list[str] | None = None
                   ) -> tuple[int, list[dict[str, Any]]]:
    """As :func:`_lite_articles` and :func:`_pg_articles`: the count covers every match of ``base``
    (PostgreSQL: estimated past RANKED); ``rank`` orders the newest :data:`RANKED` of them (by ``col``,
    the quote's id), and pages past those list the older ones, newest first. The highlights are made
    for the page's rows only (``headline``: PostgreSQL's)."""
    if headline:
        n, exact, flt.quote_window = _pg_window(session, col, base, params, parts)
        cut = flt.quote_window[-1] if not exact else 0
        if not exact:
            flt.estimated.add("quote")
    else:
        n = int(session.execute(text(f"SELECT count(*) {base}"), params).scalar_one())
        cut = _newest(session, f"SELECT {col} {base}", params) if n > RANKED else 0
        if not flt.speaker:  # the speaker facet counts these very matches
            flt.quote_cut = cut
    if not top or not n:
        return n, []
    params = params | {"cut": cut}
    ranked_part, older = _parts(params, cut)
    ids: list[int] = []
    snippets: dict[int, str] = {}
    if ranked_part:  # the best of the newest matches
        # FTS5 sorts by its own rank, and then makes the highlights of the rows it returns only
        order, hl = ("rank", f", {_HL}") if also else (f"rank, {col}", "")
        ranked = f"{base} AND {col} >= :cut{also}"
        if headline:  # PostgreSQL: the newest matches, known by id (no second match)
            ranked, params["window"] = (f"FROM quotes q WHERE q.id {_IN_WINDOW}",
                                        _pg_ids(flt.quote_window or []))
        if headline and not flt.speaker:  # the speaker facet counts these very quotes: read them once
            ids += _pg_ranked_speakers(session, flt, rank, params | ranked_part)
        else:
            for row in session.execute(text(f"SELECT {col}, {rank} AS rank{hl} {ranked} "
                                            f"ORDER BY {order} LIMIT :n OFFSET :offset"), params | ranked_part):
                ids.append(row[0])
                if hl:
                    snippets[row[0]] = row[2]
    if older:  # past them, the older matches, newest first
        ids += [r[0] for r in session.execute(text(
            f"SELECT {col} {base} AND {col} < :cut ORDER BY {col} DESC LIMIT :n OFFSET :skip"), params | older)]
    if not ids:
        return n, []
    marks, values = _in_list(ids)
    snippet = _pg_headline("q.text", headline, "hlq") if headline else "NULL"
    if not headline and len(snippets) < len(ids):
        snippets |= dict(session.execute(text(
            f"SELECT rowid, {_HL} FROM quotes_fts WHERE quotes_fts MATCH :fq AND rowid IN ({marks})"),
            params | values).tuples().all())
    rows = session.execute(text(f"SELECT {_QUOTE_COLS}, {snippet} AS snippet FROM quotes q JOIN articles x "
                                f"ON x.id = q.article_id WHERE q.id IN ({marks})"), params | values).mappings()
    by_id = {r["id"]: _quote_hit(dict(r) | ({} if headline else {"snippet": snippets.get(r["id"], "")}))
             for r in rows}
    return n, [by_id[i] for i in ids if i in by_id]


def _pg_ranked_speakers(session: Session, flt: Filters, rank: str, params: dict[str, Any]) -> list[int]:
    """PostgreSQL: the ids of the page's best quotes (``rank``, then id, from ``:offset``) among the
    window's and, from the same read of those rows, the speaker facet over them (``flt.quote_speakers``,
    as :func:`_speaker_facet` counts it), in one statement: part 0 the page, part 1 the facet."""
    rows = session.execute(text(
        "WITH w AS MATERIALIZED (SELECT q.id, q.speaker_name, q.speaker_entity_id, "
        f"{rank} AS rank FROM quotes q WHERE q.id {_IN_WINDOW}) "
        "SELECT 0 AS part, row_number() OVER (ORDER BY r.rank, r.id) AS k, r.id, CAST(NULL AS text) AS value, "
        "CAST(NULL AS bigint) AS n FROM (SELECT id, rank FROM w ORDER BY rank, id LIMIT :n OFFSET :offset) r "
        "UNION ALL SELECT 1, row_number() OVER (ORDER BY s.n DESC, s.value), s.id, s.value, s.n FROM "
        "(SELECT speaker_name AS value, max(speaker_entity_id) AS id, count(*) AS n FROM w "
        f"WHERE speaker_name IS NOT NULL GROUP BY speaker_name ORDER BY n DESC, value LIMIT {FACET_SIZE}) s "
        "ORDER BY part, k"), params).all()
    flt.quote_speakers = [{"value": r.value, "count": r.n, "id": r.id} for r in rows if r.part == 1]
    return [r.id for r in rows if r.part == 0]


# -- facets -------------------------------------------------------------------------------------
def _facets(session: Session, match: str, flt: Filters) -> dict[str, list[dict[str, Any]]]:
    out = {"speaker": _speaker_facet(session, match, flt)}
    if flt.source:  # the source facet leaves its own filter out
        return out | {"type": _type_facet(session, match, flt),
                      "source": _article_facet(session, "a.source", match, flt, skip="source"),
                      "month": _article_facet(session, "substr(a.published, 1, 7)", match, flt)}
    # one pass over the matches for the source and month facets, and for the type facet too unless a
    # type filter narrows the matches (the type facet leaves its own filter out) or, on SQLite, the
    # search is ranked: over at most RANKED matches, two passes return far fewer rows than one
    with_types = not flt.types and (flt.pg or not match)
    where, params = _matching(match, flt)
    if flt.pg and with_types:
        by_source, by_month, by_type = _pg_facet_counts(session, where, params)
        return out | {"type": _top(by_type), "source": _top(by_source), "month": _top(by_month)}
    source: dict[str, int] = {}
    month: dict[str, int] = {}
    types: dict[str, int] = {}
    for src, mon, kinds, n in session.execute(text(
            f"SELECT a.source, substr(a.published, 1, 7), {'a.types' if with_types else 'NULL'}, count(*) "
            f"FROM article_facets a{where} GROUP BY 1, 2, 3"), params):
        if src:
            source[src] = source.get(src, 0) + n
        if mon:
            month[mon] = month.get(mon, 0) + n
        for t in (kinds or "").split():
            types[t] = types.get(t, 0) + n
    out["type"] = _top(types) if with_types else _type_facet(session, match, flt)
    return out | {"source": _top(source), "month": _top(month)}


def _pg_facet_counts(session: Session, where: str, params: dict[str, Any]
                     ) -> tuple[dict[str, int], dict[str, int], dict[str, int]]:
    """PostgreSQL: the matches (``where`` over ``article_facets a``) by source, by month and by event
    type, each counted in SQL from one read of their rows: grouped by all three at once they would
    come back nearly one row per match (an article's set of types is nearly its own)."""
    counts: tuple[dict[str, int], dict[str, int], dict[str, int]] = ({}, {}, {})
    for facet, value, n in session.execute(text(
            "WITH f AS MATERIALIZED (SELECT a.source, substr(a.published, 1, 7) AS month, a.types "
            f"FROM article_facets a{where}) "
            "SELECT 0, source, count(*) FROM f GROUP BY source UNION ALL "
            "SELECT 1, month, count(*) FROM f GROUP BY month UNION ALL "
            "SELECT 2, t, count(*) FROM f CROSS JOIN LATERAL unnest(string_to_array(btrim(f.types), ' ')) AS t "
            "WHERE t <> '' GROUP BY t"), params):
        if value:
            counts[facet][value] = n
    return counts


def _top(counts: dict[str, int]) -> list[dict[str, Any]]:
    ranked = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:FACET_SIZE]
    return [{"value": value, "count": n} for value, n in ranked]


def _matching(match: str, flt: Filters, skip: str = "") -> tuple[str, dict[str, Any]]:
    """`` WHERE ...`` over ``article_facets a`` for the articles a search matches."""
    where, params = flt.sql(skip=skip)
    if match:
        if flt.window is not None and not skip:  # PostgreSQL: its ranked matches, known by id
            return f" WHERE a.id {_IN_WINDOW}{where}", params | {"window": _pg_ids(flt.window)}
        ids, found = flt.article_ids(match)
        window = "a.id >= :cut AND "  # the ids from the cut on are read in order
        return f" WHERE {window}a.id IN ({ids}){where}", params | found
    return f" WHERE 1 = 1{where}", params


def _article_facet(session: Session, expr: str, match: str, flt: Filters, skip: str = "") -> list[dict[str, Any]]:
    # ``expr`` is a fixed string, never user text. article_facets holds one narrow row per article
    # (migration 0003), so counting the matches never reads the (large) article rows.
    where, params = _matching(match, flt, skip)
    rows = session.execute(text(
        f"SELECT {expr} AS value, count(*) AS n FROM article_facets a{where} "
        f"GROUP BY value ORDER BY n DESC, value LIMIT {FACET_SIZE}"), params)
    return [{"value": r.value, "count": r.n} for r in rows if r.value]


def _speaker_facet(session: Session, match: str, flt: Filters) -> list[dict[str, Any]]:
    """The speakers of the matching quotes (whoever the speaker filter names)."""
    if not match:
        return []
    if flt.quote_speakers is not None:  # PostgreSQL: counted with the quote hits
        return flt.quote_speakers
    where, params = flt.sql(skip="speaker")
    join = " JOIN article_facets a ON a.id = q.article_id" if where else ""
    found = "q.id IN (SELECT rowid FROM quotes_fts WHERE quotes_fts MATCH :fq)"
    values: dict[str, Any] = {"fq": match}
    if flt.pg:
        m = pg_match(match, "q.fts", "fq")
        found, values = m.cond, m.params
    # the speakers of the newest RANKED matching quotes, as the quote hits are ranked
    if flt.pg and not flt.speaker and flt.quote_window is not None:  # those very quotes, known by id
        join, found, where, values = "", f"q.id {_IN_WINDOW}", "", {
            "window": _pg_ids(flt.quote_window)}
    else:
        ids = f"SELECT q.id FROM quotes q{join} WHERE {found}{where}"
        if not (where or flt.pg):
            ids = "SELECT rowid FROM quotes_fts WHERE quotes_fts MATCH :fq"
        known = flt.quote_cut if not flt.speaker else None  # found by the quote hits (SQLite)
        values["cut"] = known if known is not None else _newest(session, ids, params | values)
        found = "q.id >= :cut AND " + (found if flt.pg else found.replace(":fq)", ":fq AND rowid >= :cut)"))
    rows = session.execute(text(
        "SELECT q.speaker_name AS value, max(q.speaker_entity_id) AS id, count(*) AS n FROM quotes q"
        f"{join} WHERE {found}{where} "
        f"AND q.speaker_name IS NOT NULL GROUP BY q.speaker_name ORDER BY n DESC, value LIMIT {FACET_SIZE}"),
        params | values)
    return [{"value": r.value, "count": r.n, "id": r.id} for r in rows]


def _type_facet(session: Session, match: str, flt: Filters) -> list[dict[str, Any]]:
    """Event types among the matching articles: how many articles hold at least one of each (counted
    by each article's set of types, then split)."""
    where, params = _matching(match, flt, skip="type")
    counts: dict[str, int] = {}
    for types, n in session.execute(text(
            f"SELECT a.types, count(*) FROM article_facets a{where} AND a.types IS NOT NULL GROUP BY a.types"),
            params):
        for t in types.split():
            counts[t] = counts.get(t, 0) + n
    return _top(counts)


# -- people, organisations and places -------------------------------------------------------------
def _entities(session: Session, words: list[str], ids: list[int], articles: list[dict[str, Any]]
              ) -> list[dict[str, Any]]:
    """Entities whose name holds a word of the query, then the ones the page's articles mention
    most; each article hit gets its own few (``entities``)."""
    named: list[dict[str, Any]] = []
    long_words = [w for w in dict.fromkeys(w.lower() for w in words) if len(w) >= 3][:4]
    if long_words:
        cond = " OR ".join(f"lower(e.name) LIKE :w{i} ESCAPE '\\'" for i in range(len(long_words)))
        rows = session.execute(text(
            "SELECT e.id, e.name, e.type, (SELECT count(*) FROM mentions m WHERE m.entity_id = e.id) AS n "
            f"FROM entities e WHERE {cond} ORDER BY n DESC, e.name LIMIT 6"),
            {f"w{i}": f"%{_like(w)}%" for i, w in enumerate(long_words)})
        named = [dict(r) for r in rows.mappings()]
    per_article: dict[int, list[dict[str, Any]]] = {}
    totals: dict[int, dict[str, Any]] = {}
    if ids:
        marks = ", ".join(f":a{i}" for i in range(len(ids)))
        rows = session.execute(text(
            "SELECT m.article_id, e.id, e.name, e.type, count(*) AS n FROM mentions m JOIN entities e "
            f"ON e.id = m.entity_id WHERE m.article_id IN ({marks}) GROUP BY m.article_id, e.id "
            "ORDER BY m.article_id, n DESC, e.name"), {f"a{i}": v for i, v in enumerate(ids)})
        for r in rows.mappings():
            ent = {"id": r["id"], "name": r["name"], "type": r["type"]}
            per_article.setdefault(r["article_id"], []).append(ent)
            totals.setdefault(r["id"], ent | {"n": 0})["n"] += r["n"]
    for art in articles:
        art["entities"] = per_article.get(art["id"], [])[:5]
    seen = {e["id"] for e in named}
    rest = sorted((e for e in totals.values() if e["id"] not in seen), key=lambda e: (-e["n"], e["name"]))
    both = named + rest
    return [{"id": e["id"], "name": e["name"], "type": e["type"], "mentions": e["n"]} for e in both][:FACET_SIZE]
