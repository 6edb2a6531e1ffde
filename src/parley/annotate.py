"""What one document needs before it is stored: cleaning, then the NLP, window by window.

Ingest worker processes and Spark executors import this module, not :mod:`parley.service`: it
needs only the cleaning code and the records, so a worker that starts imports no database layer,
web stack or near-duplicate index (about 0.7 s less per worker start). Only the service holds the
nlp object in the main process; a worker holds its own, made once by :func:`worker_init`.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date
from typing import Any, TypeVar, cast

from pydantic import BaseModel

from parley.clean import clean_item
from parley.config import Settings
from parley.errors import ParleyError
from parley.records import Article, Entity, RawItem, Span

log = logging.getLogger(__name__)
CACHE_RESET_EVERY = 200  # documents between resets of the page extractor's caches
T = TypeVar("T")


def text_windows(text: str, size: int) -> list[tuple[int, int]]:
    """``(start, end)`` windows covering ``text``, each at most ``size`` characters, cut after a
    paragraph break where one falls in the window's second half, else after a line break, a
    sentence end or a space, else anywhere."""
    if size <= 0 or len(text) <= size:
        return [(0, len(text))]
    out: list[tuple[int, int]] = []
    start = 0
    while len(text) - start > size:
        limit = start + size
        cut = -1
        for sep in ("\n\n", "\n", ". ", " "):
            at = text.rfind(sep, start + size // 2, limit)
            if at >= 0:
                cut = at + len(sep)
                break
        cut = cut if cut > start else limit
        out.append((start, cut))
        start = cut
    out.append((start, len(text)))
    return out


def shifted(record: T, offset: int) -> T:
    """A copy of an NLP record (a Timex, Entity, Quote, Event...) with every span inside it moved
    ``offset`` characters on: what a window found, placed in the full text."""
    if not offset:
        return record
    if isinstance(record, list):
        return cast(T, [shifted(x, offset) for x in record])
    if not isinstance(record, BaseModel):
        return record
    update: dict[str, Any] = {name: shifted(getattr(record, name), offset)
                              for name in type(record).model_fields
                              if isinstance(getattr(record, name), BaseModel | list)}
    if isinstance(record, Span):
        update |= {"start": record.start + offset, "end": record.end + offset}
    return cast(T, record.model_copy(update=update))


def merge_entities(seen: list[Entity], more: list[Entity]) -> list[Entity]:
    """Entities of several windows as one list: one record per key, mentions, roles and aliases
    joined (the first window's name and codes kept)."""
    by_key = {e.key: e for e in seen}
    for ent in more:
        first = by_key.get(ent.key)
        if first is None:
            by_key[ent.key] = ent
            continue
        roles = first.roles + [r for r in ent.roles if r not in first.roles]
        aliases = first.aliases + [a for a in ent.aliases if a not in first.aliases and a != first.name]
        by_key[ent.key] = first.model_copy(update={"mentions": first.mentions + ent.mentions, "roles": roles,
                                                    "aliases": aliases})
    return list(by_key.values())


TOO_LONG = "text too long"


def too_long(n: int, limit: int) -> str:
    return f"{TOO_LONG}: {n:,} characters (the limit is {limit:,}, PARLEY_MAX_TEXT_CHARS)"


class Annotator:
    """The nlp object and the windows it runs on: one per process (the service's own, or each ingest
    worker's, loaded once when the worker starts)."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self._nlp: Any = None

    @property
    def nlp(self) -> Any:
        if self._nlp is None:
            from parley.nlp import load

            self._nlp = load(actors=self.settings.actors)
        return self._nlp

    # -- ingest ----------------------------------------------------------------------------
    def annotate(self, article: Article) -> dict[str, Any]:
        """Run the pipeline on an article; return its annotations as typed records.

        A text longer than ``settings.nlp_window_chars`` is parsed in windows cut at paragraph
        breaks (:func:`text_windows`), so the work per document grows with its length, never faster;
        offsets come back into the full text and entities seen in several windows are merged."""
        windows = text_windows(article.text, self.settings.nlp_window_chars)
        dct: date | None = article.published
        out: dict[str, Any] = {"timexes": [], "entities": [], "quotes": [], "events": []}
        for start, end in windows:
            part = self._annotate_text(article.text[start:end], dct)
            if dct is None and part.get("dct"):  # inferred from the first window that tells
                dct = out["dct"] = part["dct"]
                out["dct_confidence"] = part.get("dct_confidence")
            for name in ("timexes", "quotes", "events"):
                out[name] += [shifted(x, start) for x in part[name]]
            out["entities"] = merge_entities(out["entities"], [shifted(e, start) for e in part["entities"]])
        out["version"] = f"{self.nlp.meta.get('name', 'parley')}-{self.nlp.meta.get('version')}"
        return out

    def _annotate_text(self, text: str, dct: date | None) -> dict[str, Any]:
        from spacy.tokens import Doc

        doc = self.nlp.make_doc(text)
        if Doc.has_extension("dct") and dct:
            doc._.dct = dct.isoformat()
        doc = self.nlp(doc)
        out: dict[str, Any] = {}
        for name in ("timexes", "entities", "quotes", "events"):
            out[name] = list(getattr(doc._, name)) if Doc.has_extension(name) else []
        if Doc.has_extension("dct") and not dct and doc._.dct:
            found = doc._.dct
            out["dct"] = found if isinstance(found, date) else date.fromisoformat(str(found)[:10])
            out["dct_confidence"] = (doc._.dct_confidence
                                     if Doc.has_extension("dct_confidence") else None)
        return out



@dataclass
class Job:
    """One document to clean and parse, with the run's overrides."""

    raw: RawItem
    published: date | None
    source: str | None
    title: str | None
    use_nlp: bool


@dataclass
class Prepared:
    """A cleaned (and parsed) document ready to store, or why it cannot be."""

    raw: RawItem
    article: Article | None = None
    failure: str | None = None
    ann: dict[str, Any] | None = None
    warning: str | None = None


def clean_job(job: Job, settings: Settings) -> Prepared:
    """Clean one document; the failure reason when it cannot be stored."""
    raw = job.raw
    try:
        article = clean_item(raw, published=job.published, source=job.source)
    except ParleyError as exc:
        return Prepared(raw, failure=exc.reason)
    except Exception as exc:  # noqa: BLE001 - a broken page must not stop the run
        return Prepared(raw, failure=f"cannot clean: {exc.__class__.__name__}: {exc}")
    if job.title:
        article.title = job.title
    limit = settings.max_text_chars
    if limit and len(article.text) > limit:
        return Prepared(raw, failure=too_long(len(article.text), limit))
    return Prepared(raw, article=article)


def parse_prepared(prep: Prepared, job: Job, annotator: Annotator) -> Prepared:
    """Add the annotations of an English article (other languages are stored, flagged, not parsed);
    an NLP failure keeps the article and says so."""
    article = prep.article
    if article is None or not job.use_nlp or article.language != "en":
        return prep
    try:
        prep.ann = annotator.annotate(article)
    except ParleyError:
        raise
    except Exception as exc:  # noqa: BLE001 - keep the article, report the NLP failure
        log.warning("%s: NLP failed: %s", prep.raw.item, exc)
        prep.warning = f"{prep.raw.item}: stored without annotations (NLP failed: {exc})"
    return prep


# The annotator of an ingest worker process (``Service.ingest(workers=N)``), made by worker_init.
_WORKER: Annotator | None = None


def worker_init(settings: dict[str, Any]) -> None:
    """Make this worker's annotator and load its model, once, as the worker starts."""
    global _WORKER
    _WORKER = Annotator(Settings(**settings))
    _WORKER.nlp  # noqa: B018 - load the model once, when the worker starts


def worker_prepare(job: Job) -> Prepared:
    """Clean and parse one document in a worker; the main process stores it."""
    assert _WORKER is not None, "ingest worker not initialised"
    return parse_prepared(clean_job(job, _WORKER.settings), job, _WORKER)


