"""The region matrix (`ipcity status --by region`): indicators down, regions across."""

from __future__ import annotations

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


class ColumnFit:
    """`fits(region, rows by indicator key)`: whether one more region's column fits a
    terminal `width` wide, measured as the table lays it out (the indicator column at its
    narrowest, the units, each region's widest cell). The first region (the city) chooses
    the display units and always fits."""

    def __init__(self, plan: Plan, width: int):
        self.plan, self.width = plan, width
        self.units: dict | None = None
        self.used = 0

    def __call__(self, region: str, rows: dict) -> bool:
        from rich.cells import cell_len

        if self.units is None:
            self.units = {key: row_unit(row) for key, row in rows.items()}
            unit_width = max([cell_len("单位")] + [cell_len(u.label) for u in self.units.values()])
            self.used = 1 + (NAME_WIDTH + 3) + (unit_width + 3)  # outer border; padding and a border a column
        cells = [_cell(self.units[key], row)[0] for key, row in rows.items() if key in self.units]
        self.used += max([cell_len(short_name(self.plan, region))] + [cell_len(c) for c in cells]) + 3
        return self.used <= self.width


def print_matrix(matrix: RegionMatrix, plan: Plan, console) -> None:
    from rich.table import Table
    from rich.text import Text

    table = Table(title=literal(f"{matrix.plan_name} · {matrix.as_of}"), title_justify="left")
    table.add_column("指标", overflow="fold", min_width=NAME_WIDTH)
    table.add_column("单位", no_wrap=True)
    for region in matrix.regions:
        table.add_column(literal(short_name(plan, region)), justify="right", overflow="fold")
    for name, unit, cells in matrix_cells(matrix):
        table.add_row(literal(name), literal(unit),
                      *(literal(text, STATUS_STYLE.get(status, ("", "", ""))[2]) for text, status in cells))
    console.print(table)
    console.print(Text("first column: the city (its own figure, else the sum of its regions); "
                       "· no target of its own for a region", style="dim"))
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
