"""HTML pages to article text and metadata with trafilatura and htmldate."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from urllib.parse import urlparse

import htmldate
import trafilatura
from trafilatura.meta import reset_caches

from parley.clean.text import normalize_text, strip_junk
from parley.errors import Rejected

# Precision mode without comments scored best on the ScrapingHub benchmark (see EVALUATION.md).
EXTRACT_OPTIONS = {"favor_precision": True, "include_comments": False, "include_tables": True}
_META_DATE_ONLY = {"extensive_search": False, "original_date": True}
_URL_DATE = re.compile(r"/(20\d\d|19\d\d)[/-](0?[1-9]|1[0-2])[/-](0?[1-9]|[12]\d|3[01])(?:[/-]|\b)")


@dataclass
class Extracted:
    """What the HTML stage found; ``published_source`` says where the date came from."""

    text: str
    title: str | None = None
    url: str | None = None
    site: str | None = None
    authors: list[str] = field(default_factory=list)
    published: date | None = None
    published_source: str | None = None
    description: str | None = None


def url_date(url: str | None) -> date | None:
    """A ``/YYYY/MM/DD/`` date in a URL path."""
    if not url:
        return None
    m = _URL_DATE.search(urlparse(url).path)
    if not m:
        return None
    try:
        return date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        return None


def find_published(
    tree: object, url: str | None, meta_date: str | None = None
) -> tuple[date | None, str | None]:
    """Try the page's metadata, then the URL, then its visible text; say which one answered.

    ``meta_date`` is what trafilatura's metadata pass already read from the header
    (htmldate without extensive search), so the header is not searched twice.
    """
    if meta_date:
        try:
            return date.fromisoformat(meta_date[:10]), "meta"
        except ValueError:
            pass
    from_url = url_date(url)
    if from_url:
        return from_url, "url"
    found = htmldate.find_date(tree, extensive_search=True, original_date=True)
    if found:
        return date.fromisoformat(found), "text"
    return None, None


def _canonical_url(tree: object) -> str | None:
    for xpath in ('//link[@rel="canonical"]/@href', '//meta[@property="og:url"]/@content'):
        hits = tree.xpath(xpath)  # type: ignore[attr-defined]
        if hits and str(hits[0]).startswith("http"):
            return str(hits[0])
    return None


def extract_html(html: str | bytes, *, url: str | None = None) -> Extracted:
    """Main text and metadata of one page. Raises :class:`Rejected` when there is no body."""
    tree = trafilatura.load_html(html)
    if tree is None:
        raise Rejected("not parseable as HTML")
    url = url or _canonical_url(tree)
    doc = trafilatura.bare_extraction(
        tree, url=url, with_metadata=True, date_extraction_params=_META_DATE_ONLY, **EXTRACT_OPTIONS
    )
    if doc is None or not (doc.text or "").strip():
        raise Rejected("no article body found in the HTML")
    text, _removed = strip_junk(normalize_text(doc.text))
    if not text:
        raise Rejected("no article body found in the HTML")
    published, source = find_published(tree, url, doc.date)
    authors = [a.strip() for a in re.split(r";|\band\b", doc.author or "") if a.strip()]
    return Extracted(
        text=text,
        title=(doc.title or None),
        url=url or doc.url,
        site=doc.sitename or (urlparse(url).hostname if url else None) or doc.hostname,
        authors=authors,
        published=published,
        published_source=source,
        description=doc.description,
    )


def reset_extraction_caches() -> None:
    """Drop trafilatura's and htmldate's caches so memory stays flat over long runs."""
    reset_caches()
