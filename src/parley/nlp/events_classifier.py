"""A learned re-typer for ``parley_events``: multinomial logistic regression over the rule's guess,
the trigger's words and syntax, and the sentence's words, trained on the PLV set
(``training/events/train_classifier.py``; honest figures come from k-fold cross-validation there
and in ``parley eval events``).

The rules still decide *where* an event is and *who* takes part; the classifier only revisits the
PLOVER root of each event the rules found. The model is a small JSON file of sparse weights
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

from parley.nlp.events_lexicon import LEXICON_DIR
from parley.nlp.events_syntax import NEG_WORDS, dep, kids, up

MODEL_PATH = LEXICON_DIR / "root_classifier.json"
CONTENT_POS = {"NOUN", "VERB", "ADJ", "ADV", "PROPN"}
L2, MIN_COUNT, FOLDS = 0.3, 3, 5  # settings of the shipped model and of the cross-validated figures
# the rule's root stands unless the model's choice has at least this probability and this lead over it
MIN_PROB, MIN_LEAD = 0.4, 0.2
LOCKED = "locked"  # feature marking an event whose rule root is final (user lexicon, talks/summit)
MERGED = {"CONCEDE": "YIELD", "RETREAT": "YIELD"}  # PLV's labels: the model predicts YIELD for both
RETREAT_WORDS = {"withdraw", "release", "free", "lift", "ease", "pull", "retreat", "evacuate", "demobilize",
                 "disarm", "reopen", "resume", "relax", "unfreeze", "remove", "drop", "end", "halt", "suspend",
                 "pardon", "return", "hand", "leave", "exit", "abandon", "dismantle", "cease", "allow"}
# verbs that never carry an event of their own when the rules found none in the sentence
NO_FALLBACK = {"say", "tell", "state", "add", "note", "report", "comment", "explain", "describe", "write",
               "think", "believe", "know", "see", "hope", "want", "expect", "be", "have", "seem", "appear",
               "remain", "become", "quote", "mention", "ask", "estimate", "predict", "feel", "look", "sound"}


def _lem(tok: Token) -> str:
    return tok.lemma_.lower() if tok.pos_ != "PROPN" else "<propn>"


def event_features(trigger: Token, anchor: Token, rule_root: str, status: str,
                   sent: Span, sent_roots: Iterable[str]) -> list[str]:
    """Feature strings for one event (``rule_root`` NONE when the rules found nothing)."""
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
    for r in {MERGED.get(x, x) for x in sent_roots}:
        f.append(f"sr={r}")
    words = [w for w in sent if w.pos_ in CONTENT_POS or w.lower_ in NEG_WORDS]
    lem = [w.lower_ if w.lower_ in NEG_WORDS else _lem(w) for w in words]
    f += [f"w={w}" for w in set(lem)]
    f += [f"b={x}_{y}" for x, y in set(zip(lem, lem[1:], strict=False))]
    lo, hi = max(sent.start, anchor.i - 3), min(sent.end, anchor.i + 4)
    f += [f"n={_lem(w)}" for w in sent.doc[lo:hi] if not w.is_punct and w.i != anchor.i]
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

    def decide(self, feats: Iterable[str], rule_root: str) -> str:
        """The label to report (PLV's label set, YIELD merged): the model's when the rules found
        nothing or when it is clearly preferred over the rule's root, else the rule's."""
        return decide(dict(zip(self.labels, self.scores(feats), strict=True)), rule_root)

    # ------------------------------------------------------------ io
    def to_json(self, prune: float = 0.01) -> dict[str, Any]:
        return {"labels": self.labels, "bias": [round(float(x), 4) for x in self.bias],
                "weights": {f: [round(float(x), 3) for x in w] for f, w in sorted(self.weights.items())
                            if np.abs(w).max() >= prune}}

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
    inv = sorted(vocab, key=vocab.get)
    return RootClassifier(labels, {f: W[i] for i, f in enumerate(inv)}, res.x[d * k:])


def decide(probs: dict[str, float], rule_root: str) -> str:
    rule = MERGED.get(rule_root, rule_root)
    best = max(probs, key=lambda k: probs[k])
    if rule not in probs or (probs[best] >= MIN_PROB and probs[best] - probs[rule] >= MIN_LEAD):
        return best
    return rule


def cross_val_predict(X: Sequence[Sequence[str]], y: Sequence[str], rule_roots: Sequence[str], *,
                      folds: int = FOLDS, **kw: Any) -> list[str]:
    """Each item decided (:func:`decide`) by a model trained on the other folds only (item ``i``
    is in fold ``i % folds``)."""
    out = [""] * len(X)
    for k in range(folds):
        tr = [i for i in range(len(X)) if i % folds != k]
        model = train([X[i] for i in tr], [y[i] for i in tr], **kw)
        for i in range(k, len(X), folds):
            out[i] = MERGED.get(rule_roots[i], rule_roots[i]) if LOCKED in X[i] else model.decide(X[i], rule_roots[i])
    return out
