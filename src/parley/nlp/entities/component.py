"""``parley_entities``: who is who — persons, states, places and organisations with their mentions,
roles, countries and actor codes.

Runs after ``ner``. Names come from NER and from the actor lexicon (:mod:`parley.nlp.lexicon.actors`);
titles before a name ("Russian Foreign Minister Pavel Dorokhin") or in apposition give roles.
Surnames, honorifics ("Ms Vetrova"), titles used alone ("the chancellor") and he/she are
grouped with the person they refer to; capitals used as governments ("Oslo and Helsinki agreed")
and "the Russian side" are mentions of the state.

Results::

    doc._.entities          # list[parley.records.Entity] (built from doc._.entity_data)
    doc.spans["mentions"]   # every mention (key: the spans_key config); span._.entity_key,
                            # span._.mention_kind, span.label_

Other components read the results through ``doc._.entity_index`` (:mod:`parley.nlp.entities.index`).
"""

from __future__ import annotations

from typing import Any

from spacy.language import Language
from spacy.pipeline import Pipe
from spacy.tokens import Doc, Span

from parley.nlp.dct import ensure_dct_extension
from parley.nlp.entities.evidence import (
    brand_names,
    it_pronouns,
    mend_glue,
    merge_acronyms,
    merge_name_tails,
    relabel_by_context,
)
from parley.nlp.entities.find import (
    Found,
    Toks,
    find_candidates,
)
from parley.nlp.entities.index import SPANS_KEY, STAGE, EntityIndex
from parley.nlp.entities.index import ensure_extensions as ensure_index_extensions
from parley.nlp.entities.resolve import GROUPS_ONLY, Ent, Resolver
from parley.nlp.intervals import Intervals
from parley.nlp.lexicon.actors import Lexicon, lexicon, norm
from parley.nlp.spans import write_spans
from parley.records import Entity, Mention, Role

NER_LABELS = {"PERSON", "ORG", "GPE", "LOC", "NORP", "FAC"}

# ---------------------------------------------------------------- extensions


def _entities_getter(doc: Doc) -> list[Entity]:
    """``doc._.entities``: the records of the entity index (the entities in order of first mention)."""
    index = doc._.entity_index
    return list(index.entities) if index is not None else []


def ensure_extensions() -> None:
    """Register the Doc and Span extensions (idempotent)."""
    for name in ("entity_key", "mention_kind"):
        if not Span.has_extension(name):
            Span.set_extension(name, default=None)
    ensure_index_extensions()
    if not Doc.has_extension("entities"):
        Doc.set_extension("entities", getter=_entities_getter)
    ensure_dct_extension()


ensure_extensions()

# ---------------------------------------------------------------- the component


class EntityRecognizer:
    """Rule-based mention grouping, roles and actor codes over a parsed, NER-tagged Doc."""

    def __init__(self, nlp: Language, name: str = "parley_entities", *, actors_path: str | None = None,
                 phoenix_path: str | None = None, spans_key: str = SPANS_KEY, strict_pronouns: bool = False
                 ) -> None:
        ensure_extensions()
        self.name = name
        self.actors_path = actors_path
        self.phoenix_path = phoenix_path
        self.spans_key = spans_key
        self.strict_pronouns = strict_pronouns
        self._lex: Lexicon | None = None
        # hashes of the parser's subject relations (nsubj, nsubj:pass ...), read as arrays per Doc
        parser = nlp.get_pipe("parser") if "parser" in nlp.pipe_names else None
        parser_labels = parser.labels if isinstance(parser, Pipe) else ()
        self._subject_ids = {nlp.vocab.strings.add(lab) for lab in parser_labels if lab.startswith("nsubj")}

    @property
    def lex(self) -> Lexicon:
        if self._lex is None:
            self._lex = lexicon(self.actors_path, self.phoenix_path)
        return self._lex

    def __call__(self, doc: Doc) -> Doc:
        self.set_annotations(doc, self.find(doc))
        return doc

    def find(self, doc: Doc) -> Found:
        """Find and group the mentions of ``doc``; writes nothing."""
        text = doc.text
        # the tokens as columns read from arrays: no object per token (Token or other) for the garbage
        # collector to count and walk on a long Doc
        tokens = Toks.of_doc(doc)
        tagged = [(e.start_char, e.end_char, e.label_) for e in doc.ents]
        ents = mend_glue([e for e in tagged if e[2] in NER_LABELS], tokens)
        makers, models = brand_names(tokens, ents)
        named = Intervals((s, e) for s, e, _lab in ents) if models else Intervals()  # (by position: no scan per model)
        ents += makers + [m for m in models if not named.overlaps(m[0], m[1])]
        cands, loose = find_candidates(text, tokens, ents, self.lex)
        companies, places = relabel_by_context(doc, tokens, ents, models, cands, self.lex, text=text)
        not_persons = companies | places
        loose = [c for c in loose if self.lex.person_key(text[c.start:c.end]) not in not_persons]
        ner_labels: dict[str, set[str]] = {}
        for s, e, lab in tagged:
            ner_labels.setdefault(self.lex.person_key(text[s:e]), set()).add(lab)
        for key in companies:
            ner_labels.setdefault(key, set()).add("ORG")
        subjects: list[int] = []
        if len(doc) and self._subject_ids:
            deps, idxs = doc.to_array(["DEP", "IDX"]).T.tolist()
            subjects = [idx for dep, idx in zip(deps, idxs, strict=True) if dep in self._subject_ids]
        resolver = Resolver(text, self.lex, strict=self.strict_pronouns, ner_labels=ner_labels, subjects=subjects)
        cands = resolver.run(cands, loose)
        # a maker named before a model number ("Airbus A320") is part of a product name: it only
        # teaches that the word is an organisation, repeated elsewhere (Resolver.propagate)
        product = {(s, e) for s, e, _ in models}
        if product:
            cands = [c for c in cands if (c.start, c.end) not in product]
            for ent in resolver.ents.values():
                ent.mentions = [m for m in ent.mentions if (m.start, m.end) not in product]
        merge_acronyms(resolver.ents, text)
        merge_name_tails(resolver.ents, companies)
        cands = it_pronouns(doc, cands, resolver.ents, regions=resolver.regions)
        as_of = _iso(doc._.dct)
        # the narrator's "I" and "we" group mentions (doc.spans) but are no actors of the record
        entities = [_entity_dict(e, text, as_of) for e in resolver.ents.values()
                    if e.mentions and e.key not in GROUPS_ONLY]
        entities.sort(key=lambda d: d["mentions"][0]["start"])
        return Found(mentions=cands, entities=entities)

    def set_annotations(self, doc: Doc, found: Found) -> None:
        """Write ``doc.spans[spans_key]`` and ``doc._.entity_data``."""
        spans: list[Span] = []
        for c in found.mentions:
            span = doc.char_span(c.start, c.end, label=c.label, alignment_mode="expand")
            if span is None or not len(span):
                continue
            span._.entity_key = c.key
            span._.mention_kind = c.kind
            spans.append(span)
        write_spans(doc, self.spans_key, STAGE, spans)
        doc._.entity_data = found.entities


@Language.factory(
    "parley_entities",
    default_config={"actors_path": None, "phoenix_path": None, "spans_key": SPANS_KEY, "strict_pronouns": False},
    requires=["doc.ents"],
    assigns=["doc.spans", "span._.entity_key", "span._.mention_kind", "doc._.entity_data"],
)
def make_entities(nlp: Language, name: str, actors_path: str | None, phoenix_path: str | None,
                  spans_key: str, strict_pronouns: bool) -> EntityRecognizer:
    """spaCy factory for :class:`EntityRecognizer`.

    ``actors_path``: a YAML file of extra actors; ``phoenix_path``: Phoenix ``.actors`` file or
    folder (optional); ``strict_pronouns``: leave a pronoun unresolved when two persons fit.
    """
    return EntityRecognizer(nlp, name, actors_path=actors_path, phoenix_path=phoenix_path,
                            spans_key=spans_key, strict_pronouns=strict_pronouns)


# ---------------------------------------------------------------- records


def _iso(value: Any) -> str | None:
    if value is None:
        return None
    if hasattr(value, "isoformat"):
        return value.isoformat()[:10]
    return str(value)[:10] or None


def _entity_dict(e: Ent, text: str, as_of: str | None) -> dict[str, Any]:
    aliases = [a for a in dict.fromkeys(e.aliases) if norm(a) != norm(e.name)]
    return {
        "key": e.key, "name": e.name, "type": e.type, "country": e.country, "sector": e.sector,
        "code": e.code, "aliases": aliases,
        "roles": [{"title": r.title, "country": r.country, "sector": r.sector, "as_of": as_of} for r in e.roles],
        "mentions": [{"start": m.start, "end": m.end, "text": text[m.start:m.end], "label": m.label,
                      "kind": m.kind, "entity_key": e.key} for m in sorted(e.mentions, key=lambda m: m.start)],
    }


# ---------------------------------------------------------------- look-ups (doc._.entity_index)


def entity_at(doc: Doc, start_char: int, end_char: int) -> Entity | None:
    """:meth:`EntityIndex.at` on ``doc``'s index (None before the component has run)."""
    index = doc._.entity_index
    return index.at(start_char, end_char) if index is not None else None


def resolve_mention(doc: Doc, span: Span) -> Entity | None:
    """:meth:`EntityIndex.resolve` on ``doc``'s index (None before the component has run)."""
    index = doc._.entity_index
    return index.resolve(span) if index is not None else None


def actor_code(doc: Doc, span: Span) -> str | None:
    """:meth:`EntityIndex.actor_code` on ``doc``'s index (None before the component has run)."""
    index = doc._.entity_index
    return index.actor_code(span) if index is not None else None


__all__ = ["EntityIndex", "EntityRecognizer", "actor_code", "entity_at", "make_entities", "resolve_mention", "Role",
           "Mention"]
