"""``parley bench spark``: the Spark job (:mod:`parley.spark.job`) over the ScrapingHub pages, with the
master ``local[1]`` and then ``local[2]``, each in a fresh process (its own JVM and Python workers).

Figures per run: the job's wall time (reading, cleaning, parsing with the model loaded once per
worker, writing Parquet; the SparkSession's start is apart, as ``startup_s``), core-seconds per
article (wall time × cores ÷ articles), and the speed-up of two cores over one. docs/SCALE.md sizes
a cluster from these.
"""

from __future__ import annotations

import json
import multiprocessing as mp
import tempfile
import time
from pathlib import Path
from typing import Any

from parley.eval.common import EvalResult
from parley.eval.extraction import DEFAULT_GOLD

MASTERS = ("local[1]", "local[2]")


PAGES_PER_FILE = 10


def _write_jsonl(gold: Path, limit: int | None, where: Path) -> int:
    """The pages as JSONL files of ``PAGES_PER_FILE`` ``{html, url}`` records each (each file under
    ``PARLEY_MAX_BYTES``), in a new folder ``where``."""
    from parley.corpora.scrapinghub import read_pages

    pages, _missing = read_pages(gold, limit)
    where.mkdir()
    for start in range(0, len(pages), PAGES_PER_FILE):
        with (where / f"pages-{start // PAGES_PER_FILE:04d}.jsonl").open("w", encoding="utf-8") as fh:
            for _key, url, html, _body in pages[start:start + PAGES_PER_FILE]:
                fh.write(json.dumps({"html": html.decode("utf-8", "replace"), "url": url}) + "\n")
    return len(pages)


def _run(jsonl: str, out: str, master: str) -> dict[str, Any]:
    from parley.spark.job import run, session

    t0 = time.perf_counter()
    spark = session(master, app="parley-bench")
    startup = time.perf_counter() - t0
    try:
        summary = run([jsonl], out, spark=spark)
    finally:
        spark.stop()
    return summary.as_dict() | {"startup_s": round(startup, 2)}


def _child(queue: Any, *args: Any) -> None:
    queue.put(_run(*args))


def _in_process(*args: Any) -> dict[str, Any]:
    """``_run`` in a fresh, non-daemon process (Spark starts a JVM and Python workers of its own)."""
    ctx = mp.get_context("spawn")
    queue = ctx.Queue()
    proc = ctx.Process(target=_child, args=(queue, *args))
    proc.start()
    out: dict[str, Any] = queue.get()
    proc.join()
    return out


def _copy_texts(gold: Path, limit: int | None, where: Path) -> int:
    """The first ``limit`` ``.txt`` files of the folder ``gold`` (in name order), copied into a new
    folder ``where``: a folder of plain-text articles, as ``parley spark`` reads one."""
    where.mkdir()
    files = sorted(gold.glob("*.txt"))[:limit] if limit else sorted(gold.glob("*.txt"))
    for path in files:
        (where / path.name).write_bytes(path.read_bytes())
    return len(files)


def benchmark(gold: Path = DEFAULT_GOLD, *, limit: int | None = None) -> EvalResult:
    """The ScrapingHub pages (a folder with ``ground-truth.json``), or with ``--gold`` any folder of
    ``.txt`` articles, e.g. PolNeAR's 840 (``../shared/data/quotes/polnear/train/text``)."""
    runs: dict[str, dict[str, Any]] = {}
    gold = Path(gold)
    texts = not (gold / "ground-truth.json").is_file()
    with tempfile.TemporaryDirectory(prefix="parley-bench-spark-") as tmp:
        jsonl = Path(tmp) / "pages"
        pages = _copy_texts(gold, limit, jsonl) if texts else _write_jsonl(gold, limit, jsonl)
        for master in MASTERS:
            runs[master] = _in_process(str(jsonl), str(Path(tmp) / master.strip("[]")), master)
    one, two = runs["local[1]"], runs["local[2]"]
    metrics = {
        "articles": one["articles"],
        "seconds_1": one["seconds"], "seconds_2": two["seconds"],
        "speedup_2_over_1": round(one["seconds"] / two["seconds"], 2) if two["seconds"] else None,
        "core_s_per_article_1": one["core_seconds_per_article"],
        "core_s_per_article_2": two["core_seconds_per_article"],
        "cpu_s_per_article_1": one["cpu_seconds_per_article"],
        "cpu_s_per_article_2": two["cpu_seconds_per_article"],
        "startup_s": one["startup_s"],
        "quotes": one["rows"]["quotes"], "events": one["rows"]["events"], "entities": one["rows"]["entities"],
    }
    what = (f"the {pages} .txt articles of {gold.name}/ as a folder" if texts else
            f"the {pages} ScrapingHub pages as JSONL files of {PAGES_PER_FILE}")
    return EvalResult(
        task="spark", dataset=f"{gold.parent.name}/{gold.name}" if texts else "scrapinghub", documents=pages,
        metrics=metrics,
        notes=[f"`parley spark` over {what}, "
               "clean -> NLP -> Parquet, master local[1] then local[2] (partitions: twice the cores), "
               "each in a fresh process. "
               "seconds_N: the job's wall time on N cores (reading, cleaning, parsing with the model loaded "
               "once per Python worker, writing every table), the SparkSession's start (startup_s) apart. "
               "core_s_per_article_N = seconds_N x N / articles. cpu_s_per_article_N: CPU seconds of the Python "
               "workers (reading, cleaning, parsing, the model's load included) per article, which other work "
               "on the machine does not inflate as it does wall time. The two runs share the machine with "
               "whatever else runs on it: compare them only within one run."],
    )
