"""A per-Doc context: indexes worked out once per Doc while Parley's components run on it.

Components used to keep such indexes in module-level dicts keyed by ``id(doc)``, which two Docs
processed at once (threads, nested calls) could share or clobber. The context lives on the Doc
itself, in ``doc._.parley_context``, for as long as a component holds it open::

    with doc_context(doc) as ctx:
        ctx.sents          # list[Span], read once
        ctx.text           # doc.text, built once
        ctx.line_of[i]     # the line (0-based) token i stands on
        ctx.memo("codes", dict)   # a component's own per-Doc table, made on first use

The outermost ``doc_context`` that opened it drops it again, so a Doc never carries one once the
pipeline is done: it stays serialisable (``DocBin``, ``nlp.pipe(n_process=2)``) and the indexes
never outlive a change to the Doc. Helpers that may run outside a component ask :func:`context_of`,
which returns None when no context is open, and then work without one.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import cached_property
from typing import Any, Protocol, TypeVar

from spacy.tokens import Doc, Span

from parley.records import Entity

EXTENSION = "parley_context"
# where spaCy keeps ``doc._.parley_context``: read straight from ``doc.user_data`` by
# :func:`context_of`, which helpers call for every token they look at (``doc._`` builds an
# accessor object on each use, ten times slower)
_KEY = ("._.", EXTENSION, None, None)

T = TypeVar("T")


class DocContext:
    """Indexes of one Doc, each computed on first use."""

    def __init__(self, doc: Doc) -> None:
        self.doc = doc
        self._memo: dict[str, Any] = {}

    @cached_property
    def text(self) -> str:
        """``doc.text``, built once (``Doc.text`` joins every token's text again on each access)."""
        return self.doc.text

    @cached_property
    def sents(self) -> list[Span]:
        return list(self.doc.sents)

    @cached_property
    def sent_starts(self) -> list[int]:
        """Character offset of each sentence's start, for :func:`bisect.bisect_right`."""
        return [s.start_char for s in self.sents]

    def sent_at(self, char: int) -> Span:
        """The sentence holding character ``char`` (the last one starting at or before it)."""
        return self.sents[max(0, bisect.bisect_right(self.sent_starts, char) - 1)]

    @cached_property
    def sent_token_starts(self) -> list[int]:
        """Token index of each sentence's start, for :func:`bisect.bisect_right`."""
        return [s.start for s in self.sents]

    def sent_of(self, i: int) -> Span:
        """The sentence holding token ``i`` (``Token.sent`` scans the Doc again on every call)."""
        return self.sents[max(0, bisect.bisect_right(self.sent_token_starts, i) - 1)]

    @cached_property
    def newlines(self) -> list[int]:
        """Offsets of every line break in the text."""
        return [i for i, ch in enumerate(self.text) if ch == "\n"]

    @cached_property
    def line_of(self) -> list[int]:
        """Each token's line number (the count of line breaks before it)."""
        newlines = self.newlines
        if not newlines:
            return [0] * len(self.doc)
        return [bisect.bisect_right(newlines, idx) for idx in self.doc.to_array("IDX").tolist()]

    def memo(self, name: str, build: Callable[[], T]) -> T:
        """A component's own per-Doc table ``name``, built by ``build()`` on first use."""
        if name not in self._memo:
            self._memo[name] = build()
        return self._memo[name]


def _ensure_extension() -> None:
    if not Doc.has_extension(EXTENSION):
        Doc.set_extension(EXTENSION, default=None)


_ensure_extension()


@contextmanager
def doc_context(doc: Doc) -> Iterator[DocContext]:
    """Open ``doc``'s context (or join the one already open) for the duration of a ``with`` block."""
    ctx = doc._.get(EXTENSION)
    if ctx is not None:
        yield ctx
        return
    ctx = DocContext(doc)
    doc._.set(EXTENSION, ctx)
    try:
        yield ctx
    finally:
        doc._.set(EXTENSION, None)


def context_of(doc: Doc) -> DocContext | None:
    """The context open on ``doc``, or None outside a component."""
    data: dict[Any, Any] = doc.user_data  # spaCy types it dict[str, Any]; extension keys are tuples
    ctx = data.get(_KEY)
    return ctx if isinstance(ctx, DocContext) else None


def context_for(doc: Doc) -> DocContext:
    """The context open on ``doc``; outside a component a fresh one that is not kept (nothing is
    stored on the Doc, so a helper called that way works its indexes out on every call)."""
    return context_of(doc) or DocContext(doc)


class EntityLookup(Protocol):
    """What ``parley_entities`` publishes on ``doc._.entity_index`` for the components after it
    (:class:`parley.nlp.entities.index.EntityIndex`); they read it through this type only."""

    @property
    def entities(self) -> list[Entity]: ...

    @property
    def by_key(self) -> dict[str, Entity]: ...

    @property
    def mentions(self) -> list[Span]: ...

    def at(self, start_char: int, end_char: int) -> Entity | None: ...

    def resolve(self, span: Span) -> Entity | None: ...

    def actor_code(self, span: Span) -> str | None: ...


def entity_index(doc: Doc) -> EntityLookup | None:
    """``doc._.entity_index``, what ``parley_entities`` published, or None when it has not run."""
    if not Doc.has_extension("entity_index"):
        return None
    index: EntityLookup | None = doc._.entity_index
    return index
