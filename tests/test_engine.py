"""The engine with plain numbers: the worked examples of docs/progress-method.md."""

from __future__ import annotations

import subprocess
import sys

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ipcity import engine
from ipcity.engine import assess_flow, assess_stock, assess_survey, flow_year
from ipcity.periods import Figure, month, quarter, year
from ipcity.plan.model import Target

PATENT_TARGET = Target("at_least", year(2024), 3600.0)
PATENT_BASELINE = Figure(year(2022), 3000.0)
TOL = 1e-3


def close(value, expected, tol=TOL):
    return value == pytest.approx(expected, abs=tol)


@pytest.mark.parametrize(
    "actual, g_actual, r, status, gap, progress, projected",
    [
        (3250, 0.08339, 0.874, "moderate", 350, 0.417, 3521.6),
        (3100, 0.03336, 0.350, "limited", 500, 0.167, 3203.6),
        (2950, -0.01668, -0.175, "deterioration", 650, -0.083, 2900.7),
    ],
)
def test_worked_example_invention_patents(actual, g_actual, r, status, gap, progress, projected):
    a = assess_stock(PATENT_TARGET, 1, Figure(year(2023), float(actual)), PATENT_BASELINE)
    assert a.status == status
    assert close(a.growth_actual, g_actual, 1e-5)
    assert close(a.growth_required, 0.09538, 1e-5)
    assert close(a.growth_ratio, r)
    assert close(a.gap, gap)
    assert close(a.progress_share, progress)
    assert close(a.time_used_share, 0.4993)
    assert close(a.expected_now, 3299.6, 0.05)
    assert close(a.projected, projected, 0.05)
    assert close(a.achieved_share, actual / 3600)
    assert a.method == "growth"


def test_worked_example_achieved():
    a = assess_stock(PATENT_TARGET, 1, Figure(month(2024, 10), 3620.0), PATENT_BASELINE)
    assert a.status == "achieved"
    assert close(a.gap, -20)
    assert close(a.progress_share, 1.0333)


def test_worked_example_flow_half_year():
    target = Target("at_least", year(2024), 35e8)
    monthly = [2.0e8, 2.4e8, 2.6e8, 2.6e8, 2.8e8, 3.0e8]  # 15.4亿元
    fy = flow_year(2024, [Figure(month(2024, m + 1), v) for m, v in enumerate(monthly)])
    a = assess_flow(target, 1, {2024: fy})
    assert close(fy.total, 15.4e8, 1)
    assert close(a.expected_now, 17.5e8, 1)
    assert close(a.projected, 30.8e8, 1)
    assert close(a.gap, 19.6e8, 1)
    assert close(a.growth_ratio, 0.88)
    assert a.status == "moderate"


def test_flow_below_last_year_is_deterioration():
    target = Target("at_least", year(2024), 35e8)
    last_year = flow_year(2023, [Figure(year(2023), 32e8)])
    this_year = flow_year(2024, [Figure(quarter(2024, 1), 5e8), Figure(quarter(2024, 2), 10e8)])
    a = assess_flow(target, 1, {2023: last_year, 2024: this_year})
    assert a.previous_year_total == 32e8
    assert close(a.projected, 30e8, 1)
    assert a.status == "deterioration"


def test_flow_never_counts_the_same_months_twice():
    figures = [Figure(quarter(2024, 1), 3e8)] + [Figure(month(2024, m), 1.1e8) for m in (1, 2, 3)]
    fy = flow_year(2024, figures)
    assert fy.total == 3e8  # the quarter is used, its months are checked against it
    assert fy.months_covered == 3
    assert any("parts add up to" in note for note in fy.notes)


def test_flow_year_total_wins_and_disagreement_is_flagged():
    figures = [Figure(year(2023), 30e8)] + [Figure(quarter(2023, q), 7e8) for q in (1, 2, 3, 4)]
    fy = flow_year(2023, figures)
    assert fy.total == 30e8 and fy.basis == "year" and fy.complete
    assert any("2023 is 3e+09 but its parts add up to 2.8e+09" in note for note in fy.notes)


def test_flow_mixed_quarters_and_months():
    figures = [Figure(quarter(2024, 1), 3e8), Figure(month(2024, 4), 1e8), Figure(month(2024, 5), 1e8)]
    fy = flow_year(2024, figures)
    assert fy.total == 5e8 and fy.months_covered == 5 and fy.missing_months == []


def test_flow_missing_month_is_noted():
    fy = flow_year(2024, [Figure(month(2024, 1), 1.0), Figure(month(2024, 3), 1.0)])
    assert fy.missing_months == [2] and fy.months_covered == 3


def test_flow_seasonal_projection_from_two_earlier_years():
    target = Target("at_least", year(2024), 100.0)
    history = {}
    for y in (2022, 2023):  # each earlier year reached 40% of its total by June
        history[y] = flow_year(y, [Figure(quarter(y, 1), 16.0), Figure(quarter(y, 2), 24.0),
                                   Figure(quarter(y, 3), 30.0), Figure(quarter(y, 4), 30.0)])
    history[2024] = flow_year(2024, [Figure(quarter(2024, 1), 20.0), Figure(quarter(2024, 2), 20.0)])
    a = assess_flow(target, 1, history)
    assert a.method == "flow_seasonal"
    assert close(a.projected, 100.0)
    assert a.status == "achieved" or a.status == "on_track"


def test_flow_target_met_early_is_achieved():
    target = Target("floor", year(2024), 3e6)
    fy = flow_year(2024, [Figure(quarter(2024, 1), 3.2e6)])
    assert assess_flow(target, 1, {2024: fy}).status == "achieved"


def test_flow_without_data_for_the_target_year_is_judged_on_the_year_before():
    target = Target("at_least", year(2024), 1e8)
    fy = flow_year(2023, [Figure(year(2023), 0.8e8)])
    a = assess_flow(target, 1, {2023: fy})
    assert a.status == "no_baseline"
    assert a.gap is None and a.achieved_share is None  # a 2023 total is no gap to a 2024 target
    assert any("no baseline" in n for n in a.notes)


def test_ratio_per_10k():
    assert close(engine.ratio_value(3250, 4_380_000, 10000), 7.42, 0.001)
    assert engine.ratio_value(3250, 0, 10000) is None


def test_hold_the_level_never_divides_by_zero():
    target = Target("at_least", year(2024), 100.0)
    base = Figure(year(2022), 100.0)
    assert assess_stock(target, 1, Figure(year(2023), 100.0), base).status == "achieved"
    held = assess_stock(target, 1, Figure(year(2023), 90.0), base)
    assert held.status == "deterioration" and held.method == "hold" and held.progress_share is None


def test_only_a_baseline_is_no_data():
    assert assess_stock(PATENT_TARGET, 1, None, PATENT_BASELINE).status == "no_data"


def test_no_baseline_shows_gap_and_share():
    a = assess_stock(PATENT_TARGET, 1, Figure(year(2023), 3240.0), None)
    assert a.status == "no_baseline" and a.gap == 360 and close(a.achieved_share, 0.9)


def test_linear_when_a_value_is_not_positive():
    target = Target("at_least", year(2024), 4.0)
    a = assess_stock(target, 1, Figure(year(2023), 2.0), Figure(year(2022), 0.0))
    assert a.method == "linear"
    assert close(a.progress_share, 0.5)
    assert close(a.growth_ratio, 0.5 / 0.4993)
    assert a.status == "on_track"


def test_less_is_better():
    target = Target("at_least", year(2024), 80.0)
    base = Figure(year(2022), 100.0)
    improving = assess_stock(target, -1, Figure(year(2023), 89.0), base)
    assert improving.status == "on_track" and improving.gap == 9
    assert assess_stock(target, -1, Figure(year(2023), 110.0), base).status == "deterioration"
    assert assess_stock(target, -1, Figure(year(2023), 79.0), base).status == "achieved"


def test_range_target_is_met_at_its_lower_bound():
    target = Target("range", year(2024), min=3.0, max=5.0)
    assert assess_stock(target, 1, Figure(year(2024), 3.0), Figure(year(2022), 0.0)).status == "achieved"


def test_survey_growth_classes():
    target = Target("improve", year(2024))
    first = Figure(year(2022), 80.0)
    assert assess_survey(target, 1, first, None, first).status == "no_baseline"
    up = Figure(year(2023), 81.5)
    assert assess_survey(target, 1, first, first, up).status == "on_track"
    assert assess_survey(target, 1, first, first, Figure(year(2023), 80.6)).status == "moderate"
    assert assess_survey(target, 1, first, first, Figure(year(2023), 79.0)).status == "deterioration"
    assert assess_survey(target, 1, first, up, Figure(year(2024), 82.0)).status == "achieved"
    assert assess_survey(target, 1, None, None, None).status == "no_data"


def test_stale():
    from datetime import date

    assert not engine.is_stale(date(2024, 6, 30), "month", date(2024, 8, 15))
    assert engine.is_stale(date(2024, 3, 31), "month", date(2024, 8, 15))
    assert not engine.is_stale(date(2023, 12, 31), "year", date(2025, 6, 1))
    assert engine.is_stale(date(2022, 12, 31), "year", date(2025, 6, 1))


RANK = {"deterioration": 0, "limited": 1, "moderate": 2, "on_track": 3, "achieved": 4}


@settings(max_examples=300, deadline=None)
@given(
    baseline=st.floats(0, 1e6),
    increase=st.floats(0.01, 1e6),
    lower=st.floats(0, 3e6),
    higher=st.floats(0, 3e6),
    months_in=st.integers(1, 23),
)
def test_a_higher_actual_never_gives_a_worse_class(baseline, increase, lower, higher, months_in):
    lower, higher = sorted((lower, higher))
    target = Target("at_least", year(2024), baseline + increase)
    base = Figure(year(2022), baseline)
    when = month(2023 + (months_in - 1) // 12, (months_in - 1) % 12 + 1)
    low = assess_stock(target, 1, Figure(when, lower), base).status
    high = assess_stock(target, 1, Figure(when, higher), base).status
    assert RANK[high] >= RANK[low]


@given(value=st.floats(0, 1e9), actual=st.floats(0, 1e9))
def test_target_equal_to_baseline_never_divides_by_zero(value, actual):
    target = Target("at_least", year(2024), value)
    a = assess_stock(target, 1, Figure(year(2023), actual), Figure(year(2022), value))
    assert a.status in ("achieved", "deterioration")


def test_engine_imports_no_rich_typer_or_sqlalchemy():
    code = "import sys, ipcity.engine; print(sorted(m for m in ('rich','typer','sqlalchemy','sqlmodel') if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_flow_with_months_missing_projects_from_the_months_reported():
    target = Target("at_least", year(2024), 100.0)
    fy = flow_year(2024, [Figure(quarter(2024, 2), 30.0)])  # only April-June reported
    a = assess_flow(target, 1, {2024: fy})
    assert fy.missing_months == [1, 2, 3]
    assert close(a.value, 30.0) and close(a.gap, 70.0)
    assert close(a.expected_now, 50.0)  # half the year has passed
    assert close(a.projected, 120.0)  # 30 a quarter, not 30 in half a year
    assert a.status == "on_track"
