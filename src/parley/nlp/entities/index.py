"""The entities component's results as one typed index on the Doc: ``doc._.entity_index``.

Quotes and events read who is who only through this index, never by importing the entities
component's modules::

    index = doc._.entity_index          # EntityIndex, or None before parley_entities has run
    index.entities                      # list[parley.records.Entity], in order of first mention
    index.by_key["vladimir putin"]      # Entity
    index.at(start_char, end_char)      # the entity a resolved mention at that range refers to
    index.resolve(span)                 # ... or that a name, surname, title or pronoun refers to
    index.actor_code(span)              # ISO3 / IGO code of a span, or None (never guessed)

The index is built from what ``parley_entities`` stored (its span group, ``doc.spans["mentions"]``
by default, and ``doc._.entity_data``, both serialisable) and, while a per-Doc context is open
(:mod:`parley.nlp.context`), built once per Doc.
"""

from __future__ import annotations

import bisect
from functools import cached_property

from spacy.tokens import Doc, Span

from parley.nlp.context import context_of
from parley.nlp.lexicon.actors import lexicon, norm
from parley.nlp.lexicon.words import PRONOUN_GENDER
from parley.nlp.spans import stage_spans
from parley.records import Entity

STAGE = "entities"
SPANS_KEY = "mentions"  # the default of the factory's ``spans_key``


class EntityIndex:
    """Who is who in one Doc, with look-ups by key and by character range."""

    def __init__(self, doc: Doc, spans_key: str = SPANS_KEY) -> None:
        self.doc = doc
        self.spans_key = spans_key

    @cached_property
    def entities(self) -> list[Entity]:
        return [Entity.model_validate(d) for d in (self.doc._.entity_data or [])]

    @cached_property
    def by_key(self) -> dict[str, Entity]:
        return {e.key: e for e in self.entities}

    @cached_property
    def persons(self) -> list[Entity]:
        return [e for e in self.entities if e.type == "PERSON"]

    @cached_property
    def persons_by_surname(self) -> dict[str, list[Entity]]:
        """The persons by the last word of their key (looked up per mention, never scanned)."""
        out: dict[str, list[Entity]] = {}
        for e in self.persons:
            words = e.key.split()
            if words:
                out.setdefault(words[-1], []).append(e)
        return out

    @cached_property
    def mentions(self) -> list[Span]:
        """Every mention span, in the order the component stored them."""
        return stage_spans(self.doc, STAGE, self.spans_key)

    @cached_property
    def _by_start(self) -> tuple[list[int], list[tuple[int, Span]], int]:
        """Resolved mentions sorted by start offset (with their stored order), and the longest one's length."""
        keyed = sorted(((s.start_char, n, s) for n, s in enumerate(self.mentions) if s._.entity_key is not None),
                       key=lambda x: (x[0], x[1]))
        longest = max((s.end_char - s.start_char for _, _, s in keyed), default=0)
        return [k[0] for k in keyed], [(n, s) for _, n, s in keyed], longest

    def _overlapping(self, start_char: int, end_char: int) -> list[Span]:
        """Resolved mentions overlapping ``[start_char, end_char)``, in stored order."""
        starts, spans, longest = self._by_start
        lo = bisect.bisect_left(starts, start_char - longest)
        hi = bisect.bisect_left(starts, end_char)
        hits = [(n, s) for n, s in spans[lo:hi] if s.start_char < end_char and start_char < s.end_char]
        return [s for _, s in sorted(hits, key=lambda x: x[0])]

    def at(self, start_char: int, end_char: int) -> Entity | None:
        """The entity of the resolved mention overlapping ``[start_char, end_char)``; a mention covering
        the range wins, then the longest overlap."""
        best: tuple[int, int, Span] | None = None
        for span in self._overlapping(start_char, end_char):
            if (span._.mention_kind == "demonym" or span._.mention_kind == "pronoun" and span.label_ != "PERSON"
                    and span.text.lower() == "its") and (span.start_char > start_char or span.end_char < end_char):
                continue  # "its European allies", "the British aid group Gatsby" are not the state named
            covers = int(span.start_char <= start_char and span.end_char >= end_char)
            overlap = min(end_char, span.end_char) - max(start_char, span.start_char)
            if best is None or (covers, overlap) > best[:2]:
                best = (covers, overlap, span)
        if best is None:
            return None
        return self.by_key.get(best[2]._.entity_key)

    def resolve(self, span: Span) -> Entity | None:
        """Entity a name, surname, honorific, title or pronoun refers to (None when unresolved)."""
        ent = self.at(span.start_char, span.end_char)
        if ent is not None:
            return ent
        text = span.text.strip()
        if not text:
            return None
        lex = lexicon()
        place = lex.place(text)
        if place is not None:
            key = norm(place.name) if place.kind != "country" else norm(lex.country_name(place.country or ""))
            return self.by_key.get(key)
        if text.lower() in PRONOUN_GENDER:
            return None
        words = lex.person_key(text).split()
        if words:
            hits = self.persons_by_surname.get(words[-1], [])
            if len(hits) == 1:
                return hits[0]
        return None

    def actor_code(self, span: Span) -> str | None:
        """Actor code of a span: ISO3 for states, capitals used as governments, demonyms and persons
        (their country); the IGO code ("NATO", "EU", "UN"); None when unknown (never guessed)."""
        ent = self.resolve(span)
        if ent is not None:
            return _entity_code(self.doc, span, ent)
        lex = lexicon()
        for token in span:
            iso3 = lex.demonym(token.text) if token.text[:1].isupper() else None
            if iso3:
                return iso3
        return None


def _entity_code(doc: Doc, span: Span, ent: Entity) -> str | None:
    mention = next((m for m in ent.mentions if m.start < span.end_char and span.start_char < m.end), None)
    if ent.type == "GPE" and ent.code:
        return ent.code
    if ent.type == "GPE" and mention is not None and mention.kind == "metonym":
        return ent.country
    if ent.type == "GPE" and ent.country and mention is not None and mention.start > span.start_char \
            and span.root.i < span.start + len(span) and norm(span.root.text) in lexicon().heads:
        named = doc.char_span(mention.start, mention.end, alignment_mode="expand")
        if named is not None and span.root.i < named.start:
            return ent.country  # "the mayor of Nablus": an office of the place's country
    if ent.type == "PERSON":
        return ent.country
    if ent.type == "ORG":
        return ent.code or ent.country
    return None


def _index_getter(doc: Doc) -> EntityIndex | None:
    if doc._.get("entity_data") is None:
        return None
    ctx = context_of(doc)
    if ctx is None:
        return EntityIndex(doc)
    return ctx.memo("entity_index", lambda: EntityIndex(doc))


def ensure_extensions() -> None:
    """Register ``Doc._.entity_data`` (what the component stores) and ``Doc._.entity_index`` (idempotent)."""
    if not Doc.has_extension("entity_data"):
        Doc.set_extension("entity_data", default=None)
    if not Doc.has_extension("entity_index"):
        Doc.set_extension("entity_index", getter=_index_getter)


def entity_index(doc: Doc) -> EntityIndex | None:
    """``doc._.entity_index`` when the entities component is installed and has run, else None."""
    return doc._.entity_index if Doc.has_extension("entity_index") else None
