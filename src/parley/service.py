"""The one place that touches a database Session or the nlp object. CLI, API and web call it.

Reading methods are thin: each opens a session and calls one query of :mod:`parley.store.queries`.
"""

from __future__ import annotations

import io
import logging
from collections.abc import Callable, Hashable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, BinaryIO, Concatenate, ParamSpec, TypeVar

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from parley.annotate import (
    CACHE_RESET_EVERY,
    TOO_LONG,
    Annotator,
    Job,
    Prepared,
    clean_job,
    parse_prepared,
    too_long,
    worker_init,
    worker_prepare,
)
from parley.cache import ReadCache
from parley.clean.html import reset_extraction_caches
from parley.config import SAMPLES_DIR, Settings, get_settings
from parley.errors import NotFound, Rejected, TooLarge
from parley.ingest import dedup
from parley.ingest.sources import file_items, iter_source, local_files
from parley.records import Article, Entry, Failed, RawItem, Skipped
from parley.store import queries, repo
from parley.store.engine import ASIDE_CONNECTIONS, Store, open_store
from parley.store.tables import ArticleRow, QuoteRow

log = logging.getLogger(__name__)
P = ParamSpec("P")
T = TypeVar("T")
# Set by the server for the request being served: true once its client has gone away.
_cancelled: ContextVar[Callable[[], bool] | None] = ContextVar("parley_cancelled", default=None)


@contextmanager
def cancel_when(gone: Callable[[], bool]) -> Iterator[None]:
    """Within the block (and the worker threads it starts), reads stop once ``gone()`` is true."""
    token = _cancelled.set(gone)
    try:
        yield
    finally:
        _cancelled.reset(token)


ProgressFn = Callable[[str, str], None]  # (event, message): event in {unit, ok, dup, fail, skip, warn}


@dataclass
class IngestSummary:
    ok: int = 0
    duplicate: int = 0
    near_duplicate: int = 0
    failed: int = 0
    skipped: int = 0
    errors: list[tuple[str, str]] = field(default_factory=list)
    skips: list[tuple[str, str]] = field(default_factory=list)
    ids: list[int] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {"ok": self.ok, "duplicate": self.duplicate, "near_duplicate": self.near_duplicate,
                "failed": self.failed, "skipped": self.skipped, "ids": self.ids,
                "errors": [{"item": i, "reason": r} for i, r in self.errors],
                "skips": [{"item": i, "reason": r} for i, r in self.skips]}

    def fail(self, item: str, reason: str, note: ProgressFn) -> None:
        self.failed += 1
        self.errors.append((item, reason))
        note("fail", f"{item}: {reason}")


def count_units(sources: list[str]) -> int:
    """How many files/URLs/streams the sources stand for (for a progress bar's total)."""
    n = 0
    for s in sources:
        files = local_files(s)
        n += len(files) if files else 1
    return n


def sample_sources() -> list[str]:
    """The bundled fictional sample corpus."""
    return [str(SAMPLES_DIR)]


@dataclass
class _FirstCopies:
    """The near-duplicate index of one run, topped up with the first copies stored since it last
    looked (by this run or by another process on the same database)."""

    near: dedup.NearDuplicates
    last_id: int = 0

    def refresh(self, session: Session) -> None:
        for key, sig in repo.first_copies(session, after=self.last_id):
            self.add(key, dedup.from_bytes(sig))

    def add(self, key: int, sig: Any) -> None:
        self.near.add(key, sig)
        self.last_id = max(self.last_id, key)


class Service:
    """Parley's operations over one database."""

    def __init__(self, db: str | None = None, settings: Settings | None = None) -> None:
        self.settings = settings or get_settings()
        self.store: Store = open_store(db or self.settings.db)
        self.annotator = Annotator(self.settings)
        self._searches = ReadCache(self.settings.search_cache_s)
        self._pool: ThreadPoolExecutor | None = None  # for reads aside (started on first use)

    # -- NLP -------------------------------------------------------------------------------
    @property
    def nlp(self) -> Any:
        return self.annotator.nlp

    def annotate(self, article: Article) -> dict[str, Any]:
        """Run the pipeline on an article (see :meth:`Annotator.annotate`)."""
        return self.annotator.annotate(article)

    @staticmethod
    def nlp_available() -> bool:
        from parley.nlp import model_path

        return (model_path() / "config.cfg").exists()

    # -- ingest ----------------------------------------------------------------------------
    def ingest(self, sources: list[str], *, published: date | None = None,
               source: str | None = None, title: str | None = None,
               allow_private: bool | None = None, use_nlp: bool | None = None,
               progress: ProgressFn | None = None, stdin: BinaryIO | None = None,
               workers: int | None = None) -> IngestSummary:
        """Ingest every document the sources stand for; one bad item never stops the run.

        ``workers`` > 1 cleans and parses in that many processes (each loads the model once) while
        this one stores the results in input order, one transaction per article: the same database
        as one worker gives."""
        st = self.settings
        allow = st.allow_private if allow_private is None else allow_private
        use_nlp = self.nlp_available() if use_nlp is None else use_nlp
        summary = IngestSummary()
        note = progress or (lambda _e, _m: None)
        copies = _FirstCopies(dedup.NearDuplicates(st.near_dup_threshold))
        entries = self._entries(sources, allow=allow, stdin=stdin)

        def job(raw: RawItem) -> Job:
            return Job(raw, published=published, source=source, title=title, use_nlp=use_nlp)

        if (workers or 1) > 1 and use_nlp:
            self._ingest_parallel(entries, job, summary, copies, note, workers or 1)
            return summary
        seen = 0
        for entry in entries:
            if isinstance(entry, RawItem):
                self._ingest_one(job(entry), summary, copies, note)
                seen += 1
                if seen % CACHE_RESET_EVERY == 0:
                    reset_extraction_caches()
            else:
                self._account(entry, summary, note)
        reset_extraction_caches()
        return summary

    def _entries(self, sources: list[str], *, allow: bool, stdin: BinaryIO | None
                 ) -> Iterator[Entry | tuple[str, str]]:
        """Every entry of every source, with a ``("unit", name)`` marker after each unit."""
        for unit, entries in self._units(sources, allow=allow, stdin=stdin):
            yield from entries
            yield ("unit", unit)

    @staticmethod
    def _account(entry: Entry | tuple[str, str], summary: IngestSummary, note: ProgressFn) -> None:
        """Count a failed or skipped entry, or pass on a unit marker."""
        if isinstance(entry, Failed):
            summary.fail(entry.item, entry.reason, note)
        elif isinstance(entry, Skipped):
            summary.skipped += 1
            summary.skips.append((entry.item, entry.reason))
            note("skip", f"{entry.item}: {entry.reason}")
        elif isinstance(entry, tuple):
            note(*entry)

    def _ingest_parallel(self, entries: Iterator[Entry | tuple[str, str]], job: Callable[[RawItem], Job],
                         summary: IngestSummary, copies: _FirstCopies, note: ProgressFn, workers: int) -> None:
        """Clean and parse in ``workers`` processes, store here in input order: a bounded window of
        pending results is drained from its oldest end, so memory stays flat on any input size."""
        import multiprocessing
        from collections import deque
        from concurrent.futures import ProcessPoolExecutor

        pending: deque[tuple[Future[Prepared], Job] | Entry | tuple[str, str]] = deque()
        context = multiprocessing.get_context("spawn")  # no fork of a process that may hold threads
        with ProcessPoolExecutor(workers, mp_context=context, initializer=worker_init,
                                 initargs=(self.settings.model_dump(),)) as pool:
            for entry in entries:
                if isinstance(entry, RawItem):
                    todo = job(entry)
                    pending.append((pool.submit(worker_prepare, todo), todo))
                else:
                    pending.append(entry)
                while len(pending) > 4 * workers:
                    self._drain(pending.popleft(), summary, copies, note)
            while pending:
                self._drain(pending.popleft(), summary, copies, note)

    def _drain(self, item: Any, summary: IngestSummary, copies: _FirstCopies, note: ProgressFn) -> None:
        """Store the oldest pending result; a job whose worker died is done again in this process."""
        from concurrent.futures import Future

        if isinstance(item, tuple) and isinstance(item[0], Future):
            future, todo = item
            try:
                prepared = future.result()
            except Exception as exc:  # noqa: BLE001 - a dead worker (memory, a crash) must not lose the item
                log.warning("%s: worker failed (%s); done in the main process", todo.raw.item, exc)
                self._ingest_one(todo, summary, copies, note)
                return
            self._commit(prepared, summary, copies, note)
        else:
            self._account(item, summary, note)

    def _units(self, sources: list[str], *, allow: bool, stdin: BinaryIO | None
               ) -> Iterator[tuple[str, Iterator[Entry]]]:
        """``(name, entries)`` per file, URL or stream, so progress can count units."""
        st = self.settings
        for src in sources:
            files = local_files(src)
            if files and (len(files) > 1 or not Path(src).is_file()):
                for path in files:
                    yield str(path), file_items(path, max_bytes=st.max_bytes, explicit=False)
                continue
            yield src, iter_source(src, max_bytes=st.max_bytes, allow_private=allow,
                                   timeout=st.fetch_timeout, max_redirects=st.max_redirects,
                                   stdin=stdin)

    def _ingest_one(self, job: Job, summary: IngestSummary, copies: _FirstCopies, note: ProgressFn) -> None:
        """Clean, check, parse and store one document in this process (a known text is not parsed)."""
        prep = clean_job(job, self.settings)
        if prep.article is not None:
            with self.store.session() as session:
                if repo.hash_exists(session, prep.article.content_hash or ""):
                    summary.duplicate += 1
                    note("dup", f"{job.raw.item}: already stored")
                    return
            prep = parse_prepared(prep, job, self.annotator)
        self._commit(prep, summary, copies, note)

    def _commit(self, prep: Prepared, summary: IngestSummary, copies: _FirstCopies, note: ProgressFn) -> None:
        """Store a prepared document (or count why not), in one transaction with its annotations."""
        self._searches.clear()  # a search after this sees it (in other processes: within the cache's ttl)
        raw, article, ann = prep.raw, prep.article, prep.ann
        if article is None:
            summary.fail(raw.item, prep.failure or "cannot clean", note)
            return
        if prep.warning:
            note("warn", prep.warning)
        sig = dedup.minhash(article.text)
        if ann and ann.get("dct") and article.published is None:
            article.published = ann["dct"]
            article.published_source = "inferred"
            article.published_confidence = ann.get("dct_confidence")
        try:
            stored = self._store(raw, article, sig, ann, copies)
        except IntegrityError as exc:  # a unique constraint another writer won (the content hash)
            with self.store.session() as session:
                known = repo.hash_exists(session, article.content_hash or "")
            if not known:
                summary.fail(raw.item, f"cannot store: {exc.orig}", note)
                return
            stored = None
        if stored is None:
            summary.duplicate += 1
            note("dup", f"{raw.item}: already stored")
            return
        new_id, match = stored
        summary.near_duplicate += bool(match)
        summary.ok += 1
        summary.ids.append(new_id)
        note("ok", f"{raw.item}: stored as #{new_id}"
             + (f" (near-duplicate of #{match[0]}, {match[1]:.2f})" if match else ""))

    def _store(self, raw: RawItem, article: Article, sig: Any, ann: dict[str, Any] | None,
               copies: _FirstCopies) -> tuple[int, tuple[int, float] | None] | None:
        """Write one article and its annotations in one transaction that holds the write lock from
        its start, so that the duplicate check and the first copies it reads (those other processes
        stored too) still hold when it writes. ``None`` when the text is already stored."""
        with self.store.session() as session, session.begin():
            repo.lock_for_write(session)
            if repo.hash_exists(session, article.content_hash or ""):
                return None
            copies.refresh(session)
            match = copies.near.find(sig)
            row = repo.article_row(article, item=raw.item, kind=raw.origin,
                                   minhash=dedup.to_bytes(sig),
                                   duplicate_of=match[0] if match else None,
                                   similarity=match[1] if match else None,
                                   nlp_version=ann["version"] if ann else None)
            session.add(row)
            session.flush()
            if ann:
                repo.save_annotations(session, row, timexes=ann["timexes"],
                                      entities=ann["entities"], quotes=ann["quotes"],
                                      events=ann["events"], nlp_version=ann["version"], new=True)
            new_id = row.id
        if not match:
            copies.add(new_id, sig)
        return new_id, match

    def ingest_one(self, *, url: str | None = None, text: str | None = None, title: str | None = None,
                   published: date | None = None, use_nlp: bool | None = None) -> dict[str, Any]:
        """Ingest one URL (through the fetcher's SSRF guard) or pasted text, as the API and the ingest
        page take them; :class:`~parley.errors.Rejected` (422) when nothing was stored."""
        limit = self.settings.max_text_chars
        if text is not None and limit and len(text) > limit:
            raise TooLarge(too_long(len(text), limit))
        if url is not None:
            summary = self.ingest([url], published=published, use_nlp=use_nlp)
        else:
            title = title.strip() if title and title.strip() else None
            summary = self.ingest(["-"], published=published, title=title, use_nlp=use_nlp,
                                  stdin=io.BytesIO((text or "").encode("utf-8")))
        if not summary.ok and not summary.duplicate:
            reasons = [r for _i, r in summary.errors + summary.skips] or ["nothing to ingest"]
            if all(r.startswith(TOO_LONG) for r in reasons):
                raise TooLarge("; ".join(reasons))
            raise Rejected("; ".join(reasons))
        return summary.as_dict()

    def load(self, out: str | Path, *, progress: ProgressFn | None = None) -> IngestSummary:
        """Store the Parquet output of ``parley spark`` as ingest stores what it parses: in input order,
        one transaction per article, a known text counted as a duplicate (so a second load adds
        nothing), entities merged across articles, near-duplicates marked. A table that is missing or
        has the wrong schema is a :class:`~parley.errors.Rejected` naming it, before anything is stored."""
        from parley.spark.loader import read_output

        summary = IngestSummary()
        note = progress or (lambda _e, _m: None)
        copies = _FirstCopies(dedup.NearDuplicates(self.settings.near_dup_threshold))
        for prepared in read_output(Path(out)):
            self._commit(prepared, summary, copies, note)
        return summary

    # -- reading (each one session, one query of parley.store.queries) -------------------------
    def _read(self, query: Callable[Concatenate[Session, P], T], *args: P.args, **kwargs: P.kwargs) -> T:
        """One query in one session, stopped at ``settings.query_timeout`` or when the client goes."""
        with self.store.reading(self.settings.query_timeout, _cancelled.get()) as session:
            return query(session, *args, **kwargs)

    def _aside(self, read: Callable[[Session], T]) -> Future[T]:
        """``read`` in a session of its own on one of the service's threads, started now (with the
        caller's deadline and cancellation): a search reads its quote hits so while it reads its article
        hits (PostgreSQL; see :func:`parley.store.search.search`)."""
        if self._pool is None:  # one thread per connection of the store's pool for such reads
            self._pool = ThreadPoolExecutor(max_workers=ASIDE_CONNECTIONS, thread_name_prefix="parley-aside")
        cancelled = _cancelled.get()

        def aside() -> T:
            with self.store.reading(self.settings.query_timeout, cancelled, aside=True) as session:
                return read(session)
        return self._pool.submit(aside)

    @property
    def min_event_confidence(self) -> float:
        """The confidence under which the default views hide an event: ``PARLEY_MIN_EVENT_CONFIDENCE``,
        else the event extractor's own threshold."""
        if self.settings.min_event_confidence is not None:
            return float(self.settings.min_event_confidence)
        from parley.nlp.events.threshold import DEFAULT_MIN_CONFIDENCE

        return float(DEFAULT_MIN_CONFIDENCE)

    def confident(self, filters: dict[str, Any]) -> dict[str, Any]:
        """``filters`` with the default ``min_confidence`` where none was given."""
        if filters.get("min_confidence") is None:
            return filters | {"min_confidence": self.min_event_confidence}
        return filters

    def article(self, article_id: int, *, groups: bool = False, min_confidence: float | None = None
                ) -> dict[str, Any]:
        """One article with every annotation (events at least ``min_confidence`` sure, by default the
        default threshold) and the corrections of its quotes; with ``groups``, events carry their
        PLOVER group."""
        return self._read(queries.article, article_id, groups=groups,
                          **self.confident({"min_confidence": min_confidence}))

    def articles(self, *, limit: int = 50, offset: int = 0) -> dict[str, Any]:
        """A page of articles, newest first, each with its annotation counts."""
        return self._read(queries.articles, limit=limit, offset=offset)

    def search(self, q: str, **filters: Any) -> dict[str, Any]:
        """Ranked article and quote hits with highlight offsets and facets; filters as in
        :func:`parley.store.queries.search` (kind, source, since, until, limit, offset)."""
        key = (q, *sorted((k, v if isinstance(v, Hashable) else repr(v)) for k, v in filters.items()))
        return self._searches.get(key, lambda: self._read(queries.search, q, aside=self._aside, **filters))

    def quotes(self, **filters: Any) -> dict[str, Any]:
        """Quotes, newest first; filters as in :func:`parley.store.queries.quotes`."""
        return self._read(queries.quotes, **filters)

    def entities(self, **filters: Any) -> dict[str, Any]:
        """Entities by mention count; filters as in :func:`parley.store.queries.entities`."""
        return self._read(queries.entities, **filters)

    def entity(self, entity_id: int, *, min_confidence: float | None = None) -> dict[str, Any]:
        """One entity with its roles, quotes and the events it takes part in."""
        return self._read(queries.entity, entity_id, **self.confident({"min_confidence": min_confidence}))

    def events(self, **filters: Any) -> dict[str, Any]:
        """Events by day, newest first; filters as in :func:`parley.store.queries.events` (no
        ``min_confidence``: the default threshold; 0 for every event)."""
        return self._read(queries.events, **self.confident(filters))

    def timeline(self, **filters: Any) -> dict[str, Any]:
        """Events bucketed by day or week; see :func:`parley.store.queries.timeline`."""
        return self._read(queries.timeline, **self.confident(filters))

    def network(self, **filters: Any) -> dict[str, Any]:
        """Entity-to-entity interaction counts; see :func:`parley.store.queries.network`."""
        return self._read(queries.network, **self.confident(filters))

    def stats(self) -> dict[str, Any]:
        """Row counts, where article dates came from, languages, and the database."""
        return self._read(queries.stats) | {"db": self.store.db}

    def iter_articles(self) -> Iterator[dict[str, Any]]:
        """Every article with its annotations, in id order (one session while iterating)."""
        with self.store.session() as session:
            yield from queries.iter_articles(session)

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True)
            self._pool = None
        self.store.close()

    # -- the chronology and exports (reads as above) -------------------------------------------
    def chronology(self, **filters: Any) -> dict[str, Any]:
        """Day by day, events and quotes with their sentences; see :func:`parley.store.queries.chronology`."""
        return self._read(queries.chronology, **self.confident(filters))

    def rows(self, kind: str, **filters: Any) -> Iterator[dict[str, Any]]:
        """Every flat export row of ``kind`` that ``filters`` keep (:func:`parley.store.queries.export_rows`),
        read a page at a time, each page one read under the query deadline. Events (and the chronology's)
        are those at least ``min_confidence`` sure when it is given; every one when not."""
        if filters.get("min_confidence") is None:
            filters.pop("min_confidence", None)
        after = 0
        while True:
            page = self._read(queries.export_rows, kind, after=after, **filters)
            yield from page["rows"]
            if page["next"] is None:
                return
            after = page["next"]

    # -- corrections and re-processing ------------------------------------------------------------
    def correct_quote(self, quote_id: int, *, action: str, speaker: str | None = None, note: str | None = None,
                      author: str | None = None) -> dict[str, Any]:
        """Store a user's correction of a quote: ``action="speaker"`` with the right ``speaker``'s name,
        or ``"not_quote"``; ``note`` and ``author`` say why and who. It is kept by the article's text and
        the quote's offsets, applied at once, and again whenever the article is re-processed."""
        speaker = " ".join((speaker or "").split()) or None
        note = (note or "").strip() or None
        author = " ".join((author or "").split()) or None
        if action not in CORRECTIONS:
            raise Rejected(f"a correction is one of {', '.join(CORRECTIONS)}, not {action!r}")
        if action == "speaker" and not speaker:
            raise Rejected("a speaker correction needs the speaker's name")
        for name, value, most in (("speaker", speaker, 200), ("note", note, 2000), ("author", author, 200)):
            if value and len(value) > most:
                raise Rejected(f"{name} too long: {len(value):,} characters (at most {most:,})")
        with self.store.session() as session, session.begin():
            repo.lock_for_write(session)
            quote = session.get(QuoteRow, quote_id)
            if quote is None:
                raise NotFound(f"no quote #{quote_id}")
            article = quote.article
            over = repo.save_override(session, article, quote, action=action, speaker_name=speaker, note=note,
                                      author=author)
            out = {"article_id": article.id} | queries.override_dict(over)
            kept = [q.id for q in article.quotes if (q.start, q.end) == (over.start, over.end)]
            out["quote_id"] = kept[0] if kept else None
        self._searches.clear()
        return out

    def quote_article(self, quote_id: int) -> int | None:
        """The id of the article a quote belongs to (None when there is no such quote)."""
        return self._read(queries.quote_article, quote_id)

    def reprocess(self, ids: list[int] | None = None, *, progress: ProgressFn | None = None) -> dict[str, Any]:
        """Run the NLP again on stored articles (all, or ``ids``), replace their annotations and apply
        their corrections again. A correction whose quote is gone is kept as ``orphaned`` and listed
        under ``orphaned``; an article that cannot be parsed is named under ``errors`` and left as it was."""
        note = progress or (lambda _e, _m: None)
        out: dict[str, Any] = {"ok": 0, "failed": 0, "skipped": 0, "errors": [], "orphaned": [], "applied": 0}
        with self.store.session() as session:
            known = repo.article_ids(session)
        wanted = known if ids is None else list(dict.fromkeys(ids))
        stored = set(known)
        for article_id in wanted:
            if article_id not in stored:
                out["failed"] += 1
                out["errors"].append({"item": f"#{article_id}", "reason": "no such article"})
                note("fail", f"#{article_id}: no such article")
                continue
            self._reprocess_one(article_id, out, note)
        return out

    def _reprocess_one(self, article_id: int, out: dict[str, Any], note: ProgressFn) -> None:
        with self.store.session() as session:
            row = session.get(ArticleRow, article_id)
            assert row is not None
            article = Article(text=row.text, title=row.title, language=row.language,
                              published=date.fromisoformat(row.published) if row.published else None,
                              content_hash=row.content_hash)
        if article.language not in (None, "en"):
            out["skipped"] += 1
            note("skip", f"#{article_id}: not English ({article.language}): not parsed")
            return
        try:
            ann = self.annotator.annotate(article)
        except Exception as exc:  # noqa: BLE001 - one article's failure must not stop the run
            out["failed"] += 1
            out["errors"].append({"item": f"#{article_id}", "reason": f"NLP failed: {exc}"})
            note("fail", f"#{article_id}: NLP failed: {exc}")
            return
        with self.store.session() as session, session.begin():
            repo.lock_for_write(session)
            row = session.get(ArticleRow, article_id)
            if row is None:  # deleted meanwhile
                return
            orphans = repo.save_annotations(session, row, timexes=ann["timexes"], entities=ann["entities"],
                                            quotes=ann["quotes"], events=ann["events"], nlp_version=ann["version"])
            applied = [o for o in repo.overrides(session, row.content_hash) if o.status == "applied"]
            lost = [{"article_id": article_id} | queries.override_dict(o) for o in orphans]
        self._searches.clear()
        out["ok"] += 1
        out["applied"] += len(applied)
        out["orphaned"] += lost
        note("ok", f"#{article_id}: re-processed" + (f", {len(applied)} correction(s) applied" if applied else ""))
        for o in lost:
            note("warn", f"#{article_id}: correction #{o['id']} ({o['action']}, {o['start']}-{o['end']}) "
                         f"finds no quote now: kept as orphaned")


CORRECTIONS = ("speaker", "not_quote")
