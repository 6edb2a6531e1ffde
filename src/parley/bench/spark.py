"""``parley bench spark``: the Spark job (:mod:`parley.spark.job`) over the ScrapingHub pages, with the
master ``local[1]`` and then ``local[2]``, each in a fresh process (its own JVM and Python workers).

Figures per run: the SparkSession's start (``startup_s``) and a warm-up job that starts a Python
worker per core and loads the model in it (``warmup_s``), both timed apart; then the job's wall
time on that warm session (reading, cleaning, parsing, writing Parquet), core-seconds per article
(wall time × cores ÷ articles), the CPU seconds of the driver, the JVM and the Python workers during
the job, and the speed-up of two cores over one, with and without the start-up. docs/SCALE.md sizes
a cluster from these.
"""

from __future__ import annotations

import contextlib
import json
import multiprocessing as mp
import os
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


def _proc_cpu(pid: int) -> tuple[str, int, float, float]:
    """``(command name, parent pid, own CPU s, CPU s of its reaped children)`` of a process, from
    ``/proc/PID/stat`` (Linux)."""
    stat = Path(f"/proc/{pid}/stat").read_text()
    name = stat[stat.index("(") + 1:stat.rindex(")")]
    fields = stat[stat.rindex(")") + 2:].split()
    tick = os.sysconf("SC_CLK_TCK")
    utime, stime, cutime, cstime = (int(x) for x in fields[11:15])
    return name, int(fields[1]), (utime + stime) / tick, (cutime + cstime) / tick


def cpu_split() -> dict[str, float]:
    """CPU seconds so far of this (driver) Python process, of the JVM it started and of the Python
    workers under the JVM (the ``pyspark.daemon`` and its workers, reaped ones included); empty where
    ``/proc`` is not there."""
    if not Path("/proc/self/stat").is_file():
        return {}
    me = os.getpid()
    procs: dict[int, tuple[str, int, float, float]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            with contextlib.suppress(OSError, ValueError, IndexError):
                procs[int(entry.name)] = _proc_cpu(int(entry.name))
    children: dict[int, list[int]] = {}
    for pid, (_name, ppid, _own, _reaped) in procs.items():
        children.setdefault(ppid, []).append(pid)

    def tree(pid: int) -> list[int]:
        out = [pid]
        for child in children.get(pid, []):
            out.extend(tree(child))
        return out

    split = {"driver": procs[me][2] if me in procs else 0.0, "jvm": 0.0, "python_workers": 0.0}
    for jvm in (pid for pid in tree(me)[1:] if procs[pid][0] == "java"):
        split["jvm"] += procs[jvm][2]
        split["python_workers"] += sum(procs[pid][2] + procs[pid][3] for pid in tree(jvm)[1:])
    return split


def _run(jsonl: str, out: str, master: str) -> dict[str, Any]:
    from parley.spark.job import run, session, warm

    t0 = time.perf_counter()
    spark = session(master, app="parley-bench")
    startup = time.perf_counter() - t0
    try:
        t0 = time.perf_counter()
        workers = warm(spark)
        warmup = time.perf_counter() - t0
        before = cpu_split()
        summary = run([jsonl], out, spark=spark)
        after = cpu_split()
    finally:
        spark.stop()
    cpu = {f"cpu_s_{k}": round(after[k] - before.get(k, 0.0), 1) for k in after}
    return summary.as_dict() | {"startup_s": round(startup, 2), "warmup_s": round(warmup, 2),
                                "warm_workers": workers} | cpu


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

    def cold(r: dict[str, Any]) -> float:
        return float(r["startup_s"] + r["warmup_s"] + r["seconds"])

    metrics = {
        "articles": one["articles"],
        "seconds_1": one["seconds"], "seconds_2": two["seconds"],
        "speedup_2_over_1": round(one["seconds"] / two["seconds"], 2) if two["seconds"] else None,
        "startup_s_1": one["startup_s"], "startup_s_2": two["startup_s"],
        "warmup_s_1": one["warmup_s"], "warmup_s_2": two["warmup_s"],
        "speedup_with_startup": round(cold(one) / cold(two), 2),
        "core_s_per_article_1": one["core_seconds_per_article"],
        "core_s_per_article_2": two["core_seconds_per_article"],
        "cpu_s_per_article_1": one["cpu_seconds_per_article"],
        "cpu_s_per_article_2": two["cpu_seconds_per_article"],
        **{f"{k}_{n}": r[k] for n, r in (("1", one), ("2", two)) for k in r if k.startswith("cpu_s_")},
        "part_cpu_s_2": two["part_cpu_s"], "parallelism_1": one["parallelism"], "parallelism_2": two["parallelism"],
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
               "Timed apart, before the job: startup_s_N, the SparkSession's start, and warmup_s_N, a warm-up job "
               "that starts one Python worker per core and loads the model in it (what each worker's first "
               "partition does otherwise, once per worker however long the job). "
               "seconds_N: the job's wall time on N cores on that warm session (reading, cleaning, parsing, "
               "writing every table); speedup_2_over_1 = seconds_1 / seconds_2; speedup_with_startup counts "
               "the session's start and the warm-up in both. "
               "core_s_per_article_N = seconds_N x N / articles. cpu_s_per_article_N: CPU seconds of the Python "
               "workers in Parley's code (reading, cleaning, parsing) per article, which other work on the machine "
               "does not inflate as it does wall time. cpu_s_driver_N, cpu_s_jvm_N, cpu_s_python_workers_N: CPU "
               "seconds of each process during the job (from /proc), to show where the work goes; part_cpu_s_2: "
               "CPU seconds of each parsing task of the local[2] run (how evenly the articles were cut); "
               "parallelism_N: the parsing tasks' wall time over the parsing stage's (about N when the tasks run "
               "side by side). "
               "The two runs share the machine with whatever else runs on it: compare them only within one run."],
    )
