"""Fixtures of the browser tests: a real Chromium (Debian's /usr/bin/chromium) driving a real uvicorn
server on a loopback port, over a database of the sample corpus, the seed article and an XSS article.

Screenshots land in ``test-artifacts/`` at the repo root. A missing browser fails the tests; it never skips them.
"""

from __future__ import annotations

import importlib.util
import socket
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import uvicorn
from playwright.sync_api import Browser, Page, sync_playwright

from parley.api.app import create_app
from parley.service import Service

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run"]
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


def real_quotes_available() -> bool:
    """The quote extractor exists and the trained model is built: ingest the seed with NLP."""
    return importlib.util.find_spec("parley.nlp.quotes.component") is not None and Service.nlp_available()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def site(tmp_path_factory: pytest.TempPathFactory, corpus_builder: Callable[..., dict]) -> Iterator[dict]:
    base = tmp_path_factory.mktemp("browser")
    nlp = real_quotes_available()
    info = corpus_builder(base / "parley.db", base, use_nlp=nlp, hand=not nlp)
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(create_app(db=info["db"], use_nlp=False), host="127.0.0.1",
                                           port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        assert time.monotonic() < deadline, "uvicorn did not start"
        time.sleep(0.05)
    yield info | {"base": f"http://127.0.0.1:{port}", "nlp": nlp}
    server.should_exit = True
    thread.join(10)


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    assert CHROMIUM.exists(), f"{CHROMIUM} is missing: apt-get install -y chromium (scripts/ensure-browser.sh)"
    ARTIFACTS.mkdir(exist_ok=True)
    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield b
        b.close()


@pytest.fixture()
def page(browser: Browser) -> Iterator[Page]:
    ctx = browser.new_context(viewport={"width": 1280, "height": 900})
    pg = ctx.new_page()
    pg.dialogs = []  # type: ignore[attr-defined]
    pg.errors = []  # type: ignore[attr-defined]
    pg.on("dialog", lambda d: (pg.dialogs.append(d.message), d.dismiss()))  # type: ignore[attr-defined]
    pg.on("pageerror", lambda e: pg.errors.append(str(e)))  # type: ignore[attr-defined]
    yield pg
    assert pg.errors == [], pg.errors  # type: ignore[attr-defined]
    ctx.close()


def save_shot(page: Page, name: str) -> None:
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


@pytest.fixture()
def shot() -> Callable[[Page, str], None]:
    """``shot(page, name)``: a full-page screenshot at ``test-artifacts/<name>.png``."""
    return save_shot


PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}


@pytest.fixture(params=["desktop", "phone"])
def screen(request: pytest.FixtureRequest, browser: Browser) -> Iterator[Page]:
    """A page at desktop width, then at a phone's (390 px, touch, mobile viewport); no script errors."""
    phone = request.param == "phone"
    ctx = browser.new_context(viewport=PHONE if phone else DESKTOP, is_mobile=phone, has_touch=phone,
                              accept_downloads=True)
    pg = ctx.new_page()
    pg.errors = []  # type: ignore[attr-defined]
    pg.on("pageerror", lambda e: pg.errors.append(str(e)))  # type: ignore[attr-defined]
    pg.width = (PHONE if phone else DESKTOP)["width"]  # type: ignore[attr-defined]
    pg.tag = request.param  # type: ignore[attr-defined]
    yield pg
    assert pg.errors == [], pg.errors  # type: ignore[attr-defined]
    ctx.close()


