"""What is due for a month: the figures not yet recorded and the task reports not yet made,
each with the unit that sends it, for a reminder.

A figure is due when the month closes its period (every month for a monthly indicator, a
quarter's last month for a quarterly one, December for a yearly one). It is expected from
every region that has ever sent that indicator, else from the city; a current figure whose
period covers the one due (a quarter for its months) counts. A task report is due from every
task not done whose latest update is older than the month."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from ipcity.base.periods import Period, quarter, year
from ipcity.plan.model import Plan
from ipcity.status.work import task_states
from ipcity.store import Store


@dataclass
class DueItem:
    kind: str  # "figure" or "task"
    key: str  # indicator key or task number
    name: str  # indicator name or task title
    region: str | None
    period: str  # the period the figure is for; the month for a task report
    sender: str | None  # the unit that sent the last figure, or the task's first lead unit (牵头)
    latest: str | None = None  # the latest period recorded (figures) or the last update's day (tasks)

    def to_dict(self) -> dict:
        return {"kind": self.kind, "key": self.key, "name": self.name, "region": self.region,
                "period": self.period, "sender": self.sender, "latest": self.latest}


def period_due(frequency: str, month: Period) -> Period | None:
    """The period an indicator of this frequency closes in `month`, if any."""
    if frequency == "month":
        return month
    if frequency == "quarter":
        return quarter(month.year, (month.start.month - 1) // 3 + 1) if month.start.month % 3 == 0 else None
    return year(month.year) if month.start.month == 12 else None


def due_items(store: Store, plan: Plan, month: Period, as_of: date) -> list[DueItem]:
    counted = {m.indicator for m in plan.milestones if m.indicator}
    city = plan.top_region.name
    items: list[DueItem] = []
    for ind in plan.indicators:
        due = period_due(ind.frequency, month)
        if due is None or not ind.recordable or ind.key in counted:
            continue
        reporters = store.figures.reporting_regions(ind.key) or [city]
        order = {r.name: i for i, r in enumerate(plan.regions)}
        for region in sorted(reporters, key=lambda r: order.get(r, len(order))):
            if store.figures.covered(ind.key, region, due.start, due.end):
                continue
            latest = store.figures.latest(ind.key, region, None)
            items.append(DueItem("figure", ind.key, ind.name, region, str(due), store.figures.last_source(ind.key, region),
                                 str(latest.period) if latest else None))
    declared = {name: u.name for u in plan.units for name in (u.name, *u.aliases)}
    for state in task_states(store, plan, as_of):
        updated = state.record.updated_at
        if state.status == "done" or state.due < month.start:
            continue
        if updated is not None and updated.astimezone().date() >= month.start:
            continue
        lead = declared.get(state.lead_units[0], state.lead_units[0]) if state.lead_units else None
        items.append(DueItem("task", state.ref, state.title, None, str(month), lead,
                             updated.astimezone().date().isoformat() if updated else None))
    return items
