"""ipcity tasks, task show/update, milestones, milestone done, units."""

from __future__ import annotations

from typing import Annotated, Optional

import typer

from ipcity.cli.app import app, say
from ipcity.cli.common import console, emit, open_store
from ipcity.cli.options import AsOfOption, Format, FormatOption

task_app = typer.Typer(help="Show or update one key task.", no_args_is_help=True, rich_markup_mode=None)
milestone_app = typer.Typer(help="Mark a milestone done.", no_args_is_help=True, rich_markup_mode=None)
app.add_typer(task_app, name="task")
app.add_typer(milestone_app, name="milestone")

TASK_LABELS = {"not_started": "○ 未开始", "in_progress": "◐ 进行中", "done": "✔ 已完成", "blocked": "✖ 受阻"}
MILESTONE_LABELS = {"done": "✔ 已完成", "pending": "○ 未到期", "overdue": "✖ 逾期"}
TaskArgument = Annotated[str, typer.Argument(help="Key task number (1–17) or safeguard (S1–S3).")]


def _day(as_of: Optional[str]):
    from ipcity.periods import parse_date

    return parse_date(as_of) if as_of is not None else None


def _task_dict(state) -> dict:
    r = state.record
    return {
        "number": state.ref, "group": state.group, "title": state.title, "lead_units": list(state.lead_units),
        "status": state.status, "due": state.due.isoformat(), "overdue": state.overdue,
        "subtargets": [{"key": s.subtarget.key, "text": s.subtarget.text, "min": s.subtarget.min,
                        "max": s.subtarget.max, "count": s.count, "met": s.met} for s in state.subtargets],
        "updated_at": r.updated_at.astimezone().isoformat(timespec="seconds") if r.updated_at else None,
        "updated_by": r.updated_by, "note": r.note, "evidence": r.evidence,
    }


def short_units(units: tuple[str, ...], keep: int | None) -> str:
    """All lead units, or the first `keep` and how many more (for a narrow terminal)."""
    if keep is None or len(units) <= keep:
        return "、".join(units)
    return "、".join(units[:keep]) + f" 等{len(units)}个单位"


@app.command()
def tasks(
    ctx: typer.Context,
    group: Annotated[Optional[str], typer.Option("--group", "-g", help="Group key or title, e.g. protection or 保护.")] = None,
    unit: Annotated[Optional[str], typer.Option("--unit", "-u", help="Tasks this unit leads or shares.")] = None,
    status: Annotated[Optional[str], typer.Option("--status", help="not_started, in_progress, done or blocked.")] = None,
    overdue: Annotated[bool, typer.Option("--overdue", help="Only tasks past their due date and not done.")] = False,
    as_of: AsOfOption = None,
    format: FormatOption = Format.table,
) -> None:
    """The 17 key tasks and 3 safeguards: lead units, status, sub-targets, due date."""
    import json

    from ipcity.errors import InputError
    from ipcity.task_reports import leads, task_states
    from ipcity.task_store import TASK_STATUSES

    day = _day(as_of)
    if status is not None and status not in TASK_STATUSES:
        raise InputError(f"unknown status '{status}'", f"use one of {', '.join(TASK_STATUSES)}")
    with open_store(ctx) as store:
        plan = store.plan_source().plan
        states = task_states(store, plan, day)
    if group is not None:
        chosen = next((g for g in plan.groups if group in (g.key, g.number, g.title) or group in g.title), None)
        if chosen is None:
            raise InputError(f"unknown group '{group}'", "groups: " + ", ".join(f"{g.key} ({g.title})" for g in plan.groups))
        states = [s for s in states if s.group == chosen.key]
    if unit is not None:
        found = plan.unit(unit)
        states = [s for s in states if leads(found, s)]
    if status is not None:
        states = [s for s in states if s.status == status]
    if overdue:
        states = [s for s in states if s.overdue]
    from datetime import date

    if format == Format.json:
        emit(json.dumps({"as_of": (day or date.today()).isoformat(),
                         "tasks": [_task_dict(s) for s in states if not s.ref.startswith("S")],
                         "safeguards": [_task_dict(s) for s in states if s.ref.startswith("S")]},
                        ensure_ascii=False, indent=2))
        return
    headers = ("编号", "任务", "牵头单位", "状态", "子目标", "最近更新", "截止", "逾期")
    out = console()
    keep = None if out.width >= 160 or format != Format.table else 2

    def cells(s):
        updated = s.record.updated_at.astimezone().strftime("%Y-%m-%d") if s.record.updated_at else "—"
        return (s.ref, s.title, short_units(s.lead_units, keep), TASK_LABELS[s.status], s.subtarget_text or "—",
                updated, s.due.isoformat(), "逾期" if s.overdue else "")

    if format == Format.csv:
        import csv
        import io

        from ipcity.render.data import safe_cell

        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(("number", "title", "lead_units", "status", "subtargets", "updated", "due", "overdue"))
        for s in states:
            d = _task_dict(s)
            writer.writerow([safe_cell(v) for v in (s.ref, s.title, "、".join(s.lead_units), s.status,
                             s.subtarget_text, d["updated_at"] or "", d["due"], s.overdue)])
        emit(buffer.getvalue())
        return
    if format == Format.md:
        from ipcity.render.markdown import md_table

        emit("\n".join(md_table(headers, [cells(s) for s in states])))
        return
    from rich.table import Table

    table = Table(title=f"{plan.info.name} · 重点任务", title_justify="left")
    for index, header in enumerate(headers):  # Chinese titles and unit names wrap by character
        table.add_column(header, overflow="fold", no_wrap=index not in (1, 2, 4), min_width=8 if index in (1, 2) else None)
    for s in states:
        table.add_row(*cells(s), style="red" if s.overdue else None)
    out.print(table)
    done = sum(1 for s in states if s.status == "done")
    late = sum(1 for s in states if s.overdue)
    out.print(f"{len(states)} tasks: {done} done, {late} overdue")


@task_app.command("show")
def task_show(ctx: typer.Context, number: TaskArgument) -> None:
    """One task in full: the plan's text, lead units, sub-targets and every update."""
    from ipcity.task_reports import task_ref, task_states
    from ipcity.task_store import task_history

    with open_store(ctx) as store:
        plan = store.plan_source().plan
        ref, _ = task_ref(number, plan)
        state = next(s for s in task_states(store, plan) if s.ref == ref)
        updates = task_history(store, ref)
    out = console()
    out.print(f"[bold]{state.ref}. {state.title}[/bold]  {TASK_LABELS[state.status]}"
              + ("  [red]逾期[/red]" if state.overdue else ""))
    out.print(state.text, highlight=False)
    out.print(f"牵头单位: {'、'.join(state.lead_units)}", highlight=False)
    out.print(f"截止: {state.due}", highlight=False)
    for sub in state.subtargets:
        out.print(f"  {'✔' if sub.met else '○'} {sub.subtarget.key}: {sub.text}  ({sub.subtarget.text})", highlight=False)
    for u in updates:
        parts = [u.at.astimezone().strftime("%Y-%m-%d %H:%M"), u.by or "", u.status or "", u.counts or "",
                 u.note or "", u.evidence or ""]
        out.print("  · " + "  ".join(p for p in parts if p), highlight=False)
    if not updates:
        out.print("  (no updates yet)")


@task_app.command("update")
def task_update(
    ctx: typer.Context,
    number: TaskArgument,
    status: Annotated[Optional[str], typer.Option("--status", help="not_started, in_progress, done or blocked.")] = None,
    count: Annotated[Optional[list[str]], typer.Option("--count", help="SUBTARGET=K, e.g. strong_enterprises=2 (repeatable).")] = None,
    note: Annotated[Optional[str], typer.Option("--note", "-n", help="What was done.")] = None,
    evidence: Annotated[Optional[str], typer.Option("--evidence", help="A file path or URL that shows it.")] = None,
    force: Annotated[bool, typer.Option("--force", help="Mark done although sub-targets are below their minimum.")] = False,
) -> None:
    """Record progress on a task; every update is kept with its time and author."""
    from ipcity.errors import InputError
    from ipcity.task_reports import done_blockers, task_ref, task_states
    from ipcity.task_store import TASK_STATUSES, add_task_update

    if status is not None and status not in TASK_STATUSES:
        raise InputError(f"unknown status '{status}'", f"use one of {', '.join(TASK_STATUSES)}")
    with open_store(ctx) as store:
        plan = store.plan_source().plan
        ref, _ = task_ref(number, plan)
        state = next(s for s in task_states(store, plan) if s.ref == ref)
        counts = _parse_counts(count or [], state)
        if status is None and not counts and not note and not evidence:
            raise InputError("nothing to update", "give --status, --count, --note or --evidence")
        from pathlib import Path

        if evidence and not evidence.startswith(("http://", "https://")) and not Path(evidence).expanduser().exists():
            raise InputError(f"evidence file {evidence} does not exist", "give an existing file path or a URL")
        if status == "done" and not force:
            reasons = done_blockers(state, counts)
            if reasons:
                raise InputError(f"task {ref} is not done by its own measure: {'; '.join(reasons)}",
                                 "update the counts with --count, or add --force to mark it done anyway")
        add_task_update(store, ref, status, counts, note, evidence)
    say(f"task {ref} updated" + (f": {TASK_LABELS[status]}" if status else ""))


def _parse_counts(items: list[str], state) -> dict[str, int]:
    from ipcity.errors import InputError

    keys = {s.subtarget.key for s in state.subtargets}
    counts = {}
    for item in items:
        key, sep, value = item.partition("=")
        key = key.strip()
        if not sep:
            raise InputError(f"bad --count '{item}'", "write SUBTARGET=K, e.g. --count strong_enterprises=2")
        if key not in keys:
            hint = f"task {state.ref}'s sub-targets: {', '.join(sorted(keys))}" if keys else f"task {state.ref} has no sub-targets"
            raise InputError(f"task {state.ref} has no sub-target '{key}'", hint)
        try:
            number = int(value.strip())
        except ValueError:
            raise InputError(f"count '{value}' for {key} is not a whole number", "write e.g. --count strong_enterprises=2") from None
        if number < 0:
            raise InputError(f"count {number} for {key} is negative", "counts start at 0")
        counts[key] = number
    return counts


@app.command()
def milestones(ctx: typer.Context, as_of: AsOfOption = None, format: FormatOption = Format.table) -> None:
    """The plan's milestones: due date, done date, and overdue when not done by --as-of."""
    import json

    from ipcity.task_reports import milestone_states

    day = _day(as_of)
    with open_store(ctx) as store:
        plan = store.plan_source().plan
        states = milestone_states(store, plan, day)
    rows = [{"key": s.milestone.key, "name": s.milestone.name, "due": s.milestone.due.isoformat(),
             "done_on": s.done_on.isoformat() if s.done_on else None, "status": s.status,
             "indicator": s.milestone.indicator, "region": s.milestone.region, "note": s.note} for s in states]
    if format == Format.json:
        emit(json.dumps({"milestones": rows}, ensure_ascii=False, indent=2))
        return
    headers = ("key", "里程碑", "截止", "完成", "状态")
    cells = [(r["key"], r["name"], r["due"], r["done_on"] or "—", MILESTONE_LABELS[r["status"]]) for r in rows]
    if format == Format.md:
        from ipcity.render.markdown import md_table

        emit("\n".join(md_table(headers, cells)))
        return
    if format == Format.csv:
        import csv
        import io

        from ipcity.render.data import safe_cell

        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(("key", "name", "due", "done_on", "status"))
        writer.writerows([safe_cell(r[k] or "") for k in ("key", "name", "due", "done_on", "status")] for r in rows)
        emit(buffer.getvalue())
        return
    from rich.table import Table

    table = Table(*headers, title=f"{plan.info.name} · 里程碑", title_justify="left")
    for row, c in zip(rows, cells):
        table.add_row(*c, style="red" if row["status"] == "overdue" else None)
    console().print(table)


@milestone_app.command("done")
def milestone_done(
    ctx: typer.Context,
    key: Annotated[str, typer.Argument(help="Milestone key (see `ipcity milestones`).")],
    date_: Annotated[str, typer.Option("--date", help="The day it was reached (YYYY-MM-DD).")],
    note: Annotated[Optional[str], typer.Option("--note", "-n")] = None,
) -> None:
    """Mark a milestone done on a date. Milestones that count towards an indicator (the four
    breakthrough projects) feed `ipcity status`."""
    import difflib
    from datetime import date

    from ipcity.errors import InputError
    from ipcity.periods import parse_date
    from ipcity.task_store import mark_milestone

    day = parse_date(date_)
    with open_store(ctx) as store:
        plan = store.plan_source().plan
        keys = [m.key for m in plan.milestones]
        if key not in keys:
            close = difflib.get_close_matches(key, keys, n=1, cutoff=0.4)
            raise InputError(f"unknown milestone '{key}'",
                             (f"did you mean '{close[0]}'? " if close else "") + "run `ipcity milestones` to list them")
        if day < plan.info.start:
            raise InputError(f"{day} is before the plan began ({plan.info.start})", "give the date the milestone was reached")
        if day > date.today():
            raise InputError(f"{day} is in the future", "mark a milestone done once it is reached")
        mark_milestone(store, key, day, note)
    say(f"milestone {key} done on {day}")


@app.command()
def units(ctx: typer.Context, as_of: AsOfOption = None, format: FormatOption = Format.table) -> None:
    """Every lead unit with its tasks done, in progress, blocked and overdue — the units
    that need a call first. The table for the supervision meeting."""
    import json

    from ipcity.task_reports import task_states, unit_rows

    day = _day(as_of)
    with open_store(ctx) as store:
        plan = store.plan_source().plan
        rows = unit_rows(plan, task_states(store, plan, day))
    fields = ("unit", "kind", "led", "done", "in_progress", "blocked", "not_started", "overdue")
    if format == Format.json:
        emit(json.dumps({"units": [{f: getattr(r, f) for f in fields} | {"tasks": r.tasks} for r in rows]},
                        ensure_ascii=False, indent=2))
        return
    headers = ("牵头单位", "牵头任务", "已完成", "进行中", "受阻", "未开始", "逾期", "任务编号")
    cells = [(r.unit, str(r.led), str(r.done), str(r.in_progress), str(r.blocked), str(r.not_started), str(r.overdue),
              ", ".join(r.tasks)) for r in rows]
    if format in (Format.md, Format.csv):
        if format == Format.csv:
            import csv
            import io

            buffer = io.StringIO()
            writer = csv.writer(buffer, lineterminator="\n")
            writer.writerow(fields + ("tasks",))
            writer.writerows([getattr(r, f) for f in fields] + [" ".join(r.tasks)] for r in rows)
            emit(buffer.getvalue())
        else:
            from ipcity.render.markdown import md_table

            emit("\n".join(md_table(headers, cells)))
        return
    from rich.table import Table

    table = Table(title=f"{plan.info.name} · 牵头单位", title_justify="left")
    for index, header in enumerate(headers):
        table.add_column(header, overflow="fold", justify="right" if 1 <= index <= 6 else "left",
                         no_wrap=1 <= index <= 6)
    for r, c in zip(rows, cells):
        table.add_row(*c, style="red" if r.overdue else ("yellow" if r.blocked else None))
    console().print(table)
