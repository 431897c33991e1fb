"""Read the departments' spreadsheets (CSV or XLSX) row by row and turn each row into a
`NewObservation` or a `RowError`. Nothing here touches the database; `Store.import_rows`
writes all rows or none."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Iterator

from ipcity.errors import InputError, IpcityError
from ipcity.periods import Period, parse_period
from ipcity.plan.model import Plan
from ipcity.store import NewObservation
from ipcity.text import has_control, visible
from ipcity.units import parse_value

# canonical column -> the headers accepted for it (compared without case and spaces)
HEADERS = {
    "indicator": ("indicator", "key", "指标", "指标代码", "指标名称"),
    "region": ("region", "地区", "区域", "县区"),
    "period": ("period", "期间", "时间", "统计期"),
    "value": ("value", "数值", "数据", "值"),
    "source": ("source", "来源", "数据来源"),
    "note": ("note", "备注"),
    "cumulative": ("cumulative", "累计", "是否累计"),
}
# a cumulative cell: yes (a year-to-date figure), no (the period's own amount), empty (the default)
YES = ("true", "yes", "y", "1", "是", "累计", "cumulative")
NO = ("false", "no", "n", "0", "否", "当期", "period")
REQUIRED = ("indicator", "period", "value")
IGNORED = ("unit", "单位", "name", "名称", "recorded_at", "recorded_by", "version", "change", "导入", "说明")
HEADER_SEARCH_ROWS = 10  # the header row may follow a title or an instructions row
FORMULA_START = ("=",)  # =HYPERLINK(...), =1+1: never taken as a value


@dataclass
class RowError:
    row: int
    column: str
    value: str
    reason: str

    def __str__(self) -> str:
        return f"row {self.row}, {self.column} '{self.value}': {self.reason}"


@dataclass
class SheetRows:
    """The rows of a file: (row number in the file, {column: text}) and a size for progress."""

    rows: Iterator[tuple[int, dict[str, str]]]
    total: int | None  # rows (XLSX) or bytes (CSV) for a progress bar
    by_bytes: bool = False
    position: object = None  # callable giving bytes read so far (CSV)


def _canonical(header: object) -> str | None:
    text = str(header or "").strip().lower().replace(" ", "").replace("_", "")
    for column, names in HEADERS.items():
        if text in (n.replace("_", "") for n in names):
            return column
    return None


def _header_map(cells: list[object]) -> dict[int, str] | None:
    found = {i: c for i, cell in enumerate(cells) if (c := _canonical(cell))}
    columns = set(found.values())
    return found if len(columns) >= 2 and "indicator" in columns else None


def open_rows(path: Path) -> SheetRows:
    if not path.exists():
        raise IpcityError(f"{path} does not exist", "check the file name")
    suffix = path.suffix.lower()
    if suffix == ".csv":
        return _csv_rows(path)
    if suffix in (".xlsx", ".xlsm"):
        return _xlsx_rows(path)
    if suffix == ".json":
        return _json_rows(path)
    raise IpcityError(f"{path.name} is not a .csv or .xlsx file", "save the sheet as CSV (UTF-8) or Excel .xlsx")


def _json_rows(path: Path) -> SheetRows:
    """What `ipcity export --format json` writes: {"observations": [{indicator, region, ...}]}."""
    import json

    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        items = data["observations"] if isinstance(data, dict) else data
        assert isinstance(items, list)
    except (ValueError, KeyError, AssertionError, UnicodeDecodeError):
        raise IpcityError(f"{path.name} is not an ipcity export", "import JSON written by `ipcity export --format json`") from None
    rows = ((i + 1, {k: str(item.get(k) if item.get(k) is not None else "").strip() for k in HEADERS})
            for i, item in enumerate(items) if isinstance(item, dict))
    return SheetRows(rows, len(items))


def _csv_rows(path: Path) -> SheetRows:
    head = path.read_bytes()[:65536]
    if not head.strip():
        raise IpcityError(f"{path.name} is empty", "fill in the template (`ipcity template`) and try again")
    encoding = "utf-8-sig"
    try:
        head.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        if exc.start < len(head) - 4:  # not just a character cut at the chunk's end
            encoding = "gb18030"  # Excel on Chinese Windows saves CSV in GBK
    handle = open(path, encoding=encoding, newline="")
    reader = csv.reader(handle)
    mapping = None
    for number, cells in enumerate(reader, start=1):
        mapping = _header_map(cells)
        if mapping or number >= HEADER_SEARCH_ROWS:
            break
    if not mapping:
        handle.close()
        raise IpcityError(f"{path.name} has no header row with the columns {', '.join(REQUIRED)}",
                          "use the headers indicator, region, period, value, source, note (or 指标, 地区, 期间, 数值, 来源, 备注)")
    _require(mapping, path)

    def rows():
        with handle:
            for row_number, cells in enumerate(reader, start=reader.line_num + 1):
                row_number = reader.line_num
                if not any(c.strip() for c in cells):
                    continue
                yield row_number, {col: cells[i].strip() if i < len(cells) else "" for i, col in mapping.items()}

    size = path.stat().st_size
    return SheetRows(rows(), size, by_bytes=True, position=lambda: handle.buffer.tell() if not handle.closed else size)


def _xlsx_rows(path: Path) -> SheetRows:
    from openpyxl import load_workbook
    from zipfile import BadZipFile

    try:
        book = load_workbook(path, read_only=True, data_only=False)
    except (BadZipFile, KeyError, OSError, ValueError) as exc:
        raise IpcityError(f"{path.name} is not a readable .xlsx file ({exc})", "open it in Excel and save it again as .xlsx") from None
    sheets = []
    for sheet in book.worksheets:
        mapping, header_row = None, 0
        for number, cells in enumerate(sheet.iter_rows(max_row=HEADER_SEARCH_ROWS, values_only=True), start=1):
            if mapping := _header_map(list(cells)):
                header_row = number
                break
        if mapping:
            sheets.append((sheet, mapping, header_row))
    complete = [s for s in sheets if set(REQUIRED) <= set(s[1].values())]
    if not complete:  # sheets such as the template's list of indicators are skipped
        book.close()
        if sheets:
            _require(sheets[0][1], path)
        raise IpcityError(f"{path.name} has no sheet with the columns {', '.join(REQUIRED)}",
                          "use the template from `ipcity template`, or headers indicator, region, period, value")
    sheets = complete

    def rows():
        try:
            for sheet, mapping, header_row in sheets:
                default_region = sheet.title if "region" not in mapping.values() else None
                for row in sheet.iter_rows(min_row=header_row + 1):
                    cells = {}
                    for i, col in mapping.items():
                        cell = row[i] if i < len(row) else None
                        cells[col] = _cell_text(cell)
                    if not any(v for v in cells.values()):
                        continue
                    if default_region is not None:
                        cells["region"] = default_region
                    number = next((c.row for c in row if getattr(c, "row", None)), header_row + 1)
                    yield number, cells
        finally:
            book.close()

    total = sum(max(0, (s.max_row or 0) - h) for s, _, h in sheets) or None
    return SheetRows(rows(), total)


def _cell_text(cell) -> str:
    if cell is None or cell.value is None:
        return ""
    if cell.data_type == "f":
        return "\x00formula:" + str(cell.value)
    value = cell.value
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _require(mapping: dict[int, str], path: Path) -> None:
    missing = [c for c in REQUIRED if c not in mapping.values()]
    if missing:
        raise IpcityError(f"{path.name} lacks the column{'s' if len(missing) > 1 else ''} {', '.join(missing)}",
                          "add it (headers: indicator, region, period, value, source, note)")


class RowParser:
    """Turns one row's texts into a NewObservation, with the plan's keys, names and regions."""

    def __init__(self, plan: Plan, cumulative: bool | None = None):
        self.plan = plan
        self.cumulative = cumulative  # --cumulative: rows without a cumulative cell are year-to-date figures
        self.indicators = {i.key: i for i in plan.indicators} | {i.name: i for i in plan.indicators}
        self.regions = {r.name: r.name for r in plan.regions} | {a: r.name for r in plan.regions for a in r.aliases}
        self.city = plan.top_region.name
        self.counted = {m.indicator for m in plan.milestones if m.indicator}

    def parse(self, number: int, cells: dict[str, str]) -> NewObservation | RowError:
        for column, text in cells.items():
            if text.startswith("\x00formula:"):
                return RowError(number, column, text.removeprefix("\x00formula:"), "is a formula; paste the value instead")
            if column in HEADERS and text[:1] in FORMULA_START:
                return RowError(number, column, text, "looks like a spreadsheet formula; ipcity takes plain values")
            if has_control(text):
                return RowError(number, column, visible(text), "contains a control character (shown as ␀, ␛ ...); "
                                "type the cell again as plain text")
        key = cells.get("indicator", "")
        indicator = self.indicators.get(key)
        if indicator is None:
            try:
                self.plan.indicator(key)
            except InputError as error:
                return RowError(number, "indicator", key, str(error))
        assert indicator is not None
        if not indicator.recordable:
            return RowError(number, "indicator", key, f"is computed from {indicator.numerator} and {indicator.denominator}; import those instead")
        if indicator.key in self.counted:
            return RowError(number, "indicator", key, "counts the milestones marked done; use `ipcity milestone done`")
        region_text = cells.get("region", "") or self.city
        region = self.regions.get(region_text)
        if region is None:
            names = "、".join(r.name for r in self.plan.regions)
            return RowError(number, "region", region_text, f"unknown region; the plan's regions are {names}")
        try:
            period = _period(cells.get("period", ""))
        except InputError as error:
            return RowError(number, "period", cells.get("period", ""), str(error))
        try:
            value = _value(cells.get("value", ""), indicator.unit, indicator.range)
        except InputError as error:
            return RowError(number, "value", cells.get("value", ""), str(error))
        flag = cells.get("cumulative", "").strip().lower()
        if flag and flag not in YES + NO:
            return RowError(number, "cumulative", flag, "expected true (a year-to-date 累计 figure) or false (the period's own amount)")
        try:
            cumulative = indicator.cumulative(flag in YES if flag else self.cumulative)
        except InputError as error:
            return RowError(number, "cumulative", flag or "--cumulative", str(error))
        return NewObservation(indicator.key, region, period, value, cells.get("source") or None, cells.get("note") or None,
                              cumulative)


@lru_cache(maxsize=4096)
def _period(text: str) -> Period:
    return parse_period(text)


@lru_cache(maxsize=65536)
def _value(text: str, unit: str, bounds: tuple | None) -> float:
    return parse_value(text, unit, bounds)


EXPORT_HEADER = ["indicator", "region", "period", "value", "source", "note", "cumulative"]  # what import reads back


def export_rows(observations, changes: dict[int, str]) -> Iterator[dict]:
    """Rows for `ipcity export`: what import takes back unchanged, plus provenance."""
    for o in observations:
        yield {
            "indicator": o.indicator_key, "region": o.region, "period": o.period, "value": repr(o.value),
            "source": o.source or "", "note": o.note or "", "cumulative": "true" if o.cumulative else "false",
            "recorded_at": o.recorded_at.astimezone().isoformat(timespec="seconds"),
            "recorded_by": o.recorded_by or "", "version": o.version,
            "change": changes.get(o.change_id, "") if o.change_id else "",
        }
