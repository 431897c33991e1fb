"""Assemble reports as plain data: the store answers, the engine judges, renderers show."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta

from ipcity import engine
from ipcity.engine import Assessment
from ipcity.periods import Figure, year
from ipcity.plan import Indicator, Plan
from ipcity.store import Store

FLOW_HISTORY_YEARS = 5  # earlier years read for a flow's previous-year check and seasonal share
ATTENTION = ("moderate", "limited", "deterioration")
GOOD = ("achieved", "on_track")


@dataclass
class StatusRow:
    indicator: Indicator
    assessment: Assessment
    parts: dict = field(default_factory=dict)  # a ratio's numerator and denominator as used


@dataclass
class StatusReport:
    plan_name: str
    region: str
    as_of: date
    as_of_given: bool
    rows: list[StatusRow]
    context: list[StatusRow]  # indicators without a target (population): shown, not judged

    def counts(self) -> dict[str, int]:
        tally = {status: 0 for status in engine.STATUSES}
        for row in self.rows:
            tally[row.assessment.status] += 1
        return tally

    def summary(self) -> str:
        tally = self.counts()
        good = sum(tally[s] for s in GOOD)
        attention = sum(tally[s] for s in ATTENTION)
        parts = [f"{good} of {len(self.rows)} on track or achieved"]
        if attention:
            detail = ", ".join(f"{tally[s]} {s.replace('_', ' ')}" for s in ATTENTION if tally[s])
            parts.append(f"{attention} need{'s' if attention == 1 else ''} attention ({detail})")
        if tally["no_data"]:
            parts.append(f"{tally['no_data']} without data")
        if tally["no_baseline"]:
            parts.append(f"{tally['no_baseline']} without a baseline")
        stale = sum(1 for row in self.rows if row.assessment.stale)
        if stale:
            parts.append(f"{stale} stale")
        return "; ".join(parts)


def status_report(store: Store, plan: Plan, as_of: date | None = None, region: str | None = None) -> StatusReport:
    """The status of every indicator for one region, as known at the end of `as_of`."""
    place = plan.region(region).name
    today = as_of or date.today()
    rows, context = [], []
    for indicator in plan.indicators:
        row = assess_indicator(store, plan, indicator, place, as_of)
        a = row.assessment
        if a.period is not None:
            a.stale = engine.is_stale(a.period.end, indicator.frequency, today)
        (rows if indicator.target is not None else context).append(row)
    return StatusReport(plan.info.name, place, today, as_of is not None, rows, context)


def assess_indicator(store: Store, plan: Plan, indicator: Indicator, region: str, as_of: date | None) -> StatusRow:
    key, target, direction = indicator.key, indicator.target, indicator.direction
    baseline = Figure(indicator.baseline.period, indicator.baseline.value) if indicator.baseline else None
    if target is None:
        latest = store.latest(key, region, as_of)
        return StatusRow(indicator, Assessment("no_data" if latest is None else "no_baseline",
                                               value=latest.value if latest else None,
                                               period=latest.period if latest else None))
    if indicator.kind == "flow":
        lowest = date(target.period.year - FLOW_HISTORY_YEARS, 1, 1)
        figures = store.figures_between(key, region, lowest, target.period.end, as_of)
        by_year: dict[int, list[Figure]] = defaultdict(list)
        for figure in figures:
            by_year[figure.period.year].append(figure)
        years_data = {y: fy for y, items in by_year.items() if (fy := engine.flow_year(y, items)) is not None}
        return StatusRow(indicator, engine.assess_flow(target, direction, years_data, baseline))
    if indicator.kind == "survey":
        latest = store.latest(key, region, as_of)
        first = store.earliest(key, region, as_of)
        previous = None
        if latest is not None:
            previous = store.latest(key, region, as_of, on_or_before=latest.period.start - timedelta(days=1))
        return StatusRow(indicator, engine.assess_survey(target, direction, first, previous, latest))
    if indicator.kind == "ratio":
        return _assess_ratio(store, plan, indicator, region, as_of)
    latest = store.latest(key, region, as_of)
    return StatusRow(indicator, engine.assess_stock(target, direction, latest, baseline))


def _assess_ratio(store: Store, plan: Plan, indicator: Indicator, region: str, as_of: date | None) -> StatusRow:
    """numerator / denominator * scale, with the denominator of the same or latest earlier year."""
    assert indicator.target is not None and indicator.numerator and indicator.denominator
    numerator_ind = plan.indicator(indicator.numerator)
    parts: dict = {"numerator": indicator.numerator, "denominator": indicator.denominator}
    notes = []
    latest = None
    numerator = store.latest(indicator.numerator, region, as_of)
    if numerator is None:
        notes.append(f"no figure for {indicator.numerator}")
    else:
        denominator = store.latest(indicator.denominator, region, as_of, on_or_before=year(numerator.period.year).end)
        if denominator is None:
            notes.append(f"record {indicator.denominator} for {numerator.period.year} (or an earlier year)")
        else:
            value = engine.ratio_value(numerator.value, denominator.value, indicator.scale)
            if value is not None:
                latest = Figure(numerator.period, value)
                parts.update(numerator_value=numerator.value, numerator_period=str(numerator.period),
                             denominator_value=denominator.value, denominator_period=str(denominator.period))
                if denominator.period.year != numerator.period.year:
                    notes.append(f"uses {indicator.denominator} of {denominator.period}")
    baseline = None
    if numerator_ind.baseline is not None:
        base_period = numerator_ind.baseline.period
        denominator = store.latest(indicator.denominator, region, as_of, on_or_before=year(base_period.year).end)
        if denominator is not None:
            value = engine.ratio_value(numerator_ind.baseline.value, denominator.value, indicator.scale)
            if value is not None:
                baseline = Figure(base_period, value)
                parts["baseline_denominator_period"] = str(denominator.period)
    assessment = engine.assess_stock(indicator.target, indicator.direction, latest, baseline)
    assessment.notes = notes + assessment.notes
    return StatusRow(indicator, assessment, parts)


# --- tasks and milestones -------------------------------------------------------------
# Snapshots and the briefing read the work side of the plan through `work_status` only.
# For now it knows what the plan alone says: a task or milestone is overdue once its due
# date has passed by `as_of` (nothing records completion yet), and which lead units carry
# which tasks. When task tracking is in the store (task updates, milestone done dates),
# read them here and mark the items "done"; callers need not change.

WORK_STATES = ("pending", "overdue", "done")


@dataclass
class WorkItem:
    kind: str  # "task" or "milestone"
    ref: str  # the task number, or the milestone key
    title: str
    due: date
    lead_units: tuple[str, ...]  # empty when the plan names none
    status: str  # one of WORK_STATES

    def to_dict(self) -> dict:
        return {"kind": self.kind, "ref": self.ref, "title": self.title, "due": self.due.isoformat(),
                "lead_units": list(self.lead_units), "status": self.status}


@dataclass
class WorkStatus:
    as_of: date
    source: str  # "plan": due dates only; "store": with recorded progress
    items: list[WorkItem]

    def overdue_by_unit(self) -> dict[str, list[WorkItem]]:
        """Overdue items under each lead unit ("" when the plan names none)."""
        grouped: dict[str, list[WorkItem]] = defaultdict(list)
        for item in self.items:
            if item.status == "overdue":
                for unit in item.lead_units or ("",):
                    grouped[unit].append(item)
        return dict(sorted(grouped.items(), key=lambda kv: (kv[0] == "", kv[0])))

    def to_dict(self) -> dict:
        counts = {kind: {state: 0 for state in WORK_STATES} for kind in ("task", "milestone")}
        by_unit: dict[str, dict[str, int]] = defaultdict(lambda: {"tasks": 0, "overdue": 0})
        for item in self.items:
            counts[item.kind][item.status] += 1
            for unit in item.lead_units:
                by_unit[unit]["tasks"] += item.kind == "task"
                by_unit[unit]["overdue"] += item.status == "overdue"
        return {"as_of": self.as_of.isoformat(), "source": self.source, "tasks": counts["task"],
                "milestones": counts["milestone"], "by_unit": dict(by_unit),
                "items": [item.to_dict() for item in self.items]}


def work_status(store: Store | None, plan: Plan, as_of: date) -> WorkStatus | None:
    """Tasks and milestones as known at `as_of`; None when the plan has neither.
    `store` is unused until task tracking records progress there."""
    if not plan.tasks and not plan.milestones:
        return None

    def state(due: date) -> str:
        return "overdue" if due < as_of else "pending"

    items = [WorkItem("task", str(t.number), t.title, t.due, t.lead_units, state(t.due)) for t in plan.tasks]
    for milestone in plan.milestones:
        units = tuple(dict.fromkeys(u for t in plan.tasks if milestone.key in t.milestones for u in t.lead_units))
        if not units and milestone.region:
            units = (milestone.region,)
        items.append(WorkItem("milestone", milestone.key, milestone.name, milestone.due, units, state(milestone.due)))
    return WorkStatus(as_of, "plan", items)
