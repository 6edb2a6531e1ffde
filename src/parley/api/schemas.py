"""Public response models and the ingest request body (they document the OpenAPI schema)."""

from __future__ import annotations

from datetime import date
from typing import Any

from pydantic import BaseModel, Field, model_validator


class ErrorOut(BaseModel):
    detail: str


class Counts(BaseModel):
    quotes: int = 0
    events: int = 0
    mentions: int = 0
    timexes: int = 0


class ArticleSummary(BaseModel):
    id: int
    title: str | None = None
    url: str | None = None
    site: str | None = None
    source: str | None = None
    published: str | None = None
    published_source: str | None = None
    language: str | None = None
    duplicate_of: int | None = None
    similarity: float | None = None
    authors: list[str] = []
    item: str | None = None
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


class QuoteOut(BaseModel):
    id: int
    article_id: int
    article_title: str | None = None
    published: str | None = None
    date: str | None = None
    text: str
    kind: str
    start: int
    end: int
    speaker_name: str | None = None
    speaker_text: str | None = None
    speaker_entity_id: int | None = None
    anonymous: bool = False
    said_on: str | None = None


class QuoteList(BaseModel):
    count: int
    limit: int
    offset: int
    quotes: list[QuoteOut]


class EntityOut(BaseModel):
    id: int
    name: str
    type: str
    country: str | None = None
    sector: str | None = None
    code: str | None = None
    aliases: list[str] = []
    mentions: int = 0
    quotes: int = 0


class EntityList(BaseModel):
    count: int
    limit: int
    offset: int
    entities: list[EntityOut]


class RoleOut(BaseModel):
    title: str
    country: str | None = None
    sector: str | None = None
    as_of: str | None = None
    article_id: int | None = None


class EventOut(BaseModel):
    id: int
    article_id: int
    article_title: str | None = None
    type: str
    group: str
    mode: str | None = None
    trigger_text: str
    trigger_start: int
    trigger_end: int
    actors: list[str]
    recipients: list[str]
    date: str | None = None
    day: str | None = None
    location: str | None = None
    status: str
    source: str | None = None
    planned: bool


class EventList(BaseModel):
    count: int
    limit: int
    offset: int
    events: list[EventOut]


class EntityDetail(BaseModel):
    id: int
    name: str
    type: str
    country: str | None = None
    sector: str | None = None
    code: str | None = None
    aliases: list[str] = []
    mentions: int = 0
    roles: list[RoleOut]
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
    text: str | None = Field(None, min_length=1, max_length=5_000_000)
    title: str | None = Field(None, max_length=500)
    published: date | None = None

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
