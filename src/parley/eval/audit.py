"""Audit sets of whole articles (``../shared/AUDIT.md``): events, quotes and speakers as a careful
analyst reads them, scored against what Parley extracts from the same articles.

``parley eval events --audit PATH`` and ``parley eval quotes --audit PATH`` read a JSONL file of
records ``{id, source_path, published, quotes, events, people, ...}``; the articles are read from
``../shared/data/<source_path>`` (or from beside the audit file). Each is scored three ways: the
tune half, the check half (:func:`split_ids`, a fixed seed over the article ids) and all of it.

Matching, as AUDIT.md says: a doubtful gold item is not required, but a prediction that matches it
is not counted wrong; a repeat is not required.

* Events: a predicted event matches a gold one of the same type when its trigger lies in the gold
  sentence (found by its first 60 characters); "type + actor" also needs the same actor
  (:func:`same_actor`). Precision is over every predicted event; recall over required gold events.
  Date accuracy is over predicted events of the right type whose gold event has a date: the share
  whose date is that day exactly (the event's own day, or the publication day the analyst read).
* Quotes: a predicted quote matches a gold one when its content span holds the gold snippet's
  start (or starts inside the snippet); speaker accuracy is over matched quotes whose gold speaker
  is named and not doubtful, right when :func:`same_name` holds between the resolved name and the
  gold name; over those with a resolved name, how well the speaker confidence matches the share of
  right names (:func:`parley.eval.quotes.calibration`).
"""

from __future__ import annotations

import json
import random
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from parley.config import shared_data
from parley.errors import NotFound
from parley.eval.common import EvalResult

DEFAULT_AUDIT = Path(__file__).resolve().parents[3] / "tests" / "audit" / "polnear_audit.jsonl"

# The tune/check split of every gold set tuned on: article ids sorted, shuffled with this seed,
# the first half for tuning, the rest for checking. Written here once, before any tuning.
SPLIT_SEED = 13


def split_ids(ids: list[str], seed: int = SPLIT_SEED) -> tuple[set[str], set[str]]:
    """(tune, check): a fixed, seeded half-and-half split of document ids."""
    order = sorted(set(ids))
    random.Random(seed).shuffle(order)
    half = (len(order) + 1) // 2
    return set(order[:half]), set(order[half:])


# ---------------------------------------------------------------- names

_STOP = {"the", "of", "and", "a", "an", "for", "in", "on", "u.s.", "us", "mr.", "mrs.", "ms.", "dr.", "sen.", "rep.",
         "gov.", "president", "senator", "jr.", "jr", "sr."}


def _words(name: str) -> list[str]:
    name = re.sub(r"\(([A-Z]{3})[A-Z]*\)", "", name).replace("’", "'")  # "O’Malley" is "O'Malley"
    return [w for w in re.findall(r"[\w.'-]+", name.lower()) if w not in _STOP]


def _code(name: str) -> str | None:
    m = re.search(r"\(([A-Z]{3})[A-Z]*\)", name)
    return m.group(1) if m else None


def same_name(predicted: str | None, gold: str | None) -> bool:
    """Whether two names name the same person or organisation. A single word names what holds it
    ("Cruz" ~ "Ted Cruz", "EU" ~ "EU (EUR)"). Two longer names ending on the same word are one when
    their first words agree (or one is the other's initial: "J. Smith" ~ "John Smith"), or when they
    share most of their words ("UN Security Council" ~ "United Nations Security Council"); a shared
    surname alone is two people ("Bill Clinton" is not "Hillary Clinton"). Otherwise the last word of
    one is a word of the other ("Justice Department" ~ "Department of Justice"), or they share most
    of at least two words."""
    if not predicted or not gold:
        return False
    p, g = _words(predicted), _words(gold)
    if not p or not g:
        return False
    if len(p) == 1 or len(g) == 1:
        return p[-1] in g or g[-1] in p
    shared = set(p) & set(g)
    most = len(shared) >= max(2, min(len(p), len(g)) - 1)
    if p[-1] == g[-1]:
        return _same_first(p[0], g[0]) or set(p) <= set(g) or set(g) <= set(p) or most
    return p[-1] in g or g[-1] in p or most


def _same_first(a: str, b: str) -> bool:
    """Two first words of one name: the same, or one the initial of the other ("j." ~ "john")."""
    a, b = a.rstrip("."), b.rstrip(".")
    return a == b or (len(a) == 1 and b.startswith(a)) or (len(b) == 1 and a.startswith(b))


def same_actor(predicted: list[str], codes: list[str], gold: str | None) -> bool:
    """A predicted actor (resolved names or mention texts, and codes) against a gold actor written
    as "Name (ISO)": the same name, or, for a state actor, the same country code."""
    if gold is None:
        return not predicted and not codes
    if any(same_name(p, gold) for p in predicted):
        return True
    gcode = _code(gold)
    state = gcode is not None and bool(re.search(r"\b(government|administration|state|military|army|forces)\b|"
                                                 r"^(the )?(united states|u\.s\.)", gold.lower()))
    return state and any(c and c[:3] == gcode for c in codes)


# ---------------------------------------------------------------- records


@dataclass
class GoldItem:
    start: int
    end: int
    data: dict[str, Any]
    matched: bool = False

    @property
    def required(self) -> bool:
        return not self.data.get("doubtful") and not self.data.get("repeat")


@dataclass
class Tally:
    """Counts over a set of articles."""

    counts: Counter[str] = field(default_factory=Counter)
    by_type: dict[str, Counter[str]] = field(default_factory=dict)

    def add(self, key: str, n: int = 1, *, event_type: str | None = None) -> None:
        self.counts[key] += n
        if event_type is not None:
            self.by_type.setdefault(event_type, Counter())[key] += n


def read_audit(path: Path) -> list[dict[str, Any]]:
    if not Path(path).is_file():
        raise NotFound(f"no audit file at {path}")
    records = []
    for n, line in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), 1):
        if line.strip():
            try:
                records.append(json.loads(line))
            except json.JSONDecodeError as exc:
                raise NotFound(f"{path}:{n}: not a JSON record ({exc.msg})") from None
    return records


def article_text(record: dict[str, Any], audit_path: Path) -> str:
    for base in (shared_data(), Path(audit_path).parent):
        path = base / record["source_path"]
        if path.is_file():
            return path.read_text(encoding="utf-8")
    raise NotFound(f"article {record['source_path']} of the audit set not found under {shared_data()}")


def locate(text: str, snippets: list[dict[str, Any]], key: str) -> list[GoldItem]:
    """Each gold item's character span: its snippet found in order (else anywhere) in ``text``."""
    out, pos = [], 0
    for item in snippets:
        snippet = item[key]
        at = text.find(snippet, pos)
        if at < 0:
            at = text.find(snippet)
        if at < 0:
            continue
        end = _sentence_end(text, at + len(snippet)) if key == "sentence" else at + len(snippet)
        out.append(GoldItem(at, end, item))
        pos = at
    return out


# A stop that ends no sentence: after a single capital ("U.N.", "J. Smith") or a short title ("Mr.").
_NO_END = re.compile(r"(?:\b[A-Z]|\b(?:Mr|Mrs|Ms|Dr|St|Sen|Rep|Gov|Gen|Lt|Col|Sgt|Capt|Jr|Sr|No|vs|Prof|Rev))$")


def _sentence_end(text: str, after: int) -> int:
    """The end of the sentence whose first 60 characters end at ``after``: the next line break or
    sentence-final stop followed by space (at least ``after``). The stop of an abbreviation ("U.N.",
    "Mr.") ends one only before a capitalised function word ("… the U.S. The talks …")."""
    for m in re.compile(r"[.!?][\"”’')\]]*(?=\s)|\n").finditer(text, max(after - 1, 0)):
        if m.group()[0] != "." or not _NO_END.search(text[max(0, m.start() - 4):m.start()]):
            return m.end()
        nxt = re.match(r"\s+([A-Z]\w*)", text[m.end():m.end() + 30])
        if nxt is not None and nxt.group(1).lower() in _STARTERS:
            return m.end()
    return len(text)


# Capitalised words that open a new sentence after an abbreviation rather than go on with a name.
_STARTERS = {"the", "a", "an", "he", "she", "it", "they", "we", "i", "but", "and", "in", "on", "this", "that",
             "there", "his", "her", "their", "its", "as", "at", "after", "when", "while", "if", "some", "many"}


# ---------------------------------------------------------------- events


def _event_names(doc: Any, event: Any, spans: str) -> list[str]:
    names = []
    index = getattr(doc._, "entity_index", None) if doc.has_extension("entity_index") else None
    for span in getattr(event, spans):
        names.append(span.text)
        if index is not None:
            ent = index.at(span.start, span.end)
            if ent is not None:
                names.append(ent.name)
    return names


def score_events(doc: Any, gold: list[GoldItem], tally: Tally) -> None:
    events = list(doc._.events)
    tally.add("articles")
    tally.add("predicted", len(events))
    tally.add("gold_required", sum(g.required for g in gold))
    tally.add("gold_listed", sum(not g.data.get("doubtful") for g in gold))
    for ev in events:
        tally.by_type.setdefault(ev.type, Counter())["predicted"] += 1
        hits = [g for g in gold if g.start <= ev.trigger.start < g.end and g.data["type"] == ev.type]
        if not hits:
            continue
        tally.add("right_type", event_type=ev.type)
        names = _event_names(doc, ev, "actor_spans")
        with_actor = [g for g in hits if same_actor(names, ev.actors, g.data.get("actor"))]
        dated = next((g.data["date"] for g in with_actor or hits if g.data.get("date")), None)
        if dated:  # the day the analyst read for it: the event's own, or the publication day
            tally.add("dated")
            tally.add("right_date", int(ev.date == dated))
        if with_actor:
            tally.add("right_type_actor", event_type=ev.type)
        for g in with_actor or hits:
            if not g.matched and g.required:
                g.matched = True
                tally.add("found_type")
                if with_actor:
                    tally.add("found_type_actor")
                break


def ratio(a: float, b: float) -> float:
    """``a / b`` to 4 places, 0.0 when ``b`` is 0."""
    return round(a / b, 4) if b else 0.0


def event_metrics(t: Tally) -> dict[str, Any]:
    c = t.counts
    articles = c["articles"] or 1
    return {
        "precision_type": ratio(c["right_type"], c["predicted"]),
        "precision_type_actor": ratio(c["right_type_actor"], c["predicted"]),
        "recall_type": ratio(c["found_type"], c["gold_required"]),
        "recall_type_actor": ratio(c["found_type_actor"], c["gold_required"]),
        "predicted": c["predicted"],
        "gold_required": c["gold_required"],
        "date_accuracy": ratio(c["right_date"], c["dated"]),
        "dated": c["dated"],
        "events_per_article": round(c["predicted"] / articles, 2),
        "gold_per_article": round(c["gold_listed"] / articles, 2),
        "per_article_ratio": ratio(c["predicted"], c["gold_listed"]),
        "precision_by_type": {k: ratio(v["right_type"], v["predicted"]) for k, v in sorted(t.by_type.items())},
        "precision_type_actor_by_type": {k: ratio(v["right_type_actor"], v["predicted"])
                                         for k, v in sorted(t.by_type.items())},
        "predicted_by_type": {k: v["predicted"] for k, v in sorted(t.by_type.items())},
    }


# ---------------------------------------------------------------- quotes


def score_quotes(doc: Any, gold: list[GoldItem], tally: Tally) -> None:
    quotes = list(doc._.quotes)
    tally.add("articles")
    tally.add("predicted", len(quotes))
    tally.add("gold_required", sum(g.required for g in gold))
    for q in quotes:
        hits = [g for g in gold if q.start <= g.start < q.end or g.start <= q.start < g.end]
        if not hits:
            continue
        tally.add("matched_predictions")
        g = next((h for h in hits if not h.matched), hits[0])
        if not g.matched and g.required:
            g.matched = True
            tally.add("found")
        speaker = g.data.get("speaker")
        if speaker and not g.data.get("doubtful"):  # a doubtful speaker is neither right nor wrong
            tally.add("with_named_speaker")
            right = same_name(q.speaker_name, speaker)
            if q.speaker_name and q.confidence is not None:
                key = f"{q.confidence:.2f}"
                tally.add(f"conf_n {key}")
                tally.add(f"conf_right {key}", int(right))
            if right:
                tally.add("speaker_right")
            elif q.speaker_name:
                tally.add("speaker_wrong")
            else:
                tally.add("speaker_missing")


def quote_metrics(t: Tally) -> dict[str, Any]:
    from parley.eval.quotes import calibration

    c = t.counts
    by_conf = {float(k.split()[1]): [c[f"conf_right {k.split()[1]}"], n]
               for k, n in c.items() if k.startswith("conf_n ")}
    return {
        "recall": ratio(c["found"], c["gold_required"]),
        "precision": ratio(c["matched_predictions"], c["predicted"]),
        "speaker_accuracy": ratio(c["speaker_right"], c["with_named_speaker"]),
        "speaker_wrong": ratio(c["speaker_wrong"], c["with_named_speaker"]),
        "speaker_missing": ratio(c["speaker_missing"], c["with_named_speaker"]),
        "predicted": c["predicted"],
        "gold_required": c["gold_required"],
        **calibration(by_conf),
    }


# ---------------------------------------------------------------- running


def _run(kind: str, path: Path, nlp: Any, limit: int | None) -> list[EvalResult]:
    records = read_audit(path)[:limit]
    tune, check = split_ids([r["id"] for r in records])
    tallies = {"tune": Tally(), "check": Tally(), "all": Tally()}
    scorer = score_events if kind == "events" else score_quotes
    for record in records:
        text = article_text(record, path)
        doc = nlp.make_doc(text)
        doc._.dct = record.get("published")
        doc = nlp(doc)
        half = "tune" if record["id"] in tune else "check"
        for name in (half, "all"):
            gold = locate(text, record[kind], "sentence" if kind == "events" else "text")
            scorer(doc, gold, tallies[name])
    metrics = event_metrics if kind == "events" else quote_metrics
    name = Path(path).stem
    notes = [f"Audit set {path.name}: whole articles annotated by careful reading (AUDIT.md); tune/check split "
             f"by article id with seed {SPLIT_SEED} (parley.eval.audit.split_ids)."]
    return [EvalResult(task=kind, dataset=f"{name} ({part})", documents=tallies[part].counts["articles"],
                       metrics=metrics(tallies[part]), notes=notes) for part in ("tune", "check", "all")]


def evaluate_events(path: Path = DEFAULT_AUDIT, *, limit: int | None = None, nlp: Any = None) -> list[EvalResult]:
    from parley.nlp import load

    return _run("events", path, nlp or load(), limit)


def evaluate_quotes(path: Path = DEFAULT_AUDIT, *, limit: int | None = None, nlp: Any = None) -> list[EvalResult]:
    from parley.nlp import load

    return _run("quotes", path, nlp or load(), limit)
