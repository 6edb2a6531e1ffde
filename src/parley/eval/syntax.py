"""Syntax scorer: UD English EWT test with gold tokens (UPOS, XPOS, lemma, UAS, LAS)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any, Protocol, TypeVar

from parley.config import shared_data
from parley.corpora.conllu import read_conllu, split_file
from parley.eval.common import EvalResult

DEFAULT_GOLD: Path = shared_data("ud", "ewt")
MAX_SENTS = 12  # sentences per Doc, as in training


class _DocSentence(Protocol):
    @property
    def doc_id(self) -> str: ...


class _Words(Protocol):
    @property
    def words(self) -> list[str]: ...

    @property
    def spaces(self) -> list[bool]: ...


S = TypeVar("S", bound=_DocSentence)


def group_sents(sents: list[S], max_sents: int = MAX_SENTS) -> list[list[S]]:
    """Consecutive sentences of one document, at most ``max_sents`` per group."""
    groups: list[list[S]] = []
    for s in sents:
        if groups and groups[-1][-1].doc_id == s.doc_id and len(groups[-1]) < max_sents:
            groups[-1].append(s)
        else:
            groups.append([s])
    return groups


def gold_doc(nlp: Any, group: Sequence[_Words]) -> Any:
    """An unannotated spaCy Doc with the gold words of a group of sentences."""
    from spacy.tokens import Doc

    words: list[str] = []
    spaces: list[bool] = []
    for s in group:
        words += s.words
        spaces += [*s.spaces[:-1], True]
    spaces[-1] = False
    return Doc(nlp.vocab, words=words, spaces=spaces)


def split_path(gold: Path, split: str = "test") -> Path:
    """The CoNLL-U file of a split, given the EWT folder (or the file itself)."""
    return split_file(gold, split)


def evaluate(gold: Path, *, limit: int | None = None) -> EvalResult:
    """Score the shipped pipeline's tagger, lemmatizer and parser on gold EWT tokens."""
    from parley import nlp as parley_nlp

    nlp = parley_nlp.load(components=False, exclude=["ner"])
    path = split_path(Path(gold))
    groups = group_sents(list(read_conllu(path)))
    if limit is not None:
        groups = groups[:limit]
    n = upos = xpos = lemma = uas = las = 0
    sent_tp = sent_pred = sent_gold = 0
    docs = (gold_doc(nlp, g) for g in groups)
    for group, doc in zip(groups, nlp.pipe(docs, batch_size=64), strict=True):
        off = 0
        gold_starts: set[int] = set()
        for s in group:
            gold_starts.add(off)
            for k in range(len(s.words)):
                tok = doc[off + k]
                n += 1
                upos += tok.pos_ == s.upos[k]
                xpos += tok.tag_ == s.xpos[k]
                lemma += tok.lemma_ == s.lemmas[k]
                if tok.head.i == off + s.heads[k]:
                    uas += 1
                    dep = "root" if tok.dep_ == "ROOT" else tok.dep_
                    las += dep == s.deps[k]
            off += len(s.words)
        pred_starts = {sent.start for sent in doc.sents}
        sent_tp += len(pred_starts & gold_starts)
        sent_pred += len(pred_starts)
        sent_gold += len(gold_starts)
    sp = sent_tp / sent_pred if sent_pred else 0.0
    sr = sent_tp / sent_gold if sent_gold else 0.0
    metrics = {
        "tokens": n,
        "pos_accuracy": round(upos / n, 4) if n else 0.0,
        "tag_accuracy": round(xpos / n, 4) if n else 0.0,
        "lemma_accuracy": round(lemma / n, 4) if n else 0.0,
        "uas": round(uas / n, 4) if n else 0.0,
        "las": round(las / n, 4) if n else 0.0,
        "sent_f1": round(2 * sp * sr / (sp + sr), 4) if sp + sr else 0.0,
    }
    return EvalResult(
        task="syntax",
        dataset=f"UD English EWT {path.stem.rsplit('-', 1)[-1]} (gold tokens)",
        documents=len(groups),
        metrics=metrics,
        notes=[
            f"Model: {parley_nlp.model_path().name} {nlp.meta.get('version', '')}; punctuation included; "
            f"documents are runs of up to {MAX_SENTS} sentences of one EWT document, sentence breaks predicted.",
            "LAS compares full UD relations (with subtypes, e.g. nmod:poss).",
        ],
    )
