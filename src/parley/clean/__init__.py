"""Cleaning: raw documents to article text plus metadata (and where each field came from)."""

from __future__ import annotations

import hashlib
import re
from datetime import date

from parley.clean.html import extract_html
from parley.clean.language import detect_language
from parley.clean.text import normalize_text, strip_junk
from parley.errors import Rejected
from parley.records import Article, DateSource, RawItem

_NORM = re.compile(r"[\W_]+", re.U)
MIN_CHARS = 20


def content_hash(text: str) -> str:
    """SHA-256 of the text lower-cased with punctuation and spacing folded away."""
    return hashlib.sha256(_NORM.sub(" ", text.lower()).strip().encode()).hexdigest()


def parse_date(value: object) -> date | None:
    """An ISO date (or datetime) string to a date; ``None`` when it is not one."""
    if isinstance(value, date):
        return value
    if not isinstance(value, str) or len(value) < 10:
        return None
    try:
        return date.fromisoformat(value.strip()[:10])
    except ValueError:
        return None


def headline(text: str) -> str | None:
    """A plain-text story's first line when it reads as a headline (short, no final stop)."""
    lines = text.split("\n")
    first = lines[0].strip()
    if len(lines) > 2 and 8 <= len(first) <= 120 and not first.endswith(tuple(".!?:;\"”’'")):
        return first
    return None


def clean_item(raw: RawItem, *, published: date | None = None,
               source: str | None = None) -> Article:
    """Turn one raw item into an :class:`Article`. ``published``/``source`` override metadata."""
    title = raw.title
    pub = parse_date(raw.published)
    pub_source: DateSource | None = "meta" if raw.published else None
    url, site, authors = raw.url, None, []
    if raw.kind == "html":
        ext = extract_html(raw.data, url=raw.url)
        text = ext.text
        title = title or ext.title
        url = url or ext.url
        site, authors = ext.site, ext.authors
        if pub is None and ext.published:
            pub, pub_source = ext.published, ext.published_source
    else:
        data = raw.data if isinstance(raw.data, str) else raw.data.decode("utf-8", "replace")
        text, _removed = strip_junk(normalize_text(data))
        title = title or headline(text)
    if len(text.strip()) < MIN_CHARS:
        raise Rejected("no article text after cleaning", item=raw.item)
    if published is not None:
        pub, pub_source = published, "user"
    return Article(
        text=text,
        title=(normalize_text(title) or None) if title else None,
        url=url,
        site=site,
        source=source or raw.source or site,
        authors=authors,
        published=pub,
        published_source=pub_source if pub else None,
        published_confidence=1.0 if pub else None,
        language=detect_language(text),
        content_hash=content_hash(text),
    )
