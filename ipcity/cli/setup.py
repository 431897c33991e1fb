"""ipcity init, plan check, indicators, db path."""

from __future__ import annotations

import typer

from ipcity.cli.app import app, say
from ipcity.cli.common import db_path, emit, open_store, show
from ipcity.cli.options import Format, FormatOption, PlanOption

plan_app = typer.Typer(help="Check the plan files.", no_args_is_help=True, rich_markup_mode=None)
db_app = typer.Typer(help="Where the database is and what it holds.", no_args_is_help=True, rich_markup_mode=None)
app.add_typer(plan_app, name="plan")
app.add_typer(db_app, name="db")


@app.command()
def init(ctx: typer.Context, plan: PlanOption = None) -> None:
    """Create the database (if needed) and load the plan. Safe to run again."""
    from ipcity.plan.load import load_plan

    source = load_plan(plan)  # check the plan before touching the database
    with open_store(ctx, create=True) as store:
        changes = store.load_plan(source)
        for line in changes.summary:
            say(line)
        say(f"database: {store.path}")


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
    path = db_path(ctx)
    if path.exists():
        with open_store(ctx) as store:
            warnings = lint(source, lambda key: store.latest(key, p.top_region.name, as_of=date.today()))
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


@db_app.command("path")
def db_path_command(ctx: typer.Context) -> None:
    """Print where the database is (--db, $IPCITY_DB, or the user data directory)."""
    emit(str(db_path(ctx)))


@app.command()
def indicators(ctx: typer.Context, format: FormatOption = Format.table) -> None:
    """List the plan's indicators with unit, kind, baseline and target."""
    from ipcity.render.plan_views import indicators_view

    with open_store(ctx) as store:
        plan = store.plan_source().plan
    show(indicators_view(plan), format)
