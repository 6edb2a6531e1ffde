"""Train the learned re-typer of ``parley_events`` on PLV (``../shared/data/events/plv``).

    .venv/bin/python training/events/train_classifier.py [--gold DIR] [--folds 5] [--l2 0.3] [--min-count 3]

Runs the shipped pipeline with the classifier off, keeps the features of the event the PLV
scorer chooses for each sentence (the marked source/target decide which), reports k-fold
cross-validated accuracy/macro-F1 (no sentence scored by a model that saw it), then fits on all
rows and writes ``src/parley/data/events/root_classifier.json``. The data is read at train time
and never committed.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from parley.corpora.events import read_plv
from parley.eval.events import DEFAULT_GOLD, PLV_MERGE, every_event, macro_f1, plv_features
from parley.nlp import load
from parley.nlp.events.classifier import FOLDS, L2, MIN_COUNT, MODEL_PATH, cross_val_predict, train


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--gold", type=Path, default=DEFAULT_GOLD)
    ap.add_argument("--folds", type=int, default=FOLDS)
    ap.add_argument("--l2", type=float, default=L2)
    ap.add_argument("--min-count", type=int, default=MIN_COUNT)
    ap.add_argument("--out", type=Path, default=MODEL_PATH)
    a = ap.parse_args()
    items = read_plv(a.gold / "plv" / "PLV_train.tsv")
    nlp = load()
    with every_event(nlp):  # every event the rules find, whatever its confidence (as the PLV scorer does)
        feats, labels, _, rules = plv_features(items, nlp)
    with_event = [(i, f) for i, f in enumerate(feats) if f is not None]
    idx = [i for i, _f in with_event]
    X, y = [f for _i, f in with_event], [labels[i] for i in idx]
    pred = [PLV_MERGE.get(r, r) for r in rules]  # no event: NONE; a derived event keeps its rule type
    cv = cross_val_predict(X, y, [rules[i] for i in idx], folds=a.folds, rows=idx, l2=a.l2, min_count=a.min_count)
    for i, lab in zip(idx, cv, strict=True):
        pred[i] = lab
    acc = sum(g == p for g, p in zip(labels, pred, strict=True)) / len(items)
    print(json.dumps({"rows": len(items), "with_event": len(idx), "folds": a.folds, "l2": a.l2,
                      "min_count": a.min_count,
                      "cv_accuracy": round(acc, 4), "cv_macro_f1": macro_f1(labels, pred)}))
    model = train(X, y, l2=a.l2, min_count=a.min_count)
    a.out.write_text(json.dumps(model.to_json(), separators=(",", ":")) + "\n", encoding="utf-8")
    print(f"wrote {a.out} ({a.out.stat().st_size // 1024} KiB, {len(model.weights)} features)")


if __name__ == "__main__":
    main()
