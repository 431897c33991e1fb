"""ipcity snapshot, snapshots, diff."""

from enum import Enum
from typing import Annotated

import typer

from ipcity.cli.app import app, say
from ipcity.cli.common import emit, open_store, show
from ipcity.cli.options import AsOfOption, Format, FormatOption, PeriodOption, RegionOption

ALERT_EXIT = 3


class FailOn(str, Enum):
    moderate = "moderate"
    limited = "limited"
    deterioration = "deterioration"
    missed = "missed"


@app.command(epilog="Exit status: 0 taken, or already taken (nothing changed); 1 error; 2 bad command line; "
                    "3 with --fail-on, when an indicator of the city is at or below that class.")
def snapshot(
    ctx: typer.Context,
    period: PeriodOption = None,
    as_of: AsOfOption = None,
    refresh: Annotated[bool, typer.Option("--refresh",
                                          help="Replace the month's snapshot (the old one stays in the history).")] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Say nothing on success (for cron).")] = False,
    fail_on: Annotated[
        FailOn | None,
        typer.Option("--fail-on", help="Exit 3 when an indicator of the city is at or below this class (for alerts).",
                     show_default=False),
    ] = None,
) -> None:
    """Freeze a period's status: the month that just ended, or --period 2024-05, 2024Q2, 2024H1, 2024.

    A period is frozen as of its last day (or --as-of). Every figure of every indicator and
    region, and the tasks and milestones, are stored as computed now, so later corrections
    do not rewrite what was reported. Running it again for the same period changes nothing.
    A quarter, half-year or year is taken from its last month's snapshot when that one was
    taken as of the same day, else on its own."""
    from ipcity.status.snapshots import at_or_below, region_status, resolve_period, take_snapshot

    chosen, day = resolve_period(period, as_of)
    with open_store(ctx, quiet=quiet) as store:
        plan = store.plan.source().plan
        outcome = take_snapshot(store, plan, chosen, day, refresh=refresh)
    snap = outcome.snapshot
    document = outcome.data
    city = region_status(document)["summary"]
    if outcome.action == "already":
        who = f" by {snap.taken_by}" if snap.taken_by else ""
        message = (f"snapshot {snap.period} already taken {snap.taken_at.astimezone():%Y-%m-%d %H:%M}{who} "
                   f"(as of {snap.as_of}); nothing changed (--refresh replaces it)")
    else:
        message = f"snapshot {snap.period} {outcome.action} (as of {snap.as_of}): {city}"
        if outcome.from_month is not None:
            message = f"snapshot {snap.period} taken (as of {snap.as_of}) from the snapshot of {outcome.from_month}: {city}"
        if outcome.previous is not None:
            message += f"; the one of {outcome.previous.taken_at.astimezone():%Y-%m-%d %H:%M} is kept in the history"
    if not quiet:
        say(message)
    if fail_on is not None:
        alarming = at_or_below(document, fail_on.value)
        if alarming:
            names = ", ".join(f"{row['key']} ({row['status']})" for row in alarming)
            say(f"ipcity: alert: {len(alarming)} indicator{'s' if len(alarming) > 1 else ''} at or below "
                f"{fail_on.value} in {snap.period}: {names}")
            raise typer.Exit(ALERT_EXIT)


@app.command()
def snapshots(
    ctx: typer.Context,
    all_: Annotated[bool, typer.Option("--all", help="Include snapshots replaced by --refresh.")] = False,
    format: FormatOption = Format.table,
) -> None:
    """List the snapshots: period, as-of date, when and by whom, the city's summary."""
    from ipcity.render.changes import snapshots_view
    from ipcity.status.snapshots import snapshot_rows

    with open_store(ctx) as store:
        rows = snapshot_rows(store, all_)
    show(snapshots_view(rows, all_), format)
    if format == Format.table and not rows:
        say("no snapshots yet; `ipcity snapshot` takes the one of the month that just ended")


@app.command()
def diff(
    ctx: typer.Context,
    old: Annotated[str, typer.Argument(help="The earlier month, YYYY-MM.")],
    new: Annotated[str, typer.Argument(help="The later month, YYYY-MM.")],
    region: RegionOption = None,
    format: FormatOption = Format.table,
) -> None:
    """What changed between two snapshots: figures, classes that moved up or down, tasks finished."""
    from ipcity.render.changes import diff_markdown, diff_text, diff_view
    from ipcity.status.snapshots import diff_snapshots, snapshot_document

    with open_store(ctx) as store:
        plan = store.plan.source().plan
        place = plan.region(region).name if region is not None else None
        before, after = snapshot_document(store, old), snapshot_document(store, new)
    result = diff_snapshots(before, after, place)
    if format == Format.md:
        emit(diff_markdown(result))
    elif format == Format.table:
        emit(diff_text(result))
    else:
        show(diff_view(result), format)
