"""ipcity status."""

from enum import Enum
from typing import Annotated

import typer

from ipcity.cli.app import app
from ipcity.cli.common import console, emit, open_store
from ipcity.cli.options import (
    AsOfOption,
    Format,
    FormatOption,
    KnownAtOption,
    RegionOption,
)


class By(str, Enum):
    region = "region"


@app.command()
def status(
    ctx: typer.Context,
    as_of: AsOfOption = None,
    known_at: KnownAtOption = None,
    region: RegionOption = None,
    by: Annotated[By | None, typer.Option("--by", help="region: one matrix, indicators down and regions across.")] = None,
    format: FormatOption = Format.table,
    trend: Annotated[bool, typer.Option("--trend",
                                        help="Add a sparkline of each value in the monthly snapshots, then now.")] = False,
) -> None:
    """The gap to every target: latest figure, gap, progress, projection and status.

    A region with regions under it (the city) shows its own recorded figure, or else the
    sum of its regions; a difference between the two is noted."""
    from ipcity.base.periods import parse_date

    day = parse_date(as_of) if as_of is not None else None
    trends = None
    with open_store(ctx, known_at=known_at) as store:
        plan = store.plan.source().plan
        if by is By.region:
            from ipcity.status.indicators import region_matrix

            fits = None
            if format == Format.table:  # only the regions that fit the terminal are computed
                from ipcity.render.matrix import ColumnFit

                fits = ColumnFit(plan, console().width)
            notes = format == Format.json  # the only view of the matrix that shows the notes
            return _show_matrix(region_matrix(store, plan, day, fits, notes), plan, format)
        from ipcity.status.indicators import status_report

        report = status_report(store, plan, day, region)
        if trend:
            from ipcity.status.snapshots import status_trends

            trends = status_trends(store, report)
    from ipcity.render.spark import sparkline

    lines = {key: sparkline(t.values) for key, t in trends.items()} if trends is not None else None
    if format == Format.json:
        from ipcity.render.data import status_json

        emit(status_json(report, trends))
    elif format == Format.csv:
        from ipcity.render.data import status_csv

        emit(status_csv(report, lines), csv=True)
    elif format == Format.md:
        from ipcity.render.data import status_markdown

        emit(status_markdown(report, lines))
    else:
        from ipcity.render.table import print_status

        print_status(report, console(), lines)


def _show_matrix(matrix, plan, format: Format) -> None:
    from ipcity.render import matrix as render

    if format == Format.json:
        emit(render.matrix_json(matrix))
    elif format == Format.csv:
        emit(render.matrix_csv(matrix), csv=True)
    elif format == Format.md:
        emit(render.matrix_markdown(matrix, plan))
    else:
        render.print_matrix(matrix, plan, console())
