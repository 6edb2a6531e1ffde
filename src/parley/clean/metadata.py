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
    out: list[dict[str, Any]] = []
    for block in tree.xpath('//script[@type="application/ld+json"]/text()'):
        try:
            data = json.loads(block)
        except (ValueError, TypeError):
            continue  # broken JSON-LD is common; the meta tags still answer
        items = data if isinstance(data, list) else data.get("@graph", [data]) if isinstance(
            data, dict) else []
        out.extend(i for i in items if isinstance(i, dict))
    return out


def _ld_authors(items: list[dict[str, Any]]) -> list[str]:
    names: list[str] = []
    for item in items:
        authors = item.get("author")
        for a in authors if isinstance(authors, list) else [authors] if authors else []:
            name = a.get("name") if isinstance(a, dict) else a if isinstance(a, str) else None
            if name and name.strip() and name.strip() not in names:
                names.append(name.strip())
    return names


def canonical_url(tree: Any) -> str | None:
    url = _first(tree, URL_XPATHS)
    return url if url and url.startswith(("http://", "https://")) else None


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
        site = urlparse(url).hostname
    return {
        "title": clean_title(_first(tree, TITLE_XPATHS), site),
        "authors": authors,
        "site": site,
        "description": _first(tree, DESCRIPTION_XPATHS),
        "url": url,
    }
