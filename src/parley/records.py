"""Typed records. Every extracted item carries character offsets into the stored article text."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, Literal

from pydantic import BaseModel, Field

DateSource = Literal["meta", "url", "text", "user", "inferred"]
QuoteKind = Literal["direct", "indirect", "mixed"]
EventStatus = Literal[
    "occurred", "ongoing", "planned", "proposed", "negated", "hypothetical", "claimed"
]


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


class Span(BaseModel):
    """A half-open character range ``[start, end)`` into an article's text."""

    start: int
    end: int
    text: str


class Timex(Span):
    type: Literal["DATE", "TIME", "DURATION", "SET"] = "DATE"
    value: str | None = None
    mod: str | None = None


class Mention(Span):
    label: str  # PERSON, ORG, GPE, LOC, NORP...
    kind: Literal["name", "pronoun", "title", "nominal", "metonym", "demonym"] = "name"
    entity_key: str | None = None


class Role(BaseModel):
    title: str
    country: str | None = None  # ISO 3166 alpha-3
    sector: str | None = None  # GOV, MIL, LEG, ...
    as_of: date | None = None


class Entity(BaseModel):
    key: str  # normalized name key, stable across articles
    name: str
    type: str
    country: str | None = None
    sector: str | None = None
    code: str | None = None  # e.g. "RUS" or "RUSGOV"
    aliases: list[str] = Field(default_factory=list)
    roles: list[Role] = Field(default_factory=list)
    mentions: list[Mention] = Field(default_factory=list)


class Quote(Span):
    """``start``/``end``/``text`` cover the quoted content."""

    kind: QuoteKind
    cue: Span | None = None
    speaker: Span | None = None  # the speaker mention as written
    speaker_key: str | None = None  # resolved entity key
    speaker_name: str | None = None  # resolved canonical name
    anonymous: bool = False
    said_on: str | None = None  # TIMEX3 value


class Event(BaseModel):
    type: str  # PLOVER root: AGREE, CONSULT, ...
    mode: str | None = None
    trigger: Span
    sentence: Span
    actors: list[str] = Field(default_factory=list)  # actor codes or mention text if unresolved
    actor_spans: list[Span] = Field(default_factory=list)
    recipients: list[str] = Field(default_factory=list)
    recipient_spans: list[Span] = Field(default_factory=list)
    date: str | None = None
    location: str | None = None
    status: EventStatus = "occurred"
    source: str | None = None  # speaker, when claimed inside a quote


class Article(BaseModel):
    id: int | None = None
    text: str
    title: str | None = None
    url: str | None = None
    site: str | None = None
    source: str | None = None
    authors: list[str] = Field(default_factory=list)
    published: date | None = None
    published_source: DateSource | None = None
    published_confidence: float | None = None
    language: str | None = "en"
    content_hash: str | None = None
    duplicate_of: int | None = None
    ingested_at: datetime | None = None
