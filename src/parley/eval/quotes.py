"""Quote attribution scoring on GenderGapTracker (GGT) JSONL and PolNeAR brat gold.

GGT (``ggt/dev.jsonl``; a gold quote covers the quote marks of a direct quote, the reported
clause of an indirect one). Scoring follows GGT's overlap idea:

* a gold quote is *found* at threshold ``t`` when a predicted quote covers more than ``t`` of
  the gold span's characters; a predicted quote is *correct* at ``t`` when a gold quote covers
  more than ``t`` of the predicted span's characters. Precision = correct / predicted, recall =
  found / gold (``f1_at_0.3``, ``f1_at_0.8``).
* ``speaker_match``: over gold quotes found at 0.3 (with their best-covering prediction), the
  predicted speaker span overlaps the gold one (or has its text, within 150 characters of the quote:
  GGT's speaker offsets sometimes point at a later token with the same text); when the gold speaker is empty (a floating
  quote), we must give no speaker span or a speaker resolved to the gold ``reference``.
* ``reference_accuracy``: over the same quotes, our resolved name (else, for a non-pronoun
  mention we could not resolve, the mention text) equals the gold ``reference``, ignoring case,
  a leading "the" and punctuation; a surname-only answer counts when it is the gold full name's
  last word (and a full-name answer counts against a surname-only reference).
* ``calibration_error`` and ``right_by_confidence``: over the same quotes with a resolved name, how
  far each speaker confidence (``Quote.confidence``) lies from the share of right names among the
  quotes given it (:func:`calibration`); the table is fitted on the tune halves only.

GGT is reported three ways from one run: the whole set (``ggt-dev``), and its fixed tune and check
halves by article id (``ggt-dev (tune)``, ``ggt-dev (check)``; :func:`parley.eval.audit.split_ids`,
seed 13). Rules are tuned on the tune half only; the check half says whether they carry over.

PolNeAR (``polnear/dev``: ``text/*.txt`` + ``attributions/*_XXXX.ann``): one annotator per
article, the first ``.ann`` file in sorted order. Discontinuous spans are scored by their hull.
Source, Cue and Content are matched one-to-one, greedily by overlap: *overlap* = any shared
character, *exact* = the same span once quote marks, punctuation and spaces at both ends are
stripped. Scored on all attributions, and on those whose cue holds a speech cue (gold and
predictions alike), from a list frozen in ``data/quotes/polnear_speech_subset.yaml`` so that the
component's growing lexicon never changes which gold attributions are scored.

The peer, textacy's ``direct_quotations``, runs on the same parses; documents where it raises
(it does on odd numbers of quote marks) count as failures and give no quotes.
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from parley.config import PACKAGE_DIR, shared_data
from parley.corpora.quotes import GoldDoc, GoldQuote, polnear_files, read_brat, read_ggt
from parley.eval.common import EvalResult, prf
from parley.nlp.lexicon.words import PERSONAL_PRONOUNS

DEFAULT_GOLD: Path = shared_data("quotes")
THRESHOLDS = (0.3, 0.8)


@dataclass
class Pred:
    start: int
    end: int
    speaker: tuple[int, int] | None = None
    name: str | None = None
    cue: tuple[int, int] | None = None
    speech: bool = True
    confidence: float | None = None


# ---------------------------------------------------------------- readers


def read_polnear(folder: Path, *, limit: int | None = None) -> list[GoldDoc]:
    """PolNeAR articles (one annotator each), every attribution marked as in the speech subset or not."""
    cues = speech_subset_cues()
    docs = []
    for txt, ann in polnear_files(folder):
        text = txt.read_text(encoding="utf-8")
        qs = []
        for a in read_brat(ann.read_text(encoding="utf-8")):
            cue, content = a["cue"], a["content"]
            if content is None:  # read_brat keeps attributions with a content only
                continue
            speech = cue is not None and _speech_text(text[cue[0]:cue[1]], cues)
            qs.append(GoldQuote(content[0], content[1], a["source"], "", cue, speech))
        docs.append(GoldDoc(txt.stem, text, qs))
        if limit is not None and len(docs) >= limit:
            break
    return docs


def speech_subset_cues() -> Any:
    """The frozen speech cues that pick PolNeAR's speech subset (gold and predictions alike)."""
    from parley.config import DATA_DIR
    from parley.nlp.quotes.cues import load_cues

    return load_cues(DATA_DIR / "quotes" / "polnear_speech_subset.yaml")


def _speech_text(cue_text: str, cues: Any) -> bool:
    low = cue_text.lower()
    return any(cues.is_speech(w) for w in re.findall(r"[a-z']+", low)) or "according to" in low


# ---------------------------------------------------------------- scoring helpers


def _inter(a: tuple[int, int], b: tuple[int, int]) -> int:
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def _norm_name(s: str) -> str:
    s = re.sub(r"[^\w\s'-]", " ", s.lower().replace("’", "'"))  # "O’Malley" is "O'Malley"
    s = re.sub(r"^\s*the\s+", "", s)
    return " ".join(s.split())


def name_match(ours: str | None, gold: str) -> bool:
    """Our resolved name against the gold reference (see the module docstring)."""
    if not ours or not gold:
        return False
    o, g = _norm_name(ours), _norm_name(gold)
    if o == g:
        return True
    ow, gw = o.split(), g.split()
    return bool(ow and gw) and ow[-1] == gw[-1] and (len(ow) == 1 or len(gw) == 1)


def score_ggt(gold: list[GoldDoc], preds: list[list[Pred]]) -> dict[str, Any]:
    m: dict[str, Any] = {}
    n_gold = sum(len(d.quotes) for d in gold)
    n_pred = sum(len(p) for p in preds)
    for t in THRESHOLDS:
        found = correct = 0
        for d, ps in zip(gold, preds, strict=True):
            gs = [(q.start, q.end) for q in d.quotes]
            found += sum(any(_inter(g, (p.start, p.end)) / max(1, g[1] - g[0]) > t for p in ps) for g in gs)
            correct += sum(any(_inter(g, (p.start, p.end)) / max(1, p.end - p.start) > t for g in gs) for p in ps)
        p_ = correct / n_pred if n_pred else 0.0
        r_ = found / n_gold if n_gold else 0.0
        f_ = 2 * p_ * r_ / (p_ + r_) if p_ + r_ else 0.0
        m[f"precision_at_{t}"], m[f"recall_at_{t}"], m[f"f1_at_{t}"] = round(p_, 4), round(r_, 4), round(f_, 4)
    spk = ref = matched = 0
    by_conf: dict[float, list[int]] = {}
    for d, ps in zip(gold, preds, strict=True):
        for q in d.quotes:
            g = (q.start, q.end)
            best = max(ps, key=lambda p: _inter(g, (p.start, p.end)), default=None)
            if best is None or _inter(g, (best.start, best.end)) / max(1, g[1] - g[0]) <= 0.3:
                continue
            matched += 1
            if q.speaker is None:
                spk += best.speaker is None or name_match(best.name, q.reference)
            else:
                spk += best.speaker is not None and (_inter(best.speaker, q.speaker) > 0 or _same_mention(
                    d.text, best.speaker, q, near=(q.start - 150, q.end + 150)))
            right = name_match(best.name, q.reference)
            ref += right
            if best.name and best.confidence is not None:
                tally = by_conf.setdefault(best.confidence, [0, 0])
                tally[0] += right
                tally[1] += 1
    m["speaker_match"] = round(spk / matched, 4) if matched else 0.0
    m["reference_accuracy"] = round(ref / matched, 4) if matched else 0.0
    m.update(calibration(by_conf))
    m["gold_quotes"], m["predicted_quotes"] = n_gold, n_pred
    return m


def calibration(by_conf: dict[float, list[int]]) -> dict[str, Any]:
    """How well a speaker's confidence matches its share of right names: ``right_by_confidence`` (each
    confidence value -> [right, quotes]) and ``calibration_error``, the gap between confidence and that
    share, weighted by quotes (0 is perfect); nothing for a system that gives no confidence."""
    n = sum(v[1] for v in by_conf.values())
    if not n:
        return {}
    gap = sum(abs(v[0] / v[1] - c) * v[1] for c, v in by_conf.items() if v[1])
    return {"calibration_error": round(gap / n, 4),
            "right_by_confidence": {f"{c:.2f}": v for c, v in sorted(by_conf.items())}}


def _same_mention(text: str, ours: tuple[int, int], q: GoldQuote, *, near: tuple[int, int]) -> bool:
    """GGT's speaker offsets are sometimes off (they point at a later token with the same text, away from
    the verb): the same text as the gold speaker, next to the quote, counts too."""
    if q.speaker is None or not (near[0] <= ours[0] <= near[1]):
        return False
    return text[ours[0]:ours[1]].lower() == text[q.speaker[0]:q.speaker[1]].lower()


_STRIP = " \t\n\"“”‘’'.,;:!?—–-()[]"


def _exact(text: str, a: tuple[int, int], b: tuple[int, int]) -> bool:
    def norm(s: tuple[int, int]) -> tuple[int, int]:
        x, y = s
        while x < y and text[x] in _STRIP:
            x += 1
        while y > x and text[y - 1] in _STRIP:
            y -= 1
        return x, y
    return norm(a) == norm(b)


def _match(text: str, golds: list[tuple[int, int]], preds: list[tuple[int, int]]) -> tuple[int, int]:
    """One-to-one greedy matches by overlap size: (overlap matches, exact matches)."""
    pairs = sorted(((_inter(g, p), i, j) for i, g in enumerate(golds) for j, p in enumerate(preds)
                    if _inter(g, p) > 0), reverse=True)
    gi: set[int] = set()
    pj: set[int] = set()
    n_ov = n_ex = 0
    for _, i, j in pairs:
        if i in gi or j in pj:
            continue
        gi.add(i)
        pj.add(j)
        n_ov += 1
        n_ex += _exact(text, golds[i], preds[j])
    return n_ov, n_ex


def score_attributions(gold: list[GoldDoc], preds: list[list[Pred]], *, speech_only: bool) -> dict[str, Any]:
    m: dict[str, Any] = {}
    for role in ("content", "source", "cue"):
        tot = {"ov": 0, "ex": 0, "g": 0, "p": 0}
        for d, ps in zip(gold, preds, strict=True):
            gq = [q for q in d.quotes if q.speech or not speech_only]
            pq = [p for p in ps if (p.speech and p.cue is not None) or not speech_only]
            gs = [x for x in (_role_span(q, role) for q in gq) if x]
            pp = [x for x in (_role_span(p, role) for p in pq) if x]
            ov, ex = _match(d.text, gs, pp)
            tot["ov"] += ov
            tot["ex"] += ex
            tot["g"] += len(gs)
            tot["p"] += len(pp)
        for kind in ("ov", "ex"):
            r = prf(tot[kind], tot["p"], tot["g"])
            name = "overlap" if kind == "ov" else "exact"
            for k, v in r.items():
                m[f"{role}_{name}_{k}"] = v
    return m


def _role_span(q: GoldQuote | Pred, role: str) -> tuple[int, int] | None:
    if role == "content":
        return (q.start, q.end)
    return q.speaker if role == "source" else q.cue


# ---------------------------------------------------------------- running the systems


def load_nlp() -> Any:
    """The shipped pipeline, or while it is being trained ``training/output/model-best`` with Parley's
    components added."""
    import spacy

    from parley import nlp as parley_nlp
    from parley.errors import MissingResource

    try:
        return parley_nlp.load()
    except MissingResource:
        alt = PACKAGE_DIR.parents[1] / "training" / "output" / "model-best"
        if not (alt / "config.cfg").exists():
            raise
        nlp = spacy.load(alt)
        for name in parley_nlp.available_components():
            nlp.add_pipe(name)
        return nlp


def _parley_preds(doc: Any, speech_forms: set[str]) -> list[Pred]:
    out = []
    for q in doc._.quotes:
        name = q.speaker_name
        if name is None and q.speaker is not None and q.speaker.text.lower() not in PERSONAL_PRONOUNS:
            name = q.speaker.text
        cue_text = q.cue.text.lower() if q.cue else ""
        out.append(Pred(q.start, q.end, (q.speaker.start, q.speaker.end) if q.speaker else None, name,
                        (q.cue.start, q.cue.end) if q.cue else None,
                        cue_text in speech_forms, q.confidence))
    return out


def _textacy_preds(doc: Any) -> list[Pred] | None:
    from textacy.extract.triples import direct_quotations

    try:
        triples = list(direct_quotations(doc))
    except Exception:  # textacy raises on odd numbers of quote marks
        return None
    out = []
    for tr in triples:
        spk = (min(t.idx for t in tr.speaker), max(t.idx + len(t) for t in tr.speaker)) if tr.speaker else None
        cue = (min(t.idx for t in tr.cue), max(t.idx + len(t) for t in tr.cue)) if tr.cue else None
        name = " ".join(t.text for t in tr.speaker) if tr.speaker else None
        out.append(Pred(tr.content.start_char, tr.content.end_char, spk, name, cue, True))
    return out


def run_systems(nlp: Any, texts: list[str]) -> tuple[list[list[Pred]], list[list[Pred]], dict[str, float]]:
    """Parse once; run parley_quotes and textacy on the same parses. Also times the quote component."""
    speech = speech_subset_cues().speech_forms()
    quotes_pipe = nlp.get_pipe("parley_quotes")
    after = nlp.pipe_names[nlp.pipe_names.index("parley_quotes") + 1:]
    t0 = time.perf_counter()
    with nlp.select_pipes(disable=["parley_quotes", *after]):
        docs = list(nlp.pipe(texts))
    t_base = time.perf_counter() - t0
    t0 = time.perf_counter()
    docs = [quotes_pipe(d) for d in docs]
    t_quotes = time.perf_counter() - t0
    ours = [_parley_preds(d, speech) for d in docs]
    theirs = [_textacy_preds(d) for d in docs]
    fails = sum(t is None for t in theirs)
    timing = {"pipeline_s": round(t_base, 2), "quotes_s": round(t_quotes, 3),
              "quotes_share": round(t_quotes / t_base, 4) if t_base else 0.0, "textacy_failures": fails}
    return ours, [t or [] for t in theirs], timing


# ---------------------------------------------------------------- entry point


def evaluate_ggt(path: Path, *, limit: int | None = None, nlp: Any = None) -> list[EvalResult]:
    """GGT scored on the whole set (dataset ``ggt-<stem>``, the figures recorded before the split) and on
    its fixed tune and check halves (``ggt-<stem> (tune)``, ``(check)``: :func:`parley.eval.audit.split_ids`
    over the article ids), from one run."""
    from parley.eval.audit import SPLIT_SEED, split_ids

    gold = read_ggt(path, limit=limit)
    nlp = nlp or load_nlp()
    ours, theirs, timing = run_systems(nlp, [d.text for d in gold])
    peer = score_ggt(gold, theirs)
    peer["failures"] = timing["textacy_failures"]
    notes = [f"parley_quotes took {timing['quotes_s']} s against {timing['pipeline_s']} s for the rest of the "
             f"pipeline ({timing['quotes_share']:.1%}).",
             "Matching: gold found when our span covers > t of it; prediction correct when gold covers > t of it.",
             "textacy: direct_quotations on the same parses; it has no coreference, so its name is the mention."]
    name = f"ggt-{path.stem}"
    out = [EvalResult("quotes", name, len(gold), {**score_ggt(gold, ours), **timing}, {"textacy": peer}, notes)]
    tune, check = split_ids([d.id for d in gold])
    for part, ids in (("tune", tune), ("check", check)):
        keep = [k for k, d in enumerate(gold) if d.id in ids]
        docs = [gold[k] for k in keep]
        half_notes = [f"The {part} half of {path.name}: article ids split with seed {SPLIT_SEED} "
                      "(parley.eval.audit.split_ids); tune rules on the tune half only."]
        out.append(EvalResult("quotes", f"{name} ({part})", len(docs), score_ggt(docs, [ours[k] for k in keep]),
                              {"textacy": score_ggt(docs, [theirs[k] for k in keep])}, half_notes))
    return out


def evaluate_polnear(folder: Path, *, limit: int | None = None, nlp: Any = None) -> EvalResult:
    gold = read_polnear(folder, limit=limit)
    nlp = nlp or load_nlp()
    ours, theirs, timing = run_systems(nlp, [d.text for d in gold])
    metrics = {**{f"speech_{k}": v for k, v in score_attributions(gold, ours, speech_only=True).items()},
               **{f"all_{k}": v for k, v in score_attributions(gold, ours, speech_only=False).items()}, **timing}
    peer = {**{f"speech_{k}": v for k, v in score_attributions(gold, theirs, speech_only=True).items()},
            **{f"all_{k}": v for k, v in score_attributions(gold, theirs, speech_only=False).items()},
            "failures": timing["textacy_failures"]}
    notes = ["One annotator per article: the first .ann in sorted order. Discontinuous spans scored by hull.",
             "speech_*: gold attributions whose cue holds a speech cue of the frozen list "
             "data/quotes/polnear_speech_subset.yaml (80 verbs and 'according to'); our quotes with such a cue."]
    return EvalResult("quotes", f"polnear-{folder.name}", len(gold), metrics, {"textacy": peer}, notes)


def evaluate(gold: Path = DEFAULT_GOLD, *, limit: int | None = None) -> EvalResult | list[EvalResult]:
    """A GGT ``.jsonl``, a PolNeAR folder (``text/`` + ``attributions/``), or the quotes folder (both)."""
    gold = Path(gold)
    if gold.suffix == ".jsonl":
        return evaluate_ggt(gold, limit=limit)
    if (gold / "text").is_dir() and (gold / "attributions").is_dir():
        return evaluate_polnear(gold, limit=limit)
    nlp = load_nlp()
    return [*evaluate_ggt(gold / "ggt" / "dev.jsonl", limit=limit, nlp=nlp),
            evaluate_polnear(gold / "polnear" / "dev", limit=limit, nlp=nlp)]


def iter_quotes(docs: Iterable[GoldDoc]) -> Iterable[GoldQuote]:
    for d in docs:
        yield from d.quotes
