"""PostgreSQL beside SQLite: the same command gives the same output on both, a store copies
from one to the other and back unchanged, many writers at once all land, and a login
granted for one region is held to it by the server. Tests that need a server run only when
$IPCITY_TEST_PG names one (see conftest); the rest run everywhere."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import Cli, query
from typer.testing import CliRunner

SERVER = pytest.mark.usefixtures("pg_databases")


def run_on(cli: Cli, *commands: tuple[str, ...]) -> list[str]:
    return [cli.ok(*command).stdout for command in commands]


DONE_WHEN = (("init",), ("record", "invention_patents", "3250", "--period", "2023"), ("status", "--format", "json"))


@SERVER
def test_done_when_the_same_json_on_both_engines(pg_databases, tmp_path):
    on_file = run_on(Cli(tmp_path / "ipcity.db"), *DONE_WHEN)
    on_server = run_on(Cli(pg_databases.new()), *DONE_WHEN)
    assert on_server == on_file
    assert json.loads(on_server[-1])["indicators"][0]["value"] == 3250


def filled(cli: Cli, tmp_path: Path) -> Cli:
    """A store with corrections, an import, task updates, a milestone and snapshots (one refreshed)."""
    cli.ok("init")
    cli.ok("record", "invention_patents", "3250", "--period", "2023", "--source", "市市场监督管理局")
    cli.ok("record", "invention_patents", "3280", "--period", "2023", "--correct")
    cli.ok("record", "tech_contract_turnover", "15.4亿元", "--period", "2024Q2", "--note", "[red]省专项[/red]")
    sheet = tmp_path / "counties.csv"
    sheet.write_text("indicator,region,period,value\ntrademarks,长葛市,2023,9100\ninvention_patents,禹州市,2023,300\n",
                     encoding="utf-8")
    cli.ok("import", str(sheet))
    cli.ok("task", "update", "4", "--status", "in_progress", "--count", "strong_enterprises=2", "--note", "两家")
    cli.ok("milestone", "done", "breakthrough_copyright", "--date", "2024-05-20")
    cli.ok("snapshot", "--period", "2024-05")
    cli.ok("snapshot", "--period", "2024-06")
    cli.ok("record", "trademarks", "9200", "--period", "2023", "--region", "长葛市", "--correct")
    cli.ok("snapshot", "--period", "2024-06", "--refresh")
    return cli


VIEWS = (("export", "--history"), ("export", "--format", "json"), ("status", "--format", "json"),
         ("status", "--by", "region", "--format", "json"), ("log",), ("snapshots", "--all", "--format", "json"),
         ("tasks", "--format", "json"), ("milestones", "--format", "json"), ("history", "trademarks", "--region", "长葛市"))


@SERVER
def test_copy_sqlite_to_postgresql_and_back_changes_nothing(pg_databases, tmp_path):
    first = filled(Cli(tmp_path / "first.db"), tmp_path)
    server, back = Cli(pg_databases.new()), Cli(tmp_path / "back.db")
    copied = first.ok("db", "copy", "--to", str(server.db))
    assert "every table compared: identical" in copied.stderr and "2 snapshots" not in copied.stderr
    server.ok("db", "copy", "--to", str(back.db))
    want = run_on(first, *VIEWS)
    assert run_on(server, *VIEWS) == want
    assert run_on(back, *VIEWS) == want
    # the copies go on: new ids follow the copied ones
    server.ok("record", "population", "438万人", "--period", "2023")
    assert "population" in server.ok("log").stdout


@SERVER
def test_copy_refuses_a_target_that_holds_a_store(pg_databases, tmp_path):
    first = filled(Cli(tmp_path / "first.db"), tmp_path)
    other = Cli(pg_databases.new())
    other.ok("init")
    first.refuses("db", "copy", "--to", str(other.db), message="already holds an ipcity store")
    first.refuses("db", "copy", "--to", str(first.db), message="--to names the database being copied")


def test_copy_between_two_files(tmp_path):
    first = filled(Cli(tmp_path / "first.db"), tmp_path)
    second = Cli(tmp_path / "second.db")
    first.ok("db", "copy", "--to", str(second.db))
    assert run_on(second, *VIEWS) == run_on(first, *VIEWS)


def test_a_url_without_the_driver_says_which_extra_to_install(monkeypatch):
    monkeypatch.setitem(sys.modules, "psycopg", None)  # as if it were not installed
    result = CliRunner().invoke(cli_app(), ["--db", "postgresql://root@127.0.0.1:5432/ipcity", "status"])
    assert result.exit_code == 1
    assert result.stderr.strip() == ("ipcity: error: postgresql://root@127.0.0.1:5432/ipcity is a PostgreSQL URL, and "
                                     "the driver psycopg is not installed; install the PostgreSQL driver: "
                                     'pip install "ipcity[postgres]"')


@pytest.mark.sqlite_only
def test_the_sqlite_path_never_imports_the_driver(ready):
    code = ("import sys\nfrom ipcity.cli import main\nsys.argv = ['ipcity', 'status', '--format', 'json']\n"
            "try:\n    main()\nexcept SystemExit:\n    pass\nprint('psycopg' in sys.modules, file=sys.stderr)\n")
    result = subprocess.run([sys.executable, "-c", code], env={**os.environ, "IPCITY_DB": str(ready.db)},
                            capture_output=True, text=True, timeout=60, check=False)
    assert result.stderr.strip().endswith("False"), result.stderr


def test_a_url_to_a_server_that_is_not_there_is_one_line():
    pytest.importorskip("psycopg")
    result = CliRunner().invoke(cli_app(), ["--db", "postgresql://root:secret@127.0.0.1:1/ipcity", "status"])
    assert result.exit_code == 1 and result.stderr.count("\n") == 1
    assert "cannot connect to postgresql://root:***@127.0.0.1:1/ipcity" in result.stderr
    assert "secret" not in result.stderr


@SERVER
def test_a_database_with_other_tables_is_refused(pg_databases):
    db = pg_databases.new(template="template0")
    query(db, "CREATE TABLE accounts (id INTEGER)")
    Cli(db).refuses("init", message="holds other tables and is not an ipcity one")


def cli_app():
    from ipcity.cli import app

    return app


# --- many writers at once ------------------------------------------------------------------

WRITERS = 20


def test_twenty_writers_at_once_all_land_once(ready, tmp_path):
    """Records, imports, snapshots and task updates from 20 processes at once: every one
    exits 0, every figure is there once, and the month has one snapshot."""
    commands = []
    regions = ["魏都区", "建安区", "禹州市", "长葛市", "鄢陵县"]
    for i, region in enumerate(regions):  # 5 records
        commands.append(["record", "invention_patents", str(100 + i), "--period", "2023", "--region", region])
    for i in range(5):  # 5 imports of 12 months each
        sheet = tmp_path / f"import{i}.csv"
        sheet.write_text("indicator,region,period,value\n" + "".join(
            f"tech_contract_turnover,{regions[i]},2024-{m:02d},{1000 * (i + 1) + m}元\n" for m in range(1, 13)),
            encoding="utf-8")
        commands.append(["import", str(sheet)])
    commands += [["snapshot", "--period", "2024-05"] for _ in range(5)]  # 5 snapshots of one month
    commands += [["task", "update", str(n), "--status", "in_progress"] for n in range(1, 6)]  # 5 task updates
    assert len(commands) == WRITERS
    env = {**os.environ, "IPCITY_DB": str(ready.db), "IPCITY_BUSY_TIMEOUT_MS": "120000"}
    processes = [subprocess.Popen([sys.executable, "-m", "ipcity", *c], env=env, stdout=subprocess.DEVNULL,
                                  stderr=subprocess.PIPE, text=True) for c in commands]
    results = [(p.wait(timeout=300), p.stderr.read()) for p in processes]
    for p in processes:
        p.stderr.close()
    assert [code for code, _ in results] == [0] * WRITERS, results
    assert query(ready.db, "SELECT count(*) FROM observation") == [(5 + 5 * 12,)]
    assert query(ready.db, "SELECT count(*) FROM (SELECT DISTINCT indicator_key, region, period FROM observation) AS k") \
        == [(5 + 5 * 12,)]
    assert query(ready.db, "SELECT period FROM snapshot") == [("2024-05",)]
    assert query(ready.db, "SELECT count(*) FROM task_update") == [(5,)]
    assert sum("already taken" in err for _, err in results) == 4, results


# --- a login for one region ------------------------------------------------------------------


@pytest.mark.postgresql_only
def test_a_region_login_writes_its_own_figures_and_the_server_refuses_others(ready, tmp_path):
    role = f"{ready.db.admin.prefix}_cg"
    ready.ok("db", "grant", role, "--region", "长葛市")
    county = Cli(ready.db.as_user(role))
    try:
        county.ok("record", "invention_patents", "410", "--period", "2023", "--region", "长葛市")
        county.ok("record", "invention_patents", "420", "--period", "2023", "--region", "长葛市", "--correct")
        refused = county.refuses("record", "invention_patents", "300", "--period", "2023", "--region", "禹州市",
                                 message=f"the server refused the write: {role} may not write these figures")
        assert "row-level security" in refused.stderr
        county.refuses("record", "invention_patents", "3300", "--period", "2023", message="row-level security")
        own, other = tmp_path / "own.csv", tmp_path / "other.csv"
        own.write_text("indicator,region,period,value\ntrademarks,长葛市,2023,9100\n", encoding="utf-8")
        other.write_text("indicator,region,period,value\ntrademarks,长葛市,2024,9200\ntrademarks,禹州市,2023,5000\n",
                         encoding="utf-8")
        assert "1 added" in county.ok("import", str(own)).stderr
        county.refuses("import", str(other), message="row-level security")  # all or nothing: 长葛市's row is not kept
        county.refuses("task", "update", "4", "--status", "done", "--force", message="permission denied for table task_update")
        county.refuses("snapshot", "--period", "2024-05", message="permission denied for table snapshot")
        status = json.loads(county.ok("status", "--region", "长葛市", "--format", "json").stdout)
        assert status["indicators"][0]["value"] == 420  # it reads everything
        log = query(ready.db, "SELECT action, by FROM change ORDER BY id")
        assert log[-3:] == [("record", role), ("correct", role), ("import", role)]  # who did what: the database user
        ready.ok("record", "invention_patents", "300", "--period", "2023", "--region", "禹州市")  # the owner writes anything
    finally:
        _drop_role(ready.db, role)


@pytest.mark.postgresql_only
def test_a_unit_login_writes_only_its_own_tasks(ready):
    role = f"{ready.db.admin.prefix}_kj"
    granted = ready.ok("db", "grant", role, "--unit", "市科学技术局").stderr
    assert "tasks 4, 5, 6, 12, 16" in granted
    unit = Cli(ready.db.as_user(role))
    try:
        unit.ok("task", "update", "4", "--status", "in_progress", "--note", "两家通过认定")
        unit.refuses("task", "update", "1", "--status", "in_progress",
                     message=f"the server refused the write: {role} may not write these task updates")
        unit.refuses("record", "invention_patents", "3300", "--period", "2023", message="permission denied")
        assert query(ready.db, "SELECT task, by FROM task_update") == [("4", role)]
    finally:
        _drop_role(ready.db, role)


@pytest.mark.sqlite_only
def test_grant_on_a_file_is_refused(ready):
    ready.refuses("db", "grant", "changge", "--region", "长葛市", message="db grant needs a PostgreSQL server")


@pytest.mark.postgresql_only
def test_grant_refuses_unknown_regions_and_bad_names(ready):
    ready.refuses("db", "grant", "changge_t", "--region", "火星市", message="unknown region '火星市'")
    ready.refuses("db", "grant", "Bad-Name", "--region", "长葛市", message="cannot be a login name")
    ready.refuses("db", "grant", "changge_t", message="db grant needs --region or --unit")


def _drop_role(db, role: str) -> None:
    query(db, f"DROP OWNED BY {role}")
    query(db, f"DROP ROLE IF EXISTS {role}")


@pytest.mark.postgresql_only
def test_a_writer_held_up_longer_than_the_busy_timeout_says_the_database_is_busy(ready, monkeypatch):
    import psycopg

    from ipcity.store.pg import WRITE_LOCK

    before = query(ready.db, "SELECT count(*) FROM observation")
    with psycopg.connect(str(ready.db)) as holder:  # another writer, in the middle of its transaction
        holder.execute("SELECT pg_advisory_xact_lock(%s)", (WRITE_LOCK,))
        monkeypatch.setenv("IPCITY_BUSY_TIMEOUT_MS", "200")
        result = ready("record", "invention_patents", "3250", "--period", "2023")
        holder.rollback()
    assert result.exit_code == 1 and "is busy" in result.stderr and result.stderr.count("\n") == 1
    assert query(ready.db, "SELECT count(*) FROM observation") == before
