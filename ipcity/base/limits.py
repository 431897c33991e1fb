"""How much a file ipcity reads may hold. Every reader (CSV, XLSX, JSON, the plan's YAML)
checks these before and while it reads, and refuses a file over one of them with one line
that names the limit: a small file can never cost gigabytes or minutes.

The numbers are generous for a city's figures (the README lists them): a department's sheet
has hundreds of rows, a year of every county's figures a few hundred thousand."""

from __future__ import annotations

from pathlib import Path

from ipcity.base.errors import IpcityError

MiB = 1024 * 1024

FILE_BYTES = {"csv": 64 * MiB, "json": 64 * MiB, "xlsx": 32 * MiB, "yaml": 1 * MiB}
XLSX_EXPANDED = 128 * MiB  # the declared uncompressed size of everything in the .xlsx (a zip)
XLSX_PART = 64 * MiB  # one part of it (a sheet: 100,000 rows take about 40 MiB)
XLSX_STRINGS = 16 * MiB  # the shared strings, which are read whole before the first row
LINE_BYTES = 1 * MiB  # one line of a CSV file
CELL_CHARS = 10_000  # one cell or field: a note is a few sentences, never a book
ROWS = 1_000_000  # data rows in one file
NESTING = 32  # levels of lists and mappings in JSON and YAML
SHEET_ROWS = 1_048_576  # Excel's own last row; a row number past it is not a real sheet


def size(number: int) -> str:
    """A byte count as people read it: 64 MiB, 1.5 MiB, 900 KiB."""
    if number >= MiB:
        return f"{number / MiB:g} MiB"
    return f"{number / 1024:g} KiB" if number >= 1024 else f"{number} bytes"


def check_file_size(path: Path, kind: str) -> int:
    """The file's size, refused when it is over the limit for its kind; a file that cannot be
    read is refused with the reason."""
    try:
        found = path.stat().st_size
    except OSError as exc:
        raise IpcityError(f"cannot read {path} ({exc.strerror})", "check the file name and its permissions") from None
    limit = FILE_BYTES[kind]
    if found > limit:
        raise IpcityError(f"{path.name} is {size(found)}, over the {size(limit)} limit for a {kind.upper()} file",
                          "split it into smaller files and import them one by one")
    return found


def too_long(where: str, length: int) -> IpcityError:
    return IpcityError(f"{where} holds {length:,} characters, over the limit of {CELL_CHARS:,} for one cell",
                       "shorten it: a cell holds a figure, a source or a short note")


def too_many_rows(name: str) -> IpcityError:
    return IpcityError(f"{name} has more than {ROWS:,} rows, the limit for one file",
                       "split it into smaller files and import them one by one")


def too_deep(name: str, line: int | None = None) -> IpcityError:
    at = f" at line {line}" if line else ""
    return IpcityError(f"{name} is nested more than {NESTING} levels deep{at}, the limit",
                       "write it as a flat list of records")
