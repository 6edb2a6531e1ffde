"""Reading and writing rows. Parameterised SQL only; each function takes an open Session."""

from __future__ import annotations

from sqlalchemy import func, select, text
from sqlalchemy.orm import Session

from parley.records import Article, Entity, Event, Quote, Timex
from parley.store.fts import MAX_TERMS, fts_query, fts_terms
from parley.store.tables import (
    ArticleRow,
    EntityRow,
    EventRow,
    MentionRow,
    QuoteRow,
    RoleRow,
    TimexRow,
)

__all__ = ["MAX_TERMS", "fts_query", "fts_terms"]  # the search helpers live in parley.store.fts


def article_row(article: Article, *, item: str, kind: str, minhash: bytes | None,
                duplicate_of: int | None, similarity: float | None) -> ArticleRow:
    return ArticleRow(
        text=article.text, title=article.title, url=article.url, site=article.site,
        source=article.source, item=item, kind=kind, authors=list(article.authors),
        published=article.published.isoformat() if article.published else None,
        published_source=article.published_source,
        published_confidence=article.published_confidence, language=article.language,
        content_hash=article.content_hash, minhash=minhash, duplicate_of=duplicate_of,
        similarity=similarity,
    )


def hash_exists(session: Session, content_hash: str) -> int | None:
    return session.scalar(select(ArticleRow.id).where(ArticleRow.content_hash == content_hash))


def first_copies(session: Session, *, after: int = 0) -> list[tuple[int, bytes]]:
    """``(id, minhash)`` of every article with an id above ``after`` that is not itself a near-duplicate."""
    rows = session.execute(select(ArticleRow.id, ArticleRow.minhash).where(
        ArticleRow.id > after, ArticleRow.duplicate_of.is_(None), ArticleRow.minhash.is_not(None))
        .order_by(ArticleRow.id))
    return [(r.id, r.minhash) for r in rows]


def lock_for_write(session: Session) -> None:
    """Take the database's write lock at the start of the session's transaction, so that what it
    reads before writing cannot change under it (SQLite: ``BEGIN IMMEDIATE``, waiting up to the
    busy timeout; PostgreSQL: a transaction-scoped advisory lock). Call it first in the transaction."""
    dialect = session.get_bind().dialect.name
    if dialect == "sqlite":
        session.execute(text("BEGIN IMMEDIATE"))
    elif dialect == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(7244001)"))


def upsert_entity(session: Session, ent: Entity) -> EntityRow:
    """One row per real-world entity key; aliases and missing codes are merged in."""
    row = session.scalar(select(EntityRow).where(EntityRow.key == ent.key))
    if row is None:
        row = EntityRow(key=ent.key, name=ent.name, type=ent.type, country=ent.country,
                        sector=ent.sector, code=ent.code, aliases=sorted(set(ent.aliases)))
        session.add(row)
        session.flush()
        return row
    row.aliases = sorted(set(row.aliases or []) | set(ent.aliases) | (
        {ent.name} if ent.name != row.name else set()))
    row.country = row.country or ent.country
    row.sector = row.sector or ent.sector
    row.code = row.code or ent.code
    if len(ent.name) > len(row.name) and ent.name.lower().endswith(row.name.lower()):
        row.name = ent.name  # prefer the fuller form of a name
    return row


def save_annotations(session: Session, row: ArticleRow, *, timexes: list[Timex],
                     entities: list[Entity], quotes: list[Quote], events: list[Event],
                     nlp_version: str) -> None:
    """Replace an article's annotations with these (all in the caller's transaction)."""
    for coll in (row.timexes, row.mentions, row.quotes, row.events):
        coll.clear()
    session.flush()
    for t in timexes:
        row.timexes.append(TimexRow(start=t.start, end=t.end, text=t.text, type=t.type,
                                    value=t.value, mod=t.mod))
    keys: dict[str, int] = {}
    for ent in entities:
        erow = upsert_entity(session, ent)
        keys[ent.key] = erow.id
        for m in ent.mentions:
            row.mentions.append(MentionRow(entity_id=erow.id, start=m.start, end=m.end,
                                           text=m.text, label=m.label, kind=m.kind))
        for role in ent.roles:
            session.add(RoleRow(entity_id=erow.id, article_id=row.id, title=role.title,
                                country=role.country, sector=role.sector,
                                as_of=(role.as_of.isoformat() if role.as_of else row.published)))
    for q in quotes:
        row.quotes.append(QuoteRow(
            start=q.start, end=q.end, text=q.text, kind=q.kind,
            cue_start=q.cue.start if q.cue else None, cue_end=q.cue.end if q.cue else None,
            cue_text=q.cue.text if q.cue else None,
            speaker_start=q.speaker.start if q.speaker else None,
            speaker_end=q.speaker.end if q.speaker else None,
            speaker_text=q.speaker.text if q.speaker else None,
            speaker_name=q.speaker_name, speaker_entity_id=keys.get(q.speaker_key or ""),
            anonymous=q.anonymous, said_on=q.said_on))
    for e in events:
        row.events.append(EventRow(
            type=e.type, mode=e.mode, trigger_start=e.trigger.start, trigger_end=e.trigger.end,
            trigger_text=e.trigger.text, sentence_start=e.sentence.start,
            sentence_end=e.sentence.end, actors=e.actors, recipients=e.recipients,
            actor_spans=[s.model_dump() for s in e.actor_spans],
            recipient_spans=[s.model_dump() for s in e.recipient_spans],
            date=e.date, location=e.location, status=e.status, source=e.source))
    row.nlp_version = nlp_version


def counts(session: Session) -> dict[str, int]:
    out = {}
    for name, model in (("articles", ArticleRow), ("entities", EntityRow),
                        ("mentions", MentionRow), ("quotes", QuoteRow), ("timexes", TimexRow),
                        ("events", EventRow)):
        out[name] = session.scalar(select(func.count()).select_from(model)) or 0
    out["near_duplicates"] = session.scalar(select(func.count()).select_from(ArticleRow).where(
        ArticleRow.duplicate_of.is_not(None))) or 0
    return out
