"""Reading and writing rows. Parameterised SQL only; each function takes an open Session."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Table, delete, func, insert, inspect, select, text, update
from sqlalchemy.orm import Session
from sqlalchemy.orm.util import identity_key

from parley.nlp.intervals import Intervals
from parley.records import Article, Entity, Event, Quote, Span, Timex
from parley.store.fts import MAX_TERMS, fts_query, fts_terms
from parley.store.tables import (
    ArticleRow,
    Base,
    EntityRow,
    EventEntityRow,
    EventRow,
    MentionRow,
    QuoteOverrideRow,
    QuoteRow,
    RoleRow,
    TimexRow,
)

__all__ = ["MAX_TERMS", "fts_query", "fts_terms"]  # the search helpers live in parley.store.fts


def article_row(article: Article, *, item: str, kind: str, minhash: bytes | None,
                duplicate_of: int | None, similarity: float | None, nlp_version: str | None = None) -> ArticleRow:
    """A new article's row; ``nlp_version``: that of the annotations stored with it in the same
    transaction (set here, the row is not updated again, which on PostgreSQL would recompute its
    ``fts`` column)."""
    return ArticleRow(
        text=article.text, title=article.title, url=article.url, site=article.site,
        source=article.source, item=item, kind=kind, authors=list(article.authors),
        published=article.published.isoformat() if article.published else None,
        published_source=article.published_source,
        published_confidence=article.published_confidence, language=article.language,
        content_hash=article.content_hash, minhash=minhash, duplicate_of=duplicate_of,
        similarity=similarity, nlp_version=nlp_version,
    )


def article_ids(session: Session) -> list[int]:
    return list(session.scalars(select(ArticleRow.id).order_by(ArticleRow.id)))


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


CHUNK = 500  # keys per ``IN (...)``: well under every engine's limit on bound parameters
_MERGED = ("name", "country", "sector", "code", "aliases")  # what a later mention of an entity may change


def _table(model: type[Base]) -> Table:
    """The Core table of a mapped class, for statements that bypass the ORM's unit of work."""
    return Base.metadata.tables[model.__tablename__]


def _merge_entity(cur: dict[str, Any], ent: Entity) -> None:
    """Merge ``ent`` into a stored entity's fields: aliases and missing codes are added, and a fuller
    form of the name replaces the stored one."""
    cur["aliases"] = sorted(set(cur["aliases"] or []) | set(ent.aliases) | (
        {ent.name} if ent.name != cur["name"] else set()))
    cur["country"] = cur["country"] or ent.country
    cur["sector"] = cur["sector"] or ent.sector
    cur["code"] = cur["code"] or ent.code
    if len(ent.name) > len(cur["name"]) and ent.name.lower().endswith(cur["name"].lower()):
        cur["name"] = ent.name  # prefer the fuller form of a name


def upsert_entities(session: Session, entities: list[Entity]) -> dict[str, int]:
    """The entity id of each key: one row per real-world entity key. The stored ones are read in one
    query and the merged changes written in one statement; the new ones are inserted at once, in
    their order here (so ids follow it). Call it holding the write lock (:func:`lock_for_write`)."""
    table = _table(EntityRow)
    stored = _entities_by_key(session, list(dict.fromkeys(e.key for e in entities)))
    before = {k: dict(v) for k, v in stored.items()}
    new: dict[str, dict[str, Any]] = {}
    for ent in entities:
        cur = stored.get(ent.key) or new.get(ent.key)
        if cur is None:
            new[ent.key] = {"key": ent.key, "name": ent.name, "type": ent.type, "country": ent.country,
                            "sector": ent.sector, "code": ent.code, "aliases": sorted(set(ent.aliases))}
        else:
            _merge_entity(cur, ent)
    changed = [{"id": v["id"]} | {c: v[c] for c in _MERGED} for k, v in stored.items() if v != before[k]]
    if changed:
        session.execute(update(EntityRow), changed)  # by primary key, one executemany
        for r in changed:  # a row loaded earlier in this session is stale now
            obj = session.identity_map.get(identity_key(EntityRow, r["id"]))
            if obj is not None:
                session.expire(obj)
    out = {k: v["id"] for k, v in stored.items()}
    if new:  # one executemany (with RETURNING, SQLite would insert row by row), then their ids by key
        session.execute(insert(table), list(new.values()))
        out.update((k, v["id"]) for k, v in _entities_by_key(session, list(new)).items())
    return out


def _entities_by_key(session: Session, keys: list[str]) -> dict[str, dict[str, Any]]:
    """The id and the mergeable fields of the stored entities with these keys, by key."""
    table = _table(EntityRow)
    out: dict[str, dict[str, Any]] = {}
    for i in range(0, len(keys), CHUNK):
        found = session.execute(select(table.c.id, table.c.key, *(table.c[c] for c in _MERGED))
                                .where(table.c.key.in_(keys[i:i + CHUNK])))
        out.update((r.key, dict(r._mapping)) for r in found)
    return out


def _quote_values(q: Quote, article_id: int, keys: dict[str, int]) -> dict[str, Any]:
    return {"article_id": article_id, "start": q.start, "end": q.end, "text": q.text, "kind": q.kind,
            "cue_start": q.cue.start if q.cue else None, "cue_end": q.cue.end if q.cue else None,
            "cue_text": q.cue.text if q.cue else None,
            "speaker_start": q.speaker.start if q.speaker else None,
            "speaker_end": q.speaker.end if q.speaker else None,
            "speaker_text": q.speaker.text if q.speaker else None,
            "speaker_name": q.speaker_name, "speaker_entity_id": keys.get(q.speaker_key or ""),
            "anonymous": q.anonymous, "said_on": q.said_on, "confidence": q.confidence,
            "resolved_by": q.resolved_by}


def _event_values(e: Event, article_id: int) -> dict[str, Any]:
    return {"article_id": article_id, "type": e.type, "mode": e.mode, "trigger_start": e.trigger.start,
            "trigger_end": e.trigger.end, "trigger_text": e.trigger.text, "sentence_start": e.sentence.start,
            "sentence_end": e.sentence.end, "actors": e.actors, "recipients": e.recipients,
            "actor_spans": [s.model_dump() for s in e.actor_spans],
            "recipient_spans": [s.model_dump() for s in e.recipient_spans],
            "date": e.date, "location": e.location, "status": e.status, "source": e.source,
            "confidence": e.confidence, "date_source": e.date_source}


def _insert(session: Session, model: type[Base], rows: list[dict[str, Any]]) -> None:
    if rows:
        session.execute(insert(_table(model)), rows)  # one executemany


def _clear_annotations(session: Session, row: ArticleRow) -> None:
    """Delete an article's timexes, mentions, quotes, events and their entities, and the roles read
    from its text (the roles of the actor data, with no article, stay)."""
    session.execute(delete(EventEntityRow).where(EventEntityRow.article_id == row.id))
    for model in (EventRow, QuoteRow, MentionRow, TimexRow, RoleRow):
        table = _table(model)
        session.execute(delete(table).where(table.c.article_id == row.id))


def save_annotations(session: Session, row: ArticleRow, *, timexes: list[Timex],
                     entities: list[Entity], quotes: list[Quote], events: list[Event],
                     nlp_version: str, new: bool = False) -> list[QuoteOverrideRow]:
    """Replace an article's annotations with these (all in the caller's transaction), apply the
    corrections stored for its text, and return those that no longer find their quote. ``new``: the
    row was inserted in this transaction, so it has no annotations to replace.

    Each table is written with one multi-row statement (the entities with one lookup and at most one
    insert and one update), in the order given, so ids follow the records' order."""
    session.flush()  # the row has its id
    if not new:
        _clear_annotations(session, row)
    aid = row.id
    _insert(session, TimexRow, [{"article_id": aid, "start": t.start, "end": t.end, "text": t.text,
                                 "type": t.type, "value": t.value, "mod": t.mod} for t in timexes])
    keys = upsert_entities(session, entities)
    _insert(session, MentionRow, [{"article_id": aid, "entity_id": keys[ent.key], "start": m.start, "end": m.end,
                                   "text": m.text, "label": m.label, "kind": m.kind}
                                  for ent in entities for m in ent.mentions])
    _insert(session, RoleRow, [{"entity_id": keys[ent.key], "article_id": aid, "title": role.title,
                                "country": role.country, "sector": role.sector,
                                "as_of": role.as_of.isoformat() if role.as_of else row.published}
                               for ent in entities for role in ent.roles])
    kept, orphans = _apply_to_new(overrides(session, row.content_hash),
                                  [_quote_values(q, aid, keys) for q in quotes])
    _insert(session, QuoteRow, kept)
    linker = SideLinker([(m.start, m.end, keys[ent.key], ent.type if m.kind != "pronoun" else "")
                         for ent in entities for m in ent.mentions])
    links = [linker.links(e) for e in events]
    values = [_event_values(e, aid) for e in events]
    if any(links):
        table = _table(EventRow)
        ids = session.execute(insert(table).returning(table.c.id, sort_by_parameter_order=True), values).scalars()
        _insert(session, EventEntityRow, [{"event_id": ev, "article_id": aid, "entity_id": ent, "role": role}
                                          for ev, found in zip(ids, links, strict=True) for ent, role in found])
    else:
        _insert(session, EventRow, values)
    session.expire(row, ["timexes", "mentions", "quotes", "events"])  # written past the ORM: read again
    row.nlp_version = nlp_version
    return orphans


# -- events' sides as entities ------------------------------------------------------------------
# Where a noun phrase's head ends: before a preposition, a comma or a relative pronoun ("the president
# of France", "Dorokhin, who...").
_HEAD_END = re.compile(r",|\s(?:of|to|for|in|at|on|with|from|by|over|against|who|which|that|whose)\s", re.I)
_WORD = re.compile(r"[\w'’.-]+")
PLACE_TYPES = {"GPE", "NORP", "LOC"}  # entities a modifier may stand for: "the Russian side", "Israeli forces"


@dataclass
class SideLinker:
    """An event's actor and recipient spans as the article's entities, through the mentions they overlap
    (a name, a title or a resolved pronoun). A span takes the entity of the mention over its head word
    ("Russian Foreign Minister Pavel Dorokhin" is Dorokhin); else a country or people named before its head
    ("the Ukrainian delegation" is Ukraine); never a person named only as a modifier ("Dorokhin's ministry"),
    a possessive pronoun ("its allies") or a name after the head ("an offer to Ukraine")."""

    mentions: list[tuple[int, int, int, str]]  # (start, end, entity id, entity type; "" for a pronoun)

    def __post_init__(self) -> None:
        self._index = Intervals((m[0], m[1]) for m in self.mentions)  # looked up by position, not scanned

    def links(self, event: Event) -> list[tuple[int, str]]:
        """``(entity id, role)`` of each side of ``event`` that resolves, each pair once."""
        out: list[tuple[int, str]] = []
        for role, spans in (("actor", event.actor_spans), ("recipient", event.recipient_spans)):
            for span in spans:
                ent = self.entity(span)
                if ent is not None and (ent, role) not in out:
                    out.append((ent, role))
        return out

    def entity(self, span: Span) -> int | None:
        cut = _HEAD_END.search(span.text)
        pre_end = span.start + (cut.start() if cut else len(span.text))
        words = list(_WORD.finditer(span.text[:pre_end - span.start]))
        if not words:
            return None
        head = (span.start + words[-1].start(), span.start + words[-1].end())
        near = [self.mentions[i] for i in self._index.near(min(span.start, head[0]), head[1] + 1)]
        over = [m for m in near if m[0] < head[1] and head[0] < m[1]]
        if over:  # the mention over the head word; the widest overlap with the span wins
            return max(over, key=lambda m: (min(m[1], span.end) - max(m[0], span.start), -m[0]))[2]
        before = [m for m in near if span.start <= m[0] and m[1] <= head[0] and m[3] in PLACE_TYPES]
        return before[-1][2] if before else None


# -- corrections ----------------------------------------------------------------------------------
CORRECTED = "correction"  # ``resolved_by`` of a quote whose speaker a user set


def find_entity(session: Session, name: str, article_id: int | None = None) -> int | None:
    """The entity a corrected speaker's name stands for: one the article mentions under that name or
    alias, else the one stored under that exact name; None when no entity or several match."""
    want = " ".join(name.split()).lower()
    if not want:
        return None
    cands = session.scalars(select(EntityRow).where(func.lower(EntityRow.name) == want)).all()
    if article_id is not None:
        in_article = select(MentionRow.entity_id).where(MentionRow.article_id == article_id)
        local = [e for e in session.scalars(select(EntityRow).where(EntityRow.id.in_(in_article)))
                 if want == e.name.lower() or want in {a.lower() for a in e.aliases or []}]
        if len(local) == 1:
            return local[0].id
    return cands[0].id if len(cands) == 1 else None


def save_override(session: Session, row: ArticleRow, quote: QuoteRow, *, action: str,
                  speaker_name: str | None, note: str | None, author: str | None) -> QuoteOverrideRow:
    """Store a user's correction of ``quote`` (a new speaker, or ``not_quote``), keyed by the article's
    content hash and the quote's offsets, replacing an earlier one on the same quote, and apply it."""
    over = session.scalar(select(QuoteOverrideRow).where(
        QuoteOverrideRow.content_hash == row.content_hash, QuoteOverrideRow.start == quote.start,
        QuoteOverrideRow.end == quote.end))
    if over is None:
        over = QuoteOverrideRow(content_hash=row.content_hash, start=quote.start, end=quote.end)
        session.add(over)
    over.quote_text = quote.text
    over.action = action
    over.speaker_name = speaker_name if action == "speaker" else None
    over.speaker_entity_id = find_entity(session, speaker_name, row.id) if action == "speaker" and speaker_name \
        else None
    over.note, over.author = note, author
    over.created_at = datetime.utcnow()
    over.status = "applied"
    session.flush()
    apply_overrides(session, row)
    return over


def overrides(session: Session, content_hash: str) -> list[QuoteOverrideRow]:
    return list(session.scalars(select(QuoteOverrideRow).where(QuoteOverrideRow.content_hash == content_hash)
                                .order_by(QuoteOverrideRow.start, QuoteOverrideRow.id)))


def apply_overrides(session: Session, row: ArticleRow) -> list[QuoteOverrideRow]:
    """Apply the corrections stored for this article's text to its quotes: a quote at an override's
    offsets takes the corrected speaker, or is dropped when it is no quote. An override that finds no
    quote there is kept with ``status='orphaned'`` (and applied again should one come back); the
    orphans are returned. A stored quote that changes is replaced, so the search index follows."""
    found = overrides(session, row.content_hash)
    if not found:
        return []
    orphans: list[QuoteOverrideRow] = []
    for over, quote in _matched(found, {(q.start, q.end): q for q in row.quotes}, orphans):
        if over.action == "not_quote":
            row.quotes.remove(quote)
            continue
        fields = _corrected(over)
        if all(getattr(quote, k) == v for k, v in fields.items()):
            continue
        if inspect(quote).persistent:  # stored already: replace the row (the FTS index has no update trigger)
            row.quotes.remove(quote)
            session.flush()
            quote = _copy_quote(quote)
            row.quotes.append(quote)
        for k, v in fields.items():
            setattr(quote, k, v)
    session.flush()
    return orphans


def _matched(found: list[QuoteOverrideRow], by_span: dict[tuple[int, int], Any], orphans: list[QuoteOverrideRow]
             ) -> Iterator[tuple[QuoteOverrideRow, Any]]:
    """Each correction with the quote at its offsets, marked applied; one that finds no quote there
    is marked orphaned and added to ``orphans``."""
    for over in found:
        quote = by_span.get((over.start, over.end))
        if quote is None:
            over.status = "orphaned"
            orphans.append(over)
            continue
        over.status = "applied"
        yield over, quote


def _corrected(over: QuoteOverrideRow) -> dict[str, Any]:
    """The fields a correction of the speaker sets on its quote."""
    # the mention the pipeline took for the speaker no longer stands for them: no speaker span
    return {"speaker_name": over.speaker_name, "speaker_entity_id": over.speaker_entity_id,
            "resolved_by": CORRECTED, "confidence": 1.0, "anonymous": False, "speaker_start": None,
            "speaker_end": None, "speaker_text": None}


def _apply_to_new(found: list[QuoteOverrideRow], quotes: list[dict[str, Any]]
                  ) -> tuple[list[dict[str, Any]], list[QuoteOverrideRow]]:
    """:func:`apply_overrides` on quotes not stored yet (the columns of each): those to store, and the
    corrections that find no quote."""
    if not found:
        return quotes, []
    dropped: set[int] = set()
    orphans: list[QuoteOverrideRow] = []
    for over, quote in _matched(found, {(q["start"], q["end"]): q for q in quotes}, orphans):
        if over.action == "not_quote":
            dropped.add(id(quote))
        else:
            quote.update(_corrected(over))
    return [q for q in quotes if id(q) not in dropped], orphans


def _copy_quote(q: QuoteRow) -> QuoteRow:
    cols = [c.key for c in QuoteRow.__table__.columns if c.key not in ("id", "article_id")]
    return QuoteRow(**{c: getattr(q, c) for c in cols})


def counts(session: Session) -> dict[str, int]:
    out = {}
    for name, model in (("articles", ArticleRow), ("entities", EntityRow),
                        ("mentions", MentionRow), ("quotes", QuoteRow), ("timexes", TimexRow),
                        ("events", EventRow)):
        out[name] = session.scalar(select(func.count()).select_from(model)) or 0
    out["near_duplicates"] = session.scalar(select(func.count()).select_from(ArticleRow).where(
        ArticleRow.duplicate_of.is_not(None))) or 0
    return out
