"""Print the events Parley codes on the TUNE half of the audit set beside the gold events, article
by article (the check half is never read here: it is for checking only).

    .venv/bin/python training/events/tune_errors.py [--ids ID ...] [--only-wrong] [--all-events]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from parley.eval.audit import (
    DEFAULT_AUDIT,
    _event_names,
    article_text,
    locate,
    read_audit,
    same_actor,
    split_ids,
)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--audit", type=Path, default=DEFAULT_AUDIT)
    ap.add_argument("--ids", nargs="*")
    ap.add_argument("--only-wrong", action="store_true")
    ap.add_argument("--min-confidence", type=float, default=None)
    args = ap.parse_args(argv)
    from parley.nlp import load

    nlp = load()
    if args.min_confidence is not None:
        nlp.get_pipe("parley_events").min_confidence = args.min_confidence
    records = read_audit(args.audit)
    tune, _check = split_ids([r["id"] for r in records])
    for record in records:
        if record["id"] not in tune or (args.ids and not any(i in record["id"] for i in args.ids)):
            continue
        text = article_text(record, args.audit)
        doc = nlp.make_doc(text)
        doc._.dct = record.get("published")
        doc = nlp(doc)
        gold = locate(text, record["events"], "sentence")
        print(f"=== {record['id']} ({len(text.split())} words)")
        for ev in doc._.events:
            hits = [g for g in gold if g.start <= ev.trigger.start < g.end and g.data["type"] == ev.type]
            names = _event_names(doc, ev, "actor_spans")
            ok = any(same_actor(names, ev.actors, g.data.get("actor")) for g in hits)
            mark = "OK " if ok else "TYP" if hits else "-- "
            if args.only_wrong and ok:
                continue
            conf = getattr(ev, "confidence", None)
            print(f"  {mark} {ev.type:9} {ev.trigger.text!r:22} {ev.actors} -> {ev.recipients} [{ev.status}] "
                  f"{ev.date} {getattr(ev, 'date_source', '')} c={conf if conf is None else round(conf, 2)}"
                  f" | {[s.text for s in ev.actor_spans]} | {ev.sentence.text[:110]!r}")
        for g in gold:
            d = g.data
            req = " (doubtful)" if d.get("doubtful") else " (repeat)" if d.get("repeat") else ""
            print(f"  GOLD {d['type']:9} {d['trigger']!r:16} {d.get('actor')} -> {d.get('recipient')} "
                  f"[{d.get('status')}] {d.get('date')}{req} | {d['sentence']!r}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
