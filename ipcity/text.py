"""Text that came from a user or a plan, made safe for where it goes. Spreadsheets run a
cell that starts with = + - @ (or a tab or carriage return) as a formula; every CSV and
XLSX writer passes text through `safe_cell`."""

from __future__ import annotations

from typing import Any

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: Any) -> Any:
    """Neutralise text that a spreadsheet would run as a formula (numbers pass unchanged)."""
    if isinstance(value, str) and value[:1] in FORMULA_START:
        return "'" + value
    return value
