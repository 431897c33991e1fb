"""Figures: record one, import many (all or none), and read them back as they were known at
a date. A correction adds a version and stamps the old one; nothing is deleted."""

from __future__ import annotations

from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from functools import cache, lru_cache
from itertools import pairwise
from typing import TYPE_CHECKING
from collections.abc import Iterator

from sqlalchemy import Boolean, Connection, Date, DateTime, bindparam, func, select, text, update
from sqlalchemy.exc import IntegrityError

from ipcity.base.errors import ConflictError, InputError, StoreError
from ipcity.base.periods import Figure, Period, parse_period
from ipcity.store.db import Database, parse_stored_time, sqlite_datetime, start_of_day
from ipcity.base.units import plain_number

if TYPE_CHECKING:
    from ipcity.store.models import Observation


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
    errors: list = field(default_factory=list)  # RowError-like objects: the first `keep_errors`, in row order
    error_count: int = 0  # every bad row, kept or only counted
    samples: dict = field(default_factory=lambda: {"added": [], "corrected": [], "unchanged": []})
    change_id: int | None = None
    keep_errors: int = 100
    retractions: bool | None = None  # whether any figure was ever retracted (then versions are looked up)

    @property
    def written(self) -> int:
        return self.added + self.corrected

    def add_errors(self, numbered: list[tuple[int, object]]) -> None:
        """Count (row number, error) pairs; keep them, in row order, up to `keep_errors`."""
        self.error_count += len(numbered)
        room = self.keep_errors - len(self.errors)
        if room > 0:
            self.errors.extend(error for _, error in sorted(numbered, key=lambda pair: pair[0])[:room])


IMPORT_CHUNK = 500  # rows looked up and written per round trip
SAMPLES = 10  # rows of each kind remembered for the dry-run listing
IMPORT_CACHE_KIB = 32 * 1024  # SQLite's page cache during an import (the default 2 MiB makes a big one thrash)




class Figures:
    """Every figure and its versions (`store.figures`): writes through `db`, reads as the
    database stood at `known_at` (None: everything written so far)."""

    def __init__(self, db: Database, known_at: datetime | None = None):
        self.db = db
        self.known_at = known_at

    def current(self, indicator_key: str, region: str, period: str):
        """The current row of one figure (its columns as attributes), or None. Plain SQL:
        `record` must not pay for importing the SQLModel classes."""
        return self.db.conn.execute(_sql()["current"], {"k": indicator_key, "r": region, "p": period}).first()

    def record(
        self,
        new: NewObservation,
        correct: bool = False,
        dry_run: bool = False,
        now: datetime | None = None,
        describe=None,
    ) -> RecordOutcome:
        """Add `new`; refuse to replace a different current value unless `correct`.

        `describe(value)` formats a value, with its unit, for the refusal and the change log."""
        return self.record_many([(new, describe)], correct=correct, dry_run=dry_run, now=now)[0]

    def record_many(self, items, correct: bool = False, dry_run: bool = False,
                    now: datetime | None = None) -> list[RecordOutcome]:
        """Record several figures, each a (NewObservation, describe) pair, in one
        transaction: all of them or, on the first refusal, none."""
        at = now or datetime.now(UTC)
        with self.db.transaction(write=True) as conn:
            return [self._record_one(conn, new, correct, dry_run, at, describe or plain_number)
                    for new, describe in items]

    def _record_one(self, conn: Connection, new: NewObservation, correct: bool, dry_run: bool, at: datetime,
                    describe) -> RecordOutcome:
        existing = self.current(new.indicator_key, new.region, str(new.period))
        same = existing is not None and existing.value == new.value and bool(existing.cumulative) == new.cumulative
        if same and not correct:
            return RecordOutcome("unchanged", new, existing, self._before(conn, new))
        if existing is not None and not correct:
            shown = describe(existing.value)
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
        change_id = self.db.log_change(
            conn, "correct" if existing is not None else "record",
            f"{new.indicator_key} {new.region} {new.period} = {describe(new.value)}" + (" 累计" if new.cumulative else "")
            + (f" (was {describe(existing.value)})" if existing is not None else ""),
            new.source, at,
        )
        if existing is not None:
            conn.execute(_sql()["supersede"], {"id": existing.id, "at": at})
        try:
            conn.execute(_sql()["insert"], {
                "indicator_key": new.indicator_key, "region": new.region, "period": str(new.period),
                "period_start": new.period.start, "period_end": new.period.end, "value": new.value,
                "source": new.source, "note": new.note, "recorded_at": at, "recorded_by": self.db.user(),
                "version": (existing.version + 1) if existing is not None else self._next_version(
                    new.indicator_key, new.region, str(new.period)),
                "change_id": change_id, "cumulative": new.cumulative,
            })
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

    def retract(self, indicator_key: str, region: str, period: Period, reason: str | None = None,
                describe=None, dry_run: bool = False, now: datetime | None = None) -> Observation:
        """Take back the current figure (typed under the wrong region, say): it is stamped
        superseded with no version after it, so it stays in the history and in what was
        known before now. Returns the retracted row."""
        describe = describe or plain_number
        at = now or datetime.now(UTC)
        with self.db.transaction(write=True) as conn:
            existing = self.current(indicator_key, region, str(period))
            if existing is None:
                raise StoreError(f"no figure for {indicator_key} {region} {period} to retract",
                                 f"see `ipcity history {indicator_key} --region {region}`")
            if dry_run:
                return existing
            self.db.log_change(conn, "retract", f"{indicator_key} {region} {period} = {describe(existing.value)} retracted"
                            + (f": {reason}" if reason else ""), None, at)
            conn.execute(_sql()["supersede"], {"id": existing.id, "at": at})
        return existing

    def _next_version(self, indicator_key: str, region: str, period: str) -> int:
        """The version a figure gets when none is current: 1, or one after a retracted one."""
        last = self.db.conn.exec_driver_sql(
            "SELECT MAX(version) FROM observation WHERE indicator_key = ? AND region = ? AND period = ?",
            (indicator_key, region, period)).scalar()
        return (last or 0) + 1

    def _retractions(self, conn: Connection) -> bool:
        return conn.exec_driver_sql("SELECT 1 FROM change WHERE action = 'retract' LIMIT 1").first() is not None

    def import_rows(self, rows, label: str, correct: bool = False, dry_run: bool = False,
                    now: datetime | None = None, conflict_error=None, keep_errors: int = 100) -> ImportOutcome:
        """Write every parsed row in one transaction, or none of them.

        `rows` yields (row number, NewObservation or an error object). Rows are checked and
        inserted in chunks, so a file of any size holds only a chunk in memory: the check for
        a row that appears twice in the file looks the keys up in a temporary table, and only
        the first `keep_errors` errors are kept (the others are counted). After the first
        error nothing more is written, but every row is still checked so that all errors are
        counted; then the transaction is rolled back. `conflict_error(row, new, existing)`
        builds the error for a changed value without --correct."""
        at = now or datetime.now(UTC)
        outcome = ImportOutcome(keep_errors=keep_errors)
        with suppress(_Rollback):  # the transaction was rolled back: errors, or a dry run
            self._import(rows, label, correct, dry_run, at, conflict_error, outcome)
        return outcome

    def _import(self, rows, label, correct, dry_run, at, conflict_error, outcome) -> None:
        from ipcity.store.models import Change

        with self.db.transaction(write=True) as conn, _import_session(conn):
            outcome.change_id = self.db.log_change(conn, "import", "", label, at)
            running: set[tuple[str, str, int]] = set()  # (indicator, region, year) with a year-to-date row
            chunk: list[tuple[int, object]] = []
            for number, item in rows:
                if isinstance(item, NewObservation) and item.cumulative:
                    running.add((item.indicator_key, item.region, item.period.year))
                chunk.append((number, item))
                if len(chunk) >= IMPORT_CHUNK:
                    self._import_chunk(conn, chunk, outcome, correct, at, conflict_error)
                    chunk = []
            if chunk:
                self._import_chunk(conn, chunk, outcome, correct, at, conflict_error)
            if not outcome.error_count:
                self._check_cumulative(conn, running, outcome)
            if outcome.error_count or dry_run or not outcome.written:
                raise _Rollback
            conn.execute(
                update(Change).where(Change.id == outcome.change_id).values(
                    summary=f"imported {label}: {outcome.added} added, {outcome.corrected} corrected, "
                    f"{outcome.unchanged} unchanged"
                )
            )

    def _import_chunk(self, conn: Connection, items, outcome: ImportOutcome, correct: bool, at: datetime,
                      conflict_error) -> None:
        errors: list[tuple[int, object]] = [(n, item) for n, item in items if not isinstance(item, NewObservation)]
        chunk = _first_in_file(conn, [(n, item) for n, item in items if isinstance(item, NewObservation)], errors)
        existing = _current_rows(conn, chunk)
        inserts, superseded = [], []
        stamp, user = sqlite_datetime(at), self.db.user()
        if outcome.retractions is None:
            outcome.retractions = self._retractions(conn)
        for number, new in chunk:
            old = existing.get((new.indicator_key, new.region, str(new.period)))
            if old is not None and old.value == new.value and bool(old.cumulative) == new.cumulative:
                outcome.unchanged += 1
                _sample(outcome, "unchanged", number, new)
                continue
            if old is not None and not correct:
                errors.append((number, conflict_error(number, new, old) if conflict_error else (number, new, old)))
                continue
            kind = "corrected" if old is not None else "added"
            setattr(outcome, kind, getattr(outcome, kind) + 1)
            _sample(outcome, kind, number, new, old.value if old is not None else None)
            if old is not None:
                superseded.append({"old_id": old.id})
            inserts.append((
                new.indicator_key, new.region, str(new.period), new.period.start.isoformat(),
                new.period.end.isoformat(), new.value, new.source, new.note, stamp, user,
                old.version + 1 if old is not None else (
                    self._next_version(new.indicator_key, new.region, str(new.period)) if outcome.retractions else 1),
                outcome.change_id, new.cumulative,
            ))
        outcome.add_errors(errors)
        if outcome.error_count:
            return  # keep checking, stop writing
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

    def _check_cumulative(self, conn: Connection, groups: set, outcome: ImportOutcome) -> None:
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
                    row = _row_in_file(conn, key, region, p2) or _row_in_file(conn, key, region, p1)
                    outcome.add_errors([(row or 0, _Falls(row, key, region, Figure(parse_period(p1), v1, cumulative=True),
                                                          Figure(parse_period(p2), v2, cumulative=True)))])

    def observations(self, include_history: bool = False) -> Iterator[Observation]:
        """Every current observation (or every version), streamed in a stable order."""
        from ipcity.store.models import Observation

        OBS = Observation.__table__.c
        query = select(Observation.__table__)
        if not include_history:
            query = query.where(OBS.superseded_at.is_(None))
        query = query.order_by(OBS.indicator_key, OBS.region, OBS.period_end, OBS.period, OBS.version)
        # rows, not SQLModel objects: building one costs 100 µs, which is minutes for a big export
        with self.db.streaming():
            yield from self.db.conn.execute(query.execution_options(yield_per=1000))  # this query's option, not the connection's

    def history(self, indicator_key: str, region: str) -> list[Observation]:
        """Every version of one figure, oldest period first."""
        return self.history_page(indicator_key, region)[0]

    def history_page(self, indicator_key: str, region: str, limit: int | None = None,
                     since: date | None = None) -> tuple[list[Observation], int]:
        """Versions of one figure in the order history shows them (period, then version):
        the latest `limit` of them (all when None), recorded on or after the start of `since`;
        and how many there are in all (with `since`: since then). The latest are those of the
        newest periods and, among periods that end on the same day, the last recorded."""
        from ipcity.store.models import Observation

        OBS = Observation.__table__.c
        where = [OBS.indicator_key == indicator_key, OBS.region == region]
        if since is not None:
            where.append(OBS.recorded_at >= start_of_day(since))
        query = select(Observation.__table__).where(*where)
        if limit is None:
            query = query.order_by(OBS.period_end, OBS.period, OBS.version)
        else:
            # the newest periods, and of one end date the versions recorded last: the order of the
            # observation_latest index (period_end, then row id), so the page is read, not sorted
            newest = query.order_by(OBS.period_end.desc(), OBS.id.desc()).limit(limit).subquery()
            query = select(newest).order_by(newest.c.period_end, newest.c.period, newest.c.version)
        rows = list(self.db.conn.execute(query))  # rows with the observation's columns as attributes
        if limit is None or len(rows) < limit:
            return rows, len(rows)
        total = self.db.conn.execute(select(func.count()).select_from(Observation.__table__).where(*where)).scalar_one()
        return rows, total

    def current_rows(self, indicator_key: str, region: str) -> list:
        """The current version of every period of one indicator and region, oldest first (rows
        with id, period, value, cumulative, superseded_at): one a period, however many
        versions there are."""
        return self.db.conn.exec_driver_sql(
            "SELECT id, period, value, cumulative, superseded_at FROM observation WHERE indicator_key = ? "
            "AND region = ? AND superseded_at IS NULL ORDER BY period_end, period",
            (indicator_key, region),
        ).all()

    # --- what the engine needs ---------------------------------------------------------

    def latest(self, indicator_key: str, region: str, as_of: date | None, on_or_before: date | None = None) -> Figure | None:
        """The newest figure of a period ended by `as_of`, optionally by `on_or_before` too."""
        where, params = _visible(as_of, self.known_at)
        if on_or_before is not None:
            where += " AND period_end <= ?"
            params += (on_or_before.isoformat(),)
        row = self.db.conn.exec_driver_sql(
            f"SELECT period, value, recorded_at, cumulative FROM observation WHERE indicator_key = ? AND region = ?{where} "
            "ORDER BY period_end DESC, period_start DESC LIMIT 1",
            (indicator_key, region, *params),
        ).first()
        return _figure(row) if row else None

    def earliest(self, indicator_key: str, region: str, as_of: date | None) -> Figure | None:
        where, params = _visible(as_of, self.known_at)
        row = self.db.conn.exec_driver_sql(
            f"SELECT period, value, recorded_at, cumulative FROM observation WHERE indicator_key = ? AND region = ?{where} "
            "ORDER BY period_end, period_start DESC LIMIT 1",
            (indicator_key, region, *params),
        ).first()
        return _figure(row) if row else None

    def figure_as_known(self, indicator_key: str, region: str, period: str):
        """The stored row of one period's figure in the version the reads see (the latest, or
        the one current at `known_at`): value, source, note, recorded_by; or None."""
        where, params = _visible(None, self.known_at)
        return self.db.conn.exec_driver_sql(
            f"SELECT period, value, source, note, recorded_by FROM observation "
            f"WHERE indicator_key = ? AND region = ? AND period = ?{where} ORDER BY version DESC LIMIT 1",
            (indicator_key, region, period, *params),
        ).first()

    def last_source(self, indicator_key: str, region: str) -> str | None:
        """Who sent the newest figure that names its source (whom to ask for the next one),
        corrected versions included: a correction often comes without one."""
        where, params = ("", ()) if self.known_at is None else (" AND recorded_at <= ?", (sqlite_datetime(self.known_at),))
        return self.db.conn.exec_driver_sql(
            "SELECT source FROM observation WHERE indicator_key = ? AND region = ? AND source IS NOT NULL "
            f"AND source != ''{where} ORDER BY period_end DESC, period DESC, version DESC LIMIT 1",
            (indicator_key, region, *params),
        ).scalar()

    def reporting_regions(self, indicator_key: str) -> list[str]:
        """Every region that holds a current figure of this indicator."""
        rows = self.db.conn.exec_driver_sql(
            "SELECT DISTINCT region FROM observation WHERE indicator_key = ? AND superseded_at IS NULL", (indicator_key,))
        return [r[0] for r in rows]

    def covered(self, indicator_key: str, region: str, start: date, end: date) -> bool:
        """Whether a current figure's period covers [start, end] (a quarter covers its months)."""
        return self.db.conn.exec_driver_sql(
            "SELECT 1 FROM observation WHERE indicator_key = ? AND region = ? AND superseded_at IS NULL "
            "AND period_start <= ? AND period_end >= ? LIMIT 1",
            (indicator_key, region, start.isoformat(), end.isoformat())).first() is not None

    def between(self, indicator_key: str, region: str, start: date, end: date, as_of: date | None) -> list[Figure]:
        """Every visible figure whose period lies within [start, end]."""
        where, params = _visible(as_of, self.known_at)
        rows = self.db.conn.exec_driver_sql(
            "SELECT period, value, recorded_at, cumulative FROM observation WHERE indicator_key = ? AND region = ? "
            f"AND period_end >= ? AND period_end <= ? AND period_start >= ?{where} ORDER BY period_end",
            (indicator_key, region, start.isoformat(), end.isoformat(), start.isoformat(), *params),
        )
        return [_figure(row) for row in rows]

    # --- the same for many regions at once (a region's regions, in one query) -----------

    def latest_of_regions(self, indicator_key: str, regions: list[str], as_of: date | None,
                          on_or_before: date | None = None, earliest: bool = False) -> dict[str, Figure]:
        """`latest` (or `earliest`) for each of `regions`, those without a figure left out:
        one indexed look-up per region, REGIONS_PER_QUERY regions a query."""
        where, params = _visible(as_of, self.known_at)
        if on_or_before is not None:
            where += " AND period_end <= ?"
            params += (on_or_before.isoformat(),)
        order = "period_end, period_start DESC" if earliest else "period_end DESC, period_start DESC"
        found: dict[str, Figure] = {}
        for names in _batches(regions):
            marks = ", ".join("(?)" for _ in names)
            rows = self.db.conn.exec_driver_sql(
                f"WITH wanted (name) AS (VALUES {marks}) "
                "SELECT o.region, o.period, o.value, o.recorded_at, o.cumulative FROM wanted "
                "JOIN observation AS o ON o.id = (SELECT id FROM observation "
                f"WHERE indicator_key = ? AND region = wanted.name{where} ORDER BY {order} LIMIT 1)",
                (*names, indicator_key, *params),
            ).all()
            found.update((row[0], _figure(row[1:])) for row in rows)
        return found

    def between_of_regions(self, indicator_key: str, regions: list[str], start: date, end: date,
                                   as_of: date | None) -> dict[str, list[Figure]]:
        """`between` for each of `regions` (those without figures are left out)."""
        where, params = _visible(as_of, self.known_at)
        found: dict[str, list[Figure]] = {}
        for names in _batches(regions):
            marks = ", ".join("?" for _ in names)
            rows = self.db.conn.exec_driver_sql(
                f"SELECT region, period, value, recorded_at, cumulative FROM observation WHERE indicator_key = ? "
                f"AND region IN ({marks}) "
                f"AND period_end >= ? AND period_end <= ? AND period_start >= ?{where} ORDER BY region, period_end, id",
                (indicator_key, *names, start.isoformat(), end.isoformat(), start.isoformat(), *params),
            ).all()
            for row in rows:
                found.setdefault(row[0], []).append(_figure(row[1:]))
        return found


@lru_cache(maxsize=8192)
def _stored_period(text: str) -> Period:
    """A stored period (always valid), parsed once per run: a status of every region reads the same few."""
    return parse_period(text)


REGIONS_PER_QUERY = 500  # bound parameters per query stay far below every database's limit


def _batches(names: list[str]) -> Iterator[list[str]]:
    for i in range(0, len(names), REGIONS_PER_QUERY):
        yield names[i:i + REGIONS_PER_QUERY]


# Plain SQL with typed parameters (portable; no SQLModel import on the `record` path).
_OBSERVATION_COLUMNS = ("id", "indicator_key", "region", "period", "period_start", "period_end", "value", "source",
                        "note", "recorded_at", "recorded_by", "version", "superseded_at", "change_id", "cumulative")
@cache
def _sql() -> dict:
    """The statements, built once when first used (not at import: `status` never needs them)."""
    current = text(
        f"SELECT {', '.join(_OBSERVATION_COLUMNS)} FROM observation "
        "WHERE indicator_key = :k AND region = :r AND period = :p AND superseded_at IS NULL"
    ).columns(period_start=Date, period_end=Date, recorded_at=DateTime, superseded_at=DateTime)
    supersede = text("UPDATE observation SET superseded_at = :at WHERE id = :id").bindparams(
        bindparam("at", type_=DateTime))
    insert = text(
        "INSERT INTO observation (indicator_key, region, period, period_start, period_end, value, source, note, "
        "recorded_at, recorded_by, version, change_id, cumulative) VALUES (:indicator_key, :region, :period, "
        ":period_start, :period_end, :value, :source, :note, :recorded_at, :recorded_by, :version, :change_id, :cumulative)"
    ).bindparams(bindparam("period_start", type_=Date), bindparam("period_end", type_=Date),
                 bindparam("recorded_at", type_=DateTime), bindparam("cumulative", type_=Boolean))
    return {"current": current, "supersede": supersede, "insert": insert}


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


@contextmanager
def _import_session(conn: Connection) -> Iterator[None]:
    """For one import: a page cache sized for it, and an empty temporary table of the keys
    seen so far in the file (in the database, not in memory, whatever the file's size)."""
    sqlite = conn.dialect.name == "sqlite"
    cache = conn.exec_driver_sql("PRAGMA cache_size").scalar() if sqlite else None
    if sqlite:
        conn.exec_driver_sql(f"PRAGMA cache_size = -{IMPORT_CACHE_KIB}")
    conn.exec_driver_sql(
        "CREATE TEMPORARY TABLE IF NOT EXISTS import_key (indicator_key VARCHAR NOT NULL, region VARCHAR NOT NULL, "
        "period VARCHAR NOT NULL, row_number INTEGER NOT NULL, PRIMARY KEY (indicator_key, region, period))"
        + (" WITHOUT ROWID" if sqlite else "")  # SQLite: one B-tree, not a table and its index
    )
    conn.exec_driver_sql("DELETE FROM import_key")
    try:
        yield
    finally:
        if sqlite:
            conn.exec_driver_sql(f"PRAGMA cache_size = {int(cache)}")


def _first_in_file(conn: Connection, chunk: list[tuple[int, NewObservation]],
                   errors: list[tuple[int, object]]) -> list[tuple[int, NewObservation]]:
    """The rows of `chunk` whose key no earlier row of the file has; each other row becomes
    a duplicate error. The keys are remembered in the temporary table `import_key`."""
    if not chunk:
        return chunk
    keys = [(new.indicator_key, new.region, str(new.period)) for _, new in chunk]
    values = ", ".join("(?, ?, ?)" for _ in keys)
    earlier = {
        (k, r, p): row
        for k, r, p, row in conn.exec_driver_sql(
            f"WITH wanted (k, r, p) AS (VALUES {values}) "
            "SELECT s.indicator_key, s.region, s.period, s.row_number FROM wanted JOIN import_key AS s "
            "ON s.indicator_key = wanted.k AND s.region = wanted.r AND s.period = wanted.p",
            tuple(p for key in keys for p in key),
        )
    }
    first, fresh = [], []
    for (number, new), key in zip(chunk, keys, strict=True):
        if key in earlier:
            errors.append((number, _Duplicate(number, key, earlier[key])))
            continue
        earlier[key] = number
        first.append((number, new))
        fresh.append((*key, number))
    conn.exec_driver_sql("INSERT INTO import_key (indicator_key, region, period, row_number) VALUES (?, ?, ?, ?)", fresh)
    return first


def _current_rows(conn: Connection, chunk: list[tuple[int, NewObservation]]) -> dict[tuple, object]:
    """The current stored row of each of the chunk's figures, by key."""
    if not chunk:
        return {}
    values = ", ".join("(?, ?, ?)" for _ in chunk)
    params = [p for _, o in chunk for p in (o.indicator_key, o.region, str(o.period))]
    return {  # one indexed lookup per row, through the observation_current index
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


def _row_in_file(conn: Connection, key: str, region: str, period: str) -> int | None:
    """The row of the file being imported that brought this figure (from `import_key`)."""
    return conn.exec_driver_sql(
        "SELECT row_number FROM import_key WHERE indicator_key = ? AND region = ? AND period = ?", (key, region, period)
    ).scalar()


def _sample(outcome: ImportOutcome, kind: str, number: int, new: NewObservation, old: float | None = None) -> None:
    if len(outcome.samples[kind]) < SAMPLES:
        outcome.samples[kind].append((number, new, old))


def _figure(row) -> Figure:
    period, value, recorded_at, cumulative = row
    return Figure(_stored_period(period), value, _entered(recorded_at), cumulative=bool(cumulative))


@lru_cache(maxsize=8192)
def _entered(recorded_at) -> date:
    """The local day a stored time falls on (many figures share one: an import's)."""
    return parse_stored_time(recorded_at).astimezone().date()


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
