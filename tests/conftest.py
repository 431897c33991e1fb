"""Every test runs against files in its own temporary folder, never the user's data dir."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import functools

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


@pytest.fixture(autouse=True)
def isolated(tmp_path, monkeypatch):
    monkeypatch.setenv("IPCITY_DB", str(tmp_path / "default.db"))
    monkeypatch.delenv("IPCITY_PLAN", raising=False)
    monkeypatch.delenv("IPCITY_DEBUG", raising=False)
    monkeypatch.setenv("COLUMNS", str(WIDTH))
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    monkeypatch.setenv("HOME", str(tmp_path / "home"))


class Cli:
    """Runs ipcity end to end with CliRunner against one database file."""

    def __init__(self, db: Path):
        self.db = db
        self.runner = CliRunner()

    def __call__(self, *args: str, db: bool = True):
        argv = (["--db", str(self.db)] if db else []) + list(args)
        return self.runner.invoke(app, argv, env={"COLUMNS": str(WIDTH), "NO_COLOR": "1"})

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
def cli(tmp_path) -> Cli:
    return Cli(tmp_path / "ipcity.db")


@pytest.fixture(scope="session")
def initialised(tmp_path_factory) -> Path:
    """The bundled plan loaded into a database once per test run (by `ipcity init`); tests
    get a copy of the file. Built before the per-test environment exists, so everything it
    needs is passed explicitly."""
    db = tmp_path_factory.mktemp("initialised") / "ipcity.db"
    result = CliRunner().invoke(app, ["--db", str(db), "init"],
                                env={"COLUMNS": str(WIDTH), "NO_COLOR": "1", "IPCITY_PLAN": None, "IPCITY_DB": None})
    assert result.exit_code == 0, result.stderr
    assert not Path(f"{db}-wal").exists()  # closed cleanly: the file alone is the database
    return db


@pytest.fixture
def ready(cli, initialised) -> Cli:
    """A database with the bundled plan loaded (a copy of the one `init` made for this run)."""
    shutil.copyfile(initialised, cli.db)
    return cli


def digest(path: Path) -> str:
    """The database's bytes, including anything left in a WAL file."""
    h = hashlib.sha256(path.read_bytes())
    for extra in (Path(f"{path}-wal"),):
        if extra.exists():
            h.update(extra.read_bytes())
    return h.hexdigest()
