"""The JSON API against a real SQLite file, then a real PostgreSQL database, holding the sample corpus, the seed
article and an XSS article."""

from __future__ import annotations

from typing import Any

import pytest
import schemathesis
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings

from parley.api.app import create_app
from parley.api.security import is_loopback


@pytest.fixture(scope="module")
def corpus(engine_corpus: dict) -> dict:
    """The shared corpus on each engine in turn (tests/conftest.py)."""
    return engine_corpus


@pytest.fixture(scope="module")
def client(corpus: dict) -> TestClient:
    return TestClient(create_app(db=corpus["db"], use_nlp=False))


def csrf_headers(client: TestClient) -> dict[str, str]:
    token = client.get("/api/csrf").json()["csrf_token"]
    assert client.cookies.get("parley_csrf") == token
    return {"X-CSRF-Token": token}


def test_is_loopback() -> None:
    assert is_loopback("127.0.0.1") and is_loopback("::1") and is_loopback("localhost")
    assert is_loopback("127.8.0.1") and is_loopback("[::1]")
    assert not is_loopback("0.0.0.0") and not is_loopback("192.168.1.4") and not is_loopback("example.com")


def test_articles_pagination(client: TestClient, corpus: dict) -> None:
    first = client.get("/api/articles", params={"limit": 5}).json()
    assert first["count"] >= 20 and len(first["articles"]) == 5
    second = client.get("/api/articles", params={"limit": 5, "offset": 5}).json()
    assert {a["id"] for a in first["articles"]}.isdisjoint(a["id"] for a in second["articles"])
    dated = [a["published"] for a in first["articles"] + second["articles"] if a["published"]]
    assert dated == sorted(dated, reverse=True)
    assert set(first["articles"][0]["counts"]) == {"quotes", "events", "mentions", "timexes"}


def test_article_detail(client: TestClient, corpus: dict) -> None:
    art = client.get(f"/api/articles/{corpus['seed_id']}").json()
    assert art["text"].startswith("RUSSIA made an offer")
    for key in ("timexes", "mentions", "quotes", "events"):
        assert isinstance(art[key], list)
    q = art["quotes"][0]
    assert art["text"][q["start"]:q["end"]] == q["text"]
    assert client.get("/api/articles/999999").status_code == 404
    assert client.get("/api/articles/999999").json() == {"detail": "no article #999999"}


@pytest.mark.parametrize("url", ["/api/articles?limit=0", "/api/articles?limit=501", "/api/articles?offset=-1",
                                 "/api/articles/abc", "/api/search", "/api/quotes?kind=shouted",
                                 "/api/quotes?since=yesterday", "/api/events?status=maybe",
                                 "/api/timeline?bucket=month", "/api/network?min_count=0"])
def test_invalid_params_422(client: TestClient, url: str) -> None:
    r = client.get(url)
    assert r.status_code == 422, url
    body = r.json()
    assert body["detail"] and body["message"].startswith("invalid request: ")


def test_search_snippets_and_facets(client: TestClient) -> None:
    r = client.get("/api/search", params={"q": "ceasefire", "limit": 3}).json()
    assert r["count"] >= 3 and len(r["articles"]) == 3
    hit = r["articles"][0]
    assert "\x02" not in hit["snippet"] and hit["highlights"]
    start, end = hit["highlights"][0]
    assert hit["snippet"][start:end].lower().startswith("ceasefire")
    assert {f["value"] for f in r["facets"]["kind"]} == {"article", "quote"}
    source = r["facets"]["source"][0]
    only = client.get("/api/search", params={"q": "ceasefire", "source": source["value"]}).json()
    assert only["count"] == source["count"] + only["facets"]["kind"][1]["count"]
    assert all(a["source"] == source["value"] for a in only["articles"])
    dated = client.get("/api/search", params={"q": "ceasefire", "since": "2026-02-24", "kind": "article"}).json()
    assert dated["articles"] and all(a["published"] >= "2026-02-24" for a in dated["articles"])


def test_search_quotes(client: TestClient) -> None:
    r = client.get("/api/search", params={"q": "delegation", "kind": "quote"}).json()
    assert r["articles"] == [] and r["quotes"][0]["speaker_name"] == "Sergey Lavrov"
    s, e = r["quotes"][0]["highlights"][0]
    assert r["quotes"][0]["snippet"][s:e] == "delegation"


def test_quotes_filters(client: TestClient) -> None:
    everything = client.get("/api/quotes").json()
    assert everything["count"] == 2
    by_name = client.get("/api/quotes", params={"speaker": "sergey lavrov"}).json()
    assert by_name["count"] == 1 and by_name["quotes"][0]["speaker_name"] == "Sergey Lavrov"
    ent = by_name["quotes"][0]["speaker_entity_id"]
    assert client.get("/api/quotes", params={"speaker": str(ent)}).json()["count"] == 1
    assert client.get("/api/quotes", params={"q": "Ukrainian side"}).json()["count"] == 1
    assert client.get("/api/quotes", params={"since": "2025-06-01"}).json()["count"] == 0
    assert client.get("/api/quotes", params={"until": "2025-05-28", "kind": "direct"}).json()["count"] == 2
    assert client.get("/api/quotes", params={"kind": "indirect"}).json()["count"] == 0
    assert len(client.get("/api/quotes", params={"limit": 1, "offset": 1}).json()["quotes"]) == 1


def test_entities(client: TestClient) -> None:
    r = client.get("/api/entities", params={"type": "person"}).json()
    assert r["count"] == 2 and {e["name"] for e in r["entities"]} == {"Sergey Lavrov", "Maria Zakharova"}
    lav = client.get("/api/entities", params={"q": "mr lav"}).json()["entities"][0]
    detail = client.get(f"/api/entities/{lav['id']}").json()
    assert detail["aliases"] == ["Lavrov", "Mr Lavrov"]
    assert detail["roles"][0]["title"] == "Foreign Minister" and detail["roles"][0]["as_of"] == "2025-05-28"
    assert len(detail["quotes"]) == 1
    russia = client.get("/api/entities", params={"q": "russia"}).json()["entities"][0]
    assert len(client.get(f"/api/entities/{russia['id']}").json()["events"]) == 3
    assert client.get("/api/entities/424242").status_code == 404


def test_events_filters(client: TestClient) -> None:
    assert client.get("/api/events").json()["count"] == 3
    assert client.get("/api/events", params={"type": "consult,agree"}).json()["count"] == 2
    assert client.get("/api/events", params={"actor": "rus", "recipient": "USA"}).json()["count"] == 1
    planned = client.get("/api/events", params={"status": "planned"}).json()["events"]
    assert [e["type"] for e in planned] == ["CONSULT"] and planned[0]["planned"] is True
    ranged = client.get("/api/events", params={"since": "2025-05-20", "until": "2025-05-31"}).json()
    assert [e["type"] for e in ranged["events"]] == ["AGREE"]


def test_timeline_and_network(client: TestClient) -> None:
    day = client.get("/api/timeline").json()
    assert day["count"] == 3 and day["events"] == 3 and day["buckets"][0]["start"] == "2025-05-16"
    week = client.get("/api/timeline", params={"bucket": "week"}).json()
    assert [b["start"] for b in week["buckets"]] == ["2025-05-12", "2025-05-26", "2025-06-02"]
    assert week["buckets"][2]["planned"] == 1 and week["buckets"][2]["groups"] == {"verbal cooperation": 1}
    net = client.get("/api/network").json()
    russia = net["nodes"][0]
    assert net["count"] == 3 and russia["count"] == 3 and (russia["name"], russia["code"]) == ("Russia", "RUS")
    accuse = client.get("/api/network", params={"type": "ACCUSE"}).json()
    assert accuse["entities"][accuse["edges"][0]["target"]]["name"] == "United States"


def test_ingest_text(client: TestClient) -> None:
    body = {"title": "Envoys meet at the Sarn bridge", "published": "2026-04-01",
            "text": "Envoys from both capitals met at the Sarn bridge on Tuesday to inspect the new gauges. "
                    "Officials said the flow data would be published weekly from now on."}
    r = client.post("/api/ingest", json=body, headers=csrf_headers(client))
    assert r.status_code == 200, r.text
    out = r.json()
    assert out["ok"] == 1 and len(out["ids"]) == 1
    art = client.get(f"/api/articles/{out['ids'][0]}").json()
    assert art["title"] == "Envoys meet at the Sarn bridge" and art["published"] == "2026-04-01"
    again = client.post("/api/ingest", json=body, headers=csrf_headers(client)).json()
    assert again["duplicate"] == 1 and again["ok"] == 0


def test_ingest_needs_csrf(client: TestClient) -> None:
    fresh = TestClient(client.app)
    r = fresh.post("/api/ingest", json={"text": "Some text that is long enough to be stored as an article."})
    assert r.status_code == 403 and "CSRF" in r.json()["detail"]
    fresh.get("/api/csrf")
    wrong = fresh.post("/api/ingest", json={"text": "x"}, headers={"X-CSRF-Token": "not-the-cookie"})
    assert wrong.status_code == 403


def test_ingest_refuses_private_urls(client: TestClient) -> None:
    headers = csrf_headers(client)
    r = client.post("/api/ingest", json={"url": "http://127.0.0.1:8000/"}, headers=headers)
    assert r.status_code == 422
    assert any(w in r.json()["detail"].lower() for w in ("private", "loopback", "refused", "not allowed"))
    assert client.post("/api/ingest", json={"url": "file:///etc/passwd"}, headers=headers).status_code == 422
    assert client.post("/api/ingest", json={"url": "/etc/passwd"}, headers=headers).status_code == 422
    assert client.post("/api/ingest", json={}, headers=headers).status_code == 422
    both = {"url": "https://example.com/", "text": "hello"}
    assert client.post("/api/ingest", json=both, headers=headers).status_code == 422


def test_token_auth(corpus: dict) -> None:
    app = create_app(db=corpus["db"], token="s3cret", use_nlp=False)
    anon = TestClient(app)
    assert anon.get("/api/articles").status_code == 401
    assert anon.get("/").status_code == 401
    assert anon.get("/static/parley.css").status_code == 401
    assert anon.get("/api/articles", headers={"Authorization": "Bearer nope"}).status_code == 401
    assert anon.get("/api/articles", headers={"Authorization": "Bearer s3cret"}).status_code == 200
    once = anon.get("/", params={"token": "s3cret"})
    assert once.status_code == 200 and anon.cookies.get("parley_token") == "s3cret"
    assert anon.get("/api/articles").status_code == 200  # the cookie now carries it
    bearer = TestClient(app, headers={"Authorization": "Bearer s3cret"})
    body = {"text": "Bearer-token clients are exempt from the CSRF double submit, as browsers never add it."}
    assert bearer.post("/api/ingest", json=body).status_code == 200


def test_openapi_schema(client: TestClient) -> None:
    spec = client.get("/api/openapi.json").json()
    paths = set(spec["paths"])
    assert {"/api/articles", "/api/articles/{article_id}", "/api/search", "/api/quotes", "/api/entities",
            "/api/entities/{entity_id}", "/api/events", "/api/timeline", "/api/network", "/api/ingest"} <= paths
    assert not any(p.startswith("/articles") for p in paths)  # pages stay out of the API schema


def test_generated_get_requests_never_500(client: TestClient) -> None:
    """Schemathesis: validate the schema, then a bounded number of generated GETs per operation."""
    schema = schemathesis.openapi.from_asgi("/api/openapi.json", client.app)
    schema.validate()
    operations = [result.ok() for result in schema.include(method="GET").get_all_operations()]
    assert len(operations) >= 9
    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(max_examples=12, deadline=None, derandomize=True, database=None,
                  suppress_health_check=list(HealthCheck))
        def never_500(case: schemathesis.Case) -> None:
            response = case.call()
            assert response.status_code < 500, (case.path, case.query, response.text[:300])

        never_500()


def test_search_language_and_facets(client: TestClient) -> None:
    r = client.get("/api/search", params={"q": "speaker: Zakharova Ukrainian"}).json()
    assert [q["speaker_name"] for q in r["quotes"]] == ["Maria Zakharova"]
    assert {"speaker", "type", "month", "source", "kind"} == set(r["facets"])
    who = r["quotes"][0]["speaker_entity_id"]
    assert r["facets"]["speaker"][0] == {"value": "Maria Zakharova", "count": 1, "id": who}
    assert any(e["name"] == "Maria Zakharova" for e in r["entities"])
    typed = client.get("/api/search", params={"q": "Russia", "type": "ACCUSE", "kind": "article"}).json()
    assert typed["count"] == 1 and typed["articles"][0]["entities"]
    phrase = client.get("/api/search", params={"q": '"Ukrainian side"', "kind": "quote"}).json()
    assert phrase["count"] == 1
    for q, says in (("talks OR", "OR needs a word"), ("(talks", None), ("kind:shouted talks", "kind: is article")):
        res = client.get("/api/search", params={"q": q})
        if says is None:
            assert res.status_code == 200
        else:
            assert res.status_code == 422 and says in res.json()["detail"]


def test_chronology_endpoint(client: TestClient, corpus: dict) -> None:
    data = client.get("/api/chronology").json()
    assert data["count"] == 5 and [d["day"] for d in data["days"]] == ["2025-05-16", "2025-05-28", "2025-06-02"]
    item = data["days"][1]["items"][1]
    assert item["href"].startswith(f"/articles/{corpus['seed_id']}#") and item["dated_by"] == "text"
    a, b = item["mark"]
    assert item["sentence"][a:b] in (item.get("text") or "", item.get("trigger") or "")
    last = client.get("/api/chronology", params={"limit": 2, "offset": 4}).json()["days"][0]["items"][0]
    assert last["type"] == "CONSULT"
    assert client.get("/api/chronology", params={"limit": 0}).status_code == 422


def test_network_top_and_entities(client: TestClient) -> None:
    net = client.get("/api/network", params={"top": 2}).json()
    assert [n["name"] for n in net["nodes"]] == ["Russia", "Ukraine"] and net["actors"] == 3
    rus, ukr = (n["id"] for n in net["nodes"])
    assert [(e["source"], e["target"]) for e in net["edges"]] == [(rus, ukr), (rus, ukr)]
    assert net["entities"][rus] == {"id": int(rus), "name": "Russia", "type": "GPE", "code": "RUS"}
    rows = client.get("/api/network", params={"format": "csv"}).text.splitlines()
    assert rows[0] == "source,source_name,target,target_name,type,group,count" and len(rows) == 4
    assert f"{rus},Russia,{ukr},Ukraine," in rows[1]


def test_lists_as_downloads(client: TestClient) -> None:
    for path, first in (("/api/articles", "id,url,title"), ("/api/quotes", "id,article_id,url"),
                        ("/api/events", "id,article_id,url"), ("/api/entities", "id,name,type"),
                        ("/api/search?q=ceasefire", "kind,id,article_id"), ("/api/chronology", "day,kind,id")):
        r = client.get(path + ("&" if "?" in path else "?") + "format=csv")
        assert r.status_code == 200 and r.text.startswith(first), path
        assert r.headers["content-disposition"].startswith("attachment; filename=\"parley-")
    lines = client.get("/api/articles", params={"format": "jsonl"}).text.splitlines()
    assert len(lines) == client.get("/api/articles").json()["count"]
    assert client.get("/api/quotes", params={"format": "xml"}).status_code == 422


# -- confidence, and corrections of quotes ------------------------------------------------------------
LOOPBACK = ("127.0.0.1", 50000)
HOSTILE = '<script>alert("x")</script><img src=x onerror=alert(1)>'


@pytest.fixture()
def own(corpus_builder: Any, db_url: str, tmp_path: Any) -> dict:
    """A database of its own on each engine (corrections change it), with the hand-annotated seed."""
    return corpus_builder(db_url, tmp_path)


def test_events_carry_confidence_and_filter_by_it(client: TestClient) -> None:
    events = client.get("/api/events", params={"min_confidence": 0}).json()["events"]
    assert events and all("confidence" in e and "date_source" in e for e in events)
    assert all(e["actor_entities"] and e["actor_entities"][0]["name"] == "Russia" for e in events)
    for bad in ("-0.1", "1.5", "high"):
        assert client.get("/api/events", params={"min_confidence": bad}).status_code == 422
    assert client.get("/api/events", params={"min_confidence": ""}).status_code == 200  # a form's empty field
    art = client.get("/api/articles/1", params={"min_confidence": 1}).json()
    assert "events_hidden" in art and "overrides" in art


def test_correction_needs_csrf_and_is_applied(own: dict) -> None:
    app = create_app(db=own["db"], use_nlp=False)
    local = TestClient(app, client=LOOPBACK)
    art = local.get(f"/api/articles/{own['seed_id']}").json()
    quote = art["quotes"][0]
    url = f"/api/quotes/{quote['id']}/correction"
    body = {"action": "speaker", "speaker": "Maria Zakharova", "note": HOSTILE, "author": "desk <b>A</b>"}
    assert local.post(url, json=body).status_code == 403  # no CSRF token
    local.get("/api/csrf")
    assert local.post(url, json=body, headers={"X-CSRF-Token": "forged"}).status_code == 403
    r = local.post(url, json=body, headers=csrf_headers(local))
    assert r.status_code == 200, r.text
    out = r.json()
    assert out["status"] == "applied" and out["note"] == HOSTILE and out["created_at"]
    zak = local.get("/api/entities", params={"q": "Zakharova"}).json()["entities"][0]["id"]
    assert out["speaker_entity_id"] == zak
    fixed = local.get(f"/api/articles/{own['seed_id']}").json()
    moved = [q for q in fixed["quotes"] if q["start"] == quote["start"]][0]
    assert (moved["speaker_name"], moved["resolved_by"], moved["confidence"]) == ("Maria Zakharova", "correction", 1.0)
    assert fixed["overrides"][0]["author"] == "desk <b>A</b>"
    said = local.get("/api/quotes", params={"speaker": zak}).json()["quotes"]
    assert quote["start"] in {q["start"] for q in said} and all("resolved_by" in q for q in said)
    hits = local.get("/api/search", params={"q": "delegation", "kind": "quote"}).json()["quotes"]
    assert [(h["speaker_name"], h["resolved_by"], h["confidence"]) for h in hits] == [
        ("Maria Zakharova", "correction", 1.0)]  # the search index follows the correction
    rows = local.get("/api/quotes", params={"format": "csv", "speaker": str(zak)}).text
    assert "Maria Zakharova" in rows and ",correction" in rows
    gone = local.post(f"/api/quotes/{moved['id']}/correction", json={"action": "not_quote"},
                      headers=csrf_headers(local)).json()
    assert gone["quote_id"] is None and gone["action"] == "not_quote"
    assert all(q["start"] != quote["start"] for q in local.get(f"/api/articles/{own['seed_id']}").json()["quotes"])
    assert local.post("/api/quotes/999999/correction", json=body, headers=csrf_headers(local)).status_code == 404
    bad = local.post(url.replace(str(quote["id"]), str(art["quotes"][1]["id"])), json={"action": "speaker"},
                     headers=csrf_headers(local))
    assert bad.status_code == 422 and "needs the speaker" in bad.json()["detail"]
    assert local.post(url, json={"action": "erase"}, headers=csrf_headers(local)).status_code == 422


def test_correction_needs_the_token_off_loopback(own: dict) -> None:
    quote = TestClient(create_app(db=own["db"], use_nlp=False)).get(
        f"/api/articles/{own['seed_id']}").json()["quotes"][0]
    url = f"/api/quotes/{quote['id']}/correction"
    body = {"action": "not_quote"}
    remote = TestClient(create_app(db=own["db"], use_nlp=False), client=("192.0.2.7", 40000))
    r = remote.post(url, json=body, headers=csrf_headers(remote))
    assert r.status_code == 403 and "access token" in r.json()["detail"]  # no token set: loopback only
    guarded = create_app(db=own["db"], token="s3cret", use_nlp=False)
    remote = TestClient(guarded, client=("192.0.2.7", 40000))
    assert remote.post(url, json=body).status_code == 401
    bearer = {"Authorization": "Bearer s3cret"}
    assert remote.post(url, json=body, headers=bearer).status_code == 200  # the token, no CSRF needed
    assert TestClient(create_app(db=own["db"], use_nlp=False), client=LOOPBACK).get(
        f"/api/articles/{own['seed_id']}").json()["overrides"][0]["action"] == "not_quote"
