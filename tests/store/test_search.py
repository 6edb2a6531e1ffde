"""An analyst's search: the query language, its filters and facets, and the lists, chronology,
network and export rows that share its conditions, against a real SQLite file and a real PostgreSQL
database (each test that stores runs on both engines)."""

from __future__ import annotations

import io
import sqlite3
from collections.abc import Callable
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import text as sql

from parley.config import Settings
from parley.errors import Rejected
from parley.records import Entity, Event, Mention, Quote, Span
from parley.service import Service
from parley.store import repo
from parley.store.fts import MAX_TERMS, BadQuery, parse
from parley.store.tables import ArticleRow


@pytest.fixture(scope="module")
def corpus(engine_corpus: dict) -> dict:
    """The shared corpus on each engine in turn."""
    return engine_corpus


@pytest.fixture(scope="module")
def svc(corpus: dict) -> Service:
    return Service(db=corpus["db"])


@pytest.mark.parametrize(("q", "match"), [
    ("Zakharova mediation", '"Zakharova" "mediation"'),
    ('"water-for-peace"', '"water for peace"'),
    ("cease-fire", '("cease fire" OR "ceasefire")'),
    ("talks OR negotiations", '("talks" OR "negotiations")'),
    ("accord talks OR negotiations", '"accord" AND ("talks" OR "negotiations")'),  # OR binds tighter
    ("talks NOT Geneva", '"talks" NOT "Geneva"'),
    ('talks -Geneva -"new round"', '"talks" NOT "Geneva" NOT "new round"'),
    ("memorand*", '"memorand"*'),
    ("(dam OR river) water", '(("dam" OR "river")) AND "water"'),
    ("talks NOT (Geneva OR Vienna)", '"talks" NOT (("Geneva" OR "Vienna"))'),
    ('"unbalanced OR ) NEAR(', '"unbalanced OR NEAR"'),  # an unclosed quote runs to the end
    ("talks)", '"talks"'),
    ("(((", ""),
])
def test_query_language(q: str, match: str) -> None:
    assert parse(q).match == match


def test_fields_become_filters() -> None:
    p = parse('speaker: Zakharova mediation source:"Lantern News Agency" type:AGREE kind:Quote since:2025-05-01')
    assert p.match == '"mediation"'
    assert p.filters == {"speaker": "Zakharova", "source": "Lantern News Agency", "type": "AGREE", "kind": "quote",
                         "since": "2025-05-01"}
    assert p.quotes_match() == 'speaker : "Zakharova" AND text : ("mediation")'
    assert parse('speaker:"Maria Zakharova"').quotes_match() == 'speaker : "Maria Zakharova"'


@pytest.mark.parametrize(("q", "says"), [
    ("talks OR", "OR needs a word"), ("OR talks", "OR needs a word"), ("NOT talks", "NOT needs something"),
    ("-talks", "NOT needs something"), ("talks NOT", "NOT needs a word"), ("a OR -b", "put NOT outside an OR"),
    ("speaker:", "speaker: needs a value"), ("since:yesterday talks", "YYYY-MM-DD"),
    ("(" * 12 + "talks", "too many nested brackets"),
])
def test_malformed_queries_say_what_to_change(q: str, says: str) -> None:
    with pytest.raises(BadQuery, match=says) as err:
        parse(q)
    assert err.value.status == 422


def test_phrases_count_against_the_term_cap() -> None:
    p = parse('"' + "the " * 500 + '"' + " ".join(f'"w{i} x{i}"' for i in range(100)))
    assert len(p.terms) == MAX_TERMS and p.match.count('"the') == 1
    assert len(p.match.split(" ")) < 3 * MAX_TERMS


WORDS = st.sampled_from(["a", "b", "OR", "NOT", "(", ")", '"', "-", "-c", '-"d e"', "x*", "cease-fire", "speaker:",
                         "Zed", '"p q"', "since:2025-01-01", "AND", "NEAR", "0:0", "\x85", ":", "*", "^", "{text}",
                         "text:", "+", "'", "é", "kind:quote"])


@given(st.lists(st.tuples(WORDS, st.sampled_from(["", " "])), min_size=1, max_size=10))
@settings(max_examples=400, deadline=None, derandomize=True, database=None)
def test_every_parsed_query_is_valid_fts5(parts: list[tuple[str, str]]) -> None:
    con = sqlite3.connect(":memory:")
    con.execute("CREATE VIRTUAL TABLE f USING fts5(text, speaker)")
    try:
        p = parse("".join(w + sep for w, sep in parts))
    except BadQuery:
        return
    for expr in (p.match, p.quotes_match()):
        if expr:
            con.execute("SELECT count(*) FROM f WHERE f MATCH ?", (expr,)).fetchone()


def test_speaker_and_words_together(svc: Service, corpus: dict) -> None:
    both = svc.search("Zakharova Ukrainian")  # the speaker's name and the quote's words
    assert [q["speaker_name"] for q in both["quotes"]] == ["Maria Zakharova"]
    only = svc.search("speaker: Lavrov delegation", kind="quote")
    assert [q["speaker_name"] for q in only["quotes"]] == ["Sergey Lavrov"] and only["count"] == 1
    assert svc.search("speaker:Lavrov Ukrainian", kind="quote")["count"] == 0  # Zakharova said that
    lavrov = only["quotes"][0]["speaker_entity_id"]
    assert svc.search("delegation", speaker=str(lavrov), kind="quote")["count"] == 1
    listed = svc.search('speaker:"Maria Zakharova"')  # a filter alone lists what it keeps
    assert [q["speaker_name"] for q in listed["quotes"]] == ["Maria Zakharova"]
    assert [a["id"] for a in listed["articles"]] == [corpus["seed_id"]]


def test_phrases_or_not_hyphens(svc: Service) -> None:
    assert svc.search("cease-fire")["count"] == svc.search("ceasefire")["count"] > 0
    either = svc.search("Zakharova OR Lavrov", kind="quote")
    assert {q["speaker_name"] for q in either["quotes"]} == {"Maria Zakharova", "Sergey Lavrov"}
    assert svc.search("delegation NOT Medinsky", kind="quote")["count"] == 0
    assert svc.search('"Ukrainian side"', kind="quote")["count"] == 1
    assert svc.search('"side Ukrainian"', kind="quote")["count"] == 0


def test_facets_and_entities(svc: Service, corpus: dict) -> None:
    res = svc.search("Russia")
    facets = res["facets"]
    assert set(facets) == {"kind", "source", "month", "speaker", "type"}
    assert {f["value"] for f in facets["type"]} == {"AGREE", "CONSULT", "ACCUSE"}
    names = {e["name"]: e for e in res["entities"]}
    assert names["Russia"]["type"] == "GPE" and "Sergey Lavrov" in names  # named by the query, then in the hits
    seed = next(a for a in res["articles"] if a["id"] == corpus["seed_id"])
    assert {e["name"] for e in seed["entities"]} >= {"Russia", "Sergey Lavrov"}
    speakers = svc.search("delegation OR Ukrainian")["facets"]["speaker"]
    assert {f["value"] for f in speakers} == {"Maria Zakharova", "Sergey Lavrov"} and all(f["id"] for f in speakers)
    typed = svc.search("Russia", type="ACCUSE")
    assert typed["count"] >= 1 and all(a["id"] == corpus["seed_id"] for a in typed["articles"])
    assert svc.search("Russia", type="SANCTION")["articles"] == []


def test_bad_search_is_a_422_not_a_500(svc: Service) -> None:
    with pytest.raises(BadQuery):
        svc.search("talks OR")
    with pytest.raises(BadQuery, match="kind: is article or quote"):
        svc.search("talks kind:shouted")


def test_quotes_sort_and_filter_by_the_real_day(db_url: str) -> None:
    """2026-W10 starts on 2 March: as text it would sort after 2026-03-19; by its Monday it comes before."""
    svc = Service(db=db_url)
    text = "FICTIONAL. The envoy said one thing. The minister said another. The mayor said a third thing."
    aid = svc.ingest(["-"], use_nlp=False, published=date(2026, 3, 20), stdin=io.BytesIO(text.encode())).ids[0]
    said = {"one thing": "2026-W10", "another": "2026-03-19", "a third thing": "2026-03"}
    quotes = [Quote(start=text.index(w), end=text.index(w) + len(w), text=w, kind="indirect", said_on=v,
                    speaker_name=w.split()[-1]) for w, v in said.items()]
    with svc.store.session() as session, session.begin():
        repo.save_annotations(session, session.get(ArticleRow, aid), timexes=[], entities=[], quotes=quotes,
                              events=[], nlp_version="hand")
    newest = [q["said_on"] for q in svc.quotes()["quotes"]]
    assert newest == ["2026-03-19", "2026-W10", "2026-03"]
    assert [q["said_on"] for q in svc.quotes(order="oldest")["quotes"]] == newest[::-1]
    assert [q["date"] for q in svc.quotes()["quotes"]] == ["2026-03-19", "2026-03-02", "2026-03-01"]
    week = svc.quotes(since=date(2026, 3, 2), until=date(2026, 3, 8))["quotes"]
    assert [q["said_on"] for q in week] == ["2026-W10"]
    assert [q["said_on"] for q in svc.quotes(q="thing since:2026-03-02")["quotes"]] == ["2026-W10"]
    with pytest.raises(BadQuery):
        svc.quotes(q="NOT thing")
    svc.close()


def test_chronology(svc: Service, corpus: dict) -> None:
    chron = svc.chronology()
    days = [d["day"] for d in chron["days"]]
    assert days == sorted(days) and days[0] == "2025-05-16"
    items = [i for d in chron["days"] for i in d["items"]]
    kinds = {i["kind"] for i in items}
    assert kinds == {"event", "quote"} and chron["count"] == len(items) == 5
    quote = next(i for i in items if i["kind"] == "quote" and i["speaker"] == "Sergey Lavrov")
    assert quote["href"] == f"/articles/{corpus['seed_id']}#q-{quote['id']}"
    assert quote["sentence"].startswith("Russian Foreign Minister Sergey Lavrov said")
    assert quote["timex"] == "2025-05-28"
    art = svc.article(corpus["seed_id"])
    assert art["text"][quote["sentence_start"]:quote["sentence_end"]].startswith("Russian Foreign Minister")
    assert svc.chronology(type="QUOTE")["count"] == 2 and svc.chronology(type="AGREE")["count"] == 1
    assert svc.chronology(actor="RUS")["count"] == 3 and svc.chronology(actor="Sergey Lavrov")["count"] == 1
    assert svc.chronology(source="Nowhere")["count"] == 0
    assert svc.chronology(since=date(2025, 6, 1))["count"] == 1


def test_network_keeps_resolved_actors_only(db_url: str) -> None:
    """The network's nodes are entities: a side that no mention resolves ("it", "we", "the river
    authority") is no node, and a code (KES) is the attribute of an entity, never a node of its own."""
    svc = Service(db=db_url)
    text = "FICTIONAL. It warned the river authority, and Valdoria accused Kestrel over the dam; we protested."
    aid = svc.ingest(["-"], use_nlp=False, stdin=io.BytesIO(text.encode())).ids[0]

    def at(words: str) -> Span:
        return Span(start=text.index(words), end=text.index(words) + len(words), text=words)

    span = Span(start=0, end=10, text=text[:10])
    events = [Event(type="THREATEN", trigger=span, sentence=span, actors=["it"], recipients=["river"],
                    actor_spans=[at("It")], recipient_spans=[at("the river authority")]),
              Event(type="ACCUSE", trigger=span, sentence=span, actors=["VAL"], recipients=["KES"],
                    actor_spans=[at("Valdoria")], recipient_spans=[at("Kestrel")]),
              Event(type="PROTEST", trigger=span, sentence=span, actors=["we"], recipients=["KES"],
                    actor_spans=[at("we")], recipient_spans=[at("Kestrel")])]
    valdoria = Entity(key="valdoria", name="Valdoria", type="GPE", code="VAL",
                      mentions=[Mention(**at("Valdoria").model_dump(), label="GPE")])
    kestrel = Entity(key="kestrel", name="Kestrel", type="GPE", code="KES",
                     mentions=[Mention(**at("Kestrel").model_dump(), label="GPE")])
    with svc.store.session() as session, session.begin():
        repo.save_annotations(session, session.get(ArticleRow, aid), timexes=[], entities=[valdoria, kestrel],
                              quotes=[], events=events, nlp_version="hand")
    net = svc.network()
    names = {k: v["name"] for k, v in net["entities"].items()}
    assert [(names[e["source"]], names[e["target"]]) for e in net["edges"]] == [("Valdoria", "Kestrel")]
    assert {n["name"] for n in net["nodes"]} == {"Valdoria", "Kestrel"}
    assert len(svc.network(top=1)["nodes"]) == 1 and svc.network(top=1)["edges"] == []
    svc.close()


def test_export_rows(svc: Service, corpus: dict) -> None:
    quotes = list(svc.rows("quotes"))
    assert len(quotes) == 2
    assert {"url", "published", "date", "said_on", "said_on_text", "start", "end"} <= set(quotes[0])
    assert quotes[0]["said_on_text"] == "Wednesday 28 May 2025"
    assert [q["speaker"] for q in svc.rows("quotes", speaker="Zakharova")] == ["Maria Zakharova"]
    assert len(list(svc.rows("quotes", q="delegation"))) == 1 and len(list(svc.rows("quotes", type="indirect"))) == 0
    events = list(svc.rows("events", entity="Russia"))
    assert len(events) == 3 and events[0]["timex_text"]
    assert len(list(svc.rows("events", type="AGREE", since=date(2025, 5, 20)))) == 1
    mentions = list(svc.rows("mentions", entity="Sergey Lavrov"))
    assert mentions and all(m["name"] == "Sergey Lavrov" and m["end"] > m["start"] for m in mentions)
    articles = list(svc.rows("articles", q="ceasefire", limit=2))
    assert len(articles) == svc.search("ceasefire", kind="article")["count"]  # paged through, two at a time
    assert len({a["id"] for a in articles}) == len(articles)
    with pytest.raises(Rejected, match="cannot be filtered by speaker"):
        list(svc.rows("mentions", speaker="x"))
    with pytest.raises(Rejected, match="unknown export"):
        list(svc.rows("tweets"))


def test_article_facets_follow_articles_and_events(db_url: str) -> None:
    svc = Service(db=db_url)
    text = "FICTIONAL. Valdoria accused Kestrel; both agreed to meet."
    aid = svc.ingest(["-"], use_nlp=False, published=date(2026, 1, 5), source="Wire",
                     stdin=io.BytesIO(text.encode())).ids[0]
    span = Span(start=0, end=10, text=text[:10])
    events = [Event(type=t, trigger=span, sentence=span, actors=["VAL"], recipients=["KES"])
              for t in ("ACCUSE", "AGREE", "ACCUSE")]
    facets = sql("SELECT source, published, types FROM article_facets WHERE id = :id")

    def row() -> tuple:
        with svc.store.engine.connect() as con:
            return tuple(con.execute(facets, {"id": aid}).one())

    assert row() == ("Wire", "2026-01-05", None)
    for evs, types in ((events, " ACCUSE AGREE "), ([], None)):
        with svc.store.session() as session, session.begin():
            repo.save_annotations(session, session.get(ArticleRow, aid), timexes=[], entities=[], quotes=[],
                                  events=evs, nlp_version="hand")
        assert row() == ("Wire", "2026-01-05", types)
    svc.close()


def test_the_facets_migration_fills_in_what_is_stored(db_url: str) -> None:
    from alembic import command
    from sqlalchemy import create_engine

    from parley.store.engine import alembic_config, database_url, open_store

    command.upgrade(alembic_config(database_url(db_url)), "0002")
    engine = create_engine(database_url(db_url))
    with engine.begin() as con:
        con.execute(sql("INSERT INTO articles (id, text, source, published, content_hash, authors, ingested_at) "
                         "VALUES (1, 'x', 'Wire', '2025-01-02', 'h', '[]', '2025-01-02')"))
        con.execute(sql("INSERT INTO events (article_id, type, trigger_start, trigger_end, trigger_text, "
                         "sentence_start, sentence_end, actors, recipients, actor_spans, recipient_spans, status) "
                         "VALUES (1, 'SANCTION', 0, 1, 'x', 0, 1, '[]', '[]', '[]', '[]', 'occurred')"))
    open_store(db_url).close()
    with engine.connect() as con:
        assert con.execute(sql("SELECT source, published, types FROM article_facets")).all() == [
            ("Wire", "2025-01-02", " SANCTION ")]
    engine.dispose()


def _river_reports(svc: Service, reports: list[tuple[str, str]]) -> None:
    """Stores each (text, speaker) as a fictional report dated 1 March 2026 on, from two sources, with one
    quote: "Talks on river water" by that speaker."""
    for i, (text, speaker) in enumerate(reports):
        aid = svc.ingest(["-"], use_nlp=False, published=date(2026, 3, 1 + i), source=f"src{i % 2}",
                         stdin=io.BytesIO(text.encode())).ids[0]
        quotes = [Quote(start=text.index("Talks"), end=text.index("resumed"), text="Talks on river water",
                        kind="direct", speaker_name=speaker)]
        with svc.store.session() as session, session.begin():
            repo.save_annotations(session, session.get(ArticleRow, aid), timexes=[], entities=[], quotes=quotes,
                                  events=[], nlp_version="hand")


def test_a_broad_search_ranks_its_newest_matches(db_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """Past ``RANKED`` matches, a search ranks the newest that many (by id) and counts its facets over
    them; the count still covers every match, and later pages list the older ones, none twice."""
    from parley.store import search

    svc = Service(db=db_url, settings=Settings(search_cache_s=0))
    _river_reports(svc, [(f"FICTIONAL report {i}. Talks on river water resumed. " + "Water matters. " * (i % 3),
                          f"Envoy {i}") for i in range(10)])
    everything = svc.search("water", limit=50)
    assert everything["count"] == 20 and everything["ranked"] == {"article": 10, "quote": 10}
    monkeypatch.setattr(search, "RANKED", 3)
    first, second = svc.search("water", limit=4), svc.search("water", limit=4, offset=4)
    assert first["ranked"] == {"article": 3, "quote": 3}
    if db_url.startswith("postgresql"):  # past RANKED, PostgreSQL's count is its planner's estimate
        assert first["estimated"] == ["article", "quote"] and first["count"] >= 8
    else:
        assert first["count"] == 20 and first["estimated"] == [] and everything["estimated"] == []
    ids = sorted((a["id"] for a in everything["articles"]), reverse=True)
    got = [a["id"] for a in first["articles"] + second["articles"]]
    assert set(got[:3]) == set(ids[:3]) and got[3:] == ids[3:8]  # the best of the newest, then newest first
    quotes = sorted((q["id"] for q in everything["quotes"]), reverse=True)
    got = [q["id"] for q in first["quotes"] + second["quotes"]]
    assert set(got[:3]) == set(quotes[:3]) and got[3:] == quotes[3:8]
    assert sum(f["count"] for f in first["facets"]["source"]) == 3  # facets count the ranked matches
    assert sum(f["count"] for f in first["facets"]["speaker"]) == 3
    assert sum(f["count"] for f in everything["facets"]["source"]) == 10
    svc.close()


def test_postgresql_finds_the_newest_matches_the_same_every_way(pg_databases: Callable[[str], str],
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    """PostgreSQL takes a broad search's newest matches by walking the id index, from the GIN index
    among the newest ids only (and past them when too few are there), or from the GIN index alone,
    by its estimate: each way gives the same hits, facets and counts."""
    from parley.store import search

    db_url = pg_databases("ways")
    svc = Service(db=db_url, settings=Settings(search_cache_s=0))
    _river_reports(svc, [(f"FICTIONAL report {i}. Talks on river water resumed" + (", river water again." if i % 3
                                                                                   else "."), f"Envoy {i % 4}")
                         for i in range(12)])
    with svc.store.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.exec_driver_sql("ANALYZE articles")  # the estimate of rows the ways are chosen by
        conn.exec_driver_sql("ANALYZE quotes")
    monkeypatch.setattr(search, "RANKED", 3)
    ways = {"walk": ({"articles": 0.0, "quotes": 0.0}, 1.5), "newest ids": ({"articles": 1e9, "quotes": 1e9}, 1.5),
            "newest ids, then older": ({"articles": 1e9, "quotes": 1e9}, 1e-9),
            "all matches": ({"articles": 1e9, "quotes": 1e9}, 1e9)}
    taken: dict[str, set[str]] = {}
    found = search._pg_ids_of

    def ids_of(session: object, sql_text: str, params: dict, limit: int) -> list[int]:
        taken[way].add("older" if "< :probe_lo" in sql_text else "newest ids" if "probe_lo" in sql_text
                       else "all" if "MATERIALIZED" in sql_text else "walk")
        return found(session, sql_text, params, limit)  # type: ignore[arg-type]

    monkeypatch.setattr(search, "_pg_ids_of", ids_of)
    results = {}
    for way, (cost, probe) in ways.items():
        monkeypatch.setattr(search, "_PG_WALK_COST", cost)
        monkeypatch.setattr(search, "_PG_PROBE", probe)
        taken[way] = set()
        results[way] = [svc.search(q, limit=2, offset=offset) for q in ("water", "river water", "river -again")
                        for offset in (0, 2, 4)]
    assert taken["walk"] == {"walk"} and taken["all matches"] == {"all"}
    assert "newest ids" in taken["newest ids"] and "older" not in taken["newest ids"]
    assert "older" in taken["newest ids, then older"]
    assert results["walk"][0]["count"] >= 4 and results["walk"][0]["facets"]["speaker"]
    assert len({a["id"] for r in results["walk"][6:9] for a in r["articles"]}) == 4  # "river -again"
    for way in ways:
        assert results[way] == results["walk"], way
    svc.close()


def test_quote_hits_read_aside_match_the_ones_read_in_turn(db_url: str) -> None:
    """On PostgreSQL the service reads a search's quote hits in a second session while the first reads
    the article hits; the answer is the one read in turn, in one session, filters and pages included."""
    from parley.store.search import search

    svc = Service(db=db_url, settings=Settings(search_cache_s=0))
    _river_reports(svc, [(f"FICTIONAL report {i}. Talks on river water resumed" + (" again." if i % 2 else "."),
                          f"Envoy {i % 3}") for i in range(8)])
    asks = [{"q": "river water"}, {"q": "talks", "kind": "quote"}, {"q": "water", "source": "src1", "offset": 2},
            {"q": "river", "speaker": "Envoy 1"}, {"q": "again"}]
    for ask in asks:
        in_turn = svc._read(search, **ask)
        assert svc.search(**ask) == in_turn, ask
    assert (svc._pool is not None) == db_url.startswith("postgresql")  # PostgreSQL only: SQLite reads in turn
    svc.close()
    assert svc._pool is None
