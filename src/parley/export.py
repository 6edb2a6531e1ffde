"""Exports of stored articles. ``plover_records``: one PLOVER-style JSON record per event."""

from __future__ import annotations

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
                "claimed_by": ev.get("source"),
                "source": {"article_id": art.get("id"), "url": art.get("url"), "title": art.get("title"),
                           "published": _iso(art.get("published")), "site": art.get("site")},
            }
