"""Small helpers every command uses: where the database is, opening it, writing output."""

from __future__ import annotations

import sys

import typer


def db_path(ctx: typer.Context):
    """The database: --db, else $IPCITY_DB, else the user data directory; a file's path, or
    a PostgreSQL URL as it was given."""
    from pathlib import Path

    from ipcity.store.pg import is_url

    chosen = (ctx.find_root().obj or {}).get("db")
    if chosen:
        return chosen if is_url(chosen) else Path(chosen).expanduser()
    from ipcity.store import default_db_path

    return default_db_path()


def open_store(ctx: typer.Context, create: bool = False, known_at: str | None = None, quiet: bool = False):
    """The store; `known_at` (a --known-at value) makes its reads see the database as it
    stood at that moment. A write that has to wait for another ipcity says so on stderr
    (unless `quiet`: cron mails whatever a job prints)."""
    from ipcity.cli.app import say
    from ipcity.store import Store

    moment = None
    if known_at is not None:
        from ipcity.base.periods import parse_moment

        moment = parse_moment(known_at)  # before opening: a bad value is refused without touching the file
    store = Store.open(db_path(ctx), create=create, on_wait=None if quiet else say)
    return store.at(moment) if moment is not None else store


def emit(text: str, csv: bool = False) -> None:
    """Data for stdout (json, csv, md). CSV sent to a file (`> status.csv`) starts with a
    BOM, so that Excel on a Chinese Windows reads it as UTF-8; a pipe gets none."""
    if csv:
        bom(sys.stdout)
    typer.echo(text, nl=not text.endswith("\n"))


def bom(handle) -> None:
    """Write a UTF-8 BOM if `handle` is a regular file and nothing is in it yet."""
    import io
    import os
    import stat

    try:
        fd = handle.fileno()
        if stat.S_ISREG(os.fstat(fd).st_mode) and os.lseek(fd, 0, os.SEEK_END) == 0 and handle.tell() == 0:
            handle.write("\ufeff")
    except (OSError, ValueError, AttributeError, io.UnsupportedOperation):
        pass  # not a file (a pipe, a terminal, a test's buffer): no BOM


def console():
    from rich.console import Console

    return Console(soft_wrap=False)


def show(view, format) -> None:
    """A view (`ipcity.render.formats.View`) in the chosen format: a Rich table in a
    terminal, else JSON, CSV or Markdown text on stdout."""
    from ipcity.render.formats import print_view, text

    if format.value == "table":
        print_view(view, console())
    else:
        emit(text(view, format.value), csv=format.value == "csv")
