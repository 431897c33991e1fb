"""The store: one SQLite file (or a PostgreSQL database) holding the plan in force, every
figure with its history, the work done on tasks and milestones, the monthly snapshots and
the change log.

`db` opens, migrates and runs transactions and writes the change log; a `Store` is made of
parts that each hold one kind of row and are given the database they work on:
`store.plan`, `store.figures`, `store.work`, `store.snapshots` and `store.changes`. `models`
and `migrations` are the schema. The store knows the plan's data types but no judgement
(the engine) and no output (render, cli)."""

from __future__ import annotations

import os
from datetime import UTC, datetime

from ipcity.store.changes import ChangeLog
from ipcity.store.db import Database, current_user, database_exists, default_db_path
from ipcity.store.figures import Figures, ImportOutcome, NewObservation, RecordOutcome
from ipcity.store.plan_rows import PlanChanges, PlanRows
from ipcity.store.snapshots import Snapshots
from ipcity.store.work import TASK_STATUSES, TaskRecord, Work, task_status

__all__ = [
    "TASK_STATUSES",
    "ImportOutcome",
    "NewObservation",
    "PlanChanges",
    "RecordOutcome",
    "Store",
    "TaskRecord",
    "current_user",
    "database_exists",
    "default_db_path",
    "task_status",
]


class Store:
    """An open ipcity database: `Store.open(path)`, then its parts; close it (or use `with`).

    `known_at` (transaction time) makes every read answer with what the database held at
    that moment: rows written later, and corrections made later, are not seen. A store
    opened is live (None); `store.at(moment)` is a view of the same database at a moment."""

    def __init__(self, db: Database, known_at: datetime | None = None):
        self.db = db
        self._known_at = known_at.astimezone(UTC) if known_at is not None else None  # stored times are UTC
        self.plan = PlanRows(db)
        self.figures = Figures(db, self._known_at)
        self.work = Work(db, self._known_at)
        self.snapshots = Snapshots(db, self._known_at)
        self.changes = ChangeLog(db)

    @classmethod
    def open(cls, path: str | os.PathLike, create: bool = False, busy_timeout_ms: int | None = None,
             on_wait=None) -> Store:
        """Open (with `create`, make) the file or the server's database: see `Database.open`."""
        return cls(Database.open(path, create=create, busy_timeout_ms=busy_timeout_ms, on_wait=on_wait))

    @property
    def known_at(self) -> datetime | None:
        return self._known_at

    def at(self, moment: datetime | None) -> Store:
        """The same database read as it stood at `moment` (None: live). The view shares this
        store's connection: closing either closes both; this store is left as it was."""
        return Store(self.db, moment)

    def with_figures(self, figures) -> Store:
        """This store with another figures part (one that answers the same questions, such
        as a cache of every region's figures read at once)."""
        view = Store(self.db, self._known_at)
        view.figures = figures
        return view

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc) -> None:
        self.close()
