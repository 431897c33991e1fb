"""The monthly briefing as plain data: the status table, a chart per indicator, overdue
work by lead unit, figures that are stale or missing, and what changed since the last
snapshot. `ipcity.render.briefing_md`, `briefing_html` and `briefing_xlsx` show it."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from ipcity import engine
from ipcity.base.errors import InputError
from ipcity.base.periods import Period, month
from ipcity.plan.model import Plan
from ipcity.status.document import status_dict
from ipcity.status.indicators import StatusReport, StatusRow, status_report
from ipcity.status.snapshots import SnapshotDiff, diff_snapshots, is_month
from ipcity.status.work import WorkStatus, work_status
from ipcity.store import Store
from ipcity.store.db import parse_stored_time

EARLIEST = date(1900, 1, 1)


@dataclass
class Point:
    label: str  # the period, e.g. 2024-06
    day: date  # where it sits on the time axis (the period's end)
    value: float


@dataclass
class Chart:
    """Actuals against the straight line from baseline to target, and the projection."""

    key: str
    name: str
    unit: str
    kind: str
    status: str
    actual: list[Point]
    plan_line: list[Point] = field(default_factory=list)  # baseline (or start of year) to target
    projection: list[Point] = field(default_factory=list)  # latest actual to the projected value
    target: float | None = None
    caption: str = ""  # what the values are (e.g. "year to date 2024")


@dataclass
class MissingFigure:
    key: str
    name: str
    frequency: str
    latest: str | None  # the latest period the region has, None when it has none
    state: str  # "missing", "stale" or "ok" (the region is fine, regions under it are not)
    regions_missing: list[str]  # regions under it without any figure
    regions_stale: list[str]
    last_source: str | None  # who sent the last figure, i.e. whom to ask
    regions_below: int = 0  # how many regions there are under this one


@dataclass
class FigureUsed:
    key: str
    name: str
    period: str
    value: float
    unit: str
    source: str | None
    note: str | None
    recorded_by: str | None


@dataclass
class Briefing:
    period: Period
    as_of: date
    status: StatusReport
    charts: list[Chart]
    work: WorkStatus | None
    missing: list[MissingFigure]
    figures: list[FigureUsed]
    changes: SnapshotDiff | None  # None when no earlier snapshot exists
    since: str | None  # the month of that snapshot
    snapshot_taken_at: datetime | None = None  # briefed as this month's snapshot froze it
    known_at: datetime | None = None  # the database as it stood then (None: live figures)


def build_briefing(store: Store, plan: Plan, period: Period, as_of: date, region: str | None = None,
                   snapshot=None) -> Briefing:
    """The briefing for `period`. With the month's stored `snapshot`, every part is built
    from the database as it stood when the snapshot was taken, at the snapshot's date, so
    the briefing shows what the snapshot froze; corrections made since need `snapshot --refresh`.
    The caller's `store` is left as it was (a view at the snapshot's moment is read instead)."""
    taken_at = None
    if snapshot is not None:
        taken_at = parse_stored_time(snapshot.taken_at)
        store, as_of = store.at(taken_at), snapshot.as_of
    status = status_report(store, plan, as_of, region)
    work = work_status(store, plan, as_of)
    charts = [chart_for(store, row, status.region, as_of) for row in status.rows]
    if period.kind == "month":
        changes, since = _changes(store, plan, status, work, period, as_of)
    else:
        changes, since = _changes_over(store, plan, status, work, period, as_of)
    return Briefing(period, as_of, status, charts, work, _missing(store, plan, status, as_of),
                    _figures_used(store, status, as_of), changes, since, taken_at, store.known_at)


def chart_for(store: Store, row: StatusRow, region: str, as_of: date) -> Chart:
    ind, a = row.indicator, row.assessment
    chart = Chart(ind.key, ind.name, ind.unit, ind.kind, a.status, [], target=a.target)
    target_day = ind.target.period.end if ind.target else None
    if a.flow is not None:  # a flow: the judged year's running total against a straight year
        flow = a.flow
        chart.caption = f"{flow.year} year to date"
        chart.actual = [Point(str(month(flow.year, m)), month(flow.year, m).end, total)
                        for m, total in sorted(flow.cumulative.items())]
        if ind.target is not None and flow.year == ind.target.period.year and a.target is not None:
            chart.plan_line = [Point(f"{flow.year}", date(flow.year, 1, 1), 0.0), Point(str(ind.target.period),
                                                                                        target_day, a.target)]
    else:
        if ind.kind == "ratio":
            chart.actual = [Point(str(a.period), a.period.end, a.value)] if a.value is not None else []
        else:
            chart.actual = [Point(str(f.period), f.period.end, f.value)
                            for f in store.figures.between(ind.key, region, EARLIEST, as_of, as_of)]
        if a.baseline is not None and a.baseline_period is not None and a.target is not None and target_day:
            chart.plan_line = [Point(str(a.baseline_period), a.baseline_period.end, a.baseline),
                               Point(str(ind.target.period), target_day, a.target)]
    if a.projected is not None and a.period is not None and a.value is not None and target_day and a.status != "achieved":
        start = chart.actual[-1] if chart.actual else Point(str(a.period), a.period.end, a.value)
        chart.projection = [start, Point(f"{ind.target.period}", target_day, a.projected)]
    return chart


def _missing(store: Store, plan: Plan, status: StatusReport, as_of: date) -> list[MissingFigure]:
    """Recordable indicators whose figure is missing or stale here or in a region below."""
    children = [r.name for r in plan.regions if r.parent == status.region]
    result = []
    for row in status.rows + status.context:
        ind, a = row.indicator, row.assessment
        if not ind.recordable:
            continue
        missing, stale = [], []
        for child in children:
            latest = store.figures.latest(ind.key, child, as_of)
            if latest is None:
                missing.append(child)
            elif engine.is_stale(latest.period.end, ind.frequency, as_of):
                stale.append(child)
        state = "missing" if a.period is None else ("stale" if a.stale else "ok")
        if state == "ok" and not missing and not stale:
            continue
        result.append(MissingFigure(ind.key, ind.name, ind.frequency, str(a.period) if a.period else None, state,
                                    missing, stale, store.figures.last_source(ind.key, status.region), len(children)))
    return result


def _figures_used(store: Store, status: StatusReport, as_of: date) -> list[FigureUsed]:
    """The stored figure behind each latest value, with its source and note."""
    used = []
    for row in status.rows + status.context:
        a = row.assessment
        if a.period is None or not row.indicator.recordable:
            continue
        o = store.figures.figure_as_known(row.indicator.key, status.region, str(a.period))
        if o is not None:
            used.append(FigureUsed(row.indicator.key, row.indicator.name, o.period, o.value, row.indicator.unit,
                                   o.source, o.note, o.recorded_by))
    return used


def _changes(store, plan, status, work, period, as_of) -> tuple[SnapshotDiff | None, str | None]:
    earlier = [s for s in store.snapshots.all() if is_month(s.period) and s.period < str(period)]
    if not earlier:
        return None, None
    previous = json.loads(earlier[-1].data)
    now = _document(plan, str(period), status, work)
    try:
        return diff_snapshots(previous, now, status.region, new_label=f"{period} (as of {as_of})"), earlier[-1].period
    except InputError:  # the earlier snapshot has no such region (an older plan)
        return None, earlier[-1].period


def _changes_over(store, plan, status, work, period, as_of) -> tuple[SnapshotDiff | None, str | None]:
    """A quarter's, half-year's or year's change: the status on the day before it began
    against the status at its end, both read at the same clock."""
    before_day = period.start - timedelta(days=1)
    earlier = status_report(store, plan, before_day, status.region)
    old = _document(plan, str(before_day), earlier, work_status(store, plan, before_day))
    now = _document(plan, str(period), status, work)
    return diff_snapshots(old, now, status.region, new_label=f"{period} (as of {as_of})"), str(before_day)


def _document(plan: Plan, label: str, status: StatusReport, work: WorkStatus | None) -> dict:
    """One region's status and the work, laid out as a snapshot stores them (for `diff_snapshots`)."""
    return {"period": label, "region": plan.top_region.name, "regions": [status_dict(status)],
            "tasks": work.to_dict() if work else {}}
