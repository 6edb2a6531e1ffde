"""A real Chromium driving a real server (fixtures in conftest.py): the pages people use most.

Screenshots land in ``test-artifacts/`` at the repo root. A missing browser fails the tests; it never skips them.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import httpx
from playwright.sync_api import Browser, Page, expect

from parley.service import Service

Shot = Callable[[Page, str], None]


def test_home_and_search(page: Page, site: dict, shot: Shot) -> None:
    page.goto(site["base"] + "/")
    expect(page.locator("ul.articles > li").first).to_be_visible()
    assert page.locator("ul.articles > li").count() >= 20
    shot(page, "home")
    page.fill(".top .quick input", "ceasefire")
    page.keyboard.press("Enter")
    page.wait_for_url("**/search?q=ceasefire")
    expect(page.locator(".results mark").first).to_have_text("ceasefire", ignore_case=True)
    page.locator(".facets a", has_text="Lantern News Agency").click()
    page.wait_for_url("**source=Lantern*")
    sources = page.locator(".results ul.articles .meta").all_inner_texts()
    assert sources and all("Lantern News Agency" in s for s in sources)
    shot(page, "search")


def test_article_page_highlights(page: Page, site: dict, shot: Shot) -> None:
    data = httpx.get(f"{site['base']}/api/articles/{site['seed_id']}").json()
    page.goto(f"{site['base']}/articles/{site['seed_id']}")
    assert page.locator("#text").inner_text().startswith("RUSSIA made an offer")
    for t in data["timexes"]:  # every date shows its normalized value on hover
        expect(page.locator("#text .ann.timex", has_text=t["text"]).first).to_have_attribute(
            "title", re.compile(re.escape(f"{t['type']}: {t['value'] or '?'}")))
    page.locator("input[data-layer=timex]").uncheck()
    expect(page.locator("#text")).to_have_class("text hide-timex")
    page.locator("input[data-layer=timex]").check()
    shot(page, "article")
    if not site["nlp"]:
        assert data["quotes"] and data["timexes"], "the hand annotations are missing"
    if data["quotes"]:  # quotes exist (hand-made, or from the real extractor): highlighted, with speakers
        assert page.locator("#text .ann.quote").count() > 0
        named = [q for q in data["quotes"] if q["speaker_name"]]
        assert named, "no quote names its speaker"
        for q in named:
            expect(page.locator("ol.quotes .who", has_text=q["speaker_name"]).first).to_be_visible()
        speakers = page.locator("#text .ann.speaker")
        assert speakers.count() > 0
        expect(speakers.first).to_have_attribute("title", re.compile(r"speaker: \w"))
        links = page.locator("#text a.ann.speaker")
        if links.count():  # a resolved speaker opens their entity page
            name = page.locator("ol.quotes a.who").first.inner_text()
            links.first.click()
            page.wait_for_url("**/entities/*")
            expect(page.locator("h1")).to_contain_text(name.split()[-1])
            shot(page, "entity")


def test_phone_layout(browser: Browser, site: dict, shot: Shot) -> None:
    ctx = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True)
    pg = ctx.new_page()
    pg.goto(f"{site['base']}/articles/{site['seed_id']}")
    width = pg.evaluate("document.documentElement.scrollWidth")
    assert width <= 392, f"page scrolls sideways on a phone ({width}px)"
    shot(pg, "article-phone")
    ctx.close()


def test_xss_article_shows_as_text(page: Page, site: dict, shot: Shot) -> None:
    page.goto(f"{site['base']}/articles/{site['xss_id']}")
    expect(page.locator("#text")).to_contain_text("<script>alert(1)</script>")
    expect(page.locator("h1")).to_contain_text("<script>alert(1)</script>")
    assert page.locator("#text script, #text img, #text b").count() == 0
    page.goto(f"{site['base']}/search?q=alert")
    expect(page.locator(".results").first).to_contain_text("<script>")
    page.wait_for_timeout(200)
    assert page.dialogs == []  # type: ignore[attr-defined]
    shot(page, "xss")


def test_lists_timeline_network(page: Page, site: dict, shot: Shot) -> None:
    for path in ("/quotes", "/entities", "/events"):
        page.goto(site["base"] + path)
        expect(page.locator("h1")).to_be_visible()
        shot(page, path.strip("/"))
    page.goto(site["base"] + "/timeline?bucket=day")
    dots = page.locator("svg.timeline circle")
    if site["nlp"]:
        assert dots.count() >= 0
    else:
        assert dots.count() == 3
        assert page.locator("svg.timeline circle.planned").count() == 1
    shot(page, "timeline")
    page.goto(site["base"] + "/network")
    nodes = page.locator("svg.network .node")
    if nodes.count():
        nodes.first.hover()
        expect(page.locator("svg.network")).to_have_class("network focus")
    shot(page, "network")


def test_ingest_form(page: Page, site: dict) -> None:
    page.goto(site["base"] + "/ingest")
    page.fill("input[name=title]", "Browser-pasted story about the Sarn gauges")
    page.fill("textarea[name=text]", "Engineers from both sides read the new Sarn gauges together on Friday, "
                                      "officials said, and agreed to publish the readings every week.")
    page.click("form.ingest button")
    page.wait_for_url("**/articles/*")
    expect(page.locator("h1")).to_have_text("Browser-pasted story about the Sarn gauges")
    page.goto(site["base"] + "/ingest")
    page.evaluate("document.querySelector('input[name=csrf_token]').value = 'forged'")
    page.fill("textarea[name=text]", "A forged post must be refused by the double-submit check, always.")
    page.click("form.ingest button")
    expect(page.locator("h1")).to_contain_text("403")
    page.errors.clear()  # type: ignore[attr-defined]


def test_api_docs_render_from_local_assets_under_csp(page: Page, site: dict, shot: Shot) -> None:
    """Swagger UI comes from this server (no CDN) and runs under its Content-Security-Policy."""
    requested: list[str] = []
    violations: list[str] = []
    page.on("request", lambda r: requested.append(r.url))
    page.on("console", lambda m: violations.append(m.text) if "Content Security Policy" in m.text else None)
    page.goto(site["base"] + "/api/docs")
    expect(page.locator(".swagger-ui .info .title")).to_contain_text("Parley")
    expect(page.locator(".opblock-summary-path", has_text="/api/search").first).to_be_visible()
    assert requested and all(u.startswith(site["base"]) for u in requested), requested
    assert violations == [], violations
    shot(page, "api-docs")


def test_unsafe_article_url_is_text_not_a_link(page: Page, site: dict) -> None:
    svc = Service(db=site["db"])
    jsonl = Path(site["db"]).with_name("links.jsonl")
    jsonl.write_text('{"text": "FICTIONAL. A wire item whose link is a script, not a web page, about the ferry.", '
                     '"url": "javascript:alert(document.domain)"}\n', encoding="utf-8")
    article_id = svc.ingest([str(jsonl)], use_nlp=False).ids[0]
    svc.close()
    page.goto(f"{site['base']}/articles/{article_id}")
    expect(page.locator(".meta")).to_contain_text("javascript:alert(document.domain)")
    assert page.locator("a[href^='javascript']").count() == 0
    page.locator(".meta span.muted").first.click()
    page.wait_for_timeout(200)
    assert page.dialogs == []  # type: ignore[attr-defined]
