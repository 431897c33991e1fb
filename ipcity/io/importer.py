"""Turn each row of a departments' spreadsheet (read by `ipcity.io.sheets`) into a
`NewObservation` or a `RowError`, by the same rules as `ipcity record` (`ipcity.plan.entry`).
Nothing here touches the database; `Store.import_rows` writes all rows or none."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from ipcity.base.errors import InputError
from ipcity.base.periods import Period, parse_period
from ipcity.plan.entry import check_enterable, check_period, check_value
from ipcity.plan.model import Plan
from ipcity.io.sheets import FORMULA_MARK, HEADERS, SheetRows, open_rows
from ipcity.store import NewObservation
from ipcity.base.text import has_control, visible
from ipcity.base.units import MONEY, has_unit, parse_figure, parse_value

# a cumulative cell: yes (a year-to-date figure), no (the period's own amount), empty (the default)
YES = ("true", "yes", "y", "1", "是", "累计", "cumulative")
NO = ("false", "no", "n", "0", "否", "当期", "period")
__all__ = ["HEADERS", "RowError", "RowParser", "SheetRows", "open_rows"]

IGNORED = ("name", "名称", "recorded_at", "recorded_by", "version", "change", "导入", "说明")
FORMULA_START = ("=",)  # =HYPERLINK(...), =1+1: never taken as a value


@dataclass
class RowError:
    row: int
    column: str
    value: str
    reason: str

    def __str__(self) -> str:
        return f"row {self.row}, {self.column} '{self.value}': {self.reason}"


class RowParser:
    """Turns one row's texts into a NewObservation, with the plan's keys, names and regions."""

    def __init__(self, plan: Plan, cumulative: bool | None = None, unit: str | None = None):
        """`unit`: the unit of every value without one (`ipcity import --unit 亿元`)."""
        self.plan = plan
        self.cumulative = cumulative  # --cumulative: rows without a cumulative cell are year-to-date figures
        self.unit = unit
        self.indicators = {i.key: i for i in plan.indicators} | {i.name: i for i in plan.indicators}
        self.regions = {r.name: r.name for r in plan.regions} | {a: r.name for r in plan.regions for a in r.aliases}
        self.city = plan.top_region.name
        self.today = date.today()
        self.refused: dict[str, str] = {}  # indicator text -> why it cannot be entered ("" if it can)

    def parse(self, number: int, cells: dict[str, str]) -> NewObservation | RowError:
        for column, text in cells.items():
            if column == "unit" and text.startswith(FORMULA_MARK):
                continue  # an older template showed the base unit by a lookup formula: not a unit typed
            if text.startswith(FORMULA_MARK):
                return RowError(number, column, text.removeprefix(FORMULA_MARK), "is a formula; paste the value instead")
            if column in HEADERS and text[:1] in FORMULA_START:
                return RowError(number, column, text, "looks like a spreadsheet formula; ipcity takes plain values")
            if has_control(text):
                return RowError(number, column, visible(text), "contains a control character (shown as ␀, ␛ ...); "
                                "type the cell again as plain text")
        key = cells.get("indicator", "")
        refused = self.refused.get(key)
        if refused is None:
            try:
                check_enterable(self.plan, self.indicators.get(key) or self.plan.indicator(key))
                refused = ""
            except InputError as error:
                refused = str(error)
            self.refused[key] = refused
        if refused:
            return RowError(number, "indicator", key, refused)
        indicator = self.indicators.get(key) or self.plan.indicator(key)
        region_text = cells.get("region", "") or self.city
        region = self.regions.get(region_text)
        if region is None:
            names = "、".join(r.name for r in self.plan.regions)
            return RowError(number, "region", region_text, f"unknown region; the plan's regions are {names}")
        try:
            period = check_period(_period(cells.get("period", "")), self.today)
        except InputError as error:
            return RowError(number, "period", cells.get("period", ""), str(error))
        text = cells.get("value", "")
        unit = cells.get("unit", "")
        unit = "" if unit.startswith(FORMULA_MARK) else unit
        try:
            value = check_value(self.plan, indicator, _value(text, indicator.unit, unit or self.unit or "",
                                                             indicator.input_unit or "", indicator.range))
        except InputError as error:
            return RowError(number, "value", text, str(error))
        flag = cells.get("cumulative", "").strip().lower()
        if flag and flag not in YES + NO:
            return RowError(number, "cumulative", flag,
                            "expected true (a year-to-date 累计 figure) or false (the period's own amount)")
        try:
            cumulative = indicator.cumulative(flag in YES if flag else self.cumulative)
        except InputError as error:
            return RowError(number, "cumulative", flag or "--cumulative", str(error))
        return NewObservation(indicator.key, region, period, value, cells.get("source") or None, cells.get("note") or None,
                              cumulative)


_EXCEL_DATE = re.compile(r"^(\d{4})-(\d{2})-\d{2}$")


@lru_cache(maxsize=4096)
def _period(text: str) -> Period:
    if match := _EXCEL_DATE.match(text):  # a date cell (or a typed date): its month
        return parse_period(f"{match.group(1)}-{match.group(2)}")
    return parse_period(text)


@lru_cache(maxsize=65536)
def _value(text: str, base: str, unit: str, input_unit: str, bounds: tuple | None = None) -> float:
    """A cell's figure in the base unit. A money cell without a unit of its own takes the
    row's unit column, the header's unit or --unit; with none of these it is refused."""
    if unit and not has_unit(text) and text.strip():
        text = text.strip() + unit
    if base == MONEY and text.strip() and not has_unit(text) and not input_unit and parse_value(text, base) != 0:
        raise InputError(f"an amount of money without a unit (is it {text.strip()}亿元 or {text.strip()}万元?)",
                         "write the unit in the cell (2.35亿元), in a 单位 column, in the header (数值（亿元）) "
                         "or give --unit 亿元")
    return parse_figure(text, base, input_unit=input_unit or None, bounds=bounds)
