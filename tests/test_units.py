import pytest

from ipcity.base.errors import InputError
from ipcity.base.units import display_unit, parse_value, unit_problem


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
    assert display_unit("件", 8.2, fractional=True).format(7.42013) == "7.42"
    assert display_unit("件", 3300).format(3300.5) == "3,300.5"  # a decimal written is a decimal shown
    assert display_unit("人", 4.38e6).label == "万人"


@pytest.mark.parametrize(
    "text, unit, expected",
    [
        ("22%", "%", 22), ("22", "%", 22), ("22.5％", "%", 22.5), ("80天", "天", 80), ("80日", "天", 80),
        ("3个月", "月", 3), ("85.5分", "分", 85.5), ("12户", "户", 12), ("3万户", "户", 30000), ("5家", "家", 5),
        ("3个", "个", 3), ("2.5万吨", "吨", 25000), ("7千瓦时", "千瓦时", 7), ("1.5倍", "倍", 1.5),
    ],
)
def test_any_declared_unit(text, unit, expected):
    assert parse_value(text, unit) == expected


@pytest.mark.parametrize(
    "text, unit, bounds, message",
    [
        ("22万%", "%", None, "cannot be scaled: % is written as a plain number"),
        ("80天", "%", None, "is in 天, but this indicator is counted in %"),
        ("22%", "件", None, "is in %, but this indicator is counted in 件"),
        ("60", "天", (0, 30), "outside the range 0–30"),
        ("120%", "%", (0, 100), "'120%' is outside the range 0–100"),
        ("-1", "分", (0, 100), "outside the range 0–100"),
        ("-3%", "%", None, "is negative"),
        ("5吨", "千瓦时", None, "unknown unit '吨'"),
    ],
)
def test_units_and_ranges_refused_with_the_reason(text, unit, bounds, message):
    with pytest.raises(InputError) as error:
        parse_value(text, unit, bounds)
    assert message in str(error.value)


def test_a_range_below_zero_admits_negative_figures():
    assert parse_value("-3.5%", "%", (-100, 100)) == -3.5


@pytest.mark.parametrize("unit, problem", [("万元", "declare the base unit '元'"), ("", "expected a unit word"),
                                           ("3件", "expected a unit word"), ("％", "ASCII '%'")])
def test_plan_units_that_cannot_be_declared(unit, problem):
    assert problem in unit_problem(unit)
    assert unit_problem("吨") is None and unit_problem("%") is None
