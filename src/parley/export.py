"""Exports. ``plover_records``: one PLOVER-style JSON record per event; flat rows of quotes, events,
entity mentions, entities and articles (:mod:`parley.store.rows`) as CSV, JSON lines or Parquet
(with pyarrow, when installed), the same columns in each (:data:`COLUMNS`)."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Iterator
from datetime import date, datetime
from typing import Any


def _iso(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, datetime | date):
        return value.isoformat()
    return str(value)


def _sentence(text: str, ev: dict[str, Any]) -> str:
    start, end = ev.get("sentence_start"), ev.get("sentence_end")
    if isinstance(start, int) and isinstance(end, int) and 0 <= start <= end <= len(text):
        return text[start:end].strip()
    return ev.get("trigger_text") or ""


def plover_records(articles: Iterable[dict[str, Any]]) -> Iterator[dict[str, Any]]:
    """PLOVER-style records (id, event_type, mode, actor, recipient, date, location, text, status,
    source, article url/title/published) from article dicts as ``Service.iter_articles()`` yields
    them. Articles without events give no records."""
    for art in articles:
        text = art.get("text") or ""
        for ev in art.get("events") or []:
            yield {
                "id": f"parley-{art.get('id')}-{ev.get('id')}",
                "event_type": ev.get("type"),
                "mode": ev.get("mode"),
                "actor": list(ev.get("actors") or []),
                "recipient": list(ev.get("recipients") or []),
                "date": _iso(ev.get("date")),
                "location": ev.get("location"),
                "text": _sentence(text, ev),
                "trigger": {"text": ev.get("trigger_text"), "start": ev.get("trigger_start"),
                            "end": ev.get("trigger_end")},
                "status": ev.get("status"),
                "confidence": ev.get("confidence"),
                "date_source": ev.get("date_source"),
                "claimed_by": ev.get("source"),
                "source": {"article_id": art.get("id"), "url": art.get("url"), "title": art.get("title"),
                           "published": _iso(art.get("published")), "site": art.get("site")},
            }


# -- flat rows: csv, jsonl, parquet -----------------------------------------------------------------
FORMATS = ("csv", "jsonl", "parquet")
_ART = [("article_id", "int"), ("url", "str"), ("title", "str"), ("source", "str"), ("published", "str")]
# kind -> (column, type): every row carries its article's URL and day and the offsets of its evidence
COLUMNS: dict[str, list[tuple[str, str]]] = {
    "quotes": [("id", "int"), *_ART, ("date", "str"), ("said_on", "str"), ("said_on_text", "str"),
               ("speaker", "str"), ("speaker_entity_id", "int"), ("anonymous", "bool"), ("kind", "str"),
               ("text", "str"), ("start", "int"), ("end", "int"), ("speaker_text", "str"), ("speaker_start", "int"),
               ("speaker_end", "int"), ("cue", "str"), ("cue_start", "int"), ("cue_end", "int"),
               ("confidence", "float"), ("resolved_by", "str")],
    "events": [("id", "int"), *_ART, ("date", "str"), ("timex", "str"), ("timex_text", "str"), ("type", "str"),
               ("group", "str"), ("status", "str"), ("mode", "str"), ("actors", "list"), ("recipients", "list"),
               ("location", "str"), ("claimed_by", "str"), ("trigger", "str"), ("start", "int"), ("end", "int"),
               ("sentence", "str"), ("sentence_start", "int"), ("sentence_end", "int"), ("confidence", "float"),
               ("date_source", "str"), ("actor_entity_ids", "list"), ("recipient_entity_ids", "list")],
    "mentions": [("id", "int"), ("entity_id", "int"), ("name", "str"), ("entity_type", "str"), ("code", "str"),
                 ("country", "str"), *_ART, ("date", "str"), ("text", "str"), ("label", "str"),
                 ("mention_kind", "str"), ("start", "int"), ("end", "int")],
    "entities": [("id", "int"), ("name", "str"), ("type", "str"), ("code", "str"), ("country", "str"),
                 ("sector", "str"), ("aliases", "list"), ("mentions", "int"), ("quotes", "int")],
    "articles": [("id", "int"), ("url", "str"), ("title", "str"), ("source", "str"), ("site", "str"),
                 ("date", "str"), ("published_source", "str"), ("language", "str"), ("duplicate_of", "int"),
                 ("start", "int"), ("end", "int"), ("quotes", "int"), ("events", "int"), ("mentions", "int")],
    # users' corrections of quotes: applied, or orphaned (re-processing found no quote at their offsets)
    "corrections": [("id", "int"), *_ART, ("start", "int"), ("end", "int"), ("quote_text", "str"), ("action", "str"),
                    ("speaker", "str"), ("speaker_entity_id", "int"), ("note", "str"), ("author", "str"),
                    ("created_at", "str"), ("status", "str")],
}


class NeedsPyarrow(RuntimeError):
    """Parquet was asked for without pyarrow installed."""

    def __init__(self) -> None:
        super().__init__("parquet needs pyarrow: pip install pyarrow (or pip install 'parley[parquet]')")


def names(kind: str) -> list[str]:
    return [name for name, _type in COLUMNS[kind]]


def csv_cell(value: Any) -> Any:
    """A value as a CSV cell: lists joined with "; ", booleans as true/false, None as empty."""
    if isinstance(value, list | tuple):
        return "; ".join(str(v) for v in value)
    if isinstance(value, bool):
        return "true" if value else "false"
    return "" if value is None else value


def csv_chunks(rows: Iterable[dict[str, Any]], columns: list[str], *, every: int = 500) -> Iterator[str]:
    """CSV text (header first) in chunks of ``every`` rows, for streaming."""
    buf = io.StringIO()
    writer = csv.writer(buf)
    writer.writerow(columns)
    for i, row in enumerate(rows, 1):
        writer.writerow([csv_cell(row.get(c)) for c in columns])
        if i % every == 0:
            yield buf.getvalue()
            buf.seek(0)
            buf.truncate()
    yield buf.getvalue()


def jsonl_chunks(rows: Iterable[dict[str, Any]], columns: list[str], *, every: int = 500) -> Iterator[str]:
    """One JSON object per line, in the columns' order, in chunks of ``every`` rows."""
    lines: list[str] = []
    for row in rows:
        lines.append(json.dumps({c: row.get(c) for c in columns}, ensure_ascii=False, default=str))
        if len(lines) == every:
            yield "\n".join(lines) + "\n"
            lines = []
    if lines:
        yield "\n".join(lines) + "\n"


def write_parquet(rows: Iterable[dict[str, Any]], kind: str, target: Any, *, batch: int = 5000) -> int:
    """Rows of ``kind`` to a Parquet file (a path or a binary file), in row groups of ``batch``;
    returns how many were written. :class:`NeedsPyarrow` without pyarrow."""
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError:
        raise NeedsPyarrow() from None
    types = {"int": pa.int64(), "str": pa.string(), "bool": pa.bool_(), "list": pa.list_(pa.string()),
             "float": pa.float64()}
    schema = pa.schema([(name, types[t]) for name, t in COLUMNS[kind]])
    n = 0
    with pq.ParquetWriter(target, schema) as writer:
        chunk: list[dict[str, Any]] = []
        for row in rows:
            chunk.append(row)
            if len(chunk) == batch:
                writer.write_table(pa.Table.from_pylist(chunk, schema=schema))
                n, chunk = n + len(chunk), []
        if chunk or not n:
            writer.write_table(pa.Table.from_pylist(chunk, schema=schema))
            n += len(chunk)
    return n


# -- what the web lists add: search hits, the chronology, the network's links -----------------------
COLUMNS |= {
    "search": [("kind", "str"), ("id", "int"), ("article_id", "int"), ("url", "str"), ("title", "str"),
               ("source", "str"), ("published", "str"), ("speaker", "str"), ("said_on", "str"),
               ("said_on_text", "str"), ("text", "str"), ("start", "int"), ("end", "int")],
    "chronology": [("day", "str"), ("kind", "str"), ("id", "int"), ("article_id", "int"), ("url", "str"),
                   ("title", "str"), ("source", "str"), ("published", "str"), ("timex", "str"),
                   ("timex_text", "str"), ("dated_by", "str"), ("type", "str"), ("status", "str"),
                   ("actors", "list"), ("recipients", "list"), ("speaker", "str"), ("text", "str"),
                   ("start", "int"), ("end", "int"), ("sentence", "str"), ("sentence_start", "int"),
                   ("sentence_end", "int"), ("confidence", "float"), ("date_source", "str"), ("resolved_by", "str")],
    "network": [("source", "str"), ("source_name", "str"), ("target", "str"), ("target_name", "str"),
                ("type", "str"), ("group", "str"), ("count", "int")],
}


def search_row(kind: str, hit: dict[str, Any]) -> dict[str, Any]:
    """A search hit as a flat row (an article's text is its snippet; a quote's, the whole quote)."""
    from parley.dates import readable

    if kind == "article":
        return {"kind": kind, "id": hit["id"], "article_id": hit["id"], "url": hit.get("url"),
                "title": hit.get("title"), "source": hit.get("source"), "published": hit.get("published"),
                "text": hit.get("snippet")}
    return {"kind": kind, "id": hit["id"], "article_id": hit["article_id"], "url": hit.get("url"),
            "title": hit.get("article_title"), "published": hit.get("published"),
            "speaker": hit.get("speaker_name") or hit.get("speaker_text"), "said_on": hit.get("said_on"),
            "said_on_text": readable(hit.get("said_on")), "text": hit.get("text"), "start": hit.get("start"),
            "end": hit.get("end")}
