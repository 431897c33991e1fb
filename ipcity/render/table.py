"""Rich tables for a terminal. Rich measures wide (Chinese) characters correctly; columns
that do not fit the terminal are dropped in a fixed order rather than squeezed."""

from __future__ import annotations

from rich.cells import cell_len
from rich.console import Console
from rich.table import Table
from rich.text import Text

from ipcity.base.i18n import _, translate
from ipcity.render.cells import TREND_HEADER, column, common_periods, context_line, figure_columns, headers, row_cells
from ipcity.render.formats import literal
from ipcity.render.labels import STALE_MARK, STATUS_STYLE
from ipcity.status.indicators import StatusReport

DROP_ORDER = tuple(column(key) for key in ("trend", "expected_now", "progress", "baseline", "period", "projected", "gap"))
STATUS = column("status")
NAME_MIN = 18  # nine Chinese characters before the indicator name wraps


def fit_columns(widths: list[int], available: int) -> tuple[list[int], int]:
    """The columns to show and the indicator-name width: every column when it fits, else
    columns dropped in DROP_ORDER, and at last the name wrapped narrower (never the status)."""
    shown = list(range(len(widths)))
    name = min(widths[0], NAME_MIN)

    def total() -> int:
        return name + sum(widths[i] for i in shown[1:]) + 3 * len(shown) + 1

    for index in DROP_ORDER:
        if total() <= available:
            break
        if index in shown:
            shown.remove(index)
    name = max(4, min(name, name + available - total()))
    return shown, name


def print_status(report: StatusReport, console: Console, trends: dict[str, str] | None = None) -> None:
    """`trends` (indicator key -> sparkline) adds a trend column, the first to go when narrow."""
    as_of = (_("as of {day}") if report.as_of_given else _("today, {day}")).format(day=report.as_of)
    names = headers(report.rows)
    periods = common_periods(report.rows)
    body = [row_cells(row, periods) for row in report.rows]
    if trends is not None:
        names.append(TREND_HEADER)
        for row, cells in zip(report.rows, body, strict=True):
            cells.append(trends.get(row.indicator.key, ""))
    widths = [max(cell_len(text) for text in column) for column in zip(names, *body, strict=True)]
    shown, name_width = fit_columns(widths, console.width)
    table = Table(title=literal(f"{report.plan_name} · {report.region} · {as_of}"), title_justify="left")
    figures = figure_columns(len(names))
    for index in shown:
        table.add_column(names[index], justify="right" if index in figures else "left",
                         overflow="fold", no_wrap=index != 0, min_width=name_width if index == 0 else None)
    for row, cells in zip(report.rows, body, strict=True):
        style = STATUS_STYLE[row.assessment.status][2]
        table.add_row(*(literal(cells[i], style if i == STATUS else None) for i in shown))
    console.print(table)
    hidden = [names[i] for i in range(len(names)) if i not in shown]
    stale = f" ({STALE_MARK})" if any(r.assessment.stale for r in report.rows) else ""
    console.print(literal(report.summary() + stale))
    if hidden:
        console.print(Text(_("(too narrow for: {columns}; widen the terminal or use --format md)").format(
            columns=_(", ").join(hidden)), style="dim"))
    for row in report.context:
        console.print(literal(context_line(row), "dim"))
    for row in report.rows:
        for note in row.assessment.notes:
            console.print(literal(f"{row.indicator.key}: {translate(note)}", "dim"))
