"""Hostile and careless requests against the API and the pages: each test reproduces one reported
defect (work going on after the client left, oversized bodies, echoing errors, unsafe links, CSRF
and cross-site posts, missing headers, HEAD, odd dates, 405s)."""

from __future__ import annotations

import asyncio
import concurrent.futures
import json
import re
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import text

from parley.api.app import create_app
from parley.service import Service
from parley.store import queries
from parley.store.tables import ArticleRow

FOREVER = "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT count(*) FROM c"


@pytest.fixture(scope="module")
def corpus_db(tmp_path_factory: pytest.TempPathFactory, corpus_builder: Callable[..., dict]) -> dict:
    base = tmp_path_factory.mktemp("hardening")
    info = corpus_builder(base / "parley.db", base)
    svc = Service(db=info["db"])
    with svc.store.session() as session, session.begin():
        for n, url in enumerate(("javascript:alert(1)", "data:text/html,<script>alert(2)</script>",
                                 " javascript:alert(3)", "https://example.org/ok")):
            row = ArticleRow(text=f"Unsafe link number {n} in a fictional story about the quarry.", title=f"link {n}",
                             url=url, content_hash=f"unsafe-link-{n}", kind="jsonl", item=f"links.jsonl:{n}")
            session.add(row)
            session.flush()
            info[f"link{n}"] = row.id
    svc.close()
    return info


@pytest.fixture(scope="module")
def client(corpus_db: dict) -> TestClient:
    return TestClient(create_app(db=corpus_db["db"], use_nlp=False))


def csrf_headers(client: TestClient) -> dict[str, str]:
    return {"X-CSRF-Token": client.get("/api/csrf").json()["csrf_token"]}


# -- 3: a read stops when its client goes away -----------------------------------------------
def test_a_read_stops_when_the_client_goes_away(corpus_db: dict, monkeypatch: pytest.MonkeyPatch) -> None:
    """The server stops computing once the client has disconnected (here: after 0.3 s, with a
    query that would otherwise run until the 30 s deadline)."""
    monkeypatch.setenv("PARLEY_QUERY_TIMEOUT", "30")
    monkeypatch.setattr(queries, "search", lambda session, q, **kw: session.execute(text(FOREVER)).scalar())
    app = create_app(db=corpus_db["db"], use_nlp=False)
    sent: list[dict[str, Any]] = []

    async def call() -> float:
        messages = [{"type": "http.request", "body": b"", "more_body": False}]

        async def receive() -> dict[str, Any]:
            if messages:
                return messages.pop()
            await asyncio.sleep(0.3)
            return {"type": "http.disconnect"}

        async def send(message: dict[str, Any]) -> None:
            sent.append(message)

        scope = {"type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": "GET",
                 "scheme": "http", "path": "/api/search", "raw_path": b"/api/search", "query_string": b"q=talks",
                 "headers": [(b"host", b"testserver")], "client": ("127.0.0.1", 5000),
                 "server": ("testserver", 80), "root_path": "", "state": {}}
        t0 = time.perf_counter()
        await app(scope, receive, send)
        return time.perf_counter() - t0

    # in a thread of its own: a browser test earlier in the run may leave an event loop running here
    with concurrent.futures.ThreadPoolExecutor(1) as pool:
        took = pool.submit(asyncio.run, call()).result()
    assert took < 5, took
    assert sent[0]["status"] == 503 and b"client went away" in sent[1]["body"]


# -- 7: request bodies ---------------------------------------------------------------------------
def test_bodies_over_the_cap_get_413_before_parsing(client: TestClient) -> None:
    big = b'{"text": "' + b"x" * 3_000_000 + b'"}'
    headers = csrf_headers(client) | {"Content-Type": "application/json"}
    r = client.post("/api/ingest", content=big, headers=headers)
    assert r.status_code == 413 and len(r.content) < 500 and "request body over" in r.json()["detail"]

    def chunks() -> Iterator[bytes]:  # no Content-Length: counted as it streams
        yield b'{"text": "'
        for _ in range(30):
            yield b"y" * 100_000
        yield b'"}'

    r = client.post("/api/ingest", content=chunks(), headers=headers)
    assert r.status_code == 413 and len(r.content) < 500
    page = client.post("/ingest", content=big, headers={"Content-Type": "application/x-www-form-urlencoded"})
    assert page.status_code == 413 and "request body over" in page.text and len(page.content) < 2000


def test_validation_errors_never_echo_the_input(client: TestClient) -> None:
    marker = "ECHO" * 200
    headers = csrf_headers(client)
    for body in ({"title": marker, "text": "A story long enough to be stored as an article."},
                 {"url": "ftp://" + marker}, {"text": "some text", "published": marker[:40]}, [marker]):
        r = client.post("/api/ingest", json=body, headers=headers)
        assert r.status_code == 422 and "ECHO" not in r.text, r.text[:300]
        assert all("input" not in e for e in r.json()["detail"])
    r = client.get("/api/articles", params={"limit": marker})
    assert r.status_code == 422 and "ECHO" not in r.text


def test_csrf_is_checked_before_the_body_is_parsed(client: TestClient) -> None:
    fresh = TestClient(client.app)
    r = fresh.post("/api/ingest", content=b"{not json", headers={"Content-Type": "application/json"})
    assert r.status_code == 403 and "CSRF" in r.json()["detail"]
    r = fresh.post("/ingest", data={"text": "x" * 100})
    assert r.status_code == 403 and "CSRF" in r.text


# -- 14: CSRF tokens, cross-site posts, headers, docs, HEAD, dates, 405 ------------------------
def test_csrf_tokens_are_signed_by_the_server(client: TestClient, corpus_db: dict) -> None:
    body = {"text": "A fictional note on the quarry road, long enough to be kept as an article."}
    forged = TestClient(client.app, cookies={"parley_csrf": "made-up"})
    assert forged.post("/api/ingest", json=body, headers={"X-CSRF-Token": "made-up"}).status_code == 403
    other = TestClient(create_app(db=corpus_db["db"], use_nlp=False))  # another secret
    foreign = other.get("/api/csrf").json()["csrf_token"]
    replay = TestClient(client.app, cookies={"parley_csrf": foreign})
    assert replay.post("/api/ingest", json=body, headers={"X-CSRF-Token": foreign}).status_code == 403
    token = client.get("/api/csrf").json()["csrf_token"]
    nonce, _, sig = token.partition(".")
    assert nonce and re.fullmatch(r"[0-9a-f]{64}", sig)
    # a page served to a browser holding a foreign cookie replaces it with a signed one
    page = replay.get("/ingest")
    fresh = page.cookies.get("parley_csrf")
    assert fresh and fresh != foreign and f'value="{fresh}"' in page.text


def test_cross_site_posts_are_refused(client: TestClient) -> None:
    body = {"text": "A fictional report from the ferry landing, long enough to be stored as one."}
    headers = csrf_headers(client)
    for extra in ({"Origin": "https://evil.example"}, {"Origin": "null"}, {"Sec-Fetch-Site": "cross-site"},
                  {"Sec-Fetch-Site": "same-site"}):
        r = client.post("/api/ingest", json=body, headers=headers | extra)
        assert r.status_code == 403 and "cross-site" in r.json()["detail"], extra
    token = client.cookies.get("parley_csrf")
    r = client.post("/ingest", data={"text": body["text"], "csrf_token": token},
                    headers={"Origin": "https://evil.example"})
    assert r.status_code == 403 and "cross-site" in r.text
    same = client.post("/api/ingest", json=body,
                       headers=headers | {"Origin": "http://testserver", "Sec-Fetch-Site": "same-origin"})
    assert same.status_code == 200, same.text


@pytest.mark.parametrize("method,url,status", [
    ("GET", "/", 200), ("GET", "/api/articles", 200), ("GET", "/nowhere", 404), ("GET", "/api/articles/0", 422),
    ("DELETE", "/api/articles", 405), ("GET", "/static/parley.css", 200), ("GET", "/api/docs", 200),
    ("POST", "/api/ingest", 403), ("GET", "/api/openapi.json", 200)])
def test_security_headers_on_every_response(client: TestClient, method: str, url: str, status: int) -> None:
    r = client.request(method, url)
    assert r.status_code == status
    assert r.headers["x-content-type-options"] == "nosniff"
    assert "default-src 'self'" in r.headers["content-security-policy"]
    assert "frame-ancestors 'none'" in r.headers["content-security-policy"]


def test_security_headers_on_401(corpus_db: dict) -> None:
    anon = TestClient(create_app(db=corpus_db["db"], token="s3cret", use_nlp=False))
    for url in ("/", "/api/articles", "/api/docs"):
        r = anon.get(url)
        assert r.status_code == 401
        assert r.headers["x-content-type-options"] == "nosniff" and "default-src" in r.headers[
            "content-security-policy"]


def test_api_docs_are_served_locally(client: TestClient) -> None:
    html = client.get("/api/docs").text
    assert "https://" not in html and "http://" not in html and "<script>" not in html
    scripts = re.findall(r'src="([^"]+)"', html) + re.findall(r'href="([^"]+\.css)"', html)
    assert "/api/docs/assets/swagger-ui-bundle.js" in scripts and "/static/swagger-init.js" in scripts
    for src in scripts:
        r = client.get(src)
        assert r.status_code == 200 and len(r.content) > 100, src
    csp = client.get("/api/docs").headers["content-security-policy"]
    assert "script-src 'self'" in csp and "cdn" not in csp


@pytest.mark.parametrize("url", ["/", "/search?q=talks", "/quotes", "/entities", "/events", "/timeline", "/network",
                                 "/ingest", "/api/articles", "/api/docs"])
def test_head_answers_like_get_without_a_body(client: TestClient, url: str) -> None:
    got = client.get(url)
    head = client.head(url)
    assert head.status_code == 200 == got.status_code and head.content == b""
    assert head.headers["content-type"] == got.headers["content-type"]


def test_head_on_an_article(client: TestClient, corpus_db: dict) -> None:
    r = client.head(f"/articles/{corpus_db['seed_id']}")
    assert r.status_code == 200 and r.content == b""
    assert client.head("/articles/999999").status_code == 404


@pytest.mark.parametrize("param", ["until=0", "since=0", "until=1700000000", "since=20250101", "until=2025-5-1"])
def test_numbers_are_not_dates(client: TestClient, param: str) -> None:
    for url in ("/api/search?q=talks&", "/api/quotes?", "/api/events?", "/events?", "/quotes?"):
        r = client.get(url + param)
        assert r.status_code == 422, url + param
        assert "expected a date as YYYY-MM-DD" in r.text
    assert client.get("/api/events?until=2025-05-31").status_code == 200


def test_405_lists_the_allowed_methods(client: TestClient) -> None:
    r = client.delete("/api/articles")
    assert r.status_code == 405 and r.headers["allow"] == "GET, HEAD"
    r = client.put("/api/ingest", json={})
    assert r.status_code == 405 and r.headers["allow"] == "POST"
    r = client.request("PATCH", "/search")
    assert r.status_code == 405 and "GET" in r.headers["allow"] and r.headers["content-type"].startswith("text/html")


# -- 10: links that are not http(s) ------------------------------------------------------------
@pytest.mark.parametrize("n", [0, 1, 2])
def test_unsafe_urls_are_shown_as_text(client: TestClient, corpus_db: dict, n: int) -> None:
    html = client.get(f"/articles/{corpus_db[f'link{n}']}").text
    hrefs = re.findall(r'href="([^"]*)"', html)
    assert not [h for h in hrefs if not h.startswith(("/", "http://", "https://"))], hrefs
    assert "javascript:" not in " ".join(hrefs) and "data:" not in " ".join(hrefs)
    assert "not a web address" in html


def test_http_urls_stay_links(client: TestClient, corpus_db: dict) -> None:
    html = client.get(f"/articles/{corpus_db['link3']}").text
    assert 'href="https://example.org/ok"' in html


def test_unsafe_urls_from_jsonl_are_never_links(tmp_path: Path) -> None:
    records = tmp_path / "links.jsonl"
    records.write_text("\n".join(json.dumps({"text": f"Fictional item {n} about the ferry timetable and its "
                                                     "delays, told in full.", "url": url})
                                 for n, url in enumerate(["javascript:alert(1)", "JaVaScRiPt:alert(1)",
                                                          "data:text/html;base64,PHNjcmlwdD4="])), encoding="utf-8")
    app = create_app(db=str(tmp_path / "l.db"), use_nlp=False)
    ids = app.state.service.ingest([str(records)], use_nlp=False).ids
    client = TestClient(app)
    for article_id in ids:
        html = client.get(f"/articles/{article_id}").text
        assert not re.search(r'href="\s*(javascript|data):', html, re.I)
