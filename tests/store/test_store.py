"""The store on SQLite and PostgreSQL: migrations, WAL, full-text search (FTS5 / tsvector),
transactions that never half-write."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy import create_engine, inspect, text

from parley.config import shared_dir
from parley.service import Service
from parley.store import repo
from parley.store.engine import database_url, open_store

SEED = shared_dir() / "seed" / "article.txt"


def test_fresh_db_is_at_head_in_wal_mode_and_reopening_is_a_noop(tmp_path: Path) -> None:
    db = tmp_path / "s.db"
    open_store(str(db)).close()
    open_store(str(db)).close()
    con = sqlite3.connect(db)
    assert con.execute("pragma journal_mode").fetchone() == ("wal",)
    assert con.execute("select version_num from alembic_version").fetchall() == [("0004",)]
    tables = {r[0] for r in con.execute("select name from sqlite_master where type='table'")}
    assert {"articles", "entities", "mentions", "quotes", "timexes", "events", "roles",
            "articles_fts", "quotes_fts", "article_facets"} <= tables


def test_search_ranks_and_highlights(db_url: str) -> None:
    svc = Service(db=db_url)
    svc.ingest([str(SEED)], use_nlp=False)
    res = svc.search("ceasefire Istanbul")
    assert res["count"] == 1
    hit = res["articles"][0]
    marked = {hit["snippet"][a:b] for a, b in hit["highlights"]}
    assert marked and marked <= {"Istanbul", "ceasefire"}
    assert svc.search("memorand*")["count"] == 1  # prefix
    assert svc.search("negotiating")["count"] == 1  # porter stem of "negotiations"
    assert svc.search('"unbalanced OR ) NEAR(')["count"] == 0  # hostile syntax is quoted, not run
    assert svc.search("nonexistentword")["count"] == 0
    svc.close()


def test_fts_query_quotes_every_term() -> None:
    assert repo.fts_query('Lavrov "Istanbul') == '"Lavrov" "Istanbul"'
    assert repo.fts_query("memo*") == '"memo"*'
    assert repo.fts_query("; DROP TABLE articles; --") == '"DROP" "TABLE" "articles"'


def test_a_failure_inside_the_transaction_leaves_nothing(db_url: str, tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    svc = Service(db=db_url)
    svc.ingest([str(SEED)], use_nlp=False)

    def boom(*_a: object, **_k: object) -> None:
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(repo, "save_annotations", boom)
    monkeypatch.setattr(Service, "annotate", lambda self, art: {
        "version": "x", "timexes": [], "entities": [], "quotes": [], "events": []})
    other = tmp_path / "other.txt"
    other.write_text("FICTIONAL. The invented envoy said the delegations would meet again next week "
                     "in Vienna to finish the text of the accord.", encoding="utf-8")
    with pytest.raises(RuntimeError):
        svc.ingest([str(other)], use_nlp=True)
    assert svc.stats()["articles"] == 1
    assert svc.search("Vienna")["count"] == 0  # nor in the search index
    monkeypatch.undo()
    assert svc.ingest([str(other)], use_nlp=False).ok == 1  # simply re-run
    svc.close()


def test_quote_search_snippets_name_the_speaker(db_url: str) -> None:
    from parley.records import Entity, Quote, Span
    from parley.store.tables import ArticleRow

    svc = Service(db=db_url)
    aid = svc.ingest([str(SEED)], use_nlp=False).ids[0]
    with svc.store.session() as session, session.begin():
        row = session.get(ArticleRow, aid)
        said = "We don’t know what the Ukrainian side handed over or to whom."
        start = row.text.index(said)
        she = row.text.index("She said")
        quote = Quote(start=start, end=start + len(said), text=said, kind="direct",
                      speaker=Span(start=she, end=she + 3, text="She"), speaker_key="maria zakharova",
                      speaker_name="Maria Zakharova")
        lavrov = row.text.index("Our delegation")
        quote2 = Quote(start=lavrov, end=lavrov + 30, text=row.text[lavrov:lavrov + 30], kind="direct")
        ent = Entity(key="maria zakharova", name="Maria Zakharova", type="PERSON")
        repo.save_annotations(session, row, nlp_version="hand", timexes=[], entities=[ent],
                              quotes=[quote, quote2], events=[])
    res = svc.search("Zakharova")
    assert [q["speaker_name"] for q in res["quotes"]] == ["Maria Zakharova"]
    res = svc.search("delegation")
    hit = res["quotes"][0]
    assert [hit["snippet"][a:b] for a, b in hit["highlights"]] == ["delegation"]
    svc.close()


def test_postgresql_schema_matches_and_searches_by_tsvector(pg_databases: Callable[[str], str],
                                                            tmp_path: Path) -> None:
    """Alembic builds the same tables and columns on PostgreSQL as on SQLite, plus the generated
    ``fts`` columns with GIN indexes; reopening is a no-op."""
    url = pg_databases("schema")
    open_store(url).close()
    open_store(url).close()
    sqlite_db = tmp_path / "s.db"
    open_store(str(sqlite_db)).close()
    lite, pg = inspect(create_engine(f"sqlite:///{sqlite_db}")), inspect(create_engine(database_url(url)))
    fts5 = {"articles_fts", "quotes_fts"}
    assert set(pg.get_table_names()) == {t for t in lite.get_table_names() if not t.startswith(tuple(fts5))}
    for table in pg.get_table_names():
        pg_cols = {c["name"] for c in pg.get_columns(table)} - {"fts"}
        assert pg_cols == {c["name"] for c in lite.get_columns(table)}, table
    assert {c["name"] for c in pg.get_columns("articles")} >= {"fts"}
    indexes = {i["name"] for t in ("articles", "quotes") for i in pg.get_indexes(t)}
    assert {"ix_articles_fts", "ix_quotes_fts"} <= indexes
    engine = create_engine(database_url(url))
    with engine.connect() as con:
        assert con.execute(text("SELECT version_num FROM alembic_version")).scalar() == "0004"
        gin = con.execute(text("SELECT indexdef FROM pg_indexes WHERE indexname = 'ix_articles_fts'")).scalar()
        assert "USING gin (fts)" in gin
        words = con.execute(text("SELECT to_tsvector('parley', 'The negotiations at Genève')")).scalar()
        assert "'the'" in words and "'negoti'" in words  # stems, keeps stop words as FTS5 does
    engine.dispose()


def test_entities_merge_within_an_article_and_across_articles(db_url: str, tmp_path: Path) -> None:
    """The batched entity writes keep ingest's merging: a key given twice in one article is one row,
    a later article fills in what the first lacked (a row loaded earlier in the session sees it), new
    entities take ids in their order, and re-annotating replaces an article's rows, its roles included."""
    from sqlalchemy import func, select

    from parley.records import Entity, Mention, Role
    from parley.store.tables import ArticleRow, EntityRow, MentionRow, RoleRow

    other = tmp_path / "other.txt"
    other.write_text("FICTIONAL. Mr Holm said the envoy of Valdoria would come back to Vessen in the spring "
                     "to finish the accord with Kestrel.", encoding="utf-8")
    svc = Service(db=db_url)
    first, second = svc.ingest([str(SEED), str(other)], use_nlp=False).ids

    def mention(text: str, word: str, label: str) -> Mention:
        at = text.index(word)
        return Mention(start=at, end=at + len(word), text=word, label=label)

    with svc.store.session() as session, session.begin():
        a = session.get(ArticleRow, first)
        assert a is not None
        lavrov = Entity(key="sergey lavrov", name="Lavrov", type="PERSON", aliases=["Mr Lavrov"],
                        mentions=[mention(a.text, "Lavrov", "PERSON")])
        full = Entity(key="sergey lavrov", name="Sergey Lavrov", type="PERSON", country="RUS",
                      roles=[Role(title="Foreign Minister")], mentions=[mention(a.text, "Sergey Lavrov", "PERSON")])
        russia = Entity(key="russia", name="Russia", type="GPE", mentions=[mention(a.text, "Russia", "GPE")])
        repo.save_annotations(session, a, timexes=[], entities=[lavrov, russia, full], quotes=[], events=[],
                              nlp_version="hand")
        rows = session.scalars(select(EntityRow).order_by(EntityRow.id)).all()
        assert [(e.key, e.name, e.country, e.aliases) for e in rows] == [
            ("sergey lavrov", "Sergey Lavrov", "RUS", ["Mr Lavrov", "Sergey Lavrov"]),
            ("russia", "Russia", None, [])]
        assert [m.entity_id for m in session.scalars(select(MentionRow).order_by(MentionRow.id))] == [
            rows[0].id, rows[1].id, rows[0].id]  # each mention, in the order of the entities given

        b = session.get(ArticleRow, second)
        assert b is not None
        holm = Entity(key="dariusz holm", name="Holm", type="PERSON", mentions=[mention(b.text, "Holm", "PERSON")])
        again = Entity(key="sergey lavrov", name="Lavrov", type="PERSON", sector="GOV", code="RUSGOV",
                       mentions=[mention(b.text, "envoy", "PERSON")])
        repo.save_annotations(session, b, timexes=[], entities=[holm, again], quotes=[], events=[],
                              nlp_version="hand")
        assert (rows[0].name, rows[0].sector, rows[0].code) == ("Sergey Lavrov", "GOV", "RUSGOV")
        assert rows[0].aliases == ["Lavrov", "Mr Lavrov", "Sergey Lavrov"]
        assert session.scalar(select(EntityRow.id).where(EntityRow.key == "dariusz holm")) == rows[1].id + 1

        roles = select(func.count()).select_from(RoleRow)
        repo.save_annotations(session, a, timexes=[], entities=[full], quotes=[], events=[], nlp_version="hand")
        assert session.scalar(roles) == 1  # re-annotating replaces the roles read from the article
        repo.save_annotations(session, a, timexes=[], entities=[russia], quotes=[], events=[], nlp_version="hand")
        assert [(m.article_id, m.text) for m in session.scalars(select(MentionRow).order_by(MentionRow.id))] == [
            (b.id, "Holm"), (b.id, "envoy"), (a.id, "Russia")]
        assert [m.text for m in a.mentions] == ["Russia"]
        assert session.scalar(roles) == 0
    svc.close()
