"""How the job folds copies and cuts the articles into partitions (:func:`parley.spark.job.plan`), the
reading tasks (``_groups``), the part files each parsing task writes, and the bench's CPU split."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pyarrow.parquet as pq

from parley.bench.spark import cpu_split
from parley.clean import content_hash
from parley.spark.inputs import Unit
from parley.spark.job import Plan, _groups, _meta_partition, _part_of, plan
from parley.spark.output import PartWriter, clear
from parley.spark.schema import TABLES, pyarrow_schema


def ok(seq: int, text: str, cost: int) -> tuple[Any, ...]:
    """A cleaned article as the cleaning tasks give it (its content hash that of ``text``)."""
    return (seq, "ok", f"item{seq}", None, content_hash(text), cost, b"")


def planned(rows: list[tuple[Any, ...]], parts: int, tasks: int = 2) -> Plan:
    """The plan of ``rows`` cleaned in ``tasks`` partitions, packed as the job packs them."""
    return plan([m for k in range(tasks) for m in _meta_partition(rows[k::tasks])], parts)


def test_copies_fold_into_the_first_and_bad_items_are_kept_apart() -> None:
    rows = [ok(3, "Same text.", 100), ok(1, "same  TEXT", 100), (2, "failed", "item2", "malformed JSON", None, 0, b""),
            (4, "skipped", "item4", "not HTML", None, 0, b""), ok(5, "Other text.", 100), ok(6, "Same text!", 100)]
    p = planned(rows, 2)
    assert p.bad == [(2, "item2", "failed", "malformed JSON"), (4, "item4", "skipped", "not HTML")]
    assert p.copy_of == {3: 1, 6: 1}
    assert [_part_of(s, bounds=p.bounds) for s in (1, 5)] == [0, 1]


def test_runs_are_contiguous_and_of_about_equal_cost() -> None:
    costs = [5000, 500, 500, 500, 500, 500, 500, 500, 500, 500, 500, 4500, 600, 600, 600, 600]
    rows = [ok(i, f"text {i}", c) for i, c in enumerate(costs)]
    for parts in (1, 2, 3, 4):
        p = planned(rows, parts, tasks=3)
        assert len(p.bounds) <= parts - 1 and p.bounds == sorted(p.bounds) and p.copy_of == {}
        where = [_part_of(i, bounds=p.bounds) for i in range(len(costs))]
        assert where == sorted(where)  # input order: every table comes out sorted by seq across parts
        load = [sum(c for c, w in zip(costs, where, strict=True) if w == k) for k in range(parts)]
        assert all(abs(x - sum(costs) / parts) <= max(costs) for x in load), (parts, load)
    two = planned(rows, 2)
    assert [_part_of(i, bounds=two.bounds) for i in (0, 7, 8)] == [0, 0, 1]  # 8,500 / 8,400 chars
    long = [ok(0, "a", 100), ok(1, "b", 10_000), ok(2, "c", 100)]
    assert planned(long, 4).bounds == [1, 2]  # one cut per gap
    assert planned([], 4).bounds == [] and _part_of(7, bounds=[]) == 0


def test_reading_tasks_are_balanced_by_file_size(tmp_path: Path) -> None:
    sizes = [9000, 100, 100, 100, 4000, 4000, 100, 100]
    units = []
    for i, n in enumerate(sizes):
        (tmp_path / f"{i}.txt").write_bytes(b"x" * n)
        units.append(Unit(i, str(tmp_path / f"{i}.txt"), explicit=False))
    groups = _groups(units, 2)
    assert [[u.index for u in g] for g in groups] == [[0], [1, 2, 3, 4, 5, 6, 7]]
    assert [len(g) for g in _groups(units, 100)] == [1] * len(sizes)
    assert _groups([], 4) == []


def test_a_part_holds_every_table_with_its_schema_and_a_rerun_clears_the_old(tmp_path: Path) -> None:
    out = str(tmp_path / "tables")
    clear(out)
    stale = tmp_path / "tables" / "quotes" / "part-00009-old.parquet"
    stale.write_bytes(b"from an earlier run")
    clear(out)
    assert not stale.exists() and all((tmp_path / "tables" / t).is_dir() for t in TABLES)
    writer = PartWriter(out, 3, 0, ["articles", "quotes"])
    row: tuple[Any, ...] = (7, "a.txt", "file", "Text.", None, None, None, None, [], None, None, None, "en", "h",
                            None, None, [])
    writer.add({"articles": [row], "quotes": []})
    assert writer.close() == {"articles": 1, "quotes": 0}
    for table, n in (("articles", 1), ("quotes", 0)):
        files = sorted(p.name for p in (tmp_path / "tables" / table).iterdir())
        assert files == ["part-00003.parquet"]  # the temporary name is gone
        got = pq.read_table(tmp_path / "tables" / table / files[0])
        assert got.schema.equals(pyarrow_schema(table)) and got.num_rows == n


def test_the_cpu_split_sees_the_jvm_and_its_python_workers(spark: Any) -> None:
    before = cpu_split()
    assert spark.sparkContext.parallelize(range(2), 2).map(lambda x: sum(range(2_000_000)) + x).count() == 2
    after = cpu_split()
    assert set(after) == {"driver", "jvm", "python_workers"}
    assert after["jvm"] > 0 and after["python_workers"] > before["python_workers"]
