"""The store: one SQLite file holding the plan in force, every figure with its history, the
work done on tasks and milestones, the monthly snapshots and the change log.

`db` opens, migrates and runs transactions and writes the change log; `plan_rows`, `figures`
and `work` each hold one kind of row; `models` and `migrations` are the schema. Everything
is reached through one `Store`. The store knows the plan's data types but no judgement
(the engine) and no output (render, cli)."""

from __future__ import annotations

from ipcity.store.db import Database, current_user, database_exists, default_db_path
from ipcity.store.figures import Figures, ImportOutcome, NewObservation, RecordOutcome
from ipcity.store.plan_rows import PlanChanges, PlanRows
from ipcity.store.work import TASK_STATUSES, TaskRecord, Work, task_status

__all__ = [
    "Store", "NewObservation", "RecordOutcome", "ImportOutcome", "PlanChanges", "TaskRecord", "TASK_STATUSES",
    "current_user", "database_exists", "default_db_path", "task_status",
]


class Store(PlanRows, Figures, Work, Database):
    """An open ipcity database: `Store.open(path)`, then its methods; close it (or use `with`)."""
