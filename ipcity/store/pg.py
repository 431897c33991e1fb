"""PostgreSQL: the store on a server instead of a file. Everything that differs from SQLite
lives here: the URL, connecting (and creating the database on `init`), the schema version
table, the DDL and placeholder dialect, the write lock, who is writing, and the server's
errors as one line. psycopg (the extra `ipcity[postgres]`) is imported only when a URL is
opened, so the SQLite path never pays for it.

The migrations and every query are written once, in SQLite's words; `ddl` and
`driver_sql` turn them into PostgreSQL's. Writes take one advisory lock per database for
their transaction, as SQLite's BEGIN IMMEDIATE takes its write lock: every check-then-write
(a record, an import, a snapshot) sees the last commit, and reads never wait."""

from __future__ import annotations

import re
import time
from functools import lru_cache

from ipcity.base.errors import StoreError

URL_SCHEMES = ("postgresql://", "postgres://", "postgresql+psycopg://")
VERSION_TABLE = "ipcity_schema"
WRITE_LOCK = 0x1BC17  # the advisory lock every write transaction holds (per database)
EXTRA_HINT = 'install the PostgreSQL driver: pip install "ipcity[postgres]"'


def is_url(location: object) -> bool:
    """Whether --db / IPCITY_DB names a PostgreSQL server rather than a file."""
    return isinstance(location, str) and location.lower().startswith(URL_SCHEMES)


def shown(url: str) -> str:
    """The URL as messages show it: the password masked."""
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError

    try:
        return make_url(url).render_as_string(hide_password=True)
    except (ArgumentError, ValueError):
        return url


def driver_url(url: str):
    """The SQLAlchemy URL for psycopg 3, or one clear error when the URL or the driver is not usable."""
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError

    try:
        import psycopg  # noqa: F401
    except ImportError:
        raise StoreError(f"{shown(url)} is a PostgreSQL URL, and the driver psycopg is not installed", EXTRA_HINT) from None
    try:
        parsed = make_url(url)
    except (ArgumentError, ValueError):
        raise StoreError(f"cannot read the database URL {url}", "write it as postgresql://user@host:port/dbname") from None
    if not parsed.database:
        raise StoreError(f"the URL {shown(url)} names no database", "end it with /dbname, e.g. postgresql://user@host:5432/ipcity")
    return parsed.set(drivername="postgresql+psycopg")


class Server:
    """What a `Database` on PostgreSQL needs beyond SQLAlchemy: the write lock, the schema
    version, the connected user and the errors."""

    def __init__(self, url: str):
        self.url = url
        self.display = shown(url)
        self.user: str | None = None

    # --- connecting --------------------------------------------------------------------

    def connect(self, create: bool, busy_timeout_ms: int = 5000):
        """An open SQLAlchemy connection in autocommit mode (transactions are begun here, by
        `begin`); on `init` a database that does not exist yet is created first. A writer
        waits for the write lock as long as SQLite's busy timeout, then says the database is busy."""
        from sqlalchemy import create_engine, event
        from sqlalchemy.exc import DBAPIError
        from sqlalchemy.pool import NullPool

        target = driver_url(self.url)
        engine = create_engine(target, poolclass=NullPool,
                               connect_args={"options": f"-c timezone=UTC -c lock_timeout={int(busy_timeout_ms)}",
                                             "connect_timeout": 10})

        @event.listens_for(engine, "connect")
        def _on_connect(dbapi_connection, _record):
            dbapi_connection.autocommit = True  # we issue BEGIN ourselves, as on SQLite

        event.listen(engine, "before_cursor_execute", _translate, retval=True)
        try:
            conn = engine.connect()
        except DBAPIError as exc:
            if not _missing_database(exc) or not create:
                engine.dispose()
                raise (self._missing(target.database) if _missing_database(exc) else self.error(exc)) from None
            self._create_database(target)
            try:
                conn = engine.connect()
            except DBAPIError as again:
                engine.dispose()
                raise self.error(again) from None
        self.user = conn.exec_driver_sql("SELECT current_user").scalar_one()
        return conn

    def exists(self) -> bool:
        """Whether the database is there (the server answers and knows it)."""
        from sqlalchemy import create_engine
        from sqlalchemy.exc import DBAPIError
        from sqlalchemy.pool import NullPool

        engine = create_engine(driver_url(self.url), poolclass=NullPool, connect_args={"connect_timeout": 10})
        try:
            with engine.connect():
                return True
        except DBAPIError as exc:
            if _missing_database(exc):
                return False
            raise self.error(exc) from None
        finally:
            engine.dispose()

    def _missing(self, name: str) -> StoreError:
        return StoreError(f"no database at {self.display}",
                          "run `ipcity init` to create it, or point --db / IPCITY_DB at an existing database")

    def _create_database(self, target) -> None:
        """CREATE DATABASE, from the maintenance database `postgres`, with byte-order collation."""
        import psycopg
        from psycopg import sql

        maintenance = target.set(database="postgres").render_as_string(hide_password=False).replace(
            "postgresql+psycopg://", "postgresql://", 1)
        try:
            with psycopg.connect(maintenance, autocommit=True, connect_timeout=10) as admin:
                admin.execute(sql.SQL("CREATE DATABASE {} TEMPLATE template0 ENCODING 'UTF8'").format(
                    sql.Identifier(target.database)))
        except psycopg.errors.DuplicateDatabase:
            pass  # another ipcity created it just now
        except psycopg.Error as exc:
            raise StoreError(
                f"there is no database {target.database} on {self.display}, and it cannot be created "
                f"({_first_line(exc)})",
                f"ask the server's administrator to run: createdb {target.database}",
            ) from None

    # --- transactions and the schema ---------------------------------------------------

    def begin(self, conn, write: bool, on_wait=None, waiting: str = "", notice_after_ms: int = 1000) -> None:
        """BEGIN; a writer then takes the write lock, queueing behind another writer for up to
        the busy timeout; as on SQLite, one still waiting after `notice_after_ms` says so
        through `on_wait`."""
        conn.exec_driver_sql("BEGIN")
        if not write:
            return
        if on_wait is not None:
            deadline = time.monotonic() + notice_after_ms / 1000
            while not conn.exec_driver_sql(f"SELECT pg_try_advisory_xact_lock({WRITE_LOCK})").scalar():
                if time.monotonic() >= deadline:
                    on_wait(waiting)
                    break
                time.sleep(0.05)
            else:
                return
        conn.exec_driver_sql(f"SELECT pg_advisory_xact_lock({WRITE_LOCK})")

    def schema_version(self, conn) -> int:
        if conn.exec_driver_sql(f"SELECT to_regclass('{VERSION_TABLE}')").scalar() is None:
            return 0
        return conn.exec_driver_sql(f"SELECT max(version) FROM {VERSION_TABLE}").scalar() or 0

    def set_schema_version(self, conn, version: int) -> None:
        conn.exec_driver_sql(f"CREATE TABLE IF NOT EXISTS {VERSION_TABLE} (version INTEGER NOT NULL)")
        conn.exec_driver_sql(f"DELETE FROM {VERSION_TABLE}")
        conn.exec_driver_sql(f"INSERT INTO {VERSION_TABLE} (version) VALUES ({int(version)})")

    def reset_identities(self, conn, tables: list[str]) -> None:
        """After rows were copied in with their ids, new rows get the next id, not a clash."""
        for name in tables:
            conn.exec_driver_sql(f"SELECT setval(pg_get_serial_sequence('{name}', 'id'), "
                                 f"coalesce((SELECT max(id) FROM {name}), 0) + 1, false)")

    def table_count(self, conn) -> int:
        """Tables in the schema ipcity uses: an empty database is ours to fill."""
        return conn.exec_driver_sql(
            "SELECT count(*) FROM information_schema.tables WHERE table_schema = current_schema()").scalar_one()

    # --- errors ------------------------------------------------------------------------

    def error(self, exc) -> StoreError:
        """A server or driver error as one line saying what to do."""
        orig = getattr(exc, "orig", exc)
        state = getattr(orig, "sqlstate", None)
        text = _first_line(orig)
        if state == "42501" and "row-level security" in text:
            table = re.search(r'table "(\w+)"', text)
            what = {"observation": "figures", "task_update": "task updates", "change": "change log entries"}.get(
                table.group(1) if table else "", "rows")
            return StoreError(
                f"the server refused the write: {self.user} may not write these {what} ({text})",
                "a login made by `ipcity db grant` writes only its own region's figures or its own unit's tasks",
            )
        if state == "42501":
            return StoreError(f"the server refused: {self.user} has no right to do this on {self.display} ({text})",
                              "ask the administrator, or use the login that owns the database")
        if state in ("40001", "40P01", "55P03"):
            return StoreError(f"the database {self.display} is busy ({text})", "try again in a moment")
        if state is None and ("connection" in text or "could not" in text or "timeout" in text):
            return StoreError(f"cannot connect to {self.display} ({text})",
                              "check that the server runs (pg_isready) and the URL's user, host, port and database")
        return StoreError(f"database error in {self.display}: {text}", "check the server, or report this as a bug")


def ddl(statement: str) -> str:
    """A migration's SQLite DDL in PostgreSQL's words: identity keys, timestamps, booleans
    defaulting to false or true rather than 0 or 1, and text
    that sorts and compares by bytes (as SQLite's does), whatever the server's locale. The
    change log's id is numbered by `GAPLESS_IDS` instead: SQLite gives the next id after
    the largest, so a rolled-back import or dry run uses no number, and `ipcity log` shows
    the same numbers on both engines."""
    if not re.match(r"\s*CREATE TABLE (IF NOT EXISTS )?change\b", statement):
        statement = re.sub(r"\bINTEGER PRIMARY KEY\b", "INTEGER GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY", statement)
    statement = re.sub(r"\bDATETIME\b", "TIMESTAMP", statement)
    statement = re.sub(r"\b(BOOLEAN\b[^,)]*\bDEFAULT) ([01])\b",
                       lambda m: f"{m.group(1)} {'true' if m.group(2) == '1' else 'false'}", statement)
    return re.sub(r"\bVARCHAR\b", 'VARCHAR COLLATE "C"', statement)


# Run after the migrations on PostgreSQL (idempotent): the change log's next id is the
# largest plus one, as SQLite's; every insert into it runs under the write lock, so two
# writers never take the same number.
GAPLESS_IDS = """
CREATE OR REPLACE FUNCTION ipcity_next_change_id() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.id IS NULL THEN
        NEW.id := coalesce((SELECT max(id) FROM change), 0) + 1;
    END IF;
    RETURN NEW;
END $$;
DROP TRIGGER IF EXISTS ipcity_next_change_id ON change;
CREATE TRIGGER ipcity_next_change_id BEFORE INSERT ON change FOR EACH ROW EXECUTE FUNCTION ipcity_next_change_id();
"""


@lru_cache(maxsize=256)
def driver_sql(statement: str) -> str:
    """A plain SQL statement written for SQLite as psycopg takes it: `?` placeholders become
    `%s` (a literal `%` doubled) and SQLite's index hints go."""
    statement = re.sub(r"\s+INDEXED BY \w+", "", statement)
    if "?" in statement:
        statement = statement.replace("%", "%%").replace("?", "%s")
    return statement


def _translate(conn, cursor, statement, parameters, context, executemany):
    if context is not None and getattr(context, "compiled", None) is None:  # exec_driver_sql, not SQLAlchemy's own
        statement = driver_sql(statement)
    return statement, parameters


def _missing_database(exc) -> bool:
    return "does not exist" in str(getattr(exc, "orig", exc)) and "database" in str(getattr(exc, "orig", exc))


def _first_line(exc) -> str:
    text = str(exc).strip()
    return text.splitlines()[0].strip() if text else type(exc).__name__
