"""Read a spreadsheet file (CSV, XLSX, or JSON written by `ipcity export`) as rows of text,
within the limits of `ipcity.base.limits`: every row is (its number in the file, {column: text}).

Nothing here knows indicators or the database; `ipcity.io.importer` turns the rows into
figures. A file that breaks a limit, is not what its extension says, or changes its text
encoding half way is refused with one line that names the cause and the fix."""

from __future__ import annotations

import csv
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from ipcity.base import limits
from ipcity.base.errors import IpcityError

# canonical column -> the headers accepted for it (compared without case and spaces)
HEADERS = {
    "indicator": ("indicator", "key", "指标", "指标代码", "指标名称"),
    "region": ("region", "地区", "区域", "县区"),
    "period": ("period", "期间", "时间", "统计期"),
    "value": ("value", "数值", "数据", "值"),
    "source": ("source", "来源", "数据来源"),
    "note": ("note", "备注"),
    "cumulative": ("cumulative", "累计", "是否累计"),
    "unit": ("unit", "单位"),
}
REQUIRED = ("indicator", "period", "value")
HEADER_SEARCH_ROWS = 10  # the header row may follow a title or an instructions row
HEADER_SEARCH_COLUMNS = 64
RESAVE = "save it again as CSV UTF-8 (in Excel: 另存为 → CSV UTF-8)"


@dataclass
class SheetRows:
    """The rows of a file: (row number in the file, {column: text}) and a size for progress."""

    rows: Iterator[tuple[int, dict[str, str]]]
    total: int | None  # rows (XLSX) or bytes (CSV) for a progress bar
    by_bytes: bool = False
    position: object = None  # callable giving bytes read so far (CSV)
    unit: str | None = None  # the unit the value column's header names (数值（亿元）)


_HEADER_UNIT = re.compile(r"^(.*?)[（(]\s*(?:单位\s*[:：]\s*)?([^）)]+?)\s*[）)]$")


def _split_header(header: object) -> tuple[str, str | None]:
    """A header and the unit it names: 数值（亿元） and 数值(单位：万元) are the value column in 亿元, 万元."""
    text = str(header or "").strip()
    if match := _HEADER_UNIT.match(text):
        return match.group(1), match.group(2).strip()
    return text, None


def header_unit(cells: list[object], mapping: dict[int, str]) -> str | None:
    """The unit the value column's header names, if any."""
    return next((_split_header(cells[i])[1] for i, col in mapping.items() if col == "value" and i < len(cells)), None)


def _canonical(header: object) -> str | None:
    text = _split_header(header)[0].lower().replace(" ", "").replace("_", "")
    for column, names in HEADERS.items():
        if text in (n.replace("_", "") for n in names):
            return column
    return None


def _header_map(cells: list[object]) -> dict[int, str] | None:
    found = {i: c for i, cell in enumerate(cells) if (c := _canonical(cell))}
    columns = set(found.values())
    return found if len(columns) >= 2 and "indicator" in columns else None


def _require(mapping: dict[int, str], path: Path) -> None:
    missing = [c for c in REQUIRED if c not in mapping.values()]
    if missing:
        raise IpcityError(f"{path.name} lacks the column{'s' if len(missing) > 1 else ''} {', '.join(missing)}",
                          "add it (headers: indicator, region, period, value, source, note)")


def _no_header(path: Path, what: str = "header row") -> IpcityError:
    return IpcityError(f"{path.name} has no {what} with the columns {', '.join(REQUIRED)}",
                       "use the headers indicator, region, period, value, source, note (or 指标, 地区, 期间, 数值, 来源, 备注)")


def _counted(rows: Iterator[tuple[int, dict[str, str]]], name: str) -> Iterator[tuple[int, dict[str, str]]]:
    """The rows, refusing the file once it has more than `limits.ROWS` of them."""
    for count, row in enumerate(rows, start=1):
        if count > limits.ROWS:
            raise limits.too_many_rows(name)
        yield row


def open_rows(path: Path) -> SheetRows:
    if path.is_dir():
        raise IpcityError(f"{path} is a folder, not a file", "give the path of a .csv or .xlsx file")
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


# --- JSON -------------------------------------------------------------------------------


def _json_rows(path: Path) -> SheetRows:
    """What `ipcity export --format json` writes: {"observations": [{indicator, region, ...}]}."""
    import json

    limits.check_file_size(path, "json")
    not_ours = IpcityError(f"{path.name} is not an ipcity export", "import JSON written by `ipcity export --format json`")
    try:
        text = _read_bytes(path).decode("utf-8-sig")
        # before parsing: a list and a mapping cost Python about 60 bytes each, a value 8 or more;
        # a file of empty ones would take gigabytes. A record has about ten values.
        if text.count("{") + text.count("[") > limits.ROWS + 16 or text.count(",") > 16 * limits.ROWS:
            raise limits.too_many_rows(path.name)
        data = json.loads(text)
    except RecursionError:
        raise limits.too_deep(path.name) from None
    except (ValueError, UnicodeDecodeError):
        raise not_ours from None
    items = data.get("observations") if isinstance(data, dict) else data
    if not isinstance(items, list):
        raise not_ours
    if len(items) > limits.ROWS:
        raise limits.too_many_rows(path.name)

    def rows():
        for number, item in enumerate(items, start=1):
            if not isinstance(item, dict):
                continue
            cells = {}
            for key in HEADERS:
                value = item.get(key)
                if isinstance(value, (dict, list)):
                    raise IpcityError(f"{path.name} record {number}: {key} is a {type(value).__name__}, not a value",
                                      "import JSON written by `ipcity export --format json`")
                text = "" if value is None else str(value).strip()
                if len(text) > limits.CELL_CHARS:
                    raise limits.too_long(f"{path.name} record {number}, {key}", len(text))
                cells[key] = text
            yield number, cells

    return SheetRows(rows(), len(items))


def _read_bytes(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        raise IpcityError(f"cannot read {path} ({exc.strerror})", "check the file's permissions") from None


# --- CSV --------------------------------------------------------------------------------


class _Lines:
    """A CSV file's lines as text. The encoding is found per file from its first line that is
    not plain ASCII: UTF-8 (with or without a BOM), else GB18030 (what Excel on Chinese
    Windows saves). A later line in the other encoding is refused with its number: decoding
    it as the first would import mojibake."""

    def __init__(self, handle, name: str):
        self.handle = handle
        self.name = name
        self.number = 0
        self.encoding: str | None = None
        self.first_at = 0

    def __iter__(self) -> Iterator[str]:
        read = self.handle.readline
        while raw := read(limits.LINE_BYTES + 1):
            self.number += 1
            if len(raw) > limits.LINE_BYTES:
                raise IpcityError(f"{self.name} line {self.number} is longer than {limits.size(limits.LINE_BYTES)}, "
                                  "the limit for one line",
                                  "check that the file is a CSV sheet; a line holds one row")
            if self.number == 1 and raw.startswith(b"\xef\xbb\xbf"):
                raw = raw[3:]
                self.encoding, self.first_at = "utf-8", 1
            yield raw.decode("ascii") if raw.isascii() else self._decode(raw)

    def _decode(self, raw: bytes) -> str:
        try:
            text, utf8 = raw.decode("utf-8"), True
        except UnicodeDecodeError:
            text, utf8 = None, False
        if self.encoding is None:
            self.encoding, self.first_at = ("utf-8" if utf8 else "gb18030"), self.number
        if self.encoding == "utf-8":
            if not utf8:
                raise self._switched("is not UTF-8")
            return text
        if utf8 and any("\u4e00" <= c <= "\u9fff" for c in text):  # Chinese written as UTF-8
            raise self._switched("is UTF-8")
        try:
            return raw.decode("gb18030")
        except UnicodeDecodeError:
            raise IpcityError(f"{self.name} line {self.number} is neither UTF-8 nor GBK text", RESAVE) from None

    def _switched(self, how: str) -> IpcityError:
        first = "UTF-8" if self.encoding == "utf-8" else "GBK"
        return IpcityError(f"{self.name} changes its encoding at line {self.number}: that line {how}, "
                           f"line {self.first_at} is {first}", f"the file mixes two encodings; {RESAVE}")


def _csv_rows(path: Path) -> SheetRows:
    size = limits.check_file_size(path, "csv")
    try:
        handle = open(path, "rb")  # noqa: SIM115 - closed when the rows are read
    except OSError as exc:
        raise IpcityError(f"cannot read {path} ({exc.strerror})", "check the file's permissions") from None
    head = handle.read(65536)
    handle.seek(0)
    if not head.strip():
        handle.close()
        raise IpcityError(f"{path.name} is empty", "fill in the template (`ipcity template`) and try again")
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        handle.close()
        raise IpcityError(f"{path.name} is UTF-16 text (Excel's 'Unicode text')", RESAVE)
    lines = _Lines(handle, path.name)
    csv.field_size_limit(limits.CELL_CHARS)
    reader = csv.reader(lines)

    def read():
        try:
            yield from reader
        except csv.Error as exc:
            handle.close()
            if "field limit" in str(exc):
                raise limits.too_long(f"{path.name} line {reader.line_num}", limits.CELL_CHARS + 1) from None
            raise IpcityError(f"{path.name} line {reader.line_num} is not valid CSV ({exc})", RESAVE) from None
        except BaseException:
            handle.close()
            raise

    cells_read = read()
    mapping, header = None, []
    for number, header in enumerate(cells_read, start=1):
        mapping = _header_map(header)
        if mapping or number >= HEADER_SEARCH_ROWS:
            break
    if not mapping:
        handle.close()
        raise _no_header(path)
    _require(mapping, path)

    def rows():
        with handle:
            for cells in cells_read:
                if not any(c.strip() for c in cells):
                    continue
                yield reader.line_num, {col: cells[i].strip() if i < len(cells) else "" for i, col in mapping.items()}

    return SheetRows(_counted(rows(), path.name), size, by_bytes=True,
                     position=lambda: handle.tell() if not handle.closed else size, unit=header_unit(header, mapping))


# --- XLSX -------------------------------------------------------------------------------


def _check_zip(path: Path) -> None:
    """Refuse an .xlsx whose parts would expand past the limits, or that declares XML
    entities, before any of it is parsed. The sizes are the ones the zip declares; reading
    never goes past them (zipfile stops at the declared size)."""
    import zipfile
    import zlib

    unreadable = IpcityError(f"{path.name} is not a readable .xlsx file", "open it in Excel and save it again as .xlsx")
    try:
        with zipfile.ZipFile(path) as archive:
            parts = archive.infolist()
            total = 0
            for part in parts:
                total += part.file_size
                strings = part.filename.lower().endswith("sharedstrings.xml")
                limit = limits.XLSX_STRINGS if strings else limits.XLSX_PART
                if part.file_size > limit:
                    raise IpcityError(f"{path.name} expands to {limits.size(part.file_size)} in {part.filename}, over the "
                                      f"{limits.size(limit)} limit for {'the shared strings' if strings else 'one part'}",
                                      "split the sheet into smaller files")
            if total > limits.XLSX_EXPANDED:
                raise IpcityError(f"{path.name} expands to {limits.size(total)}, over the {limits.size(limits.XLSX_EXPANDED)} "
                                  "limit for an .xlsx file", "split the sheet into smaller files")
            for part in parts:
                if part.filename.lower().endswith((".xml", ".rels", ".vml")):
                    with archive.open(part) as member:
                        head = member.read(4096).replace(b"\x00", b"").upper()
                    if b"<!DOCTYPE" in head or b"<!ENTITY" in head:
                        raise IpcityError(f"{path.name} declares XML entities in {part.filename}, which Excel never writes",
                                          "open it in Excel and save it again as .xlsx")
    except (zipfile.BadZipFile, zipfile.LargeZipFile, zlib.error, EOFError, NotImplementedError, ValueError,
            RuntimeError, UnicodeDecodeError):
        raise unreadable from None
    except OSError as exc:
        if exc.strerror:
            raise IpcityError(f"cannot read {path} ({exc.strerror})", "check the file's permissions") from None
        raise unreadable from None


def _xlsx_rows(path: Path) -> SheetRows:
    limits.check_file_size(path, "xlsx")
    _check_zip(path)
    from openpyxl import load_workbook

    def unreadable(exc: Exception) -> IpcityError:
        return IpcityError(f"{path.name} is not a readable .xlsx file ({type(exc).__name__}: {exc})"[:300],
                           "open it in Excel and save it again as .xlsx")

    try:
        book = load_workbook(path, read_only=True, data_only=False)
    except IpcityError:
        raise
    except Exception as exc:
        raise unreadable(exc) from None
    sheets = []
    try:
        for sheet in book.worksheets:
            mapping, header_row, unit = None, 0, None
            found = sheet.iter_rows(max_row=HEADER_SEARCH_ROWS, max_col=HEADER_SEARCH_COLUMNS, values_only=True)
            for number, cells in enumerate(found, start=1):
                if mapping := _header_map([_limited(c, path, number) for c in cells]):
                    header_row, unit = number, header_unit(list(cells), mapping)
                    break
            if mapping:
                sheets.append((sheet, mapping, header_row, unit))
    except IpcityError:
        book.close()
        raise
    except Exception as exc:
        book.close()
        raise unreadable(exc) from None
    complete = [s for s in sheets if set(REQUIRED) <= set(s[1].values())]
    if not complete:  # sheets such as the template's list of indicators are skipped
        book.close()
        if sheets:
            _require(sheets[0][1], path)
        raise _no_header(path, "sheet")
    sheets = complete

    def rows():
        try:
            for sheet, mapping, header_row, unit in sheets:
                default_region = sheet.title if "region" not in mapping.values() else None
                found = sheet.iter_rows(min_row=header_row + 1, max_row=limits.SHEET_ROWS, max_col=max(mapping) + 1)
                for number, row in enumerate(found, start=header_row + 1):
                    cells = {col: _cell_text(row[i] if i < len(row) else None, path, number) for i, col in mapping.items()}
                    if not any(v for v in cells.values()):
                        continue
                    if default_region is not None:
                        cells["region"] = default_region
                    if unit and not cells.get("unit"):
                        cells["unit"] = unit
                    yield number, cells
        except IpcityError:
            raise
        except Exception as exc:
            raise unreadable(exc) from None
        finally:
            book.close()

    total = sum(max(0, min(s.max_row or 0, limits.SHEET_ROWS) - h) for s, _, h, _ in sheets) or None
    return SheetRows(_counted(rows(), path.name), total)


def _limited(value: object, path: Path, row: int) -> object:
    if isinstance(value, str) and len(value) > limits.CELL_CHARS:
        raise limits.too_long(f"{path.name} row {row}", len(value))
    return value


FORMULA_MARK = "\x00formula:"  # a formula cell's text: never taken as a value


def _cell_text(cell, path: Path, row: int) -> str:
    if cell is None or cell.value is None:
        return ""
    if cell.data_type == "f":
        return FORMULA_MARK + str(cell.value)[: limits.CELL_CHARS]
    value = _limited(cell.value, path, row)
    if isinstance(value, (datetime, date)):  # Excel made a typed 2024-12 a date: the month is meant
        return f"{value:%Y-%m-%d}"
    if isinstance(value, str) and value.startswith("="):  # a text cell, not a formula: read as a CSV
        return "'" + value.strip()  # export writes it, neutralised
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()
