"""Page metadata read from markup, each field tried from its sources in turn.

Cheaper than a full metadata pass: only the fields Parley stores (title, authors, site,
description, canonical URL) are read, from meta tags, JSON-LD and the visible headline.
"""

from __future__ import annotations

import json
import re
from typing import Any
from urllib.parse import urlparse

_SPACE = re.compile(r"\s+")

TITLE_XPATHS = (
    '//meta[@property="og:title"]/@content',
    '//meta[@name="twitter:title"]/@content',
    "//article//h1//text()",
    "//h1//text()",
    "//title/text()",
)
AUTHOR_XPATHS = (
    '//meta[@name="author"]/@content',
    '//meta[@property="article:author"]/@content',
    '//meta[@name="byl"]/@content',
    '//*[@rel="author"]//text()',
    '//*[@itemprop="author"]//*[@itemprop="name"]//text()',
)
SITE_XPATHS = ('//meta[@property="og:site_name"]/@content',
               '//meta[@name="application-name"]/@content')
DESCRIPTION_XPATHS = ('//meta[@name="description"]/@content',
                      '//meta[@property="og:description"]/@content')
URL_XPATHS = ('//link[@rel="canonical"]/@href', '//meta[@property="og:url"]/@content')


def _first(tree: Any, xpaths: tuple[str, ...]) -> str | None:
    for xp in xpaths:
        for hit in tree.xpath(xp):
            value = _SPACE.sub(" ", str(hit)).strip()
            if value:
                return value
    return None


def _json_ld(tree: Any) -> list[dict[str, Any]]:
    """Every JSON-LD object of the page (top level, in lists and in ``@graph``). Total: any shape of
    JSON, broken or not, gives objects or nothing, never an error."""
    out: list[dict[str, Any]] = []
    for block in tree.xpath('//script[@type="application/ld+json"]/text()'):
        try:
            data = json.loads(block)
        except (ValueError, TypeError, RecursionError):
            continue  # broken JSON-LD is common; the meta tags still answer
        out.extend(_ld_objects(data))
    return out


def _ld_objects(data: Any, depth: int = 0) -> list[dict[str, Any]]:
    if depth > 3:
        return []
    if isinstance(data, list):
        return [o for item in data for o in _ld_objects(item, depth + 1)]
    if not isinstance(data, dict):
        return []
    graph = data.get("@graph")
    return _ld_objects(graph, depth + 1) if graph is not None else [data]


def _ld_names(value: Any, depth: int = 0) -> list[str]:
    """The names in an ``author`` value: a string, an object with a ``name`` (itself a string or a
    list), or a list of those."""
    if depth > 3:
        return []
    if isinstance(value, str):
        return [value]
    if isinstance(value, list):
        return [n for v in value for n in _ld_names(v, depth + 1)]
    if isinstance(value, dict):
        return _ld_names(value.get("name"), depth + 1)
    return []


def _ld_authors(items: list[dict[str, Any]]) -> list[str]:
    names: list[str] = []
    for item in items:
        for name in _ld_names(item.get("author")):
            name = _SPACE.sub(" ", name).strip()
            if name and name not in names:
                names.append(name)
    return names


def valid_url(url: str | None) -> str | None:
    """``url`` when it is an http(s) URL that parses with a host, else None."""
    if not url or not url.startswith(("http://", "https://")):
        return None
    try:
        parts = urlparse(url)
        parts.port  # noqa: B018 - raises ValueError on a bad port
    except ValueError:
        return None
    return url if parts.hostname else None


def _hostname(url: str) -> str | None:
    try:
        return urlparse(url).hostname
    except ValueError:
        return None


def canonical_url(tree: Any) -> str | None:
    """The page's canonical URL; a malformed one is ignored (the page keeps its body)."""
    return valid_url(_first(tree, URL_XPATHS))


def clean_title(title: str | None, site: str | None) -> str | None:
    """Drop a trailing " | Site" or " - Site" from a <title>."""
    if not title:
        return None
    if site:
        for sep in (" | ", " - ", " — ", " – ", " :: "):
            if title.endswith(sep + site):
                return title[: -len(sep + site)].strip() or title
    return title


def read_metadata(tree: Any, url: str | None) -> dict[str, Any]:
    """Title, authors, site, description and URL of a page."""
    ld = _json_ld(tree)
    site = _first(tree, SITE_XPATHS)
    authors = _ld_authors(ld)
    if not authors:
        raw = _first(tree, AUTHOR_XPATHS)
        if raw and not raw.startswith("http"):
            authors = [a.strip() for a in re.split(r";|,| and ", re.sub(r"^[Bb]y\s+", "", raw))
                       if a.strip()]
    url = url or canonical_url(tree)
    if not site and url:
        site = _hostname(url)
    return {
        "title": clean_title(_first(tree, TITLE_XPATHS), site),
        "authors": authors,
        "site": site,
        "description": _first(tree, DESCRIPTION_XPATHS),
        "url": url,
    }
