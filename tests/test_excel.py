"""Files for people open in Excel on a Chinese Windows: CSV written to a file starts with a
BOM (a pipe gets none), `export --format xlsx` is a workbook that imports back."""

from __future__ import annotations

import os
import subprocess
import sys

from openpyxl import load_workbook

BOM = b"\xef\xbb\xbf"


def run(db, *args, stdout=subprocess.PIPE):
    env = dict(os.environ, IPCITY_DB=str(db))
    return subprocess.run([sys.executable, "-m", "ipcity", *args], env=env, stdout=stdout,
                          stderr=subprocess.PIPE, check=True)


def test_csv_to_a_file_has_a_bom_and_a_pipe_has_none(ready, tmp_path):
    ready.ok("record", "invention_patents", "3250", "--period", "2023")
    target = tmp_path / "status.csv"
    with open(target, "wb") as handle:
        run(ready.db, "status", "--format", "csv", stdout=handle)
    assert target.read_bytes().startswith(BOM + b"as_of,")
    piped = run(ready.db, "status", "--format", "csv").stdout
    assert piped.startswith(b"as_of,")
    ready.ok("export", "-o", str(tmp_path / "all.csv"))
    assert (tmp_path / "all.csv").read_bytes().startswith(BOM + b"indicator,")
    with open(tmp_path / "tasks.csv", "wb") as handle:
        run(ready.db, "tasks", "--format", "csv", stdout=handle)
    assert (tmp_path / "tasks.csv").read_bytes().startswith(BOM)
    assert "nothing new" in ready.ok("import", str(tmp_path / "all.csv")).stderr  # the BOM reads back


def test_export_xlsx_has_numbers_in_the_units_people_write_and_imports_back(ready, tmp_path):
    ready.ok("record", "tech_contract_turnover", "15.4亿元", "--period", "2024Q2")
    ready.ok("record", "support_funds", "300万元", "--period", "2024Q1", "--note", "=1+1")
    ready.ok("record", "satisfaction", "85.5分", "--period", "2023")
    path = tmp_path / "all.xlsx"
    ready.ok("export", "-o", str(path))
    sheet = load_workbook(path).active
    rows = {r[0]: r for r in sheet.iter_rows(min_row=2, values_only=True)}
    assert rows["tech_contract_turnover"][3:5] == (15.4, "亿元")
    assert rows["support_funds"][3:5] == (300, "万元") and rows["support_funds"][6] == "=1+1"
    assert sheet.cell(row=2, column=7).data_type != "f"
    assert rows["satisfaction"][3:5] == (85.5, "分")
    assert "3 unchanged" in ready.ok("import", str(path)).stderr
    ready.refuses("export", "--format", "xlsx", message="add -o FILE.xlsx")
