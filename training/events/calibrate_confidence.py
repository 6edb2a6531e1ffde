"""Calibrate the confidence of ``parley_events`` on the TUNE half of the audit set, and choose the
display threshold there (the check half is never read here).

    .venv/bin/python training/events/calibrate_confidence.py [--audit tests/audit/polnear_audit.jsonl]

Runs the shipped pipeline on the tune half's articles with every event kept (``min_confidence`` 0),
labels each event right when the audit scorer would count it right by type and actor, fits the two
numbers that map the hand-set evidence score (:func:`parley.nlp.events.confidence.score`) to a
probability (``SCALE``, ``SHIFT``: a logistic fit, nothing else is learned), then prints, for each
threshold, the tune half's precision and recall (type, type + actor) and events per article, and
the threshold it chooses: the one with the best F0.5 on type + actor (precision weighted twice
over recall) among those that keep the events per article within 1.5 times the gold count. Copy
``SCALE`` and ``SHIFT`` into ``src/parley/nlp/events/confidence.py``, ``DEFAULT_MIN_CONFIDENCE`` into
``src/parley/nlp/events/threshold.py``.
"""

from __future__ import annotations

import argparse
import json
import math
from pathlib import Path
from typing import Any

import numpy as np
from scipy.optimize import minimize

from parley.eval.audit import (
    DEFAULT_AUDIT,
    _event_names,
    article_text,
    locate,
    read_audit,
    same_actor,
    split_ids,
)
from parley.nlp.events.confidence import score

MAX_RATIO = 1.5  # events per article at most this many times the gold count


def collect(audit: Path) -> list[dict[str, Any]]:
    """Per tune article: which gold events are required and, per event, its score and the gold
    events it could match by type (``hits``) and by type and actor (``right``)."""
    from parley.nlp import load

    nlp = load()
    nlp.get_pipe("parley_events").min_confidence = 0.0
    records = read_audit(audit)
    tune, _check = split_ids([r["id"] for r in records])
    out = []
    for record in records:
        if record["id"] not in tune:
            continue
        text = article_text(record, audit)
        doc = nlp.make_doc(text)
        doc._.dct = record.get("published")
        doc = nlp(doc)
        gold = locate(text, record["events"], "sentence")
        events = []
        for span, ev in zip(doc.spans["events"], doc._.events, strict=True):
            hits = [i for i, g in enumerate(gold) if g.start <= ev.trigger.start < g.end and g.data["type"] == ev.type]
            names = _event_names(doc, ev, "actor_spans")
            right = [i for i in hits if same_actor(names, ev.actors, gold[i].data.get("actor"))]
            events.append({"score": score(span._.event_evidence), "hits": hits, "right": right})
        out.append({"required": [g.required for g in gold],
                    "listed": sum(not g.data.get("doubtful") for g in gold), "events": events})
    return out


def figures(articles: list[dict[str, Any]], keep: Any) -> dict[str, float]:
    """The audit scorer's figures for the events ``keep`` lets through (same matching)."""
    pred = right_type = right_actor = found_type = found_actor = required = listed = 0
    for art in articles:
        required += sum(art["required"])
        listed += art["listed"]
        matched: set[int] = set()
        for ev in art["events"]:
            if not keep(ev):
                continue
            pred += 1
            if not ev["hits"]:
                continue
            right_type += 1
            right_actor += bool(ev["right"])
            for g in ev["right"] or ev["hits"]:
                if g not in matched and art["required"][g]:
                    matched.add(g)
                    found_type += 1
                    found_actor += bool(ev["right"])
                    break
    n = max(len(articles), 1)
    return {"events": pred, "precision_type": right_type / max(pred, 1),
            "precision_type_actor": right_actor / max(pred, 1), "recall_type": found_type / max(required, 1),
            "recall_type_actor": found_actor / max(required, 1), "events_per_article": pred / n,
            "gold_per_article": listed / n}


def fit(articles: list[dict[str, Any]]) -> tuple[float, float]:
    x = np.array([ev["score"] for art in articles for ev in art["events"]])
    y = np.array([1.0 if ev["right"] else 0.0 for art in articles for ev in art["events"]])

    def loss(p: np.ndarray) -> float:
        q = 1.0 / (1.0 + np.exp(-(p[0] * x + p[1])))
        return float(-np.sum(y * np.log(q + 1e-9) + (1 - y) * np.log(1 - q + 1e-9)))

    res = minimize(loss, np.array([1.0, 0.0]), method="Nelder-Mead")
    return round(float(res.x[0]), 3), round(float(res.x[1]), 3)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--audit", type=Path, default=DEFAULT_AUDIT)
    a = ap.parse_args()
    articles = collect(a.audit)
    scale, shift = fit(articles)

    def conf(ev: dict[str, Any]) -> float:
        return 1.0 / (1.0 + math.exp(-(scale * ev["score"] + shift)))

    best: tuple[float, float] | None = None
    for t in [round(0.05 * k, 2) for k in range(13)]:
        f = figures(articles, lambda ev, t=t: conf(ev) >= t)
        p, r = f["precision_type_actor"], f["recall_type_actor"]
        f05 = 1.25 * p * r / (0.25 * p + r) if p + r else 0.0
        ok = f["events_per_article"] <= MAX_RATIO * f["gold_per_article"]
        print(json.dumps({"threshold": t, **{k: round(v, 3) for k, v in f.items()}, "f0.5": round(f05, 3),
                          "within_ratio": ok}))
        if ok and (best is None or f05 > best[1]):
            best = (t, f05)
    print(json.dumps({"SCALE": scale, "SHIFT": shift, "DEFAULT_MIN_CONFIDENCE": best[0] if best else None}))


if __name__ == "__main__":
    main()
