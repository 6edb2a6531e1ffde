"""The SSRF guard: private, loopback and link-local addresses are refused, on every redirect hop."""

from __future__ import annotations

import socket

import httpx
import pytest

from parley.errors import Rejected
from parley.ingest.fetch import check_address, fetch


@pytest.mark.parametrize("url", [
    "http://127.0.0.1/", "http://localhost:8000/x", "http://10.1.2.3/", "http://192.168.0.10/",
    "http://172.16.5.4/", "http://169.254.169.254/latest/meta-data/", "http://[::1]/", "http://0.0.0.0/",
    "http://[::ffff:127.0.0.1]/",
])
def test_non_public_addresses_are_refused(url: str) -> None:
    with pytest.raises(Rejected, match="refused"):
        check_address(url)


@pytest.mark.parametrize("url", ["file:///etc/passwd", "ftp://x.test/a", "gopher://x", "http:///nohost"])
def test_only_http_urls(url: str) -> None:
    with pytest.raises(Rejected, match="only http"):
        check_address(url)


def test_redirect_to_a_private_address_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    """A public-looking host that redirects to loopback is caught at the second hop (no real traffic:
    DNS and HTTP are both faked)."""
    real = socket.getaddrinfo

    def fake_dns(host: str, *args: object, **kw: object) -> list:
        if host == "news.example":
            return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", ("93.184.216.34", 0))]
        return real(host, *args, **kw)

    monkeypatch.setattr(socket, "getaddrinfo", fake_dns)
    seen: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(str(request.url))
        return httpx.Response(302, headers={"Location": "http://127.0.0.1:8080/admin"})

    client = httpx.Client(transport=httpx.MockTransport(handler), follow_redirects=False)
    with pytest.raises(Rejected, match="refused: 127.0.0.1"):
        fetch("http://news.example/story", client=client)
    assert seen == ["http://93.184.216.34/story"]  # the checked address, not a second lookup
