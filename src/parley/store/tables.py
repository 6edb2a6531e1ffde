"""SQLAlchemy 2 tables. Every annotation row carries ``start``/``end`` offsets into ``articles.text``."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, Boolean, Float, ForeignKey, Index, Integer, LargeBinary, String, Text, UniqueConstraint
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


class Base(DeclarativeBase):
    pass


class ArticleRow(Base):
    __tablename__ = "articles"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    text: Mapped[str] = mapped_column(Text)
    title: Mapped[str | None] = mapped_column(Text)
    url: Mapped[str | None] = mapped_column(Text, index=True)
    site: Mapped[str | None] = mapped_column(String(255))
    source: Mapped[str | None] = mapped_column(String(255), index=True)
    item: Mapped[str | None] = mapped_column(Text)  # where it came from (path, URL, feed#n)
    kind: Mapped[str | None] = mapped_column(String(16))  # html | text | feed | jsonl | url | warc
    authors: Mapped[list] = mapped_column(JSON, default=list)
    published: Mapped[str | None] = mapped_column(String(10), index=True)  # ISO date
    published_source: Mapped[str | None] = mapped_column(String(10))
    published_confidence: Mapped[float | None] = mapped_column(Float)
    language: Mapped[str | None] = mapped_column(String(8))
    content_hash: Mapped[str] = mapped_column(String(64), unique=True)
    minhash: Mapped[bytes | None] = mapped_column(LargeBinary)
    duplicate_of: Mapped[int | None] = mapped_column(ForeignKey("articles.id", ondelete="SET NULL"))
    similarity: Mapped[float | None] = mapped_column(Float)
    nlp_version: Mapped[str | None] = mapped_column(String(32))
    ingested_at: Mapped[datetime] = mapped_column(default=datetime.utcnow)

    mentions: Mapped[list[MentionRow]] = relationship(back_populates="article",
                                                      cascade="all, delete-orphan")
    quotes: Mapped[list[QuoteRow]] = relationship(back_populates="article",
                                                  cascade="all, delete-orphan")
    timexes: Mapped[list[TimexRow]] = relationship(back_populates="article",
                                                   cascade="all, delete-orphan")
    events: Mapped[list[EventRow]] = relationship(back_populates="article",
                                                  cascade="all, delete-orphan")


class EntityRow(Base):
    """One real-world person, organisation or place across all articles."""

    __tablename__ = "entities"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    key: Mapped[str] = mapped_column(String(255), unique=True)
    name: Mapped[str] = mapped_column(Text)
    type: Mapped[str] = mapped_column(String(16), index=True)
    country: Mapped[str | None] = mapped_column(String(3))
    sector: Mapped[str | None] = mapped_column(String(8))
    code: Mapped[str | None] = mapped_column(String(16))
    aliases: Mapped[list] = mapped_column(JSON, default=list)

    roles: Mapped[list[RoleRow]] = relationship(back_populates="entity",
                                                cascade="all, delete-orphan")


class RoleRow(Base):
    __tablename__ = "roles"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    entity_id: Mapped[int] = mapped_column(ForeignKey("entities.id", ondelete="CASCADE"), index=True)
    article_id: Mapped[int | None] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"))
    title: Mapped[str] = mapped_column(Text)
    country: Mapped[str | None] = mapped_column(String(3))
    sector: Mapped[str | None] = mapped_column(String(8))
    as_of: Mapped[str | None] = mapped_column(String(10))

    entity: Mapped[EntityRow] = relationship(back_populates="roles")


class MentionRow(Base):
    __tablename__ = "mentions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"), index=True)
    entity_id: Mapped[int | None] = mapped_column(ForeignKey("entities.id", ondelete="SET NULL"),
                                                  index=True)
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text)
    label: Mapped[str] = mapped_column(String(16))
    kind: Mapped[str] = mapped_column(String(16), default="name")

    article: Mapped[ArticleRow] = relationship(back_populates="mentions")


class QuoteRow(Base):
    __tablename__ = "quotes"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"), index=True)
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text)
    kind: Mapped[str] = mapped_column(String(10))
    cue_start: Mapped[int | None] = mapped_column(Integer)
    cue_end: Mapped[int | None] = mapped_column(Integer)
    cue_text: Mapped[str | None] = mapped_column(Text)
    speaker_start: Mapped[int | None] = mapped_column(Integer)
    speaker_end: Mapped[int | None] = mapped_column(Integer)
    speaker_text: Mapped[str | None] = mapped_column(Text)
    speaker_name: Mapped[str | None] = mapped_column(Text)
    speaker_entity_id: Mapped[int | None] = mapped_column(
        ForeignKey("entities.id", ondelete="SET NULL"), index=True)
    anonymous: Mapped[bool] = mapped_column(Boolean, default=False)
    said_on: Mapped[str | None] = mapped_column(String(32), index=True)
    confidence: Mapped[float | None] = mapped_column(Float)
    resolved_by: Mapped[str | None] = mapped_column(String(16))

    article: Mapped[ArticleRow] = relationship(back_populates="quotes")


class TimexRow(Base):
    __tablename__ = "timexes"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"), index=True)
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text)
    type: Mapped[str] = mapped_column(String(10))
    value: Mapped[str | None] = mapped_column(String(64))
    mod: Mapped[str | None] = mapped_column(String(16))

    article: Mapped[ArticleRow] = relationship(back_populates="timexes")


class EventRow(Base):
    __tablename__ = "events"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"), index=True)
    type: Mapped[str] = mapped_column(String(16), index=True)
    mode: Mapped[str | None] = mapped_column(Text)
    trigger_start: Mapped[int] = mapped_column(Integer)
    trigger_end: Mapped[int] = mapped_column(Integer)
    trigger_text: Mapped[str] = mapped_column(Text)
    sentence_start: Mapped[int] = mapped_column(Integer)
    sentence_end: Mapped[int] = mapped_column(Integer)
    actors: Mapped[list] = mapped_column(JSON, default=list)
    recipients: Mapped[list] = mapped_column(JSON, default=list)
    actor_spans: Mapped[list] = mapped_column(JSON, default=list)
    recipient_spans: Mapped[list] = mapped_column(JSON, default=list)
    date: Mapped[str | None] = mapped_column(String(32), index=True)
    location: Mapped[str | None] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(16), index=True)
    source: Mapped[str | None] = mapped_column(Text)
    confidence: Mapped[float | None] = mapped_column(Float, index=True)
    date_source: Mapped[str | None] = mapped_column(String(16))

    article: Mapped[ArticleRow] = relationship(back_populates="events")


class EventEntityRow(Base):
    """An entity that acts (``role='actor'``) or is acted on (``'recipient'``) in an event."""

    __tablename__ = "event_entities"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"))
    entity_id: Mapped[int] = mapped_column(ForeignKey("entities.id", ondelete="CASCADE"), index=True)
    role: Mapped[str] = mapped_column(String(10))


class QuoteOverrideRow(Base):
    """A user's correction of a quote (new speaker, or not a quote), kept across re-processing.

    Keyed by the article's content hash and the quote's offsets; ``status`` is ``applied`` while it
    matches a quote and ``orphaned`` when re-processing no longer finds one there.
    """

    __tablename__ = "quote_overrides"
    __table_args__ = (UniqueConstraint("content_hash", "start", "end",
                                       name="uq_quote_overrides_span"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    content_hash: Mapped[str] = mapped_column(String(64), index=True)
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)
    quote_text: Mapped[str] = mapped_column(Text)
    action: Mapped[str] = mapped_column(String(16))  # speaker | not_quote
    speaker_name: Mapped[str | None] = mapped_column(Text)
    speaker_entity_id: Mapped[int | None] = mapped_column(
        ForeignKey("entities.id", ondelete="SET NULL"))
    note: Mapped[str | None] = mapped_column(Text)
    author: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=datetime.utcnow)
    status: Mapped[str] = mapped_column(String(16), default="applied", server_default="applied")


Index("ix_articles_duplicate_of", ArticleRow.duplicate_of)
