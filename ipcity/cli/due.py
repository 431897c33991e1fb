"""ipcity due: the figures and task reports missing for a month, and who sends each."""

import typer

from ipcity.cli.app import app
from ipcity.cli.common import emit, open_store, show
from ipcity.cli.options import AsOfOption, Format, FormatOption, MonthOption


@app.command()
def due(
    ctx: typer.Context,
    period: MonthOption = None,
    as_of: AsOfOption = None,
    format: FormatOption = Format.table,
) -> None:
    """What is missing for a month: figures not recorded and task reports not made, each with
    the unit that sends it, as a list to paste into a reminder (--format table|json|csv|md)."""
    from ipcity.render.due import due_view, reminder_text
    from ipcity.status.due import due_items
    from ipcity.status.snapshots import resolve_month

    month, day = resolve_month(period, as_of)
    with open_store(ctx) as store:
        plan = store.plan.source().plan
        items = due_items(store, plan, month, day)
    if format == Format.table:
        emit(reminder_text(items, str(month), day.isoformat()))
    else:
        show(due_view(items, str(month)), format)
