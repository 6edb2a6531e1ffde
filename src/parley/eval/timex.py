"""TIMEX3 scoring, TempEval-3 style, on TimeML (TimeBank, AQUAINT) and MEANTIME gold.

Readers:

* TimeML ``.tml``: TIMEX3 tags inline in ``<TEXT>``; the DCT is the TIMEX3 whose
  ``functionInDocument="CREATION_TIME"``. Only ``<TEXT>`` is scored.
* MEANTIME ``.xml``: tokens with standoff ``<TIMEX3>`` markables; the text is rebuilt from the
  tokens (light detokenization, one line per sentence) and gold spans mapped onto it. The
  CREATION_TIME markable (the dateline) is a real mention in the text and is scored like any other.

Scores (per corpus group and combined): strict (same span) and relaxed (overlap) extraction
P/R/F1, type accuracy and value accuracy on relaxed matches, and ``value_f1`` = relaxed F1 ×
value accuracy. ``dateparser.search_dates`` is scored the same way as the peer.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from parley.config import shared_data
from parley.corpora import meantime, timeml
from parley.corpora.timeml import GoldTimex, TimeDoc
from parley.errors import NotFound
from parley.eval.common import EvalResult, prf

DEFAULT_GOLD: Path = shared_data("timex")


@dataclass
class GoldDoc(TimeDoc):
    """A gold document with its DCT as ISO ``YYYY-MM-DD``."""

    @property
    def group(self) -> str:
        return "meantime" if self.corpus.startswith("meantime") else "tbaq"


# ---------------------------------------------------------------- readers


def _gold(doc: TimeDoc) -> GoldDoc:
    return GoldDoc(doc.name, doc.corpus, doc.text, _iso(doc.dct), doc.timexes)


def read_timeml(source: str | Path, *, name: str = "", corpus: str = "timeml") -> GoldDoc:
    """Read one TimeML document (a path or the XML string itself)."""
    return _gold(timeml.read_timeml(source, name=name, corpus=corpus))


def _iso(value: str | None) -> str | None:
    """A gold DCT as ISO ``YYYY-MM-DD`` (MEANTIME has a few ``DD-MM-YYYY``)."""
    from parley.nlp.dct import parse_dct

    d = parse_dct(value)
    return d.isoformat() if d else None


def read_meantime(path: Path, *, corpus: str | None = None) -> GoldDoc:
    """Read one MEANTIME document: the annotated sentences as text, TIMEX3 markables mapped onto it."""
    doc = meantime.timeml_view(meantime.read_meantime(path, corpus=corpus))
    return _gold(doc)


def read_gold(gold: Path, *, limit: int | None = None) -> list[GoldDoc]:
    """Every TimeML (``*.tml``) and MEANTIME (``*.xml``) document under ``gold`` (or ``gold`` itself), in path
    order. TimeML files are grouped by the corpus their path names below ``gold``'s parent folder
    (``timebank``, ``aquaint``, else ``timeml``)."""
    files = [gold] if gold.is_file() else sorted(p for p in gold.rglob("*") if p.is_file())
    # a TimeML file's corpus is named by its path from the folder above ``gold`` (timex/timebank/...)
    base = gold.parent.parent if gold.is_file() else gold.parent
    docs: list[GoldDoc] = []
    for p in files:
        if p.suffix == ".tml":
            docs.append(read_timeml(p, corpus=timeml.corpus_of(p.relative_to(base))))
        elif meantime.is_meantime(p):
            docs.append(read_meantime(p))
    if limit is not None:
        # keep both groups represented when limiting
        by_group: dict[str, list[GoldDoc]] = {}
        for d in docs:
            by_group.setdefault(d.group, []).append(d)
        docs = [d for group in by_group.values() for d in group[:limit]]
    return docs


# ---------------------------------------------------------------- scoring

Pred = tuple[int, int, str, str | None]  # start, end, type, value


@dataclass
class Counts:
    docs: int = 0
    gold: int = 0
    pred: int = 0
    strict: int = 0
    relaxed_gold: int = 0  # gold timexes overlapped by some prediction
    relaxed_pred: int = 0  # predictions overlapping some gold timex
    matched: int = 0  # one-to-one relaxed matches (for type/value accuracy)
    type_ok: int = 0
    value_ok: int = 0
    chars: int = 0

    def add(self, other: Counts) -> None:
        for k in self.__dataclass_fields__:
            setattr(self, k, getattr(self, k) + getattr(other, k))

    def metrics(self) -> dict[str, float | int]:
        s = prf(self.strict, self.pred, self.gold)
        p = self.relaxed_pred / self.pred if self.pred else 0.0
        r = self.relaxed_gold / self.gold if self.gold else 0.0
        rf = 2 * p * r / (p + r) if p + r else 0.0
        tacc = self.type_ok / self.matched if self.matched else 0.0
        vacc = self.value_ok / self.matched if self.matched else 0.0
        return {
            "strict_f1": s["f1"], "strict_precision": s["precision"], "strict_recall": s["recall"],
            "relaxed_f1": round(rf, 4), "relaxed_precision": round(p, 4),
            "relaxed_recall": round(r, 4),
            "accuracy": round(tacc, 4), "value_accuracy": round(vacc, 4),
            "value_f1": round(rf * vacc, 4), "gold": self.gold, "predicted": self.pred,
        }


_WEEK_1DIGIT = re.compile(r"^(\d{4}-W)(\d)(?=\D|$)")
_DMY = re.compile(r"^(\d\d)-(\d\d)-(\d{4})$")


def norm_value(v: str | None) -> str | None:
    """A TIMEX3 value in one notation: notational variants in the gold compare equal (AQUAINT
    writes ISO weeks unpadded, ``2000-W7``; MEANTIME has a few ``DD-MM-YYYY`` dates)."""
    if v is None:
        return None
    v = v.strip()
    v = _WEEK_1DIGIT.sub(r"\g<1>0\g<2>", v)
    v = _DMY.sub(r"\3-\2-\1", v)
    return v or None


def score_doc(gold: list[GoldTimex], pred: list[Pred]) -> Counts:
    c = Counts(docs=1, gold=len(gold), pred=len(pred))
    gset = {(g.start, g.end) for g in gold}
    c.strict = sum(1 for p in {(p[0], p[1]) for p in pred} if p in gset)

    def ov(g: GoldTimex, p: Pred) -> int:
        return min(g.end, p[1]) - max(g.start, p[0])

    c.relaxed_gold = sum(1 for g in gold if any(ov(g, p) > 0 for p in pred))
    c.relaxed_pred = sum(1 for p in pred if any(ov(g, p) > 0 for g in gold))
    # one-to-one matching by largest overlap, for attribute accuracy
    pairs = sorted(((ov(g, p), gi, pi) for gi, g in enumerate(gold) for pi, p in enumerate(pred)
                    if ov(g, p) > 0), reverse=True)
    used_g: set[int] = set()
    used_p: set[int] = set()
    for _o, gi, pi in pairs:
        if gi in used_g or pi in used_p:
            continue
        used_g.add(gi)
        used_p.add(pi)
        c.matched += 1
        g, p = gold[gi], pred[pi]
        c.type_ok += g.type == p[2]
        c.value_ok += norm_value(g.value) == norm_value(p[3])
    return c


# ---------------------------------------------------------------- systems


def parley_system() -> tuple[Callable[[str, str | None], list[Pred]], str]:
    """The parley_timex pipe: the trained pipeline when built, else blank English."""
    import spacy

    from parley.nlp import model_path
    from parley.nlp.timex.component import ensure_extensions

    ensure_extensions()
    if (model_path() / "config.cfg").exists():
        nlp = spacy.load(model_path(), exclude=["ner", "parser", "lemmatizer"])
        label = "trained pipeline (tagger for tense) + parley_timex"
    else:
        nlp = spacy.blank("en")
        label = "blank English + parley_timex"
    if "parley_timex" not in nlp.pipe_names:
        nlp.add_pipe("parley_timex")

    def run(text: str, dct: str | None) -> list[Pred]:
        doc = nlp.make_doc(text)
        doc._.dct = dct
        doc = nlp(doc)
        return [(t.start, t.end, t.type, t.value) for t in doc._.timexes]

    return run, label


_DP_SETTINGS = {"RETURN_AS_TIMEZONE_AWARE": False, "PREFER_DATES_FROM": "current_period"}


def dateparser_system() -> Callable[[str, str | None], list[Pred]]:
    """``dateparser.search_dates`` with the DCT as base date; spans located left to right."""
    from datetime import datetime

    from dateparser.search import search_dates

    def run(text: str, dct: str | None) -> list[Pred]:
        settings = dict(_DP_SETTINGS)
        if dct:
            try:
                settings["RELATIVE_BASE"] = datetime.fromisoformat(dct[:10])
            except ValueError:
                pass
        try:
            found = search_dates(text, languages=["en"], settings=settings) or []
        except Exception:  # noqa: BLE001 - the peer may fail on odd input
            found = []
        out: list[Pred] = []
        pos = 0
        for s, dt in found:
            i = text.find(s, pos)
            if i < 0:
                i = text.find(s)
                if i < 0:
                    continue
            else:
                pos = i + len(s)
            out.append((i, i + len(s), "DATE", _dp_value(s, dt)))
        return out

    return run


_MONTH_RE = re.compile(r"\b(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)", re.I)
_DAY_RE = re.compile(r"(?<!\d)(?:[12]?\d|3[01])(?:st|nd|rd|th)?(?!\d)")


def _dp_value(s: str, dt: object) -> str:
    """Best-effort granularity for a dateparser hit: a year alone, a month + year, else a day."""
    iso = dt.date().isoformat()  # type: ignore[attr-defined]
    st = re.sub(r"\b\d{4}\b", "", s.strip())
    if re.fullmatch(r"\s*(?:1\d|20)\d\d\s*", s):
        return iso[:4]
    if _MONTH_RE.search(st) and not _DAY_RE.search(st):
        return iso[:7]
    return iso


def run_system(docs: Iterable[GoldDoc], system: Callable[[str, str | None], list[Pred]]
               ) -> dict[str, Counts]:
    per: dict[str, Counts] = {}
    for d in docs:
        c = score_doc(d.timexes, system(d.text, d.dct))
        c.chars = len(d.text)
        per.setdefault(d.group, Counts()).add(c)
    return per


def group_name(group: str, docs: list[GoldDoc]) -> str:
    """``TimeBank+AQUAINT (TBAQ-cleaned)``, ``MEANTIME airbus+gm``: the corpora a group's documents come from."""
    corpora = list(dict.fromkeys(d.corpus for d in docs if d.group == group))
    if group == "meantime":
        return "MEANTIME " + "+".join(c.removeprefix("meantime-") for c in corpora)
    names = [n for c, n in (("timebank", "TimeBank"), ("aquaint", "AQUAINT"), ("timeml", "TimeML")) if c in corpora]
    return "TimeBank+AQUAINT (TBAQ-cleaned)" if names == ["TimeBank", "AQUAINT"] else "+".join(names)


def evaluate(gold: Path, *, limit: int | None = None) -> list[EvalResult]:
    """Each group under ``gold`` (TimeML ``.tml`` files, MEANTIME documents) and, with both, the two pooled."""
    docs = read_gold(Path(gold), limit=limit)
    if not docs:
        raise NotFound(f"no TimeML (.tml) or MEANTIME (.xml) document under {gold}")
    parley, label = parley_system()
    ours = run_system(docs, parley)
    peer = run_system(docs, dateparser_system())
    results: list[EvalResult] = []
    total_ours, total_peer = Counts(), Counts()
    for g in sorted(ours):
        total_ours.add(ours[g])
        total_peer.add(peer.get(g, Counts()))
        results.append(EvalResult(
            "timex", group_name(g, docs), ours[g].docs, ours[g].metrics(),
            peers={"dateparser": peer.get(g, Counts()).metrics()},
            notes=[f"parley system: {label}; DCT from the gold document given to both systems",
                   "strict = same character span; relaxed = overlap; accuracy = type accuracy "
                   "on relaxed one-to-one matches; value_f1 = relaxed F1 × value accuracy",
                   "dateparser: search_dates with RELATIVE_BASE = DCT, every hit typed DATE, "
                   "value at year / month / day granularity as read from the hit"]))
    if len(results) > 1:
        results.append(EvalResult(
            "timex", "combined", total_ours.docs, total_ours.metrics(),
            peers={"dateparser": total_peer.metrics()},
            notes=[f"parley system: {label}; all documents above pooled (micro-average)"]))
    return results
