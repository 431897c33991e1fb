"""The region matrix (`ipcity status --by region`): indicators down, regions across."""

from __future__ import annotations

from ipcity.base.i18n import _
from ipcity.plan.model import Plan
from ipcity.render.cells import row_unit
from ipcity.render.formats import csv_text, json_text, literal
from ipcity.render.labels import STATUS_STYLE
from ipcity.status.document import row_dict
from ipcity.status.indicators import RegionMatrix


def short_name(plan: Plan, region: str) -> str:
    """The shortest name the plan gives a region (城乡一体化示范区 → 示范区), for column headers."""
    found = plan.region(region)
    return min((found.name, *found.aliases), key=len)


def _cell(unit, row) -> tuple[str, str]:
    a = row.assessment
    symbol = STATUS_STYLE.get(a.status, ("", "", ""))[0]
    text = unit.format(a.value) if a.value is not None else "—"
    return (f"{text} {symbol}".strip() if a.value is not None else text), a.status


def matrix_cells(matrix: RegionMatrix) -> list[tuple[str, str, list[tuple[str, str]]]]:
    """(indicator name, display unit, [(text, status) per region]) for each indicator."""
    lines = []
    for ind in matrix.indicators:
        rows = [matrix.cells[(ind.key, region)] for region in matrix.regions]
        unit = row_unit(rows[0])
        lines.append((ind.name, unit.label, [_cell(unit, row) for row in rows]))
    return lines


NAME_WIDTH = 12  # the indicator column at its narrowest (it folds)
MAX_TABLES = 4  # a narrow terminal gets the regions in up to this many tables; the rest are counted


def region_blocks(widths: list[int], room: int) -> list[list[int]]:
    """The region columns (their indices) in blocks side by side that each fit in `room`
    character cells, with at least one column a block: a narrow terminal gets several
    tables, never a cut-off region or a number broken across lines."""
    blocks: list[list[int]] = [[]]
    used = 0
    for index, width in enumerate(widths):
        if blocks[-1] and used + width + 3 > room:
            blocks.append([])
            used = 0
        blocks[-1].append(index)
        used += width + 3  # a cell's padding and its border
    return blocks


class ColumnFit:
    """`fits(region, rows by indicator key)`: whether one more region's column fits a
    terminal `width` wide in one of `MAX_TABLES` tables, measured as the table lays it out
    (the indicator column at its narrowest, the units, each region's widest cell). The first
    region (the city) chooses the display units and always fits."""

    def __init__(self, plan: Plan, width: int):
        self.plan, self.width = plan, width
        self.units: dict | None = None
        self.room = 0
        self.widths: list[int] = []

    def __call__(self, region: str, rows: dict) -> bool:
        from rich.cells import cell_len

        if self.units is None:
            self.units = {key: row_unit(row) for key, row in rows.items()}
            unit_width = max([cell_len("单位")] + [cell_len(u.label) for u in self.units.values()])
            self.room = self.width - 1 - (NAME_WIDTH + 3) - (unit_width + 3)  # outer border; padding and a border a column
        cells = [_cell(self.units[key], row)[0] for key, row in rows.items() if key in self.units]
        width = max([cell_len(short_name(self.plan, region))] + [cell_len(c) for c in cells])
        if len(region_blocks(self.widths + [width], self.room)) > MAX_TABLES:
            return False
        self.widths.append(width)
        return True


def print_matrix(matrix: RegionMatrix, plan: Plan, console) -> None:
    from rich.cells import cell_len
    from rich.table import Table
    from rich.text import Text

    lines = matrix_cells(matrix)
    headers = [short_name(plan, region) for region in matrix.regions]
    widths = [max([cell_len(h)] + [cell_len(cells[i][0]) for _, _, cells in lines]) for i, h in enumerate(headers)]
    name_width = min(NAME_WIDTH * 2, max(cell_len(name) for name, _, _ in lines)) if lines else 4
    unit_width = max([cell_len("单位")] + [cell_len(unit) for _, unit, _ in lines])
    room = console.width - (name_width + 3) - (unit_width + 3) - 1
    if sum(w + 3 for w in widths) > room:  # fold the names before splitting the regions
        name_width = NAME_WIDTH
        room = console.width - (name_width + 3) - (unit_width + 3) - 1
    blocks = region_blocks(widths, room)
    for number, block in enumerate(blocks):
        title = literal(f"{matrix.plan_name} · {matrix.as_of}") if number == 0 else None
        table = Table(title=title, title_justify="left")
        table.add_column("指标", overflow="fold", width=name_width)
        table.add_column("单位", no_wrap=True)
        for index in block:
            table.add_column(literal(headers[index]), justify="right", no_wrap=True, min_width=widths[index])
        for name, unit, cells in lines:
            table.add_row(literal(name), literal(unit),
                          *(literal(cells[i][0], STATUS_STYLE.get(cells[i][1], ("", "", ""))[2]) for i in block))
        console.print(table)
    if len(blocks) > 1:
        parts = _("; ").join("、".join(headers[i] for i in block) for block in blocks)
        console.print(Text(_("{count} regions in {tables} tables to fit the terminal: {parts}").format(
            count=len(matrix.regions), tables=len(blocks), parts=parts), style="dim"))
    console.print(Text(_("first column: the city (its own figure, else the sum of its regions); "
                         "· no target of its own for a region"), style="dim"))
    if matrix.left_out:
        console.print(Text(f"另有 {matrix.left_out} 个地区超出终端宽度，未显示；--format csv 或 json 显示全部 "
                           f"({matrix.left_out} more regions do not fit the terminal; --format csv or json shows "
                           "every region, --region one of them)", style="dim"))


def matrix_dict(matrix: RegionMatrix) -> dict:
    return {
        "as_of": matrix.as_of.isoformat(),
        "plan": matrix.plan_name,
        "regions": matrix.regions,
        "indicators": [
            {"key": ind.key, "name": ind.name, "unit": ind.unit,
             "regions": {region: row_dict(matrix.cells[(ind.key, region)]) for region in matrix.regions}}
            for ind in matrix.indicators
        ],
    }


def matrix_json(matrix: RegionMatrix) -> str:
    return json_text(matrix_dict(matrix))


def matrix_csv(matrix: RegionMatrix) -> str:
    """Long format, one line per indicator and region: what a spreadsheet pivots best."""
    header = ["as_of", "indicator", "name", "region", "unit", "value", "period", "target", "gap",
              "achieved_share", "status", "stale"]

    def rows():
        for ind in matrix.indicators:
            for region in matrix.regions:
                a = matrix.cells[(ind.key, region)].assessment
                yield (matrix.as_of.isoformat(), ind.key, ind.name, region, ind.unit, a.value,
                       str(a.period) if a.period else None, a.target, a.gap, a.achieved_share, a.status, a.stale)

    return csv_text(header, rows())


def matrix_markdown(matrix: RegionMatrix, plan: Plan) -> str:
    from ipcity.render.markdown import md_table, md_text

    names = ["指标", "单位"] + [short_name(plan, r) for r in matrix.regions]
    body = [[name, unit] + [text for text, _ in cells] for name, unit, cells in matrix_cells(matrix)]
    lines = [f"## {md_text(matrix.plan_name)} · {matrix.as_of}", ""]
    lines += md_table(names, body, set(range(2, len(names))))
    return "\n".join(lines) + "\n"
