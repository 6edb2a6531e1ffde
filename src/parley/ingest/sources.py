"""Sources to raw documents: files, folders, globs, URLs, feeds, JSONL, WARC and stdin.

Each source yields :class:`RawItem` objects, or :class:`Failed`/:class:`Skipped` markers that
name the item and the reason, so one bad item never stops a run.
"""

from __future__ import annotations

import codecs
import glob
import gzip
import json
import re
import stat
import sys
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import feedparser

from parley.errors import ParleyError, Rejected
from parley.ingest.fetch import fetch
from parley.records import Entry, Failed, RawItem, Skipped

HTML_EXT = {".html", ".htm", ".xhtml", ".shtml"}
TEXT_EXT = {".txt", ".text", ".md"}
FEED_EXT = {".rss", ".atom", ".xml"}
JSONL_EXT = {".jsonl", ".ndjson"}
WARC_EXT = {".warc"}
DOC_STEMS = {"README", "LICENSE", "LICENCE", "CHANGELOG", "SOURCES", "NOTICE", "COPYING"}
# Byte-order marks of the encodings other than UTF-8 that a text may declare (UTF-32 first: its
# little-endian mark starts with UTF-16's).
_BOMS = ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
         (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))


def _is_url(s: str) -> bool:
    return s.startswith(("http://", "https://"))


def _strip_ext(path: Path) -> tuple[str, bool]:
    """Lower-case suffix with ``.gz`` peeled off."""
    suffixes = [s.lower() for s in path.suffixes]
    if suffixes and suffixes[-1] == ".gz":
        return (suffixes[-2] if len(suffixes) > 1 else ""), True
    return (suffixes[-1] if suffixes else ""), False


def looks_html(data: bytes) -> bool:
    head = data[:4096].lstrip().lower()
    return (head.startswith((b"<!doctype html", b"<html")) or b"<html" in head
            or b"<body" in head or (head.startswith(b"<") and b"<p" in head))


def looks_feed(data: bytes) -> bool:
    head = data[:4096].lower()
    return b"<rss" in head or b"<feed" in head or b"<rdf:rdf" in head


def check_bytes(data: bytes, item: str, *, max_bytes: int) -> None:
    """Reject empty, oversized and binary content with a one-line reason."""
    if len(data) > max_bytes:
        raise Rejected(f"file is over the size limit ({len(data):,} > {max_bytes:,} bytes)",
                       item=item)
    if not data.strip():
        raise Rejected("empty", item=item)
    sample = data[:8192]
    if sample.startswith(tuple(bom for bom, _ in _BOMS)):
        return  # UTF-16/32 text: its NUL bytes are half of every character
    if b"\x00" in sample:
        raise Rejected("binary content (NUL bytes), not a text document", item=item)
    bad = sum(1 for b in sample if b < 9 or 13 < b < 32)
    if bad / len(sample) > 0.05:
        raise Rejected("binary content, not a text document", item=item)


def decode_text(data: bytes, item: str) -> str:
    """Strict UTF-8 (a BOM is fine), or UTF-16/32 when a BOM says so; anything else is refused with a
    clear reason."""
    for bom, codec in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(codec)
            except UnicodeDecodeError as exc:
                raise Rejected(f"not valid {codec.upper()} (at offset {exc.start})", item=item) from exc
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise Rejected(f"not valid UTF-8 (byte 0x{data[exc.start]:02x} at offset {exc.start})",
                       item=item) from exc


def read_capped(stream: Any, item: str, *, max_bytes: int) -> bytes:
    """Read ``stream`` in chunks and refuse it as soon as it passes ``max_bytes`` (a gzip bomb or an
    endless pipe never fills memory)."""
    chunks: list[bytes] = []
    size = 0
    while True:
        chunk = stream.read(min(1 << 20, max_bytes + 1 - size))
        if not chunk:
            return b"".join(chunks)
        size += len(chunk)
        if size > max_bytes:
            raise Rejected(f"over the size limit (more than {max_bytes:,} bytes)", item=item)
        chunks.append(chunk)


def read_file(path: Path, item: str, *, max_bytes: int, gz: bool) -> bytes:
    """A regular file's bytes, decompressed in a stream when it is gzipped, capped at ``max_bytes``."""
    info = path.stat()
    if not stat.S_ISREG(info.st_mode):
        raise Rejected("not a regular file (a pipe, socket or device is refused)", item=item)
    if info.st_size > max_bytes and not gz:
        raise Rejected(f"file is over the size limit ({info.st_size:,} > {max_bytes:,} bytes)", item=item)
    with path.open("rb") as fh:
        if gz:
            with gzip.GzipFile(fileobj=fh) as unzipped:
                return read_capped(unzipped, item, max_bytes=max_bytes)
        return read_capped(fh, item, max_bytes=max_bytes)


def _fragment_page(html: str) -> str:
    """A feed entry's HTML fragment ("<p>One paragraph</p>") wrapped as a page for extraction."""
    head = html[:2048].lstrip().lower()
    if head.startswith(("<!doctype", "<html")) or "<body" in head:
        return html
    return f"<html><body><article>{html}</article></body></html>"


def feed_items(data: bytes, item: str, *, base_url: str | None = None) -> Iterator[Entry]:
    """Entries of an RSS/Atom feed, each with the fullest content it carries."""
    try:
        parsed = feedparser.parse(_tame_prolog(data))
    except (ValueError, UnicodeError, KeyError, AttributeError, TypeError, IndexError) as exc:
        # character references beyond Unicode or to a surrogate; feedparser's own slips on odd markup
        yield Failed(item, f"not a readable feed ({type(exc).__name__}: {str(exc)[:80]})")
        return
    if not parsed.entries and (parsed.bozo or not parsed.get("version")):
        yield Failed(item, "not an RSS/Atom feed")
        return
    site = parsed.feed.get("title")
    for n, entry in enumerate(parsed.entries, 1):
        name = f"{item}#{n}"
        html = _entry_html(entry)
        if not html.strip():
            yield Failed(name, "feed entry has no content")
            continue
        if not _encodable(html):
            yield Failed(name, "feed entry holds an unpaired surrogate: not valid Unicode")
            continue
        published = None
        stamp = entry.get("published_parsed") or entry.get("updated_parsed")
        if stamp:
            published = f"{stamp.tm_year:04d}-{stamp.tm_mon:02d}-{stamp.tm_mday:02d}"
        is_html = "<" in html
        yield RawItem(item=name, kind="html" if is_html else "text", data=_fragment_page(html) if is_html else html,
                      origin="feed", url=_text_or_none(entry.get("link")) or base_url,
                      title=_text_or_none(entry.get("title")), published=published, source=_text_or_none(site))


_ELEMENT = re.compile(rb"<\w")
_BLANK_LINES = re.compile(rb"\s*\n\s*")


def _tame_prolog(data: bytes) -> bytes:
    """The feed with the whitespace before its first element folded to single line breaks:
    feedparser's DOCTYPE and ENTITY patterns (``^\\s*<!ENTITY`` over every line) take quadratic
    time on a long run of blank lines there (55 KB of them took 21 s)."""
    first = _ELEMENT.search(data)
    end = first.start() if first else len(data)
    return _BLANK_LINES.sub(b"\n", data[:end]).lstrip() + data[end:]


def _entry_html(entry: Any) -> str:
    """The fullest content a feed entry carries (feedparser may give any of them as None)."""
    contents = [c.get("value") for c in entry.get("content") or [] if isinstance(c, dict)]
    candidates = [max((v for v in contents if isinstance(v, str)), key=len, default=""),
                  entry.get("summary"), entry.get("description")]
    return next((c for c in candidates if isinstance(c, str) and c.strip()), "")


def jsonl_items(data: bytes, item: str) -> Iterator[Entry]:
    """``{text|html, url?, title?, published?, source?}`` records, one per line."""
    text = decode_text(data, item)
    for n, line in enumerate(text.splitlines(), 1):
        if line.strip():
            yield jsonl_record(line, f"{item}:{n}")


_JSONL_FIELDS = ("url", "title", "published", "source")


def jsonl_record(line: str, name: str) -> Entry:
    """One JSONL line as a :class:`RawItem`, or a :class:`Failed` saying in one line what is wrong."""
    try:
        rec = json.loads(line)
    except (json.JSONDecodeError, RecursionError) as exc:
        return Failed(name, f"malformed JSON ({getattr(exc, 'msg', 'nested too deeply')})")
    if not isinstance(rec, dict):
        return Failed(name, "record is not a JSON object")
    body, kind = rec.get("html"), "html"
    if not body:
        body, kind = rec.get("text"), "text"
    if not isinstance(body, str) or not body.strip():
        return Failed(name, "record has no 'text' or 'html'")
    for key in _JSONL_FIELDS:
        if rec.get(key) is not None and not isinstance(rec[key], str):
            return Failed(name, f"'{key}' must be a string, not {type(rec[key]).__name__}")
    for key in (kind, *_JSONL_FIELDS):
        if isinstance(rec.get(key), str) and not _encodable(rec[key]):
            return Failed(name, f"'{key}' holds an unpaired surrogate (such as \\ud800): not valid Unicode")
    return RawItem(item=name, kind=kind, data=body, origin="jsonl", url=rec.get("url"),
                   title=rec.get("title"), published=rec.get("published"), source=rec.get("source"))


def _text_or_none(value: Any) -> str | None:
    return value if isinstance(value, str) and _encodable(value) else None


def _encodable(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def warc_items(path: Path, item: str) -> Iterator[Entry]:
    """HTML responses inside a WARC file, read with FastWARC. A record cut short is reported, and so
    is a file that stops parsing part-way (with the number of the last good record)."""
    from fastwarc.warc import ArchiveIterator, WarcRecordType

    n = 0
    try:
        with path.open("rb") as fh:
            for n, rec in enumerate(ArchiveIterator(fh, record_types=WarcRecordType.response), 1):
                yield _warc_entry(rec, f"{item}#{n}")
    except Exception as exc:  # noqa: BLE001 - any archive error names the file and moves on
        where = f" after record #{n}" if n else ""
        yield Failed(item, f"unreadable WARC{where}: {exc}")


def _warc_entry(rec: Any, name: str) -> Entry:
    ctype = (rec.http_headers.get("Content-Type", "") if rec.http_headers else "")
    if "html" not in ctype.lower():
        return Skipped(name, f"not HTML ({ctype or 'no type'})")
    body = rec.reader.read()
    expected = rec.content_length
    if expected and len(body) < expected:
        return Failed(name, f"truncated WARC record ({len(body):,} of {expected:,} bytes)")
    return RawItem(item=name, kind="html", data=body, origin="warc", url=rec.headers.get("WARC-Target-URI"))


def file_items(path: Path, *, max_bytes: int, explicit: bool = True) -> Iterator[Entry]:
    """The documents one file holds."""
    item = str(path)
    ext, gz = _strip_ext(path)
    if ext in WARC_EXT:
        yield from warc_items(path, item)
        return
    known = ext in HTML_EXT | TEXT_EXT | FEED_EXT | JSONL_EXT
    if not explicit and path.stem.upper() in DOC_STEMS:
        yield Skipped(item, "documentation file, not an article")
        return
    if not known and not explicit:
        yield Skipped(item, f"unsupported file type {ext or '(none)'}")
        return
    try:
        data = read_file(path, item, max_bytes=max_bytes, gz=gz)
        check_bytes(data, item, max_bytes=max_bytes)
        if ext in JSONL_EXT:
            yield from jsonl_items(data, item)
        elif ext in FEED_EXT or (ext not in HTML_EXT | TEXT_EXT and looks_feed(data)):
            yield from feed_items(data, item)
        elif ext in HTML_EXT or (ext not in TEXT_EXT and looks_html(data)):
            yield RawItem(item=item, kind="html", data=data, origin="file")
        else:
            yield RawItem(item=item, kind="text", data=decode_text(data, item), origin="file")
    except ParleyError as exc:
        yield Failed(item, exc.reason)
    except (OSError, EOFError, gzip.BadGzipFile, zlib.error) as exc:
        yield Failed(item, f"cannot read: {exc.strerror or exc}" if isinstance(exc, OSError)
                     else f"cannot read: {exc}")


def url_items(url: str, *, max_bytes: int, allow_private: bool, timeout: float,
              max_redirects: int) -> Iterator[Entry]:
    try:
        got = fetch(url, allow_private=allow_private, timeout=timeout, max_bytes=max_bytes,
                    max_redirects=max_redirects)
        check_bytes(got.content, url, max_bytes=max_bytes)
    except ParleyError as exc:
        yield Failed(url, exc.reason)
        return
    ctype = got.content_type
    yield from sniffed_items(got.content, url, origin="url", url=got.url,
                             feed="rss" in ctype or "atom" in ctype or ("xml" in ctype and looks_feed(got.content)),
                             html="html" in ctype, sniff_feed=False)


def sniffed_items(data: bytes, item: str, *, origin: str, url: str | None = None, feed: bool = False,
                  html: bool = False, sniff_feed: bool = True) -> Iterator[Entry]:
    """A fetched or piped document: a feed, an HTML page or UTF-8 text, by its declared type or its
    content (a URL's feed-ness comes from its content type, so it does not sniff for one)."""
    if feed or (sniff_feed and looks_feed(data)):
        yield from feed_items(data, item, base_url=url)
    elif html or looks_html(data):
        yield RawItem(item=item, kind="html", data=data, origin=origin, url=url)
    else:
        try:
            yield RawItem(item=item, kind="text", data=decode_text(data, item), origin=origin, url=url)
        except ParleyError as exc:
            yield Failed(item, exc.reason)


def expand(source: str) -> list[Path] | None:
    """Files a path, folder (recursive) or glob stands for; ``None`` when it names nothing. A path
    that exists is taken as itself even when its name holds ``*``, ``?`` or ``[``."""
    if any(ch in source for ch in "*?[") and not Path(source).exists():
        return [Path(p) for p in sorted(glob.glob(source, recursive=True)) if Path(p).is_file()]
    path = Path(source)
    if path.is_dir():
        return sorted(p for p in path.rglob("*") if p.is_file() and not p.name.startswith("."))
    if path.exists():
        return [path]
    return None


def local_files(source: str) -> list[Path] | None:
    """The files a local source stands for; ``None`` for stdin, URLs and paths that name nothing."""
    return None if source == "-" or _is_url(source) else expand(source)


def iter_source(source: str, *, max_bytes: int = 20_000_000, allow_private: bool = False,
                timeout: float = 15.0, max_redirects: int = 5,
                stdin: Any = None) -> Iterator[Entry]:
    """Every document one command-line source stands for."""
    if source == "-":
        stream = stdin or sys.stdin.buffer
        try:
            data = read_capped(stream, "<stdin>", max_bytes=max_bytes)
            check_bytes(data, "<stdin>", max_bytes=max_bytes)
        except ParleyError as exc:
            yield Failed("<stdin>", exc.reason)
            return
        yield from sniffed_items(data, "<stdin>", origin="stdin")
        return
    if _is_url(source):
        yield from url_items(source, max_bytes=max_bytes, allow_private=allow_private,
                             timeout=timeout, max_redirects=max_redirects)
        return
    files = local_files(source)
    if files is None:
        yield Failed(source, "no such file, folder or URL")
        return
    if not files:
        yield Skipped(source, "matched no files")
        return
    explicit = len(files) == 1 and Path(source).is_file()
    for path in files:
        yield from file_items(path, max_bytes=max_bytes, explicit=explicit)
