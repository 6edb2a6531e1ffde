"""NER scorer: UNER English EWT test (exact spans) and MEANTIME news (NAM mentions).

Labels are compared coarsely: PERSON -> PER, ORG -> ORG, GPE and LOC -> LOC (UNER), and
PERSON -> PERSON, ORG -> ORGANIZATION, GPE/LOC -> LOCATION (MEANTIME).
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

from parley.config import shared_data
from parley.eval.common import EvalResult, prf
from parley.eval.syntax import gold_doc, group_sents, read_conllu

DEFAULT_GOLD: Path = shared_data("ud", "uner")
MEANTIME_DIR: Path = shared_data("timex", "meantime")
MEANTIME_CORPORA = ("corpus_airbus", "corpus_gm")

UNER_OF_PRED = {"PERSON": "PER", "ORG": "ORG", "GPE": "LOC", "LOC": "LOC"}
MEANTIME_OF_PRED = {"PERSON": "PERSON", "ORG": "ORGANIZATION", "GPE": "LOCATION", "LOC": "LOCATION"}
MEANTIME_OF_GOLD = {"PER": "PERSON", "ORG": "ORGANIZATION", "LOC": "LOCATION"}
MEANTIME_NAME_TYPES = {"NAM", "PRE.NAM"}

Span = tuple[int, int, str]


def read_iob2(path: Path) -> dict[str, tuple[list[str], list[str]]]:
    """sent_id -> (words, IOB2 labels) of a UNER file."""
    out: dict[str, tuple[list[str], list[str]]] = {}
    sid: str | None = None
    words: list[str] = []
    labels: list[str] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("# sent_id"):
            sid, words, labels = line.split("=", 1)[1].strip(), [], []
        elif line.startswith("#"):
            continue
        elif not line.strip():
            if sid is not None:
                out[sid] = (words, labels)
            sid = None
        else:
            cols = line.split("\t")
            words.append(cols[1])
            labels.append(cols[2])
    if sid is not None:
        out[sid] = (words, labels)
    return out


def iob_spans(labels: list[str], keep: set[str]) -> list[Span]:
    """(start, end, type) spans from IOB2 labels, keeping only the given types."""
    spans: list[Span] = []
    start, cur = -1, ""
    for i, lab in enumerate([*labels, "O"]):
        tag, _, typ = lab.partition("-")
        if cur and (tag != "I" or typ != cur):
            spans.append((start, i, cur))
            cur = ""
        if tag == "B" or (tag == "I" and not cur):
            start, cur = i, typ
    return [s for s in spans if s[2] in keep]


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


def evaluate_uner(nlp: Any, gold: Path, *, limit: int | None = None) -> EvalResult:
    """Exact-span P/R/F1 on UNER EWT test (sentences whose words match EWT)."""
    gold = Path(gold)
    iob_path = gold if gold.is_file() else gold / "en_ewt-ud-test.iob2"
    conllu = shared_data("ud", "ewt", "en_ewt-ud-test.conllu")
    uner = read_iob2(iob_path)
    sents = [s for s in read_conllu(conllu) if s.sent_id in uner and uner[s.sent_id][0] == s.words]
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
            for a, b, t in iob_spans(uner[s.sent_id][1], {"PER", "ORG", "LOC"}):
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
        dataset="UNER English EWT test",
        documents=len(groups),
        metrics=metrics,
        notes=[
            "Exact span and type; gold tokens. PERSON->PER, ORG->ORG, GPE and LOC->LOC; other predicted "
            "labels and gold OTH are ignored.",
            f"{len(sents)} sentences whose words match EWT test (UNER release differs on a few).",
        ],
    )


def read_meantime(path: Path, *, keep_nested: bool = False) -> tuple[list[str], list[int], list[Span], int]:
    """Words, sentence numbers, gold name mentions (PERSON/ORGANIZATION/LOCATION) of one file, and the
    number of leading tokens that are annotated (MEANTIME marks up only the first sentences)."""
    root = ET.parse(path).getroot()
    tokens = list(root.iter("token"))
    index = {t.get("t_id"): i for i, t in enumerate(tokens)}
    words = [t.text or "_" for t in tokens]
    sents = [int(t.get("sentence", "0")) for t in tokens]
    markables = root.find("Markables")
    relations = root.find("Relations")
    ent_type: dict[str, str] = {}
    mentions: dict[str, tuple[list[int], str]] = {}
    for m in markables if markables is not None else []:
        if m.tag == "ENTITY":
            ent_type[m.get("m_id", "")] = m.get("ent_type", "")
        elif m.tag == "ENTITY_MENTION":
            ids = [index[a.get("t_id", "")] for a in m.iter("token_anchor") if a.get("t_id") in index]
            mentions[m.get("m_id", "")] = (ids, m.get("syntactic_type", "") or "")
    anchored = [index[a.get("t_id", "")] for a in (markables if markables is not None else root).iter("token_anchor")
                if a.get("t_id") in index]
    last_sent = max((sents[i] for i in anchored), default=-1)
    n_annotated = sum(1 for s in sents if s <= last_sent)
    spans: dict[tuple[int, int, str], str] = {}  # span -> entity it refers to
    for rel in relations if relations is not None else []:
        if rel.tag != "REFERS_TO":
            continue
        target = rel.find("target")
        entity = target.get("m_id", "") if target is not None else ""
        typ = MEANTIME_OF_GOLD.get(ent_type.get(entity, ""))
        if typ is None:
            continue
        for src in rel.findall("source"):
            ids, syn = mentions.get(src.get("m_id", ""), ([], ""))
            if ids and syn in MEANTIME_NAME_TYPES:
                spans[(min(ids), max(ids) + 1, typ)] = entity
    # "US automaker GM" and the "GM" inside it are one name of one entity: keep the inner one, so a
    # system that marks the name is not charged a miss for the longer description around it
    nested = {outer for outer, ent in spans.items() for inner, other in spans.items()
              if inner != outer and other == ent and outer[0] <= inner[0] and inner[1] <= outer[1]
              and not keep_nested}
    return words, sents, sorted(set(spans) - nested), n_annotated


def evaluate_meantime(nlp: Any, root: Path, *, limit: int | None = None) -> EvalResult:
    """Name mentions of MEANTIME (Airbus + GM corpora): overlap match primary, exact reported too."""
    from spacy.tokens import Doc

    files = sorted(f for c in MEANTIME_CORPORA for f in (root / c).glob("*.xml"))
    if limit is not None:
        files = files[:limit]
    gold_all: list[Span] = []
    pred_all: list[Span] = []
    docs = []
    base = 0
    for f in files:
        words, sents, spans, n_annotated = read_meantime(f)
        words, sents = words[:n_annotated], sents[:n_annotated]
        if not words:
            continue
        starts = [i == 0 or sents[i] != sents[i - 1] for i in range(len(words))]
        doc = Doc(nlp.vocab, words=words, sent_starts=starts)
        docs.append((doc, spans))
    ner_pipes = [n for n in nlp.pipe_names if n != "parser"]
    with nlp.select_pipes(enable=ner_pipes):
        for (doc, spans), out in zip(docs, nlp.pipe([d for d, _ in docs], batch_size=8), strict=True):
            gold_all += [(base + a, base + b, t) for a, b, t in spans]
            pred_all += [(base + e.start, base + e.end, MEANTIME_OF_PRED[e.label_])
                         for e in out.ents if e.label_ in MEANTIME_OF_PRED]
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
    return EvalResult(
        task="ner",
        dataset="MEANTIME news (airbus + gm), NAM mentions",
        documents=len(files),
        metrics=metrics,
        notes=[
            "Gold: ENTITY_MENTIONs of syntactic type NAM or PRE.NAM that REFER_TO a PER/ORG/LOC entity; "
            "gold tokens and sentences; only the annotated leading sentences of each article are scored. "
            "PERSON->PERSON, ORG->ORGANIZATION, GPE/LOC->LOCATION.",
            "precision/recall/f1: one-to-one match of a same-type predicted span overlapping the gold mention "
            "(MEANTIME mentions are whole noun phrases, e.g. 'U.S. automaker Chrysler'); *_exact: identical span.",
            "Where MEANTIME marks both such a phrase and the name inside it for the same entity, only the inner "
            "name is kept (588 gold mentions -> 550).",
        ],
    )


def evaluate(gold: Path, *, limit: int | None = None) -> list[EvalResult]:
    """UNER EWT test, then MEANTIME as out-of-domain news."""
    from parley import nlp as parley_nlp

    nlp = parley_nlp.load(components=False)
    return [evaluate_uner(nlp, Path(gold), limit=limit), evaluate_meantime(nlp, MEANTIME_DIR, limit=limit)]
