"""ipcity tasks, task show/update, milestones, milestone done, units."""

from typing import Annotated

import typer

from ipcity.cli.app import IpcityGroup, app, say
from ipcity.cli.common import console, open_store, show
from ipcity.cli.complete import milestone_keys, task_numbers, task_statuses, unit_names
from ipcity.cli.options import AsOfOption, Format, FormatOption, KnownAtOption

task_app = typer.Typer(help="Show or update one key task.", no_args_is_help=True, rich_markup_mode=None,
                     cls=IpcityGroup)
milestone_app = typer.Typer(help="Mark a milestone done.", no_args_is_help=True, rich_markup_mode=None,
                     cls=IpcityGroup)
app.add_typer(task_app, name="task")
app.add_typer(milestone_app, name="milestone")

TaskArgument = Annotated[str, typer.Argument(help="Key task number (1–17) or safeguard (S1–S3).",
                                             autocompletion=task_numbers)]


def _day(as_of: str | None):
    from ipcity.base.periods import parse_date

    return parse_date(as_of) if as_of is not None else None


@app.command()
def tasks(
    ctx: typer.Context,
    group: Annotated[str | None, typer.Option("--group", "-g", help="Group key or title, e.g. protection or 保护.")] = None,
    unit: Annotated[str | None, typer.Option("--unit", "-u", help="Tasks this unit leads or shares.",
                                                               autocompletion=unit_names)] = None,
    status: Annotated[str | None, typer.Option("--status", help="not_started, in_progress, done or blocked.",
                                                                 autocompletion=task_statuses)] = None,
    overdue: Annotated[bool, typer.Option("--overdue", help="Only tasks past their due date and not done.")] = False,
    as_of: AsOfOption = None,
    known_at: KnownAtOption = None,
    format: FormatOption = Format.table,
) -> None:
    """The 17 key tasks and 3 safeguards: lead units, status, sub-targets, due date."""
    from datetime import date

    from ipcity.base.errors import InputError
    from ipcity.render.work import WIDE, tasks_view
    from ipcity.status.work import leads, task_states
    from ipcity.store import task_status

    day = _day(as_of)
    status = task_status(status)
    with open_store(ctx, known_at=known_at) as store:
        plan = store.plan.source().plan
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
    keep = None if format != Format.table or console().width >= WIDE else 2
    show(tasks_view(states, plan.info.name, day or date.today(), keep), format)


@task_app.command("show")
def task_show(ctx: typer.Context, number: TaskArgument) -> None:
    """One task in full: the plan's text, lead units, sub-targets and every update."""
    from ipcity.render.formats import literal
    from ipcity.render.work import task_lines
    from ipcity.status.work import task_ref, task_states

    with open_store(ctx) as store:
        plan = store.plan.source().plan
        ref, _ = task_ref(number, plan)
        state = next(s for s in task_states(store, plan) if s.ref == ref)
        updates = store.work.task_history(ref)
    out = console()
    for line, style in task_lines(state, updates):
        out.print(literal(line, style))


@task_app.command("update")
def task_update(
    ctx: typer.Context,
    number: TaskArgument,
    status: Annotated[str | None, typer.Option("--status", help="not_started, in_progress, done or blocked.",
                                                                 autocompletion=task_statuses)] = None,
    count: Annotated[list[str] | None, typer.Option("--count",
                                                    help="SUBTARGET=K, e.g. strong_enterprises=2 (repeatable).")] = None,
    note: Annotated[str | None, typer.Option("--note", "-n", help="What was done.")] = None,
    evidence: Annotated[str | None, typer.Option("--evidence", help="A file path or URL that shows it.")] = None,
    force: Annotated[bool, typer.Option("--force", help="Mark done although sub-targets are below their minimum.")] = False,
    date_: Annotated[str | None, typer.Option("--date", help="The day it happened, when not today (YYYY-MM-DD); "
                                                 "status --as-of that day and later shows it.", show_default=False)] = None,
) -> None:
    """Record progress on a task; every update is kept with its time and author."""
    from ipcity.base.errors import InputError
    from ipcity.render.labels import TASK_LABELS
    from ipcity.status.work import done_blockers, task_ref, task_states
    from ipcity.store import task_status

    status = task_status(status)
    day = _day(date_)
    with open_store(ctx) as store:
        plan = store.plan.source().plan
        _check_past(day, plan.info.start, "the update")
        ref, _ = task_ref(number, plan)
        state = next(s for s in task_states(store, plan) if s.ref == ref)
        counts = _parse_counts(count or [], state)
        if status is None and not counts and not note and not evidence:
            raise InputError("nothing to update", "give --status, --count, --note or --evidence")
        from pathlib import Path

        from ipcity.base.text import check_text

        check_text(note, "--note")
        check_text(evidence, "--evidence")
        if evidence and not evidence.startswith(("http://", "https://")) and not Path(evidence).expanduser().exists():
            raise InputError(f"evidence file {evidence} does not exist", "give an existing file path or a URL")
        if status == "done" and not force:
            reasons = done_blockers(state, counts)
            if reasons:
                raise InputError(f"task {ref} is not done by its own measure: {'; '.join(reasons)}",
                                 "update the counts with --count, or add --force to mark it done anyway")
        store.work.add_task_update(ref, status, counts, note, evidence, on=day)
    say(f"task {ref} updated" + (f": {TASK_LABELS[status]}" if status else "") + (f" (dated {day})" if day else ""))


def _check_past(day, start, what: str) -> None:
    """A date given for something that happened: not before the plan, not in the future."""
    from datetime import date

    from ipcity.base.errors import InputError

    if day is None:
        return
    if day < start:
        raise InputError(f"{day} is before the plan began ({start})", f"give the day {what} happened")
    if day > date.today():
        raise InputError(f"{day} is in the future", f"give the day {what} happened (today or earlier)")


def _parse_counts(items: list[str], state) -> dict[str, int]:
    from ipcity.base.errors import InputError

    keys = {s.subtarget.key for s in state.subtargets}
    counts = {}
    for item in items:
        key, sep, value = item.partition("=")
        key = key.strip()
        if not sep:
            raise InputError(f"bad --count '{item}'", "write SUBTARGET=K, e.g. --count strong_enterprises=2")
        if key not in keys:
            hint = (f"task {state.ref}'s sub-targets: {', '.join(sorted(keys))}" if keys
                    else f"task {state.ref} has no sub-targets")
            raise InputError(f"task {state.ref} has no sub-target '{key}'", hint)
        try:
            number = int(value.strip())
        except ValueError:
            raise InputError(f"count '{value}' for {key} is not a whole number",
                             "write e.g. --count strong_enterprises=2") from None
        if number < 0:
            raise InputError(f"count {number} for {key} is negative", "counts start at 0")
        counts[key] = number
    return counts


@app.command()
def milestones(ctx: typer.Context, as_of: AsOfOption = None, known_at: KnownAtOption = None,
               format: FormatOption = Format.table) -> None:
    """The plan's milestones: due date, done date, and overdue when not done by --as-of."""
    from ipcity.render.work import milestones_view
    from ipcity.status.work import milestone_states

    day = _day(as_of)
    with open_store(ctx, known_at=known_at) as store:
        plan = store.plan.source().plan
        states = milestone_states(store, plan, day)
    show(milestones_view(states, plan.info.name), format)


@milestone_app.command("done")
def milestone_done(
    ctx: typer.Context,
    key: Annotated[str, typer.Argument(help="Milestone key (see `ipcity milestones`).",
                                       autocompletion=milestone_keys)],
    date_: Annotated[str, typer.Option("--date", help="The day it was reached (YYYY-MM-DD).")],
    note: Annotated[str | None, typer.Option("--note", "-n")] = None,
    correct: Annotated[bool, typer.Option("--correct", help="Change the date of a milestone already marked done "
                                                           "(the earlier event stays in the log).")] = False,
) -> None:
    """Mark a milestone done on a date. Milestones that count towards an indicator (the four
    breakthrough projects) feed `ipcity status`."""
    import difflib
    from datetime import date

    from ipcity.base.errors import InputError
    from ipcity.base.periods import parse_date

    day = parse_date(date_)
    with open_store(ctx) as store:
        plan = store.plan.source().plan
        keys = [m.key for m in plan.milestones]
        if key not in keys:
            close = difflib.get_close_matches(key, keys, n=1, cutoff=0.4)
            raise InputError(f"unknown milestone '{key}'",
                             (f"did you mean '{close[0]}'? " if close else "") + "run `ipcity milestones` to list them")
        if day < plan.info.start:
            raise InputError(f"{day} is before the plan began ({plan.info.start})", "give the date the milestone was reached")
        if day > date.today():
            raise InputError(f"{day} is in the future", "mark a milestone done once it is reached")
        from ipcity.base.text import check_text

        done_on, _ = store.work.milestone_done_dates().get(key, (None, None))
        if done_on == day:
            say(f"milestone {key} is already done on {day}; nothing changed")
            return
        if done_on is not None and not correct:
            raise InputError(f"milestone {key} is already done on {done_on}",
                             f"to change the date to {day}, run the same command with --correct")
        store.work.mark_milestone(key, day, check_text(note, "--note"))
    say(f"milestone {key} done on {day}" + (f" (was {done_on}; kept in the log)" if done_on else ""))


@app.command()
def units(ctx: typer.Context, as_of: AsOfOption = None, known_at: KnownAtOption = None,
          format: FormatOption = Format.table) -> None:
    """Every lead unit with its tasks done, in progress, blocked and overdue — the units
    that need a call first. The table for the supervision meeting."""
    from ipcity.render.work import units_view
    from ipcity.status.work import task_states, unit_rows

    day = _day(as_of)
    with open_store(ctx, known_at=known_at) as store:
        plan = store.plan.source().plan
        rows = unit_rows(plan, task_states(store, plan, day))
    show(units_view(rows, plan.info.name), format)
