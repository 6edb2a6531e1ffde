"""Correcting a quote in a real Chromium against a real uvicorn server on loopback, over a database of its
own (the correction changes it): the form posts with its CSRF token, the page shows the corrected speaker,
and hostile text in the correction stays text."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Callable, Iterator

import pytest
import uvicorn
from playwright.sync_api import Page, expect

from parley.api.app import create_app

HOSTILE = '<img src=x onerror="alert(1)"><script>alert(2)</script>'


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def own_site(tmp_path_factory: pytest.TempPathFactory, corpus_builder: Callable[..., dict]) -> Iterator[dict]:
    base = tmp_path_factory.mktemp("browser-corrections")
    info = corpus_builder(base / "parley.db", base)
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(create_app(db=info["db"], use_nlp=False), host="127.0.0.1",
                                           port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        assert time.monotonic() < deadline, "uvicorn did not start"
        time.sleep(0.05)
    yield info | {"base": f"http://127.0.0.1:{port}"}
    server.should_exit = True
    thread.join(10)


def test_correct_a_speaker_in_the_browser(page: Page, own_site: dict, shot: Callable[[Page, str], None]) -> None:
    page.goto(f"{own_site['base']}/articles/{own_site['seed_id']}")
    first = page.locator("ol.quotes > li").first
    first.locator("details.correct summary").click()
    form = first.locator("details.correct form")
    form.locator("input[name=speaker]").fill("Maria Zakharova")
    form.locator("input[name=note]").fill(HOSTILE)
    form.locator("input[name=author]").fill("desk")
    form.locator("button").click()
    page.wait_for_url("**#q-*")
    expect(page.locator("#corrections")).to_be_visible()
    expect(page.locator("#corrections .note")).to_have_text(HOSTILE)  # shown as text, never run
    corrected = page.locator("ol.quotes > li.corrected")
    expect(corrected).to_have_count(1)
    expect(corrected.locator(".who")).to_have_text("Maria Zakharova")
    qid = (corrected.get_attribute("data-quote") or "").strip()
    expect(page.locator(f'#text .ann.speaker[data-quote="{qid}"]')).to_have_count(0)  # Lavrov is no longer it
    assert page.dialogs == []  # type: ignore[attr-defined]
    shot(page, "article-correction")
    first = page.locator("ol.quotes > li").last
    first.locator("details.correct summary").click()
    first.locator("input[value=not_quote]").check()
    first.locator("details.correct form button").click()
    page.wait_for_url("**#*")
    expect(page.locator("ol.quotes > li")).to_have_count(1)
    expect(page.locator("#corrections li")).to_have_count(2)
