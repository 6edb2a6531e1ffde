"""The `parley` command end to end: exit codes, summaries, search, show, export, stats, --json."""

from __future__ import annotations

import csv
import io
import json
import os
import re
import sqlite3
from pathlib import Path

import pytest
from typer.testing import CliRunner

from parley.cli import app
from parley.config import shared_dir

SEED = str(shared_dir() / "seed" / "article.txt")
runner = CliRunner()


def run(db: Path, *args: str, stdin: str | None = None):  # noqa: ANN201
    return runner.invoke(app, ["--db", str(db), *args], input=stdin)


def test_ingest_search_show_export_stats(tmp_path: Path) -> None:
    db = tmp_path / "c.db"
    res = run(db, "ingest", SEED, "--no-nlp", "--published", "2025-05-28", "--source", "Seed")
    assert res.exit_code == 0, res.output
    assert "1 ok" in res.output and "0 failed" in res.output
    res = run(db, "ingest", SEED, "--no-nlp", "--json")
    assert res.exit_code == 0 and json.loads(res.stdout)["duplicate"] == 1

    res = run(db, "search", "Zakharova mediation", "--json")
    hits = json.loads(res.stdout)
    assert hits["count"] == 1 and "[Zakharova]" in hits["articles"][0]["snippet"]
    res = run(db, "search", "nothinglikethis")
    assert res.exit_code == 1

    res = run(db, "show", "1", "--json")
    art = json.loads(res.stdout)
    assert (art["published"], art["published_source"], art["source"]) == ("2025-05-28", "user", "Seed")
    assert run(db, "show", "99").exit_code == 1

    res = run(db, "export", "--format", "jsonl")
    rows = [json.loads(line) for line in res.stdout.splitlines()]
    assert len(rows) == 1 and rows[0]["text"].startswith("RUSSIA made an offer")
    out = tmp_path / "a.csv"
    assert run(db, "export", "--format", "csv", "-o", str(out)).exit_code == 0
    assert list(csv.DictReader(io.StringIO(out.read_text())))[0]["id"] == "1"
    assert run(db, "export", "--format", "xml").exit_code == 2

    res = run(db, "stats", "--json")
    assert json.loads(res.stdout)["articles"] == 1


def test_failed_items_give_exit_1_and_one_line_each(tmp_path: Path) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    res = run(tmp_path / "c.db", "ingest", str(empty), SEED, "--no-nlp")
    assert res.exit_code == 1
    assert f"failed {empty}: empty" in res.output
    assert "1 ok" in res.output and "1 failed" in res.output


def test_usage_errors_exit_2(tmp_path: Path) -> None:
    assert run(tmp_path / "c.db", "ingest").exit_code == 2
    assert run(tmp_path / "c.db", "ingest", SEED, "--published", "28/05/2025").exit_code == 2


def test_stdin_source(tmp_path: Path) -> None:
    story = ("FICTIONAL. The invented envoy said on Monday that the delegations would meet again "
             "in Vienna next week to finish the text of the accord.")
    res = run(tmp_path / "c.db", "ingest", "-", "--no-nlp", stdin=story)
    assert res.exit_code == 0 and "1 ok" in res.output


def test_extra_actor_lists(tmp_path: Path) -> None:
    story = tmp_path / "story.txt"
    story.write_text("Fictional sample. Tomas Verhoeven said on Monday that the talks would resume.\n",
                     encoding="utf-8")
    actors = tmp_path / "actors.yaml"
    actors.write_text("actors:\n  - {name: Tomas Verhoeven, type: PERSON, country: NLD, sector: GOV}\n",
                      encoding="utf-8")
    db = tmp_path / "a.db"
    res = run(db, "ingest", str(story), "--actors", str(actors), "--json")
    assert res.exit_code == 0, res.output
    with sqlite3.connect(db) as con:
        row = con.execute("SELECT type, country, code FROM entities WHERE name = ?", ("Tomas Verhoeven",)).fetchone()
    assert row == ("PERSON", "NLD", "NLDGOV")
    # an actor list that cannot be used stops the run before anything is stored: one line, exit 2
    bad = tmp_path / "bad.yaml"
    bad.write_text("actors: [unclosed\n", encoding="utf-8")
    for path, reason in ((tmp_path / "missing.yaml", "actor list not found"), (bad, "not a readable YAML")):
        res = run(tmp_path / "b.db", "ingest", str(story), "--actors", str(path))
        assert res.exit_code == 2 and reason in res.output and str(path.name) in res.output
    assert not (tmp_path / "b.db").exists() or run(tmp_path / "b.db", "show", "1").exit_code == 1


def test_skipped_items_are_named_one_line_each_and_in_json(tmp_path: Path) -> None:
    folder = tmp_path / "news"
    folder.mkdir()
    (folder / "README.md").write_text("How this folder was collected.\n", encoding="utf-8")
    (folder / "scan.pdf").write_bytes(b"%PDF-1.4 not an article")
    story = ("FICTIONAL. The invented harbour authority said on Monday that the ferry timetable would "
             "change next month after the repairs to the northern pier.")
    (folder / "story.txt").write_text(story, encoding="utf-8")
    res = run(tmp_path / "c.db", "ingest", str(folder), "--no-nlp")
    assert res.exit_code == 0, res.output
    assert f"skipped {folder / 'README.md'}: documentation file, not an article" in res.output
    assert f"skipped {folder / 'scan.pdf'}: unsupported file type .pdf" in res.output
    assert "1 ok" in res.output and "2 skipped" in res.output
    res = run(tmp_path / "d.db", "ingest", str(folder), "--no-nlp", "--json")
    summary = json.loads(res.stdout)
    assert summary["skipped"] == 2
    assert sorted(s["item"] for s in summary["skips"]) == [str(folder / "README.md"), str(folder / "scan.pdf")]
    assert all(s["reason"] for s in summary["skips"])


def test_serve_with_workers(tmp_path: Path) -> None:
    """``parley serve --workers 2``: uvicorn workers build the app from the environment and share
    one CSRF secret, so a token from one worker is good at the other."""
    import os
    import socket
    import subprocess
    import sys
    import time

    import httpx

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    db = tmp_path / "w.db"
    env = {k: v for k, v in os.environ.items() if k not in ("PARLEY_SECRET", "PARLEY_TOKEN", "PARLEY_DB")}
    env["PARLEY_NLP"] = "0"
    proc = subprocess.Popen([sys.executable, "-m", "parley.cli", "--db", str(db), "serve", "--workers", "2",
                             "--port", str(port)], env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            assert proc.poll() is None and time.monotonic() < deadline, "server did not start"
            try:
                if httpx.get(base + "/api/articles", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.2)
        token = httpx.get(base + "/api/csrf").json()["csrf_token"]
        for n in range(8):  # a new connection each time: either worker may answer
            body = {"text": f"FICTIONAL note {n}: the harbour office said the ferry would run late all week."}
            r = httpx.post(base + "/api/ingest", json=body, headers={"X-CSRF-Token": token},
                           cookies={"parley_csrf": token})
            assert r.status_code == 200, r.text
        assert httpx.get(base + "/api/articles").json()["count"] == 8
        assert httpx.head(base + "/").status_code == 200
    finally:
        proc.terminate()
        out, _ = proc.communicate(timeout=30)
    assert "2 workers" in out


def test_a_users_mistake_is_one_line_and_exit_2(tmp_path: Path) -> None:
    res = runner.invoke(app, ["--db", "/nonexistent/x.db", "stats"])
    assert res.exit_code == 2 and "Traceback" not in res.output
    assert res.output.strip() == ("error: cannot open the database /nonexistent/x.db: "
                                  "the folder /nonexistent does not exist")
    db = tmp_path / "c.db"
    assert run(db, "ingest", SEED, "--no-nlp").exit_code == 0
    for args, says in ((["export", "quotes", "-o", "/missing/dir/x.csv"], "the folder /missing/dir does not exist"),
                       (["export", "quotes", "--format", "parquet"], "give a file with -o"),
                       (["export", "tweets"], "unknown export 'tweets'"),
                       (["export", "--speaker", "Lavrov"], "need a kind"),
                       (["export", "quotes", "--since", "yesterday"], "not an ISO date"),
                       (["export", "entities", "--speaker", "x"], "cannot be filtered by speaker"),
                       (["search", "talks OR"], "OR needs a word")):
        res = run(db, *args)
        assert res.exit_code == 2 and "Traceback" not in res.output, (args, res.output)
        assert res.output.count("\n") == 1 and says in res.output, (args, res.output)


def test_help_reads_cleanly() -> None:
    for args in ([], ["ingest"], ["export"], ["search"], ["serve"], ["bench"]):
        res = runner.invoke(app, [*args, "--help"], env={"COLUMNS": "120"})
        assert res.exit_code == 0 and "Usage" in res.output
        assert not re.search(r"<(str|int|bool|path|float)[^>]*>", res.output), (args, res.output)
    assert "INTEGER" in runner.invoke(app, ["ingest", "--help"], env={"COLUMNS": "120"}).output


def test_ingest_names_each_id_and_json_lists_items(tmp_path: Path) -> None:
    folder = tmp_path / "news"
    folder.mkdir()
    for i in range(2):
        (folder / f"s{i}.txt").write_text(f"FICTIONAL. Story {i}: the harbour office said the ferry would run "
                                           f"late on {'Monday' if i else 'Friday'} after the storm.", encoding="utf-8")
    (folder / "empty.txt").write_bytes(b"")
    db = tmp_path / "c.db"
    res = run(db, "ingest", str(folder), "--no-nlp")
    assert res.exit_code == 1
    assert f"ok {folder / 's0.txt'}: stored as #1" in res.output
    assert f"ok {folder / 's1.txt'}: stored as #2" in res.output
    res = run(db, "ingest", str(folder / "s0.txt"), str(folder / "empty.txt"), "--no-nlp", "--json")
    out = json.loads(res.stdout)
    assert out["items"] == [{"item": str(folder / "s0.txt"), "status": "duplicate", "reason": "already stored"},
                            {"item": str(folder / "empty.txt"), "status": "failed", "reason": "empty"}]
    res = run(tmp_path / "d.db", "ingest", str(folder / "s1.txt"), "--no-nlp", "--json")
    assert json.loads(res.stdout)["items"] == [{"item": str(folder / "s1.txt"), "status": "ok", "id": 1}]


def test_ingest_workers_reach_the_service(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from parley.service import IngestSummary, Service

    seen: dict[str, object] = {}

    def ingest(self: Service, sources: list[str], *, workers: int | None = None, **kw: object) -> IngestSummary:
        seen["workers"] = workers
        return IngestSummary()

    monkeypatch.setattr(Service, "ingest", ingest)
    assert run(tmp_path / "c.db", "ingest", SEED, "--workers", "3").exit_code == 0 and seen["workers"] == 3
    assert run(tmp_path / "c.db", "ingest", SEED).exit_code == 0 and seen["workers"] is None
    second = tmp_path / "second.txt"
    second.write_text("FICTIONAL. The ferry ran late again on Monday, the harbour office said.", encoding="utf-8")
    # more than one file: one process per core by default (issue 19), as given otherwise
    assert run(tmp_path / "c.db", "ingest", SEED, str(second)).exit_code == 0 and seen["workers"] == os.cpu_count()
    assert run(tmp_path / "c.db", "ingest", SEED, str(second), "--workers", "1").exit_code == 0 \
        and seen["workers"] == 1
    assert run(tmp_path / "c.db", "ingest", SEED, "--workers", "0").exit_code == 2


def test_progress_bar_shows_rate_and_time_left(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from rich.console import Console

    from parley import cli

    screen = io.StringIO()
    monkeypatch.setattr(cli, "err", Console(file=screen, force_terminal=True, width=150))
    folder = tmp_path / "news"
    folder.mkdir()
    for i in range(3):
        (folder / f"s{i}.txt").write_text(f"FICTIONAL. Story {i}: the harbour office said the ferry timetable "
                                           "would change next month after repairs.", encoding="utf-8")
    assert run(tmp_path / "c.db", "ingest", str(folder), "--no-nlp").exit_code == 0
    drawn = re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", screen.getvalue())
    assert "ingest" in drawn and re.search(r"\d/3", drawn) and re.search(r"(–|[\d.]+)/s", drawn)
    assert re.search(r"\d+:\d\d:\d\d", drawn)  # time left and time elapsed


def test_export_kinds_formats_and_filters(tmp_path: Path, corpus: dict) -> None:
    db = Path(corpus["db"])
    res = run(db, "export", "quotes", "--format", "csv", "--speaker", "Zakharova")
    rows = list(csv.DictReader(io.StringIO(res.stdout)))
    assert res.exit_code == 0 and len(rows) == 1
    row = rows[0]
    assert row["speaker"] == "Maria Zakharova" and row["said_on"] == "2025-05-28"
    assert row["said_on_text"] == "Wednesday 28 May 2025" and int(row["end"]) > int(row["start"])
    events = [json.loads(line) for line in run(db, "export", "events", "--entity", "RUS", "--type", "AGREE,CONSULT",
                                               "--since", "2025-05-20").stdout.splitlines()]
    assert sorted(e["type"] for e in events) == ["AGREE", "CONSULT"] and all(e["actors"] == ["RUS"] for e in events)
    mentions = [json.loads(line) for line in run(db, "export", "entities", "--format", "jsonl", "--type",
                                                 "person").stdout.splitlines()]
    assert {m["name"] for m in mentions} == {"Sergey Lavrov", "Maria Zakharova"}
    assert all(m["published"] == "2025-05-28" and m["start"] < m["end"] for m in mentions)
    found = run(db, "export", "articles", "--format", "csv", "-q", '"Ukrainian side" OR ceasefire')
    assert len(list(csv.DictReader(io.StringIO(found.stdout)))) > 1
    out = tmp_path / "q.parquet"
    assert run(db, "export", "quotes", "-f", "parquet", "-o", str(out)).exit_code == 0
    pq = pytest.importorskip("pyarrow.parquet")
    table = pq.read_table(out)
    assert table.num_rows == 2 and {"url", "said_on", "said_on_text", "start", "end"} <= set(table.schema.names)
    plover = run(db, "export", "--format", "plover").stdout.splitlines()
    assert len(plover) == 3 and json.loads(plover[0])["event_type"]


def test_an_unreachable_database_is_named_without_its_password() -> None:
    res = runner.invoke(app, ["--db", "postgresql://analyst:s3cret-pw@127.0.0.1:1/parley", "stats"])
    assert res.exit_code == 2 and "Traceback" not in res.output
    assert "s3cret-pw" not in res.output
    assert res.output.startswith("error: cannot open the database postgresql://analyst:***@127.0.0.1:1/parley: ")
