"""Typed records. Every extracted item carries character offsets into the stored article text.

Three families share this module:

* what a source yields before cleaning: :class:`RawItem`, or a :class:`Failed`/:class:`Skipped`
  marker naming the item and the reason;
* what the cleaner and the NLP components produce: :class:`Article`, :class:`Timex`,
  :class:`Entity`, :class:`Mention`, :class:`Role`, :class:`Quote`, :class:`Event`;
* what the store gives back (``Stored*`` and ``*Summary``): the same facts with database ids, and
  with spans flattened into ``*_start``/``*_end``/``*_text`` columns.

A field that two families share is declared once, in a common ``*Base``. The NLP records narrow
a few of those fields to the values an extractor produces; the stored ones keep what a column
may hold. The API schemas (:mod:`parley.api.schemas`) derive from the stored records.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, Literal

from pydantic import BaseModel, Field

DateSource = Literal["meta", "url", "text", "user", "inferred"]
QuoteKind = Literal["direct", "indirect", "mixed"]
EventDateSource = Literal["text", "story", "publication"]
EventStatus = Literal[
    "occurred", "ongoing", "planned", "proposed", "negated", "hypothetical", "claimed"
]

PLOVER_GROUPS: dict[str, list[str]] = {
    "verbal cooperation": ["AGREE", "CONSULT", "SUPPORT", "CONCEDE"],
    "material cooperation": ["COOPERATE", "AID", "RETREAT"],
    "verbal conflict": ["REQUEST", "ACCUSE", "REJECT", "THREATEN"],
    "material conflict": ["PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT"],
}
GROUP_OF = {t: g for g, types in PLOVER_GROUPS.items() for t in types}
PLANNED = {"planned", "proposed", "hypothetical"}  # statuses of events that have not happened


def plover_group(event_type: str) -> str:
    """The PLOVER quad class of an event type (``verbal cooperation``...), else ``other``."""
    return GROUP_OF.get((event_type or "").upper(), "other")


# -- what a source yields ---------------------------------------------------------------------
@dataclass
class RawItem:
    """One document before cleaning. ``kind`` is ``html`` or ``text``."""

    item: str
    kind: str
    data: bytes | str
    origin: str  # file | url | feed | jsonl | warc | stdin
    url: str | None = None
    title: str | None = None
    published: str | None = None
    source: str | None = None
    meta: dict[str, Any] = field(default_factory=dict)


@dataclass
class Failed:
    item: str
    reason: str


@dataclass
class Skipped:
    item: str
    reason: str


Entry = RawItem | Failed | Skipped


# -- shared shapes ----------------------------------------------------------------------------
class Stored(BaseModel):
    """A row's database id (listed first in every stored record)."""

    id: int


class Span(BaseModel):
    """A half-open character range ``[start, end)`` into an article's text."""

    start: int
    end: int
    text: str


class MentionBase(Span):
    label: str  # PERSON, ORG, GPE, LOC, NORP...
    kind: Literal["name", "pronoun", "title", "nominal", "metonym", "demonym"] = "name"


class RoleBase(BaseModel):
    title: str
    country: str | None = None  # ISO 3166 alpha-3
    sector: str | None = None  # GOV, MIL, LEG, ...


class EntityBase(BaseModel):
    name: str
    type: str
    country: str | None = None
    sector: str | None = None
    code: str | None = None  # e.g. "RUS" or "RUSGOV"
    aliases: list[str] = Field(default_factory=list)


class QuoteBase(Span):
    """``start``/``end``/``text`` cover the quoted content."""

    kind: str
    speaker_name: str | None = None  # resolved canonical name
    anonymous: bool = False
    said_on: str | None = None  # TIMEX3 value
    confidence: float | None = None  # 0..1, how far the speaker can be trusted (parley.nlp.quotes.confidence)
    resolved_by: str | None = None  # explicit name | title | pronoun | inherited | document | anonymous


class EventBase(BaseModel):
    type: str  # PLOVER root: AGREE, CONSULT, ...
    mode: str | None = None
    actors: list[str] = Field(default_factory=list)  # actor codes or mention text if unresolved
    recipients: list[str] = Field(default_factory=list)
    date: str | None = None
    location: str | None = None
    status: str = "occurred"
    source: str | None = None  # speaker, when claimed inside a quote
    confidence: float | None = None  # 0..1, how far the event can be trusted (parley.nlp.events.confidence)
    date_source: str | None = None  # where ``date`` came from: "text", "story", or "publication" (the fallback)


class ArticleBase(BaseModel):
    title: str | None = None
    url: str | None = None
    site: str | None = None
    source: str | None = None
    authors: list[str] = Field(default_factory=list)
    published_source: str | None = None
    language: str | None = None
    duplicate_of: int | None = None


# -- what the cleaner and the NLP components produce ------------------------------------------
class Timex(Span):
    type: Literal["DATE", "TIME", "DURATION", "SET"] = "DATE"
    value: str | None = None
    mod: str | None = None


class Mention(MentionBase):
    entity_key: str | None = None


class Role(RoleBase):
    as_of: date | None = None


class Entity(EntityBase):
    key: str  # normalized name key, stable across articles
    roles: list[Role] = Field(default_factory=list)
    mentions: list[Mention] = Field(default_factory=list)


class Quote(QuoteBase):
    kind: QuoteKind
    cue: Span | None = None
    speaker: Span | None = None  # the speaker mention as written
    speaker_key: str | None = None  # resolved entity key


class Event(EventBase):
    status: EventStatus = "occurred"
    trigger: Span
    sentence: Span
    actor_spans: list[Span] = Field(default_factory=list)
    recipient_spans: list[Span] = Field(default_factory=list)
    date_source: EventDateSource | None = None  # where ``date`` came from: the text, the story, or the publication day


class Article(ArticleBase):
    id: int | None = None
    text: str
    published: date | None = None
    published_source: DateSource | None = None
    published_confidence: float | None = None
    language: str | None = "en"
    content_hash: str | None = None
    ingested_at: datetime | None = None


# -- what the store gives back ----------------------------------------------------------------
class StoredArticle(ArticleBase, Stored):
    """An article row without its text (``published`` is the stored ISO day)."""

    published: str | None = None
    similarity: float | None = None  # to the article it is a near-duplicate of
    item: str | None = None  # where it came from (path, URL, feed#n)


class StoredTimex(Timex, Stored):
    pass


class StoredMention(MentionBase, Stored):
    entity_id: int | None = None


class StoredRole(RoleBase):
    as_of: str | None = None  # ISO day
    article_id: int | None = None


class StoredEntity(EntityBase, Stored):
    pass


class QuoteSummary(QuoteBase, Stored):
    """A stored quote as lists show it."""

    speaker_text: str | None = None
    speaker_entity_id: int | None = None


class StoredQuote(QuoteSummary):
    """A stored quote with the offsets of its cue and speaker, as an article shows it."""

    cue_start: int | None = None
    cue_end: int | None = None
    cue_text: str | None = None
    speaker_start: int | None = None
    speaker_end: int | None = None


class EventSummary(EventBase, Stored):
    """A stored event as lists show it."""

    trigger_start: int
    trigger_end: int
    trigger_text: str


class StoredEvent(EventSummary):
    """A stored event with its sentence offsets, as an article shows it."""

    sentence_start: int
    sentence_end: int
