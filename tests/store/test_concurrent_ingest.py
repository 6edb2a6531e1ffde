"""Two writers on one database (a SQLite file, a PostgreSQL database): an article the other stored
meanwhile is a duplicate (never an IntegrityError), a near-copy of what the other stored is linked to
it, and two processes ingesting the same folder store each article once."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from parley.ingest import dedup
from parley.service import Service

STORY = ("FICTIONAL. The river commission of the two invented states met in the border town of Arnholt on "
         "Tuesday and agreed a new schedule of water checks at the three dams, officials said. The envoys "
         "will meet again next month to review the first figures, and the commission will publish them "
         "weekly from now on, a spokeswoman for the commission said after the talks. ")


def story(n: int) -> str:
    return f"Report {n}: " + STORY * 3 + f"Filed as item {n}.\n"


def interleave(first: Service, before_write: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    """Run ``before_write()`` once, while ``first`` is between its duplicate check and its write
    (``dedup.minhash`` is called there)."""
    real = dedup.minhash
    done: list[bool] = []

    def hooked(text: str) -> Any:
        if not done:
            done.append(True)
            before_write()
        return real(text)

    monkeypatch.setattr(dedup, "minhash", hooked)


def test_the_same_article_stored_by_another_writer_is_a_duplicate(db_url: str, tmp_path: Path,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    db = db_url
    doc = tmp_path / "a.txt"
    doc.write_text(story(1), encoding="utf-8")
    a, b = Service(db=db), Service(db=db)
    other: list[Any] = []
    interleave(a, lambda: other.append(b.ingest([str(doc)], use_nlp=False)), monkeypatch)
    mine = a.ingest([str(doc)], use_nlp=False)
    assert other[0].ok == 1
    assert (mine.ok, mine.duplicate, mine.failed) == (0, 1, 0), mine
    assert a.stats()["articles"] == 1
    a.close()
    b.close()


def test_a_unique_violation_at_commit_counts_as_a_duplicate(db_url: str, tmp_path: Path,
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    """Where the write lock cannot keep the other writer out (another engine), the unique index on
    the content hash still can: its IntegrityError is a duplicate, and the run goes on."""
    from parley.store import repo

    db = db_url
    docs = [tmp_path / "a.txt", tmp_path / "b.txt"]
    for n, path in enumerate(docs):
        path.write_text(story(n), encoding="utf-8")
    a, b = Service(db=db), Service(db=db)
    other: list[Any] = []
    monkeypatch.setattr(repo, "lock_for_write", lambda session: None)
    real_exists = repo.hash_exists
    calls: list[int] = []

    def exists_but_let_the_other_in_first(session: Any, content_hash: str) -> int | None:
        calls.append(1)
        if len(calls) == 2:  # a's check inside its write transaction: b stores the same text now
            other.append(b.ingest([str(docs[0])], use_nlp=False))
            return None
        return real_exists(session, content_hash)

    monkeypatch.setattr(repo, "hash_exists", exists_but_let_the_other_in_first)
    mine = a.ingest([str(p) for p in docs], use_nlp=False)
    assert other[0].ok == 1
    assert (mine.ok, mine.duplicate, mine.failed) == (1, 1, 0), mine.errors
    a.close()
    b.close()


def test_near_copies_stored_by_another_writer_are_linked(db_url: str, tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    db = db_url
    original, copy = tmp_path / "original.txt", tmp_path / "copy.txt"
    original.write_text(story(7), encoding="utf-8")
    copy.write_text(story(7).replace("Filed as item 7.", "Filed as item 7, with a wire credit."), encoding="utf-8")
    a, b = Service(db=db), Service(db=db)
    other: list[Any] = []
    interleave(a, lambda: other.append(b.ingest([str(original)], use_nlp=False)), monkeypatch)
    mine = a.ingest([str(copy)], use_nlp=False)  # a's index of first copies was read before b stored
    assert other[0].ok == 1 and mine.ok == 1 and mine.near_duplicate == 1
    assert a.article(mine.ids[0])["duplicate_of"] == other[0].ids[0]
    a.close()
    b.close()


def test_two_ingest_processes_on_one_database(db_url: str, tmp_path: Path) -> None:
    """Both processes create the schema of a new database (PostgreSQL: under the migration lock) and
    ingest overlapping inputs: each article is stored once, the rest are duplicates, none fails."""
    folder = tmp_path / "news"
    folder.mkdir()
    for n in range(12):
        (folder / f"story{n:02d}.txt").write_text(story(n), encoding="utf-8")
    (folder / "copy-of-story03.txt").write_text(story(3), encoding="utf-8")  # overlaps within a run too
    cmd = [sys.executable, "-m", "parley.cli", "--db", db_url, "ingest", str(folder), "--no-nlp", "--json"]
    if not db_url.startswith("postgresql"):  # SQLite: the schema first (two migrating writers would wait)
        from parley.store.engine import open_store

        open_store(db_url).close()
    procs = [subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for _ in range(2)]
    outs = [p.communicate(timeout=120) for p in procs]
    for p, (_stdout, stderr) in zip(procs, outs, strict=True):
        assert p.returncode == 0, stderr[-2000:]
    summaries = [json.loads(stdout) for stdout, _ in outs]
    assert sum(s["ok"] for s in summaries) == 12
    assert sum(s["ok"] + s["duplicate"] for s in summaries) == 26
    assert all(s["failed"] == 0 for s in summaries)
    svc = Service(db=db_url)
    assert svc.stats()["articles"] == 12
    assert svc.search("commission")["count"] == 12  # each once in the search index
    svc.close()
