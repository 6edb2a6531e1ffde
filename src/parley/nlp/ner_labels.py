"""The names Parley's components read from ``doc.ents``, whatever NER the pipeline carries.

Parley's components know six name labels: PERSON, ORG, GPE, LOC, FAC and NORP (demonyms such as
"Russian" or "German"). A news-trained OntoNotes NER also marks dates, times, amounts, products,
laws, events and works of art; time expressions are Parley's own stage (``parley_timex``), and the
others are not names of actors. ``parley_ner_labels`` runs right after the NER and keeps the
name labels only, mapped by :data:`NAME_LABELS` (a label not in it is dropped), so every component
reads the same six labels from the shipped model and from any other English pipeline
(``parley.load(base=...)``).
"""

from __future__ import annotations

from typing import Any

from spacy.language import Language
from spacy.tokens import Doc, Span

NAME = "parley_ner_labels"

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


class NerLabels:
    """Keep (and rename) the entities whose label is in ``labels``; drop the others."""

    def __init__(self, labels: dict[str, str]) -> None:
        self.labels = dict(labels)

    def __call__(self, doc: Doc) -> Doc:
        ents = list(doc.ents)
        if all(self.labels.get(e.label_) == e.label_ for e in ents):
            return doc
        kept = []
        for ent in ents:
            label = self.labels.get(ent.label_)
            if label is not None:
                kept.append(ent if label == ent.label_ else Span(doc, ent.start, ent.end, label=label))
        doc.set_ents(kept, default="outside")
        return doc


@Language.factory(NAME, default_config={"labels": NAME_LABELS}, requires=["doc.ents"], assigns=["doc.ents"])
def make_ner_labels(nlp: Language, name: str, labels: dict[str, str]) -> NerLabels:  # noqa: ARG001
    return NerLabels(labels)


def add_to(nlp: Any) -> None:
    """Put ``parley_ner_labels`` right after the pipeline's ``ner`` (once; nothing when it has none)."""
    if "ner" in nlp.pipe_names and NAME not in nlp.pipe_names:
        nlp.add_pipe(NAME, after="ner")
