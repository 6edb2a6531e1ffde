"""One article and its annotations as rows of the Parquet tables (:mod:`parley.spark.schema`), and back.

Rows are tuples in the schema's column order; :func:`article_rows` and :func:`record_of` are each
other's inverse for what the store keeps.
"""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from parley.records import Article, Entity, Event, Mention, Quote, RawItem, Timex

MAX_ITEM = 1 << 32  # items per unit: ``seq`` is unit << 32 | item


def seq_of(unit: int, n: int) -> int:
    """The input order of the ``n``-th item (from 1) of the ``unit``-th file (from 0)."""
    return (unit << 32) | min(n, MAX_ITEM - 1)


def _f(x: float | None) -> float | None:
    return None if x is None else float(x)


def _span(span: Any) -> tuple[Any, Any, Any]:
    return (span.start, span.end, span.text) if span is not None else (None, None, None)


def _spans(spans: list[Any]) -> list[tuple[int, int, str]]:
    return [(s.start, s.end, s.text) for s in spans]


def article_rows(seq: int, raw: RawItem, article: Article, ann: dict[str, Any] | None,
                 warning: str | None, duplicates: list[str]) -> dict[str, list[tuple[Any, ...]]]:
    """Rows per table for one cleaned (and parsed) article."""
    a = article
    out: dict[str, list[tuple[Any, ...]]] = {name: [] for name in
                                             ("articles", "entities", "mentions", "quotes", "timexes", "events")}
    out["articles"].append((
        seq, raw.item, raw.origin, a.text, a.title, a.url, a.site, a.source, list(a.authors),
        a.published.isoformat() if a.published else None, a.published_source, _f(a.published_confidence),
        a.language, a.content_hash, ann["version"] if ann else None, warning, duplicates))
    if not ann:
        return out
    n_mention = 0
    for i, ent in enumerate(ann["entities"]):
        out["entities"].append((
            seq, i, ent.key, ent.name, ent.type, ent.country, ent.sector, ent.code, list(ent.aliases),
            [(r.title, r.country, r.sector, r.as_of.isoformat() if r.as_of else None) for r in ent.roles],
            ent.model_dump_json(exclude={"mentions"})))
        for m in ent.mentions:
            out["mentions"].append((seq, n_mention, i, m.entity_key, m.start, m.end, m.text, m.label, m.kind))
            n_mention += 1
    for i, q in enumerate(ann["quotes"]):
        out["quotes"].append((
            seq, i, q.start, q.end, q.text, q.kind, *_span(q.cue), *_span(q.speaker), q.speaker_key,
            q.speaker_name, q.anonymous, q.said_on, _f(q.confidence), q.resolved_by, q.model_dump_json()))
    for i, t in enumerate(ann["timexes"]):
        out["timexes"].append((seq, i, t.start, t.end, t.text, t.type, t.value, t.mod, t.model_dump_json()))
    for i, e in enumerate(ann["events"]):
        out["events"].append((
            seq, i, e.type, e.mode, *_span(e.trigger), e.sentence.start, e.sentence.end, list(e.actors),
            list(e.recipients), _spans(e.actor_spans), _spans(e.recipient_spans), e.date, e.location,
            e.status, e.source, _f(e.confidence), e.date_source, e.model_dump_json()))
    return out


def article_of(row: dict[str, Any]) -> tuple[RawItem, Article]:
    """The raw item (name and origin) and the article of an ``articles`` row."""
    raw = RawItem(item=row["item"], kind="text", data="", origin=row["origin"])
    fields = {k: row[k] for k in Article.model_fields if k in row and k != "published"}
    fields["authors"] = list(row.get("authors") or [])
    fields["published"] = date.fromisoformat(row["published"]) if row.get("published") else None
    return raw, Article(**fields)


def annotations_of(version: str, tables: dict[str, list[dict[str, Any]]]) -> dict[str, Any]:
    """The annotation dict :meth:`parley.annotate.Annotator.annotate` returns, from one article's rows
    (each table's rows in ``ord`` order)."""
    mentions: dict[int, list[Mention]] = {}
    for m in tables.get("mentions", []):
        mentions.setdefault(m["entity_ord"], []).append(Mention(
            start=m["start"], end=m["end"], text=m["text"], label=m["label"], kind=m["kind"],
            entity_key=m["entity_key"]))
    entities = [Entity.model_validate(json.loads(r["record"]) | {"mentions": mentions.get(r["ord"], [])})
                for r in tables.get("entities", [])]
    return {"version": version, "entities": entities,
            "quotes": [Quote.model_validate_json(r["record"]) for r in tables.get("quotes", [])],
            "timexes": [Timex.model_validate_json(r["record"]) for r in tables.get("timexes", [])],
            "events": [Event.model_validate_json(r["record"]) for r in tables.get("events", [])]}
