"""ipcity init, plan check, indicators, db path."""

from __future__ import annotations

import typer

from ipcity.cli.app import app, say
from ipcity.cli.common import console, db_path, emit, open_store
from ipcity.cli.options import Format, FormatOption, PlanOption

plan_app = typer.Typer(help="Check the plan files.", no_args_is_help=True, rich_markup_mode=None)
db_app = typer.Typer(help="Where the database is and what it holds.", no_args_is_help=True, rich_markup_mode=None)
app.add_typer(plan_app, name="plan")
app.add_typer(db_app, name="db")


@app.command()
def init(ctx: typer.Context, plan: PlanOption = None) -> None:
    """Create the database (if needed) and load the plan. Safe to run again."""
    from ipcity.plan_files import load_plan

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
    from ipcity.plan_files import load_plan
    from ipcity.plan_lint import lint, recorded_latest

    source = load_plan(plan)
    p = source.plan
    path = db_path(ctx)
    if path.exists():
        with open_store(ctx) as store:
            warnings = lint(source, recorded_latest(store, p.top_region.name))
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
    import json

    from ipcity.units import display_unit

    with open_store(ctx) as store:
        plan = store.plan_source().plan
    rows = []
    for ind in plan.indicators:
        t, b = ind.target, ind.baseline
        magnitude = (t.threshold if t else None) or (b.value if b else None)
        unit = display_unit(ind.unit, magnitude, fractional=ind.kind in ("ratio", "survey"))
        target = "—"
        if t is not None:
            target = {"range": f"{unit.format(t.min)}–{unit.format(t.max)}", "improve": "提升"}.get(t.type, unit.format(t.value))
            target = ("≥" if t.type == "floor" else "") + f"{target} ({t.period})"
        rows.append({
            "key": ind.key, "name": ind.name, "kind": ind.kind, "unit": ind.unit, "display_unit": unit.label,
            "frequency": ind.frequency,
            "baseline": b.value if b else None, "baseline_period": str(b.period) if b else None,
            "target": t.threshold if t else None, "target_type": t.type if t else None,
            "target_period": str(t.period) if t else None,
            "_baseline": f"{unit.format(b.value)} ({b.period})" if b else "—", "_target": target,
        })
    if format == Format.json:
        emit(json.dumps([{k: v for k, v in r.items() if not k.startswith("_")} for r in rows], ensure_ascii=False, indent=2))
        return
    headers = ("key", "指标", "kind", "单位", "基期值", "目标")
    cells = [(r["key"], r["name"], r["kind"], r["display_unit"], r["_baseline"], r["_target"]) for r in rows]
    if format == Format.csv:
        import csv
        import io

        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(("key", "name", "kind", "unit", "frequency", "baseline", "baseline_period", "target",
                         "target_type", "target_period"))
        for r in rows:
            writer.writerow([r[k] if r[k] is not None else "" for k in ("key", "name", "kind", "unit", "frequency",
                             "baseline", "baseline_period", "target", "target_type", "target_period")])
        emit(out.getvalue())
    elif format == Format.md:
        from ipcity.render.markdown import md_table

        emit("\n".join(md_table(headers, cells)))
    else:
        from rich.table import Table

        table = Table(*headers)
        for c in cells:
            table.add_row(*c)
        console().print(table)
