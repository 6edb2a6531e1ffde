"""A real local HTTP server (loopback only) for fetch and URL-ingest tests."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

ARTICLE_HTML = b"""<!doctype html><html><head><title>Talks resume | Test Wire</title>
<meta property="article:published_time" content="2026-02-16T09:00:00Z">
<meta name="author" content="Jo Writer"></head><body>
<nav><a href="/">Home</a> <a href="/world">World</a></nav>
<article><h1>Talks resume in Geneva</h1>
<p>FICTIONAL TEST PAGE. Negotiators from the two invented states met in Geneva on Monday for a
second round of talks, officials said, after a week of delays over the agenda.</p>
<p>The envoy said the sides had agreed to exchange documents before the next round and that
both delegations would stay in the city until Friday.</p>
<p>Read more</p></article><footer>Copyright 2026 Test Wire</footer></body></html>"""

FEED = b"""<?xml version="1.0"?><rss version="2.0"><channel><title>Test Wire</title>
<item><title>One</title><link>http://wire.test/one</link><pubDate>Mon, 16 Feb 2026 09:00:00 GMT</pubDate>
<description>FICTIONAL. The invented envoy proposed a ceasefire on Monday, her office said in a
statement released to reporters in the capital.</description></item>
<item><title>Two</title><link>http://wire.test/two</link><pubDate>Tue, 17 Feb 2026 09:00:00 GMT</pubDate>
<description>FICTIONAL. The invented delegation walked out of the talks on Tuesday, two officials
said, citing a dispute over the river's minimum flow.</description></item>
</channel></rss>"""


class Handler(BaseHTTPRequestHandler):
    def log_message(self, *_args: object) -> None:
        pass

    def _send(self, code: int, body: bytes, ctype: str, extra: dict[str, str] | None = None) -> None:
        self.send_response(code)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        for k, v in (extra or {}).items():
            self.send_header(k, v)
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self) -> None:  # noqa: N802 - http.server API
        path = self.path
        if path == "/article.html":
            self._send(200, ARTICLE_HTML, "text/html; charset=utf-8")
        elif path == "/feed.rss":
            self._send(200, FEED, "application/rss+xml")
        elif path == "/slow":
            time.sleep(3)
            self._send(200, ARTICLE_HTML, "text/html")
        elif path == "/loop":
            self._send(302, b"", "text/html", {"Location": "/loop"})
        elif path == "/hop":
            self._send(301, b"", "text/html", {"Location": "/article.html"})
        elif path == "/big":
            self._send(200, b"<html><body><p>" + b"x" * 300_000 + b"</p></body></html>", "text/html")
        elif path == "/image.png":
            self._send(200, b"\x89PNG\r\n\x1a\n" + b"\x00" * 100, "image/png")
        else:
            self._send(404, b"not found", "text/plain")


class QuietServer(ThreadingHTTPServer):
    """Drops a client that went away (a test's timeout) without a traceback.

    The handler threads outlive the test that made the request: a /slow reply
    written after the client timed out raises BrokenPipeError in a thread, and
    the default ``handle_error`` prints that to whatever ``sys.stderr`` is at
    that moment, which may be the CLI runner of a later test.
    """

    def handle_error(self, request: object, client_address: object) -> None:
        pass


@pytest.fixture(scope="session")
def http_server() -> Iterator[str]:
    server = QuietServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
