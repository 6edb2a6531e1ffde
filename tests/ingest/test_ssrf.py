"""SSRF: only globally routable addresses are fetched, each resolved once and connected to exactly as
checked, so DNS rebinding cannot swap in a private address. No traffic leaves the machine: DNS is
faked and every connection attempt is recorded and refused before it is made."""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Callable
from pathlib import Path

import httpx
import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from parley.api.app import create_app
from parley.cli import app
from parley.errors import Rejected
from parley.ingest.fetch import check_address, fetch, is_public

PUBLIC_V4 = "93.184.216.34"


@pytest.mark.parametrize("address", [
    "100.64.0.1",                 # CGNAT shared address space
    "fec0::1",                    # site-local IPv6
    "2002:a00:1::1",              # 6to4 wrapping 10.0.0.1
    "2002:7f00:1::1",             # 6to4 wrapping 127.0.0.1
    "64:ff9b::a00:1",             # NAT64 wrapping 10.0.0.1
    "64:ff9b::7f00:1",            # NAT64 wrapping 127.0.0.1
    "2001:0:4136:e378:8000:63bf:f5ff:fffe",  # Teredo with a private client (10.0.0.1)
    "::ffff:192.168.0.1",         # IPv4-mapped private
    "ff02::1", "224.0.0.1",       # multicast
    "240.0.0.1",                  # reserved
    "0.0.0.0", "::",              # unspecified
    "127.0.0.1", "::1", "10.0.0.1", "172.16.0.1", "192.168.1.1", "169.254.169.254", "fe80::1", "fc00::1",
    "192.0.0.1", "198.18.0.1",    # IETF protocol assignments, benchmarking
])
def test_non_global_addresses_are_not_public(address: str) -> None:
    assert not is_public(ipaddress.ip_address(address))


@pytest.mark.parametrize("address", [PUBLIC_V4, "2606:4700::1", "2002:5db8:d822::1", "64:ff9b::5db8:d822"])
def test_global_addresses_are_public(address: str) -> None:
    assert is_public(ipaddress.ip_address(address))


def _fake_dns(monkeypatch: pytest.MonkeyPatch, answers: dict[str, list[str]]) -> list[str]:
    """Answer each name with its addresses in turn (the last one repeats); returns the names asked."""
    asked: list[str] = []

    def getaddrinfo(host: str, port: object, *args: object, **kw: object) -> list:
        asked.append(host)
        if host not in answers:
            raise socket.gaierror(socket.EAI_NONAME, "not faked")
        addresses = answers[host]
        address = addresses[min(asked.count(host), len(addresses)) - 1]
        family = socket.AF_INET6 if ":" in address else socket.AF_INET
        return [(family, socket.SOCK_STREAM, 6, "", (address, port or 0))]

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    return asked


def _record_connections(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, int]]:
    """Record every TCP connection attempt and refuse it, so nothing is sent anywhere."""
    tried: list[tuple[str, int]] = []

    def create_connection(address: tuple[str, int], *args: object, **kw: object) -> socket.socket:
        tried.append((address[0], int(address[1])))
        raise ConnectionRefusedError("connections are recorded, not made, in this test")

    monkeypatch.setattr(socket, "create_connection", create_connection)
    return tried


@pytest.mark.parametrize("address", ["100.64.0.7", "fec0::7", "2002:c0a8:1::1", "64:ff9b::a00:1", "ff02::1"])
def test_a_name_resolving_to_a_special_range_is_refused(monkeypatch: pytest.MonkeyPatch, address: str) -> None:
    _fake_dns(monkeypatch, {"inside.example": [address]})
    tried = _record_connections(monkeypatch)
    with pytest.raises(Rejected, match="refused"):
        fetch("http://inside.example/")
    assert tried == []


def test_dns_rebinding_connects_to_the_checked_address(monkeypatch: pytest.MonkeyPatch) -> None:
    """A name that answers a public address first and 127.0.0.1 afterwards: the connection goes to the
    public address that was checked, and the name is looked up once."""
    asked = _fake_dns(monkeypatch, {"rebind.example": [PUBLIC_V4, "127.0.0.1"]})
    tried = _record_connections(monkeypatch)
    with pytest.raises(Rejected, match="fetch failed"):
        fetch("http://rebind.example/story")
    assert tried == [(PUBLIC_V4, 80)]
    assert asked == ["rebind.example"]


def test_pinned_request_keeps_host_header_and_sni(monkeypatch: pytest.MonkeyPatch) -> None:
    _fake_dns(monkeypatch, {"news.example": [PUBLIC_V4]})
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(200, headers={"Content-Type": "text/plain"}, content=b"hello")

    client = httpx.Client(transport=httpx.MockTransport(handler))
    got = fetch("https://news.example:8443/a?b=1", client=client)
    assert got.url == "https://news.example:8443/a?b=1" and got.content == b"hello"
    (request,) = seen
    assert str(request.url) == f"https://{PUBLIC_V4}:8443/a?b=1"
    assert request.headers["Host"] == "news.example:8443"
    assert request.extensions["sni_hostname"] == "news.example"


def test_redirect_to_cgnat_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    _fake_dns(monkeypatch, {"news.example": [PUBLIC_V4], "cgnat.example": ["100.64.1.1"]})
    client = httpx.Client(transport=httpx.MockTransport(
        lambda request: httpx.Response(301, headers={"Location": "http://cgnat.example/x"})))
    with pytest.raises(Rejected, match="refused: cgnat.example"):
        fetch("http://news.example/", client=client)


@pytest.mark.parametrize("url", ["http://127.0.0.1:99999/", "http://[::1/", "http://news.example:port/"])
def test_malformed_urls_are_refused_with_a_reason(url: str) -> None:
    with pytest.raises(Rejected, match="not a valid URL"):
        check_address(url)


def _cli(tmp_path: Path, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(app, ["--db", str(tmp_path / "x.db"), "ingest", "--no-nlp", *args])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.output


@pytest.mark.parametrize("bad", ["http://127.0.0.1:99999/", "http://[::1/"])
def test_cli_malformed_url_fails_one_item_and_goes_on(tmp_path: Path, bad: str) -> None:
    good = tmp_path / "a.txt"
    good.write_text("A short fictional article about a river treaty, long enough to be stored.\n" * 3)
    code, output = _cli(tmp_path, bad, str(good))
    assert code == 1
    assert "1 ok" in output and "1 failed" in output
    assert "Traceback" not in output


def test_cli_rebinding_never_reaches_loopback(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    _fake_dns(monkeypatch, {"rebind.example": [PUBLIC_V4, "127.0.0.1"]})
    tried = _record_connections(monkeypatch)
    code, output = _cli(tmp_path, "http://rebind.example/")
    assert code == 1 and "1 failed" in output
    assert tried == [(PUBLIC_V4, 80)]


def _api(tmp_path: Path) -> tuple[TestClient, Callable[[dict], httpx.Response]]:
    client = TestClient(create_app(db=str(tmp_path / "api.db"), use_nlp=False))
    token = client.get("/api/csrf").json()["csrf_token"]
    return client, lambda body: client.post("/api/ingest", json=body, headers={"X-CSRF-Token": token})


def test_api_rebinding_never_reaches_loopback(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    _fake_dns(monkeypatch, {"rebind.example": [PUBLIC_V4, "127.0.0.1"]})
    tried = _record_connections(monkeypatch)
    _client, post = _api(tmp_path)
    response = post({"url": "http://rebind.example/"})
    assert response.status_code == 422
    assert tried == [(PUBLIC_V4, 80)]


@pytest.mark.parametrize("bad", ["http://127.0.0.1:99999/", "http://[::1/"])
def test_api_malformed_url_is_a_clear_error(tmp_path: Path, bad: str) -> None:
    _client, post = _api(tmp_path)
    response = post({"url": bad})
    assert response.status_code == 422
    assert "Traceback" not in response.text
