"""The plan inside the database: every plan ever loaded (the newest is in force), its
regions and indicators as rows that figures refer to, and what a new load changes."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import Connection, bindparam, func, select

from ipcity.base.errors import StoreError
from ipcity.plan.load import PlanSource, plan_from_json
from ipcity.store.db import Database


@dataclass
class PlanChanges:
    loaded: bool
    summary: list[str]


class PlanRows:
    """The plan in force (`store.plan`): the newest load, and loading a new one."""

    def __init__(self, db: Database):
        self.db = db

    def source(self) -> PlanSource:
        row = self.db.conn.exec_driver_sql("SELECT plan_json FROM plan_load ORDER BY id DESC LIMIT 1").scalar()
        if row is None:
            raise StoreError(f"no plan is loaded in {self.db.path}", "run `ipcity init` to load it")
        return plan_from_json(row)

    def load(self, source: PlanSource, now: datetime | None = None) -> PlanChanges:
        """Load `source` unless it is the plan already in force; report what changed."""
        from ipcity.store.models import PlanLoad

        text = source.to_json()
        digest = hashlib.sha256(text.encode()).hexdigest()
        with self.db.transaction(write=True) as conn:
            previous = conn.execute(select(PlanLoad.__table__).order_by(PlanLoad.id.desc()).limit(1)).first()
            if previous is not None and previous.digest == digest:
                return PlanChanges(False, ["the plan is already loaded; nothing changed"])
            old = plan_from_json(previous.plan_json).raw if previous is not None else None
            summary = _plan_diff(old, source.raw)
            self._sync_plan_rows(conn, source)
            at = now or datetime.now(UTC)
            conn.execute(
                PlanLoad.__table__.insert().values(
                    loaded_at=at, loaded_by=self.db.user(), source=str(source.folder or ""), digest=digest, plan_json=text
                )
            )
            self.db.log_change(conn, "plan", "; ".join(summary), str(source.folder or ""), at)
        return PlanChanges(True, summary)

    def _sync_plan_rows(self, conn: Connection, source: PlanSource) -> None:
        from ipcity.store.models import IndicatorRow, Observation, RegionRow

        OBS = Observation.__table__.c
        plan = source.plan
        wanted_regions = {r.name for r in plan.regions}
        wanted_keys = {i.key for i in plan.indicators}
        for table, column, wanted, what in (
            (RegionRow, OBS.region, wanted_regions, "region"),
            (IndicatorRow, OBS.indicator_key, wanted_keys, "indicator"),
        ):
            pk = table.__table__.primary_key.columns.values()[0]
            for (name,) in conn.execute(select(pk)).all():
                if name in wanted:
                    continue
                used = conn.execute(select(func.count()).where(column == name)).scalar_one()
                if used:
                    raise StoreError(
                        f"the new plan drops the {what} '{name}', which has {used} recorded figures",
                        f"keep the {what} in the plan (figures are never deleted)",
                    )
                conn.execute(table.__table__.delete().where(pk == name))
        _upsert(conn, RegionRow, "name", [{"name": r.name, "kind": r.kind, "parent": r.parent, "position": position}
                                          for position, r in enumerate(plan.regions)])
        _upsert(conn, IndicatorRow, "key", [{"key": i.key, "name": i.name, "kind": i.kind, "unit": i.unit,
                                             "position": position} for position, i in enumerate(plan.indicators)])


def _upsert(conn: Connection, model, key: str, rows: list[dict]) -> None:
    """Insert the rows that are new and update the others: two statements, whatever the
    number of rows (a province's thousands of regions)."""
    table = model.__table__
    existing = {value for (value,) in conn.execute(select(table.c[key]))}
    updates = [{**row, "old_key": row[key]} for row in rows if row[key] in existing]
    inserts = [row for row in rows if row[key] not in existing]
    if updates:
        columns = {name: bindparam(name) for name in rows[0] if name != key}
        conn.execute(table.update().where(table.c[key] == bindparam("old_key")).values(**columns), updates)
    if inserts:
        conn.execute(table.insert(), inserts)


def _plan_diff(old: dict | None, new: dict) -> list[str]:
    """Human summary of what a plan load changes, by section and key."""
    sections = (
        ("targets", "indicators", "key", "indicators"),
        ("targets", "regions", "name", "regions"),
        ("targets", "milestones", "key", "milestones"),
        ("tasks", "tasks", "number", "tasks"),
        ("tasks", "safeguards", "number", "safeguards"),
        ("tasks", "units", "name", "lead units"),
    )
    if old is None:
        counts = [f"{len((new.get(f) or {}).get(s) or [])} {label}" for f, s, _, label in sections]
        return ["plan loaded: " + ", ".join(counts)]
    lines = []
    for file, section, key, label in sections:
        before = {str(item.get(key)): item for item in (old.get(file) or {}).get(section) or []}
        after = {str(item.get(key)): item for item in (new.get(file) or {}).get(section) or []}
        for verb, names in (
            ("added", [k for k in after if k not in before]),
            ("removed", [k for k in before if k not in after]),
            ("changed", [k for k in after if k in before and after[k] != before[k]]),
        ):
            if names:
                lines.append(f"{label} {verb}: {', '.join(names)}")
    other = {k: v for k, v in new.get("targets", {}).items() if k not in ("indicators", "regions", "milestones")}
    old_other = {k: v for k, v in old.get("targets", {}).items() if k not in ("indicators", "regions", "milestones")}
    if other != old_other:
        lines.append("plan details changed")
    return lines or ["plan reloaded (formatting only)"]


