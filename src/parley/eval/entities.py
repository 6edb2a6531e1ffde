"""Entities scorer: the seed's entity list, MEANTIME mention detection, GUM person coreference.

* seed: every entity, mention, role and code of ``shared/seed/expected.json`` (a regression table);
* MEANTIME (airbus + gm): name mentions (NAM, PRE.NAM) and name + pronoun mentions of PERSON,
  ORGANIZATION and LOCATION entities, typed, gold tokens, overlap match (as ``eval ner``);
* GUM (CoNLL-U with ``Entity=`` in MISC): in-document coreference of person entities, MUC, B³,
  CEAFe and their mean (CoNLL F1), text rebuilt from the gold tokens, aligned by character offsets.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from parley.config import shared_data, shared_dir
from parley.corpora import meantime
from parley.corpora.conllu import read_conllu
from parley.corpora.gum import entity_mentions
from parley.errors import NotFound
from parley.eval.common import EvalResult, prf
from parley.eval.ner import (
    MEANTIME_OF_GOLD,
    MEANTIME_OF_PRED,
    drop_other,
    meantime_dataset,
    meantime_names,
    meantime_other,
    meantime_view,
    score_exact,
    score_overlap,
)

DEFAULT_GOLD: Path = shared_data("ud", "gum")
MEANTIME_DIR: Path = shared_data("timex", "meantime")
PRONOUN_WORDS = {"he", "him", "his", "himself", "she", "her", "hers", "herself", "it", "its", "itself", "they",
                 "them", "their", "theirs", "themselves", "we", "us", "our", "ours", "i", "me", "my", "you", "your"}
POSSESSIVE = {"'s", "’s", "'", "’"}
THIRD_PERSON = {"he", "him", "his", "himself", "she", "her", "hers", "herself"}

Cluster = frozenset[tuple[int, int]]

# ---------------------------------------------------------------- coreference metrics


def muc(key: list[Cluster], response: list[Cluster]) -> dict[str, float]:
    """MUC (Vilain et al. 1995): links kept across the partition of each cluster by the other side."""

    def score(a: list[Cluster], b: list[Cluster]) -> tuple[int, int]:
        where = {m: i for i, c in enumerate(b) for m in c}
        num = den = 0
        for c in a:
            parts = {where.get(m, ("alone", m)) for m in c}
            num += len(c) - len(parts)
            den += len(c) - 1
        return num, den

    rn, rd = score(key, response)
    pn, pd = score(response, key)
    return _pr(pn, pd, rn, rd)


def b_cubed(key: list[Cluster], response: list[Cluster]) -> dict[str, float]:
    """B³ (Bagga & Baldwin 1998); a mention missing on the other side scores 0."""

    def score(a: list[Cluster], b: list[Cluster]) -> tuple[float, int]:
        where = {m: c for c in b for m in c}
        num = 0.0
        n = 0
        for c in a:
            for m in c:
                n += 1
                if m in where:
                    num += len(c & where[m]) / len(c)
        return num, n

    rn, rd = score(key, response)
    pn, pd = score(response, key)
    return _pr(pn, pd, rn, rd)


def ceaf_e(key: list[Cluster], response: list[Cluster]) -> dict[str, float]:
    """Entity-based CEAF (Luo 2005, φ4) with an optimal one-to-one alignment."""
    if not key or not response:
        return _pr(0, len(response), 0, len(key))
    from scipy.optimize import linear_sum_assignment

    sim = [[2 * len(k & r) / (len(k) + len(r)) for r in response] for k in key]
    rows, cols = linear_sum_assignment(sim, maximize=True)
    total = sum(sim[i][j] for i, j in zip(rows, cols, strict=True))
    return _pr(total, len(response), total, len(key))


def _pr(pn: float, pd: float, rn: float, rd: float) -> dict[str, float]:
    p = pn / pd if pd else 0.0
    r = rn / rd if rd else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4)}


def conll_scores(key: list[Cluster], response: list[Cluster]) -> dict[str, Any]:
    m, b, c = muc(key, response), b_cubed(key, response), ceaf_e(key, response)
    return {"muc": m, "b3": b, "ceafe": c, "conll_f1": round((m["f1"] + b["f1"] + c["f1"]) / 3, 4)}


# ---------------------------------------------------------------- GUM reader


@dataclass
class GumDoc:
    doc_id: str
    text: str
    clusters: dict[str, list[tuple[int, int]]] = field(default_factory=dict)  # entity id -> mentions
    types: dict[str, str] = field(default_factory=dict)


def read_gum(path: Path) -> list[GumDoc]:
    """Documents of a GUM CoNLL-U file: text from the tokens (each word followed by a space unless
    SpaceAfter=No, each sentence on its own line) and the character spans of every coreference mention."""
    docs: list[GumDoc] = []
    parts: list[str] = []
    pos = 0
    for sent in read_conllu(path):
        if not docs or docs[-1].doc_id != sent.doc_id:
            if docs:
                docs[-1].text = "".join(parts)
            docs.append(GumDoc(sent.doc_id, ""))
            parts, pos = [], 0
        doc = docs[-1]
        starts = []
        for form, misc in zip(sent.words, sent.misc, strict=True):
            starts.append(pos)
            parts.append(form)
            pos += len(form)
            if "SpaceAfter=No" not in misc:
                parts.append(" ")
                pos += 1
        for m in entity_mentions(sent.misc):
            doc.types[m.entity] = m.etype
            end = starts[m.end - 1] + len(sent.words[m.end - 1])
            doc.clusters.setdefault(m.entity, []).append((starts[m.start], end))
        parts.append("\n")
        pos += 1
    if docs:
        docs[-1].text = "".join(parts)
    return docs


def _align(pred: tuple[int, int], gold: Iterable[tuple[int, int]], text: str = "") -> tuple[int, int] | None:
    """The gold mention a predicted one stands for: the same span, else the smallest gold mention
    ending where it ends (or past it by a possessive clitic only: GUM's "Warhol 's" for "Warhol")
    and containing it ("interviewee David Titley" for "David Titley")."""
    gold = list(gold)
    if pred in gold:
        return pred
    cands = [g for g in gold if g[0] <= pred[0] and (
        g[1] == pred[1] or (g[1] > pred[1] and text[pred[1]:g[1]].strip() in POSSESSIVE))]
    return min(cands, key=lambda g: g[1] - g[0]) if cands else None


def _in_scope(text: str, span: tuple[int, int]) -> bool:
    """Mentions a name-and-pronoun system can find: a capitalized word or a he/she pronoun."""
    s = text[span[0]:span[1]]
    return s.lower() in THIRD_PERSON or any(w[:1].isupper() for w in s.split()[-3:])


def evaluate_gum(nlp: Any, root: Path, *, limit: int | None = None) -> EvalResult:
    files = sorted(Path(root).glob("*.conllu")) if Path(root).is_dir() else [Path(root)]
    docs = [d for f in files for d in read_gum(f)]
    if limit is not None:
        docs = docs[:limit]
    keys_all: list[list[Cluster]] = []
    keys_scope: list[list[Cluster]] = []
    resps: list[list[Cluster]] = []
    for gd, doc in zip(docs, nlp.pipe([d.text for d in docs], batch_size=4), strict=True):
        key = [frozenset(v) for k, v in gd.clusters.items() if gd.types.get(k) == "person" and len(set(v)) > 1]
        scope = [frozenset(m for m in c if _in_scope(gd.text, m)) for c in key]
        gold_mentions = {m for c in key for m in c}
        pred: dict[str, set[tuple[int, int]]] = {}
        for span in (doc.spans["mentions"] if "mentions" in doc.spans else []):
            if span.label_ != "PERSON" or span._.entity_key is None:
                continue
            g = _align((span.start_char, span.end_char), gold_mentions, gd.text) or (span.start_char, span.end_char)
            pred.setdefault(span._.entity_key, set()).add(g)
        keys_all.append(key)
        keys_scope.append([c for c in scope if len(c) > 1])
        resps.append([frozenset(v) for v in pred.values() if len(v) > 1])
    full = _pooled(keys_all, resps)
    scoped = _pooled(keys_scope, resps)
    metrics: dict[str, Any] = {
        "conll_f1": scoped["conll_f1"], "muc_f1": scoped["muc"]["f1"], "b3_f1": scoped["b3"]["f1"],
        "ceafe_f1": scoped["ceafe"]["f1"], "conll_f1_all_mentions": full["conll_f1"],
        "muc_f1_all": full["muc"]["f1"], "b3_f1_all": full["b3"]["f1"], "ceafe_f1_all": full["ceafe"]["f1"],
        "gold_clusters": sum(len(k) for k in keys_scope),
        "gold_mentions": sum(len(c) for k in keys_scope for c in k),
        "gold_mentions_all": sum(len(c) for k in keys_all for c in k),
    }
    return EvalResult(
        task="entities", dataset="GUM person coreference", documents=len(docs), metrics=metrics,
        notes=[
            "Person entities (etype person) of GUM's Entity= annotation, singletons dropped on both sides "
            "(CoNLL-2012 convention); MUC, B³ and CEAFe are micro-averaged over documents; conll_f1 = their mean.",
            "conll_f1/muc_f1/b3_f1/ceafe_f1: gold mentions in the system's scope (a name, i.e. a capitalized word "
            "among its last three, or he/she/him/her/his/hers/himself/herself). *_all: every gold person "
            "mention, including I/you/we and common-noun phrases (\"the experts\") that Parley does not resolve.",
            "Text rebuilt from the gold tokens (one sentence per line) and run through the full pipeline; "
            "a predicted mention aligns to the gold mention with the same span, else the smallest gold "
            "mention ending where it ends, or past it by a possessive clitic only (\"Warhol 's\"), and containing it.",
        ],
    )


def _pooled(keys: list[list[Cluster]], resps: list[list[Cluster]]) -> dict[str, Any]:
    """Micro-averaged metrics over documents (clusters renamed per document so they never meet)."""
    key = [frozenset((i, *m) for m in c) for i, k in enumerate(keys) for c in k]
    resp = [frozenset((i, *m) for m in c) for i, r in enumerate(resps) for c in r]
    return conll_scores(key, resp)  # type: ignore[arg-type]


# ---------------------------------------------------------------- MEANTIME


def meantime_pronouns(doc: meantime.MeantimeDoc) -> list[tuple[int, int, str]]:
    """Gold one-token pronoun mentions (token offsets) referring to PER/ORG/LOC entities."""
    typed = {(a, b, MEANTIME_OF_GOLD[t]) for a, b, t in doc.mention_spans(set(MEANTIME_OF_GOLD), syntactic={"", "PRO"})
             if b - a == 1 and doc.tokens[a].text.lower() in PRONOUN_WORDS}
    return sorted(typed)


def _last_annotated_token(doc: meantime.MeantimeDoc) -> int:
    """Index of the last token of the last annotated sentence (MEANTIME annotates the first few)."""
    sents = [t.sentence for t in doc.tokens]
    last_sent = doc.last_annotated_sentence()
    if last_sent is None:
        last_sent = max(sents, default=0)
    return max((i for i, s in enumerate(sents) if s <= last_sent), default=-1)


def _shift(spans: Iterable[tuple[int, int, str]], base: int) -> list[tuple[int, int, str]]:
    return [(base + a, base + b, t) for a, b, t in spans]


def evaluate_meantime(nlp: Any, root: Path, *, limit: int | None = None, ignore_other: bool = False) -> EvalResult:
    """Parley's mentions against MEANTIME's (every ``corpus_*`` folder of ``root``). ``ignore_other``:
    predictions on FIN/PRO/MIX mentions only are not counted (``parley.eval.ner.drop_other``)."""
    from spacy.tokens import Doc

    files = meantime.find_files(Path(root))
    if limit is not None:
        files = files[:limit]
    gold_nam: list[tuple[int, int, str]] = []
    gold_nested: list[tuple[int, int, str]] = []  # the longer mentions around a name kept too
    gold_pro: list[tuple[int, int, str]] = []
    pred_nam: list[tuple[int, int, str]] = []
    pred_pro: list[tuple[int, int, str]] = []
    pred_ner: list[tuple[int, int, str]] = []
    other: list[tuple[int, int]] = []
    base = 0
    for f in files:
        mt = meantime.read_meantime(f)
        words, sents, spans, _annotated = meantime_view(mt)
        starts: list[bool | int | None] = [i == 0 or sents[i] != sents[i - 1] for i in range(len(words))]
        doc = nlp(Doc(nlp.vocab, words=words, sent_starts=starts))
        gold_nam += _shift(spans, base)
        gold_nested += _shift(meantime_names(mt, keep_nested=True), base)
        gold_pro += _shift(meantime_pronouns(mt), base)
        if ignore_other:
            other += [(base + a, base + b) for a, b in meantime_other(mt)]
        last = _last_annotated_token(mt)
        for span in doc.spans["mentions"] if "mentions" in doc.spans else []:
            label = MEANTIME_OF_PRED.get(span.label_)
            if label is None or span.start > last:
                continue
            item = (base + span.start, base + span.end, label)
            if span._.mention_kind in ("name", "metonym", "demonym"):
                pred_nam.append(item)
            elif span._.mention_kind == "pronoun":
                pred_pro.append(item)
        pred_ner += [(base + e.start, base + e.end, MEANTIME_OF_PRED[e.label_]) for e in doc.ents
                     if e.label_ in MEANTIME_OF_PRED and e.start <= last]
        base += len(doc)
    metrics = _mention_scores(gold_nam, drop_other(pred_nam, gold_nam, other))
    both = _mention_scores(gold_nam + gold_pro, drop_other(pred_nam + pred_pro, gold_nam + gold_pro, other))
    metrics.update({f"{k}_nam_pro": v for k, v in both.items() if k in ("precision", "recall", "f1")})
    metrics["gold_pronouns"] = len(gold_pro)
    metrics["f1_nested_gold"] = _mention_scores(gold_nested, drop_other(pred_nam, gold_nested, other))["f1"]
    ner = _mention_scores(gold_nam, drop_other(pred_ner, gold_nam, other))
    notes = [
        "precision/recall/f1: NAM and PRE.NAM mentions of PER/ORG/LOC entities against Parley's name, "
        "metonym and demonym mentions (doc.spans['mentions']), typed (PERSON, ORGANIZATION, "
        "LOCATION <- GPE/LOC/FAC/NORP), "
        "one-to-one overlap match as in `parley eval ner`; f1_exact: identical token span.",
        "Gold: where MEANTIME marks both a longer name mention and the name inside it for the same entity "
        "(\"US automaker GM\" and \"GM\"), only the inner one is kept, since one system mention cannot "
        "match both under one-to-one matching; f1_nested_gold keeps both (the reading before this change).",
        "*_nam_pro: the same plus one-token pronoun mentions (MEANTIME leaves their syntactic type empty); "
        "Parley marks he/she/him/her/his/hers/himself/herself for persons and a referring it/its for states "
        "and organisations; they/them/their stay unfound.",
        "Peer row: the shipped model's NER alone on the same gold tokens.",
        "Only the annotated sentences of each article are scored (MEANTIME annotates the first few).",
    ]
    if ignore_other:
        metrics["pred_mentions_ignored"] = len(pred_nam) - len(drop_other(pred_nam, gold_nam, other))
        notes.append("Mentions of FIN (indices, securities), PRO (products) and MIX entities are neither required "
                     "nor counted against a system: predicted mentions that overlap one and no gold mention are "
                     "left out (pred_mentions_ignored, names).")
    return EvalResult(
        task="entities",
        dataset=meantime_dataset(files) + (", entity mentions, FIN/PRO/MIX ignored" if ignore_other
                                           else ", entity mentions"),
        documents=len(files),
        metrics=metrics, peers={"ner only (doc.ents)": {k: ner[k] for k in ("precision", "recall", "f1", "f1_exact")}},
        notes=notes,
    )


def _mention_scores(gold: list[tuple[int, int, str]], pred: list[tuple[int, int, str]]) -> dict[str, Any]:
    overlap = prf(score_overlap(gold, pred), len(pred), len(gold))
    tp, npred, ngold = score_exact(gold, pred)
    return {**overlap, "f1_exact": prf(tp, npred, ngold)["f1"], "gold_mentions": ngold, "pred_mentions": npred}


# ---------------------------------------------------------------- the seed


def evaluate_seed(nlp: Any, folder: Path | None = None) -> EvalResult:
    """Found/expected for every entity, mention, role and code of the seed's expected.json."""
    folder = folder or shared_dir() / "seed"
    text = (folder / "article.txt").read_text(encoding="utf-8")
    expected = json.loads((folder / "expected.json").read_text(encoding="utf-8"))["entities"]
    found = {e.name: e for e in nlp(text)._.entities}
    counts = {k: [0, 0] for k in ("entities", "mentions", "roles", "codes", "aliases")}
    rows = ["| entity | found | mentions | role | code/country | aliases |", "|---|---|---|---|---|---|"]
    for exp in expected:
        ent = found.get(exp["name"])
        texts = [m.text for m in ent.mentions] if ent else []
        m_ok = sum(m in texts for m in exp["mentions"])
        role_ok = ent is not None and "role" in exp and any(
            r.title == exp["role"] and r.country == exp.get("country") for r in ent.roles)
        code_ok = ent is not None and ent.code == exp.get("code", ent.code) and ent.country == exp.get(
            "country", ent.country)
        alias_ok = sum(a in (ent.aliases if ent else []) for a in exp.get("aliases", []))
        for k, (got, of) in {"entities": (ent is not None, 1), "mentions": (m_ok, len(exp["mentions"])),
                             "roles": (role_ok, int("role" in exp)),
                             "codes": (code_ok, int("code" in exp or "country" in exp)),
                             "aliases": (alias_ok, len(exp.get("aliases", [])))}.items():
            counts[k][0] += int(got)
            counts[k][1] += of
        missing = [m for m in exp["mentions"] if m not in texts]
        rows.append(f"| {exp['name']} | {'yes' if ent else 'no'} | {m_ok}/{len(exp['mentions'])}"
                    f"{' (missing: ' + ', '.join(missing) + ')' if missing else ''} | "
                    f"{('ok' if role_ok else 'no') if 'role' in exp else '-'} | {'ok' if code_ok else 'no'} | "
                    f"{alias_ok}/{len(exp.get('aliases', []))} |")
    metrics: dict[str, Any] = {f"{k}_found": f"{a}/{b}" for k, (a, b) in counts.items()}
    metrics["all_found"] = all(a == b for a, b in counts.values())
    extra = sorted(set(found) - {e["name"] for e in expected})
    return EvalResult(
        task="entities", dataset="seed article (expected.json)", documents=1, metrics=metrics,
        notes=[f"Entities Parley found beyond the list: {', '.join(extra) or 'none'}."],
        extra_markdown="\n".join(rows),
    )


def evaluate(gold: Path, *, limit: int | None = None) -> list[EvalResult]:
    """Seed regression table, MEANTIME mention detection, then GUM person coreference (``gold``: a GUM folder or
    ``.conllu`` file); or, given a MEANTIME folder or file, MEANTIME mention detection alone."""
    from parley import nlp as parley_nlp

    gold = Path(gold)
    is_gum = gold.suffix == ".conllu" or (gold.is_dir() and any(gold.glob("*.conllu")))
    if not is_gum and not meantime.find_files(gold):
        raise NotFound(f"no GUM .conllu file or MEANTIME document at {gold}")
    nlp = parley_nlp.load()
    if not is_gum:
        return [evaluate_meantime(nlp, gold, limit=limit, ignore_other=True)]
    return [evaluate_seed(nlp), evaluate_meantime(nlp, MEANTIME_DIR, limit=limit, ignore_other=True),
            evaluate_gum(nlp, gold, limit=limit)]
