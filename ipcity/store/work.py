"""The work side in the database: task updates and milestone events. Every update is a new
row; the state of a task or milestone at a date is the latest row written by then."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, date, datetime

from sqlalchemy import select

from ipcity.store.db import Database, end_of_day, sqlite_datetime

TASK_STATUSES = ("not_started", "in_progress", "done", "blocked")
# What people type for a status: the code, or its Chinese name.
STATUS_NAMES = {"未开始": "not_started", "进行中": "in_progress", "完成": "done", "已完成": "done", "受阻": "blocked"}


def task_status(text: str | None) -> str | None:
    """A task status as typed (`done`, `完成`, `已完成` ...) as its code; an unknown one is refused."""
    from ipcity.base.errors import InputError

    if text is None:
        return None
    wanted = text.strip()
    code = wanted if wanted in TASK_STATUSES else STATUS_NAMES.get(wanted)
    if code is None:
        raise InputError(f"unknown status '{wanted}'",
                         "use one of " + ", ".join(f"{c} ({n})" for n, c in STATUS_NAMES.items() if n != "完成"))
    return code


@dataclass
class TaskRecord:
    """What the updates of one task say as of a date."""

    status: str = "not_started"
    updated_at: datetime | None = None
    updated_by: str | None = None
    note: str | None = None
    evidence: str | None = None
    counts: dict | None = None
    updates: int = 0


class Work:
    """Task updates and milestone events (`store.work`): writes through `db`, reads as the
    database stood at `known_at` (None: everything written so far)."""

    def __init__(self, db: Database, known_at: datetime | None = None):
        self.db = db
        self.known_at = known_at

    def add_task_update(self, ref: str, status: str | None, counts: dict[str, int], note: str | None,
                        evidence: str | None, now: datetime | None = None, on: date | None = None) -> None:
        """`on`: the day the update happened when it is typed later; the update then counts
        from that day (noon, local time) and the change log keeps the time it was typed."""
        from ipcity.store.models import TaskUpdate

        at = now or datetime.now(UTC)
        happened = datetime(on.year, on.month, on.day, 12).astimezone(UTC) if on is not None else at
        summary = f"task {ref}" + (f" → {status}" if status else "") + (
            " " + ", ".join(f"{k}={v}" for k, v in counts.items()) if counts else "") + (
            f" (dated {on})" if on is not None else "")
        with self.db.transaction(write=True) as conn:
            change_id = self.db.log_change(conn, "task", summary, evidence, at)
            conn.execute(TaskUpdate.__table__.insert().values(
                task=ref, status=status, counts=json.dumps(counts, ensure_ascii=False) if counts else None,
                note=note, evidence=evidence, at=happened, by=self.db.user(), change_id=change_id))

    def task_records(self, as_of: date | None = None) -> dict[str, TaskRecord]:
        """Every task's state from its updates written by the end of `as_of`."""
        from ipcity.store.models import TaskUpdate

        query = select(TaskUpdate.__table__).order_by(TaskUpdate.at, TaskUpdate.id)
        if as_of is not None:
            query = query.where(TaskUpdate.at < end_of_day(as_of).astimezone(UTC))  # stored in UTC
        if self.known_at is not None:
            query = query.where(TaskUpdate.at <= self.known_at)
        records: dict[str, TaskRecord] = {}
        for row in self.db.conn.execute(query):
            record = records.setdefault(row.task, TaskRecord(counts={}))
            record.updates += 1
            record.updated_at, record.updated_by = row.at, row.by
            if row.status:
                record.status = row.status
            if row.note:
                record.note = row.note
            if row.evidence:
                record.evidence = row.evidence
            if row.counts:
                record.counts.update(json.loads(row.counts))
        return records

    def task_history(self, ref: str) -> list:
        from ipcity.store.models import TaskUpdate

        query = select(TaskUpdate.__table__).where(TaskUpdate.task == ref).order_by(TaskUpdate.at, TaskUpdate.id)
        return [TaskUpdate(**row._mapping) for row in self.db.conn.execute(query)]

    def mark_milestone(self, key: str, done_on: date | None, note: str | None, now: datetime | None = None) -> None:
        from ipcity.store.models import MilestoneEvent

        at = now or datetime.now(UTC)
        summary = f"milestone {key} " + (f"done on {done_on}" if done_on else "marked not done")
        with self.db.transaction(write=True) as conn:
            change_id = self.db.log_change(conn, "milestone", summary, None, at)
            conn.execute(MilestoneEvent.__table__.insert().values(
                milestone_key=key, done_on=done_on, note=note, at=at, by=self.db.user(), change_id=change_id))

    def milestone_done_dates(self, as_of: date | None = None) -> dict[str, tuple[date | None, str | None]]:
        """milestone key -> (done date or None, note) from the latest event; a milestone done
        after `as_of` is not done yet at `as_of` (the done date, not the typing date, counts)."""
        state: dict[str, tuple[date | None, str | None]] = {}
        known = (" WHERE at <= ?", (sqlite_datetime(self.known_at),)) if self.known_at is not None else ("", ())
        rows = self.db.conn.exec_driver_sql(
            f"SELECT milestone_key, done_on, note FROM milestone_event{known[0]} ORDER BY at, id", known[1])
        for key, done_on, note in rows:  # plain SQL: the status path does not import the models
            state[key] = (_day(done_on), note)
        if as_of is not None:
            state = {k: (d if d is not None and d <= as_of else None, n) for k, (d, n) in state.items()}
        return state


def _day(value) -> date | None:
    """A DATE from plain SQL: text from SQLite, a date from PostgreSQL."""
    return date.fromisoformat(value) if isinstance(value, str) else value
