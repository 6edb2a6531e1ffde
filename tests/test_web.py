"""Server-rendered pages through TestClient: each page renders, text is escaped, forms carry CSRF."""

from __future__ import annotations

import csv
import io
import json
import re

import pytest
from fastapi.testclient import TestClient

from parley.api.app import create_app
from parley.web.charts import CHAR_W, LABEL_FONT, network_chart
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


@pytest.mark.parametrize(("page", "api"), [
    ("/", "/api/articles"),
    ("/quotes?speaker=Sergey+Lavrov&kind=direct", "/api/quotes?speaker=Sergey+Lavrov&kind=direct"),
    ("/entities?type=PERSON", "/api/entities?type=PERSON"), ("/events?status=planned", "/api/events?status=planned"),
    ("/timeline?actor=RUS", "/api/chronology?actor=RUS"), ("/network?type=AGREE", "/api/network?type=AGREE"),
    ("/search?q=ceasefire&source=Kestrel+Courier", "/api/search?q=ceasefire&source=Kestrel+Courier")])
def test_every_list_links_its_downloads(client: TestClient, page: str, api: str) -> None:
    html = client.get(page).text
    csv_link = re.search(r'href="([^"]*format=csv[^"]*)" download>CSV', html)
    assert csv_link, page
    url = csv_link.group(1).replace("&amp;", "&")
    assert url.startswith(api.split("?")[0]) and all(p in url for p in api.split("?")[1:])
    r = client.get(url)
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/csv")
    assert "attachment" in r.headers["content-disposition"]
    json_link = re.search(r'href="([^"]*)">JSON</a>', html).group(1).replace("&amp;", "&")
    assert client.get(json_link).status_code == 200


def test_csv_downloads_keep_the_filters(client: TestClient) -> None:
    rows = list(csv.DictReader(io.StringIO(client.get("/api/quotes", params={
        "speaker": "Sergey Lavrov", "format": "csv"}).text)))
    assert [r["speaker"] for r in rows] == ["Sergey Lavrov"] and rows[0]["said_on_text"] == "Wednesday 28 May 2025"
    planned = list(csv.DictReader(io.StringIO(client.get("/api/events", params={
        "status": "planned", "format": "csv"}).text)))
    assert [e["type"] for e in planned] == ["CONSULT"]
    lines = client.get("/api/chronology", params={"type": "QUOTE", "format": "jsonl"}).text.splitlines()
    assert len(lines) == 2 and all(json.loads(line)["kind"] == "quote" for line in lines)
    assert client.get("/api/quotes", params={"q": "talks OR", "format": "csv"}).status_code == 422


def test_dates_read_as_words_with_the_timex_on_hover(client: TestClient, corpus: dict) -> None:
    assert '<time datetime="2025-05-28" title="2025-05-28">Wednesday 28 May 2025</time>' in client.get("/quotes").text
    art = client.get(f"/articles/{corpus['seed_id']}").text
    assert '<time datetime="2025-06-02" title="DATE: 2025-06-02">Monday 2 June 2025</time>' in art
    events = client.get("/events").text
    assert '<time datetime="2025-06-02" title="2025-06-02">Monday 2 June 2025</time>' in events


def test_article_gives_each_highlight_an_anchor(client: TestClient, corpus: dict) -> None:
    art = client.get(f"/api/articles/{corpus['seed_id']}").json()
    html = client.get(f"/articles/{corpus['seed_id']}").text
    for key, prefix in (("quotes", "q"), ("events", "e"), ("timexes", "t")):
        for item in art[key]:
            assert f'<span class="anchor" id="{prefix}-{item["id"]}"></span>' in html, (key, item["id"])
    quote = art["quotes"][0]
    anchors = r'(<span class="anchor"[^>]*></span>)*'
    assert re.search(rf'id="q-{quote["id"]}"></span>{anchors}<span class="ann[^"]*quote', html)


def test_chronology_page(client: TestClient, corpus: dict) -> None:
    html = client.get("/timeline").text
    assert html.count('<li class="day"') == 3 and ">Wednesday 28 May 2025</time>" in html
    assert f'href="/articles/{corpus["seed_id"]}#q-' in html and f'href="/articles/{corpus["seed_id"]}#e-' in html
    assert "Russian Foreign Minister <mark>" not in html and "<mark>Our delegation" in html
    quotes = client.get("/timeline", params={"type": "QUOTE"}).text
    assert quotes.count('class="item quote"') == 2 and 'class="item event' not in quotes
    assert client.get("/timeline", params={"actor": "USA"}).text.count('class="item event') == 1


def test_search_page_explains_a_bad_query(client: TestClient) -> None:
    r = client.get("/search", params={"q": "talks OR"})
    assert r.status_code == 422 and 'role="alert"' in r.text and "OR needs a word or phrase on each side" in r.text
    assert 'value="talks OR"' in r.text
    api = client.get("/api/search", params={"q": "NOT talks"})
    assert api.status_code == 422 and "NOT needs something to search for" in api.json()["detail"]
    found = client.get("/search", params={"q": "Zakharova Ukrainian"}).text
    assert "<h3>Speaker</h3>" in found and "<h3>Event type</h3>" in found
    assert re.search(r'<a class="chip ent person" href="/entities/\d+"[^>]*>Maria Zakharova</a>', found)


def test_network_page_links_nodes_and_keeps_labels_inside(client: TestClient) -> None:
    html = client.get("/network", params={"top": "2"}).text
    assert html.count('<g class="node"') == 2 and '<option value="10"' in html
    assert re.search(r'<g class="node" data-id="RUS"><a href="/entities/\d+">', html)


def test_network_chart_layout_fits_every_label() -> None:
    names = ["RUS", "A very long actor name that goes on and on", "UKR", "Ministry of Foreign Affairs of Valdoria",
             "USA", "X", "IGOUNO", "Another long one for the left side"]
    data = {"nodes": [{"id": n, "count": i + 1} for i, n in enumerate(names)],
            "edges": [{"source": names[0], "target": n, "type": "AGREE", "group": "verbal cooperation", "count": 1}
                      for n in names[1:]], "entities": {"RUS": {"id": 7, "name": "Russia", "type": "GPE"}}}
    chart = network_chart(data)
    left, top, width, height = (float(v) for v in chart["viewbox"].split())
    for n in chart["nodes"]:
        w = len(n["label"]) * CHAR_W
        x0 = {"start": n["lx"], "end": n["lx"] - w}.get(n["anchor"], n["lx"] - w / 2)
        assert left <= x0 and x0 + w <= left + width, n
        assert top <= n["ly"] - LABEL_FONT and n["ly"] <= top + height, n
        assert len(n["label"]) <= 24
    assert chart["nodes"][0]["href"] == "/entities/7" and chart["nodes"][1]["href"].startswith("/events?actor=A%20very")
