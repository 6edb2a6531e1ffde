"""Search denial of service: repeated and excess query terms, queries without a word character,
and the deadline every read of the database runs under."""

from __future__ import annotations

import time

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import text

from parley.api.app import create_app
from parley.config import Settings
from parley.errors import TimedOut
from parley.service import Service
from parley.store import queries, repo

FOREVER = "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT count(*) FROM c"


@pytest.fixture(scope="module")
def corpus(engine_corpus: dict) -> dict:
    """The shared corpus on each engine in turn (tests/conftest.py)."""
    return engine_corpus


@pytest.fixture(scope="module")
def client(corpus: dict) -> TestClient:
    return TestClient(create_app(db=corpus["db"], use_nlp=False))


def test_query_terms_are_deduplicated_and_capped() -> None:
    assert repo.fts_query(" ".join(["s*"] * 166)) == '"s"*'
    assert repo.fts_query("The the THE talks") == '"The" "talks"'
    many = repo.fts_terms(" ".join(f"w{i}" for i in range(500)))
    assert len(many) == repo.MAX_TERMS == 16 and many[0] == ("w0", False)


@pytest.mark.parametrize("q", [" ".join(["s*"] * 500), " ".join(["the"] * 500),
                               " ".join(f"{chr(97 + i % 26)}*" for i in range(500))])
def test_search_with_500_terms_answers_fast(client: TestClient, q: str) -> None:
    for url in ("/api/search", "/search"):
        t0 = time.perf_counter()
        r = client.get(url, params={"q": q})
        took = time.perf_counter() - t0
        assert r.status_code == 200 and took < 1.0, (url, r.status_code, took)


def test_reads_stop_at_the_statement_deadline(corpus: dict, monkeypatch: pytest.MonkeyPatch) -> None:
    svc = Service(db=corpus["db"], settings=Settings(query_timeout=0.3))
    t0 = time.perf_counter()
    with pytest.raises(TimedOut, match="longer than 0.3 s"):
        svc._read(lambda session: session.execute(text(FOREVER)).scalar())
    assert time.perf_counter() - t0 < 3
    assert svc.stats()["articles"] > 20  # the connection is usable again: the handler is gone
    svc.close()

    monkeypatch.setenv("PARLEY_QUERY_TIMEOUT", "0.3")
    monkeypatch.setattr(queries, "search", lambda session, q, **kw: session.execute(text(FOREVER)).scalar())
    slow = TestClient(create_app(db=corpus["db"], use_nlp=False))
    t0 = time.perf_counter()
    r = slow.get("/api/search", params={"q": "talks"})
    assert r.status_code == 503 and "longer than 0.3 s" in r.json()["detail"]
    assert time.perf_counter() - t0 < 3


@pytest.mark.parametrize("q", ['"', "*", "(((", "\u202e", "-- ;", "\u202e\u202e *"])
def test_queries_without_words(client: TestClient, q: str) -> None:
    page = client.get("/search", params={"q": q})
    assert page.status_code == 200 and "0 results" in page.text
    api = client.get("/api/search", params={"q": q}).json()
    assert api["count"] == 0 and [f["count"] for f in api["facets"]["kind"]] == [0, 0]
    assert client.get("/quotes", params={"q": q}).status_code == 200
