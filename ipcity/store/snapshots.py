"""Monthly snapshots in the database (`store.snapshots`): the month's status frozen as JSON.
A refreshed snapshot stamps the old one superseded, and the old one stays."""

from __future__ import annotations

from datetime import UTC, date, datetime
from collections.abc import Callable

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError

from ipcity.store.db import Database


class Snapshots:
    """Reads see the snapshots current at `known_at` (None: those current now)."""

    def __init__(self, db: Database, known_at: datetime | None = None):
        self.db = db
        self.known_at = known_at

    def current(self, period: str):
        from ipcity.store.models import Snapshot

        SNAP = Snapshot.__table__.c
        query = select(Snapshot.__table__).where(SNAP.period == period)
        if self.known_at is None:
            query = query.where(SNAP.superseded_at.is_(None))
        else:  # the one current at that moment
            query = query.where(SNAP.taken_at <= self.known_at).where(
                SNAP.superseded_at.is_(None) | (SNAP.superseded_at > self.known_at))
        row = self.db.conn.execute(query).first()
        return Snapshot(**row._mapping) if row else None

    def all(self, include_replaced: bool = False) -> list:
        from ipcity.store.models import Snapshot

        SNAP = Snapshot.__table__.c
        query = select(Snapshot.__table__)
        if self.known_at is not None:  # the snapshots as they stood then
            query = query.where(SNAP.taken_at <= self.known_at)
            if not include_replaced:
                query = query.where(SNAP.superseded_at.is_(None) | (SNAP.superseded_at > self.known_at))
        elif not include_replaced:
            query = query.where(SNAP.superseded_at.is_(None))
        return [Snapshot(**row._mapping) for row in self.db.conn.execute(query.order_by(SNAP.period, SNAP.taken_at))]

    def save(self, period: str, as_of: date, compute: Callable[[], str], refresh: bool = False,
                      now: datetime | None = None) -> tuple[str, object, object]:
        """Store the month's snapshot, `compute()` giving its JSON, unless it is already
        stored (`refresh` replaces it and keeps the old one). Returns (action, snapshot,
        previous), action being "taken", "refreshed" or "already". The write lock is taken
        first (BEGIN IMMEDIATE), so two runs at once end with one snapshot, and `compute`
        runs under it; the unique index on the current month is the last guard."""
        from ipcity.store.models import Snapshot

        SNAP = Snapshot.__table__.c
        at = now or datetime.now(UTC)
        try:
            with self.db.transaction(write=True) as conn:
                existing = self.current(period)
                if existing is not None and not refresh:
                    return "already", existing, None
                data = compute()
                change_id = self.db.log_change(
                    conn, "snapshot",
                    f"snapshot {period} as of {as_of}" + (" (refresh)" if existing is not None else ""), None, at)
                if existing is not None:
                    conn.execute(update(Snapshot).where(SNAP.id == existing.id).values(superseded_at=at))
                values = {"period": period, "as_of": as_of, "taken_at": at, "taken_by": self.db.user(), "data": data,
                          "change_id": change_id}
                try:
                    new_id = conn.execute(Snapshot.__table__.insert().values(**values)).inserted_primary_key[0]
                except IntegrityError:
                    raise _TakenMeanwhile from None
        except _TakenMeanwhile:
            return "already", self.current(period), None
        return ("refreshed" if existing is not None else "taken"), Snapshot(id=new_id, **values), existing


class _TakenMeanwhile(Exception):
    """Another process stored the same month between our check and our insert."""
