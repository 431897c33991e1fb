"""ipcity import / export / template / log, end to end on real files."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys

import pytest
from openpyxl import Workbook, load_workbook

from conftest import digest, query

REGIONS = ["魏都区", "建安区", "禹州市", "长葛市", "鄢陵县", "襄城县", "城乡一体化示范区", "经济技术开发区", "东城区"]


def write_csv(path, lines):
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def status_rows(cli, *args):
    data = json.loads(cli.ok("status", "--format", "json", *args).stdout)
    return {r["key"]: r for r in data["indicators"] + data["context"]}


def test_nine_regions_import(ready, tmp_path):
    lines = ["指标,地区,期间,数值,来源,备注"]
    for i, region in enumerate(REGIONS):
        lines.append(f"invention_patents,{region},2023,{300 + i * 10},县局,")
        lines.append(f"有效商标注册总量,{region},2023,{0.7 + i / 10}万件,,")
    result = ready.ok("import", str(write_csv(tmp_path / "regions.csv", lines)))
    assert "18 added" in result.stderr
    assert status_rows(ready, "--region", "禹州市")["invention_patents"]["value"] == 320
    assert status_rows(ready, "--region", "东城区")["trademarks"]["value"] == 15000


def test_three_bad_rows_are_all_reported_and_nothing_is_written(ready, tmp_path):
    before = digest(ready.db)
    path = write_csv(tmp_path / "bad.csv", [
        "indicator,region,period,value",
        "invention_patents,魏都区,2023,410",
        "invention_patent,魏都区,2023,410",
        "trademarks,火星市,2023,100",
        "trademarks,魏都区,2023-13,100",
        "trademarks,建安区,2023,200",
    ])
    result = ready("import", str(path))
    assert result.exit_code == 1
    assert "row 3, indicator 'invention_patent'" in result.stderr
    assert "row 4, region '火星市'" in result.stderr
    assert "row 5, period '2023-13'" in result.stderr
    assert "3 bad rows; nothing was imported" in result.stderr
    assert digest(ready.db) == before


def test_reimport_adds_nothing_and_changes_need_correct(ready, tmp_path):
    path = write_csv(tmp_path / "a.csv", ["indicator,period,value", "invention_patents,2023,3250", "trademarks,2023,6.8万"])
    ready.ok("import", str(path))
    before = digest(ready.db)
    again = ready.ok("import", str(path))
    assert "nothing new" in again.stderr and digest(ready.db) == before
    changed = write_csv(tmp_path / "b.csv", ["indicator,period,value", "invention_patents,2023,3300"])
    refused = ready("import", str(changed))
    assert refused.exit_code == 1 and "is already 3,250件; use --correct" in refused.stderr
    assert digest(ready.db) == before
    ready.ok("import", str(changed), "--correct")
    history = json.loads(ready.ok("history", "invention_patents", "--format", "json").stdout)["history"]
    assert [(h["value"], h["current"]) for h in history] == [(3250, False), (3300, True)]


def test_dry_run_lists_and_writes_nothing(ready, tmp_path):
    ready.ok("record", "invention_patents", "3250", "--period", "2023")
    before = digest(ready.db)
    path = write_csv(tmp_path / "d.csv", ["indicator,period,value", "invention_patents,2023,3300",
                                          "trademarks,2023,6.8万", "invention_patents,2022,3000"])
    out = ready.ok("import", str(path), "--dry-run", "--correct").stdout
    assert "1 corrected" in out and "2 added" in out
    assert "row 2: correct invention_patents 许昌市 2023 = 3,300件 (was 3,250件)" in out
    assert digest(ready.db) == before


@pytest.mark.parametrize(
    "lines, message",
    [
        (["indicator,period,value", "trademarks,2023,1", "trademarks,2023,1"], "appears again (first in row 2)"),
        (["indicator,period,value", 'trademarks,2023,"=HYPERLINK(""http://x"")"'], "looks like a spreadsheet formula"),
        (["indicator,period", "trademarks,2023"], "lacks the column value"),
        (["what,ever", "1,2"], "has no header row"),
        ([""], "is empty"),
    ],
)
def test_bad_files(ready, tmp_path, lines, message):
    before = digest(ready.db)
    result = ready("import", str(write_csv(tmp_path / "x.csv", lines)))
    assert result.exit_code == 1 and message in result.stderr
    assert digest(ready.db) == before


def test_not_a_spreadsheet(ready, tmp_path):
    path = tmp_path / "figures.pdf"
    path.write_bytes(b"%PDF-1.4")
    result = ready("import", str(path))
    assert result.exit_code == 1 and "is not a .csv or .xlsx file" in result.stderr
    broken = tmp_path / "broken.xlsx"
    broken.write_text("not a zip")
    assert "is not a readable .xlsx" in ready("import", str(broken)).stderr


def test_xlsx_import_and_formula_cells(ready, tmp_path):
    book = Workbook()
    sheet = book.active
    sheet.append(["指标", "地区", "期间", "数值", "备注"])
    sheet.append(["invention_patents", "长葛市", "2023", 410, "年报"])
    sheet.append(["trademarks", "长葛市", 2023, "0.9万", None])
    path = tmp_path / "ok.xlsx"
    book.save(path)
    assert "2 added" in ready.ok("import", str(path)).stderr
    assert status_rows(ready, "--region", "长葛市")["trademarks"]["value"] == 9000
    sheet.append(["trademarks", "魏都区", "2023", "=1+1", None])
    bad = tmp_path / "formula.xlsx"
    book.save(bad)
    result = ready("import", str(bad))
    assert result.exit_code == 1 and "row 4, value '=1+1': is a formula" in result.stderr


def test_template_has_headers_and_dropdowns(ready, tmp_path):
    path = tmp_path / "t.xlsx"
    ready.ok("template", "-o", str(path))
    book = load_workbook(path)
    sheet = book["填报"]
    assert [c.value for c in sheet[2]][:6] == ["指标", "地区", "期间", "数值", "来源", "备注"]
    formulas = [dv.formula1 for dv in sheet.data_validations.dataValidation]
    assert any("$A$2" in f for f in formulas) and any("$F$2" in f for f in formulas)
    keys = [row[0] for row in book["指标说明"].iter_rows(min_row=2, values_only=True) if row[0]]
    assert "invention_patents" in keys and "invention_patents_per_10k" not in keys
    # a filled-in template imports
    sheet["A3"], sheet["B3"], sheet["C3"], sheet["D3"] = "trademarks", "许昌市", "2023", "6.8万"
    book.save(path)
    assert "1 added" in ready.ok("import", str(path)).stderr


def test_export_import_round_trip_gives_the_same_status(ready, tmp_path):
    path = write_csv(tmp_path / "a.csv", ["indicator,region,period,value,source,note"] + [
        f"invention_patents,{r},2023,{100 + i},县局,备注 {i}" for i, r in enumerate(REGIONS)
    ] + ["tech_contract_turnover,许昌市,2024-01,1.25亿元,科技局,", "population,许昌市,2023,438万,统计局,"])
    ready.ok("import", str(path))
    ready.ok("record", "invention_patents", "3250", "--period", "2023")
    for fmt in ("csv", "json"):
        exported = tmp_path / f"all.{fmt}"
        ready.ok("export", "-o", str(exported))
        other = type(ready)(tmp_path / f"copy-{fmt}.db")
        other.ok("init")
        other.ok("import", str(exported))
        for region in (None, "长葛市"):
            args = ("--region", region) if region else ()
            mine = json.loads(ready.ok("status", "--format", "json", *args).stdout)
            theirs = json.loads(other.ok("status", "--format", "json", *args).stdout)
            assert mine == theirs
        mine_rows = ready.ok("export").stdout.splitlines()
        their_rows = other.ok("export").stdout.splitlines()
        strip = lambda rows: [",".join(r.split(",")[:6]) for r in rows]  # noqa: E731 - without provenance columns
        assert strip(mine_rows) == strip(their_rows)


def test_log_and_history_say_which_import(ready, tmp_path):
    path = write_csv(tmp_path / "dept.csv", ["indicator,period,value", "trademarks,2023,6.8万"])
    ready.ok("import", str(path))
    log = ready.ok("log").stdout
    assert "import" in log and "dept.csv" in log
    exported = ready.ok("export").stdout
    assert "import dept.csv" in exported
    history = json.loads(ready.ok("history", "trademarks", "--format", "json").stdout)["history"]
    assert history[0]["change"] == "import dept.csv"


def test_import_killed_half_way_leaves_the_database_as_it_was(ready, tmp_path, engine):
    ready.ok("record", "invention_patents", "3250", "--period", "2023")
    rows = ["indicator,region,period,value"]
    for year in range(1990, 2024):
        for month in range(1, 13):
            for region in REGIONS:
                for key in ("tech_contract_turnover", "ip_pledge_financing", "support_funds"):
                    rows.append(f"{key},{region},{year}-{month:02d},{year + month}万元")
    big = write_csv(tmp_path / "big.csv", rows)  # about 11,000 rows
    before_status = ready.ok("status", "--format", "json").stdout
    def state():  # the file's own bytes (a killed writer may leave uncommitted frames in the WAL)
        return ready.db.read_bytes() if engine == "sqlite" else digest(ready.db)

    before = state()
    env = dict(os.environ, IPCITY_DB=str(ready.db), PYTHONUNBUFFERED="1")
    code = ("import time, ipcity.store.figures as s; orig = s.Figures._import_chunk\n"
            "def slow(*a, **k):\n    orig(*a, **k); print('chunk', flush=True); time.sleep(0.05)\n"
            "s.Figures._import_chunk = slow\nfrom ipcity.cli import main\nimport sys\n"
            f"sys.argv = ['ipcity', 'import', {str(big)!r}]\nmain()\n")
    process = subprocess.Popen([sys.executable, "-c", code], env=env, stdout=subprocess.PIPE, text=True)
    for _ in range(3):  # let it write a few chunks inside its transaction
        assert process.stdout.readline().strip() == "chunk"
    process.send_signal(signal.SIGKILL)
    process.wait()
    assert process.returncode == -signal.SIGKILL
    assert state() == before
    assert ready.ok("status", "--format", "json").stdout == before_status
    if engine == "sqlite":
        assert query(ready.db, "PRAGMA integrity_check") == [("ok",)]
    assert query(ready.db, "SELECT count(*) FROM observation") == [(1,)]


def test_past_a_hundred_bad_rows_the_rest_are_counted(ready, tmp_path):
    before = digest(ready.db)
    lines = ["indicator,period,value"] + [f"trademarks,{1950 + i // 12}-{i % 12 + 1:02d},abc" for i in range(1234)]
    result = ready("import", str(write_csv(tmp_path / "bad.csv", lines)))
    assert result.exit_code == 1
    listed = [line for line in result.stderr.splitlines() if line.startswith("bad.csv: row ")]
    assert len(listed) == 100 and listed[0].startswith("bad.csv: row 2, value 'abc'") and "row 101," in listed[-1]
    assert "bad.csv: ... and 1134 more bad rows like these" in result.stderr
    assert "1234 bad rows; nothing was imported" in result.stderr
    assert digest(ready.db) == before

