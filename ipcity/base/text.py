"""Text that came from a user or a plan, made safe for where it goes.

- On the way in, `check_text` refuses control characters (NUL, escape sequences, ...):
  they are never part of a figure's source or note, and they could drive a terminal.
- On a terminal, `visible` shows any control character that is there anyway as a symbol
  (␛ for escape), so text is printed as it is, never run; renderers also print it as Rich
  `Text`, never as markup.
- Spreadsheets run a cell that starts with = + - @ (or a tab or carriage return) as a
  formula; every CSV and XLSX writer passes text through `safe_cell`.
"""

from __future__ import annotations

import re
from typing import Any

from ipcity.base.errors import InputError
from ipcity.base.limits import CELL_CHARS

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")  # every control character but tab and newline


def _picture(match: re.Match) -> str:
    code = ord(match.group())
    if code < 0x20:
        return chr(0x2400 + code)  # ␀ ... ␟
    return "␡" if code == 0x7F else f"\\x{code:02x}"


def visible(text: object) -> str:
    """`text` with every control character (but tab and newline) shown as a symbol."""
    return _CONTROL.sub(_picture, str(text))


def has_control(text: str) -> bool:
    return _CONTROL.search(text) is not None


def check_text(value: str | None, what: str) -> str | None:
    """Refuse text with control characters (a NUL, an escape sequence) or longer than a cell
    may be (`limits.CELL_CHARS`, as in an imported file); return it unchanged."""
    if value is not None and len(value) > CELL_CHARS:
        raise InputError(f"{what} holds {len(value):,} characters, over the limit of {CELL_CHARS:,}",
                         "shorten it: a source or a note is a few sentences")
    if value is not None and (found := _CONTROL.search(value)):
        raise InputError(f"{what} contains the control character U+{ord(found.group()):04X} ({visible(value)})",
                         "type it again as plain text")
    return value

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: Any) -> Any:
    """Neutralise text that a spreadsheet would run as a formula (numbers pass unchanged)."""
    if isinstance(value, str) and value[:1] in FORMULA_START:
        return "'" + value
    return value
