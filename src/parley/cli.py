"""The ``parley`` command: thin Typer wrappers over :mod:`parley.service`.

Exit codes: 0 success, 1 when any item failed (or a lookup found nothing), 2 for usage errors.
"""

from __future__ import annotations

import json
import os
import re
import sys
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import IO, Annotated, Any, NoReturn

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    ProgressColumn,
    Task,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from rich.table import Table
from rich.text import Text
from typer.core import TyperCommand, TyperGroup

from parley.cli_eval import bench_cmd, eval_cmd
from parley.errors import ParleyError

# Typer 0.29 labels every value in --help as <str>, <int range>, <bool>; these read as click does
# (TEXT, INTEGER, PATH; nothing after a flag).
_TYPE_NAMES = {"str": "TEXT", "int": "INTEGER", "float": "FLOAT", "int range": "INTEGER",
               "float range": "FLOAT", "path": "PATH", "bool": ""}


def _plain_type(param: Any, ctx: Any) -> str | None:
    if getattr(param, "is_flag", False) or getattr(param, "count", False) or not hasattr(param, "display_type"):
        return None
    raw = param.display_type(ctx).strip("<>")
    many = raw.startswith("list[")
    raw = raw.removeprefix("list[").removesuffix("]")
    label = _TYPE_NAMES.get(raw.lower(), raw)
    return (label + "..." if many else label) or None


def _plain_help(ctx: Any, params: list[Any]) -> None:
    for param in params:
        param.display_type_rich = lambda ctx, label=_plain_type(param, ctx): label


class _Command(TyperCommand):
    def format_help(self, ctx: Any, formatter: Any) -> None:
        _plain_help(ctx, self.get_params(ctx))
        super().format_help(ctx, formatter)


class _Group(TyperGroup):
    def format_help(self, ctx: Any, formatter: Any) -> None:
        _plain_help(ctx, self.get_params(ctx))
        super().format_help(ctx, formatter)


app = typer.Typer(cls=_Group, add_completion=False, no_args_is_help=True, pretty_exceptions_show_locals=False,
                  help="Parley: who said what, who did what to whom, when and where.")
app.command("eval", cls=_Command)(eval_cmd)
app.command("bench", cls=_Command)(bench_cmd)

out = Console()
err = Console(stderr=True)
_state: dict[str, str | None] = {"db": None}


@app.callback()
def main(db: Annotated[str | None, typer.Option(
        envvar="PARLEY_DB", help="SQLite file (or SQLAlchemy URL); default ./parley.db")] = None,
         ) -> None:
    """Parley: who said what, who did what to whom, when and where."""
    _state["db"] = db


def _fail(message: str, code: int = 2) -> NoReturn:
    """One line on stderr and the exit code: a user's mistake is never a traceback."""
    err.print(f"error: {message}", markup=False, soft_wrap=True)
    raise typer.Exit(code)


def _service(actors: str | None = None):  # noqa: ANN202 - import kept lazy so `parley --help` stays fast
    from sqlalchemy.exc import SQLAlchemyError

    from parley.config import get_settings
    from parley.service import Service
    from parley.store.engine import database_url

    settings = get_settings()
    if actors is not None:
        settings.actors = actors
    db = _state["db"] or settings.db
    url = database_url(db)
    if url.startswith("sqlite:///") and not Path(url.removeprefix("sqlite:///")).parent.is_dir():
        _fail(f"cannot open the database {db}: the folder {Path(url.removeprefix('sqlite:///')).parent} "
              "does not exist")
    try:
        return Service(db, settings)
    except SQLAlchemyError as exc:
        reason = str(getattr(exc, "orig", None) or exc).splitlines()[0]
        _fail(f"cannot open the database {_without_password(db)}: {reason}")


def _without_password(db: str) -> str:
    """``db`` as it may be shown: a URL's password replaced by ``***``."""
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError

    try:
        url = make_url(db)
    except ArgumentError:
        return db
    return url.render_as_string(hide_password=True) if url.password else db


def _parse_day(value: str | None) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        _fail(f"not an ISO date (YYYY-MM-DD): {value!r}")


class _Rate(ProgressColumn):
    """Items per second (rich's TransferSpeedColumn counts bytes)."""

    def render(self, task: Task) -> Text:
        speed = task.finished_speed or task.speed
        return Text("–/s" if speed is None else f"{speed:,.1f}/s", style="progress.data.speed")


_STORED = re.compile(r"(?P<item>.*): stored as #(?P<id>\d+)(?: \(near-duplicate of #(?P<of>\d+), [\d.]+\))?$", re.S)


def _item(event: str, message: str) -> dict[str, Any]:
    """One ingest note as a JSON record: ``{"item", "status", "id"?, "near_duplicate_of"?, "reason"?}``."""
    if event == "ok" and (m := _STORED.match(message)):
        return {"item": m["item"], "status": "ok", "id": int(m["id"])} | (
            {"near_duplicate_of": int(m["of"])} if m["of"] else {})
    item, _, reason = message.rpartition(": ")
    status = {"dup": "duplicate", "fail": "failed", "skip": "skipped", "warn": "warning"}.get(event, event)
    return {"item": item or message, "status": status, "reason": reason}


_SHOWN = {"ok": "[green]ok[/]", "dup": "[dim]duplicate[/]", "fail": "[red]failed[/]", "skip": "[yellow]skipped[/]",
          "warn": "[yellow]warning[/]"}


@app.command(cls=_Command)
def ingest(
    sources: Annotated[list[str] | None, typer.Argument(
        help="files, folders, globs, http(s) URLs, feeds, .jsonl, .warc, or - for stdin")] = None,
    sample: Annotated[bool, typer.Option("--sample", help="ingest the bundled fictional sample corpus")] = False,
    published: Annotated[str | None, typer.Option(help="publication date for every item (YYYY-MM-DD)")] = None,
    source: Annotated[str | None, typer.Option(help="source name for every item")] = None,
    allow_private: Annotated[bool, typer.Option(
        "--allow-private", help="allow fetching private, loopback and link-local addresses")] = False,
    nlp: Annotated[bool | None, typer.Option(
        "--nlp/--no-nlp", help="run the NLP pipeline (default: when the model is installed)")] = None,
    actors: Annotated[str | None, typer.Option(
        envvar="PARLEY_ACTORS", help="extra actors: a YAML file of your own, or Phoenix .actors file/folder")] = None,
    workers: Annotated[int | None, typer.Option(
        min=1, max=64, help="processes that clean and parse, each loading the model once (default: one per "
                            "core for more than one file or URL, else 1)")] = None,
    as_json: Annotated[bool, typer.Option(
        "--json", help="print one JSON summary (with every item's id or reason) instead of lines")] = False,
) -> None:
    """Store documents, cleaned and de-duplicated, with their annotations; prints the id stored for each."""
    from parley.nlp import actor_config
    from parley.service import count_units, sample_sources

    day = _parse_day(published)
    items = list(sources or []) + (sample_sources() if sample else [])
    if not items:
        _fail("give at least one source (or --sample)")
    try:
        actor_config(actors)
    except ParleyError as exc:
        _fail(exc.line())
    svc = _service(actors)
    total = count_units(items)
    progress = Progress(TextColumn("[bold]ingest"), BarColumn(), MofNCompleteColumn(), _Rate(),
                        TimeRemainingColumn(), TimeElapsedColumn(), TextColumn("{task.fields[last]}"),
                        console=err, transient=True, disable=as_json or not err.is_terminal)
    done: list[dict[str, Any]] = []
    report = _noter(as_json, done, console=progress.console)  # lines above the bar

    def note(event: str, message: str) -> None:
        if event == "unit":
            progress.update(task, advance=1, last=Path(message).name[:40])
        else:
            report(event, message)

    with progress:
        task = progress.add_task("ingest", total=total, last="")
        summary = svc.ingest(items, published=day, source=source, allow_private=allow_private,
                             use_nlp=nlp, progress=note, **_workers(workers, total))
    svc.close()
    if as_json:
        typer.echo(json.dumps(summary.as_dict() | {"items": done}, ensure_ascii=False))
    else:
        out.print(f"[green]{summary.ok} ok[/] ({summary.near_duplicate} near-duplicate), "
                  f"{summary.duplicate} duplicate, [red]{summary.failed} failed[/], "
                  f"{summary.skipped} skipped")
    if summary.failed:
        raise typer.Exit(1)


def _workers(workers: int | None, units: int) -> dict[str, Any]:
    """``workers=N`` for the service's ingest: as given, else one per core when there is more than one
    file or URL to ingest (a lone document is not worth starting processes for), else None (one)."""
    if workers is None and units > 1:
        workers = os.cpu_count() or 1
    return {"workers": workers}


@app.command(cls=_Command)
def spark(
    sources: Annotated[list[str], typer.Argument(
        help=".warc(.gz), .jsonl, .parquet files, folders of HTML/text, globs; s3a://, hdfs://, file:// URIs")],
    out_dir: Annotated[str, typer.Option("--out", help="folder for the Parquet tables (replaced on a re-run)")],
    master: Annotated[str, typer.Option(help="Spark master: local[N], local[*], spark://HOST:7077, yarn")
                      ] = "local[*]",
    partitions: Annotated[int | None, typer.Option(
        min=1, help="partitions to clean and parse in (default: twice the cores)")] = None,
    published: Annotated[str | None, typer.Option(help="publication date for every item (YYYY-MM-DD)")] = None,
    source: Annotated[str | None, typer.Option(help="source name for every item")] = None,
    nlp: Annotated[bool | None, typer.Option(
        "--nlp/--no-nlp", help="run the NLP pipeline (default: when the model is installed)")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="print one JSON summary instead of lines")] = False,
) -> None:
    """Clean and parse archives as an Apache Spark job; write Parquet tables (articles, entities, mentions,
    quotes, timexes, events, failures) for `parley load`. Needs PySpark and Java (scripts/ensure-spark.sh)."""
    import importlib.util
    import os
    import shutil

    day = _parse_day(published)
    if importlib.util.find_spec("pyspark") is None:
        _fail("the Spark job needs PySpark: pip install 'parley[spark]' (or scripts/ensure-spark.sh)")
    if not shutil.which("java") and not os.environ.get("JAVA_HOME"):
        _fail("the Spark job needs Java: apt-get install default-jre-headless (or scripts/ensure-spark.sh)")
    if "://" not in out_dir and not Path(out_dir).resolve().parent.is_dir():
        _fail(f"cannot write {out_dir}: the folder {Path(out_dir).resolve().parent} does not exist")
    from parley.spark.job import run, session

    try:
        spark_session = session(master)
    except Exception as exc:  # noqa: BLE001 - Java or the master missing: one line, no traceback
        _fail(f"cannot start Spark ({master}): {str(exc).strip().splitlines()[0][:300]}")
    done: list[dict[str, Any]] = []
    note = _noter(as_json, done)

    try:
        summary = run(sources, out_dir, spark=spark_session, partitions=partitions, published=day,
                      source=source, use_nlp=nlp, progress=note)
    except ParleyError as exc:  # an output folder that cannot be written: one line
        _fail(exc.line())
    finally:
        spark_session.stop()
    if as_json:
        typer.echo(json.dumps(summary.as_dict() | {"items": done}, ensure_ascii=False))
    else:
        out.print(f"[green]{summary.articles} articles[/] to {escape(out_dir)} in {summary.seconds:.1f} s on "
                  f"{summary.cores} cores, {summary.duplicate} duplicate, [red]{summary.failed} failed[/], "
                  f"{summary.skipped} skipped; load them with: parley load {escape(out_dir)}")
    if summary.failed:
        raise typer.Exit(1)


def _noter(as_json: bool, done: list[dict[str, Any]], console: Console | None = None
           ) -> Callable[[str, str], None]:
    """A progress callback: with ``--json`` the items are kept in ``done``, else failures and skips are
    printed as they come (on ``console``, stderr by default)."""
    def note(event: str, message: str) -> None:
        if as_json:
            done.append(_item(event, message))
        elif event in _SHOWN:
            (console or err).print(f"{_SHOWN[event]} {escape(message)}", soft_wrap=True)
    return note


@app.command(cls=_Command)
def load(
    out_dir: Annotated[Path, typer.Argument(help="the --out folder of `parley spark`")],
    as_json: Annotated[bool, typer.Option("--json", help="print one JSON summary instead of lines")] = False,
) -> None:
    """Store the Parquet output of `parley spark` in the database, as `parley ingest` would have: known texts
    are duplicates (a re-run adds nothing), entities merge across articles."""
    svc = _service()
    done: list[dict[str, Any]] = []
    note = _noter(as_json, done)

    try:
        summary = svc.load(out_dir, progress=note)
    except ParleyError as exc:
        _fail(exc.line())
    finally:
        svc.close()
    if as_json:
        typer.echo(json.dumps(summary.as_dict() | {"items": done}, ensure_ascii=False))
    else:
        out.print(f"[green]{summary.ok} ok[/] ({summary.near_duplicate} near-duplicate), "
                  f"{summary.duplicate} duplicate, [red]{summary.failed} failed[/]")
    if summary.failed:
        raise typer.Exit(1)


@app.command(cls=_Command)
def search(
    query: Annotated[str, typer.Argument(help='words to find: "a phrase", OR, NOT, word*, speaker:NAME')],
    limit: Annotated[int, typer.Option(min=1, max=500)] = 10,
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """Full-text search over articles and quotes, best first, with highlighted snippets. Phrases in quotes,
    OR, NOT (or -word), word*, and speaker:NAME, source:, type:, since:, until: filters."""
    svc = _service()
    try:
        res = svc.search(query, limit=limit)
    except ParleyError as exc:
        _fail(exc.line())
    finally:
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
    about = {k: "about " if k in res["estimated"] else "" for k in kinds}
    out.print(f"{about['article']}[bold]{kinds['article']}[/] article(s) and {about['quote']}[bold]{kinds['quote']}[/] "
              "quote(s) match")
    if res["ranked"]["article"] < kinds["article"]:
        out.print(f"[dim]best matches among the newest {res['ranked']['article']:,}; add words or filters to "
                  "narrow the search[/]")
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


@app.command(cls=_Command)
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
            how = f", {q['resolved_by']}" if q.get("resolved_by") and q["resolved_by"] != "explicit name" else ""
            out.print(f"  [magenta]{escape(q['speaker_name'] or q['speaker_text'] or '?')}[/]{escape(how)} "
                      f"({q['kind']}, {escape(q['cue_text'] or '-')}): {escape(q['text'][:160])}")
    if art["overrides"]:
        out.print("\n[bold]corrections[/]")
        for o in art["overrides"]:
            what = "not a quote" if o["action"] == "not_quote" else f"speaker: {o['speaker_name']}"
            flag = "[red]orphaned: no quote there now[/]" if o["status"] == "orphaned" else "[green]applied[/]"
            who = escape(", " + o["author"]) if o["author"] else ""
            out.print(f"  {flag} {escape(what)} ({o['created_at']}{who}): {escape(o['quote_text'][:120])}")
    if art["events"] or art["events_hidden"]:
        out.print("\n[bold]events[/]" + (f" [dim]({art['events_hidden']} less sure hidden)[/]"
                                          if art["events_hidden"] else ""))
        for e in art["events"]:
            day = f"{e['date'] or ''}" + {"publication": " (publication day)", "story": " (the story's day)"}.get(
                e.get("date_source") or "", "")
            conf = f" {e['confidence']:.2f}" if e.get("confidence") is not None else ""
            out.print(f"  {e['type']:<9} {','.join(e['actors'])} → {','.join(e['recipients'])} "
                      f"{day} [{e['status']}]{conf} {escape(e['trigger_text'])}")
    if art["timexes"]:
        out.print("\n[bold]dates[/]  " + ", ".join(
            f"{escape(t['text'])}={t['value']}" for t in art["timexes"]))


EXPORT_KINDS = {"quotes": "quotes", "events": "events", "entities": "mentions", "articles": "articles",
                "corrections": "corrections"}


@app.command(cls=_Command)
def export(
    kind: Annotated[str | None, typer.Argument(
        help="quotes | events | entities (one row per mention) | articles | corrections (of quotes); "
             "none: every article, whole")] = None,
    format: Annotated[str, typer.Option("--format", "-f", help="csv | jsonl | parquet | plover")] = "jsonl",
    output: Annotated[Path | None, typer.Option("--output", "-o", help="file (default stdout; parquet needs one)")
                      ] = None,
    speaker: Annotated[str | None, typer.Option(help="quotes by this speaker (name or entity id); "
                                                     "articles quoting them; events they claimed")] = None,
    entity: Annotated[str | None, typer.Option(help="entity id, name or actor code: quotes by it, events it "
                                                    "took part in, its mentions, articles naming it")] = None,
    type: Annotated[str | None, typer.Option(help="event type(s) (AGREE,ACCUSE), entity type (PERSON), "
                                                  "or quote kind (direct)")] = None,
    since: Annotated[str | None, typer.Option(help="from this day (YYYY-MM-DD), by the real date")] = None,
    until: Annotated[str | None, typer.Option(help="up to this day, inclusive")] = None,
    query: Annotated[str | None, typer.Option("--query", "-q", help="search words, as in `parley search`")] = None,
    source: Annotated[str | None, typer.Option(help="articles of this source")] = None,
    min_confidence: Annotated[float | None, typer.Option(
        min=0, max=1, help="events: only those at least this sure (default: every event, with its confidence)")
    ] = None,
) -> None:
    """Export quotes, events, entity mentions, articles or corrections as CSV, JSON lines or Parquet: every row with its
    article's URL and date, TIMEX3 values as stored and in words, and character offsets. Without a kind:
    every article with its annotations (jsonl), one row per article (csv), or PLOVER event records."""
    from parley.export import FORMATS, NeedsPyarrow, names

    if kind is not None and kind not in EXPORT_KINDS:
        _fail(f"unknown export {kind!r} (quotes, events, entities, articles, corrections)")
    if format not in (*FORMATS, "plover"):
        _fail(f"unknown format {format!r} (csv, jsonl, parquet, plover)")
    filters: dict[str, Any] = {"speaker": speaker, "entity": entity, "type": type, "since": _parse_day(since),
                               "until": _parse_day(until), "q": query, "source": source}
    given = [k for k, v in filters.items() if v]
    if min_confidence is not None:
        if kind != "events":
            _fail("--min-confidence filters events: parley export events --min-confidence 0.5")
        filters["min_confidence"] = min_confidence
    if kind is None and given:
        _fail(f"filters ({', '.join(given)}) need a kind: parley export quotes|events|entities|articles ...")
    if format == "plover" and kind not in (None, "events"):
        _fail("plover is a format of events: parley export --format plover")
    if format == "parquet" and output is None:
        _fail("parquet is binary: give a file with -o out.parquet")
    if output is not None and not output.parent.is_dir():
        _fail(f"cannot write {output}: the folder {output.parent} does not exist")
    table = EXPORT_KINDS.get(kind or "articles", "articles")
    svc = _service()
    try:
        if format in ("plover", "jsonl") and kind is None:
            _export_articles(svc, format, output)
        else:
            rows = svc.rows(table, **{k: v for k, v in filters.items() if v is not None and v != ""})
            _write_rows(rows, table, format, output, names(table))
    except NeedsPyarrow as exc:
        _fail(str(exc))
    except ParleyError as exc:
        _fail(exc.line())
    finally:
        svc.close()


def _open_output(output: Path | None, *, binary: bool = False) -> Any:
    if output is None:
        return sys.stdout
    try:
        return output.open("wb") if binary else output.open("w", encoding="utf-8", newline="")
    except OSError as exc:
        _fail(f"cannot write {output}: {exc.strerror or exc}")


def _export_articles(svc: Any, format: str, output: Path | None) -> None:
    """Every article as a whole (jsonl, with its annotations), or every event as a PLOVER record."""
    from parley.export import plover_records

    stream = _open_output(output)
    try:
        records: Iterator[dict[str, Any]] = (plover_records(svc.iter_articles()) if format == "plover"
                                             else svc.iter_articles())
        for rec in records:
            stream.write(json.dumps(rec, ensure_ascii=False, default=str) + "\n")
    finally:
        if output:
            stream.close()


def _write_rows(rows: Iterator[dict[str, Any]], table: str, format: str, output: Path | None,
                columns: list[str]) -> None:
    from parley.export import csv_chunks, jsonl_chunks, write_parquet

    if format == "parquet":
        import importlib.util

        if importlib.util.find_spec("pyarrow") is None:  # before the file is created
            from parley.export import NeedsPyarrow

            raise NeedsPyarrow()
        binary: IO[bytes] = _open_output(output, binary=True)
        with binary:
            write_parquet(rows, table, binary)
        return
    stream = _open_output(output)
    try:
        for chunk in (csv_chunks if format == "csv" else jsonl_chunks)(rows, columns):
            stream.write(chunk)
    finally:
        if output:
            stream.close()


@app.command(cls=_Command)
def reprocess(
    ids: Annotated[list[int] | None, typer.Argument(help="article ids (default: every article)")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="the summary as JSON")] = False,
) -> None:
    """Run the NLP again on stored articles and replace their annotations. Users' corrections of quotes
    are applied again; one that no longer finds its quote is kept as orphaned and listed here."""
    svc = _service()
    if not svc.nlp_available():
        svc.close()
        _fail("no NLP model installed: nothing to re-process with (see README, 'Models')")

    def note(event: str, message: str) -> None:
        if not as_json and event != "ok":
            err.print(f"{_SHOWN.get(event, event)} {escape(message)}", soft_wrap=True)

    try:
        summary = svc.reprocess(ids or None, progress=note)
    finally:
        svc.close()
    if as_json:
        typer.echo(json.dumps(summary))
    else:
        out.print(f"re-processed {summary['ok']} article(s), {summary['failed']} failed, {summary['skipped']} skipped; "
                  f"{summary['applied']} correction(s) applied, {len(summary['orphaned'])} orphaned", markup=False,
                  soft_wrap=True)
        for o in summary["orphaned"]:
            out.print(f"orphaned correction #{o['id']} in article #{o['article_id']} at {o['start']}-{o['end']} "
                      f"({o['action']}{': ' + o['speaker_name'] if o['speaker_name'] else ''}): "
                      f"no quote there now: \"{o['quote_text'][:80]}\"", markup=False, soft_wrap=True)
    if summary["failed"]:
        raise typer.Exit(1)


@app.command(cls=_Command)
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


@app.command(cls=_Command)
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
