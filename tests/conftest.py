"""Every test runs against files in its own temporary folder, never the user's data dir.

The store and CLI tests (every test that takes `cli`, `ready`, `store_location` or
`engine`) run on SQLite and, when $IPCITY_TEST_PG names a PostgreSQL server (e.g.
postgresql://root@127.0.0.1:5432/postgres), on PostgreSQL too: each such test then gets a
fresh database of its own on that server, named for this run and dropped after it (see
`pg_databases`). A test marked `sqlite_only` is about the file itself (its header, its
permissions, its lock) and runs on SQLite alone."""

from __future__ import annotations

import functools
import hashlib
import itertools
import os
import shutil
from datetime import date, datetime
from pathlib import Path

import pytest
import typer.testing
from typer.testing import CliRunner

from ipcity.cli import app

WIDTH = 120

# Typer's CliRunner rebuilds the Click command from the app on every invoke: half the time
# of a typical test command. The app does not change during a run, so build it once (if a
# later typer renames this, the tests only run slower).
if hasattr(typer.testing, "_get_command"):
    typer.testing._get_command = functools.lru_cache(maxsize=None)(typer.testing._get_command)


PG_SERVER = os.environ.get("IPCITY_TEST_PG")
ENGINES = ["sqlite", "postgresql"] if PG_SERVER else ["sqlite"]


def pytest_configure(config):
    config.addinivalue_line("markers", "sqlite_only: about the SQLite file itself; not run on PostgreSQL")
    config.addinivalue_line("markers", "postgresql_only: about the server (logins, roles); needs IPCITY_TEST_PG")


def pytest_collection_modifyitems(config, items):
    """Drop the PostgreSQL run of a test marked sqlite_only, and the SQLite run of one marked
    postgresql_only (which is skipped, saying why, when there is no server)."""
    keep, dropped = [], []
    for item in items:
        engine = item.callspec.params.get("engine") if getattr(item, "callspec", None) is not None else None
        if engine == "sqlite" and item.get_closest_marker("postgresql_only"):
            if PG_SERVER:
                dropped.append(item)
                continue
            item.add_marker(pytest.mark.skip(reason="needs a PostgreSQL server: set IPCITY_TEST_PG"))
        (dropped if engine == "postgresql" and item.get_closest_marker("sqlite_only") else keep).append(item)
    if dropped:
        config.hook.pytest_deselected(items=dropped)
        items[:] = keep


def pytest_report_header(config):
    return (f"engines: SQLite and PostgreSQL ({PG_SERVER})" if PG_SERVER
            else "engines: SQLite only (set IPCITY_TEST_PG to a PostgreSQL server URL to run on both)")


@pytest.fixture(params=ENGINES)
def engine(request) -> str:
    return request.param


@pytest.fixture(autouse=True)
def isolated(tmp_path, monkeypatch):
    monkeypatch.setenv("IPCITY_DB", str(tmp_path / "default.db"))
    monkeypatch.delenv("IPCITY_PLAN", raising=False)
    monkeypatch.delenv("IPCITY_DEBUG", raising=False)
    monkeypatch.setenv("IPCITY_LANG", "en")  # tests read English messages; test_i18n and the tour unset it
    monkeypatch.setenv("COLUMNS", str(WIDTH))
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    monkeypatch.setenv("HOME", str(tmp_path / "home"))


class PgDatabase(str):
    """A database on the test server: its URL (what --db takes), and what a test asks of a
    file: whether it exists, and its name."""

    def __new__(cls, url: str, name: str, admin: PgAdmin):
        self = super().__new__(cls, url)
        self.name, self.admin = name, admin
        return self

    def exists(self) -> bool:
        return self.admin.exists(self.name)

    def as_user(self, role: str) -> PgDatabase:
        """The same database, logged in as `role`."""
        from sqlalchemy.engine import make_url

        return PgDatabase(make_url(str(self)).set(username=role).render_as_string(hide_password=False),
                          self.name, self.admin)


class PgAdmin:
    """Creates and drops this run's databases on the server $IPCITY_TEST_PG names."""

    def __init__(self, server: str):
        from sqlalchemy.engine import make_url

        url = make_url(server)
        self.base = url.set(drivername="postgresql")
        self.maintenance = self.base.set(database=url.database or "postgres").render_as_string(hide_password=False)
        self.prefix = f"ipcity_t{datetime.now():%m%d%H%M%S}_{os.getpid()}"
        self.counter = itertools.count(1)

    def sql(self, statement: str) -> list[tuple]:
        import psycopg

        with psycopg.connect(self.maintenance, autocommit=True) as con:
            cursor = con.execute(statement)
            return cursor.fetchall() if cursor.description else []

    def new(self, template: str | None = None, name: str | None = None) -> PgDatabase:
        """A new database's URL; created from `template` when given, else left for `init` to create."""
        name = name or f"{self.prefix}_{next(self.counter)}"
        if template:
            self.sql(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')
        url = self.base.set(database=name).render_as_string(hide_password=False)
        return PgDatabase(url, name, self)

    def exists(self, name: str) -> bool:
        return bool(self.sql(f"SELECT 1 FROM pg_database WHERE datname = '{name}'"))

    def drop(self, name: str) -> None:
        self.sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    def drop_all(self) -> None:
        for (name,) in self.sql(f"SELECT datname FROM pg_database WHERE datname LIKE '{self.prefix}%'"):
            self.drop(name)


@pytest.fixture(scope="session")
def pg_databases():
    """This run's databases on the PostgreSQL server; every one is dropped at the end."""
    if not PG_SERVER:
        pytest.skip("IPCITY_TEST_PG is not set")
    admin = PgAdmin(PG_SERVER)
    yield admin
    admin.drop_all()


@pytest.fixture
def store_location(engine, tmp_path, request):
    """Where a new, empty store goes: a file in the test's folder, or a database of its own
    on the test server (not created yet, as a file does not exist yet)."""
    if engine == "sqlite":
        return tmp_path / "ipcity.db"
    admin = request.getfixturevalue("pg_databases")
    location = admin.new()
    request.addfinalizer(lambda: admin.drop(location.name))
    return location


class Cli:
    """Runs ipcity end to end with CliRunner against one database (a file, or a URL)."""

    def __init__(self, db: Path | PgDatabase, lang: str = "en"):
        self.db = db
        self.runner = CliRunner()
        self.lang = lang  # these tests read the English messages; tests/test_i18n.py and the tour read the Chinese

    def __call__(self, *args: str, db: bool = True):
        argv = (["--db", str(self.db)] if db else []) + list(args)
        return self.runner.invoke(app, argv, env={"COLUMNS": str(WIDTH), "NO_COLOR": "1", "IPCITY_LANG": self.lang})

    def refuses(self, *args: str, message: str):
        """Bad input: one line on stderr naming the problem, exit 1, nothing on stdout, and
        the database byte-for-byte as it was."""
        before = digest(self.db) if self.db.exists() else None
        result = self(*args)
        assert result.exit_code == 1, result.stderr
        assert message in result.stderr
        assert result.stderr.count("\n") == 1 and result.stderr.startswith("ipcity: error: "), result.stderr
        assert result.stdout == ""
        assert (digest(self.db) if self.db.exists() else None) == before
        return result

    def ok(self, *args: str):
        result = self(*args)
        assert result.exit_code == 0, f"exit {result.exit_code}\nstdout: {result.stdout}\nstderr: {result.stderr}"
        return result


@pytest.fixture
def cli(store_location) -> Cli:
    return Cli(store_location)


def _init(db) -> None:
    result = CliRunner().invoke(app, ["--db", str(db), "init"],
                                env={"COLUMNS": str(WIDTH), "NO_COLOR": "1", "IPCITY_PLAN": None, "IPCITY_DB": None})
    assert result.exit_code == 0, result.stderr


@pytest.fixture(scope="session")
def initialised(tmp_path_factory) -> Path:
    """The bundled plan loaded into a database once per test run (by `ipcity init`); tests
    get a copy of the file. Built before the per-test environment exists, so everything it
    needs is passed explicitly."""
    db = tmp_path_factory.mktemp("initialised") / "ipcity.db"
    _init(db)
    assert not Path(f"{db}-wal").exists()  # closed cleanly: the file alone is the database
    return db


@pytest.fixture(scope="session")
def initialised_pg(pg_databases) -> PgDatabase:
    """The same on the PostgreSQL server: the template every `ready` database is made from."""
    db = pg_databases.new(name=f"{pg_databases.prefix}_template")
    _init(db)
    return db


@pytest.fixture
def ready(engine, tmp_path, request) -> Cli:
    """A database with the bundled plan loaded (a copy of the one `init` made for this run)."""
    if engine == "sqlite":
        db = tmp_path / "ipcity.db"
        shutil.copyfile(request.getfixturevalue("initialised"), db)
        return Cli(db)
    admin = request.getfixturevalue("pg_databases")
    db = admin.new(template=request.getfixturevalue("initialised_pg").name)
    request.addfinalizer(lambda: admin.drop(db.name))
    return Cli(db)


def query(db, statement: str, params: tuple = ()) -> list[tuple]:
    """Rows of plain SQL (`?` placeholders) on either engine; dates and times as SQLite keeps
    them (ISO text), so one expected value fits both."""
    if isinstance(db, PgDatabase):
        import psycopg

        with psycopg.connect(str(db), autocommit=True) as con:
            cursor = con.execute(statement.replace("?", "%s"), params)
            rows = cursor.fetchall() if cursor.description else []
    else:
        import sqlite3

        con = sqlite3.connect(db)
        try:
            rows = con.execute(statement, params).fetchall()
            con.commit()
        finally:
            con.close()
    return [tuple(_as_sqlite(v) for v in row) for row in rows]


def set_schema_version(db, version: int) -> None:
    """Stamp the database with another schema version (as a newer ipcity would have)."""
    if isinstance(db, PgDatabase):
        query(db, f"UPDATE ipcity_schema SET version = {int(version)}")
    else:
        import sqlite3

        con = sqlite3.connect(db)
        con.execute(f"PRAGMA user_version = {int(version)}")
        con.close()


def _as_sqlite(value):
    if isinstance(value, datetime):
        return value.isoformat(" ")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, bool):
        return int(value)
    return value


def digest(path) -> str:
    """The database's bytes, including anything left in a WAL file; on PostgreSQL, every
    row of every table."""
    if isinstance(path, PgDatabase):
        return _pg_digest(path)
    h = hashlib.sha256(path.read_bytes())
    for extra in (Path(f"{path}-wal"),):
        if extra.exists():
            h.update(extra.read_bytes())
    return h.hexdigest()


def _pg_digest(db: PgDatabase) -> str:
    import psycopg

    h = hashlib.sha256()
    with psycopg.connect(str(db), autocommit=True) as con:
        tables = [t for (t,) in con.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY table_name")]
        for table in tables:
            h.update(table.encode())
            for row in con.execute(f'SELECT * FROM "{table}" ORDER BY 1'):
                h.update(repr(row).encode())
    return h.hexdigest()


def chromium_dom(path: Path, tmp_path: Path) -> str:
    """The DOM headless Chromium builds from the HTML file at `path` (Debian's chromium)."""
    import subprocess

    profile = tmp_path / "profile"
    return subprocess.run(
        ["chromium", "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run", f"--user-data-dir={profile}",
         "--dump-dom", path.as_uri()],
        capture_output=True, text=True, timeout=60, check=True,
    ).stdout
