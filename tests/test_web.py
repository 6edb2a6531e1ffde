"""Server-rendered pages through TestClient: each page renders, text is escaped, forms carry CSRF."""

from __future__ import annotations

import csv
import io
import json
import re
from typing import Any

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
    assert "<svg" in net and net.count('class="edge"') == 2 and ">Russia</text>" in net


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
    rus = client.get("/api/entities", params={"q": "Russia"}).json()["entities"][0]["id"]
    assert f'<g class="node" data-id="{rus}"><a href="/entities/{rus}">' in html


def test_network_chart_layout_fits_every_label() -> None:
    names = ["RUS", "A very long actor name that goes on and on", "UKR", "Ministry of Foreign Affairs of Valdoria",
             "USA", "X", "IGOUNO", "Another long one for the left side"]
    data = {"nodes": [{"id": str(i + 7), "count": i + 1, "name": n} for i, n in enumerate(names)],
            "edges": [{"source": "7", "target": str(i + 7), "type": "AGREE", "group": "verbal cooperation",
                       "count": 1} for i in range(1, len(names))],
            "entities": {"7": {"id": 7, "name": "Russia", "type": "GPE"}}}
    chart = network_chart(data)
    left, top, width, height = (float(v) for v in chart["viewbox"].split())
    for n in chart["nodes"]:
        w = len(n["label"]) * CHAR_W
        x0 = {"start": n["lx"], "end": n["lx"] - w}.get(n["anchor"], n["lx"] - w / 2)
        assert left <= x0 and x0 + w <= left + width, n
        assert top <= n["ly"] - LABEL_FONT and n["ly"] <= top + height, n
        assert len(n["label"]) <= 24
    assert chart["nodes"][0]["href"] == "/entities/7" and chart["nodes"][1]["href"] == "/entities/8"
    assert chart["nodes"][1]["label"].startswith("A very long")


# -- confidence, inferred speakers and corrections on the article page ----------------------------------
HOSTILE = '<script>alert("x")</script><img src=x onerror=alert(1)>'


@pytest.fixture()
def own(corpus_builder: Any, db_url: str, tmp_path: Any) -> dict:
    """A database of its own on each engine: the hand-annotated seed with one inferred speaker, one event dated by its
    article's day and one event under the default threshold (set as the pipeline stores them)."""
    from parley.service import Service
    from parley.store.tables import EventRow, QuoteRow

    built = corpus_builder(db_url, tmp_path)
    svc = Service(db=built["db"])
    with svc.store.session() as session, session.begin():
        quotes = session.query(QuoteRow).filter(QuoteRow.article_id == built["seed_id"]).order_by(QuoteRow.id).all()
        quotes[0].resolved_by, quotes[0].confidence = "explicit name", 0.95
        quotes[1].resolved_by, quotes[1].confidence = "pronoun", 0.9
        events = session.query(EventRow).filter(EventRow.article_id == built["seed_id"]).order_by(EventRow.id).all()
        events[0].confidence, events[0].date_source = 0.05, "text"  # under the default threshold
        events[1].confidence, events[1].date_source = 0.6, "publication"
        events[2].confidence, events[2].date_source = 0.7, "text"
    svc.close()
    return built | {"hidden": events[0].trigger_text}


def _form_token(html: str) -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)


def test_article_marks_inferred_speakers_and_hides_unsure_events(own: dict) -> None:
    web = TestClient(create_app(db=own["db"], use_nlp=False), client=("127.0.0.1", 5000))
    html = web.get(f"/articles/{own['seed_id']}").text
    assert 'class="who named"' in html and 'class="who inferred"' in html and "inferred: pronoun" in html
    assert "ann inferred speaker" in html  # the speaker in the text reads as inferred too
    assert "1 less sure event hidden" in html and "publication day" in html
    assert f"“{own['hidden']}”" not in html
    every = web.get(f"/articles/{own['seed_id']}", params={"min_confidence": "0"}).text
    assert f"“{own['hidden']}”" in every and "0.05" in every
    events = web.get("/events").text
    assert "Min. confidence" in events and events.count("<tr class=") == 2
    assert web.get("/events", params={"min_confidence": "0"}).text.count("<tr class=") == 3
    assert web.get("/events", params={"min_confidence": "2"}).status_code == 422


def test_correction_form_csrf_escaping_and_loopback(own: dict) -> None:
    app = create_app(db=own["db"], use_nlp=False)
    web = TestClient(app, client=("127.0.0.1", 5000))
    page = web.get(f"/articles/{own['seed_id']}").text
    token = _form_token(page)
    qid = int(re.search(r'action="/articles/\d+/quotes/(\d+)/correction"', page).group(1))
    url = f"/articles/{own['seed_id']}/quotes/{qid}/correction"
    form = {"action": "speaker", "speaker": HOSTILE, "note": HOSTILE, "author": "<b>desk</b>", "csrf_token": token}
    denied = web.post(url, data=form | {"csrf_token": "forged"})
    assert denied.status_code == 403 and "CSRF" in denied.text
    fresh = TestClient(app, client=("127.0.0.1", 5001))  # no CSRF cookie at all
    assert fresh.post(url, data=form).status_code == 403
    remote = TestClient(app, client=("192.0.2.7", 5000))
    remote_token = _form_token(remote.get(f"/articles/{own['seed_id']}").text)
    refused = remote.post(url, data=form | {"csrf_token": remote_token})
    assert refused.status_code == 403 and "access token" in refused.text
    ok = web.post(url, data=form, follow_redirects=False)
    assert ok.status_code == 303 and ok.headers["location"].startswith(f"/articles/{own['seed_id']}#q-")
    html = web.get(f"/articles/{own['seed_id']}").text
    assert "<script>alert" not in html and "<img src=x" not in html and "<b>desk</b>" not in html
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in html and "&lt;b&gt;desk&lt;/b&gt;" in html
    assert 'id="corrections"' in html and "chip how corrected" in html and "UTC" in html
    wrong = web.post(url.replace(f"/{own['seed_id']}/", "/1/"), data=form)  # the quote is not in article 1
    assert wrong.status_code == 404
    empty = web.post(f"/articles/{own['seed_id']}/quotes/{qid + 100}/correction", data=form)
    assert empty.status_code == 404
    page = web.get(f"/articles/{own['seed_id']}").text
    other = int(re.findall(r'action="/articles/\d+/quotes/(\d+)/correction"', page)[-1])
    bad = web.post(f"/articles/{own['seed_id']}/quotes/{other}/correction",
                   data={"action": "speaker", "speaker": " ", "csrf_token": token})
    assert bad.status_code == 422 and "needs the speaker" in bad.text and 'role="alert"' in bad.text


def test_orphaned_correction_shows_on_the_article(own: dict) -> None:
    from parley.service import Service
    from parley.store import repo
    from parley.store.tables import ArticleRow, QuoteRow

    svc = Service(db=own["db"])
    quote = svc.article(own["seed_id"])["quotes"][0]
    svc.correct_quote(quote["id"], action="not_quote", note=HOSTILE, author="desk")
    with svc.store.session() as session, session.begin():  # re-processing found the quote one word later
        row = session.get(ArticleRow, own["seed_id"])
        row.quotes.append(QuoteRow(start=quote["start"] + 4, end=quote["end"], text=quote["text"][4:], kind="direct"))
        session.flush()
        assert [o.status for o in repo.apply_overrides(session, row)] == ["orphaned"]
    svc.close()
    html = TestClient(create_app(db=own["db"], use_nlp=False)).get(f"/articles/{own['seed_id']}").text
    assert "1 correction no longer matches a quote" in html and "orphaned: no quote here now" in html
    assert "&lt;script&gt;" in html and "<script>alert" not in html


def test_timeline_of_an_entity_reads_its_own_events(client: TestClient) -> None:
    russia = client.get("/api/entities", params={"q": "Russia"}).json()["entities"][0]["id"]
    lavrov = client.get("/api/entities", params={"q": "Lavrov"}).json()["entities"][0]["id"]
    assert client.get("/timeline", params={"actor": russia}).text.count("<circle") == 3
    chron = client.get("/api/chronology", params={"actor": lavrov, "type": "AGREE,CONSULT,ACCUSE"}).json()
    assert chron["count"] == 0  # Lavrov's code is RUSGOV, and no event names him: none of Russia's events
    assert client.get("/timeline", params={"actor": lavrov}).text.count("<circle") == 0
    page = client.get(f"/entities/{lavrov}").text
    assert "<h2>Events <small>0</small></h2>" in page


def test_person_coded_by_a_country_does_not_inherit_its_events(own: dict) -> None:
    """The issue's case: a person whose only code is their country's (RUS) gets none of RUS's events."""
    from parley.service import Service
    from parley.store.tables import EntityRow

    svc = Service(db=own["db"])
    with svc.store.session() as session, session.begin():
        lavrov = session.query(EntityRow).filter(EntityRow.name == "Sergey Lavrov").one()
        lavrov.code, lavrov_id = "RUS", lavrov.id
    svc.close()
    web = TestClient(create_app(db=own["db"], use_nlp=False))
    coded = web.get("/api/events", params={"actor": "RUS", "min_confidence": 0}).json()["count"]
    assert coded == 3  # the country's events, by code
    assert web.get(f"/api/entities/{lavrov_id}", params={"min_confidence": 0}).json()["events"] == []
    assert web.get("/api/events", params={"entity": lavrov_id, "min_confidence": 0}).json()["count"] == 0
    assert "<h2>Events <small>0</small></h2>" in web.get(f"/entities/{lavrov_id}").text
