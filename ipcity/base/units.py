"""Numbers as people write them in Chinese reports, and numbers as tables show them.

A plan declares each indicator's unit. Counts (件, 个, 家, 项, 次, 人, 户) and money (元)
take 万 (1e4), 亿 (1e8) and 千: `3600`, `3,600`, `3600件`, `6.8万件`, `1亿元`, `300万元`.
Percentages (`%`) are stored as the number of percent: `22%` and `22` are both 22.
Durations (天, 月) and scores (分) are plain numbers with their unit: `60天`, `85.5分`.
Any other declared unit (吨, 平方米, 倍 ...) is a plain unit: the number, with or without
the unit, with 万/亿 allowed. Values are stored in the declared unit.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from ipcity.base.errors import InputError

MULTIPLIERS = {"": Decimal(1), "千": Decimal(1000), "万": Decimal(10_000), "亿": Decimal(100_000_000)}

COUNT_UNITS = ("件", "个", "家", "项", "次", "人", "户")
MONEY_UNITS = ("元",)
PERCENT_UNITS = ("%",)
DURATION_UNITS = ("天", "月")
SCORE_UNITS = ("分",)
KNOWN_UNITS = COUNT_UNITS + MONEY_UNITS + PERCENT_UNITS + DURATION_UNITS + SCORE_UNITS
BASE_UNITS = KNOWN_UNITS  # the units a plan may name without declaring a plain unit of its own

# Other ways a figure may write a known unit.
SYNONYMS = {"项": ("项", "个"), "个": ("个", "项"), "%": ("%", "％"), "天": ("天", "日"), "月": ("个月", "月")}

LARGEST = Decimal(10) ** 15  # 1000万亿: no city figure comes near it; a typo does

_NUMBER = re.compile(r"^([+-]?(?:\d+(?:\.\d*)?|\.\d+))(.*)$")
_SEPARATORS = str.maketrans("", "", ",，  _")
_GROUPED = re.compile(r"^[+-]?\d{1,3}([,，]\d{3})+(\.\d*)?\s*[^\d,，.]*$")
_UNIT_TEXT = re.compile(r"^[^\s\d.,，+\-]{1,10}$")


def unit_family(unit: str) -> str:
    """count, money, percent, duration, score or plain (a unit the plan declares itself)."""
    for family, units in (("count", COUNT_UNITS), ("money", MONEY_UNITS), ("percent", PERCENT_UNITS),
                          ("duration", DURATION_UNITS), ("score", SCORE_UNITS)):
        if unit in units:
            return family
    return "plain"


def scalable(unit: str) -> bool:
    """Whether a figure in this unit may be written with 万/亿 (counts, money, plain units)."""
    return unit_family(unit) in ("count", "money", "plain")


def additive(unit: str) -> bool:
    """Whether figures in this unit add up across regions (not rates, durations or scores)."""
    return unit_family(unit) in ("count", "money", "plain")


def unit_problem(unit: str) -> str | None:
    """Why `unit` cannot be a plan's unit, or None. Used by the plan check."""
    if not _UNIT_TEXT.match(unit):
        return f"expected a unit word such as 件, 元, %, 天 or 分 (no digits or spaces), got {unit!r}"
    for prefix in ("万", "亿", "千"):
        if unit.startswith(prefix) and unit[1:] in KNOWN_UNITS:
            return (f"declare the base unit {unit[1:]!r}, not {unit!r}: figures are stored in {unit[1:]} "
                    f"and {unit} is accepted when they are typed")
    if unit == "％":
        return "write the percent sign as ASCII '%'"
    return None


def _words(unit: str) -> tuple[str, ...]:
    """The spellings of `unit` a figure may carry, longest first."""
    return tuple(sorted(SYNONYMS.get(unit, (unit,)), key=len, reverse=True))


def _owner(suffix: str) -> str | None:
    """The known unit a suffix (without multiplier) names, if any."""
    for unit in KNOWN_UNITS:
        if suffix in _words(unit):
            return unit
    return None


def _example(unit: str) -> str:
    if unit_family(unit) == "money":
        return f"1亿{unit}, 300万{unit}"
    return f"6.8万{unit}" if scalable(unit) else f"22{unit}"


def describe_range(bounds: tuple[float | None, float | None]) -> str:
    low, high = bounds
    if low is not None and high is not None:
        return f"{low:g}–{high:g}"
    return f"at least {low:g}" if low is not None else f"at most {high:g}"


def parse_value(text: str, unit: str, bounds: tuple[float | None, float | None] | None = None) -> float:
    """Parse a figure for an indicator declared in `unit`; return it in that unit.

    `bounds` is the indicator's declared range (low, high), either end None for open; a
    figure outside it is refused with the range. Without a range below zero, a negative
    figure is refused."""
    raw = str(text).strip()
    if ("," in raw or "，" in raw) and not _GROUPED.match(raw):
        raise InputError(f"'{raw}' is not a number", "commas may only group thousands, as in 3,600 or 1,234,567")
    cleaned = raw.translate(_SEPARATORS)
    match = _NUMBER.match(cleaned)
    example = _example(unit)
    if not match:
        raise InputError(f"'{raw}' is not a number", f"write it like 3600, 3,600, {example.split(',')[0]} "
                         "or a plain number")
    number, suffix = match.group(1), match.group(2).strip()
    rest = next((suffix[: -len(w)].strip() for w in _words(unit) if suffix.endswith(w)), suffix)
    multiplier = ""
    if rest in ("千", "万", "亿") and scalable(unit):
        multiplier, rest = rest, ""
    if rest:
        bare = rest[1:] if rest[:1] in ("千", "万", "亿") and rest[1:] else rest
        owner = _owner(bare)
        if owner is not None and owner != unit:
            raise InputError(f"'{raw}' is in {bare}, but this indicator is counted in {unit}",
                             f"write the figure in {unit} (for example {example} or a plain number)")
        if rest in ("千", "万", "亿"):
            raise InputError(f"'{raw}' cannot be scaled: {unit} is written as a plain number",
                             f"write it like {example}")
        raise InputError(f"'{raw}' has an unknown unit '{rest}'",
                         f"this indicator is counted in {unit}: write e.g. {example} or a plain number")
    try:
        value = Decimal(number) * MULTIPLIERS[multiplier]
    except InvalidOperation:  # pragma: no cover - the regex admits only valid decimals
        raise InputError(f"'{raw}' is not a number", "write it like 3600 or 6.8万") from None
    low, high = bounds if bounds is not None else (None, None)
    if value < 0 and low is None:
        raise InputError(f"'{raw}' is negative", "counts, amounts, rates and durations cannot be below zero")
    if value > LARGEST:
        raise InputError(f"'{raw}' is too large to be a city's figure", f"check the digits and the unit ({unit})")
    if (low is not None and value < Decimal(str(low))) or (high is not None and value > Decimal(str(high))):
        raise InputError(f"'{raw}' is outside the range {describe_range((low, high))} declared for this indicator",
                         f"check the figure; it is counted in {unit}")
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
        if round(scaled, decimals + EXTRA_DECIMALS) == round(scaled, decimals + EXTRA_DECIMALS + 6):
            decimals = significant_decimals(scaled, decimals, decimals + EXTRA_DECIMALS)
        text = f"{scaled:{'+' if signed else ''},.{decimals}f}"
        return "0" if text in ("-0", "+0") else text


# A figure written with a decimal or two more than its column shows keeps them (3,300.5 is
# not 3,300); a computed one (3,299.5912...) is rounded to the column.
EXTRA_DECIMALS = 2


def significant_decimals(number: float, least: int, most: int) -> int:
    """The fewest decimals (at least `least`, at most `most`) that show `number` as it is
    rounded to `most` places: 3300.5 needs 1, 3300.0 needs none, 1.2345 needs 4."""
    exact = round(number, most)
    for places in range(least, most):
        if round(number, places) == exact:
            return places
    return most


def display_unit(unit: str, magnitude: float | None, fractional: bool = False) -> DisplayUnit:
    """Pick the display unit that reads best for figures around `magnitude`."""
    size = abs(magnitude or 0)
    if unit == "元":
        if size >= 1e8:
            return DisplayUnit("亿元", 1e8, 2)
        return DisplayUnit("万元", 1e4, 2)  # money is never shown in 元: 5000元 reads 0.50万元
    if unit == "人" and size >= 1e4:
        return DisplayUnit("万人", 1e4, 2)
    if unit in PERCENT_UNITS:
        return DisplayUnit(unit, 1, 1)
    return DisplayUnit(unit, 1, 2 if fractional else 0)


def format_share(share: float | None) -> str:
    return "—" if share is None else f"{share * 100:.1f}%"


def plain_number(value: float) -> str:
    """A number without its unit, as written by hand: 3,300.5, never 3.3e+03."""
    return f"{value:,.{significant_decimals(value, 0, 6)}f}"


MONEY = "元"
MONEY_INPUT_UNITS = {"亿元": Decimal(100_000_000), "万元": Decimal(10_000), "千元": Decimal(1000), "元": Decimal(1)}


def format_figure(value: float | None, unit: str) -> str:
    """One figure as people write it, with its unit and only its significant decimals:
    1.2亿元, 1,800万元, 3,300.5件, 438万人 — never scientific notation, never money in 元."""
    if value is None:
        return "—"
    if unit == MONEY:
        label, factor, most = ("亿元", 1e8, 4) if abs(value) >= 1e8 else ("万元", 1e4, 4)
    elif unit == "人" and abs(value) >= 1e4:
        label, factor, most = "万人", 1e4, 2
    else:
        label, factor, most = unit, 1, 2
    scaled = value / factor
    text = f"{scaled:,.{significant_decimals(scaled, 0, most)}f}"
    return ("0" if text == "-0" else text) + label


def has_unit(text: str) -> bool:
    """Whether a figure as typed says its size: a unit word (元, 件) or 万/亿/千 after the number."""
    match = _NUMBER.match(str(text).strip().translate(_SEPARATORS))
    return bool(match and match.group(2).strip())


def money_without_unit(text: str, name: str) -> InputError:
    """The refusal of a money figure typed without a unit, with the readings that fit."""
    raw = str(text).strip()
    return InputError(
        f"'{raw}' has no unit, and {name} is an amount of money",
        f"write {raw}亿元 or {raw}万元 (or 元 if you mean yuan); a plan may declare input_unit for plain numbers",
    )


def parse_figure(text: str, unit: str, name: str = "this indicator", input_unit: str | None = None,
                 bounds: tuple[float | None, float | None] | None = None) -> float:
    """`parse_value`, with no silent unit: a money figure must say 亿元, 万元 (or 元), or
    take the indicator's declared `input_unit`; a count may be a plain number."""
    raw = str(text).strip()
    if unit == MONEY and not has_unit(raw) and parse_value(raw, unit) != 0:  # nothing is nothing in any unit
        if input_unit is None:
            raise money_without_unit(raw, name)
        raw = raw + input_unit
    return parse_value(raw, unit, bounds)


def readable_value(value: float, unit: str) -> tuple[str, str]:
    """A value exactly, as text in the unit people write (money in 万元 or 亿元), and that unit:
    what a spreadsheet for people holds and `import` reads back to the same number."""
    label, factor = unit, Decimal(1)
    if unit == MONEY:
        label = "亿元" if abs(value) >= 1e8 else "万元"
        factor = MONEY_INPUT_UNITS[label]
    exact = (Decimal(repr(float(value))) / factor).normalize()
    return f"{exact:f}", label
