"""What an analyst reaches for daily, in a real Chromium at desktop width and at a phone's (390 px):
downloads of every list, search with phrases, OR, NOT and speaker filters, readable dates, the
chronology with links into the articles, a readable network, and pages that fit a phone.

Assertions read the data from the API first, so they hold whatever the NLP found in the seed article.
Screenshots land in ``test-artifacts/<page>-<desktop|phone>.png``.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Callable
from pathlib import Path

import httpx
import pytest
from playwright.sync_api import Page, expect

Shot = Callable[[Page, str], None]
PAGES = {"home": "/", "search": "/search?q=ceasefire", "quotes": "/quotes", "entities": "/entities",
         "events": "/events", "timeline": "/timeline", "network": "/network", "ingest": "/ingest",
         "search-quotes": '/search?q="Ukrainian side" OR delegation&kind=quote'}
WEEKDAY = r"(Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday) \d{1,2} [A-Z][a-z]+ \d{4}"


def api(site: dict, path: str, **params: object) -> dict:
    r = httpx.get(site["base"] + path, params=params)
    assert r.status_code == 200, r.text
    return r.json()


def fits(page: Page) -> None:
    """Nothing scrolls sideways: the page is no wider than the screen, every table scrolls in its own
    box, and every chart is drawn within its figure."""
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= page.width, f"{page.url} scrolls sideways ({width}px > {page.width}px)"  # type: ignore[attr-defined]
    assert page.locator("main table").count() == page.locator("main .scroll > table").count()
    for svg in page.locator("figure.chart svg").all():
        box, figure = svg.bounding_box(), svg.locator("xpath=..").bounding_box()
        assert box and figure and box["width"] <= figure["width"] + 1


@pytest.mark.parametrize("name", list(PAGES))
def test_every_page_fits_the_screen(screen: Page, site: dict, shot: Shot, name: str) -> None:
    screen.goto(site["base"] + PAGES[name])
    expect(screen.locator("h1")).to_be_visible()
    fits(screen)
    shot(screen, f"{name}-{screen.tag}")  # type: ignore[attr-defined]


def test_article_and_entity_fit_the_screen(screen: Page, site: dict, shot: Shot) -> None:
    screen.goto(f"{site['base']}/articles/{site['seed_id']}")
    fits(screen)
    shot(screen, f"article-{screen.tag}")  # type: ignore[attr-defined]
    person = api(site, "/api/entities", type="PERSON", limit=1)["entities"]
    if person:
        screen.goto(f"{site['base']}/entities/{person[0]['id']}")
        fits(screen)
        shot(screen, f"entity-{screen.tag}")  # type: ignore[attr-defined]


def _download(page: Page, link: str) -> str:
    with page.expect_download() as info:
        page.locator(".downloads a", has_text=link).first.click()
    path = info.value.path()
    assert path is not None
    return Path(path).read_text(encoding="utf-8")


def test_every_list_downloads_what_it_shows(screen: Page, site: dict) -> None:
    quote = api(site, "/api/quotes", limit=1)["quotes"][0]
    who = quote["speaker_name"] or quote["speaker_text"]
    screen.goto(site["base"] + "/quotes?" + httpx.QueryParams({"speaker": who}).__str__())
    shown = int(re.sub(r"\D", "", screen.locator("h1 small").inner_text()))
    rows = list(csv.DictReader(io.StringIO(_download(screen, "CSV"))))
    assert len(rows) == shown and all(r["speaker"] == who for r in rows)
    assert {"url", "date", "said_on", "said_on_text", "start", "end"} <= set(rows[0])
    lines = _download(screen, "JSON lines").splitlines()
    assert len(lines) == shown and json.loads(lines[0])["speaker"] == who
    screen.locator(".downloads a", has_text=re.compile(r"^JSON$")).click()
    assert json.loads(screen.locator("body").inner_text())["count"] == shown
    for path, column in (("/", "url"), ("/events?status=planned", "timex"), ("/entities", "aliases"),
                         ("/timeline", "sentence"), ("/network", "source"), ("/search?q=ceasefire", "kind")):
        screen.goto(site["base"] + path)
        header = _download(screen, "CSV").splitlines()[0].split(",")
        assert column in header, (path, header)
    events = list(csv.DictReader(io.StringIO(httpx.get(site["base"] + "/api/events",
                                                       params={"status": "planned", "format": "csv"}).text)))
    assert all(e["status"] == "planned" for e in events)


def test_search_like_an_analyst(screen: Page, site: dict, shot: Shot) -> None:
    quote = next(q for q in api(site, "/api/quotes", limit=50)["quotes"] if q["speaker_name"])
    surname = quote["speaker_name"].split()[-1]
    word = max(re.findall(r"[A-Za-z]{5,}", quote["text"]), key=len)
    screen.goto(site["base"] + "/search")
    screen.fill("form.filters input[name=q]", f"speaker: {surname} {word}")
    screen.locator("form.filters button").click()
    expect(screen.locator(".results ol.quotes .who").first).to_contain_text(surname)
    expect(screen.locator(".results ol.quotes mark").first).to_be_visible()
    shot(screen, f"search-speaker-{screen.tag}")  # type: ignore[attr-defined]
    screen.goto(site["base"] + "/search?q=" + f"{surname} {word}")  # speaker and words together, no field
    expect(screen.locator(".results ol.quotes li").first).to_be_visible()
    screen.goto(site["base"] + '/search?q="Ukrainian side" OR ceasefire NOT xyzzy')
    expect(screen.locator(".results mark").first).to_be_visible()
    facets = screen.locator(".facets h3").all_inner_texts()
    assert [f.lower() for f in facets] == ["kind", "source", "month", "speaker", "event type"]
    chips = screen.locator(".found-entities a.chip")
    if chips.count():  # people, organisations and places open their pages
        name = chips.first.inner_text()
        chips.first.click()
        screen.wait_for_url("**/entities/*")
        expect(screen.locator("h1")).to_contain_text(name)
    response = screen.goto(site["base"] + "/search?q=talks OR")
    assert response is not None and response.status == 422
    expect(screen.locator("[role=alert]")).to_contain_text("OR needs a word")
    expect(screen.locator("form.filters input[name=q]")).to_have_value("talks OR")
    fits(screen)


def test_dates_read_as_words_with_the_value_on_hover(screen: Page, site: dict) -> None:
    quotes = [q for q in api(site, "/api/quotes", limit=100)["quotes"] if q["said_on"]]
    screen.goto(site["base"] + "/quotes")
    times = screen.locator("ol.quotes time[title]")
    assert times.count() > 0
    said = {q["said_on"] for q in quotes}
    for t in times.all()[:10]:
        title = t.get_attribute("title") or ""
        assert title in said or title == "the article's date"
        if re.fullmatch(r"\d{4}-\d\d-\d\d", title):
            assert re.fullmatch(WEEKDAY, t.inner_text()), t.inner_text()
    screen.goto(f"{site['base']}/articles/{site['seed_id']}")
    dated = screen.locator("ul.dates time").first
    if dated.count():
        assert re.search(r"\d{4}", dated.inner_text()) and dated.get_attribute("title")


def test_chronology_links_into_the_article(screen: Page, site: dict, shot: Shot) -> None:
    data = api(site, "/api/chronology")
    screen.goto(site["base"] + "/timeline")
    shot(screen, f"chronology-{screen.tag}")  # type: ignore[attr-defined]
    days = screen.locator("ol.chronology > li.day h2 time")
    assert days.count() == len(data["days"]) > 0
    assert re.fullmatch(WEEKDAY, days.first.inner_text())
    assert days.first.get_attribute("datetime") == data["days"][0]["day"]
    first = data["days"][0]["items"][0]
    screen.locator("li.item .meta a", has_text="in the article").first.click()
    screen.wait_for_url(f"**/articles/{first['article_id']}#{first['href'].split('#')[1]}")
    lit = screen.locator("#text .flash").first
    expect(lit).to_be_visible()
    expect(lit).to_be_in_viewport()
    screen.goto(site["base"] + "/timeline?type=QUOTE")
    kinds = screen.locator("ol.chronology li.item").evaluate_all("els => els.map(e => e.className)")
    assert kinds and all("quote" in k for k in kinds)
    screen.goto(site["base"] + "/timeline?actor=RUS&type=AGREE")
    assert all("AGREE" in t for t in screen.locator("ol.chronology li.item .chip").all_inner_texts())
    fits(screen)


def test_network_is_readable(screen: Page, site: dict, shot: Shot) -> None:
    net = api(site, "/api/network")
    for node in net["nodes"]:  # entities only: never a code or unresolved words
        assert node["id"].isdigit() and net["entities"][node["id"]]["name"] == node["name"], node
    screen.goto(site["base"] + "/network")
    shot(screen, f"network-{screen.tag}")  # type: ignore[attr-defined]
    if not net["nodes"]:
        return
    svg = screen.locator("svg.network")
    outside = svg.evaluate("""svg => {
        const v = svg.viewBox.baseVal, out = [];
        for (const t of svg.querySelectorAll('text')) {
            const b = t.getBBox();
            if (b.x < v.x || b.y < v.y || b.x + b.width > v.x + v.width || b.y + b.height > v.y + v.height)
                out.push(t.textContent);
        }
        return out; }""")
    assert outside == [], f"labels cut off: {outside}"
    screen.select_option("select[name=top]", "10")
    screen.locator("form.filters button").click()
    screen.wait_for_url("**top=10*")
    node = screen.locator("svg.network .node a").first
    href = node.get_attribute("href") or ""
    node.locator("circle").click()
    screen.wait_for_url(f"**{href.split('?')[0]}*")
    expect(screen.locator("h1")).to_be_visible()


@pytest.mark.parametrize("path", ["/search?q=ceasefire", "/quotes", "/entities", "/events", "/timeline", "/network"])
def test_filter_forms_submit_as_they_are(screen: Page, site: dict, path: str) -> None:
    """Every filter form, sent with its empty fields and default choices, gives its page back."""
    screen.goto(site["base"] + path)
    with screen.expect_navigation() as nav:
        screen.locator("form.filters button").click()
    response = nav.value
    assert response is not None and response.status == 200, (path, screen.url)
    fits(screen)
