"""Numbers as people write them in Chinese reports, and numbers as tables show them.

Input: `3600`, `3,600`, `3600件`, `6.8万`, `6.8万件`, `1亿元`, `35亿元`, `300万元`, `8.2`.
万 = 1e4, 亿 = 1e8. Values are stored in the indicator's base unit (件, 元, 人, 项, 分).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from ipcity.errors import InputError

MULTIPLIERS = {"": Decimal(1), "千": Decimal(1000), "万": Decimal(10_000), "亿": Decimal(100_000_000)}

# Unit words a value may carry, and the base unit each belongs to.
UNIT_WORDS = {"件": "件", "元": "元", "人": "人", "项": "项", "个": "项", "分": "分", "家": "家", "次": "次"}

LARGEST = Decimal(10) ** 15  # 1000万亿: no city figure comes near it; a typo does

BASE_UNITS = ("件", "元", "人", "项", "分", "家", "次")

_NUMBER = re.compile(r"^([+-]?(?:\d+(?:\.\d*)?|\.\d+))(千|万|亿)?(.*)$")
_SEPARATORS = str.maketrans("", "", ",，  _")
_GROUPED = re.compile(r"^[+-]?\d{1,3}([,，]\d{3})+(\.\d*)?\s*[^\d,，.]*$")


def parse_value(text: str, unit: str) -> float:
    """Parse a figure for an indicator whose base unit is `unit`; return it in that unit."""
    raw = str(text).strip()
    if ("," in raw or "，" in raw) and not _GROUPED.match(raw):
        raise InputError(f"'{raw}' is not a number", "commas may only group thousands, as in 3,600 or 1,234,567")
    cleaned = raw.translate(_SEPARATORS)
    match = _NUMBER.match(cleaned)
    if not match:
        raise InputError(
            f"'{raw}' is not a number",
            f"write it like 3600, 3,600, 6.8万 or 6.8万{unit}",
        )
    number, multiplier, suffix = match.groups()
    suffix = suffix.strip()
    if suffix:
        belongs_to = UNIT_WORDS.get(suffix)
        if belongs_to is None:
            raise InputError(
                f"'{raw}' has an unknown unit '{suffix}'",
                f"this indicator is counted in {unit}: write e.g. 6.8万{unit} or a plain number",
            )
        if belongs_to != unit:
            raise InputError(
                f"'{raw}' is in {suffix}, but this indicator is counted in {unit}",
                f"write the figure in {unit} (for example 1亿{unit}, 300万{unit} or a plain number)",
            )
    try:
        value = Decimal(number) * MULTIPLIERS[multiplier or ""]
    except InvalidOperation:  # pragma: no cover - the regex admits only valid decimals
        raise InputError(f"'{raw}' is not a number", "write it like 3600 or 6.8万") from None
    if value < 0:
        raise InputError(f"'{raw}' is negative", "counts and amounts cannot be below zero")
    if value > LARGEST:
        raise InputError(f"'{raw}' is too large to be a city's figure", f"check the digits and the unit ({unit})")
    return float(value)


@dataclass(frozen=True)
class DisplayUnit:
    """How a column of figures is shown: 亿元 with two decimals, 件 as whole numbers, ..."""

    label: str
    factor: float
    decimals: int

    def format(self, value: float | None, signed: bool = False) -> str:
        if value is None:
            return "—"
        scaled = value / self.factor
        decimals = self.decimals
        text = f"{scaled:{'+' if signed else ''},.{decimals}f}"
        return "0" if text in ("-0", "+0") else text


def display_unit(unit: str, magnitude: float | None, fractional: bool = False) -> DisplayUnit:
    """Pick the display unit that reads best for figures around `magnitude`."""
    size = abs(magnitude or 0)
    if unit == "元":
        if size >= 1e8:
            return DisplayUnit("亿元", 1e8, 2)
        if size >= 1e4:
            return DisplayUnit("万元", 1e4, 2)
        return DisplayUnit("元", 1, 0)
    if unit == "人" and size >= 1e4:
        return DisplayUnit("万人", 1e4, 2)
    return DisplayUnit(unit, 1, 2 if fractional else 0)


def format_share(share: float | None) -> str:
    return "—" if share is None else f"{share * 100:.1f}%"
