"""HTML pages to article text and metadata with trafilatura and htmldate."""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any
from urllib.parse import urlparse

import htmldate
import trafilatura
from trafilatura.meta import reset_caches

from parley.clean.metadata import read_metadata
from parley.clean.text import normalize_text, strip_junk
from parley.errors import Rejected
from parley.records import DateSource

# Chosen on the ScrapingHub benchmark (docs/EVALUATION.md): without comments and without the
# readability/justext fallback pass, recall mode scored F1 0.964 at about 1.7x the speed of the
# default settings; precision mode with the fallback scored the same F1 but ran slower.
EXTRACT_OPTIONS: dict[str, Any] = {"favor_recall": True, "include_comments": False, "include_tables": True,
                                   "fast": True}
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
    published_source: DateSource | None = None
    description: str | None = None


def url_date(url: str | None) -> date | None:
    """A ``/YYYY/MM/DD/`` date in a URL path."""
    if not url:
        return None
    try:
        path = urlparse(url).path
    except ValueError:  # "http://[::1": no date to read
        return None
    m = _URL_DATE.search(path)
    if not m:
        return None
    try:
        return date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        return None


_MARKUP_XPATH = ('//meta/@content | //time/@datetime | //*[@itemprop]/@content | '
                 '//script[@type="application/ld+json"]/text()')


def _in_markup(tree: object, day: date) -> bool:
    """Whether the date is stated in machine-readable markup (meta, time, JSON-LD)."""
    forms = (day.isoformat(), day.strftime("%Y%m%d"), day.strftime("%Y/%m/%d"))
    for value in tree.xpath(_MARKUP_XPATH):  # type: ignore[attr-defined]
        value = str(value)
        if value.startswith(("http://", "https://", "/")):
            continue  # og:url and the like: that is the URL's date, not a stated one
        if any(f in value for f in forms):
            return True
    return False


def _htmldate(tree: object, *, extensive_search: bool, url: str | None = None) -> str | None:
    """htmldate's answer, or None when it fails on odd markup (it raises AssertionError and
    ValueError on some pages): a missing date never costs the page."""
    try:
        found = htmldate.find_date(tree, extensive_search=extensive_search, original_date=True, url=url)
    except (AssertionError, ValueError, TypeError, IndexError):
        return None
    return found if isinstance(found, str) else None


def find_published(tree: object, url: str | None) -> tuple[date | None, DateSource | None]:
    """Try the page's metadata, then the URL, then its visible text; say which one answered."""
    meta_date = _htmldate(tree, extensive_search=False, url=url)
    if meta_date:
        try:
            found_date = date.fromisoformat(meta_date[:10])
        except ValueError:
            found_date = None
        if found_date:
            # htmldate also reads the URL and visible <time>-like text in its fast pass:
            # label the date by where it really stands.
            if _in_markup(tree, found_date):
                return found_date, "meta"
            if url_date(url) == found_date:
                return found_date, "url"
            return found_date, "text"
    from_url = url_date(url)
    if from_url:
        return from_url, "url"
    found = _htmldate(tree, extensive_search=True)
    if found:
        try:
            return date.fromisoformat(found[:10]), "text"
        except ValueError:
            return None, None
    return None, None


def extract_html(html: str | bytes, *, url: str | None = None) -> Extracted:
    """Main text and metadata of one page. Raises :class:`Rejected` when there is no body."""
    tree = trafilatura.load_html(html)
    if tree is None:
        raise Rejected("not parseable as HTML")
    meta = read_metadata(tree, url)
    published, source = find_published(tree, meta["url"])
    doc = trafilatura.bare_extraction(tree, url=meta["url"], **EXTRACT_OPTIONS)
    body = (doc.get("text") if isinstance(doc, dict) else doc.text) if doc is not None else None
    if not body or not body.strip():
        raise Rejected("no article body found in the HTML")
    text, _removed = strip_junk(normalize_text(body))
    if not text:
        raise Rejected("no article body found in the HTML")
    return Extracted(text=text, title=meta["title"], url=meta["url"], site=meta["site"],
                     authors=meta["authors"], published=published, published_source=source,
                     description=meta["description"])


def reset_extraction_caches() -> None:
    """Drop trafilatura's and htmldate's caches so memory stays flat over long runs."""
    # htmldate logs an error when charset_normalizer's functions carry no cache to clear
    # (newer charset_normalizer releases): nothing is wrong, so keep that line quiet.
    meta_log = logging.getLogger("htmldate.meta")
    level = meta_log.level
    meta_log.setLevel(logging.CRITICAL)
    try:
        reset_caches()
    finally:
        meta_log.setLevel(level)
