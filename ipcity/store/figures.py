"""Figures: record one, import many (all or none), and read them back as they were known at
a date. A correction adds a version and stamps the old one; nothing is deleted."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from itertools import pairwise
from typing import TYPE_CHECKING, Iterator

from sqlalchemy import Connection, bindparam, select, update
from sqlalchemy.exc import IntegrityError

from ipcity.errors import ConflictError, InputError, StoreError
from ipcity.periods import Figure, Period, parse_period
from ipcity.store.db import current_user, parse_stored_time, sqlite_datetime

if TYPE_CHECKING:
    from ipcity.store.models import Change, Observation


@dataclass
class NewObservation:
    indicator_key: str
    region: str
    period: Period
    value: float
    source: str | None = None
    note: str | None = None
    cumulative: bool = False  # a year-to-date (累计) figure through the period's last month

    @property
    def figure(self) -> Figure:
        return Figure(self.period, self.value, cumulative=self.cumulative)


@dataclass
class RecordOutcome:
    action: str  # "added", "corrected" or "unchanged"
    observation: NewObservation
    previous: Observation | None = None
    since: Figure | None = None  # a cumulative figure: the year's previous cumulative figure


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


class Figures:
    def current(self, indicator_key: str, region: str, period: str) -> Observation | None:
        from ipcity.store.models import Observation

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
        from ipcity.store.models import Observation

        OBS = Observation.__table__.c
        at = now or datetime.now(UTC)
        with self.transaction(write=True) as conn:
            existing = self.current(new.indicator_key, new.region, str(new.period))
            same = existing is not None and existing.value == new.value and bool(existing.cumulative) == new.cumulative
            if same and not correct:
                return RecordOutcome("unchanged", new, existing, self._before(conn, new))
            if existing is not None and not correct:
                shown = describe(existing.value) if describe else f"{existing.value:g}"
                who = f" by {existing.recorded_by}" if existing.recorded_by else ""
                source = f", source: {existing.source}" if existing.source else ""
                raise ConflictError(
                    f"{new.indicator_key} for {new.region} {new.period} is already {shown} "
                    f"(recorded {existing.recorded_at.astimezone():%Y-%m-%d %H:%M}{who}{source})",
                    "to replace it, run the same command with --correct; the old value stays in the history",
                )
            since = None
            if new.cumulative:
                since = self._before(conn, new)
                problem = _falls(new.figure, since, self._after(conn, new), describe)
                if problem:
                    raise InputError(problem, "check both figures; correct the wrong one with --correct")
            action = "corrected" if existing is not None else "added"
            outcome = RecordOutcome(action, new, existing, since)
            if dry_run:
                return outcome
            change_id = self.log_change(
                conn, "correct" if existing is not None else "record",
                f"{new.indicator_key} {new.region} {new.period} = {new.value:g}" + (" 累计" if new.cumulative else "")
                + (f" (was {existing.value:g})" if existing is not None else ""),
                new.source, at,
            )
            if existing is not None:
                conn.execute(update(Observation).where(OBS.id == existing.id).values(superseded_at=at))
            try:
                conn.execute(
                    Observation.__table__.insert().values(
                        indicator_key=new.indicator_key, region=new.region, period=str(new.period),
                        period_start=new.period.start, period_end=new.period.end, value=new.value,
                        source=new.source, note=new.note, recorded_at=at, recorded_by=current_user(),
                        version=(existing.version + 1) if existing is not None else 1, change_id=change_id,
                        cumulative=new.cumulative,
                    )
                )
            except IntegrityError:
                raise StoreError(
                    f"{new.indicator_key} for {new.region} {new.period} was recorded by someone else just now",
                    "run the command again to see the value now stored",
                ) from None
        return outcome

    def _cumulative_neighbour(self, conn: Connection, new: NewObservation, later: bool) -> Figure | None:
        """The current cumulative figure of the same year just before (or after) `new`'s period."""
        first, last = date(new.period.year, 1, 1).isoformat(), date(new.period.year, 12, 31).isoformat()
        end = new.period.end.isoformat()
        row = conn.exec_driver_sql(
            "SELECT period, value FROM observation WHERE indicator_key = ? AND region = ? AND cumulative "
            "AND superseded_at IS NULL AND period_start >= ? AND period_end <= ? AND period != ? "
            + ("AND period_end > ? ORDER BY period_end LIMIT 1" if later else
               "AND period_end < ? ORDER BY period_end DESC LIMIT 1"),
            (new.indicator_key, new.region, first, last, str(new.period), end),
        ).first()
        return Figure(parse_period(row[0]), row[1], cumulative=True) if row else None

    def _before(self, conn: Connection, new: NewObservation) -> Figure | None:
        return self._cumulative_neighbour(conn, new, later=False) if new.cumulative else None

    def _after(self, conn: Connection, new: NewObservation) -> Figure | None:
        return self._cumulative_neighbour(conn, new, later=True)

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
        from ipcity.store.models import Change

        with self.transaction(write=True) as conn:
            outcome.change_id = self.log_change(conn, "import", "", label, at)
            running: set[tuple[str, str, int]] = set()  # (indicator, region, year) with a year-to-date row
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
                if item.cumulative:
                    running.add((item.indicator_key, item.region, item.period.year))
                chunk.append((number, item))
                if len(chunk) >= IMPORT_CHUNK:
                    self._import_chunk(conn, chunk, outcome, correct, at, conflict_error)
                    chunk = []
            if chunk:
                self._import_chunk(conn, chunk, outcome, correct, at, conflict_error)
            if not outcome.errors:
                self._check_cumulative(conn, running, seen, outcome)
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
                "SELECT o.id, o.indicator_key, o.region, o.period, o.value, o.version, o.cumulative "
                "FROM wanted JOIN observation AS o INDEXED BY observation_current "
                "ON o.indicator_key = wanted.k AND o.region = wanted.r AND o.period = wanted.p "
                "WHERE o.superseded_at IS NULL",
                tuple(params),
            )
        }
        inserts, superseded = [], []
        stamp, user = sqlite_datetime(at), current_user()
        for number, new in chunk:
            old = existing.get((new.indicator_key, new.region, str(new.period)))
            if old is not None and old.value == new.value and bool(old.cumulative) == new.cumulative:
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
                old.version + 1 if old is not None else 1, outcome.change_id, new.cumulative,
            ))
        if outcome.errors:
            return
        if superseded:
            from ipcity.store.models import Observation

            table = Observation.__table__
            conn.execute(table.update().where(table.c.id == bindparam("old_id")).values(superseded_at=at), superseded)
        if inserts:  # the plain DB-API executemany: SQLAlchemy's per-row processing would triple the cost
            conn.exec_driver_sql(
                "INSERT INTO observation (indicator_key, region, period, period_start, period_end, value, source, "
                "note, recorded_at, recorded_by, version, change_id, cumulative) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                inserts,
            )

    def _check_cumulative(self, conn: Connection, groups: set, seen: dict, outcome: ImportOutcome) -> None:
        """After the rows are written (still inside the transaction): no year-to-date figure of
        an indicator, region and year that the file brings one for may fall below the one
        before it."""
        for key, region, year in sorted(groups):
            rows = conn.exec_driver_sql(
                "SELECT period, value FROM observation WHERE indicator_key = ? AND region = ? AND cumulative "
                "AND superseded_at IS NULL AND period_start >= ? AND period_end <= ? ORDER BY period_end",
                (key, region, f"{year}-01-01", f"{year}-12-31"),
            ).all()
            for (p1, v1), (p2, v2) in pairwise(rows):
                if v2 < v1:
                    row = seen.get((key, region, p2)) or seen.get((key, region, p1))
                    outcome.errors.append(_Falls(row, key, region, Figure(parse_period(p1), v1, cumulative=True),
                                                 Figure(parse_period(p2), v2, cumulative=True)))

    def changes(self, limit: int | None = None) -> list[Change]:
        """The change log, newest first."""
        from ipcity.store.models import Change

        query = select(Change.__table__).order_by(Change.id.desc())
        if limit:
            query = query.limit(limit)
        return [Change(**row._mapping) for row in self.conn.execute(query)]

    def observations(self, include_history: bool = False) -> Iterator[Observation]:
        """Every current observation (or every version), streamed in a stable order."""
        from ipcity.store.models import Observation

        OBS = Observation.__table__.c
        query = select(Observation.__table__)
        if not include_history:
            query = query.where(OBS.superseded_at.is_(None))
        query = query.order_by(OBS.indicator_key, OBS.region, OBS.period_end, OBS.period, OBS.version)
        # rows, not SQLModel objects: building one costs 100 µs, which is minutes for a big export
        yield from self.conn.execution_options(yield_per=1000).execute(query)

    def history(self, indicator_key: str, region: str) -> list[Observation]:
        from ipcity.store.models import Observation

        OBS = Observation.__table__.c
        query = (
            select(Observation.__table__)
            .where(OBS.indicator_key == indicator_key, OBS.region == region)
            .order_by(OBS.period_end, OBS.period, OBS.version)
        )
        return list(self.conn.execute(query))  # rows with the observation's columns as attributes

    # --- what the engine needs ---------------------------------------------------------

    def latest(self, indicator_key: str, region: str, as_of: date | None, on_or_before: date | None = None) -> Figure | None:
        """The newest figure of a period ended by `as_of`, optionally by `on_or_before` too."""
        where, params = _visible(as_of, self.known_at)
        if on_or_before is not None:
            where += " AND period_end <= ?"
            params += (on_or_before.isoformat(),)
        row = self.conn.exec_driver_sql(
            f"SELECT period, value, recorded_at, cumulative FROM observation WHERE indicator_key = ? AND region = ?{where} "
            "ORDER BY period_end DESC, period_start DESC LIMIT 1",
            (indicator_key, region, *params),
        ).first()
        return _figure(row) if row else None

    def earliest(self, indicator_key: str, region: str, as_of: date | None) -> Figure | None:
        where, params = _visible(as_of, self.known_at)
        row = self.conn.exec_driver_sql(
            f"SELECT period, value, recorded_at, cumulative FROM observation WHERE indicator_key = ? AND region = ?{where} "
            "ORDER BY period_end, period_start DESC LIMIT 1",
            (indicator_key, region, *params),
        ).first()
        return _figure(row) if row else None

    def figure_as_known(self, indicator_key: str, region: str, period: str):
        """The stored row of one period's figure in the version the reads see (the latest, or
        the one current at `known_at`): value, source, note, recorded_by; or None."""
        where, params = _visible(None, self.known_at)
        return self.conn.exec_driver_sql(
            f"SELECT period, value, source, note, recorded_by FROM observation "
            f"WHERE indicator_key = ? AND region = ? AND period = ?{where} ORDER BY version DESC LIMIT 1",
            (indicator_key, region, period, *params),
        ).first()

    def last_source(self, indicator_key: str, region: str) -> str | None:
        """Who sent the newest figure that names its source (whom to ask for the next one),
        corrected versions included: a correction often comes without one."""
        where, params = ("", ()) if self.known_at is None else (" AND recorded_at <= ?", (sqlite_datetime(self.known_at),))
        return self.conn.exec_driver_sql(
            "SELECT source FROM observation WHERE indicator_key = ? AND region = ? AND source IS NOT NULL "
            f"AND source != ''{where} ORDER BY period_end DESC, period DESC, version DESC LIMIT 1",
            (indicator_key, region, *params),
        ).scalar()

    def figures_between(self, indicator_key: str, region: str, start: date, end: date, as_of: date | None) -> list[Figure]:
        """Every visible figure whose period lies within [start, end]."""
        where, params = _visible(as_of, self.known_at)
        rows = self.conn.exec_driver_sql(
            "SELECT period, value, recorded_at, cumulative FROM observation WHERE indicator_key = ? AND region = ? "
            f"AND period_end >= ? AND period_end <= ? AND period_start >= ?{where} ORDER BY period_end",
            (indicator_key, region, start.isoformat(), end.isoformat(), start.isoformat(), *params),
        )
        return [_figure(row) for row in rows]


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


@dataclass
class _Falls:
    row: int | None
    key: str
    region: str
    before: Figure
    after: Figure

    @property
    def column(self) -> str:
        return "value"

    def __str__(self) -> str:
        where = f"row {self.row}: " if self.row else ""
        return where + (_falls(self.after, self.before, None, None, self.key, self.region) or "")


def _falls(new: Figure, before: Figure | None, after: Figure | None, describe, key: str = "", region: str = "") -> str | None:
    """Why a year-to-date figure cannot stand between its neighbours of the same year, or None."""
    shown = describe or (lambda v: f"{v:,.10g}")
    what = f"{key} {region} ".lstrip() if key else ""
    if before is not None and new.value < before.value:
        return (f"{what}the year-to-date (累计) figure {shown(new.value)} for {new.period} is lower than "
                f"{shown(before.value)} for {before.period}; a year-to-date total cannot fall")
    if after is not None and new.value > after.value:
        return (f"{what}the year-to-date (累计) figure {shown(new.value)} for {new.period} is higher than "
                f"{shown(after.value)} for {after.period}; a year-to-date total cannot fall")
    return None


def _sample(outcome: ImportOutcome, kind: str, number: int, new: NewObservation, old: float | None = None) -> None:
    if len(outcome.samples[kind]) < SAMPLES:
        outcome.samples[kind].append((number, new, old))


def _figure(row) -> Figure:
    period, value, recorded_at, cumulative = row
    return Figure(parse_period(period), value, parse_stored_time(recorded_at).astimezone().date(),
                  cumulative=bool(cumulative))


def _visible(as_of: date | None, known_at: datetime | None = None) -> tuple[str, tuple]:
    """SQL conditions (and their parameters) for the figures a read sees, by the two clocks:
    `as_of` (valid time) keeps periods that ended by that day, in their latest version;
    `known_at` (transaction time) keeps the versions the database held at that moment,
    originals and corrections alike by when they were entered."""
    where, params = "", ()
    if as_of is not None:
        where, params = " AND period_end <= ?", (as_of.isoformat(),)
    if known_at is None:
        return where + " AND superseded_at IS NULL", params
    cutoff = sqlite_datetime(known_at)
    return where + " AND recorded_at <= ? AND (superseded_at IS NULL OR superseded_at > ?)", params + (cutoff, cutoff)
