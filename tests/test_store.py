"""The store on a real SQLite file."""

from __future__ import annotations

import sqlite3
from datetime import UTC, date, datetime

import pytest
from sqlalchemy import inspect

from ipcity.base.errors import ConflictError, StoreError
from ipcity.store.db import BUSY_TIMEOUT_MS
from ipcity.store.migrations import SCHEMA_VERSION
from ipcity.store.models import Observation
from ipcity.base.periods import parse_period
from ipcity.plan.load import load_plan
from ipcity.store import NewObservation, Store


@pytest.fixture
def store(store_location):
    with Store.open(store_location, create=True) as s:
        s.plan.load(load_plan())
        yield s


def obs(value, period="2023", key="invention_patents", region="许昌市"):
    return NewObservation(key, region, parse_period(period), float(value))


def test_new_file_is_migrated_with_wal_and_foreign_keys(tmp_path):
    with Store.open(tmp_path / "new.db", create=True) as s:
        assert s.db.schema_version() == SCHEMA_VERSION
        assert s.db.conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert s.db.conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert s.db.conn.exec_driver_sql("PRAGMA busy_timeout").scalar() == BUSY_TIMEOUT_MS == 60_000


def test_models_match_the_migrated_schema(store):
    inspector = inspect(store.db.conn)
    from sqlmodel import SQLModel

    for table in SQLModel.metadata.sorted_tables:
        columns = {c["name"] for c in inspector.get_columns(table.name)}
        assert columns == {c.name for c in table.columns}, table.name


def test_missing_file_is_not_created(tmp_path):
    with pytest.raises(StoreError, match="no database at .*run `ipcity init`"):
        Store.open(tmp_path / "absent.db")
    assert not (tmp_path / "absent.db").exists()


def test_newer_schema_is_refused(tmp_path):
    path = tmp_path / "future.db"
    Store.open(path, create=True).close()
    con = sqlite3.connect(path)
    con.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    con.close()
    with pytest.raises(StoreError, match="newer ipcity"):
        Store.open(path)


def test_old_schema_upgrades_itself(tmp_path):
    path = tmp_path / "old.db"
    sqlite3.connect(path).close()  # an empty file at schema 0
    with Store.open(path) as s:
        assert s.db.schema_version() == SCHEMA_VERSION


def test_not_a_database(tmp_path):
    path = tmp_path / "notes.txt"
    path.write_text("hello")
    with pytest.raises(StoreError, match="not an SQLite database"):
        Store.open(path)


def test_foreign_sqlite_database_is_refused(tmp_path):
    path = tmp_path / "other.db"
    con = sqlite3.connect(path)
    con.execute("CREATE TABLE t (x)")
    con.close()
    with pytest.raises(StoreError, match="not an ipcity one"):
        Store.open(path)


def test_plan_load_is_idempotent_and_reports_changes(store, tmp_path):
    again = store.plan.load(load_plan())
    assert not again.loaded and "already loaded" in again.summary[0]


def test_record_and_refuse_a_different_value(store):
    assert store.figures.record(obs(3250)).action == "added"
    assert store.figures.record(obs(3250)).action == "unchanged"
    with pytest.raises(ConflictError, match="already 3,250"):
        store.figures.record(obs(3300))
    assert [o.value for o in store.figures.history("invention_patents", "许昌市")] == [3250]


def test_correction_keeps_the_old_value_with_the_time_of_correction(store):
    first = datetime(2024, 1, 10, tzinfo=UTC)
    later = datetime(2024, 5, 2, tzinfo=UTC)
    store.figures.record(obs(3250), now=first)
    outcome = store.figures.record(obs(3300), correct=True, now=later)
    assert outcome.action == "corrected" and outcome.previous.value == 3250
    old, new = store.figures.history("invention_patents", "许昌市")
    assert (old.value, old.version, old.superseded_at) == (3250, 1, later)
    assert (new.value, new.version, new.superseded_at, new.recorded_at) == (3300, 2, None, later)


def test_as_of_counts_periods_ended_with_their_latest_version(store):
    store.figures.record(obs(3250), now=datetime(2024, 1, 10, tzinfo=UTC))
    store.figures.record(obs(3300), correct=True, now=datetime(2024, 5, 2, tzinfo=UTC))
    store.figures.record(obs(3500, "2024-06"), now=datetime(2024, 7, 5, tzinfo=UTC))
    assert store.figures.latest("invention_patents", "许昌市", date(2024, 3, 31)).value == 3300  # the correction reaches back
    assert store.figures.latest("invention_patents", "许昌市", date(2024, 5, 31)).value == 3300
    assert store.figures.latest("invention_patents", "许昌市", None).value == 3500
    assert store.figures.latest("invention_patents", "许昌市", None).entered == date(2024, 7, 5)


def test_known_at_sees_what_the_database_held_then(store):
    store.figures.record(obs(3250), now=datetime(2024, 1, 10, tzinfo=UTC))
    store.figures.record(obs(3300), correct=True, now=datetime(2024, 5, 2, tzinfo=UTC))
    store.figures.record(obs(3500, "2024-06"), now=datetime(2024, 7, 5, tzinfo=UTC))
    moments = {datetime(2024, 1, 9, tzinfo=UTC): None, datetime(2024, 1, 10, tzinfo=UTC): 3250,
               datetime(2024, 5, 1, tzinfo=UTC): 3250, datetime(2024, 5, 2, tzinfo=UTC): 3300,
               datetime(2024, 7, 6, tzinfo=UTC): 3500}
    for moment, expected in moments.items():
        latest = store.at(moment).figures.latest("invention_patents", "许昌市", None)
        assert (latest.value if latest else None) == expected, moment
    then = store.at(datetime(2024, 5, 1, tzinfo=UTC))
    assert then.figures.figure_as_known("invention_patents", "许昌市", "2023").value == 3250
    assert [f.value for f in then.figures.between("invention_patents", "许昌市", date(2023, 1, 1),
                                                   date(2024, 12, 31), None)] == [3250]
    assert store.known_at is None and store.figures.latest("invention_patents", "许昌市", None).value == 3500  # unchanged


def test_dry_run_writes_nothing(store):
    store.figures.record(obs(3250), dry_run=True)
    assert store.figures.history("invention_patents", "许昌市") == []


def test_unknown_region_is_refused_by_the_database(store):
    with pytest.raises(StoreError):
        store.figures.record(obs(1, region="火星市"))


def test_every_change_is_logged(store):
    store.figures.record(obs(3250))
    store.figures.record(obs(3300), correct=True)
    actions = [r.action for r in store.db.conn.exec_driver_sql("SELECT action FROM change ORDER BY id")]
    assert actions == ["plan", "record", "correct"]


def test_figures_between_and_latest_use_period_ends(store):
    for month, value in ((1, 1e8), (2, 2e8), (3, 3e8)):
        store.figures.record(obs(value, f"2024-{month:02d}", key="tech_contract_turnover"))
    figures = store.figures.between("tech_contract_turnover", "许昌市", date(2024, 1, 1), date(2024, 12, 31), None)
    assert [f.value for f in figures] == [1e8, 2e8, 3e8]
    assert str(store.figures.latest("tech_contract_turnover", "许昌市", date(2024, 2, 29)).period) == "2024-02"
    first = store.figures.history("tech_contract_turnover", "许昌市")[0]
    assert (first.period, first.value, first.version) == ("2024-01", 1e8, 1)
    assert set(Observation.__table__.columns.keys()) <= set(first._mapping.keys())


def _months(count):
    return [f"{2000 + i // 12}-{i % 12 + 1:02d}" for i in range(count)]


def test_import_finds_a_row_repeated_chunks_later_and_writes_nothing(store):
    from ipcity.store.figures import IMPORT_CHUNK

    periods = _months(IMPORT_CHUNK * 2 + 10)
    rows = [(n + 2, obs(100 + n, p)) for n, p in enumerate(periods)]
    rows.append((len(rows) + 2, obs(7, periods[1])))  # the third row again, two chunks later
    outcome = store.figures.import_rows(iter(rows), "dup.csv")
    assert outcome.error_count == 1
    assert [str(e) for e in outcome.errors] == [
        f"row {len(rows) + 1}: invention_patents 许昌市 {periods[1]} appears again (first in row 3); keep one row"]
    assert store.db.conn.exec_driver_sql("SELECT count(*) FROM observation").scalar() == 0


def test_import_keeps_the_first_errors_in_row_order_and_counts_the_rest(store):
    from ipcity.store.figures import IMPORT_CHUNK

    rows = [(n, f"bad row {n}" if n % 3 == 0 else obs(n, p)) for n, p in enumerate(_months(IMPORT_CHUNK * 3), start=2)]
    outcome = store.figures.import_rows(iter(rows), "bad.csv", keep_errors=25)
    bad = [item for _, item in rows if isinstance(item, str)]
    assert outcome.error_count == len(bad) == IMPORT_CHUNK
    assert outcome.errors == bad[:25]
    assert outcome.added == len(rows) - len(bad)  # still checked and counted, not written
    assert store.db.conn.exec_driver_sql("SELECT count(*) FROM observation").scalar() == 0


def test_a_second_import_on_the_same_connection_forgets_the_first_files_rows(store):
    rows = [(2, obs(3250)), (3, obs(68000, key="trademarks"))]
    assert store.figures.import_rows(iter(rows), "a.csv").added == 2
    again = store.figures.import_rows(iter(rows), "a.csv")
    assert (again.error_count, again.unchanged, again.added) == (0, 2, 0)


def test_a_new_plan_updates_every_region_row_and_adds_the_new_ones(store):
    import dataclasses

    source = load_plan()
    plan = source.plan
    regions = [dataclasses.replace(r, kind="other") if r.parent else r for r in plan.regions]
    regions = [regions[0], *regions[1:][::-1], dataclasses.replace(regions[1], name="新区", aliases=())]
    source.plan = dataclasses.replace(plan, regions=regions)
    source.raw = {**source.raw, "changed": True}  # a new digest: the plan is loaded again
    assert store.plan.load(source).loaded
    rows = store.db.conn.exec_driver_sql("SELECT name, kind, parent, position FROM region ORDER BY position").all()
    assert [tuple(r) for r in rows] == [(r.name, r.kind, r.parent, i) for i, r in enumerate(regions)]
