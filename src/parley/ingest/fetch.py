"""Fetching URLs with httpx: timeouts, a size cap, a redirect cap, content-type checks, SSRF guard."""

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


def check_address(url: str, *, allow_private: bool = False) -> None:
    """Refuse non-http(s) URLs and hosts that resolve to private, loopback or link-local addresses."""
    parts = urlparse(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise Rejected("only http(s) URLs can be fetched", item=url)
    if allow_private:
        return
    try:
        infos = socket.getaddrinfo(parts.hostname, parts.port or 0, proto=socket.IPPROTO_TCP)
    except (socket.gaierror, UnicodeError) as exc:
        raise Rejected(f"cannot resolve host {parts.hostname!r}", item=url) from exc
    for info in infos:
        ip = ipaddress.ip_address(info[4][0].split("%")[0])
        if getattr(ip, "ipv4_mapped", None):
            ip = ip.ipv4_mapped  # type: ignore[union-attr]
        if (ip.is_private or ip.is_loopback or ip.is_link_local or ip.is_multicast
                or ip.is_reserved or ip.is_unspecified):
            raise Rejected(
                f"refused: {parts.hostname} resolves to non-public address {ip} "
                "(use --allow-private to permit)", item=url)


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
            check_address(current, allow_private=allow_private)
            try:
                with client.stream("GET", current) as resp:
                    if resp.is_redirect:
                        location = resp.headers.get("location")
                        if not location:
                            raise Rejected("redirect without a Location header", item=url)
                        current = urljoin(current, location)
                        continue
                    if resp.status_code >= 400:
                        raise Rejected(f"HTTP {resp.status_code}", item=url)
                    ctype = resp.headers.get("content-type", "").split(";")[0].strip().lower()
                    if ctype and not ctype.startswith(ALLOWED_TYPES):
                        raise Rejected(f"unsupported content type {ctype!r}", item=url)
                    declared = resp.headers.get("content-length")
                    if declared and declared.isdigit() and int(declared) > max_bytes:
                        raise Rejected(f"larger than the size limit ({max_bytes:,} bytes)",
                                       item=url)
                    chunks, size = [], 0
                    for chunk in resp.iter_bytes():
                        size += len(chunk)
                        if size > max_bytes:
                            raise Rejected(f"larger than the size limit ({max_bytes:,} bytes)",
                                           item=url)
                        chunks.append(chunk)
                    return Fetched(url=current, content=b"".join(chunks), content_type=ctype)
            except httpx.TimeoutException as exc:
                raise Rejected(f"timed out after {timeout:g}s", item=url) from exc
            except httpx.HTTPError as exc:
                raise Rejected(f"fetch failed: {exc.__class__.__name__}: {exc}", item=url) from exc
        raise Rejected(f"more than {max_redirects} redirects", item=url)
    finally:
        if own:
            client.close()
