"""Throughput of the shipped spaCy pipeline on raw EWT test text, on one and two processes."""

from __future__ import annotations

import multiprocessing as mp
import time
from pathlib import Path
from typing import Any

from parley.bench.common import in_subprocess, peak_rss_mb
from parley.config import shared_data
from parley.corpora.conllu import read_conllu, split_file
from parley.eval.common import EvalResult

DEFAULT_GOLD: Path = shared_data("ud", "ewt")
SENTS_PER_TEXT = 12


def load_texts(gold: Path, limit: int | None = None) -> list[str]:
    """Raw ``# text`` lines of EWT test, joined into texts of up to 12 sentences of one document."""
    texts: list[str] = []
    cur: list[str] = []
    doc_id = None
    for sent in read_conllu(split_file(gold)):
        if sent.doc_id != doc_id and cur:
            texts.append(" ".join(cur))
            cur = []
        doc_id = sent.doc_id
        cur.append(sent.text)
        if len(cur) >= SENTS_PER_TEXT:
            texts.append(" ".join(cur))
            cur = []
    if cur:
        texts.append(" ".join(cur))
    return texts[:limit] if limit is not None else texts


def _run(texts: list[str], n_process: int) -> dict[str, Any]:
    from parley import nlp as parley_nlp

    t0 = time.perf_counter()
    nlp = parley_nlp.load(components=False)
    load_s = time.perf_counter() - t0
    list(nlp.pipe(texts[:20]))  # warm-up
    t0 = time.perf_counter()
    n_tokens = 0
    n_words = 0
    for doc in nlp.pipe(texts, batch_size=64, n_process=n_process):
        n_tokens += len(doc)
        n_words += sum(1 for t in doc if not (t.is_punct or t.is_space))
    secs = time.perf_counter() - t0
    return {"seconds": secs, "load_s": load_s, "tokens": n_tokens, "words": n_words, "peak_rss_mb": peak_rss_mb(),
            "pipeline": list(nlp.pipe_names)}


def _shares(texts: list[str]) -> dict[str, Any]:
    """Seconds of the base pipeline and of each Parley extractor run after it, on the same Docs."""
    from parley import nlp as parley_nlp

    nlp = parley_nlp.load()
    base_pipes = ("parley_title_names", "parley_ner_labels", "parley_ner_stash")  # part of the NER, not extractors
    extractors = [n for n in nlp.pipe_names if n.startswith("parley_") and n not in base_pipes]
    list(nlp.pipe(texts[:20]))  # warm-up
    t0 = time.perf_counter()
    docs = list(nlp.pipe(texts, batch_size=64, disable=extractors))
    out: dict[str, Any] = {"base_seconds": time.perf_counter() - t0}
    for name in extractors:
        pipe = nlp.get_pipe(name)
        t0 = time.perf_counter()
        docs = [pipe(d) for d in docs]
        out[name] = time.perf_counter() - t0
    return out


def _child(texts: list[str], n_process: int, queue: Any) -> None:
    queue.put(_run(texts, n_process))


def _in_process(texts: list[str], n_process: int) -> dict[str, Any]:
    """Like ``in_subprocess`` but in a non-daemon process, so that it may start its own workers."""
    ctx = mp.get_context("spawn")
    queue = ctx.Queue()
    proc = ctx.Process(target=_child, args=(texts, n_process, queue))
    proc.start()
    out = queue.get()
    proc.join()
    return out


def benchmark(gold: Path, *, limit: int | None = None) -> EvalResult:
    """Tokens per second of the full pipeline (no Parley extractors) with 1 and 2 processes."""
    texts = load_texts(Path(gold), limit)
    one = in_subprocess(_run, texts, 1)
    two = _in_process(texts, 2)
    shares = in_subprocess(_shares, texts)
    metrics = {
        "texts": len(texts),
        "tokens": one["tokens"],
        "words": one["words"],
        "per_second": round(one["tokens"] / one["seconds"], 1),
        "words_per_second": round(one["words"] / one["seconds"], 1),
        "peak_rss_mb": one["peak_rss_mb"],
        "load_s": round(one["load_s"], 2),
        "per_second_2proc": round(two["tokens"] / two["seconds"], 1),
    }
    base = shares.pop("base_seconds")
    for name, secs in shares.items():
        metrics[f"{name.removeprefix('parley_')}_share"] = round(secs / base, 4)
    return EvalResult(
        task="nlp",
        dataset="UD English EWT test raw text",
        documents=len(texts),
        metrics=metrics,
        notes=[
            f"Pipeline: {', '.join(one['pipeline'])} (parley.nlp.load(components=False)), nlp.pipe batch_size=64.",
            "per_second counts spaCy tokens (words_per_second excludes punctuation); one process, after a "
            "20-text warm-up, in a fresh process whose peak RSS is peak_rss_mb. per_second_2proc: n_process=2. "
            "load_s: seconds parley.nlp.load(components=False) took in that process (the model from disk, "
            "spaCy imported).",
            "X_share: seconds of Parley's extractor X run on the parsed Docs, over the seconds of the base "
            "pipeline that parsed them (the time the extractor adds to the NLP pipeline).",
        ],
    )
