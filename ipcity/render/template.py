"""The XLSX sheet sent to departments: the right headers, dropdowns, instructions. Every
cell from the plan (keys, names, regions) is written by `ipcity.render.xlsx.put`."""

from __future__ import annotations

from pathlib import Path

from ipcity.plan.model import Plan
from ipcity.base.units import MONEY, format_figure

HEADERS = ("指标", "地区", "期间", "数值", "来源", "备注", "单位", "累计")
ROWS = 500  # rows prepared with dropdowns
UNIT_CHOICES = ("亿元", "万元", "元", "件", "人", "项", "分", "家", "次")


def write_template(plan: Plan, path: Path) -> None:
    from openpyxl import Workbook
    from openpyxl.styles import Font, PatternFill
    from openpyxl.worksheet.datavalidation import DataValidation

    from ipcity.render.xlsx import put, put_row

    book = Workbook()
    sheet = book.active
    sheet.title = "填报"
    put_row(sheet, 1, [("说明：每行填一个数据。指标填代码（下拉选择）；地区默认全市；期间写 2024（年）、2024H1（半年）、"
                       "2024Q2（季）或 2024-06（月）；数值可写 3600、6.8万、1亿元、22%、60天。金额必须有单位：写在数值里"
                       "（35亿元），或在单位列选择 亿元、万元。年初至今的累计数在“累计”列选“是”，当期数选“否”"
                       "（空白按指标的约定）。")])
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(HEADERS))
    sheet.row_dimensions[1].height = 45
    sheet["A1"].font = Font(italic=True, color="555555")
    put_row(sheet, 2, HEADERS)
    for cell in sheet[2]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="DDEBF7")
    lists = book.create_sheet("指标说明")
    put_row(lists, 1, ["indicator", "指标名称", "单位", "类型", "目标", "地区"])
    recordable = [i for i in plan.indicators if i.recordable]
    for index, ind in enumerate(recordable):
        threshold = ind.target.threshold if ind.target else None
        target = f"{format_figure(threshold, ind.unit)} ({ind.target.period})" if threshold else ""
        region = plan.regions[index].name if index < len(plan.regions) else None
        unit = "亿元 或 万元" if ind.unit == MONEY else ind.unit
        put_row(lists, index + 2, [ind.key, ind.name, unit, ind.kind, target, region])
    for index in range(len(recordable), len(plan.regions)):
        put(lists, index + 2, 6, plan.regions[index].name)
    last_key, last_region = len(recordable) + 1, len(plan.regions) + 1
    keys = DataValidation(type="list", formula1=f"='指标说明'!$A$2:$A${last_key}", allow_blank=True)
    keys.error, keys.errorTitle = "请从下拉列表选择指标代码", "未知指标"
    regions = DataValidation(type="list", formula1=f"='指标说明'!$F$2:$F${last_region}", allow_blank=True)
    flags = DataValidation(type="list", formula1='"是,否"', allow_blank=True)
    units = DataValidation(type="list", formula1=f'"{",".join(UNIT_CHOICES)}"', allow_blank=True)
    sheet.add_data_validation(keys)
    sheet.add_data_validation(regions)
    sheet.add_data_validation(units)
    sheet.add_data_validation(flags)
    flags.add(f"H3:H{ROWS + 2}")
    keys.add(f"A3:A{ROWS + 2}")
    regions.add(f"B3:B{ROWS + 2}")
    units.add(f"G3:G{ROWS + 2}")
    for row in range(3, ROWS + 3):  # 期间 is text: Excel would turn a typed 2024-06 into a date
        sheet.cell(row=row, column=3).number_format = "@"
    for column, width in zip("ABCDEFGH", (28, 16, 10, 14, 20, 30, 6, 6), strict=True):
        sheet.column_dimensions[column].width = width
    for column, width in zip("ABCDEF", (28, 26, 6, 16, 16, 16), strict=True):
        lists.column_dimensions[column].width = width
    sheet.freeze_panes = "A3"
    book.save(path)
