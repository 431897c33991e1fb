"""The one emitter of tabular output. A command builds a `View` (its columns, the cells
people read, the values scripts read, its JSON document) and every format comes from it:
a Rich table for a terminal, or JSON, CSV and Markdown text for stdout or a file. The only
CSV writer of ipcity is here; every text cell goes through `safe_cell`. On a terminal every
text is printed literally (`literal`): never read as Rich markup, control characters shown."""

from __future__ import annotations

import csv
import io
import json
from itertools import chain
from dataclasses import dataclass, field
from typing import Any, TextIO
from collections.abc import Iterable

from ipcity.render.markdown import md_table, md_text
from ipcity.base.text import safe_cell, visible


@dataclass
class Column:
    """A column as people see it; the defaults are Rich's."""

    header: str
    justify: str = "left"
    no_wrap: bool = False
    overflow: str = "fold"  # a cell too long wraps; nothing is cut off silently
    min_width: int | None = None


@dataclass
class View:
    columns: list[Column]
    cells: list[list[str]]  # what people read, one list per row (table, md)
    document: Any = None  # the JSON document
    csv_header: list[str] = field(default_factory=list)  # what scripts read (csv)
    csv_rows: Iterable[list[Any]] = ()
    title: str | None = None
    styles: list[str | None] | None = None  # a Rich style per row
    notes: list[str] = field(default_factory=list)  # lines under the table (table: plain; md: a list)
    footer: list[str] = field(default_factory=list)  # lines under the table in a terminal only


def write_csv(handle: TextIO, header: list[str], rows: Iterable[Iterable[Any]]) -> int:
    """Write a header and rows; None is an empty cell, text is neutralised, numbers stay
    numbers. Returns the number of rows written."""
    writer = csv.writer(handle, lineterminator="\n")
    writer.writerow(header)
    count = 0
    for row in rows:
        writer.writerow(["" if v is None else safe_cell(v) for v in row])
        count += 1
    return count


def write_records(handle: TextIO, records: Iterable[dict], empty_header: list[str]) -> int:
    """Write dicts as CSV, the header from the first one's keys (`empty_header` when there
    are none). Streams: one row in memory at a time."""
    records = iter(records)
    first = next(records, None)
    if first is None:
        return write_csv(handle, empty_header, ())
    return write_csv(handle, list(first), (list(r.values()) for r in chain([first], records)))


def write_json_records(handle: TextIO, key: str, records: Iterable[dict]) -> int:
    """Write `{key: [records]}` as json.dump(..., indent=1) would, byte for byte, one record
    at a time (a big export never sits in memory). Returns the number of records."""
    handle.write(f"{{\n {json.dumps(key)}: [")
    count = 0
    for record in records:
        item = json.dumps(record, ensure_ascii=False, indent=1).replace("\n", "\n  ")
        handle.write(("," if count else "") + "\n  " + item)
        count += 1
    handle.write("\n ]\n}\n" if count else "]\n}\n")
    return count


def csv_text(header: list[str], rows: Iterable[Iterable[Any]]) -> str:
    out = io.StringIO()
    write_csv(out, header, rows)
    return out.getvalue()


def json_text(document: Any) -> str:
    return json.dumps(document, ensure_ascii=False, indent=2)


def markdown_text(view: View) -> str:
    lines = md_table([c.header for c in view.columns], view.cells)
    if view.notes:
        lines += [""] + [f"- {md_text(line)}" for line in view.notes]
    return "\n".join(lines)


def text(view: View, format: str) -> str:
    """The view as JSON, CSV or Markdown text."""
    if format == "json":
        return json_text(view.document)
    if format == "csv":
        return csv_text(view.csv_header, view.csv_rows)
    if format == "md":
        return markdown_text(view)
    raise ValueError(f"no text format {format!r}")


def literal(text: object, style: str | None = None):
    """Text for a Rich console exactly as written: `[red]` stays `[red]`, an escape shows as ␛."""
    from rich.text import Text

    return Text(visible(text), style=style or "")


TABLE_BLOCK = 200  # rows per Rich table: a longer listing is printed block by block, as it goes


def rich_table(view: View, start: int = 0, stop: int | None = None):
    """The view's rows [start:stop] as a Rich table (the title with the first block only)."""
    from rich.table import Table

    title = literal(view.title) if view.title is not None and start == 0 else None
    table = Table(title=title, title_justify="left")
    for c in view.columns:
        table.add_column(literal(c.header), justify=c.justify, no_wrap=c.no_wrap, overflow=c.overflow,
                         min_width=c.min_width)
    stop = len(view.cells) if stop is None else stop
    for index in range(start, stop):
        table.add_row(*(literal(cell) for cell in view.cells[index]), style=view.styles[index] if view.styles else None)
    return table


def print_view(view: View, console) -> None:
    """The view as a Rich table, its notes and footer under it. A long listing goes out in
    blocks of TABLE_BLOCK rows, so the first rows show at once and the cost stays linear."""
    console.print(rich_table(view, 0, min(len(view.cells), TABLE_BLOCK)))
    for start in range(TABLE_BLOCK, len(view.cells), TABLE_BLOCK):
        console.print(rich_table(view, start, min(len(view.cells), start + TABLE_BLOCK)))
    for line in view.notes + view.footer:
        console.print(literal(line))
