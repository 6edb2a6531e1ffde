"""Public response models and the ingest request body (they document the OpenAPI schema).

Each response row derives from a stored record of :mod:`parley.records` and adds only what its
query joins or computes (an article's title, a PLOVER group, a count).
"""

from __future__ import annotations

import re
from datetime import date
from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, Field, model_validator

from parley.records import EventSummary, QuoteSummary, StoredArticle, StoredEntity, StoredRole

_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


def _iso_day(value: Any) -> Any:
    """Only ``YYYY-MM-DD`` (pydantic alone would read ``0`` or ``1700000000`` as a Unix time)."""
    if isinstance(value, date) or (isinstance(value, str) and _ISO_DAY.fullmatch(value)):
        return value
    raise ValueError("expected a date as YYYY-MM-DD")


Day = Annotated[date, BeforeValidator(_iso_day)]
# a form's empty date field ("since=") means no date
OptionalDay = Annotated[date | None, BeforeValidator(lambda v: None if v == "" else _iso_day(v))]


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


class OverrideOut(BaseModel):
    """A user's correction of a quote, kept by the article's text and the quote's offsets."""

    id: int
    start: int
    end: int
    quote_text: str
    action: Literal["speaker", "not_quote"]
    speaker_name: str | None = None
    speaker_entity_id: int | None = None
    note: str | None = None
    author: str | None = None
    created_at: str | None = Field(None, description="when it was made (UTC, ISO 8601)")
    status: Literal["applied", "orphaned"] = Field(
        description="applied: it matches a quote; orphaned: re-processing found no quote at its offsets")


class ArticleDetail(ArticleSummary):
    text: str
    timexes: list[dict[str, Any]]
    mentions: list[dict[str, Any]]
    quotes: list[dict[str, Any]] = Field(description="each with `confidence` (0-1) and `resolved_by` (explicit "
                                                     "name, title, pronoun, inherited, document, anonymous, "
                                                     "or correction)")
    events: list[dict[str, Any]] = Field(description="those at least `min_confidence` sure, each with its "
                                                     "`confidence`, `date_source` and the entities of its sides")
    events_hidden: int = Field(0, description="events under `min_confidence`, left out")
    overrides: list[OverrideOut] = Field(default_factory=list, description="corrections of its quotes")


class CorrectionIn(BaseModel):
    """A correction of a quote: its right speaker, or that it is no quote."""

    action: Literal["speaker", "not_quote"]
    speaker: str | None = Field(None, max_length=200, description="the right speaker's name (action=speaker)")
    note: str | None = Field(None, max_length=2000, description="why (optional)")
    author: str | None = Field(None, max_length=200, description="who made it (optional)")


class CorrectionOut(OverrideOut):
    article_id: int
    quote_id: int | None = Field(None, description="the corrected quote's id now (none once it is no quote)")


class EntityRef(BaseModel):
    """A person, organisation or place, for a link to its page."""

    id: int
    name: str
    type: str


class EntityHit(EntityRef):
    mentions: int = 0


class Hit(BaseModel):
    id: int
    title: str | None = None
    published: str | None = None
    source: str | None = None
    url: str | None = None
    snippet: str = Field(description="plain text; `highlights` are [start, end) offsets into it")
    highlights: list[list[int]]
    entities: list[EntityRef] = Field(default_factory=list, description="who and where it names most")


class QuoteHit(BaseModel):
    id: int
    article_id: int
    article_title: str | None = None
    published: str | None = None
    url: str | None = None
    text: str
    kind: str
    start: int | None = None
    end: int | None = None
    speaker_name: str | None = None
    speaker_text: str | None = None
    speaker_entity_id: int | None = None
    anonymous: bool = False
    said_on: str | None = Field(None, description="TIMEX3 value")
    confidence: float | None = Field(None, description="how far the speaker can be trusted (0-1)")
    resolved_by: str | None = Field(None, description="how the speaker was found (explicit name, title, pronoun, "
                                                      "inherited, document, anonymous, correction)")
    snippet: str
    highlights: list[list[int]]


class FacetValue(BaseModel):
    value: str
    count: int
    id: int | None = Field(None, description="the speaker's entity id (speaker facet)")


class SearchOut(BaseModel):
    query: str
    count: int
    limit: int
    offset: int
    articles: list[Hit]
    quotes: list[QuoteHit]
    entities: list[EntityHit] = Field(default_factory=list,
                                      description="people, organisations and places named by the query or in the hits")
    facets: dict[str, list[FacetValue]] = Field(description="kind, source, month, speaker and (event) type")
    ranked: dict[str, int] = Field(default_factory=dict, description=(
        "per kind, how many matches were ranked: a search matching more than 2,000 ranks the newest 2,000 "
        "(by id) and lists the older ones after them, newest first; the source, month, type and speaker "
        "facets count those ranked matches, while count covers every match"))
    estimated: list[str] = Field(default_factory=list, description=(
        "the kinds whose count is an estimate: PostgreSQL estimates the count of a search matching more "
        "than 2,000 (counting would read every match)"))


class QuoteOut(QuoteSummary):
    article_id: int
    article_title: str | None = None
    published: str | None = None
    url: str | None = None
    date: str | None = Field(None, description="the day it was said (a week's Monday...), else the article's")


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


class EntitySide(EntityRef):
    code: str | None = None


class EventOut(EventSummary):
    article_id: int
    actor_entities: list[EntitySide] = Field(default_factory=list, description="the entities that act")
    recipient_entities: list[EntitySide] = Field(default_factory=list, description="the entities acted on")
    article_title: str | None = None
    url: str | None = None
    group: str
    day: str | None = Field(None, description="the day its date starts on, else the article's")
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
    events: list[EventOut] = Field(description="the events it acts in or is acted on in (at most 500)")
    events_count: int = 0


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
    id: str = Field(description="the entity's id")
    count: int
    name: str | None = None
    type: str | None = None
    code: str | None = None


class Edge(BaseModel):
    source: str = Field(description="the acting entity's id")
    target: str = Field(description="the id of the entity acted on")
    type: str
    group: str
    count: int


class Actor(EntityRef):
    code: str | None = None


class NetworkOut(BaseModel):
    count: int = Field(description="number of edges")
    actors: int = Field(0, description="entities with a link, before the top-N cut")
    nodes: list[Node]
    edges: list[Edge]
    entities: dict[str, Actor] = Field(default_factory=dict, description="each node's entity, by its id")


class ChronologyItem(BaseModel):
    """An event or a quote, with its sentence and the anchor of its highlight (``href``)."""

    kind: Literal["event", "quote"]
    id: int
    day: str | None = None
    article_id: int
    article_title: str | None = None
    url: str | None = None
    source: str | None = None
    published: str | None = None
    href: str
    timex: str | None = Field(None, description="the TIMEX3 value it is dated by, if its own")
    dated_by: Literal["text", "article"]
    confidence: float | None = None
    date_source: str | None = Field(None, description="an event's: text (its own date), story (the day of the "
                                    "story's last dated act before it), or publication (the fallback)")
    resolved_by: str | None = Field(None, description="a quote's: how its speaker was found")
    sentence: str = Field(description="the article text from sentence_start to sentence_end")
    sentence_start: int
    sentence_end: int
    mark: list[int] = Field(default_factory=list, description="[start, end) of the trigger or quote in `sentence`")
    start: int
    end: int
    type: str | None = None
    group: str | None = None
    status: str | None = None
    actors: list[str] = Field(default_factory=list)
    recipients: list[str] = Field(default_factory=list)
    trigger: str | None = None
    text: str | None = None
    quote_kind: str | None = None
    speaker: str | None = None
    speaker_entity_id: int | None = None
    anonymous: bool = False


class ChronologyDay(BaseModel):
    day: str
    items: list[ChronologyItem]


class ChronologyOut(BaseModel):
    count: int = Field(description="dated items")
    limit: int
    offset: int
    undated_count: int
    days: list[ChronologyDay]
    undated: list[ChronologyItem]


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
