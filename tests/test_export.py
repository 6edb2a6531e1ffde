"""PLOVER export records from stored article dicts."""

from __future__ import annotations

from datetime import date

from parley.export import plover_records

TEXT = "Intro line.\nMoscow and Kiev agreed to exchange prisoners of war.\n"


def article(events: list[dict]) -> dict:
    return {"id": 7, "title": "Talks", "url": "https://example.org/a", "site": "example.org",
            "published": date(2025, 5, 28), "text": TEXT, "events": events}


def event(**kw: object) -> dict:
    s = TEXT.index("Moscow")
    base = {"id": 3, "type": "AGREE", "mode": "prisoner exchange", "trigger_start": TEXT.index("agreed"),
            "trigger_end": TEXT.index("agreed") + 6, "trigger_text": "agreed", "sentence_start": s,
            "sentence_end": TEXT.index(".\n", s) + 1, "actors": ["RUS", "UKR"], "recipients": [],
            "date": "2025-05-28", "location": None, "status": "occurred", "source": None}
    return base | kw


def test_one_record_per_event_with_provenance() -> None:
    recs = list(plover_records([article([event(), event(id=4, type="CONSULT", status="planned")])]))
    assert len(recs) == 2
    r = recs[0]
    assert r["id"] == "parley-7-3"
    assert r["event_type"] == "AGREE" and r["mode"] == "prisoner exchange"
    assert r["actor"] == ["RUS", "UKR"] and r["recipient"] == []
    assert r["date"] == "2025-05-28" and r["status"] == "occurred"
    assert r["text"] == "Moscow and Kiev agreed to exchange prisoners of war."
    assert r["source"] == {"article_id": 7, "url": "https://example.org/a", "title": "Talks",
                           "published": "2025-05-28", "site": "example.org"}
    assert recs[1]["status"] == "planned"


def test_unresolved_actor_text_and_claimed_source_pass_through() -> None:
    ev = event(actors=["European allies"], status="claimed", source="Maria Zakharova")
    (r,) = plover_records([article([ev])])
    assert r["actor"] == ["European allies"] and r["claimed_by"] == "Maria Zakharova"


def test_articles_without_events_or_bad_offsets() -> None:
    assert list(plover_records([article([]), {"id": 1, "text": "x"}])) == []
    (r,) = plover_records([article([event(sentence_start=None, sentence_end=None)])])
    assert r["text"] == "agreed"
