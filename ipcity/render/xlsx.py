"""The one writer of XLSX cells, used by the briefing workbook and the template: text is
always a text cell (a leading =, +, -, @, tab or CR can never run as a formula, see
`ipcity.base.text.safe_cell`), numbers stay numbers. `formula` is for ipcity's own formulas only."""

from __future__ import annotations

from typing import Any


def put(ws, row: int, col: int, value: Any, number_format: str | None = None):
    """Write one cell; return it."""
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    from ipcity.base.text import safe_cell

    cell = ws.cell(row=row, column=col)
    if isinstance(value, str):
        cell.value = ILLEGAL_CHARACTERS_RE.sub("", value)
        cell.data_type = "s"  # never a formula, whatever it starts with
        if safe_cell(value) != value:
            cell.quotePrefix = True  # and spreadsheets show it as text when edited
    else:
        cell.value = value
        if number_format and value is not None:
            cell.number_format = number_format
    return cell


def put_row(ws, row: int, values) -> None:
    """Write a row of cells from column A."""
    for col, value in enumerate(values, 1):
        put(ws, row, col, value)


def formula(ws, row: int, col: int, text: str):
    """A formula ipcity wrote itself (never one built from user text)."""
    cell = ws.cell(row=row, column=col)
    cell.value = text
    return cell
