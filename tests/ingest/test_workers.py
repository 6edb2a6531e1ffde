"""Ingest with two worker processes stores exactly what one process stores, in the same order: the
same ids, texts, quotes, events, entities and dates."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from parley.config import Settings
from parley.service import Service, sample_sources

TABLES = {
    "articles": "select id, item, content_hash, text, published, published_source, duplicate_of from articles",
    "quotes": "select article_id, start, end, speaker_name, said_on from quotes",
    "events": "select article_id, type, trigger_start, trigger_end, actors, recipients, date from events",
    "mentions": "select article_id, start, end, label from mentions",
    "timexes": "select article_id, start, end, value from timexes",
}


def dump(db: Path) -> dict[str, list[tuple]]:
    con = sqlite3.connect(db)
    try:
        return {name: sorted(con.execute(sql).fetchall(), key=repr) for name, sql in TABLES.items()}
    finally:
        con.close()


def test_two_workers_store_what_one_stores(tmp_path: Path) -> None:
    sources = sorted(sample_sources())[:8]
    dbs = []
    for workers in (1, 2):
        db = tmp_path / f"w{workers}.db"
        svc = Service(db=str(db), settings=Settings())
        summary = svc.ingest(sources, use_nlp=True, workers=workers)
        svc.close()
        assert summary.ok >= 6 and not summary.failed, summary.errors
        dbs.append((summary, dump(db)))
    (one, first), (two, second) = dbs
    assert (one.ok, one.duplicate, one.near_duplicate, one.ids) == (two.ok, two.duplicate, two.near_duplicate, two.ids)
    assert first == second
    assert first["quotes"] and first["events"] and first["mentions"]


def test_a_worker_imports_no_database_layer() -> None:
    """An ingest worker imports parley.annotate, not the service: no SQLAlchemy, no web stack, no
    near-duplicate index, so each worker starts sooner."""
    import subprocess
    import sys

    code = ("import sys, parley.annotate; "
            "print(sorted(m for m in ('sqlalchemy', 'datasketch', 'fastapi', 'parley.service') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
