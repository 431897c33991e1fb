"""Copying a whole store to another database, SQLite to PostgreSQL or back: every table,
row for row with its id (the plan loads, every figure with its history, task updates,
milestone events, snapshots and the change log), in one transaction on the target; then
the two compared table by table, so a copy that is not identical is reported, not kept."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select

from ipcity.base.errors import StoreError

# In the order their references need: a row's change, region and indicator come first.
TABLES = ("plan_load", "region", "indicator", "change", "observation", "task_update", "milestone_event", "snapshot")
CHUNK = 5000  # rows read and written per round trip


@dataclass
class CopyOutcome:
    rows: dict[str, int]  # table -> rows copied (and found identical)

    def summary(self) -> str:
        r = self.rows
        return (f"{r['observation']} figure versions, {r['task_update']} task updates, "
                f"{r['milestone_event']} milestone events, {r['snapshot']} snapshots, "
                f"{r['change']} change log entries, {r['plan_load']} plan loads")


def _tables():
    from sqlmodel import SQLModel

    from ipcity.store import models  # noqa: F401 - registers the tables

    return [SQLModel.metadata.tables[name] for name in TABLES]


def copy_store(source, target) -> CopyOutcome:
    """Copy every row of `source` into `target`, which must be empty; then verify."""
    tables = _tables()
    held = target.db.conn.execute(select(func.count()).select_from(tables[0])).scalar_one()
    if held or target.db.conn.execute(select(func.count()).select_from(tables[3])).scalar_one():
        raise StoreError(f"{target.db.path} already holds an ipcity store",
                         "copy into a new file or an empty database; nothing was changed")
    rows: dict[str, int] = {}
    with target.db.transaction(write=True) as conn:
        for table in tables:
            rows[table.name] = 0
            batch: list[dict] = []
            for row in _rows(source, table):
                batch.append(dict(row._mapping))
                if len(batch) >= CHUNK:
                    conn.execute(table.insert(), batch)
                    rows[table.name] += len(batch)
                    batch = []
            if batch:
                conn.execute(table.insert(), batch)
                rows[table.name] += len(batch)
        if target.db.pg is not None:
            target.db.pg.reset_identities(conn, [t.name for t in tables if "id" in t.c])
    for table in tables:
        mismatch = _first_difference(source, target, table)
        if mismatch is not None:
            raise StoreError(f"the copy in {target.db.path} differs from {source.db.path} in table {table.name} ({mismatch})",
                             "report this as a bug; the source is unchanged")
    return CopyOutcome(rows)


def _rows(store, table):
    """Every row of `table` in id order, read in batches."""
    with store.db.streaming():
        yield from store.db.conn.execute(select(table).order_by(*table.primary_key.columns).execution_options(yield_per=CHUNK))


def _first_difference(source, target, table) -> str | None:
    """None when both hold the same rows; else what differs first."""
    mine, theirs = _rows(source, table), _rows(target, table)
    for count, (a, b) in enumerate(zip(mine, theirs, strict=False)):
        if tuple(a) != tuple(b):
            return f"row {count + 1}: {tuple(a)!r} became {tuple(b)!r}"
    rest_a, rest_b = sum(1 for _ in mine), sum(1 for _ in theirs)
    if rest_a or rest_b:
        return f"{rest_a} rows missing, {rest_b} rows extra"
    return None
