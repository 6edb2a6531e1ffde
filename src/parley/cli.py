"""The ``parley`` command: thin Typer wrappers over ``parley.service``."""

from __future__ import annotations

import typer

from parley.cli_eval import bench_cmd, eval_cmd

app = typer.Typer(add_completion=False, no_args_is_help=True,
                  help="Parley: who said what, who did what to whom, when and where.")
app.command("eval")(eval_cmd)
app.command("bench")(bench_cmd)

if __name__ == "__main__":
    app()
