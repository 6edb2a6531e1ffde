"""A learned re-typer for ``parley_events``: multinomial logistic regression over the rule's guess,
the trigger's words and syntax, and the sentence's words, trained on the PLV set
(``training/events/train_classifier.py``; honest figures come from k-fold cross-validation there
and in ``parley eval events``).

The rules still decide *where* an event is and *who* takes part; the classifier only revisits the
PLOVER root of each event the rules found, as the rule ``learned`` of
:data:`parley.nlp.events.decide.TYPE_RULES` (after the rules that lock a root, before ``received``
and ``refusal``). The model is a small JSON file of sparse weights
(``parley/data/events/root_classifier.json``); numpy/scipy only, no new dependency.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np
from spacy.tokens import Span, Token

from parley.nlp.context import context_of
from parley.nlp.events.lexicon import LEXICON_DIR, Lexicon, lemma_candidates
from parley.nlp.events.tree import kids, up
from parley.nlp.lexicon.words import word_set
from parley.nlp.syntax import NEG_WORDS, dep, is_verbal

MODEL_PATH = LEXICON_DIR / "root_classifier.json"
CONTENT_POS = {"NOUN", "VERB", "ADJ", "ADV", "PROPN"}
L2, MIN_COUNT, FOLDS = 0.03, 1, 5  # settings of the shipped model and of the cross-validated figures
# the rule's root stands unless the model's choice has at least this probability and this lead over it
MIN_PROB, MIN_LEAD = 0.3, 0.0
PRUNE = 0.05  # features whose weights all stay under this are left out of the shipped model
LOCKED = "locked"  # feature marking an event whose rule root is final (user lexicon, talks/summit)
PARTIAL = "partial"  # feature marking an untriggered sentence root with an actor or a recipient only
UNCODED = "uncoded"  # ... whose side is a mention with no actor code ("the union")
# such an event is reported only when the model is at least this sure of its type (surer when the
# side it has is uncoded)
PARTIAL_PROB, UNCODED_PROB = 0.5, 0.7
MERGED = {"CONCEDE": "YIELD", "RETREAT": "YIELD"}  # PLV's labels: the model predicts YIELD for both
RETREAT_WORDS = word_set("events/trigger_words", "retreat_words")
# verbs that never carry an event of their own when the rules found none in the sentence
NO_FALLBACK = word_set("events/trigger_words", "no_fallback")


def _lem(tok: Token) -> str:
    return tok.lemma_.lower() if tok.pos_ != "PROPN" else "<propn>"


def _lex_root(lex: Lexicon | None, tok: Token) -> str | None:
    """The lexicon's root for a word (hand entries or generated CAMEO ones), whatever its use."""
    if lex is None:
        return None
    table = lex.verbs if tok.pos_ in ("VERB", "AUX") else lex.nouns
    for lemma in lemma_candidates(tok.lemma_, tok.lower_)[:3]:
        entry = table.get(lemma)
        if entry is not None:
            return MERGED.get(entry.root, entry.root)
    return None


SUBJECTS = {"nsubj", "nsubj:pass", "nsubjpass", "csubj", "csubj:pass", "expl"}


def _clause_heads(sent: Span) -> list[int]:
    """For each word of ``sent``, the head of the smallest clause with its own subject (or the top)
    that holds it: verbs, and nouns or adjectives with a subject (copular clauses) above it; a word
    is its own clause head only as a verb with a subject. An infinitive without a subject ("agreed
    to exchange prisoners") belongs to its governor's clause."""
    heads = {w.i: up(w).i for w in sent}
    with_subject = {heads[w.i] for w in sent if dep(w) in SUBJECTS and heads[w.i] != w.i}
    doc = sent.doc
    memo: dict[int, int] = {}

    def above(i: int) -> int:  # the clause head at or above word i
        path = []
        for _ in range(40):
            if i in memo:
                break
            path.append(i)
            h = heads.get(i, i)
            w = doc[i]
            if h == i or i in with_subject and (is_verbal(w) or w.pos_ in ("NOUN", "ADJ")):
                memo[i] = i
                break
            i = h
        top = memo.get(i, i)
        for j in path:
            memo.setdefault(j, top)
        return top

    out = []
    for w in sent:
        h = heads[w.i]
        out.append(w.i if h == w.i or w.i in with_subject and is_verbal(w) else above(h))
    return out


def event_region(anchor: Token, sent: Span) -> list[Token]:
    """The words of the event's own clause (other clauses of a long sentence left out: "X condemned
    …, while Y pledged aid …" gives each event its own words)."""
    owns = _heads_of(sent)
    own = owns[anchor.i - sent.start] if sent.start <= anchor.i < sent.end else anchor.i
    return [w for w, o in zip(sent, owns, strict=True) if o == own]


def _heads_of(sent: Span) -> list[int]:
    """Each word's own clause head (:func:`_clause_heads`), kept per sentence in the Doc's context."""
    ctx = context_of(sent.doc)
    per_doc: dict[int, list[int]] = ctx.memo("events.regions", dict) if ctx is not None else {}
    owns = per_doc.get(sent.start)
    if owns is None:
        owns = per_doc[sent.start] = _clause_heads(sent)
    return owns


def event_features(trigger: Token, anchor: Token, rule_root: str, status: str,
                   sent: Span, sent_cands: Iterable[tuple[int, str]], lex: Lexicon | None = None,
                   between: tuple[int, int] | None = None,
                   parts: tuple[list[Span], list[Span]] | None = None) -> list[str]:
    """Feature strings for one event (``rule_root`` NONE when the rules found nothing).
    ``sent_cands``: (anchor index, rule root) of the sentence's triggers; the bag-of-words features
    come from the event's own clause (:func:`event_region`). ``lex``: adds the lexicon's roots of
    those words; ``between``: the token range between the event's actor and recipient (their
    words); ``parts``: the actor and recipient mentions."""
    rule_root = MERGED.get(rule_root, rule_root)
    f = [f"r={rule_root}", f"st={status}", f"r={rule_root}|st={status}"]
    t, a = _lem(trigger), _lem(anchor)
    f += [f"t={t}", f"a={a}", f"t={t}|r={rule_root}", f"ta={a}|{t}"]
    head = up(anchor)
    if head.i != anchor.i:
        f += [f"h={_lem(head)}", f"hd={dep(anchor)}|{_lem(head)}"]
    for c in kids(anchor):
        d = dep(c)
        if d in ("punct", "det", "cc"):
            continue
        lc = c.lower_ if c.lower_ in NEG_WORDS else _lem(c)
        f.append(f"k={d}|{lc}")
        if d in ("prep", "obl", "nmod"):
            for g in kids(c):
                if dep(g) in ("pobj", "case"):
                    f.append(f"kp={d}|{_lem(g)}|{lc}")
    if trigger.i != anchor.i:
        for c in kids(trigger):
            if dep(c) not in ("punct", "det", "cc"):
                f.append(f"tk={dep(c)}|{_lem(c)}")
    region = event_region(anchor, sent)
    inside = {w.i for w in region}
    for r in {MERGED.get(x, x) for i, x in sent_cands if i in inside}:
        f.append(f"sr={r}")
    top = sent.doc[_heads_of(sent)[anchor.i - sent.start]] if sent.start <= anchor.i < sent.end else anchor
    words = [w for w in region if w.pos_ in CONTENT_POS or w.lower_ in NEG_WORDS]
    lem = [w.lower_ if w.lower_ in NEG_WORDS else _lem(w) for w in words]
    f += [f"w={w}" for w in set(lem)]
    f += [f"b={x}_{y}" for x, y in set(zip(lem, lem[1:], strict=False))]
    lo, hi = max(sent.start, anchor.i - 3), min(sent.end, anchor.i + 4)
    f += [f"n={_lem(w)}" for w in sent.doc[lo:hi] if not w.is_punct and w.i != anchor.i]
    f.append(f"sroot={_lem(top)}")
    if lex is not None:
        for w in words:
            root = _lex_root(lex, w)
            if root:
                f.append(f"lx={root}")
                if up(w).i == anchor.i or w.i == head.i or w.i == top.i:
                    f.append(f"lxn={root}")
        root = _lex_root(lex, trigger)
        if root:
            f.append(f"lxt={root}")
    if parts is not None:  # the actors and recipients the rules found: how many, what kind
        for tag, spans in (("A", parts[0]), ("R", parts[1])):
            f.append(f"n{tag}={min(len(spans), 2)}")
            for sp in spans[:2]:
                f.append(f"{tag}h={_lem(sp.root)}")
                f.append(f"{tag}e={sp.root.ent_type_ or sp.root.pos_}")
        f.append(f"nA={min(len(parts[0]), 2)}|nR={min(len(parts[1]), 2)}|t={t}")
    if between is not None and 0 < between[1] - between[0] <= 12:
        f += [f"bw={_lem(w)}" for w in sent.doc[between[0]:between[1]] if w.pos_ in CONTENT_POS or w.pos_ == "ADP"]
    return f


def unmerge(label: str, rule_root: str, trigger: Token) -> str:
    """A PLOVER root for the model's label: YIELD is CONCEDE or RETREAT (the rule's when it chose
    one, RETREAT for withdrawing/releasing/lifting words, else CONCEDE)."""
    if label != "YIELD":
        return label
    if rule_root in MERGED:
        return rule_root
    return "RETREAT" if trigger.lemma_.lower() in RETREAT_WORDS else "CONCEDE"


# ---------------------------------------------------------------- model


class RootClassifier:
    """Sparse multinomial logistic regression: ``weights[feature] -> vector over labels``."""

    def __init__(self, labels: Sequence[str], weights: dict[str, np.ndarray], bias: np.ndarray) -> None:
        self.labels = list(labels)
        self.weights = weights
        self.bias = bias

    def scores(self, feats: Iterable[str]) -> np.ndarray:
        s = self.bias.copy()
        for f in set(feats):
            w = self.weights.get(f)
            if w is not None:
                s += w
        e = np.exp(s - s.max())
        return e / e.sum()

    def predict(self, feats: Iterable[str]) -> tuple[str, float]:
        p = self.scores(feats)
        k = int(p.argmax())
        return self.labels[k], float(p[k])

    def decide(self, feats: Sequence[str], rule_root: str) -> str:
        """The label to report (PLV's label set, YIELD merged): the model's when the rules found
        nothing or when it is clearly preferred over the rule's root, else the rule's; NONE for a
        half-dyad sentence root (:data:`PARTIAL`) whose type is not sure enough."""
        return self.decide_from(self.probabilities(feats), feats, rule_root)

    def probabilities(self, feats: Iterable[str]) -> dict[str, float]:
        """Label -> probability."""
        return dict(zip(self.labels, (float(p) for p in self.scores(feats)), strict=True))

    def decide_from(self, probs: dict[str, float], feats: Sequence[str], rule_root: str) -> str:
        """:meth:`decide` with the probabilities already worked out."""
        if PARTIAL in feats and max(probs.values()) < (UNCODED_PROB if UNCODED in feats else PARTIAL_PROB):
            return "NONE"
        return decide(probs, rule_root)

    # ------------------------------------------------------------ io
    def to_json(self, prune: float = PRUNE) -> dict[str, Any]:
        """The model as shipped: weights rounded to 2 decimals, features whose weights all stay
        under ``prune`` dropped (cross-validation scores this same form)."""
        return {"labels": self.labels, "bias": [round(float(x), 3) for x in self.bias],
                "weights": {f: [round(float(x), 2) for x in w] for f, w in sorted(self.weights.items())
                            if np.abs(w).max() >= prune}}

    def shipped(self) -> RootClassifier:
        """This model as it is after a round trip through its JSON form."""
        return RootClassifier.from_json(self.to_json())

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> RootClassifier:
        return cls(data["labels"], {f: np.asarray(w, dtype=np.float64) for f, w in data["weights"].items()},
                   np.asarray(data["bias"], dtype=np.float64))


@lru_cache(maxsize=4)
def load_classifier(path: str | None = None) -> RootClassifier | None:
    p = Path(path) if path else MODEL_PATH
    if not p.exists():
        return None
    return RootClassifier.from_json(json.loads(p.read_text(encoding="utf-8")))


def train(X: Sequence[Sequence[str]], y: Sequence[str], *, l2: float = L2, min_count: int = MIN_COUNT,
          max_iter: int = 300) -> RootClassifier:
    """Fit by L-BFGS on the L2-penalised mean log-loss (scipy)."""
    from scipy.optimize import minimize
    from scipy.sparse import csr_matrix

    counts: dict[str, int] = {}
    for feats in X:
        for f in set(feats):
            counts[f] = counts.get(f, 0) + 1
    vocab = {f: i for i, f in enumerate(sorted(f for f, c in counts.items() if c >= min_count))}
    labels = sorted(set(y))
    li = {lab: i for i, lab in enumerate(labels)}
    rows, cols = [], []
    for r, feats in enumerate(X):
        for f in set(feats):
            if f in vocab:
                rows.append(r)
                cols.append(vocab[f])
    n, d, k = len(X), len(vocab), len(labels)
    M = csr_matrix((np.ones(len(rows)), (rows, cols)), shape=(n, d))
    Y = np.zeros((n, k))
    Y[np.arange(n), [li[v] for v in y]] = 1.0

    def loss(theta: np.ndarray) -> tuple[float, np.ndarray]:
        W = theta[: d * k].reshape(d, k)
        b = theta[d * k:]
        S = M @ W + b
        S -= S.max(axis=1, keepdims=True)
        P = np.exp(S)
        P /= P.sum(axis=1, keepdims=True)
        ll = -np.sum(Y * np.log(P + 1e-12)) / n + 0.5 * l2 / n * np.sum(W * W)
        G = (P - Y) / n
        gW = M.T @ G + l2 / n * W
        return ll, np.concatenate([np.asarray(gW).ravel(), G.sum(axis=0)])

    res = minimize(loss, np.zeros(d * k + k), jac=True, method="L-BFGS-B", options={"maxiter": max_iter})
    W = res.x[: d * k].reshape(d, k)
    inv = sorted(vocab, key=vocab.__getitem__)
    return RootClassifier(labels, {f: W[i] for i, f in enumerate(inv)}, res.x[d * k:])


def decide(probs: dict[str, float], rule_root: str) -> str:
    rule = MERGED.get(rule_root, rule_root)
    best = max(probs, key=lambda k: probs[k])
    if rule not in probs or (probs[best] >= MIN_PROB and probs[best] - probs[rule] >= MIN_LEAD):
        return best
    return rule


def cross_val_predict(X: Sequence[Sequence[str]], y: Sequence[str], rule_roots: Sequence[str], *,
                      folds: int = FOLDS, rows: Sequence[int] | None = None, **kw: Any) -> list[str]:
    """Each item decided (:func:`decide`) by a model trained on the other folds only (item ``i``
    is in fold ``rows[i] % folds``: ``rows`` are the items' rows in the gold file, so that an item
    keeps its fold whichever other rows have an event; by default its position)."""
    fold = [(rows[i] if rows is not None else i) % folds for i in range(len(X))]
    out = [""] * len(X)
    for k in range(folds):
        tr = [i for i in range(len(X)) if fold[i] != k]
        model = train([X[i] for i in tr], [y[i] for i in tr], **kw).shipped()
        for i in (i for i in range(len(X)) if fold[i] == k):
            out[i] = MERGED.get(rule_roots[i], rule_roots[i]) if LOCKED in X[i] else model.decide(X[i], rule_roots[i])
    return out
