"""Plan data that remembers where it was written: a mapping or list read from YAML carries
the line of itself, of each key and of each item, so that every problem can name its line.
No yaml here: the plan rebuilt from the database passes plain dicts and lists."""

from __future__ import annotations


class LineDict(dict):
    line: int | None = None
    key_lines: dict


class LineList(list):
    line: int | None = None
    item_lines: list
