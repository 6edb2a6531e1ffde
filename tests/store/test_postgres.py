"""What only PostgreSQL needs: its full-text search finds what FTS5 finds, its SQL twins of the SQLite
functions agree with them, and its reads stop at the statement deadline."""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import Engine, create_engine, text
from test_dates import TABLE

from parley.config import Settings
from parley.errors import TimedOut
from parley.service import Service
from parley.store.engine import database_url, open_store
from parley.store.fts import BadQuery, parse, pg_match
from parley.store.portable import start_day_postgresql, start_day_sqlite

DOCS = [  # (text, speaker)
    ("The envoys agreed a ceasefire in Istanbul after long negotiations.", "Maria Zakharova"),
    ("A cease-fire was proposed; the talks resume in Geneva.", "Sergey Lavrov"),
    ("Water checks at the dams: the river commission met the envoy.", "Anna Berg"),
    ("Talks about talks: negotiators memorandum drafted in Vienna.", None),
    ("Nothing about the river; the dam was closed and Geneva was quiet.", "Maria Lavrova"),
    ("Don't expect a new round of talks, said the U.N.-backed mediator.", "Zakharova"),
]


@pytest.fixture(scope="module")
def pg(pg_databases: Callable[[str], str]) -> Iterator[Engine]:
    url = pg_databases("fts")
    open_store(url).close()
    engine = create_engine(database_url(url))
    with engine.begin() as con:
        for i, (said, who) in enumerate(DOCS, 1):
            con.execute(text("INSERT INTO articles (id, text, title, content_hash, authors, ingested_at) VALUES "
                             "(:i, :t, :t, :h, '[]', now())"), {"i": i, "t": said, "h": f"h{i}"})
            con.execute(text("INSERT INTO quotes (article_id, start, \"end\", text, kind, speaker_name, anonymous) "
                             "VALUES (:i, 0, 1, :t, 'direct', :w, false)"), {"i": i, "t": said, "w": who})
    yield engine
    engine.dispose()


@pytest.fixture(scope="module")
def lite() -> sqlite3.Connection:
    con = sqlite3.connect(":memory:")
    con.execute("CREATE VIRTUAL TABLE q USING fts5(text, speaker, tokenize='porter unicode61 remove_diacritics 2')")
    con.executemany("INSERT INTO q (rowid, text, speaker) VALUES (?, ?, ?)",
                    [(i, said, who) for i, (said, who) in enumerate(DOCS, 1)])
    return con


def both(pg: Engine, lite: sqlite3.Connection, expr: str) -> tuple[set[int], set[int]]:
    m = pg_match(expr, "q.fts")
    with pg.connect() as con:
        got = {r[0] for r in con.execute(text(f"SELECT q.article_id FROM quotes q WHERE {m.cond}"), m.params)}
    return got, {r[0] for r in lite.execute("SELECT rowid FROM q WHERE q MATCH ?", (expr,))}


@pytest.mark.parametrize("q", ["ceasefire", "cease-fire", "talks", "talks NOT Geneva", '"new round"', "memorand*",
                               "(dam OR river) Geneva", "Zakharova", "speaker:Zakharova talks",
                               'speaker:"Maria Zakharova"', "negotiating", "envoy OR Vienna", "don't", "Lavrov"])
def test_the_same_queries_find_the_same_rows(pg: Engine, lite: sqlite3.Connection, q: str) -> None:
    p = parse(q)
    for expr in {p.match, p.quotes_match()} - {""}:
        got, want = both(pg, lite, expr)
        assert got == want and (want or q == "(dam OR river) Geneva"), (q, expr)


WORDS = st.sampled_from(["talks", "Geneva", "river", "OR", "NOT", "(", ")", '"', "-", "-dam", '-"new round"',
                         "memo*", "cease-fire", "speaker:", "Zakharova", '"the talks"', "AND", "*", "'", "é", "envoy",
                         "U.N.-backed", "since:2025-01-01", "don't", "ta*"])


@given(st.lists(st.tuples(WORDS, st.sampled_from(["", " "])), min_size=1, max_size=8))
@settings(max_examples=150, deadline=None, derandomize=True, database=None)
def test_every_parsed_query_runs_on_postgresql_as_on_fts5(pg: Engine, lite: sqlite3.Connection,
                                                          parts: list[tuple[str, str]]) -> None:
    try:
        p = parse("".join(w + sep for w, sep in parts))
    except BadQuery:
        return
    for expr in {p.match, p.quotes_match()} - {""}:
        got, want = both(pg, lite, expr)
        assert got == want, expr


def test_start_day_twins_agree(pg: Engine) -> None:
    values = sorted({row[0] for row in TABLE} | {"2020-W53", "2021-W01", "2024-W01-7", "1999-AU", "2026-W10-WE"})
    con = sqlite3.connect(":memory:")
    con.execute("CREATE TABLE t (v TEXT)")
    con.executemany("INSERT INTO t VALUES (?)", [(v,) for v in [*values, None]])
    want = dict(con.execute(f"SELECT v, {start_day_sqlite('v')} FROM t").fetchall())
    with pg.connect() as pcon:
        pcon.execute(text("CREATE TEMP TABLE t (v TEXT)"))
        pcon.execute(text("INSERT INTO t VALUES (:v)"), [{"v": v} for v in [*values, None]])
        got = dict(pcon.execute(text(f"SELECT v, {start_day_postgresql('v')} FROM t")).all())
    assert got == want


def test_reads_stop_at_the_statement_deadline(pg_databases: Callable[[str], str]) -> None:
    svc = Service(db=pg_databases("deadline"), settings=Settings(query_timeout=0.3))
    t0 = time.perf_counter()
    with pytest.raises(TimedOut, match="longer than 0.3 s"):
        svc._read(lambda session: session.execute(text("SELECT pg_sleep(5)")).scalar())
    assert time.perf_counter() - t0 < 3
    assert svc.stats()["articles"] == 0  # the connection is usable again
    svc.close()


def test_an_unreachable_server_is_one_clear_line() -> None:
    import subprocess
    import sys

    url = "postgresql://nobody@127.0.0.1:9/parley"  # the discard port: nothing listens there
    run = subprocess.run([sys.executable, "-m", "parley.cli", "--db", url, "stats"], capture_output=True, text=True,
                         timeout=60)
    assert run.returncode != 0 and "Traceback" not in run.stderr
    assert "cannot open the database" in run.stderr and "127.0.0.1" in run.stderr


def _store_contents(svc: Service) -> dict:
    """What ingest decided, independent of row ids: entities (with aliases and the articles naming
    them), near-duplicate links and counts."""
    from sqlalchemy import select

    from parley.store.tables import ArticleRow, EntityRow, MentionRow

    with svc.store.session() as s:
        hashes = dict(s.execute(select(ArticleRow.id, ArticleRow.content_hash)).all())
        entities = {r.key: (r.name, r.type, tuple(sorted(r.aliases or []))) for r in s.scalars(select(EntityRow))}
        named = {(k, hashes[a]) for k, a in s.execute(
            select(EntityRow.key, MentionRow.article_id).join(MentionRow, MentionRow.entity_id == EntityRow.id))}
        copies = {(hashes[a], hashes[d]) for a, d in s.execute(
            select(ArticleRow.id, ArticleRow.duplicate_of).where(ArticleRow.duplicate_of.is_not(None)))}
    counts = {k: v for k, v in svc.stats().items() if isinstance(v, int)}
    return {"entities": entities, "named": named, "copies": copies, "counts": counts}


def test_ingest_merges_entities_and_finds_copies_alike_on_both_engines(pg_databases: Callable[[str], str],
                                                                       tmp_path: Path) -> None:
    """The sample corpus and the seed article, parsed by the real pipeline, twice over (the second
    run adds nothing): the same entities merged across articles, the same near-duplicates."""
    from datetime import date

    from parley.config import shared_dir
    from parley.service import sample_sources

    got = []
    for db in (str(tmp_path / "alike.db"), pg_databases("alike")):
        svc = Service(db=db)
        for _ in range(2):
            svc.ingest(sample_sources())
            svc.ingest([str(shared_dir() / "seed" / "article.txt")], published=date(2025, 5, 28))
        got.append(_store_contents(svc))
        svc.close()
    lite, pg = got
    assert lite["counts"]["articles"] > 20 and lite["counts"]["near_duplicates"] >= 1
    assert len(lite["entities"]) > 10 and any(len({h for k2, h in lite["named"] if k2 == k}) > 1
                                              for k in lite["entities"])  # some entity spans articles
    assert pg == lite
