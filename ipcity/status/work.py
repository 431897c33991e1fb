"""The work side of the plan as plain data: tasks with their status and sub-targets,
milestones, the lead units who need a call, and the whole of it as pending, overdue or
done at a date (`work_status`, which snapshots and the briefing read)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from ipcity.base.errors import InputError
from ipcity.plan.model import Milestone, Plan, SubTarget, Task, Unit
from ipcity.store import Store, TaskRecord


@dataclass
class SubTargetState:
    subtarget: SubTarget
    count: int | None

    @property
    def met(self) -> bool:
        return self.count is not None and self.count >= self.subtarget.min

    @property
    def wanted(self) -> str:
        s = self.subtarget
        return f"{s.min}–{s.max}" if s.max is not None and s.max != s.min else f"{s.min}"

    @property
    def text(self) -> str:
        return f"{self.count if self.count is not None else 0} of {self.wanted}"


@dataclass
class TaskState:
    ref: str  # "7", or "S1" for a safeguard
    title: str
    group: str | None
    lead_units: tuple[str, ...]
    due: date
    record: TaskRecord
    subtargets: list[SubTargetState] = field(default_factory=list)
    overdue: bool = False
    text: str = ""

    @property
    def status(self) -> str:
        return self.record.status

    @property
    def subtarget_text(self) -> str:
        return "; ".join(s.text for s in self.subtargets)


@dataclass
class MilestoneState:
    milestone: Milestone
    done_on: date | None
    note: str | None
    overdue: bool

    @property
    def status(self) -> str:
        return "done" if self.done_on else ("overdue" if self.overdue else "pending")


@dataclass
class UnitRow:
    unit: str
    kind: str
    led: int = 0
    done: int = 0
    in_progress: int = 0
    blocked: int = 0
    not_started: int = 0
    overdue: int = 0
    tasks: list[str] = field(default_factory=list)


def task_dict(state: TaskState) -> dict:
    """One task as JSON-ready data (`ipcity tasks --format json`)."""
    r = state.record
    return {
        "number": state.ref, "group": state.group, "title": state.title, "lead_units": list(state.lead_units),
        "status": state.status, "due": state.due.isoformat(), "overdue": state.overdue,
        "subtargets": [{"key": s.subtarget.key, "text": s.subtarget.text, "min": s.subtarget.min,
                        "max": s.subtarget.max, "count": s.count, "met": s.met} for s in state.subtargets],
        "updated_at": r.updated_at.astimezone().isoformat(timespec="seconds") if r.updated_at else None,
        "updated_by": r.updated_by, "note": r.note, "evidence": r.evidence,
    }


def milestone_dict(state: MilestoneState) -> dict:
    m = state.milestone
    return {"key": m.key, "name": m.name, "due": m.due.isoformat(),
            "done_on": state.done_on.isoformat() if state.done_on else None, "status": state.status,
            "indicator": m.indicator, "region": m.region, "note": state.note}


UNIT_FIELDS = ("unit", "kind", "led", "done", "in_progress", "blocked", "not_started", "overdue")


def task_ref(text: str, plan: Plan) -> tuple[str, Task | None]:
    """'7' → key task 7; 'S1' → safeguard 1. Unknown numbers are refused."""
    raw = str(text).strip().upper()
    refs = [str(t.number) for t in plan.tasks] + [f"S{s.number}" for s in plan.safeguards]
    if raw not in refs:
        raise InputError(f"unknown task '{text}'", f"key tasks are 1–{len(plan.tasks)}, safeguards S1–S{len(plan.safeguards)}"
                         "; run `ipcity tasks` to list them")
    task = next((t for t in plan.tasks if str(t.number) == raw), None)
    return raw, task


def task_states(store: Store, plan: Plan, as_of: date | None = None) -> list[TaskState]:
    today = as_of or date.today()
    records = store.work.task_records(as_of)
    states = []
    for task in plan.tasks:
        record = records.get(str(task.number), TaskRecord(counts={}))
        subs = [SubTargetState(s, (record.counts or {}).get(s.key)) for s in task.subtargets]
        states.append(TaskState(str(task.number), task.title, task.group, task.lead_units, task.due, record, subs,
                                record.status != "done" and today > task.due, task.text))
    for guard in plan.safeguards:
        ref = f"S{guard.number}"
        record = records.get(ref, TaskRecord(counts={}))
        states.append(TaskState(ref, guard.title, None, guard.lead_units, plan.info.end, record, [],
                                record.status != "done" and today > plan.info.end, guard.text))
    return states


def milestone_states(store: Store, plan: Plan, as_of: date | None = None) -> list[MilestoneState]:
    today = as_of or date.today()
    done = store.work.milestone_done_dates(as_of)
    result = []
    for m in plan.milestones:
        done_on, note = done.get(m.key, (None, None))
        result.append(MilestoneState(m, done_on, note, done_on is None and today > m.due))
    return result


def leads(unit: Unit, state: TaskState) -> bool:
    return any(name == unit.name or name in unit.aliases for name in state.lead_units)


def unit_rows(plan: Plan, states: list[TaskState]) -> list[UnitRow]:
    """Every lead unit with its tasks' states, those who need a call first."""
    rows = []
    for unit in plan.units:
        row = UnitRow(unit.name, unit.kind)
        for state in states:
            if not leads(unit, state):
                continue
            row.led += 1
            row.tasks.append(state.ref)
            setattr(row, state.status, getattr(row, state.status) + 1)
            row.overdue += state.overdue
        if row.led:
            rows.append(row)
    order = {u.name: i for i, u in enumerate(plan.units)}
    return sorted(rows, key=lambda r: (-r.overdue, -r.blocked, -(r.led - r.done), order[r.unit]))


def done_blockers(state: TaskState, counts: dict[str, int]) -> list[str]:
    """Why `done` needs --force: sub-targets still below their minimum."""
    reasons = []
    for sub in state.subtargets:
        count = counts.get(sub.subtarget.key, sub.count)
        if count is None or count < sub.subtarget.min:
            reasons.append(f"{sub.subtarget.key} is {count or 0}, the plan asks for {sub.wanted} ({sub.subtarget.text})")
    return reasons


def milestone_count(plan: Plan, indicator_key: str, store: Store, as_of: date | None) -> tuple[int, date | None] | None:
    """How many of the milestones counting towards an indicator are done, and when the last
    was. None when the plan ties no milestone to it, or when no milestone has been marked
    yet at all (then nobody tracks them yet: no data, rather than a count of zero)."""
    tied = [m for m in plan.milestones if m.indicator == indicator_key]
    if not tied:
        return None
    done = store.work.milestone_done_dates(None)
    if not done:
        return None
    done = store.work.milestone_done_dates(as_of)
    dates = [done[m.key][0] for m in tied if m.key in done and done[m.key][0] is not None]
    return len(dates), max(dates) if dates else None


# --- tasks and milestones -------------------------------------------------------------
# Snapshots and the briefing read the work side of the plan through `work_status` only:
# each task, safeguard and milestone as pending, overdue or done at `as_of`, with its lead
# units, from the updates recorded with `ipcity task update` and `ipcity milestone done`.

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
        counts = {kind: dict.fromkeys(WORK_STATES, 0) for kind in ("task", "milestone")}
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
    """Tasks and milestones as known at `as_of`; None when the plan has neither. Without a
    store only the plan's due dates are known ("plan"); with one, recorded progress too."""
    if not plan.tasks and not plan.safeguards and not plan.milestones:
        return None
    declared = {name: u.name for u in plan.units for name in (u.name, *u.aliases)}

    def named(units) -> tuple[str, ...]:
        """Each lead unit under its declared name, once (a task may write an alias)."""
        return tuple(dict.fromkeys(declared.get(u, u) for u in units))

    def units_of(milestone) -> tuple[str, ...]:
        units = named(u for t in plan.tasks if milestone.key in t.milestones for u in t.lead_units)
        return units or ((milestone.region,) if milestone.region else ())

    if store is None:
        def state(due: date) -> str:
            return "overdue" if due < as_of else "pending"

        items = [WorkItem("task", str(t.number), t.title, t.due, named(t.lead_units), state(t.due)) for t in plan.tasks]
        items += [WorkItem("milestone", m.key, m.name, m.due, units_of(m), state(m.due)) for m in plan.milestones]
        return WorkStatus(as_of, "plan", items)
    items = []
    for task in task_states(store, plan, as_of):
        status = "done" if task.status == "done" else ("overdue" if task.overdue else "pending")
        items.append(WorkItem("task", task.ref, task.title, task.due, named(task.lead_units), status))
    for m in milestone_states(store, plan, as_of):
        items.append(WorkItem("milestone", m.milestone.key, m.milestone.name, m.milestone.due, units_of(m.milestone),
                              m.status))
    return WorkStatus(as_of, "store", items)
