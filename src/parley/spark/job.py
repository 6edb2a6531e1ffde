"""``parley spark``: the clean → NLP pipeline of ``parley ingest`` as a PySpark job writing Parquet.

Stages (each a plain function of one partition, so the executors run Parley's own code; the rows
never cross into the JVM, which only schedules the tasks and moves pickled bytes once):

1. the driver lists the input files (:func:`parley.spark.inputs.units`) and gives them to at most
   ``partitions`` reading tasks of about equal size in bytes; each task reads its files' items, each
   numbered with its place in the input (``seq``), and cleans them (:func:`parley.annotate.clean_job`);
   the cleaned items are kept (persisted) where they are;
2. the driver collects a few fields of every item (``seq``, status, content hash, the length of the
   text to parse) and plans (:func:`plan`): exact copies (the same content hash) are folded into the
   first one, so a text is parsed once, and the articles left are cut, in input order, into
   ``partitions`` runs of about equal cost, so long documents are spread evenly;
3. one shuffle sends every article to its run's partition; each partition parses its articles in
   ``seq`` order with one :class:`parley.annotate.Annotator`, whose model is loaded once per Python
   worker (Spark reuses workers between tasks), and writes its rows itself with pyarrow as
   ``TABLE/part-NNNNN.parquet`` (:mod:`parley.spark.output`), returning only counts, failures and
   warnings; so every table comes out sorted by ``seq`` across its parts;
4. the driver writes ``failures`` and a manifest.

``parley load`` (:meth:`parley.service.Service.load`) stores the output as ingest would have.
"""

from __future__ import annotations

import bisect
import hashlib
import json
import os
import pickle
import sys
import time
from array import array
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from datetime import date
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from parley.config import Settings, get_settings
from parley.errors import ParleyError
from parley.records import Failed, RawItem, Skipped
from parley.spark import inputs, output
from parley.spark.output import PartWriter
from parley.spark.rows import article_rows, seq_of
from parley.spark.schema import TABLES

if TYPE_CHECKING:  # the service is imported where it runs: a Spark worker needs only part of it
    from parley.service import ProgressFn

MANIFEST = "_parley.json"
# The annotator of this Python worker, made on its first partition: (settings as JSON, annotator).
_ANNOTATOR: dict[str, Any] = {}
ARTICLE_TABLES = [t for t in TABLES if t != "failures"]
ARTICLE_COST = 500  # what an article costs besides parsing, in characters of parsed text
# A cleaned item: (seq, status, item, reason, content hash, cost, pickled (raw item, article)).
Cleaned = tuple[int, str, str, str | None, str | None, int, bytes]
# What the driver gets of a partition's cleaned items (:func:`_meta_partition`).
Meta = tuple[bytes, bytes, bytes, list[tuple[int, str, str, str]]]


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
    part_cpu_s: list[float] = field(default_factory=list)  # CPU seconds of each parsing task
    # the parsing tasks' wall time over the parsing stage's: about the cores when they run side by side
    parallelism: float = 0.0

    def as_dict(self) -> dict[str, Any]:
        per = self.seconds * self.cores / self.articles if self.articles else None
        return {"articles": self.articles, "duplicate": self.duplicate, "failed": self.failed,
                "skipped": self.skipped, "warnings": self.warnings, "rows": self.rows,
                "seconds": round(self.seconds, 2), "cores": self.cores, "partitions": self.partitions,
                "master": self.master, "core_seconds_per_article": round(per, 4) if per else None,
                "worker_cpu_s": round(self.worker_cpu_s, 2),
                "part_cpu_s": [round(x, 2) for x in self.part_cpu_s], "parallelism": round(self.parallelism, 2),
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
def _read(group: list[inputs.Unit], *, max_bytes: int) -> Iterator[tuple[int, Any]]:
    for unit in group:
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
    from parley.annotate import Job

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
def _clean_partition(items: Iterable[tuple[int, Any]], *, opts: Options) -> Iterator[Cleaned]:
    """One :data:`Cleaned` per item: a bad one with its reason, a clean one with its content hash,
    the cost of parsing it (:func:`_cost`) and the pickled raw item and article (so that the driver's
    look at the rest of the tuple unpickles no article)."""
    from parley.annotate import CACHE_RESET_EVERY, clean_job
    from parley.clean.html import reset_extraction_caches

    settings = Settings(**opts.settings)
    for n, (seq, entry) in enumerate(items, 1):
        if isinstance(entry, Failed | Skipped):
            status = "failed" if isinstance(entry, Failed) else "skipped"
            yield seq, status, entry.item, entry.reason, None, 0, b""
            continue
        prep = clean_job(_job(entry, opts), settings)
        if prep.article is None:
            yield seq, "failed", entry.item, prep.failure or "cannot clean", None, 0, b""
        else:
            art = prep.article
            payload = pickle.dumps((replace(entry, data=""), art), protocol=pickle.HIGHEST_PROTOCOL)
            yield seq, "ok", entry.item, None, art.content_hash or f"#{seq}", _cost(art, opts), payload
        if n % CACHE_RESET_EVERY == 0:
            reset_extraction_caches()
    reset_extraction_caches()


def _cost(article: Any, opts: Options) -> int:
    """What parsing an article costs, in characters: its text when it is parsed (English, with the
    NLP on), plus a fixed share for cleaning and writing it."""
    return ARTICLE_COST + (len(article.text) if opts.use_nlp and article.language == "en" else 0)


def _annotator(opts: Options) -> Any:
    from parley.annotate import Annotator

    key = json.dumps(opts.settings, sort_keys=True, default=str)
    if key not in _ANNOTATOR:
        _ANNOTATOR.clear()
        _ANNOTATOR[key] = Annotator(Settings(**opts.settings))
    return _ANNOTATOR[key]


@_timed
def _annotate_partition(items: Iterable[tuple[int, bytes]], *, opts: Options, out: str, duplicates: Any
                        ) -> Iterator[dict[str, Any]]:
    """Parse the partition's articles in ``seq`` order and write their rows as this task's part of every
    table (:class:`parley.spark.output.PartWriter`); yield one small summary: rows per table, the items
    that failed (``(seq, item, "failed", reason)``) and the warnings (``(seq, item, warning)``)."""
    from pyspark import TaskContext

    from parley.annotate import Prepared, parse_prepared

    ctx = TaskContext.get()
    part, attempt = (ctx.partitionId(), ctx.attemptNumber()) if ctx else (0, 0)
    writer = PartWriter(out, part, attempt, ARTICLE_TABLES)
    failed: list[tuple[int, str, str, str]] = []
    warnings: list[tuple[int, str, str]] = []
    dups: dict[int, list[str]] = duplicates.value
    annotator = None
    t0, wall0 = time.process_time(), time.time()
    try:
        for seq, payload in sorted(items, key=_key):
            raw, article = pickle.loads(payload)
            if annotator is None:
                annotator = _annotator(opts)
            try:
                prep = parse_prepared(Prepared(raw, article=article), _job(raw, opts), annotator)
            except ParleyError as exc:
                failed.append((seq, raw.item, "failed", exc.reason))
                continue
            ann = prep.ann
            if ann and ann.get("dct") and article.published is None:  # as Service._commit does
                article.published = ann["dct"]
                article.published_source = "inferred"
                article.published_confidence = ann.get("dct_confidence")
            if prep.warning:
                warnings.append((seq, raw.item, prep.warning))
            writer.add(article_rows(seq, raw, article, ann, prep.warning, dups.get(seq, [])))
        rows = writer.close()
    except BaseException:
        writer.abort()
        raise
    yield {"rows": rows, "failed": failed, "warnings": warnings, "cpu": time.process_time() - t0,
           "span": (wall0, time.time())}


def _key(pair: tuple[int, Any]) -> int:
    return pair[0]


def _part_of(seq: int, *, bounds: list[int]) -> int:
    """The partition of the article ``seq``: the articles are cut, in input order, into runs of about
    equal cost, whose first ``seq`` (the first run's apart) are ``bounds``."""
    return bisect.bisect_right(bounds, seq)


def _load_model(_items: Iterable[Any], *, settings: dict[str, Any]) -> Iterator[int]:
    _annotator(Options(settings=settings, published=None, source=None, title=None, use_nlp=True)).nlp  # noqa: B018
    yield os.getpid()


# -- driver side ----------------------------------------------------------------------------------
@dataclass
class Plan:
    """What the driver makes of the cleaned items: the bad ones, the copies folded into the first
    article with their text, and where to cut the rest into partitions."""

    bad: list[tuple[int, str, str, str]]  # (seq, item, status, reason)
    copy_of: dict[int, int]  # seq of a copy -> seq of the first article with its text
    bounds: list[int]  # the first seq of every partition but the first
    duplicates: dict[int, list[str]] = field(default_factory=dict)  # first seq -> its copies' items
    firsts: dict[int, str] = field(default_factory=dict)  # first seq -> its item (texts with copies)


def _digest(key: str) -> bytes:
    """16 bytes of a content hash (a SHA-256 in hex), to compare on the driver."""
    try:
        return bytes.fromhex(key)[:16] if len(key) >= 32 else _hashed(key)
    except ValueError:
        return _hashed(key)


def _hashed(key: str) -> bytes:
    return hashlib.sha256(key.encode()).digest()[:16]


def _meta_partition(rows: Iterable[Cleaned]) -> Iterator[Meta]:
    """What the driver needs of a partition's cleaned items, packed: the ``seq``, cost and hash digest
    of every clean article as arrays of bytes, and the bad items as they are (few)."""
    seqs, costs, digests = array("q"), array("q"), bytearray()
    bad: list[tuple[int, str, str, str]] = []
    for seq, status, item, reason, key, cost, _payload in rows:
        if status != "ok" or key is None:
            bad.append((seq, item, status, reason or ""))
            continue
        seqs.append(seq)
        costs.append(cost)
        digests += _digest(key)
    yield seqs.tobytes(), costs.tobytes(), bytes(digests), bad


def plan(metas: list[Meta], parts: int) -> Plan:
    """Fold exact copies into the first of them (in input order) and cut the articles left, in input
    order, into ``parts`` runs of about equal cost (long articles weigh more). The driver gets 32 bytes
    per article and plans with numpy arrays (about 150 bytes per article at the peak), so a month of
    a news crawl plans in memory."""
    import numpy as np

    bad = sorted(b for m in metas for b in m[3])
    seqs = np.frombuffer(b"".join(m[0] for m in metas), dtype=np.int64)
    costs = np.frombuffer(b"".join(m[1] for m in metas), dtype=np.int64)
    digest = np.frombuffer(b"".join(m[2] for m in metas), dtype=np.uint64).reshape(-1, 2)
    # copies: sorted by digest, then seq, the first of each run of equal digests is the first copy
    order = np.lexsort((seqs, digest[:, 1], digest[:, 0]))
    s_seq, s_dig = seqs[order], digest[order]
    new = np.ones(len(order), dtype=bool)
    new[1:] = (s_dig[1:] != s_dig[:-1]).any(axis=1)
    first = s_seq[np.maximum.accumulate(np.where(new, np.arange(len(order)), 0))]
    copy_of = dict(zip(s_seq[~new].tolist(), first[~new].tolist(), strict=True))
    # the rest, in input order, cut at the gap nearest every k/parts share of the total cost: before
    # the first article whose middle lies past it (one cut per gap where a long article spans shares)
    kept = np.sort(s_seq[new])
    cost = costs[order][new][np.argsort(s_seq[new])]
    mids = np.cumsum(cost) - cost / 2
    total = float(cost.sum())
    at = np.searchsorted(mids, [total * k / parts for k in range(1, parts)], side="right")
    bounds = sorted({int(kept[i]) for i in at.tolist() if 0 < i < len(kept)})
    return Plan(bad, copy_of, bounds)


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
    base = output.absolute(str(out).rstrip("/"))
    output.clear(base)  # an output that cannot be written stops the job before any work
    todo = inputs.units(sources, hadoop_listing(spark))
    parts = partitions or max(2 * sc.defaultParallelism, 1)
    cpu = sc.accumulator(0.0)
    opts = Options(settings=st.model_dump(), published=published, source=source, title=title,
                   use_nlp=Service.nlp_available() if use_nlp is None else use_nlp)
    local = [u for u in todo if not u.remote or u.missing]
    remote = {_plain_uri(u.path): u for u in todo if u.remote and not u.missing}
    groups = _groups(local, parts)
    items = sc.parallelize(groups, max(len(groups), 1)).flatMap(partial(_read, max_bytes=st.max_bytes))
    if remote:  # Spark reads these (S3, HDFS, DBFS...) and hands each file's bytes to a task
        items = items.union(sc.binaryFiles(",".join(u.path for u in remote.values()))
                            .flatMap(partial(_read_remote, index=remote, max_bytes=st.max_bytes)))
    cleaned = items.mapPartitions(partial(_clean_partition, opts=opts, cpu=cpu)).persist(StorageLevel.MEMORY_AND_DISK)
    try:
        todo_plan = plan(cleaned.mapPartitions(_meta_partition).collect(), parts)
        _name_copies(cleaned, todo_plan)
        dups = sc.broadcast(todo_plan.duplicates)
        dropped = set(todo_plan.copy_of)
        results = (cleaned.filter(partial(_wanted, dropped=dropped)).map(_payload)
                   .partitionBy(parts, partial(_part_of, bounds=todo_plan.bounds))
                   .mapPartitions(partial(_annotate_partition, opts=opts, out=base, duplicates=dups, cpu=cpu))
                   .collect())
    finally:
        cleaned.unpersist()
    summary = _summarise(base, todo_plan, results, note)
    summary.seconds = time.perf_counter() - t0
    summary.cores, summary.partitions, summary.master = sc.defaultParallelism, parts, sc.master
    summary.worker_cpu_s = cpu.value
    _write_manifest(base, sources, summary)
    return summary


def warm(spark: Any, settings: Settings | None = None) -> int:
    """Start a Python worker on every core of the session and load the NLP model in it, as the first
    partition of each worker otherwise does; the number of workers started. ``parley bench spark``
    times this apart from the job."""
    sc = spark.sparkContext
    slots = max(sc.defaultParallelism, 1)
    st = (settings or get_settings()).model_dump()
    return len(set(sc.parallelize(range(slots), slots).mapPartitions(partial(_load_model, settings=st)).collect()))


def _groups(units: list[inputs.Unit], parts: int) -> list[list[inputs.Unit]]:
    """The local input files in at most ``parts`` reading tasks of about equal size (in bytes)."""
    if not units:
        return []
    sizes = [_size(u) for u in units]
    total, done = sum(sizes), 0
    groups: list[list[inputs.Unit]] = []
    current: list[inputs.Unit] = []
    for unit, size in zip(units, sizes, strict=True):
        if current and len(groups) < parts - 1 and done >= total * (len(groups) + 1) / parts:
            groups.append(current)
            current = []
        current.append(unit)
        done += size
    return [*groups, current]


def _size(unit: inputs.Unit) -> int:
    try:
        return max(os.path.getsize(unit.path), 1)
    except OSError:
        return 1


def _name_copies(cleaned: Any, todo: Plan) -> None:
    """Fill the plan's ``duplicates`` and ``firsts`` with the items of the copies and of the articles
    they fold into (a pass over the cleaned items only when there are copies)."""
    if not todo.copy_of:
        return
    wanted = set(todo.copy_of) | set(todo.copy_of.values())
    names = dict(cleaned.filter(partial(_among, seqs=wanted)).map(_seq_item).collect())
    for copy, first in todo.copy_of.items():
        todo.duplicates.setdefault(first, []).append(names[copy])
        todo.firsts[first] = names[first]
    for items in todo.duplicates.values():
        items.sort()


def _among(row: Cleaned, *, seqs: set[int]) -> bool:
    return row[0] in seqs


def _seq_item(row: Cleaned) -> tuple[int, str]:
    return row[0], row[2]


def _wanted(row: Cleaned, *, dropped: set[int]) -> bool:
    return row[1] == "ok" and row[0] not in dropped


def _payload(row: Cleaned) -> tuple[int, bytes]:
    return row[0], row[6]


def _summarise(base: str, todo: Plan, results: list[dict[str, Any]], note: ProgressFn) -> JobSummary:
    """Write the ``failures`` table; count, and give one line per bad item, per warning and per folded
    copy, in input order."""
    rows = dict.fromkeys(TABLES, 0)
    bad = list(todo.bad)
    warnings: dict[int, tuple[str, str]] = {}
    for res in results:
        for table, n in res["rows"].items():
            rows[table] += n
        bad.extend(tuple(f) for f in res["failed"])
        warnings.update({seq: (item, warning) for seq, item, warning in res["warnings"]})
    bad.sort()
    writer = PartWriter(base, 0, 0, ["failures"])
    writer.add({"failures": bad})
    rows["failures"] = writer.close()["failures"]
    summary = JobSummary(articles=rows["articles"], rows=rows, part_cpu_s=[r["cpu"] for r in results])
    spans = [r["span"] for r in results]
    if spans and max(b for _a, b in spans) > min(a for a, _b in spans):
        summary.parallelism = sum(b - a for a, b in spans) / (max(b for _a, b in spans) - min(a for a, _b in spans))
    for _seq, item, status, reason in bad:
        if status == "failed":
            summary.failed += 1
            note("fail", f"{item}: {reason}")
        else:
            summary.skipped += 1
            note("skip", f"{item}: {reason}")
    failed = {f[0] for f in bad}
    for seq in sorted(set(warnings) | (set(todo.duplicates) - failed)):
        if seq in warnings:
            summary.warnings += 1
            note("warn", warnings[seq][1])
        for dup in todo.duplicates.get(seq, []):
            summary.duplicate += 1
            note("dup", f"{dup}: same text as {todo.firsts[seq]}")
    return summary


def _write_manifest(base: str, sources: list[str], summary: JobSummary) -> None:
    """What ran and what it wrote, beside the tables."""
    output.write_text(base, MANIFEST, json.dumps({"sources": sources, **summary.as_dict()}, indent=1) + "\n")
