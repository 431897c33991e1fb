"""The SQLite file: open and migrate it, load the plan into it, record figures, and answer
the few queries the engine needs (each through an index)."""

from __future__ import annotations

import getpass
import hashlib
import os
import sqlite3
from contextlib import contextmanager
from functools import lru_cache
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Iterator

from sqlalchemy import Connection, bindparam, create_engine, event, func, select, update
from sqlalchemy.exc import DBAPIError, IntegrityError
from sqlalchemy.pool import NullPool

from ipcity.errors import ConflictError, StoreError
from ipcity.migrations import MIGRATIONS, SCHEMA_VERSION
from ipcity.periods import Figure, Period, parse_period
from ipcity.plan_files import PlanSource, plan_from_json

DB_FILE = "ipcity.db"
SQLITE_HEADER = b"SQLite format 3\x00"

if TYPE_CHECKING:
    from ipcity.models import Change, Observation

# The SQLModel classes cost a fifth of a second's import budget; the status path reads with
# plain SQL below and imports them only to write or to hand out whole rows.


def default_db_path() -> Path:
    """$IPCITY_DB, else ipcity.db in the user data directory."""
    if env := os.environ.get("IPCITY_DB"):
        return Path(env).expanduser()
    from platformdirs import user_data_dir

    return Path(user_data_dir("ipcity", appauthor=False)) / DB_FILE


@lru_cache(maxsize=1)
def current_user() -> str | None:
    try:
        return getpass.getuser()
    except Exception:  # no user name on this system (e.g. a container without passwd)
        return None


@dataclass
class NewObservation:
    indicator_key: str
    region: str
    period: Period
    value: float
    source: str | None = None
    note: str | None = None


@dataclass
class RecordOutcome:
    action: str  # "added", "corrected" or "unchanged"
    observation: NewObservation
    previous: Observation | None = None


@dataclass
class ImportOutcome:
    added: int = 0
    corrected: int = 0
    unchanged: int = 0
    errors: list = field(default_factory=list)  # RowError-like objects, every one of them
    samples: dict = field(default_factory=lambda: {"added": [], "corrected": [], "unchanged": []})
    change_id: int | None = None

    @property
    def written(self) -> int:
        return self.added + self.corrected


IMPORT_CHUNK = 500  # rows looked up and written per round trip
SAMPLES = 10  # rows of each kind remembered for the dry-run listing


@dataclass
class PlanChanges:
    loaded: bool
    summary: list[str]


class Store:
    def __init__(self, path: Path, conn: Connection):
        self.path = path
        self.conn = conn

    # --- opening ---------------------------------------------------------------------

    @classmethod
    def open(cls, path: str | os.PathLike, create: bool = False, busy_timeout_ms: int | None = None) -> "Store":
        path = Path(path).expanduser()
        if busy_timeout_ms is None:
            busy_timeout_ms = int(os.environ.get("IPCITY_BUSY_TIMEOUT_MS", "5000"))
        if path.is_dir():
            raise StoreError(f"{path} is a folder, not a database file", "pass --db with a file name, e.g. --db ipcity.db")
        if not path.exists():
            if not create:
                raise StoreError(
                    f"no database at {path}",
                    "run `ipcity init` to create it, or point --db / IPCITY_DB at an existing file",
                )
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise StoreError(f"cannot create the folder {path.parent} ({exc.strerror})", "pass --db with a writable path") from None
        elif path.stat().st_size:
            try:
                with open(path, "rb") as handle:
                    header = handle.read(16)
            except OSError as exc:
                raise StoreError(f"cannot read {path} ({exc.strerror})", "check the file's permissions") from None
            if header != SQLITE_HEADER:
                raise StoreError(f"{path} is not an SQLite database", "pass --db with an ipcity database, or a new file name")
        engine = create_engine(f"sqlite:///{path}", poolclass=NullPool)

        @event.listens_for(engine, "connect")
        def _on_connect(dbapi_connection, _record):
            dbapi_connection.isolation_level = None  # we issue BEGIN ourselves
            dbapi_connection.execute(f"PRAGMA busy_timeout = {int(busy_timeout_ms)}")
            dbapi_connection.execute("PRAGMA foreign_keys = ON")

        try:
            conn = engine.connect()
        except DBAPIError as exc:
            raise _store_error(exc, path) from None
        store = cls(path, conn)
        try:
            store._migrate(create)
        except BaseException:
            store.close()
            raise
        return store

    def close(self) -> None:
        self.conn.close()
        self.conn.engine.dispose()

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    @contextmanager
    def transaction(self, write: bool = False) -> Iterator[Connection]:
        """A transaction; `write` takes the write lock at once (BEGIN IMMEDIATE)."""
        conn = self.conn
        try:
            conn.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")
            try:
                yield conn
            except BaseException:
                conn.rollback()
                raise
            conn.commit()
        except DBAPIError as exc:
            raise _store_error(exc, self.path) from None

    def schema_version(self) -> int:
        return self.conn.exec_driver_sql("PRAGMA user_version").scalar_one()

    def _migrate(self, create: bool) -> None:
        try:
            version = self.schema_version()
            if version > SCHEMA_VERSION:
                raise StoreError(
                    f"{self.path} was written by a newer ipcity (schema {version}, this one knows {SCHEMA_VERSION})",
                    "upgrade ipcity (pip install -U ipcity) to use it",
                )
            if version == 0:
                tables = self.conn.exec_driver_sql("SELECT count(*) FROM sqlite_master").scalar_one()
                if tables:
                    raise StoreError(f"{self.path} is an SQLite database but not an ipcity one", "pass --db with a new file name")
            if version < SCHEMA_VERSION:
                mode = self.conn.exec_driver_sql("PRAGMA journal_mode").scalar_one()
                if mode != "wal":
                    self.conn.exec_driver_sql("PRAGMA journal_mode = WAL")
                for number in range(version, SCHEMA_VERSION):
                    with self.transaction(write=True) as conn:
                        MIGRATIONS[number](conn.exec_driver_sql)
                        conn.exec_driver_sql(f"PRAGMA user_version = {number + 1}")
        except DBAPIError as exc:
            raise _store_error(exc, self.path) from None

    # --- the plan ----------------------------------------------------------------------

    def plan_source(self) -> PlanSource:
        row = self.conn.exec_driver_sql("SELECT plan_json FROM plan_load ORDER BY id DESC LIMIT 1").scalar()
        if row is None:
            raise StoreError(f"no plan is loaded in {self.path}", "run `ipcity init` to load it")
        return plan_from_json(row)

    def load_plan(self, source: PlanSource, now: datetime | None = None) -> PlanChanges:
        """Load `source` unless it is the plan already in force; report what changed."""
        from ipcity.models import Change, PlanLoad

        text = source.to_json()
        digest = hashlib.sha256(text.encode()).hexdigest()
        with self.transaction(write=True) as conn:
            previous = conn.execute(select(PlanLoad.__table__).order_by(PlanLoad.id.desc()).limit(1)).first()
            if previous is not None and previous.digest == digest:
                return PlanChanges(False, ["the plan is already loaded; nothing changed"])
            old = plan_from_json(previous.plan_json).raw if previous is not None else None
            summary = _plan_diff(old, source.raw)
            self._sync_plan_rows(conn, source)
            at = now or datetime.now(UTC)
            conn.execute(
                PlanLoad.__table__.insert().values(
                    loaded_at=at, loaded_by=current_user(), source=str(source.folder or ""), digest=digest, plan_json=text
                )
            )
            conn.execute(
                Change.__table__.insert().values(
                    at=at, by=current_user(), action="plan", summary="; ".join(summary), source=str(source.folder or "")
                )
            )
        return PlanChanges(True, summary)

    def _sync_plan_rows(self, conn: Connection, source: PlanSource) -> None:
        from ipcity.models import IndicatorRow, Observation, RegionRow

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
        for position, region in enumerate(plan.regions):
            _upsert(conn, RegionRow, {"name": region.name}, kind=region.kind, parent=region.parent, position=position)
        for position, ind in enumerate(plan.indicators):
            _upsert(conn, IndicatorRow, {"key": ind.key}, name=ind.name, kind=ind.kind, unit=ind.unit, position=position)

    # --- recording ---------------------------------------------------------------------

    def current(self, indicator_key: str, region: str, period: str) -> Observation | None:
        from ipcity.models import Observation

        OBS = Observation.__table__.c
        query = select(Observation.__table__).where(
            OBS.indicator_key == indicator_key, OBS.region == region, OBS.period == period, OBS.superseded_at.is_(None)
        )
        row = self.conn.execute(query).first()
        return Observation(**row._mapping) if row else None

    def record(
        self,
        new: NewObservation,
        correct: bool = False,
        dry_run: bool = False,
        now: datetime | None = None,
        describe=None,
    ) -> RecordOutcome:
        """Add `new`; refuse to replace a different current value unless `correct`.

        `describe(value)` formats a value for the refusal message."""
        from ipcity.models import Change, Observation

        OBS = Observation.__table__.c
        at = now or datetime.now(UTC)
        with self.transaction(write=True) as conn:
            existing = self.current(new.indicator_key, new.region, str(new.period))
            if existing is not None and existing.value == new.value and not correct:
                return RecordOutcome("unchanged", new, existing)
            if existing is not None and not correct:
                shown = describe(existing.value) if describe else f"{existing.value:g}"
                who = f" by {existing.recorded_by}" if existing.recorded_by else ""
                source = f", source: {existing.source}" if existing.source else ""
                raise ConflictError(
                    f"{new.indicator_key} for {new.region} {new.period} is already {shown} "
                    f"(recorded {existing.recorded_at.astimezone():%Y-%m-%d %H:%M}{who}{source})",
                    "to replace it, run the same command with --correct; the old value stays in the history",
                )
            action = "corrected" if existing is not None else "added"
            outcome = RecordOutcome(action, new, existing)
            if dry_run:
                return outcome
            change_id = conn.execute(
                Change.__table__.insert().values(
                    at=at, by=current_user(), action="correct" if existing is not None else "record",
                    summary=f"{new.indicator_key} {new.region} {new.period} = {new.value:g}"
                    + (f" (was {existing.value:g})" if existing is not None else ""),
                    source=new.source,
                )
            ).inserted_primary_key[0]
            if existing is not None:
                conn.execute(update(Observation).where(OBS.id == existing.id).values(superseded_at=at))
            try:
                conn.execute(
                    Observation.__table__.insert().values(
                        indicator_key=new.indicator_key, region=new.region, period=str(new.period),
                        period_start=new.period.start, period_end=new.period.end, value=new.value,
                        source=new.source, note=new.note, recorded_at=at, recorded_by=current_user(),
                        version=(existing.version + 1) if existing is not None else 1, change_id=change_id,
                    )
                )
            except IntegrityError:
                raise StoreError(
                    f"{new.indicator_key} for {new.region} {new.period} was recorded by someone else just now",
                    "run the command again to see the value now stored",
                ) from None
        return outcome

    def import_rows(self, rows, label: str, correct: bool = False, dry_run: bool = False,
                    now: datetime | None = None, conflict_error=None) -> ImportOutcome:
        """Write every parsed row in one transaction, or none of them.

        `rows` yields (row number, NewObservation or an error object). Rows are looked up and
        inserted in chunks, so a file of any size holds only a chunk in memory. After the
        first error nothing more is written, but every row is still checked so that all
        errors are reported; then the transaction is rolled back. `conflict_error(row,
        new, existing)` builds the error for a changed value without --correct."""
        at = now or datetime.now(UTC)
        outcome = ImportOutcome()
        seen: dict[tuple[str, str, str], int] = {}  # key -> row number, for duplicates inside the file
        try:
            self._import(rows, label, correct, dry_run, at, conflict_error, outcome, seen)
        except _Rollback:
            pass
        return outcome

    def _import(self, rows, label, correct, dry_run, at, conflict_error, outcome, seen) -> None:
        from ipcity.models import Change

        with self.transaction(write=True) as conn:
            outcome.change_id = conn.execute(
                Change.__table__.insert().values(at=at, by=current_user(), action="import", summary="", source=label)
            ).inserted_primary_key[0]
            chunk: list[tuple[int, NewObservation]] = []
            for number, item in rows:
                if not isinstance(item, NewObservation):
                    outcome.errors.append(item)
                    continue
                key = (item.indicator_key, item.region, str(item.period))
                if key in seen:
                    outcome.errors.append(_Duplicate(number, key, seen[key]))
                    continue
                seen[key] = number
                chunk.append((number, item))
                if len(chunk) >= IMPORT_CHUNK:
                    self._import_chunk(conn, chunk, outcome, correct, at, conflict_error)
                    chunk = []
            if chunk:
                self._import_chunk(conn, chunk, outcome, correct, at, conflict_error)
            if outcome.errors or dry_run or not outcome.written:
                raise _Rollback
            conn.execute(
                update(Change).where(Change.id == outcome.change_id).values(
                    summary=f"imported {label}: {outcome.added} added, {outcome.corrected} corrected, "
                    f"{outcome.unchanged} unchanged"
                )
            )

    def _import_chunk(self, conn: Connection, chunk, outcome: ImportOutcome, correct: bool, at: datetime, conflict_error) -> None:
        values = ", ".join("(?, ?, ?)" for _ in chunk)
        params = [p for _, o in chunk for p in (o.indicator_key, o.region, str(o.period))]
        existing = {  # one indexed lookup per row, through the observation_current index
            (r[1], r[2], r[3]): r
            for r in conn.exec_driver_sql(
                f"WITH wanted (k, r, p) AS (VALUES {values}) "
                "SELECT o.id, o.indicator_key, o.region, o.period, o.value, o.version "
                "FROM wanted JOIN observation AS o INDEXED BY observation_current "
                "ON o.indicator_key = wanted.k AND o.region = wanted.r AND o.period = wanted.p "
                "WHERE o.superseded_at IS NULL",
                tuple(params),
            )
        }
        inserts, superseded = [], []
        stamp, user = _sqlite_datetime(at), current_user()
        for number, new in chunk:
            old = existing.get((new.indicator_key, new.region, str(new.period)))
            if old is not None and old.value == new.value:
                outcome.unchanged += 1
                _sample(outcome, "unchanged", number, new)
                continue
            if old is not None and not correct:
                outcome.errors.append(conflict_error(number, new, old) if conflict_error else (number, new, old))
                continue
            kind = "corrected" if old is not None else "added"
            setattr(outcome, kind, getattr(outcome, kind) + 1)
            _sample(outcome, kind, number, new, old.value if old is not None else None)
            if outcome.errors:
                continue  # keep checking, stop writing
            if old is not None:
                superseded.append({"old_id": old.id})
            inserts.append((
                new.indicator_key, new.region, str(new.period), new.period.start.isoformat(),
                new.period.end.isoformat(), new.value, new.source, new.note, stamp, user,
                old.version + 1 if old is not None else 1, outcome.change_id,
            ))
        if outcome.errors:
            return
        if superseded:
            from ipcity.models import Observation

            table = Observation.__table__
            conn.execute(table.update().where(table.c.id == bindparam("old_id")).values(superseded_at=at), superseded)
        if inserts:  # the plain DB-API executemany: SQLAlchemy's per-row processing would triple the cost
            conn.exec_driver_sql(
                "INSERT INTO observation (indicator_key, region, period, period_start, period_end, value, source, "
                "note, recorded_at, recorded_by, version, change_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                inserts,
            )

    def changes(self, limit: int | None = None) -> list[Change]:
        """The change log, newest first."""
        from ipcity.models import Change

        query = select(Change.__table__).order_by(Change.id.desc())
        if limit:
            query = query.limit(limit)
        return [Change(**row._mapping) for row in self.conn.execute(query)]

    def observations(self, include_history: bool = False) -> Iterator[Observation]:
        """Every current observation (or every version), streamed in a stable order."""
        from ipcity.models import Observation

        OBS = Observation.__table__.c
        query = select(Observation.__table__)
        if not include_history:
            query = query.where(OBS.superseded_at.is_(None))
        query = query.order_by(OBS.indicator_key, OBS.region, OBS.period_end, OBS.period, OBS.version)
        # rows, not SQLModel objects: building one costs 100 µs, which is minutes for a big export
        yield from self.conn.execution_options(yield_per=1000).execute(query)

    def history(self, indicator_key: str, region: str) -> list[Observation]:
        from ipcity.models import Observation

        OBS = Observation.__table__.c
        query = (
            select(Observation.__table__)
            .where(OBS.indicator_key == indicator_key, OBS.region == region)
            .order_by(OBS.period_end, OBS.period, OBS.version)
        )
        return list(self.conn.execute(query))  # rows with the observation's columns as attributes

    # --- what the engine needs ---------------------------------------------------------

    def latest(self, indicator_key: str, region: str, as_of: date | None, on_or_before: date | None = None) -> Figure | None:
        """The newest figure visible at `as_of`, optionally with a period ending by `on_or_before`."""
        where, params = _visible(as_of)
        if on_or_before is not None:
            where += " AND period_end <= ?"
            params += (on_or_before.isoformat(),)
        row = self.conn.exec_driver_sql(
            f"SELECT period, value FROM observation WHERE indicator_key = ? AND region = ?{where} "
            "ORDER BY period_end DESC, period_start DESC LIMIT 1",
            (indicator_key, region, *params),
        ).first()
        return Figure(parse_period(row[0]), row[1]) if row else None

    def earliest(self, indicator_key: str, region: str, as_of: date | None) -> Figure | None:
        where, params = _visible(as_of)
        row = self.conn.exec_driver_sql(
            f"SELECT period, value FROM observation WHERE indicator_key = ? AND region = ?{where} "
            "ORDER BY period_end, period_start DESC LIMIT 1",
            (indicator_key, region, *params),
        ).first()
        return Figure(parse_period(row[0]), row[1]) if row else None

    def figures_between(self, indicator_key: str, region: str, start: date, end: date, as_of: date | None) -> list[Figure]:
        """Every visible figure whose period lies within [start, end]."""
        where, params = _visible(as_of)
        rows = self.conn.exec_driver_sql(
            "SELECT period, value FROM observation WHERE indicator_key = ? AND region = ? "
            f"AND period_end >= ? AND period_end <= ? AND period_start >= ?{where} ORDER BY period_end",
            (indicator_key, region, start.isoformat(), end.isoformat(), start.isoformat(), *params),
        )
        return [Figure(parse_period(period), value) for period, value in rows]


class _Rollback(Exception):
    """Ends an import's transaction without writing (errors found, or a dry run)."""


@dataclass
class _Duplicate:
    row: int
    key: tuple
    first: int

    @property
    def column(self) -> str:
        return "period"

    def __str__(self) -> str:
        indicator, region, period = self.key
        return f"row {self.row}: {indicator} {region} {period} appears again (first in row {self.first}); keep one row"


def _sqlite_datetime(at: datetime) -> str:
    """How SQLAlchemy stores a UTCDateTime in SQLite, for the raw bulk insert."""
    return at.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S.%f")


def _sample(outcome: ImportOutcome, kind: str, number: int, new: NewObservation, old: float | None = None) -> None:
    if len(outcome.samples[kind]) < SAMPLES:
        outcome.samples[kind].append((number, new, old))


def _visible(as_of: date | None) -> tuple[str, tuple]:
    """SQL conditions (and their parameters) for the version of each figure that was current
    at the end of `as_of`: periods ended by then, and corrections made by then (the first
    version always counts, whenever it was typed in)."""
    if as_of is None:
        return " AND superseded_at IS NULL", ()
    cutoff = _sqlite_datetime(datetime.combine(as_of + timedelta(days=1), time()).astimezone())  # local midnight
    return (
        " AND period_end <= ? AND (version = 1 OR recorded_at < ?) AND (superseded_at IS NULL OR superseded_at >= ?)",
        (as_of.isoformat(), cutoff, cutoff),
    )


def _upsert(conn: Connection, model, key: dict, **values) -> None:
    table = model.__table__
    (column, value), = key.items()
    exists = conn.execute(select(func.count()).select_from(table).where(table.c[column] == value)).scalar_one()
    if exists:
        conn.execute(table.update().where(table.c[column] == value).values(**values))
    else:
        conn.execute(table.insert().values(**key, **values))


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


def _store_error(exc: DBAPIError, path: Path) -> StoreError:
    text = str(exc.orig) if isinstance(exc.orig, sqlite3.Error) else str(exc)
    if "locked" in text or "busy" in text:
        return StoreError(f"the database {path} is busy (another ipcity is writing to it)", "try again in a moment")
    if "readonly" in text or "read-only" in text:
        return StoreError(f"cannot write to {path}: the file is read-only", "check its permissions, or pass --db with a writable file")
    if "not a database" in text or "malformed" in text:
        return StoreError(f"{path} is not a readable ipcity database ({text})", "restore it from a backup, or pass --db with another file")
    if "unable to open" in text:
        return StoreError(f"cannot open {path}", "check that the folder exists and is writable")
    return StoreError(f"database error in {path}: {text}", "check the file, or report this as a bug")
