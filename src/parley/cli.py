"""The ``parley`` command: thin Typer wrappers over :mod:`parley.service`.

Exit codes: 0 success, 1 when any item failed (or a lookup found nothing), 2 for usage errors.
"""

from __future__ import annotations

import csv
import json
import sys
from datetime import date
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from parley.cli_eval import bench_cmd, eval_cmd
from parley.errors import ParleyError

app = typer.Typer(add_completion=False, no_args_is_help=True,
                  help="Parley: who said what, who did what to whom, when and where.")
app.command("eval")(eval_cmd)
app.command("bench")(bench_cmd)

out = Console()
err = Console(stderr=True)
_state: dict[str, str | None] = {"db": None}


@app.callback()
def main(db: Annotated[str | None, typer.Option(
        envvar="PARLEY_DB", help="SQLite file (or SQLAlchemy URL); default ./parley.db")] = None,
         ) -> None:
    """Parley: who said what, who did what to whom, when and where."""
    _state["db"] = db


def _service(actors: str | None = None):  # noqa: ANN202 - import kept lazy so `parley --help` stays fast
    from parley.config import get_settings
    from parley.service import Service

    settings = get_settings()
    if actors is not None:
        settings.actors = actors
    return Service(_state["db"], settings)


def _parse_day(value: str | None) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        raise typer.BadParameter(f"not an ISO date (YYYY-MM-DD): {value!r}") from exc


@app.command()
def ingest(
    sources: Annotated[list[str] | None, typer.Argument(
        help="files, folders, globs, http(s) URLs, feeds, .jsonl, .warc, or - for stdin")] = None,
    sample: Annotated[bool, typer.Option(help="ingest the bundled fictional sample corpus")] = False,
    published: Annotated[str | None, typer.Option(help="publication date for every item")] = None,
    source: Annotated[str | None, typer.Option(help="source name for every item")] = None,
    allow_private: Annotated[bool, typer.Option(
        help="allow fetching private, loopback and link-local addresses")] = False,
    nlp: Annotated[bool | None, typer.Option(
        "--nlp/--no-nlp", help="run the NLP pipeline (default: when the model is installed)")] = None,
    actors: Annotated[str | None, typer.Option(
        envvar="PARLEY_ACTORS", help="extra actors: a YAML file of your own, or Phoenix .actors file/folder")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="print the summary as JSON")] = False,
) -> None:
    """Store documents, cleaned and de-duplicated, with their annotations."""
    from parley.nlp import actor_config
    from parley.service import count_units, sample_sources

    day = _parse_day(published)
    items = list(sources or []) + (sample_sources() if sample else [])
    if not items:
        err.print("[red]error:[/] give at least one source (or --sample)")
        raise typer.Exit(2)
    try:
        actor_config(actors)
    except ParleyError as exc:
        err.print(f"[red]error:[/] {escape(exc.line())}", soft_wrap=True)
        raise typer.Exit(2) from None
    svc = _service(actors)
    total = count_units(items)
    progress = Progress(TextColumn("[bold]ingest"), BarColumn(), MofNCompleteColumn(),
                        TextColumn("{task.fields[last]}"), TimeElapsedColumn(),
                        console=err, transient=True, disable=as_json or not err.is_terminal)

    def note(event: str, message: str) -> None:
        if event == "unit":
            progress.update(task, advance=1, last=Path(message).name[:40])
        elif event == "fail" and not as_json:
            progress.console.print(f"[red]failed[/] {escape(message)}", soft_wrap=True)
        elif event == "skip" and not as_json:
            progress.console.print(f"[yellow]skipped[/] {escape(message)}", soft_wrap=True)
        elif event == "warn" and not as_json:
            progress.console.print(f"[yellow]warning[/] {escape(message)}", soft_wrap=True)

    with progress:
        task = progress.add_task("ingest", total=total, last="")
        summary = svc.ingest(items, published=day, source=source, allow_private=allow_private,
                             use_nlp=nlp, progress=note)
    svc.close()
    if as_json:
        typer.echo(json.dumps(summary.as_dict()))
    else:
        out.print(f"[green]{summary.ok} ok[/] ({summary.near_duplicate} near-duplicate), "
                  f"{summary.duplicate} duplicate, [red]{summary.failed} failed[/], "
                  f"{summary.skipped} skipped")
    if summary.failed:
        raise typer.Exit(1)


@app.command()
def search(
    query: Annotated[str, typer.Argument(help="words to find (FTS5, porter stemming; word* for prefixes)")],
    limit: Annotated[int, typer.Option(min=1, max=500)] = 10,
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """Full-text search over articles and quotes, best first, with highlighted snippets."""
    svc = _service()
    res = svc.search(query, limit=limit)
    svc.close()
    if as_json:
        for hit in res["articles"] + res["quotes"]:
            hit["snippet"] = _marked(hit["snippet"], hit.pop("highlights"), "[", "]")
        typer.echo(json.dumps(res, ensure_ascii=False, default=str))
        return
    if not res["articles"] and not res["quotes"]:
        err.print(f"no match for {query!r}", markup=False)
        raise typer.Exit(1)
    kinds = {f["value"]: f["count"] for f in res["facets"]["kind"]}
    out.print(f"[bold]{kinds['article']}[/] article(s) and [bold]{kinds['quote']}[/] quote(s) match")
    for hit in res["articles"]:
        out.print(f"[cyan]#{hit['id']}[/] [bold]{escape(hit['title'] or '(untitled)')}[/] "
                  f"[dim]{hit['published'] or ''} {escape(hit['source'] or '')}[/]")
        out.print(f"    {_marked(hit['snippet'], hit['highlights'])}")
    if res["quotes"]:
        out.print("[bold]quotes[/]")
        for q in res["quotes"]:
            who = escape(q["speaker_name"] or "unattributed")
            out.print(f"  [cyan]#{q['article_id']}[/] [magenta]{who}[/]: “{_marked(q['snippet'], q['highlights'])}”")


def _marked(snippet: str, highlights: list[list[int]], open_: str | None = None, close: str | None = None) -> str:
    """A snippet with its highlight offsets marked: ``[term]`` for JSON, bold yellow (escaped) for Rich."""
    parts, pos = [], 0
    for a, b in highlights:
        if open_ is None:
            parts += [escape(snippet[pos:a]), f"[bold yellow]{escape(snippet[a:b])}[/]"]
        else:
            parts += [snippet[pos:a], f"{open_}{snippet[a:b]}{close}"]
        pos = b
    parts.append(snippet[pos:] if open_ is not None else escape(snippet[pos:]))
    return "".join(parts)


@app.command()
def show(article_id: Annotated[int, typer.Argument(help="article id")],
         as_json: Annotated[bool, typer.Option("--json")] = False) -> None:
    """Show one article with its metadata and annotations."""
    svc = _service()
    try:
        art = svc.article(article_id)
    except ParleyError as exc:
        err.print(f"error: {exc.line()}", markup=False)
        raise typer.Exit(1) from exc
    finally:
        svc.close()
    if as_json:
        typer.echo(json.dumps(art, ensure_ascii=False, default=str))
        return
    meta = Table.grid(padding=(0, 2))
    for key in ("title", "url", "source", "published", "published_source", "language",
                "duplicate_of"):
        if art.get(key) is not None:
            meta.add_row(f"[dim]{key}[/]", escape(str(art[key])))
    out.print(meta)
    out.print()
    out.print(escape(art["text"]))
    if art["quotes"]:
        out.print("\n[bold]quotes[/]")
        for q in art["quotes"]:
            out.print(f"  [magenta]{escape(q['speaker_name'] or q['speaker_text'] or '?')}[/] "
                      f"({q['kind']}, {escape(q['cue_text'] or '-')}): {escape(q['text'][:160])}")
    if art["events"]:
        out.print("\n[bold]events[/]")
        for e in art["events"]:
            out.print(f"  {e['type']:<9} {','.join(e['actors'])} → {','.join(e['recipients'])} "
                      f"{e['date'] or ''} [{e['status']}] {escape(e['trigger_text'])}")
    if art["timexes"]:
        out.print("\n[bold]dates[/]  " + ", ".join(
            f"{escape(t['text'])}={t['value']}" for t in art["timexes"]))


@app.command()
def export(
    format: Annotated[str, typer.Option("--format", help="jsonl | csv | plover")] = "jsonl",
    output: Annotated[Path | None, typer.Option("--output", "-o", help="file (default stdout)")] = None,
) -> None:
    """Export every article (jsonl: with annotations; csv: one row per article)."""
    if format not in ("jsonl", "csv", "plover"):
        err.print(f"error: unknown format {format!r} (jsonl, csv, plover)", markup=False)
        raise typer.Exit(2)
    svc = _service()
    stream = output.open("w", encoding="utf-8", newline="") if output else sys.stdout
    try:
        if format == "jsonl":
            for art in svc.iter_articles():
                stream.write(json.dumps(art, ensure_ascii=False, default=str) + "\n")
        elif format == "plover":
            from parley.export import plover_records

            for rec in plover_records(svc.iter_articles()):
                stream.write(json.dumps(rec, ensure_ascii=False) + "\n")
        else:
            cols = ["id", "title", "url", "source", "published", "published_source", "language",
                    "duplicate_of", "text"]
            writer = csv.DictWriter(stream, fieldnames=cols, extrasaction="ignore")
            writer.writeheader()
            for art in svc.iter_articles():
                writer.writerow(art)
    finally:
        svc.close()
        if output:
            stream.close()


@app.command()
def stats(as_json: Annotated[bool, typer.Option("--json")] = False) -> None:
    """Counts of what the database holds."""
    svc = _service()
    data = svc.stats()
    svc.close()
    if as_json:
        typer.echo(json.dumps(data))
        return
    table = Table(title=f"Parley database {data.pop('db')}")
    table.add_column("what")
    table.add_column("count", justify="right")
    for key, value in data.items():
        shown = ", ".join(f"{k}: {v}" for k, v in value.items()) if isinstance(value, dict) else str(value)
        table.add_row(key, shown)
    out.print(table)


@app.command()
def serve(
    host: Annotated[str, typer.Option(help="address to bind (loopback by default)")] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=1, max=65535)] = 8000,
    token: Annotated[str | None, typer.Option(
        envvar="PARLEY_TOKEN", help="required on every request; mandatory off loopback")] = None,
    workers: Annotated[int, typer.Option(min=1, max=64, help="server processes (uvicorn workers)")] = 1,
) -> None:
    """Serve the web UI and the API."""
    import os
    import secrets

    import uvicorn

    from parley.api.security import is_loopback
    from parley.config import get_settings
    from parley.store.engine import open_store

    if not is_loopback(host) and not token:
        err.print("error: binding to a non-loopback address needs --token", markup=False)
        raise typer.Exit(2)
    db = _state["db"] or get_settings().db
    open_store(db).close()  # create or migrate once, before any worker opens it
    # every worker builds the app from the environment (parley.api.app:app_from_env) and shares
    # one CSRF secret, so a token one worker signed is good at the others
    os.environ["PARLEY_DB"] = db
    os.environ["PARLEY_SECRET"] = os.environ.get("PARLEY_SECRET") or secrets.token_urlsafe(32)
    if token:
        os.environ["PARLEY_TOKEN"] = token
    else:
        os.environ.pop("PARLEY_TOKEN", None)
    err.print(f"Parley at http://{host}:{port}/  ({workers} worker{'s' if workers > 1 else ''}; "
              "Ctrl+C to stop)", markup=False)
    uvicorn.run("parley.api.app:app_from_env", factory=True, host=host, port=port, workers=workers,
                log_level="warning")


if __name__ == "__main__":
    app()
