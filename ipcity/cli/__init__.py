"""The command line: parse, call, render, map errors to messages. One module per group."""

from typing import Annotated

import typer

from ipcity.cli.app import app, version_callback
from ipcity.cli.complete import languages


@app.callback()
def root(
    ctx: typer.Context,
    db: Annotated[
        str | None,
        typer.Option("--db", envvar="IPCITY_DB", help="Database file, or a PostgreSQL server: postgresql://user@host:port/dbname "
                     "(default: ipcity.db in the user data directory).",
                     show_default=False),
    ] = None,
    version: Annotated[
        bool, typer.Option("--version", callback=version_callback, is_eager=True, help="Show the version and exit.")
    ] = False,
    lang: Annotated[
        str | None, typer.Option("--lang", envvar="IPCITY_LANG", autocompletion=languages, show_default=False,
                                    help="Language of everything ipcity says: zh (the default) or en.")
    ] = None,
) -> None:
    """Track a city's intellectual-property action plan: targets, actual figures, gaps and progress."""
    ctx.obj = {"db": db}


# Registering the commands: each module adds its commands to `app` when imported.
from ipcity.cli import data, due, record, report, setup, snapshot, status, tasks  # noqa: E402,F401
import ipcity.cli.db  # noqa: E402,F401 - db copy, db grant


def main() -> None:
    app()
