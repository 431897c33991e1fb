"""The database file: open it (refusing what is not ours), migrate it, run transactions,
and write the change log. The parts of the store (plan, figures, work, snapshots, change
log) each take an open `Database`.

The SQLModel classes cost a fifth of a second's import budget; nothing here imports them:
reads use plain SQL, and the modules that write import them when they write."""

from __future__ import annotations

import getpass
import os
import sqlite3
from contextlib import contextmanager
from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
from pathlib import Path
from collections.abc import Iterator

from sqlalchemy import Connection, DateTime, bindparam, create_engine, event, text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.pool import NullPool

from ipcity.base.errors import StoreError
from ipcity.store.migrations import MIGRATIONS, SCHEMA_VERSION
from ipcity.store.pg import is_url

DB_FILE = "ipcity.db"
SQLITE_HEADER = b"SQLite format 3\x00"
BUSY_TIMEOUT_MS = 60_000  # how long a writer waits its turn behind others ($IPCITY_BUSY_TIMEOUT_MS)
NOTICE_AFTER_MS = 1_000  # a writer still waiting after this long says so (`on_wait`)


def default_db_path() -> Path | str:
    """$IPCITY_DB (a file, or a PostgreSQL URL), else ipcity.db in the user data directory."""
    if env := os.environ.get("IPCITY_DB"):
        return env if is_url(env) else Path(env).expanduser()
    from platformdirs import user_data_dir

    return Path(user_data_dir("ipcity", appauthor=False)) / DB_FILE


def database_exists(location: Path | str) -> bool:
    """Whether there is a database at `location` (a file's path, or a PostgreSQL URL)."""
    if is_url(location):
        from ipcity.store.pg import Server

        return Server(str(location)).exists()
    return Path(location).exists()


@lru_cache(maxsize=1)
def current_user() -> str | None:
    try:
        return getpass.getuser()
    except Exception:  # no user name on this system (e.g. a container without passwd)
        return None


def parse_stored_time(value) -> datetime:
    """A stored UTC timestamp (text in SQLite, a datetime from other drivers) as an aware datetime."""
    at = value if isinstance(value, datetime) else datetime.fromisoformat(value)
    return at if at.tzinfo else at.replace(tzinfo=UTC)


def end_of_day(as_of: date) -> datetime:
    """The moment a day ends, local time: what was written before it was known "as of" that day."""
    return datetime.combine(as_of + timedelta(days=1), time()).astimezone()


def start_of_day(day: date) -> datetime:
    """The moment a day starts, local time: what was written from then on was written "since" it."""
    return end_of_day(day - timedelta(days=1))


def sqlite_datetime(at: datetime) -> str:
    """How SQLAlchemy stores a UTCDateTime in SQLite, for the raw bulk insert."""
    return at.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S.%f")


class Database:
    """An open ipcity database: a connection, its transactions and its change log."""

    def __init__(self, path: Path | str, conn: Connection, busy_timeout_ms: int = BUSY_TIMEOUT_MS, on_wait=None,
                 server=None):
        self.path = path  # the file, or the server's URL as messages show it
        self.conn = conn
        self.busy_timeout_ms = busy_timeout_ms
        self.on_wait = on_wait  # called with a message when a writer has to wait for another
        self.pg = server  # a `pg.Server` on PostgreSQL, None on SQLite

    # --- opening ---------------------------------------------------------------------

    @classmethod
    def open(cls, path: str | os.PathLike, create: bool = False, busy_timeout_ms: int | None = None, on_wait=None):
        """Open (with `create`, make) the file or the server's database and bring its schema up
        to date. A writer waits up to `busy_timeout_ms` for others to finish; `on_wait(message)`
        hears when it does."""
        if busy_timeout_ms is None:
            busy_timeout_ms = _env_timeout()
        if is_url(path):
            return cls._open_server(str(path), create, busy_timeout_ms, on_wait)
        path = Path(path).expanduser()
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
                raise StoreError(f"cannot create the folder {path.parent} ({exc.strerror})",
                                 "pass --db with a writable path") from None
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
            raise store_error(exc, path) from None
        return cls._migrated(path, conn, create, busy_timeout_ms=busy_timeout_ms, on_wait=on_wait)

    @classmethod
    def _open_server(cls, url: str, create: bool, busy_timeout_ms: int, on_wait=None):
        from ipcity.store.pg import Server

        server = Server(url)
        return cls._migrated(server.display, server.connect(create, busy_timeout_ms), create,
                             busy_timeout_ms=busy_timeout_ms, on_wait=on_wait, server=server)

    @classmethod
    def _migrated(cls, path, conn: Connection, create: bool, **options):
        """The store on `conn` with its schema brought up to date (closed again if that fails)."""
        store = cls(path, conn, **options)
        try:
            store._migrate(create)
        except BaseException:
            store.close()
            raise
        return store

    def user(self) -> str | None:
        """Who writes: the database user on PostgreSQL, the OS user on SQLite."""
        return self.pg.user if self.pg is not None else current_user()

    def close(self) -> None:
        self.conn.close()
        self.conn.engine.dispose()

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    @contextmanager
    def transaction(self, write: bool = False) -> Iterator[Connection]:
        """A transaction; `write` takes the write lock at once (BEGIN IMMEDIATE)."""
        conn = self.conn
        try:
            if self.pg is not None:
                quiet = self.on_wait is None or self.busy_timeout_ms <= NOTICE_AFTER_MS
                self.pg.begin(conn, write, None if quiet else self.on_wait, self._waiting(), NOTICE_AFTER_MS)
            elif write:
                self._begin_write(conn)
            else:
                conn.exec_driver_sql("BEGIN")
            try:
                yield conn
            except BaseException:
                conn.rollback()
                raise
            conn.commit()
        except DBAPIError as exc:
            raise self._error(exc) from None

    def _error(self, exc: DBAPIError) -> StoreError:
        return self.pg.error(exc) if self.pg is not None else store_error(exc, self.path)

    @contextmanager
    def streaming(self) -> Iterator[None]:
        """Around a query read in batches (yield_per): PostgreSQL's server-side cursor lives
        in a transaction; SQLite needs none."""
        if self.pg is None:
            yield
            return
        with self.transaction():
            yield

    def _waiting(self) -> str:
        return f"waiting for another ipcity that is writing to {self.path} (up to {self.busy_timeout_ms // 1000} s) ..."

    # --- SQLite: writers queue ---------------------------------------------------------

    def _begin_write(self, conn: Connection) -> None:
        """BEGIN IMMEDIATE, queueing behind another writer: a short first wait, then a
        message (`on_wait`) and the rest of the busy timeout."""
        total = self.busy_timeout_ms
        if self.on_wait is None or total <= NOTICE_AFTER_MS:
            conn.exec_driver_sql("BEGIN IMMEDIATE")
            return
        conn.exec_driver_sql(f"PRAGMA busy_timeout = {NOTICE_AFTER_MS}")
        try:
            try:
                conn.exec_driver_sql("BEGIN IMMEDIATE")
                return
            except DBAPIError as exc:
                if not _is_busy(exc):
                    raise
                conn.rollback()
            self.on_wait(self._waiting())
            conn.exec_driver_sql(f"PRAGMA busy_timeout = {total - NOTICE_AFTER_MS}")
            conn.exec_driver_sql("BEGIN IMMEDIATE")
        finally:
            conn.exec_driver_sql(f"PRAGMA busy_timeout = {total}")

    def schema_version(self) -> int:
        if self.pg is not None:
            return self.pg.schema_version(self.conn)
        return self.conn.exec_driver_sql("PRAGMA user_version").scalar_one()

    def _migrate(self, create: bool) -> None:
        if self.pg is not None:
            return self._migrate_server()
        try:
            with self.transaction():  # one read: another ipcity may be creating the file right now
                version = self.schema_version()
                tables = self.conn.exec_driver_sql("SELECT count(*) FROM sqlite_master").scalar_one()
            if version > SCHEMA_VERSION:
                raise newer_schema(self.path, version)
            if version == 0 and tables:
                raise StoreError(f"{self.path} is an SQLite database but not an ipcity one", "pass --db with a new file name")
            if version < SCHEMA_VERSION:
                mode = self.conn.exec_driver_sql("PRAGMA journal_mode").scalar_one()
                if mode != "wal":
                    self.conn.exec_driver_sql("PRAGMA journal_mode = WAL")
                for number in range(version, SCHEMA_VERSION):
                    with self.transaction(write=True) as conn:
                        if self.schema_version() > number:  # another ipcity took this step while we waited
                            continue
                        MIGRATIONS[number](conn.exec_driver_sql)
                        conn.exec_driver_sql(f"PRAGMA user_version = {number + 1}")
        except DBAPIError as exc:
            raise store_error(exc, self.path) from None

    def _migrate_server(self) -> None:
        """The same numbered steps on PostgreSQL, the version in a table; each step under the
        write lock, re-reading the version there (two first `init`s at once migrate once)."""
        from ipcity.store.pg import GAPLESS_IDS, ddl

        try:
            version = self.schema_version()
            if version > SCHEMA_VERSION:
                raise newer_schema(self.path, version)
            if version == 0 and self.pg.table_count(self.conn):
                raise StoreError(f"the database {self.path} holds other tables and is not an ipcity one",
                                 "pass --db with the URL of a new, empty database")
            while version < SCHEMA_VERSION:
                with self.transaction(write=True) as conn:
                    version = self.schema_version()
                    if version < SCHEMA_VERSION:
                        MIGRATIONS[version](lambda statement: conn.exec_driver_sql(ddl(statement)))
                        version += 1
                        if version == 1:
                            conn.exec_driver_sql(GAPLESS_IDS)
                        self.pg.set_schema_version(conn, version)
        except DBAPIError as exc:
            raise self._error(exc) from None

    def log_change(self, conn: Connection, action: str, summary: str, source: str | None = None,
                   at: datetime | None = None) -> int:
        """Add a row to the change log (inside the caller's transaction); return its id."""
        return conn.execute(_LOG_CHANGE, {
            "at": at or datetime.now(UTC), "by": self.user(), "action": action, "summary": summary, "source": source,
        }).scalar_one()


# Plain SQL, typed: writing the log must not import the SQLModel classes (see the docstring).
_LOG_CHANGE = text('INSERT INTO change (at, "by", action, summary, source) VALUES (:at, :by, :action, :summary, :source) '
                   'RETURNING id'
                   ).bindparams(bindparam("at", type_=DateTime))


def _env_timeout() -> int:
    text = os.environ.get("IPCITY_BUSY_TIMEOUT_MS", "")
    try:
        return max(0, int(text)) if text.strip() else BUSY_TIMEOUT_MS
    except ValueError:
        raise StoreError(f"IPCITY_BUSY_TIMEOUT_MS is '{text}', not a number of milliseconds",
                         f"set it to a whole number such as {BUSY_TIMEOUT_MS}, or unset it") from None


def _is_busy(exc: DBAPIError) -> bool:
    text = str(exc.orig)
    return "locked" in text or "busy" in text


def newer_schema(path, version: int) -> StoreError:
    return StoreError(
        f"{path} was written by a newer ipcity (schema {version}, this one knows {SCHEMA_VERSION})",
        "upgrade ipcity (pip install -U ipcity) to use it",
    )


def store_error(exc: DBAPIError, path: Path) -> StoreError:
    """What a database failure means for the person at the terminal, and what to do."""
    text = str(exc.orig) if isinstance(exc.orig, sqlite3.Error) else str(exc)
    if _is_busy(exc):
        return StoreError(f"the database {path} is busy: another program has been writing to it for too long",
                          "try again when it has finished (or give it longer with IPCITY_BUSY_TIMEOUT_MS)")
    if "readonly" in text or "read-only" in text:
        folder = path.parent
        if path.exists() and os.access(path, os.W_OK) and not os.access(folder, os.W_OK):
            return StoreError(f"cannot write to {path}: its folder {folder} is read-only (SQLite writes a journal "
                              "file next to the database)", "make the folder writable, or copy the file to a "
                              "writable folder and pass --db")
        return StoreError(f"cannot write to {path}: the file is read-only",
                          "check its permissions, or pass --db with a writable file")
    if "full" in text:
        return StoreError(f"cannot write to {path}: the disk is full",
                          "free some space, then run the command again (nothing was written)")
    if "disk I/O error" in text or "I/O error" in text:
        return StoreError(f"cannot read or write {path}: the disk reported an I/O error",
                          "check the disk or network drive it is on, then run the command again")
    if "not a database" in text or "malformed" in text:
        return StoreError(f"{path} is not a readable ipcity database ({text})",
                          "restore it from a backup, or pass --db with another file")
    if "unable to open" in text:
        return StoreError(f"cannot open {path}", "check that the folder exists and is writable")
    return StoreError(f"database error in {path}: {text}", "check the file, or report this as a bug")
