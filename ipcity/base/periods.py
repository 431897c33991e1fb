"""Reporting periods: a year (2024), a half-year (2024H1), a quarter (2024Q2) or a month
(2024-06), each also in its Chinese form (2024年, 2024年上半年, 2024年二季度, 2024年6月)."""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from ipcity.base.errors import InputError

_YEAR = re.compile(r"^(\d{4})(?:年|年度|年全年)?$")
_HALF = re.compile(r"^(\d{4})\s*[Hh]([12])$|^(\d{4})年?([上下])半年$")
_QUARTER = re.compile(r"^(\d{4})\s*[Qq]([1-4])$|^(\d{4})年?第?([1-4一二三四])季度$")
_MONTH = re.compile(r"^(\d{4})-(\d{1,2})$|^(\d{4})年(\d{1,2})月(?:份)?$")
_NUMERALS = {"1": 1, "2": 2, "3": 3, "4": 4, "一": 1, "二": 2, "三": 3, "四": 4, "上": 1, "下": 2}
KINDS = ("year", "half", "quarter", "month")  # coarsest first
FORMS = "a year (2024), a half-year (2024H1), a quarter (2024Q2) or a month (2024-06)"

MONTHS_IN = {"year": 12, "half": 6, "quarter": 3, "month": 1}


@dataclass(frozen=True, order=True)
class Period:
    """A reporting period. Ordered by end date, then by length (a month before its quarter)."""

    end: date
    start: date
    kind: str  # "year", "half", "quarter" or "month"
    label: str

    @property
    def year(self) -> int:
        return self.start.year

    @property
    def months(self) -> range:
        """The months of the year (1-12) this period covers."""
        return range(self.start.month, self.end.month + 1)

    def __str__(self) -> str:
        return self.label


@dataclass(frozen=True)
class Figure:
    """A value observed for a period; `entered` is the day the version used was typed in
    (local time), where the store knows it. `cumulative`: the value is the year to date
    through the period's last month (a 累计 figure), not the period's own amount."""

    period: Period
    value: float
    entered: date | None = None
    cumulative: bool = False


def _make(kind: str, year: int, first_month: int, months: int) -> Period:
    last_month = first_month + months - 1
    start = date(year, first_month, 1)
    end = date(year, last_month, calendar.monthrange(year, last_month)[1])
    if kind == "year":
        label = f"{year}"
    elif kind == "half":
        label = f"{year}H{(first_month - 1) // 6 + 1}"
    elif kind == "quarter":
        label = f"{year}Q{(first_month - 1) // 3 + 1}"
    else:
        label = f"{year}-{first_month:02d}"
    return Period(end=end, start=start, kind=kind, label=label)


def year(y: int) -> Period:
    return _make("year", y, 1, 12)


def half(y: int, h: int) -> Period:
    return _make("half", y, 6 * (h - 1) + 1, 6)


def quarter(y: int, q: int) -> Period:
    return _make("quarter", y, 3 * (q - 1) + 1, 3)


def month(y: int, m: int) -> Period:
    return _make("month", y, m, 1)


def parse_period(text: object) -> Period:
    """Parse `2024`, `2024H1`, `2024Q2` or `2024-06`, or a Chinese form: `2024年`, `2024年度`,
    `2024年上半年`, `2024年二季度`, `2024年第2季度`, `2024年6月`."""
    raw = str(text).strip()
    if m := _YEAR.match(raw):
        return year(_check_year(int(m.group(1)), raw))
    for pattern, make in ((_HALF, half), (_QUARTER, quarter)):
        if m := pattern.match(raw):
            y, index = m.group(1) or m.group(3), m.group(2) or m.group(4)
            return make(_check_year(int(y), raw), _NUMERALS[index])
    if m := _MONTH.match(raw):
        y, mon = m.group(1) or m.group(3), int(m.group(2) or m.group(4))
        if 1 <= mon <= 12:
            return month(_check_year(int(y), raw), mon)
    raise InputError(f"bad period '{raw}'", f"write {FORMS}")


def _check_year(y: int, raw: str) -> int:
    if not 1900 <= y <= 2200:
        raise InputError(f"bad period '{raw}': year {y} is out of range", "use a year between 1900 and 2200")
    return y


def parse_date(text: object, at_start: bool = False) -> date:
    """Parse an ISO date (2024-03-31). A period is accepted too and means its end date (its
    first day with `at_start`)."""
    if isinstance(text, date):
        return text
    raw = str(text).strip()
    day = _iso_day(raw)
    if day is not None:
        return day
    try:
        period = parse_period(raw)
        return period.start if at_start else period.end
    except InputError:
        raise InputError(
            f"'{raw}' is not a date",
            "write it as YYYY-MM-DD (2024-03-31), or a period such as 2024H1, 2024Q1 or 2024-03",
        ) from None


def _iso_day(raw: str) -> date | None:
    """An ISO date between 1900 and 2200, or None when `raw` is not an ISO date."""
    try:
        day = date.fromisoformat(raw)
    except ValueError:
        return None
    if not 1900 <= day.year <= 2200:
        raise InputError(f"date '{raw}' is out of range", "use a date between 1900 and 2200")
    return day


def parse_since(text: object) -> date:
    """The first day of `--since`: an ISO date (2024-03-01), or a period meaning its start."""
    return parse_date(text, at_start=True)


def period_containing(day: date, kind: str) -> Period:
    if kind == "year":
        return year(day.year)
    if kind == "half":
        return half(day.year, (day.month - 1) // 6 + 1)
    if kind == "quarter":
        return quarter(day.year, (day.month - 1) // 3 + 1)
    return month(day.year, day.month)


def parse_moment(text: object) -> datetime:
    """A moment in the database's history (`--known-at`): 2024-12-31 18:00, an ISO time with
    or without a UTC offset (local time without), or a date, meaning the end of that day."""
    if isinstance(text, datetime):
        return text if text.tzinfo else text.astimezone()
    raw = str(text).strip()
    day = _iso_day(raw)
    if day is not None:
        return datetime.combine(day + timedelta(days=1), time()).astimezone()
    try:
        moment = datetime.fromisoformat(raw)
    except ValueError:
        raise InputError(
            f"'{raw}' is not a date or time",
            "write it as YYYY-MM-DD HH:MM (2024-12-31 18:00), optionally with an offset (+08:00), or a date",
        ) from None
    _iso_day(moment.date().isoformat())  # the same range as a date
    return moment if moment.tzinfo else moment.astimezone()
