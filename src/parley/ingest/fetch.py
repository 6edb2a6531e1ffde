"""Fetching URLs with httpx: timeouts, a size cap, a redirect cap, content-type checks, SSRF guard.

The guard resolves a host once, refuses it unless every address is globally routable, and then
connects to exactly the address it checked (DNS rebinding cannot swap in another), on every
redirect hop."""

from __future__ import annotations

import ipaddress
import socket
from dataclasses import dataclass
from urllib.parse import urljoin, urlparse

import httpx

from parley import __version__
from parley.errors import Rejected

USER_AGENT = f"Parley/{__version__} (+offline news analysis)"
ALLOWED_TYPES = (
    "text/html", "application/xhtml+xml", "text/plain", "application/rss+xml",
    "application/atom+xml", "application/xml", "text/xml", "application/rdf+xml",
    "application/feed+json", "application/json",
)


@dataclass
class Fetched:
    url: str  # final URL after redirects
    content: bytes
    content_type: str


# Ranges that ``ipaddress`` still calls global although no public server lives there, or that wrap
# another address (checked in turn): site-local IPv6 (deprecated, routed privately) and multicast.
_NOT_GLOBAL = (ipaddress.ip_network("fec0::/10"), ipaddress.ip_network("ff00::/8"))
_NAT64 = ipaddress.ip_network("64:ff9b::/96")


def is_public(ip: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    """True only for a globally routable unicast address. An IPv6 address that wraps an IPv4 one
    (IPv4-mapped, 6to4, NAT64, Teredo) is judged by the address it wraps."""
    if isinstance(ip, ipaddress.IPv6Address):
        wrapped = ip.ipv4_mapped or ip.sixtofour or (ip.teredo[1] if ip.teredo else None)
        if wrapped is None and ip in _NAT64:
            wrapped = ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
        if wrapped is not None:
            return is_public(wrapped)
        if any(ip in net for net in _NOT_GLOBAL):
            return False
    return ip.is_global and not ip.is_multicast and not ip.is_reserved and not ip.is_unspecified


@dataclass(frozen=True)
class Target:
    """Where one request goes: the URL as asked, and the address it was checked against (None when
    private addresses are allowed and the system resolver is used as is)."""

    url: str
    host: str
    port: int
    address: str | None


def _split(url: str) -> tuple[str, str, int]:
    try:
        parts = urlparse(url)
        port = parts.port
    except ValueError as exc:  # "http://[::1/", "http://host:99999/"
        raise Rejected(f"not a valid URL ({exc})", item=url) from None
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise Rejected("only http(s) URLs can be fetched", item=url)
    return parts.scheme, parts.hostname, port or (443 if parts.scheme == "https" else 80)


def check_address(url: str, *, allow_private: bool = False) -> Target:
    """Resolve ``url``'s host once and refuse it unless every address is globally routable. Returns
    the address to connect to, so that a second lookup (DNS rebinding) can never change it."""
    _scheme, host, port = _split(url)
    if allow_private:
        return Target(url, host, port, None)
    try:
        infos = socket.getaddrinfo(host, port, proto=socket.IPPROTO_TCP)
    except (socket.gaierror, UnicodeError, OSError) as exc:
        raise Rejected(f"cannot resolve host {host!r}", item=url) from exc
    addresses = [ipaddress.ip_address(str(info[4][0]).split("%")[0]) for info in infos]
    for ip in addresses:
        if not is_public(ip):
            raise Rejected(
                f"refused: {host} resolves to non-public address {ip} "
                "(use --allow-private to permit)", item=url)
    if not addresses:
        raise Rejected(f"cannot resolve host {host!r}", item=url)
    return Target(url, host, port, str(addresses[0]))


def _pinned_request(client: httpx.Client, target: Target) -> httpx.Request:
    """A GET for ``target`` that connects to the checked address, with the URL's host in the Host
    header and in TLS SNI (the certificate is verified against the host name, not the address)."""
    if target.address is None:
        return client.build_request("GET", target.url)
    url = httpx.URL(target.url)
    default_port = 443 if url.scheme == "https" else 80
    netloc_host = f"[{target.host}]" if ":" in target.host else target.host
    host_header = netloc_host if target.port == default_port else f"{netloc_host}:{target.port}"
    return client.build_request("GET", url.copy_with(host=target.address),
                                headers={"Host": host_header}, extensions={"sni_hostname": target.host})


def fetch(url: str, *, allow_private: bool = False, timeout: float = 15.0,
          max_bytes: int = 20_000_000, max_redirects: int = 5,
          client: httpx.Client | None = None) -> Fetched:
    """GET ``url``, following at most ``max_redirects`` redirects, each hop checked again."""
    own = client is None
    client = client or httpx.Client(timeout=timeout, follow_redirects=False,
                                    headers={"User-Agent": USER_AGENT})
    try:
        current = url
        for _hop in range(max_redirects + 1):
            target = check_address(current, allow_private=allow_private)
            try:
                resp = client.send(_pinned_request(client, target), stream=True)
                try:
                    if resp.is_redirect:
                        location = resp.headers.get("location")
                        if not location:
                            raise Rejected("redirect without a Location header", item=url)
                        current = urljoin(current, location)
                        continue
                    return Fetched(url=current, content_type=_content_type(resp, url),
                                   content=_body(resp, url, max_bytes))
                finally:
                    resp.close()
            except httpx.TimeoutException as exc:
                raise Rejected(f"timed out after {timeout:g}s", item=url) from exc
            except httpx.HTTPError as exc:
                raise Rejected(f"fetch failed: {exc.__class__.__name__}: {exc}", item=url) from exc
        raise Rejected(f"more than {max_redirects} redirects", item=url)
    finally:
        if own:
            client.close()


def _content_type(resp: httpx.Response, url: str) -> str:
    if resp.status_code >= 400:
        raise Rejected(f"HTTP {resp.status_code}", item=url)
    ctype = resp.headers.get("content-type", "").split(";")[0].strip().lower()
    if ctype and not ctype.startswith(ALLOWED_TYPES):
        raise Rejected(f"unsupported content type {ctype!r}", item=url)
    return ctype


def _body(resp: httpx.Response, url: str, max_bytes: int) -> bytes:
    """The body, read in chunks and refused as soon as it passes ``max_bytes``."""
    declared = resp.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > max_bytes:
        raise Rejected(f"larger than the size limit ({max_bytes:,} bytes)", item=url)
    chunks, size = [], 0
    for chunk in resp.iter_bytes():
        size += len(chunk)
        if size > max_bytes:
            raise Rejected(f"larger than the size limit ({max_bytes:,} bytes)", item=url)
        chunks.append(chunk)
    return b"".join(chunks)
