"""Every source kind and every bad input, through the real Service into a real SQLite file."""

from __future__ import annotations

import gzip
import io
import json
import sqlite3
from datetime import date
from pathlib import Path

import pytest

from parley.config import Settings, shared_dir
from parley.service import Service, sample_sources

SEED = shared_dir() / "seed" / "article.txt"
STORY = ("FICTIONAL TEST STORY. The invented envoy of the Meridian Union said on Monday that the "
         "two delegations would meet again in Geneva next week to discuss the river accord.\n\n"
         "Officials on both sides said the talks had been constructive, and that a draft text "
         "would be circulated to the delegations before the next round.\n")


@pytest.fixture()
def svc(tmp_path: Path) -> Service:
    s = Service(db=str(tmp_path / "t.db"), settings=Settings(max_bytes=200_000))
    yield s
    s.close()


def rows(svc: Service, sql: str) -> list[tuple]:
    con = sqlite3.connect(svc.store.db)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def test_seed_article_loses_junk_lines_and_keeps_every_story_line(svc: Service) -> None:
    summary = svc.ingest([str(SEED)], use_nlp=False)
    assert (summary.ok, summary.failed) == (1, 0)
    text = svc.article(summary.ids[0])["text"]
    raw_lines = SEED.read_text(encoding="utf-8").splitlines()
    assert raw_lines[0] == "Error message"
    assert "Error message" not in text
    assert "An error occurred while searching" not in text
    assert text.startswith("RUSSIA made an offer to Ukraine on Wednesday")
    for line in raw_lines[2:]:
        assert line.strip() in text, line


def test_reingest_is_idempotent(svc: Service) -> None:
    first = svc.ingest([str(SEED)], use_nlp=False)
    again = svc.ingest([str(SEED)], use_nlp=False)
    assert (first.ok, again.ok, again.duplicate) == (1, 0, 1)
    assert rows(svc, "select count(*) from articles") == [(1,)]


def test_sample_corpus_every_form_and_near_duplicate(svc: Service) -> None:
    summary = svc.ingest(sample_sources(), use_nlp=False)
    assert summary.failed == 0
    assert summary.ok >= 18
    kinds = {k for (k,) in rows(svc, "select distinct kind from articles")}
    assert kinds == {"file", "feed", "jsonl"}
    linked = rows(svc, "select a.item, b.item, a.similarity from articles a join articles b "
                       "on a.duplicate_of = b.id")
    assert len(linked) == 1
    copy, first, sim = linked[0]
    assert "07b-ledger" in copy and "07-herald" in first and sim >= 0.8
    # the HTML pages keep metadata with provenance
    meta = rows(svc, "select published, published_source, site from articles "
                     "where item like '%18-herald-accord%'")
    assert meta == [("2026-03-19", "url", "The Valdoria Herald")]


def test_folder_glob_and_jsonl_and_feed_files(svc: Service, tmp_path: Path) -> None:
    d = tmp_path / "in" / "sub"
    d.mkdir(parents=True)
    (d / "a.txt").write_text(STORY, encoding="utf-8")
    (d / "b.txt").write_text(STORY.replace("Geneva", "Vienna"), encoding="utf-8")
    (d / "notes.bin").write_bytes(b"\x00\x01")
    recs = [{"text": STORY.replace("Monday", "Tuesday"), "title": "T", "published": "2026-02-17",
             "source": "Wire"},
            {"html": "<html><body><article><p>" + STORY.replace("Monday", "Friday") +
             "</p></article></body></html>", "url": "http://x.test/2026/02/20/a"},
            "not an object", {"title": "no body"}]
    jl = tmp_path / "w.jsonl"
    jl.write_text("\n".join(json.dumps(r) for r in recs) + "\n{broken\n", encoding="utf-8")
    s1 = svc.ingest([str(tmp_path / "in")], use_nlp=False)
    assert (s1.ok, s1.skipped) == (2, 1)
    s2 = svc.ingest([str(tmp_path / "in" / "**" / "*.txt")], use_nlp=False)
    assert s2.duplicate == 2
    s3 = svc.ingest([str(jl)], use_nlp=False)
    assert (s3.ok, s3.failed) == (2, 3)
    reasons = " | ".join(r for _i, r in s3.errors)
    assert "not a JSON object" in reasons and "no 'text' or 'html'" in reasons and "malformed JSON" in reasons
    assert rows(svc, "select published, published_source, source from articles where title='T'") == [
        ("2026-02-17", "meta", "Wire")]


def test_stdin_and_overrides(svc: Service) -> None:
    s = svc.ingest(["-"], stdin=io.BytesIO(STORY.encode()), published=date(2026, 1, 5), source="Desk",
                   use_nlp=False)
    assert s.ok == 1
    art = svc.article(s.ids[0])
    assert (art["published"], art["published_source"], art["source"]) == ("2026-01-05", "user", "Desk")


def test_warc_file(svc: Service, tmp_path: Path) -> None:
    html = ("<html><body><article><p>" + STORY + "</p></article></body></html>").encode()
    http = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: %d\r\n\r\n" % len(html) + html
    rec = (b"WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: http://x.test/a\r\n"
           b"WARC-Record-ID: <urn:uuid:12345678-1234-1234-1234-123456789012>\r\n"
           b"WARC-Date: 2026-02-16T00:00:00Z\r\nContent-Type: application/http; msgtype=response\r\n"
           b"Content-Length: %d\r\n\r\n" % len(http) + http + b"\r\n\r\n")
    path = tmp_path / "crawl.warc.gz"
    path.write_bytes(gzip.compress(rec))
    s = svc.ingest([str(path)], use_nlp=False)
    assert s.ok == 1, s.errors
    assert svc.article(s.ids[0])["url"] == "http://x.test/a"


@pytest.mark.parametrize("name, content, reason", [
    ("empty.txt", b"", "empty"),
    ("blank.txt", b"   \n\n ", "empty"),
    ("binary.txt", b"\x00\x01\x02PK\x03\x04" * 50, "binary"),
    ("latin1.txt", "Caf\u00e9 talks in Gen\u00e8ve went on all night long.".encode("latin-1"), "not valid UTF-8"),
    ("broken.html", b"<html><body><div><p>unclosed <b>tags <i>", "no article"),
    ("notafeed.rss", b"<?xml version='1.0'?><catalog><book>x</book></catalog>", "not an RSS/Atom feed"),
    ("huge.txt", b"word " * 60_000, "size limit"),
])
def test_bad_inputs_fail_with_a_named_reason_and_the_run_goes_on(
        svc: Service, tmp_path: Path, name: str, content: bytes, reason: str) -> None:
    svc.ingest([str(SEED)], use_nlp=False)
    before = rows(svc, "select id, content_hash, text from articles")
    bad = tmp_path / name
    bad.write_bytes(content)
    good = tmp_path / "good.txt"
    good.write_text(STORY, encoding="utf-8")
    s = svc.ingest([str(bad), str(good)], use_nlp=False)
    assert (s.ok, s.failed) == (1, 1)
    item, why = s.errors[0]
    assert item == str(bad) and reason in why
    after = rows(svc, "select id, content_hash, text from articles")
    assert after[: len(before)] == before


def test_missing_path_is_a_failure(svc: Service) -> None:
    s = svc.ingest(["/nonexistent/nowhere.txt"], use_nlp=False)
    assert s.failed == 1 and "no such file" in s.errors[0][1]


def test_url_and_feed_urls(svc: Service, http_server: str) -> None:
    s = svc.ingest([f"{http_server}/article.html", f"{http_server}/feed.rss"], allow_private=True,
                   use_nlp=False)
    assert (s.ok, s.failed) == (3, 0), s.errors
    art = svc.article(s.ids[0])
    assert art["title"] == "Talks resume in Geneva"  # the article headline, not the <title>
    assert (art["published"], art["published_source"], art["authors"]) == ("2026-02-16", "meta", ["Jo Writer"])
    assert "Read more" not in art["text"] and "Home" not in art["text"]
    feed_item = svc.article(s.ids[1])
    assert (feed_item["url"], feed_item["published"], feed_item["source"]) == (
        "http://wire.test/one", "2026-02-16", "Test Wire")


def test_urls_are_refused_when_private_unless_allowed(svc: Service, http_server: str) -> None:
    s = svc.ingest([f"{http_server}/article.html"], use_nlp=False)
    assert s.failed == 1 and "refused" in s.errors[0][1] and "--allow-private" in s.errors[0][1]
    assert rows(svc, "select count(*) from articles") == [(0,)]


def test_url_failures_are_named(tmp_path: Path, http_server: str) -> None:
    svc = Service(db=str(tmp_path / "u.db"), settings=Settings(fetch_timeout=1.0, max_bytes=100_000))
    urls = [f"{http_server}/slow", f"{http_server}/loop", f"{http_server}/big", f"{http_server}/image.png",
            f"{http_server}/missing", "http://127.0.0.1:9/refused", f"{http_server}/hop"]
    s = svc.ingest(urls, allow_private=True, use_nlp=False)
    why = dict(s.errors)
    assert "timed out" in why[f"{http_server}/slow"]
    assert "redirects" in why[f"{http_server}/loop"]
    assert "size limit" in why[f"{http_server}/big"]
    assert "content type" in why[f"{http_server}/image.png"]
    assert "HTTP 404" in why[f"{http_server}/missing"]
    assert "fetch failed" in why["http://127.0.0.1:9/refused"]
    assert s.ok == 1  # /hop redirects to the article
    svc.close()
