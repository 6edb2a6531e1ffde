"""PLOVER export records from stored article dicts; flat rows as CSV, JSON lines and Parquet."""

from __future__ import annotations

import csv
import io
import json
from datetime import date
from pathlib import Path

import pytest

from parley.export import COLUMNS, csv_cell, csv_chunks, jsonl_chunks, names, plover_records, write_parquet

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
    sure = list(plover_records([article([event(confidence=0.42, date_source="publication")])]))[0]
    assert (sure["confidence"], sure["date_source"]) == (0.42, "publication")


def test_unresolved_actor_text_and_claimed_source_pass_through() -> None:
    ev = event(actors=["European allies"], status="claimed", source="Maria Zakharova")
    (r,) = plover_records([article([ev])])
    assert r["actor"] == ["European allies"] and r["claimed_by"] == "Maria Zakharova"


def test_articles_without_events_or_bad_offsets() -> None:
    assert list(plover_records([article([]), {"id": 1, "text": "x"}])) == []
    (r,) = plover_records([article([event(sentence_start=None, sentence_end=None)])])
    assert r["text"] == "agreed"


def test_flat_rows_as_csv_jsonl_and_parquet(tmp_path: Path) -> None:
    rows = [{"id": i, "actors": ["RUS", "UKR"], "start": 3, "end": 9, "type": "AGREE", "timex": "2025-W22",
             "timex_text": "week of 26 May 2025", "url": None} for i in range(1203)]
    cols = names("events")
    text = "".join(csv_chunks(iter(rows), cols, every=500))
    read = list(csv.DictReader(io.StringIO(text)))
    assert len(read) == 1203 and list(read[0]) == cols
    assert read[0]["actors"] == "RUS; UKR" and read[0]["url"] == "" and read[0]["timex"] == "2025-W22"
    lines = "".join(jsonl_chunks(iter(rows), cols, every=500)).splitlines()
    assert len(lines) == 1203 and json.loads(lines[0])["actors"] == ["RUS", "UKR"]
    assert list(json.loads(lines[0])) == cols
    pq = pytest.importorskip("pyarrow.parquet")
    out = tmp_path / "e.parquet"
    assert write_parquet(iter(rows), "events", str(out), batch=500) == 1203
    table = pq.read_table(out)
    assert table.num_rows == 1203 and str(table.schema.field("actors").type) == "list<element: string>"
    assert table.column("start").to_pylist()[0] == 3
    empty = tmp_path / "none.parquet"
    assert write_parquet(iter([]), "quotes", str(empty)) == 0 and pq.read_table(empty).num_rows == 0


def test_csv_cells() -> None:
    assert [csv_cell(v) for v in (None, True, False, ["a", "b"], 3, "x")] == ["", "true", "false", "a; b", 3, "x"]
    assert all(kind in COLUMNS for kind in ("quotes", "events", "mentions", "entities", "articles"))
    for kind in ("quotes", "events", "mentions"):  # each row points at its evidence
        assert {"url", "published", "date", "start", "end"} <= set(names(kind))
