"""Hostile and careless inputs each become one named, counted item, and the run goes on: a gzip bomb,
an endless pipe, a FIFO, a path that looks like a glob, UTF-16 text, JSONL with lone surrogates or
non-string fields, truncated and corrupt WARC records, and feeds whose entries are HTML fragments."""

from __future__ import annotations

import gzip
import io
import json
import os
import sqlite3
import tracemalloc
from pathlib import Path

import pytest

from parley.config import Settings
from parley.service import Service

STORY = ("FICTIONAL TEST STORY. The invented envoy of the Meridian Union said on Monday that the "
         "two delegations would meet again in Geneva next week to discuss the river accord.\n\n"
         "Officials on both sides said the talks had been constructive, and that a draft text "
         "would be circulated to the delegations before the next round.\n")
LIMIT = 200_000


@pytest.fixture()
def svc(tmp_path: Path) -> Service:
    s = Service(db=str(tmp_path / "t.db"), settings=Settings(max_bytes=LIMIT))
    yield s
    s.close()


def good_file(tmp_path: Path) -> str:
    path = tmp_path / "good.txt"
    path.write_text(STORY, encoding="utf-8")
    return str(path)


def test_gzip_bomb_is_refused_without_filling_memory(svc: Service, tmp_path: Path) -> None:
    bomb = tmp_path / "bomb.txt.gz"
    with gzip.open(bomb, "wb") as fh:  # 1 MB on disk, 200 MB when inflated
        for _ in range(200):
            fh.write(b"a" * 1_000_000)
    assert bomb.stat().st_size < 1_000_000
    good = good_file(tmp_path)
    tracemalloc.start()
    try:
        s = svc.ingest([str(bomb), good], use_nlp=False)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 40_000_000, f"inflating the bomb took {peak:,} bytes"
    assert (s.ok, s.failed) == (1, 1)
    assert s.errors[0][0] == str(bomb) and "size limit" in s.errors[0][1]


def test_corrupt_gzip_is_one_failed_item(svc: Service, tmp_path: Path) -> None:
    bad = tmp_path / "bad.txt.gz"
    bad.write_bytes(gzip.compress(STORY.encode())[:-30] + b"\x00" * 30)
    s = svc.ingest([str(bad), good_file(tmp_path)], use_nlp=False)
    assert (s.ok, s.failed) == (1, 1) and "cannot read" in s.errors[0][1]


class EndlessPipe(io.RawIOBase):
    """A stdin that never ends; reading it whole would never return."""

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: bytearray) -> int:  # type: ignore[override]
        buffer[:] = b"x" * len(buffer)
        return len(buffer)


def test_stdin_is_read_with_a_cap(svc: Service) -> None:
    s = svc.ingest(["-"], stdin=io.BufferedReader(EndlessPipe()), use_nlp=False)
    assert s.failed == 1 and s.errors[0][0] == "<stdin>" and "size limit" in s.errors[0][1]


def test_a_fifo_is_refused_not_waited_on(svc: Service, tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    s = svc.ingest([str(fifo), good_file(tmp_path)], use_nlp=False)
    assert (s.ok, s.failed) == (1, 1) and "not a regular file" in s.errors[0][1]


@pytest.mark.parametrize("name", ["report [draft].txt", "what?.txt", "star*.txt"])
def test_a_file_whose_name_looks_like_a_glob_is_read(svc: Service, tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    path.write_text(STORY, encoding="utf-8")
    s = svc.ingest([str(path)], use_nlp=False)
    assert s.ok == 1, s.errors


@pytest.mark.parametrize("codec", ["utf-16", "utf-16-be", "utf-32"])
def test_utf16_and_utf32_with_a_bom_are_decoded(svc: Service, tmp_path: Path, codec: str) -> None:
    path = tmp_path / f"story-{codec}.txt"
    bom = {"utf-16-be": b"\xfe\xff"}.get(codec, b"")
    path.write_bytes(bom + STORY.encode(codec))
    s = svc.ingest([str(path)], use_nlp=False)
    assert s.ok == 1, s.errors
    assert svc.article(s.ids[0])["text"].startswith("FICTIONAL TEST STORY.")


def test_jsonl_bad_records_are_named_and_the_rest_stored(svc: Service, tmp_path: Path) -> None:
    lines = [
        json.dumps({"text": STORY, "title": "Good one"}),
        '{"text": "FICTIONAL. A lone surrogate \\ud800 in the text of an otherwise fine record."}',
        '{"text": "FICTIONAL. A title with a lone surrogate.", "title": "bad \\udfff"}',
        json.dumps({"text": STORY + " Second.", "url": 17}),
        json.dumps({"text": STORY + " Third.", "source": ["a", "b"]}),
        "[" * 100_000,
    ]
    path = tmp_path / "wire.jsonl"
    path.write_text("\n".join(lines), encoding="utf-8")
    s = svc.ingest([str(path)], use_nlp=False)
    assert (s.ok, s.failed) == (1, 5)
    reasons = dict(s.errors)
    assert "surrogate" in reasons[f"{path}:2"] and "surrogate" in reasons[f"{path}:3"]
    assert reasons[f"{path}:4"] == "'url' must be a string, not int"
    assert reasons[f"{path}:5"] == "'source' must be a string, not list"
    assert "malformed JSON" in reasons[f"{path}:6"]
    assert all("\n" not in why for why in reasons.values())


def _warc_record(uri: str, body: bytes) -> bytes:
    http = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: %d\r\n\r\n" % len(body) + body
    return (b"WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: " + uri.encode() + b"\r\n"
            b"WARC-Record-ID: <urn:uuid:12345678-1234-1234-1234-1234567890%02d>\r\n" % len(uri) +
            b"WARC-Date: 2026-02-16T00:00:00Z\r\nContent-Type: application/http; msgtype=response\r\n"
            b"Content-Length: %d\r\n\r\n" % len(http) + http + b"\r\n\r\n")


def _page(n: int) -> bytes:
    return f"<html><body><article><p>{STORY} Page {n}.</p></article></body></html>".encode()


def test_truncated_warc_record_is_reported(svc: Service, tmp_path: Path) -> None:
    data = _warc_record("http://x.test/1", _page(1)) + _warc_record("http://x.test/22", _page(2))
    path = tmp_path / "cut.warc"
    path.write_bytes(data[:-150])
    s = svc.ingest([str(path)], use_nlp=False)
    assert (s.ok, s.failed) == (1, 1)
    assert s.errors[0] == (f"{path}#2", s.errors[0][1]) and "truncated WARC record" in s.errors[0][1]


def test_corrupt_warc_header_names_the_last_good_record(svc: Service, tmp_path: Path) -> None:
    second = _warc_record("http://x.test/22", _page(2)).replace(b"WARC/1.0", b"WARX/1.0", 1)
    path = tmp_path / "bad.warc"
    path.write_bytes(_warc_record("http://x.test/1", _page(1)) + second)
    s = svc.ingest([str(path)], use_nlp=False)
    assert (s.ok, s.failed) == (1, 1)
    assert s.errors[0][0] == str(path) and "after record #1" in s.errors[0][1]


def test_feed_entries_that_are_one_html_block_are_stored(svc: Service, tmp_path: Path) -> None:
    entry = ("<item><title>T{n}</title><link>http://wire.test/{n}</link><description><![CDATA[<p>FICTIONAL. "
             "The invented envoy number {n} proposed a ceasefire on Monday, her office said in a statement "
             "released to reporters in the capital after a long night of talks.</p>]]></description></item>")
    feed = ('<?xml version="1.0"?><rss version="2.0"><channel><title>Wire</title>'
            + "".join(entry.format(n=n) for n in range(3)) + "</channel></rss>")
    path = tmp_path / "wire.rss"
    path.write_text(feed, encoding="utf-8")
    s = svc.ingest([str(path)], use_nlp=False)
    assert (s.ok, s.failed) == (3, 0), s.errors


def test_nothing_stored_is_lost_after_hostile_inputs(svc: Service, tmp_path: Path) -> None:
    first = svc.ingest([good_file(tmp_path)], use_nlp=False)
    before = sqlite3.connect(svc.store.db).execute("select id, text from articles").fetchall()
    bomb = tmp_path / "b.txt.gz"
    bomb.write_bytes(gzip.compress(b"a" * (LIMIT * 5)))
    svc.ingest([str(bomb)], use_nlp=False)
    after = sqlite3.connect(svc.store.db).execute("select id, text from articles").fetchall()
    assert first.ok == 1 and after == before
