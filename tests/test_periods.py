from datetime import date

import pytest

from ipcity.base.errors import InputError
from ipcity.base.periods import parse_date, parse_period


@pytest.mark.parametrize(
    "text, kind, start, end, label",
    [
        ("2024", "year", date(2024, 1, 1), date(2024, 12, 31), "2024"),
        (2024, "year", date(2024, 1, 1), date(2024, 12, 31), "2024"),
        ("2024Q2", "quarter", date(2024, 4, 1), date(2024, 6, 30), "2024Q2"),
        ("2024q4", "quarter", date(2024, 10, 1), date(2024, 12, 31), "2024Q4"),
        ("2024-06", "month", date(2024, 6, 1), date(2024, 6, 30), "2024-06"),
        ("2024-2", "month", date(2024, 2, 1), date(2024, 2, 29), "2024-02"),
        ("2024年6月", "month", date(2024, 6, 1), date(2024, 6, 30), "2024-06"),
        ("2024H1", "half", date(2024, 1, 1), date(2024, 6, 30), "2024H1"),
        ("2024h2", "half", date(2024, 7, 1), date(2024, 12, 31), "2024H2"),
        ("2024年上半年", "half", date(2024, 1, 1), date(2024, 6, 30), "2024H1"),
        ("2024年下半年", "half", date(2024, 7, 1), date(2024, 12, 31), "2024H2"),
        ("2024年二季度", "quarter", date(2024, 4, 1), date(2024, 6, 30), "2024Q2"),
        ("2024年第4季度", "quarter", date(2024, 10, 1), date(2024, 12, 31), "2024Q4"),
        ("2024年", "year", date(2024, 1, 1), date(2024, 12, 31), "2024"),
        ("2024年度", "year", date(2024, 1, 1), date(2024, 12, 31), "2024"),
        ("2024年12月份", "month", date(2024, 12, 1), date(2024, 12, 31), "2024-12"),
    ],
)
def test_parse_period(text, kind, start, end, label):
    period = parse_period(text)
    assert (period.kind, period.start, period.end, str(period)) == (kind, start, end, label)


@pytest.mark.parametrize("text", ["2024-13", "2024Q5", "24", "June", "2024-06-01", "1800", "", "2024H3", "2024年五季度",
                                  "2024年13月", "2024年中半年"])
def test_bad_periods_say_how_to_write_one(text):
    with pytest.raises(InputError) as error:
        parse_period(text)
    assert "period" in str(error.value)


def test_periods_order_by_end_date():
    assert parse_period("2024-06") < parse_period("2024Q3") < parse_period("2024")


def test_parse_date():
    assert parse_date("2024-03-31") == date(2024, 3, 31)
    assert parse_date("2024Q1") == date(2024, 3, 31)
    with pytest.raises(InputError, match="is not a date"):
        parse_date("yesterday")


def test_half_years_order_and_contain():
    from ipcity.base.periods import MONTHS_IN, period_containing

    assert parse_period("2024Q2") < parse_period("2024H2") < parse_period("2025H1")
    assert period_containing(date(2024, 7, 3), "half") == parse_period("2024H2")
    assert len(parse_period("2024H1").months) == MONTHS_IN["half"] == 6
