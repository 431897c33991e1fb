"""The status of the indicators as plain data: for one region (`status_report`) or for
every region side by side (`region_matrix`). The store answers, the engine judges,
renderers show; a region with regions under it rolls their figures up."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from ipcity import engine
from ipcity.engine import Assessment, FlowYear
from ipcity.base.i18n import _
from ipcity.base.periods import Figure, period_containing, year
from ipcity.plan.model import Indicator, Plan, Target
from ipcity.store import Store
from ipcity.base.units import format_figure

FLOW_HISTORY_YEARS = 5  # earlier years read for a flow's previous-year check and seasonal share
GOOD = engine.CLASS_ORDER[:2]  # achieved, on track
ATTENTION = engine.CLASS_ORDER[2:]  # moderate, limited, deterioration
NOT_JUDGED = "no_target"  # a region for which the plan sets no target of its own


@dataclass
class StatusRow:
    indicator: Indicator
    assessment: Assessment
    parts: dict = field(default_factory=dict)  # a ratio's numerator and denominator as used
    target: Target | None = None


@dataclass
class StatusReport:
    plan_name: str
    region: str
    as_of: date
    as_of_given: bool
    rows: list[StatusRow]
    context: list[StatusRow]  # indicators without a target (population): shown, not judged
    known_at: datetime | None = None  # the database as it stood then (None: everything entered so far)

    def counts(self) -> dict[str, int]:
        tally = dict.fromkeys(engine.STATUSES, 0)
        for row in self.rows:
            tally[row.assessment.status] = tally.get(row.assessment.status, 0) + 1
        return tally

    def summary(self) -> str:
        tally = self.counts()
        judged = [r for r in self.rows if r.assessment.status != NOT_JUDGED]
        good = sum(tally[s] for s in GOOD)
        attention = sum(tally[s] for s in ATTENTION)
        parts = [_("{good} of {judged} on track or achieved").format(good=good, judged=len(judged))]
        if attention:
            detail = _(", ").join(f"{tally[s]} {_(s.replace('_', ' '))}" for s in ATTENTION if tally[s])
            parts.append(_("{count} needs attention ({detail})" if attention == 1 else "{count} need attention ({detail})")
                         .format(count=attention, detail=detail))
        if tally["no_data"]:
            parts.append(_("{count} without data").format(count=tally["no_data"]))
        if tally["no_baseline"]:
            parts.append(_("{count} without a baseline").format(count=tally["no_baseline"]))
        if tally.get(NOT_JUDGED):
            parts.append(_("{count} without a target for {region}").format(count=tally[NOT_JUDGED], region=self.region))
        stale = sum(1 for row in self.rows if row.assessment.stale)
        if stale:
            parts.append(_("{count} stale").format(count=stale))
        return _("; ").join(parts)


class RegionFigures:
    """Figures of one region as known at `as_of`. A region with regions under it uses its
    own recorded figure when there is one, else the sum of its regions (stocks and flows);
    when both exist for the same period and differ, a note gives both numbers.

    Only the region reported on (`noted`) compares its own figure with its regions' sum;
    a region below it stops at its own figure, so the cost grows with the regions that
    lack one, never with the whole tree."""

    def __init__(self, store: Store, plan: Plan, region: str, as_of: date | None, noted: bool = True):
        self.store, self.plan, self.region, self.as_of, self.noted = store, plan, region, as_of, noted
        self.children = plan.children(region)
        self.notes: list[str] = []
        self._child_sources: list[RegionFigures] | None = None

    def _kids(self) -> list[RegionFigures]:
        if self._child_sources is None:
            self._child_sources = [RegionFigures(self.store, self.plan, c, self.as_of, noted=False)
                                   for c in self.children]
        return self._child_sources

    def latest(self, indicator: Indicator, on_or_before: date | None = None) -> Figure | None:
        own = self.store.figures.latest(indicator.key, self.region, self.as_of, on_or_before)
        return self._rolled_up(indicator, on_or_before, own)

    def _rolled_up(self, indicator: Indicator, on_or_before: date | None, own: Figure | None) -> Figure | None:
        """The region's figure given its `own` latest one: that, or its regions' sum."""
        if not self.children or not indicator.additive or (own is not None and not self.noted):
            return own
        summed = self._sum_latest(indicator, own.period.end if own else on_or_before, quiet=own is not None)
        if own is not None:
            if summed is not None and summed.period == own.period and not _same(summed.value, own.value):
                self.notes.append(f"{self.region}'s recorded {format_figure(own.value, indicator.unit)} for {own.period} "
                                  f"differs from the sum of its regions, {format_figure(summed.value, indicator.unit)}; "
                                  "the recorded figure is used")
            return own
        return summed

    def _sum_latest(self, indicator: Indicator, on_or_before: date | None, quiet: bool) -> Figure | None:
        owns = self.store.figures.latest_of_regions(indicator.key, self.children, self.as_of, on_or_before)
        figures = [(kid.region, kid._rolled_up(indicator, on_or_before, owns.get(kid.region))) for kid in self._kids()]
        present = [(name, f) for name, f in figures if f is not None]
        if not present:
            return None
        newest = max(f.period for _, f in present)
        if not quiet:
            missing = [name for name, f in figures if f is None]
            older = [f"{name} ({f.period})" for name, f in present if f.period.end < newest.end]
            if missing:
                self.notes.append(f"sum of regions for {newest}: no figure from {'、'.join(missing)}")
            if older:
                self.notes.append(f"sum of regions for {newest}: older figures carried forward from {'、'.join(older)}")
        return Figure(newest, sum(f.value for _, f in present))

    def earliest(self, indicator: Indicator) -> Figure | None:
        return self.store.figures.earliest(indicator.key, self.region, self.as_of)

    def flow_years(self, indicator: Indicator, first: date, last: date) -> dict[int, FlowYear]:
        own = self.store.figures.between(indicator.key, self.region, first, last, self.as_of)
        return self._flow_rolled_up(indicator, first, last, _flow_years(own, unit=indicator.unit))

    def _flow_rolled_up(self, indicator: Indicator, first: date, last: date, own: dict[int, FlowYear],
                        wanted: set[int] | None = None) -> dict[int, FlowYear]:
        """Year by year: the region's `own` year where it has one, else its regions' sum (of
        the `wanted` years only: a region below the one reported on is asked for no more)."""
        if not self.children:
            return own
        needed = set(range(first.year, last.year + 1)) if wanted is None else wanted
        if not self.noted:
            needed = needed - own.keys()
            if not needed:
                return own
            first, last = max(first, date(min(needed), 1, 1)), min(last, date(max(needed), 12, 31))
        figures = self.store.figures.between_of_regions(indicator.key, self.children, first, last, self.as_of)
        by_year: dict[int, list[FlowYear]] = defaultdict(list)
        for kid in self._kids():
            if not kid.children and kid.region not in figures:
                continue  # a region without figures in the span and without regions of its own adds nothing
            kid_own = _flow_years(figures.get(kid.region, []), needed, indicator.unit)
            for y, fy in kid._flow_rolled_up(indicator, first, last, kid_own, needed).items():
                by_year[y].append(fy)
        summed = {y: fy for y, parts in by_year.items() if (fy := engine.sum_flow_years(y, parts)) is not None}
        for y, fy in own.items():
            other = summed.get(y)
            if other is not None and other.months_covered == fy.months_covered and not _same(other.total, fy.total):
                self.notes.append(f"{self.region}'s recorded {y} total {format_figure(fy.total, indicator.unit)} differs "
                                  f"from the sum of its regions, {format_figure(other.total, indicator.unit)}; "
                                  "the recorded figures are used")
        return {**summed, **own}


def _flow_years(figures: list[Figure], years: set[int] | None = None, unit: str = "") -> dict[int, FlowYear]:
    """The flow's year totals from one region's figures (of `years` only, when given)."""
    by_year: dict[int, list[Figure]] = defaultdict(list)
    for figure in figures:
        if years is None or figure.period.year in years:
            by_year[figure.period.year].append(figure)
    return {y: fy for y, items in by_year.items() if (fy := engine.flow_year(y, items, unit)) is not None}


def _same(a: float, b: float) -> bool:
    return abs(a - b) <= 1e-9 * max(1.0, abs(a), abs(b))


def status_report(store: Store, plan: Plan, as_of: date | None = None, region: str | None = None,
                  notes: bool = True) -> StatusReport:
    """The status of every indicator for one region: periods ended by `as_of` (default
    today), as the store knows them (everything entered, or what it held at `store.known_at`).
    Without `notes`, a region's own figure is not compared with its regions' sum (the same
    values, none of the notes about the roll-up, and no reading of its regions' figures)."""
    place = plan.region(region).name
    today = as_of or date.today()
    rows, context = [], []
    for indicator in plan.indicators:
        row = assess_indicator(store, plan, indicator, place, as_of, notes)
        a = row.assessment
        if a.period is not None and a.method != "final":  # a verdict is on the target period: not stale
            a.stale = engine.is_stale(a.period.end, indicator.frequency, today)
        (rows if indicator.target is not None else context).append(row)
    return StatusReport(plan.info.name, place, today, as_of is not None, rows, context, store.known_at)


def assess_indicator(store: Store, plan: Plan, indicator: Indicator, region: str, as_of: date | None,
                     notes: bool = True) -> StatusRow:
    figures = RegionFigures(store, plan, region, as_of, noted=notes)
    target = indicator.target_for(region, plan.top_region.name)
    row = _assess(figures, plan, indicator, target, as_of or date.today())
    row.target = target
    row.assessment.notes = figures.notes + row.assessment.notes
    return row


def _assess(figures: RegionFigures, plan: Plan, indicator: Indicator, target: Target | None, day: date) -> StatusRow:
    direction = indicator.direction
    if target is None:
        return _not_judged(figures, plan, indicator)
    # after the deadline the verdict is on the target period: nothing later counts
    cutoff = target.period.end if engine.deadline_passed(target, day) else None
    if indicator.kind == "flow":
        first = date(target.period.year - FLOW_HISTORY_YEARS, 1, 1)
        years_data = figures.flow_years(indicator, first, target.period.end)
        baseline = _baseline(figures, indicator, target, years_data, first.year)
        return StatusRow(indicator, engine.assess_flow(target, direction, years_data, baseline, day))
    baseline = _baseline(figures, indicator, target)
    if indicator.kind == "survey":
        latest = figures.latest(indicator, on_or_before=cutoff)
        first = figures.earliest(indicator)
        previous = None
        if latest is not None:
            previous = figures.latest(indicator, on_or_before=latest.period.start - timedelta(days=1))
        return StatusRow(indicator, engine.assess_survey(target, direction, first, previous, latest, day))
    if indicator.kind == "ratio":
        parts: dict = {"numerator": indicator.numerator, "denominator": indicator.denominator}
        notes: list[str] = []
        latest = _ratio_figure(figures, plan, indicator, parts, notes, cutoff)
        ratio_baseline = _ratio_baseline(figures, plan, indicator, parts) if target is indicator.target else None
        assessment = engine.assess_stock(target, direction, latest, ratio_baseline, day)
        assessment.notes = notes + assessment.notes
        return StatusRow(indicator, assessment, parts)
    latest = figures.latest(indicator, on_or_before=cutoff)
    if indicator.kind == "milestone_count" and figures.region == plan.top_region.name:
        latest = _milestones_done(figures, plan, indicator, cutoff) or latest
    return StatusRow(indicator, engine.assess_stock(target, direction, latest, baseline, day))


def _baseline(figures: RegionFigures, indicator: Indicator, target: Target,
              years_read: dict[int, FlowYear] | None = None, first_year_read: int | None = None) -> Figure | None:
    """The city's target starts from the plan's baseline. A region's own target starts from
    the baseline the plan gives it, else from the region's recorded figure for the plan's
    baseline period (the city's baseline is never a county's). A flow's years already read
    from `first_year_read` on (`years_read`) are not read again."""
    if target is indicator.target:
        return Figure(indicator.baseline.period, indicator.baseline.value) if indicator.baseline else None
    if target.baseline is not None:
        return Figure(target.baseline.period, target.baseline.value)
    if indicator.baseline is None or indicator.kind not in ("stock", "flow"):
        return None
    period = indicator.baseline.period
    if indicator.kind == "flow":
        read = years_read is not None and first_year_read is not None and period.year >= first_year_read
        years_data = years_read if read else figures.flow_years(indicator, date(period.year, 1, 1), period.end)
        total = years_data.get(period.year)
        return Figure(period, total.total) if total is not None and total.complete else None
    figure = figures.latest(indicator, on_or_before=period.end)
    return figure if figure is not None and figure.period.end == period.end else None


def _not_judged(figures: RegionFigures, plan: Plan, indicator: Indicator) -> StatusRow:
    """No target here: the figure alone, by the same measure for every region (a flow's
    latest year to date, a stock's latest level)."""
    if indicator.kind == "ratio":
        latest = _ratio_figure(figures, plan, indicator, {}, [])
    elif indicator.kind == "flow":
        latest = _year_to_date(figures, indicator)
    else:
        latest = figures.latest(indicator)
    no_target = indicator.target is not None  # the city has a target, this region has none
    status = NOT_JUDGED if no_target else ("no_data" if latest is None else "no_baseline")
    assessment = Assessment(status, value=latest.value if latest else None, period=latest.period if latest else None)
    return StatusRow(indicator, assessment)


def _year_to_date(figures: RegionFigures, indicator: Indicator) -> Figure | None:
    """A flow's latest year, summed to date without double counting."""
    newest = figures.latest(indicator)
    if newest is None:
        return None
    year_flow = figures.flow_years(indicator, date(newest.period.year, 1, 1), year(newest.period.year).end)
    total = year_flow.get(newest.period.year)
    return Figure(total.last_period, total.total) if total is not None else newest


def _milestones_done(figures: RegionFigures, plan: Plan, indicator: Indicator, cutoff: date | None) -> Figure | None:
    """A milestone count comes from the milestones marked done (`ipcity milestone done`),
    so nothing is entered twice; the figure is as of the month of the status, or of the
    deadline once it has passed (milestones done later do not reach the verdict)."""
    from ipcity.status.work import milestone_count

    day = cutoff or figures.as_of or date.today()
    counted = milestone_count(plan, indicator.key, figures.store, day)
    if counted is None:
        return None
    done, _ = counted
    return Figure(period_containing(day, "month"), float(done))


def _ratio_figure(figures: RegionFigures, plan: Plan, indicator: Indicator, parts: dict, notes: list[str],
                  cutoff: date | None = None) -> Figure | None:
    """numerator / denominator * scale, with the denominator of the same or latest earlier year."""
    assert indicator.numerator and indicator.denominator
    numerator_ind, denominator_ind = plan.indicator(indicator.numerator), plan.indicator(indicator.denominator)
    numerator = figures.latest(numerator_ind, on_or_before=cutoff)
    if numerator is None:
        notes.append(f"no figure for {indicator.numerator}")
        return None
    denominator = figures.latest(denominator_ind, on_or_before=year(numerator.period.year).end)
    if denominator is None:
        notes.append(f"record {indicator.denominator} for {numerator.period.year} (or an earlier year)")
        return None
    value = engine.ratio_value(numerator.value, denominator.value, indicator.scale)
    if value is None:
        return None
    parts.update(numerator_value=numerator.value, numerator_period=str(numerator.period),
                 denominator_value=denominator.value, denominator_period=str(denominator.period))
    if denominator.period.year != numerator.period.year:
        notes.append(f"uses {indicator.denominator} of {denominator.period}")
    return Figure(numerator.period, value, numerator.entered)


def _ratio_baseline(figures: RegionFigures, plan: Plan, indicator: Indicator, parts: dict) -> Figure | None:
    """The ratio at the numerator's baseline, once the denominator of that year is recorded."""
    assert indicator.numerator and indicator.denominator
    numerator_ind = plan.indicator(indicator.numerator)
    if numerator_ind.baseline is None:
        return None
    base_period = numerator_ind.baseline.period
    denominator = figures.latest(plan.indicator(indicator.denominator), on_or_before=year(base_period.year).end)
    if denominator is None:
        return None
    value = engine.ratio_value(numerator_ind.baseline.value, denominator.value, indicator.scale)
    if value is None:
        return None
    parts["baseline_denominator_period"] = str(denominator.period)
    return Figure(base_period, value)


# --- one matrix: indicators down, regions across ------------------------------------------


@dataclass
class RegionMatrix:
    plan_name: str
    as_of: date
    regions: list[str]
    indicators: list[Indicator]
    cells: dict[tuple[str, str], StatusRow]  # (indicator key, region) -> row
    left_out: int = 0  # regions not computed because they would not have been shown


def region_matrix(store: Store, plan: Plan, as_of: date | None = None, fits=None, notes: bool = True) -> RegionMatrix:
    """The status of every region, in plan order. With `fits(region, rows)` (does one more
    column still fit a terminal?), regions are computed one by one until one does not fit,
    so a table of a province costs what it shows; without `notes` (a view that shows none),
    no region compares its own figure with its regions' sum."""
    from ipcity.status.bulk import BulkFigures

    regions = [r.name for r in plan.regions]
    if fits is None:  # all regions are shown: read their figures all at once
        store = store.with_figures(BulkFigures(store.figures, regions, as_of))
    cells, shown = {}, []
    for region in regions:
        report = status_report(store, plan, as_of, region, notes)
        rows = report.rows + report.context
        if fits is not None and shown and not fits(region, {row.indicator.key: row for row in rows}):
            break
        shown.append(region)
        for row in rows:
            cells[(row.indicator.key, region)] = row
    return RegionMatrix(plan.info.name, as_of or date.today(), shown, list(plan.indicators), cells,
                        len(regions) - len(shown))
