"""Every file and every string is data: hostile and messy input is refused with one line
that names the cause (and the limit), in bounded time and memory, the database byte for
byte as it was; concurrent writers queue instead of failing."""

from __future__ import annotations

import os
import resource
import shutil
import sqlite3
import subprocess
import sys
import threading
import time
import zipfile
from pathlib import Path

import pytest
from conftest import digest
from openpyxl import Workbook, load_workbook

from ipcity.base import limits
from ipcity.plan.load import bundled_plan_dir

BENCHMARKS = Path(__file__).resolve().parents[1] / "benchmarks"
GiB = 1024**3


def sheet_xlsx(path: Path, rows: list[list]) -> Path:
    book = Workbook()
    for row in [["indicator", "region", "period", "value", "source", "note"], *rows]:
        book.active.append(row)
    book.save(path)
    return path


def rezip(source: Path, target: Path, replace: dict[str, bytes]) -> Path:
    """`source` with some parts replaced (deflated at level 9)."""
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as new:
        for info in old.infolist():
            new.writestr(info.filename, replace.get(info.filename, old.read(info.filename)))
        for name, data in replace.items():
            if name not in old.namelist():
                new.writestr(name, data)
    return target


def run_bounded(args: list[str], db: Path, seconds: float = 60) -> subprocess.CompletedProcess:
    """ipcity in a process that may not use more than 2 GiB of address space."""
    def cap():
        resource.setrlimit(resource.RLIMIT_AS, (2 * GiB, 2 * GiB))

    start = time.monotonic()
    done = subprocess.run([sys.executable, "-m", "ipcity", "--db", str(db), *args], capture_output=True, text=True,
                          timeout=seconds, preexec_fn=cap, check=False)
    done.seconds = time.monotonic() - start
    return done


def one_line(result, message: str) -> None:
    stderr = result.stderr if isinstance(result.stderr, str) else ""
    assert result.returncode == 1 if hasattr(result, "returncode") else result.exit_code == 1, stderr
    assert stderr.count("\n") == 1 and stderr.startswith("ipcity: error: "), stderr
    assert message in stderr, stderr


# --- XLSX ---------------------------------------------------------------------------------


def test_an_xlsx_that_expands_past_the_limit_is_refused_before_it_is_parsed(ready, tmp_path):
    normal = sheet_xlsx(tmp_path / "normal.xlsx", [["trademarks", "", "2023", "x", "", ""]])
    cell = b"A" * (limits.XLSX_PART + 1024 * 1024)  # one shared string bigger than any part may be
    strings = b'<?xml version="1.0"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>' + \
        cell + b"</t></si></sst>"
    bomb = rezip(normal, tmp_path / "bomb.xlsx", {"xl/sharedStrings.xml": strings})
    del cell, strings
    assert bomb.stat().st_size < 1024 * 1024  # under a megabyte on disk
    before = digest(ready.db)
    done = run_bounded(["import", str(bomb)], ready.db)
    one_line(done, "in xl/sharedStrings.xml, over the 16 MiB limit for the shared strings")
    assert done.seconds < 30 and digest(ready.db) == before


def test_xml_entities_and_huge_cells_and_row_numbers_in_an_xlsx(ready, tmp_path):
    normal = sheet_xlsx(tmp_path / "normal.xlsx", [["trademarks", "", "2023", "100", "", ""]])
    with zipfile.ZipFile(normal) as z:
        sheet = z.read("xl/worksheets/sheet1.xml")
    entity = b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaaaaaaaa">]>' + sheet
    ready.refuses("import", str(rezip(normal, tmp_path / "entity.xlsx", {"xl/worksheets/sheet1.xml": entity})),
                  message="declares XML entities in xl/worksheets/sheet1.xml")
    long_note = sheet_xlsx(tmp_path / "long.xlsx", [["trademarks", "", "2023", "100", "", "x" * (limits.CELL_CHARS + 1)]])
    ready.refuses("import", str(long_note), message="long.xlsx row 2 holds 10,001 characters, over the limit of 10,000")
    # a row numbered far past Excel's last row: read up to that row, in bounded time
    far = sheet.replace(b'<row r="2"', b'<row r="99999999999"').replace(b'r="A2"', b'r="A99999999999"')
    start = time.monotonic()
    result = ready("import", str(rezip(normal, tmp_path / "far.xlsx", {"xl/worksheets/sheet1.xml": far})))
    assert time.monotonic() - start < 20 and "Traceback" not in result.stderr
    assert "internal error" not in result.stderr


def test_a_broken_xlsx_is_the_files_fault_not_ipcitys(ready, tmp_path):
    normal = sheet_xlsx(tmp_path / "normal.xlsx", [["trademarks", "", "2023", "100", "", ""]])
    for name, part in (("workbook", "xl/workbook.xml"), ("sheet", "xl/worksheets/sheet1.xml"),
                       ("styles", "xl/styles.xml"), ("strings", "xl/sharedStrings.xml")):
        broken = rezip(normal, tmp_path / f"{name}.xlsx", {part: b"<not really xml"})
        result = ready("import", str(broken))
        assert "internal error" not in result.stderr, (name, result.stderr)
        assert "Traceback" not in result.stderr


# --- CSV ----------------------------------------------------------------------------------


def test_a_csv_over_the_size_limit_is_refused_at_once(ready, tmp_path):
    big = tmp_path / "big.csv"
    with open(big, "wb") as handle:
        handle.truncate(limits.FILE_BYTES["csv"] + 1)  # sparse: no time to write
    ready.refuses("import", str(big), message="big.csv is 64 MiB, over the 64 MiB limit for a CSV file")


@pytest.mark.parametrize(("content", "message"), [
    (b"indicator,period,value\n" + b"x" * (limits.LINE_BYTES + 10), "line 2 is longer than 1 MiB, the limit for one line"),
    (b"indicator,period,value,note\ntrademarks,2023,1,\"" + b"y" * (limits.CELL_CHARS + 5) + b'"\n',
     "over the limit of 10,000 for one cell"),
    ("\ufeffindicator,period,value,note\n".encode("utf-16-le"), "is UTF-16 text"),
])
def test_csv_lines_cells_and_encodings_within_limits(ready, tmp_path, content, message):
    path = tmp_path / "x.csv"
    path.write_bytes(content)
    ready.refuses("import", str(path), message=message)


def test_more_rows_than_the_limit(ready, tmp_path, monkeypatch):
    monkeypatch.setattr(limits, "ROWS", 3)
    path = tmp_path / "many.csv"
    path.write_text("indicator,region,period,value\n" + "".join(f"trademarks,,{y},100\n" for y in range(2010, 2015)),
                    encoding="utf-8")
    ready.refuses("import", str(path), message="many.csv has more than 3 rows, the limit for one file")


def test_a_gbk_csv_imports_and_a_change_of_encoding_is_refused_with_the_line(ready, tmp_path):
    header = "指标,地区,期间,数值,来源\n"
    gbk = tmp_path / "gbk.csv"
    gbk.write_bytes((header + "trademarks,长葛市,2023,100,县局\n").encode("gbk"))
    assert "1 added" in ready.ok("import", str(gbk)).stderr
    mixed = tmp_path / "mixed.csv"
    mixed.write_bytes(header.encode("gbk") + "trademarks,禹州市,2023,100,县局\n".encode("gbk")
                      + "trademarks,魏都区,2023,200,市局\n".encode())
    ready.refuses("import", str(mixed), message="mixed.csv changes its encoding at line 3: that line is UTF-8, line 1 is GBK")
    other = tmp_path / "other.csv"
    other.write_bytes(header.encode("utf-8") + "trademarks,禹州市,2023,100,县局\n".encode("gbk"))
    ready.refuses("import", str(other),
                  message="other.csv changes its encoding at line 2: that line is not UTF-8, line 1 is UTF-8")


# --- JSON ---------------------------------------------------------------------------------


def test_json_nesting_and_values_within_limits(ready, tmp_path):
    deep = tmp_path / "deep.json"
    deep.write_text("[" * 100_000 + "]" * 100_000)
    ready.refuses("import", str(deep), message="deep.json is nested more than 32 levels deep")
    odd = tmp_path / "odd.json"
    odd.write_text('{"observations": [{"indicator": "trademarks", "period": "2023", "value": [1, 2]}]}')
    ready.refuses("import", str(odd), message="odd.json record 1: value is a list, not a value")
    ready.refuses("import", str(tmp_path), message="is a folder, not a file")


def test_a_json_of_empty_records_is_refused_before_it_is_parsed(ready, tmp_path, monkeypatch):
    """64 MiB of `{},{},...` would take 1.7 GB once parsed: the records are counted first."""
    monkeypatch.setattr(limits, "ROWS", 10)
    empty = tmp_path / "empty.json"
    empty.write_text('{"observations": [' + ",".join(["{}"] * 30) + "]}")
    ready.refuses("import", str(empty), message="empty.json has more than 10 rows")


# --- the plan's YAML ----------------------------------------------------------------------


def plan_copy(tmp_path: Path) -> Path:
    folder = tmp_path / "plan"
    shutil.copytree(bundled_plan_dir(), folder)
    return folder


def test_yaml_aliases_are_refused_before_they_expand(cli, tmp_path):
    folder = plan_copy(tmp_path)
    targets = folder / "targets.yaml"
    text = targets.read_text(encoding="utf-8")
    bomb = "".join(f"x{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]\n" for i in range(1, 12))
    targets.write_text('x0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]\n' + bomb + text,
                       encoding="utf-8")
    done = run_bounded(["plan", "check", "--plan", str(folder)], cli.db)
    assert done.returncode == 1 and done.seconds < 30
    assert "targets.yaml:1: error: has an anchor (&name) that an alias (*name) repeats" in done.stderr
    # in the plan's name, as the issue found it
    targets.write_text(text.replace("name: 许昌市推进知识产权强市建设行动方案", "name: &n [x, x]\n  other: *n", 1),
                       encoding="utf-8")
    assert "an alias (*name) repeats" in cli("plan", "check", "--plan", str(folder)).stderr


def test_yaml_size_and_nesting_limits(cli, tmp_path):
    folder = plan_copy(tmp_path)
    targets = folder / "targets.yaml"
    text = targets.read_text(encoding="utf-8")
    targets.write_text("deep: " + "[" * 40 + "]" * 40 + "\n" + text, encoding="utf-8")
    assert "targets.yaml:1: error: is nested more than 32 levels deep" in cli("plan", "check", "--plan", str(folder)).stderr
    targets.write_text(text + "#" * limits.FILE_BYTES["yaml"], encoding="utf-8")
    assert "over the 1 MiB limit for a plan file" in cli("plan", "check", "--plan", str(folder)).stderr


# --- the same rules on every way in -------------------------------------------------------


@pytest.mark.parametrize(("key", "value", "period", "message"), [
    ("invention_patents", "3250", "2150", "period 2150 has not started yet"),
    ("population", "0.00000000000000000001", "2023", "0.00000000000000000001 人 is not a plausible population"),
    ("population", "12", "2023", "12 人 is not a plausible population for a region"),
    ("invention_patents", "3250.5", "2023", "3,250.5 件 is not a whole number"),
    ("satisfaction", "120", "2023", "120 分 is out of range"),
])
def test_record_and_import_refuse_the_same_values(ready, tmp_path, key, value, period, message):
    ready.refuses("record", key, value, "--period", period, message=message)
    sheet = tmp_path / "one.csv"
    sheet.write_text(f"indicator,period,value\n{key},{period},{value}\n", encoding="utf-8")
    before = digest(ready.db)
    result = ready("import", str(sheet))
    assert result.exit_code == 1 and message in result.stderr and digest(ready.db) == before


def test_a_spreadsheets_float_noise_on_a_count_is_a_whole_number(ready, tmp_path):
    sheet = tmp_path / "noise.csv"
    sheet.write_text("indicator,period,value\ntrademarks,2023,0.7999999999999999万\n", encoding="utf-8")
    assert "1 added" in ready.ok("import", str(sheet)).stderr
    assert ",trademarks,许昌市,2023,8000,件," in "," + ready.ok("export").stdout.replace("\n", ",")


# --- one safe writer per format -----------------------------------------------------------


def test_formula_names_are_text_in_the_template_and_links_are_escaped_in_markdown(cli, tmp_path):
    folder = plan_copy(tmp_path)
    targets = folder / "targets.yaml"
    text = targets.read_text(encoding="utf-8")
    text = text.replace("name: 有效发明专利拥有量\n", "name: \"=1+1\"\n", 1)
    targets.write_text(text.replace("- name: 东城区", "- name: \"@SUM(A1)\"", 1), encoding="utf-8")
    cli.ok("init", "--plan", str(folder))
    path = tmp_path / "t.xlsx"
    cli.ok("template", "-o", str(path))
    lists = load_workbook(path)["指标说明"]
    cells = {c.value: c for row in lists.iter_rows() for c in row if c.value in ("=1+1", "@SUM(A1)")}
    assert set(cells) == {"=1+1", "@SUM(A1)"}
    assert all(c.data_type == "s" and c.quotePrefix for c in cells.values())
    cli.ok("record", "trademarks", "100", "--period", "2024-05",
           "--source", "![x](http://evil/a.png)", "--note", "[click](javascript:alert(1))")
    report = cli.ok("report", "--period", "2024-05").stdout
    assert "!\\[x\\](http://evil/a.png)" in report and "\\[click\\](javascript:alert(1))" in report
    assert "](javascript:" not in report.replace("\\]", "")


def test_there_is_one_csv_writer():
    package = Path(__file__).resolve().parents[1] / "ipcity"
    found = [p for p in package.rglob("*.py") if "csv.writer" in p.read_text(encoding="utf-8")]
    assert [p.relative_to(package).as_posix() for p in found] == ["render/formats.py"]


# --- the user's mistake, the disk's fault: never "internal error" ----------------------------


def test_a_full_disk_is_named_with_the_fix(ready):
    if not Path("/dev/full").exists():
        pytest.skip("no /dev/full here")
    result = ready("export", "-o", "/dev/full", "--format", "csv")
    assert result.exit_code == 1
    assert result.stderr == "ipcity: error: No space left on device; free some space on the disk, then run the command again\n"


def test_database_failures_name_the_cause(tmp_path, monkeypatch):
    from sqlalchemy.exc import OperationalError

    from ipcity.store.db import store_error

    db = tmp_path / "x.db"
    db.write_bytes(b"")

    def failure(text: str):
        return OperationalError("INSERT", {}, sqlite3.OperationalError(text))

    assert "the disk is full" in str(store_error(failure("database or disk is full"), db))
    assert "the disk reported an I/O error" in str(store_error(failure("disk I/O error"), db))
    assert "the file is read-only" in str(store_error(failure("attempt to write a readonly database"), db))
    monkeypatch.setattr(os, "access", lambda path, mode: Path(path) == db)  # the file writable, its folder not
    message = str(store_error(failure("attempt to write a readonly database"), db))
    assert f"its folder {tmp_path} is read-only" in message


def test_a_read_error_outside_a_transaction_is_not_an_internal_error(ready, monkeypatch):
    from sqlalchemy.exc import OperationalError

    from ipcity.store.plan_rows import PlanRows

    def broken(self):
        raise OperationalError("SELECT", {}, sqlite3.OperationalError("disk I/O error"))

    monkeypatch.setattr(PlanRows, "source", broken)
    ready.refuses("status", message="the disk reported an I/O error")


def test_a_missing_output_folder_is_named(ready, tmp_path):
    result = ready("template", "-o", str(tmp_path / "no" / "such" / "t.xlsx"))
    assert result.exit_code == 1 and "internal error" not in result.stderr
    assert result.stderr.startswith("ipcity: error: No such file or directory") and "check the path" in result.stderr


# --- concurrency ----------------------------------------------------------------------------


def test_concurrent_first_inits_all_succeed(tmp_path):
    """Six first `init`s at once (main failed one round in three with "table already exists")."""
    db = tmp_path / "first.db"
    runs = [subprocess.Popen([sys.executable, "-m", "ipcity", "--db", str(db), "init"],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for _ in range(6)]
    results = [(p.wait(timeout=120), p.communicate()[1]) for p in runs]
    assert [code for code, _ in results] == [0] * 6, results
    con = sqlite3.connect(db)
    assert con.execute("SELECT count(*) FROM plan_load").fetchone()[0] == 1
    assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    con.close()


def hold_the_write_lock(db: Path, seconds: float):
    """Another writer: holds the database's write lock for `seconds`, from now (on a
    PostgreSQL server, the advisory lock every ipcity writer takes)."""
    if isinstance(db, str):
        import psycopg

        from ipcity.store.pg import WRITE_LOCK

        holder = psycopg.connect(db)
        holder.execute("SELECT pg_advisory_xact_lock(%s)", (WRITE_LOCK,))
        release = threading.Timer(seconds, holder.rollback)
        release.start()
        return holder, release
    holder = sqlite3.connect(db, timeout=0, isolation_level=None, check_same_thread=False)
    holder.execute("BEGIN IMMEDIATE")
    release = threading.Timer(seconds, holder.rollback)
    release.start()
    return holder, release


@pytest.mark.parametrize("quiet", [False, True])
def test_a_writer_waits_its_turn_and_says_so(ready, quiet):
    holder, release = hold_the_write_lock(ready.db, 2.0)
    try:
        if quiet:  # cron: -q says nothing, waiting included
            result = ready("snapshot", "--period", "2024-05", "-q")
        else:
            result = ready("record", "invention_patents", "3250", "--period", "2023")
    finally:
        release.join()
        holder.close()
    assert result.exit_code == 0, result.stderr
    if quiet:
        assert result.stderr == "" and result.stdout == ""
    else:
        assert result.stderr.startswith(f"waiting for another ipcity that is writing to {ready.db} (up to 60 s) ...\n")
        assert "recorded" in result.stderr or "added" in result.stderr


def test_a_dozen_writers_at_once_all_land_exactly_once(tmp_path):
    sys.path.insert(0, str(BENCHMARKS))
    try:
        from concurrent_writers import run
    finally:
        sys.path.remove(str(BENCHMARKS))
    found = run(tmp_path, records=8, imports=4, rows=300, snapshots=2, timeout=300)  # the benchmark: 20,000 rows
    assert found["failed"] == [] and found["status_failures"] == []
    assert found["integrity"] == "ok" and found["landed_once"]
    assert found["current"] == found["total"] == found["expected"] == 8 + 4 * 300
    assert found["snapshots"] == 2 and found["status_runs"] >= 1


def test_a_declared_range_comes_before_the_default_ones():
    """Defaults (0-100 for % and 分, a city's population) apply only where the plan declares no range."""
    from dataclasses import replace

    from ipcity.base.errors import InputError
    from ipcity.plan.entry import check_value
    from ipcity.plan.load import load_plan

    plan = load_plan(bundled_plan_dir()).plan
    rate = replace(plan.indicator("satisfaction"), unit="%")
    with pytest.raises(InputError, match="150 % is out of range"):
        check_value(plan, rate, 150.0)
    assert check_value(plan, replace(rate, range=(0, 500)), 150.0) == 150.0
    households = replace(plan.indicator("trademarks"), unit="户")
    with pytest.raises(InputError, match="2.5 户 is not a whole number"):
        check_value(plan, households, 2.5)
