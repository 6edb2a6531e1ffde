"""``parley spark``: the clean → NLP pipeline of ``parley ingest`` as a PySpark job writing Parquet.

Stages (each a plain function of one partition, so the executors run Parley's own code):

1. the driver lists the input files (:func:`parley.spark.inputs.units`); one task per file reads its
   items, each numbered with its place in the input (``seq``);
2. the items are spread over ``partitions`` and cleaned (:func:`parley.service.clean_job`);
3. exact copies (the same content hash) are folded into the first one, so a text is parsed once;
4. each partition parses its articles with one :class:`parley.service.Annotator`, whose model is
   loaded once per Python worker (Spark reuses workers between tasks), and turns them into rows;
5. every table is written as Parquet under ``out/``, sorted by ``seq``; bad items go to ``failures``.

``parley load`` (:meth:`parley.service.Service.load`) stores the output as ingest would have.
"""

from __future__ import annotations

import json
import os
import sys
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from datetime import date
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from parley.config import Settings, get_settings
from parley.errors import ParleyError
from parley.records import Failed, RawItem, Skipped
from parley.spark import inputs
from parley.spark.rows import article_rows, seq_of
from parley.spark.schema import TABLES, ddl

if TYPE_CHECKING:  # the service is imported where it runs: a Spark worker needs only part of it
    from parley.service import ProgressFn

MANIFEST = "_parley.json"
# The annotator of this Python worker, made on its first partition: (settings as JSON, annotator).
_ANNOTATOR: dict[str, Any] = {}


@dataclass
class JobSummary:
    articles: int = 0
    duplicate: int = 0
    failed: int = 0
    skipped: int = 0
    warnings: int = 0
    rows: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0
    cores: int = 1
    partitions: int = 1
    master: str = ""
    worker_cpu_s: float = 0.0  # CPU seconds the Python workers spent reading, cleaning and parsing

    def as_dict(self) -> dict[str, Any]:
        per = self.seconds * self.cores / self.articles if self.articles else None
        return {"articles": self.articles, "duplicate": self.duplicate, "failed": self.failed,
                "skipped": self.skipped, "warnings": self.warnings, "rows": self.rows,
                "seconds": round(self.seconds, 2), "cores": self.cores, "partitions": self.partitions,
                "master": self.master, "core_seconds_per_article": round(per, 4) if per else None,
                "worker_cpu_s": round(self.worker_cpu_s, 2),
                "cpu_seconds_per_article": round(self.worker_cpu_s / self.articles, 4) if self.articles else None}


def session(master: str | None = "local[2]", *, app: str = "parley") -> Any:
    """A SparkSession whose Python workers run this interpreter (``master`` None: the one
    ``spark-submit`` or the cluster configured)."""
    from pyspark.sql import SparkSession

    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    builder = SparkSession.builder.appName(app)
    if master:
        builder = (builder.master(master).config("spark.pyspark.python", sys.executable)
                   .config("spark.ui.enabled", "false")
                   .config("spark.ui.showConsoleProgress", "false").config("spark.driver.memory", "2g"))
    spark = builder.config("spark.python.worker.reuse", "true").getOrCreate()
    spark.sparkContext.setLogLevel("ERROR")
    return spark


@dataclass(frozen=True)
class Options:
    """What every executor needs to know of the run (pickled into the tasks)."""

    settings: dict[str, Any]
    published: date | None
    source: str | None
    title: str | None
    use_nlp: bool


# -- executor side --------------------------------------------------------------------------------
def _read(unit: inputs.Unit, *, max_bytes: int) -> Iterator[tuple[int, Any]]:
    for n, entry in enumerate(inputs.read_unit(unit, max_bytes), 1):
        yield seq_of(unit.index, n), entry


def _read_remote(pair: tuple[str, bytes], *, index: dict[str, inputs.Unit], max_bytes: int
                 ) -> Iterator[tuple[int, Any]]:
    uri, data = pair
    unit = index[_plain_uri(uri)]
    for n, entry in enumerate(inputs.read_bytes(unit, data, max_bytes), 1):
        yield seq_of(unit.index, n), entry


def _plain_uri(uri: str) -> str:
    """``file:///x`` and ``file:/x`` as one (Hadoop writes local paths either way)."""
    return "file:/" + uri.removeprefix("file:").lstrip("/") if uri.startswith("file:") else uri


def hadoop_listing(spark: Any) -> Callable[[str], list[str]]:
    """What a remote source stands for, as Hadoop's file system lists it: a file, every file under a
    folder (names starting with ``.`` or ``_`` left out), or a glob's matches; sorted."""
    jvm, conf = spark.sparkContext._jvm, spark.sparkContext._jsc.hadoopConfiguration()

    def listing(source: str) -> list[str]:
        path = jvm.org.apache.hadoop.fs.Path(source)
        fs = path.getFileSystem(conf)
        out: list[str] = []
        for status in fs.globStatus(path) or []:
            if not status.isDirectory():
                out.append(status.getPath().toString())
                continue
            files = fs.listFiles(status.getPath(), True)
            while files.hasNext():
                found = files.next().getPath()
                if not any(part.startswith((".", "_")) for part in found.toUri().getPath().split("/")):
                    out.append(found.toString())
        return sorted(out)

    return listing


def _job(raw: RawItem, opts: Options) -> Any:
    from parley.service import Job

    return Job(raw, published=opts.published, source=opts.source, title=opts.title, use_nlp=opts.use_nlp)


def _timed(fn: Callable[..., Iterator[Any]]) -> Callable[..., Iterator[Any]]:
    """A partition function that adds the CPU time of its worker process to the ``cpu`` accumulator."""
    def run_timed(items: Iterable[Any], *, cpu: Any = None, **kwargs: Any) -> Iterator[Any]:
        t0 = time.process_time()
        try:
            yield from fn(items, **kwargs)
        finally:
            if cpu is not None:
                cpu.add(time.process_time() - t0)
    return run_timed


@_timed
def _clean_partition(items: Iterable[tuple[int, Any]], *, opts: Options) -> Iterator[tuple[str, tuple[Any, ...]]]:
    """``(key, (seq, status, raw, article or reason, duplicates))``, keyed by the content hash of a
    clean article (so copies meet) and by ``seq`` otherwise."""
    from parley.clean.html import reset_extraction_caches
    from parley.service import CACHE_RESET_EVERY, clean_job

    settings = Settings(**opts.settings)
    for n, (seq, entry) in enumerate(items, 1):
        if isinstance(entry, Failed | Skipped):
            status = "failed" if isinstance(entry, Failed) else "skipped"
            yield f"#{seq}", (seq, status, entry.item, entry.reason, [])
            continue
        prep = clean_job(_job(entry, opts), settings)
        if prep.article is None:
            yield f"#{seq}", (seq, "failed", entry.item, prep.failure or "cannot clean", [])
        else:
            yield prep.article.content_hash or f"#{seq}", (seq, "ok", replace(entry, data=""), prep.article, [])
        if n % CACHE_RESET_EVERY == 0:
            reset_extraction_caches()
    reset_extraction_caches()


def _first(a: tuple[Any, ...], b: tuple[Any, ...]) -> tuple[Any, ...]:
    """Of two copies of one text, the first in the input, naming the other among its duplicates."""
    first, other = (a, b) if a[0] <= b[0] else (b, a)
    item = other[2].item if isinstance(other[2], RawItem) else other[2]
    return (*first[:4], sorted([*first[4], *other[4], item]))


def _annotator(opts: Options) -> Any:
    from parley.service import Annotator

    key = json.dumps(opts.settings, sort_keys=True, default=str)
    if key not in _ANNOTATOR:
        _ANNOTATOR.clear()
        _ANNOTATOR[key] = Annotator(Settings(**opts.settings))
    return _ANNOTATOR[key]


@_timed
def _annotate_partition(items: Iterable[tuple[str, tuple[Any, ...]]], *, opts: Options
                        ) -> Iterator[tuple[str, tuple[Any, ...]]]:
    """``(table, row)`` for every article of the partition and its annotations; a bad item gives a
    ``failures`` row."""
    from parley.service import Prepared, parse_prepared

    annotator = _annotator(opts)
    for _key, (seq, status, raw, article, dups) in items:
        if status != "ok":
            yield "failures", (seq, raw, status, article)
            continue
        try:
            prep = parse_prepared(Prepared(raw, article=article), _job(raw, opts), annotator)
        except ParleyError as exc:
            yield "failures", (seq, raw.item, "failed", exc.reason)
            continue
        ann = prep.ann
        if ann and ann.get("dct") and article.published is None:  # as Service._commit does
            article.published = ann["dct"]
            article.published_source = "inferred"
            article.published_confidence = ann.get("dct_confidence")
        for table, rows in article_rows(seq, raw, article, ann, prep.warning, dups).items():
            for row in rows:
                yield table, row


# -- driver side ----------------------------------------------------------------------------------
def run(sources: list[str], out: str | Path, *, spark: Any = None, master: str | None = "local[2]",
        partitions: int | None = None, published: date | None = None, source: str | None = None,
        title: str | None = None, use_nlp: bool | None = None, settings: Settings | None = None,
        progress: ProgressFn | None = None) -> JobSummary:
    """Run the job over ``sources`` and write its tables under ``out`` (replacing a previous run's)."""
    from pyspark import StorageLevel

    from parley.service import Service

    st = settings or get_settings()
    note = progress or (lambda _e, _m: None)
    spark = spark or session(master)
    sc = spark.sparkContext
    t0 = time.perf_counter()
    todo = inputs.units(sources, hadoop_listing(spark))
    parts = partitions or max(2 * sc.defaultParallelism, 1)
    cpu = sc.accumulator(0.0)
    opts = Options(settings=st.model_dump(), published=published, source=source, title=title,
                   use_nlp=Service.nlp_available() if use_nlp is None else use_nlp)
    local = [u for u in todo if not u.remote or u.missing]
    remote = {_plain_uri(u.path): u for u in todo if u.remote and not u.missing}
    items = sc.parallelize(local, max(len(local), 1)).flatMap(partial(_read, max_bytes=st.max_bytes))
    if remote:  # Spark reads these (S3, HDFS, DBFS...) and hands each file's bytes to a task
        items = items.union(sc.binaryFiles(",".join(u.path for u in remote.values()))
                            .flatMap(partial(_read_remote, index=remote, max_bytes=st.max_bytes)))
    rows = (items
            .repartition(parts)
            .mapPartitions(partial(_clean_partition, opts=opts, cpu=cpu))
            .reduceByKey(_first, numPartitions=parts)
            .sortBy(_seq, numPartitions=parts)  # every table comes out in input order
            .mapPartitions(partial(_annotate_partition, opts=opts, cpu=cpu))
            .persist(StorageLevel.MEMORY_AND_DISK))
    try:
        counts = rows.countByKey()
        base = str(out).rstrip("/")
        for table in TABLES:
            frame = spark.createDataFrame(rows.filter(partial(_is, table)).map(_row), ddl(table))
            frame.write.mode("overwrite").parquet(f"{base}/{table}")
        summary = _summarise(rows, counts, note)
    finally:
        rows.unpersist()
    summary.seconds = time.perf_counter() - t0
    summary.cores, summary.partitions, summary.master = sc.defaultParallelism, parts, sc.master
    summary.worker_cpu_s = cpu.value
    _write_manifest(base, sources, summary)
    return summary


def _seq(pair: tuple[str, tuple[Any, ...]]) -> int:
    return int(pair[1][0])


def _is(table: str, pair: tuple[str, Any]) -> bool:
    return pair[0] == table


def _row(pair: tuple[str, Any]) -> Any:
    return pair[1]


def _summarise(rows: Any, counts: dict[str, int], note: ProgressFn) -> JobSummary:
    """Counts, and one line per bad item, per warning and per folded copy, in input order."""
    summary = JobSummary(articles=counts.get("articles", 0), rows={t: counts.get(t, 0) for t in TABLES})
    bad = sorted(rows.filter(partial(_is, "failures")).map(_row).collect())
    for _seq, item, status, reason in bad:
        if status == "failed":
            summary.failed += 1
            note("fail", f"{item}: {reason}")
        else:
            summary.skipped += 1
            note("skip", f"{item}: {reason}")
    notes = sorted(rows.filter(partial(_is, "articles")).map(_row)
                   .filter(lambda r: r[15] or r[16]).map(lambda r: (r[0], r[1], r[15], r[16])).collect())
    for _seq, item, warning, dups in notes:
        if warning:
            summary.warnings += 1
            note("warn", warning)
        for dup in dups:
            summary.duplicate += 1
            note("dup", f"{dup}: same text as {item}")
    return summary


def _write_manifest(base: str, sources: list[str], summary: JobSummary) -> None:
    """What ran and what it wrote, beside the tables (a local output folder only)."""
    if "://" in base and not base.startswith("file://"):
        return
    path = Path(base.removeprefix("file://")) / MANIFEST
    path.write_text(json.dumps({"sources": sources, **summary.as_dict()}, indent=1) + "\n", encoding="utf-8")
