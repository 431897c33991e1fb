"""Task updates and milestone events in the database. Every update is a new row; the state
of a task or milestone at a date is the latest row written by then."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import select

from ipcity.store import Store, current_user

TASK_STATUSES = ("not_started", "in_progress", "done", "blocked")


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


def _cutoff(as_of: date | None) -> datetime | None:
    return None if as_of is None else datetime.combine(as_of + timedelta(days=1), time()).astimezone()


def add_task_update(store: Store, ref: str, status: str | None, counts: dict[str, int], note: str | None,
                    evidence: str | None, now: datetime | None = None) -> None:
    from ipcity.models import Change, TaskUpdate

    at = now or datetime.now(UTC)
    summary = f"task {ref}" + (f" → {status}" if status else "") + (
        " " + ", ".join(f"{k}={v}" for k, v in counts.items()) if counts else "")
    with store.transaction(write=True) as conn:
        change_id = conn.execute(Change.__table__.insert().values(
            at=at, by=current_user(), action="task", summary=summary, source=evidence)).inserted_primary_key[0]
        conn.execute(TaskUpdate.__table__.insert().values(
            task=ref, status=status, counts=json.dumps(counts, ensure_ascii=False) if counts else None,
            note=note, evidence=evidence, at=at, by=current_user(), change_id=change_id))


def task_records(store: Store, as_of: date | None = None) -> dict[str, TaskRecord]:
    """Every task's state from its updates written by the end of `as_of`."""
    from ipcity.models import TaskUpdate

    query = select(TaskUpdate.__table__).order_by(TaskUpdate.at, TaskUpdate.id)
    if (cutoff := _cutoff(as_of)) is not None:
        query = query.where(TaskUpdate.at < cutoff)
    records: dict[str, TaskRecord] = {}
    for row in store.conn.execute(query):
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


def task_history(store: Store, ref: str) -> list:
    from ipcity.models import TaskUpdate

    query = select(TaskUpdate.__table__).where(TaskUpdate.task == ref).order_by(TaskUpdate.at, TaskUpdate.id)
    return [TaskUpdate(**row._mapping) for row in store.conn.execute(query)]


def mark_milestone(store: Store, key: str, done_on: date | None, note: str | None, now: datetime | None = None) -> None:
    from ipcity.models import Change, MilestoneEvent

    at = now or datetime.now(UTC)
    summary = f"milestone {key} " + (f"done on {done_on}" if done_on else "marked not done")
    with store.transaction(write=True) as conn:
        change_id = conn.execute(Change.__table__.insert().values(
            at=at, by=current_user(), action="milestone", summary=summary, source=None)).inserted_primary_key[0]
        conn.execute(MilestoneEvent.__table__.insert().values(
            milestone_key=key, done_on=done_on, note=note, at=at, by=current_user(), change_id=change_id))


def milestone_done_dates(store: Store, as_of: date | None = None) -> dict[str, tuple[date | None, str | None]]:
    """milestone key -> (done date or None, note) from the latest event; a milestone done
    after `as_of` is not done yet at `as_of` (the done date, not the typing date, counts)."""
    state: dict[str, tuple[date | None, str | None]] = {}
    rows = store.conn.exec_driver_sql("SELECT milestone_key, done_on, note FROM milestone_event ORDER BY at, id")
    for key, done_on, note in rows:  # plain SQL: the status path does not import the models
        state[key] = (date.fromisoformat(done_on) if done_on else None, note)
    if as_of is not None:
        state = {k: (d if d is not None and d <= as_of else None, n) for k, (d, n) in state.items()}
    return state
