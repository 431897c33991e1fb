"""The engine with plain numbers: the worked examples of docs/progress-method.md."""

from __future__ import annotations

import subprocess
import sys

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from ipcity import engine
from ipcity.engine import assess_flow, assess_stock, assess_survey, flow_year
from ipcity.base.periods import Figure, half, month, quarter, year
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
    assert any("2023 is 3,000,000,000 but its parts add up to 2,800,000,000" in note for note in fy.notes)


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
# found by hypothesis: the higher value's growth overflowed and fell back to the linear method
@example(baseline=3.84993205436918e-296, increase=4.0, lower=1.0, higher=5.1938435360705544e-197, months_in=7)
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


# --- after the deadline: achieved or missed, nothing projected (method rule 2a) -------------

from datetime import date  # noqa: E402

AFTER = date(2025, 1, 15)


def test_after_the_deadline_a_shortfall_is_missed_with_nothing_projected():
    """Rule 2a: "the target period has ended and the target is not met; the shortfall is
    shown, and no projection, pace or expected-now value"."""
    a = assess_stock(PATENT_TARGET, 1, Figure(year(2024), 3505.0), PATENT_BASELINE, AFTER)
    assert (a.status, a.gap, a.method) == ("missed", 95, "final")
    assert (a.projected, a.pace, a.expected_now, a.growth_ratio, a.time_used_share) == (None,) * 5
    assert close(a.progress_share, 505 / 600)
    done = assess_stock(PATENT_TARGET, 1, Figure(month(2024, 10), 3620.0), PATENT_BASELINE, AFTER)
    assert (done.status, done.gap, done.projected) == ("achieved", -20, None)


def test_on_the_deadline_day_it_is_still_judged_by_pace():
    a = assess_stock(PATENT_TARGET, 1, Figure(year(2023), 3250.0), PATENT_BASELINE, date(2024, 12, 31))
    assert a.status == "moderate" and a.projected is not None


def test_a_target_period_figure_entered_after_the_deadline_counts_and_is_marked_late():
    """Rule 2a: "A figure for the target period entered after the deadline counts and is marked late"."""
    late = assess_stock(PATENT_TARGET, 1, Figure(year(2024), 3620.0, entered=date(2025, 2, 3)), PATENT_BASELINE, AFTER)
    assert (late.status, late.late) == ("achieved", True)
    on_time = assess_stock(PATENT_TARGET, 1, Figure(year(2024), 3620.0, entered=date(2024, 12, 31)),
                           PATENT_BASELINE, AFTER)
    assert on_time.late is False


def test_expected_now_never_exceeds_the_target():
    """Four breakthrough projects: the expected-now value was 6 in a 2025-12 report."""
    target = Target("at_least", year(2024), 4.0)
    a = assess_stock(target, 1, Figure(month(2025, 12), 1.0), Figure(year(2022), 0.0), date(2025, 12, 31))
    assert a.expected_now is None and a.status == "missed"
    during = assess_stock(target, 1, Figure(month(2024, 12), 1.0), Figure(year(2022), 0.0), date(2024, 12, 31))
    assert during.expected_now <= 4.0


def test_a_flow_after_its_year_is_a_verdict_on_the_year_total():
    target = Target("at_least", year(2024), 3.5e9)
    figures = [Figure(month(2024, m), 2.5e8) for m in range(1, 7)]
    a = assess_flow(target, 1, {2024: flow_year(2024, figures)}, None, AFTER)
    assert (a.status, a.value, a.gap, a.projected, a.expected_now) == ("missed", 1.5e9, 2.0e9, None, None)
    assert any("only through month 6" in n for n in a.notes)
    full = assess_flow(target, 1, {2024: flow_year(2024, [Figure(year(2024), 3.6e9)])}, None, AFTER)
    assert (full.status, full.projected) == ("achieved", None)


def test_a_flow_with_no_figure_for_its_year_after_the_deadline_is_no_data():
    target = Target("at_least", year(2025), 1e8)
    a = assess_flow(target, 1, {2024: flow_year(2024, [Figure(year(2024), 0.9e8)])}, None, date(2026, 2, 1))
    assert a.status == "no_data" and a.gap is None


# --- a flow target for a later year (method rule 3) ------------------------------------------


def test_a_later_flow_target_is_judged_on_the_last_complete_year_along_the_path():
    """Rule 3: "A flow target for a later year is judged from the last complete year's total
    along the path to the target year"."""
    target = Target("at_least", year(2025), 1.2e8)
    baseline = Figure(year(2022), 0.6e8)
    years_data = {2023: flow_year(2023, [Figure(year(2023), 0.8e8)]),
                  2024: flow_year(2024, [Figure(month(2024, m), 0.1e8) for m in range(1, 4)])}
    a = assess_flow(target, 1, years_data, baseline, date(2024, 4, 15))
    assert (a.value, str(a.period), a.gap, a.method) == (0.8e8, "2023", 0.4e8, "flow_path")
    assert a.value + a.gap == a.target
    # from 0.6e8 (2022) to 0.8e8 (2023) is faster than the path to 1.2e8 in 2025
    assert a.status == "on_track"
    assert any("2024 so far" in n for n in a.notes)


def test_a_later_flow_target_without_a_complete_year_or_baseline_shows_no_gap():
    """Rule 3: "... or is no_baseline with no gap or achieved share at all"."""
    target = Target("at_least", year(2025), 1.2e8)
    part = {2024: flow_year(2024, [Figure(month(2024, m), 0.1e8) for m in range(1, 4)])}
    a = assess_flow(target, 1, part, Figure(year(2022), 0.6e8), date(2024, 4, 15))
    assert (a.status, a.gap, a.achieved_share, a.value) == ("no_baseline", None, None, 0.3e8)
    whole = {2023: flow_year(2023, [Figure(year(2023), 0.8e8)])}
    b = assess_flow(target, 1, whole, None, date(2024, 1, 15))
    assert (b.status, b.gap, b.achieved_share) == ("no_baseline", None, None)


# --- one property over every row: the value shown plus the gap shown is the target ----------


@settings(max_examples=300, deadline=None)
@given(
    kind=st.sampled_from(["stock", "flow"]),
    direction=st.sampled_from([1, -1]),
    baseline=st.floats(10, 1e6),
    factor=st.floats(1.05, 3),
    actual=st.floats(0, 2e6),
    target_year=st.integers(2024, 2026),
    as_of=st.dates(date(2023, 1, 1), date(2027, 12, 31)),
    months=st.integers(1, 12),
)
def test_value_plus_gap_is_the_target_before_during_and_after_the_target_year(
        kind, direction, baseline, factor, actual, target_year, as_of, months):
    """Rule: "every status row satisfies value + gap = target", and past the deadline nothing
    is projected."""
    goal = baseline * factor if direction > 0 else baseline / factor
    target = Target("at_least" if direction > 0 else "at_most", year(target_year), goal)
    base = Figure(year(2022), baseline)
    if kind == "stock":
        last = min(as_of, year(target_year).end) if as_of > year(target_year).end else as_of
        if last <= year(2022).end:
            return
        figure = Figure(month(last.year, last.month) if last.month > 1 or last.year > 2023 else year(2022), actual)
        if figure.period.end > as_of:
            return
        a = assess_stock(target, direction, figure, base, as_of)
    else:
        data = {}
        for y in range(2023, min(as_of.year, target_year) + 1):
            upto = 12 if y < as_of.year else min(months, max(as_of.month - 1, 1))
            data[y] = flow_year(y, [Figure(month(y, m), actual / 12) for m in range(1, upto + 1)])
        if not data:
            return
        a = assess_flow(target, direction, data, base, as_of)
    if a.gap is not None:
        assert a.value + direction * a.gap == pytest.approx(a.target, rel=1e-9, abs=1e-6)
    if engine.deadline_passed(target, as_of):
        assert a.status in ("achieved", "missed", "no_data")
        assert (a.projected, a.pace, a.expected_now) == (None, None, None)
    elif a.expected_now is not None:  # on the way from the start (baseline, or zero for a year's flow) to the target
        start = 0.0 if a.method in ("flow", "flow_seasonal") else baseline
        assert min(start, a.target) - 1e-6 <= a.expected_now <= max(start, a.target) + 1e-6


# --- half-years and year-to-date (累计) figures ----------------------------------------------


def test_a_half_year_covers_six_months_and_beats_its_quarters():
    fy = flow_year(2024, [Figure(half(2024, 1), 10.0), Figure(quarter(2024, 1), 4.0), Figure(quarter(2024, 2), 5.0),
                          Figure(quarter(2024, 3), 3.0)])
    assert fy.total == 13.0 and fy.months_covered == 9 and fy.basis == "halves+quarters"
    assert fy.cumulative == {6: 10.0, 9: 13.0}
    assert fy.notes == ["2024H1 is 10 but its parts add up to 9; 2024H1 is used"]


def test_a_half_year_with_part_of_its_months_notes_what_is_not_added():
    fy = flow_year(2024, [Figure(half(2024, 2), 6.0), Figure(month(2024, 8), 1.0)])
    assert fy.total == 6.0 and fy.missing_months == list(range(1, 7))
    assert "2024H2 is used; its months 2024-08 are not added" in fy.notes


def test_two_halves_make_a_complete_year_and_a_year_total_beats_them():
    fy = flow_year(2024, [Figure(half(2024, 1), 4.0), Figure(half(2024, 2), 6.0)])
    assert fy.complete and fy.total == 10.0 and fy.basis == "halves"
    fy = flow_year(2024, [Figure(year(2024), 11.0), Figure(half(2024, 1), 4.0), Figure(half(2024, 2), 6.0)])
    assert fy.total == 11.0 and fy.notes == ["2024 is 11 but its parts add up to 10; 2024 is used"]


def test_year_to_date_figures_become_months():
    may, june = Figure(month(2024, 5), 7.0e8, cumulative=True), Figure(month(2024, 6), 9.2e8, cumulative=True)
    fy = flow_year(2024, [may, june])
    assert fy.total == 9.2e8 and fy.months_covered == 6 and fy.missing_months == [] and fy.basis == "cumulative"
    assert fy.cumulative == {5: 7.0e8, 6: 9.2e8}
    amounts = {str(f.period): (str(since) if since else None, amount) for f, since, amount in engine.derive_amounts([june, may])}
    assert amounts == {"2024-05": (None, 7.0e8), "2024-06": ("2024-05", pytest.approx(2.2e8))}


def test_plain_figures_after_the_year_to_date_are_added_and_those_within_it_are_not():
    fy = flow_year(2024, [Figure(month(2024, 2), 1.0), Figure(month(2024, 3), 5.0, cumulative=True),
                          Figure(quarter(2024, 2), 4.0)])
    assert fy.total == 9.0 and fy.months_covered == 6 and fy.basis == "cumulative+quarters"
    assert fy.notes == ["2024-02 fall within the year to date through month 3; not added"]


def test_a_falling_year_to_date_is_noted_never_negative_months_silently():
    fy = flow_year(2024, [Figure(month(2024, 5), 7.0, cumulative=True), Figure(month(2024, 6), 6.0, cumulative=True)])
    assert fy.total == 6.0
    assert "the year-to-date figure through month 6 (6) is below the one through month 5 (7)" in fy.notes


def test_year_to_date_in_the_target_year_projects_like_months():
    target = Target("at_least", year(2024), 35e8)
    a = assess_flow(target, 1, {2024: flow_year(2024, [Figure(month(2024, 6), 15.4e8, cumulative=True)])})
    assert close(a.expected_now, 17.5e8) and close(a.projected, 30.8e8) and close(a.gap, 19.6e8)
