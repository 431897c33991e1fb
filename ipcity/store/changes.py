"""The change log read back (`store.changes`): every write adds a row to it (see
`Database.log_change`); these read it, newest first, or the few rows a listing needs."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from sqlalchemy import func, select

from ipcity.store.db import Database, start_of_day

if TYPE_CHECKING:
    from ipcity.store.models import Change

IDS_PER_QUERY = 500  # bound parameters per query stay far below every database's limit


class ChangeLog:
    def __init__(self, db: Database):
        self.db = db

    def recent(self, limit: int | None = None, since: date | None = None) -> list[Change]:
        """The change log, newest first: the newest `limit` changes (all when None), made on
        or after the start of `since`."""
        from ipcity.store.models import Change

        query = select(Change.__table__).order_by(Change.id.desc())
        if since is not None:
            query = query.where(Change.__table__.c.at >= start_of_day(since))
        if limit:
            query = query.limit(limit)
        return [Change(**row._mapping) for row in self.db.conn.execute(query)]

    def count(self, since: date | None = None) -> int:
        from ipcity.store.models import Change

        query = select(func.count()).select_from(Change.__table__)
        if since is not None:
            query = query.where(Change.__table__.c.at >= start_of_day(since))
        return self.db.conn.execute(query).scalar_one()

    def by_id(self, ids) -> dict[int, object]:
        """The changes with these ids (rows with `action` and `source`), by id: what a
        listing of a few figures needs, never the whole log."""
        wanted = sorted({i for i in ids if i is not None})
        found = {}
        for start in range(0, len(wanted), IDS_PER_QUERY):
            batch = wanted[start:start + IDS_PER_QUERY]
            marks = ", ".join("?" for _ in batch)
            for row in self.db.conn.exec_driver_sql(f"SELECT id, action, source FROM change WHERE id IN ({marks})",
                                                    tuple(batch)):
                found[row.id] = row
        return found

    def labels_of_observations(self, include_history: bool = False) -> dict[int, str]:
        """`action source` of every change that brought in a current figure (or any
        figure): what `export` writes beside them, read without the rest of the log."""
        current = "" if include_history else " WHERE superseded_at IS NULL"
        rows = self.db.conn.exec_driver_sql(
            "SELECT id, action, source FROM change WHERE id IN "
            f"(SELECT DISTINCT change_id FROM observation{current})"
        )
        return {id_: f"{action} {source or ''}".strip() for id_, action, source in rows}
