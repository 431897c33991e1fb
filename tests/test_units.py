import pytest

from ipcity.errors import InputError
from ipcity.units import display_unit, parse_value


@pytest.mark.parametrize(
    "text, unit, expected",
    [
        ("3600", "件", 3600),
        ("3,600", "件", 3600),
        ("3，600", "件", 3600),
        ("3600件", "件", 3600),
        ("6.8万", "件", 68000),
        ("6.8万件", "件", 68000),
        (" 6.8 万件 ", "件", 68000),
        ("1亿", "元", 100_000_000),
        ("1亿元", "元", 100_000_000),
        ("35亿元", "元", 3_500_000_000),
        ("300万元", "元", 3_000_000),
        ("8.2", "件", 8.2),
        ("438万人", "人", 4_380_000),
        ("0", "项", 0),
        ("3个", "项", 3),
        ("1,234,567元", "元", 1234567),
        ("３６００", "件", 3600),
    ],
)
def test_parse_value_accepts_what_reports_write(text, unit, expected):
    assert parse_value(text, unit) == expected


def test_parse_value_is_exact_for_decimal_multipliers():
    # 6.8 * 10000 in binary floating point is 67999.99999999999; Decimal keeps it exact.
    assert parse_value("6.8万", "件") == 68000.0
    assert parse_value("0.7亿元", "元") == 70_000_000.0


@pytest.mark.parametrize(
    "text, unit, message",
    [
        ("abc", "件", "'abc' is not a number"),
        ("", "件", "'' is not a number"),
        ("3.6.0", "件", "unknown unit"),
        ("1亿件", "元", "is in 件, but this indicator is counted in 元"),
        ("300万元", "件", "is in 元, but this indicator is counted in 件"),
        ("5 apples", "件", "unknown unit 'apples'"),
        ("-5", "件", "is negative"),
        ("1,2,3", "件", "commas may only group thousands"),
        ("99999999999999999999", "件", "too large"),
        ("36,00", "件", "commas may only group thousands"),
    ],
)
def test_parse_value_rejects_with_a_reason(text, unit, message):
    with pytest.raises(InputError) as error:
        parse_value(text, unit)
    assert message in str(error.value)


def test_money_reads_in_yi_or_wan_yuan():
    assert display_unit("元", 3.5e9).label == "亿元"
    assert display_unit("元", 3e6).label == "万元"
    assert display_unit("元", 3e6).format(3e6) == "300.00"
    assert display_unit("元", 1e8).format(1.54e9) == "15.40"
    assert display_unit("件", 3600).format(3600) == "3,600"
    assert display_unit("件", 8.2, fractional=True).format(7.4201) == "7.42"
    assert display_unit("人", 4.38e6).label == "万人"
