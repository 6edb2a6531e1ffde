"""The names Parley's components read from ``doc.ents``, whatever NER the pipeline carries.

Parley's components know six name labels: PERSON, ORG, GPE, LOC, FAC and NORP (demonyms such as
"Russian" or "German"). A news-trained OntoNotes NER also marks dates, times, amounts, products,
laws, events and works of art; time expressions are Parley's own stage (``parley_timex``), and the
others are not names of actors. ``parley_ner_labels`` runs right after the NER and keeps the
name labels only, mapped by :data:`NAME_LABELS` (a label not in it is dropped), so every component
reads the same six labels from the shipped model and from any other English pipeline
(``parley.load(base=...)``).

A pipeline may carry a second NER, ``ner_web`` (``training/train.py`` keeps the one trained on UNER +
GUM beside a sourced news NER): ``parley_ner_stash`` moves its names into ``doc.spans["ner_web"]``
before the main NER runs, and ``parley_ner_labels`` adds its persons where the main NER found no name.
"""

from __future__ import annotations

from typing import Any

from spacy.language import Language
from spacy.tokens import Doc, Span

NAME = "parley_ner_labels"
STASH = "parley_ner_stash"
WEB_KEY = "ner_web"  # the second NER's pipe name and its span group

# NER label -> Parley's label. OntoNotes (spaCy's en_core_web_*) and Parley's own labels map to themselves;
# CoNLL-style PER / LOC / ORG pipelines map onto the same names (MISC is no actor: dropped).
NAME_LABELS: dict[str, str] = {
    "PERSON": "PERSON", "PER": "PERSON",
    "ORG": "ORG",
    "GPE": "GPE",
    "LOC": "LOC",
    "FAC": "FAC",
    "NORP": "NORP",
}


class NerStash:
    """Move the names of a second NER that runs before the main one (``ner_web``, trained here on web text)
    into ``doc.spans[key]`` and leave ``doc.ents`` unset, so the main NER reads the text afresh;
    ``parley_ner_labels`` then adds the persons it found where the main NER found nothing."""

    def __init__(self, key: str) -> None:
        self.key = key

    def __call__(self, doc: Doc) -> Doc:
        doc.spans[self.key] = list(doc.ents)
        doc.set_ents([], default="missing")
        return doc


@Language.factory(STASH, default_config={"key": WEB_KEY}, requires=["doc.ents"], assigns=["doc.ents"])
def make_ner_stash(nlp: Language, name: str, key: str) -> NerStash:  # noqa: ARG001
    return NerStash(key)


class NerLabels:
    """Keep (and rename) the entities whose label is in ``labels``; drop the others."""

    def __init__(self, labels: dict[str, str], web_key: str = WEB_KEY) -> None:
        self.labels = dict(labels)
        self.web_key = web_key

    def __call__(self, doc: Doc) -> Doc:
        ents = list(doc.ents)
        kept = []
        for ent in ents:
            label = self.labels.get(ent.label_)
            if label is not None:
                kept.append(ent if label == ent.label_ else Span(doc, ent.start, ent.end, label=label))
        if self.web_key in doc.spans:
            kept = with_web_persons(doc, kept, list(doc.spans[self.web_key]))
        if kept != ents:
            doc.set_ents(kept, default="outside")
        return doc


def with_web_persons(doc: Doc, ents: list[Span], web: list[Span]) -> list[Span]:
    """The persons of the second NER where the main one found no name at all (a news NER misses names
    of sportspeople, artists and private people that a web-trained one knows)."""
    taken = [(e.start, e.end) for e in ents]
    added = [Span(doc, w.start, w.end, label="PERSON") for w in web if w.label_ in ("PERSON", "PER")
             and not any(a < w.end and w.start < b for a, b in taken)]
    return sorted([*ents, *added], key=lambda e: e.start) if added else ents


@Language.factory(NAME, default_config={"labels": NAME_LABELS}, requires=["doc.ents"], assigns=["doc.ents"])
def make_ner_labels(nlp: Language, name: str, labels: dict[str, str]) -> NerLabels:  # noqa: ARG001
    return NerLabels(labels)


def add_to(nlp: Any) -> None:
    """Put ``parley_ner_labels`` right after the pipeline's ``ner`` (once; nothing when it has none), and
    ``parley_ner_stash`` after a second NER named ``ner_web`` that runs before it."""
    if "ner" in nlp.pipe_names and NAME not in nlp.pipe_names:
        nlp.add_pipe(NAME, after="ner")
    if WEB_KEY in nlp.pipe_names and STASH not in nlp.pipe_names:
        nlp.add_pipe(STASH, after=WEB_KEY)
