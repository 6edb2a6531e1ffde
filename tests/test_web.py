"""Server-rendered pages through TestClient: each page renders, text is escaped, forms carry CSRF."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient

from parley.api.app import create_app
from parley.web.highlight import Mark, mark_segments, segments


@pytest.fixture(scope="module")
def client(corpus: dict) -> TestClient:
    return TestClient(create_app(db=corpus["db"], use_nlp=False))


@pytest.mark.parametrize("url", ["/", "/?offset=5&limit=5", "/search", "/search?q=ceasefire",
                                 "/search?q=ceasefire&kind=quote", "/search?q=talks&source=Kestrel+Courier",
                                 "/quotes", "/quotes?speaker=Sergey+Lavrov", "/entities", "/entities?type=PERSON",
                                 "/events", "/events?status=planned", "/timeline", "/timeline?bucket=week",
                                 "/network", "/ingest"])
def test_pages_render(client: TestClient, url: str) -> None:
    r = client.get(url)
    assert r.status_code == 200, url
    assert r.headers["content-type"].startswith("text/html")
    assert "<nav>" in r.text and "</html>" in r.text


def test_home_lists_articles_newest_first(client: TestClient) -> None:
    html = client.get("/").text
    days = re.findall(r"<time>(\d{4}-\d{2}-\d{2})</time>", html)
    assert days and days == sorted(days, reverse=True)
    assert "quotes</span>" in html and "events</span>" in html


def test_article_page_highlights(client: TestClient, corpus: dict) -> None:
    html = client.get(f"/articles/{corpus['seed_id']}").text
    assert 'class="ann timex" title="DATE: 2025-05-28">Wednesday</span>' in html
    assert re.search(r'<a class="ann [^"]*speaker[^"]*" href="/entities/\d+" title="[^"]*speaker: Sergey Lavrov', html)
    assert re.search(r'class="ann quote"[^>]*>Our delegation', html)
    assert "g-verbal-cooperation" in html and 'data-layer="event"' in html


def test_xss_is_escaped(client: TestClient, corpus: dict) -> None:
    html = client.get(f"/articles/{corpus['xss_id']}").text
    assert "<script>alert(1)</script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<img src=x" not in html and "<b>river</b>" not in html
    found = client.get("/search", params={"q": "alert"}).text
    assert "<script>alert" not in found and "<mark>alert</mark>" in found
    listing = client.get("/").text
    assert "<script>alert" not in listing
    assert "<script>" not in client.get("/search", params={"q": "<script>alert(1)</script>"}).text.replace(
        '<script src="/static/parley.js" defer></script>', "")


def test_entity_page(client: TestClient) -> None:
    ent = client.get("/api/entities", params={"q": "Sergey"}).json()["entities"][0]
    html = client.get(f"/entities/{ent['id']}").text
    assert "Foreign Minister" in html and "Our delegation" in html and "Mr Lavrov" in html


def test_timeline_and_network_svg(client: TestClient) -> None:
    html = client.get("/timeline").text
    assert html.count("<circle") == 3 and 'fill="#fff" stroke="#2a9d8f"' in html  # planned CONSULT is hollow
    net = client.get("/network").text
    assert "<svg" in net and net.count('class="edge"') == 2 and ">RUS</text>" in net


def test_not_found_and_invalid_render_html(client: TestClient) -> None:
    for url, status in (("/articles/99999", 404), ("/entities/99999", 404), ("/nowhere", 404),
                        ("/quotes?kind=shouted", 422), ("/timeline?bucket=year", 422)):
        r = client.get(url)
        assert r.status_code == status and r.headers["content-type"].startswith("text/html"), url
        assert "Back to the articles" in r.text


def test_ingest_form_csrf(client: TestClient) -> None:
    page = client.get("/ingest").text
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    assert client.cookies.get("parley_csrf") == token
    text = "Pasted through the web form: the river commission met again and agreed a new schedule of checks."
    denied = client.post("/ingest", data={"text": text, "csrf_token": "forged"})
    assert denied.status_code == 403 and "CSRF" in denied.text
    ok = client.post("/ingest", data={"text": text, "title": "Commission agrees new checks",
                                      "csrf_token": token}, follow_redirects=False)
    assert ok.status_code == 303 and ok.headers["location"].startswith("/articles/")
    assert "Commission agrees new checks" in client.get(ok.headers["location"]).text
    bad = client.post("/ingest", data={"url": "http://127.0.0.1:9/", "csrf_token": token})
    assert bad.status_code == 422 and 'role="alert"' in bad.text


def test_segments_cover_text_and_overlaps() -> None:
    text = "Lavrov said: “We agree.”"
    marks = [Mark(14, 23, "quote", "quote"), Mark(0, 6, "speaker", "speaker: Lavrov", "/entities/1"),
             Mark(17, 22, "event", "AGREE", extra="g-verbal-cooperation"), Mark(5, 99, "timex", "out of range")]
    segs = segments(text, marks)
    assert "".join(s["text"] for s in segs) == text
    agree = next(s for s in segs if s["text"] == "agree")
    assert agree["cls"] == "event g-verbal-cooperation quote"
    assert segs[0]["href"] == "/entities/1"
    assert mark_segments("a <b> c", [[2, 5]]) == [{"text": "a ", "mark": False}, {"text": "<b>", "mark": True},
                                                 {"text": " c", "mark": False}]
