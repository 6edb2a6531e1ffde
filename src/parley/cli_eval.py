"""``parley eval`` and ``parley bench``: thin wrappers over ``parley.eval``/``parley.bench``."""

from __future__ import annotations

import contextlib
import os
import shlex
import sys
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from parley.errors import NotFound, ParleyError
from parley.eval.common import EvalResult, record

console = Console(stderr=True)


def _command_line() -> str:
    """The measuring command as run, less ``--write`` (which only records its figures)."""
    return "parley " + " ".join(shlex.quote(a) for a in sys.argv[1:] if a != "--write")


def _show(results: list[EvalResult], as_json: bool) -> None:
    if as_json:  # one JSON object per line, one line per dataset
        for r in results:
            typer.echo(r.dumps())
        return
    for r in results:
        table = Table(title=f"{r.task} — {r.dataset} ({r.documents:,} documents)")
        systems = {"parley": r.metrics, **r.peers}
        keys = [k for k in r.metrics if not isinstance(r.metrics[k], dict | list)]
        table.add_column("system")
        for k in keys:
            table.add_column(k, justify="right")
        for name, row in systems.items():
            table.add_row(name, *[f"{row[k]:.4f}" if isinstance(row.get(k), float) else
                                  str(row.get(k, "")) for k in keys])
        Console().print(table)


def _scorer(kind: str, task: str, gold: Path | None, audit: Path | None) -> tuple[Any, Path]:
    """The function that measures ``task`` and the data it reads."""
    from parley import bench as bench_pkg
    from parley import eval as eval_pkg

    if audit is not None:
        from parley.eval import audit as audit_mod

        if task not in ("events", "quotes"):
            raise NotFound(f"--audit scores events or quotes, not {task!r}")
        return (audit_mod.evaluate_events if task == "events" else audit_mod.evaluate_quotes), audit
    pkg = bench_pkg if kind == "bench" else eval_pkg
    module = pkg.task_module(task)
    return (module.benchmark if kind == "bench" else module.evaluate), gold or Path(module.DEFAULT_GOLD)


def _run(kind: str, task: str, gold: Path | None, limit: int | None, as_json: bool,
         write: bool, audit: Path | None = None) -> None:
    try:
        fn, gold = _scorer(kind, task, gold, audit)
        if not gold.exists():
            console.print(f"[red]error:[/] gold data not found: {gold}", soft_wrap=True)
            raise typer.Exit(2)
        # stdout carries the JSON lines alone: anything a scorer or library prints goes to stderr
        with contextlib.redirect_stdout(sys.stderr) if as_json else contextlib.nullcontext():
            out = fn(gold, limit=limit)
    except ParleyError as exc:
        console.print(f"[red]error:[/] {escape(exc.line())}", soft_wrap=True)
        raise typer.Exit(2) from None
    results = out if isinstance(out, list) else [out]
    if write and limit is not None and task not in ("fuzz", "ingest-full"):  # their --n is a size, not a cut
        console.print("[yellow]not written:[/] figures of a --limit run are never recorded")
    elif write:
        paths = {record(r, command=_command_line(), bench=kind == "bench") for r in results}
        for path in sorted(paths):
            console.print(f"[dim]figures written to {path}[/]")
    _show(results, as_json)


def eval_cmd(
    task: Annotated[str, typer.Argument(help="extraction | syntax | ner | timex | entities | "
                                             "quotes | events")],
    gold: Annotated[Path | None, typer.Option(help="gold data (default under ../shared/data)")] = None,
    limit: Annotated[int | None, typer.Option(help="score only the first N documents")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="print one JSON object per line, one per dataset")] = False,
    write: Annotated[bool, typer.Option(help="also record the figures in docs/EVALUATION.md")] = False,
    audit: Annotated[Path | None, typer.Option(
        help="score events or quotes on an audit set of whole articles (JSONL, see tests/audit)")] = None,
) -> None:
    """Score a stage against a gold set in its published format (docs/ untouched unless --write)."""
    _run("eval", task, gold, limit, as_json, write, audit)


def bench_cmd(
    task: Annotated[str, typer.Argument(help="ingest | ingest-full | nlp | timex | api | fuzz | spark")] = "ingest",
    gold: Annotated[Path | None, typer.Option(help="input data (default under ../shared/data)")] = None,
    limit: Annotated[int | None, typer.Option("--limit", "--n", help="use only the first N documents "
                                              "(fuzz: the number of inputs; ingest-full: of page ingests)")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="print one JSON object per line, one per dataset")] = False,
    write: Annotated[bool, typer.Option(help="also record the figures in docs/BENCHMARKS.md")] = False,
) -> None:
    """Measure throughput and peak memory (docs/ untouched unless --write). ``api`` with a global
    ``--db postgresql://...`` (an empty database) runs on PostgreSQL too, beside SQLite."""
    from parley.cli import _state

    if task == "api" and _state.get("db"):
        os.environ["PARLEY_DB"] = str(_state["db"])  # what bench api reads
    _run("bench", task, gold, limit, as_json, write)
