"""How a stage stores its spans on the Doc and how another finds them (see :mod:`parley.nlp`)."""

from __future__ import annotations

from spacy.tokens import Doc, Span

# the key of ``SpanGroup.attrs`` naming the stage whose results a span group holds
STAGE_ATTR = "parley"


def write_spans(doc: Doc, key: str, stage: str, spans: list[Span]) -> None:
    """Store a stage's results as ``doc.spans[key]``, the group marked as ``stage``'s."""
    doc.spans[key] = spans
    doc.spans[key].attrs[STAGE_ATTR] = stage


def stage_spans(doc: Doc, stage: str, key: str) -> list[Span]:
    """The spans ``stage`` stored: ``doc.spans[key]`` when that group is the stage's (or unmarked, as
    written before groups were marked), else the group marked as the stage's under another key;
    [] when the stage has not run."""
    group = doc.spans[key] if key in doc.spans else None
    if group is None or group.attrs.get(STAGE_ATTR, stage) != stage:
        group = next((g for g in doc.spans.values() if g.attrs.get(STAGE_ATTR) == stage), None)
    return list(group) if group is not None else []
