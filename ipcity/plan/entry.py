"""The rules every figure obeys, whichever way it comes in (`ipcity record`, `ipcity import`,
any later way): which indicators can be entered, which periods, and which values are
plausible for the indicator's unit. Numbers and periods are parsed by `ipcity.base.units` and
`ipcity.base.periods`; this module only judges what they return, so every entry path refuses
the same things with the same words."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from ipcity.base.errors import InputError
from ipcity.base.periods import Period, parse_period
from ipcity.plan.model import Indicator, Plan
from ipcity.base.units import parse_value, unit_family

# (lowest, highest) a figure in this unit can be when the plan declares no range of its own;
# a population has its own range below
RANGES = {"分": (0, 100), "%": (0, 100)}
POPULATION = (1_000, 200_000_000)  # a county's to more than the largest province's


def check_enterable(plan: Plan, indicator: Indicator) -> None:
    """Refuse an indicator that is computed (a ratio) or counts milestones."""
    if not indicator.recordable:
        raise InputError(
            f"{indicator.key} is computed, not recorded",
            f"record {indicator.numerator} and {indicator.denominator} instead; "
            f"{indicator.key} = {indicator.numerator} / {indicator.denominator} × {indicator.scale:g}",
        )
    if any(m.indicator == indicator.key for m in plan.milestones):
        raise InputError(
            f"{indicator.key} counts the milestones marked done",
            "mark each one with `ipcity milestone done KEY --date D` (see `ipcity milestones`)",
        )


def check_period(period: Period, today: date | None = None) -> Period:
    """Refuse a period that has not started yet: figures are for past periods."""
    if period.start > (today or date.today()):
        raise InputError(f"period {period} has not started yet", "check the year; figures are for past periods")
    return period


def is_population(plan: Plan, indicator: Indicator) -> bool:
    """People that a ratio divides by (the per-10k figure's population)."""
    return indicator.unit == "人" and any(i.denominator == indicator.key for i in plan.indicators)


def check_value(plan: Plan, indicator: Indicator, value: float) -> float:
    """The value, refused when no report could hold it for this indicator: a fraction of a
    count (件, 个, 人, 户 ...; a count a spreadsheet's arithmetic left a hair off a whole
    number is rounded); and, where the plan declares no range, a score or percentage
    outside 0-100 or a population of a handful of people."""
    unit, typed = indicator.unit, value
    if unit_family(unit) == "count" and not value.is_integer():
        whole = round(value)
        if abs(value - whole) > 1e-9 * max(1.0, value):  # 0.7999999999999999万 is a spreadsheet's 8000
            raise InputError(f"{figure_text(value)} {unit} is not a whole number",
                             f"{indicator.name} counts {unit} one by one; check the digits and the unit")
        value = float(whole)
    if indicator.range is not None:  # the plan's own range, checked by parse_value, comes first
        return value
    if unit == "人" and is_population(plan, indicator):
        low, high = POPULATION
        if not low <= value <= high:
            raise InputError(f"{figure_text(typed)} {unit} is not a plausible population for a region",
                             f"a population is between {low:,} and {high:,} {unit}; write it like 438万人")
    elif unit in RANGES:
        low, high = RANGES[unit]
        if not low <= value <= high:
            raise InputError(f"{figure_text(typed)} {unit} is out of range",
                             f"{indicator.name} is between {low} and {high} {unit}")
    return value


def figure_text(value: float) -> str:
    """A value as written, never in scientific notation: 3,250.5, 0.00000000000000000001."""
    if value == int(value):
        return f"{value:,.0f}"
    whole, _, fraction = format(Decimal(repr(value)), "f").partition(".")
    return f"{int(whole):,}.{fraction}"


def parse_figure(plan: Plan, indicator: Indicator, value: str, period: str,
                 today: date | None = None) -> tuple[Period, float]:
    """One figure as typed: its period and its value in base units, or the first reason it is refused."""
    found = check_period(parse_period(period), today)
    return found, check_value(plan, indicator, parse_value(value, indicator.unit, indicator.range))
