"""Progress toward a target, exactly as docs/progress-method.md describes.

Pure arithmetic on plain numbers and dates: no database, no Rich, no Typer. Every figure
can be reproduced by hand from the worked examples in that document.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date
from itertools import pairwise

from ipcity.base.periods import MONTHS_IN, Figure, Period
from ipcity.base.periods import year as year_period
from ipcity.plan.model import Target
from ipcity.base.units import format_figure

STATUSES = ("no_data", "achieved", "on_track", "moderate", "limited", "deterioration", "missed", "no_baseline")
CLASS_ORDER = ("achieved", "on_track", "moderate", "limited", "deterioration", "missed")  # judged classes, best first
ON_TRACK = 0.95  # R at or above: on track
MODERATE = 0.6  # R at or above: moderate; below: limited (down to 0), then deterioration
DIRECTION_ON_TRACK = 0.015  # a target that is only a direction: annual growth thresholds
DIRECTION_MODERATE = 0.005
FREQUENCY_DAYS = {"month": 31, "quarter": 92, "half": 184, "year": 366}
SEASONAL_YEARS = 2  # earlier complete years needed for a seasonal projection
_TOLERANCE = 1e-9


def years(start: date, end: date) -> float:
    return (end - start).days / 365.25


@dataclass
class FlowYear:
    """One year of a flow, built from year, quarter and month figures without double counting."""

    year: int
    total: float
    months_covered: int  # the last month of the year the total reaches (12 = complete)
    last_period: Period
    basis: str  # "year", "halves", "quarters", "months", "cumulative" or a mix such as "quarters+months"
    cumulative: dict[int, float] = field(default_factory=dict)  # month -> total through that month
    missing_months: list[int] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    last_entered: date | None = None  # when the newest figure used was typed in, where known

    @property
    def complete(self) -> bool:
        return self.months_covered == 12 and not self.missing_months

    @property
    def share_of_year(self) -> float:
        """The share of the year elapsed by the last month reported."""
        return self.months_covered / 12

    @property
    def share_reported(self) -> float:
        """The share of the year that figures were reported for (months missing in between
        are unknown, not zero, for a projection)."""
        return (self.months_covered - len(self.missing_months)) / 12


@dataclass
class Assessment:
    """Every figure of one status row. `None` means "does not apply" or "cannot be known"."""

    status: str
    value: float | None = None
    period: Period | None = None
    baseline: float | None = None
    baseline_period: Period | None = None
    target: float | None = None
    gap: float | None = None
    achieved_share: float | None = None
    progress_share: float | None = None
    time_used_share: float | None = None
    expected_now: float | None = None
    pace: float | None = None
    growth_actual: float | None = None
    growth_required: float | None = None
    growth_ratio: float | None = None
    projected: float | None = None
    projected_shortfall: float | None = None
    method: str | None = None  # "growth", "linear", "flow", "flow_seasonal", "hold", "direction", "final"
    stale: bool = False
    late: bool = False  # the figure judged was entered after the target's deadline
    flow: FlowYear | None = None
    previous_year_total: float | None = None
    previous_value: float | None = None
    notes: list[str] = field(default_factory=list)


def meets(value: float, target: Target, direction: int) -> bool:
    """Whether `value` meets the target's comparator (a range is met at its near bound)."""
    if target.type == "improve":
        return False
    bound = target.bound(direction)
    assert bound is not None
    return value >= bound - _TOLERANCE if direction > 0 else value <= bound + _TOLERANCE


def target_figure(target: Target, direction: int) -> float | None:
    return target.bound(direction)


def deadline_passed(target: Target, as_of: date | None) -> bool:
    """Whether the target period has ended by `as_of`: from then on a target is achieved or
    missed, never projected."""
    return as_of is not None and as_of > target.period.end


def entered_late(figure: Figure, target: Target) -> bool:
    """A figure for the target period typed in after its deadline: used, and marked late."""
    return (figure.entered is not None and figure.entered > target.period.end
            and target.period.start <= figure.period.start and figure.period.end <= target.period.end)


def _verdict(result: Assessment, target: Target, direction: int, value: float) -> Assessment:
    """Rule 2a: after the deadline, achieved or missed with the shortfall; nothing projected."""
    result.method = "final"
    result.status = "achieved" if meets(value, target, direction) else "missed"
    if result.status == "missed" and result.gap is not None:
        result.projected_shortfall = None
    return result


def classify_growth_ratio(ratio: float) -> str:
    if ratio >= ON_TRACK:
        return "on_track"
    if ratio >= MODERATE:
        return "moderate"
    if ratio >= 0:
        return "limited"
    return "deterioration"


def classify_direction(growth: float) -> str:
    """A target that is only a direction (Open SDG without a target value)."""
    if growth >= DIRECTION_ON_TRACK:
        return "on_track"
    if growth >= DIRECTION_MODERATE:
        return "moderate"
    if growth >= 0:
        return "limited"
    return "deterioration"


def is_stale(latest_end: date, frequency: str, as_of: date) -> bool:
    """Older than the reporting frequency plus one period."""
    return (as_of - latest_end).days > 2 * FREQUENCY_DAYS[frequency]


# --- stocks (and ratios, milestone counts) ----------------------------------------------


def assess_stock(
    target: Target,
    direction: int,
    latest: Figure | None,
    baseline: Figure | None = None,
    as_of: date | None = None,
) -> Assessment:
    """Judge a level counted at a point in time against its target (rules 1, 2, 2a, 4, 5).
    `as_of` after the target period turns the judgement into a verdict: achieved or missed."""
    result = Assessment("no_data", baseline=baseline.value if baseline else None,
                        baseline_period=baseline.period if baseline else None,
                        target=target_figure(target, direction))
    if latest is None:
        return result
    v_c, v_t = latest.value, result.target
    assert v_t is not None
    result.value, result.period = v_c, latest.period
    result.gap = direction * (v_t - v_c)
    result.achieved_share = _share(v_c, v_t, direction)
    achieved = meets(v_c, target, direction)
    if deadline_passed(target, as_of):
        result.late = entered_late(latest, target)
        if baseline is not None and abs(v_t - baseline.value) >= _TOLERANCE:
            result.progress_share = (v_c - baseline.value) / (v_t - baseline.value)
        return _verdict(result, target, direction, v_c)
    if baseline is None:
        result.status = "achieved" if achieved else "no_baseline"
        return result
    t_b, v_b = baseline.period.end, baseline.value
    t_c, t_t = latest.period.end, target.period.end
    total_span, span = years(t_b, t_t), years(t_b, t_c)
    result.time_used_share = min(1.0, span / total_span)
    if abs(v_t - v_b) < _TOLERANCE:  # "hold the level": met or not, no division
        result.method = "hold"
        result.expected_now = v_b
        result.projected = v_c
        result.status = "achieved" if achieved else "deterioration"
        return result
    result.progress_share = (v_c - v_b) / (v_t - v_b)
    result.expected_now = v_b + result.time_used_share * (v_t - v_b)  # never beyond the target
    if span <= 0:
        result.status = "achieved" if achieved else "no_data"
        result.notes.append(f"no figure after the baseline period {baseline.period} yet")
        return result
    result.pace = result.progress_share / result.time_used_share
    remaining = max(0.0, years(t_c, t_t))
    # growth or linear is chosen by the baseline and target alone, so that every actual value
    # of one target is judged by the same method (a higher actual never reads worse)
    required = _required_growth(v_b, v_t, total_span)
    if required is not None and v_c > 0:
        result.method, result.growth_required = "growth", required
        actual = _actual_growth(v_b, v_c, span)
        if actual is None:  # beyond floating point: further than any target in its direction
            result.notes.append("growth since the baseline is too large to compute")
            result.status = "achieved" if achieved else ("on_track" if direction > 0 else "deterioration")
            return result
        result.growth_actual = actual
        result.growth_ratio = direction * actual / abs(required)
        result.projected = _project(v_c, actual, remaining)
    else:  # a value is not positive, or the required growth cannot be computed
        result.method = "linear"
        result.growth_ratio = result.pace
        result.projected = v_c + (v_c - v_b) / span * remaining
    if result.projected is not None:
        result.projected_shortfall = max(0.0, direction * (v_t - result.projected))
    result.status = "achieved" if achieved else classify_growth_ratio(result.growth_ratio)
    return result


def _required_growth(v_b: float, v_t: float, total_span: float) -> float | None:
    """The annual growth from baseline to target, or None when it cannot be computed (a value
    not positive, no change, or beyond floating point)."""
    if min(v_b, v_t) <= 0:
        return None
    try:
        required = (v_t / v_b) ** (1 / total_span) - 1
    except (OverflowError, ZeroDivisionError):
        return None
    return required if required != 0 and math.isfinite(required) else None


def _actual_growth(v_b: float, v_c: float, span: float) -> float | None:
    try:
        actual = (v_c / v_b) ** (1 / span) - 1
    except (OverflowError, ZeroDivisionError):
        return None
    return actual if math.isfinite(actual) else None


def _project(v_c: float, actual: float, remaining: float) -> float | None:
    try:
        projected = v_c * (1 + actual) ** remaining
    except OverflowError:
        return None
    return projected if math.isfinite(projected) else None


def ratio_value(numerator: float, denominator: float, scale: float) -> float | None:
    """numerator / denominator * scale, e.g. patents per 10,000 people."""
    return None if denominator <= 0 else numerator / denominator * scale


def _share(value: float, target: float, direction: int) -> float | None:
    if direction > 0:
        return value / target if target else None
    return target / value if value else None


# --- flows ------------------------------------------------------------------------------


_FINER = {"year": "half", "half": "quarter", "quarter": "month"}
_PLURAL = {"year": "years", "half": "halves", "quarter": "quarters", "month": "months"}


@dataclass(frozen=True)
class _Part:
    """A span of months of one year and its amount, from one figure."""

    first: int
    last: int
    value: float
    kind: str  # the period kind, or "cumulative"


def _cover(by_kind: dict[str, dict[int, Figure]], kind: str, first: int, notes: list[str], unit: str = "") -> list[_Part]:
    """The parts covering the `kind` period starting at month `first`: its own figure when
    there is one (its finer figures checked against it), else its finer periods' parts."""
    figure = by_kind[kind].get(first)
    finer = _FINER.get(kind)
    children: list[_Part] = []
    if finer is not None:
        size = MONTHS_IN[finer]
        for start in range(first, first + MONTHS_IN[kind], size):
            children += _cover(by_kind, finer, start, notes, unit)
    if figure is None:
        return children
    if children:
        if sum(p.last - p.first + 1 for p in children) == MONTHS_IN[kind]:
            _check_sum(notes, str(figure.period), figure.value, None, sum(p.value for p in children), unit)
        elif kind == "year":
            notes.append(f"the year total {figure.period} is used; part-year figures are not added")
        else:
            labels = ", ".join(_label(by_kind, p) for p in children)
            notes.append(f"{figure.period} is used; its {_PLURAL[children[0].kind]} {labels} are not added")
    return [_Part(first, first + MONTHS_IN[kind] - 1, figure.value, kind)]


def _label(by_kind: dict[str, dict[int, Figure]], part: _Part) -> str:
    return str(by_kind[part.kind][part.first].period)


def derive_amounts(figures: list[Figure]) -> list[tuple[Figure, Period | None, float]]:
    """Each figure with the amount of its own period. A plain figure is its amount; a
    cumulative (累计) figure's amount is the difference from the previous cumulative figure
    of the same year (`since`, None when it is the year's first: then it covers January to
    its last month). The one place where year-to-date figures become period amounts."""
    result = []
    previous: dict[int, Figure] = {}
    for figure in sorted(figures, key=lambda f: (f.period.end, -f.period.start.toordinal())):
        if not figure.cumulative:
            result.append((figure, None, figure.value))
            continue
        before = previous.get(figure.period.year)
        result.append((figure, before.period if before else None, figure.value - (before.value if before else 0.0)))
        previous[figure.period.year] = figure
    return result


def flow_year(year: int, figures: list[Figure], unit: str = "") -> FlowYear | None:
    """Build one year's total from its figures. The coarsest figure recorded for a span wins
    (a year total over its half-years, a half-year over its quarters, a quarter over its
    months); finer figures are checked against it and any disagreement is noted. A
    cumulative (累计) figure is the total from January through its last month; the latest one
    stands for those months, and only figures after it are added. No month is ever counted
    twice."""
    in_year = [f for f in figures if f.period.year == year]
    if not in_year:
        return None
    notes: list[str] = []
    running = sorted((f for f in in_year if f.cumulative), key=lambda f: f.period.end)
    checkpoints: dict[int, float] = {}
    for f in running:
        month_end = f.period.end.month
        if month_end in checkpoints and not _close(checkpoints[month_end], f.value):
            notes.append(f"two year-to-date figures through month {month_end} of {year} differ; {f.period}'s is used")
        checkpoints[month_end] = f.value
    for (m1, v1), (m2, v2) in pairwise(sorted(checkpoints.items())):
        if v2 < v1:
            notes.append(f"the year-to-date figure through month {m2} ({format_figure(v2, unit)}) is below the one "
                         f"through month {m1} ({format_figure(v1, unit)})")
    reached = max(checkpoints, default=0)
    plain = [f for f in in_year if not f.cumulative]
    year_total = next((f for f in plain if f.period.kind == "year"), None)
    if running and year_total is None:
        inside = [f for f in plain if f.period.start.month <= reached]
        if inside:
            notes.append(f"{', '.join(str(f.period) for f in inside)} fall within the year to date through month "
                         f"{reached}; not added")
        plain = [f for f in plain if f.period.start.month > reached]
    by_kind: dict[str, dict[int, Figure]] = {kind: {} for kind in MONTHS_IN}
    for figure in plain:
        by_kind[figure.period.kind][figure.period.start.month] = figure
    parts = _cover(by_kind, "year", 1, notes, unit)
    if year_total is not None:
        if reached == 12:
            _check_sum(notes, str(year_total.period), year_total.value, None, checkpoints[reached], unit)
        return FlowYear(year, year_total.value, 12, year_total.period, "year", {12: year_total.value}, [], notes,
                        year_total.entered)
    if reached:
        parts.insert(0, _Part(1, reached, checkpoints[reached], "cumulative"))
    cumulative: dict[int, float] = dict(checkpoints)
    total = checkpoints[reached] if reached else 0.0
    for part in parts:
        if part.kind != "cumulative":
            total += part.value
            cumulative[part.last] = total
    covered = {m for p in parts for m in range(p.first, p.last + 1)}
    last = max(p.last for p in parts)
    missing = [m for m in range(1, last + 1) if m not in covered]
    last_period = max(in_year, key=lambda f: (f.period.end, -f.period.start.toordinal())).period
    kinds = {p.kind for p in parts}
    basis = "+".join(_PLURAL.get(k, k) for k in ("cumulative", "half", "quarter", "month") if k in kinds)
    entered = [f.entered for f in in_year if f.entered is not None]
    return FlowYear(year, total, last, last_period, basis, dict(sorted(cumulative.items())), missing, notes,
                    max(entered, default=None))


def _close(a: float, b: float) -> bool:
    return abs(a - b) <= 1e-6 * max(1.0, abs(a), abs(b))


def sum_flow_years(year: int, parts: list[FlowYear]) -> FlowYear | None:
    """The flow of a parent region: its regions' years added up. Regions that cover
    different months are noted; the total reaches the furthest month any region reports."""
    if not parts:
        return None
    total = sum(p.total for p in parts)
    months = max(p.months_covered for p in parts)
    notes = []
    behind = [p for p in parts if p.months_covered < months]
    if behind:
        notes.append(f"{len(behind)} of {len(parts)} regions report {year} only to an earlier month")
    cumulative: dict[int, float] = {}
    for month in sorted(set.intersection(*(set(p.cumulative) for p in parts))):
        cumulative[month] = sum(p.cumulative[month] for p in parts)
    last = max((p.last_period for p in parts), key=lambda period: period.end)
    missing = sorted(set().union(*(set(p.missing_months) for p in parts)))
    entered = [p.last_entered for p in parts if p.last_entered is not None]
    return FlowYear(year, total, months, last, "regions", cumulative, missing, notes, max(entered, default=None))


def _check_sum(notes: list[str], label: str, total: float, parts: list[Figure] | None, parts_sum: float | None = None,
               unit: str = "") -> None:
    summed = parts_sum if parts_sum is not None else sum(f.value for f in parts or [])
    if abs(summed - total) > 1e-6 * max(1.0, abs(total)):
        notes.append(f"{label} is {format_figure(total, unit)} but its parts add up to {format_figure(summed, unit)}; "
                     f"{label} is used")


def assess_flow(
    target: Target,
    direction: int,
    years_data: dict[int, FlowYear],
    baseline: Figure | None = None,
    as_of: date | None = None,
) -> Assessment:
    """Judge an amount accumulated over each year against the target year's total: inside
    the target year on the projected year total (rule 3), before it on the last complete
    year along the path from the baseline, after it as a verdict on the year's total (2a)."""
    v_t = target_figure(target, direction)
    result = Assessment("no_data", target=v_t, baseline=baseline.value if baseline else None,
                        baseline_period=baseline.period if baseline else None)
    target_year = target.period.year
    candidates = [y for y in years_data if y <= target_year]
    if not candidates or v_t is None:
        if years_data:
            result.notes.append(f"no figure for {target_year} or earlier")
        return result
    year = max(candidates)
    if year < target_year and deadline_passed(target, as_of):
        result.notes.append(f"no figure for {target_year}, and the deadline has passed")
        return result
    current = years_data[year]
    previous = years_data.get(year - 1)
    if previous is not None and previous.complete:
        result.previous_year_total = previous.total
    if year < target_year:
        return _flow_before_target_year(target, direction, years_data, baseline, as_of, result)
    result.flow = current
    result.notes.extend(current.notes)
    result.value, result.period = current.total, current.last_period
    result.gap = direction * (v_t - current.total)
    result.achieved_share = _share(current.total, v_t, direction)
    result.progress_share = result.achieved_share
    if deadline_passed(target, as_of):
        if not current.complete:
            gaps = f" (none for months {_months(current.missing_months)})" if current.missing_months else ""
            result.notes.append(f"{year} has figures only through month {current.months_covered}{gaps}: "
                                "the verdict is on the total reported")
        result.late = entered_late(Figure(current.last_period, current.total, current.last_entered), target)
        return _verdict(result, target, direction, current.total)
    if current.missing_months:
        result.notes.append(f"no figure for month{'s' if len(current.missing_months) > 1 else ''} "
                            f"{_months(current.missing_months)} of {year}: the year to date leaves them out, "
                            "the projection extrapolates from the months reported")
    share = current.share_of_year
    projected, method = current.total / current.share_reported, "flow"
    seasonal = _seasonal_share(current, years_data)
    if seasonal is not None and not current.complete:
        projected, method = current.total / seasonal, "flow_seasonal"
    result.method = method
    result.time_used_share = share
    result.expected_now = v_t * share
    result.projected = projected
    result.projected_shortfall = max(0.0, direction * (v_t - projected))
    result.growth_ratio = _share(projected, v_t, direction)
    result.pace = result.growth_ratio
    if meets(current.total, target, direction):
        result.status = "achieved"
    elif result.previous_year_total is not None and direction * (projected - result.previous_year_total) < 0:
        result.status = "deterioration"
        result.notes.append(f"projected {year} total is below {year - 1}'s")
    else:
        result.status = classify_growth_ratio(result.growth_ratio or 0.0)
    return result


def _flow_before_target_year(target: Target, direction: int, years_data: dict[int, FlowYear],
                             baseline: Figure | None, as_of: date | None, result: Assessment) -> Assessment:
    """A target for a later year: the last complete year's total is a point on the path
    from the baseline to the target, judged like a stock. Without a complete year or a
    baseline there is nothing to judge: no gap, no achieved share."""
    target_year = target.period.year
    complete = [y for y, fy in years_data.items() if y < target_year and fy.complete]
    latest_year = max(y for y in years_data if y <= target_year)
    current = years_data[latest_year]
    if not complete or baseline is None:
        result.status = "no_baseline"
        result.value, result.period, result.flow = current.total, current.last_period, current
        result.notes.extend(current.notes)
        reason = "no baseline" if complete else f"no complete year before {target_year} yet"
        result.notes.append(f"the target is for {target_year}: {reason}, so no gap is shown")
        return result
    year = max(complete)
    judged_year = years_data[year]
    judged = assess_stock(target, direction, Figure(year_period(year), judged_year.total), baseline, as_of)
    judged.flow = judged_year
    judged.method = "flow_path"
    judged.previous_year_total = result.previous_year_total
    judged.notes = judged_year.notes + [f"judged on the complete year {year}; the target is for {target_year}"]
    if latest_year > year:
        judged.notes.append(f"{latest_year} so far: {current.total:,.10g} through month {current.months_covered}")
    if judged.status == "achieved":  # a target year's total cannot be met a year early
        judged.status = "on_track"
    return judged


def _months(months: list[int]) -> str:
    return ", ".join(str(m) for m in months)


def _seasonal_share(current: FlowYear, years_data: dict[int, FlowYear]) -> float | None:
    """The share of a year's total that earlier years had reached by the same month."""
    month = current.months_covered
    shares = [
        earlier.cumulative[month] / earlier.total
        for y, earlier in sorted(years_data.items())
        if y < current.year and earlier.complete and earlier.total > 0 and month in earlier.cumulative
    ]
    if len(shares) < SEASONAL_YEARS:
        return None
    share = sum(shares) / len(shares)
    return share if share > 0 else None


# --- surveys (a direction without a figure) ---------------------------------------------


def assess_survey(
    target: Target,
    direction: int,
    first: Figure | None,
    previous: Figure | None,
    latest: Figure | None,
    as_of: date | None = None,
) -> Assessment:
    """Rule 6: judge the annual growth from the first survey to the latest one. The target
    ("clearly improves" by the target period) is achieved when a survey of the target period
    beats the one before it; once the period has ended without that, it is missed."""
    result = Assessment("no_data", method="direction")
    if latest is None or first is None:
        return result
    result.value, result.period = latest.value, latest.period
    result.baseline, result.baseline_period = first.value, first.period
    if previous is not None:
        result.previous_value = previous.value
        result.gap = direction * (previous.value - latest.value)
    span = years(first.period.end, latest.period.end)
    if span <= 0:
        result.status = "missed" if deadline_passed(target, as_of) else "no_baseline"
        result.notes.append("first survey; the next one is compared with it")
        return result
    if first.value > 0 and latest.value > 0:
        result.growth_actual = (latest.value / first.value) ** (1 / span) - 1
    else:
        result.growth_actual = (latest.value - first.value) / max(abs(first.value), 1.0) / span
    in_target_year = latest.period.end >= target.period.start
    improved = previous is not None and direction * (latest.value - previous.value) > 0
    if deadline_passed(target, as_of):
        result.method, result.late = "final", entered_late(latest, target)
        result.status = "achieved" if in_target_year and improved else "missed"
    elif in_target_year and improved:
        result.status = "achieved"
    else:
        result.status = classify_direction(direction * result.growth_actual)
    return result
