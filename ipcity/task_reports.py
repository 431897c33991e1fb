"""The work side of the plan as plain data: tasks with their status and sub-targets,
milestones, and the lead units who need a call."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from ipcity.errors import InputError
from ipcity.plan import Milestone, Plan, SubTarget, Task, Unit
from ipcity.store import Store
from ipcity.task_store import TaskRecord, milestone_done_dates, task_records


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
    records = task_records(store, as_of)
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
    done = milestone_done_dates(store, as_of)
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
    done = milestone_done_dates(store, None)
    if not done:
        return None
    done = milestone_done_dates(store, as_of)
    dates = [done[m.key][0] for m in tied if m.key in done and done[m.key][0] is not None]
    return len(dates), max(dates) if dates else None
