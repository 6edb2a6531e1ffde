"""``parley bench ingest-full``: its task is registered, it measures a whole process tree's memory,
and its per-size table states the growth of each component's µs per token."""

from __future__ import annotations

import os
import subprocess
import sys
import time

from parley.bench import task_module
from parley.bench.ingest_full import SIZES, _children, _table, tree_rss_mb


def test_the_task_is_registered() -> None:
    module = task_module("ingest-full")
    assert module.__name__ == "parley.bench.ingest_full" and callable(module.benchmark)


def test_tree_rss_counts_the_children() -> None:
    alone = tree_rss_mb()
    child = subprocess.Popen([sys.executable, "-c", "x = bytearray(80_000_000); import time; time.sleep(30)"])
    try:
        for _ in range(100):  # until the child has its memory
            if tree_rss_mb() > alone + 60:
                break
            time.sleep(0.1)
        assert child.pid in _children(os.getpid())
        assert tree_rss_mb() > alone + 60  # the child's 80 MB are counted
    finally:
        child.kill()
        child.wait()


def test_table_gives_the_growth_per_component() -> None:
    rows = {str(s): {"documents": SIZES[-1] // s, "tokens": SIZES[-1] + 7, "parse": 100.0,
                     "entities": 10.0 * (1 + (s == SIZES[-1]))} for s in SIZES}
    table = _table(rows)
    assert "| 1,000 | 64 | 64,007 | 100.0 | 10.0 |" in table
    assert "| 64,000 | 1 | 64,007 | 100.0 | 20.0 |" in table
    assert "parse 1.00×, entities 2.00×" in table
