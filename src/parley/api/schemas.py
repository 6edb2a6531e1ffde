"""Public response models and the ingest request body (they document the OpenAPI schema).

Each response row derives from a stored record of :mod:`parley.records` and adds only what its
query joins or computes (an article's title, a PLOVER group, a count).
"""

from __future__ import annotations

import re
from datetime import date
from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, Field, model_validator

from parley.records import EventSummary, QuoteSummary, StoredArticle, StoredEntity, StoredRole

_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


def _iso_day(value: Any) -> Any:
    """Only ``YYYY-MM-DD`` (pydantic alone would read ``0`` or ``1700000000`` as a Unix time)."""
    if isinstance(value, date) or (isinstance(value, str) and _ISO_DAY.fullmatch(value)):
        return value
    raise ValueError("expected a date as YYYY-MM-DD")


Day = Annotated[date, BeforeValidator(_iso_day)]


class ErrorOut(BaseModel):
    detail: str


class Counts(BaseModel):
    quotes: int = 0
    events: int = 0
    mentions: int = 0
    timexes: int = 0


class ArticleSummary(StoredArticle):
    excerpt: str = ""
    counts: Counts | None = None


class ArticleList(BaseModel):
    count: int
    limit: int
    offset: int
    articles: list[ArticleSummary]


class ArticleDetail(ArticleSummary):
    text: str
    timexes: list[dict[str, Any]]
    mentions: list[dict[str, Any]]
    quotes: list[dict[str, Any]]
    events: list[dict[str, Any]]


class Hit(BaseModel):
    id: int
    title: str | None = None
    published: str | None = None
    source: str | None = None
    url: str | None = None
    snippet: str = Field(description="plain text; `highlights` are [start, end) offsets into it")
    highlights: list[list[int]]


class QuoteHit(BaseModel):
    id: int
    article_id: int
    article_title: str | None = None
    published: str | None = None
    text: str
    kind: str
    speaker_name: str | None = None
    speaker_entity_id: int | None = None
    said_on: str | None = None
    snippet: str
    highlights: list[list[int]]


class FacetValue(BaseModel):
    value: str
    count: int


class SearchOut(BaseModel):
    query: str
    count: int
    limit: int
    offset: int
    articles: list[Hit]
    quotes: list[QuoteHit]
    facets: dict[str, list[FacetValue]]


class QuoteOut(QuoteSummary):
    article_id: int
    article_title: str | None = None
    published: str | None = None
    date: str | None = None


class QuoteList(BaseModel):
    count: int
    limit: int
    offset: int
    quotes: list[QuoteOut]


class EntityOut(StoredEntity):
    mentions: int = 0
    quotes: int = 0


class EntityList(BaseModel):
    count: int
    limit: int
    offset: int
    entities: list[EntityOut]


class EventOut(EventSummary):
    article_id: int
    article_title: str | None = None
    group: str
    day: str | None = None
    planned: bool


class EventList(BaseModel):
    count: int
    limit: int
    offset: int
    events: list[EventOut]


class EntityDetail(StoredEntity):
    mentions: int = 0
    roles: list[StoredRole]
    quotes: list[QuoteOut]
    events: list[EventOut]


class Bucket(BaseModel):
    start: str
    total: int
    planned: int
    groups: dict[str, int]
    types: dict[str, int]
    events: list[dict[str, Any]]


class TimelineOut(BaseModel):
    bucket: str
    count: int = Field(description="number of buckets")
    events: int
    undated: int
    groups: dict[str, list[str]]
    buckets: list[Bucket]


class Node(BaseModel):
    id: str
    count: int


class Edge(BaseModel):
    source: str
    target: str
    type: str
    group: str
    count: int


class NetworkOut(BaseModel):
    count: int = Field(description="number of edges")
    nodes: list[Node]
    edges: list[Edge]


class IngestIn(BaseModel):
    """Either ``url`` (fetched through the SSRF guard) or pasted ``text``."""

    url: str | None = Field(None, max_length=2000, pattern=r"^https?://\S+$")
    text: str | None = Field(None, min_length=1, description="at most PARLEY_MAX_TEXT_CHARS characters (413)")
    title: str | None = Field(None, max_length=500)
    published: Day | None = None

    @model_validator(mode="after")
    def one_input(self) -> IngestIn:
        if (self.url is None) == (self.text is None):
            raise ValueError("give exactly one of `url` or `text`")
        return self


class IngestError(BaseModel):
    item: str
    reason: str


class IngestOut(BaseModel):
    ok: int
    duplicate: int
    near_duplicate: int
    failed: int
    skipped: int
    ids: list[int]
    errors: list[IngestError]
    skips: list[IngestError] = []
