"""ipcity import, export, template, log: figures in and out in bulk, and the change log."""

import sys
from contextlib import contextmanager
from typing import Annotated

import typer

from ipcity.cli.app import app, say
from ipcity.cli.common import bom, console, emit, open_store
from ipcity.cli.options import PAGE, AllOption, LimitOption, SinceOption

MAX_LISTED = 100  # bad rows listed one by one; the rest are counted

FileArgument = Annotated[str, typer.Argument(help="A .csv or .xlsx file (or JSON written by `ipcity export`).")]
OutputOption = Annotated[str | None, typer.Option("--output", "-o", help="Write to this file instead of stdout.")]


@app.command("import")
def import_file(
    ctx: typer.Context,
    file: FileArgument,
    correct: Annotated[bool, typer.Option("--correct",
                                          help="Let rows replace values already recorded (kept in history).")] = False,
    dry_run: Annotated[bool, typer.Option("--dry-run",
                                          help="Check everything and show what would change; write nothing.")] = False,
    cumulative: Annotated[bool | None, typer.Option(
        "--cumulative/--not-cumulative",
        help="Rows without a cumulative cell are year-to-date (累计) figures / each period's own amount "
             "(default: as the plan declares each indicator).")] = None,
    unit: Annotated[str | None, typer.Option("--unit", "-u", help="The unit of values that name none (亿元, 万元); "
                                             "a money value with no unit in its cell, a 单位 column or the header "
                                             "is refused.")] = None,
) -> None:
    """Record many figures from a spreadsheet: all rows or none, every bad row reported.

    Columns: indicator, region, period, value, source, note, cumulative (or 指标, 地区, 期间,
    数值, 来源, 备注, 累计). Values as in `ipcity record` (6.8万, 1亿元, 22%). Importing the same
    file twice adds nothing; a row that changes a recorded value needs --correct."""
    from pathlib import Path

    from ipcity.base.errors import IpcityError
    from ipcity.io.importer import RowError, RowParser, open_rows
    from ipcity.base.units import format_figure

    file = Path(file)
    with open_store(ctx) as store:
        plan = store.plan.source().plan
        sheet = open_rows(file)
        parser = RowParser(plan, cumulative, _unit(unit) or sheet.unit)
        rows = ((number, parser.parse(number, cells)) for number, cells in sheet.rows)
        base = {i.key: i.unit for i in plan.indicators}

        def conflict(number, new, old):
            unit = base.get(new.indicator_key, "")
            return RowError(number, "value", format_figure(new.value, unit),
                            f"{new.indicator_key} {new.region} {new.period} is already {format_figure(old.value, unit)}; "
                            "use --correct to replace it")

        with _progress(sheet) as advance:
            outcome = store.figures.import_rows(_counting(rows, advance), file.name, correct=correct, dry_run=dry_run,
                                        conflict_error=conflict, keep_errors=MAX_LISTED)
    if outcome.error_count:
        for error in outcome.errors:
            say(f"{file.name}: {error}")
        count = outcome.error_count
        if count > MAX_LISTED:
            say(f"{file.name}: ... and {count - MAX_LISTED} more bad rows like these")
        raise IpcityError(f"{file.name}: {count} bad row{'s' if count != 1 else ''}; nothing was imported",
                          "fix the rows above and import the file again")
    totals = f"{outcome.added} added, {outcome.corrected} corrected, {outcome.unchanged} unchanged"
    if dry_run:
        lines = [f"dry run of {file.name}: would leave the database as it is; it would be {totals}"]
        for kind, verb in (("added", "add"), ("corrected", "correct"), ("unchanged", "skip (already recorded)")):
            for number, new, old in outcome.samples[kind]:
                unit = base.get(new.indicator_key, "")
                was = f" (was {format_figure(old, unit)})" if old is not None else ""
                lines.append(f"  row {number}: {verb} {new.indicator_key} {new.region} {new.period} = "
                             f"{format_figure(new.value, unit)}{was}")
            more = getattr(outcome, kind) - len(outcome.samples[kind])
            if more > 0:
                lines.append(f"  ... and {more} more to {verb.split()[0]}")
        from ipcity.base.i18n import translate

        emit("\n".join(translate(line) for line in lines))
        return
    say(f"imported {file.name}: {totals}" if outcome.written else f"{file.name}: nothing new ({totals})")


@contextmanager
def _opened(output, encoding: str):
    """The output file, or stdout when there is none (left open)."""
    if output is None:
        yield sys.stdout
        return
    with open(output, "w", encoding=encoding, newline="") as handle:
        yield handle


def _unit(text: str | None) -> str | None:
    """--unit checked: a unit word ipcity knows (亿元, 万元, 元, 件 ...)."""
    from ipcity.base.errors import InputError
    from ipcity.base.units import KNOWN_UNITS, MONEY_INPUT_UNITS

    if text is None:
        return None
    unit = text.strip()
    if unit not in MONEY_INPUT_UNITS and unit not in KNOWN_UNITS and unit.removeprefix("万") not in KNOWN_UNITS:
        raise InputError(f"unknown unit '{unit}' for --unit", "use 亿元, 万元 or 元 for money, or a count's unit such as 件")
    return unit


def _counting(rows, advance):
    for index, row in enumerate(rows, start=1):
        if index % 1000 == 0:
            advance()
        yield row


class _progress:
    """A progress bar on a terminal's stderr; nothing when piped or in cron."""

    def __init__(self, sheet):
        self.sheet = sheet
        self.bar = None

    def __enter__(self):
        if not sys.stderr.isatty() or not self.sheet.total:
            return lambda: None
        from rich.console import Console
        from rich.progress import Progress

        self.bar = Progress(console=Console(stderr=True), transient=True)
        self.bar.start()
        task = self.bar.add_task("importing", total=self.sheet.total)
        if self.sheet.by_bytes:
            return lambda: self.bar.update(task, completed=self.sheet.position())
        return lambda: self.bar.update(task, advance=1000)

    def __exit__(self, *exc):
        if self.bar is not None:
            self.bar.stop()


@app.command()
def export(
    ctx: typer.Context,
    output: OutputOption = None,
    format: Annotated[str | None, typer.Option("--format", "-f", help="csv, xlsx or json (default: from -o's extension, "
                                                  "else csv).")] = None,
    history: Annotated[bool, typer.Option("--history", help="Include replaced values (these cannot be imported back).")] = False,
) -> None:
    """All recorded figures with their provenance. `ipcity import` takes the file back."""
    from ipcity.base.errors import InputError
    from ipcity.io.export import EXPORT_HEADER, export_rows
    from ipcity.render.formats import write_json_records, write_records

    from pathlib import Path

    output = Path(output) if output else None
    chosen = (format or (output.suffix.lstrip(".") if output else "csv")).lower()
    if chosen not in ("csv", "json", "xlsx"):
        raise InputError(f"cannot export as '{chosen}'",
                         "use --format csv, xlsx or json (or -o FILE.csv / FILE.xlsx / FILE.json)")
    if chosen == "xlsx" and output is None:
        raise InputError("an .xlsx export needs a file", "add -o FILE.xlsx")
    with open_store(ctx) as store:
        changes = store.changes.labels_of_observations(include_history=history)
        units = {i.key: i.unit for i in store.plan.source().plan.indicators}
        rows = export_rows(store.figures.observations(include_history=history), changes, units, readable=chosen != "json")
        if chosen == "xlsx":
            from ipcity.render.export_xlsx import write_export_xlsx

            write_export_xlsx(rows, EXPORT_HEADER, output)
        elif chosen == "json":
            with _opened(output, "utf-8") as handle:
                write_json_records(handle, "observations", rows)
        else:  # CSV for people: with a BOM in a file, so that Excel on a Chinese Windows reads UTF-8
            with _opened(output, "utf-8-sig") as handle:
                if output is None:
                    bom(handle)
                write_records(handle, rows, EXPORT_HEADER)
    if output:
        say(f"wrote {output}")


@app.command()
def template(
    ctx: typer.Context,
    output: Annotated[str, typer.Option("--output", "-o", help="The .xlsx file to write.")] = "ipcity-template.xlsx",
) -> None:
    """Write the empty sheet to send to departments, with dropdowns for indicators and regions."""
    from pathlib import Path

    from ipcity.render.template import write_template

    output = Path(output)
    with open_store(ctx) as store:
        plan = store.plan.source().plan
    write_template(plan, output)
    say(f"wrote {output}: fill one row per figure, then `ipcity import {output.name}`")


@app.command()
def log(
    ctx: typer.Context,
    limit: LimitOption = PAGE,
    all_: AllOption = False,
    since: SinceOption = None,
) -> None:
    """The change log, newest first: records, corrections, imports and plan loads (the
    latest 20 unless --limit or --all)."""
    from ipcity.base.periods import parse_since
    from ipcity.render.formats import print_view
    from ipcity.render.history import log_view

    day = parse_since(since) if since is not None else None
    with open_store(ctx) as store:
        changes = store.changes.recent(None if all_ else limit, day)
        total = store.changes.count(day) if not all_ and len(changes) == limit else len(changes)
    print_view(log_view(changes, total), console())
