"""NER scorer: UNER English EWT test (exact spans) and MEANTIME news (NAM mentions).

Labels are compared coarsely: PERSON -> PER, ORG -> ORG, GPE, LOC and FAC -> LOC (UNER), and
PERSON -> PERSON, ORG -> ORGANIZATION, GPE/LOC/FAC/NORP -> LOCATION (MEANTIME, which marks facilities and
the demonyms of places as locations).

``--gold`` takes a UNER ``.iob2`` file (scored with the EWT CoNLL-U of the same name when one lies
beside it or in a sibling ``ewt/`` folder, else on the IOB2 file's own words and sentences), a
UNER folder (its test split, then the default MEANTIME as out-of-domain news), or a MEANTIME
folder with any ``corpus_*`` sub-folders (MEANTIME alone; see :func:`evaluate_meantime` on its
other entity types).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from parley.config import shared_data
from parley.corpora import meantime
from parley.corpora.conllu import read_conllu
from parley.corpora.iob import iob_spans, read_iob2, read_iob2_sentences
from parley.errors import NotFound
from parley.eval.common import EvalResult, prf
from parley.eval.syntax import gold_doc, group_sents

DEFAULT_GOLD: Path = shared_data("ud", "uner")
MEANTIME_DIR: Path = shared_data("timex", "meantime")

UNER_OF_PRED = {"PERSON": "PER", "ORG": "ORG", "GPE": "LOC", "LOC": "LOC", "FAC": "LOC"}
UNER_TYPES = {"PER", "ORG", "LOC"}
# MEANTIME's LOCATION covers facilities (airports, plants) and the demonyms of places ("German", "European").
MEANTIME_OF_PRED = {"PERSON": "PERSON", "ORG": "ORGANIZATION", "GPE": "LOCATION", "LOC": "LOCATION",
                    "FAC": "LOCATION", "NORP": "LOCATION"}
MEANTIME_OF_GOLD = {"PER": "PERSON", "ORG": "ORGANIZATION", "LOC": "LOCATION"}
MEANTIME_NAME_TYPES = meantime.NAME_TYPES

Span = tuple[int, int, str]


def score_exact(gold: list[Span], pred: list[Span]) -> tuple[int, int, int]:
    g, p = set(gold), set(pred)
    return len(g & p), len(p), len(g)


def score_overlap(gold: list[Span], pred: list[Span]) -> int:
    """One-to-one matches of same-type spans that overlap (greedy, left to right)."""
    used: set[int] = set()
    tp = 0
    for gs, ge, gt in sorted(gold):
        for k, (ps, pe, pt) in enumerate(pred):
            if k not in used and pt == gt and ps < ge and gs < pe:
                used.add(k)
                tp += 1
                break
    return tp


def _per_type(gold: list[Span], pred: list[Span], types: list[str]) -> dict[str, dict[str, float]]:
    out = {}
    for t in types:
        tp, npred, ngold = score_exact([s for s in gold if s[2] == t], [s for s in pred if s[2] == t])
        out[t] = prf(tp, npred, ngold)
    return out


# ---------------------------------------------------------------- UNER


def ewt_beside(iob_path: Path) -> Path | None:
    """The EWT CoNLL-U file with the UNER file's name, next to it or in a sibling ``ewt/`` folder."""
    name = f"{iob_path.stem}.conllu"
    for cand in (iob_path.parent / name, iob_path.parent.parent / "ewt" / name):
        if cand.is_file():
            return cand
    return None


def _uner_sentences(iob_path: Path) -> tuple[list[Any], list[list[str]], str, str]:
    """The sentences to score (words and spacing), their gold labels, the dataset name and a note."""
    conllu = ewt_beside(iob_path)
    stem = iob_path.stem
    if conllu is None:
        own = read_iob2_sentences(iob_path)
        return (own, [s.labels for s in own], f"UNER {stem} (IOB2 words)",
                f"{len(own)} sentences with the IOB2 file's own words (no EWT CoNLL-U beside it); a space after "
                "each word unless # text shows none.")
    uner = read_iob2(iob_path)
    sents = [s for s in read_conllu(conllu) if s.sent_id in uner and uner[s.sent_id][0] == s.words]
    split = stem.rsplit("-", 1)[-1]
    name = f"UNER English EWT {split}" if stem.startswith("en_ewt-ud-") else f"UNER {stem}"
    return (sents, [uner[s.sent_id][1] for s in sents], name,
            f"{len(sents)} sentences whose words match EWT {split} (UNER release differs on a few).")


def evaluate_uner(nlp: Any, gold: Path, *, limit: int | None = None) -> EvalResult:
    """Exact-span P/R/F1 on a UNER file: its sentences whose words match EWT (when the EWT file is found),
    else its own words; consecutive sentences of one document (at most 12) make one Doc."""
    gold = Path(gold)
    iob_path = gold if gold.is_file() else gold / "en_ewt-ud-test.iob2"
    sents, labels, dataset, note = _uner_sentences(iob_path)
    labels_of = {id(s): lab for s, lab in zip(sents, labels, strict=True)}
    groups = group_sents(sents)
    if limit is not None:
        groups = groups[:limit]
    gold_all: list[Span] = []
    pred_all: list[Span] = []
    docs = (gold_doc(nlp, g) for g in groups)
    base = 0
    for group, doc in zip(groups, nlp.pipe(docs, batch_size=64), strict=True):
        off = 0
        for s in group:
            for a, b, t in iob_spans(labels_of[id(s)], UNER_TYPES):
                gold_all.append((base + off + a, base + off + b, t))
            off += len(s.words)
        for ent in doc.ents:
            if ent.label_ in UNER_OF_PRED:
                pred_all.append((base + ent.start, base + ent.end, UNER_OF_PRED[ent.label_]))
        base += len(doc)
    tp, npred, ngold = score_exact(gold_all, pred_all)
    metrics: dict[str, Any] = {**prf(tp, npred, ngold), "gold_spans": ngold, "pred_spans": npred}
    for t, v in _per_type(gold_all, pred_all, ["PER", "ORG", "LOC"]).items():
        metrics[f"f1_{t}"] = v["f1"]
    return EvalResult(
        task="ner",
        dataset=dataset,
        documents=len(groups),
        metrics=metrics,
        notes=[
            "Exact span and type; gold tokens. PERSON->PER, ORG->ORG, GPE and LOC->LOC; other predicted "
            "labels and gold OTH are ignored.",
            note,
        ],
    )


# ---------------------------------------------------------------- MEANTIME


def meantime_names(doc: meantime.MeantimeDoc, *, keep_nested: bool = False) -> list[Span]:
    """Gold name mentions (NAM, PRE.NAM) of PER/ORG/LOC entities, typed PERSON/ORGANIZATION/LOCATION."""
    spans = {(a, b, MEANTIME_OF_GOLD[t]): e
             for (a, b, t), e in doc.mention_spans(set(MEANTIME_OF_GOLD), syntactic=MEANTIME_NAME_TYPES).items()}
    if keep_nested:
        return sorted(spans)
    # "US automaker GM" and the "GM" inside it are one name of one entity: keep the inner one, so a
    # system that marks the name is not charged a miss for the longer description around it
    nested = {outer for outer, ent in spans.items() for inner, other in spans.items()
              if inner != outer and other == ent and outer[0] <= inner[0] and inner[1] <= outer[1]}
    return sorted(set(spans) - nested)


def meantime_other(doc: meantime.MeantimeDoc) -> list[tuple[int, int]]:
    """Token spans of the mentions (any syntactic type) of FIN, PRO and MIX entities."""
    return sorted({(a, b) for a, b, _t in doc.mention_spans(meantime.OTHER_ENTITY_TYPES)})


def drop_other(pred: Sequence[Span], gold: Sequence[Span], other: Sequence[tuple[int, int]]) -> list[Span]:
    """Predictions that overlap no FIN/PRO/MIX mention, or overlap a scored gold mention too: a name found
    on a product, an index or a security is neither required nor counted against a system."""

    def hits(p: Span, spans: Sequence[tuple[int, int]]) -> bool:
        return any(p[0] < b and a < p[1] for a, b in spans)

    golds = [(a, b) for a, b, _t in gold]
    return [p for p in pred if not hits(p, other) or hits(p, golds)]


def read_meantime(path: Path, *, keep_nested: bool = False) -> tuple[list[str], list[int], list[Span], int]:
    """Words, sentence numbers, gold name mentions (PERSON/ORGANIZATION/LOCATION) of one file, and the
    number of leading tokens that are annotated (MEANTIME marks up only the first sentences)."""
    return meantime_view(meantime.read_meantime(path), keep_nested=keep_nested)


def meantime_view(doc: meantime.MeantimeDoc, *, keep_nested: bool = False
                  ) -> tuple[list[str], list[int], list[Span], int]:
    """:func:`read_meantime` of a document already read."""
    words = [t.text or "_" for t in doc.tokens]
    sents = [t.sentence for t in doc.tokens]
    last = doc.last_annotated_sentence()
    n_annotated = sum(1 for s in sents if s <= (last if last is not None else -1))
    return words, sents, meantime_names(doc, keep_nested=keep_nested), n_annotated


def meantime_dataset(files: list[Path]) -> str:
    """``MEANTIME news (airbus + gm)``: the corpora the files come from."""
    return f"MEANTIME news ({' + '.join(meantime.corpus_names(files))})"


def evaluate_meantime(nlp: Any, root: Path, *, limit: int | None = None, ignore_other: bool = False) -> EvalResult:
    """Name mentions of MEANTIME (every ``corpus_*`` folder of ``root``): overlap match primary, exact reported
    too. ``ignore_other``: predictions on FIN/PRO/MIX mentions only are not counted (:func:`drop_other`)."""
    from spacy.tokens import Doc

    files = meantime.find_files(Path(root))
    if limit is not None:
        files = files[:limit]
    gold_all: list[Span] = []
    pred_all: list[Span] = []
    docs = []
    n_nested = dropped = 0
    base = 0
    for f in files:
        mt = meantime.read_meantime(f)
        words, sents, spans, n_annotated = meantime_view(mt)
        n_nested += len(meantime_names(mt, keep_nested=True))
        words, sents = words[:n_annotated], sents[:n_annotated]
        if not words:
            continue
        starts: list[bool | int | None] = [i == 0 or sents[i] != sents[i - 1] for i in range(len(words))]
        doc = Doc(nlp.vocab, words=words, sent_starts=starts)
        docs.append((doc, spans, meantime_other(mt) if ignore_other else []))
    ner_pipes = [n for n in nlp.pipe_names if n != "parser"]
    with nlp.select_pipes(enable=ner_pipes):
        for (doc, spans, other), out in zip(docs, nlp.pipe([d for d, _, _ in docs], batch_size=8), strict=True):
            pred = [(e.start, e.end, MEANTIME_OF_PRED[e.label_]) for e in out.ents if e.label_ in MEANTIME_OF_PRED]
            kept = drop_other(pred, spans, other)
            dropped += len(pred) - len(kept)
            gold_all += [(base + a, base + b, t) for a, b, t in spans]
            pred_all += [(base + a, base + b, t) for a, b, t in kept]
            base += len(doc)
    tp_overlap = score_overlap(gold_all, pred_all)
    tp_exact, npred, ngold = score_exact(gold_all, pred_all)
    overlap = prf(tp_overlap, npred, ngold)
    exact = prf(tp_exact, npred, ngold)
    metrics: dict[str, Any] = {
        **overlap,
        "f1_exact": exact["f1"],
        "precision_exact": exact["precision"],
        "recall_exact": exact["recall"],
        "gold_mentions": ngold,
        "pred_spans": npred,
    }
    notes = [
        "Gold: ENTITY_MENTIONs of syntactic type NAM or PRE.NAM that REFER_TO a PER/ORG/LOC entity; "
        "gold tokens and sentences; only the annotated leading sentences of each article are scored. "
        "PERSON->PERSON, ORG->ORGANIZATION, GPE/LOC/FAC/NORP->LOCATION (MEANTIME marks facilities and "
        "demonyms such as 'German' as locations).",
        "precision/recall/f1: one-to-one match of a same-type predicted span overlapping the gold mention "
        "(MEANTIME mentions are whole noun phrases, e.g. 'U.S. automaker Chrysler'); *_exact: identical span.",
        "Where MEANTIME marks both such a phrase and the name inside it for the same entity, only the inner "
        f"name is kept ({n_nested} gold mentions -> {ngold}).",
    ]
    if ignore_other:
        metrics["pred_spans_ignored"] = dropped
        notes.append(f"Mentions of FIN (indices, securities), PRO (products) and MIX entities are neither required "
                     f"nor counted against the system: {dropped} predicted spans that overlap one and no gold "
                     "mention are left out (pred_spans_ignored).")
    return EvalResult(
        task="ner",
        dataset=meantime_dataset(files) + (", NAM mentions, FIN/PRO/MIX ignored" if ignore_other else ", NAM mentions"),
        documents=len(files),
        metrics=metrics,
        notes=notes,
    )


def evaluate(gold: Path, *, limit: int | None = None) -> list[EvalResult]:
    """A UNER ``.iob2`` file; a UNER folder (its test split, then the default MEANTIME as out-of-domain
    news); or a MEANTIME folder or file alone."""
    from parley import nlp as parley_nlp

    gold = Path(gold)
    is_uner = gold.suffix == ".iob2" or (gold.is_dir() and any(gold.glob("*.iob2")))
    if not is_uner and not meantime.find_files(gold):
        raise NotFound(f"no UNER .iob2 file or MEANTIME document at {gold}")
    nlp = parley_nlp.load(components=False)
    if not is_uner:
        return [evaluate_meantime(nlp, gold, limit=limit, ignore_other=True)]
    if gold.is_file():
        return [evaluate_uner(nlp, gold, limit=limit)]
    return [evaluate_uner(nlp, gold, limit=limit), evaluate_meantime(nlp, MEANTIME_DIR, limit=limit, ignore_other=True)]
