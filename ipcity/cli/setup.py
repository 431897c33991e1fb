"""ipcity init, plan check, indicators, db path."""

from typing import Annotated

import typer

from ipcity.cli.app import IpcityGroup, app, say
from ipcity.cli.common import db_path, emit, open_store, show
from ipcity.cli.options import Format, FormatOption, PlanOption

plan_app = typer.Typer(help="Check the plan files, start a new plan, print their schema.", no_args_is_help=True,
                       rich_markup_mode=None, cls=IpcityGroup)
db_app = typer.Typer(help="Where the database is and what it holds.", no_args_is_help=True, rich_markup_mode=None,
                     cls=IpcityGroup)
app.add_typer(plan_app, name="plan")
app.add_typer(db_app, name="db")


@app.command()
def init(ctx: typer.Context, plan: PlanOption = None) -> None:
    """Create the database (if needed) and load the plan. Safe to run again."""
    from ipcity.plan.load import load_plan

    source = load_plan(plan)  # check the plan before touching the database
    with open_store(ctx, create=True) as store:
        changes = store.plan.load(source)
        for line in changes.summary:
            say(line)
        say(f"database: {store.db.path}")


@plan_app.command("check")
def plan_check(ctx: typer.Context, plan: PlanOption = None) -> None:
    """Validate targets.yaml and tasks.yaml; report every problem with file and line.

    Errors exit 1. Warnings (the plan's own arithmetic, and its figures against what the
    database records, when there is a database) are printed and exit 0."""
    from datetime import date

    from ipcity.plan.lint import lint
    from ipcity.plan.load import load_plan

    source = load_plan(plan)
    p = source.plan
    from ipcity.store import database_exists

    path = db_path(ctx)
    if database_exists(path):
        with open_store(ctx) as store:
            warnings = lint(source, lambda key: store.figures.latest(key, p.top_region.name, as_of=date.today()))
    else:
        warnings = lint(source)
        say(f"no database at {path}: checks against recorded figures skipped")
    for warning in warnings:
        say(str(warning))
    say(
        f"{source.folder}: ok — {len(p.indicators)} indicators, {len(p.regions)} regions, "
        f"{len(p.milestones)} milestones, {len(p.tasks)} tasks, {len(p.safeguards)} safeguards"
        + (f"; {len(warnings)} warning{'s' if len(warnings) != 1 else ''}" if warnings else "")
    )


@plan_app.command("schema")
def plan_schema() -> None:
    """Print the JSON Schema of targets.yaml and tasks.yaml (for an editor's YAML language server).

    Save it beside the plan as plan.schema.json and start each file with
    `# yaml-language-server: $schema=plan.schema.json`."""
    from ipcity.plan.load import schema_text

    emit(schema_text().rstrip("\n"))


@plan_app.command("new")
def plan_new(
    folder: Annotated[str, typer.Argument(help="The folder to write targets.yaml, tasks.yaml and plan.schema.json to.")],
    city: Annotated[str, typer.Option("--city", help="The city's name as people write it, e.g. 某某市.")],
) -> None:
    """Write a commented starting plan for a city; it passes `ipcity plan check` as written."""
    from pathlib import Path

    from ipcity.base.errors import InputError
    from ipcity.plan.load import load_plan, schema_text
    from ipcity.plan.starter import SCHEMA_FILE, starter_files
    from ipcity.base.text import check_text

    name = check_text(city.strip(), "--city")
    if not name or "\n" in name:
        raise InputError("--city is empty", "give the city's name, e.g. --city 某某市")
    where = Path(folder).expanduser()
    files = {**starter_files(name), SCHEMA_FILE: schema_text()}
    present = [n for n in files if (where / n).exists()]
    if present:
        raise InputError(f"{where} already has {', '.join(present)}", "choose a new folder; nothing is overwritten")
    try:
        where.mkdir(parents=True, exist_ok=True)
        for file_name, text in files.items():
            (where / file_name).write_text(text, encoding="utf-8")
    except OSError as error:
        raise InputError(f"cannot write to {where} ({error.strerror})", "choose a folder you can write to") from None
    plan = load_plan(where).plan  # what was written must pass the check
    say(f"wrote {where}: {', '.join(files)} — {len(plan.indicators)} indicators with placeholder figures")
    say(f"next: edit them, then `ipcity plan check --plan {where}` and `ipcity init --plan {where}`")


@db_app.command("path")
def db_path_command(ctx: typer.Context) -> None:
    """Print where the database is (--db, $IPCITY_DB, or the user data directory)."""
    emit(str(db_path(ctx)))


@app.command()
def indicators(ctx: typer.Context, format: FormatOption = Format.table) -> None:
    """List the plan's indicators with unit, kind, baseline and target."""
    from ipcity.render.plan_views import indicators_view

    with open_store(ctx) as store:
        plan = store.plan.source().plan
    show(indicators_view(plan), format)
