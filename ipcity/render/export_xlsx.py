"""`ipcity export --format xlsx`: every figure as a workbook people open in Excel and
`ipcity import` reads back. Values are numeric cells in the unit people write (万元, 亿元,
件), with that unit in the next column; text is written as text, never as a formula."""

from __future__ import annotations

from pathlib import Path
from collections.abc import Iterable

from ipcity.render.xlsx import put as _put

NUMBER = "#,##0.######"
WIDTHS = {"indicator": 26, "region": 16, "period": 10, "value": 14, "unit": 6, "source": 20, "note": 24,
          "recorded_at": 22, "recorded_by": 10, "version": 6, "change": 24}


def write_export_xlsx(rows: Iterable[dict], header: list[str], path: Path) -> int:
    """Write the export rows (see `ipcity.io.export.export_rows`) to `path`; returns the count."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    ws = book.active
    ws.title = "数据"
    count = 0
    for r, row in enumerate(rows, 2):
        if count == 0:
            header = list(row)
        for c, key in enumerate(header, 1):
            value = row[key]
            if key == "value":
                _put(ws, r, c, float(value), NUMBER)
            else:
                _put(ws, r, c, "" if value is None else value if isinstance(value, int) else str(value))
        count += 1
    for c, key in enumerate(header, 1):
        _put(ws, 1, c, key).font = Font(bold=True)
        ws.column_dimensions[ws.cell(row=1, column=c).column_letter].width = WIDTHS.get(key, 12)
    ws.freeze_panes = "A2"
    book.save(path)
    return count
