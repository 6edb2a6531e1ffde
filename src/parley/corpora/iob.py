"""IOB2 name files (Universal NER: ``# sent_id``, ``# text``, then ``ID<TAB>WORD<TAB>LABEL...``) and
IOB span decoding."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field
from pathlib import Path

Span = tuple[int, int, str]  # start word, end word (exclusive), type


@dataclass
class IobSentence:
    sent_id: str
    doc_id: str
    text: str = ""
    words: list[str] = field(default_factory=list)
    labels: list[str] = field(default_factory=list)

    @property
    def spaces(self) -> list[bool]:
        """Whether each word is followed by a space in ``# text`` (every word is, when the words cannot be
        found in it in order)."""
        out: list[bool] = []
        pos = 0
        for w in self.words:
            i = self.text.find(w, pos)
            if i < 0 or self.text[pos:i].strip():
                return [True] * len(self.words)
            pos = i + len(w)
            out.append(self.text[pos:pos + 1].isspace())
        return out


def read_iob2_sentences(path: Path) -> list[IobSentence]:
    """Sentences of an IOB2 file in file order; ``doc_id`` from ``# newdoc id`` (else the file's stem), a
    sentence with no ``# sent_id`` is named ``DOC#N``."""
    out: list[IobSentence] = []
    doc_id = path.stem
    sent: IobSentence | None = None
    sent_id: str | None = None
    text = ""
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("#"):
            key, _, value = line[1:].partition("=")
            key, value = key.strip(), value.strip()
            if key == "newdoc id":
                doc_id = value
            elif key == "sent_id":
                sent_id = value
            elif key == "text":
                text = value
            continue
        if not line.strip():
            if sent is not None:
                out.append(sent)
            sent, sent_id, text = None, None, ""
            continue
        cols = line.split("\t")
        if sent is None:
            sent = IobSentence(sent_id if sent_id is not None else f"{doc_id}#{len(out) + 1}", doc_id, text)
        sent.words.append(cols[1])
        sent.labels.append(cols[2])
    if sent is not None:
        out.append(sent)
    return out


def read_iob2(path: Path) -> dict[str, tuple[list[str], list[str]]]:
    """sent_id -> (words, IOB2 labels) of a UNER file."""
    return {s.sent_id: (s.words, s.labels) for s in read_iob2_sentences(path)}


def iob_spans(labels: list[str], keep: Collection[str] | None = None) -> list[Span]:
    """(start, end, type) spans of IOB/IOB2 labels (an ``I-`` after ``O`` or another type opens a span),
    only of the types in ``keep`` when given."""
    spans: list[Span] = []
    start, cur = -1, ""
    for i, lab in enumerate([*labels, "O"]):
        tag, _, typ = lab.partition("-")
        if cur and (tag != "I" or typ != cur):
            spans.append((start, i, cur))
            cur = ""
        if tag == "B" or (tag == "I" and not cur):
            start, cur = i, typ
    return spans if keep is None else [s for s in spans if s[2] in keep]


def spans_to_iob(n: int, spans: list[Span]) -> list[str]:
    """IOB2 labels of ``n`` words with the given spans."""
    iob = ["O"] * n
    for s, e, lab in spans:
        iob[s] = f"B-{lab}"
        for k in range(s + 1, e):
            iob[k] = f"I-{lab}"
    return iob
